/*
 * rg_scope.c - scope decisions from the envelope and the headers
 *
 * See rg_scope.h.  Sender entries of check-senders: "user@domain" is one
 * address, "domain" or "@domain" a whole domain, ".domain" every
 * subdomain of it; all compared without regard to case.
 */
#include <string.h>

#include "rg_scope.h"

/* rg_scope_address - MAIL FROM argument without "<>" or spaces, its case
 * kept (the local part may be case-sensitive); caller frees */
char *rg_scope_address(const char *arg)
{
    g_autofree char *s = g_strstrip(g_strdup(arg ? arg : ""));
    gsize n = strlen(s);

    if (n >= 2 && s[0] == '<' && s[n - 1] == '>') {
        s[n - 1] = '\0';
        return g_strdup(s + 1);
    }
    return g_steal_pointer(&s);
}


/* daemon_listed - whether {daemon_name} is one of check-daemons */
static gboolean daemon_listed(char *const *names, const char *daemon)
{
    if (daemon == NULL)
        return FALSE;
    for (; names && *names; names++)
        if (strcmp(*names, daemon) == 0)
            return TRUE;
    return FALSE;
}

/* rg_scope_envelope - NULL when the envelope puts a message in scope */
const char *rg_scope_envelope(const RgMilterConfig *c, const RgEnvelope *env)
{
    if (env->sender == NULL || env->sender[0] == '\0')
        return "null-sender";
    if (c->check_all)
        return NULL;
    if (c->check_authenticated && env->auth_authen && env->auth_authen[0])
        return NULL;
    if (daemon_listed(c->check_daemons, env->daemon_name))
        return NULL;
    if (rg_profile_sender_matches(c->check_senders, env->sender))
        return NULL;
    return "not-in-scope";
}

/* rg_scope_recipients - NULL unless every recipient is a colleague: in
 * the sender's own domain (skip-internal) or listed in skip-recipients;
 * mail among colleagues is not a customer reply */
const char *rg_scope_recipients(const RgMilterConfig *c, const char *sender,
                                GPtrArray *recipients)
{
    const char *at = sender ? strrchr(sender, '@') : NULL;
    /* the sender's domain as an address-list entry: that domain exactly */
    char *own[] = {c->skip_internal && at && at[1] && at[1] != '.' ?
                   (char *) at + 1 : NULL, NULL};

    if (recipients == NULL || recipients->len == 0 ||
        (c->skip_recipients == NULL && own[0] == NULL))
        return NULL;
    for (guint i = 0; i < recipients->len; i++) {
        const char *r = g_ptr_array_index(recipients, i);

        if (!rg_profile_sender_matches(own, r) &&
            !rg_profile_sender_matches(c->skip_recipients, r))
            return NULL;
    }
    return "internal-recipients";
}

/* first_word - the value's first token, lower-cased; caller frees */
static char *first_word(const char *value)
{
    gsize n;

    while (*value == ' ' || *value == '\t')
        value++;
    n = strcspn(value, " \t\r\n;(");
    return g_ascii_strdown(value, (gssize) n);
}

/* rg_scope_header - NULL unless this header takes a message out of scope */
const char *rg_scope_header(const char *name, const char *value)
{
    g_autofree char *word = NULL;

    if (g_ascii_strcasecmp(name, "Auto-Submitted") == 0) {
        word = first_word(value ? value : "");
        if (word[0] != '\0' && strcmp(word, "no") != 0)
            return "auto-submitted";
    } else if (g_ascii_strcasecmp(name, "Precedence") == 0) {
        word = first_word(value ? value : "");
        if (strcmp(word, "bulk") == 0 || strcmp(word, "list") == 0 ||
            strcmp(word, "junk") == 0)
            return "bulk-precedence";
    }
    return NULL;
}
