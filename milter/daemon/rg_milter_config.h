/*
 * rg_milter_config.h - the daemon's settings ([milter]) and its snapshot
 *
 * The daemon reads one replyguard.conf: the engine takes [engine] and
 * [levels], this module [milter].  A snapshot holds both, loaded
 * together from one file and reference-counted, so a reload swaps them
 * at once and a message keeps the snapshot it started with.
 */
#ifndef RG_MILTER_CONFIG_H
#define RG_MILTER_CONFIG_H

#include <glib.h>

#include "replyguard/rg_config.h"
#include "replyguard/rg_engine.h"

G_BEGIN_DECLS

typedef enum {
    RG_MODE_ENFORCE = 0,
    RG_MODE_MONITOR
} RgMode;

typedef enum {
    RG_ON_ERROR_TEMPFAIL = 0,
    RG_ON_ERROR_ACCEPT
} RgOnError;

typedef enum {
    RG_RESULT_HEADER_FULL = 0,  /* verdict; lang=..; rules=.. */
    RG_RESULT_HEADER_VERDICT,   /* the verdict word only */
    RG_RESULT_HEADER_NONE
} RgResultHeader;

typedef struct {
    RgMode mode;
    RgOnError on_error;
    char *socket;
    char *socket_mode;          /* octal, e.g. "0660" */
    char *socket_group;         /* NULL: the user's own group */
    char *pid_file;
    char *user;
    gboolean check_all;
    gboolean check_authenticated;
    char **check_daemons;
    char **check_senders;
    gboolean replies_only;
    gboolean skip_auto_submitted;   /* Auto-Submitted/Precedence honoured */
    char **skip_recipients;
    gboolean skip_internal;     /* all recipients in the sender's domain */
    RgResultHeader result_header;
    gboolean header_on_pass;
    gboolean notice;
    char *notice_from;
    char *sendmail;
    gsize max_collected;        /* bytes all sessions together collect */
    guint notice_timeout;       /* seconds; the command's group is killed */
    guint idle_timeout;         /* seconds a session may send nothing */
    /* the stats listener: /metrics, and /v1/check when check_api */
    char *stats_listen;         /* "HOST:PORT", NULL: off */
    gboolean check_api;
    char *check_token_file;
    char *check_token;          /* the file's first line, or NULL */
    gsize check_max_size;       /* bytes of a request body at most */
} RgMilterConfig;

RgMilterConfig *rg_milter_config_new_default(void);
gboolean rg_milter_config_socket_mode(const char *text, guint *mode);
RgMilterConfig *rg_milter_config_new(const RgConfigFile *file, GError **error);
void rg_milter_config_free(RgMilterConfig *config);

typedef struct {
    gint refcount;
    RgEngine *engine;
    RgMilterConfig *milter;
    char *version;              /* SHA-256 (12 hex) of config and policies */
    gint64 mtime;               /* newest mtime among them, Unix seconds */
} RgSnapshot;

gboolean rg_milter_parse_listen(const char *listen, char **host,
                                guint16 *port, gboolean *loopback);
RgSnapshot *rg_snapshot_load(const char *path, GError **error);
RgSnapshot *rg_snapshot_ref(RgSnapshot *snapshot);
void rg_snapshot_unref(RgSnapshot *snapshot);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(RgMilterConfig, rg_milter_config_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(RgSnapshot, rg_snapshot_unref)

G_END_DECLS

#endif
