#include "AccessToken.h"

#include "ApiMessages.h"
#include "PasswordHasher.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMessageAuthenticationCode>
#include <QUuid>

#include <cmath>

namespace taskdeck::auth {

namespace {

constexpr auto kBase64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

QByteArray encode(const QByteArray &data)
{
    return data.toBase64(kBase64Url);
}

std::optional<QByteArray> decode(QByteArrayView part)
{
    if (part.isEmpty() || part.contains('='))
        return std::nullopt;
    auto decoded = QByteArray::fromBase64Encoding(part.toByteArray(),
                                                  QByteArray::Base64UrlEncoding |
                                                      QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return decoded.decoded;
}

QByteArray sign(const QByteArray &secret, const QByteArray &signingInput)
{
    return QMessageAuthenticationCode::hash(signingInput, secret, QCryptographicHash::Sha256);
}

std::optional<QJsonObject> decodeObject(QByteArrayView part)
{
    const std::optional<QByteArray> raw = decode(part);
    if (!raw)
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(*raw, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    return doc.object();
}

/// A JSON number that is an integer in the range of qint64 seconds.
std::optional<qint64> integerClaim(const QJsonObject &claims, QLatin1String name)
{
    const QJsonValue value = claims.value(name);
    if (!value.isDouble())
        return std::nullopt;
    const double d = value.toDouble();
    if (!std::isfinite(d) || d != std::floor(d) || d < 0 || d > 1e15)
        return std::nullopt;
    return static_cast<qint64>(d);
}

ServiceError invalidToken()
{
    return {ServiceError::Kind::Unauthenticated, msg::invalidToken(), {}};
}

} // namespace

IssuedToken issueAccessToken(const QByteArray &secret, const Principal &principal, qint64 nowSecs,
                             qint64 lifetimeSecs, const TokenSession &session)
{
    IssuedToken issued;
    issued.jti = QUuid::createUuid().toString(QUuid::WithoutBraces);
    issued.expiresAt = nowSecs + lifetimeSecs;
    const QJsonObject header{{QStringLiteral("alg"), QStringLiteral("HS256")},
                             {QStringLiteral("typ"), QStringLiteral("JWT")}};
    QJsonObject claims{
        {QStringLiteral("sub"), principal.userId.toString(QUuid::WithoutBraces)},
        {QStringLiteral("username"), principal.username},
        {QStringLiteral("role"), roleName(principal.role)},
        {QStringLiteral("iat"), nowSecs},
        {QStringLiteral("exp"), issued.expiresAt},
        {QStringLiteral("jti"), issued.jti},
    };
    if (!session.sessionId.isEmpty()) {
        claims.insert(QStringLiteral("sid"), session.sessionId);
        claims.insert(QStringLiteral("tep"), session.tokenEpoch);
    }
    const QByteArray signingInput = encode(QJsonDocument(header).toJson(QJsonDocument::Compact)) +
                                    '.' +
                                    encode(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    issued.token = QString::fromLatin1(signingInput + '.' + encode(sign(secret, signingInput)));
    return issued;
}

Result<AccessClaims> verifyAccessClaims(const QByteArray &secret, QByteArrayView token,
                                        qint64 nowSecs)
{
    if (secret.isEmpty() || token.size() > 8192)
        return invalidToken();
    const qsizetype firstDot = token.indexOf('.');
    const qsizetype secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
    if (firstDot <= 0 || secondDot <= firstDot + 1 || token.indexOf('.', secondDot + 1) >= 0)
        return invalidToken();

    const std::optional<QJsonObject> header = decodeObject(token.first(firstDot));
    if (!header || header->value(QLatin1String("alg")) != QJsonValue(QStringLiteral("HS256")))
        return invalidToken();
    if (header->contains(QLatin1String("typ")) &&
        header->value(QLatin1String("typ")) != QJsonValue(QStringLiteral("JWT")))
        return invalidToken();
    if (header->contains(QLatin1String("crit"))) // RFC 7515 4.1.11: no extension is understood
        return invalidToken();

    const std::optional<QByteArray> signature = decode(token.sliced(secondDot + 1));
    if (!signature)
        return invalidToken();
    const QByteArray expected = sign(secret, token.first(secondDot).toByteArray());
    if (!constantTimeEquals(expected, *signature))
        return invalidToken();

    const std::optional<QJsonObject> claims =
        decodeObject(token.sliced(firstDot + 1, secondDot - firstDot - 1));
    if (!claims)
        return invalidToken();
    const std::optional<qint64> iat = integerClaim(*claims, QLatin1String("iat"));
    const std::optional<qint64> exp = integerClaim(*claims, QLatin1String("exp"));
    const QJsonValue sub = claims->value(QLatin1String("sub"));
    const QJsonValue username = claims->value(QLatin1String("username"));
    const QJsonValue role = claims->value(QLatin1String("role"));
    const QJsonValue jti = claims->value(QLatin1String("jti"));
    if (!iat || !exp || !sub.isString() || !username.isString() || !role.isString() ||
        !jti.isString() || jti.toString().isEmpty())
        return invalidToken();
    if (*exp <= nowSecs || *iat > nowSecs + kMaxIssuedAtSkewSecs)
        return invalidToken();
    const QUuid userId = QUuid::fromString(sub.toString());
    const std::optional<Role> parsedRole = roleFromName(role.toString());
    if (userId.isNull() || !parsedRole || username.toString().isEmpty())
        return invalidToken();
    AccessClaims result{Principal{userId, username.toString(), *parsedRole}, {}, *exp};
    const QJsonValue sid = claims->value(QLatin1String("sid"));
    if (!sid.isUndefined()) {
        const std::optional<qint64> tep = integerClaim(*claims, QLatin1String("tep"));
        if (!sid.isString() || sid.toString().isEmpty() || !tep)
            return invalidToken();
        result.session = TokenSession{sid.toString(), *tep};
    }
    return result;
}

Result<Principal> verifyAccessToken(const QByteArray &secret, QByteArrayView token, qint64 nowSecs)
{
    Result<AccessClaims> claims = verifyAccessClaims(secret, token, nowSecs);
    if (!claims.ok())
        return claims.error();
    return claims.value().principal;
}

} // namespace taskdeck::auth
