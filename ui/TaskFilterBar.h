#pragma once

#include "Task.h"

#include <QDate>
#include <QList>
#include <QStringList>
#include <QTimer>
#include <QWidget>

#include <optional>

class QAction;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QMenu;
class QToolButton;

namespace taskdeck {

/// The filter row above the task table: statuses and priorities (tool buttons with a menu of
/// checkable entries that stays open while ticking; none checked means any), category (filled
/// from TaskService::categories() by the page; "(no category)" is the empty category, tasks
/// without one), creation date (any time, the last 24 hours / 7 / 30 days before the moment the
/// filter is applied, a range of local calendar days, both ends inclusive, or an exact period
/// that setFilter() showed and that is no range of whole local days, e.g. an hour of the
/// dashboard's timeline), creator (exact user name) and a search box. A completion period
/// (TaskFilter::completedAfter/completedBefore, set only by setFilter(): a click on the
/// dashboard's "completed" or "failed" line) shows as "Completed: <period>" with a button that
/// clears it. Edits of the search and creator boxes are debounced (300 ms) before
/// filterChanged() fires.
///
/// Thread affinity: GUI thread.
class TaskFilterBar : public QWidget
{
    Q_OBJECT
public:
    explicit TaskFilterBar(QWidget *parent = nullptr);

    /// Writes statuses, category, search, priorities, creator, the creation range and the
    /// completion period into `filter` (sort and order untouched). A relative range ("last 7
    /// days") is computed from `nowMs` (UTC epoch ms; the current time when negative).
    void applyTo(TaskFilter &filter, EpochMs nowMs = -1) const;
    /// Shows the filter part of `filter` (a category not offered yet is added to the choices;
    /// a creation range as a custom range of local days when both ends are local midnights,
    /// else as an exact period; a completion period as the "Completed:" indication). applyTo()
    /// gives the same filter back. Emits nothing.
    void setFilter(const TaskFilter &filter);

    /// What the creation date choice offers.
    enum class CreatedRange
    {
        AnyTime,
        Last24Hours,
        Last7Days,
        Last30Days,
        Custom, ///< the from/to date boxes, local days, inclusive
        Exact,  ///< the exact period setFilter() was given (offered only after that)
    };
    CreatedRange createdRange() const;
    void setCreatedRange(CreatedRange range);
    /// Custom range bounds (local calendar days, inclusive).
    void setCustomDates(const QDate &from, const QDate &to);
    /// The checked priorities, ascending; empty: any priority.
    QList<int> priorities() const;
    /// Checks exactly `priorities` (values outside kPriorityMin..kPriorityMax are ignored);
    /// emits filterChanged() when that changes the choice.
    void setPriorities(const QList<int> &priorities);
    /// The completion period shown (completed_at in [after, before)); both empty: none.
    std::optional<EpochMs> completedAfter() const { return m_completedAfter; }
    std::optional<EpochMs> completedBefore() const { return m_completedBefore; }
    /// Removes the completion period (the indication's clear button); emits filterChanged()
    /// when there was one.
    void clearCompletedRange();
    /// A period as the bar writes it, in the zone chosen in Preferences (TimeDisplay): one
    /// local day "2026-11-20", whole days "2026-11-20 – 2026-11-22" (inclusive), within a day
    /// "2026-11-20 10:00 – 11:00", else both ends with their time; one end only: "since ..." or
    /// "before ...". The end is exclusive.
    static QString periodText(std::optional<EpochMs> from, std::optional<EpochMs> to);
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
    QToolButton *priorityButton() const { return m_priorityButton; }
    QComboBox *createdCombo() const { return m_createdCombo; }
    QDateEdit *createdFromEdit() const { return m_createdFrom; }
    QDateEdit *createdToEdit() const { return m_createdTo; }
    QLineEdit *creatorEdit() const { return m_creatorEdit; }
    QAction *statusAction(TaskStatus status) const;
    QAction *priorityAction(int priority) const;
    /// The "Completed: ..." indication and its clear button (hidden without a period).
    QLabel *completedLabel() const { return m_completedLabel; }
    QToolButton *completedClearButton() const { return m_completedClear; }

signals:
    void filterChanged();

protected:
    /// Keeps the status and priority menus open while entries are ticked.
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateStatusButtonText();
    void updatePriorityButtonText();
    void updateDateEdits();
    void updateCompletedIndication();
    /// Offers (or removes, with both empty) the exact creation period item.
    void setExactCreated(std::optional<EpochMs> from, std::optional<EpochMs> to);
    /// Index of `category` among the category combo's items, -1 when absent ("" is the
    /// "(no category)" item).
    int categoryIndex(const QString &category) const;

    QToolButton *m_statusButton;
    QMenu *m_statusMenu;
    QList<QAction *> m_statusActions; // in kAllStatuses order
    QComboBox *m_categoryCombo;
    QLineEdit *m_searchEdit;
    QToolButton *m_priorityButton;
    QMenu *m_priorityMenu;
    QList<QAction *> m_priorityActions; // kPriorityMin..kPriorityMax
    QComboBox *m_createdCombo;
    QDateEdit *m_createdFrom;
    QDateEdit *m_createdTo;
    QLineEdit *m_creatorEdit;
    QWidget *m_completedBox;
    QLabel *m_completedLabel;
    QToolButton *m_completedClear;
    std::optional<EpochMs> m_exactCreatedFrom;
    std::optional<EpochMs> m_exactCreatedTo;
    std::optional<EpochMs> m_completedAfter;
    std::optional<EpochMs> m_completedBefore;
    QTimer m_debounce;
};

} // namespace taskdeck
