#pragma once

#include "ApiKey.h"
#include "ServiceError.h"
#include "User.h"

#include <QList>
#include <QWidget>

#include <optional>

class QAction;
class QLabel;
class QTableWidget;
class QToolBar;

namespace taskdeck {

class ApiKeyDialog;
class ApiKeyService;

/// The API keys page: the signed-in user's keys (an administrator's: everyone's, with a User
/// column) with name, prefix, role, read-only, created, last used and expiry; new (ApiKeyDialog,
/// which then shows the secret once with a copy button) and revoke with confirmation. All calls
/// asynchronous (whenReady); dialogs and boxes are opened with open().
///
/// Thread affinity: GUI thread.
class ApiKeysPage : public QWidget
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        PrefixColumn,
        UserColumn, ///< hidden unless the principal is an admin
        RoleColumn,
        ReadOnlyColumn,
        CreatedColumn,
        LastUsedColumn,
        ExpiresColumn,
        ColumnCount
    };

    ApiKeysPage(ApiKeyService *keys, Principal principal, QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }
    const QList<ApiKey> &keys() const { return m_keys; }
    QAction *newAction() const { return m_newAction; }
    QAction *revokeAction() const { return m_revokeAction; }
    QAction *refreshAction() const { return m_refreshAction; }
    /// The creation dialog while open.
    ApiKeyDialog *dialog() const { return m_dialog; }
    QLabel *countLabel() const { return m_countLabel; }

public slots:
    void reload();
    void newKey();
    void revokeKey();

signals:
    /// The list arrived (after the table was filled).
    void loaded();
    /// A key was created or revoked here.
    void keysChanged();
    void statusMessage(const QString &text);

private:
    void showKeys(const QList<ApiKey> &keys);
    std::optional<ApiKey> currentKey() const;
    void updateActions();
    void showError(const ServiceError &error);

    ApiKeyService *m_service;
    Principal m_principal;
    QList<ApiKey> m_keys;
    QTableWidget *m_table;
    QLabel *m_countLabel;
    QToolBar *m_toolBar;
    QAction *m_newAction;
    QAction *m_revokeAction;
    QAction *m_refreshAction;
    ApiKeyDialog *m_dialog = nullptr;
};

} // namespace taskdeck
