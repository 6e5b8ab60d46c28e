#include "TaskFilterBar.h"

#include "TaskTableModel.h"

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
#include <QToolButton>

namespace taskdeck {

TaskFilterBar::TaskFilterBar(QWidget *parent)
    : QWidget(parent), m_statusButton(new QToolButton(this)), m_statusMenu(new QMenu(this)),
      m_categoryCombo(new QComboBox(this)), m_searchEdit(new QLineEdit(this)),
      m_priorityCombo(new QComboBox(this)), m_createdCombo(new QComboBox(this)),
      m_createdFrom(new QDateEdit(this)), m_createdTo(new QDateEdit(this)),
      m_creatorEdit(new QLineEdit(this))
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
    m_searchEdit->setMinimumWidth(260);
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(300);
    connect(m_searchEdit, &QLineEdit::textChanged, &m_debounce, qOverload<>(&QTimer::start));
    connect(&m_debounce, &QTimer::timeout, this, &TaskFilterBar::filterChanged);

    m_priorityCombo->setObjectName(QStringLiteral("priorityFilterCombo"));
    m_priorityCombo->addItem(tr("All priorities"));
    for (int priority = kPriorityMin; priority <= kPriorityMax; ++priority)
        m_priorityCombo->addItem(TaskTableModel::priorityText(priority), priority);
    m_priorityCombo->setToolTip(tr("Show only tasks of this priority"));
    connect(m_priorityCombo, &QComboBox::currentIndexChanged, this, &TaskFilterBar::filterChanged);

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
    priorityLabel->setBuddy(m_priorityCombo);
    layout->addWidget(priorityLabel);
    layout->addWidget(m_priorityCombo);
    layout->addSpacing(12);
    auto *createdLabel = new QLabel(tr("Created:"), this);
    createdLabel->setBuddy(m_createdCombo);
    layout->addWidget(createdLabel);
    layout->addWidget(m_createdCombo);
    layout->addWidget(m_createdFrom);
    layout->addWidget(m_createdTo);
    layout->addSpacing(12);
    layout->addWidget(m_creatorEdit);
    layout->addSpacing(12);
    layout->addWidget(m_searchEdit, 1);
}

bool TaskFilterBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_statusMenu && event->type() == QEvent::MouseButtonRelease) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        QAction *action = m_statusMenu->actionAt(mouse->position().toPoint());
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
    const std::optional<int> chosenPriority = priority();
    filter.priorities = chosenPriority ? QList<int>{*chosenPriority} : QList<int>();
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
    setPriority(filter.priorities.size() == 1 ? std::optional<int>(filter.priorities.first())
                                              : std::nullopt);
    {
        const QSignalBlocker blockEdit(m_creatorEdit);
        m_creatorEdit->setText(filter.createdBy.value_or(QString()));
    }
    if (filter.createdAfter || filter.createdBefore) {
        const QDate from = filter.createdAfter
                               ? QDateTime::fromMSecsSinceEpoch(*filter.createdAfter).date()
                               : QDate(2000, 1, 1);
        const QDate to = filter.createdBefore
                             ? QDateTime::fromMSecsSinceEpoch(*filter.createdBefore - 1).date()
                             : QDate::currentDate();
        setCustomDates(from, to);
        setCreatedRange(CreatedRange::Custom);
    } else {
        setCreatedRange(CreatedRange::AnyTime);
    }
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

std::optional<int> TaskFilterBar::priority() const
{
    if (m_priorityCombo->currentIndex() <= 0)
        return std::nullopt;
    return m_priorityCombo->currentData().toInt();
}

void TaskFilterBar::setPriority(std::optional<int> priority)
{
    const int index = priority ? m_priorityCombo->findData(*priority) : 0;
    m_priorityCombo->setCurrentIndex(std::max(index, 0));
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
