#!/bin/bash
# prefilter.sh CLI POLICYDIR SHARED OWNCORPUS REGRESSIONS VECTORSCAN
#
# The Vectorscan prefilter only rules out PCRE2 searches that cannot
# match: replyguard-check gives byte-identical JSON (apart from scan_ms)
# with it and with REPLYGUARD_NO_PREFILTER set, on every labelled corpus
# message, every real-world MIME message and every fuzz regression input.
# With VECTORSCAN=1 the prefilter must also have ruled searches out, so
# the comparison is not between two PCRE2-only runs.
set -u
cli=$1 policies=$2 shared=$3 own=$4 regressions=$5 vectorscan=$6
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
check() {
    local name=$1; shift
    [ $# -gt 0 ] || return 0
    "$cli" --no-config --policy-dir "$policies" --format json "$@" \
        >"$work/on.raw" 2>"$work/on.err"
    REPLYGUARD_NO_PREFILTER=1 "$cli" --no-config --policy-dir "$policies" \
        --format json "$@" >"$work/off.raw" 2>"$work/off.err"
    sed 's/"scan_ms":[0-9.e+-]*/"scan_ms":0/' "$work/on.raw" >"$work/on"
    sed 's/"scan_ms":[0-9.e+-]*/"scan_ms":0/' "$work/off.raw" >"$work/off"
    if ! cmp -s "$work/on" "$work/off" || ! cmp -s "$work/on.err" "$work/off.err"; then
        fail "$name: results differ with and without the prefilter"
        diff "$work/on" "$work/off" | head -6
    fi
    echo "$name: $(wc -l <"$work/on") results compared"
    [ -s "$work/on" ] || fail "$name: no results"
}
for dir in "$shared/corpus" "$shared/corpus2"; do
    [ -d "$dir" ] && check "$dir" "$dir"/*.eml
done
check "$own" "$own"/*.eml
if [ -d "$shared/mime-real" ]; then
    mapfile -t real < <(find "$shared/mime-real" -type f ! -name '*.md' | sort)
    check mime-real "${real[@]}"
fi
mapfile -t inputs < <(find "$regressions" -type f | sort)
check regressions "${inputs[@]}"
if [ "$vectorscan" = 1 ]; then
    "$cli" --no-config --policy-dir "$policies" --explain "$own"/*.eml >"$work/explain"
    skipped=$(sed -n 's/.* run, \([0-9]*\) ruled out by the prefilter$/\1/p' \
        "$work/explain" | awk '{ s += $1 } END { print s + 0 }')
    [ "$skipped" -gt 0 ] || fail "the prefilter ruled out no search"
    echo "searches ruled out on $own: $skipped"
fi
[ "$failures" = 0 ] && echo "prefilter: identical results"
exit $((failures > 0))
