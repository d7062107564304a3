/*
 * rg_idle.c - closes milter sessions that stay silent for idle-timeout
 *
 * Debian's libmilter runs sessions on its worker pool, whose manager
 * polls waiting sessions with no deadline: smfi_settimeout() never ends
 * a session that connected and then sent nothing.  This module keeps,
 * per session socket, when it was accepted and when a callback last ran
 * for it, and a watchdog thread shuts down (never closes: the descriptor
 * stays libmilter's) any socket silent for longer than the timeout;
 * libmilter then reads end-of-file and ends the session itself.
 *
 * Sockets are learnt from accept() on libmilter's listener thread (the
 * daemon defines accept(), which libmilter calls, and passes it on to
 * accept4()); a session's socket is read from its context.  A TCP
 * session socket is also set to send without delay (TCP_NODELAY): an
 * end-of-message answer is several packets (a header added, then the
 * verdict), and Nagle's algorithm would hold the last one back until
 * the MTA acknowledged the first, which it delays by up to 40 ms since
 * it has nothing to send until the verdict comes.  A socket
 * is known by descriptor and inode, so a descriptor number reused after
 * libmilter closed it is never shut down by mistake.
 */
#define _GNU_SOURCE             /* accept4 */
#include "rg_idle.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "rg_log.h"

typedef struct {
    dev_t dev;
    ino_t ino;
    gint64 last;                /* monotonic microseconds */
    int busy;                   /* callbacks running for it */
} Session;

static GMutex lock;
static GCond wake;
static GHashTable *sessions;    /* fd -> Session, under lock */
static gint64 timeout_us;
static gboolean stopping;
static GThread *watchdog;
static __thread gboolean on_listener;
static gint following = 1;      /* 0: the context layout is unknown; atomic */

/* identify - the inode of fd into s; FALSE unless a socket */
static gboolean identify(int fd, Session *s)
{
    struct stat st;

    if (fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode))
        return FALSE;
    s->dev = st.st_dev;
    s->ino = st.st_ino;
    return TRUE;
}

/* sweep - shuts down the sessions silent past the deadline; under lock */
static void sweep(gint64 now)
{
    GHashTableIter it;
    gpointer key, value;

    g_hash_table_iter_init(&it, sessions);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        const int fd = GPOINTER_TO_INT(key);
        const Session *s = value;
        Session now_there;

        if (!g_atomic_int_get(&following) || s->busy > 0 || now - s->last <= timeout_us)
            continue;
        if (identify(fd, &now_there) && now_there.dev == s->dev &&
            now_there.ino == s->ino && shutdown(fd, SHUT_RDWR) == 0)
            rg_log(LOG_NOTICE, "session closed: silent for %" G_GINT64_FORMAT
                   " s (idle-timeout)", (now - s->last) / G_USEC_PER_SEC);
        g_hash_table_iter_remove(&it);
    }
}

/* watch - the watchdog thread: a sweep every quarter of the timeout, at
 * most every second */
static gpointer watch(gpointer unused)
{
    const gint64 step = CLAMP(timeout_us / 4, G_USEC_PER_SEC / 10,
                              G_USEC_PER_SEC);

    (void) unused;
    g_mutex_lock(&lock);
    while (!stopping) {
        g_cond_wait_until(&wake, &lock, g_get_monotonic_time() + step);
        sweep(g_get_monotonic_time());
    }
    g_mutex_unlock(&lock);
    return NULL;
}

/* rg_idle_start - starts the watchdog; seconds > 0, as given to
 * smfi_settimeout() */
void rg_idle_start(guint seconds)
{
    g_mutex_lock(&lock);
    timeout_us = (gint64) seconds * G_USEC_PER_SEC;
    stopping = FALSE;
    if (sessions == NULL)
        sessions = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    g_mutex_unlock(&lock);
    watchdog = g_thread_new("idle", watch, NULL);
}

/* rg_idle_stop - stops the watchdog and forgets every session */
void rg_idle_stop(void)
{
    if (watchdog == NULL)
        return;
    g_mutex_lock(&lock);
    stopping = TRUE;
    g_cond_signal(&wake);
    g_mutex_unlock(&lock);
    g_thread_join(watchdog);
    watchdog = NULL;
    g_mutex_lock(&lock);
    g_clear_pointer(&sessions, g_hash_table_destroy);
    g_mutex_unlock(&lock);
}

/* rg_idle_listener_thread - marks the calling thread as libmilter's
 * listener: the sockets it accepts are sessions */
void rg_idle_listener_thread(void)
{
    on_listener = TRUE;
}

/* accepted - a new session socket, silent from now on */
static void accepted(int fd)
{
    Session s = {0};
    struct sockaddr_storage local;
    socklen_t local_len = sizeof local;
    const int on = 1;

    if (getsockname(fd, (struct sockaddr *) &local, &local_len) == 0 &&
        (local.ss_family == AF_INET || local.ss_family == AF_INET6) &&
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on) != 0)
        rg_log(LOG_WARNING, "milter session socket: TCP_NODELAY: %s",
               g_strerror(errno));
    if (!identify(fd, &s))
        return;
    s.last = g_get_monotonic_time();
    g_mutex_lock(&lock);
    if (sessions)
        g_hash_table_replace(sessions, GINT_TO_POINTER(fd), g_memdup2(&s, sizeof s));
    g_mutex_unlock(&lock);
}

/*
 * accept - what libmilter's listener calls for each new session: the
 * system's accept4(), and the socket noted when on the listener thread
 */
int accept(int fd, struct sockaddr *addr, socklen_t *len)
{
    const int conn = accept4(fd, addr, len, 0);
    const int saved = errno;

    if (conn >= 0 && on_listener)
        accepted(conn);
    errno = saved;
    return conn;
}

/* session_fd - the socket of a libmilter context, read from the head of
 * struct smfi_str (long ctx_id, socket_t ctx_sd, int ctx_dbg, time_t
 * ctx_timeout); the timeout set by smfi_settimeout() must be where it
 * belongs, or the layout is not known and no session is closed again */
static int session_fd(SMFICTX *ctx)
{
    const struct {
        long id;
        int sd;
        int dbg;
        time_t timeout;
    } *head = (const void *) ctx;

    if (ctx == NULL || !g_atomic_int_get(&following))
        return -1;
    if (head->timeout != (time_t) (timeout_us / G_USEC_PER_SEC)) {
        if (g_atomic_int_compare_and_exchange(&following, 1, 0))
            rg_log(LOG_WARNING, "idle-timeout: this libmilter's sessions "
                   "cannot be followed; silent sessions are no longer closed");
        return -1;
    }
    return head->sd;
}

/* mark - a callback for ctx runs (delta 0), starts a long task (1) or
 * ends it (-1); a session with a task running is never idle */
static void mark(SMFICTX *ctx, int delta)
{
    const int fd = session_fd(ctx);
    Session *s;

    g_mutex_lock(&lock);
    s = sessions && fd >= 0 ?
        g_hash_table_lookup(sessions, GINT_TO_POINTER(fd)) : NULL;
    if (s) {
        s->busy = MAX(s->busy + delta, 0);
        s->last = g_get_monotonic_time();
    }
    g_mutex_unlock(&lock);
}

/* rg_idle_touch - a callback for ctx runs: silence counts from now */
void rg_idle_touch(SMFICTX *ctx)
{
    mark(ctx, 0);
}

/* rg_idle_enter - a long task for ctx starts: its session is not idle */
void rg_idle_enter(SMFICTX *ctx)
{
    mark(ctx, 1);
}

/* rg_idle_leave - the task for ctx ends: silence counts from now */
void rg_idle_leave(SMFICTX *ctx)
{
    mark(ctx, -1);
}

/* rg_idle_forget - the session of ctx ends */
void rg_idle_forget(SMFICTX *ctx)
{
    const int fd = session_fd(ctx);

    g_mutex_lock(&lock);
    if (sessions && fd >= 0)
        g_hash_table_remove(sessions, GINT_TO_POINTER(fd));
    g_mutex_unlock(&lock);
}
