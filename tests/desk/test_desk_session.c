/*
 * test_desk_session.c - session ids, CSRF tokens, expiry, logout
 */
#include <string.h>

#include "rg_desk_session.h"
#include "rg_test_util.h"

static void desk_session_ids_and_tokens_are_random_and_distinct(void **state)
{
    (void) state;
    RgDeskSessions *s = rg_desk_sessions_new(60);
    const RgDeskSession *a = rg_desk_session_create(s, "ana", "reviewer");
    const RgDeskSession *b = rg_desk_session_create(s, "ana", "reviewer");

    assert_int_equal(strlen(a->id), 64);
    assert_int_equal(strlen(a->csrf), 64);
    assert_string_not_equal(a->id, b->id);
    assert_string_not_equal(a->csrf, b->csrf);
    assert_string_not_equal(a->id, a->csrf);
    assert_int_equal(strspn(a->id, "0123456789abcdef"), 64);
    rg_desk_sessions_free(s);
}

static void desk_session_is_found_by_id_only(void **state)
{
    (void) state;
    RgDeskSessions *s = rg_desk_sessions_new(60);
    const RgDeskSession *a = rg_desk_session_create(s, "ana", "viewer");
    gint64 now = g_get_monotonic_time();
    g_autofree char *wrong = g_strdup(a->id);

    assert_ptr_equal(rg_desk_session_find(s, a->id, now), a);
    assert_string_equal(rg_desk_session_find(s, a->id, now)->role, "viewer");
    wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
    assert_null(rg_desk_session_find(s, wrong, now));
    assert_null(rg_desk_session_find(s, "", now));
    assert_null(rg_desk_session_find(s, NULL, now));
    assert_null(rg_desk_session_find(s, a->csrf, now));
    rg_desk_sessions_free(s);
}

static void desk_session_expires(void **state)
{
    (void) state;
    RgDeskSessions *s = rg_desk_sessions_new(60);
    const RgDeskSession *a = rg_desk_session_create(s, "ana", "viewer");
    g_autofree char *id = g_strdup(a->id);
    gint64 now = g_get_monotonic_time();

    assert_non_null(rg_desk_session_find(s, id, now + 59 * G_USEC_PER_SEC));
    assert_null(rg_desk_session_find(s, id, now + 61 * G_USEC_PER_SEC));
    /* and stays gone */
    assert_null(rg_desk_session_find(s, id, now));
    rg_desk_sessions_free(s);
}

static void desk_session_csrf_token_must_match_exactly(void **state)
{
    (void) state;
    RgDeskSessions *s = rg_desk_sessions_new(60);
    const RgDeskSession *a = rg_desk_session_create(s, "ana", "reviewer");
    const RgDeskSession *b = rg_desk_session_create(s, "bo", "reviewer");
    g_autofree char *prefix = g_strndup(a->csrf, 63);
    g_autofree char *longer = g_strconcat(a->csrf, "0", NULL);

    assert_true(rg_desk_session_csrf_ok(a, a->csrf));
    assert_false(rg_desk_session_csrf_ok(a, b->csrf));
    assert_false(rg_desk_session_csrf_ok(a, NULL));
    assert_false(rg_desk_session_csrf_ok(a, ""));
    assert_false(rg_desk_session_csrf_ok(a, prefix));
    assert_false(rg_desk_session_csrf_ok(a, longer));
    assert_false(rg_desk_session_csrf_ok(NULL, a->csrf));
    rg_desk_sessions_free(s);
}

static void desk_session_logout_forgets_it(void **state)
{
    (void) state;
    RgDeskSessions *s = rg_desk_sessions_new(60);
    g_autofree char *id = g_strdup(rg_desk_session_create(s, "ana", "viewer")->id);

    rg_desk_session_destroy(s, id);
    assert_null(rg_desk_session_find(s, id, g_get_monotonic_time()));
    rg_desk_sessions_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(desk_session_ids_and_tokens_are_random_and_distinct),
        cmocka_unit_test(desk_session_is_found_by_id_only),
        cmocka_unit_test(desk_session_expires),
        cmocka_unit_test(desk_session_csrf_token_must_match_exactly),
        cmocka_unit_test(desk_session_logout_forgets_it),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
