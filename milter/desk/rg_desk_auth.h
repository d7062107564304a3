/*
 * rg_desk_auth.h - desk users, their passwords and the login rate limit
 */
#ifndef RG_DESK_AUTH_H
#define RG_DESK_AUTH_H

#include <glib.h>

G_BEGIN_DECLS

#define RG_DESK_ROLE_VIEWER "viewer"
#define RG_DESK_ROLE_REVIEWER "reviewer"

gboolean rg_desk_role_ok(const char *role);
gboolean rg_desk_user_name_ok(const char *user);
char *rg_desk_hash_password(const char *password, GError **error);
gboolean rg_desk_check_password(const char *users_file, const char *user,
                                const char *password, char **role,
                                GError **error);
gboolean rg_desk_set_password(const char *users_file, const char *user,
                              const char *role, const char *password,
                              GError **error);

typedef struct RgDeskLimiter RgDeskLimiter;

RgDeskLimiter *rg_desk_limiter_new(guint max_failures, guint window_s);
void rg_desk_limiter_free(RgDeskLimiter *limiter);
gboolean rg_desk_limiter_allowed(RgDeskLimiter *limiter, const char *address,
                                 gint64 now);
void rg_desk_limiter_failed(RgDeskLimiter *limiter, const char *address,
                            gint64 now);
void rg_desk_limiter_succeeded(RgDeskLimiter *limiter, const char *address);

G_END_DECLS

#endif
