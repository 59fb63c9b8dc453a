-- Scenario 5: signed WhatsApp webhook deliveries, each from a new BSUID with a new wamid.
-- wrk's Lua cannot compute HMAC, so bench/gen-webhooks.py pre-signs the deliveries into one file per thread
-- (BENCH_WEBHOOK_DIR/thread-<tid>.tsv, lines "<hex signature>\t<body>"); each thread reads its own file line by
-- line, so no delivery is sent twice. Running out wraps around to the start (counted as "wraps"; repeats are
-- then duplicate deliveries, so bench/run generates more than a run needs).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local file, path, wraps
local webhook = os.getenv("BENCH_WEBHOOK_PATH") or "/api/apps/public/whatsapp-bridge/webhook"

function init(args)
   path = os.getenv("BENCH_WEBHOOK_DIR") .. "/thread-" .. tid .. ".tsv"
   file = assert(io.open(path, "r"))
   wraps = 0
end

function request()
   local line = file:read("*l")
   if line == nil then
      wraps = wraps + 1
      wrk.thread:set("wraps", wraps)
      file:seek("set", 0)
      line = file:read("*l")
   end
   local tab = string.find(line, "\t", 1, true)
   local headers = {
      ["Content-Type"] = "application/json",
      ["X-Hub-Signature-256"] = "sha256=" .. string.sub(line, 1, tab - 1),
   }
   return wrk.format("POST", webhook, headers, string.sub(line, tab + 1))
end
