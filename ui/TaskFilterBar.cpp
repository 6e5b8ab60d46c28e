#include "TaskFilterBar.h"

#include "TaskTableModel.h"
#include "TimeDisplay.h"

#include <QAction>
#include <QComboBox>
#include <QDateEdit>
#include <QDateTime>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMouseEvent>
#include <QSignalBlocker>
#include <QTime>
#include <QToolButton>

namespace taskdeck {

TaskFilterBar::TaskFilterBar(QWidget *parent)
    : QWidget(parent), m_statusButton(new QToolButton(this)), m_statusMenu(new QMenu(this)),
      m_categoryCombo(new QComboBox(this)), m_searchEdit(new QLineEdit(this)),
      m_priorityButton(new QToolButton(this)), m_priorityMenu(new QMenu(this)),
      m_createdCombo(new QComboBox(this)), m_createdFrom(new QDateEdit(this)),
      m_createdTo(new QDateEdit(this)), m_creatorEdit(new QLineEdit(this)),
      m_completedBox(new QWidget(this)), m_completedLabel(new QLabel(m_completedBox)),
      m_completedClear(new QToolButton(m_completedBox))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    QMenu *statusMenu = m_statusMenu;
    statusMenu->installEventFilter(this);
    for (TaskStatus status : kAllStatuses) {
        auto *action = statusMenu->addAction(TaskTableModel::statusText(status));
        action->setCheckable(true);
        action->setData(int(status));
        connect(action, &QAction::toggled, this, [this] {
            updateStatusButtonText();
            emit filterChanged();
        });
        m_statusActions.append(action);
    }
    statusMenu->addSeparator();
    statusMenu->addAction(tr("Show all statuses"), this, [this] { setStatuses({}); });
    m_statusButton->setObjectName(QStringLiteral("statusFilterButton"));
    m_statusButton->setMenu(statusMenu);
    m_statusButton->setPopupMode(QToolButton::InstantPopup);
    m_statusButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_statusButton->setIcon(QIcon(QStringLiteral(":/icons/filter.svg")));
    m_statusButton->setToolTip(tr("Show only tasks with the checked statuses"));
    updateStatusButtonText();

    m_categoryCombo->setObjectName(QStringLiteral("categoryFilterCombo"));
    m_categoryCombo->addItem(tr("All categories"));
    m_categoryCombo->addItem(tr("(no category)"), QString(QLatin1String("")));
    m_categoryCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_categoryCombo->setMinimumContentsLength(12);
    m_categoryCombo->setToolTip(tr("Show only tasks of this category"));
    connect(m_categoryCombo, &QComboBox::currentIndexChanged, this, &TaskFilterBar::filterChanged);

    m_searchEdit->setObjectName(QStringLiteral("searchEdit"));
    m_searchEdit->setPlaceholderText(tr("Search title and description…"));
    m_searchEdit->setClearButtonEnabled(true);
    m_searchEdit->addAction(QIcon(QStringLiteral(":/icons/search.svg")),
                            QLineEdit::LeadingPosition);
    m_searchEdit->setMinimumWidth(160); // the bar must fit 1366 px with a date range shown
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(300);
    connect(m_searchEdit, &QLineEdit::textChanged, &m_debounce, qOverload<>(&QTimer::start));
    connect(&m_debounce, &QTimer::timeout, this, &TaskFilterBar::filterChanged);

    m_priorityMenu->installEventFilter(this);
    for (int priority = kPriorityMin; priority <= kPriorityMax; ++priority) {
        auto *action = m_priorityMenu->addAction(TaskTableModel::priorityText(priority));
        action->setCheckable(true);
        action->setData(priority);
        connect(action, &QAction::toggled, this, [this] {
            updatePriorityButtonText();
            emit filterChanged();
        });
        m_priorityActions.append(action);
    }
    m_priorityMenu->addSeparator();
    m_priorityMenu->addAction(tr("Show all priorities"), this, [this] { setPriorities({}); });
    m_priorityButton->setObjectName(QStringLiteral("priorityFilterButton"));
    m_priorityButton->setMenu(m_priorityMenu);
    m_priorityButton->setPopupMode(QToolButton::InstantPopup);
    m_priorityButton->setToolTip(tr("Show only tasks with the checked priorities"));
    updatePriorityButtonText();

    m_createdCombo->setObjectName(QStringLiteral("createdFilterCombo"));
    m_createdCombo->addItem(tr("Any time"), int(CreatedRange::AnyTime));
    m_createdCombo->addItem(tr("Last 24 hours"), int(CreatedRange::Last24Hours));
    m_createdCombo->addItem(tr("Last 7 days"), int(CreatedRange::Last7Days));
    m_createdCombo->addItem(tr("Last 30 days"), int(CreatedRange::Last30Days));
    m_createdCombo->addItem(tr("Between dates"), int(CreatedRange::Custom));
    m_createdCombo->setToolTip(tr("Show only tasks created in this period"));
    const QDate today = QDate::currentDate();
    for (QDateEdit *edit : {m_createdFrom, m_createdTo}) {
        edit->setCalendarPopup(true);
        edit->setDate(today);
        connect(edit, &QDateEdit::dateChanged, this, [this] {
            if (createdRange() == CreatedRange::Custom)
                emit filterChanged();
        });
    }
    m_createdFrom->setObjectName(QStringLiteral("createdFromEdit"));
    m_createdTo->setObjectName(QStringLiteral("createdToEdit"));
    m_createdFrom->setToolTip(tr("First day of creation (inclusive)"));
    m_createdTo->setToolTip(tr("Last day of creation (inclusive)"));
    connect(m_createdCombo, &QComboBox::currentIndexChanged, this, [this] {
        updateDateEdits();
        emit filterChanged();
    });
    updateDateEdits();

    m_creatorEdit->setObjectName(QStringLiteral("creatorFilterEdit"));
    m_creatorEdit->setPlaceholderText(tr("Creator"));
    m_creatorEdit->setToolTip(tr("Show only tasks created by this user (exact user name)"));
    m_creatorEdit->setClearButtonEnabled(true);
    m_creatorEdit->setMaximumWidth(140);
    connect(m_creatorEdit, &QLineEdit::textChanged, &m_debounce, qOverload<>(&QTimer::start));

    m_completedBox->setObjectName(QStringLiteral("completedRangeBox"));
    m_completedLabel->setObjectName(QStringLiteral("completedRangeLabel"));
    m_completedLabel->setToolTip(
        tr("Shows only tasks that finished in this period (start included, end excluded)"));
    m_completedClear->setObjectName(QStringLiteral("completedRangeClear"));
    m_completedClear->setIcon(QIcon(QStringLiteral(":/icons/cancel.svg")));
    m_completedClear->setAutoRaise(true);
    m_completedClear->setToolTip(tr("Clear the completion period"));
    m_completedClear->setAccessibleName(tr("Clear the completion period"));
    connect(m_completedClear, &QToolButton::clicked, this, &TaskFilterBar::clearCompletedRange);
    auto *completedLayout = new QHBoxLayout(m_completedBox);
    completedLayout->setContentsMargins(0, 0, 0, 0);
    completedLayout->setSpacing(2);
    completedLayout->addWidget(m_completedLabel);
    completedLayout->addWidget(m_completedClear);
    m_completedBox->hide();
    connect(TimeDisplay::instance(), &TimeDisplay::zoneChanged, this, [this] {
        updateCompletedIndication();
        setExactCreated(m_exactCreatedFrom, m_exactCreatedTo); // re-worded in the new zone
    });

    auto *statusLabel = new QLabel(tr("Status:"), this);
    auto *categoryLabel = new QLabel(tr("Category:"), this);
    categoryLabel->setBuddy(m_categoryCombo);
    layout->addWidget(statusLabel);
    layout->addWidget(m_statusButton);
    layout->addSpacing(12);
    layout->addWidget(categoryLabel);
    layout->addWidget(m_categoryCombo);
    layout->addSpacing(12);
    auto *priorityLabel = new QLabel(tr("Priority:"), this);
    layout->addWidget(priorityLabel);
    layout->addWidget(m_priorityButton);
    layout->addSpacing(12);
    auto *createdLabel = new QLabel(tr("Created:"), this);
    createdLabel->setBuddy(m_createdCombo);
    layout->addWidget(createdLabel);
    layout->addWidget(m_createdCombo);
    layout->addWidget(m_createdFrom);
    layout->addWidget(m_createdTo);
    layout->addSpacing(12);
    layout->addWidget(m_completedBox);
    layout->addWidget(m_creatorEdit);
    layout->addSpacing(12);
    layout->addWidget(m_searchEdit, 1);
}

bool TaskFilterBar::eventFilter(QObject *watched, QEvent *event)
{
    if ((watched == m_statusMenu || watched == m_priorityMenu) &&
        event->type() == QEvent::MouseButtonRelease) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        QAction *action = static_cast<QMenu *>(watched)->actionAt(mouse->position().toPoint());
        if (action && action->isCheckable() && action->isEnabled()) {
            action->trigger(); // toggles without closing the menu
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void TaskFilterBar::applyTo(TaskFilter &filter, EpochMs nowMs) const
{
    filter.statuses = statuses();
    filter.category = category();
    filter.search = searchText();
    filter.priorities = priorities();
    filter.completedAfter = m_completedAfter;
    filter.completedBefore = m_completedBefore;
    const QString creatorName = creator();
    filter.createdBy = creatorName.isEmpty() ? std::nullopt : std::optional<QString>(creatorName);
    if (nowMs < 0)
        nowMs = QDateTime::currentMSecsSinceEpoch();
    constexpr qint64 kDayMs = 24LL * 3600 * 1000;
    filter.createdAfter.reset();
    filter.createdBefore.reset();
    switch (createdRange()) {
    case CreatedRange::AnyTime:
        break;
    case CreatedRange::Last24Hours:
        filter.createdAfter = nowMs - kDayMs;
        break;
    case CreatedRange::Last7Days:
        filter.createdAfter = nowMs - 7 * kDayMs;
        break;
    case CreatedRange::Last30Days:
        filter.createdAfter = nowMs - 30 * kDayMs;
        break;
    case CreatedRange::Custom: {
        QDate from = m_createdFrom->date();
        QDate to = m_createdTo->date();
        if (to < from)
            std::swap(from, to);
        filter.createdAfter = from.startOfDay().toMSecsSinceEpoch();
        filter.createdBefore = to.addDays(1).startOfDay().toMSecsSinceEpoch();
        break;
    }
    case CreatedRange::Exact:
        filter.createdAfter = m_exactCreatedFrom;
        filter.createdBefore = m_exactCreatedTo;
        break;
    }
}

void TaskFilterBar::setFilter(const TaskFilter &filter)
{
    const QSignalBlocker blockBar(this);
    setStatuses(filter.statuses);
    if (filter.category && categoryIndex(*filter.category) < 0) {
        QStringList offered = categories();
        offered.append(*filter.category);
        offered.sort();
        setCategories(offered);
    }
    setCategory(filter.category);
    {
        const QSignalBlocker blockEdit(m_searchEdit);
        m_searchEdit->setText(filter.search);
    }
    setPriorities(filter.priorities);
    {
        const QSignalBlocker blockEdit(m_creatorEdit);
        m_creatorEdit->setText(filter.createdBy.value_or(QString()));
    }
    const auto isLocalMidnight = [](std::optional<EpochMs> ms) {
        return !ms || QDateTime::fromMSecsSinceEpoch(*ms).time() == QTime(0, 0);
    };
    if ((filter.createdAfter || filter.createdBefore) &&
        (!filter.createdAfter || !filter.createdBefore || !isLocalMidnight(filter.createdAfter) ||
         !isLocalMidnight(filter.createdBefore))) {
        // not whole local days (an hour of the dashboard, a daily UTC bucket elsewhere than in
        // UTC, a saved view's exact instant, an open end): kept as it is
        setExactCreated(filter.createdAfter, filter.createdBefore);
        setCreatedRange(CreatedRange::Exact);
    } else if (filter.createdAfter || filter.createdBefore) {
        setExactCreated(std::nullopt, std::nullopt);
        const QDate from = QDateTime::fromMSecsSinceEpoch(*filter.createdAfter).date();
        const QDate to = QDateTime::fromMSecsSinceEpoch(*filter.createdBefore - 1).date();
        setCustomDates(from, to);
        setCreatedRange(CreatedRange::Custom);
    } else {
        setExactCreated(std::nullopt, std::nullopt);
        setCreatedRange(CreatedRange::AnyTime);
    }
    updateDateEdits();
    m_completedAfter = filter.completedAfter;
    m_completedBefore = filter.completedBefore;
    updateCompletedIndication();
    m_debounce.stop();
}

TaskFilterBar::CreatedRange TaskFilterBar::createdRange() const
{
    return static_cast<CreatedRange>(m_createdCombo->currentData().toInt());
}

void TaskFilterBar::setCreatedRange(CreatedRange range)
{
    m_createdCombo->setCurrentIndex(std::max(m_createdCombo->findData(int(range)), 0));
}

void TaskFilterBar::setCustomDates(const QDate &from, const QDate &to)
{
    {
        const QSignalBlocker blockFrom(m_createdFrom);
        const QSignalBlocker blockTo(m_createdTo);
        m_createdFrom->setDate(from);
        m_createdTo->setDate(to);
    }
    if (createdRange() == CreatedRange::Custom)
        emit filterChanged();
}

void TaskFilterBar::updateDateEdits()
{
    const bool custom = createdRange() == CreatedRange::Custom;
    m_createdFrom->setVisible(custom);
    m_createdTo->setVisible(custom);
}

void TaskFilterBar::setExactCreated(std::optional<EpochMs> from, std::optional<EpochMs> to)
{
    m_exactCreatedFrom = from;
    m_exactCreatedTo = to;
    const int index = m_createdCombo->findData(int(CreatedRange::Exact));
    const QSignalBlocker block(m_createdCombo);
    if (!from && !to) {
        if (index >= 0)
            m_createdCombo->removeItem(index);
        return;
    }
    const QString text = periodText(from, to);
    if (index >= 0)
        m_createdCombo->setItemText(index, text);
    else
        m_createdCombo->addItem(text, int(CreatedRange::Exact));
}

QList<int> TaskFilterBar::priorities() const
{
    QList<int> result;
    for (QAction *action : m_priorityActions) {
        if (action->isChecked())
            result.append(action->data().toInt());
    }
    return result;
}

void TaskFilterBar::setPriorities(const QList<int> &priorities)
{
    QList<int> wanted;
    for (int priority = kPriorityMin; priority <= kPriorityMax; ++priority) {
        if (priorities.contains(priority))
            wanted.append(priority);
    }
    if (wanted == this->priorities())
        return;
    for (QAction *action : std::as_const(m_priorityActions)) {
        const QSignalBlocker block(action);
        action->setChecked(wanted.contains(action->data().toInt()));
    }
    updatePriorityButtonText();
    emit filterChanged();
}

QAction *TaskFilterBar::priorityAction(int priority) const
{
    return m_priorityActions.value(priority - kPriorityMin);
}

void TaskFilterBar::updatePriorityButtonText()
{
    const QList<int> checked = priorities();
    if (checked.isEmpty() || checked.size() == int(m_priorityActions.size())) {
        m_priorityButton->setText(tr("All priorities"));
        return;
    }
    QStringList names;
    for (int priority : checked)
        names.append(TaskTableModel::priorityText(priority));
    m_priorityButton->setText(names.join(QStringLiteral(", ")));
}

void TaskFilterBar::clearCompletedRange()
{
    if (!m_completedAfter && !m_completedBefore)
        return;
    m_completedAfter.reset();
    m_completedBefore.reset();
    updateCompletedIndication();
    emit filterChanged();
}

void TaskFilterBar::updateCompletedIndication()
{
    const bool shown = m_completedAfter || m_completedBefore;
    m_completedLabel->setText(
        shown ? tr("Completed: %1").arg(periodText(m_completedAfter, m_completedBefore))
              : QString());
    m_completedBox->setVisible(shown);
}

QString TaskFilterBar::periodText(std::optional<EpochMs> from, std::optional<EpochMs> to)
{
    const auto timePattern = [](const QDateTime &at) {
        return at.time().second() == 0 && at.time().msec() == 0 ? QStringLiteral("HH:mm")
                                                                : QStringLiteral("HH:mm:ss");
    };
    const auto full = [&timePattern](EpochMs ms) {
        const QDateTime at = TimeDisplay::toDateTime(ms);
        return at.toString(QStringLiteral("yyyy-MM-dd ") + timePattern(at));
    };
    if (from && !to)
        //: A period with a start only (a time and date)
        return tr("since %1").arg(full(*from));
    if (!from && to)
        //: A period with an (exclusive) end only (a time and date)
        return tr("before %1").arg(full(*to));
    if (!from || !to)
        return QString();
    const QDateTime start = TimeDisplay::toDateTime(*from);
    const QDateTime end = TimeDisplay::toDateTime(*to);
    const QString day = QStringLiteral("yyyy-MM-dd");
    //: A period: start – end
    const QString range = tr("%1 – %2");
    if (start.time() == QTime(0, 0) && end.time() == QTime(0, 0) && end > start) {
        const QDate last = end.date().addDays(-1);
        if (last == start.date())
            return start.toString(day);
        return range.arg(start.toString(day), QDateTime(last, QTime(0, 0)).toString(day));
    }
    if (*to > *from && TimeDisplay::toDateTime(*to - 1).date() == start.date())
        return range.arg(full(*from), end.toString(timePattern(end)));
    return range.arg(full(*from), full(*to));
}

QString TaskFilterBar::creator() const
{
    return m_creatorEdit->text().trimmed();
}

void TaskFilterBar::setCreator(const QString &creator)
{
    m_creatorEdit->setText(creator);
}

int TaskFilterBar::categoryIndex(const QString &category) const
{
    if (category.isEmpty())
        return 1;
    for (int i = 2; i < m_categoryCombo->count(); ++i) {
        if (m_categoryCombo->itemData(i).toString() == category)
            return i;
    }
    return -1;
}

QList<TaskStatus> TaskFilterBar::statuses() const
{
    QList<TaskStatus> result;
    for (QAction *action : m_statusActions) {
        if (action->isChecked())
            result.append(static_cast<TaskStatus>(action->data().toInt()));
    }
    return result;
}

void TaskFilterBar::setStatuses(const QList<TaskStatus> &statuses)
{
    if (statuses == this->statuses())
        return;
    for (QAction *action : std::as_const(m_statusActions)) {
        const QSignalBlocker block(action);
        action->setChecked(statuses.contains(static_cast<TaskStatus>(action->data().toInt())));
    }
    updateStatusButtonText();
    emit filterChanged();
}

QAction *TaskFilterBar::statusAction(TaskStatus status) const
{
    return m_statusActions.value(int(status));
}

std::optional<QString> TaskFilterBar::category() const
{
    if (m_categoryCombo->currentIndex() <= 0)
        return std::nullopt;
    return m_categoryCombo->currentData().toString();
}

void TaskFilterBar::setCategory(const std::optional<QString> &category)
{
    const int index = category ? categoryIndex(*category) : 0;
    m_categoryCombo->setCurrentIndex(std::max(index, 0));
}

QString TaskFilterBar::searchText() const
{
    return m_searchEdit->text().trimmed();
}

void TaskFilterBar::setSearchText(const QString &text)
{
    m_searchEdit->setText(text);
}

void TaskFilterBar::setCategories(const QStringList &categories)
{
    if (categories == this->categories())
        return;
    const std::optional<QString> current = category();
    const QSignalBlocker block(m_categoryCombo);
    while (m_categoryCombo->count() > 2)
        m_categoryCombo->removeItem(2);
    for (const QString &name : categories)
        m_categoryCombo->addItem(name, name);
    const int index = current ? categoryIndex(*current) : 0;
    m_categoryCombo->setCurrentIndex(std::max(index, 0));
    if (current && index < 0)
        emit filterChanged(); // the chosen category disappeared: back to all
}

QStringList TaskFilterBar::categories() const
{
    QStringList result;
    for (int i = 2; i < m_categoryCombo->count(); ++i)
        result.append(m_categoryCombo->itemData(i).toString());
    return result;
}

void TaskFilterBar::updateStatusButtonText()
{
    const QList<TaskStatus> checked = statuses();
    if (checked.isEmpty() || checked.size() == int(kAllStatuses.size())) {
        m_statusButton->setText(tr("All statuses"));
    } else if (checked.size() == 1) {
        m_statusButton->setText(TaskTableModel::statusText(checked.constFirst()));
    } else {
        QStringList names;
        for (TaskStatus status : checked)
            names.append(TaskTableModel::statusText(status));
        m_statusButton->setText(names.join(QStringLiteral(", ")));
    }
}

} // namespace taskdeck
