#pragma once

#include "ServiceError.h"
#include "Task.h"
#include "TaskBulk.h"
#include "User.h"

#include <QMap>
#include <QUuid>
#include <QWidget>

class QAction;
class QLabel;
class QMenu;
class QSettings;
class QSplitter;
class QTableView;
class QToolBar;
class QToolButton;

namespace taskdeck {

class ChangeFeed;
class TaskDetailPanel;
class TaskFilterBar;
class TaskService;
class TaskTableController;
class TaskTableModel;

/// The Tasks page: a filter bar, a lazily loaded table sorted and filtered in SQL, a total count,
/// and the task actions (new, edit, status changes offering only allowed transitions, delete
/// with confirmation, CSV export of the current filter). Viewers (no canWriteTasks()) get no
/// write actions at all.
///
/// Every service call is asynchronous (whenReady); the page never waits on the database.
/// Changes by anyone arrive through the change feed: TaskTableController applies them to the
/// table in place (see there); the selected task stays selected (by id) and the view does not
/// scroll. reload() refreshes the visible rows and the categories (Refresh action, resync).
///
/// Thread affinity: GUI thread.
class TasksPage : public QWidget
{
    Q_OBJECT
public:
    /// `feed` (may be null: no live updates) delivers every change made by anyone.
    TasksPage(TaskService *service, Principal principal, ChangeFeed *feed,
              QWidget *parent = nullptr);

    TaskTableModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    TaskFilterBar *filterBar() const { return m_filterBar; }
    QLabel *totalLabel() const { return m_totalLabel; }
    TaskTableController *controller() const { return m_controller; }
    /// The detail of the selected task beside the table (fields, result, error message, history,
    /// Retry). It keeps showing the last task selected when the selection is cleared.
    TaskDetailPanel *detailPanel() const { return m_detail; }
    /// Shows or hides the detail panel (checkable; the choice is kept by saveState()).
    QAction *detailAction() const { return m_detailAction; }

    QAction *newAction() const { return m_newAction; }
    QAction *editAction() const { return m_editAction; }
    QAction *deleteAction() const { return m_deleteAction; }
    QAction *exportAction() const { return m_exportAction; }
    QAction *refreshAction() const { return m_refreshAction; }
    /// The action that moves the selected task to `status` (visible only when allowed).
    QAction *statusAction(TaskStatus status) const { return m_statusActions.value(status); }
    QToolBar *toolBar() const { return m_toolBar; }

    /// The task the Edit, Status and Delete actions act on: the one selected row (selection
    /// model), if its data is loaded. Never the current index alone (Qt makes a row current
    /// without selecting it, e.g. when focus comes back from a menu), never a row still loading.
    std::optional<Task> selectedTask() const;
    /// Same as selectedTask() (the name the tests used before the selection rules were tightened).
    std::optional<Task> currentTask() const { return selectedTask(); }

    /// The loaded tasks of the selected rows (rows still loading are left out).
    QList<Task> selectedTasks() const;
    /// Bulk menu (several rows selected, or every task matching the filter): the action for
    /// `action` (SetStatus: see bulkStatusAction). Enabled only when valid for every target.
    QAction *bulkAction(BulkAction action) const { return m_bulkActions.value(action); }
    /// Bulk "Set status to `status`": enabled when the transition is allowed for every target.
    QAction *bulkStatusAction(TaskStatus status) const { return m_bulkStatusActions.value(status); }
    /// "Select All Matching the Filter (N)": the targets become every task of the filter, N
    /// being the total shown (sent as expected_total: 412 if the filter matches another number
    /// when the action runs).
    QAction *selectAllMatchingAction() const { return m_selectAllMatchingAction; }
    QMenu *bulkMenu() const { return m_bulkMenu; }
    /// The request for `action` on the current targets (value for SetStatus/SetCategory/
    /// SetPriority given by the caller); nullopt when nothing is selected.
    std::optional<BulkRequest> bulkRequest(BulkAction action) const;
    /// The last bulk run's answer (for tests and the summary); nullopt before the first.
    const std::optional<BulkResult> &lastBulkResult() const { return m_lastBulkResult; }
    /// A bulk action as the window names it, translated ("Retry" for BulkAction::Retry; the
    /// API's names, e.g. "retry", stay in the summary's per-task details).
    static QString bulkActionTitle(BulkAction action);
    bool isBulkRunning() const { return m_bulkRunning; }

    void saveState(QSettings &settings) const;
    void restoreState(const QSettings &settings);

public slots:
    /// Reloads visible rows and categories in place.
    void reload();
    /// Reloads the category list of the filter bar (new categories arrive with live changes).
    void reloadCategories() { loadCategories(); }
    /// Shows the tasks matching the filter part of `filter` (the filter bar shows it; the
    /// table keeps its sort and order). The dashboard's chart clicks land here.
    void showFiltered(const taskdeck::TaskFilter &filter);
    void newTask();
    void editCurrentTask();
    void deleteCurrentTask();
    void changeCurrentStatus(taskdeck::TaskStatus status);
    /// Asks for a file name, then exports the current filter.
    void exportCsv();
    /// Exports the current filter to `path` (no file dialog).
    void exportCsvTo(const QString &path);
    /// Runs `request` without asking: a progress dialog with Cancel (objectName
    /// "bulkProgress"; never blocks the GUI thread), then a summary with the exact count of each
    /// outcome (objectName "bulkSummary"). Ignored while another bulk action runs.
    void runBulk(taskdeck::BulkRequest request);
    /// Selects every row and makes the filter's tasks the bulk targets (the total shown now).
    void selectAllMatching();

protected:
    void showEvent(QShowEvent *event) override;
    /// Ctrl+navigation keys in the table (Ctrl+End, Ctrl+Home, ...) select the row they move to,
    /// as before multi-selection: ExtendedSelection would only move the current index, leaving a
    /// row selected that is no longer where the user looks.
    bool eventFilter(QObject *watched, QEvent *event) override;

signals:
    /// This page changed data (its rows arrive through the change feed like anyone's).
    void tasksMutated();
    /// An export finished; `message` is the text shown to the user.
    void exportFinished(bool ok, qint64 rows, const QString &message);
    /// A status line message for the main window.
    void statusMessage(const QString &text);

private:
    void createActions();
    int defaultColumnWidth(int column) const;
    void applyFilter();
    void loadCategories();
    void updateActions();
    void updateTotalLabel();
    void restoreSelection();
    void fixSortIndicator();
    void showContextMenu(const QPoint &pos);
    void showError(const ServiceError &error);
    /// Mark Failed: asks for the error message (optional) before changing the status.
    void askFailureReason(const Task &task);
    /// Sends a status change of `task` (with the version shown); reports the outcome.
    void sendStatusChange(const Task &task, const TaskPatch &patch);

    void createBulkActions();
    void updateBulkActions();
    /// Asks when the targets are many or the action deletes (the count in the question), then
    /// runs it.
    void confirmAndRunBulk(BulkRequest request, const QString &what);
    void showBulkSummary(const BulkRequest &request, const Result<BulkResult> &result);

    TaskService *m_service;
    Principal m_principal;
    TaskTableModel *m_model;
    TaskTableController *m_controller;
    TaskFilterBar *m_filterBar;
    QTableView *m_view;
    TaskDetailPanel *m_detail;
    QSplitter *m_splitter;
    QLabel *m_totalLabel;
    QToolBar *m_toolBar;

    QAction *m_newAction = nullptr;
    QAction *m_editAction = nullptr;
    QAction *m_deleteAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_refreshAction = nullptr;
    QAction *m_detailAction = nullptr;
    QMap<TaskStatus, QAction *> m_statusActions;
    QMenu *m_statusMenu = nullptr;
    QToolButton *m_statusButton = nullptr;

    QUuid m_selectedId;                // kept across reloads to re-select the same task
    bool m_applyingChanges = false;    // live changes move rows: the selection follows the id
    bool m_removingRows = false;       // between rowsAboutToBeRemoved and rowsRemoved
    bool m_restoringSelection = false; // restoreSelection() unselects a row that is not the task
    bool m_loadingCategories = false;
    bool m_categoriesDirty = false; // loadCategories() was called while a request was in flight
    bool m_splitterSized = false; // the detail panel got its first width (or a layout was restored)
    bool m_columnsFitted =
        false; // the title column took the spare width (or a layout was restored)
    QStringList m_categories;

    QMenu *m_bulkMenu = nullptr;
    QToolButton *m_bulkButton = nullptr;
    QMap<BulkAction, QAction *> m_bulkActions;
    QMap<TaskStatus, QAction *> m_bulkStatusActions;
    QAction *m_selectAllMatchingAction = nullptr;
    bool m_allMatching = false;    // the targets are the filter's tasks, not the rows
    qint64 m_allMatchingTotal = 0; // the total shown when they were chosen
    bool m_selectingAll = false;   // selectAllMatching() is selecting the rows
    bool m_bulkRunning = false;
    bool m_forwardingKey = false; // eventFilter() is passing a key on to the view
    std::optional<BulkResult> m_lastBulkResult;
};

} // namespace taskdeck
