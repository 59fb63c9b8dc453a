-- Scenario 2: POST /api/v1/livechat/visitor, a new visitor each time. Tokens never repeat: run prefix
-- (BENCH_PREFIX, unique per wrk invocation) + thread id + per-thread counter. Email is unique too, so the
-- registration walks the whole match chain (token, email) before inserting.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local prefix, n
local headers = { ["Content-Type"] = "application/json" }

function init(args)
   prefix = (os.getenv("BENCH_PREFIX") or "run") .. "-" .. tid .. "-"
   n = 0
end

function request()
   n = n + 1
   local token = prefix .. n
   local body = '{"visitor":{"token":"' .. token .. '","name":"Bench Visitor ' .. n ..
      '","email":"' .. token .. '@bench.example"}}'
   return wrk.format("POST", "/api/v1/livechat/visitor", headers, body)
end
