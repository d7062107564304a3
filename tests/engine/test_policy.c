/*
 * test_policy.c - policy loading: the shipped files, and refusals with file:line
 */
#include <string.h>

#include "rg_policy.h"
#include "rg_test_util.h"

/* minimal - a policy text with every hint; extra is appended */
static char *minimal(const char *extra)
{
    GString *s = g_string_new("[policy]\nlanguage = xx\nstopwords = a;b\n");

    for (int r = 0; r < RG_RULE_COUNT; r++)
        g_string_append_printf(s, "[%s]\nhint = fix %s\n",
                               rg_rule_name((RgRuleId) r),
                               rg_rule_name((RgRuleId) r));
    g_string_append(s, extra);
    return g_string_free(s, FALSE);
}

/* load_error - the error message loading text gives; caller frees */
static char *load_error(const char *text)
{
    GError *error = NULL;
    RgPolicy *p = rg_policy_load_data(text, strlen(text), "xx.policy", &error);

    if (p != NULL) {
        rg_policy_free(p);
        return NULL;
    }
    char *msg = g_strdup(error->message);

    g_error_free(error);
    return msg;
}

static void policy_shipped_set_loads_three_languages(void **state)
{
    (void) state;
    GError *error = NULL;
    g_autoptr(RgPolicySet) set = rg_policy_set_load(RG_TEST_POLICY_DIR, NULL, 0,
                                                    &error);

    assert_non_null(set);
    assert_int_equal(set->policies->len, 3);
    assert_non_null(rg_policy_set_find(set, "pl"));
    assert_non_null(rg_policy_set_find(set, "hr"));
    assert_non_null(rg_policy_set_find(set, "en"));
    assert_true(rg_pattern_set_size(set->any[RG_SET_APOLOGY]) >= 10);
    for (int r = 0; r < RG_RULE_COUNT; r++)
        assert_non_null(rg_policy_set_find(set, "hr")->hints[r]);
}

static void policy_language_subset_loads_only_those(void **state)
{
    (void) state;
    char *langs[] = {"pl", NULL};
    g_autoptr(RgPolicySet) set = rg_policy_set_load(RG_TEST_POLICY_DIR, langs, 0,
                                                    NULL);

    assert_non_null(set);
    assert_int_equal(set->policies->len, 1);
}

static void policy_new_language_is_just_a_file(void **state)
{
    (void) state;
    g_autofree char *text = minimal("[apology.missing]\n");
    g_autofree char *ok = minimal("");
    GError *error = NULL;
    RgPolicy *p = rg_policy_load_data(ok, strlen(ok), "xx.policy", &error);

    assert_non_null(p);
    assert_string_equal(p->code, "xx");
    rg_policy_free(p);
    (void) text;
}

static void policy_bad_regex_names_file_line_offset(void **state)
{
    (void) state;
    g_autofree char *text = minimal("[deflect.contract]\nmatch.x = as per (contract\n");
    g_autofree char *msg = load_error(text);
    int line = 0;

    /* the key is on the last line of the text */
    for (const char *p = text; *p; p++)
        line += *p == '\n';
    g_autofree char *where = g_strdup_printf("xx.policy:%d", line);
    assert_non_null(msg);
    assert_non_null(strstr(msg, where));
    assert_non_null(strstr(msg, "offset"));
}

static void policy_unknown_key_group_and_missing_hint_are_refused(void **state)
{
    (void) state;
    g_autofree char *k = minimal("[deflect.website]\nmatsh.x = y\n");
    g_autofree char *g = minimal("[deflect.nothing]\nmatch.x = y\n");
    g_autofree char *mk = load_error(k);
    g_autofree char *mg = load_error(g);
    g_autofree char *mh = load_error("[policy]\nlanguage = xx\n");
    g_autofree char *ml = load_error("[policy]\nname = x\n");

    assert_non_null(strstr(mk, "unknown key \"matsh.x\""));
    assert_non_null(strstr(mg, "unknown group [deflect.nothing]"));
    assert_non_null(strstr(mh, "no hint for rule apology.missing"));
    assert_non_null(strstr(ml, "language"));
}

static void policy_duplicate_language_is_refused(void **state)
{
    (void) state;
    g_autofree char *t = minimal("");
    GPtrArray *list = g_ptr_array_new_with_free_func(
        (GDestroyNotify) rg_policy_free);
    GError *error = NULL;

    g_ptr_array_add(list, rg_policy_load_data(t, strlen(t), "a.policy", NULL));
    g_ptr_array_add(list, rg_policy_load_data(t, strlen(t), "b.policy", NULL));
    assert_null(rg_policy_set_new(list, &error));
    assert_non_null(strstr(error->message, "already defined"));
    g_error_free(error);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(policy_shipped_set_loads_three_languages),
        cmocka_unit_test(policy_language_subset_loads_only_those),
        cmocka_unit_test(policy_new_language_is_just_a_file),
        cmocka_unit_test(policy_bad_regex_names_file_line_offset),
        cmocka_unit_test(policy_unknown_key_group_and_missing_hint_are_refused),
        cmocka_unit_test(policy_duplicate_language_is_refused),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
