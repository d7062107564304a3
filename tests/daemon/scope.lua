-- scope.lua - which mail is checked, header removal, hold and pass
package.path = "./?.lua;" .. package.path
local t = require("common")

t.start("enforce.conf")

local conn, reply

-- not authenticated, unknown daemon, unlisted sender: untouched
conn, reply = t.send({from = "<agent@elsewhere.example>"})
t.check(t.delivered(reply), "out of scope: delivered")
t.check(not mt.eom_check(conn, MT_HDRADD, "X-Replyguard"), "out of scope: no header")
t.check(not mt.eom_check(conn, MT_QUARANTINE), "out of scope: not held")
mt.disconnect(conn)

-- authenticated submission: checked and held, with header and reason
conn, reply = t.send({from = "<agent@elsewhere.example>", auth = "agent"})
t.check(t.delivered(reply), "auth: accepted into the queue")
t.check(mt.eom_check(conn, MT_QUARANTINE,
                     "replyguard: apology.missing,signature.missing"),
        "auth: held with the rules as reason")
t.check(mt.eom_check(conn, MT_HDRADD, "X-Replyguard",
                     "hold; lang=en; rules=apology.missing,signature.missing"),
        "auth: result header")
mt.disconnect(conn)

-- listed daemon name
conn, reply = t.send({from = "<agent@elsewhere.example>", daemon = "ORIGINATING"})
t.check(mt.eom_check(conn, MT_QUARANTINE), "daemon ORIGINATING: held")
mt.disconnect(conn)
conn, reply = t.send({from = "<agent@elsewhere.example>", daemon = "INBOUND"})
t.check(not mt.eom_check(conn, MT_QUARANTINE), "daemon INBOUND: not checked")
mt.disconnect(conn)

-- listed sender domain and address
conn, reply = t.send({from = "<Agent@Scoped.Example>"})
t.check(mt.eom_check(conn, MT_QUARANTINE), "sender domain: held")
mt.disconnect(conn)
conn, reply = t.send({from = "<one@listed.example>"})
t.check(mt.eom_check(conn, MT_QUARANTINE), "sender address: held")
mt.disconnect(conn)
conn, reply = t.send({from = "<two@listed.example>"})
t.check(not mt.eom_check(conn, MT_QUARANTINE), "other address, same domain: not checked")
mt.disconnect(conn)

-- never checked: the null sender; Auto-Submitted and Precedence only
-- with skip-auto-submitted (skips.lua), else a header cannot wave a
-- reply through
conn, reply = t.send({from = "<>", auth = "agent"})
t.check(t.delivered(reply) and not mt.eom_check(conn, MT_HDRADD, "X-Replyguard"),
        "null sender: not checked")
mt.disconnect(conn)
conn, reply = t.send({auth = "agent", extra = {{"Auto-Submitted", "auto-replied"}}})
t.check(mt.eom_check(conn, MT_QUARANTINE), "Auto-Submitted: auto-replied: checked by default")
mt.disconnect(conn)
conn, reply = t.send({auth = "agent", extra = {{"Auto-Submitted", "no"}}})
t.check(mt.eom_check(conn, MT_QUARANTINE), "Auto-Submitted: no: checked")
mt.disconnect(conn)
conn, reply = t.send({auth = "agent", extra = {{"Precedence", "bulk"}}})
t.check(mt.eom_check(conn, MT_QUARANTINE), "Precedence: bulk: checked by default")
mt.disconnect(conn)

-- forged results are removed, in scope or not
conn, reply = t.send({from = "<agent@elsewhere.example>",
                      extra = {{"X-Replyguard", "pass; lang=en"}}})
t.check(mt.eom_check(conn, MT_HDRDELETE, "X-Replyguard"), "forged header removed (out of scope)")
mt.disconnect(conn)
conn, reply = t.send({auth = "agent", body = t.good_body,
                      extra = {{"X-Replyguard-Verdict", "pass"}, {"x-replyguard", "pass"}}})
t.check(mt.eom_check(conn, MT_HDRDELETE, "X-Replyguard-Verdict"), "forged X-Replyguard-Verdict removed")
t.check(mt.eom_check(conn, MT_HDRDELETE, "x-replyguard"), "forged lower-case header removed")

-- a good reply passes with the pass header
t.check(t.delivered(reply), "good reply: delivered")
t.check(mt.eom_check(conn, MT_HDRADD, "X-Replyguard", "pass; lang=en"), "good reply: pass header")
t.check(not mt.eom_check(conn, MT_QUARANTINE), "good reply: not held")
mt.disconnect(conn)

-- the language is detected
conn, reply = t.send({auth = "agent", body = t.bad_body_pl,
                      subject = "Re: Reklamacja 300457"})
t.check(mt.eom_check(conn, MT_HDRADD, "X-Replyguard",
                     "hold; lang=pl; rules=apology.missing,signature.missing"),
        "Polish reply: lang=pl")
mt.disconnect(conn)

t.finish()
