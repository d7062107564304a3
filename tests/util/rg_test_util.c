/*
 * rg_test_util.c - helpers shared by the unit tests
 *
 * An engine over the shipped policies (optionally with config text), a
 * plain-text UTF-8 reply built from a subject and a body, and lookups in
 * a result.
 */
#include <string.h>

#include "rg_test_util.h"

const char *const rg_test_daemon_groups[] = {"milter", NULL};

/* rg_test_engine - engine over the shipped policies; config_text may be
 * NULL.  One engine per config text and test program, shared by
 * reference (engines do not change once built): compiling the policies
 * and their prefilter for every case would make the unit suite slow. */
RgEngine *rg_test_engine(const char *config_text)
{
    static GHashTable *built;   /* config text -> RgEngine, for the program */
    const char *key = config_text ? config_text : "";
    GError *error = NULL;
    RgConfig *config;
    RgEngine *engine;

    if (built == NULL)
        built = g_hash_table_new(g_str_hash, g_str_equal);
    engine = g_hash_table_lookup(built, key);
    if (engine)
        return rg_engine_ref(engine);
    config = config_text
        ? rg_config_load_data(config_text, strlen(config_text), "test.conf",
                              rg_test_daemon_groups, &error)
        : rg_config_new_default();
    if (config == NULL)
        fail_msg("config: %s", error->message);
    g_free(config->policy_dir);
    config->policy_dir = g_strdup(RG_TEST_POLICY_DIR);
    engine = rg_engine_new(config, 0, &error);
    if (engine == NULL)
        fail_msg("engine: %s", error->message);
    g_hash_table_insert(built, g_strdup(key), engine);
    return rg_engine_ref(engine);
}

/* rg_test_message - a UTF-8 text/plain reply; caller frees */
char *rg_test_message(const char *subject, const char *body)
{
    return g_strdup_printf(
        "From: Agent Example <agent@shop.example>\n"
        "To: Customer <customer@mail.example>\n"
        "Subject: %s\n"
        "In-Reply-To: <q1@mail.example>\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: 8bit\n"
        "\n%s", subject, body);
}

/* rg_test_scan - scan a reply built by rg_test_message; fails on error */
RgResult *rg_test_scan(RgEngine *engine, const char *subject, const char *body)
{
    g_autofree char *msg = rg_test_message(subject, body);
    GError *error = NULL;
    RgResult *r = rg_engine_scan_bytes(engine, msg, strlen(msg), NULL, &error);

    if (r == NULL)
        fail_msg("scan: %s", error->message);
    return r;
}

/* rg_test_finding - the finding of a rule, or NULL */
const RgFinding *rg_test_finding(const RgResult *r, RgRuleId rule)
{
    for (guint i = 0; i < r->findings->len; i++) {
        const RgFinding *f = g_ptr_array_index(r->findings, i);

        if (f->rule == rule)
            return f;
    }
    return NULL;
}

/* rg_test_has - whether a rule (by id string) fired */
gboolean rg_test_has(const RgResult *r, const char *rule)
{
    RgRuleId id;

    if (!rg_rule_parse(rule, &id))
        fail_msg("unknown rule %s", rule);
    return rg_test_finding(r, id) != NULL;
}

/* rg_test_rules - flag-or-higher rule ids, comma-separated; caller frees */
char *rg_test_rules(const RgResult *r)
{
    return rg_result_rule_list(r, RG_LEVEL_FLAG);
}
