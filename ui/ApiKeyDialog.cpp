#include "ApiKeyDialog.h"

#include "ErrorMessages.h"
#include "TimeDisplay.h"
#include "UsersPage.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace taskdeck {

ApiKeyDialog::ApiKeyDialog(Role maxRole, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("New API Key"));
    m_form = new QWidget(this);
    m_name = new QLineEdit(m_form);
    m_name->setObjectName(QStringLiteral("keyNameEdit"));
    m_name->setMaxLength(int(kApiKeyMaxNameLength));
    m_name->setPlaceholderText(tr("what the key is for, e.g. nightly import"));
    m_role = new QComboBox(m_form);
    m_role->setObjectName(QStringLiteral("keyRoleCombo"));
    for (Role role : {Role::Viewer, Role::Operator, Role::Admin}) {
        if (int(role) <= int(maxRole))
            m_role->addItem(UsersPage::roleText(role), int(role));
    }
    m_role->setCurrentIndex(m_role->count() - 1);
    m_readOnly = new QCheckBox(tr("&Read-only (the key can never change anything)"), m_form);
    m_readOnly->setObjectName(QStringLiteral("keyReadOnlyCheck"));
    m_expires = new QCheckBox(tr("E&xpires:"), m_form);
    m_expires->setObjectName(QStringLiteral("keyExpiresCheck"));
    m_expiresAt = new QDateTimeEdit(QDateTime::currentDateTime().addDays(90), m_form);
    m_expiresAt->setObjectName(QStringLiteral("keyExpiresEdit"));
    m_expiresAt->setCalendarPopup(true);
    m_expiresAt->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    m_expiresAt->setMinimumDateTime(QDateTime::currentDateTime());
    m_expiresAt->setTimeSpec(TimeDisplay::timeSpec()); // typed as times are shown
    m_expiresAt->setEnabled(false);
    connect(m_expires, &QCheckBox::toggled, m_expiresAt, &QWidget::setEnabled);

    auto *form = new QFormLayout(m_form);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("R&ole:"), m_role);
    form->addRow(QString(), m_readOnly);
    form->addRow(m_expires, m_expiresAt);

    m_secretPanel = new QWidget(this);
    m_secretPanel->setObjectName(QStringLiteral("keySecretPanel"));
    m_secretIntro = new QLabel(m_secretPanel);
    m_secretIntro->setObjectName(QStringLiteral("keySecretWarning"));
    m_secretIntro->setWordWrap(true);
    m_secret = new QLineEdit(m_secretPanel);
    m_secret->setObjectName(QStringLiteral("keySecretEdit"));
    m_secret->setReadOnly(true);
    m_secret->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_copy = new QPushButton(QIcon(QStringLiteral(":/icons/copy.svg")), tr("&Copy"), m_secretPanel);
    m_copy->setObjectName(QStringLiteral("keyCopyButton"));
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(m_secret->text());
        m_copy->setText(tr("Copied"));
    });
    auto *secretRow = new QHBoxLayout;
    secretRow->addWidget(m_secret, 1);
    secretRow->addWidget(m_copy);
    auto *secretLayout = new QVBoxLayout(m_secretPanel);
    secretLayout->setContentsMargins(0, 0, 0, 0);
    secretLayout->addWidget(m_secretIntro);
    secretLayout->addLayout(secretRow);
    m_secretPanel->hide();

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("dialogError"));
    m_error->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_error->setWordWrap(true);
    m_error->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Create"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ApiKeyDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ApiKeyDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_form);
    layout->addWidget(m_secretPanel);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    setMinimumWidth(520);
}

NewApiKey ApiKeyDialog::newKey() const
{
    NewApiKey key;
    key.name = m_name->text().trimmed();
    key.role = static_cast<Role>(m_role->currentData().toInt());
    key.readOnly = m_readOnly->isChecked();
    if (m_expires->isChecked())
        key.expiresAt = m_expiresAt->dateTime().toMSecsSinceEpoch();
    return key;
}

void ApiKeyDialog::showError(const ServiceError &error)
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(true);
    m_error->setText(ErrorMessages::text(error));
    m_error->show();
}

void ApiKeyDialog::showSecret(const ApiKey &key, const QString &secret)
{
    m_done = true;
    setWindowTitle(tr("API Key %1").arg(key.name));
    m_form->hide();
    m_error->hide();
    m_secretIntro->setText(
        tr("<b>Copy this key now. You will not see it again.</b><br>Send it as "
           "<code>Authorization: Bearer &lt;key&gt;</code> or <code>X-API-Key: &lt;key&gt;</code>. "
           "The list shows only its first characters (%1…).")
            .arg(key.prefix.toHtmlEscaped()));
    m_secret->setText(secret);
    m_secretPanel->show();
    m_buttons->setStandardButtons(QDialogButtonBox::Close); // rejected(): closes the dialog
    m_secret->selectAll();
    m_secret->setFocus();
}

void ApiKeyDialog::accept()
{
    if (m_done) {
        done(QDialog::Accepted);
        return;
    }
    if (m_name->text().trimmed().isEmpty()) {
        m_error->setText(tr("Give the key a name."));
        m_error->show();
        return;
    }
    m_error->hide();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    emit submitted();
}

} // namespace taskdeck
