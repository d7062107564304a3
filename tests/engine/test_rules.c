/*
 * test_rules.c - every rule of SPEC section 4, firing and not firing,
 * in each shipped language, on replies built for the case
 */
#include <string.h>

#include "rg_test_util.h"

#define SIG_EN "\n\nBest regards,\nAnn Lee\nSupport Specialist\nPhone: +44 20 7946 0000\n"
#define SIG_PL "\n\nPozdrawiam\nJan Nowak\nKonsultant\ntel. 22 123 45 67\n"
#define SIG_HR "\n\nLijep pozdrav,\nAna Horvat\nSavjetnica\nTel: +385 1 4800 200\n"

typedef struct {
    const char *name;
    const char *subject;
    const char *body;
    const char *rule;
    gboolean fires;
} RuleCase;

static const RuleCase cases[] = {
    /* apology.missing, with the natural variants of SPEC 4 */
    {"en no apology", "Re: Order 300457", "Thanks for your e-mail. I have refunded the fee." SIG_EN, "apology.missing", TRUE},
    {"en typographic truly sorry", "Re: Order 300457", "Thank you. I\xE2\x80\x99m truly sorry about the delay." SIG_EN, "apology.missing", FALSE},
    {"en my apologies", "Re: Order 300457", "Thank you, and my sincere apologies for the delay." SIG_EN, "apology.missing", FALSE},
    {"en we apologise counts", "Re: Order 300457", "Thank you. We do apologise for the delay." SIG_EN, "apology.missing", FALSE},
    {"pl naprawdę mi przykro", "Re: Zamówienie 12345", "Dziękuję. Naprawdę mi przykro z powodu opóźnienia." SIG_PL, "apology.missing", FALSE},
    {"pl przepraszamy counts", "Re: Zamówienie 12345", "Dziękuję. Przepraszamy za kłopot." SIG_PL, "apology.missing", FALSE},
    {"pl without diacritics", "Re: Zamówienie 12345", "Dziekuje, przykro mi z powodu opoznienia." SIG_PL, "apology.missing", FALSE},
    {"hr iskreno se ispričavam", "Re: Narudžba 12345", "Hvala. Iskreno se ispričavam zbog kašnjenja." SIG_HR, "apology.missing", FALSE},
    {"hr without diacritics", "Re: Narudžba 12345", "Hvala. Zao mi je zbog kasnjenja." SIG_HR, "apology.missing", FALSE},
    {"hr oprostite", "Re: Narudžba 12345", "Hvala Vam i oprostite na čekanju." SIG_HR, "apology.missing", FALSE},
    {"quoted apology does not count", "Re: Order 300457", "I have refunded it." SIG_EN "\nOn Tue, 3 Nov 2026 at 10:12, J <j@x.example> wrote:\n> I'm sorry to bother you\n", "apology.missing", TRUE},
    {"apology in the signature does not count", "Re: Order 300457", "I have refunded it.\n\nBest regards,\nAnn Lee\nSupport Specialist\nI'm sorry for typos, sent from my phone\nann@x.example\n", "apology.missing", TRUE},
    /* apology.conditional */
    {"en sorry if", "Re: Order 300457", "Thank you. I'm sorry if my e-mail was confusing." SIG_EN, "apology.conditional", TRUE},
    {"en hedged apology leaves apology missing", "Re: Order 300457", "Thank you. I'm sorry if my e-mail was confusing." SIG_EN, "apology.missing", TRUE},
    {"en apologise, but", "Re: Order 300457", "Thank you. I apologise for the delay, but the courier was late." SIG_EN, "apology.conditional", TRUE},
    {"pl przepraszam, jeśli", "Re: Zamówienie 12345", "Dziękuję. Przepraszam, jeśli wprowadziłem Pana w błąd." SIG_PL, "apology.conditional", TRUE},
    {"pl przykro mi, ale", "Re: Zamówienie 12345", "Dziękuję. Przykro mi, ale nie mogę przyjąć zwrotu." SIG_PL, "apology.conditional", TRUE},
    {"hr ispričavam se ako", "Re: Narudžba 12345", "Hvala. Ispričavam se ako je došlo do zabune." SIG_HR, "apology.conditional", TRUE},
    {"hr žao mi je, ali", "Re: Narudžba 12345", "Hvala. Žao mi je, ali ne mogu odobriti povrat." SIG_HR, "apology.conditional", TRUE},
    {"en if in the next sentence is fine", "Re: Order 300457", "Thank you. I'm sorry for the delay. If you need anything, reply here." SIG_EN, "apology.conditional", FALSE},
    /* signature.missing / signature.incomplete */
    {"no signature", "Re: Order 300457", "Thank you, I'm sorry. It ships today.\n", "signature.missing", TRUE},
    {"team instead of a person", "Re: Zamówienie 12345", "Dziękuję, przepraszam.\n\nPozdrawiam\nZespół Obsługi Klienta\ntel. 22 123 45 67\n", "signature.missing", TRUE},
    {"complete signature", "Re: Order 300457", "Thank you, I'm sorry." SIG_EN, "signature.incomplete", FALSE},
    {"no job title", "Re: Order 300457", "Thank you, I'm sorry.\n\nKind regards,\nAnn Lee\nPhone: +44 20 7946 0000\n", "signature.incomplete", TRUE},
    {"no contact", "Re: Narudžba 12345", "Hvala, ispričavam se.\n\nS poštovanjem,\nAna Horvat\nReferentica za reklamacije\n", "signature.incomplete", TRUE},
    {"first name only", "Re: Order 300457", "Thank you, I'm sorry.\n\nThanks,\nAnn\nSupport Specialist\nann@shop.example\n", "signature.incomplete", TRUE},
    {"first name only is not missing", "Re: Order 300457", "Thank you, I'm sorry.\n\nThanks,\nAnn\nSupport Specialist\nann@shop.example\n", "signature.missing", FALSE},
    {"name on the sign-off line", "Re: Order 300457", "Thank you, I'm sorry.\n\nBest regards, Ann Lee\nSupport Specialist\nann@shop.example\n", "signature.incomplete", FALSE},
    /* subject.no-reference */
    {"generic subject", "Re: Reply", "Thank you, I'm sorry." SIG_EN, "subject.no-reference", TRUE},
    {"only prefixes", "Re: Re[2]: RE:", "Thank you, I'm sorry." SIG_EN, "subject.no-reference", TRUE},
    {"pl generic", "Odp: Odpowiedź na zapytanie", "Dziękuję, przepraszam." SIG_PL, "subject.no-reference", TRUE},
    {"hr generic", "Odg: Odgovor na Vaš upit", "Hvala, ispričavam se." SIG_HR, "subject.no-reference", TRUE},
    {"aw informacja", "AW: Informacja", "Dziękuję, przepraszam." SIG_PL, "subject.no-reference", TRUE},
    {"number reference", "Re: Odpowiedź 12345", "Thank you, I'm sorry." SIG_EN, "subject.no-reference", FALSE},
    {"id reference", "RE: [CMP-40917] Reply", "Thank you, I'm sorry." SIG_EN, "subject.no-reference", FALSE},
    {"topic without number", "Re: Router keeps dropping connection", "Thank you, I'm sorry." SIG_EN, "subject.no-reference", FALSE},
    /* caps.shouting */
    {"caps run", "Re: Order 300457", "Thank you, I'm sorry. PLEASE DO NOT RESET THE ROUTER." SIG_EN, "caps.shouting", TRUE},
    {"caps in subject", "Re: URGENT PLEASE HELP", "Thank you, I'm sorry." SIG_EN, "caps.shouting", TRUE},
    {"pl caps run with diacritics", "Re: Zamówienie 12345", "Dziękuję, przepraszam. Proszę NIE ODSYŁAĆ TELEWIZORA." SIG_PL, "caps.shouting", TRUE},
    {"acronyms are not shouting", "Re: Faktura 12345", "Dziękuję, przepraszam. Numery VAT NIP PESEL IBAN są poprawne." SIG_PL, "caps.shouting", FALSE},
    {"two caps words are not a run", "Re: Order 300457", "Thank you, I'm sorry. Do NOT reset it, PLEASE wait." SIG_EN, "caps.shouting", FALSE},
    {"quoted caps do not count", "Re: Order 300457", "Thank you, I'm sorry." SIG_EN "\n> THIS IS MY THIRD COMPLAINT\n", "caps.shouting", FALSE},
    {"caps in the signature do not count", "Re: Order 300457", "Thank you, I'm sorry.\n\nBest regards,\nAnn Lee\nSupport Specialist\nNORTHWIND BROADBAND LTD UK\nann@x.example\n", "caps.shouting", FALSE},
    {"mostly caps paragraph", "Re: Order 300457", "Thank you, I'm sorry.\n\nYOUR ORDER is SHIPPED and ARRIVES TODAY.\n" SIG_EN, "caps.shouting", TRUE},
    /* voice.plural */
    {"en corporate we", "Re: Order 300457", "Thank you. We apologise. We have checked your order and we will send it. Our team is on it." SIG_EN, "voice.plural", TRUE},
    {"en mostly I", "Re: Order 300457", "Thank you, I'm sorry. I checked it and our warehouse has it, so I'll send it to us... to you." SIG_EN, "voice.plural", FALSE},
    {"pl forma my", "Re: Reklamacja 12345", "Informujemy, że otrzymaliśmy reklamację. Przepraszamy. Wymienimy ekran." SIG_PL, "voice.plural", TRUE},
    {"pl we as a preposition", "Re: Zamówienie 12345", "Dziękuję, przepraszam. Wyślę paczkę we wtorek, a we wszystkich sprawach jestem do dyspozycji." SIG_PL, "voice.plural", FALSE},
    {"hr mi smo", "Re: Prigovor 12345", "Zaprimili smo Vaš prigovor i ispričavamo se. Obavještavamo Vas da ćemo vratiti iznos." SIG_HR, "voice.plural", TRUE},
    {"hr žao mi je is not we", "Re: Narudžba 12345", "Hvala. Žao mi je, javite mi se, provjerila sam i poslat ću paket." SIG_HR, "voice.plural", FALSE},
    /* voice.impersonal */
    {"en it has been decided", "Re: Claim 300457", "Thank you, I'm sorry. It has been decided that the claim is invalid." SIG_EN, "voice.impersonal", TRUE},
    {"en complaint rejected", "Re: Claim 300457", "Your complaint has been rejected." SIG_EN, "voice.impersonal", TRUE},
    {"pl postanowiono", "Re: Reklamacja 12345", "Dziękuję, przepraszam. Postanowiono nie uwzględniać żądania." SIG_PL, "voice.impersonal", TRUE},
    {"hr odlučeno je", "Re: Reklamacija 12345", "Hvala, ispričavam se. Odlučeno je da se popravak neće izvesti." SIG_HR, "voice.impersonal", TRUE},
    {"en I decided", "Re: Claim 300457", "Thank you, I'm sorry. I decided to refund you in full." SIG_EN, "voice.impersonal", FALSE},
    /* deflect.* */
    {"en contract", "Re: Account 5520931", "Thank you, I'm sorry. According to your contract the fee applies." SIG_EN, "deflect.contract", TRUE},
    {"pl umowa", "Re: Umowa 12345", "Dziękuję, przepraszam. Zgodnie z umową opłata obowiązuje." SIG_PL, "deflect.contract", TRUE},
    {"hr uvjeti", "Re: Ugovor 12345", "Hvala, ispričavam se. Sukladno općim uvjetima naknada se naplaćuje." SIG_HR, "deflect.contract", TRUE},
    {"en management", "Re: Fee 12345", "Thank you, I'm sorry. This is company policy." SIG_EN, "deflect.management", TRUE},
    {"pl nie zależy ode mnie", "Re: Opłata 12345", "Dziękuję, przepraszam. To nie zależy ode mnie." SIG_PL, "deflect.management", TRUE},
    {"hr odluka uprave", "Re: Naknada 12345", "Hvala, ispričavam se. To je odluka uprave." SIG_HR, "deflect.management", TRUE},
    {"en website", "Re: Packages 12345", "Thank you, I'm sorry. For prices please visit our website." SIG_EN, "deflect.website", TRUE},
    {"pl strona", "Re: Pakiety 12345", "Dziękuję, przepraszam. Cennik jest dostępny na naszej stronie internetowej." SIG_PL, "deflect.website", TRUE},
    {"hr web-stranica", "Re: Tarife 12345", "Hvala, ispričavam se. Posjetite našu web-stranicu." SIG_HR, "deflect.website", TRUE},
    {"quoted website does not count", "Re: Packages 12345", "Thank you, I'm sorry." SIG_EN "\n> don't tell me to see our website\n", "deflect.website", FALSE},
    {"en supplier", "Re: Order 300457", "Thank you, I'm sorry. The courier's fault caused the delay." SIG_EN, "deflect.third-party", TRUE},
    {"en asking the supplier is fine", "Re: Order 300457", "Thank you, I'm sorry. I have asked the supplier to hurry." SIG_EN, "deflect.third-party", FALSE},
    {"pl z winy kuriera", "Re: Zamówienie 12345", "Dziękuję, przepraszam. Paczka spóźniła się z winy kuriera." SIG_PL, "deflect.third-party", TRUE},
    {"hr dostavljači neutral", "Re: Narudžba 12345", "Hvala, ispričavam se. Dostavljači će odnijeti i staru perilicu." SIG_HR, "deflect.third-party", FALSE},
    /* hints */
    {"no thanks", "Re: Order 300457", "I'm sorry, it ships today." SIG_EN, "thanks.missing", TRUE},
    {"thanks present", "Re: Order 300457", "Thank you, I'm sorry." SIG_EN, "thanks.missing", FALSE},
    {"no contact invitation", "Re: Order 300457", "Thank you, I'm sorry." SIG_EN, "contact.missing", TRUE},
    {"contact invitation", "Re: Order 300457", "Thank you, I'm sorry. Just reply to this e-mail if anything is unclear." SIG_EN, "contact.missing", FALSE},
};

static void rules_fire_exactly_when_they_should(void **state)
{
    (void) state;
    g_autoptr(RgEngine) engine = rg_test_engine(NULL);
    int failures = 0;

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        const RuleCase *c = &cases[i];
        g_autoptr(RgResult) r = rg_test_scan(engine, c->subject, c->body);

        if (rg_test_has(r, c->rule) != c->fires) {
            g_autofree char *all = rg_result_rule_list(r, RG_LEVEL_HINT);

            print_error("case \"%s\": %s %s (findings: %s)\n", c->name,
                        c->rule, c->fires ? "did not fire" : "fired", all);
            failures++;
        }
    }
    assert_int_equal(failures, 0);
}

static void rules_excerpts_carry_the_words_and_line(void **state)
{
    (void) state;
    g_autoptr(RgEngine) engine = rg_test_engine(NULL);
    g_autoptr(RgResult) r = rg_test_scan(engine, "Re: Order 300457",
                                         "Hello,\n\nThank you, I'm sorry.\n"
                                         "PLEASE DO NOT RESET THE ROUTER now."
                                         SIG_EN);
    const RgFinding *f = rg_test_finding(r, RG_RULE_CAPS_SHOUTING);

    assert_non_null(f);
    assert_string_equal(f->excerpt, "PLEASE DO NOT RESET THE ROUTER");
    assert_int_equal(f->line, 4);
    assert_int_equal(f->level, RG_LEVEL_FLAG);
}

static void rules_incomplete_signature_names_the_missing_part(void **state)
{
    (void) state;
    g_autoptr(RgEngine) engine = rg_test_engine(NULL);
    g_autoptr(RgResult) r = rg_test_scan(engine, "Re: Zamówienie 12345",
                                         "Dziękuję, przepraszam.\n\nPozdrawiam\n"
                                         "Jan Nowak\ntel. 22 123 45 67\n");
    const RgFinding *f = rg_test_finding(r, RG_RULE_SIGNATURE_INCOMPLETE);

    assert_non_null(f);
    assert_string_equal(r->language, "pl");
    assert_non_null(strstr(f->hint, "stanowisko"));
    assert_null(strstr(f->hint, "telefon"));
}

static void rules_missing_signature_points_where_expected(void **state)
{
    (void) state;
    g_autoptr(RgEngine) engine = rg_test_engine(NULL);
    g_autoptr(RgResult) r = rg_test_scan(engine, "Re: Order 300457",
                                         "Hello,\nthe parcel left today.\n"
                                         "It arrives on Friday.\n");
    const RgFinding *f = rg_test_finding(r, RG_RULE_SIGNATURE_MISSING);

    assert_non_null(f);
    assert_null(f->excerpt);
    assert_int_equal(f->line, 4);               /* after the third line */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rules_fire_exactly_when_they_should),
        cmocka_unit_test(rules_excerpts_carry_the_words_and_line),
        cmocka_unit_test(rules_incomplete_signature_names_the_missing_part),
        cmocka_unit_test(rules_missing_signature_points_where_expected),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
