#include "TaskDetailPanel.h"

#include "Async.h"
#include "ChangeEvent.h"
#include "ChangeFeed.h"
#include "ErrorMessages.h"
#include "TaskJson.h"
#include "TaskRules.h"
#include "TaskService.h"
#include "TaskTableModel.h"
#include "TimeDisplay.h"

#include <QColor>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTreeWidget>
#include <QTreeWidgetItem>
#include <QVBoxLayout>

namespace taskdeck {

namespace {

/// Texts in the timeline are shortened to this many characters (the full text is the tooltip).
constexpr int kShortText = 80;

QString shortened(const QString &text, int maxChars)
{
    QString flat = text;
    flat.replace(QLatin1Char('\n'), QChar(0x21B5)); // ↵: one line per change
    if (maxChars <= 0 || flat.size() <= maxChars)
        return flat;
    return flat.left(maxChars - 1) + QChar(0x2026);
}

QPlainTextEdit *makeText(QWidget *parent, const QString &name)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setObjectName(name);
    edit->setReadOnly(true);
    edit->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    edit->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    return edit;
}

} // namespace

TaskDetailPanel::TaskDetailPanel(TaskService *service, Principal principal, ChangeFeed *feed,
                                 QWidget *parent)
    : QWidget(parent), m_service(service), m_principal(std::move(principal))
{
    setObjectName(QStringLiteral("taskDetailPanel"));
    build();
    if (feed) {
        connect(feed, &ChangeFeed::published, this, &TaskDetailPanel::applyEvents);
        connect(feed, &ChangeFeed::resyncNeeded, this, &TaskDetailPanel::reload);
    }
    // Times follow Preferences' zone at once (the history is read again to re-format it).
    connect(TimeDisplay::instance(), &TimeDisplay::zoneChanged, this, [this] {
        if (!m_task)
            return;
        fill();
        loadHistory();
    });
    clear();
}

void TaskDetailPanel::build()
{
    m_placeholder = new QLabel(tr("Select a task to see its details and history."), this);
    m_placeholder->setObjectName(QStringLiteral("detailPlaceholder"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setEnabled(false);

    m_content = new QWidget(this);
    m_title = new QLabel(m_content);
    m_title->setObjectName(QStringLiteral("detailTitle"));
    m_title->setWordWrap(true);
    m_title->setTextFormat(Qt::PlainText);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    m_title->setFont(titleFont);

    m_retryButton =
        new QPushButton(QIcon(QStringLiteral(":/icons/pending.svg")), tr("&Retry"), m_content);
    m_retryButton->setObjectName(QStringLiteral("retryButton"));
    m_retryButton->setToolTip(tr("Put the task back to pending so that it runs again"));
    connect(m_retryButton, &QPushButton::clicked, this, &TaskDetailPanel::retry);

    auto *header = new QHBoxLayout;
    header->addWidget(m_title, 1);
    header->addWidget(m_retryButton, 0, Qt::AlignTop);

    m_notice = new QLabel(m_content);
    m_notice->setObjectName(QStringLiteral("detailNotice"));
    m_notice->setWordWrap(true);
    m_notice->setTextFormat(Qt::PlainText);
    m_notice->setStyleSheet(QStringLiteral("QLabel { background: #fff4ce; color: #3b2f00; border: "
                                           "1px solid #e0c060; padding: 6px; }"));
    m_notice->hide();

    // Fields: a form in a scroll area (a long result or description must not push the history
    // out of sight).
    auto *fieldsWidget = new QWidget;
    m_form = new QFormLayout(fieldsWidget);
    m_form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_form->setLabelAlignment(Qt::AlignRight | Qt::AlignTop);
    const auto addField = [&](const QString &label, const QString &field) {
        auto *value = new QLabel(fieldsWidget);
        value->setObjectName(field + QStringLiteral("Value"));
        value->setTextFormat(Qt::PlainText);
        value->setWordWrap(true);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        // A long value (the id, a category) wraps or is cut; it never widens the panel.
        value->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
        value->setMinimumWidth(1);
        m_fields.insert(field, value);
        m_form->addRow(label, value);
    };
    addField(tr("Status:"), QStringLiteral("status"));
    addField(tr("Priority:"), QStringLiteral("priority"));
    addField(tr("Category:"), QStringLiteral("category"));
    addField(tr("Cost:"), QStringLiteral("cost"));
    addField(tr("Created by:"), QStringLiteral("created_by"));
    addField(tr("Created:"), QStringLiteral("created_at"));
    addField(tr("Updated:"), QStringLiteral("updated_at"));
    addField(tr("Started:"), QStringLiteral("started_at"));
    addField(tr("Completed:"), QStringLiteral("completed_at"));
    addField(tr("Execution time:"), QStringLiteral("execution_time"));
    addField(tr("Version:"), QStringLiteral("version"));
    addField(tr("ID:"), QStringLiteral("id"));

    m_errorMessage = makeText(fieldsWidget, QStringLiteral("detailErrorMessage"));
    m_errorMessage->setStyleSheet(QStringLiteral("QPlainTextEdit { color: #c0392b; }"));
    const int line = m_errorMessage->fontMetrics().lineSpacing();
    m_errorMessage->setMinimumHeight(line * 3 + 12);
    m_errorMessage->setMaximumHeight(line * 5 + 12);
    m_form->addRow(tr("Error message:"), m_errorMessage);

    m_result = makeText(fieldsWidget, QStringLiteral("detailResult"));
    m_result->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_result->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_result->setMinimumHeight(m_result->fontMetrics().lineSpacing() * 6 + 12);
    m_result->setMaximumHeight(m_result->fontMetrics().lineSpacing() * 14 + 12);
    m_form->addRow(tr("Result:"), m_result);

    m_description = makeText(fieldsWidget, QStringLiteral("detailDescription"));
    m_description->setPlaceholderText(tr("(no description)"));
    m_description->setMinimumHeight(line * 4 + 12);
    m_description->setMaximumHeight(line * 10 + 12);
    m_form->addRow(tr("Description:"), m_description);

    auto *scroll = new QScrollArea;
    scroll->setObjectName(QStringLiteral("detailFields"));
    scroll->setWidget(fieldsWidget);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFrameShape(QFrame::NoFrame);

    auto *historyBox = new QWidget;
    auto *historyLayout = new QVBoxLayout(historyBox);
    historyLayout->setContentsMargins(0, 0, 0, 0);
    m_historyLabel = new QLabel(historyBox);
    m_historyLabel->setObjectName(QStringLiteral("historyLabel"));
    QFont bold = m_historyLabel->font();
    bold.setBold(true);
    m_historyLabel->setFont(bold);
    m_history = new QTreeWidget(historyBox);
    m_history->setObjectName(QStringLiteral("historyView"));
    m_history->setColumnCount(1);
    m_history->setHeaderHidden(true);
    m_history->setRootIsDecorated(false);
    m_history->setSelectionMode(QAbstractItemView::NoSelection);
    m_history->setWordWrap(false);
    m_history->setTextElideMode(Qt::ElideRight);
    historyLayout->addWidget(m_historyLabel);
    historyLayout->addWidget(m_history, 1);

    auto *splitter = new QSplitter(Qt::Vertical, m_content);
    splitter->setObjectName(QStringLiteral("detailSplitter"));
    splitter->addWidget(scroll);
    splitter->addWidget(historyBox);
    splitter->setChildrenCollapsible(false);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto *contentLayout = new QVBoxLayout(m_content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addLayout(header);
    contentLayout->addWidget(m_notice);
    contentLayout->addWidget(splitter, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 0, 0, 0);
    layout->addWidget(m_placeholder, 1);
    layout->addWidget(m_content, 1);
    setMinimumWidth(280);
}

void TaskDetailPanel::clear()
{
    m_task.reset();
    m_deleted = false;
    m_historyDirty = false;
    m_history->clear();
    setNotice(QString());
    m_content->hide();
    m_placeholder->show();
}

void TaskDetailPanel::showTask(const Task &task)
{
    if (m_task && m_task->id == task.id) {
        // Rows and events arrive in any order: never go back to an older version. A deleted task
        // has no newer version; a table row shown after the delete event is stale.
        if (m_deleted || task.version < m_task->version)
            return;
        const bool newer = task.version > m_task->version;
        if (!newer && task == *m_task)
            return;
        m_task = task;
        fill();
        if (newer)
            loadHistory();
        return;
    }
    m_task = task;
    m_deleted = false;
    setNotice(QString());
    m_history->clear();
    m_historyLabel->setText(tr("History (loading…)"));
    fill();
    m_placeholder->hide();
    m_content->show();
    loadHistory();
}

void TaskDetailPanel::fill()
{
    const Task &task = *m_task;
    const QString none = tr("(none)");
    const QString notYet = QStringLiteral("—");
    const auto time = [&](std::optional<EpochMs> ms) {
        return ms ? TaskTableModel::formatTimestamp(*ms) : notYet;
    };
    m_title->setText(task.title);
    m_fields.value(QStringLiteral("status"))->setText(TaskTableModel::statusText(task.status));
    m_fields.value(QStringLiteral("priority"))
        ->setText(TaskTableModel::priorityText(task.priority));
    m_fields.value(QStringLiteral("category"))->setText(task.category.value_or(none));
    m_fields.value(QStringLiteral("cost"))
        ->setText(tr("%1 USD").arg(TaskTableModel::formatCost(task.costE4)));
    m_fields.value(QStringLiteral("created_by"))->setText(task.createdBy.value_or(none));
    m_fields.value(QStringLiteral("created_at"))->setText(time(task.createdAt));
    m_fields.value(QStringLiteral("updated_at"))->setText(time(task.updatedAt));
    m_fields.value(QStringLiteral("started_at"))->setText(time(task.startedAt));
    m_fields.value(QStringLiteral("completed_at"))->setText(time(task.completedAt));
    const std::optional<qint64> execution = task.executionTimeMs();
    m_fields.value(QStringLiteral("execution_time"))
        ->setText(execution ? TaskTableModel::formatDuration(*execution) : notYet);
    m_fields.value(QStringLiteral("version"))->setText(QString::number(task.version));
    m_fields.value(QStringLiteral("id"))->setText(task.id.toString(QUuid::WithoutBraces));

    QLabel *status = m_fields.value(QStringLiteral("status"));
    status->setStyleSheet(QStringLiteral("QLabel { color: %1; font-weight: bold; }")
                              .arg(TaskTableModel::statusColor(task.status).darker(130).name()));

    if (m_description->toPlainText() != task.description.value_or(QString()))
        m_description->setPlainText(task.description.value_or(QString()));
    const QString error = task.errorMessage.value_or(QString());
    if (m_errorMessage->toPlainText() != error)
        m_errorMessage->setPlainText(error);
    m_form->setRowVisible(m_errorMessage, !error.isEmpty());
    const QString result = formatResult(task.result);
    if (m_result->toPlainText() != result)
        m_result->setPlainText(result);
    m_form->setRowVisible(m_result, !result.isEmpty());
    updateRetry();
}

void TaskDetailPanel::updateRetry()
{
    const bool retryable =
        m_task && !m_deleted &&
        (m_task->status == TaskStatus::Failed || m_task->status == TaskStatus::Cancelled) &&
        rules::isTransitionAllowed(m_task->status, TaskStatus::Pending);
    m_retryButton->setVisible(m_principal.canWriteTasks() && retryable);
    m_retryButton->setEnabled(!m_retrying);
}

void TaskDetailPanel::setNotice(const QString &text)
{
    m_notice->setText(text);
    m_notice->setVisible(!text.isEmpty());
}

QString TaskDetailPanel::noticeText() const
{
    return m_notice->isHidden() ? QString() : m_notice->text();
}

QString TaskDetailPanel::fieldText(const QString &field) const
{
    if (!m_task)
        return QString();
    if (field == QLatin1String("title"))
        return m_title->text();
    if (field == QLatin1String("description"))
        return m_description->toPlainText();
    if (field == QLatin1String("error_message"))
        return m_errorMessage->toPlainText();
    if (field == QLatin1String("result"))
        return m_result->toPlainText();
    const QLabel *label = m_fields.value(field);
    return label ? label->text() : QString();
}

QString TaskDetailPanel::formatResult(const QJsonValue &result)
{
    if (result.isObject())
        return QString::fromUtf8(QJsonDocument(result.toObject()).toJson(QJsonDocument::Indented))
            .trimmed();
    if (result.isArray())
        return QString::fromUtf8(QJsonDocument(result.toArray()).toJson(QJsonDocument::Indented))
            .trimmed();
    if (result.isNull() || result.isUndefined())
        return QString();
    return QString::fromUtf8(json::toCompactJson(result));
}

QStringList TaskDetailPanel::describeChanges(const QJsonObject &before, const QJsonObject &after)
{
    return changes(before, after, kShortText);
}

QStringList TaskDetailPanel::changes(const QJsonObject &before, const QJsonObject &after,
                                     int maxChars)
{
    struct Field
    {
        const char *key;
        QString label;
    };
    const Field fields[] = {
        {"title", tr("Title")},
        {"description", tr("Description")},
        {"category", tr("Category")},
        {"status", tr("Status")},
        {"priority", tr("Priority")},
        {"cost", tr("Cost")},
        {"error_message", tr("Error message")},
        {"result", tr("Result")},
        {"started_at", tr("Started")},
        {"completed_at", tr("Completed")},
    };
    const auto show = [maxChars](const QString &key, const QJsonValue &value) -> QString {
        if (value.isNull() || value.isUndefined())
            return tr("(none)");
        if (key == QLatin1String("status")) {
            const std::optional<TaskStatus> status = statusFromName(value.toString());
            return status ? TaskTableModel::statusText(*status) : value.toString();
        }
        if (key == QLatin1String("priority"))
            return TaskTableModel::priorityText(value.toInt());
        if (key == QLatin1String("cost")) {
            const std::optional<MoneyE4> cost = json::moneyFromDouble(value.toDouble());
            return cost ? tr("%1 USD").arg(TaskTableModel::formatCost(*cost))
                        : QString::number(value.toDouble());
        }
        if (key == QLatin1String("started_at") || key == QLatin1String("completed_at")) {
            const std::optional<EpochMs> at = json::parseTimestamp(value.toString());
            return at ? TaskTableModel::formatTimestamp(*at) : value.toString();
        }
        if (key == QLatin1String("result"))
            return shortened(QString::fromUtf8(json::toCompactJson(value)), maxChars);
        return QStringLiteral("“%1”").arg(shortened(value.toString(), maxChars));
    };
    // Against nothing (a creation): the values it started with, "Title: “Report”".
    const bool creation = before.isEmpty();
    QStringList lines;
    for (const Field &field : fields) {
        const QString key = QLatin1String(field.key);
        const QJsonValue was = before.value(key);
        const QJsonValue now = after.value(key);
        if (creation ? now.isNull() || now.isUndefined() : was == now)
            continue;
        if (creation)
            lines.append(tr("%1: %2").arg(field.label, show(key, now)));
        else
            lines.append(tr("%1: %2 → %3").arg(field.label, show(key, was), show(key, now)));
    }
    return lines;
}

void TaskDetailPanel::loadHistory()
{
    if (!m_task)
        return;
    if (m_loadingHistory) {
        // The answer on its way may have been read before this change: read again after it.
        m_historyDirty = true;
        return;
    }
    m_loadingHistory = true;
    m_historyDirty = false;
    const QUuid id = m_task->id;
    whenReady(this, m_service->history(id, 0, kHistoryLimit),
              [this, id](const Result<AuditPage> &result) {
                  m_loadingHistory = false;
                  const bool current = m_task && m_task->id == id;
                  if (current) {
                      if (result.ok())
                          fillHistory(result.value());
                      else
                          m_historyLabel->setText(tr("History could not be read: %1")
                                                      .arg(ErrorMessages::text(result.error())));
                  }
                  if (m_historyDirty || (m_task && !current)) {
                      loadHistory();
                      return;
                  }
                  if (current && result.ok())
                      emit historyLoaded();
              });
}

void TaskDetailPanel::fillHistory(const AuditPage &page)
{
    m_history->clear();
    const qsizetype shown = page.entries.size();
    if (page.total > shown)
        m_historyLabel->setText(
            tr("History (the latest %1 of %2 changes)").arg(shown).arg(page.total));
    else
        m_historyLabel->setText(tr("History"));
    const QJsonObject nothing;
    for (const AuditEntry &entry : page.entries) {
        QString what;
        QStringList lines;
        QStringList full;
        const QJsonObject before = entry.before.toObject();
        const QJsonObject after = entry.after.toObject();
        if (entry.action == QLatin1String("task.create")) {
            what = tr("created the task");
            // The values it was created with (what a "before: nothing" diff would list).
            lines = changes(nothing, after, kShortText);
            full = changes(nothing, after, 0);
        } else if (entry.action == QLatin1String("task.delete")) {
            what = tr("deleted the task");
        } else {
            what = tr("changed");
            lines = changes(before, after, kShortText);
            full = changes(before, after, 0);
            if (lines.isEmpty())
                lines.append(tr("no visible change"));
        }
        auto *item = new QTreeWidgetItem(m_history);
        item->setText(0, QStringLiteral("%1 · %2 · %3")
                             .arg(TaskTableModel::formatTimestamp(entry.at), entry.username, what));
        QFont font = item->font(0);
        font.setBold(true);
        item->setFont(0, font);
        item->setToolTip(0, TimeDisplay::formatExact(entry.at));
        for (qsizetype i = 0; i < lines.size(); ++i) {
            auto *child = new QTreeWidgetItem(item);
            child->setText(0, lines.at(i));
            child->setToolTip(0, i < full.size() ? full.at(i) : lines.at(i));
        }
    }
    m_history->expandAll();
}

QStringList TaskDetailPanel::historyLines() const
{
    QStringList lines;
    for (int i = 0; i < m_history->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = m_history->topLevelItem(i);
        lines.append(item->text(0));
        for (int c = 0; c < item->childCount(); ++c)
            lines.append(QStringLiteral("  ") + item->child(c)->text(0));
    }
    return lines;
}

void TaskDetailPanel::applyEvents(const QList<ChangeEvent> &events)
{
    if (!m_task)
        return;
    for (const ChangeEvent &event : events) {
        if (!event.isTaskEvent() || event.taskId != m_task->id)
            continue;
        if (event.type == ChangeType::TaskDeleted) {
            markDeleted();
        } else if (event.task) {
            showTask(*event.task);
        } else {
            reload(); // an event without the task (not expected from published()): read it
        }
    }
}

void TaskDetailPanel::markDeleted()
{
    if (m_deleted)
        return;
    m_deleted = true;
    setNotice(tr("This task was deleted. Its last version and history stay shown here."));
    updateRetry();
    loadHistory();
}

void TaskDetailPanel::reload()
{
    if (!m_task)
        return;
    const QUuid id = m_task->id;
    whenReady(this, m_service->get(id), [this, id](const Result<Task> &result) {
        if (!m_task || m_task->id != id)
            return;
        if (result.ok())
            showTask(result.value());
        else if (result.error().kind == ServiceError::Kind::NotFound)
            markDeleted();
        else
            setNotice(ErrorMessages::text(result.error()));
    });
    loadHistory();
}

void TaskDetailPanel::retry()
{
    if (!m_task || m_deleted || m_retrying || !m_principal.canWriteTasks() ||
        m_retryButton->isHidden())
        return;
    const Task shown = *m_task;
    TaskPatch patch;
    patch.status = TaskStatus::Pending;
    m_retrying = true;
    updateRetry();
    setNotice(QString());
    // The version shown goes with the change (If-Match): a change made meanwhile by someone
    // else is never overwritten by a retry decided on what the panel showed before it.
    whenReady(this, m_service->update(shown.id, patch, shown.version, m_principal),
              [this, shown](const Result<Task> &result) {
                  // The user may have selected another task meanwhile: only the task retried
                  // is updated or given a notice.
                  const bool stillShown = m_task && m_task->id == shown.id;
                  if (result.ok()) {
                      m_retrying = false;
                      if (stillShown)
                          showTask(result.value());
                      else
                          updateRetry();
                      emit statusMessage(tr("“%1” is pending again.").arg(result.value().title));
                      return;
                  }
                  if (result.error().kind != ServiceError::Kind::PreconditionFailed ||
                      !stillShown) {
                      m_retrying = false;
                      updateRetry();
                      if (stillShown)
                          setNotice(ErrorMessages::text(result.error()));
                      else
                          emit statusMessage(ErrorMessages::text(result.error()));
                      return;
                  }
                  // Someone else changed it first: show their version and what changed; the user
                  // decides again (Retry stays offered only if it still applies).
                  whenReady(this, m_service->get(shown.id), [this, shown](const Result<Task> &now) {
                      m_retrying = false;
                      if (!m_task || m_task->id != shown.id) {
                          updateRetry();
                          return;
                      }
                      if (!now.ok()) {
                          if (now.error().kind == ServiceError::Kind::NotFound)
                              markDeleted();
                          else
                              setNotice(ErrorMessages::text(now.error()));
                          updateRetry();
                          return;
                      }
                      showTask(now.value());
                      updateRetry();
                      QStringList lines =
                          describeChanges(json::taskToJson(shown), json::taskToJson(now.value()));
                      for (QString &line : lines)
                          line.prepend(QStringLiteral("• "));
                      QString text = tr("Not retried: someone else changed this task first.");
                      if (!lines.isEmpty())
                          text += QLatin1Char('\n') + lines.join(QLatin1Char('\n'));
                      if (!m_retryButton->isHidden())
                          text += QLatin1Char('\n') + tr("Retry again if it is still needed.");
                      setNotice(text);
                  });
              });
}

} // namespace taskdeck
