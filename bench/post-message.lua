-- Scenario 6: POST /api/v1/livechat/message, a visitor's message into its open room (seeded room <k> of visitor
-- seed-<k>, bench/SeedVisitors.java), cycling over every seeded visitor; each thread starts at its own slice so
-- threads rarely write into the same room. No _id: the host draws one, so every request stores a new message.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local visitors, i, n
local headers = { ["Content-Type"] = "application/json" }

function init(args)
   visitors = env_number("BENCH_VISITORS", 10000)
   local threads = env_number("BENCH_THREADS", 2)
   i = math.floor(visitors / threads) * tid
   n = 0
end

function request()
   i = (i + 1) % visitors
   n = n + 1
   local k = i + 1
   local body = '{"token":"seed-' .. k .. '","rid":"' .. string.format("room%013d", k) ..
      '","msg":"Bench message ' .. n .. ' from thread ' .. tid .. ': where is my order?"}'
   return wrk.format("POST", "/api/v1/livechat/message", headers, body)
end
