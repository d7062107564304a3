/*
 * rg_keyfile.c - GKeyFile with line numbers and strict syntax
 *
 * Owns the text of one config or policy file, its GKeyFile and an index
 * "group\x1fkey" -> line number.  The syntax check accepts blank lines,
 * "#" comments, "[group]" lines and "key = value" lines; anything else,
 * a key outside a group, a duplicate key or a line that is not UTF-8 is
 * refused with file:line and the reason.
 */
#include <string.h>

#include "rg_keyfile.h"
#include "rg_types.h"

struct RgKeyFile {
    char *name;
    GKeyFile *keys;
    GHashTable *lines;          /* "group\x1fkey" -> GINT_TO_POINTER(line) */
};

#define RG_KEYFILE_MAX_BYTES (4 * 1024 * 1024)

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
            g_set_error(error, RG_ERROR, RG_ERROR_CONFIG,
                        "%s:%d: line is not valid UTF-8", kf->name, lineno);
            return FALSE;
        }
        g_strstrip(line);
        if (line[0] == '\0' || line[0] == '#')
            continue;
        if (line[0] == '[') {
            size_t n = strlen(line);

            if (n < 3 || line[n - 1] != ']') {
                g_set_error(error, RG_ERROR, RG_ERROR_CONFIG,
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
            g_set_error(error, RG_ERROR, RG_ERROR_CONFIG,
                        "%s:%d: expected \"key = value\", found \"%s\"",
                        kf->name, lineno, line);
            return FALSE;
        }
        if (group == NULL) {
            g_set_error(error, RG_ERROR, RG_ERROR_CONFIG,
                        "%s:%d: key outside of any [group]", kf->name, lineno);
            return FALSE;
        }
        *eq = '\0';
        g_strchomp(line);
        char *ikey = index_key(group, line);

        if (g_hash_table_contains(kf->lines, ikey)) {
            int first = GPOINTER_TO_INT(g_hash_table_lookup(kf->lines, ikey));

            g_set_error(error, RG_ERROR, RG_ERROR_CONFIG,
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
                                 const char *name, GError **error)
{
    RgKeyFile *kf = g_new0(RgKeyFile, 1);
    GError *local = NULL;

    kf->name = g_strdup(name);
    kf->keys = g_key_file_new();
    kf->lines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if (memchr(data, '\0', len) != NULL) {
        g_set_error(error, RG_ERROR, RG_ERROR_CONFIG,
                    "%s: file contains a NUL byte", name);
        goto fail;
    }
    if (!check_syntax(kf, data, len, error))
        goto fail;
    if (!g_key_file_load_from_data(kf->keys, data, len, G_KEY_FILE_NONE,
                                   &local)) {
        g_set_error(error, RG_ERROR, RG_ERROR_CONFIG, "%s: %s", name,
                    local->message);
        g_error_free(local);
        goto fail;
    }
    return kf;

fail:
    rg_key_file_free(kf);
    return NULL;
}

/* rg_key_file_load - read and parse a key file from disk */
RgKeyFile *rg_key_file_load(const char *path, GError **error)
{
    g_autofree char *data = NULL;
    gsize len = 0;
    GError *local = NULL;

    if (!g_file_get_contents(path, &data, &len, &local)) {
        g_set_error(error, RG_ERROR, RG_ERROR_IO, "%s", local->message);
        g_error_free(local);
        return NULL;
    }
    if (len > RG_KEYFILE_MAX_BYTES) {
        g_set_error(error, RG_ERROR, RG_ERROR_CONFIG,
                    "%s: file is larger than %d bytes", path,
                    RG_KEYFILE_MAX_BYTES);
        return NULL;
    }
    return rg_key_file_load_data(data, len, path, error);
}

/* rg_key_file_free - release everything; accepts NULL */
void rg_key_file_free(RgKeyFile *kf)
{
    if (kf == NULL)
        return;
    g_free(kf->name);
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

/* rg_key_file_line - line of a key, or of its group when key is NULL; 0 if unknown */
int rg_key_file_line(const RgKeyFile *kf, const char *group, const char *key)
{
    g_autofree char *ikey = NULL;

    ikey = index_key(group, key ? key : "");
    return GPOINTER_TO_INT(g_hash_table_lookup(kf->lines, ikey));
}

/* rg_key_file_set_error - set an error prefixed with file:line of a key */
void rg_key_file_set_error(GError **error, int code, const RgKeyFile *kf,
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
        g_set_error(error, RG_ERROR, code, "%s:%d: %s", kf->name, line, msg);
    else
        g_set_error(error, RG_ERROR, code, "%s: [%s] %s: %s", kf->name, group,
                    key ? key : "", msg);
}
