#include "Application.h"
#include "CommandLine.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>
#if TASKDECK_WITH_WINDOW
#include "Preferences.h"
#include "Translations.h"

#include <QApplication>
#endif

#include <memory>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

using namespace taskdeck;

// One main() for both programs: `taskdeck` (TASKDECK_WITH_WINDOW=1: the window, or the API only
// with --headless or without a display) and `taskdeck-server` (TASKDECK_WITH_WINDOW=0: always
// the API only, QtCore without QtGui/QtWidgets, options also read from
// /etc/taskdeck/taskdeck.conf).
int main(int argc, char **argv)
{
#if TASKDECK_WITH_WINDOW
    bool noDisplay = false;
    const bool console = wantsConsoleOnly(argc, argv, &noDisplay);
    std::unique_ptr<QCoreApplication> app;
    if (console)
        app = std::make_unique<QCoreApplication>(argc, argv);
    else
        app = std::make_unique<QApplication>(argc, argv);
    const Program program = Program::Desktop;
#else
    const bool noDisplay = true;
    auto app = std::make_unique<QCoreApplication>(argc, argv);
    const Program program = Program::Server;
#endif
    // Both programs share one application name: without a configuration file, taskdeck-server
    // run by a user opens the same default database as the window.
    QCoreApplication::setOrganizationName(QStringLiteral("Taskdeck"));
    QCoreApplication::setApplicationName(QStringLiteral("taskdeck"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TASKDECK_VERSION));
#if TASKDECK_WITH_WINDOW
    // The desktop entry's id (packaging/), so that Wayland compositors match the window to it.
    QGuiApplication::setDesktopFileName(QStringLiteral(TASKDECK_APP_ID));
#endif

#if TASKDECK_WITH_WINDOW
    // The language chosen in Preferences (default: the system's, LANG / LC_ALL): Taskdeck's
    // embedded texts and Qt's own (qt6-translations-l10n).
    installTranslations(Preferences::language());
    if (!console)
        Preferences::applyStored(); // theme and time zone
#else
    // German (and any later language) is embedded; QLocale() follows LANG / LC_ALL.
    QTranslator translator;
    QTranslator qtTranslator;
    if (translator.load(QLocale(), QStringLiteral("taskdeck"), QStringLiteral("_"),
                        QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&translator);
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&qtTranslator);
#endif

    const ParsedCommandLine parsed = parseCommandLine(noDisplay, program);
    if (!parsed.options)
        return parsed.exitCode;

#if defined(__GLIBC__)
    // An import is one job at a time: one malloc arena is enough. glibc reserves 64 MB of address
    // space per extra arena (one per thread that allocates), which under an address-space limit
    // (`prlimit --as=200M`, `ulimit -v`) left the heap no room to grow: every allocation fell back
    // to a failing sbrk and then mmap, and a 200k-row import took 846 s instead of ~75 s.
    if (!parsed.options->importFile.isEmpty())
        mallopt(M_ARENA_MAX, 1);
#endif
    Application application(*parsed.options);
    application.installSignalHandlers();
    application.start();
    return app->exec();
}
