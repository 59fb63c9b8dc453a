-- Scenario 3: POST /api/v1/livechat/visitor re-registering seeded visitors (token seed-<k>), cycling over all
-- BENCH_VISITORS of them; each thread starts at its own slice so threads rarely touch the same visitor.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local visitors, i
local headers = { ["Content-Type"] = "application/json" }

function init(args)
   visitors = env_number("BENCH_VISITORS", 10000)
   local threads = env_number("BENCH_THREADS", 2)
   i = math.floor(visitors / threads) * tid
end

function request()
   i = (i + 1) % visitors
   local k = i + 1
   local body = '{"visitor":{"token":"seed-' .. k .. '","name":"Seed Visitor ' .. k .. '"}}'
   return wrk.format("POST", "/api/v1/livechat/visitor", headers, body)
end
