/*
 * replay.c - run a fuzz harness over saved inputs, without libFuzzer
 *
 *   replay-HARNESS FILE|DIR...
 *
 * Every regular file named (or found one level down in a folder named) is
 * fed to LLVMFuzzerTestOneInput once.  Used by ctest to replay the
 * regression corpus and the seeds under the sanitizers and valgrind.
 * Fails when it found nothing to replay.
 */
#include <stdint.h>
#include <stdio.h>

#include <glib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
    g_autofree char *data = NULL;
    gsize len = 0;

    if (!g_file_get_contents(path, &data, &len, NULL))
        return 0;
    LLVMFuzzerTestOneInput((const uint8_t *) data, len);
    return 1;
}

int main(int argc, char **argv)
{
    int count = 0;

    for (int i = 1; i < argc; i++) {
        if (g_file_test(argv[i], G_FILE_TEST_IS_DIR)) {
            GDir *dir = g_dir_open(argv[i], 0, NULL);
            const char *name;

            while (dir && (name = g_dir_read_name(dir)) != NULL) {
                g_autofree char *path = g_build_filename(argv[i], name, NULL);

                if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
                    count += run_file(path);
            }
            if (dir)
                g_dir_close(dir);
        } else {
            count += run_file(argv[i]);
        }
    }
    printf("replayed %d inputs\n", count);
    /* a replay of nothing proves nothing: a missing folder is a failure */
    return count > 0 ? 0 : 1;
}
