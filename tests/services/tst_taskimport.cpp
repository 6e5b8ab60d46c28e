// Import: CSV and JSON Lines parsing with line-numbered errors, all-or-nothing writes, existing
// and repeated ids refused naming the line, the 20k sample file; the streamed import (files
// larger than a chunk, a bad row mid-file, an overlong line, truncated or garbage files, a file
// that changes between the passes, rows counted once however many errors they have) and a
// failed job's future reported rather than dropped.
#include "Async.h"
#include "TaskImport.h"
#include "TaskService.h"
#include "TestDatabase.h"

#include "TaskCsv.h"
#include "TaskJson.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QPromise>
#include <QTemporaryDir>
#include <QTest>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <new>

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

const char kHeader[] = "id,title,description,category,status,priority,cost,created_by,created_at,"
                       "started_at,completed_at,error_message\r\n";

QUuid rowId(int i)
{
    return QUuid::createUuidV5(QUuid(QStringLiteral("{6ba7b811-9dad-11d1-80b4-00c04fd430c8}")),
                               QString::number(i));
}

/// `rows` CSV records (every 7th with a quoted two-line description, so those take two lines);
/// `lines` receives each record's first line. `idOffset` shifts the ids.
QByteArray csvRows(int rows, QList<int> *lines = nullptr, int idOffset = 0)
{
    QByteArray out = kHeader;
    int line = 2;
    for (int i = 0; i < rows; ++i) {
        if (lines)
            lines->append(line);
        const bool twoLines = i % 7 == 3;
        out += rowId(i + idOffset).toString(QUuid::WithoutBraces).toLatin1() + ",Task " +
               QByteArray::number(i) + "," +
               (twoLines ? QByteArray("\"First, \"\"quoted\"\"\nsecond\"") : QByteArray()) +
               ",ops,completed," + QByteArray::number(i % 4) + ",0." +
               QByteArray::number(1000 + i % 9000).right(4) +
               ",ana,2026-01-01T00:00:00.000Z,2026-01-01T00:00:01.000Z,"
               "2026-01-01T00:00:03.500Z,\r\n";
        line += twoLines ? 2 : 1;
    }
    return out;
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &data)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size())
        return {};
    return path;
}

QStringList errorList(const FieldErrors &errors)
{
    QStringList where;
    for (const FieldError &error : errors)
        where << error.loc.join(QLatin1Char('/')) + QLatin1Char(':') + error.type;
    return where;
}

QList<Task> sortedById(QList<Task> tasks)
{
    std::sort(tasks.begin(), tasks.end(), [](const Task &a, const Task &b) { return a.id < b.id; });
    return tasks;
}

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

    // --- streamed import ---

    void readerChunksMatchWholeFileParse()
    {
        QList<int> lines;
        const QByteArray data = csvRows(5000, &lines);
        QBuffer buffer;
        buffer.setData(data);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        ImportReader reader(&buffer, ImportFormat::Csv, 7);
        ImportChunk chunk;
        QList<qint64> chunkRecords;
        QList<int> streamedLines;
        bool more = true;
        while (more) {
            const Result<bool> read = reader.read(chunk, 2000);
            QVERIFY(read.ok());
            more = read.value();
            chunkRecords << chunk.records;
            streamedLines += chunk.lineNumbers;
            QCOMPARE(chunk.rejected, 0);
        }
        QCOMPARE(chunkRecords, (QList<qint64>{2000, 2000, 1000}));
        QCOMPARE(streamedLines, lines);
        QCOMPARE(lines.last(), 2 + 4999 + 714); // 714 two-line records before it
    }

    void streamedImportLargerThanAChunk()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        QTemporaryDir dir;
        const int rows = int(kImportChunkRecords) * 2 + 501;
        const QByteArray data = csvRows(rows);
        const QString path = writeFile(dir, QStringLiteral("big.csv"), data);
        QVERIFY(!path.isEmpty());

        const Result<ImportCheck> check = checkImportFile(path, 1'000);
        QVERIFY(check.ok());
        QCOMPARE(check.value().records, rows);
        QCOMPARE(check.value().valid, rows);
        QCOMPARE(check.value().rejected, 0);
        QCOMPARE(check.value().errorCount, 0);
        QVERIFY(!check.value().conflict);

        QList<qint64> progress;
        const Result<ImportSummary> imported =
            wait(service.importFile(path, check.value(), 1'000, operatorUser(),
                                    [&progress](qint64 done, qint64) { progress << done; }));
        QVERIFY2(imported.ok(), imported.ok() ? "" : qPrintable(imported.error().message));
        QCOMPARE(imported.value().imported, rows);
        QCOMPARE(progress.last(), rows);
        QCOMPARE(progress.size(), rows / 1000 + 1);
        QCOMPARE(wait(service.metrics()).value().total(), rows);

        // Exactly the rows of the file: the export parses back to the same tasks.
        QByteArray exported;
        QVERIFY(wait(service.exportCsv(TaskFilter{}, [&exported](const QByteArray &chunk) {
                    exported += chunk;
                    return true;
                })).ok());
        const ParsedImport back = parseImportData(exported, ImportFormat::Csv, 0).value();
        const ParsedImport file = parseImportData(data, ImportFormat::Csv, 1'000).value();
        QCOMPARE(back.tasks.size(), rows);
        QCOMPARE(sortedById(back.tasks), sortedById(file.tasks));
        const Task multiLine = wait(service.get(rowId(3))).value();
        QCOMPARE(multiLine.description.value(), QStringLiteral("First, \"quoted\"\nsecond"));

        // A second file holding one stored id on line 4802 (third chunk): nothing written.
        QByteArray again = csvRows(rows, nullptr, 100'000);
        const QByteArray storedId = rowId(17).toString(QUuid::WithoutBraces).toLatin1();
        QList<int> lines;
        csvRows(rows, &lines);
        const int row = 4200;
        const QByteArray ownId = rowId(row + 100'000).toString(QUuid::WithoutBraces).toLatin1();
        again.replace(ownId, storedId);
        const QString second = writeFile(dir, QStringLiteral("again.csv"), again);
        const Result<ImportCheck> secondCheck = checkImportFile(second, 1'000);
        QVERIFY(secondCheck.ok());
        QCOMPARE(secondCheck.value().rejected, 0);
        const Result<ImportSummary> conflict =
            wait(service.importFile(second, secondCheck.value(), 1'000, operatorUser(), {}));
        QVERIFY(!conflict.ok());
        QCOMPARE(conflict.error().kind, ServiceError::Kind::Conflict);
        QCOMPARE(conflict.error().message,
                 QStringLiteral("Line %1: a task with id %2 already exists")
                     .arg(lines.at(row))
                     .arg(QString::fromLatin1(storedId)));
        QCOMPARE(wait(service.metrics()).value().total(), rows);
    }

    void streamedImportBadRowMidFileImportsNothing()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        QTemporaryDir dir;
        QList<int> lines;
        QByteArray data = csvRows(4500, &lines);
        // Row 3000 (in the second chunk) gets three bad fields; row 3100 one.
        const QByteArray row3000 = "Task 3000,,ops,completed,0,0.";
        QVERIFY(data.contains(row3000));
        data.replace(row3000, "Task 3000,,ops,done,high,x.");
        data.replace(",Task 3100,", ",,");
        const QString path = writeFile(dir, QStringLiteral("bad.csv"), data);
        const Result<ImportCheck> check = checkImportFile(path, 1);
        QVERIFY(check.ok());
        QCOMPARE(check.value().records, 4500);
        QCOMPARE(check.value().rejected, 2); // rows, not errors
        QCOMPARE(check.value().errorCount, 4);
        QCOMPARE(check.value().valid, 4498);
        const QString l3000 = QStringLiteral("line %1").arg(lines.at(3000));
        const QString l3100 = QStringLiteral("line %1").arg(lines.at(3100));
        QCOMPARE(errorList(check.value().errors),
                 (QStringList{l3000 + QStringLiteral("/status:enum"),
                              l3000 + QStringLiteral("/priority:int_parsing"),
                              l3000 + QStringLiteral("/cost:decimal_parsing"),
                              l3100 + QStringLiteral("/title:missing")}));

        const Result<ImportSummary> summary =
            wait(service.importFile(path, check.value(), 1, operatorUser(), {}));
        QVERIFY(summary.ok());
        QCOMPARE(summary.value().imported, 0);
        QCOMPARE(summary.value().rejected, 2);
        QCOMPARE(summary.value().errors.size(), 4);
        QCOMPARE(wait(service.metrics()).value().total(), 0);
    }

    void summaryCountsRowsNotFieldErrors()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        ParsedImport parsed = parseImportData(QByteArray(kCsv), ImportFormat::Csv, 1).value();
        QList<Task> tasks = parsed.tasks;
        tasks[0].title = QString(); // two rows wrong, the second in three fields
        tasks[1].title = QString(201, QChar(u'x'));
        tasks[1].priority = 5000;
        tasks[1].description = QString(10'001, QChar(u'd'));
        const Result<ImportSummary> rejected =
            wait(service.importTasks(tasks, parsed.lineNumbers, operatorUser(), {}));
        QVERIFY(rejected.ok());
        QCOMPARE(rejected.value().rejected, 2);
        QCOMPARE(rejected.value().errors.size(), 4);

        const QByteArray jsonl = "{\"title\":\"\",\"status\":\"x\",\"cost\":\"y\"}\n"
                                 "{\"title\":\"fine\"}\n"
                                 "[1]\n";
        const ParsedImport p = parseImportData(jsonl, ImportFormat::JsonLines, 1).value();
        QCOMPARE(p.records, 3);
        QCOMPARE(p.rejected, 2);
        QCOMPARE(errorList(p.errors), (QStringList{QStringLiteral("line 1/status:enum"),
                                                   QStringLiteral("line 1/cost:float_type"),
                                                   QStringLiteral("line 3:model_type")}));
    }

    void overlongRecordIsARowError()
    {
        // JSON Lines: a 5 MiB line is rejected with its line number; the lines after it count on.
        QByteArray jsonl = "{\"title\":\"a\"}\n{\"title\":\"";
        jsonl += QByteArray(kMaxImportRecordBytes + 1024 * 1024, 'x');
        jsonl += "\"}\n\n{\"title\":\"c\",\"priority\":\"p\"}\n{\"title\":\"d\"}\n";
        const ParsedImport json = parseImportData(jsonl, ImportFormat::JsonLines, 1).value();
        QCOMPARE(json.records, 4);
        QCOMPARE(json.rejected, 2);
        QCOMPARE(errorList(json.errors), (QStringList{QStringLiteral("line 2:record_too_long"),
                                                      QStringLiteral("line 4/priority:int_type")}));
        QCOMPARE(json.lineNumbers, (QList<int>{1, 5}));
        QCOMPARE(json.errors.first().msg,
                 QStringLiteral("Record is longer than 4194304 bytes (the import limit); skipped"));

        // CSV with a small limit: a quoted record over three lines is skipped whole, quotes and
        // line ends inside it included.
        const QByteArray csv = "title,description\n"
                               "one,short\n"
                               "two,\"a long \"\"quoted\"\", text\nover\nthree lines\"\n"
                               "three,\"x\ny\"\n";
        QBuffer buffer;
        buffer.setData(csv);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        ImportReader reader(&buffer, ImportFormat::Csv, 1, 30);
        ImportChunk chunk;
        QCOMPARE(reader.read(chunk).value(), false);
        QCOMPARE(chunk.records, 3);
        QCOMPARE(chunk.rejected, 1);
        QCOMPARE(errorList(chunk.errors), QStringList{QStringLiteral("line 3:record_too_long")});
        QCOMPARE(chunk.lineNumbers, (QList<int>{2, 6}));
        QCOMPARE(chunk.tasks.at(1).description.value(), QStringLiteral("x\ny"));

        // A header over the limit ends the import.
        QBuffer header;
        header.setData("title," + QByteArray(40, 'h') + "\nrow,x\n");
        QVERIFY(header.open(QIODevice::ReadOnly));
        ImportReader headerReader(&header, ImportFormat::Csv, 1, 30);
        const Result<bool> broken = headerReader.read(chunk);
        QVERIFY(!broken.ok());
        QCOMPARE(broken.error().kind, ServiceError::Kind::BadRequest);
        QCOMPARE(broken.error().message,
                 QStringLiteral("Line 1: the header is longer than 30 bytes (the import limit)"));
    }

    void overlongLineInAFileImportsNothing()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        QTemporaryDir dir;
        QByteArray data = csvRows(2500);
        data += "," + QByteArray(kMaxImportRecordBytes, 'y') + ",,ops,pending,1,0,,,,,\r\n";
        data += rowId(9999).toString(QUuid::WithoutBraces).toLatin1() + ",last,,,,,,,,,,\r\n";
        const QString path = writeFile(dir, QStringLiteral("long.csv"), data);
        const Result<ImportCheck> check = checkImportFile(path, 1);
        QVERIFY(check.ok());
        QCOMPARE(check.value().records, 2502);
        QCOMPARE(check.value().rejected, 1);
        const int longLine = 2 + 2500 + 357; // 357 two-line records before it
        QCOMPARE(errorList(check.value().errors),
                 QStringList{QStringLiteral("line %1:record_too_long").arg(longLine)});
        const Result<ImportSummary> summary =
            wait(service.importFile(path, check.value(), 1, operatorUser(), {}));
        QVERIFY(summary.ok());
        QCOMPARE(summary.value().imported, 0);
        QCOMPARE(wait(service.metrics()).value().total(), 0);
    }

    void truncatedOrGarbageFilesAreClearErrors()
    {
        QTemporaryDir dir;
        // Cut inside a quoted field: the line where the quote opened is named.
        QByteArray data = csvRows(3000);
        const qsizetype cut = data.indexOf("\"First", data.size() - 2000) + 8;
        const QString truncated = writeFile(dir, QStringLiteral("truncated.csv"), data.left(cut));
        const Result<ImportCheck> t = checkImportFile(truncated, 1);
        QVERIFY(!t.ok());
        QCOMPARE(t.error().kind, ServiceError::Kind::BadRequest);
        QVERIFY2(t.error().message.startsWith(QStringLiteral("Malformed CSV: Line ")) &&
                     t.error().message.endsWith(QStringLiteral(": unterminated quoted field")),
                 qPrintable(t.error().message));
        const int line = int(data.left(cut).count('\n')) + 1;
        QCOMPARE(t.error().message,
                 QStringLiteral("Malformed CSV: Line %1: unterminated quoted field").arg(line));

        // Bytes that are not text, after a good start: named by line, nothing written.
        QByteArray garbage = csvRows(10);
        for (int i = 0; i < 4096; ++i)
            garbage += char((i * 7919) % 251 + 3);
        const Result<ImportCheck> g =
            checkImportFile(writeFile(dir, QStringLiteral("garbage.csv"), garbage), 1);
        QVERIFY(!g.ok());
        QCOMPARE(g.error().kind, ServiceError::Kind::BadRequest);
        QVERIFY2(g.error().message.startsWith(QStringLiteral("Malformed CSV: Line 13")),
                 qPrintable(g.error().message));

        // The same bytes as JSON Lines: every line a rejected row, the file read to its end.
        const Result<ImportCheck> j =
            checkImportFile(writeFile(dir, QStringLiteral("garbage.jsonl"), garbage), 1);
        QVERIFY(j.ok());
        QCOMPARE(j.value().valid, 0);
        QCOMPARE(j.value().rejected, j.value().records);
        QVERIFY(j.value().records > 10);

        // A missing file.
        const Result<ImportCheck> missing = checkImportFile(dir.filePath(QStringLiteral("no")), 1);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().kind, ServiceError::Kind::BadRequest);
    }

    void repeatedIdAcrossChunksIsNamed()
    {
        QTemporaryDir dir;
        QList<int> lines;
        QByteArray data = csvRows(4500, &lines);
        data.replace(rowId(4321).toString(QUuid::WithoutBraces).toLatin1(),
                     rowId(12).toString(QUuid::WithoutBraces).toLatin1());
        data.replace(rowId(4400).toString(QUuid::WithoutBraces).toLatin1(),
                     rowId(5).toString(QUuid::WithoutBraces).toLatin1());
        const Result<ImportCheck> check =
            checkImportFile(writeFile(dir, QStringLiteral("twins.csv"), data), 1);
        QVERIFY(check.ok());
        QVERIFY(check.value().conflict.has_value());
        QCOMPARE(check.value().conflict->kind, ServiceError::Kind::Conflict);
        QCOMPARE(check.value().conflict->message,
                 QStringLiteral("Line %1: task id %2 appears again (first on line %3)")
                     .arg(lines.at(4321))
                     .arg(rowId(12).toString(QUuid::WithoutBraces))
                     .arg(lines.at(12)));
    }

    void fileChangedBetweenPassesImportsNothing()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("moving.csv"), csvRows(2100));
        const Result<ImportCheck> check = checkImportFile(path, 1);
        QVERIFY(check.ok());
        QVERIFY(!writeFile(dir, QStringLiteral("moving.csv"), csvRows(2101)).isEmpty());
        const Result<ImportSummary> changed =
            wait(service.importFile(path, check.value(), 1, operatorUser(), {}));
        QVERIFY(!changed.ok());
        QCOMPARE(changed.error().kind, ServiceError::Kind::BadRequest);
        QCOMPARE(changed.error().message,
                 QStringLiteral("The file changed during the import (2101 rows now, 2100 "
                                "before); nothing imported"));
        QCOMPARE(wait(service.metrics()).value().total(), 0);
    }

    void failedJobIsReportedNotDropped()
    {
        // The hang of issue 13 item 7: a job that throws (std::bad_alloc under `ulimit -v`)
        // finishes its future without a result; whenReady used to drop it silently and the
        // import waited forever. The four-argument form reports it.
        QObject context;
        QString reason;
        bool delivered = false;
        QFuture<Result<ImportCheck>> thrown =
            QtConcurrent::run([]() -> Result<ImportCheck> { throw std::bad_alloc(); });
        whenReady(
            &context, thrown, [&delivered](const Result<ImportCheck> &) { delivered = true; },
            [&reason](const QString &why) { reason = why; });
        QTRY_COMPARE_WITH_TIMEOUT(reason, QStringLiteral("out of memory"), 5000);
        QVERIFY(!delivered);

        QFuture<int> cancelled = QtFuture::makeReadyFuture(1);
        QPromise<int> promise;
        QFuture<int> never = promise.future();
        promise.start();
        promise.future().cancel();
        promise.finish();
        QString cancelReason;
        whenReady(
            &context, never, [](int) {},
            [&cancelReason](const QString &why) { cancelReason = why; });
        QTRY_COMPARE_WITH_TIMEOUT(cancelReason, QStringLiteral("cancelled"), 5000);
        int value = 0;
        whenReady(
            &context, cancelled, [&value](int v) { value = v; }, [](const QString &) {});
        QTRY_COMPARE_WITH_TIMEOUT(value, 1, 5000);
    }
};

QTEST_GUILESS_MAIN(TestTaskImport)
#include "tst_taskimport.moc"
