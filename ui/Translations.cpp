#include "Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <memory>

namespace taskdeck {

namespace {
QString g_installed;
} // namespace

QString installedLanguage()
{
    return g_installed;
}

LoadedTranslations installTranslations(const QString &language)
{
    g_installed = language;
    static std::unique_ptr<QTranslator> own;
    static std::unique_ptr<QTranslator> qt;
    for (std::unique_ptr<QTranslator> *translator : {&own, &qt}) {
        if (*translator)
            QCoreApplication::removeTranslator(translator->get());
        translator->reset();
    }

    QLocale locale = QLocale::system();
    if (!language.isEmpty()) {
        const QLocale chosen(language);
        if (chosen.language() != QLocale::system().language()) {
            locale = chosen;
            QLocale::setDefault(chosen);
        }
    }

    LoadedTranslations loaded;
    auto ownTranslator = std::make_unique<QTranslator>();
    if (ownTranslator->load(locale, QStringLiteral("taskdeck"), QStringLiteral("_"),
                            QStringLiteral(":/i18n"))) {
        QCoreApplication::installTranslator(ownTranslator.get());
        own = std::move(ownTranslator);
        loaded.taskdeck = true;
    }
    auto qtTranslator = std::make_unique<QTranslator>();
    if (qtTranslator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qtTranslator.get());
        qt = std::move(qtTranslator);
        loaded.qt = true;
    }
    return loaded;
}

} // namespace taskdeck
