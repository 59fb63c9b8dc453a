-- Scenario 7: GET /api/v1/livechat/messages.history/<rid>?token=<visitor's token>, the latest page (20 messages,
-- the default limit) of a room, cycling over every seeded room that holds a full page: BENCH_MESSAGES / 20 of them,
-- spread over the whole store (room n belongs to visitor ((n - 1) mod BENCH_VISITORS) + 1; bench/SeedVisitors.java).
-- Each thread starts at its own offset.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local visitors, rooms, i

function init(args)
   visitors = env_number("BENCH_VISITORS", 10000)
   rooms = math.max(1, math.floor(env_number("BENCH_MESSAGES", 10000) / env_number("BENCH_ROOM_MESSAGES", 20)))
   i = (tid * 7919) % rooms
end

function request()
   i = (i + 1) % rooms
   local n = i + 1
   return wrk.format("GET", "/api/v1/livechat/messages.history/" .. string.format("room%013d", n) ..
      "?token=seed-" .. ((n - 1) % visitors + 1))
end
