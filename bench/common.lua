-- Shared by every bench script: per-thread ids and the machine-readable result line.
-- Each wrk thread runs in its own Lua state; setup() runs in the main state once per thread.
-- BENCH_HOSTS ("127.0.0.1:18080,127.0.0.1:18082"): the threads alternate between these servers, each thread with
-- all its connections on one (two nodes on one database); unset, every thread uses the URL's server.
local threads = {}
local next_id = 0
local hosts = {}
for address in string.gmatch(os.getenv("BENCH_HOSTS") or "", "[^,]+") do
   local host, port = string.match(address, "^(.*):(%d+)$")
   table.insert(hosts, wrk.lookup(host, port)[1])
end

function setup(thread)
   thread:set("tid", next_id)
   if #hosts > 0 then
      thread.addr = hosts[next_id % #hosts + 1]
   end
   next_id = next_id + 1
   table.insert(threads, thread)
end

function env_number(name, default)
   local value = os.getenv(name)
   if value == nil or value == "" then return default end
   return tonumber(value)
end

-- One line bench/run parses. Latencies in microseconds; errors split into socket and HTTP status >= 400
-- (wrk counts statuses > 399 as errors).
function done(summary, latency, requests)
   local e = summary.errors
   local wraps = 0
   for _, thread in ipairs(threads) do
      wraps = wraps + (tonumber(thread:get("wraps")) or 0)
   end
   io.write(string.format(
      "BENCH_RESULT requests=%d duration_us=%d rps=%.1f p50_us=%d p99_us=%d max_us=%d " ..
      "socket_errors=%d status_errors=%d wraps=%d quantiles_us=%s\n",
      summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
      latency:percentile(50), latency:percentile(99), latency.max,
      e.connect + e.read + e.write + e.timeout, e.status, wraps, quantiles(latency)))
end

-- "percentile:latency" pairs, dense around p50 and p99, from which bench/run merges several runs' latencies.
function quantiles(latency)
   local pairs = {}
   local function add(p) table.insert(pairs, string.format("%g:%d", p, latency:percentile(p))) end
   for p = 1, 89 do add(p) end
   for tenth = 900, 999 do add(tenth / 10) end
   add(99.95); add(99.99); add(100)
   return table.concat(pairs, ",")
end
