#pragma once

#include "TimeDisplay.h"

#include <QDialog>
#include <QString>
#include <QStringList>

class QComboBox;
class QLabel;
class QPalette;

namespace taskdeck {

/// The user's preferences (issue 11 item 7), kept in QSettings() under "display/…":
///
/// - `display/theme`: "system" (default), "light", "dark". Applied at once: QApplication style
///   and palette (Fusion for light and dark); the dashboard's chart theme follows the palette.
/// - `display/timeZone`: "local" (default), "utc". Applied at once: TimeDisplay (every time the
///   window shows, the CSV export's note).
/// - `display/startPage`: "last" (default: the page open at the last close), "tasks",
///   "dashboard". Used when a window opens.
/// - `display/language`: "" (the system's, default), "en", "de", "fr", "es". Used from the next
///   start (installTranslations).
///
/// Unknown stored values read as the default. Thread affinity: GUI thread.
class Preferences
{
public:
    enum class Theme
    {
        System,
        Light,
        Dark,
    };
    enum class StartPage
    {
        LastUsed,
        Tasks,
        Dashboard,
    };

    static Theme theme();
    /// Stores and applies `theme` (style and palette of the whole application).
    static void setTheme(Theme theme);
    static TimeDisplay::Zone timeZone();
    /// Stores and applies `zone` (TimeDisplay::setZone: shown times are re-formatted at once).
    static void setTimeZone(TimeDisplay::Zone zone);
    static StartPage startPage();
    static void setStartPage(StartPage page);
    /// The stored language code ("" = follow the system).
    static QString language();
    /// Stores `code` (one of languages()); it is used from the next start on.
    static void setLanguage(const QString &code);
    /// The choices, "" (system) first: "", "en", "de", "fr", "es".
    static QStringList languages();
    /// The language name in itself ("Deutsch", "Français", …); "" gives "".
    static QString languageName(const QString &code);

    /// Applies the stored theme and time zone (app/ calls it once the QApplication exists).
    static void applyStored();
    /// Sets the style and palette of `theme`. The first call remembers the system's style and
    /// palette, which Theme::System restores.
    static void applyTheme(Theme theme);
    /// The dark palette of Theme::Dark (Fusion).
    static QPalette darkPalette();
};

/// Edit › Preferences…: theme, how times are shown, start page and language. Each choice is
/// stored as soon as it is made; theme and time zone apply at once, the language at the next
/// start (the window builds its texts once; a note in the dialog says so). Close closes it.
class PreferencesDialog : public QDialog
{
    Q_OBJECT
public:
    /// `languageInUse`: the language the running window was started with (Preferences::language()
    /// at start), to tell whether a restart is needed.
    explicit PreferencesDialog(const QString &languageInUse, QWidget *parent = nullptr);

    QComboBox *themeBox() const { return m_theme; }
    QComboBox *timeZoneBox() const { return m_timeZone; }
    QComboBox *startPageBox() const { return m_startPage; }
    QComboBox *languageBox() const { return m_language; }
    /// "Takes effect the next time Taskdeck starts." (bold once the choice differs from the
    /// running language).
    QLabel *languageNote() const { return m_languageNote; }

private:
    void updateLanguageNote();

    QString m_languageInUse;
    QComboBox *m_theme;
    QComboBox *m_timeZone;
    QComboBox *m_startPage;
    QComboBox *m_language;
    QLabel *m_languageNote;
};

} // namespace taskdeck
