#!/bin/bash
# faults.sh REPLYGUARD POLICYDIR WORKDIR [sanitizers]
#
# replyguard failing around a private Postfix, and nothing lost:
#   - start-up refusals: unwritable pid file, bad socket, unknown user
#   - -u drops privileges
#   - killed in the middle of a message: the SMTP client gets a 4xx and
#     keeps the message; sendmail(1) mail waits in the queue; after a
#     restart both go through exactly once
#   - a slow client (a line every 0.3 s) does not hold up a fast one
#   - 50 concurrent SMTP sessions with SIGHUPs under load: every message
#     accepted, the daemon alive, its heap in use and its RSS flat
# Needs root, postfix, swaks, smtp-source; skips (77) without them.
set -u
umask 022
rg=$(realpath "$1") policies=$(realpath "$2") work=$3 sanitizers=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../contrib/private-postfix.sh"
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
for tool in postfix swaks smtp-sink smtp-source; do
    command -v "$tool" >/dev/null || { echo "SKIP: no $tool"; exit 77; }
done
mkdir -p "$work"; work=$(realpath "$work")/faults
rm -rf "$work"; mkdir -p "$work"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok   $*"; }

base=$(pf_pick_ports 5)
mport=$((base + 2)) sport=$((base + 3))
conf=$work/replyguard.conf
printf '[engine]\npolicy-dir = %s\n[milter]\ncheck-daemons = ORIGINATING\nstats-listen = 127.0.0.1:%s\n' \
    "$policies" "$sport" >"$conf"

# ---- start-up refusals ------------------------------------------------------
rc=0; err=$("$rg" -f -c "$conf" -p "inet:$mport@127.0.0.1" -P /nonexistent/dir/rg.pid 2>&1) || rc=$?
[ "$rc" = 73 ] && [[ $err == *"cannot write pid file"* ]] && ok "unwritable pid file refused" ||
    fail "unwritable pid file: status $rc [$err]"
rc=0; err=$(timeout 10 "$rg" -f -c "$conf" -p "bogus:whatever" 2>&1) || rc=$?
# a spec that is no socket at all is a usage error, named before any file is made
[ "$rc" = 64 ] && [[ $err == *"not unix:PATH"* ]] && ok "bad socket refused" ||
    fail "bad socket: status $rc [$err]"
rc=0; err=$(timeout 10 "$rg" -f -c "$conf" -p "inet:$mport@127.0.0.1" -u no-such-user-x 2>&1) || rc=$?
[ "$rc" = 77 ] && ok "unknown user refused" || fail "unknown user: status $rc [$err]"

# ---- privileges dropped with -u -------------------------------------------
"$rg" -f -c "$conf" -p "inet:$mport@127.0.0.1" -u nobody 2>"$work/nobody.log" &
pid=$!
pf_wait_port "$mport" 10
uid=$(awk '/^Uid:/ { print $2 "," $3 "," $4 "," $5 }' "/proc/$pid/status")
want=$(id -u nobody)
[ "$uid" = "$want,$want,$want,$want" ] && ok "-u nobody: running as uid $want" || fail "-u nobody: Uid $uid"
kill "$pid"; wait "$pid" 2>/dev/null

# ---- killed in the middle of a message ------------------------------------
pf_setup "$work/postfix" "$base" "$((base + 1))" "inet:127.0.0.1:$mport"
cat >>"$PF_ETC/main.cf" <<EOF2
milter_connect_timeout = 5s
milter_command_timeout = 5s
milter_content_timeout = 5s
EOF2
rg_pid=
start_rg() {
    "$rg" -f -c "$conf" -p "inet:$mport@127.0.0.1" 2>>"$work/replyguard.log" &
    rg_pid=$!
    pf_wait_port "$mport" 10
}
cleanup() { pf_stop; pf_sink_stop; [ -n "$rg_pid" ] && kill "$rg_pid" 2>/dev/null; }
trap cleanup EXIT
start_rg && pf_sink_start && pf_start || exit 1

msg="From: Ann Lee <ann@shop.example>
To: c@customer.example
Subject: Re: Order 300457
X-Test-Id: mid-kill

Thank you for your message. I am sorry for the delay.

Kind regards,
Ann Lee
Support Specialist
+44 20 7946 0000"
kill -STOP "$rg_pid"
swaks --server "127.0.0.1:$base" --from agent@shop.example --to c@customer.example \
    --data "$msg" >"$work/swaks-kill.out" 2>&1 &
swaks_pid=$!
printf '%s\n' "${msg/mid-kill/pipe-kill}" | pf_sendmail -f agent@shop.example c@customer.example &
# both messages are at the (stopped) milter: smtpd's and cleanup's sessions
pf_wait_connections "$mport" 2 20 || fail "killed mid-message: the milter was never reached"
kill -KILL "$rg_pid"; wait "$rg_pid" 2>/dev/null; rg_pid=
wait "$swaks_pid"
grep -q '^<\*\* *4[0-9][0-9]' "$work/swaks-kill.out" && ok "killed mid-message: SMTP client got 4xx" ||
    fail "killed mid-message: $(grep '^<' "$work/swaks-kill.out" | tail -3)"
# the sendmail(1) message stays in maildrop: cleanup refuses it for now
pf_wait_log "$PF_LOG" "from localhost[127.0.0.1]: 4.7.1 Service unavailable" 1 30 ||
    fail "killed mid-message: cleanup did not tempfail the sendmail(1) message"
[ -z "$(grep -l 'X-Test-Id: mid-kill' "$PF_SINK"/* 2>/dev/null)" ] || fail "delivered unchecked while replyguard was dead"
start_rg
swaks --server "127.0.0.1:$base" --from agent@shop.example --to c@customer.example \
    --data "$msg" >"$work/swaks-retry.out" 2>&1 || fail "retry after restart refused"
postkick -c "$PF_ETC" public pickup W 2>/dev/null
pf_postqueue -f 2>/dev/null
for ((t = 0; t < 300; t++)); do
    [ "$(grep -l 'X-Test-Id: pipe-kill' "$PF_SINK"/* 2>/dev/null | wc -l)" -ge 1 ] &&
        [ "$(grep -l 'X-Test-Id: mid-kill' "$PF_SINK"/* 2>/dev/null | wc -l)" -ge 1 ] && break
    sleep 0.2
done
pf_wait_idle 30
n1=$(grep -l 'X-Test-Id: mid-kill' "$PF_SINK"/* 2>/dev/null | wc -l)
n2=$(grep -l 'X-Test-Id: pipe-kill' "$PF_SINK"/* 2>/dev/null | wc -l)
[ "$n1" = 1 ] && ok "SMTP message delivered exactly once after restart" || fail "SMTP message delivered $n1 times"
[ "$n2" = 1 ] && ok "sendmail(1) message delivered exactly once after restart" || fail "sendmail(1) message delivered $n2 times"

# ---- a slow client does not hold up others ---------------------------------
# reply CODE: read one (multi-line) SMTP reply from fd 5, want CODE
reply() {
    local line
    while IFS= read -r -t 10 -u 5 line; do
        line=${line%$'\r'}
        [[ $line == "$1 "* ]] && return 0
        [[ $line == "$1-"* ]] || { echo "unexpected: $line"; return 1; }
    done
    echo "no reply"; return 1
}
slow_client() {
    exec 5<>"/dev/tcp/127.0.0.1/$base" || return 1
    reply 220 && printf 'EHLO slow.example\r\n' >&5 && reply 250 &&
        printf 'MAIL FROM:<agent@shop.example>\r\n' >&5 && reply 250 &&
        printf 'RCPT TO:<c@customer.example>\r\n' >&5 && reply 250 &&
        printf 'DATA\r\n' >&5 && reply 354 || return 1
    : >"$work/slow-in-data"
    while IFS= read -r line; do
        printf '%s\r\n' "${line/mid-kill/slow-client}" >&5
        sleep 0.3
    done <<<"$msg"
    printf '.\r\n' >&5 && reply 250 && printf 'QUIT\r\n' >&5
    exec 5>&-
}
slow_client >"$work/slow.out" 2>&1 &
slow=$!
# the slow client is in its DATA phase before the fast one starts
for ((t = 0; t < 200; t++)); do [ -e "$work/slow-in-data" ] && break; sleep 0.05; done
t0=$(date +%s.%N)
swaks --server "127.0.0.1:$base" --from agent@shop.example --to c@customer.example \
    --data "${msg/mid-kill/fast-client}" >"$work/swaks-fast.out" 2>&1 || fail "fast client refused"
fast=$(awk -v s="$t0" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
kill -0 "$slow" 2>/dev/null && ok "fast client done in ${fast}s while the slow one still sends" ||
    fail "the slow client finished before the fast one"
wait "$slow" && ok "slow client (0.3 s a line) accepted" || fail "slow client: $(cat "$work/slow.out")"
pf_wait_idle 30
for id in slow-client fast-client; do
    n=$(grep -l "X-Test-Id: $id" "$PF_SINK"/* 2>/dev/null | wc -l)
    [ "$n" = 1 ] && ok "$id delivered once" || fail "$id delivered $n times"
done

# ---- 50 concurrent sessions, SIGHUP under load, memory flat ----------------
metrics() { curl -s --max-time 10 "http://127.0.0.1:$sport/metrics"; }
# gauge NAME: a memory gauge from /metrics, in KB
gauge() { metrics | awk -v n="$1" '$1 == n { printf "%d\n", $2 / 1024 }'; }
# reloads: reloads done so far, ok or refused
reloads() { metrics | awk '$1 ~ /^replyguard_reloads_total/ { n += $2 } END { print n + 0 }'; }
# load N: 50 sessions, N messages of 4 KB, a SIGHUP every 0.5 s
all_hups=0
load() {
    local src hups=0 start=$(date +%s) before after
    # smtp-source's text has no apology: its messages are held, not delivered
    before=$(( $(find "$PF_SINK" -type f | wc -l) + $(pf_queue_count hold) ))
    smtp-source -s 50 -m "$1" -l 4096 -f agent@shop.example -t c@customer.example \
        "127.0.0.1:$base" >"$work/source.out" 2>&1 &
    src=$!
    while kill -0 "$src" 2>/dev/null; do
        kill -HUP "$rg_pid" && hups=$((hups + 1))
        sleep 0.5
    done
    all_hups=$((all_hups + hups))
    wait "$src" && ! grep -qi 'error\|fatal' "$work/source.out" &&
        ok "50 sessions x $1 messages in $(($(date +%s) - start))s, $hups SIGHUPs: no client error" ||
        fail "load: $(head -3 "$work/source.out")"
    pf_wait_idle 120
    after=$(( $(find "$PF_SINK" -type f | wc -l) + $(pf_queue_count hold) ))
    [ $((after - before)) = "$1" ] && ok "$1 messages delivered or held" ||
        fail "delivered or held $((after - before)) of $1"
}
# settle: the reloads asked for are done one after the other, and may still
# be compiling a config when the load ends; Postfix's smtpd processes keep
# their milter sessions open between messages, and a Postfix reload ends
# them.  What is measured next is what the daemon keeps at rest.
settle() {
    local i
    for ((i = 0; i < 600; i++)); do
        [ "$(reloads)" -ge "$all_hups" ] && break
        sleep 0.1
    done
    [ "$(reloads)" -ge "$all_hups" ] || fail "$(reloads) of $all_hups reloads done after 60 s"
    postfix -c "$PF_ETC" reload >/dev/null 2>&1
    pf_wait_no_connections "$mport" 60 || fail "milter sessions still open"
}
load 500
settle
heap0=$(gauge replyguard_heap_in_use_bytes) rss0=$(gauge process_resident_memory_bytes)
load 3000
settle
heap1=$(gauge replyguard_heap_in_use_bytes) rss1=$(gauge process_resident_memory_bytes)
load 3000
settle
heap2=$(gauge replyguard_heap_in_use_bytes) rss2=$(gauge process_resident_memory_bytes)
kill -0 "$rg_pid" 2>/dev/null && ok "daemon alive after the load" || fail "daemon died under load"
grep -q "error:" "$work/replyguard.log" && fail "errors in the log: $(grep -m3 'error:' "$work/replyguard.log")"
n=$(grep -c "reloaded" "$work/replyguard.log")
[ "$n" -ge 10 ] && ok "$n reloads under load" || fail "only $n reloads"
# The heap in use is malloc's own count: deaf to fragmentation, it stays
# within 512 KB over 3000 more messages and 20 more reloads unless something
# leaks (about 170 bytes a message; an engine is 1.6 MB of heap).  The
# resident size moves by several MB as malloc's per-thread arenas grow and
# shrink; a leaked engine's JIT code and prefilter database (about 7 MB
# resident) over 20 reloads would add far more than 32 MB.  Neither is
# judged under AddressSanitizer, whose own allocator keeps freed memory.
if [ -n "$sanitizers" ]; then
    echo "memory under the sanitizers, not judged: RSS ${rss0} KB, ${rss1} KB, ${rss2} KB"
elif [ -z "$heap1" ] || [ -z "$heap2" ] || [ -z "$rss2" ]; then
    fail "no memory gauges from /metrics: [$heap1] [$heap2] [$rss2]"
else
    [ $((heap2 - heap1)) -lt 512 ] && ok "heap in use flat: ${heap0} KB, ${heap1} KB, ${heap2} KB" ||
        fail "heap in use grew: ${heap0} KB, ${heap1} KB, ${heap2} KB"
    [ $((rss2 - rss1)) -lt 32768 ] && ok "RSS within bounds: ${rss0} KB, ${rss1} KB, ${rss2} KB" ||
        fail "RSS grew: ${rss0} KB, ${rss1} KB, ${rss2} KB"
fi

echo "faults: $failures failure(s)"
[ "$failures" = 0 ]
