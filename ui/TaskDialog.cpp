#include "TaskDialog.h"

#include "Async.h"
#include "ErrorMessages.h"
#include "MoneyInput.h"
#include "TaskRules.h"
#include "TaskService.h"
#include "TaskTableModel.h"

#include <QColor>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace taskdeck {

namespace {

QLabel *makeErrorLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: #c0392b;"));
    label->hide();
    return label;
}

} // namespace

TaskDialog::TaskDialog(TaskService *service, Principal actor, const QStringList &categories,
                       QWidget *parent)
    : QDialog(parent), m_service(service), m_actor(std::move(actor))
{
    setWindowTitle(tr("New Task"));
    build(categories);
    m_priority->setCurrentIndex(1);
    m_cost->setText(TaskTableModel::formatCost(0));
}

TaskDialog::TaskDialog(TaskService *service, Principal actor, const QStringList &categories,
                       const Task &task, QWidget *parent)
    : QDialog(parent), m_service(service), m_actor(std::move(actor)), m_original(task)
{
    setWindowTitle(tr("Edit Task"));
    build(categories);
    m_expectedVersion = task.version;
    fillFrom(task);
}

void TaskDialog::fillFrom(const Task &task)
{
    m_title->setText(task.title);
    m_description->setPlainText(task.description.value_or(QString()));
    m_category->setCurrentText(task.category.value_or(QString()));
    m_priority->setCurrentIndex(m_priority->findData(task.priority));
    m_cost->setText(TaskTableModel::formatCost(task.costE4));
    if (m_errorMessage) {
        const QString error = task.errorMessage.value_or(QString());
        m_errorMessage->setText(error);
        m_form->setRowVisible(m_errorMessage, !error.isEmpty());
    }
}

void TaskDialog::build(const QStringList &categories)
{
    setWindowIcon(QIcon(isEditing() ? QStringLiteral(":/icons/edit.svg")
                                    : QStringLiteral(":/icons/add.svg")));
    auto *form = new QFormLayout;
    m_form = form;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);

    auto addRow = [&](const QString &label, const QString &field, QWidget *editor) {
        auto *box = new QVBoxLayout;
        box->setSpacing(2);
        box->addWidget(editor);
        QLabel *error = makeErrorLabel(this);
        error->setObjectName(field + QStringLiteral("Error"));
        box->addWidget(error);
        m_errorLabels.insert(field, error);
        m_editors.insert(field, editor);
        m_fieldOrder.append(field);
        form->addRow(label, box);
        if (auto *buddy = qobject_cast<QLabel *>(form->labelForField(box)))
            buddy->setBuddy(editor);
    };

    m_title = new QLineEdit(this);
    m_title->setObjectName(QStringLiteral("titleEdit"));
    m_title->setPlaceholderText(tr("What needs to be done?"));
    addRow(tr("&Title:"), QStringLiteral("title"), m_title);

    m_description = new QPlainTextEdit(this);
    m_description->setObjectName(QStringLiteral("descriptionEdit"));
    m_description->setPlaceholderText(tr("Optional details"));
    m_description->setTabChangesFocus(true);
    m_description->setMinimumHeight(90);
    addRow(tr("&Description:"), QStringLiteral("description"), m_description);

    m_category = new QComboBox(this);
    m_category->setObjectName(QStringLiteral("categoryCombo"));
    m_category->setEditable(true);
    m_category->addItem(QString());
    m_category->addItems(categories);
    m_category->setInsertPolicy(QComboBox::NoInsert);
    m_category->setMinimumContentsLength(kCategoryMaxLength / 3);
    m_category->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    addRow(tr("&Category:"), QStringLiteral("category"), m_category);

    m_priority = new QComboBox(this);
    m_priority->setObjectName(QStringLiteral("priorityCombo"));
    for (int p = kPriorityMin; p <= kPriorityMax; ++p)
        m_priority->addItem(TaskTableModel::priorityText(p), p);
    addRow(tr("&Priority:"), QStringLiteral("priority"), m_priority);

    // The amount as read is shown beside the field while typing: "1.5" must never become 15.
    auto *costRow = new QWidget(this);
    auto *costLayout = new QHBoxLayout(costRow);
    costLayout->setContentsMargins(0, 0, 0, 0);
    m_cost = new QLineEdit(costRow);
    m_cost->setObjectName(QStringLiteral("costEdit"));
    m_cost->setAlignment(Qt::AlignRight);
    m_cost->setToolTip(tr("Cost in USD, at most 4 decimals"));
    m_costPreview = new QLabel(costRow);
    m_costPreview->setObjectName(QStringLiteral("costPreview"));
    m_costPreview->setMinimumWidth(m_costPreview->fontMetrics().horizontalAdvance(
        tr("= %1 USD").arg(MoneyInput::format(kCostMaxE4 - 1, QLocale()))));
    costLayout->addWidget(m_cost, 1);
    costLayout->addWidget(m_costPreview);
    costRow->setFocusProxy(m_cost);
    connect(m_cost, &QLineEdit::textChanged, this, &TaskDialog::updateCostPreview);
    addRow(tr("C&ost (USD):"), QStringLiteral("cost"), costRow);

    if (isEditing()) {
        // Why the task failed (set with Mark Failed or through the API); shown, not edited here.
        m_errorMessage = new QLabel(this);
        m_errorMessage->setObjectName(QStringLiteral("errorMessageText"));
        m_errorMessage->setWordWrap(true);
        m_errorMessage->setTextFormat(Qt::PlainText);
        m_errorMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
        // The whole width of the form: a narrow label at its size hint was cut after two lines.
        m_errorMessage->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
        form->addRow(tr("Error message:"), m_errorMessage);
    } else {
        m_status = new QComboBox(this);
        m_status->setObjectName(QStringLiteral("statusCombo"));
        for (TaskStatus status : {TaskStatus::Pending, TaskStatus::InProgress})
            m_status->addItem(TaskTableModel::statusText(status), int(status));
        addRow(tr("&Status:"), QStringLiteral("status"), m_status);
    }

    m_formError = makeErrorLabel(this);
    m_formError->setObjectName(QStringLiteral("formError"));

    // Shown when a save finds that someone else changed the task (edits only).
    m_conflictPanel = new QFrame(this);
    m_conflictPanel->setObjectName(QStringLiteral("conflictPanel"));
    m_conflictPanel->setFrameShape(QFrame::StyledPanel);
    m_conflictText = new QLabel(m_conflictPanel);
    m_conflictText->setObjectName(QStringLiteral("conflictText"));
    m_conflictText->setWordWrap(true);
    m_conflictText->setTextFormat(Qt::PlainText);
    m_conflictTable = new QTableWidget(0, 3, m_conflictPanel);
    m_conflictTable->setObjectName(QStringLiteral("conflictTable"));
    m_conflictTable->setHorizontalHeaderLabels(
        {tr("Field"), tr("Theirs (saved now)"), tr("Yours (in the form)")});
    m_conflictTable->verticalHeader()->hide();
    m_conflictTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_conflictTable->setSelectionMode(QAbstractItemView::NoSelection);
    m_conflictTable->setFocusPolicy(Qt::NoFocus);
    m_conflictTable->setWordWrap(false); // one line a field; the full text is the tooltip
    m_conflictTable->setTextElideMode(Qt::ElideRight);
    m_conflictTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_conflictTable->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_conflictTable->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_conflictTable->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_conflictTable->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_conflictTable->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    auto *conflictButtons = new QHBoxLayout;
    const auto addConflictButton = [&](const QString &text, const QString &tip, const char *name,
                                       void (TaskDialog::*slot)()) {
        auto *button = new QPushButton(text, m_conflictPanel);
        button->setObjectName(QLatin1String(name));
        button->setToolTip(tip);
        button->setAutoDefault(false);
        connect(button, &QPushButton::clicked, this, slot);
        conflictButtons->addWidget(button);
    };
    conflictButtons->addStretch(1);
    addConflictButton(tr("&Reload"),
                      tr("Show their version in the form; your changes are discarded"),
                      "conflictReload", &TaskDialog::reloadTheirs);
    addConflictButton(tr("&Overwrite"), tr("Save your changes over theirs"), "conflictOverwrite",
                      &TaskDialog::overwriteTheirs);
    addConflictButton(tr("Cancel"), tr("Keep editing; nothing is saved"), "conflictCancel",
                      &TaskDialog::hideConflict);
    auto *conflictLayout = new QVBoxLayout(m_conflictPanel);
    conflictLayout->addWidget(m_conflictText);
    conflictLayout->addWidget(m_conflictTable);
    conflictLayout->addLayout(conflictButtons);
    m_conflictPanel->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(isEditing() ? tr("Save") : tr("Create"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &TaskDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &TaskDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_conflictPanel);
    layout->addWidget(m_formError);
    layout->addWidget(m_buttons);
    setMinimumWidth(480);
}

QString TaskDialog::fieldErrorText(const QString &field) const
{
    QLabel *label = m_errorLabels.value(field);
    return label && !label->isHidden() ? label->text() : QString();
}

QString TaskDialog::formErrorText() const
{
    return m_formError->isHidden() ? QString() : m_formError->text();
}

bool TaskDialog::isShowingConflict() const
{
    return !m_conflictPanel->isHidden();
}

QList<QStringList> TaskDialog::conflictRows() const
{
    QList<QStringList> rows;
    if (!isShowingConflict())
        return rows;
    for (int row = 0; row < m_conflictTable->rowCount(); ++row) {
        QStringList cells;
        for (int column = 0; column < m_conflictTable->columnCount(); ++column)
            cells.append(m_conflictTable->item(row, column)->text());
        cells.append(m_conflictTable->item(row, 0)->data(Qt::UserRole).toString());
        rows.append(cells);
    }
    return rows;
}

void TaskDialog::accept()
{
    if (m_busy || isShowingConflict())
        return;
    clearErrors();
    if (isEditing())
        submitEdit();
    else
        submitNew();
}

std::optional<MoneyE4> TaskDialog::parseCost(FieldErrors &errors) const
{
    // Exact, in this locale's conventions: a group separator only between thousands.
    const MoneyInput::Parsed cost = MoneyInput::parse(m_cost->text(), QLocale());
    if (cost.problem == MoneyInput::Problem::MisplacedGroupSeparator)
        errors.append({{QStringLiteral("body"), QStringLiteral("cost")},
                       QStringLiteral("Group separator in the wrong place"),
                       QStringLiteral("group_separator")});
    else if (!cost.value)
        errors.append({{QStringLiteral("body"), QStringLiteral("cost")},
                       QStringLiteral("Input should be a number with at most 4 decimals"),
                       QStringLiteral("decimal_parsing")});
    return cost.value;
}

void TaskDialog::updateCostPreview()
{
    const MoneyInput::Parsed cost = MoneyInput::parse(m_cost->text(), QLocale());
    if (cost.value) {
        m_costPreview->setText(tr("= %1 USD").arg(MoneyInput::format(*cost.value, QLocale())));
        m_costPreview->setStyleSheet(QString());
    } else {
        m_costPreview->setText(tr("not a valid amount"));
        m_costPreview->setStyleSheet(QStringLiteral("color: #c0392b;"));
    }
}

std::optional<QString> TaskDialog::optionalText(const QString &text) const
{
    if (text.trimmed().isEmpty())
        return std::nullopt;
    return text;
}

void TaskDialog::submitNew()
{
    FieldErrors errors;
    NewTask task;
    task.title = m_title->text();
    task.description = optionalText(m_description->toPlainText());
    task.category = optionalText(m_category->currentText());
    task.priority = m_priority->currentData().toInt();
    task.status = static_cast<TaskStatus>(m_status->currentData().toInt());
    const std::optional<MoneyE4> cost = parseCost(errors);
    task.costE4 = cost.value_or(0);
    errors += rules::validateNewTask(task);
    if (!errors.isEmpty()) {
        showErrors(errors);
        return;
    }
    setBusy(true);
    whenReady(this, m_service->create(task, m_actor), [this](const Result<Task> &result) {
        setBusy(false);
        if (!result.ok()) {
            showErrors(result.error().fields);
            showFormError(ErrorMessages::text(result.error()));
            return;
        }
        emit saved(result.value());
        QDialog::accept();
    });
}

TaskPatch TaskDialog::formPatch(FieldErrors &errors) const
{
    const Task &original = *m_original;
    TaskPatch patch;
    if (m_title->text() != original.title)
        patch.title = m_title->text();
    const std::optional<QString> description = optionalText(m_description->toPlainText());
    if (description != original.description)
        patch.description = description;
    const std::optional<QString> category = optionalText(m_category->currentText());
    if (category.has_value() ? category->trimmed() != original.category.value_or(QString())
                             : original.category.has_value())
        patch.category = category;
    const int priority = m_priority->currentData().toInt();
    if (priority != original.priority)
        patch.priority = priority;
    const std::optional<MoneyE4> cost = parseCost(errors);
    if (cost && *cost != original.costE4)
        patch.costE4 = *cost;
    return patch;
}

void TaskDialog::submitEdit()
{
    const Task &original = *m_original;
    FieldErrors errors;
    TaskPatch patch = formPatch(errors);
    errors += rules::validatePatch(patch);
    if (!errors.isEmpty()) {
        showErrors(errors);
        return;
    }
    if (patch.isEmpty()) {
        QDialog::accept();
        return;
    }
    setBusy(true);
    whenReady(this, m_service->update(original.id, patch, m_expectedVersion, m_actor),
              [this](const Result<Task> &result) {
                  if (!result.ok() &&
                      result.error().kind == ServiceError::Kind::PreconditionFailed) {
                      handleStaleVersion(); // stays busy until the task is read again
                      return;
                  }
                  setBusy(false);
                  if (!result.ok()) {
                      showErrors(result.error().fields);
                      showFormError(ErrorMessages::text(result.error()));
                      return;
                  }
                  emit saved(result.value());
                  QDialog::accept();
              });
}

void TaskDialog::handleStaleVersion()
{
    whenReady(this, m_service->get(m_original->id), [this](const Result<Task> &result) {
        setBusy(false);
        if (!result.ok()) {
            showFormError(ErrorMessages::text(result.error())); // deleted meanwhile, or no database
            return;
        }
        showConflict(result.value());
    });
}

void TaskDialog::showConflict(const Task &theirs)
{
    m_theirs = theirs;
    QStringList lines = describeChanges(*m_original, theirs);
    if (lines.isEmpty())
        lines.append(tr("No field shown here changed."));
    for (QString &line : lines)
        line.prepend(QStringLiteral("• "));
    m_conflictText->setText(tr("Someone else changed this task while you were editing it:") +
                            QLatin1Char('\n') + lines.join(QLatin1Char('\n')) + QLatin1Char('\n') +
                            tr("Your changes are still in the form. What saving them would "
                               "write, against what is saved now:"));

    // Field by field: what is stored now (theirs) against what the form would write (yours).
    const Task &shown = *m_original;
    FieldErrors ignored;
    const TaskPatch yours = formPatch(ignored);
    const auto orNone = [](const std::optional<QString> &text) {
        return text && !text->isEmpty() ? *text : tr("(none)");
    };
    const auto money = [](MoneyE4 e4) {
        return tr("%1 USD").arg(MoneyInput::format(e4, QLocale()));
    };
    m_conflictTable->setRowCount(0);
    const auto addRow = [&](const QString &label, const QString &theirsText,
                            const QString &yoursText, bool theyChangedItToo) {
        const int row = m_conflictTable->rowCount();
        m_conflictTable->insertRow(row);
        const QString flat[3] = {label, theirsText, yoursText};
        for (int column = 0; column < 3; ++column) {
            QString shownText = flat[column];
            shownText.replace(QLatin1Char('\n'), QChar(0x21B5)); // ↵
            auto *item = new QTableWidgetItem(
                shownText.size() > 200 ? shownText.left(199) + QChar(0x2026) : shownText);
            item->setToolTip(flat[column] + QStringLiteral("\n\n") +
                             (theyChangedItToo
                                  ? tr("They changed this field too: Overwrite replaces their "
                                       "value with yours.")
                                  : tr("Only you changed this field.")));
            if (theyChangedItToo) {
                item->setBackground(QColor(0xff, 0xe0, 0xb2));
                item->setForeground(QColor(0x3b, 0x2f, 0x00));
            }
            item->setData(Qt::UserRole,
                          theyChangedItToo ? QStringLiteral("both") : QStringLiteral("yours"));
            m_conflictTable->setItem(row, column, item);
        }
    };
    if (yours.title)
        addRow(tr("Title"), theirs.title, *yours.title, theirs.title != shown.title);
    if (yours.description)
        addRow(tr("Description"), orNone(theirs.description), orNone(*yours.description),
               theirs.description != shown.description);
    if (yours.category)
        addRow(tr("Category"), orNone(theirs.category), orNone(*yours.category),
               theirs.category != shown.category);
    if (yours.priority)
        addRow(tr("Priority"), TaskTableModel::priorityText(theirs.priority),
               TaskTableModel::priorityText(*yours.priority), theirs.priority != shown.priority);
    if (yours.costE4)
        addRow(tr("Cost"), money(theirs.costE4), money(*yours.costE4),
               theirs.costE4 != shown.costE4);
    const int rows = m_conflictTable->rowCount();
    const int tableHeight = m_conflictTable->horizontalHeader()->sizeHint().height() +
                            rows * m_conflictTable->verticalHeader()->defaultSectionSize() +
                            2 * m_conflictTable->frameWidth() + 6;
    m_conflictTable->setFixedHeight(std::min(tableHeight, 240));
    m_conflictTable->setVisible(rows > 0);
    m_conflictPanel->show();
    // Grow so that the panel fits below the form (wrapped labels need their height for width).
    layout()->activate();
    const int newWidth = std::max(width(), 640);
    const int needed = layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(newWidth)
                                                     : layout()->totalSizeHint().height();
    resize(newWidth, std::max(height(), needed));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
}

void TaskDialog::hideConflict()
{
    m_theirs.reset();
    m_conflictPanel->hide();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_busy);
}

void TaskDialog::reloadTheirs()
{
    if (!m_theirs)
        return;
    const Task theirs = *m_theirs;
    hideConflict();
    m_original = theirs;
    m_expectedVersion = theirs.version;
    fillFrom(theirs);
    clearErrors();
}

void TaskDialog::overwriteTheirs()
{
    if (!m_theirs)
        return;
    // The fields the user changed (against the version shown) go out with the version now
    // stored; what the other person changed elsewhere stays.
    m_expectedVersion = m_theirs->version;
    hideConflict();
    accept();
}

QStringList TaskDialog::describeChanges(const Task &shown, const Task &theirs)
{
    const auto orNone = [](const std::optional<QString> &text) {
        return text && !text->isEmpty() ? *text : tr("(none)");
    };
    QStringList lines;
    if (shown.title != theirs.title)
        lines.append(tr("Title: “%1” → “%2”").arg(shown.title, theirs.title));
    if (shown.description != theirs.description)
        lines.append(tr("Description changed"));
    if (shown.category != theirs.category)
        lines.append(tr("Category: %1 → %2").arg(orNone(shown.category), orNone(theirs.category)));
    if (shown.priority != theirs.priority)
        lines.append(tr("Priority: %1 → %2")
                         .arg(TaskTableModel::priorityText(shown.priority),
                              TaskTableModel::priorityText(theirs.priority)));
    if (shown.costE4 != theirs.costE4)
        lines.append(tr("Cost: %1 → %2 USD")
                         .arg(MoneyInput::format(shown.costE4, QLocale()),
                              MoneyInput::format(theirs.costE4, QLocale())));
    if (shown.status != theirs.status)
        lines.append(tr("Status: %1 → %2")
                         .arg(TaskTableModel::statusText(shown.status),
                              TaskTableModel::statusText(theirs.status)));
    if (shown.errorMessage != theirs.errorMessage || shown.result != theirs.result)
        lines.append(tr("Result or error message changed"));
    return lines;
}

void TaskDialog::showErrors(const FieldErrors &errors)
{
    QStringList unplaced;
    for (const FieldError &error : errors) {
        QLabel *label = m_errorLabels.value(ErrorMessages::fieldName(error));
        if (!label) {
            unplaced.append(ErrorMessages::fieldText(error));
            continue;
        }
        const QString text = ErrorMessages::fieldText(error);
        if (label->isHidden() || label->text() != text)
            label->setText(label->isHidden() ? text : label->text() + QLatin1Char('\n') + text);
        label->show();
    }
    if (!unplaced.isEmpty())
        showFormError(unplaced.join(QLatin1Char('\n')));
    for (const QString &field : m_fieldOrder) {
        if (!fieldErrorText(field).isEmpty()) {
            m_editors.value(field)->setFocus(); // the first field with an error
            break;
        }
    }
}

void TaskDialog::showFormError(const QString &text)
{
    m_formError->setText(text);
    m_formError->setVisible(!text.isEmpty());
}

void TaskDialog::clearErrors()
{
    for (QLabel *label : std::as_const(m_errorLabels)) {
        label->clear();
        label->hide();
    }
    showFormError(QString());
}

void TaskDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!busy);
    setCursor(busy ? Qt::BusyCursor : Qt::ArrowCursor);
}

} // namespace taskdeck
