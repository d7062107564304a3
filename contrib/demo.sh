#!/bin/bash
# demo.sh [BUILD_DIR] - replyguard's main job, shown on a private Postfix
#
# Starts replyguard and a private Postfix on 127.0.0.1 (high ports, all
# state under BUILD_DIR/demo, mail relayed to smtp-sink), sends the sample
# replies of contrib/samples over SMTP (swaks) and through sendmail(1),
# and prints each one's fate: delivered with its X-Replyguard header, held
# (postqueue -p), rejected with the hints, or bounced to the writer.
# Run as root.  Everything is stopped at the end.
set -u
umask 022
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath "${1:-$src/build}")
. "$src/contrib/private-postfix.sh"
[ "$(id -u)" = 0 ] || { echo "demo.sh: run as root (Postfix needs it)" >&2; exit 1; }

dir=$build/demo
rm -rf "$dir"
mkdir -p "$dir"
base=$(pf_pick_ports 5)
pf_setup "$dir/postfix" "$base" "$((base + 1))" "inet:127.0.0.1:$((base + 2))"
{ printf '[engine]\npolicy-dir = %s/policies\n\n' "$src"; cat "$src/contrib/samples/demo.conf"; } >"$dir/replyguard.conf"

rg_pid=
stop_all() {
    pf_stop
    pf_sink_stop
    [ -n "$rg_pid" ] && kill "$rg_pid" 2>/dev/null && wait "$rg_pid" 2>/dev/null
}
trap stop_all EXIT
"$build/replyguard" -f -c "$dir/replyguard.conf" -p "inet:$((base + 2))@127.0.0.1" \
    2>"$dir/replyguard.log" &
rg_pid=$!
pf_wait_port "$((base + 2))" 20 && pf_sink_start && pf_start || exit 1

bold=$(tput bold 2>/dev/null || true) plain=$(tput sgr0 2>/dev/null || true)
echo "${bold}replyguard $("$build/replyguard" -V | cut -d' ' -f2) in front of Postfix on 127.0.0.1:$base${plain}"
echo "config: $src/contrib/samples/demo.conf (defaults, deflect.contract = reject)"
echo

samples=("$src"/contrib/samples/*.eml)
for f in "${samples[@]}"; do
    name=$(basename "$f" .eml)
    swaks --server "127.0.0.1:$base" --from "smtp-$name@agents.example" \
        --to customer@customers.example --add-header "X-Demo-Id: smtp-$name" \
        --data "$f" >"$dir/$name.swaks" 2>&1
    { printf 'X-Demo-Id: pipe-%s\n' "$name"; cat "$f"; } |
        pf_sendmail -f "pipe-$name@agents.example" customer@customers.example
done
pf_wait_idle 30
sleep 1

pf_held_table X-Demo-Id >"$dir/held"

for f in "${samples[@]}"; do
    name=$(basename "$f" .eml)
    echo "${bold}$name${plain}  (Subject: $(sed -n 's/^Subject: //p' "$f"))"
    for path in smtp pipe; do
        label=$([ $path = smtp ] && echo "SMTP        " || echo "sendmail(1) ")
        id=$path-$name
        out=$(pf_delivered "X-Demo-Id: $id")
        h=$(awk -v id="$id" '$1 == id { print $2 }' "$dir/held")
        b=$(pf_from_null_to "$id@agents.example" | head -1)
        if [ -n "$out" ]; then
            echo "  $label delivered   $(grep '^X-Replyguard:' "$out")"
        elif [ -n "$h" ]; then
            echo "  $label held        queue id $h  ($(pf_postcat -hq "$h" | grep '^X-Replyguard:'))"
        elif [ $path = smtp ] && grep -q '^<\*\* *550' "$dir/$name.swaks"; then
            echo "  $label rejected    the client saw:"
            grep '^<\*\* *550' "$dir/$name.swaks" | sed 's/^<\*\* */                            /'
        elif [ -n "$b" ]; then
            echo "  $label bounced     to $id@agents.example, saying:"
            sed -n '/^<customer@customers.example>:/,/^$/p' "$b" | sed 's/^/                            /'
        else
            echo "  $label unknown fate (see $dir)"
        fi
    done
done
echo
echo "${bold}postqueue -p${plain} (held replies are marked '!'):"
pf_postqueue -p
echo
echo "${bold}replyguard log${plain}:"
sed 's/^/  /' "$dir/replyguard.log"
echo
echo "The private Postfix is stopped now; its files stay in $dir."
echo "To review the held replies: postfix -c $PF_ETC start, then"
echo "  REPLYGUARD_CHECK=$build/replyguard-check $src/contrib/replyguard-holds -c $PF_ETC -r $dir/replyguard.conf list"
