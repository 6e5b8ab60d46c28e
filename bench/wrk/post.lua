-- The `post` case of bench/run.sh: a verbatim copy of ../shared/bench/wrk/post_task.lua, so the
-- request (body, headers) and the error count (status >= 400 + socket errors) are exactly
-- those of shared/bench.sh; kept here so the project benchmark is self-contained.
-- POST a small JSON task to the URL given to wrk (expects 201).
-- Tasks are created with category "bench" so a harness can delete them afterwards.
local token = os.getenv("TOKEN") or ""
wrk.method = "POST"
wrk.body = '{"title":"wrk bench task","description":"created by peers/bench.sh","category":"bench","priority":1}'
wrk.headers["Content-Type"] = "application/json"
if #token > 0 then wrk.headers["Authorization"] = "Bearer " .. token end

function done(summary, latency, requests)
  local e = summary.errors
  local sock = e.connect + e.read + e.write + e.timeout
  io.write(string.format(
    "WRKRESULT rps=%.1f p50_ms=%.3f p99_ms=%.3f errors=%d non2xx=%d socket=%d requests=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, e.status + sock, e.status, sock, summary.requests))
end
