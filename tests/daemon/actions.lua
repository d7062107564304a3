-- actions.lua - reject with hints, monitor mode, the on-error actions
package.path = "./?.lua;" .. package.path
local t = require("common")
local base = t.port

-- levels raised to reject: 550 5.7.1 and a multi-line reply
t.start("reject.conf", base)
local conn, reply = t.send({auth = "agent", port = base})
-- (the 550 5.7.1 text with its hints is checked end to end through Postfix)
t.check(reply == SMFIR_REPLYCODE, "reject: a reply code, not accept")
t.check(not mt.eom_check(conn, MT_QUARANTINE), "reject: not also held")
mt.disconnect(conn)
-- a good reply still passes under the raised levels
conn, reply = t.send({auth = "agent", body = t.good_body, port = base})
t.check(t.delivered(reply), "reject config, good reply: delivered")
mt.disconnect(conn)

-- monitor: the header says what would have happened, nothing else
t.start("monitor.conf", base + 1)
conn, reply = t.send({auth = "agent", port = base + 1})
t.check(t.delivered(reply), "monitor: delivered")
t.check(not mt.eom_check(conn, MT_QUARANTINE), "monitor: never held")
t.check(mt.eom_check(conn, MT_HDRADD, "X-Replyguard",
                     "hold; mode=monitor; lang=en; rules=apology.missing,signature.missing"),
        "monitor: header names the verdict")
mt.disconnect(conn)

-- replies only: a message that is not a reply is left alone
t.start("replies.conf", base + 2)
conn, reply = t.send({auth = "agent", port = base + 2, headers = {
    {"From", "agent@scoped.example"}, {"Subject", "Newsletter 2026"}}})
t.check(t.delivered(reply) and not mt.eom_check(conn, MT_HDRADD, "X-Replyguard"),
        "replies-only: a new message is not checked")
mt.disconnect(conn)
conn, reply = t.send({auth = "agent", port = base + 2})
t.check(mt.eom_check(conn, MT_QUARANTINE), "replies-only: a reply is checked")
mt.disconnect(conn)

-- an internal failure (match limit) takes on-error: tempfail by default
t.start("error-tempfail.conf", base + 3)
conn, reply = t.send({auth = "agent", port = base + 3})
t.check(reply == SMFIR_REPLYCODE and
        mt.eom_check(conn, MT_SMTPREPLY, "451", "4.3.0",
                     "replyguard: temporary failure, please try again later"),
        "on-error tempfail: 451 4.3.0")
mt.disconnect(conn)
t.start("error-accept.conf", base + 4)
conn, reply = t.send({auth = "agent", port = base + 4})
t.check(reply == SMFIR_ACCEPT, "on-error accept: accepted")
mt.disconnect(conn)

t.finish()
