#pragma once

#include <QFrame>

class QLabel;

namespace taskdeck {

/// One key figure on the dashboard: a caption above a large value (e.g. "Success rate" /
/// "84.62 %"), with an accent colour strip on the left.
class KpiTile : public QFrame
{
    Q_OBJECT
public:
    KpiTile(const QString &caption, const QColor &accent, QWidget *parent = nullptr);

    void setValue(const QString &value, const QString &toolTip = QString());
    QString value() const;
    QString caption() const;

private:
    QLabel *m_caption;
    QLabel *m_value;
};

} // namespace taskdeck
