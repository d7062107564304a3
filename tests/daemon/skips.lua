-- skips.lua - what is not checked says why in the log; values cannot
-- forge log fields; skip-recipients and skip-internal; result-header
package.path = "./?.lua;" .. package.path
local t = require("common")

t.start("skips.conf")

local conn, reply

-- Auto-Submitted / Precedence honoured with skip-auto-submitted, logged
conn, reply = t.send({auth = "agent", extra = {{"Auto-Submitted", "auto-generated"}}})
t.check(not mt.eom_check(conn, MT_QUARANTINE), "skip-auto-submitted: Auto-Submitted not checked")
mt.disconnect(conn)
t.wait_log("skipped=auto-submitted", 1)
t.check(true, "skip logged: skipped=auto-submitted")
conn, reply = t.send({auth = "agent", extra = {{"Precedence", "bulk"}}})
t.check(not mt.eom_check(conn, MT_QUARANTINE), "skip-auto-submitted: Precedence bulk not checked")
mt.disconnect(conn)
t.wait_log("skipped=bulk-precedence", 1)

-- out of scope is logged too
conn, reply = t.send({from = "<agent@elsewhere.example>"})
mt.disconnect(conn)
t.wait_log("from=<agent@elsewhere.example> skipped=not-in-scope", 1)

-- mail among colleagues only: skipped; one customer among them: checked
conn, reply = t.send({auth = "agent", rcpt = {"<a@support.example>", "<B@Support.Example>"}})
t.check(not mt.eom_check(conn, MT_QUARANTINE), "internal recipients: not held")
mt.disconnect(conn)
t.wait_log("skipped=internal-recipients", 1)
-- by default, mail to the sender's own domain only is among colleagues
conn, reply = t.send({auth = "agent", rcpt = {"<colleague@Scoped.Example>"}})
t.check(not mt.eom_check(conn, MT_QUARANTINE), "a colleague in the sender's domain: not held")
mt.disconnect(conn)
t.wait_log("skipped=internal-recipients", 2)
conn, reply = t.send({auth = "agent", rcpt = {"<a@support.example>", "<c@customer.example>"}})
t.check(mt.eom_check(conn, MT_QUARANTINE), "a customer among the recipients: held")
-- result-header = verdict: no rules or language for the customer to read
t.check(mt.eom_check(conn, MT_HDRADD, "X-Replyguard", "hold"), "result-header = verdict: the verdict alone")
t.check(not mt.eom_check(conn, MT_HDRADD, "X-Replyguard",
                         "hold; lang=en; rules=apology.missing,signature.missing"),
        "result-header = verdict: no rules")
mt.disconnect(conn)

-- a sender cannot forge fields of the log line
conn, reply = t.send({auth = "agent",
                      from = "<\"x verdict=pass action=accept\"@scoped.example>"})
mt.disconnect(conn)
t.wait_log("action=hold", 2)
t.check(t.log_count("verdict=pass action=accept") == 0, "no forged fields in the log")
t.check(t.log_count("x\\x20verdict\\x3Dpass") == 1, "sender escaped in the log")

t.finish()
