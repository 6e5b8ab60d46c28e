-- bench/retention.sh's load: a cycle of reads and writes per connection, with a bearer token.
--   GET /api/tasks?limit=50 (first page, default order), GET /api/metrics,
--   GET /api/tasks?status=completed&limit=20, GET /api/metrics/timeseries (last 24 h by hour),
--   POST /api/tasks (a small pending task, category "bench")
-- done() prints one WRKRESULT line with the slowest request (max_ms), so a run can be checked
-- against "no request slower than 1 s".
local token = os.getenv("TOKEN") or ""
local counter = 0
local body = '{"title":"retention load","category":"bench","priority":1}'
local headers = {["Authorization"] = "Bearer " .. token}
local postHeaders = {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}

function request()
  counter = counter + 1
  local k = counter % 5
  if k == 0 then
    return wrk.format("POST", "/api/tasks", postHeaders, body)
  elseif k == 1 then
    return wrk.format("GET", "/api/tasks?limit=50", headers)
  elseif k == 2 then
    return wrk.format("GET", "/api/metrics", headers)
  elseif k == 3 then
    return wrk.format("GET", "/api/tasks?status=completed&limit=20", headers)
  end
  return wrk.format("GET", "/api/metrics/timeseries?bucket=hour", headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  local sock = e.connect + e.read + e.write + e.timeout
  io.write(string.format(
    "WRKRESULT rps=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f errors=%d non2xx=%d socket=%d requests=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, e.status + sock, e.status, sock,
    summary.requests))
end
