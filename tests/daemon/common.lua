-- common.lua - helpers shared by the replyguard miltertest scripts
--
-- The runner (run.sh) passes RG_BIN, RG_DIR (configs) and RG_PORT.
local M = {}
local unpack = unpack or table.unpack

M.bin = os.getenv("RG_BIN")
M.dir = os.getenv("RG_DIR")
M.port = tonumber(os.getenv("RG_PORT"))
M.failures = 0

-- a reply with no apology and no signature: hold under the defaults
M.bad_body = "Hello,\r\nthe parcel left our warehouse today.\r\n"
-- a reply that passes every rule
M.good_body = "Dear Mr Smith,\r\n\r\nthank you for your message about order 300457. " ..
    "I am sorry that the parcel arrived late. I have sent a replacement today " ..
    "and it will reach you by Friday. If anything is unclear, just reply to " ..
    "this e-mail.\r\n\r\nKind regards,\r\nAnn Lee\r\nCustomer Support Specialist\r\n" ..
    "+44 20 7946 0000\r\n"
M.bad_body_pl = "Dzień dobry,\r\npaczka została dziś wysłana z magazynu.\r\n"

-- start the daemon on a config of RG_DIR (or a path); its log (stderr)
-- goes to RG_DIR/replyguard.log, which wait_log reads
M.log = M.dir .. "/replyguard.log"

function M.start(conf, port)
    port = port or M.port
    local path = conf:sub(1, 1) == "/" and conf or M.dir .. "/" .. conf
    mt.startfilter("/bin/sh", "-c", "exec \"$0\" \"$@\" 2>>" .. M.log, M.bin,
                   "-f", "-c", path, "-p", "inet:" .. port .. "@127.0.0.1")
end

-- lines of the daemon's log holding text (a plain string)
function M.log_count(text)
    local f = io.open(M.log, "r")
    local n = 0
    if f == nil then
        return 0
    end
    for line in f:lines() do
        if line:find(text, 1, true) then
            n = n + 1
        end
    end
    f:close()
    return n
end

-- wait until the log holds at least count lines with text (10 s at most)
function M.wait_log(text, count)
    for _ = 1, 200 do
        if M.log_count(text) >= count then
            return true
        end
        mt.sleep(0.05)
    end
    error("no " .. count .. "x \"" .. text .. "\" in " .. M.log)
end

function M.check(cond, what)
    if cond then
        mt.echo("ok   " .. what)
    else
        mt.echo("FAIL " .. what)
        M.failures = M.failures + 1
    end
end

function M.finish()
    if M.failures > 0 then
        error(M.failures .. " check(s) failed")
    end
end

-- send one message on a new connection; returns the connection and the
-- eom reply.  opts: daemon, auth, from, rcpt (list), headers (list of {name, value}),
-- body, port
function M.send(opts)
    local port = opts.port or M.port
    local conn = mt.connect("inet:" .. port .. "@127.0.0.1", 50, 0.1)
    if conn == nil then
        error("cannot connect to replyguard on port " .. port)
    end
    if opts.daemon then
        mt.macro(conn, SMFIC_CONNECT, "{daemon_name}", opts.daemon)
    end
    assert(mt.conninfo(conn, "localhost", "127.0.0.1") == nil, "conninfo")
    local mail = {"i", "4ABCDE"}
    if opts.auth then
        mail = {"i", "4ABCDE", "{auth_authen}", opts.auth}
    end
    mt.macro(conn, SMFIC_MAIL, unpack(mail))
    assert(mt.mailfrom(conn, opts.from or "<agent@scoped.example>") == nil,
           "mailfrom")
    for _, r in ipairs(opts.rcpt or {"<customer@customer.example>"}) do
        assert(mt.rcptto(conn, r) == nil, "rcptto " .. r)
    end
    local headers = opts.headers or {
        {"From", "Ann Lee <agent@scoped.example>"},
        {"To", "customer@customer.example"},
        {"Subject", opts.subject or "Re: Order 300457 late delivery"},
        {"In-Reply-To", "<q1@customer.example>"},
        {"Content-Type", "text/plain; charset=utf-8"},
    }
    for _, h in ipairs(opts.extra or {}) do
        table.insert(headers, h)
    end
    for _, h in ipairs(headers) do
        assert(mt.header(conn, h[1], h[2]) == nil, "header " .. h[1])
    end
    assert(mt.eoh(conn) == nil, "eoh")
    assert(mt.bodystring(conn, opts.body or M.bad_body) == nil, "body")
    assert(mt.eom(conn) == nil, "eom")
    return conn, mt.getreply(conn)
end

function M.delivered(reply)
    return reply == SMFIR_CONTINUE or reply == SMFIR_ACCEPT
end

function M.header_of(conn)
    return mt.getheader(conn, "X-Replyguard", 0)
end

return M
