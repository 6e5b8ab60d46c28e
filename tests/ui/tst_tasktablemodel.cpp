// TaskTableModel: lazy blocks, totals, LRU bound and stale generations, checked continuously by
// QAbstractItemModelTester. No database: the test answers the model's requests itself.
#include "TaskTableModel.h"

#include <QAbstractItemModelTester>
#include <QList>
#include <QSignalSpy>
#include <QTest>

using namespace taskdeck;

namespace {

struct Request
{
    quint64 generation;
    qint64 offset;
    int limit;
};

Task makeTask(qint64 row)
{
    Task task;
    task.id = QUuid::createUuidV5(QUuid(), QString::number(row));
    task.title = QStringLiteral("Task %1").arg(row);
    task.status = kAllStatuses[size_t(row % 5)];
    task.priority = int(row % 4);
    task.costE4 = row * 25;
    task.createdAt = 1'700'000'000'000 + row;
    task.updatedAt = task.createdAt;
    return task;
}

QList<Task> rows(qint64 offset, int count, const QString &prefix = QString())
{
    QList<Task> result;
    for (qint64 row = offset; row < offset + count; ++row) {
        Task task = makeTask(row);
        if (!prefix.isEmpty())
            task.title = prefix + QString::number(row);
        result.append(task);
    }
    return result;
}

} // namespace

class TaskTableModelTest : public QObject
{
    Q_OBJECT

private:
    TaskTableModel *m_model = nullptr;
    QAbstractItemModelTester *m_tester = nullptr;
    QList<Request> m_requests;

    QList<Request> takeRequests()
    {
        QCoreApplication::processEvents(); // requests are flushed from a queued call
        return std::exchange(m_requests, {});
    }
    QString display(int row, int column = TaskTableModel::TitleColumn) const
    {
        return m_model->data(m_model->index(row, column)).toString();
    }
    /// Answers block `offset` for the current generation from a table of `total` rows.
    void answer(qint64 offset, qint64 total, const QString &prefix = QString())
    {
        const int count = int(std::min<qint64>(m_model->blockSize(), total - offset));
        m_model->receiveBlock(m_model->generation(), offset,
                              rows(offset, std::max(count, 0), prefix), total);
    }

private slots:
    void init()
    {
        m_model = new TaskTableModel(this);
        m_tester = new QAbstractItemModelTester(
            m_model, QAbstractItemModelTester::FailureReportingMode::QtTest, this);
        m_requests.clear();
        connect(m_model, &TaskTableModel::blockRequested, this,
                [this](quint64 generation, qint64 offset, int limit) {
                    m_requests.append({generation, offset, limit});
                });
    }
    void cleanup()
    {
        delete m_tester;
        delete m_model;
        m_tester = nullptr;
        m_model = nullptr;
    }

    void firstBlockGivesTotalAndRows()
    {
        QSignalSpy totals(m_model, &TaskTableModel::totalChanged);
        m_model->setFilter(TaskFilter{});
        QCOMPARE(m_model->rowCount(), 0);
        QVERIFY(!m_model->isTotalKnown());
        const QList<Request> requests = takeRequests();
        QCOMPARE(requests.size(), 1);
        QCOMPARE(requests[0].offset, 0);
        QCOMPARE(requests[0].limit, kMaxPageLimit);
        QCOMPARE(requests[0].generation, m_model->generation());

        answer(0, 1'000'000);
        QCOMPARE(m_model->rowCount(), 1'000'000);
        QCOMPARE(m_model->total(), 1'000'000);
        QVERIFY(m_model->isTotalKnown());
        QCOMPARE(totals.last().at(0).toLongLong(), 1'000'000);
        QCOMPARE(display(0), QStringLiteral("Task 0"));
        QCOMPARE(display(99), QStringLiteral("Task 99"));
        QCOMPARE(display(3, TaskTableModel::StatusColumn),
                 TaskTableModel::statusText(TaskStatus::Failed));
        QCOMPARE(display(3, TaskTableModel::PriorityColumn), TaskTableModel::priorityText(3));
        QCOMPARE(m_model->data(m_model->index(2, 0), TaskTableModel::TaskIdRole).toUuid(),
                 makeTask(2).id);
        QCOMPARE(m_model->rowOf(makeTask(42).id), 42);
        QVERIFY(takeRequests().isEmpty()); // loaded rows ask for nothing
    }

    void unloadedRowShowsPlaceholderAndRequestsItsBlock()
    {
        m_model->setFilter(TaskFilter{});
        takeRequests();
        answer(0, 200'000);
        QCOMPARE(display(150'123), QStringLiteral("…"));
        QCOMPARE(display(150'123, TaskTableModel::StatusColumn), QString());
        QCOMPARE(m_model->data(m_model->index(150'123, 0), TaskTableModel::LoadedRole).toBool(),
                 false);
        display(150'150); // same block: one request
        const QList<Request> requests = takeRequests();
        QCOMPARE(requests.size(), 1);
        QCOMPARE(requests[0].offset, 150'100);
        QCOMPARE(m_model->requestsInFlight(), 1);

        QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
        answer(150'100, 200'000);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed[0][0].toModelIndex().row(), 150'100);
        QCOMPARE(changed[0][1].toModelIndex().row(), 150'199);
        QCOMPARE(display(150'123), QStringLiteral("Task 150123"));
        QCOMPARE(m_model->requestsInFlight(), 0);
    }

    void cacheIsBoundedByLru()
    {
        m_model->setMaxCachedBlocks(3);
        m_model->setMaxRequestsInFlight(10);
        m_model->setFilter(TaskFilter{});
        takeRequests();
        answer(0, 100'000);
        for (qint64 offset : {1000, 2000, 3000, 4000}) {
            display(int(offset));
            QCOMPARE(takeRequests().size(), 1);
            answer(offset, 100'000);
            display(0); // keep block 0 recently used
        }
        QCOMPARE(m_model->cachedBlockCount(), 3);
        QCOMPARE(display(0), QStringLiteral("Task 0"));
        QCOMPARE(display(4000), QStringLiteral("Task 4000"));
        QCOMPARE(display(3000), QStringLiteral("Task 3000"));
        QCOMPARE(m_model->taskAt(1000), nullptr); // evicted: least recently used
        QCOMPARE(display(1000), QStringLiteral("…"));
        QCOMPARE(takeRequests().size(), 1); // and asked for again
    }

    void requestsInFlightAreCapped()
    {
        m_model->setMaxRequestsInFlight(2);
        m_model->setFilter(TaskFilter{});
        takeRequests();
        answer(0, 100'000);
        for (int row : {1000, 2000, 3000, 4000})
            display(row);
        QList<Request> requests = takeRequests();
        QCOMPARE(requests.size(), 2);
        // The most recently touched blocks go first.
        QCOMPARE(requests[0].offset, 4000);
        QCOMPARE(requests[1].offset, 3000);
        answer(4000, 100'000);
        requests = takeRequests();
        QCOMPARE(requests.size(), 1);
        QCOMPARE(requests[0].offset, 2000);
    }

    void staleGenerationIsDropped()
    {
        m_model->setFilter(TaskFilter{});
        const quint64 first = m_model->generation();
        takeRequests();
        TaskFilter failedOnly;
        failedOnly.statuses = {TaskStatus::Failed};
        QSignalSpy filterSpy(m_model, &TaskTableModel::filterChanged);
        m_model->setFilter(failedOnly);
        QCOMPARE(filterSpy.size(), 1);
        QVERIFY(m_model->generation() > first);
        const QList<Request> requests = takeRequests();
        QCOMPARE(requests.size(), 1);
        QCOMPARE(requests[0].generation, m_model->generation());

        // The old filter's answer arrives late: ignored.
        m_model->receiveBlock(first, 0, rows(0, 100, QStringLiteral("old ")), 5000);
        QCOMPARE(m_model->rowCount(), 0);
        QVERIFY(!m_model->isTotalKnown());

        answer(0, 7, QStringLiteral("failed "));
        QCOMPARE(m_model->rowCount(), 7);
        QCOMPARE(display(6), QStringLiteral("failed 6"));
        QCOMPARE(m_model->filter().statuses, QList<TaskStatus>{TaskStatus::Failed});

        m_model->setFilter(failedOnly); // unchanged: nothing happens
        QCOMPARE(filterSpy.size(), 1);
        QVERIFY(takeRequests().isEmpty());
    }

    void refreshKeepsRowsAndAdjustsTotal()
    {
        m_model->setFilter(TaskFilter{});
        takeRequests();
        answer(0, 250);
        display(120);
        takeRequests();
        answer(100, 250);
        const quint64 before = m_model->generation();

        m_model->refresh();
        QVERIFY(m_model->generation() > before);
        QCOMPARE(m_model->rowCount(), 250);
        QCOMPARE(display(5), QStringLiteral("Task 5")); // stale rows stay visible meanwhile
        display(120);
        QList<Request> requests = takeRequests();
        QCOMPARE(requests.size(), 2); // the most recently used block, then block 0
        QCOMPARE(requests[0].generation, m_model->generation());

        // Rows were deleted elsewhere: the total shrinks, rows at the end go.
        QSignalSpy removed(m_model, &QAbstractItemModel::rowsRemoved);
        m_model->receiveBlock(m_model->generation(), 100, rows(100, 50, QStringLiteral("new ")),
                              150);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed[0][1].toInt(), 150);
        QCOMPARE(removed[0][2].toInt(), 249);
        QCOMPARE(m_model->rowCount(), 150);
        QCOMPARE(display(120), QStringLiteral("new 120"));

        // And grows again: rows are appended.
        QSignalSpy inserted(m_model, &QAbstractItemModel::rowsInserted);
        m_model->receiveBlock(m_model->generation(), 0, rows(0, 100, QStringLiteral("new ")), 180);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted[0][1].toInt(), 150);
        QCOMPARE(inserted[0][2].toInt(), 179);
        QCOMPARE(display(0), QStringLiteral("new 0"));
    }

    void refreshOfEmptyTableAsksForFirstBlock()
    {
        m_model->setFilter(TaskFilter{});
        takeRequests();
        answer(0, 0);
        QCOMPARE(m_model->rowCount(), 0);
        QVERIFY(m_model->isTotalKnown());
        m_model->refresh();
        const QList<Request> requests = takeRequests();
        QCOMPARE(requests.size(), 1);
        QCOMPARE(requests[0].offset, 0);
        answer(0, 3);
        QCOMPARE(m_model->rowCount(), 3);
    }

    void failedBlockIsRetriedAfterDelay()
    {
        m_model->setRetryDelayMs(50);
        m_model->setFilter(TaskFilter{});
        takeRequests();
        answer(0, 1000);
        display(500);
        QCOMPARE(takeRequests().size(), 1);
        QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
        m_model->receiveError(m_model->generation(), 500);
        display(500);
        QVERIFY(takeRequests().isEmpty()); // backing off
        // Then the rows are repainted, so a view still showing them asks again.
        QTRY_COMPARE(changed.size(), 1);
        QCOMPARE(changed[0][0].toModelIndex().row(), 500);
        QCOMPARE(changed[0][1].toModelIndex().row(), 599);
        display(500);
        QCOMPARE(takeRequests().size(), 1);
    }

    void headerSortGoesToFilter()
    {
        m_model->setFilter(TaskFilter{});
        takeRequests();
        m_model->sort(TaskTableModel::TitleColumn, Qt::AscendingOrder);
        QCOMPARE(m_model->filter().sort, TaskSortField::Title);
        QCOMPARE(m_model->filter().order, SortOrder::Ascending);
        QCOMPARE(takeRequests().size(), 1);
        m_model->sort(TaskTableModel::CostColumn, Qt::DescendingOrder);
        QCOMPARE(m_model->filter().sort, TaskSortField::Cost);
        QCOMPARE(m_model->filter().order, SortOrder::Descending);
        m_model->sort(TaskTableModel::ExecutionTimeColumn, Qt::AscendingOrder); // in SQL too
        QCOMPARE(m_model->filter().sort, TaskSortField::ExecutionTime);
        QCOMPARE(m_model->filter().order, SortOrder::Ascending);
        QCOMPARE(TaskTableModel::columnForSortField(TaskSortField::StartedAt),
                 int(TaskTableModel::StartedColumn));
        QCOMPARE(TaskTableModel::columnForSortField(TaskSortField::CompletedAt),
                 int(TaskTableModel::CompletedColumn));
        QCOMPARE(TaskTableModel::columnForSortField(TaskSortField::Priority),
                 int(TaskTableModel::PriorityColumn));
    }

    void displayFormats()
    {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QCOMPARE(TaskTableModel::formatCost(12'345'678), QStringLiteral("1,234.5678"));
        QCOMPARE(TaskTableModel::formatCost(3000), QStringLiteral("0.3000"));
        QCOMPARE(TaskTableModel::formatDuration(40'123), QStringLiteral("40.1 s"));
        QCOMPARE(TaskTableModel::formatDuration(65'000), QStringLiteral("1 min 05 s"));
        QCOMPARE(TaskTableModel::formatDuration(7'260'000), QStringLiteral("2 h 01 min"));
        QCOMPARE(m_model->headerData(TaskTableModel::CostColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Cost (USD)"));
        QLocale::setDefault(QLocale::c());
    }
};

QTEST_MAIN(TaskTableModelTest)
#include "tst_tasktablemodel.moc"
