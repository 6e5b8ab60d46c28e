#pragma once

#include "Task.h"

#include <QList>
#include <QStringList>
#include <QTimer>
#include <QWidget>

class QAction;
class QComboBox;
class QLineEdit;
class QMenu;
class QToolButton;

namespace taskdeck {

/// The filter row above the task table: statuses (a tool button with a checkable menu; none
/// checked means every status), category (filled from TaskService::categories() by the page)
/// and a search box whose edits are debounced (300 ms) before filterChanged() fires.
///
/// Thread affinity: GUI thread.
class TaskFilterBar : public QWidget
{
    Q_OBJECT
public:
    explicit TaskFilterBar(QWidget *parent = nullptr);

    /// Writes statuses, category and search into `filter` (sort and dates untouched).
    void applyTo(TaskFilter &filter) const;

    QList<TaskStatus> statuses() const;
    void setStatuses(const QList<TaskStatus> &statuses);
    /// std::nullopt: all categories.
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
    QAction *statusAction(TaskStatus status) const;

signals:
    void filterChanged();

protected:
    /// Keeps the status menu open while statuses are ticked.
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateStatusButtonText();

    QToolButton *m_statusButton;
    QMenu *m_statusMenu;
    QList<QAction *> m_statusActions; // in kAllStatuses order
    QComboBox *m_categoryCombo;
    QLineEdit *m_searchEdit;
    QTimer m_debounce;
};

} // namespace taskdeck
