#pragma once

#include "ApiKey.h"
#include "ServiceError.h"
#include "User.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace taskdeck {

/// Creates an API key (API keys page): name, role (those up to the signed-in user's own),
/// read-only, and an optional expiry (local time, shown and entered as such; sent as UTC).
///
/// accept() does not close the dialog: it checks the name and emits submitted(); the page calls
/// the service and then either showSecret() (the dialog turns into the one-time display of the
/// key, with a copy button) or showError(). Open it with open().
class ApiKeyDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ApiKeyDialog(Role maxRole, QWidget *parent = nullptr);

    /// What the form holds.
    NewApiKey newKey() const;

    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *roleCombo() const { return m_role; }
    QCheckBox *readOnlyCheck() const { return m_readOnly; }
    QCheckBox *expiresCheck() const { return m_expires; }
    QDateTimeEdit *expiresEdit() const { return m_expiresAt; }
    QDialogButtonBox *buttons() const { return m_buttons; }
    QLabel *errorLabel() const { return m_error; }
    /// After showSecret(): the read-only field with the key, and its copy button.
    QLineEdit *secretEdit() const { return m_secret; }
    QPushButton *copyButton() const { return m_copy; }

    /// Shows a service error above the buttons and re-enables them.
    void showError(const ServiceError &error);
    /// Replaces the form with the new key's secret, a copy button and the warning that it will
    /// not be shown again; the only button left is Close.
    void showSecret(const ApiKey &key, const QString &secret);

    void accept() override;

signals:
    void submitted();

private:
    QWidget *m_form = nullptr;
    QWidget *m_secretPanel = nullptr;
    QLineEdit *m_name = nullptr;
    QComboBox *m_role = nullptr;
    QCheckBox *m_readOnly = nullptr;
    QCheckBox *m_expires = nullptr;
    QDateTimeEdit *m_expiresAt = nullptr;
    QLabel *m_secretIntro = nullptr;
    QLineEdit *m_secret = nullptr;
    QPushButton *m_copy = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    bool m_done = false;
};

} // namespace taskdeck
