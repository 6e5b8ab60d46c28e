// The remembered sign-in with a real system keychain (issue 11 item 9), run by
// with-secret-service.sh inside a private D-Bus session with gnome-keyring's Secret Service:
// the refresh token lands in the keychain and not in the file (checked independently with
// secret-tool when it is installed), a token left in the file from before is moved into the
// keychain by the next silent sign-in and the file deleted, and sign-out forgets the entry.
#include "AuthService.h"
#include "RememberedSession.h"
#include "SignInDialog.h"
#include "TestDatabase.h"

#include <QFile>
#include <QLabel>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace taskdeck;
using taskdeck::test::wait;

namespace {

std::optional<QString> loadNow()
{
    QObject context;
    std::optional<std::optional<QString>> loaded;
    RememberedSession::load(&context, [&](std::optional<QString> token) { loaded = token; });
    if (!QTest::qWaitFor([&] { return loaded.has_value(); }, 20000))
        qFatal("the keychain did not answer");
    return *loaded;
}

RememberStorage storeNow(const QString &token)
{
    QObject context;
    std::optional<RememberStorage> where;
    RememberedSession::store(token, &context, [&](RememberStorage storage) { where = storage; });
    if (!QTest::qWaitFor([&] { return where.has_value(); }, 20000))
        qFatal("the keychain did not answer");
    return *where;
}

/// The secret as another client of the Secret Service sees it (QtKeychain's libsecret
/// attributes: server = service name, user = key); nullopt without secret-tool.
std::optional<QString> secretToolLookup()
{
    if (QStandardPaths::findExecutable(QStringLiteral("secret-tool")).isEmpty())
        return std::nullopt;
    QProcess tool;
    tool.start(QStringLiteral("secret-tool"),
               {QStringLiteral("lookup"), QStringLiteral("server"),
                RememberedSession::keychainService(), QStringLiteral("user"),
                QStringLiteral("refresh-token")});
    if (!tool.waitForFinished(10000))
        return QStringLiteral("(secret-tool did not finish)");
    return QString::fromUtf8(tool.readAllStandardOutput()).trimmed();
}

} // namespace

class KeychainTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
                 "run through tests/ui/with-secret-service.sh");
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("TaskdeckTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_keychain"));
        RememberedSession::forgetFile();
    }

    void tokenLandsInTheKeychainNotTheFile()
    {
        QCOMPARE(storeNow(QStringLiteral("token-in-keychain")), RememberStorage::Keychain);
        QCOMPARE(RememberedSession::keychainState(), RememberedSession::KeychainState::Available);
        QVERIFY(!QFile::exists(RememberedSession::path()));
        QCOMPARE(loadNow(), std::optional<QString>(QStringLiteral("token-in-keychain")));
        if (const std::optional<QString> seen = secretToolLookup())
            QCOMPARE(*seen, QStringLiteral("token-in-keychain"));

        // No note in the sign-in dialog: the keychain works.
        SignInDialog dialog(nullptr);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(!dialog.keychainNote()->isVisible());

        // Forgetting deletes the entry (the deletion runs before the next read).
        RememberedSession::forget();
        QCOMPARE(loadNow(), std::nullopt);
        if (const std::optional<QString> seen = secretToolLookup())
            QCOMPARE(*seen, QString());
    }

    void fileTokenMovesIntoTheKeychain()
    {
        test::TestDatabase db;
        TASKDECK_REQUIRE_DB(db);
        AuthOptions options;
        options.pbkdf2Iterations = 1000;
        AuthService auth(db.pool(), options);
        QVERIFY(wait(auth.initialize()).ok());
        QVERIFY(wait(auth.createUser(QStringLiteral("kim"), QStringLiteral("correct-horse-battery"),
                                     Role::Operator, std::nullopt))
                    .ok());
        const Result<LoginResult> login =
            wait(auth.login(QStringLiteral("kim"), QStringLiteral("correct-horse-battery"),
                            QStringLiteral("local")));
        QVERIFY(login.ok());
        // Remembered by an earlier version, in the file.
        QVERIFY(RememberedSession::storeFile(login.value().refreshToken));

        QObject context;
        std::optional<std::optional<SignedInSession>> answer;
        RememberedSession::resume(&auth, &context, [&](std::optional<SignedInSession> session) {
            answer = std::move(session);
        });
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 20000);
        QVERIFY(answer->has_value());
        QCOMPARE((*answer)->principal.username, QStringLiteral("kim"));
        QVERIFY(!QFile::exists(RememberedSession::path()));
        const std::optional<QString> stored = loadNow();
        QVERIFY(stored.has_value());
        QCOMPARE(*stored, (*answer)->refreshToken); // the rotated token, in the keychain
        QVERIFY(*stored != login.value().refreshToken);
        RememberedSession::forget();
        QCOMPARE(loadNow(), std::nullopt);
    }
};

QTEST_MAIN(KeychainTest)
#include "tst_keychain.moc"
