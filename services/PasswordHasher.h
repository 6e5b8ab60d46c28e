#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

/// Password hashing and small crypto helpers of the authentication service. CPU-heavy functions
/// (hashPassword, verifyPassword, burnDummyVerification) must run on the connection pool, never
/// on the GUI or HTTP thread. Thread-safe.
namespace taskdeck::auth {

/// Hash format: `pbkdf2_sha256$<iterations>$<salt base64>$<hash base64>` (PBKDF2-HMAC-SHA256,
/// 16-byte random salt from QRandomGenerator::system(), 32-byte derived key).
QString hashPassword(const QString &password, int iterations);

/// Checks `password` against a stored hash in the format above. False for any malformed hash.
/// The comparison of the derived keys is constant-time.
bool verifyPassword(const QString &password, const QString &storedHash);

/// Spends the time of one verification with `iterations` rounds without a real hash, so an
/// unknown user name takes as long as a wrong password.
void burnDummyVerification(const QString &password, int iterations);

/// Compares two byte strings in time that depends only on their lengths.
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

/// A random password of `length` characters from an alphabet without look-alikes (no 0/O, 1/l/I).
QString randomPassword(int length);

/// `bytes` random bytes from QRandomGenerator::system().
QByteArray randomBytes(int bytes);

/// Lower-case hex SHA-256 of `data` (refresh tokens are stored only as this).
QString sha256Hex(QByteArrayView data);

} // namespace taskdeck::auth
