#!/bin/bash
# run.sh MILTERTEST REPLYGUARD POLICYDIR SCRIPT.lua
#
# Runs one miltertest script against replyguard without an MTA.  Writes
# the configs the scripts use into a fresh folder and passes everything
# through the environment: RG_BIN, RG_DIR, RG_PORT (a free loopback port).
set -u
umask 022
miltertest=$1 bin=$(realpath "$2") policies=$(realpath "$3") script=$(realpath "$4")
command -v "$miltertest" >/dev/null || { echo "SKIP: no miltertest"; exit 77; }

dir=$(mktemp -d)
# miltertest stops only the filter it started last: stop the others too
trap 'pkill -f -- "-c $dir/" 2>/dev/null; rm -rf "$dir"' EXIT
base="[engine]
policy-dir = $policies
"
scope="[milter]
check-authenticated = true
check-daemons = ORIGINATING
check-senders = @scoped.example;one@listed.example
header-on-pass = true"
printf '%s\n%s\n' "$base" "$scope" >"$dir/enforce.conf"
printf '%s\n[levels]\napology.missing = reject\nsignature.missing = reject\n%s\n' \
    "$base" "$scope" >"$dir/reject.conf"
printf '%s\n%s\nmode = monitor\n' "$base" "$scope" >"$dir/monitor.conf"
printf '%s\n%s\nreplies-only = true\n' "$base" "$scope" >"$dir/replies.conf"
printf '[engine]\npolicy-dir = %s\nmatch-limit = 1\n%s\non-error = accept\n' \
    "$policies" "$scope" >"$dir/error-accept.conf"
printf '[engine]\npolicy-dir = %s\nmatch-limit = 1\n%s\n' \
    "$policies" "$scope" >"$dir/error-tempfail.conf"
printf '%s\n%s\n[levels]\nbogus.rule = hold\n' "$base" "$scope" >"$dir/broken.conf"
printf '%s\n%s\nskip-auto-submitted = yes\nskip-recipients = @support.example\nresult-header = verdict\n' \
    "$base" "$scope" >"$dir/skips.conf"
printf '%s\n%s\nresult-header = none\n' "$base" "$scope" >"$dir/noheader.conf"
# notice.lua: a sendmail that hangs (with a grandchild) while $dir/hang
# exists, else keeps each notice as $dir/notice.PID
cat >"$dir/sendmail" <<EOF2
#!/bin/sh
if [ -e "$dir/hang" ]; then
    sleep 300 &
    echo \$! >"$dir/grandchild"
    sleep 300
fi
cat >"$dir/notice.\$\$"
EOF2
chmod 755 "$dir/sendmail"
printf '[engine]\npolicy-dir = %s\nmax-message = 80k\n%s\nmax-collected = 100k\n' \
    "$policies" "$scope" >"$dir/limits.conf"
printf '%s\n%s\nnotice = yes\nsendmail = %s/sendmail\nnotice-timeout = 1\n' \
    "$base" "$scope" "$dir" >"$dir/notice.conf"
printf '%s\n%s\n[profile legal]\nsenders = legal@scoped.example\nlevels = %s\n[profile billing]\nheader = X-Team: billing\nlevels = apology.missing=reject\n' \
    "$base" "$scope" "apology.missing=flag; signature.missing=flag" >"$dir/profile.conf"

# a free base port below the ephemeral range (actions.lua uses 5 from it)
. "$(dirname "$(realpath "$0")")/../../contrib/private-postfix.sh"
port=$(pf_pick_ports 5)
# the stats listener (metrics.lua): the milter on $port, HTTP on $port+1
stats="stats-listen = 127.0.0.1:$((port + 1))
check-api = yes"
printf '%s\n%s\n%s\n[profile flagteam]\nsenders = flag@scoped.example\nlevels = %s\n[profile rejectteam]\nsenders = reject@scoped.example\nlevels = apology.missing=reject\n' \
    "$base" "$scope" "$stats" "apology.missing=flag; signature.missing=flag" >"$dir/stats.conf"
printf '%s\n%s\n%s\n[levels]\nbogus.rule = hold\n' "$base" "$scope" "$stats" >"$dir/stats-broken.conf"
# an internal error (match limit) counted: the milter on $port+2, HTTP on $port+3
printf '[engine]\npolicy-dir = %s\nmatch-limit = 1\n%s\nstats-listen = 127.0.0.1:%s\n' \
    "$policies" "$scope" "$((port + 3))" >"$dir/stats-error.conf"
export RG_BIN=$bin RG_DIR=$dir RG_PORT=$port RG_STATS_PORT=$((port + 1))
cd "$(dirname "$script")" || exit 1
timeout 120 "$miltertest" -s "$(basename "$script")"
