-- The read cases of bench/run.sh, the requests of ../shared/bench/bench.sh: GET /api/tasks/{id}
-- with ids drawn uniformly at random from $IDS_FILE (get_id; as shared/bench/wrk/get_random_id.lua)
-- or GET $GET_PATH (list_failed, metrics, health; as shared/bench/wrk/auth_get.lua), each with
-- "Authorization: Bearer $TOKEN". Errors: status >= 400 + socket errors, as there.
local token = os.getenv("TOKEN") or ""
local ids_file = os.getenv("IDS_FILE") or ""
local path = os.getenv("GET_PATH") or ""
local ids, n = {}, 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  if #ids_file > 0 then
    local f = assert(io.open(ids_file, "r"), "cannot open IDS_FILE " .. ids_file)
    for line in f:lines() do
      line = line:gsub("%s+", "")
      if #line > 0 then n = n + 1; ids[n] = line end
    end
    f:close()
    assert(n > 0, "no ids in " .. ids_file)
  end
  math.randomseed(os.time() * 1000 + (tid or 0) * 7919)
  if #token > 0 then wrk.headers["Authorization"] = "Bearer " .. token end
end

function request()
  if n > 0 then return wrk.format("GET", "/api/tasks/" .. ids[math.random(1, n)]) end
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local e = summary.errors
  local sock = e.connect + e.read + e.write + e.timeout
  io.write(string.format(
    "WRKRESULT rps=%.1f p50_ms=%.3f p99_ms=%.3f errors=%d non2xx=%d socket=%d requests=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, e.status + sock, e.status, sock, summary.requests))
end
