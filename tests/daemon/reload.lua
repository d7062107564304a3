-- reload.lua - SIGHUP swaps the config; a broken one is refused
package.path = "./?.lua;" .. package.path
local t = require("common")
local live = t.dir .. "/live.conf"

local function install(conf)
    assert(os.execute("cp " .. t.dir .. "/" .. conf .. " " .. live))
end

install("enforce.conf")
t.start(live)
t.wait_log("listening on", 1)

local conn, reply = t.send({auth = "agent"})
t.check(mt.eom_check(conn, MT_QUARANTINE), "before reload: held")
mt.disconnect(conn)

-- a broken config: refused, the old one keeps serving
install("broken.conf")
mt.signal(1)
t.wait_log("reload refused", 1)
conn, reply = t.send({auth = "agent"})
t.check(mt.eom_check(conn, MT_QUARANTINE), "broken config refused: still held")
mt.disconnect(conn)

-- a burst of SIGHUPs never stops the milter (libmilter stops on SIGHUP
-- if its own signal thread ever gets one)
for _ = 1, 200 do
    mt.signal(1)
end
-- the burst ends in refusals of the broken config, one per request served
t.wait_log("reload refused", 2)

-- a good new config takes effect
local reloaded = t.log_count("reloaded")
install("reject.conf")
mt.signal(1)
t.wait_log("reloaded", reloaded + 1)
conn, reply = t.send({auth = "agent"})
t.check(reply == SMFIR_REPLYCODE and not mt.eom_check(conn, MT_QUARANTINE),
        "new config: rejected")
mt.disconnect(conn)

t.finish()
