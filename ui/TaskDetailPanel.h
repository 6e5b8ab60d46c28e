#pragma once

#include "AuditLog.h"
#include "ServiceError.h"
#include "Task.h"
#include "User.h"

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QStringList>
#include <QWidget>

#include <optional>

class QFormLayout;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;

namespace taskdeck {

class ChangeFeed;
class TaskService;
struct ChangeEvent;

/// The detail of one task, beside the task table: every field (the full description, `result`
/// as indented JSON, the error message), and the task's history from the audit trail as a
/// timeline, newest first (when, who, what changed: "Status: In progress → Failed").
///
/// Live: with a `feed`, task events of the task shown replace what the panel shows (a newer
/// version only) and re-read its history; a deleted task stays shown, marked deleted, with its
/// history; resyncNeeded re-reads both. showTask() with the same task (the table's row) does
/// the same without a feed.
///
/// Retry (failed or cancelled -> pending, the allowed transition; writers only) sends the version
/// the panel shows (If-Match semantics, TaskService::update's expectedVersion). When someone else
/// changed the task first, nothing is saved: the panel reads the task again, shows it with a
/// notice saying what changed, and the user decides again.
///
/// History: the newest kHistoryLimit entries (the service's page limit); the panel says how many
/// there are in all when there are more. One history read at a time; a change arriving during a
/// read reads again after it.
///
/// Every database call goes through TaskService (whenReady); nothing blocks. Thread affinity: GUI
/// thread.
class TaskDetailPanel : public QWidget
{
    Q_OBJECT
public:
    /// Entries of the timeline (TaskService::history's limit, kMaxPageLimit).
    static constexpr int kHistoryLimit = kMaxPageLimit;

    /// `feed` may be null (no live updates: the owner calls showTask() with newer versions).
    TaskDetailPanel(TaskService *service, Principal principal, ChangeFeed *feed,
                    QWidget *parent = nullptr);

    /// Shows `task`. The same task in an older version than the one shown is ignored (live events
    /// and table rows arrive in any order); a newer version replaces it and re-reads the history.
    void showTask(const Task &task);
    /// Shows nothing ("Select a task to see its details").
    void clear();
    /// The task shown, if any (its last known version; see isDeleted()).
    const std::optional<Task> &task() const { return m_task; }
    /// The task shown was deleted (by anyone) while it was shown.
    bool isDeleted() const { return m_deleted; }

    QPushButton *retryButton() const { return m_retryButton; }
    QTreeWidget *historyView() const { return m_history; }
    /// The timeline as text: one line per entry ("<when> · <who> · <what>"), each followed by
    /// its changes indented by two spaces. For tests and the clipboard.
    QStringList historyLines() const;
    /// The notice under the header (a refused retry, a deleted task); empty when none is shown.
    QString noticeText() const;
    /// The text shown for a field: "status", "priority", "category", "cost", "created_by",
    /// "created_at", "updated_at", "started_at", "completed_at", "execution_time", "version",
    /// "id", "title", "description", "error_message", "result".
    QString fieldText(const QString &field) const;

    /// One line per field that differs between two task objects (json::taskToJson form):
    /// "Status: In progress → Failed" (translated; timestamps in local time; long texts
    /// shortened to 80 characters). Fields the server manages on every change (updated_at,
    /// version, execution_time) and those that never change (id, created_at, created_by) are
    /// left out. With an empty `before` (a creation): "Title: “Report”" for each set field.
    static QStringList describeChanges(const QJsonObject &before, const QJsonObject &after);
    /// `result` as shown: objects and arrays indented, scalars as compact JSON, "" for null.
    static QString formatResult(const QJsonValue &result);

public slots:
    /// Moves the task shown to pending (see the class comment).
    void retry();
    /// Reads the task shown and its history again.
    void reload();

signals:
    /// A status-bar message ("“Nightly export” is pending again.").
    void statusMessage(const QString &text);
    /// The timeline was filled from a history read (tests wait for it).
    void historyLoaded();

private:
    void build();
    void fill();
    void loadHistory();
    void fillHistory(const AuditPage &page);
    void setNotice(const QString &text);
    void updateRetry();
    void applyEvents(const QList<ChangeEvent> &events);
    void markDeleted();
    static QStringList changes(const QJsonObject &before, const QJsonObject &after, int maxChars);

    TaskService *m_service;
    Principal m_principal;
    std::optional<Task> m_task;
    bool m_deleted = false;
    bool m_retrying = false;
    bool m_loadingHistory = false;
    bool m_historyDirty = false; // a change arrived during a history read

    QWidget *m_content = nullptr;
    QLabel *m_placeholder = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_notice = nullptr;
    QPushButton *m_retryButton = nullptr;
    QFormLayout *m_form = nullptr;
    QHash<QString, QLabel *> m_fields;
    QPlainTextEdit *m_description = nullptr;
    QPlainTextEdit *m_errorMessage = nullptr;
    QPlainTextEdit *m_result = nullptr;
    QLabel *m_historyLabel = nullptr;
    QTreeWidget *m_history = nullptr;
};

} // namespace taskdeck
