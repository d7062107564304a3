# private-postfix.sh - a throw-away Postfix instance on loopback
#
# Sourced by the end-to-end tests, the demo and the Postfix benchmark:
#
#   pf_setup DIR SMTP_PORT SINK_PORT [MILTER]   write main.cf and master.cf
#   pf_start / pf_stop                           start and stop it (as root)
#   pf_sink_start / pf_sink_stop                 smtp-sink as the next hop,
#                                                one file per message in DIR/sink
#   pf_wait_idle SECONDS                         until the active and incoming
#                                                queues are empty
#   pf_sendmail ARGS...                          sendmail(1) of this instance
#   pf_postqueue ARGS... / pf_postsuper / pf_postcat
#   pf_wait_log FILE TEXT COUNT SECONDS          until FILE has COUNT lines
#                                                holding TEXT (a log line)
#   pf_connections PORT                          established TCP connections
#                                                to 127.0.0.1:PORT
#
# Everything lives under DIR: config, queue, data, the mail log and the
# sink.  It listens on 127.0.0.1 only; all mail relays to the sink.
# MILTER (e.g. inet:127.0.0.1:PORT) is used for smtpd_milters and
# non_smtpd_milters with milter_default_action = tempfail.

pf_setup() {
    PF_DIR=$1 PF_SMTP_PORT=$2 PF_SINK_PORT=$3 PF_MILTER=${4:-}
    PF_ETC=$PF_DIR/etc PF_QUEUE=$PF_DIR/queue PF_LOG=$PF_DIR/maillog
    PF_SINK=$PF_DIR/sink
    mkdir -p "$PF_ETC" "$PF_QUEUE" "$PF_DIR/data" "$PF_SINK"
    chown postfix "$PF_DIR/data" "$PF_SINK"
    : >"$PF_LOG"
    cat >"$PF_ETC/main.cf" <<EOF2
compatibility_level = 3.6
queue_directory = $PF_QUEUE
data_directory = $PF_DIR/data
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = replyguard.test
mydomain = replyguard.test
myorigin = replyguard.test
mydestination =
relayhost = [127.0.0.1]:$PF_SINK_PORT
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
alias_maps =
alias_database =
maillog_file = $PF_LOG
maillog_file_prefixes = $PF_DIR
smtp_tls_security_level = none
smtpd_tls_security_level = none
smtp_dns_support_level = disabled
disable_dns_lookups = yes
smtpd_peername_lookup = no
milter_default_action = tempfail
milter_macro_daemon_name = ORIGINATING
smtpd_milters = $PF_MILTER
non_smtpd_milters = $PF_MILTER
in_flow_delay = 0
smtpd_client_connection_count_limit = 0
smtpd_client_message_rate_limit = 0
default_process_limit = 100
queue_run_delay = 5s
minimal_backoff_time = 5s
maximal_backoff_time = 10s
bounce_queue_lifetime = 0
smtputf8_autodetect_classes = verify
EOF2
    cat >"$PF_ETC/master.cf" <<EOF2
127.0.0.1:$PF_SMTP_PORT inet n - n - - smtpd
pickup     unix  n - n 60 1 pickup
cleanup    unix  n - n - 0 cleanup
qmgr       unix  n - n 300 1 qmgr
rewrite    unix  - - n - - trivial-rewrite
bounce     unix  - - n - 0 bounce
defer      unix  - - n - 0 bounce
trace      unix  - - n - 0 bounce
verify     unix  - - n - 1 verify
flush      unix  n - n 1000? 0 flush
proxymap   unix  - - n - - proxymap
proxywrite unix  - - n - 1 proxymap
smtp       unix  - - n - - smtp
relay      unix  - - n - - smtp
showq      unix  n - n - - showq
error      unix  - - n - - error
retry      unix  - - n - - error
discard    unix  - - n - - discard
local      unix  - n n - - local
anvil      unix  - - n - 1 anvil
scache     unix  - - n - 1 scache
postlog    unix-dgram n - n - 1 postlogd
EOF2
}

pf_start() {
    postfix -c "$PF_ETC" check >>"$PF_DIR/postfix.out" 2>&1 &&
        postfix -c "$PF_ETC" start >>"$PF_DIR/postfix.out" 2>&1 || {
        # postfix(1) reports to a terminal or syslog only: give it a terminal
        script -qc "postfix -c $PF_ETC check" /dev/null >&2
        cat "$PF_DIR/postfix.out" "$PF_LOG" >&2
        return 1
    }
    pf_wait_port "$PF_SMTP_PORT" 20
}

pf_stop() {
    [ -n "${PF_ETC:-}" ] && postfix -c "$PF_ETC" stop >/dev/null 2>&1
    return 0
}

# pf_wait_port PORT TRIES - until something listens on 127.0.0.1:PORT
pf_wait_port() {
    local i
    for ((i = 0; i < $2 * 10; i++)); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.1
    done
    echo "nothing listens on 127.0.0.1:$1" >&2
    return 1
}

pf_sink_start() {
    smtp-sink -u postfix -d "$PF_SINK/%Y%m%d%H%M%S." "127.0.0.1:$PF_SINK_PORT" 1000 \
        >"$PF_DIR/sink.out" 2>&1 &
    PF_SINK_PID=$!
    pf_wait_port "$PF_SINK_PORT" 20
}

pf_sink_stop() {
    [ -n "${PF_SINK_PID:-}" ] && kill "$PF_SINK_PID" 2>/dev/null
    wait "${PF_SINK_PID:-}" 2>/dev/null
    PF_SINK_PID=
    return 0
}

pf_sendmail() { sendmail -C "$PF_ETC" "$@"; }
pf_postqueue() { postqueue -c "$PF_ETC" "$@"; }
pf_postsuper() { postsuper -c "$PF_ETC" "$@"; }
pf_postcat() { postcat -c "$PF_ETC" "$@"; }

# pf_queue_count NAME... - messages in the named queues
pf_queue_count() {
    local n=0 q
    for q in "$@"; do
        n=$((n + $(find "$PF_QUEUE/$q" -type f 2>/dev/null | wc -l)))
    done
    echo "$n"
}

# pf_wait_idle SECONDS - until maildrop, incoming and active are empty
pf_wait_idle() {
    local i
    for ((i = 0; i < $1 * 10; i++)); do
        [ "$(pf_queue_count maildrop incoming active)" = 0 ] && return 0
        sleep 0.1
    done
    echo "postfix queue not idle after $1 s" >&2
    return 1
}

# pf_wait_files DIR COUNT SECONDS - until DIR holds COUNT files
pf_wait_files() {
    local i
    for ((i = 0; i < $3 * 10; i++)); do
        [ "$(find "$1" -type f | wc -l)" -ge "$2" ] && return 0
        sleep 0.1
    done
    return 1
}

# pf_wait_log FILE TEXT COUNT SECONDS - until FILE holds COUNT lines with
# the fixed string TEXT
pf_wait_log() {
    local i
    for ((i = 0; i < $4 * 20; i++)); do
        [ "$(grep -c -F -- "$2" "$1" 2>/dev/null)" -ge "$3" ] && return 0
        sleep 0.05
    done
    echo "no $3 line(s) with [$2] in $1 after $4 s" >&2
    return 1
}

# pf_connections PORT - client-side TCP connections established to PORT
pf_connections() {
    awk -v p="$(printf ':%04X' "$1")" \
        'substr($3, length($3) - 4) == p && $4 == "01"' /proc/net/tcp | wc -l
}

# pf_wait_connections PORT COUNT SECONDS - until COUNT connections to PORT
pf_wait_connections() {
    local i
    for ((i = 0; i < $3 * 20; i++)); do
        [ "$(pf_connections "$1")" -ge "$2" ] && return 0
        sleep 0.05
    done
    echo "not $2 connection(s) to port $1 after $3 s" >&2
    return 1
}

# pf_wait_no_connections PORT SECONDS - until no connection to PORT is open
pf_wait_no_connections() {
    local i
    for ((i = 0; i < $2 * 20; i++)); do
        [ "$(pf_connections "$1")" = 0 ] && return 0
        sleep 0.05
    done
    echo "connection(s) to port $1 still open after $2 s" >&2
    return 1
}

# pf_pick_ports N - a base port below the ephemeral range with base..base+N-1
# all free on 127.0.0.1
pf_pick_ports() {
    local try b p busy
    for ((try = 0; try < 100; try++)); do
        b=$((20000 + RANDOM % 12000)) busy=
        for ((p = b; p < b + $1; p++)); do
            (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && { busy=1; break; }
        done
        [ -z "$busy" ] && { echo "$b"; return 0; }
    done
    return 1
}

# pf_delivered LINE - the first sink file holding header line LINE, not
# counting mail from the null sender (bounces and notices quote originals)
pf_delivered() {
    grep -l -x "$1" "$PF_SINK"/* 2>/dev/null |
        xargs -r grep -L '^X-Mail-Args: <>\( \|$\)' | head -1
}

# pf_from_null_to ADDRESS - sink files from the null sender to ADDRESS
# (a regex), i.e. bounces and notices
pf_from_null_to() {
    grep -l "^X-Rcpt-Args: <$1>\\( \\|\$\\)" "$PF_SINK"/* 2>/dev/null |
        xargs -r grep -l '^X-Mail-Args: <>\( \|$\)'
}

# pf_held_table HEADER - "value queue-id" for every message in the hold
# queue, value being its HEADER
pf_held_table() {
    local id
    for id in $(find "$PF_QUEUE/hold" -type f -printf '%f\n'); do
        printf '%s %s\n' "$(pf_postcat -hq "$id" | sed -n "s/^$1: //p")" "$id"
    done
}
