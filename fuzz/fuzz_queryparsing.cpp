// libFuzzer target: the query string of GET /api/tasks (and /api/events, /api/audit,
// /api/metrics/timeseries): percent-decoding into items, then each endpoint's parser; and the
// window's saved filter query (TaskQueryString.h).
#include "HttpTypes.h"
#include "QueryParsing.h"
#include "TaskQueryString.h"

#include <cstdint>

using namespace taskdeck;
using namespace taskdeck::http;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray query(reinterpret_cast<const char *>(data), qsizetype(size));
    ApiRequest request;
    request.query = parseQueryString(query, &request.invalidQueryNames);
    (void)query::parseTaskList(request, true);
    (void)query::parseTaskList(request, false);
    (void)query::parseEvents(request);
    (void)query::parseAuditList(request);
    (void)query::parseTimeseries(request, 1'700'000'000'000);
    (void)json::taskFilterFromQuery(QString::fromUtf8(query));
    return 0;
}
