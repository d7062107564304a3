/*
 * engine-bench.c - what the engine costs, against GMime parsing alone
 *
 *   engine-bench [-n ROUNDS] [-p POLICYDIR] [-c CORPUSDIR] [--rss N]
 *
 * For each message set (the shared corpus, and synthetic replies of 2, 4,
 * 8, 32, 128 KB and 1 MB) and ROUNDS rounds, times every message three
 * ways: (a) GMime parse only, (b) parse + body text + reply model, (c) the
 * full engine (rg_engine_scan_bytes, what both front ends call).  Prints
 * messages/s, MB/s, median and p99 microseconds per message, and the
 * headline ratio c/a.  With --rss N, scans the corpus N times and prints
 * peak RSS after 1,000 messages and after N (no growth expected).
 * A benchmark program, not a test: it prints numbers and asserts nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "replyguard/rg_engine.h"
#include "rg_mime.h"
#include "rg_policy.h"
#include "rg_prefilter.h"
#include "rg_reply.h"

typedef struct {
    char *name;
    GPtrArray *messages;        /* of GBytes */
} Set;

static GMimeMessage *parse(const char *data, gsize len)
{
    GMimeStream *stream = g_mime_stream_mem_new_with_buffer(data, len);
    GMimeParser *parser = g_mime_parser_new_with_stream(stream);
    GMimeMessage *m = g_mime_parser_construct_message(parser, NULL);

    g_object_unref(parser);
    g_object_unref(stream);
    return m;
}

/* synthetic - a reply of about size bytes: agent text, signature, quote */
static GBytes *synthetic(gsize size)
{
    static const char *agent =
        "thank you for your message about order 300457. I am sorry that the "
        "parcel arrived late. I have checked the tracking and the courier "
        "will deliver it tomorrow before noon. ";
    static const char *quote =
        "> I ordered the kettle two weeks ago and it still has not arrived, "
        "please tell me where it is and when it will come.\n";
    GString *s = g_string_new(
        "From: Ann Lee <ann.lee@shop.example>\nTo: john@customer.example\n"
        "Subject: Re: Order 300457\nIn-Reply-To: <q@customer.example>\n"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: 8bit\n\nDear Mr Smith,\n\n");

    while (s->len < size * 2 / 5 && s->len < 4096 + size / 10)
        g_string_append(s, agent);
    g_string_append(s, "\n\nIf anything is unclear, just reply to this "
                    "e-mail.\n\nKind regards,\nAnn Lee\nCustomer Support "
                    "Specialist\n+44 20 7946 0000\n\nOn Mon, 2 Nov 2026 at "
                    "08:14, John Smith <john@customer.example> wrote:\n");
    while (s->len < size)
        g_string_append(s, quote);
    return g_string_free_to_bytes(s);
}

static Set corpus_set(const char *dir)
{
    Set set = {g_strdup("corpus"), g_ptr_array_new_with_free_func(
                   (GDestroyNotify) g_bytes_unref)};
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;

    while (d && (name = g_dir_read_name(d)) != NULL) {
        g_autofree char *path = g_build_filename(dir, name, NULL);
        char *data;
        gsize len;

        if (g_str_has_suffix(name, ".eml") &&
            g_file_get_contents(path, &data, &len, NULL))
            g_ptr_array_add(set.messages, g_bytes_new_take(data, len));
    }
    if (d)
        g_dir_close(d);
    return set;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;

    return x < y ? -1 : x > y;
}

typedef struct {
    double median_us, p99_us, total_s;
} Timing;

/* time_set - run one mode over a set for rounds; mode 0 a, 1 b, 2 c */
static Timing time_set(const Set *set, int mode, int rounds, const RgEngine *e,
                       const RgPolicySet *ps, const RgPrefilter *pf)
{
    guint n = set->messages->len * (guint) rounds;
    double *us = g_new(double, n);
    guint k = 0;
    Timing t = {0};
    const RgConfig *cfg = rg_engine_config(e);

    for (int r = 0; r < rounds; r++) {
        for (guint i = 0; i < set->messages->len; i++) {
            gsize len;
            const char *data = g_bytes_get_data(
                g_ptr_array_index(set->messages, i), &len);
            gint64 t0 = g_get_monotonic_time();

            if (mode == 2) {
                RgResult *res = rg_engine_scan_bytes(e, data, len, NULL, NULL);

                rg_result_free(res);
            } else {
                GMimeMessage *m = parse(data, len);

                if (mode == 1 && m) {
                    RgMessage *msg = rg_message_from_mime(m, cfg->scan_limit,
                                                          cfg->fallback_charset);
                    RgMatcher *mt = rg_matcher_new(ps->max_captures,
                                                   cfg->match_limit,
                                                   cfg->depth_limit, pf);
                    RgReply *reply;

                    /* as the engine does: the prefilter sees the body */
                    rg_matcher_prefilter(mt, msg->body, msg->body_len, TRUE);
                    reply = rg_reply_split(msg->body, msg->body_len,
                                                    ps, mt, NULL);

                    rg_reply_free(reply);
                    rg_matcher_free(mt);
                    rg_message_free(msg);
                }
                if (m)
                    g_object_unref(m);
            }
            us[k++] = (double) (g_get_monotonic_time() - t0);
        }
    }
    for (guint i = 0; i < n; i++)
        t.total_s += us[i] / 1e6;
    qsort(us, n, sizeof *us, compare_double);
    t.median_us = us[n / 2];
    t.p99_us = us[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1];
    g_free(us);
    return t;
}

static long peak_rss_kb(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

int main(int argc, char **argv)
{
    int rounds = 0;
    int rss = 0;
    g_autofree char *policy_dir = NULL;
    g_autofree char *corpus_dir = NULL;
    g_autofree char *only = NULL;
    GOptionEntry entries[] = {
        {"rounds", 'n', 0, G_OPTION_ARG_INT, &rounds, "Rounds per set (default: by size)", "N"},
        {"policy-dir", 'p', 0, G_OPTION_ARG_FILENAME, &policy_dir, "Policies", "DIR"},
        {"corpus", 'c', 0, G_OPTION_ARG_FILENAME, &corpus_dir, "Corpus folder", "DIR"},
        {"rss", 0, 0, G_OPTION_ARG_INT, &rss, "Scan N corpus messages and report RSS", "N"},
        {"set", 's', 0, G_OPTION_ARG_STRING, &only, "Time one set only (\"corpus\", \"4 KB\", ...), e.g. to profile it", "NAME"},
        {NULL, 0, 0, 0, NULL, NULL, NULL}
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new(NULL);
    g_autoptr(GError) error = NULL;
    static const gsize sizes[] = {2048, 4096, 8192, 32768, 131072, 1048576};
    GPtrArray *sets = g_ptr_array_new();
    RgConfig *config;
    RgEngine *engine;
    RgPolicySet *ps;
    RgPrefilter *pf = NULL;

    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
        fprintf(stderr, "engine-bench: %s\n", error->message);
        return 64;
    }
    rg_engine_global_init();
    config = rg_config_new_default();
    g_free(config->policy_dir);
    config->policy_dir = g_strdup(policy_dir ? policy_dir : RG_BENCH_POLICY_DIR);
    ps = rg_policy_set_load(config->policy_dir, NULL, 0, &error);
    if (ps) {
        pf = rg_prefilter_new();
        rg_policy_set_prefilter(ps, pf);
        if (!rg_prefilter_build(pf, &error))
            g_clear_pointer(&ps, rg_policy_set_free);
    }
    engine = ps ? rg_engine_new(config, 0, &error) : NULL;
    if (engine == NULL) {
        fprintf(stderr, "engine-bench: %s\n", error->message);
        return 78;
    }

    if (rss > 0) {
        Set c = corpus_set(corpus_dir ? corpus_dir : RG_BENCH_CORPUS_DIR);
        long at_1000 = 0;

        for (int i = 0; i < rss && c.messages->len > 0; i++) {
            gsize len;
            const char *data = g_bytes_get_data(
                g_ptr_array_index(c.messages, (guint) i % c.messages->len), &len);

            rg_result_free(rg_engine_scan_bytes(engine, data, len, NULL, NULL));
            if (i + 1 == 1000)
                at_1000 = peak_rss_kb();
        }
        printf("peak RSS after 1,000 messages: %ld KB; after %d: %ld KB\n",
               at_1000, rss, peak_rss_kb());
        return 0;
    }

    {
        Set *c = g_new(Set, 1);

        *c = corpus_set(corpus_dir ? corpus_dir : RG_BENCH_CORPUS_DIR);
        if (c->messages->len > 0)
            g_ptr_array_add(sets, c);
    }
    for (guint i = 0; i < G_N_ELEMENTS(sizes); i++) {
        Set *s = g_new(Set, 1);

        s->name = sizes[i] >= 1048576 ? g_strdup_printf("%zu MB", sizes[i] >> 20)
            : g_strdup_printf("%zu KB", sizes[i] >> 10);
        s->messages = g_ptr_array_new_with_free_func((GDestroyNotify) g_bytes_unref);
        for (int k = 0; k < 10; k++)
            g_ptr_array_add(s->messages, synthetic(sizes[i]));
        g_ptr_array_add(sets, s);
    }

    printf("%-8s %-18s %10s %8s %10s %10s\n", "set", "mode", "msg/s", "MB/s",
           "median us", "p99 us");
    for (guint i = 0; i < sets->len; i++) {
        const Set *s = g_ptr_array_index(sets, i);
        gsize bytes = 0;
        int r = rounds;
        Timing t[3];
        static const char *const modes[] = {"(a) GMime parse", "(b) + reply model",
                                            "(c) full engine"};

        if (only != NULL && g_ascii_strcasecmp(only, s->name) != 0)
            continue;
        for (guint k = 0; k < s->messages->len; k++)
            bytes += g_bytes_get_size(g_ptr_array_index(s->messages, k));
        if (r <= 0)
            r = (int) CLAMP(200000000 / (bytes + 1), 3, 2000);
        for (int m = 0; m < 3; m++) {
            double msgs = (double) s->messages->len * r;

            t[m] = time_set(s, m, r, engine, ps, pf);
            printf("%-8s %-18s %10.0f %8.1f %10.1f %10.1f\n", s->name, modes[m],
                   msgs / t[m].total_s,
                   (double) bytes * r / t[m].total_s / 1e6, t[m].median_us,
                   t[m].p99_us);
        }
        printf("%-8s c/a = %.2f (median %.2f)\n\n", s->name,
               t[2].total_s / t[0].total_s, t[2].median_us / t[0].median_us);
    }
    rg_engine_unref(engine);
    rg_prefilter_free(pf);
    rg_policy_set_free(ps);
    return 0;
}
