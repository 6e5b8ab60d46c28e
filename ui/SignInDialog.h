#pragma once

#include "RememberedSession.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace taskdeck {

class AuthService;

/// Signs a person in to the desktop window: username, password, "Remember me" and a Sign in
/// button. The button calls AuthService::login(username, password, "local") through whenReady
/// (the dialog stays responsive; the button is disabled while the answer is pending). A refusal
/// is shown under the fields with ErrorMessages::text() (401 "Invalid username or password.",
/// 429 with the wait time) and the password is cleared; a success accepts the dialog, and
/// session() then holds the principal (the login's user and role) and the refresh token.
///
/// Usage (app/): `auto *d = new SignInDialog(auth); connect(d, &QDialog::accepted, ...);
/// d->open();` Remembering the token (RememberedSession) is up to the caller; the dialog says
/// when no keychain is available and a remembered sign-in would be kept in a file.
///
/// Thread affinity: GUI thread. `auth` is not owned and must outlive the dialog.
class SignInDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SignInDialog(AuthService *auth, QWidget *parent = nullptr);

    /// Valid after accepted().
    const SignedInSession &session() const { return m_session; }
    bool rememberMe() const;

    QLineEdit *usernameField() const { return m_username; }
    QLineEdit *passwordField() const { return m_password; }
    QCheckBox *rememberBox() const { return m_remember; }
    QPushButton *signInButton() const { return m_signIn; }
    QLabel *errorLabel() const { return m_error; }
    /// Under "Remember me", shown only when no system keychain answered
    /// (RememberedSession::keychainState() is Unavailable): the token would go to a file.
    QLabel *keychainNote() const { return m_keychainNote; }

public slots:
    /// What the Sign in button does.
    void signIn();

private:
    void updateButton();

    AuthService *m_auth;
    QLineEdit *m_username;
    QLineEdit *m_password;
    QCheckBox *m_remember;
    QPushButton *m_signIn;
    QLabel *m_error;
    QLabel *m_keychainNote;
    bool m_pending = false;
    SignedInSession m_session;
};

} // namespace taskdeck
