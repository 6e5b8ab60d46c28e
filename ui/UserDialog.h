#pragma once

#include "AuthService.h"
#include "ServiceError.h"
#include "User.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace taskdeck {

/// Create or edit a user account (Users page). Create: username, email, role, password twice.
/// Edit: email, role, disabled, an optional new password twice. The password needs at least
/// 12 code points (checked here before anything is sent; the service checks again).
///
/// accept() does not close the dialog: it checks the input and emits submitted(); the page
/// calls the service and then either done(Accepted) or showError() (field errors under their
/// fields), so the dialog stays open with what was typed. Open it with open().
class UserDialog : public QDialog
{
    Q_OBJECT
public:
    static constexpr int kMinPasswordLength = 12;

    /// Create mode.
    explicit UserDialog(QWidget *parent = nullptr);
    /// Edit mode for `user`.
    explicit UserDialog(const User &user, QWidget *parent = nullptr);

    bool isEditing() const { return m_editing.has_value(); }
    QString username() const;
    std::optional<QString> email() const;
    Role role() const;
    bool isDisabledChecked() const;
    QString password() const;
    /// Edit mode: only the fields that differ from the user (empty when nothing changed).
    UserUpdate update() const;

    QLineEdit *usernameEdit() const { return m_username; }
    QLineEdit *emailEdit() const { return m_email; }
    QComboBox *roleCombo() const { return m_role; }
    QCheckBox *disabledCheck() const { return m_disabled; }
    QLineEdit *passwordEdit() const { return m_password; }
    QLineEdit *repeatEdit() const { return m_repeat; }
    QDialogButtonBox *buttons() const { return m_buttons; }
    /// The message above the buttons (service errors that belong to no field).
    QLabel *errorLabel() const { return m_error; }

    /// Shows a service error: validation errors under their fields, others above the buttons;
    /// re-enables the buttons.
    void showError(const ServiceError &error);
    /// Disables the buttons while the page waits for the service.
    void setBusy(bool busy);

    void accept() override;

signals:
    void submitted();

private:
    void build();
    QLabel *fieldLabel(const QString &field) const;
    void clearErrors();

    std::optional<User> m_editing;
    QLineEdit *m_username = nullptr;
    QLineEdit *m_email = nullptr;
    QComboBox *m_role = nullptr;
    QCheckBox *m_disabled = nullptr;
    QLineEdit *m_password = nullptr;
    QLineEdit *m_repeat = nullptr;
    QLabel *m_usernameError = nullptr;
    QLabel *m_emailError = nullptr;
    QLabel *m_passwordError = nullptr;
    QLabel *m_repeatError = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace taskdeck
