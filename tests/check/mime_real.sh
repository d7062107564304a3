#!/bin/bash
# mime_real.sh CLI POLICYDIR MIMEREALDIR
#
# Every third-party message of the shared mime-real folder goes through
# replyguard-check: each must finish within 5 s with a verdict status
# (0-3), print one JSON object, and leave no sanitizer report.  Skips (77)
# when the folder is absent.
set -u
cli=$1 policies=$2 dir=$3
[ -d "$dir" ] || { echo "SKIP: $dir absent"; exit 77; }

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
failed=0 count=0
for f in "$dir"/*; do
    case $f in *.md) continue ;; esac
    [ -f "$f" ] || continue
    count=$((count + 1))
    rc=0
    timeout 5 "$cli" --no-config --policy-dir "$policies" --format json "$f" \
        >"$out/stdout" 2>"$out/stderr" || rc=$?
    if [ "$rc" -gt 3 ]; then
        echo "FAIL: $f: status $rc$([ "$rc" = 124 ] && echo ' (timeout)')"
        sed 's/^/    /' "$out/stderr" | head -20
        failed=$((failed + 1))
    elif grep -q -E 'Sanitizer|runtime error|LeakSanitizer' "$out/stderr"; then
        echo "FAIL: $f: sanitizer report"
        head -20 "$out/stderr"
        failed=$((failed + 1))
    elif ! grep -q '"verdict":"\(pass\|flag\|hold\|reject\)"' "$out/stdout"; then
        echo "FAIL: $f: no verdict printed"
        failed=$((failed + 1))
    fi
done
echo "mime-real: $count messages, $failed failed"
[ "$count" -gt 0 ] && [ "$failed" -eq 0 ]
