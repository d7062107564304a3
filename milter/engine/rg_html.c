/*
 * rg_html.c - text/html to plain text, quotes marked as "> " lines
 *
 * A small forgiving scanner, not a DOM: tags are dropped, entities
 * decoded, runs of white space folded, block elements become line breaks
 * (paragraphs a blank line), and head/style/script/title contents are
 * skipped.  Text inside quote containers (<blockquote>, gmail_quote,
 * yahoo_quoted, protonmail_quote, Outlook's divRplyFwdMsg) is written
 * with one "> " per quote level, so the reply splitter treats HTML and
 * plain-text quoting alike.  Embedded data: images are counted.  Runs in
 * time linear in the input; nesting is tracked to a fixed depth.
 */
#include <string.h>

#include "rg_html.h"

#define MAX_STACK 128

typedef struct {
    GString *out;
    gboolean pending_space;
    gboolean pre;               /* inside <pre>: keep white space */
    guint8 stack[MAX_STACK];    /* 1 when the open container is a quote */
    guint depth;                /* tracked containers */
    guint overflow;             /* containers opened past MAX_STACK */
    guint quotes;               /* quote containers open */
    guint data_images;
} HtmlWriter;

static const struct {
    const char *name;
    const char *utf8;
} entities[] = {
    {"nbsp", "\xC2\xA0"}, {"amp", "&"}, {"lt", "<"}, {"gt", ">"},
    {"quot", "\""}, {"apos", "'"}, {"shy", "\xC2\xAD"},
    {"ndash", "\xE2\x80\x93"}, {"mdash", "\xE2\x80\x94"},
    {"hellip", "\xE2\x80\xA6"}, {"lsquo", "\xE2\x80\x98"},
    {"rsquo", "\xE2\x80\x99"}, {"sbquo", "\xE2\x80\x9A"},
    {"ldquo", "\xE2\x80\x9C"}, {"rdquo", "\xE2\x80\x9D"},
    {"bdquo", "\xE2\x80\x9E"}, {"laquo", "\xC2\xAB"}, {"raquo", "\xC2\xBB"},
    {"bull", "\xE2\x80\xA2"}, {"middot", "\xC2\xB7"}, {"euro", "\xE2\x82\xAC"},
    {"pound", "\xC2\xA3"}, {"yen", "\xC2\xA5"}, {"cent", "\xC2\xA2"},
    {"copy", "\xC2\xA9"}, {"reg", "\xC2\xAE"}, {"trade", "\xE2\x84\xA2"},
    {"deg", "\xC2\xB0"}, {"plusmn", "\xC2\xB1"}, {"times", "\xC3\x97"},
    {"divide", "\xC3\xB7"}, {"sect", "\xC2\xA7"}, {"para", "\xC2\xB6"},
    {"Aacute", "\xC3\x81"}, {"aacute", "\xC3\xA1"}, {"Auml", "\xC3\x84"},
    {"auml", "\xC3\xA4"}, {"Eacute", "\xC3\x89"}, {"eacute", "\xC3\xA9"},
    {"Iacute", "\xC3\x8D"}, {"iacute", "\xC3\xAD"}, {"Oacute", "\xC3\x93"},
    {"oacute", "\xC3\xB3"}, {"Ouml", "\xC3\x96"}, {"ouml", "\xC3\xB6"},
    {"Uacute", "\xC3\x9A"}, {"uacute", "\xC3\xBA"}, {"Uuml", "\xC3\x9C"},
    {"uuml", "\xC3\xBC"}, {"szlig", "\xC3\x9F"}, {"Ccedil", "\xC3\x87"},
    {"ccedil", "\xC3\xA7"}, {"Agrave", "\xC3\x80"}, {"agrave", "\xC3\xA0"},
    {"Egrave", "\xC3\x88"}, {"egrave", "\xC3\xA8"},
    {"Aogon", "\xC4\x84"}, {"aogon", "\xC4\x85"}, {"Cacute", "\xC4\x86"},
    {"cacute", "\xC4\x87"}, {"Ccaron", "\xC4\x8C"}, {"ccaron", "\xC4\x8D"},
    {"Dstrok", "\xC4\x90"}, {"dstrok", "\xC4\x91"}, {"Eogon", "\xC4\x98"},
    {"eogon", "\xC4\x99"}, {"Lstrok", "\xC5\x81"}, {"lstrok", "\xC5\x82"},
    {"Nacute", "\xC5\x83"}, {"nacute", "\xC5\x84"}, {"Sacute", "\xC5\x9A"},
    {"sacute", "\xC5\x9B"}, {"Scaron", "\xC5\xA0"}, {"scaron", "\xC5\xA1"},
    {"Zacute", "\xC5\xB9"}, {"zacute", "\xC5\xBA"}, {"Zdot", "\xC5\xBB"},
    {"zdot", "\xC5\xBC"}, {"Zcaron", "\xC5\xBD"}, {"zcaron", "\xC5\xBE"},
};

static const char *const block_tags[] = {
    "address", "article", "blockquote", "dd", "div", "dl", "dt", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol",
    "p", "pre", "section", "table", "tr", "ul", NULL
};

static const char *const skip_tags[] = {
    "head", "script", "style", "title", "template", "xml", NULL
};

static const char *const quote_markers[] = {
    "gmail_quote", "yahoo_quoted", "protonmail_quote", "divRplyFwdMsg",
    "OLK_SRC_BODY_SECTION", NULL
};

/* in_list - whether name is in a NULL-terminated list (ASCII caseless) */
static gboolean in_list(const char *name, const char *const *list)
{
    for (; *list != NULL; list++)
        if (g_ascii_strcasecmp(name, *list) == 0)
            return TRUE;
    return FALSE;
}

/* at_line_start - whether the output ends a line (or is empty) */
static gboolean at_line_start(const HtmlWriter *w)
{
    return w->out->len == 0 || w->out->str[w->out->len - 1] == '\n';
}

/* put_prefix - the "> " quote marks at the start of a line */
static void put_prefix(HtmlWriter *w)
{
    if (at_line_start(w))
        for (guint i = 0; i < w->quotes; i++)
            g_string_append(w->out, "> ");
}

/* put_text - append decoded text, folding white space */
static void put_text(HtmlWriter *w, const char *s, gsize n)
{
    for (gsize i = 0; i < n; i++) {
        char c = s[i];

        if (!w->pre && (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
                        c == '\f')) {
            w->pending_space = TRUE;
            continue;
        }
        if (w->pre && c == '\n') {
            g_string_append_c(w->out, '\n');
            w->pending_space = FALSE;
            continue;
        }
        if (w->pending_space && !at_line_start(w))
            g_string_append_c(w->out, ' ');
        w->pending_space = FALSE;
        put_prefix(w);
        g_string_append_c(w->out, c);
    }
}

/* break_lines - end the current line and make sure n line ends stand there */
static void break_lines(HtmlWriter *w, int n)
{
    int have = 0;

    w->pending_space = FALSE;
    if (w->out->len == 0)
        return;
    for (gsize i = w->out->len; i > 0 && w->out->str[i - 1] == '\n'; i--)
        have++;
    for (; have < n; have++)
        g_string_append_c(w->out, '\n');
}

/* put_entity - decode the entity at s (after '&'); returns bytes consumed */
static gsize put_entity(HtmlWriter *w, const char *s, gsize n)
{
    gsize i = 0;
    char name[16];

    if (n > 1 && s[0] == '#') {
        gunichar c = 0;
        gboolean hex = (s[1] == 'x' || s[1] == 'X');
        gsize digits = 0;

        for (i = hex ? 2 : 1; i < n && digits < 8; i++, digits++) {
            int v = hex ? g_ascii_xdigit_value(s[i]) : g_ascii_digit_value(s[i]);

            if (v < 0)
                break;
            c = c * (hex ? 16 : 10) + (gunichar) v;
        }
        if (digits == 0)
            return 0;
        if (i < n && s[i] == ';')
            i++;
        if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            c = 0xFFFD;
        char buf[6];
        int len = g_unichar_to_utf8(c, buf);

        put_text(w, buf, (gsize) len);
        return i;
    }
    for (i = 0; i < n && i < sizeof name - 1 && g_ascii_isalnum(s[i]); i++)
        name[i] = s[i];
    name[i] = '\0';
    if (i == 0)
        return 0;
    for (gsize e = 0; e < G_N_ELEMENTS(entities); e++) {
        if (strcmp(name, entities[e].name) == 0) {
            const char *u = entities[e].utf8;

            /* a no-break space is still a space for folding purposes */
            if (strcmp(name, "nbsp") == 0)
                put_text(w, " ", 1);
            else
                put_text(w, u, strlen(u));
            return (i < n && s[i] == ';') ? i + 1 : i;
        }
    }
    return 0;
}

/* attr_value - copy of the value of attribute attr in a tag's text; caller frees */
static char *attr_value(const char *tag, gsize n, const char *attr)
{
    gsize alen = strlen(attr);

    for (gsize i = 0; i + alen < n; i++) {
        if ((i == 0 || g_ascii_isspace(tag[i - 1])) &&
            g_ascii_strncasecmp(tag + i, attr, alen) == 0) {
            gsize j = i + alen;

            while (j < n && g_ascii_isspace(tag[j]))
                j++;
            if (j >= n || tag[j] != '=')
                continue;
            j++;
            while (j < n && g_ascii_isspace(tag[j]))
                j++;
            if (j < n && (tag[j] == '"' || tag[j] == '\'')) {
                char q = tag[j++];
                gsize k = j;

                while (k < n && tag[k] != q)
                    k++;
                return g_strndup(tag + j, k - j);
            }
            gsize k = j;

            while (k < n && !g_ascii_isspace(tag[k]) && tag[k] != '>')
                k++;
            return g_strndup(tag + j, k - j);
        }
    }
    return NULL;
}

/* is_quote_container - whether an opening tag starts a quote */
static gboolean is_quote_container(const char *name, const char *tag, gsize n)
{
    g_autofree char *cls = NULL;
    g_autofree char *id = NULL;

    if (g_ascii_strcasecmp(name, "blockquote") == 0)
        return TRUE;
    cls = attr_value(tag, n, "class");
    id = attr_value(tag, n, "id");
    for (const char *const *m = quote_markers; *m != NULL; m++)
        if ((cls && strstr(cls, *m)) || (id && strstr(id, *m)))
            return TRUE;
    return FALSE;
}

/* open_container - track an opened div/blockquote-like element */
static void open_container(HtmlWriter *w, gboolean quote)
{
    if (w->depth >= MAX_STACK) {
        w->overflow++;
        return;
    }
    w->stack[w->depth++] = quote ? 1 : 0;
    if (quote)
        w->quotes++;
}

/* close_container - the matching close of open_container */
static void close_container(HtmlWriter *w)
{
    if (w->overflow > 0) {
        w->overflow--;
        return;
    }
    if (w->depth == 0)
        return;
    if (w->stack[--w->depth])
        w->quotes--;
}

/* is_container - elements whose opening and closing are tracked */
static gboolean is_container(const char *name)
{
    return g_ascii_strcasecmp(name, "div") == 0 ||
        g_ascii_strcasecmp(name, "blockquote") == 0 ||
        g_ascii_strcasecmp(name, "section") == 0 ||
        g_ascii_strcasecmp(name, "article") == 0;
}

/* skip_past - index just past the first occurrence of needle at or after i */
static gsize skip_past(const char *s, gsize n, gsize i, const char *needle)
{
    gsize nl = strlen(needle);

    for (; i + nl <= n; i++)
        if (g_ascii_strncasecmp(s + i, needle, nl) == 0)
            return i + nl;
    return n;
}

/* handle_tag - act on the tag in s[0, n) (without '<' and '>'); returns skip end */
static gsize handle_tag(HtmlWriter *w, const char *html, gsize len,
                        gsize after, const char *s, gsize n)
{
    gboolean closing = (n > 0 && s[0] == '/');
    gsize i = closing ? 1 : 0;
    char name[16];
    gsize k = 0;

    while (i < n && k < sizeof name - 1 &&
           (g_ascii_isalnum(s[i]) || s[i] == ':'))
        name[k++] = s[i++];
    name[k] = '\0';
    if (k == 0)
        return after;

    if (!closing && in_list(name, skip_tags)) {
        g_autofree char *close = g_strconcat("</", name, NULL);
        gsize end = skip_past(html, len, after, close);

        return skip_past(html, len, end, ">");
    }
    if (g_ascii_strcasecmp(name, "br") == 0) {
        put_prefix(w);
        g_string_append_c(w->out, '\n');
        w->pending_space = FALSE;
        return after;
    }
    if (g_ascii_strcasecmp(name, "img") == 0 && !closing) {
        g_autofree char *src = attr_value(s, n, "src");

        if (src && g_ascii_strncasecmp(src, "data:image", 10) == 0)
            w->data_images++;
        return after;
    }
    if (g_ascii_strcasecmp(name, "pre") == 0)
        w->pre = !closing;
    if (g_ascii_strcasecmp(name, "td") == 0 ||
        g_ascii_strcasecmp(name, "th") == 0) {
        w->pending_space = TRUE;
        return after;
    }
    if (in_list(name, block_tags)) {
        gboolean paragraph = g_ascii_strcasecmp(name, "p") == 0;

        if (closing) {
            break_lines(w, paragraph ? 2 : 1);
            if (is_container(name))
                close_container(w);
        } else {
            break_lines(w, 1);
            if (is_container(name))
                open_container(w, is_quote_container(name, s, n));
        }
    }
    return after;
}

/*
 * rg_html_to_text - plain text of an HTML document; caller frees
 *
 * html need not be NUL-terminated.  data_images (may be NULL) receives
 * the number of <img src="data:image/..."> seen.
 */
char *rg_html_to_text(const char *html, gsize len, gsize *out_len,
                      guint *data_images)
{
    HtmlWriter w = {.out = g_string_sized_new(len / 2 + 16)};
    gsize i = 0;

    while (i < len) {
        char c = html[i];

        if (c == '<' && i + 1 < len &&
            (g_ascii_isalpha(html[i + 1]) || html[i + 1] == '/' ||
             html[i + 1] == '!' || html[i + 1] == '?')) {
            if (i + 3 < len && strncmp(html + i, "<!--", 4) == 0) {
                i = skip_past(html, len, i + 4, "-->");
                continue;
            }
            gsize j = i + 1;
            char quote = 0;

            while (j < len && (quote || html[j] != '>')) {
                if (quote && html[j] == quote)
                    quote = 0;
                else if (!quote && (html[j] == '"' || html[j] == '\''))
                    quote = html[j];
                j++;
            }
            gsize after = j < len ? j + 1 : len;

            if (html[i + 1] == '!' || html[i + 1] == '?')
                i = after;
            else
                i = handle_tag(&w, html, len, after, html + i + 1,
                               j - (i + 1));
            continue;
        }
        if (c == '&') {
            gsize used = put_entity(&w, html + i + 1, len - i - 1);

            if (used > 0) {
                i += used + 1;
                continue;
            }
        }
        put_text(&w, &c, 1);
        i++;
    }
    if (data_images != NULL)
        *data_images = w.data_images;
    *out_len = w.out->len;
    return g_string_free(w.out, FALSE);
}
