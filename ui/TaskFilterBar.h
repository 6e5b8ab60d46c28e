#pragma once

#include "Task.h"

#include <QDate>
#include <QList>
#include <QStringList>
#include <QTimer>
#include <QWidget>

class QAction;
class QComboBox;
class QDateEdit;
class QLineEdit;
class QMenu;
class QToolButton;

namespace taskdeck {

/// The filter row above the task table: statuses (a tool button with a checkable menu; none
/// checked means every status), category (filled from TaskService::categories() by the page;
/// "(no category)" is the empty category, tasks without one), priority, creation date (any
/// time, the last 24 hours / 7 / 30 days before the moment the filter is applied, or a range
/// of local calendar days, both ends inclusive), creator (exact user name) and a search box.
/// Edits of the search and creator boxes are debounced (300 ms) before filterChanged() fires.
///
/// Thread affinity: GUI thread.
class TaskFilterBar : public QWidget
{
    Q_OBJECT
public:
    explicit TaskFilterBar(QWidget *parent = nullptr);

    /// Writes statuses, category, search, priority, creator and the creation range into
    /// `filter` (sort and order untouched). A relative range ("last 7 days") is computed from
    /// `nowMs` (UTC epoch ms; the current time when negative).
    void applyTo(TaskFilter &filter, EpochMs nowMs = -1) const;
    /// Shows the filter part of `filter` (a category not offered yet is added to the choices;
    /// a creation range as a custom range of local days). Emits nothing.
    void setFilter(const TaskFilter &filter);

    /// What the creation date choice offers.
    enum class CreatedRange
    {
        AnyTime,
        Last24Hours,
        Last7Days,
        Last30Days,
        Custom, ///< the from/to date boxes, local days, inclusive
    };
    CreatedRange createdRange() const;
    void setCreatedRange(CreatedRange range);
    /// Custom range bounds (local calendar days, inclusive).
    void setCustomDates(const QDate &from, const QDate &to);
    /// std::nullopt: any priority.
    std::optional<int> priority() const;
    void setPriority(std::optional<int> priority);
    /// Trimmed creator box; empty means any creator.
    QString creator() const;
    void setCreator(const QString &creator);

    QList<TaskStatus> statuses() const;
    void setStatuses(const QList<TaskStatus> &statuses);
    /// std::nullopt: all categories; "": tasks without a category.
    std::optional<QString> category() const;
    void setCategory(const std::optional<QString> &category);
    QString searchText() const;
    void setSearchText(const QString &text);

    /// Replaces the category choices, keeping the current choice when it is still offered.
    void setCategories(const QStringList &categories);
    QStringList categories() const;

    void setDebounceInterval(int ms) { m_debounce.setInterval(ms); }

    /// Widgets, for tests and keyboard focus.
    QToolButton *statusButton() const { return m_statusButton; }
    QComboBox *categoryCombo() const { return m_categoryCombo; }
    QLineEdit *searchEdit() const { return m_searchEdit; }
    QComboBox *priorityCombo() const { return m_priorityCombo; }
    QComboBox *createdCombo() const { return m_createdCombo; }
    QDateEdit *createdFromEdit() const { return m_createdFrom; }
    QDateEdit *createdToEdit() const { return m_createdTo; }
    QLineEdit *creatorEdit() const { return m_creatorEdit; }
    QAction *statusAction(TaskStatus status) const;

signals:
    void filterChanged();

protected:
    /// Keeps the status menu open while statuses are ticked.
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateStatusButtonText();
    void updateDateEdits();
    /// Index of `category` among the category combo's items, -1 when absent ("" is the
    /// "(no category)" item).
    int categoryIndex(const QString &category) const;

    QToolButton *m_statusButton;
    QMenu *m_statusMenu;
    QList<QAction *> m_statusActions; // in kAllStatuses order
    QComboBox *m_categoryCombo;
    QLineEdit *m_searchEdit;
    QComboBox *m_priorityCombo;
    QComboBox *m_createdCombo;
    QDateEdit *m_createdFrom;
    QDateEdit *m_createdTo;
    QLineEdit *m_creatorEdit;
    QTimer m_debounce;
};

} // namespace taskdeck
