/*
 * test_corpus.c - every labelled reply gets exactly its verdict and its
 * flag-or-higher rule ids: shared/corpus, shared/corpus2 (skipped when
 * absent) and the project's own tests/corpus (always there)
 */
#include <stdio.h>
#include <string.h>

#include "rg_test_util.h"

/* check_corpus - scan every labelled message of dir; skips when absent */
static void check_corpus(const char *dir, int at_least)
{
    g_autofree char *tsv = g_build_filename(dir, "expected.tsv", NULL);
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    g_autoptr(RgEngine) engine = NULL;
    int checked = 0;
    int failed = 0;

    if (!g_file_get_contents(tsv, &text, NULL, NULL))
        skip();
    engine = rg_test_engine(NULL);
    lines = g_strsplit(text, "\n", -1);
    for (int i = 1; lines[i] != NULL; i++) {
        g_auto(GStrv) f = g_strsplit(lines[i], "\t", 3);
        g_autofree char *path = NULL;
        g_autofree char *data = NULL;
        gsize len = 0;
        GError *error = NULL;

        if (f[0] == NULL || f[0][0] == '\0')
            continue;
        path = g_build_filename(dir, f[0], NULL);
        assert_true(g_file_get_contents(path, &data, &len, NULL));
        g_autoptr(RgResult) r = rg_engine_scan_bytes(engine, data, len, NULL,
                                                     &error);
        if (r == NULL)
            fail_msg("%s: %s", f[0], error->message);
        g_autofree char *rules = rg_test_rules(r);
        const char *want_rules = f[2] ? g_strchomp(f[2]) : "";

        checked++;
        if (strcmp(rg_verdict_name(r->verdict), f[1]) != 0 ||
            strcmp(rules, want_rules) != 0) {
            print_error("%s: got %s [%s], want %s [%s]\n", f[0],
                        rg_verdict_name(r->verdict), rules, f[1], want_rules);
            failed++;
        }
    }
    print_message("%s: %d/%d messages match their labels\n", dir,
                  checked - failed, checked);
    assert_true(checked >= at_least);
    assert_int_equal(failed, 0);
}

static void corpus_matches_every_label(void **state)
{
    g_autofree char *dir = g_build_filename(RG_TEST_SHARED_DIR, "corpus", NULL);

    (void) state;
    check_corpus(dir, 45);
}

static void corpus2_matches_every_label(void **state)
{
    g_autofree char *dir = g_build_filename(RG_TEST_SHARED_DIR, "corpus2",
                                            NULL);

    (void) state;
    check_corpus(dir, 80);
}

static void own_corpus_matches_every_label(void **state)
{
    (void) state;
    assert_true(g_file_test(RG_TEST_CORPUS_DIR "/expected.tsv",
                            G_FILE_TEST_EXISTS));
    check_corpus(RG_TEST_CORPUS_DIR, 160);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(corpus_matches_every_label),
        cmocka_unit_test(corpus2_matches_every_label),
        cmocka_unit_test(own_corpus_matches_every_label),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
