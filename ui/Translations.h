#pragma once

#include <QString>

namespace taskdeck {

/// What installTranslations() loaded.
struct LoadedTranslations
{
    bool taskdeck = false; ///< Taskdeck's own texts (":/i18n/taskdeck_<lang>.qm")
    bool qt = false;       ///< Qt's texts (Yes/No/Cancel, file dialog): qtbase_<lang>.qm
};

/// Loads and installs the translations for `language` (Preferences::language(): "" follows
/// the system locale, else a language code "en", "de", "fr", "es"), replacing any installed by an
/// earlier call:
/// - Taskdeck's: `taskdeck_<lang>.qm` embedded under ":/i18n" (German today; French and Spanish
///   load when their .qm files are added to the build);
/// - Qt's own: `qtbase_<lang>.qm` from QLibraryInfo::path(QLibraryInfo::TranslationsPath)
///   (Debian: /usr/share/qt6/translations, package qt6-translations-l10n); missing files are
///   skipped.
/// A language chosen explicitly that differs from the system locale's also becomes
/// QLocale::setDefault() (numbers, dates and money in that language).
///
/// Call before any window is built: the window builds its texts once (no runtime retranslation).
/// Thread affinity: main thread.
LoadedTranslations installTranslations(const QString &language);
/// The `language` of the last installTranslations() call ("" before any).
QString installedLanguage();

} // namespace taskdeck
