/*
 * test_corpus.c - every labelled reply of shared/corpus gets exactly its
 * verdict and its flag-or-higher rule ids (skips when the corpus is absent)
 */
#include <stdio.h>
#include <string.h>

#include "rg_test_util.h"

static void corpus_matches_every_label(void **state)
{
    (void) state;
    g_autofree char *dir = g_build_filename(RG_TEST_SHARED_DIR, "corpus", NULL);
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
    print_message("corpus: %d/%d messages match their labels\n",
                  checked - failed, checked);
    assert_true(checked >= 45);
    assert_int_equal(failed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(corpus_matches_every_label),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
