#include "TasksPage.h"

#include "Async.h"
#include "ChangeFeed.h"
#include "CsvExport.h"
#include "ErrorMessages.h"
#include "TaskDetailPanel.h"
#include "TaskDialog.h"
#include "TaskFilterBar.h"
#include "TaskRules.h"
#include "TaskService.h"
#include "TaskTableController.h"
#include "TaskTableModel.h"

#include <QAction>
#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QProgressDialog>
#include <QRegularExpression>
#include <QScopedValueRollback>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <atomic>
#include <memory>

namespace taskdeck {

TasksPage::TasksPage(TaskService *service, Principal principal, ChangeFeed *feed, QWidget *parent)
    : QWidget(parent), m_service(service), m_principal(std::move(principal)),
      m_model(new TaskTableModel(this)),
      m_controller(new TaskTableController(service, m_model, feed, this)),
      m_filterBar(new TaskFilterBar(this)), m_view(new QTableView(this)),
      m_detail(new TaskDetailPanel(service, m_principal, feed, this)),
      m_splitter(new QSplitter(Qt::Horizontal, this)), m_totalLabel(new QLabel(this)),
      m_toolBar(new QToolBar(this))
{
    createActions();

    m_totalLabel->setObjectName(QStringLiteral("totalLabel"));
    m_totalLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_totalLabel->setMinimumWidth(
        m_totalLabel->fontMetrics().horizontalAdvance(QStringLiteral("1,000,000,000 tasks")));
    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(m_filterBar, 1);
    filterRow->addSpacing(12);
    filterRow->addWidget(m_totalLabel);

    m_view->setObjectName(QStringLiteral("taskTable"));
    // Connected before the view's own handlers: when rows go (a live change, a smaller total),
    // QAbstractItemView moves the current row and its selection to a neighbour. That is not the
    // user's choice: the selection follows the task id afterwards (restoreSelection).
    connect(m_model, &QAbstractItemModel::rowsAboutToBeRemoved, this,
            [this] { m_removingRows = true; });
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    // Shift/Ctrl select several rows for the Bulk menu; Edit, Status and Delete still act only
    // on exactly one selected, loaded row (selectedTask()).
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->installEventFilter(this);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->verticalHeader()->hide();
    // Fixed row heights keep a million rows cheap to lay out.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 10);
    QHeaderView *header = m_view->horizontalHeader();
    header->setSectionsMovable(true);
    header->setHighlightSections(false);
    header->setStretchLastSection(false);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    for (int column = 0; column < TaskTableModel::ColumnCount; ++column)
        header->resizeSection(column, defaultColumnWidth(column));
    header->setSortIndicator(TaskTableModel::CreatedColumn, Qt::DescendingOrder);
    m_view->setSortingEnabled(true);
    connect(header, &QHeaderView::sortIndicatorChanged, this, &TasksPage::fixSortIndicator);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_toolBar);
    layout->addLayout(filterRow);
    m_splitter->setObjectName(QStringLiteral("tasksSplitter"));
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setCollapsible(0, false);
    layout->addWidget(m_splitter, 1);
    connect(m_detail, &TaskDetailPanel::statusMessage, this, &TasksPage::statusMessage);

    connect(m_filterBar, &TaskFilterBar::filterChanged, this, &TasksPage::applyFilter);
    connect(m_model, &TaskTableModel::totalChanged, this, &TasksPage::updateTotalLabel);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, [this] {
        m_removingRows = false;
        if (!m_applyingChanges) {
            restoreSelection();
            updateActions();
        }
    });
    connect(m_model, &TaskTableModel::blockLoaded, this, [this] {
        restoreSelection();
        if (m_selectedId.isNull()) {
            // The selected row's data arrived (Ctrl+End, a scrollbar drag): that task it is.
            if (const std::optional<Task> task = selectedTask())
                m_selectedId = task->id;
        }
        updateActions();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &TasksPage::updateActions);
    connect(m_model, &TaskTableModel::changesAboutToBeApplied, this, [this] {
        // Rows are removed and inserted: the view would move the current row to a neighbour
        // (and scroll to it). The selection follows the task id instead.
        m_applyingChanges = true;
        m_view->setAutoScroll(false);
    });
    connect(m_model, &TaskTableModel::changesApplied, this, [this] {
        m_applyingChanges = false;
        restoreSelection();
        m_view->setAutoScroll(true);
        updateActions();
    });
    connect(m_controller, &TaskTableController::liveChangesApplied, this,
            &TasksPage::loadCategories);
    if (feed) // missed events may have added or removed categories (the table reloads itself)
        connect(feed, &ChangeFeed::resyncNeeded, this, &TasksPage::loadCategories);
    // The actions act on the selection, never on the current index alone: Qt makes a row current
    // without selecting it (focus coming back from a menu), and that row is not highlighted.
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        if (m_applyingChanges || m_removingRows || m_restoringSelection)
            return; // rows move, or the page itself unselects: restoreSelection() decides
        // A selected row that is not loaded yet has no task: nothing to act on until it arrives,
        // and the task selected before must not come back (it is not what the user chose).
        const std::optional<Task> task = selectedTask();
        m_selectedId = task ? task->id : QUuid();
        if (!m_selectingAll)
            m_allMatching = false; // the user picked rows: those are the targets again
        updateActions();
    });
    connect(m_view, &QAbstractItemView::doubleClicked, this, [this] {
        if (m_principal.canWriteTasks())
            editCurrentTask();
    });
    connect(m_view, &QWidget::customContextMenuRequested, this, &TasksPage::showContextMenu);
    connect(m_controller, &TaskTableController::loadFailed, this,
            [this](const ServiceError &e) { emit statusMessage(ErrorMessages::text(e)); });

    applyFilter();
    loadCategories();
    updateActions();
}

int TasksPage::defaultColumnWidth(int column) const
{
    // Wide enough for the header (with its sort arrow) and typical values, in this language.
    const QFontMetrics cellMetrics = m_view->fontMetrics();
    const QFontMetrics headerMetrics = m_view->horizontalHeader()->fontMetrics();
    QStringList samples;
    int extra = 0;
    switch (column) {
    case TaskTableModel::TitleColumn:
        samples = {QString(30, QLatin1Char('x'))};
        break;
    case TaskTableModel::StatusColumn:
        for (TaskStatus status : kAllStatuses)
            samples.append(TaskTableModel::statusText(status));
        extra = cellMetrics.height() + 6; // the colour swatch
        break;
    case TaskTableModel::CategoryColumn:
        samples = {QStringLiteral("analytics")};
        break;
    case TaskTableModel::PriorityColumn:
        for (int priority = kPriorityMin; priority <= kPriorityMax; ++priority)
            samples.append(TaskTableModel::priorityText(priority));
        break;
    case TaskTableModel::CostColumn:
        samples = {TaskTableModel::formatCost(123'456'789)};
        break;
    case TaskTableModel::ExecutionTimeColumn:
        samples = {TaskTableModel::formatDuration(59 * 60'000 + 59'000)};
        break;
    default: // timestamps
        samples = {TaskTableModel::formatTimestamp(0).replace(
            QRegularExpression(QStringLiteral("\\d")), QStringLiteral("8"))};
        break;
    }
    int width =
        headerMetrics.horizontalAdvance(m_model->headerData(column, Qt::Horizontal).toString()) +
        24;
    for (const QString &sample : std::as_const(samples))
        width = std::max(width, cellMetrics.horizontalAdvance(sample) + extra + 16);
    return width;
}

void TasksPage::createActions()
{
    const bool canWrite = m_principal.canWriteTasks();
    m_toolBar->setIconSize(QSize(20, 20));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);

    m_newAction = new QAction(QIcon(QStringLiteral(":/icons/add.svg")), tr("&New Task…"), this);
    m_newAction->setShortcut(QKeySequence::New);
    connect(m_newAction, &QAction::triggered, this, &TasksPage::newTask);
    m_editAction = new QAction(QIcon(QStringLiteral(":/icons/edit.svg")), tr("&Edit…"), this);
    m_editAction->setShortcut(Qt::Key_F2);
    connect(m_editAction, &QAction::triggered, this, &TasksPage::editCurrentTask);
    m_deleteAction = new QAction(QIcon(QStringLiteral(":/icons/delete.svg")), tr("&Delete…"), this);
    m_deleteAction->setShortcut(QKeySequence::Delete);
    connect(m_deleteAction, &QAction::triggered, this, &TasksPage::deleteCurrentTask);
    m_exportAction =
        new QAction(QIcon(QStringLiteral(":/icons/export.svg")), tr("E&xport CSV…"), this);
    connect(m_exportAction, &QAction::triggered, this, &TasksPage::exportCsv);
    m_refreshAction =
        new QAction(QIcon(QStringLiteral(":/icons/refresh.svg")), tr("&Refresh"), this);
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    connect(m_refreshAction, &QAction::triggered, this, &TasksPage::reload);
    m_detailAction = new QAction(tr("De&tails"), this);
    m_detailAction->setObjectName(QStringLiteral("detailAction"));
    m_detailAction->setCheckable(true);
    m_detailAction->setChecked(true);
    m_detailAction->setToolTip(tr("Show the selected task's details and history beside the table"));
    connect(m_detailAction, &QAction::toggled, this, [this](bool on) {
        m_detail->setVisible(on);
        if (on)
            updateActions(); // the panel shows the task selected now
    });

    struct StatusActionSpec
    {
        TaskStatus status;
        QString text;
        const char *icon;
    };
    const StatusActionSpec specs[] = {
        {TaskStatus::InProgress, tr("&Start"), ":/icons/start.svg"},
        {TaskStatus::Completed, tr("&Complete"), ":/icons/complete.svg"},
        {TaskStatus::Failed, tr("Mark &Failed"), ":/icons/fail.svg"},
        {TaskStatus::Cancelled, tr("C&ancel Task"), ":/icons/cancel.svg"},
        {TaskStatus::Pending, tr("Back to &Pending"), ":/icons/pending.svg"},
    };
    m_statusMenu = new QMenu(tr("Change &Status"), this);
    m_statusMenu->setIcon(QIcon(QStringLiteral(":/icons/status.svg")));
    for (const StatusActionSpec &spec : specs) {
        auto *action = new QAction(QIcon(QLatin1String(spec.icon)), spec.text, this);
        action->setObjectName(QStringLiteral("statusAction_") + statusName(spec.status));
        connect(action, &QAction::triggered, this,
                [this, status = spec.status] { changeCurrentStatus(status); });
        m_statusActions.insert(spec.status, action);
        m_statusMenu->addAction(action);
    }
    m_statusButton = new QToolButton(this);
    m_statusButton->setMenu(m_statusMenu);
    m_statusButton->setPopupMode(QToolButton::InstantPopup);
    m_statusButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_statusButton->setIcon(m_statusMenu->icon());
    m_statusButton->setText(tr("Status"));
    m_statusButton->setToolTip(tr("Change the status of the selected task"));

    createBulkActions();
    if (canWrite) {
        m_toolBar->addAction(m_newAction);
        m_toolBar->addAction(m_editAction);
        m_toolBar->addWidget(m_statusButton);
        m_toolBar->addAction(m_deleteAction);
        m_toolBar->addWidget(m_bulkButton);
        m_toolBar->addSeparator();
    } else {
        for (QAction *action : {m_newAction, m_editAction, m_deleteAction})
            action->setVisible(false);
        for (QAction *action : std::as_const(m_statusActions))
            action->setVisible(false);
        m_statusMenu->menuAction()->setVisible(false);
        m_statusButton->hide();
        m_bulkMenu->menuAction()->setVisible(false);
        m_bulkButton->hide();
    }
    m_toolBar->addAction(m_exportAction);
    m_toolBar->addAction(m_refreshAction);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_detailAction);
    addActions({m_newAction, m_editAction, m_deleteAction, m_refreshAction});
}

std::optional<Task> TasksPage::selectedTask() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.size() != 1)
        return std::nullopt;
    const Task *task = m_model->taskAt(rows.first().row());
    return task ? std::optional<Task>(*task) : std::nullopt;
}

void TasksPage::applyFilter()
{
    m_allMatching = false;
    TaskFilter filter = m_model->filter();
    m_filterBar->applyTo(filter);
    m_model->setFilter(filter);
    updateTotalLabel();
}

void TasksPage::showFiltered(const TaskFilter &filter)
{
    TaskFilter shown = filter;
    shown.sort = m_model->filter().sort;
    shown.order = m_model->filter().order;
    m_filterBar->setFilter(shown);
    m_allMatching = false;
    m_model->setFilter(shown);
    updateTotalLabel();
}

void TasksPage::reload()
{
    m_model->refresh();
    loadCategories();
}

void TasksPage::loadCategories()
{
    if (m_loadingCategories) {
        // The answer on its way may have been read before what made this call: ask again then.
        m_categoriesDirty = true;
        return;
    }
    m_loadingCategories = true;
    m_categoriesDirty = false;
    whenReady(this, m_service->categories(), [this](const Result<QStringList> &result) {
        m_loadingCategories = false;
        if (result.ok()) {
            m_categories = result.value();
            m_filterBar->setCategories(m_categories);
        } // else keep the previous list; the status bar reports database trouble
        if (m_categoriesDirty)
            loadCategories();
    });
}

void TasksPage::updateActions()
{
    const std::optional<Task> task = selectedTask();
    const bool canWrite = m_principal.canWriteTasks();
    m_editAction->setEnabled(canWrite && task.has_value());
    m_deleteAction->setEnabled(canWrite && task.has_value());
    const QList<TaskStatus> allowed =
        task ? rules::allowedTransitions(task->status) : QList<TaskStatus>();
    for (auto it = m_statusActions.cbegin(); it != m_statusActions.cend(); ++it) {
        it.value()->setVisible(canWrite && allowed.contains(it.key()));
        it.value()->setEnabled(canWrite && allowed.contains(it.key()));
    }
    m_statusButton->setEnabled(canWrite && !allowed.isEmpty());
    m_statusMenu->setEnabled(canWrite && !allowed.isEmpty());
    updateBulkActions();
    // The panel follows the selected task (a newer version of it too); with nothing selected it
    // keeps the task it shows (a Retry there may just have moved it out of the filter).
    if (task && m_detail->isVisibleTo(this))
        m_detail->showTask(*task);
}

void TasksPage::updateTotalLabel()
{
    if (!m_model->isTotalKnown()) {
        m_totalLabel->setText(tr("Loading…"));
        return;
    }
    const qint64 total = m_model->total();
    m_totalLabel->setText(total == 1 ? tr("1 task") : tr("%L1 tasks").arg(total));
    if (m_selectAllMatchingAction)
        m_selectAllMatchingAction->setText(tr("Select All Matching the Filter (%L1)").arg(total));
}

void TasksPage::restoreSelection()
{
    if (m_selectedId.isNull())
        return;
    const int row = m_model->rowOf(m_selectedId);
    const QModelIndex current = m_view->currentIndex();
    if (row < 0) {
        // The task is not among the loaded rows any more (deleted, out of the filter, or moved
        // where nothing is loaded). Whatever task now shows in the selected row is not the one
        // the user chose: select nothing rather than it.
        // The id is kept: a task that only left the loaded rows (a block being re-read, rows
        // shifted into a block not loaded yet) is selected again when its row arrives, and one
        // that is gone stays unselected until the user picks another row.
        const std::optional<Task> shown = selectedTask();
        if (shown && shown->id != m_selectedId) {
            const QScopedValueRollback<bool> restoring(m_restoringSelection, true);
            m_view->selectionModel()->clearSelection();
        }
        return;
    }
    if ((current.isValid() && current.row() == row && m_view->selectionModel()->isRowSelected(row)))
        return;
    const QModelIndex target = m_model->index(row, current.isValid() ? current.column() : 0);
    // Re-selecting must not scroll: the user looks at where the view is.
    const bool autoScroll = m_view->hasAutoScroll();
    m_view->setAutoScroll(false);
    m_view->selectionModel()->setCurrentIndex(target, QItemSelectionModel::ClearAndSelect |
                                                          QItemSelectionModel::Rows);
    m_view->setAutoScroll(autoScroll);
}

void TasksPage::fixSortIndicator()
{
    // Only SQL-sortable columns sort; put the indicator back on the column actually used.
    const TaskFilter &filter = m_model->filter();
    const int column = TaskTableModel::columnForSortField(filter.sort);
    const Qt::SortOrder order =
        filter.order == SortOrder::Ascending ? Qt::AscendingOrder : Qt::DescendingOrder;
    QHeaderView *header = m_view->horizontalHeader();
    if (header->sortIndicatorSection() != column || header->sortIndicatorOrder() != order) {
        if (TaskTableModel::sortFieldForColumn(header->sortIndicatorSection()))
            return; // a sortable column: the view is sorting by it right now
        header->setSortIndicator(column, order);
    }
}

void TasksPage::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_view->indexAt(pos);
    if (index.isValid() && !m_view->selectionModel()->isRowSelected(index.row()))
        m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                             QItemSelectionModel::Rows);
    QMenu menu(this);
    if (m_principal.canWriteTasks()) {
        menu.addAction(m_newAction);
        if (selectedTask()) {
            menu.addAction(m_editAction);
            for (QAction *action : m_statusMenu->actions()) {
                if (action->isVisible())
                    menu.addAction(action);
            }
            menu.addSeparator();
            menu.addAction(m_deleteAction);
        }
        if (m_view->selectionModel()->selectedRows().size() > 1 || m_allMatching) {
            // Only what is valid for every selected task.
            for (QAction *action : m_bulkMenu->actions()) {
                if (action->isSeparator() || (action->isVisible() && action->isEnabled()))
                    menu.addAction(action);
            }
        }
        menu.addSeparator();
    }
    menu.addAction(m_exportAction);
    menu.addAction(m_refreshAction);
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

void TasksPage::newTask()
{
    if (!m_principal.canWriteTasks())
        return;
    auto *dialog = new TaskDialog(m_service, m_principal, m_categories, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &TaskDialog::saved, this, [this](const Task &task) {
        m_selectedId = task.id;
        emit tasksMutated();
        emit statusMessage(tr("Created “%1”.").arg(task.title));
    });
    dialog->open();
}

void TasksPage::editCurrentTask()
{
    const std::optional<Task> task = selectedTask();
    if (!task || !m_principal.canWriteTasks())
        return;
    auto *dialog = new TaskDialog(m_service, m_principal, m_categories, *task, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &TaskDialog::saved, this, [this](const Task &saved) {
        emit tasksMutated();
        emit statusMessage(tr("Saved “%1”.").arg(saved.title));
    });
    dialog->open();
}

void TasksPage::changeCurrentStatus(TaskStatus status)
{
    const std::optional<Task> task = selectedTask();
    if (!task || !m_principal.canWriteTasks() || !rules::isTransitionAllowed(task->status, status))
        return;
    if (status == TaskStatus::Failed) {
        askFailureReason(*task);
        return;
    }
    TaskPatch patch;
    patch.status = status;
    sendStatusChange(*task, patch);
}

void TasksPage::askFailureReason(const Task &task)
{
    auto *ask = new QInputDialog(this);
    ask->setObjectName(QStringLiteral("failReasonDialog"));
    ask->setAttribute(Qt::WA_DeleteOnClose);
    ask->setWindowTitle(tr("Mark Task Failed"));
    ask->setLabelText(
        tr("What went wrong with “%1”? (optional, saved as its error message)").arg(task.title));
    ask->setOkButtonText(tr("Mark Failed"));
    connect(ask, &QInputDialog::textValueSelected, this, [this, task](const QString &text) {
        TaskPatch patch;
        patch.status = TaskStatus::Failed;
        // Always written: an empty answer clears a message left from an earlier failure.
        const QString reason = text.trimmed();
        patch.errorMessage = reason.isEmpty() ? std::optional<QString>() : reason;
        sendStatusChange(task, patch);
    });
    ask->open();
}

void TasksPage::sendStatusChange(const Task &task, const TaskPatch &patch)
{
    const TaskStatus status = patch.status.value_or(task.status);
    whenReady(this, m_service->update(task.id, patch, task.version, m_principal),
              [this, status](const Result<Task> &result) {
                  if (!result.ok()) {
                      showError(result.error());
                      reload();
                      return;
                  }
                  emit tasksMutated();
                  emit statusMessage(
                      tr("“%1” is now %2.")
                          .arg(result.value().title, TaskTableModel::statusText(status)));
              });
}

void TasksPage::deleteCurrentTask()
{
    const std::optional<Task> task = selectedTask();
    if (!task || !m_principal.canWriteTasks())
        return;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Delete Task"),
                                tr("Delete the task “%1”? This cannot be undone.").arg(task->title),
                                QMessageBox::Yes | QMessageBox::No, this);
    box->setObjectName(QStringLiteral("confirmDeleteBox"));
    box->setDefaultButton(QMessageBox::No);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, id = task->id, title = task->title] {
        if (box->clickedButton() != box->button(QMessageBox::Yes))
            return;
        whenReady(this, m_service->remove(id, m_principal),
                  [this, title](const VoidResult &result) {
                      if (!result.ok()) {
                          showError(result.error());
                          reload();
                          return;
                      }
                      m_selectedId = QUuid();
                      emit tasksMutated();
                      emit statusMessage(tr("Deleted “%1”.").arg(title));
                  });
    });
    box->open();
}

void TasksPage::exportCsv()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Tasks as CSV"), QDir(dir).filePath(QStringLiteral("tasks.csv")),
        tr("CSV files (*.csv);;All files (*)"));
    if (!path.isEmpty())
        exportCsvTo(path);
}

void TasksPage::exportCsvTo(const QString &path)
{
    CsvExport *job = CsvExport::start(m_service, m_model->filter(), path, this);
    m_exportAction->setEnabled(false);
    connect(job, &CsvExport::finished, this, [this](bool ok, qint64 rows, const QString &message) {
        m_exportAction->setEnabled(true);
        emit statusMessage(message);
        emit exportFinished(ok, rows, message);
        auto *box = new QMessageBox(ok ? QMessageBox::Information : QMessageBox::Warning,
                                    tr("Export CSV"), message, QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("exportResultBox"));
        if (ok)
            box->setInformativeText(CsvExport::timeNote());
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
}

void TasksPage::showError(const ServiceError &error)
{
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Taskdeck"), ErrorMessages::text(error),
                                QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("errorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void TasksPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_splitterSized) {
        m_splitterSized = true;
        // First start: a third of the width for the detail panel (before the title column takes
        // what the other columns leave, below).
        QTimer::singleShot(0, this, [this] {
            const int total = m_splitter->width() - m_splitter->handleWidth();
            const int panel = std::clamp(total / 3, 360, 560);
            if (total > 2 * panel)
                m_splitter->setSizes({total - panel, panel});
        });
    }
    if (m_columnsFitted)
        return;
    m_columnsFitted = true;
    // First start: the title column takes the width the others leave (once laid out).
    QTimer::singleShot(0, this, [this] {
        QHeaderView *header = m_view->horizontalHeader();
        int others = 0;
        for (int column = 0; column < header->count(); ++column) {
            if (column != TaskTableModel::TitleColumn)
                others += header->sectionSize(column);
        }
        // Leave room for the vertical scroll bar that appears once rows arrive.
        const int scrollBar = m_view->verticalScrollBar()->isVisible()
                                  ? 0
                                  : m_view->style()->pixelMetric(QStyle::PM_ScrollBarExtent);
        const int spare = m_view->viewport()->width() - others - scrollBar - 2;
        if (spare > header->sectionSize(TaskTableModel::TitleColumn))
            header->resizeSection(TaskTableModel::TitleColumn, spare);
    });
}

void TasksPage::saveState(QSettings &settings) const
{
    settings.setValue(QStringLiteral("tasks/header"), m_view->horizontalHeader()->saveState());
    settings.setValue(QStringLiteral("tasks/splitter"), m_splitter->saveState());
    settings.setValue(QStringLiteral("tasks/details"), m_detailAction->isChecked());
}

void TasksPage::restoreState(const QSettings &settings)
{
    if (m_splitter->restoreState(settings.value(QStringLiteral("tasks/splitter")).toByteArray()))
        m_splitterSized = true; // the user's width wins
    m_detailAction->setChecked(settings.value(QStringLiteral("tasks/details"), true).toBool());
    const QByteArray header = settings.value(QStringLiteral("tasks/header")).toByteArray();
    if (header.isEmpty() || !m_view->horizontalHeader()->restoreState(header))
        return;
    m_columnsFitted = true; // the user's widths win
    // The restored sort indicator becomes the SQL sort (unsortable columns fall back).
    m_model->sort(m_view->horizontalHeader()->sortIndicatorSection(),
                  m_view->horizontalHeader()->sortIndicatorOrder());
    fixSortIndicator();
}

} // namespace taskdeck

namespace taskdeck {

void TasksPage::createBulkActions()
{
    m_bulkMenu = new QMenu(tr("&Bulk"), this);
    m_bulkMenu->setObjectName(QStringLiteral("bulkMenu"));
    m_selectAllMatchingAction = new QAction(tr("Select All Matching the Filter"), this);
    m_selectAllMatchingAction->setObjectName(QStringLiteral("selectAllMatchingAction"));
    connect(m_selectAllMatchingAction, &QAction::triggered, this, &TasksPage::selectAllMatching);
    m_bulkMenu->addAction(m_selectAllMatchingAction);
    m_bulkMenu->addSeparator();

    const auto add = [this](BulkAction action, const QString &text, auto handler) {
        auto *item = new QAction(text, this);
        item->setObjectName(QStringLiteral("bulkAction_") + bulkActionName(action));
        connect(item, &QAction::triggered, this, handler);
        m_bulkActions.insert(action, item);
        m_bulkMenu->addAction(item);
    };
    add(BulkAction::Retry, tr("&Retry Selected"), [this] {
        if (auto request = bulkRequest(BulkAction::Retry))
            confirmAndRunBulk(*request, tr("Retry"));
    });
    add(BulkAction::Cancel, tr("&Cancel Selected"), [this] {
        if (auto request = bulkRequest(BulkAction::Cancel))
            confirmAndRunBulk(*request, tr("Cancel"));
    });
    auto *statusMenu = new QMenu(tr("Set &Status"), this);
    for (TaskStatus status : kAllStatuses) {
        auto *item = new QAction(TaskTableModel::statusText(status), this);
        item->setObjectName(QStringLiteral("bulkStatus_") + statusName(status));
        connect(item, &QAction::triggered, this, [this, status] {
            if (auto request = bulkRequest(BulkAction::SetStatus)) {
                request->status = status;
                confirmAndRunBulk(*request,
                                  tr("Set status to %1").arg(TaskTableModel::statusText(status)));
            }
        });
        m_bulkStatusActions.insert(status, item);
        statusMenu->addAction(item);
    }
    m_bulkActions.insert(BulkAction::SetStatus, statusMenu->menuAction());
    m_bulkMenu->addMenu(statusMenu);
    add(BulkAction::SetCategory, tr("Set C&ategory…"), [this] {
        auto request = bulkRequest(BulkAction::SetCategory);
        if (!request)
            return;
        bool ok = false;
        const QString none = tr("(no category)");
        const QString chosen =
            QInputDialog::getItem(this, tr("Set Category"), tr("Category:"),
                                  QStringList{none} + m_categories, 0, true, &ok);
        if (!ok)
            return;
        if (chosen != none && !chosen.trimmed().isEmpty())
            request->category = chosen;
        confirmAndRunBulk(*request, tr("Set category"));
    });
    add(BulkAction::SetPriority, tr("Set &Priority…"), [this] {
        auto request = bulkRequest(BulkAction::SetPriority);
        if (!request)
            return;
        QStringList names;
        for (int priority = kPriorityMin; priority <= kPriorityMax; ++priority)
            names << TaskTableModel::priorityText(priority);
        bool ok = false;
        const QString chosen =
            QInputDialog::getItem(this, tr("Set Priority"), tr("Priority:"), names, 1, false, &ok);
        if (!ok)
            return;
        request->priority = kPriorityMin + static_cast<int>(names.indexOf(chosen));
        confirmAndRunBulk(*request, tr("Set priority"));
    });
    m_bulkMenu->addSeparator();
    add(BulkAction::Delete, tr("&Delete Selected…"), [this] {
        if (auto request = bulkRequest(BulkAction::Delete))
            confirmAndRunBulk(*request, tr("Delete"));
    });

    m_bulkButton = new QToolButton(this);
    m_bulkButton->setObjectName(QStringLiteral("bulkButton"));
    m_bulkButton->setMenu(m_bulkMenu);
    m_bulkButton->setPopupMode(QToolButton::InstantPopup);
    m_bulkButton->setText(tr("Bulk"));
    m_bulkButton->setToolTip(tr("Act on every selected task at once (Shift/Ctrl+click to select "
                                "several)"));
}

QList<Task> TasksPage::selectedTasks() const
{
    QList<Task> tasks;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    for (const QModelIndex &index : rows) {
        if (const Task *task = m_model->taskAt(index.row()))
            tasks << *task;
    }
    return tasks;
}

std::optional<BulkRequest> TasksPage::bulkRequest(BulkAction action) const
{
    BulkRequest request;
    request.action = action;
    if (m_allMatching) {
        request.filter = m_model->filter();
        request.expectedTotal = m_allMatchingTotal;
        return request;
    }
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    const QList<Task> tasks = selectedTasks();
    if (tasks.isEmpty() || tasks.size() != rows.size())
        return std::nullopt; // nothing, or rows still loading: not what the user sees
    for (const Task &task : tasks)
        request.ids << task.id;
    return request;
}

void TasksPage::updateBulkActions()
{
    if (!m_bulkMenu)
        return;
    const bool canWrite = m_principal.canWriteTasks();
    // The statuses of the targets: the loaded selected rows, or (every task of the filter) the
    // statuses the filter allows.
    QList<TaskStatus> statuses;
    bool known = false;
    if (m_allMatching) {
        statuses = m_model->filter().statuses.isEmpty()
                       ? QList<TaskStatus>(kAllStatuses.begin(), kAllStatuses.end())
                       : m_model->filter().statuses;
        known = m_allMatchingTotal > 0;
    } else {
        const QList<Task> tasks = selectedTasks();
        known = !tasks.isEmpty() && tasks.size() == m_view->selectionModel()->selectedRows().size();
        for (const Task &task : tasks) {
            if (!statuses.contains(task.status))
                statuses << task.status;
        }
    }
    const auto allowedForAll = [&](TaskStatus to) {
        for (TaskStatus from : std::as_const(statuses)) {
            if (from == to || !rules::isTransitionAllowed(from, to))
                return false;
        }
        return !statuses.isEmpty();
    };
    bool retry = known;
    for (TaskStatus from : std::as_const(statuses))
        retry = retry && (from == TaskStatus::Failed || from == TaskStatus::Cancelled);
    const auto show = [&](QAction *action, bool valid) {
        action->setVisible(canWrite && valid);
        action->setEnabled(canWrite && valid && !m_bulkRunning);
    };
    show(m_bulkActions.value(BulkAction::Retry), retry);
    show(m_bulkActions.value(BulkAction::Cancel), known && allowedForAll(TaskStatus::Cancelled));
    bool anyStatus = false;
    for (auto it = m_bulkStatusActions.cbegin(); it != m_bulkStatusActions.cend(); ++it) {
        const bool valid = known && allowedForAll(it.key());
        show(it.value(), valid);
        anyStatus = anyStatus || valid;
    }
    show(m_bulkActions.value(BulkAction::SetStatus), anyStatus);
    for (BulkAction action : {BulkAction::SetCategory, BulkAction::SetPriority, BulkAction::Delete})
        show(m_bulkActions.value(action), known);
    m_selectAllMatchingAction->setEnabled(canWrite && m_model->isTotalKnown() &&
                                          m_model->total() > 0 && !m_bulkRunning);
    m_bulkButton->setEnabled(canWrite);
}

void TasksPage::selectAllMatching()
{
    if (!m_model->isTotalKnown())
        return;
    {
        const QScopedValueRollback<bool> selecting(m_selectingAll, true);
        m_view->selectAll();
    }
    m_allMatching = true;
    m_allMatchingTotal = m_model->total();
    emit statusMessage(tr("%L1 tasks matching the filter are selected.").arg(m_allMatchingTotal));
    updateActions();
}

void TasksPage::confirmAndRunBulk(BulkRequest request, const QString &what)
{
    const qint64 count = request.filter ? request.expectedTotal : request.ids.size();
    if (request.filter && count > kMaxBulkItems) {
        QMessageBox::information(
            this, tr("Bulk Action"),
            tr("The filter matches %L1 tasks; one bulk action takes at most %L2. Narrow the "
               "filter first.")
                .arg(count)
                .arg(kMaxBulkItems));
        return;
    }
    if (request.action != BulkAction::Delete && !request.filter) {
        runBulk(std::move(request)); // the rows the user selected, as they see them
        return;
    }
    const QString question =
        request.filter ? tr("%1: %L2 tasks matching the filter. Continue?").arg(what).arg(count)
                       : tr("%1: %L2 tasks. This cannot be undone. Continue?").arg(what).arg(count);
    auto *box = new QMessageBox(QMessageBox::Question, tr("Bulk Action"), question,
                                QMessageBox::Yes | QMessageBox::No, this);
    box->setObjectName(QStringLiteral("confirmBulkBox"));
    box->setDefaultButton(QMessageBox::No);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, request = std::move(request)] {
        if (box->clickedButton() == box->button(QMessageBox::Yes))
            runBulk(request);
    });
    box->open();
}

void TasksPage::runBulk(BulkRequest request)
{
    if (m_bulkRunning || !m_principal.canWriteTasks())
        return;
    m_bulkRunning = true;
    updateBulkActions();
    const qint64 total = request.filter ? request.expectedTotal : request.ids.size();
    // Progress travels through atomics read by a GUI timer: the pool thread never touches a
    // widget, and the GUI thread never waits.
    auto done = std::make_shared<std::atomic<qint64>>(0);
    BulkControl control;
    control.cancel = std::make_shared<std::atomic_bool>(false);
    control.progress = [done](qint64 processed, qint64) { done->store(processed); };
    auto *progress = new QProgressDialog(tr("Working on %L1 tasks…").arg(total), tr("Cancel"), 0,
                                         static_cast<int>(std::max<qint64>(total, 1)), this);
    progress->setObjectName(QStringLiteral("bulkProgress"));
    progress->setWindowTitle(tr("Bulk Action"));
    progress->setWindowModality(Qt::WindowModal);
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    progress->setMinimumDuration(300);
    progress->setValue(0);
    auto *timer = new QTimer(progress);
    timer->setInterval(100);
    connect(timer, &QTimer::timeout, progress, [progress, done] {
        progress->setValue(static_cast<int>(std::min<qint64>(done->load(), progress->maximum())));
    });
    timer->start();
    connect(progress, &QProgressDialog::canceled, this, [progress, cancel = control.cancel] {
        cancel->store(true);
        progress->setLabelText(tr("Stopping after the current batch…"));
    });
    const QPointer<QProgressDialog> guard(progress);
    whenReady(this, m_service->bulk(request, m_principal, std::move(control)),
              [this, guard, request](const Result<BulkResult> &result) {
                  if (guard)
                      guard->deleteLater();
                  m_bulkRunning = false;
                  m_allMatching = false;
                  if (result.ok())
                      m_lastBulkResult = result.value();
                  emit tasksMutated();
                  showBulkSummary(request, result);
                  updateActions();
              });
}

QString TasksPage::bulkActionTitle(BulkAction action)
{
    switch (action) {
    case BulkAction::Retry:
        return tr("Retry");
    case BulkAction::Cancel:
        return tr("Cancel");
    case BulkAction::Delete:
        return tr("Delete");
    case BulkAction::SetStatus:
        return tr("Change status");
    case BulkAction::SetCategory:
        return tr("Set category");
    case BulkAction::SetPriority:
        return tr("Set priority");
    }
    return bulkActionName(action);
}

void TasksPage::showBulkSummary(const BulkRequest &request, const Result<BulkResult> &result)
{
    QString text;
    QString details;
    if (!result.ok()) {
        text = result.error().kind == ServiceError::Kind::PreconditionFailed
                   ? tr("Nothing was changed: the filter now matches a different number of tasks "
                        "than the %L1 shown. Review the list and try again.")
                         .arg(request.expectedTotal)
                   : ErrorMessages::text(result.error());
    } else {
        const BulkResult &bulk = result.value();
        text = tr("%1: %L2 of %L3 tasks processed.")
                   .arg(bulkActionTitle(request.action))
                   .arg(bulk.results.size())
                   .arg(bulk.total);
        text += QLatin1Char('\n') + tr("Done: %L1").arg(bulk.count(BulkOutcome::Ok));
        text += QLatin1Char('\n') + tr("Not found: %L1").arg(bulk.count(BulkOutcome::NotFound));
        text += QLatin1Char('\n') +
                tr("Not allowed in their status: %L1").arg(bulk.count(BulkOutcome::Conflict));
        text += QLatin1Char('\n') +
                tr("Changed meanwhile: %L1").arg(bulk.count(BulkOutcome::PreconditionFailed));
        if (bulk.cancelled)
            text += QLatin1Char('\n') + tr("Cancelled: the remaining tasks were not touched.");
        if (!bulk.stoppedBy.isEmpty())
            text += QLatin1Char('\n') + tr("Stopped by a database error; the remaining tasks "
                                           "were not touched.");
        int listed = 0;
        for (const BulkItemResult &item : bulk.results) {
            if (item.outcome == BulkOutcome::Ok || listed >= 500)
                continue;
            details += QStringLiteral("%1  %2  %3\n")
                           .arg(item.id.toString(QUuid::WithoutBraces),
                                bulkOutcomeName(item.outcome), item.detail);
            ++listed;
        }
    }
    auto *box = new QMessageBox(result.ok() ? QMessageBox::Information : QMessageBox::Warning,
                                tr("Bulk Action"), text, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("bulkSummary"));
    if (!details.isEmpty())
        box->setDetailedText(details);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

bool TasksPage::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_view || event->type() != QEvent::KeyPress || m_forwardingKey)
        return QWidget::eventFilter(watched, event);
    const auto *key = static_cast<QKeyEvent *>(event);
    const Qt::KeyboardModifiers modifiers = key->modifiers() & ~Qt::KeypadModifier;
    static const QList<int> navigation{Qt::Key_Home, Qt::Key_End,    Qt::Key_Up,
                                       Qt::Key_Down, Qt::Key_PageUp, Qt::Key_PageDown};
    if (modifiers != Qt::ControlModifier || !navigation.contains(key->key()))
        return QWidget::eventFilter(watched, event);
    {
        const QScopedValueRollback<bool> forwarding(m_forwardingKey, true);
        QCoreApplication::sendEvent(m_view, event);
    }
    const QModelIndex current = m_view->currentIndex();
    if (current.isValid())
        m_view->selectionModel()->select(current, QItemSelectionModel::ClearAndSelect |
                                                      QItemSelectionModel::Rows);
    return true;
}

} // namespace taskdeck
