-- profile.lua - a [profile] changes the verdict of the same message for
-- one sender (or a helpdesk header) and not for another
package.path = "./?.lua;" .. package.path
local t = require("common")

t.start("profile.conf")
-- the legal team's sender: both missing parts only flag
local conn, reply = t.send({auth = "agent", from = "<legal@scoped.example>"})
t.check(t.delivered(reply) and not mt.eom_check(conn, MT_QUARANTINE),
        "profile legal: delivered, not held")
t.check(mt.eom_check(conn, MT_HDRADD, "X-Replyguard",
                     "flag; lang=en; profile=legal; rules=apology.missing,signature.missing"),
        "profile legal: the header names the profile")
mt.disconnect(conn)
t.wait_log("from=<legal@scoped.example> verdict=flag lang=en profile=legal", 1)

-- the same message from another agent: the global levels hold it
conn, reply = t.send({auth = "agent", from = "<agent@scoped.example>"})
t.check(mt.eom_check(conn, MT_QUARANTINE), "no profile: held")
t.check(mt.eom_check(conn, MT_HDRADD, "X-Replyguard",
                     "hold; lang=en; rules=apology.missing,signature.missing"),
        "no profile: no profile in the header")
mt.disconnect(conn)
t.wait_log("from=<agent@scoped.example> verdict=hold lang=en rules=", 1)

-- a header set by the helpdesk selects a profile too
conn, reply = t.send({auth = "agent", from = "<agent@scoped.example>",
                      extra = {{"X-Team", "billing"}}})
t.check(reply == SMFIR_REPLYCODE, "profile billing (X-Team): rejected")
mt.disconnect(conn)
t.wait_log("verdict=reject lang=en profile=billing", 1)

t.finish()
