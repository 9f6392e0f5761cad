-- wrk's hooks for benchmarks/run.py.
--
-- `request`: a path with NEW_SEARCH in it gets a different search text on every request: the
-- marker becomes a few English stop words spelling out a number unique to the request
-- ("of the at"). PostgreSQL drops stop words, so every request searches the same words with
-- the same plan, but the portal sees a search it has never counted (its kept counts are keyed
-- by the query's text): what a first request of a search costs.
--
-- `done`: one machine-readable line with the totals and the exact percentiles (wrk --latency
-- prints 50/75/90/99 only; run.py needs p95), and the answers refused with 429.
--
-- With WRK_RETRY_AFTER=1 in the environment (run.py's exporters), a 429 is honoured as a
-- polite client would: the thread's next request waits the seconds its Retry-After says.
local digits = {"a", "an", "the", "of", "to", "in", "on", "at", "by", "for"}
local threads = {}
local sent = 0
refused = 0

setup = function(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

if os.getenv("WRK_RETRY_AFTER") == "1" then
  local wait_ms = 0
  response = function(status, headers, body)
    if status == 429 then
      refused = refused + 1
      wait_ms = (tonumber(headers["Retry-After"]) or 1) * 1000
    end
  end
  delay = function()
    local ms = wait_ms
    wait_ms = 0
    return ms
  end
end

request = function()
  if not string.find(wrk.path, "NEW_SEARCH", 1, true) then
    return wrk.format()
  end
  sent = sent + 1
  local n = sent * 64 + thread_number -- unique across threads (at most 63 of them)
  local words = {}
  while n > 0 do
    table.insert(words, digits[n % 10 + 1])
    n = math.floor(n / 10)
  end
  return wrk.format(nil, (string.gsub(wrk.path, "NEW_SEARCH", table.concat(words, "+"))))
end

done = function(summary, latency, requests)
  local errors = summary.errors
  local refusals = 0
  for _, thread in ipairs(threads) do
    refusals = refusals + (thread:get("refused") or 0)
  end
  io.write(string.format(
    "WRK_RESULT {\"requests\": %d, \"duration_us\": %d, \"connect_errors\": %d, " ..
    "\"read_errors\": %d, \"write_errors\": %d, \"timeouts\": %d, \"non_2xx_3xx\": %d, " ..
    "\"refused\": %d, \"p50_us\": %d, \"p95_us\": %d, \"p99_us\": %d, \"max_us\": %d}\n",
    summary.requests, summary.duration, errors.connect, errors.read, errors.write,
    errors.timeout, errors.status, refusals, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max))
end
