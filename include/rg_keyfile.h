/*
 * rg_keyfile.h - GKeyFile with line numbers and strict syntax
 *
 * Config and policy files are GLib key files.  GKeyFile itself reports
 * neither the line of a bad line nor of a key, so this module checks the
 * syntax line by line first (naming file:line on error, refusing duplicate
 * keys) and remembers where each key stands, for later errors such as a
 * regex that does not compile.
 */
#ifndef RG_KEYFILE_H
#define RG_KEYFILE_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct RgKeyFile RgKeyFile;

RgKeyFile *rg_key_file_load(const char *path, GError **error);
RgKeyFile *rg_key_file_load_data(const char *data, gsize len,
                                 const char *name, GError **error);
void rg_key_file_free(RgKeyFile *kf);

GKeyFile *rg_key_file_keys(const RgKeyFile *kf);
const char *rg_key_file_name(const RgKeyFile *kf);
int rg_key_file_line(const RgKeyFile *kf, const char *group, const char *key);

void rg_key_file_set_error(GError **error, int code, const RgKeyFile *kf,
                           const char *group, const char *key,
                           const char *format, ...) G_GNUC_PRINTF(6, 7);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(RgKeyFile, rg_key_file_free)

G_END_DECLS

#endif
