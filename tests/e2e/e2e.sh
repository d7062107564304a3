#!/bin/bash
# e2e.sh REPLYGUARD REPLYGUARD-CHECK POLICYDIR CORPUSDIR WORKDIR
#
# replyguard in front of a private Postfix on loopback, every corpus
# message sent over SMTP (swaks) and through sendmail(1), in three runs:
#
#   enforce  default levels, notices on: pass/flag delivered to the sink
#            with the right header; hold in the hold queue with the header
#            and one notice per held reply to its sender, in its language,
#            never itself checked
#   reject   hold-level rules raised to reject: the SMTP client sees
#            550 5.7.1 with every finding's hint; sendmail(1) mail bounces
#            to the sender with the same text
#   monitor  nothing held or rejected; the header says what would have been
#
# In each run the verdict seen through Postfix must equal replyguard-check's
# verdict for the same message and config, and the labels of expected.tsv.
# Needs root, postfix, swaks and smtp-sink; skips (77) without them.
set -u
umask 022
rg=$(realpath "$1") check=$(realpath "$2") policies=$(realpath "$3") corpus=$4 work=$5
mkdir -p "$work"; work=$(realpath "$work")
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../contrib/private-postfix.sh"

[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
for tool in postfix swaks smtp-sink; do
    command -v "$tool" >/dev/null || { echo "SKIP: no $tool"; exit 77; }
done
[ -f "$corpus/expected.tsv" ] || { echo "SKIP: no corpus"; exit 77; }

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
. "$here/../check/json.sh"
files=()
while IFS=$'\t' read -r file _; do
    [ "$file" = file ] || files+=("$file")
done <"$corpus/expected.tsv"

RG_PID=
cleanup() {
    pf_stop
    pf_sink_stop
    [ -n "$RG_PID" ] && kill "$RG_PID" 2>/dev/null && wait "$RG_PID" 2>/dev/null
    RG_PID=
}
trap cleanup EXIT

# start_run NAME CONFIG-EXTRA: fresh Postfix, sink and replyguard
start_run() {
    local name=$1 extra=$2 base=$(pf_pick_ports 5)
    run=$work/e2e-$name
    rm -rf "$run"
    mkdir -p "$run"
    pf_setup "$run/postfix" "$base" "$((base + 1))" "inet:127.0.0.1:$((base + 2))"
    conf=$run/replyguard.conf
    printf '[engine]\npolicy-dir = %s\n%s\n[milter]\ncheck-daemons = ORIGINATING\n%s\n' \
        "$policies" "${extra%%@@*}" "${extra#*@@}" >"$conf"
    "$rg" -n -c "$conf" >/dev/null || { fail "$name: config refused"; return 1; }
    "$rg" -f -c "$conf" -p "inet:$((base + 2))@127.0.0.1" 2>"$run/replyguard.log" &
    RG_PID=$!
    pf_wait_port "$((base + 2))" 20 && pf_sink_start && pf_start
}

# send_all: every corpus message over SMTP (smtp-N) and sendmail(1) (pipe-N)
send_all() {
    local i=0 f
    for f in "${files[@]}"; do
        i=$((i + 1))
        swaks --server "127.0.0.1:$PF_SMTP_PORT" --from "smtp-$i@agents.example" \
            --to "customer-$i@customers.example" --add-header "X-Test-Id: smtp-$i" \
            --data "$corpus/$f" >"$run/swaks-$i.out" 2>&1
        { printf 'X-Test-Id: pipe-%d\n' "$i"; sed 's/\r$//' "$corpus/$f"; } |
            pf_sendmail -f "pipe-$i@agents.example" "customer-$i@customers.example"
    done
    pf_wait_idle 60 || fail "$run: queue not idle"
}

# sink_file ID: the delivered copy of the message with X-Test-Id ID
sink_file() { pf_delivered "X-Test-Id: $1"; }
# cli ID FILE: replyguard-check's JSON line for a corpus file, this config
cli() { "$check" -c "$conf" --format json "$corpus/$1"; }

# ---- run 1: enforce, notices -------------------------------------------
start_run enforce "@@notice = true
notice-from = replyguard@replyguard.test" || exit 1
printf 'sendmail = sendmail -C %s\n' "$PF_ETC" >>"$conf"
reloads=$(grep -c reloaded "$run/replyguard.log")
kill -HUP "$RG_PID"
pf_wait_log "$run/replyguard.log" reloaded $((reloads + 1)) 10 || fail "enforce: no reload"
send_all
pf_held_table X-Test-Id >"$run/held"
holds=0 i=0
for f in "${files[@]}"; do
    i=$((i + 1))
    json=$(cli "$f")
    want=$(printf '%s' "$json" | verdict_of)
    lang=$(printf '%s' "$json" | lang_of)
    rules=$(printf '%s' "$json" | rules_of)
    label=$(awk -F'\t' -v f="$f" '$1 == f { print $2 }' "$corpus/expected.tsv")
    [ "$want" = "$label" ] || fail "$f: replyguard-check says $want, label $label"
    for path in smtp pipe; do
        id=$path-$i
        sink=$(sink_file "$id")
        held=$(awk -v id="$id" '$1 == id { print $2 }' "$run/held")
        case $want in
        pass|flag)
            [ -n "$sink" ] || { fail "$f ($path): $want but not delivered"; continue; }
            header="$want; lang=$lang${rules:+; rules=$rules}"
            grep -q -x "X-Replyguard: $header" "$sink" ||
                fail "$f ($path): header [$(grep '^X-Replyguard' "$sink")], want [$header]"
            ;;
        hold)
            [ -z "$sink" ] || fail "$f ($path): hold but delivered"
            [ -n "$held" ] || { fail "$f ($path): not in the hold queue"; continue; }
            pf_postcat -hq "$held" | grep -q -x "X-Replyguard: hold; lang=$lang; rules=$rules" ||
                fail "$f ($path): held without the right header"
            grep -q "queue=$held from=<$id@agents.example> verdict=hold lang=$lang" \
                "$run/replyguard.log" || fail "$f ($path): no log line for $held"
            holds=$((holds + 1))
            # exactly one notice, to the sender, in the reply's language
            notices=$(pf_from_null_to "$id@agents.example")
            if [ "$(printf '%s' "$notices" | grep -c .)" != 1 ]; then
                fail "$f ($path): $(printf '%s' "$notices" | grep -c .) notices"
            else
                grep -q -x "Auto-Submitted: auto-replied" "$notices" || fail "$f ($path): notice not auto-replied"
                grep -q -x "Content-Language: $lang" "$notices" || fail "$f ($path): notice not in $lang"
                grep -q '^X-Replyguard' "$notices" && fail "$f ($path): the notice was checked"
                for r in $(printf '%s' "$json" | grep -o '"rule":"[^"]*"' | cut -d'"' -f4); do
                    grep -q "^\* $r (" "$notices" || fail "$f ($path): notice lacks $r"
                done
            fi
            ;;
        esac
    done
done
[ "$holds" -gt 0 ] || fail "enforce: no held reply at all"
# the only sink mail for agents are notices: one per held reply
n=$(pf_from_null_to '[^>]*@agents.example' | wc -l)
[ "$n" = "$holds" ] || fail "enforce: $n notices for $holds held replies"
# a null-sender message is never checked and never triggers a notice
f=$(awk -F'\t' '$2 == "hold" { print $1; exit }' "$corpus/expected.tsv")
{ printf 'X-Test-Id: null-sender\n'; sed 's/\r$//' "$corpus/$f"; } | pf_sendmail -f '<>' "customer@customers.example"
pf_wait_idle 30
sink=$(grep -l -x "X-Test-Id: null-sender" "$PF_SINK"/* 2>/dev/null | head -1)
[ -n "$sink" ] && ! grep -q '^X-Replyguard' "$sink" || fail "null sender: checked or not delivered"
n2=$(pf_from_null_to '[^>]*@agents.example' | wc -l)
[ "$n2" = "$holds" ] || fail "null sender: a notice was sent"
# the compliance tool: list, show, release (then delivered), delete
holds_tool() { REPLYGUARD_CHECK=$check "$here/../../contrib/replyguard-holds" -c "$PF_ETC" -r "$conf" "$@"; }
[ "$(holds_tool list | tail -n +2 | wc -l)" = "$holds" ] || fail "holds list: not $holds lines"
[ "$(holds_tool --json list | grep -o '"queue_id"' | wc -l)" = "$holds" ] || fail "holds --json list"
first=$(head -1 "$run/held") second=$(sed -n 2p "$run/held")
id1=${first#* } tid1=${first%% *} id2=${second#* } tid2=${second%% *}
holds_tool show "$id1" | grep -q "^  hold " || fail "holds show $id1: no hold finding"
holds_tool --json show "$id1" | grep -q "\"source\":\"$id1\",\"verdict\":\"hold\"" || fail "holds --json show"
holds_tool show NOSUCHID >/dev/null 2>&1 && fail "holds show: unknown id accepted"
holds_tool release "$id1" >/dev/null 2>&1 || fail "holds release $id1"
holds_tool delete "$id2" >/dev/null 2>&1 || fail "holds delete $id2"
pf_wait_idle 30
for ((t = 0; t < 100; t++)); do [ -n "$(sink_file "$tid1")" ] && break; sleep 0.1; done
[ -n "$(sink_file "$tid1")" ] || fail "released $id1 ($tid1) not delivered"
[ -z "$(sink_file "$tid2")" ] || fail "deleted $id2 ($tid2) delivered"
[ "$(pf_queue_count hold)" = $((holds - 2)) ] || fail "hold queue: not $((holds - 2)) left"
echo "enforce: ${#files[@]} messages x 2 paths, $holds held, $failures failure(s) so far"
cleanup

# ---- run 2: reject ------------------------------------------------------
start_run reject "@@[levels]
apology.missing = reject
signature.missing = reject" || exit 1
send_all
rejects=0 i=0
for f in "${files[@]}"; do
    i=$((i + 1))
    json=$(cli "$f")
    want=$(printf '%s' "$json" | verdict_of)
    out=$run/swaks-$i.out
    if [ "$want" != reject ]; then
        grep -q '^<\*\* *550' "$out" && fail "$f: $want but rejected over SMTP"
        continue
    fi
    rejects=$((rejects + 1))
    grep -q '^<\*\* *550-5.7.1 replyguard: reply not sent' "$out" ||
        fail "$f: SMTP client saw no 550 5.7.1: $(grep '^<\*\*' "$out" | head -2)"
    bounce=$(pf_from_null_to "pipe-$i@agents.example" | head -1)
    [ -n "$bounce" ] || fail "$f: sendmail(1) path: no bounce to the sender"
    [ -n "$bounce" ] && sed '/^$/q' "$bounce" | grep -q '^X-Replyguard' && fail "$f: the bounce was checked"
    [ -n "$(sink_file "pipe-$i")" ] && fail "$f: sendmail(1) path: delivered anyway"
    # one line for sendmail(1) mail: Postfix would write a multi-line
    # reply into the bounce as "...__550-5.7.1 ..."
    [ -n "$bounce" ] && grep -q -e '__550' -e '550-5\.7\.1' "$bounce" &&
        fail "$f: the bounce shows the reply's line breaks: $(grep -m1 '__550' "$bounce")"
    printf '%s' "$json" | grep -o '"rule":"[^"]*","level":"[^"]*","hint":"[^"]\{1,40\}' |
        while IFS= read -r finding; do
            r=$(printf '%s' "$finding" | cut -d'"' -f4)
            hint=$(printf '%s' "$finding" | sed 's/.*"hint":"//')
            # swaks does not announce SMTPUTF8: the reply is ASCII, so
            # compare the hint up to its first non-ASCII letter
            hint=$(printf '%s' "$hint" | LC_ALL=C sed 's/[^ -~].*//')
            grep -q -F "$r" "$out" && grep -q -F "$hint" "$out" ||
                echo "FAIL: $f: SMTP reply lacks $r [$hint]"
            [ -z "$bounce" ] || grep -q -F "$r" "$bounce" ||
                echo "FAIL: $f: bounce lacks $r"
        done >"$run/finding-failures"
    [ -s "$run/finding-failures" ] && { cat "$run/finding-failures"; failures=$((failures + 1)); }
done
[ "$rejects" -gt 0 ] || fail "reject: no rejected reply at all"
[ "$(pf_queue_count hold)" = 0 ] || fail "reject: $(pf_queue_count hold) messages held"
echo "reject: $rejects rejected on both paths, $failures failure(s) so far"
cleanup

# ---- run 3: monitor -----------------------------------------------------
start_run monitor "@@mode = monitor" || exit 1
send_all
i=0
for f in "${files[@]}"; do
    i=$((i + 1))
    json=$(cli "$f")
    want=$(printf '%s' "$json" | verdict_of)
    for path in smtp pipe; do
        sink=$(sink_file "$path-$i")
        [ -n "$sink" ] || { fail "$f ($path): monitor mode did not deliver"; continue; }
        grep -q "^X-Replyguard: $want; mode=monitor; " "$sink" ||
            fail "$f ($path): monitor header [$(grep '^X-Replyguard' "$sink")], want $want"
    done
done
[ "$(pf_queue_count hold)" = 0 ] || fail "monitor: messages held"
grep -q ' 550' "$run"/swaks-*.out && fail "monitor: a message was rejected"
echo "monitor: ${#files[@]} messages x 2 paths delivered"

echo "e2e: $failures failure(s)"
[ "$failures" = 0 ]
