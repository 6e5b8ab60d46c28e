-- The `patch` case of bench/run.sh: workers reporting progress. Every task in $PATCH_IDS_FILE
-- (one id per line) must exist, be `pending` and have version 1 when the run starts; bench/run.sh
-- imports a fresh set of such tasks before every run. Each task is taken once, in a random
-- order, and moved through the allowed transitions
--
--   pending --PATCH {"status":"in_progress"}, If-Match: "1"--> in_progress (version 2)
--   in_progress --PATCH {"status":"completed","result":{"exit_code":0}}, If-Match: "2"--> completed
--
-- with no GET: the second PATCH is sent only after the first one's 200 has come back, with the
-- version that answer carried in its body (the tuned peer sends no ETag header, but both servers
-- put "version" in the task JSON). wrk's Lua state is per thread, not per connection, so the
-- follow-up goes to a queue that the thread's next free connection takes first; no two
-- requests for one task are ever in flight together, and the threads own disjoint slices of
-- the ids, so 409 (illegal transition) and 412 (stale If-Match) cannot happen unless the
-- server is wrong. Requests per second therefore count PATCHes only, half of them each step.
--
-- Errors: every response that is not 2xx (counted here, not wrk's ">= 400") plus socket errors.
-- If a thread runs out of fresh tasks it sends GET /api/health instead and reports
-- "exhausted=N"; bench/run.sh then marks the result invalid (raise PATCH_TASKS).
--
-- Environment: TOKEN (bearer), PATCH_IDS_FILE, BENCH_THREADS (= wrk -t), PATH_PREFIX.
local token = os.getenv("TOKEN") or ""
local ids_file = os.getenv("PATCH_IDS_FILE") or "patch-ids.txt"
local nthreads = tonumber(os.getenv("BENCH_THREADS") or "2")
local prefix = os.getenv("PATH_PREFIX") or "/api/tasks/"

local BODY_START = '{"status":"in_progress"}'
local BODY_FINISH = '{"status":"completed","result":{"exit_code":0}}'

local threads = {}   -- in the main state: every thread, for done()
local nsetup = 0

function setup(thread)
  nsetup = nsetup + 1
  thread:set("tid", nsetup)   -- a global of that thread's state, read in init()
  table.insert(threads, thread)
end

-- per-thread state (each thread has its own Lua state)
local fresh, nfresh, next_fresh = {}, 0, 1
local queue, qhead, qtail = {}, 1, 0
ok2xx, non2xx, c409, c412, exhausted, starts, finishes = 0, 0, 0, 0, 0, 0, 0

function init(args)
  tid = tid or 1
  local f = assert(io.open(ids_file, "r"), "cannot open PATCH_IDS_FILE " .. ids_file)
  local i = 0
  for line in f:lines() do
    line = line:gsub("%s+", "")
    if #line > 0 then
      i = i + 1
      if (i - 1) % nthreads == (tid - 1) then nfresh = nfresh + 1; fresh[nfresh] = line end
    end
  end
  f:close()
  assert(nfresh > 0, "no ids for thread " .. tid .. " in " .. ids_file)
  -- same shuffle for every server: a fixed seed per thread
  math.randomseed(20261129 + tid * 7919)
  for j = nfresh, 2, -1 do
    local k = math.random(1, j)
    fresh[j], fresh[k] = fresh[k], fresh[j]
  end
end

local function headers(version)
  local h = { ["Content-Type"] = "application/json", ["If-Match"] = '"' .. version .. '"' }
  if #token > 0 then h["Authorization"] = "Bearer " .. token end
  return h
end

function request()
  if qhead <= qtail then
    local item = queue[qhead]
    queue[qhead] = nil
    qhead = qhead + 1
    finishes = finishes + 1
    return wrk.format("PATCH", prefix .. item[1], headers(item[2]), BODY_FINISH)
  end
  if next_fresh <= nfresh then
    local id = fresh[next_fresh]
    next_fresh = next_fresh + 1
    starts = starts + 1
    return wrk.format("PATCH", prefix .. id, headers(1), BODY_START)
  end
  exhausted = exhausted + 1
  return wrk.format("GET", "/api/health", {})
end

function response(status, hdrs, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if status == 409 then c409 = c409 + 1 elseif status == 412 then c412 = c412 + 1 end
    return
  end
  ok2xx = ok2xx + 1
  if body == nil then return end
  local st = body:match('"status"%s*:%s*"([%w_]+)"')
  if st == "in_progress" then
    local id = body:match('"id"%s*:%s*"([%x%-]+)"')
    local version = body:match('"version"%s*:%s*(%d+)')
    if id and version then
      qtail = qtail + 1
      queue[qtail] = { id, version }
    end
  end
end

function done(summary, latency, requests)
  local n2, e409, e412, ex, st, fin = 0, 0, 0, 0, 0, 0
  for _, t in ipairs(threads) do
    n2 = n2 + (t:get("non2xx") or 0)
    e409 = e409 + (t:get("c409") or 0)
    e412 = e412 + (t:get("c412") or 0)
    ex = ex + (t:get("exhausted") or 0)
    st = st + (t:get("starts") or 0)
    fin = fin + (t:get("finishes") or 0)
  end
  local e = summary.errors
  local sock = e.connect + e.read + e.write + e.timeout
  io.write(string.format(
    "WRKRESULT rps=%.1f p50_ms=%.3f p99_ms=%.3f errors=%d non2xx=%d socket=%d requests=%d" ..
    " http409=%d http412=%d starts=%d finishes=%d exhausted=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, n2 + sock, n2, sock, summary.requests,
    e409, e412, st, fin, ex))
end
