#!/bin/bash
# package.sh SOURCEDIR WORKDIR
#
# The Debian package, as an admin gets it: dpkg-buildpackage -b builds
# it from a copy of the source, lintian finds no error, dpkg -i installs
# it on this machine (user replyguard in group postfix, the conffile,
# the socket folder under Postfix's chroot, no build path in the
# binary); the installed daemon starts with the installed config and a
# private Postfix puts replies through it: a good one is delivered, one
# without an apology is held.  The package is purged afterwards unless it
# was installed before.  Needs root, dpkg-buildpackage, postfix, swaks;
# skips (77) without them.
set -u
umask 022
src=$(realpath "$1") work=$2
here=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
for tool in dpkg-buildpackage dh postfix swaks smtp-sink; do
    command -v "$tool" >/dev/null || { echo "SKIP: no $tool"; exit 77; }
done
rm -rf "$work"
mkdir -p "$work/src"
work=$(realpath "$work")
. "$here/../../contrib/private-postfix.sh"
failures=0
ok() { echo "ok   $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
sock=/var/spool/postfix/replyguard/replyguard.sock
installed_before=$(dpkg-query -W -f='${Status}' replyguard 2>/dev/null | grep -c 'ok installed')
RG_PID=
cleanup() {
    pf_stop
    pf_sink_stop
    [ -n "$RG_PID" ] && kill "$RG_PID" 2>/dev/null && wait "$RG_PID" 2>/dev/null
    [ "$installed_before" = 0 ] && dpkg --purge replyguard >"$work/purge.out" 2>&1
    return 0
}
trap cleanup EXIT

# build from a copy: dpkg-buildpackage writes into the parent folder
tar -C "$src" --exclude=./build --exclude='./build-*' --exclude=./.git \
    --exclude='./obj-*' -cf - . | (mkdir -p "$work/src/replyguard" &&
    tar -C "$work/src/replyguard" -xf -)
if (cd "$work/src/replyguard" &&
    DEB_BUILD_OPTIONS="parallel=2 nocheck" dpkg-buildpackage -b -us -uc) \
    >"$work/build.out" 2>&1; then
    ok "dpkg-buildpackage -b"
else
    tail -30 "$work/build.out"
    fail "dpkg-buildpackage"
    exit 1
fi
deb=$(ls "$work"/src/replyguard_*.deb)
if command -v lintian >/dev/null; then
    lintian "$work"/src/replyguard_*.changes >"$work/lintian.out" 2>&1
    if grep -q '^E:' "$work/lintian.out"; then
        fail "lintian: $(grep '^E:' "$work/lintian.out")"
    else
        ok "lintian: no error"
    fi
fi

if DEBIAN_FRONTEND=noninteractive dpkg -i "$deb" >"$work/install.out" 2>&1; then
    ok "dpkg -i"
else
    cat "$work/install.out"
    fail "dpkg -i"
    exit 1
fi
for f in /usr/sbin/replyguard /usr/bin/replyguard-check /usr/bin/replyguard-holds \
    /usr/share/replyguard/policies/en.policy /usr/share/man/man8/replyguard.8.gz \
    /lib/systemd/system/replyguard.service /usr/lib/tmpfiles.d/replyguard.conf; do
    [ -e "$f" ] || fail "not installed: $f"
done
dpkg-query -W -f='${Conffiles}\n' replyguard | grep -q ' /etc/replyguard/replyguard.conf ' &&
    ok "/etc/replyguard/replyguard.conf is a conffile" || fail "no conffile"
id -nG replyguard 2>/dev/null | grep -qw postfix &&
    ok "user replyguard in group postfix" || fail "user replyguard: $(id replyguard 2>&1)"
[ "$(stat -c '%U %G' /var/spool/postfix/replyguard 2>&1)" = "replyguard postfix" ] &&
    ok "socket folder under Postfix's chroot" ||
    fail "socket folder: $(stat -c '%U %G %a' /var/spool/postfix/replyguard 2>&1)"
if grep -q -a -F "$work" /usr/sbin/replyguard /usr/bin/replyguard-check; then
    fail "the build path is baked into the binaries"
else
    ok "no build path in the binaries"
fi
grep -q 'NoNewPrivileges=yes' /lib/systemd/system/replyguard.service &&
    fail "the unit sets NoNewPrivileges (postdrop is setgid)"
systemctl is-enabled replyguard >/dev/null 2>&1 ||
    [ -L /etc/systemd/system/multi-user.target.wants/replyguard.service ] &&
    ok "unit enabled" || fail "unit not enabled"
/usr/sbin/replyguard -n -c /etc/replyguard/replyguard.conf >"$work/n.out" 2>&1 &&
    ok "replyguard -n of the installed config" || fail "-n: $(cat "$work/n.out")"

# the installed daemon, as the unit starts it (root here: user = replyguard)
/usr/sbin/replyguard -f -c /etc/replyguard/replyguard.conf 2>"$work/replyguard.log" &
RG_PID=$!
for ((i = 0; i < 100; i++)); do [ -S "$sock" ] && break; sleep 0.1; done
if [ "$(stat -c '%U %G %a' "$sock" 2>&1)" = "replyguard postfix 660" ]; then
    ok "socket replyguard:postfix 0660"
else
    fail "socket: $(stat -c '%U %G %a' "$sock" 2>&1); $(cat "$work/replyguard.log")"
fi
base=$(pf_pick_ports 2)
pf_setup "$work/postfix" "$base" "$((base + 1))" "unix:$sock"
pf_sink_start && pf_start || { fail "private Postfix did not start"; exit 1; }
samples=$src/contrib/samples
swaks --server "127.0.0.1:$base" --from agent@support.example --to a@customers.example \
    --add-header "X-Test-Id: good" --data "$samples/1-en-good.eml" >"$work/good.out" 2>&1
swaks --server "127.0.0.1:$base" --from agent@support.example --to b@customers.example \
    --add-header "X-Test-Id: held" --data "$samples/3-hr-no-apology.eml" >"$work/held.out" 2>&1
pf_wait_idle 30
pf_wait_files "$PF_SINK" 1 20
if [ -n "$(pf_delivered 'X-Test-Id: good')" ]; then ok "good reply delivered"
else fail "good reply not delivered: $(tail -5 "$work/good.out")"; fi
if [ "$(pf_queue_count hold)" = 1 ]; then ok "reply without an apology held"
else fail "hold queue: $(pf_queue_count hold); $(tail -5 "$work/held.out")"; fi
pf_wait_log "$work/replyguard.log" "action=hold" 1 10 || fail "no action=hold log line"

# the installed replyguard-check reads the installed config by default,
# so an agent's pre-check gives the daemon's verdict: with a level changed
# there (only in a config this test installed), sample 4 is rejected, and
# flagged under --no-config
if [ "$installed_before" = 0 ]; then
    sed -i 's/^\[levels\]$/[levels]\ndeflect.contract = reject/' /etc/replyguard/replyguard.conf
    v=$(/usr/bin/replyguard-check --format=json "$samples/4-en-contract.eml" | grep -o '"verdict":"[a-z]*"')
    d=$(/usr/bin/replyguard-check --no-config --format=json "$samples/4-en-contract.eml" | grep -o '"verdict":"[a-z]*"')
    if [ "$v" = '"verdict":"reject"' ] && [ "$d" = '"verdict":"flag"' ]; then
        ok "replyguard-check reads /etc/replyguard/replyguard.conf by default"
    else
        fail "replyguard-check default config: [$v], --no-config [$d]"
    fi
fi

kill "$RG_PID"
wait "$RG_PID"
RG_PID=
[ ! -e /run/replyguard/replyguard.pid ] && ok "pid file removed at stop" ||
    fail "pid file left behind"
echo "package: $failures failure(s)"
[ "$failures" = 0 ]
