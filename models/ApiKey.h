#pragma once

#include "Task.h"
#include "User.h"

#include <QString>
#include <QUuid>

#include <optional>

namespace taskdeck {

/// An API key as everyone outside services/ sees it: never its secret nor its hash
/// (docs/HTTP-SERVER.md "API keys"). Timestamps are ms since the epoch, UTC.
struct ApiKey
{
    QUuid id;
    QString name;   ///< 1..100 code points, chosen by the owner
    QString prefix; ///< the secret's first kApiKeyPrefixLength characters ("tdk_" + 8)
    Role role = Role::Viewer;
    bool readOnly = false; ///< no write whatever the role
    QUuid userId;          ///< the owner
    QString username;      ///< the owner's current name
    EpochMs createdAt = 0;
    std::optional<EpochMs> lastUsedAt; ///< updated at most once a minute per key and instance
    std::optional<EpochMs> expiresAt;  ///< none: valid until revoked
};

/// The body of POST /api/keys after type checks (ApiKeyService checks the role against the
/// caller's and that the expiry lies ahead).
struct NewApiKey
{
    QString name;
    std::optional<Role> role; ///< none: the caller's role
    bool readOnly = false;
    std::optional<EpochMs> expiresAt;
};

/// Every key starts with this, so the HTTP server tells keys from JWTs (which start "eyJ").
inline constexpr QLatin1String kApiKeyMarker("tdk_");
/// Characters of a key kept and shown for recognition (the marker and 8 more).
inline constexpr qsizetype kApiKeyPrefixLength = 12;
/// Longest key name, in code points.
inline constexpr qsizetype kApiKeyMaxNameLength = 100;

} // namespace taskdeck
