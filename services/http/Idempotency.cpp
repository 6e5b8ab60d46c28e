#include "Idempotency.h"

#include "ApiResponse.h"
#include "Async.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QSet>

namespace taskdeck::http {

namespace {

constexpr qsizetype kMaxKeyLength = 255;

/// (user id, key) of the idempotent requests this HTTP thread is answering now.
thread_local QSet<QString> t_inFlight;

bool validKey(const QByteArray &key)
{
    if (key.isEmpty() || key.size() > kMaxKeyLength)
        return false;
    for (const char c : key) {
        if (c < 0x21 || c > 0x7e)
            return false;
    }
    return true;
}

QByteArray fingerprint(const ApiRequest &request)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(methodName(request.method));
    hash.addData(" ");
    hash.addData(request.path.toUtf8());
    hash.addData("\n");
    // QJsonObject keeps its keys sorted: the same fields in any order and spacing are the same
    // request.
    hash.addData(QJsonDocument(request.json).toJson(QJsonDocument::Compact));
    return hash.result().toHex();
}

} // namespace

StoredResponse toStored(const ApiResponse &response)
{
    return {response.status, response.headers, response.body};
}

ApiResponse fromStored(const StoredResponse &stored, bool replayed)
{
    ApiResponse response;
    response.status = stored.status;
    response.headers = stored.headers;
    response.body = stored.body;
    if (stored.body.isEmpty())
        response.contentType.clear();
    if (replayed)
        response.headers.emplaceBack("Idempotent-Replayed", "true");
    return response;
}

void respondIdempotent(
    QObject *context, const ApiRequest &request, const ReplyPtr &reply,
    const std::function<QFuture<Result<IdempotentAnswer>>(IdempotencyClaim)> &start,
    const std::function<void()> &plain)
{
    if (!request.hasHeader("idempotency-key"))
        return plain();
    const QByteArray key = request.header("idempotency-key");
    if (!validKey(key)) {
        reply->sendError(ServiceError::validation(
            {{{QStringLiteral("header"), QStringLiteral("Idempotency-Key")},
              QStringLiteral("Idempotency-Key must be 1 to 255 visible ASCII characters"),
              QStringLiteral("value_error")}}));
        return;
    }
    IdempotencyClaim claim;
    claim.userId =
        request.principal ? request.principal->userId.toString(QUuid::WithoutBraces) : QString();
    claim.key = QString::fromLatin1(key);
    claim.fingerprint = fingerprint(request);
    const QString inFlight = claim.userId + QLatin1Char('\n') + claim.key;
    if (t_inFlight.contains(inFlight))
        return reply->sendError(idempotency::keyInFlight());
    t_inFlight.insert(inFlight);
    whenReady(context, start(std::move(claim)),
              [reply, inFlight](const Result<IdempotentAnswer> &result) {
                  t_inFlight.remove(inFlight);
                  if (!result.ok())
                      return reply->sendError(result.error());
                  reply->send(fromStored(result.value().response, result.value().replayed));
              });
}

} // namespace taskdeck::http
