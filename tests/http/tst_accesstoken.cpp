// HS256 access tokens and password hashes of the authentication service.
#include "AccessToken.h"
#include "PasswordHasher.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QTest>
#include <QUuid>

using namespace taskdeck;
using namespace taskdeck::auth;

namespace {

const QByteArray kSecret = QByteArray(32, 'k');
const Principal kAlice{QUuid::fromString(u"3f2c5b1e-1111-4222-8333-944445555666"),
                       QStringLiteral("alice"), Role::Operator};

QByteArray b64(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

/// A token with arbitrary header and claims, signed with `secret`.
QByteArray forge(const QJsonObject &header, const QJsonObject &claims, const QByteArray &secret)
{
    const QByteArray input = b64(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.' +
                             b64(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    return input + '.' +
           b64(QMessageAuthenticationCode::hash(input, secret, QCryptographicHash::Sha256));
}

QJsonObject claimsFor(qint64 iat, qint64 exp)
{
    return {{QStringLiteral("sub"), kAlice.userId.toString(QUuid::WithoutBraces)},
            {QStringLiteral("username"), kAlice.username},
            {QStringLiteral("role"), QStringLiteral("operator")},
            {QStringLiteral("iat"), iat},
            {QStringLiteral("exp"), exp},
            {QStringLiteral("jti"), QStringLiteral("j1")}};
}

const QJsonObject kHs256{{QStringLiteral("alg"), QStringLiteral("HS256")},
                         {QStringLiteral("typ"), QStringLiteral("JWT")}};

} // namespace

class TestAccessToken : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip()
    {
        const IssuedToken issued = issueAccessToken(kSecret, kAlice, 1000, 900);
        QCOMPARE(issued.expiresAt, 1900);
        const QList<QByteArray> parts = issued.token.toLatin1().split('.');
        QCOMPARE(parts.size(), 3);
        QVERIFY(!issued.token.contains(QLatin1Char('=')));
        const QJsonObject header =
            QJsonDocument::fromJson(QByteArray::fromBase64(parts[0], QByteArray::Base64UrlEncoding))
                .object();
        QCOMPARE(header, kHs256);
        const QJsonObject claims =
            QJsonDocument::fromJson(QByteArray::fromBase64(parts[1], QByteArray::Base64UrlEncoding))
                .object();
        QCOMPARE(claims.value(QLatin1String("sub")).toString(),
                 kAlice.userId.toString(QUuid::WithoutBraces));
        QCOMPARE(claims.value(QLatin1String("username")).toString(), QStringLiteral("alice"));
        QCOMPARE(claims.value(QLatin1String("role")).toString(), QStringLiteral("operator"));
        QCOMPARE(claims.value(QLatin1String("iat")).toInteger(), 1000);
        QCOMPARE(claims.value(QLatin1String("exp")).toInteger(), 1900);
        QCOMPARE(claims.value(QLatin1String("jti")).toString(), issued.jti);

        const Result<Principal> verified =
            verifyAccessToken(kSecret, issued.token.toLatin1(), 1899);
        QVERIFY(verified.ok());
        QCOMPARE(verified.value().userId, kAlice.userId);
        QCOMPARE(verified.value().username, kAlice.username);
        QCOMPARE(verified.value().role, Role::Operator);
    }

    void expiryIsExclusive()
    {
        const QByteArray token = issueAccessToken(kSecret, kAlice, 1000, 900).token.toLatin1();
        QVERIFY(verifyAccessToken(kSecret, token, 1899).ok());
        QVERIFY(!verifyAccessToken(kSecret, token, 1900).ok()); // exp == now: refused
        QVERIFY(!verifyAccessToken(kSecret, token, 5000).ok());
        const Result<Principal> refused = verifyAccessToken(kSecret, token, 1900);
        QCOMPARE(refused.error().kind, ServiceError::Kind::Unauthenticated);
        QCOMPARE(refused.error().message, QStringLiteral("Invalid or expired token"));
    }

    void forgeriesAreRefused()
    {
        const QByteArray good = forge(kHs256, claimsFor(1000, 2000), kSecret);
        QVERIFY(verifyAccessToken(kSecret, good, 1500).ok());
        // Wrong key.
        QVERIFY(
            !verifyAccessToken(kSecret, forge(kHs256, claimsFor(1000, 2000), "other"), 1500).ok());
        // alg none, unsigned.
        const QJsonObject none{{QStringLiteral("alg"), QStringLiteral("none")}};
        const QByteArray unsignedToken =
            b64(QJsonDocument(none).toJson(QJsonDocument::Compact)) + '.' +
            b64(QJsonDocument(claimsFor(1000, 2000)).toJson(QJsonDocument::Compact)) + '.';
        QVERIFY(!verifyAccessToken(kSecret, unsignedToken, 1500).ok());
        // alg none but signed with the key, and other algorithms.
        QVERIFY(
            !verifyAccessToken(kSecret, forge(none, claimsFor(1000, 2000), kSecret), 1500).ok());
        const QJsonObject hs512{{QStringLiteral("alg"), QStringLiteral("HS512")}};
        QVERIFY(
            !verifyAccessToken(kSecret, forge(hs512, claimsFor(1000, 2000), kSecret), 1500).ok());
        // Tampered claims keep the old signature.
        QList<QByteArray> parts = good.split('.');
        QJsonObject admin = claimsFor(1000, 2000);
        admin.insert(QStringLiteral("role"), QStringLiteral("admin"));
        parts[1] = b64(QJsonDocument(admin).toJson(QJsonDocument::Compact));
        QVERIFY(!verifyAccessToken(kSecret, parts.join('.'), 1500).ok());
        // Structure.
        QVERIFY(!verifyAccessToken(kSecret, "a.b", 1500).ok());
        QVERIFY(!verifyAccessToken(kSecret, QByteArray(good + ".x"), 1500).ok());
        QVERIFY(!verifyAccessToken(kSecret, "", 1500).ok());
        QVERIFY(!verifyAccessToken(kSecret, QByteArray(good + "="), 1500).ok());
        // No secret loaded yet.
        QVERIFY(!verifyAccessToken(QByteArray(), good, 1500).ok());
    }

    void claimsMustBePresentWithTheirTypes()
    {
        const QStringList names = {QStringLiteral("sub"),  QStringLiteral("username"),
                                   QStringLiteral("role"), QStringLiteral("iat"),
                                   QStringLiteral("exp"),  QStringLiteral("jti")};
        for (const QString &name : names) {
            QJsonObject claims = claimsFor(1000, 2000);
            claims.remove(name);
            QVERIFY2(!verifyAccessToken(kSecret, forge(kHs256, claims, kSecret), 1500).ok(),
                     qPrintable(name));
            claims = claimsFor(1000, 2000);
            claims.insert(name, QJsonValue(true));
            QVERIFY2(!verifyAccessToken(kSecret, forge(kHs256, claims, kSecret), 1500).ok(),
                     qPrintable(name));
        }
        QJsonObject claims = claimsFor(1000, 2000);
        claims.insert(QStringLiteral("role"), QStringLiteral("superuser"));
        QVERIFY(!verifyAccessToken(kSecret, forge(kHs256, claims, kSecret), 1500).ok());
        claims = claimsFor(1000, 2000);
        claims.insert(QStringLiteral("exp"), 1999.5);
        QVERIFY(!verifyAccessToken(kSecret, forge(kHs256, claims, kSecret), 1500).ok());
        claims = claimsFor(1000, 2000);
        claims.insert(QStringLiteral("sub"), QStringLiteral("not-a-uuid"));
        QVERIFY(!verifyAccessToken(kSecret, forge(kHs256, claims, kSecret), 1500).ok());
    }

    void issuedAtInTheFutureIsRefused()
    {
        // Up to 30 s of clock skew between instances is tolerated, more is not.
        QVERIFY(
            verifyAccessToken(kSecret, forge(kHs256, claimsFor(1530, 2000), kSecret), 1500).ok());
        QVERIFY(
            !verifyAccessToken(kSecret, forge(kHs256, claimsFor(1531, 2000), kSecret), 1500).ok());
        const QByteArray future = issueAccessToken(kSecret, kAlice, 2000, 900).token.toLatin1();
        QVERIFY(!verifyAccessToken(kSecret, future, 1500).ok());
    }

    void criticalHeaderExtensionsAreRefused()
    {
        QJsonObject header = kHs256;
        header.insert(QStringLiteral("crit"), QJsonArray{QStringLiteral("exp")});
        QVERIFY(
            !verifyAccessToken(kSecret, forge(header, claimsFor(1000, 2000), kSecret), 1500).ok());
        header.insert(QStringLiteral("crit"), QJsonArray{});
        QVERIFY(
            !verifyAccessToken(kSecret, forge(header, claimsFor(1000, 2000), kSecret), 1500).ok());
        // Other unknown header parameters are ignored (RFC 7515 4).
        header = kHs256;
        header.insert(QStringLiteral("kid"), QStringLiteral("k1"));
        QVERIFY(
            verifyAccessToken(kSecret, forge(header, claimsFor(1000, 2000), kSecret), 1500).ok());
    }

    void sessionClaims()
    {
        const IssuedToken issued =
            issueAccessToken(kSecret, kAlice, 1000, 900, {QStringLiteral("s-1"), 7});
        const Result<AccessClaims> claims =
            verifyAccessClaims(kSecret, issued.token.toLatin1(), 1500);
        QVERIFY(claims.ok());
        QCOMPARE(claims.value().session.sessionId, QStringLiteral("s-1"));
        QCOMPARE(claims.value().session.tokenEpoch, 7);
        QCOMPARE(claims.value().principal.username, QStringLiteral("alice"));
        QCOMPARE(claims.value().expiresAt, 1900); // iat 1000 + 900 s (the event stream ends then)
        // Without a session: no sid and tep claims.
        const Result<AccessClaims> bare = verifyAccessClaims(
            kSecret, issueAccessToken(kSecret, kAlice, 1000, 900).token.toLatin1(), 1500);
        QVERIFY(bare.ok());
        QVERIFY(bare.value().session.sessionId.isEmpty());
        // sid needs an integer tep and must be a non-empty string.
        QJsonObject forged = claimsFor(1000, 2000);
        forged.insert(QStringLiteral("sid"), QStringLiteral("s-1"));
        QVERIFY(!verifyAccessClaims(kSecret, forge(kHs256, forged, kSecret), 1500).ok());
        forged.insert(QStringLiteral("tep"), 1.5);
        QVERIFY(!verifyAccessClaims(kSecret, forge(kHs256, forged, kSecret), 1500).ok());
        forged.insert(QStringLiteral("tep"), 2);
        QVERIFY(verifyAccessClaims(kSecret, forge(kHs256, forged, kSecret), 1500).ok());
        forged.insert(QStringLiteral("sid"), 5);
        QVERIFY(!verifyAccessClaims(kSecret, forge(kHs256, forged, kSecret), 1500).ok());
    }

    void passwordHashes()
    {
        const QString hash = hashPassword(QStringLiteral("s3cret pässword"), 1000);
        const QStringList parts = hash.split(QLatin1Char('$'));
        QCOMPARE(parts.size(), 4);
        QCOMPARE(parts[0], QStringLiteral("pbkdf2_sha256"));
        QCOMPARE(parts[1], QStringLiteral("1000"));
        QCOMPARE(QByteArray::fromBase64(parts[2].toLatin1()).size(), 16);
        QCOMPARE(QByteArray::fromBase64(parts[3].toLatin1()).size(), 32);
        QVERIFY(verifyPassword(QStringLiteral("s3cret pässword"), hash));
        QVERIFY(!verifyPassword(QStringLiteral("s3cret password"), hash));
        QVERIFY(!verifyPassword(QString(), hash));
        QVERIFY(hash != hashPassword(QStringLiteral("s3cret pässword"), 1000)); // salted
        QVERIFY(!verifyPassword(QStringLiteral("x"), QStringLiteral("pbkdf2_sha256$1000$$")));
        QVERIFY(!verifyPassword(QStringLiteral("x"), QStringLiteral("plain")));
        QVERIFY(!verifyPassword(QStringLiteral("x"), QStringLiteral("md5$1$a$b")));
    }

    void helpers()
    {
        QVERIFY(constantTimeEquals("abc", "abc"));
        QVERIFY(!constantTimeEquals("abc", "abd"));
        QVERIFY(!constantTimeEquals("abc", "abcd"));
        QVERIFY(constantTimeEquals("", ""));
        const QString password = randomPassword(20);
        QCOMPARE(password.size(), 20);
        for (const QChar c : password) {
            QVERIFY(c.isLetterOrNumber());
            QVERIFY(!QStringLiteral("0O1lI").contains(c));
        }
        QVERIFY(randomPassword(20) != password);
        QCOMPARE(randomBytes(32).size(), 32);
        QCOMPARE(
            sha256Hex("abc"),
            QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }
};

QTEST_GUILESS_MAIN(TestAccessToken)
#include "tst_accesstoken.moc"
