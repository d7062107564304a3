/*
 * test_milter_config.c - the daemon's [milter] settings: defaults, values,
 * refusals with file:line, and a snapshot of one file for both layers
 */
#include <glib/gstdio.h>
#include <string.h>

#include "rg_milter_config.h"
#include "rg_test_util.h"

/* load - [milter] settings from config text; error message into *msg */
static RgMilterConfig *load(const char *text, char **msg)
{
    GError *error = NULL;
    g_autoptr(RgConfigFile) f = rg_config_file_load_data(text, strlen(text),
                                                         "r.conf", &error);
    RgMilterConfig *c = f ? rg_milter_config_new(f, &error) : NULL;

    *msg = error ? g_strdup(error->message) : NULL;
    g_clear_error(&error);
    return c;
}

static void milter_config_defaults_match_the_spec(void **state)
{
    (void) state;
    g_autoptr(RgMilterConfig) c = rg_milter_config_new_default();

    assert_int_equal(c->mode, RG_MODE_ENFORCE);
    assert_int_equal(c->on_error, RG_ON_ERROR_TEMPFAIL);
    assert_true(c->check_authenticated);
    assert_true(c->header_on_pass);
    /* above twice Postfix's smtpd_timeout (300 s) */
    assert_int_equal(c->idle_timeout, 900);
}

static void milter_config_reads_every_kind_of_value(void **state)
{
    (void) state;
    g_autofree char *msg = NULL;
    g_autoptr(RgMilterConfig) c = load(
        "[engine]\nscan-limit = 64k\n"
        "[milter]\nmode = monitor\non-error = accept\ncheck-all = yes\n"
        "check-daemons = ORIGINATING\nidle-timeout = 10m\n", &msg);

    assert_non_null(c);
    assert_int_equal(c->mode, RG_MODE_MONITOR);
    assert_int_equal(c->on_error, RG_ON_ERROR_ACCEPT);
    assert_true(c->check_all);
    assert_string_equal(c->check_daemons[0], "ORIGINATING");
    assert_int_equal(c->idle_timeout, 600);
}

static void milter_config_errors_name_file_and_line(void **state)
{
    (void) state;
    static const struct {
        const char *text;
        const char *expect;
    } cases[] = {
        {"[milter]\nmode = strict\n", "r.conf:2: bad value \"strict\""},
        {"[milter]\n\nnotice = maybe\n", "r.conf:3: bad value \"maybe\""},
        {"[milter]\nsockett = unix:/x\n", "r.conf:2: unknown key"},
        {"[milter]\nidle-timeout = 0\n", "idle-timeout = 0"},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *msg = NULL;
        RgMilterConfig *c = load(cases[i].text, &msg);

        assert_null(c);
        if (strstr(msg, cases[i].expect) == NULL)
            fail_msg("case %zu: \"%s\" lacks \"%s\"", i, msg, cases[i].expect);
    }
}

static void snapshot_reads_both_layers_from_one_file(void **state)
{
    (void) state;
    g_autofree char *dir = g_dir_make_tmp("rgsnap-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "r.conf", NULL);
    g_autofree char *text = g_strdup_printf(
        "[engine]\npolicy-dir = %s\n[levels]\ncaps.shouting = off\n"
        "[milter]\nmode = monitor\n", RG_TEST_POLICY_DIR);
    GError *error = NULL;
    RgSnapshot *s;

    g_file_set_contents(path, text, -1, NULL);
    g_chmod(path, 0644);
    s = rg_snapshot_load(path, &error);
    assert_non_null(s);
    assert_int_equal(s->milter->mode, RG_MODE_MONITOR);
    assert_int_equal(rg_engine_config(s->engine)->levels[RG_RULE_CAPS_SHOUTING],
                     RG_LEVEL_OFF);
    rg_snapshot_unref(s);
    /* the daemon refuses a config others could write to */
    g_chmod(path, 0666);
    assert_null(rg_snapshot_load(path, &error));
    assert_non_null(strstr(error->message, "writable"));
    g_clear_error(&error);
    g_unlink(path);
    g_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(milter_config_defaults_match_the_spec),
        cmocka_unit_test(milter_config_reads_every_kind_of_value),
        cmocka_unit_test(milter_config_errors_name_file_and_line),
        cmocka_unit_test(snapshot_reads_both_layers_from_one_file),
    };

    rg_engine_global_init();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
