/*
 * test_reply.c - new text / signature / quoted original, for pl, hr and en forms
 */
#include <string.h>

#include "rg_reply.h"
#include "rg_test_util.h"

static RgPolicySet *policies;
static RgMatcher *matcher;

static int setup(void **state)
{
    (void) state;
    policies = rg_policy_set_load(RG_TEST_POLICY_DIR, NULL, 0, NULL);
    matcher = rg_matcher_new(policies->max_captures, 0, 0, NULL);
    return policies ? 0 : -1;
}

static int teardown(void **state)
{
    (void) state;
    rg_matcher_free(matcher);
    rg_policy_set_free(policies);
    return 0;
}

typedef struct {
    const char *name;
    const char *body;
    const char *new_text;       /* exact new text */
    const char *signature;      /* exact signature block, "" for none */
    const char *quoted_has;     /* substring of the quoted original, or NULL */
} SplitCase;

static const SplitCase cases[] = {
    {"en gmail attribution",
     "Hi,\n\nI'm sorry.\n\nBest regards,\nEmma Clarke\n\n"
     "On Tue, 3 Nov 2026 at 10:12, John <j@x.example> wrote:\n> WE ARE ANGRY\n",
     "Hi,\n\nI'm sorry.\n\n", "Best regards,\nEmma Clarke\n", "WE ARE ANGRY"},
    {"en gmail attribution wrapped on two lines",
     "Text.\n\nRegards,\nAnn Lee\n\nOn Tue, 3 Nov 2026 at 10:12, John Smith <\n"
     "john.smith@mail.example> wrote:\n> old\n",
     "Text.\n\n", "Regards,\nAnn Lee\n", "john.smith@mail.example> wrote:"},
    {"pl w dniu napisał(a)",
     "Tekst.\n\nPozdrawiam\nJan Nowak\n\nW dniu 3.11.2026 o 10:12 Ewa Nowak "
     "<e@x.example> napisał(a):\n> stary tekst\n",
     "Tekst.\n\n", "Pozdrawiam\nJan Nowak\n", "stary tekst"},
    {"pl dnia pisze, no address",
     "Tekst.\n\nZ poważaniem\nJan Nowak\n\nDnia 2 listopada 2026 20:15 Ewa "
     "napisała:\nbez cytowania\n",
     "Tekst.\n\n", "Z poważaniem\nJan Nowak\n", "bez cytowania"},
    {"hr dana je napisala",
     "Tekst.\n\nSrdačan pozdrav,\nAna Horvat\n\nDana 3. 11. 2026. u 10:12 Ivana "
     "<i@x.example> je napisala:\n> PRITUŽBA\n",
     "Tekst.\n\n", "Srdačan pozdrav,\nAna Horvat\n", "PRITUŽBA"},
    {"hr gmail napisao je",
     "Tekst.\n\nLijep pozdrav,\nAna Horvat\n\nuto, 6. lip 2023. u 09:10 Ivan "
     "Horvat <ivan@x.example> napisao je:\n> stari\n",
     "Tekst.\n\n", "Lijep pozdrav,\nAna Horvat\n", "stari"},
    {"en outlook header block",
     "Text.\n\nKind regards,\nAnn Lee\n\nFrom: John <j@x.example>\n"
     "Sent: Monday, November 2, 2026 8:14 PM\nTo: Shop\nSubject: x\n\nold\n",
     "Text.\n\n", "Kind regards,\nAnn Lee\n", "Sent: Monday"},
    {"pl outlook header block after separator",
     "Tekst.\n\nPozdrawiam\nJan Nowak\n\n-----Wiadomość oryginalna-----\n"
     "Od: Ewa <e@x.example>\nWysłano: poniedziałek\nDo: BOK\nTemat: x\n\nstary\n",
     "Tekst.\n\n", "Pozdrawiam\nJan Nowak\n", "Wiadomość oryginalna"},
    {"hr outlook header block without separator",
     "Tekst.\n\nS poštovanjem,\nAna Horvat\n\nŠalje: Ivan <i@x.example>\n"
     "Poslano: ponedjeljak, 2. studenoga 2026. 21:05\nPrima: Podrška\n\nstari\n",
     "Tekst.\n\n", "S poštovanjem,\nAna Horvat\n", "Poslano:"},
    {"a From: line without Sent: is new text",
     "From: the moment I saw it, I knew.\nThanks.\n",
     "From: the moment I saw it, I knew.\n", "Thanks.\n", NULL},
    {"nested > > quotes removed, interleaved answers kept",
     "> > very old\n> old question?\nMy answer.\n> second question?\nSecond answer.\n",
     "My answer.\nSecond answer.\n", "", "very old"},
    {"-- delimiter without a sign-off",
     "Tekst.\n\n-- \nMarina Tomić\nVoditeljica\n", "Tekst.\n\n",
     "--\nMarina Tomić\nVoditeljica\n", NULL},
    {"sign-off just above the delimiter joins the block",
     "Text.\n\nRegards,\n-- \nAnn Lee\n", "Text.\n\n", "Regards,\n--\nAnn Lee\n",
     NULL},
    {"no sign-off: a final paragraph opening with a name",
     "Text here.\n\nAnn Lee\nSupport Specialist\n+44 20 7946 0000\n",
     "Text here.\n\n", "Ann Lee\nSupport Specialist\n+44 20 7946 0000\n", NULL},
    {"no signature at all",
     "I checked it.\nIt will arrive tomorrow.\n\n> q\n",
     "I checked it.\nIt will arrive tomorrow.\n", "", "q"},
    {"a thank-you line far from the end is not a sign-off",
     "Thank you!\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n",
     "Thank you!\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n", "",
     NULL},
    {"drawn separator before an Outlook block is dropped",
     "Text.\n\nRegards,\nAnn Lee\n________________________________\n"
     "From: J <j@x.example>\nSent: today\n\nold\n",
     "Text.\n\n", "Regards,\nAnn Lee\n", "old"},
};

static void reply_splits_every_form(void **state)
{
    (void) state;
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        const SplitCase *c = &cases[i];
        GError *error = NULL;
        g_autoptr(RgReply) r = rg_reply_split(c->body, strlen(c->body), policies,
                                              matcher, &error);
        g_autofree char *new_text = NULL;

        if (r == NULL)
            fail_msg("%s: %s", c->name, error->message);
        new_text = g_strndup(r->agent, r->new_len);
        if (strcmp(new_text, c->new_text) != 0)
            fail_msg("%s: new text [%s]", c->name, new_text);
        if (strcmp(r->agent + r->new_len, c->signature) != 0)
            fail_msg("%s: signature [%s]", c->name, r->agent + r->new_len);
        if (c->quoted_has && strstr(r->quoted, c->quoted_has) == NULL)
            fail_msg("%s: quoted [%s]", c->name, r->quoted);
        if (c->quoted_has == NULL && strcmp(c->name, "no signature at all") &&
            r->quoted_len > 0 && strstr(c->body, "> ") == NULL)
            fail_msg("%s: unexpected quote [%s]", c->name, r->quoted);
    }
}

static void reply_name_lines(void **state)
{
    (void) state;
    static const struct {
        const char *line;
        int words;
    } names[] = {
        {"Katarzyna Wójcik", 2}, {"Željka Šimić", 2}, {"Anna Kowalska-Nowak", 2},
        {"Mary J. Blige", 2}, {"Emma", 1}, {"Customer Support Team", 0},
        {"Zespół Obsługi Klienta", 0}, {"Jadran Telekom d.o.o.", 0},
        {"Konsultant Techniczny", 0}, {"tel. 22 345 67 80", 0},
        {"dziękuję za wiadomość", 0}, {"JAN KOWALSKI", 0}, {"", 0},
        {"One Two Three Four Five", 0},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        int n = rg_reply_name_words(names[i].line, strlen(names[i].line),
                                    policies, matcher, NULL);

        if (n != names[i].words)
            fail_msg("\"%s\": %d words, want %d", names[i].line, n,
                     names[i].words);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reply_splits_every_form),
        cmocka_unit_test(reply_name_lines),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
