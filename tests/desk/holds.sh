#!/bin/bash
# holds.sh REPLYGUARD-HOLDS REPLYGUARD-CHECK POLICYDIR WORKDIR
#
# replyguard-holds without a Postfix: fake postqueue and postcat in PATH.
# --help exits 0, -V prints the version, a failing postqueue is an error
# (exit 69, no table), an empty hold queue is a header alone, and
# RFC 2047 subjects are shown decoded.
set -u
holds=$(realpath "$1") check=$(realpath "$2") policies=$(realpath "$3") work=$4
mkdir -p "$work/bin"; work=$(realpath "$work")
printf '[engine]\npolicy-dir = %s\n' "$policies" >"$work/replyguard.conf"
holds() { "$holds" -r "$work/replyguard.conf" "$@"; }
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
export REPLYGUARD_CHECK=$check PATH=$work/bin:$PATH

fake() { # NAME BODY
    printf '#!/bin/bash\n%s\n' "$2" >"$work/bin/$1"
    chmod +x "$work/bin/$1"
}
fake postcat 'printf "X-Replyguard: hold; lang=hr; rules=apology.missing\nSubject: =?UTF-8?Q?Re:_Prigovor_88123_-_o=C5=A1te=C4=87en_\"paket\"?=\nFrom: a@agents.example\n\nbody\n"'

out=$("$holds" --help) || fail "--help: status $?"
printf '%s' "$out" | grep -q 'replyguard-holds' || fail "--help: no usage text"
[ "$("$holds" -V)" = "replyguard-holds 0.1.0" ] || fail "-V: $("$holds" -V)"
"$holds" --bogus >/dev/null 2>&1
[ $? = 64 ] || fail "unknown option: not 64"

fake postqueue 'echo "postqueue: fatal: Queue report unavailable - mail system is down" >&2; exit 69'
out=$("$holds" list 2>"$work/err")
rc=$?
[ "$rc" = 69 ] || fail "list with a failing postqueue: status $rc, want 69"
[ -z "$out" ] || fail "list with a failing postqueue printed [$out]"
grep -q 'postqueue -j failed' "$work/err" || fail "no error message"
"$holds" release ABCDEF123 >/dev/null 2>&1
[ $? = 69 ] || fail "release with a failing postqueue: not 69"

fake postqueue 'exit 0'
out=$("$holds" list) || fail "empty queue: status $?"
[ "$(printf '%s\n' "$out" | wc -l)" = 1 ] || fail "empty queue: [$out]"

fake postqueue 'echo "{\"queue_name\": \"hold\", \"queue_id\": \"1F0E3510457\", \"arrival_time\": 1, \"sender\": \"a@agents.example\", \"recipients\": [{\"address\": \"c@customers.example\"}]}"'
out=$(holds list) || fail "list: status $?"
printf '%s' "$out" | grep -q 'Re: Prigovor 88123 - oštećen "paket"' || fail "subject not decoded: [$out]"
printf '%s' "$out" | grep -q '=?UTF-8' && fail "encoded word in the list"
holds --json list | grep -q '"subject":"Re: Prigovor 88123 - oštećen \\"paket\\""' ||
    fail "--json: subject [$(holds --json list)]"

echo "holds: $failures failure(s)"
[ "$failures" = 0 ]
