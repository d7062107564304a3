/*
 * test_profile.c - [profile NAME]: selection by sender, domain, login and
 * header, first match wins, overrides, refusals and overlaps
 */
#include <string.h>

#include "replyguard/rg_config.h"
#include "rg_test_util.h"

#define PROFILES \
    "[levels]\napology.missing = flag\n" \
    "[profile legal]\nsenders = legal@shop.example; @law.example\n" \
    "levels = apology.missing=reject; thanks.missing=off\n" \
    "[profile team]\nheader = X-Team: Billing\nlogins = bob\n" \
    "apology-required = complaint\n" \
    "[profile wide]\nsenders = .example\nlevels = apology.missing=hold\n"

/* a reply with no apology: its level follows the profile */
#define NO_APOLOGY "Hello,\nyour parcel left today.\n\nKind regards,\n" \
    "Ann Lee\nSupport Specialist\n+44 20 7946 0000\n"

/* scan - the reply as from sender, with extra header lines */
static RgResult *scan(RgEngine *e, const char *sender, const char *login,
                      const char *headers)
{
    g_autofree char *msg = g_strdup_printf(
        "From: someone@else.test\n%sSubject: Re: Order 300457\n"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n%s",
        headers ? headers : "", NO_APOLOGY);
    const RgScanOptions o = {.sender = sender, .login = login};
    GError *error = NULL;
    RgResult *r = rg_engine_scan_bytes(e, msg, strlen(msg), &o, &error);

    if (r == NULL)
        fail_msg("scan: %s", error->message);
    return r;
}

static void profile_by_sender_address_changes_the_level(void **state)
{
    (void) state;
    g_autoptr(RgEngine) e = rg_test_engine(PROFILES);
    g_autoptr(RgResult) legal = scan(e, "legal@shop.example", NULL, NULL);
    g_autoptr(RgResult) plain = scan(e, "ann@other.test", NULL, NULL);

    assert_string_equal(legal->profile, "legal");
    assert_int_equal(legal->verdict, RG_VERDICT_REJECT);
    assert_false(rg_test_has(legal, "thanks.missing"));
    assert_null(plain->profile);
    assert_int_equal(plain->verdict, RG_VERDICT_FLAG);
}

static void profile_by_domain_and_first_match_wins(void **state)
{
    (void) state;
    g_autoptr(RgEngine) e = rg_test_engine(PROFILES);
    g_autoptr(RgResult) law = scan(e, "x@law.example", NULL, NULL);
    g_autoptr(RgResult) wide = scan(e, "x@sub.other.example", NULL, NULL);

    /* law.example is under .example too: legal comes first */
    assert_string_equal(law->profile, "legal");
    assert_string_equal(wide->profile, "wide");
    assert_int_equal(wide->verdict, RG_VERDICT_HOLD);
}

static void profile_by_login_or_header(void **state)
{
    (void) state;
    g_autoptr(RgEngine) e = rg_test_engine(PROFILES);
    g_autoptr(RgResult) login = scan(e, "a@b.test", "bob", NULL);
    g_autoptr(RgResult) header = scan(e, "a@b.test", NULL,
                                      "X-Team:  billing \n");
    g_autoptr(RgResult) other = scan(e, "a@b.test", NULL, "X-Team: sales\n");

    assert_string_equal(login->profile, "team");
    /* apology required only for complaints: none here */
    assert_false(rg_test_has(login, "apology.missing"));
    assert_string_equal(header->profile, "team");
    assert_null(other->profile);
}

static void profile_without_sender_uses_the_from_address(void **state)
{
    (void) state;
    g_autoptr(RgEngine) e = rg_test_engine(
        "[profile else]\nsenders = else.test\n");
    g_autoptr(RgResult) r = scan(e, NULL, NULL, NULL);

    assert_string_equal(r->profile, "else");
}

static void profile_languages_limit_detection(void **state)
{
    (void) state;
    g_autoptr(RgEngine) e = rg_test_engine(
        "[profile hr]\nsenders = a@b.test\nlanguages = hr\n");
    g_autoptr(RgResult) r = scan(e, "a@b.test", NULL, NULL);
    g_autoptr(RgResult) plain = scan(e, "c@b.test", NULL, NULL);

    assert_string_equal(r->language, "hr");
    assert_string_equal(plain->language, "en");
}

static void profile_refusals_name_the_group(void **state)
{
    (void) state;
    static const char *const bad[][2] = {
        {"[profile x]\nlevels = apology.missing=hold\n", "selects nothing"},
        {"[profile x]\nsenders = a@b\nlevels = no.rule=hold\n", "no.rule"},
        {"[profile x]\nsenders = a@b\nlevels = apology.missing=loud\n",
         "bad level"},
        {"[profile x]\nsenders = a@b\nbogus = 1\n", "unknown key"},
        {"[profile x]\nheader = X-Team\n", "Name: value"},
        {"[profile]\nsenders = a@b\n", "needs a name"},
    };

    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        GError *error = NULL;
        RgConfig *c = rg_config_load_data(bad[i][0], strlen(bad[i][0]),
                                          "p.conf", NULL, &error);

        assert_null(c);
        assert_non_null(strstr(error->message, bad[i][1]));
        g_error_free(error);
    }
}

static void profile_bad_pattern_or_language_refused_at_engine(void **state)
{
    (void) state;
    static const char *const bad[] = {
        "[profile x]\nsenders = a@b\nticket-pattern = (\n",
        "[profile x]\nsenders = a@b\nlanguages = xx\n",
    };

    for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
        GError *error = NULL;
        RgConfig *c = rg_config_load_data(bad[i], strlen(bad[i]), "p.conf",
                                          NULL, &error);
        RgEngine *e;

        assert_non_null(c);
        g_free(c->policy_dir);
        c->policy_dir = g_strdup(RG_TEST_POLICY_DIR);
        e = rg_engine_new(c, 0, &error);
        assert_null(e);
        assert_non_null(strstr(error->message, "[profile x]"));
        g_error_free(error);
    }
}

static void profile_overlaps_are_reported(void **state)
{
    (void) state;
    g_autoptr(RgConfig) c = rg_config_load_data(PROFILES, strlen(PROFILES),
                                                "p.conf", NULL, NULL);
    g_auto(GStrv) o = rg_config_profile_overlaps(c);

    assert_int_equal(g_strv_length(o), 1);
    assert_non_null(strstr(o[0], "profile wide overlaps profile legal"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(profile_by_sender_address_changes_the_level),
        cmocka_unit_test(profile_by_domain_and_first_match_wins),
        cmocka_unit_test(profile_by_login_or_header),
        cmocka_unit_test(profile_without_sender_uses_the_from_address),
        cmocka_unit_test(profile_languages_limit_detection),
        cmocka_unit_test(profile_refusals_name_the_group),
        cmocka_unit_test(profile_bad_pattern_or_language_refused_at_engine),
        cmocka_unit_test(profile_overlaps_are_reported),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
