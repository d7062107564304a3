-- notice.lua - the notice of a held reply goes after the eom, never in
-- it; a hanging sendmail is killed with its process group after
-- notice-timeout; the same message held twice gets one notice
package.path = "./?.lua;" .. package.path
local t = require("common")

t.start("notice.conf")
local dir = t.dir

local function exists(path)
    local f = io.open(path, "r")
    if f then f:close() end
    return f ~= nil
end

local function count_notices()
    local p = io.popen("ls " .. dir .. " | grep -c '^notice\\.[0-9]'")
    local n = tonumber(p:read("*l"))
    p:close()
    return n
end

-- a hanging sendmail: the eom answers at once, the hold is logged
os.execute("touch " .. dir .. "/hang")
local before = os.time()
local conn, reply = t.send({auth = "agent", body = t.bad_body .. "first\r\n"})
t.check(os.time() - before <= 2, "hanging sendmail: eom answered at once")
t.check(mt.eom_check(conn, MT_QUARANTINE), "hanging sendmail: held")
mt.disconnect(conn)
t.wait_log("notice not sent: " .. dir .. "/sendmail killed after 1 s", 1)
t.check(true, "hanging sendmail killed after notice-timeout")
mt.sleep(0.2)
local f = io.open(dir .. "/grandchild", "r")
local gc = f and f:read("*l")
if f then f:close() end
-- alive: running or sleeping, not gone nor a zombie waiting for init
local alive = true
if gc ~= nil then
    local p = io.popen("ps -o stat= -p " .. gc)
    local st = p:read("*l")
    p:close()
    alive = st ~= nil and st:sub(1, 1) ~= "Z"
end
t.check(gc ~= nil and not alive,
        "its process group killed too (grandchild " .. tostring(gc) .. ")")

-- a working sendmail; the same message held twice: one notice
os.remove(dir .. "/hang")
for i = 1, 2 do
    conn, reply = t.send({auth = "agent", body = t.bad_body .. "second\r\n"})
    t.check(mt.eom_check(conn, MT_QUARANTINE), "retried message " .. i .. ": held")
    mt.disconnect(conn)
end
t.wait_log("notice sent", 1)
t.wait_log("notice not sent again", 1)
mt.sleep(0.3)
t.check(count_notices() == 1, "one notice for a message held twice (" ..
        tostring(count_notices()) .. ")")

-- at the stop, a running sendmail dies with its process group
os.remove(dir .. "/grandchild")
os.execute("touch " .. dir .. "/hang")
conn, reply = t.send({auth = "agent", body = t.bad_body .. "third\r\n"})
mt.disconnect(conn)
for _ = 1, 100 do
    if exists(dir .. "/grandchild") then break end
    mt.sleep(0.01)
end
local lf = io.open(t.log, "r")
local pid = lf:read("*a"):match("replyguard%[(%d+)%]")
lf:close()
os.execute("kill -TERM " .. pid)
mt.sleep(0.4)
f = io.open(dir .. "/grandchild", "r")
gc = f and f:read("*l")
if f then f:close() end
alive = true
if gc ~= nil then
    local p = io.popen("ps -o stat= -p " .. gc)
    local st = p:read("*l")
    p:close()
    alive = st ~= nil and st:sub(1, 1) ~= "Z"
end
t.check(gc ~= nil and not alive, "SIGTERM: the running sendmail's group killed at once")

t.finish()
