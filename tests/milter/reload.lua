-- reload.lua - SIGHUP swaps the config; a broken one is refused
package.path = "./?.lua;" .. package.path
local t = require("common")
local live = t.dir .. "/live.conf"

local function install(conf)
    assert(os.execute("cp " .. t.dir .. "/" .. conf .. " " .. live))
end

install("enforce.conf")
mt.startfilter(t.bin, "-f", "-c", live, "-p", "inet:" .. t.port .. "@127.0.0.1")

local conn, reply = t.send({auth = "agent"})
t.check(mt.eom_check(conn, MT_QUARANTINE), "before reload: held")
mt.disconnect(conn)

-- a broken config: refused, the old one keeps serving
install("broken.conf")
mt.signal(1)
mt.sleep(0.5)
conn, reply = t.send({auth = "agent"})
t.check(mt.eom_check(conn, MT_QUARANTINE), "broken config refused: still held")
mt.disconnect(conn)

-- a burst of SIGHUPs never stops the milter (libmilter stops on SIGHUP
-- if its own signal thread ever gets one)
for _ = 1, 200 do
    mt.signal(1)
end
mt.sleep(0.5)

-- a good new config takes effect
install("reject.conf")
mt.signal(1)
mt.sleep(0.5)
conn, reply = t.send({auth = "agent"})
t.check(reply == SMFIR_REPLYCODE and not mt.eom_check(conn, MT_QUARANTINE),
        "new config: rejected")
mt.disconnect(conn)

t.finish()
