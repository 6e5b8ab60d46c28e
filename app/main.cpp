#include "Application.h"
#include "CommandLine.h"

#include <QApplication>
#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <memory>

using namespace taskdeck;

int main(int argc, char **argv)
{
    bool noDisplay = false;
    const bool console = wantsConsoleOnly(argc, argv, &noDisplay);
    std::unique_ptr<QCoreApplication> app;
    if (console)
        app = std::make_unique<QCoreApplication>(argc, argv);
    else
        app = std::make_unique<QApplication>(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Taskdeck"));
    QCoreApplication::setApplicationName(QStringLiteral("taskdeck"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TASKDECK_VERSION));

    // German (and any later language) is embedded; QLocale() follows LANG / LC_ALL.
    QTranslator translator;
    QTranslator qtTranslator;
    if (translator.load(QLocale(), QStringLiteral("taskdeck"), QStringLiteral("_"),
                        QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&translator);
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&qtTranslator);

    const ParsedCommandLine parsed = parseCommandLine(noDisplay);
    if (!parsed.options)
        return parsed.exitCode;

    Application application(*parsed.options);
    application.start();
    return app->exec();
}
