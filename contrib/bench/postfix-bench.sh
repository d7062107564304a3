#!/bin/bash
# postfix-bench.sh [BUILD_DIR] [MESSAGES] [SESSIONS] [ROUNDS]
#
# Postfix throughput with and without replyguard, side by side in one run:
# a private Postfix on loopback relays to smtp-sink and is driven by
# smtp-source with a 4 KB reply (contrib/samples/1-en-good.eml padded
# with quoted text), MESSAGES (default 5000) over SESSIONS (20), ROUNDS
# (2) times each, configurations alternating:
#   none       no filter
#   null       tests/bench/null-milter: negotiates what replyguard does,
#              receives every header and body chunk, does nothing
#   enforce    replyguard, enforce mode
#   monitor    replyguard, monitor mode
#   body       Postfix body_checks with a PCRE table of the policies' phrases
# Prints messages/s per run; per configuration the median, its ratio to
# "none" and to "null", and the milter process's CPU (user + system, from
# /proc/PID/stat) per message; and replyguard's scan-time percentiles.
# A benchmark, not a test.  Run as root.
set -u
umask 022
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(realpath "${1:-$src/build}")
messages=${2:-5000} sessions=${3:-20} rounds=${4:-2}
. "$src/contrib/private-postfix.sh"
[ "$(id -u)" = 0 ] || { echo "postfix-bench: run as root" >&2; exit 1; }
dir=$build/postfix-bench
rm -rf "$dir"; mkdir -p "$dir"

# the 4 KB reply
msg=$dir/reply.eml
: >"$msg.tmp"
{ cat "$src/contrib/samples/1-en-good.eml"
  while [ "$(wc -c <"$msg.tmp")" -lt 2600 ]; do
      echo "> I ordered the kettle two weeks ago and it has still not arrived." >>"$msg.tmp"
  done; cat "$msg.tmp"; } >"$msg"; rm -f "$msg.tmp"

# body_checks: every phrase pattern of the policies, as a PCRE table
table=$dir/body_checks.pcre
for f in "$src"/policies/*.policy; do
    awk '/^\[/ { g = $0 } g ~ /deflect|impersonal|apology|thanks|contact|voice/ && /^(match|plural|singular)\./ {
        sub(/^[^=]*= /, ""); gsub(/\//, "\\/"); print "/" $0 "/i WARN replyguard phrase" }' "$f"
done >"$table"

rg_pid=
tick=$(getconf CLK_TCK)
# cpu_ms PID: user + system CPU of a process so far, in ms
cpu_ms() {
    awk -v t="$tick" '{ sub(/^.*\) /, ""); print ($12 + $13) * 1000 / t }' "/proc/$1/stat"
}
stop_all() { pf_stop; pf_sink_stop; [ -n "$rg_pid" ] && kill "$rg_pid" 2>/dev/null; wait 2>/dev/null; rg_pid=; }
trap stop_all EXIT

# run CONFIG: one timed run; prints messages/s and the milter's CPU ms
# per message (0 without one)
run() {
    local config=$1 base milter= start end cpu=0
    base=$(pf_pick_ports 5) || return 1
    if [ "$config" = null ]; then
        "$build/tests/null-milter" "inet:$((base + 2))@127.0.0.1" 2>>"$dir/null-milter.log" &
        rg_pid=$!
        pf_wait_port "$((base + 2))" 20 || return 1
        milter="inet:127.0.0.1:$((base + 2))"
    elif [ "$config" = enforce ] || [ "$config" = monitor ]; then
        printf '[engine]\npolicy-dir = %s/policies\n[milter]\ncheck-all = true\nmode = %s\n' \
            "$src" "$config" >"$dir/$config.conf"
        "$build/replyguard" -f -c "$dir/$config.conf" -p "inet:$((base + 2))@127.0.0.1" \
            2>>"$dir/replyguard-$config.log" &
        rg_pid=$!
        pf_wait_port "$((base + 2))" 20 || return 1
        milter="inet:127.0.0.1:$((base + 2))"
    fi
    pf_setup "$dir/pf-$config" "$base" "$((base + 1))" "$milter"
    [ "$config" = body ] && echo "body_checks = pcre:$table" >>"$PF_ETC/main.cf"
    echo "default_destination_concurrency_limit = 50" >>"$PF_ETC/main.cf"
    rm -f "$PF_SINK"/*
    pf_sink_start >/dev/null && pf_start >/dev/null || return 1
    # smtp-sink counts, no dump: restart it without -d for speed
    pf_sink_stop
    smtp-sink -u postfix -c "127.0.0.1:$PF_SINK_PORT" 1000 >"$dir/sink-count" 2>&1 &
    PF_SINK_PID=$!
    pf_wait_port "$PF_SINK_PORT" 10
    start=$(date +%s.%N)
    smtp-source -s "$sessions" -m "$messages" -F "$msg" -f agent@shop.example \
        -t customer@customers.example "127.0.0.1:$base" || echo "smtp-source failed" >&2
    pf_wait_idle 600
    end=$(date +%s.%N)
    [ -n "$rg_pid" ] && cpu=$(cpu_ms "$rg_pid")
    stop_all
    awk -v n="$messages" -v s="$start" -v e="$end" -v c="$cpu" \
        'BEGIN { printf "%.0f %.3f\n", n / (e - s), c / n }'
}

configs=(none null enforce monitor body)
declare -A results cpus
printf '%-9s' round; printf ' %9s' "${configs[@]}"; echo "   (msg/s)"
for ((r = 1; r <= rounds; r++)); do
    printf '%-9s' "$r"
    for c in "${configs[@]}"; do
        read -r v ms < <(run "$c")
        results[$c]="${results[$c]:-} $v"
        cpus[$c]="${cpus[$c]:-} $ms"
        printf ' %9s' "$v"
    done
    echo
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
none=$(echo "${results[none]}" | median)
null=$(echo "${results[null]}" | median)
null_cpu=$(echo "${cpus[null]}" | median)
echo
printf '%-9s %9s %9s %9s %14s %12s\n' config "msg/s" "vs none" "vs null" "milter CPU ms" "CPU vs null"
for c in "${configs[@]}"; do
    m=$(echo "${results[$c]}" | median)
    ms=$(echo "${cpus[$c]}" | median)
    awk -v c="$c" -v m="$m" -v n="$none" -v z="$null" -v ms="$ms" -v zc="$null_cpu" 'BEGIN {
        cpu = "-"; ratio = "-"
        if (ms > 0) cpu = sprintf("%.3f", ms)
        if (ms > 0 && zc > 0) ratio = sprintf("%.2fx", ms / zc)
        printf "%-9s %9.0f %8.1f%% %8.1f%% %14s %12s\n", c, m, 100 * m / n, 100 * m / z, cpu, ratio }'
done
echo
for c in enforce monitor; do
    grep -o 'scan_ms=[0-9.]*' "$dir/replyguard-$c.log" | cut -d= -f2 | sort -n |
        awk -v c="$c" '{ a[NR] = $1 } END { if (NR) printf "replyguard %s scan time: %d messages, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
            c, NR, a[int(NR * 0.5) + 1], a[int(NR * 0.9) + 1], a[int(NR * 0.99) + 1], a[NR] }'
done
