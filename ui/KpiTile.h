#pragma once

#include <QFrame>

class QLabel;

namespace taskdeck {

/// One key figure on the dashboard: a caption above a large value (e.g. "Success rate" /
/// "84.62 %"), with an accent colour strip on the left. Its colours come from the application
/// palette (style sheets resolve palette() once, so they are set again when the palette changes).
class KpiTile : public QFrame
{
    Q_OBJECT
public:
    KpiTile(const QString &caption, const QColor &accent, QWidget *parent = nullptr);

    void setValue(const QString &value, const QString &toolTip = QString());
    QString value() const;
    QString caption() const;

    /// Re-colours the tile from the application palette (the theme in Preferences). Its style
    /// sheet keeps palette changes from reaching it: DashboardPage calls this on its own
    /// PaletteChange.
    void restyle();

protected:
    void changeEvent(QEvent *event) override;

private:
    QColor m_accent;
    QString m_style; ///< the style sheet set last (set again only when it differs)
    QLabel *m_caption;
    QLabel *m_value;
};

} // namespace taskdeck
