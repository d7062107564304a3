#!/bin/bash
# engine-instructions.sh [BUILD_DIR] [SET] [CORPUS_DIR] [ROUNDS]
#
# Instructions the full engine runs per message, counted by valgrind's
# callgrind inside rg_engine_scan_bytes only (GMime's parse included,
# set-up and the other modes of engine-bench left out): a figure that
# does not move with the machine's load, for comparing two builds where
# timings on a shared machine spread by 10 % or more.  SET is an
# engine-bench set ("corpus" for CORPUS_DIR's .eml files, default
# ../shared/corpus; "4 KB", "128 KB", ...: ten synthetic replies).
# A benchmark, not a test; needs valgrind.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(realpath "${1:-$src/build}")
set=${2:-corpus}
corpus=$(realpath "${3:-$src/../shared/corpus}")
rounds=${4:-3}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

if [ "$set" = corpus ]; then
    messages=$(find "$corpus" -maxdepth 1 -name '*.eml' | wc -l)
else
    messages=10
fi
valgrind --tool=callgrind --callgrind-out-file="$out/cg" \
    --toggle-collect=rg_engine_scan_bytes \
    "$build/tests/engine-bench" -p "$src/policies" -c "$corpus" -s "$set" \
    -n "$rounds" >"$out/bench" 2>"$out/log"
collected=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out/log")
[ -n "$collected" ] || { cat "$out/log" >&2; exit 1; }
echo "$set: $((messages * rounds)) scans, $((collected / (messages * rounds))) instructions per scan"
