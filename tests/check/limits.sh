#!/bin/bash
# limits.sh REPLYGUARD-CHECK POLICYDIR
#
# replyguard-check on inputs without an end: /dev/zero as a file and as
# standard input stays within max-message and gives a verdict (not an
# allocation abort); a FIFO with no writer does not block; an mbox body
# line "From " that was not escaped does not drop the messages after it;
# a message cut at max-message is not held for a signature past the cut.
set -u
umask 022
check=$(realpath "$1") policies=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
ok() { echo "ok   $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
printf '[engine]\npolicy-dir = %s\nmax-message = 64k\n' "$policies" >"$work/c.conf"
run() { "$check" -c "$work/c.conf" "$@"; }

# verdict statuses are 0-3; 70 (software) or 133 (abort) are failures
for input in file stdin; do
    rc=0
    if [ "$input" = file ]; then
        (ldd "$check" | grep -q libasan || ulimit -v 1000000; timeout 20 "$check" -c "$work/c.conf" /dev/zero) >"$work/z.out" 2>"$work/z.err" || rc=$?
    else
        (ldd "$check" | grep -q libasan || ulimit -v 1000000; timeout 20 "$check" -c "$work/c.conf" - </dev/zero) >"$work/z.out" 2>"$work/z.err" || rc=$?
    fi
    if [ "$rc" -le 3 ]; then ok "/dev/zero as $input: a verdict (status $rc)"
    else fail "/dev/zero as $input: status $rc, $(head -c 300 "$work/z.err")"; fi
done

mkfifo "$work/fifo"
rc=0
timeout 10 "$check" -c "$work/c.conf" "$work/fifo" >/dev/null 2>&1 || rc=$?
[ "$rc" != 124 ] && ok "FIFO without a writer: no wait (status $rc)" ||
    fail "FIFO without a writer: blocked"

body='Dear Ann,

thank you for your message. I am sorry for the delay.

Kind regards,
Ann Lee
Support Specialist
+44 20 7946 0000
'
{
    for i in 1 2 3; do
        printf 'From agent@example.com Mon Nov  2 10:00:00 2026\n'
        printf 'From: a@example.com\nTo: b@example.com\nSubject: Re: Order 30045%d\n\n' "$i"
        [ "$i" = 1 ] && printf 'From the warehouse we hear it is on its way.\n'
        printf '%s\n' "$body"
    done
} >"$work/unescaped.mbox"
run --format json "$work/unescaped.mbox" >"$work/mbox.json" 2>"$work/mbox.err"
n=$(grep -c '"source"' "$work/mbox.json")
[ "$n" -ge 3 ] && ok "mbox with an unescaped From line: $n results" ||
    fail "mbox with an unescaped From line: $n results, want 3 or more [$(cat "$work/mbox.err")]"

{
    printf 'From: a@example.com\nTo: b@example.com\nSubject: Re: Order 300457\n'
    printf 'Content-Type: text/plain; charset=utf-8\n\n'
    printf 'Dear Ann,\n\nthank you for your message. I am sorry for the delay.\n\n'
    for ((i = 0; i < 2000; i++)); do
        printf 'The parcel number %d left the warehouse on time and is on its way.\n' "$i"
    done
    printf '\nKind regards,\nAnn Lee\nSupport Specialist\n+44 20 7946 0000\n'
} >"$work/long.eml"
run --format json "$work/long.eml" >"$work/long.json" 2>&1
if grep -q 'signature.missing' "$work/long.json" &&
    grep -q '"verdict":"hold"' "$work/long.json"; then
    fail "cut message held for signature.missing past the cut: $(head -c 300 "$work/long.json")"
else
    ok "cut message not held for a signature past the cut"
fi
echo "limits: $failures failure(s)"
[ "$failures" = 0 ]
