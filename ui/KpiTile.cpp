#include "KpiTile.h"

#include <QColor>
#include <QLabel>
#include <QVBoxLayout>

namespace taskdeck {

KpiTile::KpiTile(const QString &caption, const QColor &accent, QWidget *parent)
    : QFrame(parent), m_caption(new QLabel(caption, this)), m_value(new QLabel(this))
{
    setProperty("kpiTile", true);
    setFrameShape(QFrame::StyledPanel);
    setStyleSheet(
        QStringLiteral("QFrame[kpiTile=\"true\"] { background: palette(base); border: 1px "
                       "solid palette(mid); border-left: 5px solid %1; "
                       "border-radius: 4px; }")
            .arg(accent.name()));
    m_caption->setStyleSheet(QStringLiteral("color: palette(dark);"));
    QFont valueFont = m_value->font();
    valueFont.setPointSizeF(valueFont.pointSizeF() * 1.6);
    valueFont.setBold(true);
    m_value->setFont(valueFont);
    m_value->setText(QStringLiteral("–"));
    m_value->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 8);
    layout->setSpacing(2);
    layout->addWidget(m_caption);
    layout->addWidget(m_value);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void KpiTile::setValue(const QString &value, const QString &toolTip)
{
    m_value->setText(value);
    setToolTip(toolTip);
}

QString KpiTile::value() const
{
    return m_value->text();
}

QString KpiTile::caption() const
{
    return m_caption->text();
}

} // namespace taskdeck
