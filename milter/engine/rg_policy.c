/*
 * rg_policy.c - language policies: phrases, word lists and hints per language
 *
 * Owns the loading of policy files and everything a policy holds.  Which
 * key of which group feeds which pattern set is the registry's
 * (rg_rules.def); any other key, or a group that is not a rule id, [policy] or
 * [reply], is refused with file:line, so a typo never silently disables
 * a phrase.  Missing hints are refused too: every finding must be able to
 * say what to change.
 */
#include <string.h>

#include "rg_family.h"
#include "rg_keyfile.h"
#include "rg_policy.h"

static const char *const missing_keys[RG_MISSING_COUNT] = {
    [RG_MISSING_NAME] = "missing-name",
    [RG_MISSING_TITLE] = "missing-title",
    [RG_MISSING_CONTACT] = "missing-contact",
};

static const char *const policy_keys[] = {
    "language", "name", "stopwords", "letters", "content-language",
    "acronyms", "notice-subject", "notice-intro", "notice-fix", "fold", NULL
};

/* the notice texts and what a policy without them says */
static const char *const notice_keys[RG_NOTICE_COUNT] = {
    "notice-subject", "notice-intro", "notice-fix"
};
static const char *const notice_defaults[RG_NOTICE_COUNT] = {
    "Your reply is held for review",
    "Your reply below was not delivered yet: it is held for review.",
    "What to change:"
};

/* rg_policy_free - accepts NULL */
void rg_policy_free(RgPolicy *policy)
{
    if (policy == NULL)
        return;
    g_free(policy->code);
    g_free(policy->name);
    for (int i = 0; i < RG_NOTICE_COUNT; i++)
        g_free(policy->notice[i]);
    g_free(policy->path);
    if (policy->stopwords)
        g_hash_table_destroy(policy->stopwords);
    if (policy->letters)
        g_hash_table_destroy(policy->letters);
    g_strfreev(policy->content_languages);
    g_strfreev(policy->acronyms);
    for (int i = 0; i < RG_SET_COUNT; i++)
        rg_pattern_set_free(policy->sets[i]);
    for (int i = 0; i < RG_RULE_COUNT; i++)
        g_free(policy->hints[i]);
    for (int i = 0; i < RG_MISSING_COUNT; i++)
        g_free(policy->missing[i]);
    g_free(policy);
}

/* load_header - the [policy] group: code, name and word lists */
static gboolean load_header(RgPolicy *policy, const RgKeyFile *kf,
                            GError **error)
{
    GKeyFile *keys = rg_key_file_keys(kf);
    g_auto(GStrv) stop = NULL;
    g_autofree char *letters = NULL;
    g_auto(GStrv) names = g_key_file_get_keys(keys, "policy", NULL, NULL);

    if (names == NULL) {
        g_set_error(error, RG_ERROR, RG_ERROR_POLICY,
                    "%s: missing [policy] group", rg_key_file_name(kf));
        return FALSE;
    }
    for (char **k = names; *k != NULL; k++) {
        if (!g_strv_contains(policy_keys, *k)) {
            rg_key_file_set_error(error, kf, "policy", *k,
                                  "unknown key \"%s\" in [policy]", *k);
            return FALSE;
        }
    }
    policy->code = g_key_file_get_string(keys, "policy", "language", NULL);
    if (policy->code == NULL || policy->code[0] == '\0' ||
        strspn(policy->code, "abcdefghijklmnopqrstuvwxyz-") !=
        strlen(policy->code)) {
        g_set_error(error, RG_ERROR, RG_ERROR_POLICY,
                    "%s: [policy] needs language = a lower-case code such "
                    "as \"pl\"", rg_key_file_name(kf));
        return FALSE;
    }
    policy->name = g_key_file_get_string(keys, "policy", "name", NULL);
    if (policy->name == NULL)
        policy->name = g_strdup(policy->code);

    policy->stopwords = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                              NULL);
    stop = g_key_file_get_string_list(keys, "policy", "stopwords", NULL, NULL);
    for (char **w = stop; w && *w; w++) {
        char *t = g_utf8_strdown(g_strstrip(*w), -1);

        if (*t)
            g_hash_table_add(policy->stopwords, t);
        else
            g_free(t);
    }
    policy->letters = g_hash_table_new(g_direct_hash, g_direct_equal);
    letters = g_key_file_get_string(keys, "policy", "letters", NULL);
    for (const char *p = letters; p && *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);

        if (!g_unichar_isspace(c)) {
            g_hash_table_add(policy->letters, GUINT_TO_POINTER(c));
            g_hash_table_add(policy->letters,
                             GUINT_TO_POINTER(g_unichar_toupper(c)));
        }
    }
    policy->content_languages = g_key_file_get_string_list(keys, "policy",
                                                           "content-language",
                                                           NULL, NULL);
    if (policy->content_languages == NULL) {
        policy->content_languages = g_new0(char *, 2);
        policy->content_languages[0] = g_strdup(policy->code);
    }
    policy->acronyms = g_key_file_get_string_list(keys, "policy", "acronyms",
                                                  NULL, NULL);
    if (policy->acronyms == NULL)
        policy->acronyms = g_new0(char *, 1);
    for (char **a = policy->acronyms; *a; a++)
        g_strstrip(*a);
    for (int i = 0; i < RG_NOTICE_COUNT; i++) {
        policy->notice[i] = g_key_file_get_string(keys, "policy",
                                                  notice_keys[i], NULL);
        if (policy->notice[i] == NULL)
            policy->notice[i] = g_strdup(notice_defaults[i]);
    }
    return TRUE;
}

/* where_of - "file:line" of a key; caller frees */
static char *where_of(const RgKeyFile *kf, const char *group, const char *key)
{
    return g_strdup_printf("%s:%d", rg_key_file_name(kf),
                           rg_key_file_line(kf, group, key));
}

/* load_families - the [words] group and [policy] fold: what the policy's
 * patterns may use (rg_family.c) */
static RgFamily *load_families(const RgKeyFile *kf, GError **error)
{
    GKeyFile *keys = rg_key_file_keys(kf);
    g_autoptr(RgFamily) family = rg_family_new();
    g_auto(GStrv) names = g_key_file_get_keys(keys, "words", NULL, NULL);
    g_autofree char *fold = g_key_file_get_value(keys, "policy", "fold", NULL);

    for (char **k = names; k && *k; k++) {
        g_autofree char *src = g_key_file_get_value(keys, "words", *k, NULL);
        g_autofree char *where = where_of(kf, "words", *k);

        if (src == NULL || *g_strstrip(src) == '\0') {
            rg_key_file_set_error(error, kf, "words", *k, "empty family");
            return NULL;
        }
        if (!rg_family_add_word(family, *k, src, where, error))
            return NULL;
    }
    if (fold != NULL) {
        g_autofree char *where = where_of(kf, "policy", "fold");

        if (!rg_family_set_fold(family, fold, where, error))
            return NULL;
    }
    return g_steal_pointer(&family);
}

/* load_group - one rule or [reply] group: patterns (expanded by the
 * policy's families), hint, part words */
static gboolean load_group(RgPolicy *policy, const RgKeyFile *kf,
                           const RgFamily *family, const char *group,
                           GError **error)
{
    GKeyFile *keys = rg_key_file_keys(kf);
    g_auto(GStrv) names = g_key_file_get_keys(keys, group, NULL, NULL);
    RgRuleId rule;
    gboolean is_rule = rg_rule_parse(group, &rule);

    for (char **k = names; k && *k; k++) {
        int set = rg_registry_set_of_key(group, *k);

        if (set >= 0) {
            g_autofree char *src = g_key_file_get_value(keys, group, *k,
                                                        NULL);
            g_autofree char *where = where_of(kf, group, *k);
            g_autofree char *expanded = NULL;

            if (src == NULL || *g_strstrip(src) == '\0') {
                rg_key_file_set_error(error, kf, group, *k,
                                      "empty pattern");
                return FALSE;
            }
            g_autofree char *label = g_strdup_printf("[%s] %s", group, *k);

            expanded = rg_family_expand(family, src, where, error);
            if (expanded == NULL ||
                !rg_pattern_set_add(policy->sets[set], label, expanded, where,
                                    error))
                return FALSE;
            continue;
        }
        if (is_rule && strcmp(*k, "hint") == 0) {
            policy->hints[rule] = g_key_file_get_string(keys, group, *k, NULL);
            continue;
        }
        gboolean part = FALSE;

        for (int m = 0; m < RG_MISSING_COUNT; m++) {
            if (is_rule && rule == RG_RULE_SIGNATURE_INCOMPLETE &&
                strcmp(*k, missing_keys[m]) == 0) {
                policy->missing[m] = g_key_file_get_string(keys, group, *k,
                                                           NULL);
                part = TRUE;
            }
        }
        if (!part) {
            rg_key_file_set_error(error, kf, group, *k,
                                  "unknown key \"%s\" in [%s]", *k, group);
            return FALSE;
        }
    }
    return TRUE;
}

/* policy_from_key_file - a policy from a checked key file */
static RgPolicy *policy_from_key_file(const RgKeyFile *kf, GError **error)
{
    const char *name = rg_key_file_name(kf);
    g_autoptr(RgPolicy) policy = NULL;
    g_autoptr(RgFamily) family = NULL;
    g_auto(GStrv) groups = NULL;

    policy = g_new0(RgPolicy, 1);
    policy->path = g_strdup(name);
    for (int i = 0; i < RG_SET_COUNT; i++)
        policy->sets[i] = rg_pattern_set_new();
    if (!load_header(policy, kf, error))
        return NULL;
    family = load_families(kf, error);
    if (family == NULL)
        return NULL;
    groups = g_key_file_get_groups(rg_key_file_keys(kf), NULL);
    for (char **g = groups; *g != NULL; g++) {
        RgRuleId rule;

        if (strcmp(*g, "policy") == 0 || strcmp(*g, "words") == 0)
            continue;
        if (strcmp(*g, "reply") != 0 && !rg_rule_parse(*g, &rule)) {
            rg_key_file_set_error(error, kf, *g, NULL,
                                  "unknown group [%s] (expected [policy], "
                                  "[words], [reply] or a rule id)", *g);
            return NULL;
        }
        if (!load_group(policy, kf, family, *g, error))
            return NULL;
    }
    for (RgRuleId r = 0; r < RG_RULE_COUNT; r++) {
        if (policy->hints[r] == NULL || policy->hints[r][0] == '\0') {
            g_set_error(error, RG_ERROR, RG_ERROR_POLICY,
                        "%s: no hint for rule %s (add [%s] hint = ...)",
                        name, rg_rule_name(r), rg_rule_name(r));
            return NULL;
        }
    }
    for (int m = 0; m < RG_MISSING_COUNT; m++)
        if (policy->missing[m] == NULL)
            policy->missing[m] = g_strdup(missing_keys[m] + 8);
    for (int i = 0; i < RG_SET_COUNT; i++)
        if (!rg_pattern_set_build(policy->sets[i],
                                  rg_registry_set((RgSetId) i)->flags, error))
            return NULL;
    return g_steal_pointer(&policy);
}

/* rg_policy_load_data - parse and compile a policy from text; name for errors */
RgPolicy *rg_policy_load_data(const char *data, gsize len, const char *name,
                              GError **error)
{
    g_autoptr(RgKeyFile) kf = rg_key_file_load_data(data, len, name,
                                                    RG_ERROR_POLICY, error);

    return kf ? policy_from_key_file(kf, error) : NULL;
}

/* rg_policy_load - read and compile a policy file; flags as
 * rg_config_file_load's */
RgPolicy *rg_policy_load(const char *path, guint flags, GError **error)
{
    g_autoptr(RgKeyFile) kf = rg_key_file_load(path, RG_ERROR_POLICY, flags,
                                               error);

    return kf ? policy_from_key_file(kf, error) : NULL;
}

/* rg_policy_set_free - accepts NULL */
void rg_policy_set_free(RgPolicySet *set)
{
    if (set == NULL)
        return;
    if (set->policies)
        g_ptr_array_unref(set->policies);
    for (int i = 0; i < RG_SET_COUNT; i++)
        rg_pattern_set_free(set->any[i]);
    g_clear_pointer(&set->stopword_of, g_hash_table_destroy);
    g_clear_pointer(&set->letter_of, g_hash_table_destroy);
    g_free(set);
}

/* merge_keys - mark in into[key][i] every key of policy i's table from */
static void merge_keys(GHashTable *into, GHashTable *from, guint i, guint n,
                       gboolean strings)
{
    GHashTableIter it;
    gpointer key;

    g_hash_table_iter_init(&it, from);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        guint8 *marks = g_hash_table_lookup(into, key);

        if (marks == NULL) {
            marks = g_new0(guint8, n);
            g_hash_table_insert(into, strings ? g_strdup(key) : key, marks);
        }
        marks[i] = 1;
    }
}

/* merge_words - the stop words and letters of every policy, by word and
 * by letter */
static void merge_words(RgPolicySet *set)
{
    const guint n = set->policies->len;

    set->stopword_of = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                             g_free);
    set->letter_of = g_hash_table_new_full(g_direct_hash, g_direct_equal,
                                           NULL, g_free);
    for (guint i = 0; i < n; i++) {
        const RgPolicy *p = g_ptr_array_index(set->policies, i);

        merge_keys(set->stopword_of, p->stopwords, i, n, TRUE);
        merge_keys(set->letter_of, p->letters, i, n, FALSE);
    }
}

/* compare_code - sort policies by language code */
static gint compare_code(gconstpointer a, gconstpointer b)
{
    const RgPolicy *pa = *(RgPolicy * const *) a;
    const RgPolicy *pb = *(RgPolicy * const *) b;

    return strcmp(pa->code, pb->code);
}

/* compare_path - sort file names */
static gint compare_path(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}

/* rg_policy_set_new - a set over loaded policies (takes the array) */
RgPolicySet *rg_policy_set_new(GPtrArray *policies, GError **error)
{
    g_autoptr(RgPolicySet) set = g_new0(RgPolicySet, 1);

    set->policies = policies;
    if (policies->len == 0) {
        g_set_error(error, RG_ERROR, RG_ERROR_POLICY, "no policy loaded");
        return NULL;
    }
    g_ptr_array_sort(policies, compare_code);
    for (guint i = 1; i < policies->len; i++) {
        const RgPolicy *a = g_ptr_array_index(policies, i - 1);
        const RgPolicy *b = g_ptr_array_index(policies, i);

        if (strcmp(a->code, b->code) == 0) {
            g_set_error(error, RG_ERROR, RG_ERROR_POLICY,
                        "%s: language \"%s\" is already defined by %s",
                        b->path, b->code, a->path);
            return NULL;
        }
    }
    for (int s = 0; s < RG_SET_COUNT; s++) {
        set->any[s] = rg_pattern_set_new();
        for (guint i = 0; i < policies->len; i++) {
            const RgPolicy *p = g_ptr_array_index(policies, i);

            rg_pattern_set_extend(set->any[s], p->sets[s]);
            set->max_captures = MAX(set->max_captures,
                                    rg_pattern_set_captures(p->sets[s]));
        }
        if (!rg_pattern_set_build(set->any[s],
                                  rg_registry_set((RgSetId) s)->flags, error))
            return NULL;
        set->max_captures = MAX(set->max_captures,
                                rg_pattern_set_captures(set->any[s]));
    }
    merge_words(set);
    return g_steal_pointer(&set);
}

/*
 * rg_policy_set_load - every "*.policy" file of dir, or only the listed
 * languages (files dir/CODE.policy) when languages is non-NULL
 */
RgPolicySet *rg_policy_set_load(const char *dir, char *const *languages,
                                guint flags, GError **error)
{
    GPtrArray *policies = g_ptr_array_new_with_free_func(
        (GDestroyNotify) rg_policy_free);
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
    GError *local = NULL;

    if (languages != NULL && languages[0] != NULL) {
        for (char *const *l = languages; *l; l++) {
            g_autofree char *base = g_strconcat(*l, ".policy", NULL);

            g_ptr_array_add(files, g_build_filename(dir, base, NULL));
        }
    } else {
        GDir *d = g_dir_open(dir, 0, &local);
        const char *entry;

        if (d == NULL) {
            g_set_error(error, RG_ERROR, RG_ERROR_POLICY,
                        "policy directory: %s", local->message);
            g_error_free(local);
            g_ptr_array_unref(policies);
            return NULL;
        }
        while ((entry = g_dir_read_name(d)) != NULL)
            if (g_str_has_suffix(entry, ".policy"))
                g_ptr_array_add(files, g_build_filename(dir, entry, NULL));
        g_dir_close(d);
        g_ptr_array_sort(files, compare_path);
    }
    for (guint i = 0; i < files->len; i++) {
        RgPolicy *p = rg_policy_load(g_ptr_array_index(files, i), flags,
                                     error);

        if (p == NULL) {
            g_ptr_array_unref(policies);
            return NULL;
        }
        g_ptr_array_add(policies, p);
    }
    if (policies->len == 0) {
        g_set_error(error, RG_ERROR, RG_ERROR_POLICY,
                    "%s: no *.policy file found", dir);
        g_ptr_array_unref(policies);
        return NULL;
    }
    return rg_policy_set_new(policies, error);
}

/* rg_policy_set_prefilter - every pattern set of the set, its policies'
 * and the union, into a prefilter */
void rg_policy_set_prefilter(RgPolicySet *set, RgPrefilter *pf)
{
    for (guint i = 0; i < set->policies->len; i++) {
        RgPolicy *p = g_ptr_array_index(set->policies, i);

        for (int s = 0; s < RG_SET_COUNT; s++)
            rg_pattern_set_prefilter(p->sets[s], pf);
    }
    for (int s = 0; s < RG_SET_COUNT; s++)
        rg_pattern_set_prefilter(set->any[s], pf);
}

/* rg_policy_set_find - the policy for a language code, or NULL */
const RgPolicy *rg_policy_set_find(const RgPolicySet *set, const char *code)
{
    for (guint i = 0; code && i < set->policies->len; i++) {
        const RgPolicy *p = g_ptr_array_index(set->policies, i);

        if (strcmp(p->code, code) == 0)
            return p;
    }
    return NULL;
}
