#!/bin/bash
# valgrind.sh CLI POLICYDIR SHAREDDIR
#
# Memcheck over every corpus and mime-real message in one replyguard-check
# run: no error and nothing definitely lost.  Skips (77) without valgrind
# or without the shared folders.
set -u
cli=$1 policies=$2 shared=$3
command -v valgrind >/dev/null || { echo "SKIP: no valgrind"; exit 77; }
[ -d "$shared/corpus" ] || { echo "SKIP: $shared absent"; exit 77; }
files=("$shared"/corpus/*.eml)
[ -d "$shared/mime-real" ] && files+=($(ls -d "$shared"/mime-real/* | grep -v '\.md$'))
log=$(mktemp)
trap 'rm -f "$log"' EXIT
REPLYGUARD_NO_JIT=1 valgrind --quiet --suppressions="$(dirname "$0")/valgrind.supp" --error-exitcode=99 --leak-check=full \
    --errors-for-leak-kinds=definite --log-file="$log" \
    "$cli" --no-config --policy-dir "$policies" --format json "${files[@]}" >/dev/null
rc=$?
cat "$log"
echo "valgrind: ${#files[@]} messages, status $rc"
# 0-3 are verdicts; 99 is a memcheck error
[ "$rc" -le 3 ] && [ ! -s "$log" ]
