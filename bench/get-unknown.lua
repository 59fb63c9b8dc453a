-- Scenario 4: GET /api/v1/livechat/visitor/unknown-<k> for tokens no visitor has (answer: 400 invalid-token).
-- Cycles over BENCH_UNKNOWN distinct unknown tokens (default 10,000) so the cache's absent entries (5 s TTL)
-- are what answers most requests.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local unknown, i

function init(args)
   unknown = env_number("BENCH_UNKNOWN", 10000)
   i = (tid * 7919) % unknown
end

function request()
   i = (i + 1) % unknown
   return wrk.format("GET", "/api/v1/livechat/visitor/unknown-" .. i)
end
