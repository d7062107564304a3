/*
 * NAME
 *	rg_desk_auth - users, passwords and the login rate limit of the desk
 * SYNOPSIS
 *	gboolean rg_desk_check_password(users_file, user, password, &role, &error)
 *	gboolean rg_desk_set_password(users_file, user, role, password, &error)
 *	char *rg_desk_hash_password(password, &error)
 *	RgDeskLimiter *rg_desk_limiter_new(max_failures, window_s)
 * DESCRIPTION
 *	The users file has one line per user, "user:role:hash", role being
 *	viewer or reviewer and hash a crypt(3) yescrypt hash ("$y$...",
 *	libxcrypt, salt from crypt_gensalt_ra).  Lines starting with # and
 *	empty lines are skipped.  The file is read at every login, so
 *	"replyguard-desk passwd" takes effect without a restart; it is
 *	rewritten atomically (temporary file, fsync, rename) with mode 0640,
 *	keeping the owner and group of the file it replaces.
 *
 *	A password is checked by hashing it with the stored hash as setting
 *	and comparing the outputs in constant time.  An unknown user costs
 *	the same: the password is hashed with a fixed dummy setting.
 *
 *	The limiter counts failed logins per client address in a sliding
 *	window; at max_failures the address may not try again until the
 *	oldest failure leaves the window.  A success clears the count.
 * DIAGNOSTICS
 *	FALSE with error set: unreadable or malformed users file, a bad
 *	user name or role, crypt failing.  FALSE with no error: wrong user
 *	or password.
 */
#include <crypt.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "rg_desk_auth.h"
#include "rg_desk_session.h"

#define DUMMY_SETTING "$y$j9T$BfpLkwjFMe2NIkvyvfyZH/"

/* rg_desk_role_ok - whether role is one the desk knows */
gboolean rg_desk_role_ok(const char *role)
{
    return role && (strcmp(role, RG_DESK_ROLE_VIEWER) == 0 ||
                    strcmp(role, RG_DESK_ROLE_REVIEWER) == 0);
}

/* rg_desk_user_name_ok - 1..64 of [A-Za-z0-9._@-], not starting with - */
gboolean rg_desk_user_name_ok(const char *user)
{
    const char *p;

    if (user == NULL || user[0] == '\0' || user[0] == '-' || strlen(user) > 64)
        return FALSE;
    for (p = user; *p; p++)
        if (!g_ascii_isalnum(*p) && !strchr("._@-", *p))
            return FALSE;
    return TRUE;
}

/* rg_desk_hash_password - a new yescrypt hash of password (caller frees) */
char *rg_desk_hash_password(const char *password, GError **error)
{
    char *setting = crypt_gensalt_ra("$y$", 0, NULL, 0);
    struct crypt_data *data;
    char *hash = NULL, *out;

    if (setting == NULL) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
                    "crypt_gensalt_ra: %s", g_strerror(errno));
        return NULL;
    }
    data = g_new0(struct crypt_data, 1);
    out = crypt_r(password, setting, data);
    if (out == NULL || out[0] == '*')
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "crypt failed");
    else
        hash = g_strdup(out);
    explicit_bzero(data, sizeof(*data));
    g_free(data);
    free(setting);
    return hash;
}

/* hash_matches - whether password hashes to hash (constant-time compare) */
static gboolean hash_matches(const char *password, const char *hash)
{
    struct crypt_data *data = g_new0(struct crypt_data, 1);
    const char *out = crypt_r(password, hash, data);
    gboolean ok = out && out[0] != '*' && rg_desk_equal(out, hash);

    explicit_bzero(data, sizeof(*data));
    g_free(data);
    return ok;
}

/* read_users - the lines of the users file (caller frees), or NULL */
static char **read_users(const char *path, gboolean missing_ok, GError **error)
{
    g_autofree char *text = NULL;
    GError *local = NULL;

    if (!g_file_get_contents(path, &text, NULL, &local)) {
        if (missing_ok && g_error_matches(local, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
            g_error_free(local);
            return g_new0(char *, 1);
        }
        g_propagate_error(error, local);
        return NULL;
    }
    return g_strsplit(text, "\n", -1);
}

/* rg_desk_check_password - TRUE and *role (caller frees) if user/password match */
gboolean rg_desk_check_password(const char *users_file, const char *user,
                                const char *password, char **role,
                                GError **error)
{
    g_auto(GStrv) lines = read_users(users_file, FALSE, error);
    char **l;

    *role = NULL;
    if (lines == NULL)
        return FALSE;
    for (l = lines; *l; l++) {
        g_auto(GStrv) f = NULL;

        if ((*l)[0] == '#' || (*l)[0] == '\0')
            continue;
        f = g_strsplit(*l, ":", 3);
        if (g_strv_length(f) != 3 || !rg_desk_role_ok(f[1])) {
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                        "%s: malformed line %d", users_file,
                        (int) (l - lines) + 1);
            return FALSE;
        }
        if (strcmp(f[0], user) != 0)
            continue;
        if (!hash_matches(password, f[2]))
            return FALSE;
        *role = g_strdup(f[1]);
        return TRUE;
    }
    (void) hash_matches(password, DUMMY_SETTING);
    return FALSE;
}

/* rg_desk_set_password - add user or replace its role and hash */
gboolean rg_desk_set_password(const char *users_file, const char *user,
                              const char *role, const char *password,
                              GError **error)
{
    g_auto(GStrv) lines = NULL;
    g_autofree char *hash = NULL, *tmp = NULL;
    GString *out;
    gboolean done = FALSE, ok;
    struct stat st;
    char **l;
    int fd;

    if (!rg_desk_user_name_ok(user) || !rg_desk_role_ok(role)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                    "bad user name or role");
        return FALSE;
    }
    if ((lines = read_users(users_file, TRUE, error)) == NULL ||
        (hash = rg_desk_hash_password(password, error)) == NULL)
        return FALSE;
    out = g_string_new(NULL);
    for (l = lines; *l; l++) {
        gsize n = strlen(user);

        if ((*l)[0] == '\0')
            continue;
        if (strncmp(*l, user, n) == 0 && (*l)[n] == ':') {
            g_string_append_printf(out, "%s:%s:%s\n", user, role, hash);
            done = TRUE;
        } else {
            g_string_append_printf(out, "%s\n", *l);
        }
    }
    if (!done)
        g_string_append_printf(out, "%s:%s:%s\n", user, role, hash);
    tmp = g_strdup_printf("%s.XXXXXX", users_file);
    fd = g_mkstemp_full(tmp, O_WRONLY, 0640);
    /* keep the owner and group of the file it replaces (root:replyguard-desk) */
    if (fd >= 0 && g_stat(users_file, &st) == 0 && fchown(fd, st.st_uid, st.st_gid) != 0)
        g_printerr("replyguard-desk: %s: keeping the owner: %s\n", users_file,
                   g_strerror(errno));
    ok = fd >= 0 && write(fd, out->str, out->len) == (ssize_t) out->len &&
        fsync(fd) == 0;
    if (fd >= 0 && close(fd) != 0)
        ok = FALSE;
    if (ok && g_rename(tmp, users_file) != 0)
        ok = FALSE;
    if (!ok) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s",
                    users_file, g_strerror(errno));
        if (fd >= 0)
            g_unlink(tmp);
    }
    g_string_free(out, TRUE);
    return ok;
}

/* ---- the login rate limit -------------------------------------------- */

struct RgDeskLimiter {
    GHashTable *failures;       /* address -> GArray of gint64 (µs) */
    guint max;
    gint64 window_us;
};

/* rg_desk_limiter_new - at most max_failures per address per window_s */
RgDeskLimiter *rg_desk_limiter_new(guint max_failures, guint window_s)
{
    RgDeskLimiter *r = g_new0(RgDeskLimiter, 1);

    r->failures = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_array_unref);
    r->max = max_failures;
    r->window_us = (gint64) window_s * G_USEC_PER_SEC;
    return r;
}

/* rg_desk_limiter_free - NULL is fine */
void rg_desk_limiter_free(RgDeskLimiter *r)
{
    if (r == NULL)
        return;
    g_hash_table_destroy(r->failures);
    g_free(r);
}

/* recent - the failures of address still in the window, or NULL */
static GArray *recent(RgDeskLimiter *r, const char *address, gint64 now)
{
    GArray *a = g_hash_table_lookup(r->failures, address);

    while (a && a->len && g_array_index(a, gint64, 0) <= now - r->window_us)
        g_array_remove_index(a, 0);
    return a;
}

/* rg_desk_limiter_allowed - whether address may try to log in now */
gboolean rg_desk_limiter_allowed(RgDeskLimiter *r, const char *address,
                                 gint64 now)
{
    GArray *a = recent(r, address, now);

    return a == NULL || a->len < r->max;
}

/* rg_desk_limiter_failed - count a failed login of address */
void rg_desk_limiter_failed(RgDeskLimiter *r, const char *address, gint64 now)
{
    GArray *a = recent(r, address, now);

    if (a == NULL) {
        a = g_array_new(FALSE, FALSE, sizeof(gint64));
        g_hash_table_replace(r->failures, g_strdup(address), a);
    }
    g_array_append_val(a, now);
}

/* rg_desk_limiter_succeeded - forget the failures of address */
void rg_desk_limiter_succeeded(RgDeskLimiter *r, const char *address)
{
    g_hash_table_remove(r->failures, address);
}
