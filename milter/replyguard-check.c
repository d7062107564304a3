/*
 * replyguard-check - check replies from files, mboxes, Maildirs or stdin
 *
 * SYNOPSIS
 *   replyguard-check [-c CONFIG] [--policy-dir DIR] [--lang auto|CODE]
 *                    [--format text|json] [--explain] [--summary] FILE... | -
 *
 * DESCRIPTION
 *   The command-line front end of the engine: the same config file and
 *   the same verdicts as the replyguard daemon.  A FILE is a message, an
 *   mbox (it starts with "From "), a Maildir (a folder with cur/ or new/)
 *   or a folder of message files.
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

#include "rg_engine.h"
#include "rg_report.h"
#include "rg_summary.h"

#ifndef RG_VERSION
#define RG_VERSION "0"
#endif

typedef struct {
    RgEngine *engine;
    const char *language;       /* NULL: detect */
    gboolean json;
    gboolean explain;
    RgSummary *summary;         /* NULL unless --summary */
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
                       result && result->from ? result->from : "(unknown)");
    if (run->json)
        rg_report_json(run->out, source, result, msg);
    else if (run->summary == NULL)
        rg_report_text(run->out, source, result, msg, run->explain);
    flush(run);
}

/* scan_mbox - every message of an mbox held in memory, named FILE#N */
static void scan_mbox(Run *run, const char *source, const char *data,
                      gsize len)
{
    GMimeStream *stream = g_mime_stream_mem_new_with_buffer(data, len);
    GMimeParser *parser = g_mime_parser_new_with_stream(stream);
    int n = 0;

    g_mime_parser_set_format(parser, GMIME_FORMAT_MBOX);
    while (!g_mime_parser_eos(parser)) {
        GMimeMessage *message = g_mime_parser_construct_message(
            parser, rg_engine_parser_options(run->engine));
        g_autofree char *name = NULL;
        GError *error = NULL;
        RgResult *result = NULL;

        if (message == NULL)
            break;
        name = g_strdup_printf("%s#%d", source, ++n);
        result = rg_engine_scan_message(run->engine, message, run->language,
                                        &error);
        g_object_unref(message);
        record(run, name, result, error);
        rg_result_free(result);
        g_clear_error(&error);
    }
    if (n == 0) {
        GError *error = g_error_new(RG_ERROR, RG_ERROR_PARSE,
                                    "no message found in the mbox");

        record(run, source, NULL, error);
        g_error_free(error);
    }
    g_object_unref(parser);
    g_object_unref(stream);
}

/* scan_data - a message or an mbox held in memory; a single message takes
 * the daemon's path through the engine */
static void scan_data(Run *run, const char *source, const char *data,
                      gsize len)
{
    GError *error = NULL;
    RgResult *result;

    if (len >= 5 && strncmp(data, "From ", 5) == 0) {
        scan_mbox(run, source, data, len);
        return;
    }
    result = rg_engine_scan_bytes(run->engine, data, len, run->language,
                                  &error);
    record(run, source, result, error);
    rg_result_free(result);
    g_clear_error(&error);
}

/* scan_file - read one file and scan what it holds */
static void scan_file(Run *run, const char *path)
{
    g_autofree char *data = NULL;
    gsize len = 0;
    GError *error = NULL;

    if (!g_file_get_contents(path, &data, &len, &error)) {
        g_printerr("replyguard-check: %s\n", error->message);
        run->failure = MAX(run->failure, error->code == G_FILE_ERROR_NOENT ||
                           error->code == G_FILE_ERROR_ACCES ? EX_NOINPUT
                           : EX_SOFTWARE);
        g_error_free(error);
        return;
    }
    scan_data(run, path, data, len);
}

/* compare_path - sort file names */
static gint compare_path(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}

/* list_files - the regular files of a folder, sorted; caller frees */
static void list_files(const char *dir, GPtrArray *into)
{
    g_autoptr(GPtrArray) found = g_ptr_array_new();
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *entry;

    if (d == NULL)
        return;
    while ((entry = g_dir_read_name(d)) != NULL) {
        char *path = g_build_filename(dir, entry, NULL);

        if (entry[0] != '.' && g_file_test(path, G_FILE_TEST_IS_REGULAR))
            g_ptr_array_add(found, path);
        else
            g_free(path);
    }
    g_dir_close(d);
    g_ptr_array_sort(found, compare_path);
    for (guint i = 0; i < found->len; i++)
        g_ptr_array_add(into, g_ptr_array_index(found, i));
}

/* scan_dir - a Maildir (cur/ and new/) or a folder of message files */
static void scan_dir(Run *run, const char *dir)
{
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *cur = g_build_filename(dir, "cur", NULL);
    g_autofree char *new = g_build_filename(dir, "new", NULL);

    if (g_file_test(cur, G_FILE_TEST_IS_DIR) ||
        g_file_test(new, G_FILE_TEST_IS_DIR)) {
        list_files(cur, files);
        list_files(new, files);
    } else {
        list_files(dir, files);
    }
    for (guint i = 0; i < files->len; i++)
        scan_file(run, g_ptr_array_index(files, i));
}

/* scan_stdin - everything on standard input */
static void scan_stdin(Run *run)
{
    g_autoptr(GByteArray) data = g_byte_array_new();
    char buf[65536];
    size_t n;

    while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
        g_byte_array_append(data, (guint8 *) buf, (guint) n);
    if (ferror(stdin)) {
        g_printerr("replyguard-check: reading standard input: %s\n",
                   g_strerror(errno));
        run->failure = MAX(run->failure, EX_NOINPUT);
        return;
    }
    scan_data(run, "-", (char *) data->data, data->len);
}

/* scan_path - dispatch one command-line input */
static void scan_path(Run *run, const char *path)
{
    if (strcmp(path, "-") == 0)
        scan_stdin(run);
    else if (g_file_test(path, G_FILE_TEST_IS_DIR))
        scan_dir(run, path);
    else if (g_file_test(path, G_FILE_TEST_EXISTS))
        scan_file(run, path);
    else {
        g_printerr("replyguard-check: %s: no such file or folder\n", path);
        run->failure = MAX(run->failure, EX_NOINPUT);
    }
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
    g_auto(GStrv) inputs = NULL;
    GOptionEntry entries[] = {
        {"config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path,
         "Config file (the daemon's replyguard.conf)", "CONFIG"},
        {"policy-dir", 0, 0, G_OPTION_ARG_FILENAME, &policy_dir,
         "Folder of *.policy files (overrides the config)", "DIR"},
        {"lang", 0, 0, G_OPTION_ARG_STRING, &language,
         "Language of the replies: auto (default) or a policy code", "CODE"},
        {"format", 0, 0, G_OPTION_ARG_STRING, &format,
         "Output: text (default) or json (one object per line)", "FORMAT"},
        {"explain", 0, 0, G_OPTION_ARG_NONE, &explain,
         "Also show the subject and scan time of each message", NULL},
        {"summary", 0, 0, G_OPTION_ARG_NONE, &summary,
         "Print counts per rule and per sender instead of each message", NULL},
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
    if (format && strcmp(format, "text") != 0 && strcmp(format, "json") != 0) {
        g_printerr("replyguard-check: --format must be text or json\n");
        return EX_USAGE;
    }
    if (inputs == NULL || inputs[0] == NULL) {
        g_printerr("replyguard-check: no input (give FILE... or -)\n");
        return EX_USAGE;
    }
    config = config_path ? rg_config_load(config_path, &error)
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
    run.engine = rg_engine_new(config, &error);
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
    run.json = format && strcmp(format, "json") == 0;
    run.explain = explain;
    run.out = g_string_new(NULL);
    if (summary)
        run.summary = rg_summary_new();
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
    status = run.failure ? run.failure : run.worst;
    g_string_free(run.out, TRUE);
    rg_engine_unref(run.engine);
    return status;
}
