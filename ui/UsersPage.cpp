#include "UsersPage.h"

#include "Async.h"
#include "AuthService.h"
#include "ErrorMessages.h"
#include "TimeDisplay.h"
#include "UserDialog.h"

#include <QAction>
#include <QDateTime>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QTableWidget>
#include <QToolBar>
#include <QVBoxLayout>

namespace taskdeck {

UsersPage::UsersPage(AuthService *auth, Principal principal, QWidget *parent)
    : QWidget(parent), m_auth(auth), m_principal(std::move(principal)),
      m_table(new QTableWidget(0, ColumnCount, this)), m_countLabel(new QLabel(this)),
      m_toolBar(new QToolBar(this)),
      m_newAction(new QAction(QIcon(QStringLiteral(":/icons/add.svg")), tr("&New User…"), this)),
      m_editAction(new QAction(QIcon(QStringLiteral(":/icons/edit.svg")), tr("&Edit User…"), this)),
      m_deleteAction(
          new QAction(QIcon(QStringLiteral(":/icons/delete.svg")), tr("&Delete User…"), this)),
      m_refreshAction(
          new QAction(QIcon(QStringLiteral(":/icons/refresh.svg")), tr("&Refresh"), this))
{
    // Times follow Preferences' zone at once.
    connect(TimeDisplay::instance(), &TimeDisplay::zoneChanged, this,
            [this] { showUsers(QList<User>(m_users)); });
    m_table->setObjectName(QStringLiteral("usersTable"));
    m_table->setHorizontalHeaderLabels(
        {tr("Username"), tr("Email"), tr("Role"), tr("Disabled"), tr("Created")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(UsernameColumn, 180);
    m_table->setColumnWidth(EmailColumn, 240);
    m_table->setColumnWidth(RoleColumn, 120);
    m_table->setColumnWidth(DisabledColumn, 90);
    m_countLabel->setObjectName(QStringLiteral("usersCount"));
    m_countLabel->setText(tr("Loading…"));

    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolBar->addAction(m_newAction);
    m_toolBar->addAction(m_editAction);
    m_toolBar->addAction(m_deleteAction);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_refreshAction);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_toolBar);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_countLabel);

    connect(m_newAction, &QAction::triggered, this, &UsersPage::newUser);
    connect(m_editAction, &QAction::triggered, this, &UsersPage::editUser);
    connect(m_deleteAction, &QAction::triggered, this, &UsersPage::deleteUser);
    connect(m_refreshAction, &QAction::triggered, this, &UsersPage::reload);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &UsersPage::updateActions);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, &UsersPage::editUser);
    updateActions();
    reload();
}

QString UsersPage::roleText(Role role)
{
    switch (role) {
    case Role::Viewer:
        return tr("Viewer");
    case Role::Operator:
        return tr("Operator");
    case Role::Admin:
        return tr("Administrator");
    }
    return {};
}

void UsersPage::reload()
{
    if (!m_auth)
        return;
    whenReady(this, m_auth->listUsers(), [this](const Result<QList<User>> &result) {
        if (!result.ok()) {
            m_countLabel->setText(ErrorMessages::text(result.error()));
            return;
        }
        showUsers(result.value());
        emit loaded();
    });
}

void UsersPage::showUsers(const QList<User> &users)
{
    const std::optional<User> selected = currentUser();
    m_users = users;
    m_table->setRowCount(int(users.size()));
    for (int row = 0; row < users.size(); ++row) {
        const User &user = users.at(row);
        const QString created = TimeDisplay::formatMinutes(user.createdAt);
        const QStringList cells = {user.username, user.email.value_or(QString()),
                                   roleText(user.role), user.disabled ? tr("Yes") : tr("No"),
                                   created};
        for (int column = 0; column < ColumnCount; ++column)
            m_table->setItem(row, column, new QTableWidgetItem(cells.at(column)));
        if (selected && selected->id == user.id)
            m_table->selectRow(row);
    }
    m_countLabel->setText(users.size() == 1 ? tr("1 user") : tr("%L1 users").arg(users.size()));
    updateActions();
}

std::optional<User> UsersPage::currentUser() const
{
    const QList<QTableWidgetSelectionRange> ranges = m_table->selectedRanges();
    if (ranges.isEmpty())
        return std::nullopt;
    const int row = ranges.first().topRow();
    if (row < 0 || row >= m_users.size())
        return std::nullopt;
    return m_users.at(row);
}

void UsersPage::updateActions()
{
    const bool selected = currentUser().has_value();
    m_editAction->setEnabled(selected);
    m_deleteAction->setEnabled(selected);
}

void UsersPage::showError(const ServiceError &error)
{
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Users"), ErrorMessages::text(error),
                                QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("usersErrorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    emit statusMessage(ErrorMessages::text(error));
}

void UsersPage::newUser()
{
    if (!m_auth || m_dialog)
        return;
    auto *dialog = new UserDialog(this);
    m_dialog = dialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QObject::destroyed, this, [this] { m_dialog = nullptr; });
    connect(dialog, &UserDialog::submitted, this, [this, dialog] {
        QPointer<UserDialog> guard(dialog);
        whenReady(this,
                  m_auth->createUser(dialog->username(), dialog->password(), dialog->role(),
                                     dialog->email(), m_principal),
                  [this, guard](const Result<User> &result) {
                      if (!result.ok()) {
                          if (guard)
                              guard->showError(result.error());
                          else
                              showError(result.error());
                          return;
                      }
                      if (guard)
                          guard->done(QDialog::Accepted);
                      emit statusMessage(tr("Created user %1.").arg(result.value().username));
                      emit usersChanged();
                      reload();
                  });
    });
    dialog->open();
}

void UsersPage::editUser()
{
    const std::optional<User> user = currentUser();
    if (!m_auth || !user || m_dialog)
        return;
    auto *dialog = new UserDialog(*user, this);
    m_dialog = dialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QObject::destroyed, this, [this] { m_dialog = nullptr; });
    connect(dialog, &UserDialog::submitted, this, [this, dialog, id = user->id] {
        const UserUpdate update = dialog->update();
        if (!update.email && !update.role && !update.disabled && !update.password) {
            dialog->done(QDialog::Accepted);
            return;
        }
        QPointer<UserDialog> guard(dialog);
        whenReady(this, m_auth->updateUser(id, update, m_principal),
                  [this, guard](const Result<User> &result) {
                      if (!result.ok()) {
                          if (guard)
                              guard->showError(result.error());
                          else
                              showError(result.error());
                          return;
                      }
                      if (guard)
                          guard->done(QDialog::Accepted);
                      emit statusMessage(tr("Saved user %1.").arg(result.value().username));
                      emit usersChanged();
                      reload();
                  });
    });
    dialog->open();
}

void UsersPage::deleteUser()
{
    const std::optional<User> user = currentUser();
    if (!m_auth || !user)
        return;
    auto *box =
        new QMessageBox(QMessageBox::Question, tr("Delete User"),
                        tr("Delete the user %1? Their sessions end at once. This cannot be undone.")
                            .arg(user->username),
                        QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("confirmDeleteUserBox"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, user = *user](int answer) {
        if (answer != QMessageBox::Yes)
            return;
        whenReady(this, m_auth->deleteUser(user.id, m_principal),
                  [this, name = user.username](const VoidResult &result) {
                      if (!result.ok()) {
                          showError(result.error());
                          return;
                      }
                      emit statusMessage(tr("Deleted user %1.").arg(name));
                      emit usersChanged();
                      reload();
                  });
    });
    box->open();
}

} // namespace taskdeck
