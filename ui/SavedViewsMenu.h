#pragma once

#include "SavedView.h"
#include "ServiceError.h"
#include "Task.h"
#include "User.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

class QAction;
class QComboBox;
class QMenu;
class QWidget;

namespace taskdeck {

class SavedViewService;
class TasksPage;

/// Saved views in the window (issue 11 item 4): a "Views" menu and a combo box in the Tasks page's
/// tool bar listing the user's own views and everyone's shared ones (from SavedViewService, i.e.
/// the database: they follow the user to another machine), "Save Current View…" (name, shared,
/// default) and "Delete View…". Applying a view sets the page's filter, sort and visible columns;
/// the user's default view is applied when the views first arrive after sign-in.
///
/// A view stores the filter as GET /api/tasks' query string (json::taskFilterToQuery) and the
/// visible columns, in display order, as task field names (`title`, `status`, ...).
///
/// Every service call is asynchronous (whenReady); nothing waits on the database.
/// Thread affinity: GUI thread. `service` and `page` must outlive this object.
class SavedViewsMenu : public QObject
{
    Q_OBJECT
public:
    SavedViewsMenu(SavedViewService *service, Principal user, TasksPage *page,
                   QWidget *parent = nullptr);

    QMenu *menu() const { return m_menu; }
    /// "(Current filter)" then one entry per view; choosing one applies it.
    QComboBox *combo() const { return m_combo; }
    QAction *saveAction() const { return m_saveAction; }
    QAction *deleteAction() const { return m_deleteAction; }
    /// The views as last loaded: own first, then shared ones of others.
    const QList<SavedView> &views() const { return m_views; }
    /// The view applied last and still in effect (null id: none).
    QUuid currentViewId() const { return m_currentId; }

    /// The page's filter, sort and visible columns as a view (name and flags left empty).
    NewSavedView currentState() const;
    /// The column names of the page's visible columns, in display order.
    QStringList visibleColumns() const;
    /// Sets the page's filter, sort and columns from `view`.
    void applyView(const SavedView &view);
    /// Applies the view called `name` (own views first); false when there is none.
    bool applyViewNamed(const QString &name);

public slots:
    /// Reloads the list; with `applyDefault` the user's default view is applied when it arrives.
    void reload(bool applyDefault = false);
    /// Saves the current state as `name` (replacing the user's own view of that name).
    void saveCurrentView(const QString &name, bool shared, bool isDefault);
    /// Asks for the name, shared and default flags, then saves.
    void saveCurrentViewInteractive();
    /// Deletes the view `id` (no question).
    void deleteView(const QUuid &id);
    /// Asks which of the views the user may delete, then deletes it.
    void deleteViewInteractive();

signals:
    /// The list was (re)loaded.
    void viewsChanged();
    void viewApplied(const QString &name);
    /// A message for the status bar (saved, deleted, errors).
    void statusMessage(const QString &text);

private:
    void rebuild();
    bool mayChange(const SavedView &view) const;

    SavedViewService *m_service;
    Principal m_user;
    TasksPage *m_page;
    QWidget *m_parentWidget;
    QMenu *m_menu;
    QComboBox *m_combo;
    QAction *m_saveAction;
    QAction *m_deleteAction;
    QAction *m_firstViewSeparator;
    QList<QAction *> m_viewActions;
    QList<SavedView> m_views;
    QUuid m_currentId;
    bool m_rebuilding = false;
};

/// Column names of TaskTableModel's columns (task JSON field names), by column.
QString taskColumnName(int column);

} // namespace taskdeck
