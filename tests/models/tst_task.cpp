#include "Task.h"
#include "User.h"

#include <QTest>

using namespace taskdeck;

class TestTask : public QObject
{
    Q_OBJECT

private slots:
    void statusNames()
    {
        const QStringList expected = {QStringLiteral("pending"), QStringLiteral("in_progress"),
                                      QStringLiteral("completed"), QStringLiteral("failed"),
                                      QStringLiteral("cancelled")};
        QStringList names;
        for (const TaskStatus status : kAllStatuses) {
            names.append(statusName(status));
            QCOMPARE(statusFromName(statusName(status)), std::optional<TaskStatus>(status));
        }
        QCOMPARE(names, expected);
        QCOMPARE(statusFromName(u"Pending"), std::nullopt);
        QCOMPARE(statusFromName(u"in-progress"), std::nullopt);
        QCOMPARE(statusFromName(u""), std::nullopt);
        QCOMPARE(statusFromName(u"pending "), std::nullopt);
    }

    void sortFieldNames()
    {
        const QStringList names = {QStringLiteral("created_at"), QStringLiteral("updated_at"),
                                   QStringLiteral("title"),      QStringLiteral("status"),
                                   QStringLiteral("priority"),   QStringLiteral("cost"),
                                   QStringLiteral("category")};
        for (int i = 0; i < names.size(); ++i) {
            const auto field = static_cast<TaskSortField>(i);
            QCOMPARE(sortFieldName(field), names.at(i));
            QCOMPARE(sortFieldFromName(names.at(i)), std::optional<TaskSortField>(field));
        }
        QCOMPARE(sortFieldFromName(u"id"), std::nullopt);
        QCOMPARE(sortFieldFromName(u"CREATED_AT"), std::nullopt);
    }

    void roleNames()
    {
        QCOMPARE(roleName(Role::Admin), QStringLiteral("admin"));
        QCOMPARE(roleName(Role::Operator), QStringLiteral("operator"));
        QCOMPARE(roleName(Role::Viewer), QStringLiteral("viewer"));
        QCOMPARE(roleFromName(u"admin"), std::optional<Role>(Role::Admin));
        QCOMPARE(roleFromName(u"operator"), std::optional<Role>(Role::Operator));
        QCOMPARE(roleFromName(u"viewer"), std::optional<Role>(Role::Viewer));
        QCOMPARE(roleFromName(u"Admin"), std::nullopt);
        QCOMPARE(roleFromName(u"root"), std::nullopt);
    }

    void executionTime()
    {
        Task task;
        QCOMPARE(task.executionTimeMs(), std::nullopt);
        task.startedAt = 1000;
        QCOMPARE(task.executionTimeMs(), std::nullopt);
        task.completedAt = 41120;
        QCOMPARE(task.executionTimeMs(), std::optional<qint64>(40120));
        task.startedAt.reset();
        QCOMPARE(task.executionTimeMs(), std::nullopt);
    }

    void patchIsEmpty()
    {
        TaskPatch patch;
        QVERIFY(patch.isEmpty());
        patch.description = std::optional<QString>(); // "set to null" is a change
        QVERIFY(!patch.isEmpty());
        patch = {};
        patch.result = QJsonValue(QJsonValue::Null);
        QVERIFY(!patch.isEmpty());
        patch = {};
        patch.priority = 0;
        QVERIFY(!patch.isEmpty());
        patch = {};
        patch.errorMessage = std::optional<QString>(QStringLiteral("x"));
        QVERIFY(!patch.isEmpty());
    }
};

QTEST_APPLESS_MAIN(TestTask)
#include "tst_task.moc"
