#include "TaskCsv.h"
#include "TaskJson.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace taskdeck;

namespace {

constexpr EpochMs kNow = 1795910400000; // 2026-11-29T00:00:00.000Z

const QStringList kSampleHeader =
    QStringLiteral("id,title,description,category,status,priority,cost,"
                   "created_by,created_at,started_at,completed_at,"
                   "error_message")
        .split(QLatin1Char(','));

FieldError lineError(int line, const char *field, const QString &msg, const char *type)
{
    return FieldError{{QStringLiteral("line %1").arg(line), QString::fromLatin1(field)},
                      msg,
                      QString::fromLatin1(type)};
}

QList<QStringList> records(const QByteArray &text, QList<int> *lines = nullptr)
{
    auto parsed = csv::parseRecords(text, lines);
    if (!std::holds_alternative<QList<QStringList>>(parsed))
        qWarning("parse error: %s", qPrintable(std::get<QString>(parsed)));
    return std::get<QList<QStringList>>(parsed);
}

QString parseError(const QByteArray &text)
{
    auto parsed = csv::parseRecords(text);
    return std::holds_alternative<QString>(parsed) ? std::get<QString>(parsed) : QString();
}

Task sampleTask()
{
    Task task;
    task.id = QUuid::fromString(u"7b885975-1414-46b5-86d0-02dba02bff2f");
    task.title = QStringLiteral("Comma, \"quoted\"\r\nand a new line 🚀 مراجعة");
    task.description = QStringLiteral("plain");
    task.category = QStringLiteral("content");
    task.status = TaskStatus::Completed;
    task.priority = 2;
    task.costE4 = 3000;
    task.result = QJsonObject{{QStringLiteral("summary"), QStringLiteral("ok, \"fine\"")},
                              {QStringLiteral("n"), 3}};
    task.errorMessage = std::nullopt;
    task.createdBy = QStringLiteral("dara");
    task.createdAt = kNow - 1000000;
    task.updatedAt = kNow - 1000;
    task.startedAt = kNow - 900000;
    task.completedAt = kNow - 859880;
    task.version = 3;
    return task;
}

} // namespace

class TestTaskCsv : public QObject
{
    Q_OBJECT

private slots:
    void header()
    {
        QCOMPARE(csv::exportHeader(),
                 QByteArray("id,title,description,category,status,priority,cost,result,"
                            "error_message,created_by,created_at,updated_at,started_at,"
                            "completed_at,execution_time,version\r\n"));
    }

    void exportRow()
    {
        QCOMPARE(csv::exportRow(sampleTask()),
                 QByteArray("7b885975-1414-46b5-86d0-02dba02bff2f,"
                            "\"Comma, \"\"quoted\"\"\r\nand a new line \xF0\x9F\x9A\x80 "
                            "\xD9\x85\xD8\xB1\xD8\xA7\xD8\xAC\xD8\xB9\xD8\xA9\","
                            "plain,content,completed,2,0.3000,"
                            "\"{\"\"n\"\":3,\"\"summary\"\":\"\"ok, \\\"\"fine\\\"\"\"\"}\","
                            ",dara,2026-11-28T23:43:20.000Z,2026-11-28T23:59:59.000Z,"
                            "2026-11-28T23:45:00.000Z,2026-11-28T23:45:40.120Z,40.120,3\r\n"));

        Task bare;
        bare.id = QUuid::fromString(u"00000000-0000-4000-8000-000000000001");
        bare.title = QStringLiteral("t");
        bare.costE4 = 120000;
        QCOMPARE(csv::exportRow(bare),
                 QByteArray("00000000-0000-4000-8000-000000000001,t,,,pending,1,12.0000,,,,"
                            "1970-01-01T00:00:00.000Z,1970-01-01T00:00:00.000Z,,,,1\r\n"));

        bare.result = QStringLiteral("done");
        bare.description = QString(); // empty string and null both export as an empty field
        QVERIFY(csv::exportRow(bare).contains(",t,,,pending,1,12.0000,\"\"\"done\"\"\",,,"));
    }

    void exportImportRoundTrip()
    {
        Task scalarResult = sampleTask();
        scalarResult.id = QUuid::fromString(u"11111111-2222-4333-8444-555555555555");
        scalarResult.result = 42;
        scalarResult.title = QStringLiteral("Größenänderung, \"x\"\nzweite Zeile");
        scalarResult.startedAt.reset();
        scalarResult.completedAt.reset();
        scalarResult.status = TaskStatus::Pending;
        scalarResult.costE4 = 1;
        const QList<Task> tasks = {sampleTask(), scalarResult};

        QByteArray text = csv::exportHeader();
        for (const Task &task : tasks)
            text += csv::exportRow(task);
        QList<int> lines;
        const QList<QStringList> parsed = records(text, &lines);
        QCOMPARE(parsed.size(), 3);
        QCOMPARE(lines, (QList<int>{1, 2, 4}));
        QCOMPARE(parsed.first(), json::taskFieldNames());
        for (int i = 0; i < tasks.size(); ++i) {
            const auto task =
                csv::taskFromRecord(parsed.first(), parsed.at(i + 1), lines.at(i + 1), kNow);
            QVERIFY(std::holds_alternative<Task>(task));
            QCOMPARE(std::get<Task>(task), tasks.at(i));
        }
    }

    void parseRecords()
    {
        QCOMPARE(records("a,b\r\n1,2\r\n"),
                 (QList<QStringList>{{QStringLiteral("a"), QStringLiteral("b")},
                                     {QStringLiteral("1"), QStringLiteral("2")}}));
        QCOMPARE(records("a,b\n1,2"), records("a,b\r\n1,2\r\n"));
        QCOMPARE(records("\xEF\xBB\xBF"
                         "a,b\n1,2\n"),
                 records("a,b\r\n1,2\r\n"));
        QCOMPARE(records(",\n"), (QList<QStringList>{{QString(), QString()}}));
        QCOMPARE(records("\"\"\n"), (QList<QStringList>{{QString()}}));
        QCOMPARE(records(""), QList<QStringList>());
        QCOMPARE(records("\r\n\r\n"), QList<QStringList>());
        QList<int> crLines;
        QCOMPARE(records("a\rb\r\"c\rd\"\r", &crLines), // old Mac line ends
                 (QList<QStringList>{
                     {QStringLiteral("a")}, {QStringLiteral("b")}, {QStringLiteral("c\rd")}}));
        QCOMPARE(crLines, (QList<int>{1, 2, 3}));
        // A quote inside an unquoted field is kept as text.
        QCOMPARE(records("ab\"c,d\n"),
                 (QList<QStringList>{{QStringLiteral("ab\"c"), QStringLiteral("d")}}));

        QList<int> lines;
        const QList<QStringList> parsed =
            records("h1,h2\r\n\"multi\r\nline\",\"say \"\"hi\"\", ok\"\r\n\r\nx,\"\"\r\n"
                    "\"a\nb\nc\",d",
                    &lines);
        QCOMPARE(parsed, (QList<QStringList>{
                             {QStringLiteral("h1"), QStringLiteral("h2")},
                             {QStringLiteral("multi\r\nline"), QStringLiteral("say \"hi\", ok")},
                             {QStringLiteral("x"), QString()},
                             {QStringLiteral("a\nb\nc"), QStringLiteral("d")}}));
        QCOMPARE(lines, (QList<int>{1, 2, 5, 6}));
    }

    void parseRecordErrors()
    {
        QCOMPARE(parseError("a,b\r\n1,\"open\r\nstill open\r\n"),
                 QStringLiteral("Line 2: unterminated quoted field"));
        QCOMPARE(parseError("a\n\n\"x\"y\n"),
                 QStringLiteral("Line 3: unexpected text after a closing quote"));
        QCOMPARE(parseError("a,b\n\xC3\x28,1\n"),
                 QStringLiteral("Line 2: the file is not valid UTF-8"));
    }

    void sampleFile()
    {
        const QByteArray dir = qgetenv("TASKDECK_SHARED_DIR");
        if (dir.isEmpty())
            QSKIP("TASKDECK_SHARED_DIR is not set");
        QFile file(QString::fromLocal8Bit(dir) + QStringLiteral("/data/tasks-20k.csv"));
        if (!file.open(QIODevice::ReadOnly))
            QSKIP("shared/data/tasks-20k.csv is not available");
        const QByteArray head = file.read(4096);
        const QByteArray firstLines = head.left(head.lastIndexOf("\r\n") + 2);

        QList<int> lines;
        const QList<QStringList> parsed = records(firstLines, &lines);
        QVERIFY(parsed.size() > 5);
        QCOMPARE(parsed.first(), kSampleHeader);
        QVERIFY(csv::validateHeader(parsed.first()).isEmpty());

        // 7b885975-...,Edit article about status page,,content,in_progress,1,0.0315,dara,
        // 2026-11-24T22:29:19.196Z,2026-11-24T22:31:08.910Z,,
        const auto first = csv::taskFromRecord(parsed.first(), parsed.at(1), lines.at(1), kNow);
        QVERIFY(std::holds_alternative<Task>(first));
        const Task task = std::get<Task>(first);
        QCOMPARE(task.id.toString(QUuid::WithoutBraces),
                 QStringLiteral("7b885975-1414-46b5-86d0-02dba02bff2f"));
        QCOMPARE(task.title, QStringLiteral("Edit article about status page"));
        QCOMPARE(task.description, std::nullopt);
        QCOMPARE(task.category, std::optional<QString>(QStringLiteral("content")));
        QCOMPARE(task.status, TaskStatus::InProgress);
        QCOMPARE(task.priority, 1);
        QCOMPARE(task.costE4, 315);
        QCOMPARE(task.createdBy, std::optional<QString>(QStringLiteral("dara")));
        QCOMPARE(json::formatTimestamp(task.createdAt), QStringLiteral("2026-11-24T22:29:19.196Z"));
        QCOMPARE(task.startedAt, json::parseTimestamp(u"2026-11-24T22:31:08.910Z"));
        QCOMPARE(task.completedAt, std::nullopt);
        QCOMPARE(task.updatedAt, *task.startedAt); // latest of created/started/completed
        QCOMPARE(task.errorMessage, std::nullopt);
        QCOMPARE(task.result, QJsonValue(QJsonValue::Null));
        QCOMPARE(task.version, 1);

        for (int i = 1; i < parsed.size(); ++i) {
            const auto row = csv::taskFromRecord(parsed.first(), parsed.at(i), lines.at(i), kNow);
            QVERIFY2(std::holds_alternative<Task>(row), qPrintable(QString::number(lines.at(i))));
        }
    }

    void wholeSampleFile()
    {
        const QByteArray dir = qgetenv("TASKDECK_SHARED_DIR");
        QFile file(QString::fromLocal8Bit(dir) + QStringLiteral("/data/tasks-20k.csv"));
        if (dir.isEmpty() || !file.open(QIODevice::ReadOnly))
            QSKIP("shared/data/tasks-20k.csv is not available");
        QList<int> lines;
        const QList<QStringList> parsed = records(file.readAll(), &lines);
        QCOMPARE(parsed.size(), 20001);
        int odd = 0;
        for (int i = 1; i < parsed.size(); ++i) {
            const auto row = csv::taskFromRecord(parsed.first(), parsed.at(i), lines.at(i), kNow);
            QVERIFY2(std::holds_alternative<Task>(row), qPrintable(QString::number(lines.at(i))));
            const Task &task = std::get<Task>(row);
            if (task.title.contains(QLatin1Char('\n')) || task.title.contains(QLatin1Char('"')))
                ++odd;
            QVERIFY(task.costE4 >= 0);
        }
        QVERIFY(odd > 0);              // the awkward rows (quotes, newlines) came through
        QVERIFY(lines.last() > 20001); // embedded newlines shift line numbers
    }

    void minimalHeader()
    {
        const auto parsed = csv::taskFromRecord({QStringLiteral("title")},
                                                {QStringLiteral("Only a title")}, 2, kNow);
        QVERIFY(std::holds_alternative<Task>(parsed));
        const Task task = std::get<Task>(parsed);
        QVERIFY(!task.id.isNull());
        QCOMPARE(task.title, QStringLiteral("Only a title"));
        QCOMPARE(task.status, TaskStatus::Pending);
        QCOMPARE(task.priority, 1);
        QCOMPARE(task.costE4, 0);
        QCOMPARE(task.createdAt, kNow);
        QCOMPARE(task.updatedAt, kNow);
        QCOMPARE(task.version, 1);
        QCOMPARE(task.createdBy, std::nullopt);
    }

    void headerErrors()
    {
        const QStringList header = {QStringLiteral("id"), QStringLiteral("stauts"),
                                    QStringLiteral("description"), QStringLiteral("description")};
        const FieldErrors expected = {
            lineError(1, "stauts",
                      QStringLiteral("Unknown column \"stauts\"; known columns: ") +
                          json::taskFieldNames().join(QLatin1Char(',')),
                      "extra_forbidden"),
            lineError(1, "description", QStringLiteral("Duplicate column \"description\""),
                      "value_error"),
            lineError(1, "title", QStringLiteral("Column \"title\" is required"), "missing")};
        QCOMPARE(csv::validateHeader(header), expected);
        const auto parsed =
            csv::taskFromRecord(header, {QString(), QString(), QString(), QString()}, 7, kNow);
        QVERIFY(std::holds_alternative<FieldErrors>(parsed));
        QCOMPARE(std::get<FieldErrors>(parsed), expected);
        // Header names are trimmed.
        QVERIFY(csv::validateHeader({QStringLiteral(" title "), QStringLiteral("cost")}).isEmpty());
    }

    void recordErrors()
    {
        QStringList header = kSampleHeader;
        header << QStringLiteral("result") << QStringLiteral("version")
               << QStringLiteral("updated_at") << QStringLiteral("execution_time");
        const QStringList record = {QStringLiteral("not-a-uuid"),
                                    QString(),
                                    QStringLiteral("d"),
                                    QStringLiteral("c"),
                                    QStringLiteral("done"),
                                    QStringLiteral("high"),
                                    QStringLiteral("0.12345"),
                                    QStringLiteral("ana"),
                                    QStringLiteral("2026-02-30T00:00:00Z"),
                                    QStringLiteral("soon"),
                                    QString(),
                                    QString(),
                                    QStringLiteral("{broken"),
                                    QStringLiteral("0"),
                                    QStringLiteral("2026-11-29"),
                                    QStringLiteral("whatever")};
        const auto parsed = csv::taskFromRecord(header, record, 12, kNow);
        QVERIFY(std::holds_alternative<FieldErrors>(parsed));
        const QString tsMsg = QStringLiteral(
            "Input should be an ISO 8601 timestamp such as 2026-11-29T07:01:05.123Z");
        const FieldErrors expected = {
            lineError(12, "id", QStringLiteral("Input should be a valid UUID"), "uuid_parsing"),
            lineError(12, "title", QStringLiteral("Field required"), "missing"),
            lineError(12, "status",
                      QStringLiteral("Input should be 'pending', 'in_progress', 'completed', "
                                     "'failed' or 'cancelled'"),
                      "enum"),
            lineError(12, "priority",
                      QStringLiteral("Input should be a valid integer, unable to parse string as "
                                     "an integer"),
                      "int_parsing"),
            lineError(12, "cost",
                      QStringLiteral("Decimal input should have no more than 4 decimal places"),
                      "decimal_max_places"),
            lineError(12, "result", QStringLiteral("Invalid JSON"), "json_invalid"),
            lineError(12, "created_at", tsMsg, "datetime_parsing"),
            lineError(12, "started_at", tsMsg, "datetime_parsing"),
            lineError(12, "version", QStringLiteral("Input should be greater than or equal to 1"),
                      "greater_than_equal")};
        QCOMPARE(std::get<FieldErrors>(parsed), expected);

        const auto costText =
            csv::taskFromRecord({QStringLiteral("title"), QStringLiteral("cost")},
                                {QStringLiteral("x"), QStringLiteral("1,5")}, 3, kNow);
        QVERIFY(std::holds_alternative<FieldErrors>(costText));
        QCOMPARE(
            std::get<FieldErrors>(costText),
            (FieldErrors{lineError(3, "cost", QStringLiteral("Input should be a valid decimal"),
                                   "decimal_parsing")}));

        const auto shortRecord =
            csv::taskFromRecord(kSampleHeader, {QStringLiteral("a"), QStringLiteral("b")}, 9, kNow);
        QVERIFY(std::holds_alternative<FieldErrors>(shortRecord));
        QCOMPARE(std::get<FieldErrors>(shortRecord),
                 (FieldErrors{lineError(9, "record",
                                        QStringLiteral("Expected 12 fields as in the header, "
                                                       "found 2"),
                                        "value_error")}));
    }

    void exportColumnsRead()
    {
        // updated_at, result and version are read; execution_time is ignored (derived).
        const QStringList header = {QStringLiteral("title"),          QStringLiteral("updated_at"),
                                    QStringLiteral("result"),         QStringLiteral("version"),
                                    QStringLiteral("execution_time"), QStringLiteral("cost")};
        const auto parsed = csv::taskFromRecord(header,
                                                {QStringLiteral("x"),
                                                 QStringLiteral("2026-11-29T07:01:05.123+01:00"),
                                                 QStringLiteral("[1,\"a\"]"), QStringLiteral("7"),
                                                 QStringLiteral("999"), QStringLiteral("-1")},
                                                4, kNow);
        QVERIFY(std::holds_alternative<Task>(parsed));
        const Task task = std::get<Task>(parsed);
        QCOMPARE(json::formatTimestamp(task.updatedAt), QStringLiteral("2026-11-29T06:01:05.123Z"));
        QCOMPARE(task.result, QJsonValue(QJsonArray{1, QStringLiteral("a")}));
        QCOMPARE(task.version, 7);
        QCOMPARE(task.costE4, -10000); // negative: TaskRules rejects it with its own message
        QCOMPARE(task.executionTimeMs(), std::nullopt);
    }
};

QTEST_APPLESS_MAIN(TestTaskCsv)
#include "tst_taskcsv.moc"
