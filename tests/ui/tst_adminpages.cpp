// The admin pages of the real MainWindow against a TestDatabase (SQLite and PostgreSQL): Audit and
// Users tabs only for admins; a task update through TaskService listed on the Audit page with its
// exact action and target; a user created through the Users page dialog; deleting the last admin
// answered with the 409 text. Screenshots of both pages (PNG in /tmp or TASKDECK_SCREENSHOT_DIR).
#include "AuditPage.h"
#include "AuditService.h"
#include "AuditTableModel.h"
#include "AuthService.h"
#include "ChangeFeed.h"
#include "DashboardPage.h"
#include "ErrorMessages.h"
#include "KpiTile.h"
#include "MainWindow.h"
#include "TaskService.h"
#include "TestDatabase.h"
#include "UserDialog.h"
#include "UsersPage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTranslator>

#include <ctime>

using namespace taskdeck;
using taskdeck::test::wait;

namespace {

QString screenshotDir()
{
    return qEnvironmentVariable("TASKDECK_SCREENSHOT_DIR", QStringLiteral("/tmp"));
}

AuthOptions fastAuth()
{
    AuthOptions options;
    options.pbkdf2Iterations = 1000; // tests only: hashing speed is not under test here
    return options;
}

QString idText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

QStringList tabTexts(const MainWindow &window)
{
    QStringList texts;
    for (int i = 0; i < window.tabs()->count(); ++i)
        texts.append(window.tabs()->tabText(i));
    return texts;
}

int rowOfUser(const UsersPage *page, const QString &username)
{
    for (int row = 0; row < page->table()->rowCount(); ++row) {
        const QTableWidgetItem *item = page->table()->item(row, UsersPage::UsernameColumn);
        if (item && item->text() == username)
            return row;
    }
    return -1;
}

QMessageBox *openBox(QWidget *parent, const QString &name)
{
    const auto boxes = parent->findChildren<QMessageBox *>(name);
    for (QMessageBox *box : boxes) {
        if (box->isVisible())
            return box;
    }
    return nullptr;
}

} // namespace

class AdminPagesTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        qputenv("TZ", "UTC");
        tzset();
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("TaskdeckTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_adminpages"));
        QSettings().clear();
    }

    void onlyAdminsSeeAuditAndUsers_data()
    {
        QTest::addColumn<int>("role");
        QTest::addColumn<bool>("admin");
        QTest::newRow("admin") << int(Role::Admin) << true;
        QTest::newRow("operator") << int(Role::Operator) << false;
        QTest::newRow("viewer") << int(Role::Viewer) << false;
    }

    void onlyAdminsSeeAuditAndUsers()
    {
        QFETCH(int, role);
        QFETCH(bool, admin);
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService tasks(db.pool());
        AuditService audit(db.pool());
        AuthService auth(db.pool(), fastAuth());
        const Principal user{QUuid::createUuid(), QStringLiteral("pat"), static_cast<Role>(role)};
        ChangeFeed feed(db.pool());
        MainWindow window(&tasks, user, QString(), db.config(), db.pool(), &feed, nullptr, &audit,
                          &auth);
        if (admin) {
            QVERIFY(window.auditPage());
            QVERIFY(window.usersPage());
            QCOMPARE(tabTexts(window),
                     (QStringList{QStringLiteral("&Tasks"), QStringLiteral("&Dashboard"),
                                  QStringLiteral("Aud&it"), QStringLiteral("&Users")}));
        } else {
            QCOMPARE(window.auditPage(), nullptr);
            QCOMPARE(window.usersPage(), nullptr);
            QCOMPARE(window.findChild<AuditLogPage *>(), nullptr);
            QCOMPARE(window.findChild<UsersPage *>(), nullptr);
            QCOMPARE(tabTexts(window),
                     (QStringList{QStringLiteral("&Tasks"), QStringLiteral("&Dashboard")}));
        }
    }

    void auditPageShowsTaskUpdate()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService tasks(db.pool());
        AuditService audit(db.pool());
        const Principal admin{QUuid::createUuid(), QStringLiteral("root"), Role::Admin};
        const Principal ana = test::operatorUser();

        ChangeFeed feed(db.pool());
        QTRY_COMPARE(feed.listenerState(), ChangeFeed::ListenerState::Connected);
        MainWindow window(&tasks, admin, QString(), db.config(), db.pool(), &feed, nullptr, &audit);
        QCOMPARE(window.usersPage(), nullptr); // no AuthService given
        AuditLogPage *page = window.auditPage();
        QVERIFY(page);
        window.resize(1400, 820);
        window.tabs()->setCurrentWidget(page);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_COMPARE(page->totalLabel()->text(), QStringLiteral("No entries"));
        QCOMPARE(page->model()->rowCount(), 0);
        QVERIFY(!page->previousButton()->isEnabled());
        QVERIFY(!page->nextButton()->isEnabled());

        NewTask draft;
        draft.title = QStringLiteral("Quarterly report");
        draft.category = QStringLiteral("finance");
        const auto created = wait(tasks.create(draft, ana));
        QVERIFY(created.ok());
        TaskPatch patch;
        patch.title = QStringLiteral("Quarterly report v2");
        const auto updated = wait(tasks.update(created.value().id, patch, std::nullopt, ana));
        QVERIFY(updated.ok());
        const QString target = idText(created.value().id);

        // tasksChanged refreshes the page; the Refresh button does too.
        QTRY_COMPARE(page->model()->rowCount(), 2);
        QTest::mouseClick(page->refreshButton(), Qt::LeftButton);
        QTRY_COMPARE(page->totalLabel()->text(), QStringLiteral("2 entries (showing 1–2)"));
        AuditTableModel *model = page->model();
        auto cell = [model](int row, int column) {
            return model->data(model->index(row, column)).toString();
        };
        QCOMPARE(cell(0, AuditTableModel::ActionColumn), QStringLiteral("task.update"));
        QCOMPARE(cell(0, AuditTableModel::TargetColumn), target);
        QCOMPARE(cell(0, AuditTableModel::UserColumn), QStringLiteral("ana"));
        QCOMPARE(cell(1, AuditTableModel::ActionColumn), QStringLiteral("task.create"));
        QCOMPARE(cell(1, AuditTableModel::TargetColumn), target);
        QCOMPARE(model->entry(1)->before, QJsonValue(QJsonValue::Null));

        // Detail pane: before and after pretty-printed.
        page->view()->selectRow(0);
        const QString detail = page->detail()->toPlainText();
        QVERIFY2(detail.startsWith(QStringLiteral("task.update by ana, target ") + target),
                 qPrintable(detail));
        const qsizetype before = detail.indexOf(QStringLiteral("Before:\n{\n"));
        const qsizetype after = detail.indexOf(QStringLiteral("After:\n{\n"));
        QVERIFY2(before > 0 && after > before, qPrintable(detail));
        QVERIFY(detail.indexOf(QStringLiteral("    \"title\": \"Quarterly report\",\n")) > before);
        QVERIFY(detail.indexOf(QStringLiteral("    \"title\": \"Quarterly report v2\",\n")) >
                after);

        // Filters: action and target, then a user that made no change.
        page->actionCombo()->setCurrentIndex(
            page->actionCombo()->findData(QStringLiteral("task.create")));
        QTRY_COMPARE(page->totalLabel()->text(), QStringLiteral("1 entry (showing 1–1)"));
        QCOMPARE(cell(0, AuditTableModel::ActionColumn), QStringLiteral("task.create"));
        page->actionCombo()->setCurrentIndex(0);
        page->targetEdit()->setText(target);
        QTRY_COMPARE(page->totalLabel()->text(), QStringLiteral("2 entries (showing 1–2)"));
        page->userEdit()->setText(QStringLiteral("nobody"));
        QTRY_COMPARE(page->totalLabel()->text(), QStringLiteral("No entries"));
        page->userEdit()->setText(QStringLiteral("ana"));
        QTRY_COMPARE(page->totalLabel()->text(), QStringLiteral("2 entries (showing 1–2)"));

        page->view()->selectRow(0);
        QVERIFY(page->grab().save(
            screenshotDir() + QStringLiteral("/taskdeck-audit-") +
            (db.isPostgres() ? QStringLiteral("postgres") : QStringLiteral("sqlite")) +
            QStringLiteral(".png")));
    }

    void pagesFollowTheFeedOnTheirOwn()
    {
        // Each page subscribes to the change feed itself (MainWindow only passes it on): an
        // Audit page and a dashboard shown without a window follow a change made elsewhere.
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService tasks(db.pool());
        AuditService audit(db.pool());
        const Principal admin{QUuid::createUuid(), QStringLiteral("root"), Role::Admin};
        ChangeFeed feed(db.pool());
        QTRY_COMPARE(feed.listenerState(), ChangeFeed::ListenerState::Connected);
        AuditLogPage auditPage(&audit, &feed, admin);
        DashboardPage dashboard(&tasks, &feed);
        auditPage.show();
        dashboard.show();
        QTRY_COMPARE(auditPage.totalLabel()->text(), QStringLiteral("No entries"));

        NewTask draft;
        draft.title = QStringLiteral("Followed");
        QVERIFY(wait(tasks.create(draft, test::operatorUser())).ok());
        QTRY_COMPARE_WITH_TIMEOUT(auditPage.totalLabel()->text(),
                                  QStringLiteral("1 entry (showing 1–1)"), 5000);
        QCOMPARE(auditPage.model()->rowCount(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(dashboard.metrics().total(), qint64(1), 5000);
    }

    void auditPagePages()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService tasks(db.pool());
        AuditService audit(db.pool());
        const Principal admin{QUuid::createUuid(), QStringLiteral("root"), Role::Admin};
        for (int i = 0; i < AuditLogPage::kPageSize + 3; ++i) {
            NewTask draft;
            draft.title = QStringLiteral("Task %1").arg(i);
            QVERIFY(wait(tasks.create(draft, admin)).ok());
        }
        AuditLogPage page(&audit, nullptr, admin);
        QTRY_COMPARE(page.totalLabel()->text(), QStringLiteral("53 entries (showing 1–50)"));
        QVERIFY(!page.previousButton()->isEnabled());
        QVERIFY(page.nextButton()->isEnabled());
        QTest::mouseClick(page.nextButton(), Qt::LeftButton);
        QTRY_COMPARE(page.totalLabel()->text(), QStringLiteral("53 entries (showing 51–53)"));
        QCOMPARE(page.model()->rowCount(), 3);
        QVERIFY(page.previousButton()->isEnabled());
        QVERIFY(!page.nextButton()->isEnabled());
        QTest::mouseClick(page.previousButton(), Qt::LeftButton);
        QTRY_COMPARE(page.totalLabel()->text(), QStringLiteral("53 entries (showing 1–50)"));
    }

    void usersPageCreatesAndRefusesLastAdminDelete()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        TaskService tasks(db.pool());
        AuditService audit(db.pool());
        AuthService auth(db.pool(), fastAuth());
        const auto root =
            wait(auth.createUser(QStringLiteral("root"), QStringLiteral("correct horse battery"),
                                 Role::Admin, QStringLiteral("root@example.com")));
        QVERIFY(root.ok());
        const Principal admin{root.value().id, QStringLiteral("root"), Role::Admin};

        ChangeFeed feed(db.pool());
        MainWindow window(&tasks, admin, QString(), db.config(), db.pool(), &feed, nullptr, &audit,
                          &auth);
        UsersPage *page = window.usersPage();
        QVERIFY(page);
        window.resize(1400, 820);
        window.tabs()->setCurrentWidget(page);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_COMPARE(page->table()->rowCount(), 1);
        QCOMPARE(page->table()->item(0, UsersPage::EmailColumn)->text(),
                 QStringLiteral("root@example.com"));
        QCOMPARE(page->table()->item(0, UsersPage::RoleColumn)->text(),
                 QStringLiteral("Administrator"));
        QCOMPARE(page->table()->item(0, UsersPage::DisabledColumn)->text(), QStringLiteral("No"));

        // Create through the dialog: mismatched and short passwords stay in the dialog.
        page->newAction()->trigger();
        UserDialog *dialog = page->dialog();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QTest::keyClicks(dialog->usernameEdit(), QStringLiteral("carol"));
        QTest::keyClicks(dialog->emailEdit(), QStringLiteral("carol@example.com"));
        dialog->roleCombo()->setCurrentIndex(dialog->roleCombo()->findData(int(Role::Operator)));
        QTest::keyClicks(dialog->passwordEdit(), QStringLiteral("short"));
        QTest::keyClicks(dialog->repeatEdit(), QStringLiteral("shorter"));
        dialog->buttons()->button(QDialogButtonBox::Ok)->click();
        auto *passwordError = dialog->findChild<QLabel *>(QStringLiteral("passwordError"));
        auto *repeatError = dialog->findChild<QLabel *>(QStringLiteral("repeatError"));
        QCOMPARE(passwordError->text(),
                 QStringLiteral("The password needs at least 12 characters."));
        QCOMPARE(repeatError->text(), QStringLiteral("The passwords do not match."));
        QVERIFY(dialog->isVisible());
        // 12 code points, 13 UTF-16 units: long enough.
        dialog->passwordEdit()->setText(QStringLiteral("pässwörd1234"));
        dialog->repeatEdit()->setText(QStringLiteral("pässwörd1234"));
        QVERIFY(dialog->grab().save(screenshotDir() + QStringLiteral("/taskdeck-user-dialog.png")));
        dialog->buttons()->button(QDialogButtonBox::Ok)->click();
        QTRY_COMPARE(page->dialog(), nullptr);
        QTRY_COMPARE(page->table()->rowCount(), 2);
        const int carol = rowOfUser(page, QStringLiteral("carol"));
        QVERIFY(carol >= 0);
        QCOMPARE(page->table()->item(carol, UsersPage::EmailColumn)->text(),
                 QStringLiteral("carol@example.com"));
        QCOMPARE(page->table()->item(carol, UsersPage::RoleColumn)->text(),
                 QStringLiteral("Operator"));
        const auto users = wait(auth.listUsers());
        QVERIFY(users.ok());
        QCOMPARE(users.value().size(), 2);
        QCOMPARE(users.value().at(1).username, QStringLiteral("carol"));
        QCOMPARE(users.value().at(1).role, Role::Operator);

        // The same username again: 409 shown in the dialog.
        page->newAction()->trigger();
        dialog = page->dialog();
        QVERIFY(dialog);
        dialog->usernameEdit()->setText(QStringLiteral("carol"));
        dialog->passwordEdit()->setText(QStringLiteral("another password"));
        dialog->repeatEdit()->setText(QStringLiteral("another password"));
        dialog->buttons()->button(QDialogButtonBox::Ok)->click();
        QTRY_COMPARE(dialog->errorLabel()->text(),
                     QStringLiteral("This username is already taken. Choose another one."));
        QVERIFY(dialog->isVisible());
        dialog->reject();
        QTRY_COMPARE(page->dialog(), nullptr);

        // The page's create is audited as the signed-in admin (the audit page follows).
        AuditLogPage *auditPage = window.auditPage();
        QTRY_COMPARE(auditPage->model()->rowCount(), 1);
        QCOMPARE(auditPage->model()->entry(0)->action, QStringLiteral("user.create"));
        QCOMPARE(auditPage->model()->entry(0)->username, QStringLiteral("root"));
        QCOMPARE(auditPage->model()->entry(0)->target, idText(users.value().at(1).id));

        // Deleting the last enabled admin: confirmation, then the 409 text.
        page->table()->selectRow(rowOfUser(page, QStringLiteral("root")));
        QVERIFY(page->deleteAction()->isEnabled());
        page->deleteAction()->trigger();
        QMessageBox *confirm = openBox(page, QStringLiteral("confirmDeleteUserBox"));
        QVERIFY(confirm);
        QCOMPARE(confirm->text(), QStringLiteral("Delete the user root? Their sessions end at "
                                                 "once. This cannot be undone."));
        confirm->button(QMessageBox::Yes)->click();
        QMessageBox *error = nullptr;
        QTRY_VERIFY((error = openBox(page, QStringLiteral("usersErrorBox"))) != nullptr);
        QCOMPARE(error->text(),
                 QStringLiteral("The last enabled administrator cannot be deleted. Make another "
                                "user an administrator first."));
        error->button(QMessageBox::Ok)->click();
        QCOMPARE(wait(auth.listUsers()).value().size(), 2);

        // Edit: demoting the last admin is refused in the dialog; carol's changes are saved.
        page->editAction()->trigger();
        dialog = page->dialog();
        QVERIFY(dialog);
        QVERIFY(dialog->isEditing());
        dialog->roleCombo()->setCurrentIndex(dialog->roleCombo()->findData(int(Role::Viewer)));
        dialog->buttons()->button(QDialogButtonBox::Ok)->click();
        QTRY_COMPARE(dialog->errorLabel()->text(),
                     QStringLiteral("The last enabled administrator cannot be demoted or "
                                    "disabled. Make another user an administrator first."));
        dialog->reject();
        QTRY_COMPARE(page->dialog(), nullptr);
        page->table()->selectRow(rowOfUser(page, QStringLiteral("carol")));
        page->editAction()->trigger();
        dialog = page->dialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->usernameEdit()->text(), QStringLiteral("carol"));
        QVERIFY(dialog->usernameEdit()->isReadOnly());
        dialog->emailEdit()->setText(QStringLiteral("carol@example.org"));
        dialog->disabledCheck()->setChecked(true);
        dialog->buttons()->button(QDialogButtonBox::Ok)->click();
        QTRY_COMPARE(page->dialog(), nullptr);
        QTRY_COMPARE(page->table()
                         ->item(rowOfUser(page, QStringLiteral("carol")), UsersPage::EmailColumn)
                         ->text(),
                     QStringLiteral("carol@example.org"));
        QCOMPARE(page->table()
                     ->item(rowOfUser(page, QStringLiteral("carol")), UsersPage::DisabledColumn)
                     ->text(),
                 QStringLiteral("Yes"));

        page->table()->selectRow(rowOfUser(page, QStringLiteral("carol")));
        QVERIFY(page->grab().save(
            screenshotDir() + QStringLiteral("/taskdeck-users-") +
            (db.isPostgres() ? QStringLiteral("postgres") : QStringLiteral("sqlite")) +
            QStringLiteral(".png")));
    }

    void germanTranslations()
    {
        QTranslator german;
        QVERIFY(german.load(QLocale(QLocale::German, QLocale::Germany), QStringLiteral("taskdeck"),
                            QStringLiteral("_"), QStringLiteral(":/i18n")));
        QCoreApplication::installTranslator(&german);
        QCOMPARE(
            ErrorMessages::text(
                ServiceError::conflict(QStringLiteral("Cannot delete the last enabled admin"))),
            QStringLiteral("Der letzte aktive Administrator kann nicht gelöscht werden. Machen "
                           "Sie zuerst einen anderen Benutzer zum Administrator."));
        QCOMPARE(UsersPage::roleText(Role::Operator), QStringLiteral("Bearbeiter"));
        AuditTableModel model;
        QCOMPARE(model.headerData(AuditTableModel::ActionColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Aktion"));
        QCoreApplication::removeTranslator(&german);
    }
};

QTEST_MAIN(AdminPagesTest)
#include "tst_adminpages.moc"
