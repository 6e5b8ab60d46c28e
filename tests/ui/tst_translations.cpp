// The window's translations (German, French, Spanish) are complete: every message of each
// translations/taskdeck_<lang>.ts is translated (no type="unfinished", no empty text) and keeps the
// source's %N placeholders, keyboard mnemonic, HTML tags and trailing "…"; the .ts files hold
// exactly the strings lupdate finds in the sources today (a tr() string added without running the
// `update_translations` target fails here); and each compiled .qm is embedded under ":/i18n",
// loads for its locale and translates every message as the .ts says.
#include <QDir>
#include <QFile>
#include <QLocale>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

namespace {

const char *const kLanguages[] = {"de", "fr", "es"};

struct Message
{
    QString context;
    QString source;
    QString translation;
    QString type; // the translation's type attribute ("unfinished", "vanished", ... or empty)
};

/// Reads the messages of a Qt Linguist .ts file; *language gets the TS element's language.
/// Returns false (with *error) when the file cannot be read or is not well-formed XML.
bool readTs(const QString &path, QList<Message> *messages, QString *language, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = path + QStringLiteral(": ") + file.errorString();
        return false;
    }
    QXmlStreamReader xml(&file);
    QString context;
    Message message;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("TS")) {
            *language = xml.attributes().value(QLatin1String("language")).toString();
        } else if (name == QLatin1String("context")) {
            context.clear();
        } else if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            message = Message{context, {}, {}, {}};
        } else if (name == QLatin1String("source")) {
            message.source = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            message.type = xml.attributes().value(QLatin1String("type")).toString();
            message.translation = xml.readElementText();
            messages->append(message);
        }
    }
    if (xml.hasError()) {
        *error = QStringLiteral("%1:%2: %3").arg(path).arg(xml.lineNumber()).arg(xml.errorString());
        return false;
    }
    return true;
}

QString tsPath(const QString &language)
{
    return QStringLiteral(TASKDECK_SOURCE_ROOT "/translations/taskdeck_%1.ts").arg(language);
}

/// The %N / %LN placeholders of a string, sorted (QString::arg fills them by number, so their
/// order may change in a translation, their set may not).
QStringList placeholders(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("%L?[1-9][0-9]?"));
    QStringList found;
    for (auto it = re.globalMatch(text); it.hasNext();)
        found.append(it.next().captured());
    found.sort();
    return found;
}

/// The HTML tags of a rich-text string, sorted.
QStringList htmlTags(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("</?[a-zA-Z][a-zA-Z0-9]*"));
    QStringList found;
    for (auto it = re.globalMatch(text); it.hasNext();)
        found.append(it.next().captured());
    found.sort();
    return found;
}

/// How many keyboard mnemonics ("&" before a character other than "&") a plain-text string has.
qsizetype mnemonics(const QString &text)
{
    qsizetype count = 0;
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text[i] != QLatin1Char('&'))
            continue;
        if (text[i + 1] == QLatin1Char('&')) {
            ++i; // "&&" is a literal ampersand
            continue;
        }
        if (!text[i + 1].isSpace())
            ++count;
    }
    return count;
}

QString describe(const Message &m)
{
    return QStringLiteral("  [%1] \"%2\" -> \"%3\"").arg(m.context, m.source, m.translation);
}

} // namespace

class TranslationsTest : public QObject
{
    Q_OBJECT

private slots:
    void everyMessageTranslated_data()
    {
        QTest::addColumn<QString>("language");
        for (const char *language : kLanguages)
            QTest::newRow(language) << QString::fromLatin1(language);
    }

    /// No message of the .ts is unfinished, empty or obsolete; each keeps the source's
    /// placeholders, mnemonic, HTML tags and trailing ellipsis. All problems are listed at once.
    void everyMessageTranslated()
    {
        QFETCH(QString, language);
        QList<Message> messages;
        QString tsLanguage, error;
        QVERIFY2(readTs(tsPath(language), &messages, &tsLanguage, &error), qPrintable(error));
        QCOMPARE(tsLanguage, language);
        QVERIFY(messages.size() > 400);
        const QString ellipsis(QChar(0x2026));
        QStringList problems;
        for (const Message &m : std::as_const(messages)) {
            QString why;
            if (!m.type.isEmpty())
                why = QStringLiteral("type=\"%1\"").arg(m.type);
            else if (m.translation.trimmed().isEmpty())
                why = QStringLiteral("empty translation");
            else if (placeholders(m.source) != placeholders(m.translation))
                why = QStringLiteral("placeholders differ");
            else if (htmlTags(m.source) != htmlTags(m.translation))
                why = QStringLiteral("HTML tags differ");
            else if (!m.source.contains(QLatin1Char('<')) &&
                     mnemonics(m.source) != mnemonics(m.translation))
                why = QStringLiteral("keyboard mnemonic (&) missing or extra");
            else if (m.source.endsWith(ellipsis) != m.translation.endsWith(ellipsis))
                why = QStringLiteral("trailing \u2026 differs");
            if (!why.isEmpty())
                problems.append(why + QLatin1Char(':') + describe(m));
        }
        QVERIFY2(problems.isEmpty(),
                 qPrintable(QStringLiteral("%1 of %2 messages in %3:\n%4")
                                .arg(problems.size())
                                .arg(messages.size())
                                .arg(tsPath(language), problems.join(QLatin1Char('\n')))));
    }

    /// lupdate run on today's sources (the same sources and options as the `update_translations`
    /// target, into a temporary file) finds exactly the messages each .ts holds.
    void tsFilesMatchTheSources()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString fresh = dir.filePath(QStringLiteral("taskdeck_xx.ts"));
        const QDir root(QStringLiteral(TASKDECK_SOURCE_ROOT));
        QStringList arguments{QStringLiteral("-no-obsolete"), QStringLiteral("-locations"),
                              QStringLiteral("none"), QStringLiteral("-silent")};
        const QDir ui(root.filePath(QStringLiteral("ui")));
        for (const QString &name :
             ui.entryList({QStringLiteral("*.cpp"), QStringLiteral("*.h")}, QDir::Files))
            arguments.append(ui.filePath(name));
        arguments << root.filePath(QStringLiteral("models/TaskTableModel.cpp"))
                  << root.filePath(QStringLiteral("models/TaskTableModel.h"))
                  << root.filePath(QStringLiteral("models/TimeDisplay.cpp"))
                  << QStringLiteral("-ts") << fresh;
        QProcess lupdate;
        lupdate.start(QStringLiteral(TASKDECK_LUPDATE), arguments);
        QVERIFY2(lupdate.waitForFinished(60'000), qPrintable(lupdate.errorString()));
        QVERIFY2(lupdate.exitStatus() == QProcess::NormalExit && lupdate.exitCode() == 0,
                 lupdate.readAllStandardError().constData());

        QList<Message> expected;
        QString tsLanguage, error;
        QVERIFY2(readTs(fresh, &expected, &tsLanguage, &error), qPrintable(error));
        QVERIFY(expected.size() > 400);
        QSet<QString> wanted;
        for (const Message &m : std::as_const(expected))
            wanted.insert(m.context + QLatin1Char('\x1f') + m.source);
        for (const char *language : kLanguages) {
            QList<Message> messages;
            QVERIFY2(readTs(tsPath(QString::fromLatin1(language)), &messages, &tsLanguage, &error),
                     qPrintable(error));
            QSet<QString> have;
            for (const Message &m : std::as_const(messages))
                have.insert(m.context + QLatin1Char('\x1f') + m.source);
            QStringList problems;
            for (const QString &key : wanted - have)
                problems.append(QStringLiteral("  not in the .ts: ") +
                                key.split(QLatin1Char('\x1f')).join(QStringLiteral(" | ")));
            for (const QString &key : have - wanted)
                problems.append(QStringLiteral("  no longer in the sources: ") +
                                key.split(QLatin1Char('\x1f')).join(QStringLiteral(" | ")));
            problems.sort();
            QVERIFY2(problems.isEmpty(),
                     qPrintable(QStringLiteral("%1 is out of date; run `cmake --build build "
                                               "--target update_translations` and translate:\n%2")
                                    .arg(tsPath(QString::fromLatin1(language)),
                                         problems.join(QLatin1Char('\n')))));
            QCOMPARE(messages.size(), expected.size());
        }
    }

    void compiledTranslationLoads_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QLocale>("locale");
        QTest::addColumn<QString>("tasksTab");
        QTest::addColumn<QString>("inProgress");
        QTest::newRow("de") << QStringLiteral("de") << QLocale(QLocale::German, QLocale::Germany)
                            << QStringLiteral("&Aufgaben") << QStringLiteral("In Bearbeitung");
        QTest::newRow("fr") << QStringLiteral("fr") << QLocale(QLocale::French, QLocale::France)
                            << QStringLiteral("&Tâches") << QStringLiteral("En cours");
        QTest::newRow("fr_CA") << QStringLiteral("fr") << QLocale(QLocale::French, QLocale::Canada)
                               << QStringLiteral("&Tâches") << QStringLiteral("En cours");
        QTest::newRow("es") << QStringLiteral("es") << QLocale(QLocale::Spanish, QLocale::Spain)
                            << QStringLiteral("&Tareas") << QStringLiteral("En curso");
        QTest::newRow("es_MX") << QStringLiteral("es") << QLocale(QLocale::Spanish, QLocale::Mexico)
                               << QStringLiteral("&Tareas") << QStringLiteral("En curso");
    }

    /// The .qm embedded under ":/i18n" loads the way main.cpp loads it and translates the Tasks
    /// page's tab title, a status and every other message exactly as its .ts says.
    void compiledTranslationLoads()
    {
        QFETCH(QString, language);
        QFETCH(QLocale, locale);
        QFETCH(QString, tasksTab);
        QFETCH(QString, inProgress);
        QTranslator translator;
        QVERIFY(translator.load(locale, QStringLiteral("taskdeck"), QStringLiteral("_"),
                                QStringLiteral(":/i18n")));
        QCOMPARE(translator.filePath(), QStringLiteral(":/i18n/taskdeck_%1.qm").arg(language));
        QCOMPARE(translator.language(), language);
        QCOMPARE(translator.translate("taskdeck::MainWindow", "&Tasks"), tasksTab);
        QCOMPARE(translator.translate("taskdeck::TaskTableModel", "In progress"), inProgress);

        QList<Message> messages;
        QString tsLanguage, error;
        QVERIFY2(readTs(tsPath(language), &messages, &tsLanguage, &error), qPrintable(error));
        QStringList stale;
        for (const Message &m : std::as_const(messages)) {
            const QString got =
                translator.translate(m.context.toUtf8().constData(), m.source.toUtf8().constData());
            if (got != m.translation)
                stale.append(describe(m) + QStringLiteral(" (the .qm says \"%1\")").arg(got));
        }
        QVERIFY2(stale.isEmpty(), qPrintable(stale.join(QLatin1Char('\n'))));
    }

    /// English is the source language: no .qm for it (nor for the C locale), so the window shows
    /// the source strings.
    void englishHasNoTranslationFile()
    {
        QTranslator translator;
        QVERIFY(!translator.load(QLocale(QLocale::English, QLocale::UnitedStates),
                                 QStringLiteral("taskdeck"), QStringLiteral("_"),
                                 QStringLiteral(":/i18n")));
    }
};

QTEST_MAIN(TranslationsTest)
#include "tst_translations.moc"
