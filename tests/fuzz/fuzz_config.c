/*
 * fuzz_config.c - libFuzzer harness over the config and policy loaders
 *
 * The same bytes are loaded as a replyguard.conf and as a policy file:
 * either a value or an error naming file and line, never a crash.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "replyguard/rg_config.h"
#include "rg_policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    GError *error = NULL;
    RgConfig *config = rg_config_load_data((const char *) data, size,
                                           "fuzz.conf", NULL, &error);
    RgPolicy *policy;

    if (config == NULL && (error == NULL || error->message == NULL))
        abort();
    rg_config_free(config);
    g_clear_error(&error);
    policy = rg_policy_load_data((const char *) data, size, "fuzz.policy",
                                 &error);
    if (policy == NULL && (error == NULL || error->message == NULL))
        abort();
    rg_policy_free(policy);
    g_clear_error(&error);
    return 0;
}
