#include "AdminPasswordDialog.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace taskdeck {

AdminPasswordDialog::AdminPasswordDialog(const QString &username, const QString &password,
                                         QWidget *parent)
    : QDialog(parent), m_password(new QLineEdit(password, this)),
      m_copy(new QPushButton(QIcon(QStringLiteral(":/icons/copy.svg")), tr("&Copy"), this))
{
    setWindowTitle(tr("Administrator Account Created"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/user.svg")));

    auto *intro =
        new QLabel(tr("Taskdeck created the administrator account <b>%1</b> with this password:")
                       .arg(username.toHtmlEscaped()),
                   this);
    intro->setWordWrap(true);

    m_password->setObjectName(QStringLiteral("passwordField"));
    m_password->setReadOnly(true);
    m_password->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_password->setMinimumWidth(m_password->fontMetrics().horizontalAdvance(password) + 24);
    m_password->selectAll();
    m_copy->setObjectName(QStringLiteral("copyButton"));
    m_copy->setAutoDefault(false);
    connect(m_copy, &QPushButton::clicked, this, &AdminPasswordDialog::copyPassword);

    auto *row = new QHBoxLayout;
    row->addWidget(m_password, 1);
    row->addWidget(m_copy);

    auto *warning = new QLabel(tr("It is shown only this once. Store it in a safe place, such as "
                                  "a password manager, before you close this window."),
                               this);
    warning->setWordWrap(true);
    warning->setStyleSheet(QStringLiteral("color: #b9770e;"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(row);
    layout->addWidget(warning);
    layout->addWidget(buttons);
    setMinimumWidth(460);
}

void AdminPasswordDialog::copyPassword()
{
    QGuiApplication::clipboard()->setText(m_password->text());
    m_copy->setText(tr("Copied"));
}

} // namespace taskdeck
