/*
 * rg_summary.c - counts over many results: per verdict, rule, sender, day
 *
 * For a bulk audit of sent mail: how many messages got each verdict, how
 * many fired each rule (and their share of all messages), per sender
 * how many messages were checked and how many were flagged or worse, and
 * per day the same (the day of the Date header for mail, the day the
 * daemon logged for --from-log).
 */
#include "rg_report.h"
#include "rg_summary.h"

typedef struct {
    guint messages;
    guint verdicts[RG_VERDICT_REJECT + 1];
} SenderCount;

struct RgSummary {
    guint messages;
    guint errors;
    guint verdicts[RG_VERDICT_REJECT + 1];
    guint *rules;               /* per rule of the registry */
    GHashTable *senders;        /* address -> SenderCount* */
    GHashTable *days;           /* "YYYY-MM-DD" -> SenderCount* */
};

/* rg_summary_new - empty counts */
RgSummary *rg_summary_new(void)
{
    RgSummary *s = g_new0(RgSummary, 1);

    s->rules = g_new0(guint, rg_rule_count());
    s->senders = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    s->days = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    return s;
}

/* rg_summary_free - accepts NULL */
void rg_summary_free(RgSummary *s)
{
    if (s == NULL)
        return;
    g_hash_table_destroy(s->senders);
    g_hash_table_destroy(s->days);
    g_free(s->rules);
    g_free(s);
}

/* count_in - one more message of a verdict under key */
static void count_in(GHashTable *table, const char *key, RgVerdict verdict)
{
    SenderCount *sc = g_hash_table_lookup(table, key);

    if (sc == NULL) {
        sc = g_new0(SenderCount, 1);
        g_hash_table_insert(table, g_strdup(key), sc);
    }
    sc->messages++;
    sc->verdicts[verdict]++;
}

/* rg_summary_add_day - count one message checked on day ("YYYY-MM-DD");
 * call after rg_summary_add with the same result (not NULL) */
void rg_summary_add_day(RgSummary *s, const RgResult *r, const char *day)
{
    count_in(s->days, day, r->verdict);
}

/* rg_summary_add - count one message; result NULL counts an error */
void rg_summary_add(RgSummary *s, const RgResult *r, const char *sender)
{
    s->messages++;
    if (r == NULL) {
        s->errors++;
        return;
    }
    s->verdicts[r->verdict]++;
    for (guint i = 0; i < r->findings->len; i++)
        s->rules[((RgFinding *) g_ptr_array_index(r->findings, i))->rule]++;
    count_in(s->senders, sender ? sender : "(unknown)", r->verdict);
}

/* share - percentage of n among the messages */
static double share(const RgSummary *s, guint n)
{
    return s->messages ? 100.0 * n / s->messages : 0.0;
}

/* sorted_keys - a table's keys in order; caller frees the list */
static GList *sorted_keys(GHashTable *table)
{
    return g_list_sort(g_hash_table_get_keys(table), (GCompareFunc) g_strcmp0);
}

/* sorted_senders - sender addresses in order; caller frees the list */
static GList *sorted_senders(const RgSummary *s)
{
    return sorted_keys(s->senders);
}

/* days_text - the per-day table, when days were counted */
static void days_text(const RgSummary *s, GString *out)
{
    GList *days = sorted_keys(s->days);

    if (days == NULL)
        return;
    g_string_append_printf(out, "\n%-10s %8s %6s %6s %6s %6s %7s\n", "day",
                           "messages", "pass", "flag", "hold", "reject",
                           "share");
    for (GList *l = days; l; l = l->next) {
        const SenderCount *c = g_hash_table_lookup(s->days, l->data);
        guint bad = c->messages - c->verdicts[RG_VERDICT_PASS];

        g_string_append_printf(out, "%-10s %8u %6u %6u %6u %6u %6.1f%%\n",
                               (const char *) l->data, c->messages,
                               c->verdicts[RG_VERDICT_PASS],
                               c->verdicts[RG_VERDICT_FLAG],
                               c->verdicts[RG_VERDICT_HOLD],
                               c->verdicts[RG_VERDICT_REJECT],
                               100.0 * bad / c->messages);
    }
    g_list_free(days);
}

/* rg_summary_text - the tables as text */
void rg_summary_text(const RgSummary *s, GString *out)
{
    GList *senders = sorted_senders(s);
    int width = 6;

    for (GList *l = senders; l; l = l->next)
        width = MAX(width, (int) g_utf8_strlen(l->data, -1));
    g_string_append_printf(out, "messages: %u", s->messages);
    for (int v = 0; v <= RG_VERDICT_REJECT; v++)
        g_string_append_printf(out, "  %s: %u", rg_verdict_name((RgVerdict) v),
                               s->verdicts[v]);
    g_string_append_printf(out, "  errors: %u\n\n", s->errors);
    g_string_append_printf(out, "%-22s %7s %7s\n", "rule", "count", "share");
    for (RgRuleId r = 0; r < rg_rule_count(); r++)
        if (s->rules[r] > 0)
            g_string_append_printf(out, "%-22s %7u %6.1f%%\n",
                                   rg_rule_name(r), s->rules[r],
                                   share(s, s->rules[r]));
    g_string_append_printf(out, "\n%-*s %8s %6s %6s %6s %7s\n", width, "sender",
                           "messages", "flag", "hold", "reject", "share");
    for (GList *l = senders; l; l = l->next) {
        const SenderCount *sc = g_hash_table_lookup(s->senders, l->data);
        guint bad = sc->verdicts[RG_VERDICT_FLAG] +
            sc->verdicts[RG_VERDICT_HOLD] + sc->verdicts[RG_VERDICT_REJECT];

        g_string_append_printf(out, "%-*s %8u %6u %6u %6u %6.1f%%\n",
                               width, (const char *) l->data, sc->messages,
                               sc->verdicts[RG_VERDICT_FLAG],
                               sc->verdicts[RG_VERDICT_HOLD],
                               sc->verdicts[RG_VERDICT_REJECT],
                               sc->messages ? 100.0 * bad / sc->messages : 0.0);
    }
    g_list_free(senders);
    days_text(s, out);
}

/* rg_summary_json - the tables as one JSON object line */
void rg_summary_json(const RgSummary *s, GString *out)
{
    GList *senders = sorted_senders(s);
    gboolean first = TRUE;

    g_string_append_printf(out, "{\"summary\":{\"messages\":%u,\"errors\":%u,"
                           "\"verdicts\":{", s->messages, s->errors);
    for (int v = 0; v <= RG_VERDICT_REJECT; v++)
        g_string_append_printf(out, "%s\"%s\":%u", v ? "," : "",
                               rg_verdict_name((RgVerdict) v), s->verdicts[v]);
    g_string_append(out, "},\"rules\":{");
    for (RgRuleId r = 0; r < rg_rule_count(); r++) {
        if (s->rules[r] == 0)
            continue;
        g_string_append_printf(out, "%s\"%s\":%u", first ? "" : ",",
                               rg_rule_name(r), s->rules[r]);
        first = FALSE;
    }
    g_string_append(out, "},\"senders\":{");
    for (GList *l = senders; l; l = l->next) {
        const SenderCount *sc = g_hash_table_lookup(s->senders, l->data);

        if (l != senders)
            g_string_append_c(out, ',');
        rg_json_string(out, l->data);
        g_string_append_printf(out, ":{\"messages\":%u,\"flag\":%u,\"hold\":%u,"
                               "\"reject\":%u}", sc->messages,
                               sc->verdicts[RG_VERDICT_FLAG],
                               sc->verdicts[RG_VERDICT_HOLD],
                               sc->verdicts[RG_VERDICT_REJECT]);
    }
    g_string_append(out, "}");
    g_list_free(senders);
    if (g_hash_table_size(s->days) > 0) {
        GList *days = sorted_keys(s->days);

        g_string_append(out, ",\"days\":{");
        for (GList *l = days; l; l = l->next) {
            const SenderCount *c = g_hash_table_lookup(s->days, l->data);

            g_string_append_printf(out, "%s\"%s\":{\"messages\":%u,\"pass\":%u,"
                                   "\"flag\":%u,\"hold\":%u,\"reject\":%u}",
                                   l == days ? "" : ",", (const char *) l->data,
                                   c->messages, c->verdicts[RG_VERDICT_PASS],
                                   c->verdicts[RG_VERDICT_FLAG],
                                   c->verdicts[RG_VERDICT_HOLD],
                                   c->verdicts[RG_VERDICT_REJECT]);
        }
        g_string_append_c(out, '}');
        g_list_free(days);
    }
    g_string_append(out, "}}\n");
}
