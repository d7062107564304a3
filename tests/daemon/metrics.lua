-- metrics.lua - /metrics scraped over HTTP changes as expected after a
-- batch of known messages (pass, flag, hold, reject and a skipped one),
-- after a refused reload and after a good one (counters survive SIGHUP)
package.path = "./?.lua;" .. package.path
local t = require("common")
local live = t.dir .. "/live.conf"
local url = "http://127.0.0.1:" .. os.getenv("RG_STATS_PORT") .. "/metrics"

local function install(conf)
    assert(os.execute("cp " .. t.dir .. "/" .. conf .. " " .. live))
end

-- the metrics as a table: series text -> number
local function scrape(from)
    local p = io.popen("curl -sf --max-time 5 " .. (from or url))
    local m = {}
    for line in p:lines() do
        local series, value = line:match("^([^#][^ ]*) ([0-9.e+-]+)$")
        if series then
            m[series] = tonumber(value)
        end
    end
    p:close()
    return m
end

-- the change of a series between two scrapes (absent counts as 0)
local function delta(before, after, series)
    return (after[series] or 0) - (before[series] or 0)
end

local function expect(before, after, series, want)
    local got = delta(before, after, series)
    t.check(got == want, series .. " +" .. want .. " (got +" .. got .. ")")
end

install("stats.conf")
t.start(live)
t.wait_log("stats listening on", 1)
local m0 = scrape()
t.check(m0["replyguard_reloads_total{result=\"refused\"}"] == 0,
        "a fresh daemon: no reloads")

local conn, reply
-- pass, flag (a profile), hold (the defaults), reject (a profile)
for _, o in ipairs({
    {auth = "agent", body = t.good_body},
    {auth = "agent", from = "<flag@scoped.example>"},
    {auth = "agent"},
    {auth = "agent", from = "<reject@scoped.example>"},
}) do
    conn, reply = t.send(o)
    mt.disconnect(conn)
end
-- skipped: the null sender is never checked
conn, reply = t.send({auth = "agent", from = "<>"})
mt.disconnect(conn)
t.wait_log("verdict=reject", 1)

local m1 = scrape()
expect(m0, m1, 'replyguard_messages_total{verdict="pass",action="accept",language="en"}', 1)
expect(m0, m1, 'replyguard_messages_total{verdict="flag",action="accept",language="en"}', 1)
expect(m0, m1, 'replyguard_messages_total{verdict="hold",action="hold",language="en"}', 1)
expect(m0, m1, 'replyguard_messages_total{verdict="reject",action="reject",language="en"}', 1)
expect(m0, m1, 'replyguard_scope_total{decision="checked",reason=""}', 4)
expect(m0, m1, 'replyguard_scope_total{decision="skipped",reason="null-sender"}', 1)
expect(m0, m1, 'replyguard_findings_total{rule="apology.missing",level="hold"}', 1)
expect(m0, m1, 'replyguard_findings_total{rule="apology.missing",level="flag"}', 1)
expect(m0, m1, 'replyguard_findings_total{rule="apology.missing",level="reject"}', 1)
expect(m0, m1, 'replyguard_profile_messages_total{profile="flagteam"}', 1)
expect(m0, m1, 'replyguard_profile_messages_total{profile="rejectteam"}', 1)
expect(m0, m1, "replyguard_scan_seconds_count", 4)
expect(m0, m1, 'replyguard_scan_seconds_bucket{le="+Inf"}', 4)
expect(m0, m1, 'replyguard_errors_total{action="tempfail"}', 0)
t.check(m1["replyguard_policy_mtime_seconds"] ~= nil and
        m1["replyguard_policy_mtime_seconds"] > 0, "policy mtime present")

-- a refused reload: counted, and nothing else moves
install("stats-broken.conf")
mt.signal(1)
t.wait_log("reload refused", 1)
local m2 = scrape()
expect(m1, m2, 'replyguard_reloads_total{result="refused"}', 1)
expect(m1, m2, 'replyguard_reloads_total{result="ok"}', 0)
expect(m1, m2, 'replyguard_messages_total{verdict="hold",action="hold",language="en"}', 0)
t.check(m2["replyguard_scan_seconds_count"] == m1["replyguard_scan_seconds_count"],
        "refused reload: the counters stay")

-- a good reload: counted; the counters survive and go on counting
install("stats.conf")
mt.signal(1)
t.wait_log("reloaded", 1)
conn, reply = t.send({auth = "agent"})
mt.disconnect(conn)
t.wait_log("verdict=hold", 2)
local m3 = scrape()
expect(m2, m3, 'replyguard_reloads_total{result="ok"}', 1)
expect(m0, m3, 'replyguard_messages_total{verdict="hold",action="hold",language="en"}', 2)
expect(m0, m3, "replyguard_scan_seconds_count", 5)

-- an internal error: counted with the on-error action applied
t.start("stats-error.conf", t.port + 2)
t.wait_log("stats listening on 127.0.0.1:" .. (t.port + 3), 1)
local error_url = "http://127.0.0.1:" .. (t.port + 3) .. "/metrics"
local e0 = scrape(error_url)
conn, reply = t.send({auth = "agent", port = t.port + 2})
mt.disconnect(conn)
t.wait_log("action=tempfail", 1)
local e1 = scrape(error_url)
expect(e0, e1, 'replyguard_errors_total{action="tempfail"}', 1)
expect(e0, e1, "replyguard_scan_seconds_count", 0)

t.finish()
