#pragma once

#include "ServiceError.h"
#include "User.h"

#include <QList>
#include <QWidget>

class QAction;
class QLabel;
class QTableWidget;
class QToolBar;

namespace taskdeck {

class AuthService;
class UserDialog;

/// The Users page (administrators only): every account with username, email, role, disabled and
/// creation time; new (UserDialog), edit (email, role, disabled, new password) and delete with
/// confirmation. The service's refusals (last enabled admin, taken username, invalid values)
/// are shown through ErrorMessages. All calls asynchronous (whenReady); dialogs and boxes are
/// opened with open().
///
/// Thread affinity: GUI thread.
class UsersPage : public QWidget
{
    Q_OBJECT
public:
    enum Column
    {
        UsernameColumn,
        EmailColumn,
        RoleColumn,
        DisabledColumn,
        CreatedColumn,
        ColumnCount
    };

    UsersPage(AuthService *auth, Principal principal, QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }
    const QList<User> &users() const { return m_users; }
    QAction *newAction() const { return m_newAction; }
    QAction *editAction() const { return m_editAction; }
    QAction *deleteAction() const { return m_deleteAction; }
    QAction *refreshAction() const { return m_refreshAction; }
    /// The dialog currently open (new or edit), if any.
    UserDialog *dialog() const { return m_dialog; }

    static QString roleText(Role role);

public slots:
    void reload();
    void newUser();
    void editUser();
    void deleteUser();

signals:
    /// The list arrived (after the table was filled).
    void loaded();
    /// A user was created, changed or deleted here.
    void usersChanged();
    void statusMessage(const QString &text);

private:
    void showUsers(const QList<User> &users);
    std::optional<User> currentUser() const;
    void updateActions();
    void showError(const ServiceError &error);

    AuthService *m_auth;
    Principal m_principal;
    QList<User> m_users;
    QTableWidget *m_table;
    QLabel *m_countLabel;
    QToolBar *m_toolBar;
    QAction *m_newAction;
    QAction *m_editAction;
    QAction *m_deleteAction;
    QAction *m_refreshAction;
    UserDialog *m_dialog = nullptr;
};

} // namespace taskdeck
