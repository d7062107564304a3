/*
 * rg_expect.c - results held against labels: exact matches, per-rule
 * precision and recall
 *
 * For an admin's own labelled mail, and the project's corpora.  Labels
 * come from a tab-separated file with a header line, "file verdict
 * rules" (rules comma-separated, those at level flag or above), the
 * format of the shipped corpora.  A result is matched to its label by the
 * file name of its source; a label whose message was never scanned counts
 * as a miss.  A message matches when its verdict and its set of rule ids
 * at flag or above both equal the label's.
 */
#include <string.h>

#include "replyguard/rg_types.h"
#include "rg_expect.h"

typedef struct {
    char *file;
    RgVerdict verdict;
    char *rules;                /* sorted, comma-separated */
    gboolean seen;
    gboolean matched;
    char *got;                  /* "verdict [rules]" when it did not match */
} Label;

typedef struct {
    guint tp;
    guint fp;
    guint fn;
} RuleCount;

struct RgExpect {
    GPtrArray *labels;          /* of Label*, in file order */
    GHashTable *by_file;        /* file -> Label* (borrowed) */
    RuleCount *rules;           /* per rule of the registry */
    guint unlabelled;           /* results with no label */
    guint false_holds;          /* labelled pass or flag, got hold or worse */
};

/* free_label - GPtrArray element destructor */
static void free_label(gpointer p)
{
    Label *l = p;

    g_free(l->file);
    g_free(l->rules);
    g_free(l->got);
    g_free(l);
}

/* rg_expect_free - accepts NULL */
void rg_expect_free(RgExpect *x)
{
    if (x == NULL)
        return;
    g_ptr_array_unref(x->labels);
    g_hash_table_destroy(x->by_file);
    g_free(x->rules);
    g_free(x);
}

/* parse_verdict - "pass" ... "reject" */
static gboolean parse_verdict(const char *s, RgVerdict *v)
{
    for (int i = RG_VERDICT_PASS; i <= RG_VERDICT_REJECT; i++) {
        if (strcmp(s, rg_verdict_name((RgVerdict) i)) == 0) {
            *v = (RgVerdict) i;
            return TRUE;
        }
    }
    return FALSE;
}

/* compare_name - order rule id strings (GPtrArray sort) */
static gint compare_name(gconstpointer a, gconstpointer b)
{
    return g_strcmp0(*(const char *const *) a, *(const char *const *) b);
}

/* sorted_rules - a comma-separated rule list, sorted; FALSE on an
 * unknown rule id */
static gboolean sorted_rules(const char *list, char **out, char **bad)
{
    g_auto(GStrv) ids = g_strsplit(list, ",", -1);
    g_autoptr(GPtrArray) keep = g_ptr_array_new();

    for (char **id = ids; *id; id++) {
        RgRuleId rule;

        g_strstrip(*id);
        if (**id == '\0')
            continue;
        if (!rg_rule_parse(*id, &rule)) {
            *bad = g_strdup(*id);
            return FALSE;
        }
        g_ptr_array_add(keep, *id);
    }
    g_ptr_array_sort(keep, compare_name);
    g_ptr_array_add(keep, NULL);
    *out = g_strjoinv(",", (char **) keep->pdata);
    return TRUE;
}

/* rg_expect_load - labels from a TSV file; NULL with error (file:line) */
RgExpect *rg_expect_load(const char *path, GError **error)
{
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    g_autoptr(RgExpect) x = g_new0(RgExpect, 1);

    if (!g_file_get_contents(path, &text, NULL, error))
        return NULL;
    x->labels = g_ptr_array_new_with_free_func(free_label);
    x->by_file = g_hash_table_new(g_str_hash, g_str_equal);
    x->rules = g_new0(RuleCount, rg_rule_count());
    lines = g_strsplit(text, "\n", -1);
    for (guint i = 1; lines[0] && lines[i]; i++) {
        g_auto(GStrv) f = g_strsplit(g_strchomp(lines[i]), "\t", 3);
        g_autofree char *bad = NULL;
        Label *l;

        if (f[0] == NULL || f[0][0] == '\0' || f[0][0] == '#')
            continue;
        l = g_new0(Label, 1);
        l->file = g_strdup(f[0]);
        g_ptr_array_add(x->labels, l);
        if (f[1] == NULL || !parse_verdict(f[1], &l->verdict)) {
            g_set_error(error, RG_ERROR, RG_ERROR_CONFIG,
                        "%s:%u: bad verdict \"%s\"", path, i + 1,
                        f[1] ? f[1] : "");
            return NULL;
        }
        if (!sorted_rules(f[2] ? f[2] : "", &l->rules, &bad)) {
            g_set_error(error, RG_ERROR, RG_ERROR_CONFIG,
                        "%s:%u: unknown rule id \"%s\"", path, i + 1, bad);
            return NULL;
        }
        g_hash_table_insert(x->by_file, l->file, l);
    }
    return g_steal_pointer(&x);
}

/* listed - whether a rule id is in a comma-separated list */
static gboolean listed(const char *list, const char *rule)
{
    gsize n = strlen(rule);

    for (const char *p = strstr(list, rule); p; p = strstr(p + 1, rule))
        if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
            return TRUE;
    return FALSE;
}

/* rg_expect_add - hold one result against its label */
void rg_expect_add(RgExpect *x, const char *source, const RgResult *r)
{
    g_autofree char *base = g_path_get_basename(source);
    Label *l = g_hash_table_lookup(x->by_file, base);
    g_autofree char *got = NULL;

    if (l == NULL) {
        x->unlabelled++;
        return;
    }
    l->seen = TRUE;
    got = r ? rg_result_rule_list(r, RG_LEVEL_FLAG) : g_strdup("");
    for (RgRuleId rule = 0; rule < rg_rule_count(); rule++) {
        gboolean want = listed(l->rules, rg_rule_name(rule));
        gboolean have = listed(got, rg_rule_name(rule));

        x->rules[rule].tp += want && have;
        x->rules[rule].fp += !want && have;
        x->rules[rule].fn += want && !have;
    }
    l->matched = r && r->verdict == l->verdict && strcmp(got, l->rules) == 0;
    if (r && l->verdict < RG_VERDICT_HOLD && r->verdict >= RG_VERDICT_HOLD)
        x->false_holds++;
    if (!l->matched)
        l->got = g_strdup_printf("%s [%s]",
                                 r ? rg_verdict_name(r->verdict) : "error",
                                 got);
}

/* append_ratio - a share as a percentage, or "-" with nothing to divide */
static void append_ratio(GString *out, guint a, guint b)
{
    if (b == 0)
        g_string_append_printf(out, " %9s", "-");
    else
        g_string_append_printf(out, " %8.1f%%", 100.0 * a / b);
}

/* rg_expect_report - the misses, then the exact count and the rule table */
void rg_expect_report(const RgExpect *x, GString *out)
{
    guint exact = 0;

    for (guint i = 0; i < x->labels->len; i++) {
        const Label *l = g_ptr_array_index(x->labels, i);

        if (l->matched) {
            exact++;
            continue;
        }
        g_string_append_printf(out, "miss  %s: got %s, want %s [%s]\n",
                               l->file, l->seen ? l->got : "nothing (not scanned)",
                               rg_verdict_name(l->verdict), l->rules);
    }
    g_string_append_printf(out, "exact: %u/%u", exact, x->labels->len);
    append_ratio(out, exact, x->labels->len);
    g_string_append_printf(out, "   false holds: %u   unlabelled results: %u\n\n",
                           x->false_holds, x->unlabelled);
    g_string_append_printf(out, "%-24s %5s %5s %5s %10s %10s\n", "rule", "tp",
                           "fp", "fn", "precision", "recall");
    for (RgRuleId rule = 0; rule < rg_rule_count(); rule++) {
        const RuleCount *c = &x->rules[rule];

        if (c->tp + c->fp + c->fn == 0)
            continue;
        g_string_append_printf(out, "%-24s %5u %5u %5u", rg_rule_name(rule),
                               c->tp, c->fp, c->fn);
        append_ratio(out, c->tp, c->tp + c->fp);
        append_ratio(out, c->tp, c->tp + c->fn);
        g_string_append_c(out, '\n');
    }
}

/* rg_expect_all_match - every label seen and matched */
gboolean rg_expect_all_match(const RgExpect *x)
{
    for (guint i = 0; i < x->labels->len; i++)
        if (!((const Label *) g_ptr_array_index(x->labels, i))->matched)
            return FALSE;
    return TRUE;
}
