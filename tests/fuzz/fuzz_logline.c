/*
 * fuzz_logline.c - libFuzzer harness over the daemon's log line parser
 *
 * Every line of the input is read as replyguard-check --from-log reads
 * one (rg_log_parse_line): an entry or a refusal, never a crash; an entry
 * is counted into a summary and the tables are rendered.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rg_logreport.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *text = g_strndup((const char *) data, size);
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    RgSummary *summary = rg_summary_new();
    GString *out = g_string_new(NULL);

    for (char **l = lines; *l; l++) {
        RgLogEntry e;

        if (!rg_log_parse_line(*l, NULL, &e))
            continue;
        if (e.sender == NULL || (e.result == NULL && !e.error))
            abort();
        rg_summary_add(summary, e.result, e.sender);
        if (e.result && e.day[0])
            rg_summary_add_day(summary, e.result, e.day);
        rg_log_entry_clear(&e);
    }
    rg_summary_text(summary, out);
    rg_summary_json(summary, out);
    g_string_free(out, TRUE);
    rg_summary_free(summary);
    return 0;
}
