/*
 * rg_keyfile.c - the one loader of config and policy files
 *
 * Owns the text of one config or policy file, its GKeyFile and an index
 * "group\x1fkey" -> line number.  Files are read by rg_file_read: regular
 * files only, at most RG_KEYFILE_MAX_BYTES, and, with RG_CONFIG_STRICT,
 * not writable by group or others.  The syntax check accepts blank lines,
 * "#" comments, "[group]" lines and "key = value" lines; anything else,
 * a key outside a group, a duplicate key or a line that is not UTF-8 is
 * refused with file:line and the reason.  Typed values of a group are
 * read from a table of keys (rg_key_file_read_group), for the engine's
 * settings and the daemon's alike.
 */
#include <string.h>

#include "replyguard/rg_types.h"
#include "rg_file.h"
#include "rg_keyfile.h"

struct RgKeyFile {
    char *name;
    char *dir;                  /* absolute folder of the file, NULL for text */
    int code;                   /* error code of errors about this file */
    GKeyFile *keys;
    GHashTable *lines;          /* "group\x1fkey" -> GINT_TO_POINTER(line) */
};

/* index_key - the hash key for group and key; caller frees */
static char *index_key(const char *group, const char *key)
{
    return g_strconcat(group, "\x1f", key, NULL);
}

/* check_syntax - validate every line and fill the line index */
static gboolean check_syntax(RgKeyFile *kf, const char *data, gsize len,
                             GError **error)
{
    g_autofree char *group = NULL;
    const char *p = data;
    const char *end = data + len;
    int lineno = 0;

    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t) (end - p));
        const char *eol = nl ? nl : end;
        g_autofree char *line = g_strndup(p, (gsize) (eol - p));

        lineno++;
        p = nl ? nl + 1 : end;
        if (!g_utf8_validate(line, -1, NULL)) {
            g_set_error(error, RG_ERROR, kf->code,
                        "%s:%d: line is not valid UTF-8", kf->name, lineno);
            return FALSE;
        }
        g_strstrip(line);
        if (line[0] == '\0' || line[0] == '#')
            continue;
        if (line[0] == '[') {
            size_t n = strlen(line);

            if (n < 3 || line[n - 1] != ']') {
                g_set_error(error, RG_ERROR, kf->code,
                            "%s:%d: malformed group header \"%s\"",
                            kf->name, lineno, line);
                return FALSE;
            }
            g_free(group);
            group = g_strndup(line + 1, n - 2);
            /* the group's first line; key "" cannot clash with a real key */
            g_hash_table_insert(kf->lines, index_key(group, ""),
                                GINT_TO_POINTER(lineno));
            continue;
        }
        char *eq = strchr(line, '=');

        if (eq == NULL || eq == line) {
            g_set_error(error, RG_ERROR, kf->code,
                        "%s:%d: expected \"key = value\", found \"%s\"",
                        kf->name, lineno, line);
            return FALSE;
        }
        if (group == NULL) {
            g_set_error(error, RG_ERROR, kf->code,
                        "%s:%d: key outside of any [group]", kf->name, lineno);
            return FALSE;
        }
        *eq = '\0';
        g_strchomp(line);
        char *ikey = index_key(group, line);

        if (g_hash_table_contains(kf->lines, ikey)) {
            int first = GPOINTER_TO_INT(g_hash_table_lookup(kf->lines, ikey));

            g_set_error(error, RG_ERROR, kf->code,
                        "%s:%d: duplicate key \"%s\" in [%s] (first on line %d)",
                        kf->name, lineno, line, group, first);
            g_free(ikey);
            return FALSE;
        }
        g_hash_table_insert(kf->lines, ikey, GINT_TO_POINTER(lineno));
    }
    return TRUE;
}

/* rg_key_file_load_data - parse key-file text; name is used in errors */
RgKeyFile *rg_key_file_load_data(const char *data, gsize len,
                                 const char *name, int code, GError **error)
{
    RgKeyFile *kf = g_new0(RgKeyFile, 1);
    GError *local = NULL;

    kf->name = g_strdup(name);
    kf->code = code;
    kf->keys = g_key_file_new();
    kf->lines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if (memchr(data, '\0', len) != NULL) {
        g_set_error(error, RG_ERROR, kf->code,
                    "%s: file contains a NUL byte", name);
        goto fail;
    }
    if (!check_syntax(kf, data, len, error))
        goto fail;
    if (!g_key_file_load_from_data(kf->keys, data, len, G_KEY_FILE_NONE,
                                   &local)) {
        g_set_error(error, RG_ERROR, kf->code, "%s: %s", name,
                    local->message);
        g_error_free(local);
        goto fail;
    }
    return kf;

fail:
    rg_key_file_free(kf);
    return NULL;
}

/* rg_key_file_load - read and parse a key file from disk; flags:
 * RG_CONFIG_STRICT refuses a file writable by group or others */
RgKeyFile *rg_key_file_load(const char *path, int code, guint flags,
                            GError **error)
{
    g_autofree char *data = NULL;
    gsize len = 0;
    guint fflags = RG_FILE_REGULAR |
        ((flags & RG_CONFIG_STRICT) ? RG_FILE_PRIVATE : 0);

    if (!rg_file_read(path, RG_KEYFILE_MAX_BYTES, fflags, code, &data, &len,
                      error)) {
        if (error && *error)
            (*error)->code = code;
        return NULL;
    }
    RgKeyFile *kf = rg_key_file_load_data(data, len, path, code, error);

    if (kf != NULL) {
        g_autofree char *dir = g_path_get_dirname(path);
        g_autofree char *cwd = g_get_current_dir();

        kf->dir = g_canonicalize_filename(dir, cwd);
    }
    return kf;
}

/* rg_key_file_free - release everything; accepts NULL */
void rg_key_file_free(RgKeyFile *kf)
{
    if (kf == NULL)
        return;
    g_free(kf->name);
    g_free(kf->dir);
    g_key_file_free(kf->keys);
    g_hash_table_destroy(kf->lines);
    g_free(kf);
}

/* rg_key_file_keys - the parsed GKeyFile (borrowed) */
GKeyFile *rg_key_file_keys(const RgKeyFile *kf)
{
    return kf->keys;
}

/* rg_key_file_name - the file name given at load (borrowed) */
const char *rg_key_file_name(const RgKeyFile *kf)
{
    return kf->name;
}

/* rg_key_file_dir - the absolute folder of a file loaded from disk, or
 * NULL (borrowed) */
const char *rg_key_file_dir(const RgKeyFile *kf)
{
    return kf->dir;
}

/* rg_key_file_code - the error code of errors about this file */
int rg_key_file_code(const RgKeyFile *kf)
{
    return kf->code;
}

/* rg_key_file_line - line of a key, or of its group when key is NULL; 0 if unknown */
int rg_key_file_line(const RgKeyFile *kf, const char *group, const char *key)
{
    g_autofree char *ikey = NULL;

    ikey = index_key(group, key ? key : "");
    return GPOINTER_TO_INT(g_hash_table_lookup(kf->lines, ikey));
}

/* rg_key_file_set_error - set an error prefixed with file:line of a key */
void rg_key_file_set_error(GError **error, const RgKeyFile *kf,
                           const char *group, const char *key,
                           const char *format, ...)
{
    va_list ap;
    g_autofree char *msg = NULL;
    int line = rg_key_file_line(kf, group, key);

    va_start(ap, format);
    msg = g_strdup_vprintf(format, ap);
    va_end(ap);
    if (line > 0)
        g_set_error(error, RG_ERROR, kf->code, "%s:%d: %s", kf->name, line,
                    msg);
    else
        g_set_error(error, RG_ERROR, kf->code, "%s: [%s] %s: %s", kf->name,
                    group,
                    key ? key : "", msg);
}

typedef struct {
    char suffix;                /* lower case */
    guint64 factor;
} Unit;

static const Unit size_units[] = {
    {'k', 1024}, {'m', 1024 * 1024}, {'g', 1024ull * 1024 * 1024}, {0, 0}
};
static const Unit time_units[] = {
    {'s', 1}, {'m', 60}, {'h', 3600}, {0, 0}
};

/* parse_number - digits with an optional unit suffix, times the unit, at
 * most max; FALSE on anything else */
static gboolean parse_number(const char *s, const Unit *units, guint64 max,
                             guint64 *out)
{
    char *end = NULL;
    guint64 v = g_ascii_strtoull(s, &end, 10);
    guint64 factor = 1;

    if (end == s || !g_ascii_isdigit(*s))
        return FALSE;
    for (const Unit *u = units; *end && u->suffix; u++) {
        if (g_ascii_tolower(*end) == u->suffix) {
            factor = u->factor;
            end++;
            break;
        }
    }
    if (*end != '\0' || v > max / factor)
        return FALSE;
    *out = v * factor;
    return TRUE;
}

/* choose - index of value in a NULL-terminated list of words, or -1 */
static int choose(const char *value, const char *const *words)
{
    for (int i = 0; words && words[i]; i++)
        if (g_ascii_strcasecmp(value, words[i]) == 0)
            return i;
    return -1;
}

/* read_key - parse one key of group into its field */
static gboolean read_key(const RgKeyFile *kf, const char *group,
                         const RgConfigKey *key, gpointer settings,
                         GError **error)
{
    static const char *const bools[] = {"false", "true", "no", "yes", "off",
                                        "on", "0", "1", NULL};
    void *field = (char *) settings + key->offset;
    g_autofree char *value = g_key_file_get_value(kf->keys, group, key->name,
                                                  NULL);
    int idx;

    g_strstrip(value);
    switch (key->type) {
    case RG_KEY_STRING:
        g_free(*(char **) field);
        *(char **) field = g_key_file_get_string(kf->keys, group, key->name,
                                                 NULL);
        if (*(char **) field == NULL || **(char **) field == '\0') {
            rg_key_file_set_error(error, kf, group, key->name,
                                  "%s must not be empty", key->name);
            return FALSE;
        }
        return TRUE;
    case RG_KEY_LIST:{
            char **list = g_key_file_get_string_list(kf->keys, group,
                                                     key->name, NULL, NULL);
            GPtrArray *clean = g_ptr_array_new();

            for (char **w = list; w && *w; w++)
                if (*g_strstrip(*w))
                    g_ptr_array_add(clean, g_strdup(*w));
            g_ptr_array_add(clean, NULL);
            g_strfreev(list);
            g_strfreev(*(char ***) field);
            *(char ***) field = (char **) g_ptr_array_free(clean, FALSE);
            return TRUE;
        }
    case RG_KEY_BOOL:
        idx = choose(value, bools);
        if (idx < 0)
            break;
        *(gboolean *) field = (idx % 2) == 1;
        return TRUE;
    case RG_KEY_SIZE:{
            guint64 v = 0;

            if (!parse_number(value, size_units, G_MAXSIZE / 4, &v) || v == 0)
                break;
            *(gsize *) field = (gsize) v;
            return TRUE;
        }
    case RG_KEY_UINT:{
            guint64 v = 0;

            if (!g_ascii_string_to_unsigned(value, 10, 1, G_MAXUINT32, &v,
                                            NULL))
                break;
            *(guint32 *) field = (guint32) v;
            return TRUE;
        }
    case RG_KEY_SECONDS:{
            guint64 v = 0;

            if (!parse_number(value, time_units, G_MAXUINT, &v))
                break;
            *(guint *) field = (guint) v;
            return TRUE;
        }
    case RG_KEY_CHOICE:
        idx = choose(value, key->choices);
        if (idx < 0)
            break;
        *(int *) field = idx;
        return TRUE;
    }
    rg_key_file_set_error(error, kf, group, key->name, "bad value \"%s\" for %s",
                          value, key->name);
    return FALSE;
}

/*
 * rg_key_file_read_group - every key of group into settings, each by its
 * row of keys[]; a key with no row is refused with file:line.  A group
 * absent from the file leaves settings as they are.
 */
gboolean rg_key_file_read_group(const RgKeyFile *kf, const char *group,
                                const RgConfigKey *keys, guint n_keys,
                                gpointer settings, GError **error)
{
    g_auto(GStrv) names = g_key_file_get_keys(kf->keys, group, NULL, NULL);

    for (char **k = names; k && *k; k++) {
        const RgConfigKey *key = NULL;

        for (guint i = 0; i < n_keys && key == NULL; i++)
            if (strcmp(keys[i].name, *k) == 0)
                key = &keys[i];
        if (key == NULL) {
            rg_key_file_set_error(error, kf, group, *k,
                                  "unknown key \"%s\" in [%s]", *k, group);
            return FALSE;
        }
        if (!read_key(kf, group, key, settings, error))
            return FALSE;
    }
    return TRUE;
}
