/*
 * test_family.c - phrase families: the expansion of {=NAME}, {~N} and
 * diacritic folding (rg_family.c), and every family and hedge word of the
 * shipped policies, in each language, written with and without diacritics
 */
#include <string.h>

#include "rg_family.h"
#include "rg_pattern.h"
#include "rg_test_util.h"

/* expand - text of a pattern expanded by a family; fails on error */
static char *expand(const RgFamily *f, const char *pattern)
{
    GError *error = NULL;
    char *out = rg_family_expand(f, pattern, "t.policy:1", &error);

    if (out == NULL)
        fail_msg("expand %s: %s", pattern, error->message);
    return out;
}

/* matches - whether an expanded pattern matches text (caseless) */
static gboolean matches(const char *pattern, const char *text)
{
    g_autoptr(RgPatternSet) set = rg_pattern_set_new();
    g_autoptr(RgMatcher) m = rg_matcher_new(8, 0, 0, NULL);
    GError *error = NULL;
    RgMatch match;

    if (!rg_pattern_set_add(set, "p", pattern, "t", &error) ||
        !rg_pattern_set_build(set, 0, &error))
        fail_msg("compile %s: %s", pattern, error->message);
    return rg_pattern_set_search(set, m, text, strlen(text), 0, &match,
                                 NULL) == 1;
}

static void family_words_expand_and_nest(void **state)
{
    (void) state;
    g_autoptr(RgFamily) f = rg_family_new();
    g_autofree char *out = NULL;

    assert_true(rg_family_add_word(f, "courier", "couriers?|carriers?", "t", NULL));
    assert_true(rg_family_add_word(f, "third", "{=courier}|suppliers?", "t", NULL));
    out = expand(f, "\\bthe\\s+{=third}\\s+failed\\b");
    assert_string_equal(out, "\\bthe\\s+(?:(?:couriers?|carriers?)|suppliers?)\\s+failed\\b");
    assert_true(matches(out, "I think the carrier failed us"));
    assert_true(matches(out, "the suppliers failed"));
    assert_false(matches(out, "the warehouse failed"));
}

static void family_gap_takes_a_few_words_within_a_sentence(void **state)
{
    (void) state;
    g_autoptr(RgFamily) f = rg_family_new();
    g_autofree char *out = expand(f, "\\bi\\s+am\\s+{~2}sorry\\b");

    assert_true(matches(out, "I am sorry"));
    assert_true(matches(out, "I am truly sorry"));
    assert_true(matches(out, "I am really, truly sorry"));
    assert_false(matches(out, "I am not at all sorry"));
    assert_false(matches(out, "I am here. Sorry"));
}

static void family_fold_matches_text_typed_without_diacritics(void **state)
{
    (void) state;
    g_autoptr(RgFamily) f = rg_family_new();
    g_autofree char *out = NULL;
    g_autofree char *cls = NULL;

    assert_true(rg_family_set_fold(f, "ą=a ż=z ł=l đ=dj|d", "t", NULL));
    out = expand(f, "\\bżal\\w*|\\bprzepraszał");
    assert_string_equal(out, "\\b[żz]al\\w*|\\bprzeprasza[łl]");
    assert_true(matches(out, "Zal mi"));
    assert_true(matches(out, "żal mi"));
    assert_true(matches(out, "przepraszal"));
    cls = expand(f, "\\b[ąę]x\\b|\\bđak\\b");
    assert_string_equal(cls, "\\b[ąaę]x\\b|\\b(?:đ|dj|d)ak\\b");
    assert_true(matches(cls, "djak"));
    assert_true(matches(cls, "dak"));
    assert_true(matches(cls, "ax"));
}

static void family_leaves_escapes_and_quoted_text_alone(void **state)
{
    (void) state;
    g_autoptr(RgFamily) f = rg_family_new();
    g_autofree char *out = NULL;

    assert_true(rg_family_set_fold(f, "ł=l", "t", NULL));
    out = expand(f, "\\p{L}{2,3}\\Qł{=x}\\E\\{~1}");
    assert_string_equal(out, "\\p{L}{2,3}\\Qł{=x}\\E\\{~1}");
}

static void family_errors_name_the_place(void **state)
{
    (void) state;
    g_autoptr(RgFamily) f = rg_family_new();
    static const struct {
        const char *pattern;
        const char *expect;
    } cases[] = {
        {"{=nosuch}", "no family \"nosuch\""},
        {"{~99}", "bad gap"},
        {"{=bad name}", "bad family reference"},
        {"{=loop}", "nested deeper"},
    };

    assert_true(rg_family_add_word(f, "loop", "x{=loop}", "t", NULL));
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        GError *error = NULL;

        assert_null(rg_family_expand(f, cases[i].pattern, "t.policy:7", &error));
        assert_non_null(strstr(error->message, "t.policy:7"));
        if (strstr(error->message, cases[i].expect) == NULL)
            fail_msg("%s: \"%s\" lacks \"%s\"", cases[i].pattern,
                     error->message, cases[i].expect);
        g_error_free(error);
    }
    assert_false(rg_family_set_fold(f, "ł", "t", NULL));
    assert_false(rg_family_set_fold(f, "ł=ł", "t", NULL));
}

/* ---- the shipped policies ------------------------------------------- */

#define SIG_EN "\n\nBest regards,\nAnn Lee\nSupport Specialist\nPhone: +44 20 7946 0000\n"
#define SIG_PL "\n\nPozdrawiam\nJan Nowak\nKonsultant\ntel. 22 123 45 67\n"
#define SIG_HR "\n\nLijep pozdrav,\nAna Horvat\nSavjetnica\nTel: +385 1 4800 200\n"
#define PL "Dzień dobry, dziękuję za wiadomość. Przepraszam za kłopot. "
#define PL_PLAIN "Dzien dobry, dziekuje za wiadomosc. Przepraszam za klopot. "
#define HR "Poštovani, hvala na poruci. Ispričavam se zbog neugodnosti. "
#define HR_PLAIN "Postovani, hvala na poruci. Ispricavam se zbog neugodnosti. "
#define EN "Dear Ms Lee, thank you for your message. I am sorry for the trouble. "

typedef struct {
    const char *name;
    const char *body;
    const char *rule;
    gboolean fires;
} PhraseCase;

static const PhraseCase phrases[] = {
    /* hedges: "if" and "but" words attached to the apology, each language */
    {"pl jeśli", "Dziękuję. Przepraszam, jeśli coś było niejasne." SIG_PL, "apology.conditional", TRUE},
    {"pl jesli", "Dziekuje. Przepraszam, jesli cos bylo niejasne." SIG_PL, "apology.conditional", TRUE},
    {"pl jeżeli", "Dziękuję. Przykro mi, jeżeli poczuła się Pani urażona." SIG_PL, "apology.conditional", TRUE},
    {"pl jezeli", "Dziekuje. Przykro mi, jezeli poczula sie Pani urazona." SIG_PL, "apology.conditional", TRUE},
    {"pl ale", "Dziękuję. Przykro mi, ale nie mogę zwrócić opłaty." SIG_PL, "apology.conditional", TRUE},
    {"pl jednak", "Dziękuję. Przepraszam, jednak zwrot nie jest możliwy." SIG_PL, "apology.conditional", TRUE},
    {"pl lecz", "Dziękuję. Przepraszam za zwłokę, lecz decyzja jest ostateczna." SIG_PL, "apology.conditional", TRUE},
    {"pl lecz plain", "Dziekuje. Przepraszam za zwloke, lecz nie moge nic zrobic." SIG_PL, "apology.conditional", TRUE},
    {"pl ale in another sentence", "Dziękuję. Przepraszam za zwłokę. Paczka była gotowa, ale kurier jej nie odebrał." SIG_PL, "apology.conditional", FALSE},
    {"hr ako", "Hvala. Ispričavam se ako je došlo do zabune." SIG_HR, "apology.conditional", TRUE},
    {"hr ako plain", "Hvala. Ispricavam se ako je doslo do zabune." SIG_HR, "apology.conditional", TRUE},
    {"hr ukoliko", "Hvala. Žao mi je ukoliko ste se osjećali zanemareno." SIG_HR, "apology.conditional", TRUE},
    {"hr ukoliko plain", "Hvala. Zao mi je ukoliko ste se osjecali zanemareno." SIG_HR, "apology.conditional", TRUE},
    {"hr ali", "Hvala. Žao mi je, ali povrat nije moguć." SIG_HR, "apology.conditional", TRUE},
    {"hr no", "Hvala. Ispričavam se, no ne mogu promijeniti termin." SIG_HR, "apology.conditional", TRUE},
    {"hr međutim", "Hvala. Ispričavam se zbog čekanja, međutim naknada ostaje." SIG_HR, "apology.conditional", TRUE},
    {"hr medjutim plain", "Hvala. Ispricavam se zbog cekanja, medjutim naknada ostaje." SIG_HR, "apology.conditional", TRUE},
    {"hr ali in another sentence", "Hvala. Ispričavam se zbog kašnjenja. Paket je stigao, ali kasnije." SIG_HR, "apology.conditional", FALSE},
    {"en if", "Thank you. I'm sorry if my reply was unclear." SIG_EN, "apology.conditional", TRUE},
    {"en apologies if", "Thank you. Apologies if that caused any confusion." SIG_EN, "apology.conditional", TRUE},
    {"en but", "Thank you. I'm sorry, but I cannot refund it." SIG_EN, "apology.conditional", TRUE},
    {"en however", "Thank you. I apologise for the wait; however, the fee stands." SIG_EN, "apology.conditional", TRUE},
    {"en sorry you feel", "Thank you. I'm sorry you feel that way about the fee." SIG_EN, "apology.conditional", TRUE},
    {"en but in another sentence", "Thank you. I'm sorry for the wait. The parcel was ready, but the van broke down." SIG_EN, "apology.conditional", FALSE},
    /* apologies: word order, inserted words, nouns, plain spelling */
    {"pl bardzo Panią przepraszam", "Dziękuję. Bardzo Panią przepraszam za pomyłkę." SIG_PL, "apology.missing", FALSE},
    {"pl jest mi naprawdę przykro", "Dziękuję. Jest mi naprawdę przykro z powodu opóźnienia." SIG_PL, "apology.missing", FALSE},
    {"pl moje przeprosiny", "Dziękuję. Proszę przyjąć moje przeprosiny za zwłokę." SIG_PL, "apology.missing", FALSE},
    {"pl przykro plain", "Dziekuje. Jest mi naprawde przykro z powodu opoznienia." SIG_PL, "apology.missing", FALSE},
    {"pl niestety is no apology", "Dziękuję. Niestety paczka jeszcze nie dotarła." SIG_PL, "apology.missing", TRUE},
    {"hr iskreno mi je žao", "Hvala. Iskreno mi je žao zbog kašnjenja." SIG_HR, "apology.missing", FALSE},
    {"hr prihvatite moju ispriku", "Hvala. Molim Vas da prihvatite moju ispriku." SIG_HR, "apology.missing", FALSE},
    {"hr zao mi je plain", "Hvala. Jako mi je zao zbog kasnjenja." SIG_HR, "apology.missing", FALSE},
    {"hr nažalost is no apology", "Hvala. Nažalost, paket još nije stigao." SIG_HR, "apology.missing", TRUE},
    {"en directors have the final say", EN "The regional directors have the final say on goodwill refunds." SIG_EN, "deflect.management", TRUE},
    {"en my hands are tied", EN "I would like to help, but my hands are tied here." SIG_EN, "deflect.management", TRUE},
    {"hr u članku ugovora stoji", HR "U članku 9. ugovora stoji da se priključak plaća unaprijed." SIG_HR, "deflect.contract", TRUE},
    {"hr u clanku ugovora plain", HR_PLAIN "U clanku 9. ugovora stoji da se prikljucak placa unaprijed." SIG_HR, "deflect.contract", TRUE},
    {"hr nije poštovao dogovorene is active", HR "Dostavljač nije poštovao dogovorene termine, a ja sam to provjerila." SIG_HR, "voice.impersonal", FALSE},
    {"hr nije bio odobren is impersonal", HR "Vaš zahtjev nije bio odobren zbog nepotpune dokumentacije." SIG_HR, "voice.impersonal", TRUE},
    {"en and sorry for", "Thank you, the refund is on its way and sorry for the wait." SIG_EN, "apology.missing", FALSE},
    {"en please accept my apologies", "Thank you. Please accept my apologies for the delay." SIG_EN, "apology.missing", FALSE},
    {"en I do apologise", "Thank you. I do apologise for the wait." SIG_EN, "apology.missing", FALSE},
    {"en unfortunately is no apology", "Thank you. Unfortunately the parcel has not arrived." SIG_EN, "apology.missing", TRUE},
    /* deflect.third-party: someone else + blame, inflected, either order */
    {"pl z winy firmy kurierskiej", PL "Opóźnienie powstało z winy firmy kurierskiej." SIG_PL, "deflect.third-party", TRUE},
    {"pl wina dostawcy plain", PL_PLAIN "Opoznienie to wina naszego dostawcy papieru." SIG_PL, "deflect.third-party", TRUE},
    {"pl producent zawinił", PL "Producent zawinił: nie dostarczył części na czas." SIG_PL, "deflect.third-party", TRUE},
    {"pl po stronie przewoźnika", PL "Błąd leży po stronie przewoźnika." SIG_PL, "deflect.third-party", TRUE},
    {"pl courier only delivers", PL "Kurier dostarczy paczkę jutro do południa." SIG_PL, "deflect.third-party", FALSE},
    {"hr kriva kurirska služba", HR "Za kašnjenje je kriva kurirska služba." SIG_HR, "deflect.third-party", TRUE},
    {"hr kriva plain", HR_PLAIN "Za kasnjenje je kriva kurirska sluzba." SIG_HR, "deflect.third-party", TRUE},
    {"hr dobavljač nas je iznevjerio", HR "Naš dobavljač nas je iznevjerio." SIG_HR, "deflect.third-party", TRUE},
    {"hr odgovoran je podizvođač", HR "Za to je odgovoran isključivo podizvođač." SIG_HR, "deflect.third-party", TRUE},
    {"hr courier only delivers", HR "Kurir će Vam paket dostaviti sutra." SIG_HR, "deflect.third-party", FALSE},
    {"en the carrier's fault", EN "It was the carrier's fault that the box was left outside." SIG_EN, "deflect.third-party", TRUE},
    {"en partner dropped the ball", EN "Our logistics partner dropped the ball on this one." SIG_EN, "deflect.third-party", TRUE},
    {"en on them", EN "The warehouse packed the wrong lamp, so this one is on them." SIG_EN, "deflect.third-party", TRUE},
    {"en courier only delivers", EN "The courier will bring the new parcel on Friday." SIG_EN, "deflect.third-party", FALSE},
    /* deflect.contract: a citing phrase + the terms, or the terms as subject */
    {"pl zgodnie z regulaminem", PL "Zgodnie z § 9 ust. 3 Regulaminu zwrot nie przysługuje." SIG_PL, "deflect.contract", TRUE},
    {"pl OWU", PL "Zgodnie z pkt 7.3 OWU abonament należy się za cały okres." SIG_PL, "deflect.contract", TRUE},
    {"pl umowa przewiduje plain", PL_PLAIN "Umowa kredytowa przewiduje prowizje za wczesniejsza splate." SIG_PL, "deflect.contract", TRUE},
    {"pl zgodnie z prośbą is no contract", PL "Zgodnie z Pani prośbą anulowałem zamówienie." SIG_PL, "deflect.contract", FALSE},
    {"hr prema općim uvjetima", HR "Prema Općim uvjetima poslovanja povrat nije moguć." SIG_HR, "deflect.contract", TRUE},
    {"hr sukladno pravilniku plain", HR_PLAIN "Sukladno clanku 9. Pravilnika naknadu ne mogu vratiti." SIG_HR, "deflect.contract", TRUE},
    {"hr prema zahtjevu is no contract", HR "Prema Vašem zahtjevu otkazala sam narudžbu." SIG_HR, "deflect.contract", FALSE},
    {"en under the terms", EN "Under the terms and conditions you accepted, the fee applies." SIG_EN, "deflect.contract", TRUE},
    {"en per clause", EN "Per clause 7.2 of the T&Cs, the membership fee stays." SIG_EN, "deflect.contract", TRUE},
    {"en as you requested is no contract", EN "As you requested, I have cancelled the order." SIG_EN, "deflect.contract", FALSE},
    /* deflect.management */
    {"pl centrala ustala", PL "Wysokość rabatów ustala centrala i nie ja o tym decyduję." SIG_PL, "deflect.management", TRUE},
    {"pl przełożeni plain", PL_PLAIN "Moi przelozeni nie zgodzili sie na zwrot kaucji." SIG_PL, "deflect.management", TRUE},
    {"pl nie zależy ode mnie", PL "To nie zależy ode mnie." SIG_PL, "deflect.management", TRUE},
    {"pl kierownik pomógł", PL "Rozmawiałem z kierownikiem, który zgodził się zwrócić koszt." SIG_PL, "deflect.management", FALSE},
    {"hr odluka uprave", HR "To je odluka uprave i ne mogu je promijeniti." SIG_HR, "deflect.management", TRUE},
    {"hr odlučuje sjedište plain", HR_PLAIN "O povratu odlucuje iskljucivo nase sjediste." SIG_HR, "deflect.management", TRUE},
    {"hr ne ovisi o meni", HR "To jednostavno ne ovisi o meni." SIG_HR, "deflect.management", TRUE},
    {"en head office decided", EN "Head office has decided not to refund these fees." SIG_EN, "deflect.management", TRUE},
    {"en out of my hands", EN "I understand, but it's out of my hands." SIG_EN, "deflect.management", TRUE},
    {"en supervisor helped", EN "My supervisor agreed that you should get the money back." SIG_EN, "deflect.management", FALSE},
    /* deflect.website */
    {"pl znajdzie Pani na stronie", PL "Wszystkie informacje znajdzie Pani na naszej stronie internetowej." SIG_PL, "deflect.website", TRUE},
    {"pl strona plain", PL_PLAIN "Wszystkie informacje znajdzie Pani na naszej stronie internetowej." SIG_PL, "deflect.website", TRUE},
    {"pl po naszej stronie is no website", PL "Błąd był po naszej stronie, więc zwróciłem opłatę." SIG_PL, "deflect.website", FALSE},
    {"pl link that supplements", PL "Uszczelkę wyślę jutro. Film z wymianą znajdzie Pani też na stronie serwis.example, gdyby wolała Pani zobaczyć." SIG_PL, "deflect.website", FALSE},
    {"hr mrežne stranice", HR "Sve informacije potražite na našim mrežnim stranicama." SIG_HR, "deflect.website", TRUE},
    {"hr web-stranica plain", HR_PLAIN "Sve odgovore pronaci cete na nasoj web-stranici." SIG_HR, "deflect.website", TRUE},
    {"en see our website", EN "Please see our website, where everything is explained." SIG_EN, "deflect.website", TRUE},
    {"en have a look there", EN "You will find everything in the FAQ on our website, so please have a look there." SIG_EN, "deflect.website", TRUE},
    {"en long side of the box", EN "The label is on the long side of the box." SIG_EN, "deflect.website", FALSE},
    /* voice.impersonal */
    {"pl ustalono", PL "Po analizie ustalono, że rachunek jest poprawny." SIG_PL, "voice.impersonal", TRUE},
    {"pl nie została uwzględniona plain", PL_PLAIN "Reklamacja nie zostala uwzgledniona." SIG_PL, "voice.impersonal", TRUE},
    {"pl active refusal", PL "Sprawdziłem nagranie i nie mogę zwrócić opłaty." SIG_PL, "voice.impersonal", FALSE},
    {"hr utvrđeno je", HR "Nakon provjere utvrđeno je da je uređaj oštećen." SIG_HR, "voice.impersonal", TRUE},
    {"hr odbijen plain", HR_PLAIN "Vas prigovor je odbijen." SIG_HR, "voice.impersonal", TRUE},
    {"hr active refusal", HR "Provjerila sam račun i ne mogu odobriti povrat." SIG_HR, "voice.impersonal", FALSE},
    {"en it has been decided", EN "It has been decided that the repair is not covered." SIG_EN, "voice.impersonal", TRUE},
    {"en cannot be accepted", EN "The return request cannot be accepted." SIG_EN, "voice.impersonal", TRUE},
    {"en active refusal", EN "I checked the photos and I can't accept the return." SIG_EN, "voice.impersonal", FALSE},
};

static void policies_read_each_family_and_hedge(void **state)
{
    (void) state;
    g_autoptr(RgEngine) e = rg_test_engine(NULL);
    int failures = 0;

    for (size_t i = 0; i < G_N_ELEMENTS(phrases); i++) {
        const PhraseCase *pc = &phrases[i];
        g_autoptr(RgResult) r = rg_test_scan(e, "Re: Order 300457", pc->body);

        if (rg_test_has(r, pc->rule) != pc->fires) {
            g_autofree char *rules = rg_test_rules(r);

            print_error("case \"%s\": %s %s (lang %s, rules %s)\n", pc->name,
                        pc->rule, pc->fires ? "did not fire" : "fired",
                        r->language, rules);
            failures++;
        }
    }
    assert_int_equal(failures, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(family_words_expand_and_nest),
        cmocka_unit_test(family_gap_takes_a_few_words_within_a_sentence),
        cmocka_unit_test(family_fold_matches_text_typed_without_diacritics),
        cmocka_unit_test(family_leaves_escapes_and_quoted_text_alone),
        cmocka_unit_test(family_errors_name_the_place),
        cmocka_unit_test(policies_read_each_family_and_hedge),
    };

    rg_engine_global_init();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
