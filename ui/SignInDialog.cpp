#include "SignInDialog.h"

#include "Async.h"
#include "AuthService.h"
#include "ErrorMessages.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

namespace taskdeck {

SignInDialog::SignInDialog(AuthService *auth, QWidget *parent)
    : QDialog(parent), m_auth(auth), m_username(new QLineEdit(this)),
      m_password(new QLineEdit(this)), m_remember(new QCheckBox(tr("&Remember me"), this)),
      m_signIn(new QPushButton(tr("&Sign in"), this)), m_error(new QLabel(this)),
      m_keychainNote(new QLabel(this))
{
    setWindowTitle(tr("Sign in to Taskdeck"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/taskdeck.svg")));

    auto *intro = new QLabel(tr("Sign in with your Taskdeck account."), this);
    intro->setWordWrap(true);

    m_username->setObjectName(QStringLiteral("usernameField"));
    m_username->setMaxLength(64);
    m_password->setObjectName(QStringLiteral("passwordField"));
    m_password->setEchoMode(QLineEdit::Password);
    m_remember->setObjectName(QStringLiteral("rememberBox"));
    m_remember->setToolTip(tr("Stay signed in on this computer until you sign out."));
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_error->hide();

    auto *form = new QFormLayout;
    form->addRow(tr("&Username:"), m_username);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(QString(), m_remember);
    m_keychainNote->setObjectName(QStringLiteral("keychainNote"));
    m_keychainNote->setWordWrap(true);
    m_keychainNote->setText(
        tr("No system keychain is available, so a remembered sign-in is kept in a file that only "
           "you can read (%1).")
            .arg(QDir::toNativeSeparators(RememberedSession::path())));
    m_keychainNote->setToolTip(RememberedSession::keychainProblem());
    QFont small = m_keychainNote->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_keychainNote->setFont(small);
    m_keychainNote->setVisible(RememberedSession::keychainState() ==
                               RememberedSession::KeychainState::Unavailable);
    form->addRow(QString(), m_keychainNote);

    auto *buttons = new QDialogButtonBox(this);
    m_signIn->setObjectName(QStringLiteral("signInButton"));
    m_signIn->setDefault(true);
    buttons->addButton(m_signIn, QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    // The Sign in button starts the login; only its answer accepts the dialog.
    connect(m_signIn, &QPushButton::clicked, this, &SignInDialog::signIn);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_username, &QLineEdit::textChanged, this, &SignInDialog::updateButton);
    connect(m_password, &QLineEdit::textChanged, this, &SignInDialog::updateButton);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addStretch();
    layout->addWidget(buttons);
    setMinimumWidth(380);
    updateButton();
}

bool SignInDialog::rememberMe() const
{
    return m_remember->isChecked();
}

void SignInDialog::updateButton()
{
    m_signIn->setEnabled(!m_pending && !m_username->text().trimmed().isEmpty() &&
                         !m_password->text().isEmpty());
}

void SignInDialog::signIn()
{
    if (m_pending || m_username->text().trimmed().isEmpty() || m_password->text().isEmpty())
        return;
    m_pending = true;
    updateButton();
    m_error->hide();
    const QPointer<SignInDialog> self(this);
    whenReady(
        this,
        m_auth->login(m_username->text().trimmed(), m_password->text(), QStringLiteral("local")),
        [self](const Result<LoginResult> &login) {
            if (!self)
                return;
            self->m_pending = false;
            if (login.ok()) {
                self->m_session = SignedInSession::fromLogin(login.value());
                self->accept();
                return;
            }
            self->m_error->setText(ErrorMessages::text(login.error()));
            self->m_error->show();
            self->m_password->clear();
            self->m_password->setFocus();
            self->updateButton();
        });
}

} // namespace taskdeck
