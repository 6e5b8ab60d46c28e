// TaskRules: validation (code points, trimming, ranges), the transition table cell by cell and
// the server-managed timestamps.
#include "TaskRules.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace taskdeck;

class TestTaskRules : public QObject
{
    Q_OBJECT

private:
    static Task taskIn(TaskStatus status)
    {
        Task task;
        task.id = QUuid::createUuid();
        task.title = QStringLiteral("t");
        task.status = status;
        task.createdAt = 1000;
        task.updatedAt = 1000;
        if (status != TaskStatus::Pending)
            task.startedAt = 2000;
        if (status == TaskStatus::Completed || status == TaskStatus::Failed ||
            status == TaskStatus::Cancelled)
            task.completedAt = 3000;
        task.version = 4;
        return task;
    }

private slots:
    void titleCountsCodePoints()
    {
        NewTask task;
        task.title = QString(200, QChar(u'x'));
        QVERIFY(rules::validateNewTask(task).isEmpty());

        // 200 emoji = 400 UTF-16 units, still 200 code points
        QString emoji;
        for (int i = 0; i < 200; ++i)
            emoji += QString::fromUcs4(U"\U0001F680");
        task.title = emoji;
        QVERIFY(rules::validateNewTask(task).isEmpty());
        task.title = emoji + QStringLiteral("x");
        const FieldErrors errors = rules::validateNewTask(task);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().loc,
                 (QStringList{QStringLiteral("body"), QStringLiteral("title")}));
        QCOMPARE(errors.first().type, QStringLiteral("string_too_long"));
        QCOMPARE(errors.first().msg, QStringLiteral("String should have at most 200 characters"));
    }

    void titleIsTrimmedAndRequired()
    {
        NewTask task;
        task.title = QStringLiteral("  Buy bread \n");
        QVERIFY(rules::validateNewTask(task).isEmpty());
        QCOMPARE(task.title, QStringLiteral("Buy bread"));
        task.title = QStringLiteral("   ");
        const FieldErrors errors = rules::validateNewTask(task);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().type, QStringLiteral("string_too_short"));
    }

    void categoryTrimmedEmptyBecomesNull()
    {
        NewTask task;
        task.title = QStringLiteral("x");
        task.category = QStringLiteral("  ops  ");
        QVERIFY(rules::validateNewTask(task).isEmpty());
        QCOMPARE(task.category, std::optional<QString>(QStringLiteral("ops")));
        task.category = QStringLiteral("   ");
        QVERIFY(rules::validateNewTask(task).isEmpty());
        QVERIFY(!task.category.has_value());
        task.category = QString(65, QChar(u'c'));
        QCOMPARE(rules::validateNewTask(task).first().type, QStringLiteral("string_too_long"));
    }

    void descriptionLimit()
    {
        NewTask task;
        task.title = QStringLiteral("x");
        task.description = QString(10000, QChar(u'd'));
        QVERIFY(rules::validateNewTask(task).isEmpty());
        task.description = QString(10001, QChar(u'd'));
        const FieldErrors errors = rules::validateNewTask(task);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().loc.last(), QStringLiteral("description"));
    }

    void rangesAndStatus()
    {
        NewTask task;
        task.title = QStringLiteral("x");
        task.priority = 4;
        task.costE4 = kCostMaxE4 + 1;
        task.status = TaskStatus::Completed;
        const FieldErrors errors = rules::validateNewTask(task);
        QCOMPARE(errors.size(), 3);
        QCOMPARE(errors.at(0).type, QStringLiteral("less_than_equal"));
        QCOMPARE(errors.at(0).msg, QStringLiteral("Input should be less than or equal to 3"));
        QCOMPARE(errors.at(1).loc.last(), QStringLiteral("cost"));
        QCOMPARE(errors.at(1).msg, QStringLiteral("Input should be less than or equal to 1000000"));
        QCOMPARE(errors.at(2).loc.last(), QStringLiteral("status"));
        QCOMPARE(errors.at(2).type, QStringLiteral("enum"));

        task.priority = -1;
        task.costE4 = -1;
        task.status = TaskStatus::Pending;
        const FieldErrors low = rules::validateNewTask(task);
        QCOMPARE(low.size(), 2);
        QCOMPARE(low.at(0).type, QStringLiteral("greater_than_equal"));
        QCOMPARE(low.at(1).type, QStringLiteral("greater_than_equal"));

        task.priority = 0;
        task.costE4 = kCostMaxE4;
        QVERIFY(rules::validateNewTask(task).isEmpty());
    }

    void makeTaskSetsServerFields()
    {
        NewTask input;
        input.title = QStringLiteral("x");
        input.status = TaskStatus::InProgress;
        const Result<Task> made = rules::makeTask(input, QStringLiteral("ana"), 5000);
        QVERIFY(made.ok());
        QVERIFY(!made.value().id.isNull());
        QCOMPARE(made.value().createdAt, 5000);
        QCOMPARE(made.value().updatedAt, 5000);
        QCOMPARE(made.value().startedAt, std::optional<EpochMs>(5000));
        QVERIFY(!made.value().completedAt);
        QCOMPARE(made.value().version, 1);
        QCOMPARE(made.value().createdBy, std::optional<QString>(QStringLiteral("ana")));

        input.status = TaskStatus::Pending;
        const Result<Task> pending = rules::makeTask(input, QString(), 5000);
        QVERIFY(!pending.value().startedAt);
        QVERIFY(!pending.value().createdBy);

        input.status = TaskStatus::Failed;
        QCOMPARE(rules::makeTask(input, QString(), 1).error().kind, ServiceError::Kind::Validation);
    }

    void transitionTable_data()
    {
        QTest::addColumn<int>("from");
        QTest::addColumn<int>("to");
        QTest::addColumn<bool>("allowed");
        // docs/API.md: every cell of the 5 x 5 table
        const bool table[5][5] = {
            // to: pending in_progress completed failed cancelled
            {true, true, false, false, true},   // from pending (same = no-op)
            {true, true, true, true, true},     // from in_progress
            {false, false, true, false, false}, // from completed
            {true, false, false, true, false},  // from failed
            {true, false, false, false, true},  // from cancelled
        };
        for (TaskStatus from : kAllStatuses) {
            for (TaskStatus to : kAllStatuses) {
                const QByteArray name =
                    (statusName(from) + QStringLiteral("->") + statusName(to)).toUtf8();
                QTest::newRow(name.constData())
                    << int(from) << int(to) << table[int(from)][int(to)];
            }
        }
    }

    void transitionTable()
    {
        QFETCH(int, from);
        QFETCH(int, to);
        QFETCH(bool, allowed);
        const auto fromStatus = TaskStatus(from);
        const auto toStatus = TaskStatus(to);
        QCOMPARE(rules::isTransitionAllowed(fromStatus, toStatus), allowed);
        QCOMPARE(rules::allowedTransitions(fromStatus).contains(toStatus), allowed && from != to);

        const Task current = taskIn(fromStatus);
        TaskPatch patch;
        patch.status = toStatus;
        const Result<Task> next = rules::applyPatch(current, patch, 9000);
        if (!allowed) {
            QVERIFY(!next.ok());
            QCOMPARE(next.error().kind, ServiceError::Kind::Conflict);
            QCOMPARE(next.error().message, QStringLiteral("Illegal status transition from %1 to %2")
                                               .arg(statusName(fromStatus), statusName(toStatus)));
            return;
        }
        QVERIFY(next.ok());
        const Task &task = next.value();
        if (from == to) { // no-op: unchanged, same version
            QCOMPARE(task, current);
            return;
        }
        QCOMPARE(task.status, toStatus);
        QCOMPARE(task.updatedAt, 9000);
        QCOMPARE(task.version, current.version + 1);
        switch (toStatus) {
        case TaskStatus::InProgress:
            QCOMPARE(task.startedAt, std::optional<EpochMs>(9000));
            QVERIFY(!task.completedAt);
            break;
        case TaskStatus::Pending:
            QVERIFY(!task.startedAt);
            QVERIFY(!task.completedAt);
            break;
        default:
            QCOMPARE(task.startedAt, current.startedAt);
            QCOMPARE(task.completedAt, std::optional<EpochMs>(9000));
            break;
        }
    }

    void patchThatChangesNothingKeepsVersion()
    {
        const Task current = taskIn(TaskStatus::Pending);
        TaskPatch patch;
        patch.title = current.title;
        patch.priority = current.priority;
        const Result<Task> next = rules::applyPatch(current, patch, 9000);
        QVERIFY(next.ok());
        QCOMPARE(next.value(), current);
    }

    void patchFieldsAndValidation()
    {
        TaskPatch patch;
        patch.title = QStringLiteral("  New  ");
        patch.category = std::optional<QString>(QStringLiteral(" "));
        patch.priority = 9;
        const FieldErrors errors = rules::validatePatch(patch);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().loc.last(), QStringLiteral("priority"));
        QCOMPARE(*patch.title, QStringLiteral("New"));
        QVERIFY(patch.category.has_value() && !patch.category->has_value());

        patch.priority = 2;
        const Task current = taskIn(TaskStatus::Pending);
        const Result<Task> next = rules::applyPatch(current, patch, 7000);
        QVERIFY(next.ok());
        QCOMPARE(next.value().title, QStringLiteral("New"));
        QCOMPARE(next.value().priority, 2);
        QCOMPARE(next.value().version, 5);
        QCOMPARE(next.value().updatedAt, 7000);
    }

    void nulCharactersRefused()
    {
        NewTask task;
        task.title = QStringLiteral("a") + QChar(u'\0') + QStringLiteral("b");
        task.description = QString(QChar(u'\0'));
        const FieldErrors errors = rules::validateNewTask(task);
        QCOMPARE(errors.size(), 2);
        QCOMPARE(errors.at(0).loc.last(), QStringLiteral("title"));
        QCOMPARE(errors.at(1).loc.last(), QStringLiteral("description"));

        TaskPatch patch;
        const QString withNul = QStringLiteral("x") + QChar(u'\0');
        QJsonArray inner;
        inner.append(withNul);
        QJsonObject object;
        object.insert(QStringLiteral("k"), inner);
        patch.result = QJsonValue(object);
        patch.errorMessage = std::optional<QString>(QString(QChar(u'\0')));
        const FieldErrors patchErrors = rules::validatePatch(patch);
        QCOMPARE(patchErrors.size(), 2);
        QCOMPARE(patchErrors.at(0).loc.last(), QStringLiteral("error_message"));
        QCOMPARE(patchErrors.at(1).loc.last(), QStringLiteral("result"));
    }

    void importValidation()
    {
        Task task = taskIn(TaskStatus::Completed);
        task.title = QStringLiteral("  ok ");
        QVERIFY(rules::validateImportedTask(task, 3).isEmpty());
        QCOMPARE(task.title, QStringLiteral("ok"));

        task.completedAt = 1500; // before started_at (2000)
        const FieldErrors errors = rules::validateImportedTask(task, 3);
        QCOMPARE(errors.size(), 1);
        QCOMPARE(errors.first().loc,
                 (QStringList{QStringLiteral("line 3"), QStringLiteral("completed_at")}));
    }
};

QTEST_GUILESS_MAIN(TestTaskRules)
#include "tst_taskrules.moc"
