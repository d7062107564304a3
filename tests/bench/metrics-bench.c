/*
 * metrics-bench - what the daemon's counters cost per checked message
 *
 * Scans every message of the corpus once, then feeds the results to
 * rg_metrics_checked (the update the milter makes per message) a million
 * times over, from one thread and from four at once, and renders the
 * text of /metrics.  Prints microseconds per update and per render.  A
 * program, not a test: see BENCHMARKS.md.
 */
#include <stdio.h>
#include <string.h>

#include "replyguard/rg_engine.h"
#include "rg_metrics.h"

#define UPDATES 1000000
#define THREADS 4

typedef struct {
    RgMetrics *metrics;
    GPtrArray *results;
    guint n;
} Work;

/* update - n updates over the results, in turn */
static gpointer update(gpointer data)
{
    Work *w = data;

    for (guint i = 0; i < w->n; i++)
        rg_metrics_checked(w->metrics, g_ptr_array_index(w->results,
                                                         i % w->results->len),
                           "accept");
    return NULL;
}

/* on_message - keep each result */
static void on_message(const char *source, const RgResult *result,
                       const GError *error, gpointer data)
{
    RgResult *copy;

    (void) source, (void) error;
    if (result == NULL)
        return;
    copy = rg_result_new();
    copy->verdict = result->verdict;
    copy->language = g_strdup(result->language);
    copy->elapsed_ms = result->elapsed_ms;
    for (guint i = 0; i < result->findings->len; i++) {
        const RgFinding *f = g_ptr_array_index(result->findings, i);

        rg_result_add(copy, f->rule, f->level, "", NULL, 0);
    }
    g_ptr_array_add(data, copy);
}

int main(void)
{
    RgConfig *config = rg_config_new_default();
    RgEngine *engine;
    GPtrArray *results = g_ptr_array_new_with_free_func(
        (GDestroyNotify) rg_result_free);
    Work w = {.metrics = rg_metrics_new(), .results = results, .n = UPDATES};
    GThread *threads[THREADS];
    GString *out = g_string_new(NULL);
    gint64 t0;
    double one, many, render;

    g_free(config->policy_dir);
    config->policy_dir = g_strdup(RG_BENCH_POLICY_DIR);
    engine = rg_engine_new(config, 0, NULL);
    if (engine == NULL ||
        !rg_engine_scan_path(engine, RG_BENCH_CORPUS_DIR, NULL, on_message,
                             results, NULL) || results->len == 0) {
        fprintf(stderr, "metrics-bench: no corpus in %s\n", RG_BENCH_CORPUS_DIR);
        return 1;
    }
    t0 = g_get_monotonic_time();
    update(&w);
    one = (double) (g_get_monotonic_time() - t0) / UPDATES;
    w.n = UPDATES / THREADS;
    t0 = g_get_monotonic_time();
    for (int i = 0; i < THREADS; i++)
        threads[i] = g_thread_new("update", update, &w);
    for (int i = 0; i < THREADS; i++)
        g_thread_join(threads[i]);
    many = (double) (g_get_monotonic_time() - t0) / UPDATES;
    t0 = g_get_monotonic_time();
    for (int i = 0; i < 1000; i++) {
        g_string_truncate(out, 0);
        rg_metrics_render(w.metrics, out);
    }
    render = (double) (g_get_monotonic_time() - t0) / 1000;
    printf("%u results; update: %.2f us per message (1 thread), %.2f us "
           "wall per message (%d threads); /metrics render: %.1f us, %zu "
           "bytes\n", results->len, one, many, THREADS, render, out->len);
    g_string_free(out, TRUE);
    g_ptr_array_unref(results);
    rg_metrics_free(w.metrics);
    rg_engine_unref(engine);
    return 0;
}
