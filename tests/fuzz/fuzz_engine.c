/*
 * fuzz_engine.c - libFuzzer harness: bytes -> parse -> checks -> verdict
 *
 * The input is a whole message, scanned by the shipped policies through
 * rg_engine_scan_bytes, exactly as both front ends do.  Built with clang
 * and -fsanitize=fuzzer when ENABLE_FUZZING is on; otherwise linked with
 * replay.c, which feeds it saved inputs (regressions, seeds) under ctest.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "replyguard/rg_engine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static RgEngine *engine_once(void)
{
    static RgEngine *engine;

    if (engine == NULL) {
        RgConfig *config = rg_config_new_default();
        GError *error = NULL;
        const char *dir = g_getenv("RG_FUZZ_POLICY_DIR");

        rg_engine_global_init();
        g_free(config->policy_dir);
        config->policy_dir = g_strdup(dir ? dir : RG_FUZZ_POLICY_DIR);
        engine = rg_engine_new(config, 0, &error);
        if (engine == NULL) {
            g_printerr("fuzz_engine: %s\n", error->message);
            abort();
        }
    }
    return engine;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    GError *error = NULL;
    RgResult *result = rg_engine_scan_bytes(engine_once(), (const char *) data,
                                            size, NULL, &error);

    /* a result, or an error (limits): never a crash, hang or leak */
    if (result == NULL && error == NULL)
        abort();
    rg_result_free(result);
    g_clear_error(&error);
    return 0;
}
