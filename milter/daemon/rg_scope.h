/*
 * rg_scope.h - which mail the milter checks
 *
 * A message is checked when any configured selector matches (check-all,
 * an authenticated submission, a listed {daemon_name}, a listed sender
 * address or domain) and nothing excludes it: a null sender (bounces), an
 * Auto-Submitted header other than "no", or Precedence bulk, list or
 * junk.  Each function returns NULL when the message stays in scope, or a
 * short reason for the log when it does not.
 */
#ifndef RG_SCOPE_H
#define RG_SCOPE_H

#include <glib.h>

#include "rg_milter_config.h"

G_BEGIN_DECLS

typedef struct {
    const char *sender;         /* envelope sender, "<>" stripped; "" null */
    const char *auth_authen;    /* {auth_authen}, NULL when not set */
    const char *daemon_name;    /* {daemon_name}, NULL when not set */
} RgEnvelope;

char *rg_scope_address(const char *arg);
const char *rg_scope_recipients(const RgMilterConfig *config,
                                const char *sender, GPtrArray *recipients);
const char *rg_scope_envelope(const RgMilterConfig *config,
                              const RgEnvelope *env);
const char *rg_scope_header(const char *name, const char *value);

G_END_DECLS

#endif
