/*
 * test_scope.c - which mail the milter checks
 */
#include <string.h>

#include "rg_scope.h"
#include "rg_test_util.h"

static RgMilterConfig *config(const char *text)
{
    GError *error = NULL;
    g_autoptr(RgConfigFile) f = rg_config_file_load_data(text, strlen(text),
                                                         "t.conf", &error);
    RgMilterConfig *c = f ? rg_milter_config_new(f, &error) : NULL;

    if (c == NULL)
        fail_msg("%s", error->message);
    return c;
}

static void envelope_selectors(void **state)
{
    (void) state;
    g_autoptr(RgMilterConfig) c = config("[milter]\ncheck-authenticated = true\n"
                                   "check-daemons = ORIGINATING;SUBMIT\n"
                                   "check-senders = shop.example;.corp.example;"
                                   "one@x.example\n");
    RgEnvelope e = {"agent@other.example", NULL, NULL};

    assert_non_null(rg_scope_envelope(c, &e));
    e.auth_authen = "agent";
    assert_null(rg_scope_envelope(c, &e));
    e.auth_authen = "";
    assert_non_null(rg_scope_envelope(c, &e));
    e.daemon_name = "SUBMIT";
    assert_null(rg_scope_envelope(c, &e));
    e.daemon_name = "smtpd";
    assert_non_null(rg_scope_envelope(c, &e));
    e.sender = "a@SHOP.example";
    assert_null(rg_scope_envelope(c, &e));
    e.sender = "a@eu.corp.example";
    assert_null(rg_scope_envelope(c, &e));
    e.sender = "a@corp.example";
    assert_non_null(rg_scope_envelope(c, &e));
    e.sender = "one@x.example";
    assert_null(rg_scope_envelope(c, &e));
    e.sender = "two@x.example";
    assert_non_null(rg_scope_envelope(c, &e));
    e.sender = "noshop.example@evil.example";
    assert_non_null(rg_scope_envelope(c, &e));
}

static void null_sender_is_never_checked(void **state)
{
    (void) state;
    g_autoptr(RgMilterConfig) c = config("[milter]\ncheck-all = true\n");
    RgEnvelope e = {"", "agent", "ORIGINATING"};

    assert_string_equal(rg_scope_envelope(c, &e), "null-sender");
    e.sender = "a@b.example";
    assert_null(rg_scope_envelope(c, &e));
}

static void headers_that_exclude(void **state)
{
    (void) state;
    assert_non_null(rg_scope_header("Auto-Submitted", "auto-replied"));
    assert_non_null(rg_scope_header("auto-submitted", " Auto-Generated (x)"));
    assert_null(rg_scope_header("Auto-Submitted", "no"));
    assert_null(rg_scope_header("Auto-Submitted", " No ; comment"));
    assert_non_null(rg_scope_header("Precedence", "bulk"));
    assert_non_null(rg_scope_header("Precedence", "List"));
    assert_non_null(rg_scope_header("Precedence", "junk"));
    assert_null(rg_scope_header("Precedence", "first-class"));
    assert_null(rg_scope_header("Subject", "bulk"));
}

static void address_argument(void **state)
{
    (void) state;
    g_autofree char *a = rg_scope_address("<Agent@Shop.Example>");
    g_autofree char *b = rg_scope_address("<>");
    g_autofree char *c = rg_scope_address(" plain@x.example ");

    /* the case is kept: the notice goes back to this very address */
    assert_string_equal(a, "Agent@Shop.Example");
    assert_string_equal(b, "");
    assert_string_equal(c, "plain@x.example");
}

/* skip-recipients: out of scope only when every recipient is listed */
static void recipients_all_internal(void **state)
{
    (void) state;
    g_autoptr(RgMilterConfig) c =
        config("[milter]\nskip-recipients = @support.example;.corp.example;boss@x.example\n");
    g_autoptr(GPtrArray) r = g_ptr_array_new();

    assert_null(rg_scope_recipients(c, "agent@shop.example", r));
    g_ptr_array_add(r, (char *) "Colleague@Support.Example");
    g_ptr_array_add(r, (char *) "a@eu.corp.example");
    g_ptr_array_add(r, (char *) "boss@x.example");
    assert_string_equal(rg_scope_recipients(c, "agent@shop.example", r),
                        "internal-recipients");
    g_ptr_array_add(r, (char *) "customer@customer.example");
    assert_null(rg_scope_recipients(c, "agent@shop.example", r));
}

/* by default a message to the sender's own domain only is internal */
static void recipients_in_the_senders_domain(void **state)
{
    (void) state;
    g_autoptr(RgMilterConfig) on = config("[milter]\n");
    g_autoptr(RgMilterConfig) off = config("[milter]\nskip-internal = no\n");
    g_autoptr(GPtrArray) r = g_ptr_array_new();

    g_ptr_array_add(r, (char *) "Colleague@SHOP.example");
    assert_string_equal(rg_scope_recipients(on, "agent@shop.example", r),
                        "internal-recipients");
    assert_null(rg_scope_recipients(off, "agent@shop.example", r));
    /* a subdomain, another domain, a null sender: not internal */
    assert_null(rg_scope_recipients(on, "agent@eu.shop.example", r));
    assert_null(rg_scope_recipients(on, "", r));
    g_ptr_array_add(r, (char *) "customer@shop.example.net");
    assert_null(rg_scope_recipients(on, "agent@shop.example", r));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(envelope_selectors),
        cmocka_unit_test(null_sender_is_never_checked),
        cmocka_unit_test(headers_that_exclude),
        cmocka_unit_test(address_argument),
        cmocka_unit_test(recipients_all_internal),
        cmocka_unit_test(recipients_in_the_senders_domain),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
