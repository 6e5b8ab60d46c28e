// Import: CSV and JSON Lines parsing with line-numbered errors, all-or-nothing writes, existing
// and repeated ids refused naming the line, the 20k sample file.
#include "TaskImport.h"
#include "TaskService.h"
#include "TestDatabase.h"

#include "TaskJson.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace taskdeck;
using taskdeck::test::TestDatabase;
using taskdeck::test::wait;

namespace {
Principal operatorUser()
{
    return Principal{QUuid::createUuid(), QStringLiteral("importer"), Role::Operator};
}

const char kCsv[] =
    "id,title,description,category,status,priority,cost,created_by,created_at,started_at,"
    "completed_at,error_message\r\n"
    "7b885975-1414-46b5-86d0-02dba02bff2f,Edit article,,content,in_progress,1,0.0315,dara,"
    "2026-11-24T22:29:19.196Z,2026-11-24T22:31:08.910Z,,\r\n"
    "01879c05-70cc-4628-9bd7-f38b3ddab6b5,\"Quote \"\"this\"\", then\nthat\",,ops,cancelled,2,"
    "0.0190,admin,2026-10-04T17:00:09.428Z,,2026-10-04T17:09:43.072Z,\r\n"
    "e3aeb30e-7963-49f1-98e6-2fd8bbacb7e9,Write newsletter,Requested.,content,completed,1,0.0043,"
    "admin,2026-09-05T10:05:44.294Z,2026-09-05T10:11:01.572Z,2026-09-05T10:11:39.734Z,\r\n";

} // namespace

class TestTaskImport : public QObject
{
    Q_OBJECT

private slots:
    void parsesCsv()
    {
        const Result<ParsedImport> parsed =
            parseImportData(QByteArray(kCsv), ImportFormat::Csv, 1'000);
        QVERIFY(parsed.ok());
        const ParsedImport &p = parsed.value();
        QVERIFY2(p.errors.isEmpty(), p.errors.isEmpty() ? "" : qPrintable(p.errors.first().msg));
        QCOMPARE(p.records, 3);
        QCOMPARE(p.tasks.size(), 3);
        QCOMPARE(p.lineNumbers, (QList<int>{2, 3, 5}));
        QCOMPARE(p.tasks.at(1).title, QStringLiteral("Quote \"this\", then\nthat"));
        QCOMPARE(p.tasks.at(2).costE4, 43);
        QCOMPARE(p.tasks.at(2).executionTimeMs(), std::optional<qint64>(38'162));
        QCOMPARE(p.tasks.at(0).id,
                 QUuid::fromString(QStringLiteral("7b885975-1414-46b5-86d0-02dba02bff2f")));
    }

    void parsesJsonLinesWithLineErrors()
    {
        const QByteArray data = "{\"id\":\"7b885975-1414-46b5-86d0-02dba02bff2f\",\"title\":\"A\","
                                "\"status\":\"completed\","
                                "\"cost\":0.1,\"created_at\":\"2026-01-01T00:00:00.000Z\","
                                "\"started_at\":\"2026-01-01T00:00:01Z\","
                                "\"completed_at\":\"2026-01-01T00:00:03.5Z\",\"execution_time\":2."
                                "5,\"result\":[1,2],\"version\":3}\n"
                                "\n"
                                "{\"title\":\"B\",\"stauts\":\"pending\"}\n"
                                "{\"title\":\"\"}\n"
                                "not json\n"
                                "{\"title\":\"C\",\"cost\":0.00001,\"priority\":\"high\"}\n";
        QCOMPARE(detectImportFormat(QStringLiteral("x.txt"), data), ImportFormat::JsonLines);
        const Result<ParsedImport> parsed = parseImportData(data, ImportFormat::JsonLines, 5);
        QVERIFY(parsed.ok());
        const ParsedImport &p = parsed.value();
        QCOMPARE(p.records, 5);
        QCOMPARE(p.tasks.size(), 1);
        QCOMPARE(p.lineNumbers, QList<int>{1});
        const Task &a = p.tasks.first();
        QCOMPARE(a.costE4, 1000);
        QCOMPARE(a.version, 3);
        QCOMPARE(a.executionTimeMs(), std::optional<qint64>(2500));
        QCOMPARE(a.result, QJsonValue(QJsonArray{1, 2}));

        QStringList where;
        for (const FieldError &error : p.errors)
            where << error.loc.join(QLatin1Char('/')) + QLatin1Char(':') + error.type;
        QCOMPARE(where, (QStringList{QStringLiteral("line 3/stauts:extra_forbidden"),
                                     QStringLiteral("line 4/title:string_too_short"),
                                     QStringLiteral("line 5:json_invalid"),
                                     QStringLiteral("line 6/priority:int_type"),
                                     QStringLiteral("line 6/cost:decimal_max_places")}));
    }

    void importIsAllOrNothing()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        ParsedImport parsed = parseImportData(QByteArray(kCsv), ImportFormat::Csv, 1).value();

        // a bad row (title too long) rejects the whole file
        QList<Task> tasks = parsed.tasks;
        tasks[1].title = QString(201, QChar(u'x'));
        const Result<ImportSummary> rejected =
            wait(service.importTasks(tasks, parsed.lineNumbers, operatorUser(), {}));
        QVERIFY(rejected.ok());
        QCOMPARE(rejected.value().imported, 0);
        QCOMPARE(rejected.value().rejected, 1);
        QCOMPARE(rejected.value().errors.first().loc,
                 (QStringList{QStringLiteral("line 3"), QStringLiteral("title")}));
        QCOMPARE(wait(service.metrics()).value().total(), 0);

        // all good: written with ids and timestamps kept
        QList<qint64> progress;
        const Result<ImportSummary> imported = wait(service.importTasks(
            parsed.tasks, parsed.lineNumbers, operatorUser(),
            [&progress](qint64 done, qint64 total) { progress << done << total; }));
        QVERIFY(imported.ok());
        QCOMPARE(imported.value().imported, 3);
        QCOMPARE(progress, (QList<qint64>{3, 3}));
        const Task stored = wait(service.get(parsed.tasks.at(2).id)).value();
        QCOMPARE(stored, parsed.tasks.at(2));
        QCOMPARE(json::formatTimestamp(stored.completedAt.value()),
                 QStringLiteral("2026-09-05T10:11:39.734Z"));
        QCOMPARE(wait(service.metrics()).value().totalCostE4, 315 + 190 + 43);

        // again: the first stored id is named by its line; nothing more is written
        Task fresh = parsed.tasks.at(0);
        fresh.id = QUuid::createUuid();
        const Result<ImportSummary> again = wait(service.importTasks(
            {fresh, parsed.tasks.at(1), parsed.tasks.at(2)}, {10, 11, 12}, operatorUser(), {}));
        QCOMPARE(again.error().kind, ServiceError::Kind::Conflict);
        QCOMPARE(
            again.error().message,
            QStringLiteral(
                "Line 11: a task with id 01879c05-70cc-4628-9bd7-f38b3ddab6b5 already exists"));
        QCOMPARE(wait(service.metrics()).value().total(), 3);

        // an id repeated inside the file
        Task twin = fresh;
        twin.title = QStringLiteral("twin");
        const Result<ImportSummary> twins =
            wait(service.importTasks({fresh, twin}, {2, 3}, operatorUser(), {}));
        QCOMPARE(twins.error().kind, ServiceError::Kind::Conflict);
        QVERIFY(twins.error().message.startsWith(QStringLiteral("Line 3: ")));
        QCOMPARE(wait(service.metrics()).value().total(), 3);
    }

    void importsSampleFile()
    {
        const QString shared = qEnvironmentVariable("TASKDECK_SHARED_DIR");
        const QString path = shared + QStringLiteral("/data/tasks-20k.csv");
        if (shared.isEmpty() || !QFile::exists(path))
            QSKIP("shared/data/tasks-20k.csv not available");
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        const Result<ParsedImport> parsed = parseImportFile(path);
        QVERIFY(parsed.ok());
        QVERIFY2(parsed.value().errors.isEmpty(),
                 parsed.value().errors.isEmpty()
                     ? ""
                     : qPrintable(parsed.value().errors.first().loc.join(QLatin1Char(' ')) +
                                  QLatin1Char(' ') + parsed.value().errors.first().msg));
        QCOMPARE(parsed.value().tasks.size(), 20000);

        MetricsSnapshot expected;
        for (const Task &task : parsed.value().tasks) {
            expected.byStatus[int(task.status)] += 1;
            expected.byCategory[task.category.value_or(QString())] += 1;
            expected.costByCategory[task.category.value_or(QString())] += task.costE4;
            expected.totalCostE4 += task.costE4;
            if (task.status == TaskStatus::Completed && task.executionTimeMs()) {
                expected.completedExecutionMsSum += *task.executionTimeMs();
                expected.completedExecutionCount += 1;
            }
        }
        const Result<ImportSummary> imported = wait(service.importTasks(
            parsed.value().tasks, parsed.value().lineNumbers, operatorUser(), {}));
        QVERIFY(imported.ok());
        QCOMPARE(imported.value().imported, 20000);
        QCOMPARE(wait(service.metrics()).value(), expected);

        // export -> parse again gives the same tasks
        QByteArray exported;
        TaskFilter filter;
        QVERIFY(wait(service.exportCsv(filter, [&exported](const QByteArray &chunk) {
                    exported += chunk;
                    return true;
                })).ok());
        const ParsedImport back = parseImportData(exported, ImportFormat::Csv, 0).value();
        QVERIFY(back.errors.isEmpty());
        QCOMPARE(back.tasks.size(), 20000);
    }
};

QTEST_GUILESS_MAIN(TestTaskImport)
#include "tst_taskimport.moc"
