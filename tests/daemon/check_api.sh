#!/bin/bash
# check_api.sh REPLYGUARD CHECK POLICYDIR CORPUSDIR...
#
# The check API (POST /v1/check) against replyguard-check: every message
# of the corpora gives byte-identical JSON apart from the excerpt
# offsets (and the scan time); a body over check-max-size gets 413; a
# JSON draft is answered with offsets into its text; the API is off
# without check-api (404); a bearer token, once configured, is required
# (401).  Only loopback; the daemon is started here and stopped by pid.
set -u
umask 022
rg=$(realpath "$1") cli=$(realpath "$2") policies=$(realpath "$3")
shift 3
command -v curl >/dev/null || { echo "SKIP: no curl"; exit 77; }
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

. "$(dirname "$(realpath "$0")")/../../contrib/private-postfix.sh"
port=$(pf_pick_ports 2) || { echo "SKIP: no free ports"; exit 77; }
url=http://127.0.0.1:$((port + 1))
conf() {  # conf EXTRA - a config with the stats listener
    printf '[engine]\npolicy-dir = %s\n[milter]\nstats-listen = 127.0.0.1:%s\ncheck-max-size = 256k\n%s\n' \
        "$policies" "$((port + 1))" "$1"
}
conf "check-api = yes" >"$work/r.conf"

# wait_log TEXT COUNT - until the daemon's log has COUNT lines with TEXT
wait_log() {
    for _ in $(seq 200); do
        [ "$(grep -cF -- "$1" "$work/log")" -ge "$2" ] && return 0
        sleep 0.05
    done
    fail "no $2x \"$1\" in the log"; cat "$work/log"; exit 1
}
"$rg" -f -c "$work/r.conf" -p "inet:$port@127.0.0.1" 2>"$work/log" &
pid=$!
wait_log "stats listening on" 1

strip() { sed 's/,"where":[^,]*,"start":[^,]*,"end":[^,}]*//g; s/,"scan_ms":[0-9.]*//'; }

# 1. every corpus message: the API and the CLI agree
urlencode() {
    local s=$1 i c out=
    for ((i = 0; i < ${#s}; i++)); do
        c=${s:i:1}
        case $c in [a-zA-Z0-9._~/-]) out+=$c ;; *) out+=$(printf '%%%02X' "'$c") ;; esac
    done
    printf '%s' "$out"
}
files=()
for dir in "$@"; do
    for f in "$dir"/*.eml; do [ -f "$f" ] && files+=("$f"); done
done
[ "${#files[@]}" -gt 100 ] || fail "only ${#files[@]} corpus messages found"
"$cli" -c "$work/r.conf" --format json "${files[@]}" | strip >"$work/cli.json"
n=0
for f in "${files[@]}"; do
    curl -sf --max-time 10 -H 'Content-Type: message/rfc822' \
        --data-binary "@$f" "$url/v1/check?source=$(urlencode "$f")" >>"$work/api.raw" ||
        fail "$f: the API failed"
    n=$((n + 1))
done
[ "$(grep -c '"where":' "$work/api.raw")" -ge $((n / 2)) ] || fail "few answers carry offsets"
strip <"$work/api.raw" >"$work/api.json"
if cmp -s "$work/cli.json" "$work/api.json"; then
    echo "ok   $n corpus messages: the API answers as replyguard-check"
else
    fail "the API and the CLI differ"
    diff "$work/cli.json" "$work/api.json" | head -6
fi

# 2. too big: 413, and the daemon goes on serving
head -c $((256 * 1024 + 1)) /dev/zero | tr '\0' a >"$work/big"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 \
    -H 'Content-Type: message/rfc822' --data-binary "@$work/big" "$url/v1/check")
[ "$code" = 413 ] || fail "oversized body: status $code, want 413"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$url/metrics")
[ "$code" = 200 ] || fail "after 413: /metrics status $code"

# 3. a JSON draft: offsets in characters into its text
out=$(curl -sf --max-time 10 -H 'Content-Type: application/json' \
    -d '{"subject":"Re: Zamówienie 300457","text":"Dzień dobry,\nprzepraszam, ale TO NIE MOJA WINA.\n","language":"pl","sender":"a@b.example"}' \
    "$url/v1/check")
[[ $out == *'"rule":"apology.conditional"'*'"excerpt":"przepraszam, ale"'*'"where":"text","start":13,"end":29'* ]] ||
    fail "JSON draft: $out"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d '{"text":1}' "$url/v1/check")
[ "$code" = 400 ] || fail "bad draft: status $code, want 400"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: text/plain' -d 'x' "$url/v1/check")
[ "$code" = 415 ] || fail "text/plain: status $code, want 415"

# 4. check-api off: 404; a token: 401 without it, 200 with it
conf "" >"$work/r.conf"
kill -HUP "$pid"
wait_log "reloaded" 1
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d '{"text":"x"}' "$url/v1/check")
[ "$code" = 404 ] || fail "check-api off: status $code, want 404"
echo "0123456789abcdef0123" >"$work/token"
conf "check-api = yes
check-token-file = $work/token" >"$work/r.conf"
kill -HUP "$pid"
wait_log "reloaded" 2
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d '{"text":"x"}' "$url/v1/check")
[ "$code" = 401 ] || fail "no token: status $code, want 401"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer 0123456789abcdef0123' \
    -H 'Content-Type: application/json' -d '{"text":"x"}' "$url/v1/check")
[ "$code" = 200 ] || fail "with the token: status $code, want 200"

[ "$failures" = 0 ] && echo "ok   check API"
exit $((failures > 0))
