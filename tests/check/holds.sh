#!/bin/bash
# holds.sh REPLYGUARD-HOLDS
#
# replyguard-holds against stub postqueue/postcat: a failing postqueue is
# an error (75), not an empty list; RFC 2047 subjects are shown decoded;
# -V prints the version; --help is not a usage error.
set -u
holds=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
ok() { echo "ok   $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
mkdir "$work/bad" "$work/good"
printf '#!/bin/sh\necho "postqueue: fatal: Queue report unavailable" >&2\nexit 69\n' >"$work/bad/postqueue"
cat >"$work/good/postqueue" <<'EOF2'
#!/bin/sh
echo '{"queue_name": "hold", "queue_id": "4ABCDEF", "arrival_time": 1700000000, "message_size": 900, "sender": "agent@support.example", "recipients": [{"address": "customer@customer.example"}]}'
EOF2
cat >"$work/good/postcat" <<'EOF2'
#!/bin/sh
printf 'Subject: =?UTF-8?B?WmHFvMOzxYLEhyBnxJnFm2zEhSBqYcW6xYQ=?=\nX-Replyguard: hold; lang=pl; rules=apology.missing\n'
EOF2
chmod +x "$work"/bad/* "$work"/good/*

rc=0
out=$(PATH=$work/bad:$PATH "$holds" list 2>&1) || rc=$?
if [ "$rc" = 75 ] && [[ $out == *"cannot read the queue"* ]] && [[ $out != *QUEUE-ID* ]]; then
    ok "postqueue failing: status 75, no empty table"
else
    fail "postqueue failing: status $rc [$out]"
fi
out=$(PATH=$work/good:$PATH "$holds" list 2>&1)
if [[ $out == *"Zażółć gęślą jaźń"* ]] && [[ $out == *apology.missing* ]]; then
    ok "RFC 2047 subject decoded"
else
    fail "subject not decoded: [$out]"
fi
rc=0
out=$("$holds" -V 2>&1) || rc=$?
[ "$rc" = 0 ] && [[ $out == "replyguard-holds "* ]] && ok "-V" || fail "-V: status $rc [$out]"
rc=0
out=$("$holds" --help 2>/dev/null) || rc=$?
[ "$rc" = 0 ] && [[ $out == *list* ]] && ok "--help: status 0 on stdout" ||
    fail "--help: status $rc [$out]"
echo "holds: $failures failure(s)"
[ "$failures" = 0 ]
