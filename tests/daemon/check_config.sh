#!/bin/bash
# check_config.sh REPLYGUARD POLICYDIR
#
# replyguard -n: 0 for a good config; 78 with file:line for a bad value, a
# bad pattern, a missing file or a missing policy folder.
set -u
umask 022
rg=$1 policies=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
expect() {  # expect NAME STATUS TEXT CONFIG
    local rc=0 out
    out=$("$rg" -n -c "$4" 2>&1) || rc=$?
    if [ "$rc" = "$2" ] && [[ $out == *"$3"* ]]; then
        echo "ok   $1"
    else
        echo "FAIL: $1: status $rc, output [$out], want $2 and [$3]"
        failures=$((failures + 1))
    fi
}
printf '[engine]\npolicy-dir = %s\n[milter]\nmode = monitor\n' "$policies" >"$work/good.conf"
expect "good config" 0 "good.conf: OK" "$work/good.conf"
printf '[engine]\npolicy-dir = %s\n\n[milter]\nmode = loud\n' "$policies" >"$work/value.conf"
expect "bad value" 78 "value.conf:5:" "$work/value.conf"
printf '[engine]\npolicy-dir = %s\nticket-pattern = (unclosed\n' "$policies" >"$work/pattern.conf"
expect "bad ticket pattern" 78 "pattern.conf" "$work/pattern.conf"
printf '[engine]\npolicy-dir = %s\n[levels]\nno.such-rule = hold\n' "$policies" >"$work/rule.conf"
expect "unknown rule" 78 "rule.conf:4:" "$work/rule.conf"
printf '[engine]\npolicy-dir = %s\n[profile a]\nsenders = a@x.example\n[profile b]\nsenders = x.example\n' "$policies" >"$work/overlap.conf"
expect "overlapping profiles" 0 "warning: profile b overlaps profile a (sender a@x.example): a is chosen" "$work/overlap.conf"
printf '[engine]\npolicy-dir = %s\n[profile a]\nlevels = caps.shouting=off\n' "$policies" >"$work/noselect.conf"
expect "profile selecting nothing" 78 "noselect.conf:3:" "$work/noselect.conf"
printf '[engine]\npolicy-dir = %s\n[milter]\nstats-listen = localhost:x\n' "$policies" >"$work/listen.conf"
expect "bad stats-listen" 78 "stats-listen" "$work/listen.conf"
printf '[engine]\npolicy-dir = %s\n[milter]\nstats-listen = 0.0.0.0:9157\ncheck-api = yes\n' "$policies" >"$work/open.conf"
expect "stats-listen off loopback without a token" 78 "check-token-file" "$work/open.conf"
expect "missing file" 78 "missing.conf" "$work/missing.conf"
printf '[engine]\npolicy-dir = %s/nowhere\n' "$work" >"$work/dir.conf"
expect "missing policy folder" 78 "nowhere" "$work/dir.conf"
echo "check-config: $failures failure(s)"
[ "$failures" = 0 ]
