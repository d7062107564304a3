/*
 * rg_result.c - the findings and verdict of one scanned message
 *
 * Owns findings; the verdict is computed once, in rg_result_finish, as
 * the highest level among them (hints alone give "pass").
 */
#include "replyguard/rg_result.h"

/* free_finding - GPtrArray element destructor */
static void free_finding(gpointer p)
{
    RgFinding *f = p;

    g_free(f->hint);
    g_free(f->excerpt);
    g_free(f);
}

/* rg_result_new - an empty result, verdict pass */
RgResult *rg_result_new(void)
{
    RgResult *r = g_new0(RgResult, 1);

    r->findings = g_ptr_array_new_with_free_func(free_finding);
    return r;
}

/* rg_result_free - accepts NULL */
void rg_result_free(RgResult *r)
{
    if (r == NULL)
        return;
    g_ptr_array_unref(r->findings);
    g_free(r->language);
    g_free(r->profile);
    g_free(r->date);
    g_free(r->subject);
    g_free(r->from);
    g_free(r->text);
    if (r->zones)
        g_array_unref(r->zones);
    if (r->scores)
        g_array_unref(r->scores);
    g_free(r);
}

/* rg_result_add_at - record a finding and where its excerpt stands
 * (copies the strings) */
void rg_result_add_at(RgResult *r, RgRuleId rule, RgLevel level,
                      const char *hint, const char *excerpt, gsize line,
                      RgWhere where, gsize offset, gsize length)
{
    RgFinding *f = g_new0(RgFinding, 1);

    f->rule = rule;
    f->level = level;
    f->hint = g_strdup(hint);
    f->excerpt = g_strdup(excerpt);
    f->line = line;
    f->where = where;
    f->offset = offset;
    f->length = length;
    g_ptr_array_add(r->findings, f);
}

/* rg_result_add - record a finding with no place (copies the strings) */
void rg_result_add(RgResult *r, RgRuleId rule, RgLevel level,
                   const char *hint, const char *excerpt, gsize line)
{
    rg_result_add_at(r, rule, level, hint, excerpt, line, RG_WHERE_NONE, 0, 0);
}

/* rg_zone_name - "new", "signature" or "quoted" */
const char *rg_zone_name(RgZoneKind kind)
{
    static const char *const names[] = {"new", "signature", "quoted"};

    return kind <= RG_ZONE_QUOTED ? names[kind] : "unknown";
}

/* compare_rule - order findings by rule id */
static gint compare_rule(gconstpointer a, gconstpointer b)
{
    const RgFinding *fa = *(RgFinding * const *) a;
    const RgFinding *fb = *(RgFinding * const *) b;

    return (int) fa->rule - (int) fb->rule;
}

/* rg_result_finish - sort findings and compute the verdict */
void rg_result_finish(RgResult *r)
{
    RgLevel top = RG_LEVEL_HINT;

    g_ptr_array_sort(r->findings, compare_rule);
    for (guint i = 0; i < r->findings->len; i++) {
        const RgFinding *f = g_ptr_array_index(r->findings, i);

        if (f->level > top)
            top = f->level;
    }
    r->verdict = rg_verdict_from_level(top);
}

/* compare_name - order rule id strings */
static gint compare_name(gconstpointer a, gconstpointer b)
{
    return g_strcmp0(*(const char *const *) a, *(const char *const *) b);
}

/*
 * rg_result_rule_list - comma-separated rule ids at min_level or above,
 * sorted alphabetically; caller frees
 */
char *rg_result_rule_list(const RgResult *r, RgLevel min_level)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new();

    for (guint i = 0; i < r->findings->len; i++) {
        const RgFinding *f = g_ptr_array_index(r->findings, i);

        if (f->level >= min_level)
            g_ptr_array_add(names, (gpointer) rg_rule_name(f->rule));
    }
    g_ptr_array_sort(names, compare_name);
    g_ptr_array_add(names, NULL);
    return g_strjoinv(",", (char **) names->pdata);
}
