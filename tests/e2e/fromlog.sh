#!/bin/bash
# fromlog.sh REPLYGUARD CHECK POLICYDIR WORKDIR CORPUSDIR...
#
# replyguard-check --from-log over the log of an end-to-end run equals
# --summary over the same messages: replyguard (monitor mode, so every
# message is delivered and logged once) in front of a private Postfix on
# loopback, every corpus message (dated today, so that the day of its
# Date header is the day it is logged) sent over SMTP with its From
# address as the envelope sender; then --from-log must print exactly the
# tables of --summary over the files (verdicts, rules, senders, days).  The syslog and
# journalctl export shapes of the same lines give the same tables.
# Needs root, postfix, swaks and smtp-sink; skips (77) without them.
set -u
umask 022
rg=$(realpath "$1") check=$(realpath "$2") policies=$(realpath "$3") work=$4
shift 4
mkdir -p "$work"; work=$(realpath "$work")
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../contrib/private-postfix.sh"

[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
for tool in postfix swaks smtp-sink; do
    command -v "$tool" >/dev/null || { echo "SKIP: no $tool"; exit 77; }
done

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
RG_PID=
cleanup() {
    pf_stop
    pf_sink_stop
    [ -n "$RG_PID" ] && kill "$RG_PID" 2>/dev/null && wait "$RG_PID" 2>/dev/null
    RG_PID=
}
trap cleanup EXIT

run=$work/fromlog
rm -rf "$run"; mkdir -p "$run"
base=$(pf_pick_ports 5) || { echo "SKIP: no free ports"; exit 77; }
pf_setup "$run/postfix" "$base" "$((base + 1))" "inet:127.0.0.1:$((base + 2))"
conf=$run/replyguard.conf
printf '[engine]\npolicy-dir = %s\n[milter]\ncheck-daemons = ORIGINATING\nmode = monitor\n' \
    "$policies" >"$conf"
"$rg" -f -c "$conf" -p "inet:$((base + 2))@127.0.0.1" 2>"$run/replyguard.log" &
RG_PID=$!
pf_wait_port "$((base + 2))" 20 && pf_sink_start && pf_start || { fail "setup"; exit 1; }

# the messages with a From address, and that address as GMime reads it;
# each copy dated now
files=() senders=()
now=$(date -R) k=0
mkdir -p "$run/msgs"
for dir in "$@"; do
    for src in "$dir"/*.eml; do
        [ -f "$src" ] || continue
        k=$((k + 1)) f=$run/msgs/$k-$(basename "$src")
        awk -v d="$now" 'NR == 1 { cr = /\r$/ ? "\r" : ""; print "Date: " d cr }
            h == 0 && /^\r?$/ { h = 1 }
            h == 0 && /^[Dd]ate:/ { skip = 1; next }
            h == 0 && skip && /^[ \t]/ { next }
            { skip = 0; print }' "$src" >"$f"
        s=$("$check" -c "$conf" --summary --format json "$f" |
            sed -n 's/.*"senders":{"\([^"]*\)".*/\1/p')
        [ -n "$s" ] && [ "$s" != "(unknown)" ] || continue
        files+=("$f") senders+=("$s")
    done
done
n=${#files[@]}
[ "$n" -gt 20 ] || fail "only $n messages"
for ((i = 0; i < n; i++)); do
    swaks --server "127.0.0.1:$PF_SMTP_PORT" --from "${senders[i]}" \
        --to "customer-$i@customers.example" --data "${files[i]}" \
        >"$run/swaks-$i.out" 2>&1 || fail "${files[i]}: swaks failed"
done
pf_wait_log "$run/replyguard.log" " verdict=" "$n" 60 || fail "not every message logged"
pf_wait_idle 60 || fail "queue not idle"

"$check" -c "$conf" --summary "${files[@]}" >"$run/summary.txt"
"$check" --from-log "$run/replyguard.log" >"$run/fromlog.txt"
if cmp -s "$run/summary.txt" "$run/fromlog.txt"; then
    echo "ok   --from-log over $n logged messages equals --summary"
else
    fail "--from-log differs from --summary"
    diff "$run/summary.txt" "$run/fromlog.txt" | head -20
fi
# the tables without the per-day one (syslog lines carry no year)
no_days() { awk '/^day / { exit } { print }' | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'; }
no_days <"$run/fromlog.txt" >"$run/fromlog-tables.txt"
today=$(date +%F)
grep -Eq "^$today +$n " "$run/fromlog.txt" || fail "no day row $today with $n messages: $(grep -A3 '^day' "$run/fromlog.txt")"

# the same lines as syslog and as a journal export say the same
host=$(hostname)
sed -E "s/^[0-9-]+ ([0-9:]+) /$(LC_ALL=C date +'%b %e') \1 $host /" \
    "$run/replyguard.log" >"$run/syslog"
"$check" --from-log "$run/syslog" | no_days >"$run/syslog.txt"
cmp -s "$run/fromlog-tables.txt" "$run/syslog.txt" || fail "syslog lines: other tables"
awk -v t="$(date +%s)000000" '{ sub(/^[0-9-]+ [0-9:]+ replyguard\[[0-9]+\]: /, "");
    printf "__CURSOR=s=%d\n__REALTIME_TIMESTAMP=%s\nSYSLOG_IDENTIFIER=replyguard\nMESSAGE=%s\n\n", NR, t, $0 }' \
    "$run/replyguard.log" >"$run/export"
"$check" --from-log "$run/export" >"$run/export.txt"
cmp -s "$run/fromlog.txt" "$run/export.txt" || fail "journal export: other tables"
grep -Eq "^$today +$n " "$run/export.txt" || fail "journal export: no day row"

[ "$failures" = 0 ] && echo "ok   --from-log"
exit $((failures > 0))
