#include "PasswordHasher.h"

#include <QCryptographicHash>
#include <QList>
#include <QPasswordDigestor>
#include <QRandomGenerator>

namespace taskdeck::auth {

namespace {

const QLatin1String kScheme("pbkdf2_sha256");
constexpr int kSaltBytes = 16;
constexpr int kKeyBytes = 32;
constexpr int kMinIterations = 1000;
constexpr int kMaxIterations = 10'000'000;

QByteArray derive(const QString &password, const QByteArray &salt, int iterations)
{
    return QPasswordDigestor::deriveKeyPbkdf2(QCryptographicHash::Sha256, password.toUtf8(), salt,
                                              iterations, kKeyBytes);
}

} // namespace

QByteArray randomBytes(int bytes)
{
    QByteArray out(bytes, Qt::Uninitialized);
    QList<quint32> words((bytes + 3) / 4);
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    memcpy(out.data(), words.constData(), size_t(bytes));
    return out;
}

QString hashPassword(const QString &password, int iterations)
{
    const QByteArray salt = randomBytes(kSaltBytes);
    const QByteArray key = derive(password, salt, iterations);
    return kScheme + QLatin1Char('$') + QString::number(iterations) + QLatin1Char('$') +
           QString::fromLatin1(salt.toBase64()) + QLatin1Char('$') +
           QString::fromLatin1(key.toBase64());
}

bool verifyPassword(const QString &password, const QString &storedHash)
{
    const QStringList parts = storedHash.split(QLatin1Char('$'));
    if (parts.size() != 4 || parts[0] != kScheme)
        return false;
    bool ok = false;
    const int iterations = parts[1].toInt(&ok);
    if (!ok || iterations < kMinIterations || iterations > kMaxIterations)
        return false;
    const auto salt = QByteArray::fromBase64Encoding(parts[2].toLatin1(),
                                                     QByteArray::AbortOnBase64DecodingErrors);
    const auto expected = QByteArray::fromBase64Encoding(parts[3].toLatin1(),
                                                         QByteArray::AbortOnBase64DecodingErrors);
    if (!salt || !expected || salt.decoded.isEmpty() || expected.decoded.size() != kKeyBytes)
        return false;
    return constantTimeEquals(derive(password, salt.decoded, iterations), expected.decoded);
}

void burnDummyVerification(const QString &password, int iterations)
{
    static const QByteArray salt(kSaltBytes, '\x5a');
    static const QByteArray expected(kKeyBytes, '\0');
    // The result is meaningless; comparing it keeps the work from being optimised away.
    volatile bool equal = constantTimeEquals(derive(password, salt, iterations), expected);
    (void)equal;
}

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

QString randomPassword(int length)
{
    static constexpr char kAlphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    constexpr quint32 kAlphabetSize = sizeof(kAlphabet) - 1;
    QString out;
    out.reserve(length);
    for (int i = 0; i < length; ++i)
        out.append(QLatin1Char(kAlphabet[QRandomGenerator::system()->bounded(kAlphabetSize)]));
    return out;
}

QString sha256Hex(QByteArrayView data)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(data.toByteArray(), QCryptographicHash::Sha256).toHex());
}

} // namespace taskdeck::auth
