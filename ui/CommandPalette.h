#pragma once

#include <QDialog>
#include <QKeySequence>
#include <QList>
#include <QString>

#include <functional>

class QAction;
class QLineEdit;
class QListWidget;
class QMenuBar;

namespace taskdeck {

/// One entry of the command palette: what it is called, its shortcut (shown, may be empty) and
/// what it does.
struct PaletteCommand
{
    QString text;
    QKeySequence shortcut;
    std::function<void()> run;
};

/// The command palette (Ctrl+K, issue 11 item 6): a search box over a list of commands (the
/// window's menu actions and the saved views by name). Typing filters the list (every word must
/// occur in the name, case-insensitively); Up/Down choose; Enter runs the chosen command (the
/// first match unless another was chosen) after closing the palette; Escape closes it.
///
/// Thread affinity: GUI thread.
class CommandPalette : public QDialog
{
    Q_OBJECT
public:
    CommandPalette(QList<PaletteCommand> commands, QWidget *parent = nullptr);

    QLineEdit *filterEdit() const { return m_filter; }
    QListWidget *list() const { return m_list; }
    /// Names of the commands matching the filter, in list order.
    QStringList visibleCommands() const;
    /// Runs the chosen command (closing the palette first); false when nothing matches.
    bool runCurrent();

    /// The enabled, visible actions of `menuBar`'s menus (submenus included, menus themselves
    /// not), as commands named "Menu › Action" without mnemonics and ellipses; with `all` also
    /// the disabled and hidden ones (for the shortcuts overview).
    static QList<PaletteCommand> menuCommands(const QMenuBar *menuBar, bool all = false);
    /// An action's text without '&' mnemonics and a trailing ellipsis.
    static QString plainText(const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void applyFilter();

    QList<PaletteCommand> m_commands;
    QLineEdit *m_filter;
    QListWidget *m_list;
};

/// Help › Keyboard Shortcuts: a read-only table of every menu action with a shortcut, plus the
/// table's own keys (arrows, Page Up/Down, Home/End). Non-modal; deletes itself when closed.
QDialog *showShortcutsOverview(const QMenuBar *menuBar, QWidget *parent);

} // namespace taskdeck
