/*
 * rg_file.c - read a whole file, or standard input, safely and bounded
 *
 * Owns the one way the engine reads configs, policies and messages from
 * disk.  A path is opened non-blocking, so a FIFO with no writer neither
 * hangs the open nor the read (it reads as empty); then the file is read
 * up to a cap and refused, not truncated, when it holds more: a symlink
 * to /dev/zero costs max bytes, not all memory.  Configs and policies
 * must be regular files, and (for the daemon, which runs as root) not
 * writable by group or others.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "replyguard/rg_types.h"
#include "rg_file.h"

#define READ_CHUNK 65536

/* check_kind - the flags' demands on what fd is; FALSE with error */
static gboolean check_kind(int fd, const char *path, guint flags, int code,
                           GError **error)
{
    struct stat st;

    if (fstat(fd, &st) != 0) {
        g_set_error(error, RG_ERROR, code, "%s: %s", path, g_strerror(errno));
        return FALSE;
    }
    if (S_ISDIR(st.st_mode)) {
        g_set_error(error, RG_ERROR, code, "%s: is a folder", path);
        return FALSE;
    }
    if ((flags & RG_FILE_REGULAR) && !S_ISREG(st.st_mode)) {
        g_set_error(error, RG_ERROR, code, "%s: not a regular file", path);
        return FALSE;
    }
    if ((flags & RG_FILE_PRIVATE) && (st.st_mode & (S_IWGRP | S_IWOTH))) {
        g_set_error(error, RG_ERROR, code,
                    "%s: writable by %s (mode %04o); refused, since its "
                    "commands and patterns run in the daemon (chmod go-w)",
                    path, (st.st_mode & S_IWOTH) ? "everyone" : "its group",
                    (unsigned) (st.st_mode & 07777));
        return FALSE;
    }
    return TRUE;
}

/*
 * rg_file_read_fd - read fd into out until its end or until out holds
 * more than max bytes (then the rest stays unread); FALSE with error
 * (code, naming name) on a read error
 */
gboolean rg_file_read_fd(int fd, const char *name, gsize max, int code,
                         GByteArray *out, GError **error)
{
    guint8 buf[READ_CHUNK];

    while (out->len <= max) {
        gsize want = MIN(sizeof buf, max + 1 - out->len);
        ssize_t n = read(fd, buf, want);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            g_set_error(error, RG_ERROR, code, "%s: %s", name,
                        g_strerror(errno));
            return FALSE;
        }
        if (n == 0)
            break;
        g_byte_array_append(out, buf, (guint) n);
    }
    return TRUE;
}

/*
 * rg_file_open - open path for reading ("-": standard input, returned as
 * is) without blocking on a FIFO, checked against flags; the descriptor
 * then reads blocking.  -1 with error: RG_ERROR_NOT_FOUND for a missing
 * path, else code.
 */
int rg_file_open(const char *path, guint flags, int code, GError **error)
{
    gboolean is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? STDIN_FILENO
        : open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    int fl;

    if (fd < 0) {
        g_set_error(error, RG_ERROR, errno == ENOENT ? RG_ERROR_NOT_FOUND
                    : code, "%s: %s", path, g_strerror(errno));
        return -1;
    }
    if (!check_kind(fd, is_stdin ? "standard input" : path,
                    is_stdin ? flags & ~RG_FILE_REGULAR : flags, code, error)) {
        if (!is_stdin)
            close(fd);
        return -1;
    }
    /* opened without blocking; reads may block (a FIFO whose writer has
     * not written yet), and end at once when there is no writer */
    fl = fcntl(fd, F_GETFL);
    if (!is_stdin && fl >= 0)
        (void) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    return fd;
}

/* rg_file_close - close what rg_file_open opened (not standard input) */
void rg_file_close(int fd)
{
    if (fd > STDERR_FILENO)
        close(fd);
}

/*
 * rg_file_read - the whole of path ("-": standard input), at most max
 * bytes, NUL-terminated in *data (caller frees).  Errors carry code, but
 * RG_ERROR_NOT_FOUND for a missing path and RG_ERROR_LIMIT for one over
 * max.
 */
gboolean rg_file_read(const char *path, gsize max, guint flags, int code,
                      char **data, gsize *len, GError **error)
{
    const char *name = strcmp(path, "-") == 0 ? "standard input" : path;
    int fd = rg_file_open(path, flags, code, error);
    GByteArray *out;
    gboolean ok;

    *data = NULL;
    *len = 0;
    if (fd < 0)
        return FALSE;
    out = g_byte_array_new();
    ok = rg_file_read_fd(fd, name, max, code, out, error);
    if (ok && out->len > max) {
        g_set_error(error, RG_ERROR, RG_ERROR_LIMIT,
                    "%s: larger than %" G_GSIZE_FORMAT " bytes", name, max);
        ok = FALSE;
    }
    rg_file_close(fd);
    if (!ok) {
        g_byte_array_unref(out);
        return FALSE;
    }
    *len = out->len;
    g_byte_array_append(out, (const guint8 *) "", 1);
    *data = (char *) g_byte_array_free(out, FALSE);
    return TRUE;
}
