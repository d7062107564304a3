/*
 * rg_desk_session.h - login sessions and their CSRF tokens
 */
#ifndef RG_DESK_SESSION_H
#define RG_DESK_SESSION_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct RgDeskSessions RgDeskSessions;

typedef struct {
    char *id;                   /* cookie value: 256 random bits, hex */
    char *csrf;                 /* form token: 256 random bits, hex */
    char *user;
    char *role;                 /* "viewer" or "reviewer" */
    gint64 expires;             /* monotonic microseconds */
} RgDeskSession;

RgDeskSessions *rg_desk_sessions_new(guint lifetime_s);
void rg_desk_sessions_free(RgDeskSessions *sessions);
const RgDeskSession *rg_desk_session_create(RgDeskSessions *sessions,
                                            const char *user,
                                            const char *role);
const RgDeskSession *rg_desk_session_find(RgDeskSessions *sessions,
                                          const char *id, gint64 now);
gboolean rg_desk_session_csrf_ok(const RgDeskSession *session,
                                 const char *token);
void rg_desk_session_destroy(RgDeskSessions *sessions, const char *id);
char *rg_desk_random_hex(gsize bytes);
gboolean rg_desk_equal(const char *a, const char *b);

G_END_DECLS

#endif
