// The keyboard pieces of the window (issue 11 item 6), offscreen on both databases: the command
// palette (Ctrl+K) filters the menu actions and saved views by name and runs the chosen one on
// Enter; Up/Down choose; disabled actions are not offered; the shortcuts overview lists the
// shortcuts; Ctrl+F focuses the search box; the status shortcuts are set.
#include "CommandPalette.h"
#include "MainWindow.h"
#include "SavedViewService.h"
#include "SavedViewsMenu.h"
#include "TaskFilterBar.h"
#include "TaskService.h"
#include "TaskTableModel.h"
#include "TasksPage.h"
#include "TestDatabase.h"

#include <QAction>
#include <QApplication>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QPainter>
#include <QPixmap>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

using namespace taskdeck;
using namespace Qt::StringLiterals;
using taskdeck::test::wait;

class CommandPaletteTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::TestDatabase> m_db;
    Principal m_user;

private slots:
    void init()
    {
        m_db = std::make_unique<test::TestDatabase>();
        TASKDECK_REQUIRE_DB(*m_db);
        QVERIFY(m_db->pool() != nullptr);
        m_user = Principal{QUuid::createUuid(), u"ana"_s, Role::Operator};
        QVERIFY(m_db->execSql(
            QStringLiteral("INSERT INTO users (id, username, role, password_hash, created_at, "
                           "password_changed_at) VALUES ('%1', 'ana', 'operator', 'x', 0, 0)")
                .arg(m_user.userId.toString(QUuid::WithoutBraces))));
    }
    void cleanup() { m_db.reset(); }

    void paletteRunsActionsAndViews()
    {
        SavedViewService views(m_db->pool());
        NewSavedView view;
        view.name = u"Night failures"_s;
        view.query = u"status=failed&sort=title&order=asc"_s;
        QVERIFY(wait(views.create(view, m_user)).ok());
        TaskService service(m_db->pool());
        MainWindow window(&service, m_user, QString(), m_db->config(), m_db->pool(), nullptr);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.setSavedViews(&views);
        QTRY_COMPARE(window.savedViews()->views().size(), 1);
        QCOMPARE(window.paletteAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_K));

        // Ctrl+K opens it with the search box focused.
        QTest::keyClick(&window, Qt::Key_K, Qt::ControlModifier);
        CommandPalette *palette = nullptr;
        QTRY_VERIFY((palette = window.findChild<CommandPalette *>()) != nullptr);
        QTRY_VERIFY(palette->isVisible());
        QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget *>(palette->filterEdit()));
        const QStringList all = palette->visibleCommands();
        QVERIFY(all.contains(u"Tasks › New Task"_s));
        QVERIFY(all.contains(u"Tasks › Refresh"_s));
        QVERIFY(all.contains(u"Views › Night failures"_s));
        QVERIFY(all.contains(u"Views › Save Current View"_s));
        // Nothing is selected in the table: Edit and Delete are disabled and not offered.
        QVERIFY(!all.contains(u"Tasks › Edit"_s));
        QVERIFY(!all.contains(u"Tasks › Delete"_s));

        // A picture of it over the window (PNG in /tmp or TASKDECK_SCREENSHOT_DIR).
        QTest::keyClicks(palette->filterEdit(), u"ta"_s);
        {
            window.resize(1200, 700);
            QPixmap shot = window.grab();
            QPainter painter(&shot);
            const QPixmap over = palette->grab();
            painter.drawPixmap((shot.width() - over.width()) / 2, 80, over);
            painter.end();
            QVERIFY(shot.save(qEnvironmentVariable("TASKDECK_SCREENSHOT_DIR", u"/tmp"_s) +
                              u"/taskdeck-command-palette.png"_s));
        }
        palette->filterEdit()->clear();

        // Typing filters by every word; Enter runs the first match.
        QTest::keyClicks(palette->filterEdit(), u"night fail"_s);
        QCOMPARE(palette->visibleCommands(), QStringList{u"Views › Night failures"_s});
        QSignalSpy applied(window.savedViews(), &SavedViewsMenu::viewApplied);
        QTest::keyClick(palette->filterEdit(), Qt::Key_Return);
        QTRY_COMPARE(applied.count(), 1);
        QCOMPARE(window.tasksPage()->model()->filter().statuses,
                 QList<TaskStatus>{TaskStatus::Failed});
        QCOMPARE(window.tasksPage()->model()->filter().sort, TaskSortField::Title);
        QTRY_VERIFY(window.findChild<CommandPalette *>() == nullptr); // closed and deleted

        // An action by name, chosen with the arrow keys.
        palette = window.openCommandPalette();
        QTest::keyClicks(palette->filterEdit(), u"re"_s);
        const QStringList matches = palette->visibleCommands();
        QVERIFY(matches.size() >= 2);
        const qsizetype refresh = matches.indexOf(u"Tasks › Refresh"_s);
        QVERIFY(refresh >= 0);
        for (qsizetype i = 0; i < refresh; ++i)
            QTest::keyClick(palette->filterEdit(), Qt::Key_Down);
        QSignalSpy refreshed(window.tasksPage()->refreshAction(), &QAction::triggered);
        QTest::keyClick(palette->filterEdit(), Qt::Key_Return);
        QTRY_COMPARE(refreshed.count(), 1);

        // No match: Enter does nothing and the palette stays; Escape closes it.
        palette = window.openCommandPalette();
        QTest::keyClicks(palette->filterEdit(), u"no such command"_s);
        QCOMPARE(palette->visibleCommands(), QStringList());
        QTest::keyClick(palette->filterEdit(), Qt::Key_Return);
        QVERIFY(palette->isVisible());
        QTest::keyClick(palette->filterEdit(), Qt::Key_Escape);
        QTRY_VERIFY(window.findChild<CommandPalette *>() == nullptr);
    }

    void shortcutsAndOverview()
    {
        TaskService service(m_db->pool());
        MainWindow window(&service, m_user, QString(), m_db->config(), m_db->pool(), nullptr);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        TasksPage *page = window.tasksPage();
        QCOMPARE(page->newAction()->shortcut(), QKeySequence(QKeySequence::New));
        QCOMPARE(page->editAction()->shortcut(), QKeySequence(Qt::Key_F2));
        QCOMPARE(page->deleteAction()->shortcut(), QKeySequence(QKeySequence::Delete));
        QCOMPARE(page->refreshAction()->shortcut(), QKeySequence(QKeySequence::Refresh));
        QCOMPARE(page->statusAction(TaskStatus::Completed)->shortcut(),
                 QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
        QCOMPARE(page->statusAction(TaskStatus::Failed)->shortcut(),
                 QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));

        // Ctrl+F focuses the search box.
        page->view()->setFocus();
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QTRY_COMPARE(QApplication::focusWidget(),
                     static_cast<QWidget *>(page->filterBar()->searchEdit()));

        // Help › Keyboard Shortcuts lists the actions with their keys.
        window.shortcutsAction()->trigger();
        QWidget *dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<QWidget *>(u"shortcutsDialog"_s)) != nullptr);
        auto *table = dialog->findChild<QTableWidget *>(u"shortcutsTable"_s);
        QVERIFY(table);
        QStringList rows;
        for (int row = 0; row < table->rowCount(); ++row)
            rows.append(table->item(row, 0)->text() + u" = "_s + table->item(row, 1)->text());
        QVERIFY2(
            rows.contains(u"Help › Command Palette = "_s +
                          QKeySequence(Qt::CTRL | Qt::Key_K).toString(QKeySequence::NativeText)),
            qPrintable(rows.join(u'\n')));
        QVERIFY(rows.contains(u"Tasks › Find = "_s +
                              QKeySequence(QKeySequence::Find).toString(QKeySequence::NativeText)));
        QVERIFY(rows.contains(u"Tasks › Edit = F2"_s)); // listed while disabled too
        QVERIFY(rows.contains(
            u"Tasks › Change Status › Complete = "_s +
            QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C).toString(QKeySequence::NativeText)));
        QVERIFY(rows.contains(u"Tasks › New Task = "_s +
                              QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText)));
    }

    void plainText()
    {
        QCOMPARE(CommandPalette::plainText(u"&New Task…"_s), u"New Task"_s);
        QCOMPARE(CommandPalette::plainText(u"Save && Close..."_s), u"Save & Close"_s);
        QCOMPARE(CommandPalette::plainText(u"C&ancel Task"_s), u"Cancel Task"_s);
    }
};

QTEST_MAIN(CommandPaletteTest)
#include "tst_commandpalette.moc"
