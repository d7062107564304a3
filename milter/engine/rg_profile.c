/*
 * rg_profile.c - [profile NAME] sections: per-team policy overrides
 *
 * Owns the reading of the config's [profile NAME] groups (with the shared
 * key-file loader), their preparation for one engine (a config view with
 * the overridden levels and apology mode, a compiled ticket pattern, the
 * allowed languages) and the choice of a profile for a message.
 *
 * A profile is chosen when any of its selectors matches: the envelope
 * sender (an address, or a domain as in check-senders), the SASL login,
 * or a header field with a given value (e.g. "X-Team: legal", set by the
 * helpdesk).  Profiles are tried in file order; the first match wins.
 * See replyguard.conf(5).
 */
#include <stddef.h>
#include <string.h>

#include "rg_profile.h"

typedef struct {
    char **senders;
    char **logins;
    char *header;
    int apology_required;
    char *ticket_pattern;
    char **languages;
    char **levels;
} Keys;

static const char *const apology_modes[] = {"always", "complaint", NULL};

#define FIELD(f) offsetof(Keys, f)
static const RgConfigKey profile_keys[] = {
    {"senders", RG_KEY_LIST, FIELD(senders), NULL},
    {"logins", RG_KEY_LIST, FIELD(logins), NULL},
    {"header", RG_KEY_STRING, FIELD(header), NULL},
    {"apology-required", RG_KEY_CHOICE, FIELD(apology_required), apology_modes},
    {"ticket-pattern", RG_KEY_STRING, FIELD(ticket_pattern), NULL},
    {"languages", RG_KEY_LIST, FIELD(languages), NULL},
    {"levels", RG_KEY_LIST, FIELD(levels), NULL},
};
#undef FIELD

/* rg_profile_free - accepts NULL */
void rg_profile_free(RgProfile *p)
{
    if (p == NULL)
        return;
    g_free(p->name);
    g_strfreev(p->senders);
    g_strfreev(p->logins);
    g_free(p->header);
    g_free(p->header_name);
    g_free(p->header_value);
    g_free(p->ticket_pattern);
    g_strfreev(p->languages);
    g_strfreev(p->level_list);
    g_free(p->levels);
    g_free(p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(RgProfile, rg_profile_free)

/* parse_levels - "rule=level" entries into p->levels */
static gboolean parse_levels(RgProfile *p, const RgKeyFile *kf,
                             const char *group, GError **error)
{
    p->levels = g_new(int, rg_rule_count());
    for (RgRuleId r = 0; r < rg_rule_count(); r++)
        p->levels[r] = RG_PROFILE_UNSET;
    for (char **e = p->level_list; e && *e; e++) {
        g_auto(GStrv) kv = g_strsplit(*e, "=", 2);
        RgRuleId rule;
        RgLevel level;

        if (kv[0] == NULL || kv[1] == NULL) {
            rg_key_file_set_error(error, kf, group, "levels",
                                  "expected rule=level, found \"%s\"", *e);
            return FALSE;
        }
        g_strstrip(kv[0]);
        g_strstrip(kv[1]);
        if (!rg_rule_parse(kv[0], &rule)) {
            rg_key_file_set_error(error, kf, group, "levels",
                                  "unknown rule id \"%s\"", kv[0]);
            return FALSE;
        }
        if (!rg_level_parse(kv[1], &level)) {
            rg_key_file_set_error(error, kf, group, "levels",
                                  "bad level \"%s\" (off, hint, flag, hold "
                                  "or reject)", kv[1]);
            return FALSE;
        }
        p->levels[rule] = (int) level;
    }
    return TRUE;
}

/* parse_header - "Name: value" (or "Name=value") into its parts */
static gboolean parse_header(RgProfile *p, const RgKeyFile *kf,
                             const char *group, GError **error)
{
    const char *sep = strpbrk(p->header, ":=");

    if (sep == NULL || sep == p->header) {
        rg_key_file_set_error(error, kf, group, "header",
                              "expected \"Name: value\", found \"%s\"",
                              p->header);
        return FALSE;
    }
    p->header_name = g_strstrip(g_strndup(p->header,
                                          (gsize) (sep - p->header)));
    p->header_value = g_strstrip(g_strdup(sep + 1));
    return TRUE;
}

/* rg_profile_read - the [profile NAME] group named group; caller frees */
RgProfile *rg_profile_read(const RgKeyFile *kf, const char *group,
                           GError **error)
{
    Keys k = {.apology_required = RG_PROFILE_UNSET};
    g_autoptr(RgProfile) p = g_new0(RgProfile, 1);
    const char *name = group + strlen("profile");
    gboolean ok;

    while (*name == ' ' || *name == '\t')
        name++;
    if (*name == '\0') {
        rg_key_file_set_error(error, kf, group, NULL,
                              "a profile needs a name: [profile NAME]");
        return NULL;
    }
    p->name = g_strdup(name);
    ok = rg_key_file_read_group(kf, group, profile_keys,
                                G_N_ELEMENTS(profile_keys), &k, error);
    p->senders = k.senders;
    p->logins = k.logins;
    p->header = k.header;
    p->apology_required = k.apology_required;
    p->ticket_pattern = k.ticket_pattern;
    p->languages = k.languages;
    p->level_list = k.levels;
    if (!ok)
        return NULL;
    for (char **s = p->senders; s && *s; s++) {
        char *lower = g_ascii_strdown(g_strstrip(*s), -1);

        g_free(*s);
        *s = lower;
    }
    if (p->senders == NULL && p->logins == NULL && p->header == NULL) {
        rg_key_file_set_error(error, kf, group, NULL,
                              "profile \"%s\" selects nothing (give senders, "
                              "logins or header)", p->name);
        return NULL;
    }
    if (!parse_levels(p, kf, group, error))
        return NULL;
    if (p->header && !parse_header(p, kf, group, error))
        return NULL;
    return g_steal_pointer(&p);
}

/* run_free - a prepared profile */
static void run_free(gpointer data)
{
    RgProfileRun *run = data;

    g_free(run->view.levels);
    rg_pattern_set_free(run->ticket);
    g_free(run->allowed);
    g_free(run);
}

/* run_new - prepare one profile for an engine; NULL with error set */
static RgProfileRun *run_new(const RgConfig *c, const RgProfile *p,
                             const RgPolicySet *ps, GError **error)
{
    RgProfileRun *run = g_new0(RgProfileRun, 1);

    run->profile = p;
    run->view = *c;
    run->view.levels = g_memdup2(c->levels, sizeof(RgLevel) * rg_rule_count());
    for (RgRuleId r = 0; r < rg_rule_count(); r++)
        if (p->levels[r] != RG_PROFILE_UNSET)
            run->view.levels[r] = (RgLevel) p->levels[r];
    if (p->apology_required != RG_PROFILE_UNSET)
        run->view.apology_required = (RgApologyMode) p->apology_required;
    if (p->ticket_pattern) {
        g_autofree char *where = g_strdup_printf(
            "%s: [profile %s] ticket-pattern",
            c->path ? c->path : "defaults", p->name);

        run->view.ticket_pattern = p->ticket_pattern;
        run->ticket = rg_pattern_set_new();
        if (!rg_pattern_set_add(run->ticket, "ticket-pattern",
                                p->ticket_pattern, where, error) ||
            !rg_pattern_set_build(run->ticket, RG_PATTERN_CASE, error))
            goto fail;
    }
    if (p->languages) {
        run->allowed = g_new0(gboolean, ps->policies->len);
        for (char **l = p->languages; *l; l++) {
            const RgPolicy *policy = rg_policy_set_find(ps, g_strstrip(*l));

            if (policy == NULL) {
                g_set_error(error, RG_ERROR, RG_ERROR_CONFIG,
                            "%s: [profile %s] languages: \"%s\" has no "
                            "loaded policy", c->path ? c->path : "defaults",
                            p->name, *l);
                goto fail;
            }
            if (run->first == NULL)
                run->first = policy;
            for (guint i = 0; i < ps->policies->len; i++)
                if (g_ptr_array_index(ps->policies, i) == policy)
                    run->allowed[i] = TRUE;
        }
    }
    return run;

fail:
    run_free(run);
    return NULL;
}

/* rg_profile_runs_new - every profile of config prepared for the loaded
 * policies, in file order; NULL with error set on a bad pattern or
 * language.  The runs borrow config: free them first. */
GPtrArray *rg_profile_runs_new(const RgConfig *c, const RgPolicySet *ps,
                               GError **error)
{
    g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func(run_free);

    for (guint i = 0; c->profiles && i < c->profiles->len; i++) {
        RgProfileRun *run = run_new(c, g_ptr_array_index(c->profiles, i), ps,
                                    error);

        if (run == NULL)
            return NULL;
        g_ptr_array_add(runs, run);
    }
    return g_steal_pointer(&runs);
}

/* rg_profile_sender_matches - whether sender matches one entry: an
 * address, a domain ("dom" or "@dom") or every subdomain (".dom") */
gboolean rg_profile_sender_matches(char *const *entries, const char *sender)
{
    const char *at = sender ? strrchr(sender, '@') : NULL;
    const char *domain = at ? at + 1 : "";

    for (; sender && *sender && entries && *entries; entries++) {
        const char *e = *entries;

        if (e[0] == '.') {
            gsize el = strlen(e);
            gsize dl = strlen(domain);

            if (dl > el && g_ascii_strcasecmp(domain + dl - el, e) == 0)
                return TRUE;
        } else if (strchr(e + 1, '@') != NULL) {
            if (g_ascii_strcasecmp(sender, e) == 0)
                return TRUE;
        } else {
            if (e[0] == '@')
                e++;
            if (*domain && g_ascii_strcasecmp(domain, e) == 0)
                return TRUE;
        }
    }
    return FALSE;
}

/* header_matches - whether the message has the profile's header field
 * with its value (compared without regard to case or outer spaces) */
static gboolean header_matches(const RgProfile *p, GMimeMessage *message)
{
    GMimeHeaderList *headers;
    int n;

    if (p->header_name == NULL || message == NULL)
        return FALSE;
    headers = g_mime_object_get_header_list(GMIME_OBJECT(message));
    n = g_mime_header_list_get_count(headers);
    for (int i = 0; i < n; i++) {
        GMimeHeader *h = g_mime_header_list_get_header_at(headers, i);
        g_autofree char *value = NULL;
        g_autofree char *folded = NULL;
        g_autofree char *want = NULL;
        const char *raw;

        if (g_ascii_strcasecmp(g_mime_header_get_name(h), p->header_name) != 0)
            continue;
        raw = g_mime_header_get_value(h);
        if (raw == NULL || !g_utf8_validate(raw, -1, NULL))
            continue;
        value = g_strstrip(g_strdup(raw));
        folded = g_utf8_casefold(value, -1);
        want = g_utf8_casefold(p->header_value, -1);
        if (strcmp(folded, want) == 0)
            return TRUE;
    }
    return FALSE;
}

/* rg_profile_select - the first profile a message matches, or NULL */
const RgProfileRun *rg_profile_select(const GPtrArray *runs,
                                      const char *sender, const char *login,
                                      GMimeMessage *message)
{
    for (guint i = 0; runs && i < runs->len; i++) {
        const RgProfileRun *run = g_ptr_array_index(runs, i);
        const RgProfile *p = run->profile;

        if (rg_profile_sender_matches(p->senders, sender) ||
            (login && *login && p->logins &&
             g_strv_contains((const char *const *) p->logins, login)) ||
            header_matches(p, message))
            return run;
    }
    return NULL;
}

/* sample - an address an entry selects ("x@dom" for a domain) */
static char *sample(const char *e)
{
    if (e[0] == '.')
        return g_strdup_printf("x@x%s", e);
    if (strchr(e + 1, '@') != NULL)
        return g_strdup(e);
    return g_strdup_printf("x@%s", e[0] == '@' ? e + 1 : e);
}

/* senders_overlap - an entry of a and one of b that select one address */
static const char *senders_overlap(const RgProfile *a, const RgProfile *b)
{
    for (char **e = b->senders; e && *e; e++) {
        g_autofree char *s = sample(*e);

        if (rg_profile_sender_matches(a->senders, s))
            return *e;
    }
    for (char **e = a->senders; e && *e; e++) {
        g_autofree char *s = sample(*e);

        if (rg_profile_sender_matches(b->senders, s))
            return *e;
    }
    return NULL;
}

/* rg_config_profile_overlaps - one line per pair of profiles that can
 * select the same message (the earlier wins); caller frees */
char **rg_config_profile_overlaps(const RgConfig *c)
{
    GPtrArray *out = g_ptr_array_new();

    for (guint j = 0; c->profiles && j < c->profiles->len; j++) {
        const RgProfile *b = g_ptr_array_index(c->profiles, j);

        for (guint i = 0; i < j; i++) {
            const RgProfile *a = g_ptr_array_index(c->profiles, i);
            const char *s = senders_overlap(a, b);
            const char *why = NULL;
            g_autofree char *what = NULL;

            if (s != NULL)
                what = g_strdup_printf("sender %s", s);
            for (char **l = b->logins; what == NULL && l && *l; l++)
                if (a->logins &&
                    g_strv_contains((const char *const *) a->logins, *l))
                    what = g_strdup_printf("login %s", *l);
            if (what == NULL && a->header_name && b->header_name &&
                g_ascii_strcasecmp(a->header_name, b->header_name) == 0 &&
                g_ascii_strcasecmp(a->header_value, b->header_value) == 0)
                what = g_strdup_printf("header %s: %s", b->header_name,
                                       b->header_value);
            why = what;
            if (why != NULL)
                g_ptr_array_add(out, g_strdup_printf(
                                    "profile %s overlaps profile %s (%s): "
                                    "%s is chosen", b->name, a->name, why,
                                    a->name));
        }
    }
    g_ptr_array_add(out, NULL);
    return (char **) g_ptr_array_free(out, FALSE);
}
