-- limits.lua - the bytes all sessions collect together are capped by
-- max-collected (tempfail); idle-timeout is in startup.sh
package.path = "./?.lua;" .. package.path
local t = require("common")

t.start("limits.conf")
-- 60 kB: one body chunk
local big = string.rep(string.rep("x", 58) .. "\r\n", 1000)

-- session A stalls after its body, holding 70 kB
local a = mt.connect("inet:" .. t.port .. "@127.0.0.1", 50, 0.1)
assert(mt.conninfo(a, "localhost", "127.0.0.1") == nil, "conninfo")
mt.macro(a, SMFIC_MAIL, "i", "4A", "{auth_authen}", "agent")
assert(mt.mailfrom(a, "<agent@scoped.example>") == nil, "mailfrom")
assert(mt.rcptto(a, "<customer@customer.example>") == nil, "rcptto")
assert(mt.header(a, "Subject", "Re: Order 300457") == nil, "header")
assert(mt.eoh(a) == nil, "eoh")
assert(mt.bodystring(a, big) == nil, "body")

-- session B would take the total over 100 kB: tempfail, logged
local b = mt.connect("inet:" .. t.port .. "@127.0.0.1", 50, 0.1)
assert(mt.conninfo(b, "localhost", "127.0.0.1") == nil, "conninfo")
mt.macro(b, SMFIC_MAIL, "i", "4B", "{auth_authen}", "agent")
assert(mt.mailfrom(b, "<agent@scoped.example>") == nil, "mailfrom")
assert(mt.rcptto(b, "<customer@customer.example>") == nil, "rcptto")
assert(mt.header(b, "Subject", "Re: Order 300457") == nil, "header")
assert(mt.eoh(b) == nil, "eoh")
assert(mt.bodystring(b, big) == nil, "body")
assert(mt.eom(b) == nil, "eom")
local reply = mt.getreply(b)
t.check(reply == SMFIR_REPLYCODE and mt.eom_check(b, MT_SMTPREPLY, "451", "4.3.0",
                     "replyguard: temporary failure, please try again later"),
        "over max-collected: 451 4.3.0")
mt.disconnect(b)
t.wait_log("max-collected reached", 1)

-- A gone, B's retry is checked
mt.disconnect(a)
b, reply = t.send({auth = "agent", body = big})
t.check(t.delivered(reply), "under max-collected again: accepted")
t.wait_log("queue=4ABCDE from=<agent@scoped.example> verdict=", 1)
t.check(true, "under max-collected again: checked")
mt.disconnect(b)

t.finish()
