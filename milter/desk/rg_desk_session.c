/*
 * NAME
 *	rg_desk_session - login sessions and CSRF tokens of the review desk
 * SYNOPSIS
 *	RgDeskSessions *rg_desk_sessions_new(guint lifetime_s)
 *	const RgDeskSession *rg_desk_session_create(sessions, user, role)
 *	const RgDeskSession *rg_desk_session_find(sessions, id, now)
 *	gboolean rg_desk_session_csrf_ok(session, token)
 *	void rg_desk_session_destroy(sessions, id)
 * DESCRIPTION
 *	Sessions live in memory only (a restart logs everyone out).  A
 *	session id and its CSRF token are 32 bytes each from getrandom(2),
 *	hex-encoded; ids are looked up in a hash table, tokens compared in
 *	constant time.  A session expires lifetime_s after it was created
 *	(no sliding renewal); expired sessions are dropped when found.
 * DIAGNOSTICS
 *	getrandom(2) failing is fatal (g_error): there is no safe fallback.
 */
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "rg_desk_session.h"

struct RgDeskSessions {
    GHashTable *by_id;          /* id -> RgDeskSession* (owned) */
    gint64 lifetime_us;
};

/* session_free - GDestroyNotify for the table */
static void session_free(gpointer p)
{
    RgDeskSession *s = p;

    if (s == NULL)
        return;
    g_free(s->id);
    g_free(s->csrf);
    g_free(s->user);
    g_free(s->role);
    g_free(s);
}

/* rg_desk_random_hex - bytes random bytes from the kernel as hex (caller frees) */
char *rg_desk_random_hex(gsize bytes)
{
    guchar buf[64];
    GString *out = g_string_sized_new(bytes * 2);
    gsize got = 0, i;

    g_return_val_if_fail(bytes <= sizeof(buf), NULL);
    while (got < bytes) {
        ssize_t n = getrandom(buf + got, bytes - got, 0);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            g_error("getrandom: %s", g_strerror(errno));
        got += (gsize) n;
    }
    for (i = 0; i < bytes; i++)
        g_string_append_printf(out, "%02x", buf[i]);
    memset(buf, 0, sizeof(buf));
    return g_string_free(out, FALSE);
}

/* rg_desk_equal - constant-time comparison of two strings (NULL never equal) */
gboolean rg_desk_equal(const char *a, const char *b)
{
    gsize la, lb, i;
    unsigned diff;

    if (a == NULL || b == NULL)
        return FALSE;
    la = strlen(a);
    lb = strlen(b);
    diff = (unsigned) (la ^ lb);
    for (i = 0; i < la; i++)
        diff |= (unsigned char) a[i] ^ (unsigned char) b[i % (lb ? lb : 1)];
    return diff == 0 && lb > 0;
}

/* rg_desk_sessions_new - an empty session table */
RgDeskSessions *rg_desk_sessions_new(guint lifetime_s)
{
    RgDeskSessions *s = g_new0(RgDeskSessions, 1);

    s->by_id = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                     session_free);
    s->lifetime_us = (gint64) lifetime_s * G_USEC_PER_SEC;
    return s;
}

/* rg_desk_sessions_free - drop every session; NULL is fine */
void rg_desk_sessions_free(RgDeskSessions *s)
{
    if (s == NULL)
        return;
    g_hash_table_destroy(s->by_id);
    g_free(s);
}

/* rg_desk_session_create - a new session for a logged-in user (borrowed) */
const RgDeskSession *rg_desk_session_create(RgDeskSessions *s,
                                            const char *user, const char *role)
{
    RgDeskSession *n = g_new0(RgDeskSession, 1);

    n->id = rg_desk_random_hex(32);
    n->csrf = rg_desk_random_hex(32);
    n->user = g_strdup(user);
    n->role = g_strdup(role);
    n->expires = g_get_monotonic_time() + s->lifetime_us;
    g_hash_table_replace(s->by_id, n->id, n);
    return n;
}

/* rg_desk_session_find - the live session with this id, or NULL */
const RgDeskSession *rg_desk_session_find(RgDeskSessions *s, const char *id,
                                          gint64 now)
{
    RgDeskSession *n;

    if (id == NULL || strlen(id) != 64)
        return NULL;
    n = g_hash_table_lookup(s->by_id, id);
    if (n == NULL)
        return NULL;
    if (now >= n->expires) {
        g_hash_table_remove(s->by_id, id);
        return NULL;
    }
    return n;
}

/* rg_desk_session_csrf_ok - whether token is this session's CSRF token */
gboolean rg_desk_session_csrf_ok(const RgDeskSession *session,
                                 const char *token)
{
    return session != NULL && rg_desk_equal(session->csrf, token);
}

/* rg_desk_session_destroy - log out */
void rg_desk_session_destroy(RgDeskSessions *s, const char *id)
{
    if (id)
        g_hash_table_remove(s->by_id, id);
}
