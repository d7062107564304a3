/*
 * rg_keyfile.h - the one loader of config and policy files
 *
 * Config and policy files are GLib key files.  GKeyFile itself reports
 * neither the line of a bad line nor of a key, so this module checks the
 * syntax line by line first (naming file:line on error, refusing duplicate
 * keys) and remembers where each key stands, for later errors such as a
 * regex that does not compile or a bad value.  Every error about a file
 * carries the code its caller gives (RG_ERROR_CONFIG or RG_ERROR_POLICY).
 */
#ifndef RG_KEYFILE_H
#define RG_KEYFILE_H

#include <glib.h>

#include "replyguard/rg_config.h"

G_BEGIN_DECLS

typedef struct RgKeyFile RgKeyFile;

#define RG_KEYFILE_MAX_BYTES (4 * 1024 * 1024)

RgKeyFile *rg_key_file_load(const char *path, int code, guint flags,
                            GError **error);
RgKeyFile *rg_key_file_load_data(const char *data, gsize len,
                                 const char *name, int code, GError **error);
void rg_key_file_free(RgKeyFile *kf);

GKeyFile *rg_key_file_keys(const RgKeyFile *kf);
const char *rg_key_file_name(const RgKeyFile *kf);
const char *rg_key_file_dir(const RgKeyFile *kf);
int rg_key_file_code(const RgKeyFile *kf);
int rg_key_file_line(const RgKeyFile *kf, const char *group, const char *key);
gboolean rg_key_file_read_group(const RgKeyFile *kf, const char *group,
                                const RgConfigKey *keys, guint n_keys,
                                gpointer settings, GError **error);

void rg_key_file_set_error(GError **error, const RgKeyFile *kf,
                           const char *group, const char *key,
                           const char *format, ...) G_GNUC_PRINTF(5, 6);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(RgKeyFile, rg_key_file_free)

G_END_DECLS

#endif
