#!/bin/bash
# hostile.sh CLI POLICYDIR [sanitizers]
#
# Inputs built to hurt a parser: each must give a verdict (status 0-3)
# within its time limit and, where stated, in bounded memory (ulimit -v).
# A policy with a catastrophic regex must hit the match limit and report
# an internal error (70), not hang.
set -u
cli=$1 policies=$2 sanitizers=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

hdr='From: Ann Lee <ann@shop.example>
To: c@customer.example
Subject: Re: Order 300457
MIME-Version: 1.0'

# run NAME SECONDS MEMORY_KB FILE: a verdict in time and memory
run() {
    local rc=0
    # (AddressSanitizer reserves terabytes of address space: no ulimit then)
    ( [ -n "$sanitizers" ] || ulimit -v "$3"; timeout "$2" "$cli" --no-config --policy-dir "$policies" --format json "$4" \
        >"$work/out" 2>"$work/err" ) || rc=$?
    if [ "$rc" -gt 3 ]; then
        fail "$1: status $rc $(head -c 300 "$work/err")"
    elif ! grep -q '"verdict"' "$work/out"; then
        fail "$1: no verdict"
    else
        echo "ok   $1 ($(sed -n 's/.*"verdict":"\([a-z]*\)".*"scan_ms":\([0-9.]*\).*/\1, \2 ms/p' "$work/out"))"
    fi
}

# an empty file: a verdict, and nothing on stderr (GMime was once given
# a NULL buffer for it and printed CRITICAL assertions)
: >"$work/empty.eml"
run "empty file" 10 1000000 "$work/empty.eml"
[ -s "$work/err" ] && fail "empty file: stderr: $(head -c 200 "$work/err")"

# 10 MB on one line
{ printf '%s\nContent-Type: text/plain\n\n' "$hdr"; head -c 10485760 /dev/zero | tr '\0' 'a'; echo; } >"$work/line.eml"
run "10 MB single line" 20 1000000 "$work/line.eml"

# 1,000 levels of multipart nesting
{
    printf '%s\n' "$hdr"
    for i in $(seq 1 1000); do printf 'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' "$i" "$i"; done
    printf 'Content-Type: text/plain\n\nI am sorry.\n'
    for i in $(seq 1000 -1 1); do printf '\n--b%d--\n' "$i"; done
} >"$work/nested.eml"
run "1,000-level multipart nesting" 20 1000000 "$work/nested.eml"

# 100,000 headers
{ printf '%s\n' "$hdr"; seq 1 100000 | sed 's/^/X-Filler-Header: value /'; printf 'Content-Type: text/plain\n\nHello.\n'; } >"$work/headers.eml"
run "100,000 headers" 20 1000000 "$work/headers.eml"

# 3,000 encoded words in the Subject
{
    printf 'From: a@shop.example\nTo: c@customer.example\nSubject:'
    for i in $(seq 1 3000); do printf ' =?UTF-8?B?xbzDs8WCdw==?='; done
    printf '\nContent-Type: text/plain; charset=utf-8\n\nHello.\n'
} >"$work/words.eml"
run "3,000 encoded words in Subject" 20 1000000 "$work/words.eml"

# NUL bytes in headers and body
{ printf '%s\nContent-Type: text/plain\n\nI am\0 sorry\0\0 for the delay.\n' "$hdr"; printf 'X-Nul: a\0b\n'; } >"$work/nul.eml"
run "NUL bytes" 10 1000000 "$work/nul.eml"

# invalid UTF-8 / bytes labelled with every charset name
for cs in utf-8 iso-8859-2 windows-1250 koi8-r shift_jis x-unknown utf-16 utf-7 ""; do
    { printf '%s\nContent-Type: text/plain; charset="%s"\nContent-Transfer-Encoding: 8bit\n\n' "$hdr" "$cs"
      printf 'Przepraszam \xff\xfe\xc3\x28 \xe2\x82 \xf0\x28\x8c\xbc za op\xf3\xbfnienie.\n'; } >"$work/cs.eml"
    run "invalid bytes labelled '$cs'" 10 1000000 "$work/cs.eml"
done

# bogus transfer encodings, missing boundary
{ printf '%s\nContent-Type: text/plain\nContent-Transfer-Encoding: x-bogus\n\n=ZZ=\n' "$hdr"; } >"$work/cte.eml"
run "bogus transfer encoding" 10 1000000 "$work/cte.eml"
{ printf '%s\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n!!!not base64!!!\n====\n' "$hdr"; } >"$work/b64.eml"
run "broken base64" 10 1000000 "$work/b64.eml"
{ printf '%s\nContent-Type: multipart/alternative\n\n--x\nContent-Type: text/plain\n\nHi\n' "$hdr"; } >"$work/nob.eml"
run "multipart without boundary" 10 1000000 "$work/nob.eml"

# 50 MB message: only max-message (8 MB) is read; memory stays bounded
{ printf '%s\nContent-Type: text/plain\n\n' "$hdr"; yes 'I am sorry for the delay, the parcel is on its way to you today.' | head -c 52428800; } >"$work/big.eml"
run "50 MB message in bounded memory" 60 600000 "$work/big.eml"
grep -q '"truncated":true' "$work/out" || fail "50 MB message: not marked truncated"

# catastrophic backtracking in a policy: match limit, status 70, no hang
mkdir -p "$work/policies"
line=$(grep -n '^\[deflect.contract\]' "$policies/en.policy" | cut -d: -f1)
sed "${line}a match.catastrophic = (?:a+)+\$" "$policies/en.policy" >"$work/policies/en.policy"
{ printf '%s\nContent-Type: text/plain\n\n' "$hdr"; head -c 20000 /dev/zero | tr '\0' 'a'; printf 'b\n'; } >"$work/redos.eml"
rc=0
timeout 20 "$cli" --no-config --policy-dir "$work/policies" "$work/redos.eml" >/dev/null 2>"$work/err" || rc=$?
if [ "$rc" = 70 ] && grep -q "limit" "$work/err"; then
    echo "ok   catastrophic regex stopped by the match limit"
else
    fail "catastrophic regex: status $rc $(head -c 200 "$work/err")"
fi

echo "hostile: $failures failure(s)"
[ "$failures" = 0 ]
