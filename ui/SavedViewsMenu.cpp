#include "SavedViewsMenu.h"

#include "Async.h"
#include "ErrorMessages.h"
#include "SavedViewService.h"
#include "TaskFilterBar.h"
#include "TaskQueryString.h"
#include "TaskTableModel.h"
#include "TasksPage.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTableView>

namespace taskdeck {

QString taskColumnName(int column)
{
    switch (column) {
    case TaskTableModel::TitleColumn:
        return QStringLiteral("title");
    case TaskTableModel::StatusColumn:
        return QStringLiteral("status");
    case TaskTableModel::CategoryColumn:
        return QStringLiteral("category");
    case TaskTableModel::PriorityColumn:
        return QStringLiteral("priority");
    case TaskTableModel::CostColumn:
        return QStringLiteral("cost");
    case TaskTableModel::CreatedColumn:
        return QStringLiteral("created_at");
    case TaskTableModel::StartedColumn:
        return QStringLiteral("started_at");
    case TaskTableModel::CompletedColumn:
        return QStringLiteral("completed_at");
    case TaskTableModel::ExecutionTimeColumn:
        return QStringLiteral("execution_time");
    default:
        return {};
    }
}

namespace {

int columnForName(const QString &name)
{
    for (int column = 0; column < TaskTableModel::ColumnCount; ++column) {
        if (taskColumnName(column) == name)
            return column;
    }
    return -1;
}

} // namespace

SavedViewsMenu::SavedViewsMenu(SavedViewService *service, Principal user, TasksPage *page,
                               QWidget *parent)
    : QObject(parent), m_service(service), m_user(std::move(user)), m_page(page),
      m_parentWidget(parent), m_menu(new QMenu(tr("&Views"), parent)), m_combo(new QComboBox(page))
{
    m_menu->setObjectName(QStringLiteral("viewsMenu"));
    m_combo->setObjectName(QStringLiteral("viewsCombo"));
    m_combo->setToolTip(tr("Saved views: filter, sort and columns under a name"));
    m_combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_saveAction = m_menu->addAction(tr("&Save Current View…"), this,
                                     &SavedViewsMenu::saveCurrentViewInteractive);
    m_saveAction->setObjectName(QStringLiteral("saveViewAction"));
    m_saveAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V));
    m_deleteAction =
        m_menu->addAction(tr("&Delete View…"), this, &SavedViewsMenu::deleteViewInteractive);
    m_deleteAction->setObjectName(QStringLiteral("deleteViewAction"));
    m_firstViewSeparator = m_menu->addSeparator();
    connect(m_combo, &QComboBox::activated, this, [this](int index) {
        if (m_rebuilding)
            return;
        const QUuid id = m_combo->itemData(index).toUuid();
        for (const SavedView &view : std::as_const(m_views)) {
            if (view.id == id) {
                applyView(view);
                return;
            }
        }
    });
    rebuild();
}

bool SavedViewsMenu::mayChange(const SavedView &view) const
{
    return view.userId == m_user.userId || (view.shared && m_user.isAdmin());
}

QStringList SavedViewsMenu::visibleColumns() const
{
    const QHeaderView *header = m_page->view()->horizontalHeader();
    QStringList columns;
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical))
            columns.append(taskColumnName(logical));
    }
    return columns;
}

NewSavedView SavedViewsMenu::currentState() const
{
    TaskFilter filter = m_page->model()->filter();
    m_page->filterBar()->applyTo(filter); // a search still being typed counts too
    NewSavedView view;
    view.query = json::taskFilterToQuery(filter);
    view.columns = visibleColumns();
    return view;
}

void SavedViewsMenu::applyView(const SavedView &view)
{
    const TaskFilter filter = json::taskFilterFromQuery(view.query);
    m_page->filterBar()->setFilter(filter); // offers a category no task has right now
    m_page->model()->setFilter(filter);
    QHeaderView *header = m_page->view()->horizontalHeader();
    {
        const QSignalBlocker blocker(header); // the model is sorted already
        header->setSortIndicator(TaskTableModel::columnForSortField(filter.sort),
                                 filter.order == SortOrder::Ascending ? Qt::AscendingOrder
                                                                      : Qt::DescendingOrder);
    }
    header->viewport()->update();
    QList<int> shown;
    for (const QString &name : view.columns) {
        const int column = columnForName(name);
        if (column >= 0 && !shown.contains(column))
            shown.append(column);
    }
    for (int column = 0; column < TaskTableModel::ColumnCount; ++column)
        header->setSectionHidden(column, !shown.isEmpty() && !shown.contains(column));
    for (int i = 0; i < shown.size(); ++i)
        header->moveSection(header->visualIndex(shown.at(i)), i);
    m_currentId = view.id;
    {
        const QSignalBlocker blocker(m_combo);
        const int index = m_combo->findData(view.id);
        m_combo->setCurrentIndex(index < 0 ? 0 : index);
    }
    emit viewApplied(view.name);
    emit statusMessage(tr("View “%1” applied").arg(view.name));
}

bool SavedViewsMenu::applyViewNamed(const QString &name)
{
    for (const SavedView &view : std::as_const(m_views)) {
        if (view.name == name) {
            applyView(view);
            return true;
        }
    }
    return false;
}

void SavedViewsMenu::reload(bool applyDefault)
{
    whenReady(this, m_service->list(m_user),
              [this, applyDefault](const Result<QList<SavedView>> &result) {
                  if (!result.ok()) {
                      emit statusMessage(ErrorMessages::text(result.error()));
                      return;
                  }
                  m_views = result.value();
                  rebuild();
                  emit viewsChanged();
                  if (applyDefault) {
                      for (const SavedView &view : std::as_const(m_views)) {
                          if (view.isDefault && view.userId == m_user.userId) {
                              applyView(view);
                              break;
                          }
                      }
                  }
              });
}

void SavedViewsMenu::rebuild()
{
    m_rebuilding = true;
    qDeleteAll(m_viewActions);
    m_viewActions.clear();
    m_combo->clear();
    m_combo->addItem(tr("Views…"), QUuid());
    bool anyDeletable = false;
    for (const SavedView &view : std::as_const(m_views)) {
        QString label = view.name;
        if (view.userId != m_user.userId)
            label = tr("%1 (shared by %2)").arg(view.name, view.username);
        else if (view.shared)
            label = tr("%1 (shared)").arg(view.name);
        if (view.isDefault && view.userId == m_user.userId)
            label = tr("%1 — default").arg(label);
        m_combo->addItem(label, view.id);
        QAction *action = m_menu->addAction(label);
        action->setData(view.id);
        const SavedView copy = view;
        connect(action, &QAction::triggered, this, [this, copy] { applyView(copy); });
        m_viewActions.append(action);
        anyDeletable = anyDeletable || mayChange(view);
    }
    m_firstViewSeparator->setVisible(!m_views.isEmpty());
    m_deleteAction->setEnabled(anyDeletable);
    const int index = m_combo->findData(m_currentId);
    m_combo->setCurrentIndex(index < 0 ? 0 : index);
    m_rebuilding = false;
}

void SavedViewsMenu::saveCurrentView(const QString &name, bool shared, bool isDefault)
{
    NewSavedView state = currentState();
    state.name = name.trimmed();
    state.shared = shared;
    state.isDefault = isDefault;
    const auto done = [this](const Result<SavedView> &result) {
        if (!result.ok()) {
            emit statusMessage(ErrorMessages::text(result.error()));
            return;
        }
        m_currentId = result.value().id;
        emit statusMessage(tr("View “%1” saved").arg(result.value().name));
        reload();
    };
    for (const SavedView &view : std::as_const(m_views)) {
        if (view.userId == m_user.userId && view.name == state.name) {
            SavedViewPatch patch;
            patch.query = state.query;
            patch.columns = state.columns;
            patch.shared = state.shared;
            patch.isDefault = state.isDefault;
            whenReady(this, m_service->update(view.id, patch, m_user), done);
            return;
        }
    }
    whenReady(this, m_service->create(state, m_user), done);
}

void SavedViewsMenu::saveCurrentViewInteractive()
{
    auto *dialog = new QDialog(m_parentWidget);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName(QStringLiteral("saveViewDialog"));
    dialog->setWindowTitle(tr("Save Current View"));
    auto *name = new QLineEdit(dialog);
    name->setObjectName(QStringLiteral("viewName"));
    name->setMaxLength(int(kViewMaxNameLength));
    auto *shared = new QCheckBox(tr("&Share with everyone"), dialog);
    shared->setObjectName(QStringLiteral("viewShared"));
    auto *isDefault = new QCheckBox(tr("Use as my &default view"), dialog);
    isDefault->setObjectName(QStringLiteral("viewDefault"));
    for (const SavedView &view : std::as_const(m_views)) {
        if (view.id == m_currentId && view.userId == m_user.userId) {
            name->setText(view.name);
            shared->setChecked(view.shared);
            isDefault->setChecked(view.isDefault);
        }
    }
    auto *hint = new QLabel(tr("Saves the filter, the sort order and the visible columns. A view "
                               "of yours with the same name is replaced."),
                            dialog);
    hint->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, dialog);
    const auto updateOk = [buttons, name] {
        buttons->button(QDialogButtonBox::Save)->setEnabled(!name->text().trimmed().isEmpty());
    };
    connect(name, &QLineEdit::textChanged, dialog, updateOk);
    updateOk();
    auto *form = new QFormLayout(dialog);
    form->addRow(tr("&Name:"), name);
    form->addRow(QString(), shared);
    form->addRow(QString(), isDefault);
    form->addRow(hint);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(dialog, &QDialog::accepted, this, [this, name, shared, isDefault] {
        saveCurrentView(name->text(), shared->isChecked(), isDefault->isChecked());
    });
    dialog->open();
}

void SavedViewsMenu::deleteView(const QUuid &id)
{
    whenReady(this, m_service->remove(id, m_user), [this, id](const VoidResult &result) {
        if (!result.ok()) {
            emit statusMessage(ErrorMessages::text(result.error()));
            return;
        }
        if (m_currentId == id)
            m_currentId = QUuid();
        emit statusMessage(tr("View deleted"));
        reload();
    });
}

void SavedViewsMenu::deleteViewInteractive()
{
    QStringList names;
    QList<QUuid> ids;
    for (const SavedView &view : std::as_const(m_views)) {
        if (!mayChange(view))
            continue;
        names.append(view.userId == m_user.userId
                         ? view.name
                         : tr("%1 (shared by %2)").arg(view.name, view.username));
        ids.append(view.id);
    }
    if (names.isEmpty())
        return;
    auto *dialog = new QInputDialog(m_parentWidget);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Delete View"));
    dialog->setLabelText(tr("Delete the saved view:"));
    dialog->setComboBoxItems(names);
    dialog->setComboBoxEditable(false);
    const int current = ids.indexOf(m_currentId);
    if (current >= 0)
        dialog->setTextValue(names.at(current));
    connect(dialog, &QInputDialog::textValueSelected, this,
            [this, names, ids](const QString &text) {
                const qsizetype index = names.indexOf(text);
                if (index >= 0)
                    deleteView(ids.at(index));
            });
    dialog->open();
}

} // namespace taskdeck
