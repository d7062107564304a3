/*
 * test_atoms.c - the literals a pattern cannot match without (rg_atoms.c)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "rg_atoms.h"

/* expect_atoms - the atoms of pattern are exactly the NULL-terminated
 * list (in any order); no list: the pattern has none */
static void expect_atoms(const char *pattern, ...)
{
    g_autoptr(GPtrArray) atoms = rg_atoms_of(pattern);
    va_list ap;
    guint n = 0;

    va_start(ap, pattern);
    for (const char *want; (want = va_arg(ap, const char *)) != NULL; n++) {
        gboolean found = FALSE;

        for (guint i = 0; atoms && i < atoms->len; i++)
            found = found || strcmp(g_ptr_array_index(atoms, i), want) == 0;
        if (!found)
            fail_msg("%s: no atom \"%s\"", pattern, want);
    }
    va_end(ap);
    if (n == 0 && atoms != NULL)
        fail_msg("%s: %u atoms, expected none", pattern, atoms->len);
    if (n != 0 && (atoms == NULL || atoms->len != n))
        fail_msg("%s: %u atoms, expected %u", pattern,
                 atoms ? atoms->len : 0, n);
}

static void test_literals_and_classes(void **state)
{
    (void) state;
    expect_atoms("przepraszam", "przepraszam", NULL);
    expect_atoms("napisa[łl]", "napisał", "napisal", NULL);
    expect_atoms("\\bprzepr\\w*", "przepr", NULL);
    expect_atoms("x?abc", "xabc", "abc", NULL);
    expect_atoms("On\\b[^\\n]{0,250}\\bwrote:\\s*", "wrote:", NULL);
    expect_atoms("[a-z]+ing", "ing", NULL);
}

static void test_sequences_keep_the_best_part(void **state)
{
    (void) state;
    /* the longest required literal of a sequence */
    expect_atoms("zgodnie\\s+z\\s+regulaminem", "regulaminem", NULL);
    /* an optional part requires nothing */
    expect_atoms("(?:bardzo\\s+)?przepraszam", "przepraszam", NULL);
    /* a repeated group requires its contents once */
    expect_atoms("(?:kurier)+", "kurier", NULL);
}

static void test_alternations_unite(void **state)
{
    (void) state;
    expect_atoms("kurier\\w*|dostaw\\w*", "kurier", "dostaw", NULL);
    expect_atoms("(?:sorry|apolog\\w+)\\s+for", "sorry", "apolog", NULL);
    /* one branch that requires nothing: the whole requires nothing */
    expect_atoms("kurier|\\w+", NULL);
}

static void test_lookarounds_and_anchors_require_nothing(void **state)
{
    (void) state;
    expect_atoms("(?<!\\bnie\\s)przepraszam", "przepraszam", NULL);
    expect_atoms("^Best regards,?$", "Best regards", "Best regards,", NULL);
    expect_atoms("\\b(?!samo\\b)\\w{3,40}amo\\b", "amo", NULL);
}

static void test_too_short_or_not_read(void **state)
{
    (void) state;
    expect_atoms("\\d+", NULL);
    expect_atoms("a|b", NULL);
    expect_atoms("(?i)przepraszam", NULL);          /* inline options */
    expect_atoms("(a)\\1", NULL);                   /* backreference */
    expect_atoms("\\p{Lu}{3,}", NULL);
    expect_atoms("[[:upper:]]{3}", NULL);
    expect_atoms("(unclosed", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literals_and_classes),
        cmocka_unit_test(test_sequences_keep_the_best_part),
        cmocka_unit_test(test_alternations_unite),
        cmocka_unit_test(test_lookarounds_and_anchors_require_nothing),
        cmocka_unit_test(test_too_short_or_not_read),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
