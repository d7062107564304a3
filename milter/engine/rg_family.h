/*
 * rg_family.h - phrase families: word families, gaps and diacritic
 * folding in policy patterns, expanded to PCRE2
 */
#ifndef RG_FAMILY_H
#define RG_FAMILY_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct RgFamily RgFamily;

RgFamily *rg_family_new(void);
void rg_family_free(RgFamily *family);
gboolean rg_family_add_word(RgFamily *family, const char *name,
                            const char *pattern, const char *where,
                            GError **error);
gboolean rg_family_set_fold(RgFamily *family, const char *spec,
                            const char *where, GError **error);
char *rg_family_expand(const RgFamily *family, const char *pattern,
                       const char *where, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(RgFamily, rg_family_free)

G_END_DECLS

#endif
