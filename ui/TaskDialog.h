#pragma once

#include "FieldError.h"
#include "Task.h"
#include "User.h"

#include <QDialog>
#include <QHash>

#include <optional>

class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QFrame;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTableWidget;

namespace taskdeck {

class TaskService;

/// Creates a task, or edits one (title, description, category, priority, cost). Validates with
/// the API's own rules (rules::validateNewTask / validatePatch) and shows each FieldError under
/// its field; the service's errors (validation, conflict, stale version, database down) are
/// shown the same way. Saving is asynchronous: the dialog stays open, with OK disabled, until
/// the service answers; then it emits saved() and accepts.
///
/// Edits send only the changed fields with the version the dialog showed (If-Match semantics
/// through TaskService::update's expectedVersion), so a concurrent change is never silently
/// overwritten. When someone else changed the task in the meantime (PreconditionFailed), the
/// dialog reads the task again and shows what changed in a panel, keeping the user's edits: what
/// they changed (one line per field: as shown → theirs), and field by field what the user's save
/// would write against what is stored now (Field | Theirs | Yours; a field both changed is
/// highlighted). Reload (take theirs into the form, keep the dialog open), Overwrite (send the
/// user's changed fields with the new version; their other changes stay) or Cancel (back to
/// editing, nothing saved).
///
/// Thread affinity: GUI thread. Show it with open() (window-modal, non-blocking).
class TaskDialog : public QDialog
{
    Q_OBJECT
public:
    /// A dialog for a new task.
    TaskDialog(TaskService *service, Principal actor, const QStringList &categories,
               QWidget *parent = nullptr);
    /// A dialog editing `task`.
    TaskDialog(TaskService *service, Principal actor, const QStringList &categories,
               const Task &task, QWidget *parent = nullptr);

    bool isEditing() const { return m_original.has_value(); }
    /// The error text shown under `field` ("title", "cost", ...), empty when none.
    QString fieldErrorText(const QString &field) const;
    /// The error text shown for the whole form, empty when none.
    QString formErrorText() const;
    /// True while the "changed by someone else" panel is shown.
    bool isShowingConflict() const;
    /// The conflict panel's comparison, one row per field the user changed:
    /// {field label, theirs (stored now), yours (in the form), "both" | "yours"} ("both" when
    /// they changed that field too). Empty when no conflict is shown.
    QList<QStringList> conflictRows() const;

public slots:
    /// Validates and saves; accepts when the service confirms.
    void accept() override;

signals:
    void saved(const taskdeck::Task &task);

private:
    void build(const QStringList &categories);
    void submitNew();
    void submitEdit();
    /// The fields the form changes against the version shown (not yet validated); an unreadable
    /// cost adds its error to `errors` and is left out.
    TaskPatch formPatch(FieldErrors &errors) const;
    /// Parses the cost box; std::nullopt (and an error for "cost") when unreadable.
    std::optional<MoneyE4> parseCost(FieldErrors &errors) const;
    /// Shows the amount the cost box is read as ("= 1.50 USD"), or that it cannot be read.
    void updateCostPreview();
    std::optional<QString> optionalText(const QString &text) const;
    void showErrors(const FieldErrors &errors);
    void showFormError(const QString &text);
    void clearErrors();
    void setBusy(bool busy);
    void fillFrom(const Task &task);
    /// Reads the task again after a refused save and offers reload / overwrite / cancel.
    void handleStaleVersion();
    void showConflict(const Task &theirs);
    void hideConflict();
    void reloadTheirs();
    void overwriteTheirs();
    /// One line per field that differs between `shown` and `theirs` (translated).
    static QStringList describeChanges(const Task &shown, const Task &theirs);

    TaskService *m_service;
    Principal m_actor;
    std::optional<Task> m_original; // the version the form was filled from
    int m_expectedVersion = 0;      // the version a save must find (If-Match)
    std::optional<Task> m_theirs;   // what someone else saved, while the conflict panel is shown

    QLineEdit *m_title = nullptr;
    QPlainTextEdit *m_description = nullptr;
    QComboBox *m_category = nullptr;
    QComboBox *m_priority = nullptr;
    QLineEdit *m_cost = nullptr;
    QLabel *m_costPreview = nullptr;
    QComboBox *m_status = nullptr;    // new tasks only
    QLabel *m_errorMessage = nullptr; // edits only: the task's error_message, read-only
    QFormLayout *m_form = nullptr;
    QLabel *m_formError = nullptr;
    QFrame *m_conflictPanel = nullptr;
    QLabel *m_conflictText = nullptr;
    QTableWidget *m_conflictTable = nullptr;
    QHash<QString, QLabel *> m_errorLabels; // field name -> its error label
    QHash<QString, QWidget *> m_editors;    // field name -> its editor
    QStringList m_fieldOrder;
    QDialogButtonBox *m_buttons = nullptr;
    bool m_busy = false;
};

} // namespace taskdeck
