// The task detail panel beside the table (TaskDetailPanel in TasksPage), on a real TaskService and
// ChangeFeed (SQLite and PostgreSQL): every field including the full description, `result` as
// indented JSON and the error message; the history from the audit trail as a timeline (who,
// when, before -> after), following live changes; Retry (failed/cancelled -> pending) with the
// version shown, refused with a notice when someone else changed the task first; a deleted task
// stays shown, marked deleted. Mark Failed's reason shows in the panel.
#include "ChangeFeed.h"
#include "TaskDetailPanel.h"
#include "TaskJson.h"
#include "TaskService.h"
#include "TaskTableModel.h"
#include "TasksPage.h"
#include "TestDatabase.h"

#include <QAction>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>

#include <ctime>

using namespace taskdeck;
using taskdeck::test::TestDatabase;
using taskdeck::test::wait;

namespace {

Principal named(const QString &name, Role role)
{
    return Principal{QUuid::createUuid(), name, role};
}

bool waitListening(ChangeFeed &feed)
{
    return QTest::qWaitFor(
        [&] {
            return feed.isReady() && feed.listenerState() == ChangeFeed::ListenerState::Connected;
        },
        10000);
}

/// "<when> · <who> · <what>" as the panel writes a timeline entry.
QString entryLine(const AuditEntry &entry, const QString &what)
{
    return QStringLiteral("%1 · %2 · %3")
        .arg(TaskTableModel::formatTimestamp(entry.at), entry.username, what);
}

void selectRow(TasksPage &page, int row)
{
    page.view()->selectionModel()->setCurrentIndex(page.model()->index(row, 0),
                                                   QItemSelectionModel::ClearAndSelect |
                                                       QItemSelectionModel::Rows);
}

} // namespace

class TaskDetailPanelTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        qputenv("TZ", "UTC");
        tzset();
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }

    void showsEveryFieldAndTheHistoryLive()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        ChangeFeed feed(db.pool());
        QVERIFY(waitListening(feed));
        const Principal ana = named(QStringLiteral("ana"), Role::Operator);
        const Principal bob = named(QStringLiteral("bob"), Role::Admin);

        NewTask draft;
        draft.title = QStringLiteral("Nightly export");
        // Longer than any table cell, with line breaks: the panel shows all of it.
        const QString description =
            QStringLiteral("Export every table.\nThen upload.\n") + QString(300, QLatin1Char('x'));
        draft.description = description;
        draft.category = QStringLiteral("reports");
        draft.priority = 2;
        draft.costE4 = 12'345;
        draft.status = TaskStatus::InProgress;
        const Task created = wait(service.create(draft, ana)).value();
        TaskPatch fail;
        fail.status = TaskStatus::Failed;
        fail.errorMessage = QStringLiteral("Disk full on export host");
        fail.result = QJsonObject{{QStringLiteral("rows"), 3},
                                  {QStringLiteral("errors"), QJsonArray{QStringLiteral("disk")}}};
        const Task failed = wait(service.update(created.id, fail, 1, bob)).value();

        TasksPage page(&service, ana, &feed);
        page.resize(1400, 800);
        page.show();
        TaskDetailPanel *panel = page.detailPanel();
        QVERIFY(panel);
        QVERIFY(panel->isVisible());
        QVERIFY(!panel->task());
        QTRY_VERIFY(page.model()->taskAt(0));
        selectRow(page, 0);
        QTRY_VERIFY(panel->task() && panel->task()->id == created.id);

        QCOMPARE(panel->fieldText(QStringLiteral("title")), QStringLiteral("Nightly export"));
        QCOMPARE(panel->fieldText(QStringLiteral("description")), description);
        QCOMPARE(panel->fieldText(QStringLiteral("status")), QStringLiteral("Failed"));
        QCOMPARE(panel->fieldText(QStringLiteral("priority")), QStringLiteral("High"));
        QCOMPARE(panel->fieldText(QStringLiteral("category")), QStringLiteral("reports"));
        QCOMPARE(panel->fieldText(QStringLiteral("cost")), QStringLiteral("1.2345 USD"));
        QCOMPARE(panel->fieldText(QStringLiteral("created_by")), QStringLiteral("ana"));
        QCOMPARE(panel->fieldText(QStringLiteral("created_at")),
                 TaskTableModel::formatTimestamp(failed.createdAt));
        QCOMPARE(panel->fieldText(QStringLiteral("started_at")),
                 TaskTableModel::formatTimestamp(*failed.startedAt));
        QCOMPARE(panel->fieldText(QStringLiteral("completed_at")),
                 TaskTableModel::formatTimestamp(*failed.completedAt));
        QCOMPARE(panel->fieldText(QStringLiteral("version")), QStringLiteral("2"));
        QCOMPARE(panel->fieldText(QStringLiteral("id")), created.id.toString(QUuid::WithoutBraces));
        QCOMPARE(panel->fieldText(QStringLiteral("error_message")),
                 QStringLiteral("Disk full on export host"));
        QVERIFY(panel->findChild<QWidget *>(QStringLiteral("detailErrorMessage"))->isVisible());
        QCOMPARE(
            panel->fieldText(QStringLiteral("result")),
            QStringLiteral("{\n    \"errors\": [\n        \"disk\"\n    ],\n    \"rows\": 3\n}"));

        // The history: newest first, who and when, before -> after.
        QTRY_COMPARE(panel->historyView()->topLevelItemCount(), 2);
        AuditPage history = wait(service.history(created.id, 0, 10)).value();
        QCOMPARE(history.total, 2);
        QCOMPARE(panel->historyLines(),
                 QStringList({
                     entryLine(history.entries.at(0), QStringLiteral("changed")),
                     QStringLiteral("  Status: In progress → Failed"),
                     QStringLiteral("  Error message: (none) → “Disk full on export host”"),
                     QStringLiteral("  Result: (none) → {\"errors\":[\"disk\"],\"rows\":3}"),
                     QStringLiteral("  Completed: (none) → %1")
                         .arg(TaskTableModel::formatTimestamp(*failed.completedAt)),
                     entryLine(history.entries.at(1), QStringLiteral("created the task")),
                     QStringLiteral("  Title: “Nightly export”"),
                     QStringLiteral("  Description: “Export every table.↵Then upload.↵") +
                         QString(46, QLatin1Char('x')) + QStringLiteral("…”"),
                     QStringLiteral("  Category: “reports”"),
                     QStringLiteral("  Status: In progress"),
                     QStringLiteral("  Priority: High"),
                     QStringLiteral("  Cost: 1.2345 USD"),
                     QStringLiteral("  Started: %1")
                         .arg(TaskTableModel::formatTimestamp(*failed.startedAt)),
                 }));
        // The full text of a shortened change is its tooltip.
        QCOMPARE(panel->historyView()->topLevelItem(1)->child(1)->toolTip(0),
                 QStringLiteral("Description: “%1”")
                     .arg(QString(description).replace(QLatin1Char('\n'), QChar(0x21B5))));

        // Someone else changes the task (another service, as the API would): the panel follows
        // through the change feed, and the timeline gains the entry.
        TaskService other(db.pool());
        TaskPatch lower;
        lower.priority = 0;
        lower.category = std::optional<QString>();
        QVERIFY(wait(other.update(created.id, lower, std::nullopt, bob)).ok());
        QTRY_COMPARE(panel->fieldText(QStringLiteral("priority")), QStringLiteral("Low"));
        QCOMPARE(panel->fieldText(QStringLiteral("category")), QStringLiteral("(none)"));
        QCOMPARE(panel->fieldText(QStringLiteral("version")), QStringLiteral("3"));
        QTRY_COMPARE(panel->historyView()->topLevelItemCount(), 3);
        history = wait(service.history(created.id, 0, 10)).value();
        QCOMPARE(panel->historyLines().mid(0, 3),
                 QStringList({entryLine(history.entries.at(0), QStringLiteral("changed")),
                              QStringLiteral("  Category: “reports” → (none)"),
                              QStringLiteral("  Priority: High → Low")}));

        // Deleted by someone else: still shown, marked deleted, no Retry, history complete.
        QVERIFY(panel->retryButton()->isVisible());
        QVERIFY(wait(other.remove(created.id, bob)).ok());
        QTRY_VERIFY(panel->isDeleted());
        QCOMPARE(panel->noticeText(),
                 QStringLiteral("This task was deleted. Its last version and history stay shown "
                                "here."));
        QVERIFY(!panel->retryButton()->isVisible());
        QTRY_COMPARE(panel->historyView()->topLevelItemCount(), 4);
        history = wait(service.history(created.id, 0, 10)).value();
        QCOMPARE(panel->historyLines().first(),
                 entryLine(history.entries.at(0), QStringLiteral("deleted the task")));
        QCOMPARE(panel->fieldText(QStringLiteral("title")), QStringLiteral("Nightly export"));
    }

    void retryMovesAFailedTaskBackToPending()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        ChangeFeed feed(db.pool());
        QVERIFY(waitListening(feed));
        const Principal ana = named(QStringLiteral("ana"), Role::Operator);
        NewTask draft;
        draft.title = QStringLiteral("Resize images");
        draft.status = TaskStatus::InProgress;
        const Task created = wait(service.create(draft, ana)).value();

        TasksPage page(&service, ana, &feed);
        page.resize(1400, 800);
        page.show();
        QTRY_VERIFY(page.model()->taskAt(0));
        selectRow(page, 0);
        TaskDetailPanel *panel = page.detailPanel();
        QTRY_VERIFY(panel->task() && panel->task()->id == created.id);
        QVERIFY(!panel->retryButton()->isVisible()); // in progress: nothing to retry

        // Mark Failed from the window asks for the reason; the panel shows it.
        page.statusAction(TaskStatus::Failed)->trigger();
        QInputDialog *ask = nullptr;
        QTRY_VERIFY((ask = page.findChild<QInputDialog *>(QStringLiteral("failReasonDialog"))) &&
                    ask->isVisible());
        ask->setTextValue(QStringLiteral("Out of memory"));
        ask->accept();
        QTRY_COMPARE(panel->fieldText(QStringLiteral("status")), QStringLiteral("Failed"));
        QCOMPARE(panel->fieldText(QStringLiteral("error_message")),
                 QStringLiteral("Out of memory"));
        QTRY_VERIFY(panel->retryButton()->isVisible());
        const Task failed = wait(service.get(created.id)).value();
        QCOMPARE(failed.errorMessage, std::optional<QString>(QStringLiteral("Out of memory")));

        QSignalSpy messages(panel, &TaskDetailPanel::statusMessage);
        QTest::mouseClick(panel->retryButton(), Qt::LeftButton);
        QTRY_COMPARE(messages.size(), 1);
        QCOMPARE(messages.at(0).at(0).toString(),
                 QStringLiteral("“Resize images” is pending again."));
        const Task retried = wait(service.get(created.id)).value();
        QCOMPARE(retried.status, TaskStatus::Pending);
        QCOMPARE(retried.version, 3);
        QVERIFY(!retried.startedAt);
        QCOMPARE(panel->fieldText(QStringLiteral("status")), QStringLiteral("Pending"));
        QVERIFY(!panel->retryButton()->isVisible());
        QTRY_COMPARE(panel->historyView()->topLevelItemCount(), 3);
        const AuditPage history = wait(service.history(created.id, 0, 10)).value();
        QCOMPARE(history.entries.at(0).username, QStringLiteral("ana"));
        QCOMPARE(panel->historyLines().mid(0, 4),
                 QStringList({entryLine(history.entries.at(0), QStringLiteral("changed")),
                              QStringLiteral("  Status: Failed → Pending"),
                              QStringLiteral("  Started: %1 → (none)")
                                  .arg(TaskTableModel::formatTimestamp(*failed.startedAt)),
                              QStringLiteral("  Completed: %1 → (none)")
                                  .arg(TaskTableModel::formatTimestamp(*failed.completedAt))}));
    }

    void retryMeetsSomeoneElsesChange()
    {
        // The panel without a feed does not hear of the other change: the retry goes out with
        // the version shown, is refused, and the panel shows their version and what changed.
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        const Principal ana = named(QStringLiteral("ana"), Role::Operator);
        NewTask draft;
        draft.title = QStringLiteral("Send invoices");
        const Task created = wait(service.create(draft, ana)).value();
        TaskPatch cancel;
        cancel.status = TaskStatus::Cancelled;
        const Task cancelled = wait(service.update(created.id, cancel, 1, ana)).value();

        TaskDetailPanel panel(&service, ana, nullptr);
        panel.resize(500, 700);
        panel.show();
        panel.showTask(cancelled);
        QVERIFY(panel.retryButton()->isVisible());
        QTRY_COMPARE(panel.historyView()->topLevelItemCount(), 2);

        TaskPatch theirs;
        theirs.priority = 3;
        theirs.title = QStringLiteral("Send invoices (urgent)");
        QVERIFY(wait(service.update(created.id, theirs, std::nullopt,
                                    named(QStringLiteral("bob"), Role::Operator)))
                    .ok());

        QTest::mouseClick(panel.retryButton(), Qt::LeftButton);
        QTRY_VERIFY(!panel.noticeText().isEmpty());
        QCOMPARE(panel.noticeText(),
                 QStringLiteral("Not retried: someone else changed this task first.\n"
                                "• Title: “Send invoices” → “Send invoices (urgent)”\n"
                                "• Priority: Normal → Critical\n"
                                "Retry again if it is still needed."));
        Task stored = wait(service.get(created.id)).value();
        QCOMPARE(stored.status, TaskStatus::Cancelled); // nothing saved over their change
        QCOMPARE(stored.version, 3);
        QCOMPARE(panel.fieldText(QStringLiteral("title")),
                 QStringLiteral("Send invoices (urgent)"));
        QCOMPARE(panel.fieldText(QStringLiteral("version")), QStringLiteral("3"));
        QTRY_COMPARE(panel.historyView()->topLevelItemCount(), 3);

        // Retrying again, now with the version shown, works.
        QTRY_VERIFY(panel.retryButton()->isEnabled());
        QTest::mouseClick(panel.retryButton(), Qt::LeftButton);
        QTRY_COMPARE(panel.fieldText(QStringLiteral("status")), QStringLiteral("Pending"));
        QCOMPARE(panel.noticeText(), QString());
        stored = wait(service.get(created.id)).value();
        QCOMPARE(stored.status, TaskStatus::Pending);
        QCOMPARE(stored.priority, 3);
        QCOMPARE(stored.version, 4);
    }

    void retryAnswerAfterAnotherTaskWasSelected()
    {
        // The answer of a retry arrives after the user selected another task: the panel keeps
        // showing that one (the retry's outcome goes to the status bar).
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        const Principal ana = named(QStringLiteral("ana"), Role::Operator);
        NewTask draft;
        draft.title = QStringLiteral("Retried");
        const Task first = wait(service.create(draft, ana)).value();
        TaskPatch cancel;
        cancel.status = TaskStatus::Cancelled;
        const Task cancelled = wait(service.update(first.id, cancel, 1, ana)).value();
        draft.title = QStringLiteral("Looked at next");
        const Task next = wait(service.create(draft, ana)).value();

        TaskDetailPanel panel(&service, ana, nullptr);
        panel.show();
        panel.showTask(cancelled);
        QSignalSpy messages(&panel, &TaskDetailPanel::statusMessage);
        panel.retry();
        panel.showTask(next); // before the answer is delivered (it is queued to this thread)
        QTRY_COMPARE(messages.size(), 1);
        QCOMPARE(messages.at(0).at(0).toString(), QStringLiteral("“Retried” is pending again."));
        QCOMPARE(panel.task()->id, next.id);
        QCOMPARE(panel.fieldText(QStringLiteral("title")), QStringLiteral("Looked at next"));
        QCOMPARE(panel.noticeText(), QString());
        QCOMPARE(wait(service.get(first.id)).value().status, TaskStatus::Pending);
    }

    void viewersSeeNoRetry()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        const Principal ana = named(QStringLiteral("ana"), Role::Operator);
        NewTask draft;
        draft.title = QStringLiteral("Failed one");
        draft.status = TaskStatus::InProgress;
        const Task created = wait(service.create(draft, ana)).value();
        TaskPatch fail;
        fail.status = TaskStatus::Failed;
        const Task failed = wait(service.update(created.id, fail, 1, ana)).value();

        TaskDetailPanel panel(&service, named(QStringLiteral("vera"), Role::Viewer), nullptr);
        panel.show();
        panel.showTask(failed);
        QVERIFY(!panel.retryButton()->isVisible());
        panel.retry();                                             // even when called directly
        QTRY_COMPARE(panel.historyView()->topLevelItemCount(), 2); // viewers read the history
        QCOMPARE(wait(service.get(created.id)).value().status, TaskStatus::Failed);
        // An older version (a stale table row) never replaces the one shown.
        panel.showTask(created);
        QCOMPARE(panel.fieldText(QStringLiteral("status")), QStringLiteral("Failed"));
    }

    void detailsToggleAndFollowTheSelection()
    {
        TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService service(db.pool());
        const Principal ana = named(QStringLiteral("ana"), Role::Operator);
        for (const char *title : {"First", "Second"}) {
            NewTask draft;
            draft.title = QString::fromLatin1(title);
            QVERIFY(wait(service.create(draft, ana)).ok());
        }
        TasksPage page(&service, ana, nullptr);
        page.resize(1200, 700);
        page.show();
        QTRY_VERIFY(page.model()->taskAt(1));
        selectRow(page, 1);
        const QString second = page.model()->taskAt(1)->title;
        QTRY_COMPARE(page.detailPanel()->fieldText(QStringLiteral("title")), second);
        selectRow(page, 0);
        QTRY_COMPARE(page.detailPanel()->fieldText(QStringLiteral("title")),
                     page.model()->taskAt(0)->title);
        // Nothing selected: the panel keeps the task it shows.
        page.view()->selectionModel()->clearSelection();
        QCOMPARE(page.detailPanel()->fieldText(QStringLiteral("title")),
                 page.model()->taskAt(0)->title);
        page.detailAction()->setChecked(false);
        QVERIFY(!page.detailPanel()->isVisible());
        page.detailAction()->setChecked(true);
        QVERIFY(page.detailPanel()->isVisible());
    }
};

QTEST_MAIN(TaskDetailPanelTest)
#include "tst_taskdetailpanel.moc"
