#include "KpiTile.h"

#include <QApplication>
#include <QColor>
#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>

namespace taskdeck {

KpiTile::KpiTile(const QString &caption, const QColor &accent, QWidget *parent)
    : QFrame(parent), m_accent(accent), m_caption(new QLabel(caption, this)),
      m_value(new QLabel(this))
{
    setProperty("kpiTile", true);
    setFrameShape(QFrame::StyledPanel);
    restyle();
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

void KpiTile::restyle()
{
    const QPalette palette = QApplication::palette();
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    // The caption: halfway between text and background, readable in light and dark themes.
    const QColor caption((text.red() + base.red()) / 2, (text.green() + base.green()) / 2,
                         (text.blue() + base.blue()) / 2);
    const QString style =
        QStringLiteral("QFrame[kpiTile=\"true\"] { background: %1; border: 1px solid %2; "
                       "border-left: 5px solid %3; border-radius: 4px; }")
            .arg(base.name(), palette.color(QPalette::Mid).name(), m_accent.name());
    if (style == m_style)
        return;
    m_style = style;
    setStyleSheet(style);
    m_caption->setStyleSheet(QStringLiteral("color: %1;").arg(caption.name()));
}

void KpiTile::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    // Setting the style sheet changes the palette too, but the same sheet is never set twice.
    if (event->type() == QEvent::ApplicationPaletteChange || event->type() == QEvent::PaletteChange)
        restyle();
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
