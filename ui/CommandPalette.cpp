#include "CommandPalette.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QEvent>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPointer>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace taskdeck {

namespace {

void collect(const QMenu *menu, const QString &prefix, bool all, QList<PaletteCommand> &out)
{
    for (QAction *action : menu->actions()) {
        if (action->isSeparator() || (!all && !action->isVisible()))
            continue;
        const QString name = prefix + CommandPalette::plainText(action->text());
        if (QMenu *sub = action->menu()) {
            if (all || sub->isEnabled())
                collect(sub, name + QStringLiteral(" › "), all, out);
            continue;
        }
        if (!all && !action->isEnabled())
            continue;
        QPointer<QAction> guarded(action);
        out.append({name, action->shortcut(), [guarded] {
                        if (guarded && guarded->isEnabled())
                            guarded->trigger();
                    }});
    }
}

} // namespace

CommandPalette::CommandPalette(QList<PaletteCommand> commands, QWidget *parent)
    : QDialog(parent), m_commands(std::move(commands)), m_filter(new QLineEdit(this)),
      m_list(new QListWidget(this))
{
    setObjectName(QStringLiteral("commandPalette"));
    setWindowTitle(tr("Command Palette"));
    m_filter->setObjectName(QStringLiteral("paletteFilter"));
    m_filter->setPlaceholderText(tr("Type a command or a saved view…"));
    m_filter->setClearButtonEnabled(true);
    m_filter->installEventFilter(this);
    m_list->setObjectName(QStringLiteral("paletteList"));
    m_list->setUniformItemSizes(true);
    for (qsizetype i = 0; i < m_commands.size(); ++i) {
        const PaletteCommand &command = m_commands.at(i);
        QString label = command.text;
        if (!command.shortcut.isEmpty())
            label += QStringLiteral("    ") + command.shortcut.toString(QKeySequence::NativeText);
        auto *item = new QListWidgetItem(label, m_list);
        item->setData(Qt::UserRole, qint64(i));
    }
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_filter);
    layout->addWidget(m_list);
    resize(520, 380);
    connect(m_filter, &QLineEdit::textChanged, this, &CommandPalette::applyFilter);
    connect(m_filter, &QLineEdit::returnPressed, this, &CommandPalette::runCurrent);
    connect(m_list, &QListWidget::itemActivated, this, [this] { runCurrent(); });
    applyFilter();
}

QString CommandPalette::plainText(const QString &text)
{
    QString plain;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == u'&' && i + 1 < text.size()) {
            plain.append(text.at(++i)); // "&&" is a literal '&'
            continue;
        }
        plain.append(text.at(i));
    }
    if (plain.endsWith(QChar(0x2026)))
        plain.chop(1);
    else if (plain.endsWith(QStringLiteral("...")))
        plain.chop(3);
    return plain;
}

QList<PaletteCommand> CommandPalette::menuCommands(const QMenuBar *menuBar, bool all)
{
    QList<PaletteCommand> commands;
    for (QAction *action : menuBar->actions()) {
        if (QMenu *menu = action->menu(); menu && action->isVisible())
            collect(menu, plainText(action->text()) + QStringLiteral(" › "), all, commands);
    }
    return commands;
}

QStringList CommandPalette::visibleCommands() const
{
    QStringList names;
    for (int row = 0; row < m_list->count(); ++row) {
        const QListWidgetItem *item = m_list->item(row);
        if (!item->isHidden())
            names.append(m_commands.at(item->data(Qt::UserRole).toLongLong()).text);
    }
    return names;
}

void CommandPalette::applyFilter()
{
    const QStringList words = m_filter->text().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QListWidgetItem *first = nullptr;
    for (int row = 0; row < m_list->count(); ++row) {
        QListWidgetItem *item = m_list->item(row);
        const QString &name = m_commands.at(item->data(Qt::UserRole).toLongLong()).text;
        bool match = true;
        for (const QString &word : words)
            match = match && name.contains(word, Qt::CaseInsensitive);
        item->setHidden(!match);
        if (match && !first)
            first = item;
    }
    m_list->setCurrentItem(first);
}

bool CommandPalette::runCurrent()
{
    const QListWidgetItem *item = m_list->currentItem();
    if (!item || item->isHidden())
        return false;
    const std::function<void()> run = m_commands.at(item->data(Qt::UserRole).toLongLong()).run;
    accept();
    // After the palette is gone: the command may open a dialog of its own.
    QTimer::singleShot(0, parentWidget() ? parentWidget() : this, run);
    return true;
}

bool CommandPalette::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_filter && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Down || key->key() == Qt::Key_Up) {
            const int step = key->key() == Qt::Key_Down ? 1 : -1;
            int row = m_list->currentRow();
            for (int next = row + step; next >= 0 && next < m_list->count(); next += step) {
                if (!m_list->item(next)->isHidden()) {
                    m_list->setCurrentRow(next);
                    break;
                }
            }
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

QDialog *showShortcutsOverview(const QMenuBar *menuBar, QWidget *parent)
{
    auto *dialog = new QDialog(parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName(QStringLiteral("shortcutsDialog"));
    dialog->setWindowTitle(QDialog::tr("Keyboard Shortcuts"));
    QList<QPair<QString, QString>> rows;
    for (const PaletteCommand &command : CommandPalette::menuCommands(menuBar, true)) {
        if (!command.shortcut.isEmpty())
            rows.append({command.text, command.shortcut.toString(QKeySequence::NativeText)});
    }
    rows.append({QDialog::tr("Task table › Next / previous page of rows"),
                 QDialog::tr("Page Down / Page Up")});
    rows.append(
        {QDialog::tr("Task table › First / last task"), QDialog::tr("Ctrl+Home / Ctrl+End")});
    rows.append({QDialog::tr("Task table › Context menu of the selected task"),
                 QDialog::tr("Menu key or Shift+F10")});
    auto *table = new QTableWidget(int(rows.size()), 2, dialog);
    table->setObjectName(QStringLiteral("shortcutsTable"));
    table->setHorizontalHeaderLabels({QDialog::tr("Action"), QDialog::tr("Shortcut")});
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->hide();
    for (int row = 0; row < rows.size(); ++row) {
        table->setItem(row, 0, new QTableWidgetItem(rows.at(row).first));
        table->setItem(row, 1, new QTableWidgetItem(rows.at(row).second));
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(table);
    layout->addWidget(buttons);
    dialog->resize(560, 480);
    dialog->show();
    return dialog;
}

} // namespace taskdeck
