/*
 * test_keyfile.c - key files: syntax errors name file:line, keys keep lines
 */
#include <string.h>

#include "rg_keyfile.h"
#include "rg_test_util.h"
#include "replyguard/rg_types.h"

/* load - parse text as "t.conf"; error message into *msg when it fails */
static RgKeyFile *load(const char *text, char **msg)
{
    GError *error = NULL;
    RgKeyFile *kf = rg_key_file_load_data(text, strlen(text), "t.conf",
                                           RG_ERROR_CONFIG, &error);

    *msg = error ? g_strdup(error->message) : NULL;
    g_clear_error(&error);
    return kf;
}

static void keyfile_records_key_lines(void **state)
{
    (void) state;
    g_autofree char *msg = NULL;
    RgKeyFile *kf = load("# comment\n\n[a]\nx = 1\n  y=two words\n[b]\nx=3\n",
                         &msg);

    assert_non_null(kf);
    assert_int_equal(rg_key_file_line(kf, "a", "x"), 4);
    assert_int_equal(rg_key_file_line(kf, "a", "y"), 5);
    assert_int_equal(rg_key_file_line(kf, "b", "x"), 7);
    assert_int_equal(rg_key_file_line(kf, "b", "nope"), 0);
    g_autofree char *y = g_key_file_get_value(rg_key_file_keys(kf), "a", "y",
                                              NULL);
    assert_string_equal(y, "two words");
    rg_key_file_free(kf);
}

static void keyfile_rejects_garbage_line_with_line_number(void **state)
{
    (void) state;
    g_autofree char *msg = NULL;

    assert_null(load("[a]\nx=1\nthis is not a key\n", &msg));
    assert_non_null(strstr(msg, "t.conf:3:"));
}

static void keyfile_rejects_key_outside_group(void **state)
{
    (void) state;
    g_autofree char *msg = NULL;

    assert_null(load("x=1\n[a]\n", &msg));
    assert_non_null(strstr(msg, "t.conf:1:"));
    assert_non_null(strstr(msg, "outside"));
}

static void keyfile_rejects_duplicate_key_naming_both_lines(void **state)
{
    (void) state;
    g_autofree char *msg = NULL;

    assert_null(load("[a]\nx=1\ny=2\nx=3\n", &msg));
    assert_non_null(strstr(msg, "t.conf:4:"));
    assert_non_null(strstr(msg, "line 2"));
}

static void keyfile_rejects_bad_group_header(void **state)
{
    (void) state;
    g_autofree char *msg = NULL;

    assert_null(load("[a\nx=1\n", &msg));
    assert_non_null(strstr(msg, "t.conf:1:"));
}

static void keyfile_rejects_invalid_utf8_and_nul(void **state)
{
    (void) state;
    g_autofree char *msg = NULL;
    g_autofree char *msg2 = NULL;
    GError *error = NULL;
    static const char nul[] = "[a]\nx=1\0\n";

    assert_null(load("[a]\nx=\xff\xfe\n", &msg));
    assert_non_null(strstr(msg, "t.conf:2:"));
    assert_null(rg_key_file_load_data(nul, sizeof nul - 1, "n.conf",
                                      RG_ERROR_CONFIG, &error));
    assert_non_null(strstr(error->message, "NUL"));
    g_error_free(error);
    (void) msg2;
}

static void keyfile_set_error_prefixes_location(void **state)
{
    (void) state;
    g_autofree char *msg = NULL;
    RgKeyFile *kf = load("[g]\n\nk = v\n", &msg);
    GError *error = NULL;

    rg_key_file_set_error(&error, kf, "g", "k", "bad %s", "v");
    assert_string_equal(error->message, "t.conf:3: bad v");
    g_error_free(error);
    rg_key_file_free(kf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(keyfile_records_key_lines),
        cmocka_unit_test(keyfile_rejects_garbage_line_with_line_number),
        cmocka_unit_test(keyfile_rejects_key_outside_group),
        cmocka_unit_test(keyfile_rejects_duplicate_key_naming_both_lines),
        cmocka_unit_test(keyfile_rejects_bad_group_header),
        cmocka_unit_test(keyfile_rejects_invalid_utf8_and_nul),
        cmocka_unit_test(keyfile_set_error_prefixes_location),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
