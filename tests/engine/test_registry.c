/*
 * test_registry.c - a rule added from a registry row and policy groups
 * alone
 *
 * This program links an engine built with tests/engine/toy.def (one row,
 * toy.banana, checked by the generic phrase check) and gives it the
 * shipped policies with a [toy.banana] group (a hint and a pattern)
 * added to each.  No other C changes: the rule has an id, a default
 * level, a configurable level, a hint in the reply's language and fires
 * on its phrase in the new text only.
 */
#include <glib/gstdio.h>
#include <string.h>

#include "rg_test_util.h"

static char *policy_dir;

/* toy_group - the [toy.banana] group added to a language's policy */
static const char *toy_group(const char *code)
{
    if (strcmp(code, "pl") == 0)
        return "\n[toy.banana]\nhint = Nie pisz o bananach.\n"
            "match.banan = \\bbanan\\w*\n";
    if (strcmp(code, "hr") == 0)
        return "\n[toy.banana]\nhint = Ne pišite o bananama.\n"
            "match.banana = \\bbanan\\w*\n";
    return "\n[toy.banana]\nhint = Do not write about bananas.\n"
        "match.banana = \\bbananas?\\b\n";
}

/* setup - the shipped policies, each with the toy group, in a new folder */
static int setup(void **state)
{
    static const char *const codes[] = {"en", "hr", "pl"};

    (void) state;
    policy_dir = g_dir_make_tmp("rgtoy-XXXXXX", NULL);
    for (guint i = 0; i < G_N_ELEMENTS(codes); i++) {
        g_autofree char *name = g_strconcat(codes[i], ".policy", NULL);
        g_autofree char *from = g_build_filename(RG_TEST_POLICY_DIR, name, NULL);
        g_autofree char *to = g_build_filename(policy_dir, name, NULL);
        g_autofree char *text = NULL;

        if (!g_file_get_contents(from, &text, NULL, NULL))
            return -1;
        g_autofree char *with = g_strconcat(text, toy_group(codes[i]), NULL);

        if (!g_file_set_contents(to, with, -1, NULL))
            return -1;
    }
    return 0;
}

/* teardown - remove the folder */
static int teardown(void **state)
{
    GDir *d = g_dir_open(policy_dir, 0, NULL);
    const char *name;

    (void) state;
    while (d && (name = g_dir_read_name(d)) != NULL) {
        g_autofree char *path = g_build_filename(policy_dir, name, NULL);

        g_unlink(path);
    }
    if (d)
        g_dir_close(d);
    g_rmdir(policy_dir);
    g_free(policy_dir);
    return 0;
}

/* toy_engine - an engine over the toy policies; config text may be NULL */
static RgEngine *toy_engine(const char *config_text)
{
    GError *error = NULL;
    RgConfig *config = config_text
        ? rg_config_load_data(config_text, strlen(config_text), "toy.conf",
                              NULL, &error)
        : rg_config_new_default();
    RgEngine *e;

    if (config == NULL)
        fail_msg("config: %s", error->message);
    g_free(config->policy_dir);
    config->policy_dir = g_strdup(policy_dir);
    e = rg_engine_new(config, 0, &error);
    if (e == NULL)
        fail_msg("engine: %s", error->message);
    return e;
}

static const char *const good_reply =
    "Dear Mr Smith,\n\nthank you for your message. I am sorry the parcel was "
    "late; the bananas in it were green, so I have sent a new box today. If "
    "anything is unclear, just reply to this e-mail.\n\nKind regards,\n"
    "Ann Lee\nCustomer Support Specialist\n+44 20 7946 0000\n";

static void registry_row_adds_a_rule(void **state)
{
    RgRuleId id;

    (void) state;
    assert_int_equal(rg_rule_count(), RG_RULE_COUNT);
    assert_true(rg_rule_parse("toy.banana", &id));
    assert_int_equal(id, RG_RULE_TOY_BANANA);
    assert_int_equal(rg_rule_default_level(id), RG_LEVEL_FLAG);
    assert_string_equal(rg_rule_name(id), "toy.banana");
}

static void toy_rule_fires_on_its_phrase_with_its_hint(void **state)
{
    (void) state;
    g_autoptr(RgEngine) e = toy_engine(NULL);
    g_autoptr(RgResult) r = rg_test_scan(e, "Re: Order 300457", good_reply);
    const RgFinding *f = rg_test_finding(r, RG_RULE_TOY_BANANA);

    assert_non_null(f);
    assert_int_equal(f->level, RG_LEVEL_FLAG);
    assert_string_equal(f->excerpt, "bananas");
    assert_string_equal(f->hint, "Do not write about bananas.");
    assert_int_equal(r->verdict, RG_VERDICT_FLAG);
    g_autofree char *rules = rg_test_rules(r);
    assert_string_equal(rules, "toy.banana");
}

static void toy_rule_reads_only_the_new_text(void **state)
{
    (void) state;
    g_autoptr(RgEngine) e = toy_engine(NULL);
    g_autofree char *body = g_strconcat(
        "Dear Mr Smith,\n\nthank you for your message. I am sorry the parcel "
        "was late; I have sent a new box today. If anything is unclear, just "
        "reply to this e-mail.\n\nKind regards,\nAnn Lee\nCustomer Support "
        "Specialist\n+44 20 7946 0000\n\nOn Mon, 2 Nov 2026 at 08:14, John "
        "Smith <john@customer.example> wrote:\n> The bananas were green.\n",
        NULL);
    g_autoptr(RgResult) r = rg_test_scan(e, "Re: Order 300457", body);

    assert_null(rg_test_finding(r, RG_RULE_TOY_BANANA));
    assert_int_equal(r->verdict, RG_VERDICT_PASS);
}

static void toy_rule_level_comes_from_the_config(void **state)
{
    (void) state;
    g_autoptr(RgEngine) held = toy_engine("[levels]\ntoy.banana = hold\n");
    g_autoptr(RgEngine) off = toy_engine("[levels]\ntoy.banana = off\n");
    g_autoptr(RgResult) r1 = rg_test_scan(held, "Re: Order 300457", good_reply);
    g_autoptr(RgResult) r2 = rg_test_scan(off, "Re: Order 300457", good_reply);

    assert_int_equal(r1->verdict, RG_VERDICT_HOLD);
    assert_null(rg_test_finding(r2, RG_RULE_TOY_BANANA));
}

static void policy_without_the_toy_hint_is_refused(void **state)
{
    (void) state;
    RgConfig *config = rg_config_new_default();
    GError *error = NULL;

    g_free(config->policy_dir);
    config->policy_dir = g_strdup(RG_TEST_POLICY_DIR);
    assert_null(rg_engine_new(config, 0, &error));
    assert_non_null(strstr(error->message, "no hint for rule toy.banana"));
    g_error_free(error);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(registry_row_adds_a_rule),
        cmocka_unit_test(toy_rule_fires_on_its_phrase_with_its_hint),
        cmocka_unit_test(toy_rule_reads_only_the_new_text),
        cmocka_unit_test(toy_rule_level_comes_from_the_config),
        cmocka_unit_test(policy_without_the_toy_hint_is_refused),
    };

    rg_engine_global_init();
    return cmocka_run_group_tests(tests, setup, teardown);
}
