#!/bin/bash
# cli.sh CLI POLICYDIR CORPUSDIR
#
# replyguard-check as a user runs it: every corpus message through the
# command (verdict, flag-or-higher rules and exit status as labelled),
# standard input, mbox and Maildir input, --summary counts against
# expected.tsv, config overrides, and the usage/input/config exit codes.
# Skips (77) when the shared corpus is absent.
set -u
cli=$1 policies=$2 corpus=$3
[ -f "$corpus/expected.tsv" ] || { echo "SKIP: $corpus absent"; exit 77; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
# every run of the command: built-in defaults, the test's policies; a
# status outside its documented ones (a crash, a signal) is a failure
check() {
    local rc=0 defaults=--no-config a
    for a in "$@"; do [ "$a" = -c ] && defaults=; done
    "$cli" $defaults --policy-dir "$policies" "$@" || rc=$?
    case $rc in
    0|1|2|3|64|66|70|78) ;;
    *) echo "FAIL: replyguard-check $* ended with status $rc" >&2
       echo crash >>"$work/crashes" ;;
    esac
    return "$rc"
}
status_of() { case $1 in pass) echo 0 ;; flag) echo 1 ;; hold) echo 2 ;; reject) echo 3 ;; esac; }

. "$(dirname "$0")/json.sh"

# 1. every corpus message, one process each, exit status included
n=0
while IFS=$'\t' read -r file verdict rules; do
    [ "$file" = file ] && continue
    n=$((n + 1))
    rc=0
    out=$(check --format json "$corpus/$file") || rc=$?
    want_rules=$(printf '%s' "$rules" | tr ',' '\n' | sort | paste -sd, -)
    got_verdict=$(printf '%s' "$out" | verdict_of)
    got_rules=$(printf '%s' "$out" | rules_of)
    [ "$got_verdict" = "$verdict" ] || fail "$file: verdict $got_verdict, want $verdict"
    [ "$got_rules" = "$want_rules" ] || fail "$file: rules [$got_rules], want [$want_rules]"
    [ "$rc" = "$(status_of "$verdict")" ] || fail "$file: status $rc for $verdict"
done <"$corpus/expected.tsv"
echo "corpus through the CLI: $n messages"

# 2. standard input gives the same line as the file (source aside)
first=$(awk -F'\t' 'NR == 2 { print $1 }' "$corpus/expected.tsv")
a=$(check --format json "$corpus/$first" | sed 's/"source":"[^"]*"//; s/"scan_ms":[0-9.]*//')
b=$(check --format json - <"$corpus/$first" | sed 's/"source":"[^"]*"//; s/"scan_ms":[0-9.]*//')
[ "$a" = "$b" ] || fail "stdin differs from file: [$b] vs [$a]"

# 3. an mbox of the corpus: one result per message, in order
mbox=$work/sent.mbox
: >"$mbox"
while IFS=$'\t' read -r file _; do
    [ "$file" = file ] && continue
    printf 'From agent@example.com Mon Nov  2 10:00:00 2026\n' >>"$mbox"
    sed 's/\r$//; s/^\(>*From \)/>\1/' "$corpus/$file" >>"$mbox"
    printf '\n' >>"$mbox"
done <"$corpus/expected.tsv"
check --format json "$mbox" >"$work/mbox.json"
mbox_status=$?
[ "$(wc -l <"$work/mbox.json")" = "$n" ] || fail "mbox: $(wc -l <"$work/mbox.json") results, want $n"
grep -q "\"source\":\"$mbox#$n\"" "$work/mbox.json" || fail "mbox: no source #$n"
awk -F'\t' 'NR > 1 { print $2 }' "$corpus/expected.tsv" >"$work/want.verdicts"
verdict_of <"$work/mbox.json" >"$work/got.verdicts"
cmp -s "$work/want.verdicts" "$work/got.verdicts" || fail "mbox: verdicts differ from expected.tsv"
worst=$(sort -u "$work/want.verdicts" | while read -r v; do status_of "$v"; done | sort -n | tail -1)
[ "$mbox_status" = "$worst" ] || fail "mbox: status $mbox_status, want $worst"

# 4. a Maildir of the corpus
mkdir -p "$work/Maildir/cur" "$work/Maildir/new" "$work/Maildir/tmp"
i=0
for f in "$corpus"/*.eml; do
    i=$((i + 1))
    cp "$f" "$work/Maildir/$([ $((i % 2)) = 0 ] && echo cur || echo new)/$i.x:2,S"
done
[ "$(check --format json "$work/Maildir" | grep -c '"verdict"')" = "$i" ] ||
    fail "Maildir: not $i results"

# 5. --summary over the mbox: verdict and rule counts as expected.tsv says
check --summary "$mbox" >"$work/summary.txt"
[ $? = "$worst" ] || fail "summary: wrong status"
for v in pass flag hold reject; do
    want=$(grep -c "^$v\$" "$work/want.verdicts")
    grep -q " $v: $want " "$work/summary.txt" ||
        fail "summary: $v count, want $want: $(head -1 "$work/summary.txt")"
done
grep -q "^messages: $n " "$work/summary.txt" || fail "summary: message count"
# rules whose default level is flag or higher (from the registry) are all
# in expected.tsv
rules=$("$cli" --rules | awk '$2 != "hint" { print $1 }')
[ "$(printf '%s\n' "$rules" | wc -l)" -ge 12 ] || fail "--rules lists $(printf '%s\n' "$rules" | wc -l) rules"
for rule in $rules; do
    want=$(awk -F'\t' -v r="$rule" 'NR > 1 && ("," $3 ",") ~ ("," r ",")' \
        "$corpus/expected.tsv" | wc -l)
    got=$(awk -v r="$rule" '$1 == r { print $2 }' "$work/summary.txt")
    [ "${got:-0}" = "$want" ] || fail "summary: $rule count ${got:-0}, want $want"
done
check --summary --format json "$mbox" | grep -q "\"messages\":$n" ||
    fail "summary json: no message count"

# 6. a config raises and silences rules; the same file the daemon reads
shout=$(awk -F'\t' '$3 ~ /caps.shouting/ { print $1; exit }' "$corpus/expected.tsv")
printf '[levels]\ncaps.shouting = reject\n' >"$work/reject.conf"
rc=0; check -c "$work/reject.conf" "$corpus/$shout" >/dev/null || rc=$?
[ "$rc" = 3 ] || fail "levels: caps.shouting=reject gave status $rc"
printf '[levels]\ncaps.shouting = off\n' >"$work/off.conf"
check -c "$work/off.conf" --format json "$corpus/$shout" | grep -q caps.shouting &&
    fail "levels: caps.shouting=off still reported"

# 7. errors: usage 64, missing input 66, bad config 78 naming file:line
rc=0; check --no-such-flag x 2>/dev/null || rc=$?
[ "$rc" = 64 ] || fail "unknown flag: status $rc"
rc=0; check --format xml "$corpus/$first" 2>/dev/null || rc=$?
[ "$rc" = 64 ] || fail "bad --format: status $rc"
rc=0; check 2>/dev/null || rc=$?
[ "$rc" = 64 ] || fail "no input: status $rc"
rc=0; check "$work/none.eml" 2>/dev/null || rc=$?
[ "$rc" = 66 ] || fail "missing file: status $rc"
printf '[engine]\nscan-limit = 1M\n[levels]\ncaps.shouting = loud\n' >"$work/bad.conf"
rc=0; err=$(check -c "$work/bad.conf" "$corpus/$first" 2>&1 >/dev/null) || rc=$?
[ "$rc" = 78 ] || fail "bad config: status $rc"
case $err in *bad.conf:4:*) ;; *) fail "bad config: no file:line in [$err]" ;; esac
mkdir -p "$work/policies"
line=$(grep -n '^\[apology.missing\]' "$policies/en.policy" | cut -d: -f1)
sed "${line}a match.broken = (unclosed" "$policies/en.policy" >"$work/policies/en.policy"
rc=0; err=$(check --policy-dir "$work/policies" "$corpus/$first" 2>&1 >/dev/null) || rc=$?
[ "$rc" = 78 ] || fail "bad pattern: status $rc"
case $err in *en.policy:$((line + 1)):*) ;; *) fail "bad pattern: no file:line in [$err]" ;; esac
printf '[policy]\nlanguage = xx\n[match]\napology.x = y\n' >"$work/policies/en.policy"
rc=0; err=$(check --policy-dir "$work/policies" "$corpus/$first" 2>&1 >/dev/null) || rc=$?
[ "$rc" = 78 ] || fail "bad policy group: status $rc"
case $err in *en.policy:3:*) ;; *) fail "bad policy group: no file:line in [$err]" ;; esac

# 8. --lang forces the policy; an unknown language is a usage error
check --lang hr --format json "$corpus/$first" | grep -q '"language":"hr"' ||
    fail "--lang hr not honoured"
rc=0; check --lang xx "$corpus/$first" 2>/dev/null || rc=$?
[ "$rc" = 64 ] || fail "--lang xx: status $rc"

# 9. text headed by no header block still gets a verdict
rc=0; printf 'Hello,\nthe parcel is on its way.\n' | check --format json - >"$work/plain.json" || rc=$?
[ "$rc" -le 3 ] && grep -q '"verdict"' "$work/plain.json" || fail "headerless text: status $rc"

[ -s "$work/crashes" ] && fail "$(wc -l <"$work/crashes") run(s) ended outside the documented statuses"
echo "cli: $failures failure(s)"
[ "$failures" = 0 ]
