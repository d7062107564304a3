/*
 * test_desk_queue.c - queue ids, postqueue -j parsing, headers of a held reply
 */
#include <string.h>

#include "rg_desk_queue.h"
#include "rg_test_util.h"

static void desk_queue_ids_are_validated(void **state)
{
    (void) state;
    assert_true(rg_desk_queue_id_ok("1F0E3510457"));
    assert_true(rg_desk_queue_id_ok("4dQtbN1zF4z9sBq"));
    assert_false(rg_desk_queue_id_ok("ABCDE"));
    assert_false(rg_desk_queue_id_ok("ABCDEF0123456789ABCDE"));
    assert_false(rg_desk_queue_id_ok("-d ALL"));
    assert_false(rg_desk_queue_id_ok("ALL;rm"));
    assert_false(rg_desk_queue_id_ok("../../x1234"));
    assert_false(rg_desk_queue_id_ok(""));
    assert_false(rg_desk_queue_id_ok(NULL));
}

static void desk_queue_parses_only_held_entries(void **state)
{
    (void) state;
    const char *text =
        "{\"queue_name\": \"hold\", \"queue_id\": \"1F0E3510457\", \"arrival_time\": 1764660000, "
        "\"message_size\": 812, \"forced_expire\": false, \"sender\": \"agent@agents.example\", "
        "\"recipients\": [{\"address\": \"a@customers.example\"}, {\"address\": \"b@customers.example\", \"delay_reason\": \"x\"}]}\n"
        "{\"queue_name\": \"deferred\", \"queue_id\": \"2F0E3510457\", \"arrival_time\": 1, "
        "\"sender\": \"x@y\", \"recipients\": []}\n"
        "{\"queue_name\": \"hold\", \"queue_id\": \"bad id!\", \"arrival_time\": 1, \"sender\": \"\", \"recipients\": []}\n";
    g_autoptr(GPtrArray) held = rg_desk_queue_parse_json(text, NULL);
    RgDeskHeld *h;

    assert_non_null(held);
    assert_int_equal(held->len, 1);
    h = held->pdata[0];
    assert_string_equal(h->queue_id, "1F0E3510457");
    assert_int_equal(h->arrival, 1764660000);
    assert_string_equal(h->sender, "agent@agents.example");
    assert_string_equal(h->recipients, "a@customers.example,b@customers.example");
}

static void desk_queue_refuses_garbage(void **state)
{
    (void) state;
    GError *error = NULL;

    assert_null(rg_desk_queue_parse_json("postqueue: fatal: oops\n", &error));
    assert_non_null(error);
    g_error_free(error);
}

static void desk_queue_reads_decoded_subject_and_header(void **state)
{
    (void) state;
    const char *msg =
        "X-Replyguard: hold; lang=hr; rules=apology.missing,signature.missing\n"
        "Subject: =?UTF-8?Q?Re:_Prigovor_88123_-_o=C5=A1te=C4=87en_paket?=\n"
        "Message-ID: <abc@agents.example>\n"
        "From: a@agents.example\n\nbody\n";
    RgDeskHeld h = {0};

    rg_desk_held_fill(&h, msg, strlen(msg));
    assert_string_equal(h.subject, "Re: Prigovor 88123 - oštećen paket");
    assert_string_equal(h.message_id, "<abc@agents.example>");
    assert_string_equal(h.language, "hr");
    assert_string_equal(h.rules, "apology.missing,signature.missing");
    g_free(h.subject);
    g_free(h.message_id);
    g_free(h.language);
    g_free(h.rules);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(desk_queue_ids_are_validated),
        cmocka_unit_test(desk_queue_parses_only_held_entries),
        cmocka_unit_test(desk_queue_refuses_garbage),
        cmocka_unit_test(desk_queue_reads_decoded_subject_and_header),
    };

    rg_engine_global_init();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
