/*
 * test_desk_auth.c - yescrypt passwords in the users file, roles, rate limit
 */
#include <string.h>

#include <glib/gstdio.h>

#include "rg_desk_auth.h"
#include "rg_test_util.h"

/* users_file - a fresh path in a temporary dir (caller frees both) */
static char *users_file(char **dir)
{
    *dir = g_dir_make_tmp("desk-auth-XXXXXX", NULL);
    return g_build_filename(*dir, "users", NULL);
}

/* cleanup - remove the file and its dir */
static void cleanup(char *dir, char *file)
{
    g_unlink(file);
    g_rmdir(dir);
    g_free(file);
    g_free(dir);
}

static void desk_auth_hash_is_yescrypt_and_salted(void **state)
{
    (void) state;
    g_autofree char *a = rg_desk_hash_password("correct horse", NULL);
    g_autofree char *b = rg_desk_hash_password("correct horse", NULL);

    assert_true(g_str_has_prefix(a, "$y$"));
    assert_string_not_equal(a, b);
    assert_null(strstr(a, "correct"));
}

static void desk_auth_checks_password_and_gives_role(void **state)
{
    (void) state;
    char *dir, *file = users_file(&dir);
    g_autofree char *role = NULL, *text = NULL;
    GError *error = NULL;

    assert_true(rg_desk_set_password(file, "ana", "reviewer", "s3cret-pass", &error));
    assert_true(rg_desk_set_password(file, "vic", "viewer", "other-pass", &error));
    assert_true(rg_desk_check_password(file, "ana", "s3cret-pass", &role, &error));
    assert_string_equal(role, "reviewer");
    g_clear_pointer(&role, g_free);
    assert_true(rg_desk_check_password(file, "vic", "other-pass", &role, &error));
    assert_string_equal(role, "viewer");
    g_clear_pointer(&role, g_free);
    assert_false(rg_desk_check_password(file, "ana", "other-pass", &role, &error));
    assert_null(error);
    assert_null(role);
    assert_false(rg_desk_check_password(file, "ana", "s3cret-pas", &role, &error));
    assert_false(rg_desk_check_password(file, "nobody", "s3cret-pass", &role, &error));
    assert_false(rg_desk_check_password(file, "ana", "", &role, &error));
    assert_null(error);
    assert_true(g_file_get_contents(file, &text, NULL, NULL));
    assert_null(strstr(text, "s3cret"));
    assert_non_null(strstr(text, "ana:reviewer:$y$"));
    cleanup(dir, file);
}

static void desk_auth_passwd_replaces_a_user(void **state)
{
    (void) state;
    char *dir, *file = users_file(&dir);
    g_autofree char *role = NULL, *text = NULL;
    struct stat st;

    assert_true(rg_desk_set_password(file, "ana", "viewer", "first-pass", NULL));
    assert_true(rg_desk_set_password(file, "ana", "reviewer", "second-pass", NULL));
    assert_false(rg_desk_check_password(file, "ana", "first-pass", &role, NULL));
    assert_true(rg_desk_check_password(file, "ana", "second-pass", &role, NULL));
    assert_string_equal(role, "reviewer");
    assert_true(g_file_get_contents(file, &text, NULL, NULL));
    assert_null(strstr(strstr(text, "ana:") + 1, "ana:"));
    assert_int_equal(g_stat(file, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    cleanup(dir, file);
}

static void desk_auth_refuses_bad_names_roles_and_files(void **state)
{
    (void) state;
    char *dir, *file = users_file(&dir);
    g_autofree char *role = NULL;
    GError *error = NULL;

    assert_false(rg_desk_set_password(file, "a:b", "viewer", "x-password", &error));
    g_clear_error(&error);
    assert_false(rg_desk_set_password(file, "-ana", "viewer", "x-password", &error));
    g_clear_error(&error);
    assert_false(rg_desk_set_password(file, "ana", "admin", "x-password", &error));
    g_clear_error(&error);
    /* a missing file is an error at login, not "no such user" */
    assert_false(rg_desk_check_password(file, "ana", "x", &role, &error));
    assert_non_null(error);
    g_clear_error(&error);
    assert_true(g_file_set_contents(file, "# users\nana:root:$y$x\n", -1, NULL));
    assert_false(rg_desk_check_password(file, "ana", "x", &role, &error));
    assert_non_null(error);
    g_clear_error(&error);
    assert_true(rg_desk_user_name_ok("ana.k@example-1"));
    assert_false(rg_desk_user_name_ok(""));
    cleanup(dir, file);
}

static void desk_auth_limiter_blocks_after_failures_and_forgets(void **state)
{
    (void) state;
    RgDeskLimiter *l = rg_desk_limiter_new(3, 60);
    gint64 t = 1000 * G_USEC_PER_SEC;
    int i;

    for (i = 0; i < 3; i++) {
        assert_true(rg_desk_limiter_allowed(l, "10.0.0.1", t + i));
        rg_desk_limiter_failed(l, "10.0.0.1", t + i);
    }
    assert_false(rg_desk_limiter_allowed(l, "10.0.0.1", t + 10));
    assert_true(rg_desk_limiter_allowed(l, "10.0.0.2", t + 10));
    /* the window slides */
    assert_true(rg_desk_limiter_allowed(l, "10.0.0.1", t + 61 * G_USEC_PER_SEC));
    rg_desk_limiter_failed(l, "10.0.0.2", t);
    rg_desk_limiter_succeeded(l, "10.0.0.2");
    assert_true(rg_desk_limiter_allowed(l, "10.0.0.2", t));
    rg_desk_limiter_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(desk_auth_hash_is_yescrypt_and_salted),
        cmocka_unit_test(desk_auth_checks_password_and_gives_role),
        cmocka_unit_test(desk_auth_passwd_replaces_a_user),
        cmocka_unit_test(desk_auth_refuses_bad_names_roles_and_files),
        cmocka_unit_test(desk_auth_limiter_blocks_after_failures_and_forgets),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
