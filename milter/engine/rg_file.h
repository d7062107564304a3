/*
 * rg_file.h - open and read files, or standard input, safely and bounded
 */
#ifndef RG_FILE_H
#define RG_FILE_H

#include <glib.h>

G_BEGIN_DECLS

/* Flags for rg_file_read. */
#define RG_FILE_REGULAR  (1u << 0)      /* refuse FIFOs, devices, folders */
#define RG_FILE_PRIVATE  (1u << 1)      /* refuse group/world-writable files */

int rg_file_open(const char *path, guint flags, int code, GError **error);
void rg_file_close(int fd);
gboolean rg_file_read_fd(int fd, const char *name, gsize max, int code,
                         GByteArray *out, GError **error);
gboolean rg_file_read(const char *path, gsize max, guint flags, int code,
                      char **data, gsize *len, GError **error);

G_END_DECLS

#endif
