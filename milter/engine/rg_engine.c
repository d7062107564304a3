/*
 * rg_engine.c - message in, verdict out: the one engine of both front ends
 *
 * Owns the snapshot (config, policy set, ticket pattern, acronym table,
 * GMime parser options, the profiles made ready) and the scan pipeline:
 *   bytes -> GMime message -> text view (rg_mime) -> reply model
 *   (rg_reply) -> language (rg_lang) -> findings (rg_rules) -> verdict.
 * Each scanning thread keeps its matcher (PCRE2 match data, memo tables,
 * Vectorscan scratch) from one message to the next, reset in between,
 * for as long as it scans with the same engine and limits.
 */
#include <string.h>

#include "replyguard/rg_engine.h"
#include "rg_lang.h"
#include "rg_mime.h"
#include "rg_pattern.h"
#include "rg_policy.h"
#include "rg_profile.h"
#include "rg_reply.h"
#include "rg_rules.h"
#include "rg_subject.h"
#include "rg_words.h"

#define MIN_LANGUAGE_TEXT 40    /* bytes of new text enough to detect on */

struct RgEngine {
    gint refcount;
    RgConfig *config;
    RgPolicySet *policies;
    RgPatternSet *ticket;
    GHashTable *acronyms;
    GMimeParserOptions *parser_options;
    GPtrArray *profiles;        /* of RgProfileRun*, in config order */
    guint captures;
    RgPrefilter *prefilter;     /* every pattern, for one pass per text */
    guint64 serial;             /* this engine among every one built */
};

/* a scanning thread's matcher (match data, memo tables, Vectorscan
 * scratch), kept for its next message with the same engine and limits */
typedef struct {
    guint64 engine;             /* RgEngine serial */
    guint32 match_limit, depth_limit;
    gboolean busy;              /* a scan is using it */
    RgMatcher *matcher;
} ThreadMatcher;

/* thread_matcher_free - a thread's matcher, at its exit */
static void thread_matcher_free(gpointer p)
{
    ThreadMatcher *t = p;

    rg_matcher_free(t->matcher);
    g_free(t);
}

static GPrivate thread_matcher = G_PRIVATE_INIT(thread_matcher_free);

/* a matcher lent to one scan: the thread's, or its own when the thread's
 * is in use */
typedef struct {
    RgMatcher *matcher;
    ThreadMatcher *from;        /* NULL: owned by the lease */
} Lease;

/* lease_new - a reset matcher for a scan with e and cfg's limits */
static Lease lease_new(const RgEngine *e, const RgConfig *cfg)
{
    ThreadMatcher *t = g_private_get(&thread_matcher);

    if (t == NULL) {
        t = g_new0(ThreadMatcher, 1);
        g_private_set(&thread_matcher, t);
    }
    if (t->busy)
        return (Lease) {rg_matcher_new(e->captures, cfg->match_limit,
                                       cfg->depth_limit, e->prefilter), NULL};
    if (t->matcher != NULL && t->engine == e->serial &&
        t->match_limit == cfg->match_limit &&
        t->depth_limit == cfg->depth_limit) {
        rg_matcher_reset(t->matcher);
    } else {
        rg_matcher_free(t->matcher);
        t->matcher = rg_matcher_new(e->captures, cfg->match_limit,
                                    cfg->depth_limit, e->prefilter);
        t->engine = e->serial;
        t->match_limit = cfg->match_limit;
        t->depth_limit = cfg->depth_limit;
    }
    t->busy = TRUE;
    return (Lease) {t->matcher, t};
}

/* lease_end - give the matcher back (or free the lease's own) */
static void lease_end(Lease *lease)
{
    if (lease->from != NULL)
        lease->from->busy = FALSE;
    else
        rg_matcher_free(lease->matcher);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Lease, lease_end)

/* rg_engine_global_init - process-wide library set-up; call once, early */
void rg_engine_global_init(void)
{
    static gsize done = 0;

    if (g_once_init_enter(&done)) {
        g_mime_init();
        g_once_init_leave(&done, 1);
    }
}

/* add_acronyms - upper-cased words into the table */
static void add_acronyms(GHashTable *table, char *const *words)
{
    for (; words && *words; words++)
        if (**words)
            g_hash_table_add(table, g_utf8_strup(*words, -1));
}

/* rg_engine_new - load the policies a config names; takes config.
 * flags: RG_CONFIG_STRICT reads the policies as strictly as the daemon
 * reads its config */
RgEngine *rg_engine_new(RgConfig *config, guint flags, GError **error)
{
    static gsize serials;
    RgEngine *e = g_new0(RgEngine, 1);
    g_autofree char *where = NULL;
    const char *charsets[3] = {"utf-8", NULL, NULL};

    rg_engine_global_init();
    e->refcount = 1;
    e->serial = (guint64) g_atomic_pointer_add(&serials, 1) + 1;
    e->config = config;
    e->policies = rg_policy_set_load(config->policy_dir, config->languages,
                                     flags, error);
    if (e->policies == NULL)
        goto fail;
    if (rg_policy_set_find(e->policies, config->default_language) == NULL) {
        g_set_error(error, RG_ERROR, RG_ERROR_CONFIG,
                    "%s: default-language \"%s\" has no policy in %s",
                    config->path ? config->path : "defaults",
                    config->default_language, config->policy_dir);
        goto fail;
    }
    e->ticket = rg_pattern_set_new();
    where = g_strdup_printf("%s: [engine] ticket-pattern",
                            config->path ? config->path : "defaults");
    if (!rg_pattern_set_add(e->ticket, "ticket-pattern",
                            config->ticket_pattern, where, error) ||
        !rg_pattern_set_build(e->ticket, RG_PATTERN_CASE, error))
        goto fail;
    e->captures = MAX(e->policies->max_captures,
                      rg_pattern_set_captures(e->ticket));
    e->prefilter = rg_prefilter_new();
    rg_policy_set_prefilter(e->policies, e->prefilter);
    rg_pattern_set_prefilter(e->ticket, e->prefilter);
    if (!rg_prefilter_build(e->prefilter, error))
        goto fail;
    e->profiles = rg_profile_runs_new(config, e->policies, error);
    if (e->profiles == NULL)
        goto fail;
    for (guint i = 0; i < e->profiles->len; i++) {
        const RgProfileRun *run = g_ptr_array_index(e->profiles, i);

        if (run->ticket)
            e->captures = MAX(e->captures,
                              rg_pattern_set_captures(run->ticket));
    }
    e->acronyms = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < e->policies->policies->len; i++)
        add_acronyms(e->acronyms,
                     ((RgPolicy *) g_ptr_array_index(e->policies->policies,
                                                     i))->acronyms);
    add_acronyms(e->acronyms, config->acronyms);
    e->parser_options = g_mime_parser_options_new();
    charsets[1] = config->fallback_charset;
    g_mime_parser_options_set_fallback_charsets(e->parser_options, charsets);
    return e;

fail:
    rg_engine_unref(e);
    return NULL;
}

/* rg_engine_ref - take a reference */
RgEngine *rg_engine_ref(RgEngine *e)
{
    g_atomic_int_inc(&e->refcount);
    return e;
}

/* rg_engine_unref - drop a reference; the last one frees; accepts NULL */
void rg_engine_unref(RgEngine *e)
{
    const ThreadMatcher *t;

    if (e == NULL || !g_atomic_int_dec_and_test(&e->refcount))
        return;
    /* this thread's matcher for it goes with it (the others' at their
     * next scan or exit: a process's first thread never runs its
     * GPrivate destructors) */
    t = g_private_get(&thread_matcher);
    if (t != NULL && t->engine == e->serial && !t->busy)
        g_private_replace(&thread_matcher, NULL);
    if (e->profiles)
        g_ptr_array_unref(e->profiles);
    rg_config_free(e->config);
    rg_policy_set_free(e->policies);
    rg_pattern_set_free(e->ticket);
    rg_prefilter_free(e->prefilter);
    if (e->acronyms)
        g_hash_table_destroy(e->acronyms);
    if (e->parser_options)
        g_mime_parser_options_free(e->parser_options);
    g_free(e);
}

/* rg_engine_config - the snapshot's config (borrowed) */
const RgConfig *rg_engine_config(const RgEngine *e)
{
    return e->config;
}

/* rg_engine_has_language - whether a policy for code is loaded */
gboolean rg_engine_has_language(const RgEngine *e, const char *code)
{
    return rg_policy_set_find(e->policies, code) != NULL;
}

/* rg_engine_notice_text - a notice text in a language (the first loaded
 * policy's when the language is not loaded) */
const char *rg_engine_notice_text(const RgEngine *e, const char *code,
                                  RgNoticeText which)
{
    const RgPolicy *p = code ? rg_policy_set_find(e->policies, code) : NULL;

    if (p == NULL)
        p = g_ptr_array_index(e->policies->policies, 0);
    return p->notice[which];
}

/* from_address - the first From mailbox, lower-cased, or NULL */
static char *from_address(GMimeMessage *message)
{
    InternetAddressList *from = g_mime_message_get_from(message);
    InternetAddress *a;

    if (from == NULL || internet_address_list_length(from) == 0)
        return NULL;
    a = internet_address_list_get_address(from, 0);
    if (!INTERNET_ADDRESS_IS_MAILBOX(a))
        return NULL;
    return g_ascii_strdown(
        internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a)), -1);
}

/* date_day - the Date header's day in its own zone, or NULL */
static char *date_day(GMimeMessage *message)
{
    GDateTime *date = g_mime_message_get_date(message);

    return date ? g_date_time_format(date, "%F") : NULL;
}

/* allowed - whether a profile lets a reply be read as policy */
static gboolean allowed(const RgEngine *e, const RgProfileRun *run,
                        const RgPolicy *policy)
{
    for (guint i = 0; i < e->policies->policies->len; i++)
        if (g_ptr_array_index(e->policies->policies, i) == policy)
            return run->allowed[i];
    return FALSE;
}

/* best_allowed - the best-scoring language a profile allows (its first
 * language when none scores) */
static const RgPolicy *best_allowed(const RgEngine *e,
                                    const RgProfileRun *run, const int *scores)
{
    const RgPolicy *best = run->first;
    int best_score = 0;

    for (guint i = 0; i < e->policies->policies->len; i++)
        if (run->allowed[i] && scores[i] > best_score) {
            best = g_ptr_array_index(e->policies->policies, i);
            best_score = scores[i];
        }
    return best;
}

/*
 * scan_message - findings and verdict for a parsed message, with the
 * first [profile] that the sender (o->sender, else the From address),
 * login or a header selects; o->language forces a policy when non-NULL;
 * o->cut says the bytes parsed were only the first part of the message;
 * o->keep_text puts the body text and its zones in the result.  NULL
 * with error set when a match limit or another internal failure stops
 * the scan.
 */
static RgResult *scan_message(const RgEngine *e, GMimeMessage *message,
                              const RgScanOptions *o, GError **error)
{
    gint64 t0 = g_get_monotonic_time();
    const char *language = o->language;
    gboolean keep_text = o->keep_text;
    g_autofree char *from = from_address(message);
    const RgProfileRun *run = rg_profile_select(e->profiles,
                                                o->sender ? o->sender : from,
                                                o->login, message);
    const RgConfig *cfg = run ? &run->view : e->config;
    g_autoptr(RgMessage) m = rg_message_from_mime(message, cfg->scan_limit,
                                                  cfg->fallback_charset);
    g_auto(Lease) lease = lease_new(e, cfg);
    RgMatcher *matcher = lease.matcher;
    g_autoptr(RgReply) reply = NULL;
    g_autoptr(RgResult) result = rg_result_new();
    const RgPolicy *policy = NULL;
    guint n_policies = e->policies->policies->len;
    g_autofree int *scores = g_new0(int, n_policies);
    g_autofree gboolean *active = g_new0(gboolean, n_policies);
    gboolean unknown = FALSE;
    gsize core = 0;
    int prefixes;
    RgCheck check;

    m->truncated = m->truncated || o->cut;
    /* the body for the reply model's sets; the rules read the agent's part */
    rg_matcher_prefilter(matcher, m->body, m->body_len, TRUE);
    rg_matcher_prefilter(matcher, m->subject, strlen(m->subject), FALSE);
    reply = rg_reply_split(m->body, m->body_len, e->policies, matcher, error);
    if (reply == NULL)
        return NULL;
    rg_matcher_prefilter(matcher, reply->agent, reply->agent_len, FALSE);
    rg_matcher_stable(matcher, reply->agent, reply->new_len);
    prefixes = rg_subject_strip_prefixes(e->policies, matcher, m->subject,
                                         &core, error);
    if (prefixes < 0)
        return NULL;
    if (language != NULL)
        policy = rg_policy_set_find(e->policies, language);
    if (policy != NULL) {
        for (guint i = 0; i < n_policies; i++)
            active[i] = g_ptr_array_index(e->policies->policies, i) == policy;
    } else {
        /* a short new text: the signature's words count too */
        g_autoptr(GArray) all = reply->new_len >= MIN_LANGUAGE_TEXT ? NULL
            : rg_words_split(reply->agent, reply->agent_len);

        policy = rg_lang_detect(e->policies, reply->agent,
                                all ? all : reply->words, m->content_language,
                                cfg->default_language, scores,
                                &result->words);
        unknown = rg_lang_unknown(e->policies, scores, result->words,
                                  m->content_language);
        if (unknown) {
            policy = rg_policy_set_find(e->policies, cfg->default_language);
            if (run && run->allowed && !allowed(e, run, policy))
                policy = run->first;
            for (guint i = 0; i < n_policies; i++)
                active[i] = g_ptr_array_index(e->policies->policies, i) ==
                    policy;
        } else {
            if (run && run->allowed && !allowed(e, run, policy))
                policy = best_allowed(e, run, scores);
            rg_lang_active(e->policies, scores, policy, active);
            for (guint i = 0; run && run->allowed && i < n_policies; i++)
                active[i] = active[i] && run->allowed[i];
        }
    }
    if (keep_text) {
        result->scores = g_array_new(FALSE, FALSE, sizeof(RgLanguageScore));
        for (guint i = 0; i < n_policies; i++) {
            RgLanguageScore ls = {.score = scores[i]};

            g_strlcpy(ls.code, ((const RgPolicy *) g_ptr_array_index(
                                    e->policies->policies, i))->code,
                      sizeof ls.code);
            g_array_append_val(result->scores, ls);
        }
    }
    check = (RgCheck) {
        .config = cfg,
        .policies = e->policies,
        .policy = policy,
        .ticket = run && run->ticket ? run->ticket : e->ticket,
        .acronyms = e->acronyms,
        .matcher = matcher,
        .message = m,
        .reply = reply,
        .subject = m->subject + core,
        .active = active,
    };
    if (!(unknown && cfg->unknown_language == RG_UNKNOWN_PASS) &&
        !rg_rules_run(&check, result, error))
        return NULL;
    result->language = g_strdup(unknown ? RG_LANGUAGE_UNKNOWN : policy->code);
    result->subject = g_strdup(m->subject);
    result->from = g_steal_pointer(&from);
    result->date = date_day(message);
    result->profile = run ? g_strdup(run->profile->name) : NULL;
    result->truncated = m->truncated;
    if (keep_text) {
        result->text = g_strndup(m->body, m->body_len);
        result->text_len = m->body_len;
        result->zones = g_array_ref(reply->zones);
    }
    result->is_reply = m->is_reply || prefixes > 0;
    result->searches = rg_matcher_searches(matcher, &result->searches_skipped);
    rg_result_finish(result);
    result->elapsed_ms = (double) (g_get_monotonic_time() - t0) / 1000.0;
    return g_steal_pointer(&result);
}

/* message_start - skip what precedes the headers of a stored message: a
 * UTF-8 byte-order mark, blank lines and an mbox "From " envelope line */
static gsize message_start(const char *data, gsize len)
{
    gsize at = 0;

    if (len == 0)
        return 0;               /* (data may be NULL then) */
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        at = 3;
    for (;;) {
        const char *nl = memchr(data + at, '\n', len - at);
        gsize end = nl ? (gsize) (nl - data) + 1 : len;
        gboolean blank = TRUE;

        for (gsize i = at; i < end && blank; i++)
            blank = g_ascii_isspace(data[i]);
        if (nl == NULL || !(blank || (end - at > 5 &&
                                      memcmp(data + at, "From ", 5) == 0)))
            return at;
        at = end;
    }
}

/* parse_bytes - a GMime message of data[0, len), or NULL */
static GMimeMessage *parse_bytes(const RgEngine *e, const char *data, gsize len)
{
    GMimeStream *stream = g_mime_stream_mem_new_with_buffer(data ? data : "",
                                                            len);
    GMimeParser *parser = g_mime_parser_new_with_stream(stream);
    GMimeMessage *message;

    g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
    message = g_mime_parser_construct_message(parser, e->parser_options);
    g_object_unref(parser);
    g_object_unref(stream);
    return message;
}

/*
 * rg_engine_scan_bytes - parse an RFC 5322 message and scan it; only the
 * first max-message bytes are read, as the daemon collects no more.  Text
 * that has no header block at all is scanned as a body without headers,
 * so every input gets a verdict.
 */
RgResult *rg_engine_scan_bytes(const RgEngine *e, const char *data, gsize len,
                               const RgScanOptions *options, GError **error)
{
    const RgScanOptions defaults = {0};
    const RgScanOptions *o = options ? options : &defaults;
    gint64 t0 = g_get_monotonic_time();
    gsize size = MIN(len, e->config->max_message);
    gsize start = message_start(data, size);
    GMimeMessage *message = parse_bytes(e, data + start, size - start);
    RgResult *result = NULL;

    if (message == NULL) {
        GByteArray *headerless = g_byte_array_sized_new((guint) size + 32);

        static const char empty_header[] = "MIME-Version: 1.0\n\n";

        g_byte_array_append(headerless, (const guint8 *) empty_header,
                            sizeof empty_header - 1);
        g_byte_array_append(headerless, (const guint8 *) data + start,
                            (guint) (size - start));
        message = parse_bytes(e, (const char *) headerless->data,
                              headerless->len);
        g_byte_array_unref(headerless);
    }
    if (message == NULL) {
        g_set_error(error, RG_ERROR, RG_ERROR_PARSE,
                    "the message could not be parsed as RFC 5322");
    } else {
        RgScanOptions with = *o;

        with.cut = o->cut || len > e->config->max_message;
        result = scan_message(e, message, &with, error);
        g_object_unref(message);
    }
    if (result)
        result->elapsed_ms = (double) (g_get_monotonic_time() - t0) / 1000.0;
    return result;
}
