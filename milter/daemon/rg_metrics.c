/*
 * rg_metrics.c - the daemon's counters, in the Prometheus text format
 *
 * Owns every counter the daemon keeps: messages by verdict, action and
 * language; the scope decision (checked, or skipped with its reason);
 * findings by rule and level; a histogram of scan times; internal errors
 * by their on-error action; reloads (ok or refused); notices (sent or
 * failed); messages per profile; check API requests.  The counters live
 * in one struct owned by the process, not by a config snapshot, so they
 * survive SIGHUP.  Every update takes one mutex for a few hash look-ups
 * (no I/O under it); rendering copies under the same mutex.  Two gauges
 * are read when rendered: the heap the process has allocated and not
 * freed (malloc's own count, deaf to fragmentation, so a leak shows as
 * steady growth) and its resident size.  See replyguard(8), METRICS.
 */
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "replyguard/rg_types.h"
#include "rg_metrics.h"

/* The families, in the order they are rendered. */
typedef enum {
    F_MESSAGES = 0,
    F_SCOPE,
    F_FINDINGS,
    F_PROFILES,
    F_ERRORS,
    F_RELOADS,
    F_NOTICES,
    F_REQUESTS,
    F_COUNT
} Family;

static const struct {
    const char *name;
    const char *help;
} families[F_COUNT] = {
    {"replyguard_messages_total",
     "Checked messages by verdict, action taken and language."},
    {"replyguard_scope_total",
     "Messages by scope decision: checked, or skipped with the reason."},
    {"replyguard_findings_total", "Findings by rule id and level."},
    {"replyguard_profile_messages_total",
     "Checked messages per [profile] chosen."},
    {"replyguard_errors_total",
     "Internal errors, by the on-error action applied."},
    {"replyguard_reloads_total", "Config reloads (SIGHUP): ok or refused."},
    {"replyguard_notices_total", "Agent notices: sent or failed."},
    {"replyguard_http_requests_total",
     "Requests to the stats listener by path and status."},
};

/* histogram bounds of replyguard_scan_seconds */
static const double bounds[] = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0,
};

struct RgMetrics {
    GMutex lock;
    GHashTable *series[F_COUNT];        /* label text -> guint64* */
    guint64 buckets[G_N_ELEMENTS(bounds)];
    guint64 scans;
    double scan_seconds;
};

/* escape_into - a label value escaped per the text format */
static void escape_into(GString *out, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '\\' || *s == '"')
            g_string_append_c(out, '\\');
        if (*s == '\n') {
            g_string_append(out, "\\n");
            continue;
        }
        g_string_append_c(out, *s);
    }
}

/* labels - 'k1="v1",k2="v2"' from NULL-terminated pairs; caller frees */
static char *labels(const char *first, ...)
{
    GString *out = g_string_new(NULL);
    va_list ap;

    va_start(ap, first);
    for (const char *k = first; k; k = va_arg(ap, const char *)) {
        const char *v = va_arg(ap, const char *);

        g_string_append_printf(out, "%s%s=\"", out->len ? "," : "", k);
        escape_into(out, v ? v : "");
        g_string_append_c(out, '"');
    }
    va_end(ap);
    return g_string_free(out, FALSE);
}

/* bump - add n to a series (labels taken); the lock is held */
static void bump(RgMetrics *m, Family f, char *label_text, guint64 n)
{
    guint64 *v = g_hash_table_lookup(m->series[f], label_text);

    if (v == NULL) {
        v = g_new0(guint64, 1);
        g_hash_table_insert(m->series[f], label_text, v);
    } else {
        g_free(label_text);
    }
    *v += n;
}

/* rg_metrics_new - every counter at zero, the fixed series present */
RgMetrics *rg_metrics_new(void)
{
    RgMetrics *m = g_new0(RgMetrics, 1);

    g_mutex_init(&m->lock);
    for (int f = 0; f < F_COUNT; f++)
        m->series[f] = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                             g_free);
    bump(m, F_SCOPE, labels("decision", "checked", "reason", "", NULL), 0);
    bump(m, F_ERRORS, labels("action", "tempfail", NULL), 0);
    bump(m, F_ERRORS, labels("action", "accept", NULL), 0);
    bump(m, F_RELOADS, labels("result", "ok", NULL), 0);
    bump(m, F_RELOADS, labels("result", "refused", NULL), 0);
    bump(m, F_NOTICES, labels("result", "sent", NULL), 0);
    bump(m, F_NOTICES, labels("result", "failed", NULL), 0);
    return m;
}

/* rg_metrics_free - accepts NULL */
void rg_metrics_free(RgMetrics *m)
{
    if (m == NULL)
        return;
    for (int f = 0; f < F_COUNT; f++)
        g_hash_table_destroy(m->series[f]);
    g_mutex_clear(&m->lock);
    g_free(m);
}

/* rg_metrics - the process's counters (never freed) */
RgMetrics *rg_metrics(void)
{
    static gsize done = 0;
    static RgMetrics *process;

    if (g_once_init_enter(&done)) {
        process = rg_metrics_new();
        g_once_init_leave(&done, 1);
    }
    return process;
}

/* rg_metrics_checked - one checked message, its findings and scan time */
void rg_metrics_checked(RgMetrics *m, const RgResult *r, const char *action)
{
    double seconds = r->elapsed_ms / 1000.0;

    g_mutex_lock(&m->lock);
    bump(m, F_MESSAGES, labels("verdict", rg_verdict_name(r->verdict),
                               "action", action, "language", r->language,
                               NULL), 1);
    bump(m, F_SCOPE, labels("decision", "checked", "reason", "", NULL), 1);
    for (guint i = 0; i < r->findings->len; i++) {
        const RgFinding *f = g_ptr_array_index(r->findings, i);

        bump(m, F_FINDINGS, labels("rule", rg_rule_name(f->rule), "level",
                                   rg_level_name(f->level), NULL), 1);
    }
    if (r->profile)
        bump(m, F_PROFILES, labels("profile", r->profile, NULL), 1);
    for (guint i = 0; i < G_N_ELEMENTS(bounds); i++)
        if (seconds <= bounds[i])
            m->buckets[i]++;
    m->scans++;
    m->scan_seconds += seconds;
    g_mutex_unlock(&m->lock);
}

/* rg_metrics_skipped - a message left unchecked, with the scope's reason */
void rg_metrics_skipped(RgMetrics *m, const char *reason)
{
    g_autofree char *r = g_strdup(reason);

    g_strdelimit(r, " ", '-');
    g_mutex_lock(&m->lock);
    bump(m, F_SCOPE, labels("decision", "skipped", "reason", r, NULL), 1);
    g_mutex_unlock(&m->lock);
}

/* rg_metrics_error - an internal error and the on-error action applied */
void rg_metrics_error(RgMetrics *m, gboolean accepted)
{
    g_mutex_lock(&m->lock);
    bump(m, F_ERRORS, labels("action", accepted ? "accept" : "tempfail",
                             NULL), 1);
    g_mutex_unlock(&m->lock);
}

/* rg_metrics_reload - a reload, swapped in or refused */
void rg_metrics_reload(RgMetrics *m, gboolean ok)
{
    g_mutex_lock(&m->lock);
    bump(m, F_RELOADS, labels("result", ok ? "ok" : "refused", NULL), 1);
    g_mutex_unlock(&m->lock);
}

/* rg_metrics_notice - an agent notice, sent or not */
void rg_metrics_notice(RgMetrics *m, gboolean sent)
{
    g_mutex_lock(&m->lock);
    bump(m, F_NOTICES, labels("result", sent ? "sent" : "failed", NULL), 1);
    g_mutex_unlock(&m->lock);
}

/* rg_metrics_request - one request to the stats listener */
void rg_metrics_request(RgMetrics *m, const char *path, guint status)
{
    char code[16];

    g_snprintf(code, sizeof code, "%u", status);
    g_mutex_lock(&m->lock);
    bump(m, F_REQUESTS, labels("path", path, "status", code, NULL), 1);
    g_mutex_unlock(&m->lock);
}

/* render_family - HELP, TYPE and the series of one family, sorted */
static void render_family(const RgMetrics *m, Family f, GString *out)
{
    g_autoptr(GList) keys = g_list_sort(g_hash_table_get_keys(m->series[f]),
                                        (GCompareFunc) strcmp);

    g_string_append_printf(out, "# HELP %s %s\n# TYPE %s counter\n",
                           families[f].name, families[f].help,
                           families[f].name);
    for (GList *l = keys; l; l = l->next) {
        const guint64 *v = g_hash_table_lookup(m->series[f], l->data);

        g_string_append_printf(out, "%s{%s} %" G_GUINT64_FORMAT "\n",
                               families[f].name, (const char *) l->data, *v);
    }
}

/* resident_bytes - the process's resident size, 0 if unreadable */
static guint64 resident_bytes(void)
{
    unsigned long long size = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");

    if (f == NULL)
        return 0;
    if (fscanf(f, "%llu %llu", &size, &resident) != 2)
        resident = 0;
    fclose(f);
    return (guint64) resident * (guint64) sysconf(_SC_PAGESIZE);
}

/* render_memory - the heap in use and the resident size, as gauges */
static void render_memory(GString *out)
{
    const struct mallinfo2 mi = mallinfo2();

    g_string_append_printf(out,
                           "# HELP replyguard_heap_in_use_bytes Bytes "
                           "allocated by malloc and not freed.\n"
                           "# TYPE replyguard_heap_in_use_bytes gauge\n"
                           "replyguard_heap_in_use_bytes %" G_GUINT64_FORMAT
                           "\n# HELP process_resident_memory_bytes Resident "
                           "memory size in bytes.\n"
                           "# TYPE process_resident_memory_bytes gauge\n"
                           "process_resident_memory_bytes %" G_GUINT64_FORMAT
                           "\n", (guint64) (mi.uordblks + mi.hblkhd),
                           resident_bytes());
}

/* rg_metrics_render - every counter, the histogram and the memory gauges */
void rg_metrics_render(RgMetrics *m, GString *out)
{
    g_mutex_lock(&m->lock);
    for (int f = 0; f < F_COUNT; f++)
        render_family(m, (Family) f, out);
    g_string_append(out, "# HELP replyguard_scan_seconds Engine time per "
                    "checked message.\n# TYPE replyguard_scan_seconds "
                    "histogram\n");
    for (guint i = 0; i < G_N_ELEMENTS(bounds); i++)
        g_string_append_printf(out, "replyguard_scan_seconds_bucket{le=\"%g\"} "
                               "%" G_GUINT64_FORMAT "\n", bounds[i],
                               m->buckets[i]);
    g_string_append_printf(out, "replyguard_scan_seconds_bucket{le=\"+Inf\"} "
                           "%" G_GUINT64_FORMAT "\n"
                           "replyguard_scan_seconds_sum %.6f\n"
                           "replyguard_scan_seconds_count %" G_GUINT64_FORMAT
                           "\n", m->scans, m->scan_seconds, m->scans);
    g_mutex_unlock(&m->lock);
    render_memory(out);
}
