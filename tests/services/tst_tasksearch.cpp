// Substring search (q=) on SQLite and PostgreSQL (issue 9 item 2): the semantics stay those of
// TaskRepository::searchText/likePattern (Unicode case folding as QString::toCaseFolded, `%`,
// `_` and `!` literal, 1-2 character needles), now also for rows written with plain SQL: the
// database folds every code point exactly as Qt does (migration 012), for inserts without
// search_text and for title/description updates. PostgreSQL: the trigram index serves a
// selective needle, and a database without it answers the same.
#include "ConnectionPool.h"
#include "TaskRepository.h"
#include "TaskService.h"
#include "TestDatabase.h"

#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace taskdeck;
using taskdeck::test::TestDatabase;
using taskdeck::test::wait;

namespace {

constexpr EpochMs kBase = 1'780'000'000'000;

Task makeTask(const QString &title, const std::optional<QString> &description, int n)
{
    Task task;
    task.id = QUuid::createUuid();
    task.title = title;
    task.description = description;
    task.createdAt = kBase + n;
    task.updatedAt = task.createdAt;
    return task;
}

/// Inserts a task with plain SQL (no search_text: the database fills it); false on error.
bool insertPlain(QSqlDatabase &db, bool postgres, const QString &id, const QString &title,
                 const QVariant &description)
{
    QSqlQuery query(db);
    query.prepare(postgres
                      ? QStringLiteral("INSERT INTO tasks (id, title, description, created_at, "
                                       "updated_at) VALUES (CAST(? AS uuid), ?, ?, ?, ?)")
                      : QStringLiteral("INSERT INTO tasks (id, title, description, created_at, "
                                       "updated_at) VALUES (?, ?, ?, ?, ?)"));
    query.addBindValue(id);
    query.addBindValue(title);
    query.addBindValue(description);
    query.addBindValue(qlonglong(kBase));
    query.addBindValue(qlonglong(kBase));
    if (!query.exec()) {
        qWarning("plain insert failed: %s", qPrintable(query.lastError().text()));
        return false;
    }
    return true;
}

QString storedSearchText(QSqlDatabase &db, bool postgres, const QString &id)
{
    QSqlQuery query(db);
    query.prepare(postgres
                      ? QStringLiteral("SELECT search_text FROM tasks WHERE id = CAST(? AS uuid)")
                      : QStringLiteral("SELECT search_text FROM tasks WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec() || !query.next())
        return QStringLiteral("<no row>");
    return query.value(0).toString();
}

/// Every task id list(q=needle) returns, all pages.
QSet<QUuid> searchIds(TaskService &service, const QString &needle)
{
    TaskFilter filter;
    filter.search = needle;
    QSet<QUuid> ids;
    for (qint64 offset = 0;; offset += kMaxPageLimit) {
        const Result<TaskPage> page = wait(service.list(filter, offset, kMaxPageLimit));
        if (!page.ok()) {
            qWarning("search failed: %s", qPrintable(page.error().message));
            return {QUuid()};
        }
        for (const Task &task : page.value().tasks)
            ids.insert(task.id);
        if (page.value().tasks.size() < kMaxPageLimit)
            return ids;
    }
}

/// The reference: tasks whose folded title + LF + description holds the folded needle.
QSet<QUuid> expectedIds(const QList<Task> &tasks, const QString &needle)
{
    QSet<QUuid> ids;
    for (const Task &task : tasks) {
        if (TaskRepository::searchText(task.title, task.description)
                .contains(needle.toCaseFolded()))
            ids.insert(task.id);
    }
    return ids;
}

} // namespace

class TestTaskSearch : public QObject
{
    Q_OBJECT

private slots:
    /// The database's fold (migration 012) gives what QString::toCaseFolded gives, for every
    /// code point of Unicode (surrogates and NUL excepted), inserted with plain SQL in chunks.
    void databaseFoldsEveryCodePointAsQt()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        QVERIFY(db.pool());
        QSqlDatabase sql = db.openConnection(QStringLiteral("fold"));
        QVERIFY(sql.isOpen());
        constexpr int kChunk = 4000; // code points per description (the limit is 10,000)
        QList<char32_t> points;
        for (char32_t cp = 1; cp <= 0x10FFFF; ++cp) {
            if (cp < 0xD800 || cp > 0xDFFF)
                points.append(cp);
        }
        int mismatches = 0;
        for (qsizetype first = 0; first < points.size(); first += kChunk) {
            const qsizetype n = std::min<qsizetype>(kChunk, points.size() - first);
            const QString description = QString::fromUcs4(points.constData() + first, n);
            const QString title = QStringLiteral("Chunk %1 ÄΣ").arg(first);
            const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            QVERIFY(insertPlain(sql, db.isPostgres(), id, title, description));
            const QString expected = TaskRepository::searchText(title, description);
            // Compared in the database: reading text back through the driver may replace
            // noncharacters (SQLite turns U+FFFE into U+FFFD when it converts to UTF-16).
            QSqlQuery same(sql);
            same.prepare(
                db.isPostgres()
                    ? QStringLiteral("SELECT search_text = ? FROM tasks WHERE id = CAST(? AS uuid)")
                    : QStringLiteral("SELECT search_text = ? FROM tasks WHERE id = ?"));
            same.addBindValue(expected);
            same.addBindValue(id);
            QVERIFY2(same.exec() && same.next(), qPrintable(same.lastError().text()));
            if (!same.value(0).toBool()) {
                ++mismatches;
                const QList<uint> a = storedSearchText(sql, db.isPostgres(), id).toUcs4();
                const QList<uint> b = expected.toUcs4();
                for (qsizetype i = 0; i < std::min(a.size(), b.size()); ++i) {
                    if (a.at(i) != b.at(i)) {
                        qWarning("first difference: database U+%04X, Qt U+%04X", a.at(i), b.at(i));
                        break;
                    }
                }
            }
        }
        QCOMPARE(mismatches, 0);
    }

    /// q= over tasks written by the application and by plain SQL: Unicode case folding (Latin,
    /// Greek with final sigma, Cyrillic, Cherokee, Kelvin sign), `%`, `_` and `!` literal, 1-2
    /// character needles; every result equal to the reference.
    void semanticsUnchanged()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        const QStringList titles{QStringLiteral("ärger im Büro"),
                                 QStringLiteral("ÄRGER groß"),
                                 QStringLiteral("Straße"),
                                 QStringLiteral("ΟΔΥΣΣΕΥΣ"),
                                 QStringLiteral("οδυσσευς"),
                                 QStringLiteral("Хлеб и соль"),
                                 QStringLiteral("ХЛЕБ"),
                                 QStringLiteral("100% done_ok"),
                                 QStringLiteral("100 percent doneXok"),
                                 QStringLiteral("bang! here"),
                                 QStringLiteral("Ꭰ cherokee ꭰ"),
                                 QStringLiteral("5 K kelvin"),
                                 QStringLiteral("a_b"),
                                 QStringLiteral("aXb"),
                                 QStringLiteral("x"),
                                 QStringLiteral("Escalation for mobile app")};
        QList<Task> tasks;
        for (int i = 0; i < titles.size(); ++i)
            tasks << makeTask(titles.at(i),
                              i % 3 == 0
                                  ? std::optional<QString>(QStringLiteral("Beschreibung ÜBER"))
                                  : std::nullopt,
                              i);
        const Result<qint64> written = wait(db.pool()->run<qint64>([tasks](QSqlDatabase &sql) {
            return TaskRepository::importTasks(sql, tasks, {}, {});
        }));
        QVERIFY(written.ok());
        // The same titles again, inserted with plain SQL (search_text filled by the database).
        QSqlDatabase sql = db.openConnection(QStringLiteral("plain"));
        for (int i = 0; i < titles.size(); ++i) {
            Task task = makeTask(titles.at(i), std::nullopt, 100 + i);
            QVERIFY(insertPlain(sql, db.isPostgres(), task.id.toString(QUuid::WithoutBraces),
                                task.title, QVariant(QMetaType::fromType<QString>())));
            tasks << task;
        }
        const QStringList needles{
            QStringLiteral("ÄRGER"),  QStringLiteral("ärger"),   QStringLiteral("Ä"),
            QStringLiteral("üb"),     QStringLiteral("STRASSE"), QStringLiteral("straße"),
            QStringLiteral("ß"),      QStringLiteral("Σ"),       QStringLiteral("ς"),
            QStringLiteral("σσευσ"),  QStringLiteral("ΟΔΥΣ"),    QStringLiteral("хлеб"),
            QStringLiteral("Хл"),     QStringLiteral("СОЛЬ"),    QStringLiteral("%"),
            QStringLiteral("0%"),     QStringLiteral("_"),       QStringLiteral("e_o"),
            QStringLiteral("a_b"),    QStringLiteral("!"),       QStringLiteral("g! h"),
            QStringLiteral("ꭰ"),    QStringLiteral("Ꭰ"),       QStringLiteral("k"),
            QStringLiteral("\u212A"), QStringLiteral("x"),       QStringLiteral("ESCALATION FOR"),
            QStringLiteral("zzz"),    QStringLiteral(" "),       QStringLiteral("\n")};
        for (const QString &needle : needles) {
            const QSet<QUuid> expected = expectedIds(tasks, needle);
            QCOMPARE(searchIds(service, needle), expected);
        }
        // Spot checks of the reference itself.
        QCOMPARE(expectedIds(tasks, QStringLiteral("ÄRGER")).size(), 4);
        QCOMPARE(expectedIds(tasks, QStringLiteral("%")).size(), 2);
        QCOMPARE(expectedIds(tasks, QStringLiteral("a_b")).size(), 2);
        QCOMPARE(expectedIds(tasks, QStringLiteral("Σ")).size(), 4);
    }

    /// A title or description changed with plain SQL: the search finds the new text and no
    /// longer the old one; a statement that changes neither leaves search_text alone.
    void plainSqlUpdateKeepsSearchRight()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        const Task task = makeTask(QStringLiteral("Alter Titel"), QStringLiteral("alte Notiz"), 1);
        const Result<qint64> written = wait(db.pool()->run<qint64>([task](QSqlDatabase &sql) {
            return TaskRepository::importTasks(sql, {task}, {}, {});
        }));
        QVERIFY(written.ok());
        const QString id = task.id.toString(QUuid::WithoutBraces);
        const QString where = db.isPostgres()
                                  ? QStringLiteral(" WHERE id = CAST('%1' AS uuid)").arg(id)
                                  : QStringLiteral(" WHERE id = '%1'").arg(id);
        QCOMPARE(searchIds(service, QStringLiteral("TITEL")), QSet<QUuid>{task.id});

        QVERIFY(db.execSql(QStringLiteral("UPDATE tasks SET title = 'ΣΟΦΊΑ Größe'") + where));
        QCOMPARE(searchIds(service, QStringLiteral("TITEL")), QSet<QUuid>{});
        QCOMPARE(searchIds(service, QStringLiteral("σοφία")), QSet<QUuid>{task.id});
        QCOMPARE(searchIds(service, QStringLiteral("GRÖSSE")), QSet<QUuid>{});
        QCOMPARE(searchIds(service, QStringLiteral("GRÖßE")), QSet<QUuid>{task.id});
        QCOMPARE(searchIds(service, QStringLiteral("notiz")), QSet<QUuid>{task.id});

        QVERIFY(db.execSql(QStringLiteral("UPDATE tasks SET description = 'Neue NOTIZ'") + where));
        QCOMPARE(searchIds(service, QStringLiteral("alte")), QSet<QUuid>{});
        QCOMPARE(searchIds(service, QStringLiteral("neue notiz")), QSet<QUuid>{task.id});

        QVERIFY(db.execSql(QStringLiteral("UPDATE tasks SET description = NULL") + where));
        QCOMPARE(searchIds(service, QStringLiteral("notiz")), QSet<QUuid>{});

        // Other columns changed with plain SQL: the text stays.
        QVERIFY(db.execSql(QStringLiteral("UPDATE tasks SET priority = 3") + where));
        QCOMPARE(searchIds(service, QStringLiteral("σοφ")), QSet<QUuid>{task.id});

        // The stored text is exactly what the application writes.
        QSqlDatabase sql = db.openConnection(QStringLiteral("read"));
        QCOMPARE(storedSearchText(sql, db.isPostgres(), id),
                 TaskRepository::searchText(QStringLiteral("ΣΟΦΊΑ Größe"), std::nullopt));

        // The application's own update still writes its text (the trigger stays out of it).
        TaskPatch patch;
        patch.title = QStringLiteral("Dritter Titel");
        const Result<Task> updated =
            wait(service.update(task.id, patch, std::nullopt, test::operatorUser()));
        QVERIFY(updated.ok());
        QCOMPARE(searchIds(service, QStringLiteral("DRITTER")), QSet<QUuid>{task.id});
        QCOMPARE(searchIds(service, QStringLiteral("σοφ")), QSet<QUuid>{});
    }

    /// PostgreSQL: a selective needle of 3+ characters is read through the trigram index; without
    /// the index (pg_trgm missing) the same searches give the same answers by scanning.
    void trigramIndexServesSearch()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        if (!db.isPostgres())
            QSKIP("PostgreSQL only (the trigram index)");
        TaskService service(db.pool());
        QList<Task> tasks;
        for (int i = 0; i < 3000; ++i)
            tasks << makeTask(QStringLiteral("Routine task %1").arg(i),
                              i % 500 == 0
                                  ? std::optional<QString>(QStringLiteral("Escalation 50%"))
                                  : std::nullopt,
                              i);
        const Result<qint64> written = wait(db.pool()->run<qint64>([tasks](QSqlDatabase &sql) {
            return TaskRepository::importTasks(sql, tasks, {}, {});
        }));
        QVERIFY(written.ok());
        QVERIFY(db.execSql(QStringLiteral("ANALYZE tasks")));
        // 3,000 rows are few enough to scan: ask whether the index can serve the pattern at all.
        QVERIFY(db.execSql(QStringLiteral("SET enable_seqscan = off")));
        QVariant plan;
        QVERIFY(db.scalar(
            QStringLiteral("EXPLAIN (FORMAT JSON) SELECT id FROM tasks WHERE search_text LIKE "
                           "'%escalation 50!%%' ESCAPE '!'"),
            &plan));
        QVERIFY2(plan.toString().contains(QStringLiteral("tasks_search_trgm_idx")),
                 qPrintable(plan.toString()));
        const QStringList needles{QStringLiteral("ESCALATION"), QStringLiteral("50%"),
                                  QStringLiteral("5"), QStringLiteral("task 29"),
                                  QStringLiteral("zz")};
        QList<QSet<QUuid>> withIndex;
        for (int round = 0; round < 7; ++round) { // beyond the 5 runs before a generic plan
            for (const QString &needle : needles) {
                const QSet<QUuid> found = searchIds(service, needle);
                QCOMPARE(found, expectedIds(tasks, needle));
                if (round == 0)
                    withIndex << found;
            }
        }
        QVERIFY(db.execSql(QStringLiteral("DROP INDEX tasks_search_trgm_idx")));
        for (qsizetype i = 0; i < needles.size(); ++i)
            QCOMPARE(searchIds(service, needles.at(i)), withIndex.at(i));
    }

    /// PostgreSQL: a phrase of common words at 20,000 rows is read through a probe of a few rare
    /// trigrams (TrigramSample) with the count and the first page in one statement (rows holding
    /// both words but not the phrase are candidates the needle must drop); every page,
    /// total and cursor walk is the same as the plain scan's after the index is dropped, for
    /// sorts with and without a null range, both orders, and an offset past the last match.
    void probeAnswersAsThePlainNeedle()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        if (!db.isPostgres())
            QSKIP("PostgreSQL only (the trigram index)");
        QList<Task> tasks;
        for (int i = 0; i < 20000; ++i) {
            const int kind = i % 100;
            const QString title = kind < 2    ? QStringLiteral("Escalation for mobile app %1")
                                  : kind < 12 ? QStringLiteral("Escalation for desktop %1")
                                  : kind < 20 ? QStringLiteral("Review for mobile %1")
                                  : kind < 22 ? QStringLiteral("Mobile escalation, not for %1")
                                              : QStringLiteral("Routine task %1");
            Task task = makeTask(title.arg(i), std::nullopt, i);
            if (i % 3 != 0)
                task.category = QStringLiteral("cat%1").arg(i % 5);
            if (i % 4 == 0) {
                task.status = TaskStatus::Completed;
                task.startedAt = task.createdAt;
                task.completedAt = task.createdAt + 1000 + i % 7; // ties
            }
            tasks << task;
        }
        const Result<qint64> written = wait(db.pool()->run<qint64>([tasks](QSqlDatabase &sql) {
            return TaskRepository::importTasks(sql, tasks, {}, {});
        }));
        QVERIFY(written.ok());
        QVERIFY(db.execSql(QStringLiteral("ANALYZE tasks")));
        // 20,000 short rows are still cheaper to scan than to read through the index (at 1M the
        // planner picks the index by itself): new connections of a second pool scan no more.
        QVERIFY(db.execSql(QStringLiteral("ALTER DATABASE ") + db.config().databaseName +
                           QStringLiteral(" SET enable_seqscan = off")));
        ConnectionPool pool(db.config(), 2);
        TaskService service(&pool);

        const QString needle = QStringLiteral("ESCALATION for Mobile");
        TaskFilter filter;
        filter.search = needle;
        const Result<QStringList> probe =
            wait(pool.run<QStringList>([filter](QSqlDatabase &sql) -> Result<QStringList> {
                if (!sql.transaction())
                    return ServiceError::internal();
                Result<QStringList> chosen = TaskRepository::searchProbe(sql, filter);
                sql.rollback();
                return chosen;
            }));
        QVERIFY(probe.ok());
        QVERIFY2(!probe.value().isEmpty() && probe.value().size() <= 3,
                 qPrintable(probe.value().join(QLatin1Char(','))));
        for (const QString &trigram : probe.value())
            QVERIFY2(trigram.size() == 3 && needle.toCaseFolded().contains(trigram),
                     qPrintable(trigram));
        const QSet<QUuid> expected = expectedIds(tasks, needle);
        QCOMPARE(expected.size(), 400);

        struct Case
        {
            TaskSortField sort;
            SortOrder order;
        };
        const QList<Case> cases{{TaskSortField::CreatedAt, SortOrder::Descending},
                                {TaskSortField::Title, SortOrder::Ascending},
                                {TaskSortField::Category, SortOrder::Descending},
                                {TaskSortField::CompletedAt, SortOrder::Ascending}};
        // Every page (ids in order, total, next key) for offsets 0, 7, 396 and 405, and the ids
        // of a cursor walk with totals, for each case.
        const auto answers = [&]() {
            QStringList out;
            for (const Case &c : cases) {
                TaskFilter f = filter;
                f.sort = c.sort;
                f.order = c.order;
                for (qint64 offset : {0, 7, 396, 405}) {
                    const Result<TaskPage> page = wait(service.list(f, offset, 7));
                    if (!page.ok())
                        return QStringList{page.error().message};
                    QStringList ids;
                    for (const Task &task : page.value().tasks)
                        ids << task.id.toString();
                    out << QStringLiteral("%1/%2/%3: total %4 next %5: %6")
                               .arg(int(c.sort))
                               .arg(int(c.order))
                               .arg(offset)
                               .arg(page.value().total)
                               .arg(page.value().nextKey.has_value())
                               .arg(ids.join(QLatin1Char(' ')));
                }
                QStringList walked;
                std::optional<TaskListKey> after;
                do {
                    const Result<TaskPage> page = wait(service.list(f, 0, 50, true, after));
                    if (!page.ok() || page.value().total != 400)
                        return QStringList{QStringLiteral("walk failed")};
                    for (const Task &task : page.value().tasks)
                        walked << task.id.toString();
                    after = page.value().nextKey;
                } while (after);
                out << walked.join(QLatin1Char(' '));
            }
            return out;
        };
        const QStringList throughProbe = answers();
        for (const QString &line : throughProbe) {
            if (line.contains(QLatin1String(": total")))
                QVERIFY2(line.contains(QLatin1String(": total 400 ")), qPrintable(line));
        }
        QCOMPARE(throughProbe.last().split(QLatin1Char(' ')).size(), 400);
        QSet<QUuid> walkedIds;
        for (const QString &id : throughProbe.last().split(QLatin1Char(' ')))
            walkedIds.insert(QUuid::fromString(id));
        QCOMPARE(walkedIds, expected);

        QVERIFY(db.execSql(QStringLiteral("DROP INDEX tasks_search_trgm_idx")));
        QCOMPARE(answers(), throughProbe);
    }
};

QTEST_GUILESS_MAIN(TestTaskSearch)
#include "tst_tasksearch.moc"
