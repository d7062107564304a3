#!/bin/bash
# startup.sh REPLYGUARD POLICYDIR
#
# Starting and stopping replyguard: bad socket specs refused before any
# file is made, a port in use named, -n checking the user, group, socket
# and sendmail; the pid file never followed through a symlink, locked so
# a second instance refuses to start and leaves the first one's pid file
# and socket alone; a SIGHUP at start-up does not kill it; the pid file
# goes after a reload; the unix socket gets socket-mode and socket-group;
# a session silent for idle-timeout is closed, one that keeps talking is
# not.
set -u
umask 022
rg=$(realpath "$1") policies=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
pids=()
cleanup() {
    local p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
cd "$work" || exit 1
failures=0
ok() { echo "ok   $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
printf '[engine]\npolicy-dir = %s\n' "$policies" >c.conf
. "$here/../../contrib/private-postfix.sh"
port=$(pf_pick_ports 2)

# wait_text FILE TEXT: until FILE holds TEXT (5 s)
wait_text() {
    local i
    for ((i = 0; i < 100; i++)); do
        grep -q -F -- "$2" "$1" 2>/dev/null && return 0
        sleep 0.05
    done
    return 1
}
# start NAME ARGS...: replyguard -f in the background, $! in pids; waits
# until it listens
start() {
    local name=$1
    shift
    "$rg" -f -c c.conf "$@" 2>"$name.err" &
    pids+=($!)
    last=$!
    wait_text "$name.err" "listening on"
}

# -p garbage: refused, and no ./garbage made
rc=0
timeout 5 "$rg" -f -c c.conf -p garbage 2>garbage.err || rc=$?
if [ "$rc" = 64 ] && [ ! -e garbage ] && grep -q 'not unix:PATH' garbage.err; then
    ok "-p garbage refused, no file"
else
    fail "-p garbage: status $rc, $(ls) $(cat garbage.err)"
fi

# a port in use: the reason named
exec 9< <(exec python3 -c "import socket,time,sys
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', $port)); s.listen(); print('up', flush=True); time.sleep(30)")
holder=$!
pids+=("$holder")
read -r _ <&9
rc=0
timeout 10 "$rg" -f -c c.conf -p "inet:$port@127.0.0.1" 2>inuse.err || rc=$?
if [ "$rc" = 69 ] && grep -q 'Address already in use' inuse.err; then
    ok "port in use named"
else
    fail "port in use: status $rc, [$(cat inuse.err)]"
fi
exec 9<&-
kill "$holder" 2>/dev/null      # the port is no longer needed

# a missing socket folder (no /run/replyguard): the reason on stderr
rc=0
timeout 10 "$rg" -f -c c.conf -p unix:/nonexistent-rg/rg.sock 2>nodir.err || rc=$?
if [ "$rc" = 69 ] && grep -q 'no folder /nonexistent-rg' nodir.err; then
    ok "missing socket folder named"
else
    fail "missing socket folder: status $rc, [$(cat nodir.err)]"
fi

# -n checks what it can
expect_n() {  # expect_n NAME TEXT ARGS... (status 78, or $want)
    local name=$1 text=$2 rc=0 out
    shift 2
    out=$("$rg" -n "$@" 2>&1) || rc=$?
    if [ "$rc" = "${want:-78}" ] && [[ $out == *"$text"* ]]; then ok "-n: $name"
    else fail "-n: $name: status $rc [$out]"; fi
}
expect_n "unknown user" 'no such user' -c c.conf -u no-such-user-rg
expect_n "bad socket" 'not unix:PATH' -c c.conf -p garbage
want=0 expect_n "socket folder missing: a warning" 'warning: socket' -c c.conf -p unix:/nonexistent/dir/rg.sock
printf '[engine]\npolicy-dir = %s\n[milter]\nnotice = yes\nsendmail = /nonexistent/sendmail\n' \
    "$policies" >notice.conf
expect_n "sendmail missing" 'not an executable' -c notice.conf
printf '[engine]\npolicy-dir = %s\n[milter]\nsocket-group = no-such-group-rg\n' \
    "$policies" >group.conf
expect_n "unknown socket group" 'no such group' -c group.conf
printf '[engine]\npolicy-dir = %s\n[milter]\nsocket-mode = 0777\n' "$policies" >mode.conf
expect_n "bad socket mode" 'socket-mode' -c mode.conf

# the pid file is never followed through a symlink
echo keep >target
ln -s "$work/target" link.pid
rc=0
timeout 10 "$rg" -f -c c.conf -p "unix:$work/s0.sock" -P link.pid 2>link.err || rc=$?
if [ "$rc" != 0 ] && [ "$(cat target)" = keep ] && grep -q 'symbolic link' link.err; then
    ok "pid file symlink refused"
else
    fail "pid file symlink: status $rc, target [$(cat target)], [$(cat link.err)]"
fi

# one instance per pid file; the second leaves the first one's file alone
if start a -p "unix:$work/a.sock" -P "$work/a.pid"; then
    a=$last
    rc=0
    timeout 10 "$rg" -f -c c.conf -p "unix:$work/b.sock" -P a.pid 2>b.err || rc=$?
    if [ "$rc" != 0 ] && [ "$(cat a.pid 2>/dev/null)" = "$a" ] &&
        grep -q 'already running' b.err; then
        ok "second instance refused, first one's pid file kept"
    else
        fail "second instance on a.pid: status $rc, a.pid [$(cat a.pid)] want $a, [$(cat b.err)]"
        kill "$(cat a.pid 2>/dev/null)" 2>/dev/null
    fi
    # a second instance on the same unix socket does not take it over
    ino=$(stat -c %i a.sock)
    rc=0
    timeout 10 "$rg" -f -c c.conf -p "unix:$work/a.sock" -P c.pid 2>c.err || rc=$?
    if [ "$rc" != 0 ] && [ -S a.sock ] && [ "$(stat -c %i a.sock)" = "$ino" ] &&
        grep -q 'another milter is listening' c.err && [ ! -e c.pid ]; then
        ok "live socket not taken over"
    else
        fail "second instance on a.sock: status $rc, [$(cat c.err)]"
    fi
    # the pid file and socket go at the end, after a reload too
    kill -HUP "$a"
    wait_text a.err "reloaded" || fail "no reload line"
    kill -TERM "$a"
    wait "$a" 2>/dev/null
    if [ ! -e a.pid ] && [ ! -e a.sock ]; then ok "pid file and socket removed after a reload"
    else fail "after SIGHUP and SIGTERM: $(ls)"; fi
else
    fail "first instance did not start: $(cat a.err)"
fi

# a SIGHUP as soon as the program runs does not kill it
"$rg" -f -c c.conf -p "unix:$work/h.sock" 2>h.err &
h=$!
pids+=($h)
# once main() has blocked SIGHUP (SigBlk bit 0; before that no program
# can keep it, and a sanitizer build takes long to reach main())
for ((i = 0; i < 4000; i++)); do
    blk=$(awk '/^SigBlk:/ { print $2 }' "/proc/$h/status" 2>/dev/null)
    [ -n "$blk" ] && (( 0x$blk & 1 )) && break
done
kill -HUP "$h"
wait_text h.err "listening on"
sleep 0.3
if kill -0 "$h" 2>/dev/null; then ok "SIGHUP at start-up survived"
else wait "$h"; fail "SIGHUP at start-up: exit $?, [$(cat h.err)]"; fi
kill "$h" 2>/dev/null

# socket-mode and socket-group on the unix socket
group=$(id -gn)
printf '[engine]\npolicy-dir = %s\n[milter]\nsocket-mode = 0660\nsocket-group = %s\n' \
    "$policies" "$group" >sock.conf
"$rg" -f -c sock.conf -p "unix:$work/m.sock" 2>m.err &
pids+=($!)
wait_text m.err "listening on"
if [ "$(stat -c '%a %G' m.sock 2>/dev/null)" = "660 $group" ]; then
    ok "socket mode 0660, group $group"
else
    fail "socket: [$(stat -c '%a %G' m.sock 2>&1)], want [660 $group]"
fi
if [ "$(id -u)" = 0 ] && getent group postfix >/dev/null && id nobody >/dev/null 2>&1; then
    # the default: 0660 and group postfix, whatever the umask, for -u
    "$rg" -f -c c.conf -u nobody -p "unix:$work/d.sock" 2>d.err &
    pids+=($!)
    wait_text d.err "listening on"
    if [ "$(stat -c '%a %G' d.sock 2>/dev/null)" = "660 postfix" ]; then
        ok "default socket 0660 group postfix"
    else
        fail "default socket: [$(stat -c '%a %G' d.sock 2>&1)], want [660 postfix]"
    fi
fi

# idle-timeout: libmilter's worker pool never ends a silent session; the
# daemon shuts down a session silent for idle-timeout (here 2 s), before
# or after negotiation, and leaves one that keeps sending commands alone
printf '[engine]\npolicy-dir = %s\n[milter]\nidle-timeout = 2\n' "$policies" >idle.conf
"$rg" -f -c idle.conf -p "inet:$((port + 1))@127.0.0.1" 2>idle.err &
pids+=($!)
wait_text idle.err "listening on"
optneg='\0\0\0\015O\0\0\0\006\0\0\001\377\0\037\377\377'
connect='\0\0\0\030Clocalhost\0004\0\031127.0.0.1\0'
mailfrom='\0\0\0\023M<agent@a.example>\0'
abort='\0\0\0\001A'
# at_eof FD SECONDS: the peer closed FD within SECONDS
at_eof() {
    local junk rc
    while :; do
        IFS= read -r -t "$2" -u "$1" junk
        rc=$?
        [ "$rc" = 0 ] || break
    done
    [ "$rc" -le 128 ]     # 1: end of file; over 128: timed out
}
exec 5<>"/dev/tcp/127.0.0.1/$((port + 1))"       # says nothing at all
exec 6<>"/dev/tcp/127.0.0.1/$((port + 1))"       # negotiates, then nothing
exec 7<>"/dev/tcp/127.0.0.1/$((port + 1))"       # a message every second
printf "$optneg$connect" >&6
printf "$optneg$connect$mailfrom" >&7
started=$SECONDS
for i in 1 2 3 4 5; do sleep 1; printf "$abort$mailfrom" >&7; done
if ! at_eof 7 0.5; then
    ok "a session starting a message every second stays open for 5 s"
else
    fail "a session that kept talking was closed"
fi
printf '\0\0\0\001Q' >&7
exec 7>&-
if at_eof 5 3 && at_eof 6 3; then
    ok "silent sessions closed after idle-timeout ($((SECONDS - started)) s)"
else
    fail "a silent session is still open after $((SECONDS - started)) s"
fi
if [ "$(grep -c 'session closed: silent for 2 s (idle-timeout)' idle.err)" = 2 ]; then
    ok "each closed session logged"
else
    fail "idle log lines: $(grep -c 'idle-timeout' idle.err), want 2"
fi
exec 5>&- 6>&-

echo "startup: $failures failure(s)"
[ "$failures" = 0 ]
