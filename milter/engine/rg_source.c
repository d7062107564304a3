/*
 * rg_source.c - messages from paths: files, standard input, mboxes,
 * Maildirs and folders
 *
 * Owns how stored mail reaches the engine.  Every message found takes
 * the daemon's path, rg_engine_scan_bytes, with the same cap: of a
 * message of more than max-message bytes only the first max-message are
 * kept and scanned, as the daemon does, and the rest is skipped unread
 * into memory.  Input is read in chunks, so an mbox of any size costs one
 * message at a time.
 *
 * An input whose first line starts with "From " is an mbox: a message
 * starts at each "From " line that opens the input or follows a blank
 * line, so an unescaped "From " inside a paragraph stays in its message
 * and a stray one after a blank line only splits a message in two;
 * nothing is dropped.  A folder is a Maildir when it has cur/ or new/,
 * else a folder of message files; files are taken in name order.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "replyguard/rg_engine.h"
#include "rg_file.h"

#define READ_CHUNK 65536
#define MBOX_FROM "From "

typedef struct {
    const RgEngine *engine;
    RgScanOptions options;      /* the caller's */
    RgScanFunc func;
    gpointer data;
    gsize max;                  /* max-message */
} Sink;

/* deliver - scan one message and pass the result on; the source is
 * name, or name#n for the nth message of an mbox (n > 0); over: the
 * message went on past max-message, and only its first part is scanned */
static void deliver(const Sink *sink, const char *name, int n,
                    const GByteArray *msg, gboolean over)
{
    g_autofree char *source = n > 0 ? g_strdup_printf("%s#%d", name, n)
        : g_strdup(name);
    GError *error = NULL;
    RgResult *result = NULL;

    RgScanOptions options = sink->options;

    options.cut = over;
    result = rg_engine_scan_bytes(sink->engine, (const char *) msg->data,
                                  MIN(msg->len, sink->max), &options, &error);
    sink->func(source, result, error, sink->data);
    rg_result_free(result);
    g_clear_error(&error);
}

/* Mbox - the state of an mbox split */
typedef struct {
    GByteArray *msg;            /* the current message, at most max + 1 */
    GString *line;              /* the current line's first bytes */
    gboolean line_long;         /* the line did not fit in line */
    gboolean prev_blank;        /* the line before was empty */
    gboolean in_message;        /* a "From " line was seen */
    gboolean over;              /* the message exceeded max */
    int count;
} Mbox;

/* append - bytes to the current message, up to max + 1 */
static void append(const Sink *sink, Mbox *mb, const char *p, gsize n)
{
    gsize room = sink->max + 1 - MIN(mb->msg->len, sink->max + 1);

    if (n > room) {
        n = room;
        mb->over = TRUE;
    }
    g_byte_array_append(mb->msg, (const guint8 *) p, (guint) n);
    if (mb->msg->len > sink->max)
        mb->over = TRUE;
}

/* end_line - the current line is complete (newline: it ended with a
 * line feed): a "From " line that opens the input or follows a blank line
 * starts a new message, any other line belongs to the current one */
static void end_line(const Sink *sink, const char *name, Mbox *mb,
                     gboolean newline)
{
    const char *l = mb->line->str;
    gsize len = mb->line->len;

    if (strncmp(l, MBOX_FROM, strlen(MBOX_FROM)) == 0 &&
        (!mb->in_message || mb->prev_blank)) {
        if (mb->in_message)
            deliver(sink, name, ++mb->count, mb->msg, mb->over);
        g_byte_array_set_size(mb->msg, 0);
        mb->over = FALSE;
        mb->in_message = TRUE;
    } else if (mb->in_message) {
        append(sink, mb, l, len);
        if (newline)
            append(sink, mb, "\n", 1);
        mb->over = mb->over || mb->line_long;
    }
    mb->prev_blank = len == 0 || (len == 1 && l[0] == '\r');
    g_string_truncate(mb->line, 0);
    mb->line_long = FALSE;
}

/* mbox_feed - split a chunk of an mbox into lines; a line is kept up to
 * max + 1 bytes (a longer one makes its message too large anyway) */
static void mbox_feed(const Sink *sink, const char *name, Mbox *mb,
                      const char *p, gsize n)
{
    while (n > 0) {
        const char *nl = memchr(p, '\n', n);
        gsize part = nl ? (gsize) (nl - p) : n;
        gsize room = sink->max + 1 - MIN(mb->line->len, sink->max + 1);
        gsize keep = MIN(part, room);

        g_string_append_len(mb->line, p, (gssize) keep);
        mb->line_long = mb->line_long || keep < part;
        if (nl != NULL)
            end_line(sink, name, mb, TRUE);
        p += part + (nl ? 1 : 0);
        n -= part + (nl ? 1 : 0);
    }
}

/* scan_mbox - every message of an mbox open on fd, whose first bytes
 * (head) were already read */
static gboolean scan_mbox(const Sink *sink, const char *name, int fd,
                          const char *head, gsize head_len, GError **error)
{
    Mbox mb = {
        .msg = g_byte_array_new(),
        .line = g_string_new(NULL),
    };
    char buf[READ_CHUNK];
    gboolean ok = TRUE;

    mbox_feed(sink, name, &mb, head, head_len);
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            g_set_error(error, RG_ERROR, RG_ERROR_IO, "%s: %s", name,
                        g_strerror(errno));
            ok = FALSE;
            break;
        }
        if (n == 0)
            break;
        mbox_feed(sink, name, &mb, buf, (gsize) n);
    }
    if (ok && (mb.line->len > 0 || mb.line_long))
        end_line(sink, name, &mb, FALSE);
    if (ok && mb.in_message)
        deliver(sink, name, ++mb.count, mb.msg, mb.over);
    g_byte_array_unref(mb.msg);
    g_string_free(mb.line, TRUE);
    return ok;
}

/* scan_fd - one message, or an mbox, open on fd */
static gboolean scan_fd(const Sink *sink, const char *name, int fd,
                        GError **error)
{
    GByteArray *msg = g_byte_array_new();
    gboolean ok;

    /* the first bytes say whether this is an mbox */
    while (msg->len < strlen(MBOX_FROM)) {
        char c;
        ssize_t n = read(fd, &c, 1);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        g_byte_array_append(msg, (const guint8 *) &c, 1);
    }
    if (msg->len == strlen(MBOX_FROM) &&
        memcmp(msg->data, MBOX_FROM, msg->len) == 0) {
        ok = scan_mbox(sink, name, fd, (const char *) msg->data, msg->len,
                       error);
    } else {
        ok = rg_file_read_fd(fd, name, sink->max, RG_ERROR_IO, msg, error);
        if (ok)
            deliver(sink, name, 0, msg, msg->len > sink->max);
    }
    g_byte_array_unref(msg);
    return ok;
}

/* scan_file - a message file or an mbox; "-" is standard input */
static gboolean scan_file(const Sink *sink, const char *path, GError **error)
{
    int fd = rg_file_open(path, 0, RG_ERROR_IO, error);
    gboolean ok;

    if (fd < 0)
        return FALSE;
    ok = scan_fd(sink, path, fd, error);
    rg_file_close(fd);
    return ok;
}

/* compare_path - sort file names */
static gint compare_path(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}

/* list_files - the regular files of a folder, sorted, appended to into */
static void list_files(const char *dir, GPtrArray *into)
{
    g_autoptr(GPtrArray) found = g_ptr_array_new();
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *entry;

    if (d == NULL)
        return;
    while ((entry = g_dir_read_name(d)) != NULL) {
        char *path = g_build_filename(dir, entry, NULL);

        if (entry[0] != '.' && g_file_test(path, G_FILE_TEST_IS_REGULAR))
            g_ptr_array_add(found, path);
        else
            g_free(path);
    }
    g_dir_close(d);
    g_ptr_array_sort(found, compare_path);
    for (guint i = 0; i < found->len; i++)
        g_ptr_array_add(into, g_ptr_array_index(found, i));
}

/* scan_dir - a Maildir (cur/ and new/) or a folder of message files; a
 * file that cannot be read is reported and the rest still scanned */
static void scan_dir(const Sink *sink, const char *dir)
{
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *cur = g_build_filename(dir, "cur", NULL);
    g_autofree char *new = g_build_filename(dir, "new", NULL);

    if (g_file_test(cur, G_FILE_TEST_IS_DIR) ||
        g_file_test(new, G_FILE_TEST_IS_DIR)) {
        list_files(cur, files);
        list_files(new, files);
    } else {
        list_files(dir, files);
    }
    for (guint i = 0; i < files->len; i++) {
        const char *path = g_ptr_array_index(files, i);
        GError *error = NULL;

        if (!scan_file(sink, path, &error)) {
            sink->func(path, NULL, error, sink->data);
            g_error_free(error);
        }
    }
}

/*
 * rg_engine_scan_path - scan every message under path (see the top of
 * this file); func is called once per message.  FALSE with error when
 * path itself cannot be read (RG_ERROR_NOT_FOUND when it does not exist).
 */
gboolean rg_engine_scan_path(const RgEngine *engine, const char *path,
                             const RgScanOptions *options, RgScanFunc func,
                             gpointer user_data, GError **error)
{
    const Sink sink = {
        .engine = engine,
        .options = options ? *options : (RgScanOptions) {0},
        .func = func,
        .data = user_data,
        .max = rg_engine_config(engine)->max_message,
    };

    if (strcmp(path, "-") != 0 && g_file_test(path, G_FILE_TEST_IS_DIR)) {
        scan_dir(&sink, path);
        return TRUE;
    }
    return scan_file(&sink, path, error);
}
