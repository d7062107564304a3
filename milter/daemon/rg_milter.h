/*
 * rg_milter.h - the libmilter callbacks and the engine they share
 *
 * The callbacks keep a per-connection context holding a per-message
 * context.  Each message takes a reference to the snapshot (engine and
 * [milter] settings) current at MAIL FROM and keeps it to the end, so a
 * reload never changes the rules under a message in flight.
 */
#ifndef RG_MILTER_H
#define RG_MILTER_H

#include <libmilter/mfapi.h>

#include "rg_milter_config.h"

G_BEGIN_DECLS

void rg_milter_set_snapshot(RgSnapshot *snapshot);
RgSnapshot *rg_milter_snapshot(void);
struct smfiDesc *rg_milter_description(void);

G_END_DECLS

#endif
