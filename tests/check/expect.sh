#!/bin/bash
# expect.sh CLI POLICYDIR SHARED OWNCORPUS
#
# replyguard-check --expect over every labelled corpus: exact 100 %, no
# false hold, status 0; and a label changed on purpose is reported as a
# miss, with its rule's false positive in the table, and status 1.
# The shared corpora are skipped when absent; the project's own is not.
set -u
cli=$1 policies=$2 shared=$3 own=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
for dir in "$shared/corpus" "$shared/corpus2" "$own"; do
    if [ ! -f "$dir/expected.tsv" ]; then
        [ "$dir" = "$own" ] && fail "$own has no expected.tsv"
        echo "skip $dir (absent)"
        continue
    fi
    rc=0
    "$cli" --no-config --policy-dir "$policies" --expect "$dir/expected.tsv" \
        "$dir"/*.eml >"$work/out" || rc=$?
    n=$(($(wc -l <"$dir/expected.tsv") - 1))
    grep -q "^exact: $n/$n " "$work/out" || fail "$dir: $(grep '^exact' "$work/out")"
    grep -q "false holds: 0 " "$work/out" || fail "$dir: false holds"
    [ "$rc" = 0 ] || fail "$dir: status $rc"
    grep '^exact' "$work/out" | sed "s|^|$dir: |"
done
# a wrong label: the first message of the own corpus said to be a hold
first=$(awk -F'\t' 'NR == 2 { print $1 }' "$own/expected.tsv")
awk -F'\t' -v OFS='\t' 'NR == 2 { $2 = "hold"; $3 = "apology.missing" } NR <= 2' \
    "$own/expected.tsv" >"$work/wrong.tsv"
rc=0
"$cli" --no-config --policy-dir "$policies" --expect "$work/wrong.tsv" \
    "$own/$first" >"$work/out" || rc=$?
[ "$rc" = 1 ] || fail "a wrong label: status $rc"
grep -q "^miss  $first: got " "$work/out" || fail "a wrong label: no miss line"
grep -q "^apology.missing .* 1 " "$work/out" || fail "a wrong label: no false negative counted"
grep -q "^exact: 0/1 " "$work/out" || fail "a wrong label: $(grep '^exact' "$work/out")"
# a label file naming an unknown rule is a usage error
printf 'file\tverdict\trules\nx.eml\tflag\tno.such-rule\n' >"$work/bad.tsv"
rc=0; "$cli" --no-config --policy-dir "$policies" --expect "$work/bad.tsv" "$own/$first" \
    >/dev/null 2>&1 || rc=$?
[ "$rc" = 64 ] || fail "unknown rule in the labels: status $rc"
echo "expect: $failures failure(s)"
[ "$failures" = 0 ]
