// The API keys page of the real MainWindow against a TestDatabase (SQLite and PostgreSQL): a tab
// for every role; a key created through the dialog, its secret shown once with a copy button and
// the warning, never in the table; revocation after confirmation; an admin sees every user's
// keys with a User column, others only their own. Screenshot to PNG (TASKDECK_SCREENSHOT_DIR or
// /tmp).
#include "ApiKeyDialog.h"
#include "ApiKeyService.h"
#include "ApiKeysPage.h"
#include "AuthService.h"
#include "ChangeFeed.h"
#include "MainWindow.h"
#include "TaskService.h"
#include "TestDatabase.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>
#include <QTimeZone>

#include <ctime>

using namespace taskdeck;
using taskdeck::test::wait;

namespace {

QString screenshotDir()
{
    return qEnvironmentVariable("TASKDECK_SCREENSHOT_DIR", QStringLiteral("/tmp"));
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

QStringList column(const QTableWidget *table, int column)
{
    QStringList texts;
    for (int row = 0; row < table->rowCount(); ++row)
        texts.append(table->item(row, column) ? table->item(row, column)->text() : QString());
    return texts;
}

} // namespace

class ApiKeysPageTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::TestDatabase> m_db;
    std::unique_ptr<AuthService> m_auth;

    Principal user(const QString &name, Role role)
    {
        const Result<User> created = wait(
            m_auth->createUser(name, QStringLiteral("a long enough password"), role, std::nullopt));
        if (!created.ok())
            return {};
        return Principal{created.value().id, name, role};
    }

private slots:
    void initTestCase()
    {
        qputenv("TZ", "UTC");
        tzset();
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("TaskdeckTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_apikeyspage"));
        QSettings().clear();
    }

    void init()
    {
        m_db = std::make_unique<test::TestDatabase>();
        TASKDECK_REQUIRE_DB(*m_db);
        AuthOptions options;
        options.pbkdf2Iterations = 1000;
        m_auth = std::make_unique<AuthService>(m_db->pool(), options);
    }
    void cleanup()
    {
        m_auth.reset();
        m_db.reset();
    }

    void createShowOnceAndRevoke()
    {
        const Principal olga = user(QStringLiteral("olga"), Role::Operator);
        TaskService tasks(m_db->pool());
        ApiKeyService keys(m_db->pool());
        ChangeFeed feed(m_db->pool());
        MainWindow window(&tasks, olga, QString(), m_db->config(), m_db->pool(), &feed, nullptr,
                          nullptr, nullptr, &keys);
        ApiKeysPage *page = window.apiKeysPage();
        QVERIFY(page);
        QCOMPARE(window.tabs()->tabText(window.tabs()->indexOf(page)), QStringLiteral("API &Keys"));
        QVERIFY(page->table()->isColumnHidden(ApiKeysPage::UserColumn)); // not an admin
        window.resize(1280, 720);
        window.tabs()->setCurrentWidget(page);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_COMPARE(page->countLabel()->text(), QStringLiteral("0 keys"));
        QVERIFY(!page->revokeAction()->isEnabled());

        page->newAction()->trigger();
        ApiKeyDialog *dialog = page->dialog();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        // Roles up to the user's own.
        QCOMPARE(dialog->roleCombo()->count(), 2);
        QCOMPARE(dialog->roleCombo()->currentText(), QStringLiteral("Operator"));
        // No name: refused here, nothing sent.
        dialog->buttons()->button(QDialogButtonBox::Ok)->click();
        QCOMPARE(dialog->errorLabel()->text(), QStringLiteral("Give the key a name."));
        dialog->nameEdit()->setText(QStringLiteral("nightly import"));
        dialog->readOnlyCheck()->setChecked(true);
        dialog->expiresCheck()->setChecked(true);
        dialog->expiresEdit()->setDateTime(
            QDateTime(QDate(2099, 1, 2), QTime(3, 4), QTimeZone::utc()));
        dialog->buttons()->button(QDialogButtonBox::Ok)->click();
        QTRY_VERIFY(dialog->secretEdit()->isVisible());
        const QString secret = dialog->secretEdit()->text();
        QCOMPARE(secret.size(), 47);
        QVERIFY(secret.startsWith(QLatin1String("tdk_")));
        QVERIFY(dialog->secretEdit()->isReadOnly());
        const QLabel *warning = dialog->findChild<QLabel *>(QStringLiteral("keySecretWarning"));
        QVERIFY(warning && warning->text().contains(QLatin1String("You will not see it again")));
        QVERIFY(!dialog->nameEdit()->isVisible());
        dialog->copyButton()->click();
        QCOMPARE(QApplication::clipboard()->text(), secret);
        QTRY_COMPARE(page->countLabel()->text(), QStringLiteral("1 key"));
        dialog->grab().save(screenshotDir() + QStringLiteral("/taskdeck-api-key-created.png"));

        // The table: name, prefix, role, read-only, expiry; never the secret.
        QTableWidget *table = page->table();
        QCOMPARE(column(table, ApiKeysPage::NameColumn),
                 QStringList{QStringLiteral("nightly import")});
        QCOMPARE(column(table, ApiKeysPage::PrefixColumn),
                 QStringList{secret.left(12) + QStringLiteral("…")});
        QCOMPARE(column(table, ApiKeysPage::RoleColumn), QStringList{QStringLiteral("Operator")});
        QCOMPARE(column(table, ApiKeysPage::ReadOnlyColumn), QStringList{QStringLiteral("Yes")});
        QCOMPARE(column(table, ApiKeysPage::LastUsedColumn), QStringList{QStringLiteral("never")});
        QCOMPARE(column(table, ApiKeysPage::ExpiresColumn),
                 QStringList{QStringLiteral("2099-01-02 03:04")});
        for (int c = 0; c < ApiKeysPage::ColumnCount; ++c)
            QVERIFY(!column(table, c).join(QString()).contains(secret.mid(12)));
        dialog->buttons()->button(QDialogButtonBox::Close)->click();
        QTRY_COMPARE(page->dialog(), nullptr);

        // The key works, with the dialog's choices.
        const Result<Principal> principal = wait(keys.authenticate(secret.toLatin1()));
        QVERIFY(principal.ok());
        QCOMPARE(principal.value().readOnly, true);
        QCOMPARE(principal.value().role, Role::Operator);
        window.grab().save(screenshotDir() + QStringLiteral("/taskdeck-api-keys.png"));

        // Revoke: Cancel keeps it, Yes revokes it.
        table->selectRow(0);
        QVERIFY(page->revokeAction()->isEnabled());
        page->revokeAction()->trigger();
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = openBox(page, QStringLiteral("confirmRevokeKeyBox"))));
        box->button(QMessageBox::Cancel)->click();
        QTest::qWait(50);
        QCOMPARE(m_db->count(QStringLiteral("SELECT COUNT(*) FROM api_keys")), qint64(1));
        page->revokeAction()->trigger();
        QTRY_VERIFY((box = openBox(page, QStringLiteral("confirmRevokeKeyBox"))));
        QVERIFY(box->text().contains(QLatin1String("nightly import")));
        box->button(QMessageBox::Yes)->click();
        QTRY_COMPARE(page->countLabel()->text(), QStringLiteral("0 keys"));
        QCOMPARE(m_db->count(QStringLiteral("SELECT COUNT(*) FROM api_keys")), qint64(0));
        QVERIFY(!wait(keys.authenticate(secret.toLatin1())).ok());
    }

    void adminSeesEveryonesKeys()
    {
        const Principal root = user(QStringLiteral("root"), Role::Admin);
        const Principal vic = user(QStringLiteral("vic"), Role::Viewer);
        ApiKeyService keys(m_db->pool());
        NewApiKey request;
        request.name = QStringLiteral("vic's");
        QVERIFY(wait(keys.create(request, vic)).ok());
        request.name = QStringLiteral("root's");
        QVERIFY(wait(keys.create(request, root)).ok());

        ApiKeysPage adminPage(&keys, root);
        QTRY_COMPARE(adminPage.countLabel()->text(), QStringLiteral("2 keys"));
        QVERIFY(!adminPage.table()->isColumnHidden(ApiKeysPage::UserColumn));
        // Rows come by created_at, then id (a random UUID): two keys made in the same millisecond
        // may come in either order, so compare the (owner, role) pairs, not their order.
        const QStringList users = column(adminPage.table(), ApiKeysPage::UserColumn);
        const QStringList roles = column(adminPage.table(), ApiKeysPage::RoleColumn);
        QCOMPARE(users.size(), 2);
        QStringList pairs;
        for (qsizetype i = 0; i < users.size(); ++i)
            pairs << users.at(i) + QLatin1Char('/') + roles.value(i);
        pairs.sort();
        QCOMPARE(pairs,
                 (QStringList{QStringLiteral("root/Administrator"), QStringLiteral("vic/Viewer")}));

        ApiKeysPage viewerPage(&keys, vic);
        QTRY_COMPARE(viewerPage.countLabel()->text(), QStringLiteral("1 key"));
        QCOMPARE(column(viewerPage.table(), ApiKeysPage::NameColumn),
                 QStringList{QStringLiteral("vic's")});
    }
};

QTEST_MAIN(ApiKeysPageTest)
#include "tst_apikeyspage.moc"
