#include "AuditPage.h"

#include "Async.h"
#include "AuditService.h"
#include "AuditTableModel.h"
#include "ChangeFeed.h"
#include "ErrorMessages.h"
#include "TimeDisplay.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace taskdeck {

AuditLogPage::AuditLogPage(AuditService *audit, ChangeFeed *feed, Principal principal,
                           QWidget *parent)
    : QWidget(parent), m_audit(audit), m_principal(std::move(principal)),
      m_model(new AuditTableModel(this)), m_view(new QTableView(this)),
      m_detail(new QPlainTextEdit(this)), m_totalLabel(new QLabel(this)),
      m_errorLabel(new QLabel(this)), m_userEdit(new QLineEdit(this)),
      m_actionCombo(new QComboBox(this)), m_targetEdit(new QLineEdit(this)),
      m_fromCheck(new QCheckBox(tr("&From"), this)), m_fromEdit(new QDateTimeEdit(this)),
      m_toCheck(new QCheckBox(tr("T&o"), this)), m_toEdit(new QDateTimeEdit(this)),
      m_previousButton(new QPushButton(tr("&Previous"), this)),
      m_nextButton(new QPushButton(tr("&Next"), this)),
      m_refreshButton(
          new QPushButton(QIcon(QStringLiteral(":/icons/refresh.svg")), tr("&Refresh"), this))
{
    m_userEdit->setPlaceholderText(tr("User"));
    m_userEdit->setClearButtonEnabled(true);
    m_userEdit->setObjectName(QStringLiteral("auditUserFilter"));
    m_actionCombo->addItem(tr("All actions"));
    for (const QString &action : audit::auditActions())
        m_actionCombo->addItem(action, action);
    m_actionCombo->setObjectName(QStringLiteral("auditActionFilter"));
    m_targetEdit->setPlaceholderText(tr("Target id"));
    m_targetEdit->setClearButtonEnabled(true);
    m_targetEdit->setObjectName(QStringLiteral("auditTargetFilter"));
    const QDateTime now = QDateTime::currentDateTime();
    for (QDateTimeEdit *edit : {m_fromEdit, m_toEdit}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        edit->setTimeSpec(TimeDisplay::timeSpec());
        edit->setEnabled(false);
    }
    // The range is typed in the zone times are shown in (the instants stay when it changes).
    connect(TimeDisplay::instance(), &TimeDisplay::zoneChanged, this, [this] {
        for (QDateTimeEdit *edit : {m_fromEdit, m_toEdit})
            edit->setTimeSpec(TimeDisplay::timeSpec());
    });
    m_fromEdit->setDateTime(now.addDays(-7));
    m_toEdit->setDateTime(now.addDays(1));

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_userEdit, 2);
    filters->addWidget(m_actionCombo, 1);
    filters->addWidget(m_targetEdit, 3);
    filters->addWidget(m_fromCheck);
    filters->addWidget(m_fromEdit);
    filters->addWidget(m_toCheck);
    filters->addWidget(m_toEdit);
    filters->addWidget(m_refreshButton);

    m_view->setObjectName(QStringLiteral("auditTable"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(AuditTableModel::TimeColumn,
                                                     QHeaderView::ResizeToContents);
    m_view->setColumnWidth(AuditTableModel::UserColumn, 140);
    m_view->setColumnWidth(AuditTableModel::ActionColumn, 120);

    m_detail->setObjectName(QStringLiteral("auditDetail"));
    m_detail->setReadOnly(true);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_detail->setPlaceholderText(tr("Select an entry to see the object before and after."));
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_view);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    m_totalLabel->setObjectName(QStringLiteral("auditTotal"));
    m_errorLabel->setObjectName(QStringLiteral("auditError"));
    m_errorLabel->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->hide();
    auto *paging = new QHBoxLayout;
    paging->addWidget(m_totalLabel);
    paging->addStretch(1);
    paging->addWidget(m_previousButton);
    paging->addWidget(m_nextButton);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_errorLabel);
    layout->addWidget(splitter, 1);
    layout->addLayout(paging);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(300);
    connect(&m_debounce, &QTimer::timeout, this, [this] {
        m_offset = 0;
        refresh();
    });
    connect(m_userEdit, &QLineEdit::textChanged, this, &AuditLogPage::filterChanged);
    connect(m_targetEdit, &QLineEdit::textChanged, this, &AuditLogPage::filterChanged);
    connect(m_actionCombo, &QComboBox::currentIndexChanged, this, &AuditLogPage::filterChanged);
    connect(m_fromCheck, &QCheckBox::toggled, m_fromEdit, &QWidget::setEnabled);
    connect(m_toCheck, &QCheckBox::toggled, m_toEdit, &QWidget::setEnabled);
    connect(m_fromCheck, &QCheckBox::toggled, this, &AuditLogPage::filterChanged);
    connect(m_toCheck, &QCheckBox::toggled, this, &AuditLogPage::filterChanged);
    connect(m_fromEdit, &QDateTimeEdit::dateTimeChanged, this, [this] {
        if (m_fromCheck->isChecked())
            filterChanged();
    });
    connect(m_toEdit, &QDateTimeEdit::dateTimeChanged, this, [this] {
        if (m_toCheck->isChecked())
            filterChanged();
    });
    connect(m_refreshButton, &QPushButton::clicked, this, &AuditLogPage::refresh);
    connect(m_previousButton, &QPushButton::clicked, this, [this] {
        m_offset = std::max<qint64>(0, m_offset - kPageSize);
        refresh();
    });
    connect(m_nextButton, &QPushButton::clicked, this, [this] {
        m_offset += kPageSize;
        refresh();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &AuditLogPage::showDetail);
    connect(m_model, &QAbstractItemModel::modelReset, this, &AuditLogPage::showDetail);
    if (feed) {
        // Every task change is audited: re-read the current page, at most once a second.
        m_liveRefresh.setSingleShot(true);
        m_liveRefresh.setInterval(1000);
        connect(&m_liveRefresh, &QTimer::timeout, this, &AuditLogPage::refresh);
        connect(feed, &ChangeFeed::published, this, [this](const QList<ChangeEvent> &events) {
            const bool tasksChanged =
                std::any_of(events.cbegin(), events.cend(),
                            [](const ChangeEvent &e) { return e.isTaskEvent(); });
            if (tasksChanged && !m_liveRefresh.isActive())
                m_liveRefresh.start();
        });
        connect(feed, &ChangeFeed::resyncNeeded, this, &AuditLogPage::refresh);
    }

    m_totalLabel->setText(tr("Loading…"));
    updatePaging();
    refresh();
}

AuditFilter AuditLogPage::filter() const
{
    AuditFilter filter;
    const QString user = m_userEdit->text().trimmed();
    if (!user.isEmpty())
        filter.username = user;
    const QString action = m_actionCombo->currentData().toString();
    if (!action.isEmpty())
        filter.action = action;
    const QString target = m_targetEdit->text().trimmed();
    if (!target.isEmpty())
        filter.target = target;
    if (m_fromCheck->isChecked())
        filter.from = m_fromEdit->dateTime().toMSecsSinceEpoch();
    if (m_toCheck->isChecked())
        filter.to = m_toEdit->dateTime().toMSecsSinceEpoch();
    return filter;
}

void AuditLogPage::filterChanged()
{
    m_debounce.start();
}

void AuditLogPage::refresh()
{
    m_debounce.stop();
    if (!m_audit)
        return;
    const quint64 generation = ++m_generation;
    whenReady(this, m_audit->list(filter(), m_offset, kPageSize, m_principal),
              [this, generation](const Result<AuditPage> &result) {
                  if (generation != m_generation)
                      return; // a newer request is on its way
                  if (!result.ok()) {
                      const ServiceError &error = result.error();
                      QString text = ErrorMessages::text(error);
                      if (error.kind == ServiceError::Kind::Validation && !error.fields.isEmpty())
                          text = ErrorMessages::fieldText(error.fields.first());
                      m_errorLabel->setText(text);
                      m_errorLabel->show();
                      emit loadFailed(error);
                      return;
                  }
                  m_errorLabel->hide();
                  showPage(result.value());
                  emit loaded();
              });
}

void AuditLogPage::showPage(const AuditPage &page)
{
    // Keep the selected entry selected when it is still on the page (refresh after a change).
    const AuditEntry *selected = m_model->entry(m_view->currentIndex().row());
    const QUuid selectedId = selected ? selected->id : QUuid();
    m_total = page.total;
    if (page.entries.isEmpty() && m_offset > 0 && m_total > 0) {
        // The page emptied (entries vanished behind a filter): go to the last one that exists.
        m_offset = ((m_total - 1) / kPageSize) * kPageSize;
        refresh();
        return;
    }
    m_model->setEntries(page.entries);
    for (int row = 0; !selectedId.isNull() && row < m_model->rowCount(); ++row) {
        if (m_model->entry(row)->id == selectedId) {
            m_view->selectRow(row);
            break;
        }
    }
    updatePaging();
}

void AuditLogPage::updatePaging()
{
    if (m_total > 0) {
        const qint64 last = std::min(m_total, m_offset + m_model->rowCount());
        const QString count = m_total == 1 ? tr("1 entry") : tr("%L1 entries").arg(m_total);
        m_totalLabel->setText(tr("%1 (showing %L2–%L3)").arg(count).arg(m_offset + 1).arg(last));
    } else {
        m_totalLabel->setText(tr("No entries"));
    }
    m_previousButton->setEnabled(m_offset > 0);
    m_nextButton->setEnabled(m_offset + kPageSize < m_total);
}

QString AuditLogPage::jsonText(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented));
    if (value.isNull() || value.isUndefined())
        return tr("(none)") + QLatin1Char('\n');
    return value.toVariant().toString() + QLatin1Char('\n');
}

void AuditLogPage::showDetail()
{
    const AuditEntry *item = m_model->entry(m_view->currentIndex().row());
    if (!item) {
        m_detail->clear();
        return;
    }
    m_detail->setPlainText(
        tr("%1 by %2, target %3").arg(item->action, item->username, item->target) +
        QStringLiteral("\n\n") + tr("Before:") + QLatin1Char('\n') + jsonText(item->before) +
        QLatin1Char('\n') + tr("After:") + QLatin1Char('\n') + jsonText(item->after));
}

} // namespace taskdeck
