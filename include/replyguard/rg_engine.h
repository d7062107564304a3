/*
 * rg_engine.h - message in, verdict out: the one engine of every front end
 *
 * An engine is an immutable, reference-counted snapshot of a config and
 * the policies it names.  Scanning is pure and thread-safe: any number of
 * threads may scan with one engine at once; each scan brings its own
 * match state and parser objects.  The daemon swaps engines on reload; a
 * scan keeps the engine it started with.
 *
 * A message reaches the engine as bytes (rg_engine_scan_bytes: what the
 * daemon collected) or as a path (rg_engine_scan_path: a message file,
 * standard input, an mbox, a Maildir or a folder of messages); either
 * way each message takes the same path, with the same max-message cap:
 * what lies past it is not read, and the result says truncated.
 */
#ifndef RG_ENGINE_H
#define RG_ENGINE_H

#include <glib.h>

#include "replyguard/rg_config.h"
#include "replyguard/rg_result.h"
#include "replyguard/rg_types.h"

G_BEGIN_DECLS

typedef struct RgEngine RgEngine;

/* Texts of the notice sent to the writer of a held reply ([policy] keys). */
typedef enum {
    RG_NOTICE_SUBJECT = 0,      /* notice-subject */
    RG_NOTICE_INTRO,            /* notice-intro */
    RG_NOTICE_FIX,              /* notice-fix: heading of the list */
    RG_NOTICE_COUNT
} RgNoticeText;

void rg_engine_global_init(void);
RgEngine *rg_engine_new(RgConfig *config, guint flags, GError **error);
RgEngine *rg_engine_ref(RgEngine *engine);
void rg_engine_unref(RgEngine *engine);
const RgConfig *rg_engine_config(const RgEngine *engine);
gboolean rg_engine_has_language(const RgEngine *engine, const char *code);
const char *rg_engine_notice_text(const RgEngine *engine, const char *code,
                                  RgNoticeText which);

/* How to scan a message; NULL means all defaults. */
typedef struct {
    const char *language;       /* a policy code to use, NULL: detect */
    gboolean cut;               /* data is the first part of a longer
                                 * message (the daemon stopped collecting) */
    gboolean keep_text;         /* fill RgResult text and zones */
    const char *sender;         /* envelope sender, for [profile] senders;
                                 * NULL: the From address */
    const char *login;          /* SASL login, for [profile] logins */
} RgScanOptions;

RgResult *rg_engine_scan_bytes(const RgEngine *engine, const char *data,
                               gsize len, const RgScanOptions *options,
                               GError **error);

/*
 * RgScanFunc - called once per message found under a path: source names
 * it ("FILE", "FILE#N" for the Nth message of an mbox), and either result
 * or error is set (a message that could not be scanned).
 */
typedef void (*RgScanFunc)(const char *source, const RgResult *result,
                           const GError *error, gpointer user_data);

gboolean rg_engine_scan_path(const RgEngine *engine, const char *path,
                             const RgScanOptions *options, RgScanFunc func,
                             gpointer user_data, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(RgEngine, rg_engine_unref)

G_END_DECLS

#endif
