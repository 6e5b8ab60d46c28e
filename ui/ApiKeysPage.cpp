#include "ApiKeysPage.h"

#include "ApiKeyDialog.h"
#include "ApiKeyService.h"
#include "Async.h"
#include "ErrorMessages.h"
#include "TimeDisplay.h"
#include "UsersPage.h"

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

namespace {

QString shownTime(std::optional<EpochMs> ms, const QString &none)
{
    if (!ms)
        return none;
    return TimeDisplay::formatMinutes(*ms);
}

} // namespace

ApiKeysPage::ApiKeysPage(ApiKeyService *keys, Principal principal, QWidget *parent)
    : QWidget(parent), m_service(keys), m_principal(std::move(principal)),
      m_table(new QTableWidget(0, ColumnCount, this)), m_countLabel(new QLabel(this)),
      m_toolBar(new QToolBar(this)),
      m_newAction(new QAction(QIcon(QStringLiteral(":/icons/add.svg")), tr("&New Key…"), this)),
      m_revokeAction(
          new QAction(QIcon(QStringLiteral(":/icons/delete.svg")), tr("Re&voke Key…"), this)),
      m_refreshAction(
          new QAction(QIcon(QStringLiteral(":/icons/refresh.svg")), tr("&Refresh"), this))
{
    // Times follow Preferences' zone at once.
    connect(TimeDisplay::instance(), &TimeDisplay::zoneChanged, this,
            [this] { showKeys(QList<ApiKey>(m_keys)); });
    m_table->setObjectName(QStringLiteral("apiKeysTable"));
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Prefix"), tr("User"), tr("Role"),
                                        tr("Read-only"), tr("Created"), tr("Last used"),
                                        tr("Expires")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(NameColumn, 220);
    m_table->setColumnWidth(PrefixColumn, 140);
    m_table->setColumnWidth(UserColumn, 120);
    m_table->setColumnWidth(RoleColumn, 110);
    m_table->setColumnWidth(ReadOnlyColumn, 90);
    m_table->setColumnWidth(CreatedColumn, 140);
    m_table->setColumnWidth(LastUsedColumn, 140);
    m_table->setColumnHidden(UserColumn, !m_principal.isAdmin());
    m_countLabel->setObjectName(QStringLiteral("apiKeysCount"));
    m_countLabel->setText(tr("Loading…"));

    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolBar->addAction(m_newAction);
    m_toolBar->addAction(m_revokeAction);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_refreshAction);

    auto *hint = new QLabel(
        tr("Scripts send a key as <code>Authorization: Bearer &lt;key&gt;</code> or "
           "<code>X-API-Key: &lt;key&gt;</code>. A key acts with its role (never above its "
           "owner's) and stops working when revoked, expired or its owner is disabled."),
        this);
    hint->setObjectName(QStringLiteral("apiKeysHint"));
    hint->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_toolBar);
    layout->addWidget(hint);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_countLabel);

    connect(m_newAction, &QAction::triggered, this, &ApiKeysPage::newKey);
    connect(m_revokeAction, &QAction::triggered, this, &ApiKeysPage::revokeKey);
    connect(m_refreshAction, &QAction::triggered, this, &ApiKeysPage::reload);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &ApiKeysPage::updateActions);
    updateActions();
    reload();
}

void ApiKeysPage::reload()
{
    if (!m_service)
        return;
    whenReady(this, m_service->list(m_principal), [this](const Result<QList<ApiKey>> &result) {
        if (!result.ok()) {
            m_countLabel->setText(ErrorMessages::text(result.error()));
            return;
        }
        showKeys(result.value());
        emit loaded();
    });
}

void ApiKeysPage::showKeys(const QList<ApiKey> &keys)
{
    const std::optional<ApiKey> selected = currentKey();
    m_keys = keys;
    m_table->setRowCount(int(keys.size()));
    for (int row = 0; row < keys.size(); ++row) {
        const ApiKey &key = keys.at(row);
        const QStringList cells = {key.name,
                                   key.prefix + QStringLiteral("…"),
                                   key.username,
                                   UsersPage::roleText(key.role),
                                   key.readOnly ? tr("Yes") : tr("No"),
                                   shownTime(key.createdAt, QString()),
                                   shownTime(key.lastUsedAt, tr("never")),
                                   shownTime(key.expiresAt, tr("never"))};
        for (int column = 0; column < ColumnCount; ++column)
            m_table->setItem(row, column, new QTableWidgetItem(cells.at(column)));
        if (selected && selected->id == key.id)
            m_table->selectRow(row);
    }
    m_countLabel->setText(keys.size() == 1 ? tr("1 key") : tr("%L1 keys").arg(keys.size()));
    updateActions();
}

std::optional<ApiKey> ApiKeysPage::currentKey() const
{
    const QList<QTableWidgetSelectionRange> ranges = m_table->selectedRanges();
    if (ranges.isEmpty())
        return std::nullopt;
    const int row = ranges.first().topRow();
    if (row < 0 || row >= m_keys.size())
        return std::nullopt;
    return m_keys.at(row);
}

void ApiKeysPage::updateActions()
{
    m_revokeAction->setEnabled(currentKey().has_value());
}

void ApiKeysPage::showError(const ServiceError &error)
{
    auto *box = new QMessageBox(QMessageBox::Warning, tr("API Keys"), ErrorMessages::text(error),
                                QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("apiKeysErrorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    emit statusMessage(ErrorMessages::text(error));
}

void ApiKeysPage::newKey()
{
    if (!m_service || m_dialog)
        return;
    auto *dialog = new ApiKeyDialog(m_principal.role, this);
    m_dialog = dialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QObject::destroyed, this, [this] { m_dialog = nullptr; });
    connect(dialog, &ApiKeyDialog::submitted, this, [this, dialog] {
        QPointer<ApiKeyDialog> guard(dialog);
        whenReady(this, m_service->create(dialog->newKey(), m_principal),
                  [this, guard](const Result<CreatedApiKey> &result) {
                      if (!result.ok()) {
                          if (guard)
                              guard->showError(result.error());
                          else
                              showError(result.error());
                          return;
                      }
                      // The secret goes nowhere else: only this dialog shows it.
                      if (guard)
                          guard->showSecret(result.value().key, result.value().secret);
                      emit statusMessage(tr("Created API key %1.").arg(result.value().key.name));
                      emit keysChanged();
                      reload();
                  });
    });
    dialog->open();
}

void ApiKeysPage::revokeKey()
{
    const std::optional<ApiKey> key = currentKey();
    if (!m_service || !key)
        return;
    auto *box = new QMessageBox(
        QMessageBox::Question, tr("Revoke API Key"),
        tr("Revoke the API key %1 (%2…)? Scripts using it are refused at once. This cannot be "
           "undone.")
            .arg(key->name, key->prefix),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("confirmRevokeKeyBox"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, key = *key](int answer) {
        if (answer != QMessageBox::Yes)
            return;
        whenReady(this, m_service->revoke(key.id, m_principal),
                  [this, name = key.name](const VoidResult &result) {
                      if (!result.ok()) {
                          showError(result.error());
                          return;
                      }
                      emit statusMessage(tr("Revoked API key %1.").arg(name));
                      emit keysChanged();
                      reload();
                  });
    });
    box->open();
}

} // namespace taskdeck
