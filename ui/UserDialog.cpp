#include "UserDialog.h"

#include "ErrorMessages.h"
#include "UsersPage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace taskdeck {

namespace {

QLabel *makeErrorLabel(QWidget *parent, const QString &name)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setStyleSheet(QStringLiteral("color: #b3261e;"));
    label->setWordWrap(true);
    label->hide();
    return label;
}

void setError(QLabel *label, const QString &text)
{
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

} // namespace

UserDialog::UserDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("New User"));
    build();
}

UserDialog::UserDialog(const User &user, QWidget *parent) : QDialog(parent), m_editing(user)
{
    setWindowTitle(tr("Edit User %1").arg(user.username));
    build();
    m_username->setText(user.username);
    m_username->setReadOnly(true);
    m_email->setText(user.email.value_or(QString()));
    m_role->setCurrentIndex(m_role->findData(int(user.role)));
    m_disabled->setChecked(user.disabled);
}

void UserDialog::build()
{
    m_username = new QLineEdit(this);
    m_username->setObjectName(QStringLiteral("usernameEdit"));
    m_username->setMaxLength(64);
    m_email = new QLineEdit(this);
    m_email->setObjectName(QStringLiteral("emailEdit"));
    m_email->setPlaceholderText(tr("optional"));
    m_role = new QComboBox(this);
    m_role->setObjectName(QStringLiteral("roleCombo"));
    for (Role role : {Role::Viewer, Role::Operator, Role::Admin})
        m_role->addItem(UsersPage::roleText(role), int(role));
    m_disabled = new QCheckBox(tr("Account &disabled (cannot sign in)"), this);
    m_disabled->setObjectName(QStringLiteral("disabledCheck"));
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("passwordEdit"));
    m_password->setEchoMode(QLineEdit::Password);
    m_repeat = new QLineEdit(this);
    m_repeat->setObjectName(QStringLiteral("repeatEdit"));
    m_repeat->setEchoMode(QLineEdit::Password);
    if (isEditing())
        m_password->setPlaceholderText(tr("leave empty to keep the password"));
    else
        m_password->setPlaceholderText(tr("at least %L1 characters").arg(kMinPasswordLength));
    m_usernameError = makeErrorLabel(this, QStringLiteral("usernameError"));
    m_emailError = makeErrorLabel(this, QStringLiteral("emailError"));
    m_passwordError = makeErrorLabel(this, QStringLiteral("passwordError"));
    m_repeatError = makeErrorLabel(this, QStringLiteral("repeatError"));
    m_error = makeErrorLabel(this, QStringLiteral("dialogError"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Username:"), m_username);
    form->addRow(QString(), m_usernameError);
    form->addRow(tr("&Email:"), m_email);
    form->addRow(QString(), m_emailError);
    form->addRow(tr("&Role:"), m_role);
    if (isEditing())
        form->addRow(QString(), m_disabled);
    else
        m_disabled->hide();
    form->addRow(isEditing() ? tr("New &password:") : tr("&Password:"), m_password);
    form->addRow(QString(), m_passwordError);
    form->addRow(tr("Re&peat password:"), m_repeat);
    form->addRow(QString(), m_repeatError);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(isEditing() ? tr("&Save") : tr("&Create"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &UserDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &UserDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    setMinimumWidth(420);
}

QString UserDialog::username() const
{
    return m_username->text().trimmed();
}

std::optional<QString> UserDialog::email() const
{
    const QString text = m_email->text().trimmed();
    return text.isEmpty() ? std::nullopt : std::optional<QString>(text);
}

Role UserDialog::role() const
{
    return static_cast<Role>(m_role->currentData().toInt());
}

bool UserDialog::isDisabledChecked() const
{
    return m_disabled->isChecked();
}

QString UserDialog::password() const
{
    return m_password->text();
}

UserUpdate UserDialog::update() const
{
    UserUpdate update;
    if (!m_editing)
        return update;
    if (email() != m_editing->email)
        update.email = email();
    if (role() != m_editing->role)
        update.role = role();
    if (isDisabledChecked() != m_editing->disabled)
        update.disabled = isDisabledChecked();
    if (!password().isEmpty())
        update.password = password();
    return update;
}

void UserDialog::clearErrors()
{
    for (QLabel *label : {m_usernameError, m_emailError, m_passwordError, m_repeatError, m_error})
        setError(label, QString());
}

QLabel *UserDialog::fieldLabel(const QString &field) const
{
    if (field == QLatin1String("username"))
        return m_usernameError;
    if (field == QLatin1String("email"))
        return m_emailError;
    if (field == QLatin1String("password"))
        return m_passwordError;
    return nullptr;
}

void UserDialog::accept()
{
    clearErrors();
    bool valid = true;
    if (!isEditing() && username().isEmpty()) {
        setError(m_usernameError, tr("Enter a username."));
        valid = false;
    }
    const bool passwordNeeded = !isEditing() || !password().isEmpty();
    if (passwordNeeded && password().toUcs4().size() < kMinPasswordLength) {
        setError(m_passwordError,
                 tr("The password needs at least %L1 characters.").arg(kMinPasswordLength));
        valid = false;
    }
    if (password() != m_repeat->text()) {
        setError(m_repeatError, tr("The passwords do not match."));
        valid = false;
    }
    if (!valid)
        return;
    setBusy(true);
    emit submitted();
}

void UserDialog::setBusy(bool busy)
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!busy);
}

void UserDialog::showError(const ServiceError &error)
{
    clearErrors();
    setBusy(false);
    bool shown = false;
    if (error.kind == ServiceError::Kind::Validation) {
        for (const FieldError &field : error.fields) {
            if (QLabel *label = fieldLabel(ErrorMessages::fieldName(field))) {
                setError(label, ErrorMessages::fieldText(field));
                shown = true;
            }
        }
    }
    if (!shown)
        setError(m_error, ErrorMessages::text(error));
}

} // namespace taskdeck
