/*
 * rg_engine.h - message in, verdict out: the one engine of both front ends
 *
 * An engine is an immutable, reference-counted snapshot of a config and
 * the policies it names.  Scanning is pure and thread-safe: any number of
 * threads may scan with one engine at once; each scan brings its own
 * match state and GMime objects.  The daemon swaps engines on reload; a
 * scan keeps the engine it started with.
 */
#ifndef RG_ENGINE_H
#define RG_ENGINE_H

#include <gmime/gmime.h>

#include "rg_config.h"
#include "rg_policy.h"
#include "rg_result.h"
#include "rg_types.h"

G_BEGIN_DECLS

typedef struct RgEngine RgEngine;

void rg_engine_global_init(void);
RgEngine *rg_engine_new(RgConfig *config, GError **error);
RgEngine *rg_engine_ref(RgEngine *engine);
void rg_engine_unref(RgEngine *engine);
const RgConfig *rg_engine_config(const RgEngine *engine);
GMimeParserOptions *rg_engine_parser_options(const RgEngine *engine);
gboolean rg_engine_has_language(const RgEngine *engine, const char *code);
const char *rg_engine_notice_text(const RgEngine *engine, const char *code,
                                  RgNoticeText which);

RgResult *rg_engine_scan_bytes(const RgEngine *engine, const char *data,
                               gsize len, const char *language,
                               GError **error);
RgResult *rg_engine_scan_message(const RgEngine *engine, GMimeMessage *message,
                                 const char *language, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(RgEngine, rg_engine_unref)

G_END_DECLS

#endif
