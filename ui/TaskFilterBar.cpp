#include "TaskFilterBar.h"

#include "TaskTableModel.h"

#include <QAction>
#include <QComboBox>
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
      m_categoryCombo(new QComboBox(this)), m_searchEdit(new QLineEdit(this))
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

    auto *statusLabel = new QLabel(tr("Status:"), this);
    auto *categoryLabel = new QLabel(tr("Category:"), this);
    categoryLabel->setBuddy(m_categoryCombo);
    layout->addWidget(statusLabel);
    layout->addWidget(m_statusButton);
    layout->addSpacing(12);
    layout->addWidget(categoryLabel);
    layout->addWidget(m_categoryCombo);
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

void TaskFilterBar::applyTo(TaskFilter &filter) const
{
    filter.statuses = statuses();
    filter.category = category();
    filter.search = searchText();
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
    return m_categoryCombo->currentText();
}

void TaskFilterBar::setCategory(const std::optional<QString> &category)
{
    const int index = category ? m_categoryCombo->findText(*category, Qt::MatchExactly) : 0;
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
    while (m_categoryCombo->count() > 1)
        m_categoryCombo->removeItem(1);
    m_categoryCombo->addItems(categories);
    const int index = current ? m_categoryCombo->findText(*current, Qt::MatchExactly) : 0;
    m_categoryCombo->setCurrentIndex(std::max(index, 0));
    if (current && index < 0)
        emit filterChanged(); // the chosen category disappeared: back to all
}

QStringList TaskFilterBar::categories() const
{
    QStringList result;
    for (int i = 1; i < m_categoryCombo->count(); ++i)
        result.append(m_categoryCombo->itemText(i));
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
