#pragma once

#include "Router.h"

#include <QObject>

namespace taskdeck {
class ApiKeyService;
}

namespace taskdeck::http {

/// /api/keys (docs/HTTP-SERVER.md "API keys"): POST create (201 with the secret, once), GET list
/// (the caller's keys; an admin's: everyone's), DELETE /{id} (204). Any authenticated caller;
/// the body is checked by json::parseNewApiKey(), the rules (role, expiry, ownership, audit) are
/// ApiKeyService's. Lives in the HTTP thread.
class ApiKeysController : public QObject
{
    Q_OBJECT
public:
    ApiKeysController(const ApiKeyService *keys, QObject *parent = nullptr);
    void registerRoutes(Router &router);

private:
    void list(const ApiRequest &request, const ReplyPtr &reply);
    void create(const ApiRequest &request, const ReplyPtr &reply);
    void remove(const ApiRequest &request, const ReplyPtr &reply);

    const ApiKeyService *m_keys;
};

} // namespace taskdeck::http
