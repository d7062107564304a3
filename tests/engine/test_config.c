/*
 * test_config.c - config defaults, values, and refusals with file:line
 */
#include <glib/gstdio.h>
#include <string.h>

#include "replyguard/rg_config.h"
#include "rg_test_util.h"

/* load - parse config text; the error message into *msg on failure */
static RgConfig *load(const char *text, char **msg)
{
    GError *error = NULL;
    RgConfig *c = rg_config_load_data(text, strlen(text), "r.conf",
                                      rg_test_daemon_groups, &error);

    *msg = error ? g_strdup(error->message) : NULL;
    g_clear_error(&error);
    return c;
}

static void config_defaults_match_the_spec(void **state)
{
    (void) state;
    g_autoptr(RgConfig) c = rg_config_new_default();

    assert_int_equal(c->levels[RG_RULE_APOLOGY_MISSING], RG_LEVEL_HOLD);
    assert_int_equal(c->levels[RG_RULE_SIGNATURE_MISSING], RG_LEVEL_HOLD);
    assert_int_equal(c->levels[RG_RULE_CAPS_SHOUTING], RG_LEVEL_FLAG);
    assert_int_equal(c->levels[RG_RULE_IMAGE_INLINE], RG_LEVEL_HINT);
    assert_int_equal(c->apology_required, RG_APOLOGY_ALWAYS);
    assert_int_equal(c->scan_limit, 1024 * 1024);
}

static void config_reads_every_kind_of_value(void **state)
{
    (void) state;
    g_autofree char *msg = NULL;
    g_autoptr(RgConfig) c = load(
        "[engine]\nscan-limit = 64k\napology-required = complaint\n"
        "languages = pl; hr\nacronyms = RMA;SKU\n"
        "[levels]\ncaps.shouting = off\nvoice.plural = reject\n"
        "[milter]\nmode = monitor\n", &msg);

    assert_non_null(c);
    assert_int_equal(c->scan_limit, 64 * 1024);
    assert_int_equal(c->apology_required, RG_APOLOGY_COMPLAINT);
    assert_string_equal(c->languages[1], "hr");
    assert_int_equal(c->levels[RG_RULE_CAPS_SHOUTING], RG_LEVEL_OFF);
    assert_int_equal(c->levels[RG_RULE_VOICE_PLURAL], RG_LEVEL_REJECT);
}

static void config_errors_name_file_and_line(void **state)
{
    (void) state;
    static const struct {
        const char *text;
        const char *expect;
    } cases[] = {
        {"[levels]\n\ncaps.shouting = loud\n", "r.conf:3: bad level \"loud\""},
        {"[levels]\ncaps.shuoting = flag\n", "r.conf:2: unknown rule id"},
        {"[engine]\nscan-limit = lots\n", "r.conf:2: bad value"},
        {"[engine]\npolicy-dirr = /x\n", "r.conf:2: unknown key"},
        {"[engines]\nx=1\n", "unknown group [engines]"},
        {"[engine]\nscan-limit = 0\n", "r.conf:2: bad value"},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *msg = NULL;
        RgConfig *c = load(cases[i].text, &msg);

        assert_null(c);
        if (strstr(msg, cases[i].expect) == NULL)
            fail_msg("case %zu: \"%s\" lacks \"%s\"", i, msg, cases[i].expect);
    }
}

static void config_relative_policy_dir_is_beside_the_file(void **state)
{
    (void) state;
    g_autofree char *dir = g_dir_make_tmp("rgconf-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "r.conf", NULL);
    RgConfig *c;

    g_file_set_contents(path, "[engine]\npolicy-dir = pol\n", -1, NULL);
    c = rg_config_load(path, NULL, NULL);
    assert_non_null(c);
    g_autofree char *want = g_build_filename(dir, "pol", NULL);
    assert_string_equal(c->policy_dir, want);
    rg_config_free(c);
    g_unlink(path);
    g_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(config_defaults_match_the_spec),
        cmocka_unit_test(config_reads_every_kind_of_value),
        cmocka_unit_test(config_errors_name_file_and_line),
        cmocka_unit_test(config_relative_policy_dir_is_beside_the_file),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
