// Signing in to the GUI against a TestDatabase (SQLite and PostgreSQL): SignInDialog with a wrong
// password shows the 401 text, a login ban the 429 text with the wait, the right password yields
// the principal with the user's role and a refresh token; the remembered-session file is 0600
// exactly; a silent sign-in with the remembered refresh token works and rotates the stored token,
// and a refused token deletes the file. Without a Secret Service (DBUS_SESSION_BUS_ADDRESS
// unset here) the keychain is unavailable: the token falls back to that file and the sign-in
// dialog says so (tst_keychain covers a real keychain). Grabs a PNG of the dialog
// (TASKDECK_SCREENSHOT_DIR or /tmp).
#include "AuthService.h"
#include "RememberedSession.h"
#include "SignInDialog.h"
#include "TestDatabase.h"

#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <sys/stat.h>

using namespace taskdeck;
using taskdeck::test::wait;

namespace {

AuthOptions fastAuth()
{
    AuthOptions options;
    options.pbkdf2Iterations = 1000; // tests only: hashing speed is not under test here
    return options;
}

const QString kPassword = QStringLiteral("correct-horse-battery");

User createUser(AuthService &auth, const QString &name, Role role)
{
    const Result<User> user = wait(auth.createUser(name, kPassword, role, std::nullopt));
    if (!user.ok())
        qFatal("createUser failed: %s", qPrintable(user.error().message));
    return user.value();
}

void typeCredentials(SignInDialog &dialog, const QString &user, const QString &password)
{
    dialog.usernameField()->setText(user);
    dialog.passwordField()->setText(password);
}

int modeBits(const QString &path)
{
    struct stat info
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return int(info.st_mode & 07777);
}

} // namespace

class SignInTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // No session bus: no Secret Service, no KWallet (as under Xvfb and in CI).
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("TaskdeckTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_signin"));
    }

    void init() { RememberedSession::forgetFile(); }
    void cleanupTestCase() { RememberedSession::forgetFile(); }

    void wrongPasswordShowsThe401Text()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        AuthService auth(db.pool(), fastAuth());
        QVERIFY(wait(auth.initialize()).ok());
        createUser(auth, QStringLiteral("pat"), Role::Operator);

        SignInDialog dialog(&auth);
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(!dialog.signInButton()->isEnabled()); // nothing typed yet
        typeCredentials(dialog, QStringLiteral("pat"), QStringLiteral("wrong-password-123"));
        QVERIFY(dialog.signInButton()->isEnabled());
        QTest::mouseClick(dialog.signInButton(), Qt::LeftButton);
        QVERIFY(!dialog.signInButton()->isEnabled()); // pending: no second click
        QTRY_VERIFY(dialog.errorLabel()->isVisible());
        QCOMPARE(dialog.errorLabel()->text(), QStringLiteral("Invalid username or password."));
        QCOMPARE(dialog.passwordField()->text(), QString());
        QCOMPARE(accepted.count(), 0);
        QVERIFY(dialog.isVisible());
        dialog.grab().save(qEnvironmentVariable("TASKDECK_SCREENSHOT_DIR", QStringLiteral("/tmp")) +
                           QStringLiteral("/taskdeck-signin-error.png"));
    }

    void loginBanShowsTheWait()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        AuthOptions options = fastAuth();
        options.loginMaxFailures = 2;
        options.loginBanSeconds = 600;
        AuthService auth(db.pool(), options);
        QVERIFY(wait(auth.initialize()).ok());
        createUser(auth, QStringLiteral("pat"), Role::Operator);

        SignInDialog dialog(&auth);
        dialog.show();
        for (int attempt = 0; attempt < 2; ++attempt) {
            typeCredentials(dialog, QStringLiteral("pat"), QStringLiteral("wrong-password-123"));
            dialog.signIn();
            QTRY_COMPARE(dialog.passwordField()->text(), QString());
            QCOMPARE(dialog.errorLabel()->text(), QStringLiteral("Invalid username or password."));
        }
        typeCredentials(dialog, QStringLiteral("pat"), kPassword); // right, but banned
        dialog.signIn();
        QTRY_COMPARE(dialog.passwordField()->text(), QString());
        QCOMPARE(dialog.errorLabel()->text(),
                 QStringLiteral("Too many failed sign-ins. Try again in 10 minutes."));
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
    }

    void rightPasswordYieldsThePrincipal_data()
    {
        QTest::addColumn<int>("role");
        QTest::newRow("viewer") << int(Role::Viewer);
        QTest::newRow("operator") << int(Role::Operator);
        QTest::newRow("admin") << int(Role::Admin);
    }

    void rightPasswordYieldsThePrincipal()
    {
        QFETCH(int, role);
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        AuthService auth(db.pool(), fastAuth());
        QVERIFY(wait(auth.initialize()).ok());
        const User user = createUser(auth, QStringLiteral("robin"), static_cast<Role>(role));

        SignInDialog dialog(&auth);
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(!dialog.rememberMe());
        dialog.rememberBox()->setChecked(true);
        typeCredentials(dialog, QStringLiteral("robin"), kPassword);
        QTest::keyClick(dialog.passwordField(), Qt::Key_Return); // default button
        QTRY_COMPARE(accepted.count(), 1);
        QVERIFY(!dialog.isVisible());
        QVERIFY(dialog.rememberMe());
        const SignedInSession &session = dialog.session();
        QCOMPARE(session.principal.userId, user.id);
        QCOMPARE(session.principal.username, QStringLiteral("robin"));
        QCOMPARE(int(session.principal.role), role);
        QVERIFY(!session.refreshToken.isEmpty());
        const Result<Principal> verified = auth.verifyAccessToken(session.accessToken.toUtf8());
        QVERIFY(verified.ok());
        QCOMPARE(verified.value().username, QStringLiteral("robin"));
        QCOMPARE(int(verified.value().role), role);
        // The refresh token is the live one of this session.
        QVERIFY(wait(auth.refresh(session.refreshToken, QStringLiteral("local"))).ok());
    }

    void rememberedFileIsOwnerOnly()
    {
        const QString path = RememberedSession::path();
        QCOMPARE(path, QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
                           QStringLiteral("/session"));
        QVERIFY(RememberedSession::storeFile(QStringLiteral("token-1")));
        QCOMPARE(modeBits(path), 0600);
        QCOMPARE(RememberedSession::loadFile(), std::optional<QString>(QStringLiteral("token-1")));

        // An existing file with wider permissions is narrowed before it is rewritten.
        QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner |
                                                QFile::ReadGroup | QFile::ReadOther));
        QCOMPARE(modeBits(path), 0644);
        QVERIFY(RememberedSession::storeFile(QStringLiteral("token-2")));
        QCOMPARE(modeBits(path), 0600);
        QCOMPARE(RememberedSession::loadFile(), std::optional<QString>(QStringLiteral("token-2")));

        RememberedSession::forgetFile();
        QVERIFY(!QFile::exists(path));
        QCOMPARE(RememberedSession::loadFile(), std::nullopt);
    }

    void keychainUnavailableFallsBackToTheFile()
    {
        QObject context;
        std::optional<RememberStorage> where;
        RememberedSession::store(QStringLiteral("token-k"), &context,
                                 [&](RememberStorage storage) { where = storage; });
        QVERIFY(!where.has_value()); // asynchronous: nothing waits for the keychain
        QTRY_VERIFY(where.has_value());
        QCOMPARE(*where, RememberStorage::File);
        QCOMPARE(RememberedSession::keychainState(), RememberedSession::KeychainState::Unavailable);
        QVERIFY(!RememberedSession::keychainProblem().isEmpty());
        qInfo("keychain: %s", qPrintable(RememberedSession::keychainProblem()));
        QCOMPARE(RememberedSession::loadFile(), std::optional<QString>(QStringLiteral("token-k")));
        QCOMPARE(modeBits(RememberedSession::path()), 0600);

        std::optional<std::optional<QString>> loaded;
        RememberedSession::load(&context, [&](std::optional<QString> token) { loaded = token; });
        QTRY_VERIFY(loaded.has_value());
        QCOMPARE(*loaded, std::optional<QString>(QStringLiteral("token-k")));

        // The sign-in dialog says where a remembered sign-in goes, without a message box.
        SignInDialog dialog(nullptr);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.keychainNote()->isVisible());
        QCOMPARE(dialog.keychainNote()->text(),
                 QStringLiteral("No system keychain is available, so a remembered sign-in is kept "
                                "in a file that only you can read (%1).")
                     .arg(RememberedSession::path()));
        dialog.grab().save(qEnvironmentVariable("TASKDECK_SCREENSHOT_DIR", QStringLiteral("/tmp")) +
                           QStringLiteral("/taskdeck-signin-no-keychain.png"));

        RememberedSession::forget();
        QVERIFY(!QFile::exists(RememberedSession::path()));
    }

    void refreshTokenSignInRotatesTheStoredToken()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        AuthService auth(db.pool(), fastAuth());
        QVERIFY(wait(auth.initialize()).ok());
        const User user = createUser(auth, QStringLiteral("sam"), Role::Viewer);
        const Result<LoginResult> login =
            wait(auth.login(QStringLiteral("sam"), kPassword, QStringLiteral("local")));
        QVERIFY(login.ok());
        const QString first = login.value().refreshToken;
        QVERIFY(RememberedSession::storeFile(first));

        QObject context;
        std::optional<std::optional<SignedInSession>> answer;
        RememberedSession::resume(&auth, &context, [&](std::optional<SignedInSession> session) {
            answer = std::move(session);
        });
        QTRY_VERIFY(answer.has_value());
        QVERIFY(answer->has_value());
        const SignedInSession session = **answer;
        QCOMPARE(session.principal.userId, user.id);
        QCOMPARE(session.principal.username, QStringLiteral("sam"));
        QCOMPARE(session.principal.role, Role::Viewer);
        const std::optional<QString> stored = RememberedSession::loadFile();
        QVERIFY(stored.has_value());
        QVERIFY(*stored != first);
        QCOMPARE(*stored, session.refreshToken);
        QCOMPARE(modeBits(RememberedSession::path()), 0600);

        // The rotated token works again (and rotates again).
        answer.reset();
        RememberedSession::resume(&auth, &context, [&](std::optional<SignedInSession> next) {
            answer = std::move(next);
        });
        QTRY_VERIFY(answer.has_value());
        QVERIFY(answer->has_value());
        QCOMPARE((*answer)->principal.username, QStringLiteral("sam"));
        QVERIFY(*RememberedSession::loadFile() != session.refreshToken);

        // After logout (sign-out) the stored token is refused: the file is deleted.
        QVERIFY(wait(auth.logout((*answer)->accessToken.toUtf8())).ok());
        answer.reset();
        RememberedSession::resume(&auth, &context, [&](std::optional<SignedInSession> next) {
            answer = std::move(next);
        });
        QTRY_VERIFY(answer.has_value());
        QVERIFY(!answer->has_value());
        QVERIFY(!QFile::exists(RememberedSession::path()));
    }
};

QTEST_MAIN(SignInTest)
#include "tst_signin.moc"
