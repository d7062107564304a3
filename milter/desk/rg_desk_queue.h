/*
 * rg_desk_queue.h - Postfix's hold queue, through the desk's helper
 */
#ifndef RG_DESK_QUEUE_H
#define RG_DESK_QUEUE_H

#include <glib.h>

G_BEGIN_DECLS

/* How to run the helper: its path and the Postfix config dir (or NULL). */
typedef struct {
    const char *helper;
    const char *postfix_dir;
} RgDeskQueue;

typedef struct {
    char *queue_id;
    gint64 arrival;             /* seconds since the epoch */
    char *sender;
    char *recipients;           /* comma-separated */
    char *subject;              /* decoded (RFC 2047), UTF-8 */
    char *message_id;
    char *language;             /* from X-Replyguard lang=, or NULL */
    char *rules;                /* from X-Replyguard rules=, or NULL */
} RgDeskHeld;

gboolean rg_desk_queue_id_ok(const char *id);
GPtrArray *rg_desk_queue_list(const RgDeskQueue *q, GError **error);
GPtrArray *rg_desk_queue_parse_json(const char *text, GError **error);
char *rg_desk_queue_read(const RgDeskQueue *q, const char *id, gsize *len,
                         GError **error);
void rg_desk_held_fill(RgDeskHeld *held, const char *data, gsize len);
gboolean rg_desk_queue_act(const RgDeskQueue *q, const char *verb,
                           const char *id, const char *input,
                           char **detail, GError **error);
void rg_desk_held_free(RgDeskHeld *held);

G_END_DECLS

#endif
