/*
 * rg_prefilter.h - which patterns can match where: one Vectorscan pass
 * over a text tells which PCRE2 searches cannot find anything
 */
#ifndef RG_PREFILTER_H
#define RG_PREFILTER_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct RgPrefilter RgPrefilter;
typedef struct RgPrefilterScan RgPrefilterScan;

/* a search range's place in a scanned text, for quick tests of which
 * patterns can match in it (rg_prefilter_screen, rg_prefilter_may) */
typedef struct {
    const RgPrefilterScan *scan;        /* NULL: no test, every one may */
    guint text;                         /* the scanned text it lies in */
    gsize lo, hi;                       /* the range (lo, hi] in it */
} RgPrefilterScreen;

RgPrefilter *rg_prefilter_new(void);
void rg_prefilter_free(RgPrefilter *pf);
guint rg_prefilter_add(RgPrefilter *pf, const char *source, guint flags);
gboolean rg_prefilter_unscreened(const RgPrefilter *pf, guint id);
gboolean rg_prefilter_build(RgPrefilter *pf, GError **error);
gboolean rg_prefilter_enabled(const RgPrefilter *pf);

RgPrefilterScan *rg_prefilter_scan_new(const RgPrefilter *pf);
void rg_prefilter_scan_free(RgPrefilterScan *scan);
void rg_prefilter_scan_reset(RgPrefilterScan *scan);
void rg_prefilter_scan_text(RgPrefilterScan *scan, const char *text,
                            gsize len, gboolean body);
gboolean rg_prefilter_window(const RgPrefilterScan *scan, guint id,
                             const char *text, gsize len, gsize from,
                             gsize *lo, gsize *hi);
void rg_prefilter_screen(const RgPrefilterScan *scan, const char *text,
                         gsize len, gsize from, RgPrefilterScreen *screen);
gboolean rg_prefilter_may(const RgPrefilterScreen *screen, guint id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(RgPrefilter, rg_prefilter_free)

G_END_DECLS

#endif
