/*
 * rg_reply.h - split a reply body into new text, signature and quoted original
 *
 * The agent's part is returned as one text: the new text first, then the
 * signature block (from the sign-off or "-- " to the end of the agent's
 * part).  The quoted original ('>' lines, and everything from an
 * attribution line, an "Original Message" separator or an Outlook header
 * block on) is returned apart.  The markers come from the [reply] groups
 * of all loaded policies.
 */
#ifndef RG_REPLY_H
#define RG_REPLY_H

#include <glib.h>

#include "replyguard/rg_result.h"
#include "rg_pattern.h"
#include "rg_policy.h"

G_BEGIN_DECLS

typedef struct {
    char *agent;                /* new text, then the signature block */
    gsize agent_len;
    gsize new_len;              /* agent[0, new_len) is the new text */
    gsize signature_body;       /* where the block's content starts (after
                                 * the sign-off words or "-- " line) */
    gboolean has_signature;     /* a block was found */
    gboolean quote_found;       /* an attribution, separator or header
                                 * block starts the quoted original */
    char *quoted;               /* the quoted original */
    gsize quoted_len;
    GArray *map;                /* of RgLineMap: where agent lines stand in
                                 * the body */
    GArray *zones;              /* of RgZone: the body's lines by part */
    GArray *words;              /* of RgWord: the new text's words, split
                                 * once for every reader */
} RgReply;

typedef struct {
    gsize agent;                /* offset of a line in agent */
    gsize body;                 /* offset of the same line in the body */
} RgLineMap;

RgReply *rg_reply_split(const char *body, gsize len, const RgPolicySet *ps,
                        RgMatcher *matcher, GError **error);
void rg_reply_free(RgReply *reply);

gsize rg_reply_body_offset(const RgReply *reply, gsize agent_offset);
int rg_reply_name_words(const char *line, gsize len, const RgPolicySet *ps,
                        RgMatcher *matcher, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(RgReply, rg_reply_free)

G_END_DECLS

#endif
