#!/bin/bash
# profile.sh CLI POLICYDIR
#
# replyguard-check --sender picks the [profile] the daemon would: the same
# message gets another verdict for the profile's sender and not for
# another; --format json names the profile; without --sender the From
# address selects.
set -u
cli=$1 policies=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

cat >"$work/r.conf" <<CONF
[engine]
policy-dir = $policies
[profile legal]
senders = legal@shop.example
levels = apology.missing=flag; signature.missing=flag
CONF
printf 'From: agent@shop.example\nSubject: Re: Order 300457\n\nHello,\nthe parcel left today.\n' >"$work/m.eml"

rc=0; out=$("$cli" -c "$work/r.conf" --format json --sender legal@shop.example "$work/m.eml") || rc=$?
[ "$rc" = 1 ] || fail "profile sender: status $rc, want 1 (flag)"
[[ $out == *'"language":"en","profile":"legal"'* ]] || fail "profile sender: json $out"
rc=0; out=$("$cli" -c "$work/r.conf" --format json --sender other@shop.example "$work/m.eml") || rc=$?
[ "$rc" = 2 ] || fail "other sender: status $rc, want 2 (hold)"
[[ $out == *'"profile"'* ]] && fail "other sender: json names a profile: $out"
sed 's/^From: .*/From: Legal <LEGAL@shop.example>/' "$work/m.eml" >"$work/from.eml"
rc=0; "$cli" -c "$work/r.conf" "$work/from.eml" >/dev/null || rc=$?
[ "$rc" = 1 ] || fail "From address: status $rc, want 1 (flag)"

"$cli" -c "$work/r.conf" --summary --sender legal@shop.example "$work/m.eml" |
    grep -q '^legal@shop.example ' || fail "--summary: not counted under --sender"

[ "$failures" = 0 ] && echo "ok   profiles through replyguard-check"
exit $((failures > 0))
