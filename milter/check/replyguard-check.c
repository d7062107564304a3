/*
 * replyguard-check - check replies from files, mboxes, Maildirs or stdin
 *
 * SYNOPSIS
 *   replyguard-check [-c CONFIG | --no-config] [--policy-dir DIR]
 *                    [--lang auto|CODE] [--format text|json] [--explain]
 *                    [--summary] [--sender ADDRESS] [--login LOGIN]
 *                    FILE... | -
 *   replyguard-check --from-log [--format text|json] LOG... | -
 *   replyguard-check --rules
 *
 * DESCRIPTION
 *   The command-line front end of the engine: the same config file (by
 *   default the daemon's, /etc/replyguard/replyguard.conf, when present)
 *   and the same verdicts as the replyguard daemon.  A FILE is a message,
 *   an mbox (it starts with "From "), a Maildir (a folder with cur/ or
 *   new/) or a folder of message files; the engine reads them
 *   (rg_engine_scan_path).
 *
 * DIAGNOSTICS
 *   Exit status: the highest verdict over all inputs (0 pass, 1 flag,
 *   2 hold, 3 reject); 64 usage error, 66 input not found, 78 config
 *   error, 70 internal error (a message that could not be scanned).
 */
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "replyguard/rg_engine.h"
#include "rg_expect.h"
#include "rg_logreport.h"
#include "rg_report.h"
#include "rg_summary.h"

#ifndef RG_VERSION
#define RG_VERSION "0"
#endif

#define DEFAULT_CONFIG "/etc/replyguard/replyguard.conf"

/* the config's groups that are the daemon's: read by it, not here */
static const char *const daemon_groups[] = {"milter", NULL};

typedef struct {
    RgEngine *engine;
    const char *language;       /* NULL: detect */
    const char *sender;         /* --sender, for [profile] selection */
    const char *login;          /* --login */
    gboolean json;
    gboolean explain;
    RgSummary *summary;         /* NULL unless --summary */
    RgExpect *expect;           /* NULL unless --expect */
    int worst;                  /* highest verdict seen */
    int failure;                /* 0, EX_NOINPUT or EX_SOFTWARE */
    GString *out;
} Run;

/* flush - write and clear the output buffer */
static void flush(Run *run)
{
    fwrite(run->out->str, 1, run->out->len, stdout);
    g_string_truncate(run->out, 0);
}

/* record - report one message's result or error */
static void record(Run *run, const char *source, const RgResult *result,
                   const GError *error)
{
    const char *msg = error ? error->message : NULL;

    if (result == NULL) {
        run->failure = MAX(run->failure, EX_SOFTWARE);
        g_printerr("replyguard-check: %s: %s\n", source, msg);
    } else if ((int) result->verdict > run->worst) {
        run->worst = (int) result->verdict;
    }
    if (run->summary != NULL)
        rg_summary_add(run->summary, result,
                       run->sender ? run->sender
                       : result && result->from ? result->from : "(unknown)");
    if (run->summary != NULL && result && result->date)
        rg_summary_add_day(run->summary, result, result->date);
    if (run->expect != NULL) {
        rg_expect_add(run->expect, source, result);
        return;
    }
    if (run->json)
        rg_report_json(run->out, source, result, msg);
    else if (run->summary == NULL)
        rg_report_text(run->out, source, result, msg, run->explain);
    flush(run);
}

/* on_message - rg_engine_scan_path's callback */
static void on_message(const char *source, const RgResult *result,
                       const GError *error, gpointer data)
{
    record(data, source, result, error);
}

/* scan_path - every message of one command-line input */
static void scan_path(Run *run, const char *path)
{
    GError *error = NULL;

    const RgScanOptions options = {
        .language = run->language,
        .keep_text = run->json || run->explain,
        .sender = run->sender,
        .login = run->login,
    };

    if (!rg_engine_scan_path(run->engine, path, &options, on_message, run,
                             &error)) {
        g_printerr("replyguard-check: %s\n", error->message);
        run->failure = MAX(run->failure, error->code == RG_ERROR_NOT_FOUND ||
                           error->code == RG_ERROR_IO ? EX_NOINPUT
                           : EX_SOFTWARE);
        g_error_free(error);
    }
}

/* from_log - the --summary tables from the daemon's log lines */
static int from_log(char **logs, gboolean json)
{
    RgSummary *summary = rg_summary_new();
    g_autoptr(GString) out = g_string_new(NULL);
    int status = 0;
    guint entries = 0;

    for (char **l = logs; *l; l++) {
        GError *error = NULL;

        if (!rg_logreport_read(*l, summary, &entries, &error)) {
            g_printerr("replyguard-check: %s\n", error->message);
            g_error_free(error);
            status = EX_NOINPUT;
        }
    }
    if (entries == 0)
        g_printerr("replyguard-check: --from-log: no replyguard message "
                   "lines found\n");
    if (json)
        rg_summary_json(summary, out);
    else
        rg_summary_text(summary, out);
    fwrite(out->str, 1, out->len, stdout);
    rg_summary_free(summary);
    return status;
}

/* list_rules - the registry: every rule id and its default level */
static void list_rules(void)
{
    for (RgRuleId r = 0; r < rg_rule_count(); r++)
        printf("%-24s %s\n", rg_rule_name(r),
               rg_level_name(rg_rule_default_level(r)));
}

int main(int argc, char **argv)
{
    g_autofree char *config_path = NULL;
    g_autofree char *policy_dir = NULL;
    g_autofree char *language = NULL;
    g_autofree char *format = NULL;
    gboolean explain = FALSE;
    gboolean summary = FALSE;
    gboolean version = FALSE;
    gboolean no_config = FALSE;
    gboolean rules = FALSE;
    gboolean log = FALSE;
    g_autofree char *expect = NULL;
    g_autofree char *sender = NULL;
    g_autofree char *login = NULL;
    g_auto(GStrv) inputs = NULL;
    GOptionEntry entries[] = {
        {"config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path,
         "Config file (default " DEFAULT_CONFIG ", when present)", "CONFIG"},
        {"no-config", 0, 0, G_OPTION_ARG_NONE, &no_config,
         "Use the built-in defaults, not " DEFAULT_CONFIG, NULL},
        {"policy-dir", 0, 0, G_OPTION_ARG_FILENAME, &policy_dir,
         "Folder of *.policy files (overrides the config)", "DIR"},
        {"lang", 0, 0, G_OPTION_ARG_STRING, &language,
         "Language of the replies: auto (default) or a policy code", "CODE"},
        {"format", 0, 0, G_OPTION_ARG_STRING, &format,
         "Output: text (default) or json (one object per line)", "FORMAT"},
        {"sender", 0, 0, G_OPTION_ARG_STRING, &sender,
         "Envelope sender of the replies: picks the [profile] the daemon "
         "would (default: each message's From address)", "ADDRESS"},
        {"login", 0, 0, G_OPTION_ARG_STRING, &login,
         "SASL login of the sender, for [profile] logins", "LOGIN"},
        {"explain", 0, 0, G_OPTION_ARG_NONE, &explain,
         "Also show the subject and scan time of each message", NULL},
        {"summary", 0, 0, G_OPTION_ARG_NONE, &summary,
         "Print counts per verdict, rule, sender and day instead of each message", NULL},
        {"expect", 0, 0, G_OPTION_ARG_FILENAME, &expect,
         "Hold the results against labels (file, verdict, rules: a TSV "
         "like the corpora's expected.tsv); print exact matches and "
         "per-rule precision and recall; exit 1 below 100%", "TSV"},
        {"from-log", 0, 0, G_OPTION_ARG_NONE, &log,
         "The inputs are the daemon's logs (syslog, its stderr, journalctl "
         "-o short or export): print the --summary tables of the verdicts "
         "logged, per day too, without scanning mail", NULL},
        {"rules", 0, 0, G_OPTION_ARG_NONE, &rules,
         "List every rule id with its default level, and exit", NULL},
        {"version", 'V', 0, G_OPTION_ARG_NONE, &version,
         "Print the version and exit", NULL},
        {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs,
         NULL, NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL}
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("FILE...|-");
    GError *error = NULL;
    RgConfig *config;
    Run run = {0};
    int status;

    setlocale(LC_ALL, "");
    g_option_context_set_summary(ctx, "Check customer-service replies "
                                 "against the replyguard policy.");
    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
        g_printerr("replyguard-check: %s\n", error->message);
        g_error_free(error);
        return EX_USAGE;
    }
    if (version) {
        printf("replyguard-check %s\n", RG_VERSION);
        return 0;
    }
    if (rules) {
        list_rules();
        return 0;
    }
    if (config_path && no_config) {
        g_printerr("replyguard-check: -c and --no-config exclude each other\n");
        return EX_USAGE;
    }
    if (format && strcmp(format, "text") != 0 && strcmp(format, "json") != 0) {
        g_printerr("replyguard-check: --format must be text or json\n");
        return EX_USAGE;
    }
    if (inputs == NULL || inputs[0] == NULL) {
        g_printerr("replyguard-check: no input (give FILE... or -)\n");
        return EX_USAGE;
    }
    if (log)
        return from_log(inputs, format && strcmp(format, "json") == 0);
    if (config_path == NULL && !no_config &&
        g_file_test(DEFAULT_CONFIG, G_FILE_TEST_EXISTS))
        config_path = g_strdup(DEFAULT_CONFIG);
    config = config_path ? rg_config_load(config_path, daemon_groups, &error)
        : rg_config_new_default();
    if (config == NULL) {
        g_printerr("replyguard-check: %s\n", error->message);
        g_error_free(error);
        return EX_CONFIG;
    }
    if (policy_dir) {
        g_free(config->policy_dir);
        config->policy_dir = g_strdup(policy_dir);
    }
    run.engine = rg_engine_new(config, 0, &error);
    if (run.engine == NULL) {
        g_printerr("replyguard-check: %s\n", error->message);
        g_error_free(error);
        return EX_CONFIG;
    }
    if (language && strcmp(language, "auto") != 0) {
        if (!rg_engine_has_language(run.engine, language)) {
            g_printerr("replyguard-check: --lang %s: no such policy\n",
                       language);
            rg_engine_unref(run.engine);
            return EX_USAGE;
        }
        run.language = language;
    }
    if (sender)
        run.sender = g_strstrip(sender);
    run.login = login;
    run.json = format && strcmp(format, "json") == 0;
    run.explain = explain;
    run.out = g_string_new(NULL);
    if (summary)
        run.summary = rg_summary_new();
    if (expect) {
        run.expect = rg_expect_load(expect, &error);
        if (run.expect == NULL) {
            g_printerr("replyguard-check: --expect: %s\n", error->message);
            g_error_free(error);
            rg_engine_unref(run.engine);
            return EX_USAGE;
        }
    }
    for (char **in = inputs; *in; in++)
        scan_path(&run, *in);
    if (run.summary != NULL) {
        if (run.json)
            rg_summary_json(run.summary, run.out);
        else
            rg_summary_text(run.summary, run.out);
        flush(&run);
        rg_summary_free(run.summary);
    }
    if (run.expect != NULL) {
        rg_expect_report(run.expect, run.out);
        flush(&run);
        run.worst = rg_expect_all_match(run.expect) ? 0 : 1;
        rg_expect_free(run.expect);
    }
    status = run.failure ? run.failure : run.worst;
    g_string_free(run.out, TRUE);
    rg_engine_unref(run.engine);
    return status;
}
