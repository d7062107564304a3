#!/bin/bash
# desk-e2e.sh REPLYGUARD REPLYGUARD-DESK HELPER POLICYDIR WORKDIR
#
# The review desk end to end: a private Postfix on loopback with
# replyguard holding replies, the desk running as nobody with its helper
# set-user-id root (as installed), and a real headless Chromium driven
# through chromedriver by desk_browser.py: log in, the list with decoded
# subjects, a reply with its findings marked, release / delete / return
# with comments, the audit page, a viewer's release refused, a POST
# without the CSRF token refused, a <script> subject shown as text.
# Then here: the released reply reached the sink, the deleted one is
# gone, the returned one's agent got the notice with the comment, the
# refused ones are still held.  Screenshots go to WORKDIR/shots.
#
# Needs root, postfix, smtp-sink, setpriv, curl, chromium, chromedriver
# and python3-selenium; skips (77) without them.
set -u
umask 022
rg=$(realpath "$1") desk=$(realpath "$2") helper=$(realpath "$3") policies=$(realpath "$4") work=$5
mkdir -p "$work"; work=$(realpath "$work")
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
. "$src/contrib/private-postfix.sh"
python=/usr/bin/python3

[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
for tool in postfix smtp-sink setpriv curl chromium chromedriver; do
    command -v "$tool" >/dev/null || { echo "SKIP: no $tool"; exit 77; }
done
"$python" -c 'import selenium' 2>/dev/null || { echo "SKIP: no python3-selenium"; exit 77; }

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
RG_PID= DESK_PID=
cleanup() {
    pf_stop
    pf_sink_stop
    for pid in $DESK_PID $RG_PID; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
    DESK_PID= RG_PID=
}
trap cleanup EXIT

run=$work/run
rm -rf "$run"
mkdir -p "$run/bin" "$run/lib" "$run/shots" "$run/mail"
base=$(pf_pick_ports 4) || { fail "no free ports"; exit 1; }
pf_setup "$run/postfix" "$base" "$((base + 1))" "inet:127.0.0.1:$((base + 2))"
desk_port=$((base + 3))

# the daemon's config: deflect.contract held, so a held reply has an excerpt
conf=$run/replyguard.conf
printf '[engine]\npolicy-dir = %s\n[levels]\ndeflect.contract = hold\n[milter]\ncheck-daemons = ORIGINATING\n' \
    "$policies" >"$conf"
"$rg" -f -c "$conf" -p "inet:$((base + 2))@127.0.0.1" 2>"$run/replyguard.log" &
RG_PID=$!
pf_wait_port "$((base + 2))" 20 && pf_sink_start && pf_start || { fail "postfix did not start"; exit 1; }

# six replies to hold: en with a B-encoded subject (release), hr with a
# Q-encoded one (delete), hr returned to its agent, one whose subject is
# markup, and two deleted together (a bulk action)
b64=$(printf 'Re: Refund request 77812 – café' | base64 -w0)
compose() { # TEST-ID SAMPLE SUBJECT-LINE
    { printf 'X-Test-Id: %s\nMessage-ID: <%s@agents.example>\n' "$1" "$1"
      sed 's/\r$//' "$src/contrib/samples/$2" |
          awk -v s="$3" '!done && /^Subject:/ { print s; done = 1; next } { print }'; } >"$run/mail/$1.eml"
}
compose desk-release 4-en-contract.eml "Subject: =?UTF-8?B?$b64?="
compose desk-delete 3-hr-no-apology.eml "Subject: =?UTF-8?Q?Re:_Prigovor_88123_-_o=C5=A1te=C4=87en_paket?="
compose desk-return 3-hr-no-apology.eml "Subject: Re: Prigovor 88124 - kasni paket"
compose desk-xss 3-hr-no-apology.eml "Subject: <script>alert(1)</script>"
compose desk-bulk1 3-hr-no-apology.eml "Subject: Re: Prigovor 88125 - prvi"
compose desk-bulk2 3-hr-no-apology.eml "Subject: Re: Prigovor 88126 - drugi"
for t in release delete return xss bulk1 bulk2; do
    pf_sendmail -f "agent-$t@agents.example" "customer-$t@customers.example" <"$run/mail/desk-$t.eml"
done
pf_wait_idle 30 || fail "queue not idle"
for ((i = 0; i < 100; i++)); do [ "$(pf_queue_count hold)" -ge 6 ] && break; sleep 0.1; done
[ "$(pf_queue_count hold)" = 6 ] || { fail "not 6 held replies: $(pf_queue_count hold)"; cat "$run/replyguard.log"; exit 1; }
pf_held_table X-Test-Id >"$run/held"
qid() { awk -v t="desk-$1" '$1 == t { print $2 }' "$run/held"; }

# the helper as installed: set-user-id root, run by the desk's group only
install -o root -g nogroup -m 4750 "$helper" "$run/bin/replyguard-desk-helper"
chown nobody:nogroup "$run/lib"
users=$run/desk-users
printf 'reviewer-pass-1\n' | "$desk" passwd -u "$users" -r reviewer ana >/dev/null || fail "passwd ana"
chgrp nogroup "$users"
printf 'viewer-pass-1\n' | "$desk" passwd -u "$users" -r viewer vic >/dev/null || fail "passwd vic"
[ "$(stat -c %G:%a "$users")" = nogroup:640 ] || fail "users file: $(stat -c %G:%a "$users")"
grep -q '^ana:reviewer:\$y\$' "$users" || fail "users file: no yescrypt hash for ana"

setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all \
    "$desk" -c "$conf" -C "$PF_ETC" -l "127.0.0.1:$desk_port" -u "$users" \
    -a "$run/lib/desk-audit.sqlite" -x "$run/bin/replyguard-desk-helper" \
    --overdue 60 --notice-from compliance@replyguard.test 2>"$run/desk.log" &
DESK_PID=$!
pf_wait_log "$run/desk.log" "listening on 127.0.0.1:$desk_port" 1 20 || { cat "$run/desk.log"; exit 1; }
[ "$(ps -o user= -p "$DESK_PID")" = nobody ] || fail "the desk does not run as nobody"

url=http://127.0.0.1:$desk_port
HOME=$run "$python" "$here/desk_browser.py" "$url" "$run/shots" \
    "$(qid release)" "$(qid delete)" "$(qid return)" "$(qid xss)" \
    "$(qid bulk1)" "$(qid bulk2)" >"$run/browser.out" 2>&1
rc=$?
cat "$run/browser.out"
[ "$rc" = 0 ] || fail "browser test (status $rc)"

# what Postfix did
pf_wait_idle 30
for ((i = 0; i < 100; i++)); do [ -n "$(pf_delivered 'X-Test-Id: desk-release')" ] && break; sleep 0.1; done
[ -n "$(pf_delivered 'X-Test-Id: desk-release')" ] || fail "released reply not in the sink"
[ -z "$(pf_delivered 'X-Test-Id: desk-delete')" ] || fail "deleted reply delivered"
pf_postcat -q "$(qid delete)" >/dev/null 2>&1 && fail "deleted reply still queued"
pf_postcat -q "$(qid return)" >/dev/null 2>&1 && fail "returned reply still queued"
for t in bulk1 bulk2; do
    pf_postcat -q "$(qid $t)" >/dev/null 2>&1 && fail "bulk-deleted $t still queued"
done
for ((i = 0; i < 100; i++)); do [ -n "$(pf_from_null_to agent-return@agents.example)" ] && break; sleep 0.1; done
notice=$(pf_from_null_to agent-return@agents.example | head -1)
[ -n "$notice" ] && grep -q 'please add an apology' "$notice" ||
    fail "returned reply: no notice with the comment to the agent"
[ -n "$notice" ] && grep -q '^Auto-Submitted: auto-replied' "$notice" || fail "notice not auto-replied"
[ -f "$PF_QUEUE/hold/$(qid xss)" ] || fail "the <script> reply left the hold queue (viewer or CSRF-less POST acted)"

# over HTTP without a browser: CSRF, roles and the CSV export
jar=$run/cookies
curl -s -c "$jar" -o /dev/null -d 'user=ana&password=reviewer-pass-1' "$url/login"
csrf=$(curl -s -b "$jar" "$url/" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
[ ${#csrf} = 64 ] || fail "no CSRF token in the list page"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -d "action=delete&id=$(qid xss)&comment=x" "$url/action")
[ "$code" = 403 ] || fail "POST without CSRF token: $code, want 403"
# a token one hex digit off (the last digit changed, whatever it was)
wrong=${csrf%?}$([ "${csrf: -1}" = 0 ] && echo 1 || echo 0)
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -d "csrf=$wrong&action=delete&id=$(qid xss)&comment=x" "$url/action")
[ "$code" = 403 ] || fail "POST with a wrong CSRF token: $code, want 403"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -d "csrf=$csrf&action=delete&id=$(qid xss)&comment=" "$url/action")
[ "$code" = 400 ] || fail "action without a comment: $code, want 400"
code=$(curl -s -o /dev/null -w '%{http_code}' -d "csrf=$csrf&action=delete&id=$(qid xss)&comment=x" "$url/action")
[ "$code" = 403 ] || fail "POST without a session: $code, want 403"
curl -s -b "$jar" "$url/audit.csv" >"$run/audit.csv"
head -1 "$run/audit.csv" | grep -q '^id,at,user,action,queue_id' || fail "audit.csv: no header"
for t in release delete return; do
    grep -q "\"ana\",\"$t\",\"$(qid "$t")\",\"<desk-$t@agents.example>\"" "$run/audit.csv" ||
        fail "audit.csv: no $t of $(qid "$t") by ana"
done
for t in bulk1 bulk2; do
    grep -q "\"ana\",\"delete\",\"$(qid "$t")\",.*\"both are duplicates\",\"ok\"" "$run/audit.csv" ||
        fail "audit.csv: no bulk delete of $t"
done
grep -q '"ok"' "$run/audit.csv" || fail "audit.csv: no outcome"
curl -s -D "$run/headers" -o /dev/null -b "$jar" "$url/"
grep -qi '^Content-Security-Policy: default-src' "$run/headers" || fail "no CSP header"
grep -qi '^Set-Cookie' "$run/headers" && fail "cookie re-set on a page"
curl -s -D "$run/login-headers" -o /dev/null -d 'user=vic&password=viewer-pass-1' "$url/login"
grep -qi '^Set-Cookie: rgdesk=[0-9a-f]\{64\}; Path=/; HttpOnly; SameSite=Strict' "$run/login-headers" ||
    fail "session cookie not HttpOnly/SameSite"
# the login rate limit: five failures, then refused even with the right password
for i in 1 2 3 4 5; do curl -s -o /dev/null -d 'user=ana&password=wrong' "$url/login"; done
code=$(curl -s -o /dev/null -w '%{http_code}' -d 'user=ana&password=reviewer-pass-1' "$url/login")
[ "$code" = 429 ] || fail "login after 5 failures: $code, want 429"
# the helper refuses what is not a queue id, and a config dir it does not trust
setpriv --reuid=nobody --regid=nogroup --clear-groups "$run/bin/replyguard-desk-helper" \
    -c "$PF_ETC" delete ALL >/dev/null 2>&1
[ $? = 64 ] || fail "helper accepted 'delete ALL'"
mkdir -p "$run/evil" && cp "$PF_ETC/main.cf" "$run/evil/" && chown -R nobody "$run/evil"
setpriv --reuid=nobody --regid=nogroup --clear-groups "$run/bin/replyguard-desk-helper" \
    -c "$run/evil" list >/dev/null 2>&1
[ $? = 77 ] || fail "helper accepted a config dir owned by nobody"
n=$(grep -c . "$run/audit.csv")
[ "$n" -ge 6 ] || fail "audit.csv: $n lines"
# a POST with no body at all, before any session: answered, and the desk
# still answers after it (an empty body has no data to parse)
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$url/login")
[ "$code" != 000 ] || fail "POST with no body: no answer"
code=$(curl -s -o /dev/null -w '%{http_code}' "$url/login")
[ "$code" = 200 ] || fail "after a POST with no body: $code, want 200"
# the last held reply deleted: an empty hold queue is listed as empty
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -d "csrf=$csrf&action=delete&id=$(qid xss)&comment=done" "$url/action")
[ "$code" = 200 ] || fail "deleting the last held reply: $code, want 200"
code=$(curl -s -o "$run/empty.html" -w '%{http_code}' -b "$jar" "$url/")
[ "$code" = 200 ] || fail "the list of an empty hold queue: $code, want 200"
grep -qs "$(qid xss)" "$run/empty.html" && fail "the deleted reply is still listed"

echo "desk: 6 held, $failures failure(s)"
[ "$failures" = 0 ]
