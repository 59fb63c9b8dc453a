-- Scenario 1: GET /api/v1/livechat/visitor/seed-<k>, a cache hit once warm.
-- Cycles over BENCH_HOT seeded tokens (default 10,000, below the cache's 100,000 entries) spread evenly over
-- the BENCH_VISITORS seeded ones; each thread starts at its own offset.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local visitors, hot, stride, i

function init(args)
   visitors = env_number("BENCH_VISITORS", 10000)
   hot = math.min(visitors, env_number("BENCH_HOT", 10000))
   stride = math.floor(visitors / hot)
   i = (tid * 7919) % hot
end

function request()
   i = (i + 1) % hot
   return wrk.format("GET", "/api/v1/livechat/visitor/seed-" .. (i * stride + 1))
end
