/*
 * test_html.c - HTML to text: blocks, entities, skipped elements, quotes
 */
#include <string.h>

#include "rg_html.h"
#include "rg_test_util.h"

/* text - convert HTML; caller frees */
static char *text(const char *html, guint *images)
{
    gsize n = 0;

    return rg_html_to_text(html, strlen(html), &n, images);
}

static void html_blocks_become_lines_and_paragraphs(void **state)
{
    (void) state;
    g_autofree char *t = text("<p>One<br>two</p><p>three</p><div>four</div>"
                              "<div><br></div><div>five</div>", NULL);

    assert_string_equal(t, "One\ntwo\n\nthree\n\nfour\n\nfive\n");
}

static void html_decodes_entities(void **state)
{
    (void) state;
    g_autofree char *t = text("Po&scaron;tovani &amp; dzi&#281;kuj&#x119; "
                              "&lt;x&gt; &bdquo;q&rdquo; &unknown; &#0;", NULL);

    assert_string_equal(t, "Poštovani & dziękuję <x> „q” &unknown; \xEF\xBF\xBD");
}

static void html_skips_head_style_script_and_comments(void **state)
{
    (void) state;
    g_autofree char *t = text("<html><head><title>T</title><style>p{x:1}"
                              "</style></head><body><!-- c --><script>var a"
                              "</script>Body</body></html>", NULL);

    assert_string_equal(t, "Body");
}

static void html_marks_blockquote_and_gmail_quote(void **state)
{
    (void) state;
    g_autofree char *t = text("<div>New</div><blockquote>Old<br>text"
                              "<blockquote>older</blockquote></blockquote>"
                              "<div class=\"gmail_quote\">G</div>", NULL);

    assert_string_equal(t, "New\n> Old\n> text\n> > older\n> G\n");
}

static void html_folds_white_space(void **state)
{
    (void) state;
    g_autofree char *t = text("<p>  a \n\t b&nbsp;c  </p>", NULL);

    assert_string_equal(t, "a b c\n\n");
}

static void html_counts_data_images(void **state)
{
    (void) state;
    guint images = 0;
    g_autofree char *t = text("<img src=\"data:image/png;base64,AAAA\">"
                              "<img src='cid:x'><IMG SRC=data:image/gif;,>",
                              &images);

    assert_non_null(t);
    assert_int_equal(images, 2);
}

static void html_survives_broken_and_deep_markup(void **state)
{
    (void) state;
    GString *deep = g_string_new(NULL);

    for (int i = 0; i < 5000; i++)
        g_string_append(deep, "<blockquote><div>");
    g_string_append(deep, "x<a href=\"unterminated");
    g_autofree char *t = text(deep->str, NULL);

    assert_non_null(t);
    g_string_free(deep, TRUE);
    g_autofree char *u = text("<p>a</p></div></div></blockquote>b<", NULL);
    assert_non_null(strstr(u, "b"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(html_blocks_become_lines_and_paragraphs),
        cmocka_unit_test(html_decodes_entities),
        cmocka_unit_test(html_skips_head_style_script_and_comments),
        cmocka_unit_test(html_marks_blockquote_and_gmail_quote),
        cmocka_unit_test(html_folds_white_space),
        cmocka_unit_test(html_counts_data_images),
        cmocka_unit_test(html_survives_broken_and_deep_markup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
