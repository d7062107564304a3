/*
 * null-milter.c - the floor for postfix-bench: a libmilter milter that
 * negotiates the same actions and protocol steps as replyguard, receives
 * the same headers and body, and does nothing with them.
 *
 * Usage: null-milter SOCKET (e.g. inet:10025@127.0.0.1); SIGTERM stops it.
 * A benchmark helper, not a test.
 */
#include <libmilter/mfapi.h>
#include <stdio.h>
#include <string.h>

/* what replyguard asks for (milter/daemon/rg_milter.c) */
#define ACTIONS (SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_QUARANTINE)
#define STEPS (SMFIP_NR_RCPT | SMFIP_NR_HDR | SMFIP_NR_EOH | SMFIP_NR_BODY | \
               SMFIP_NOHELO | SMFIP_NOUNKNOWN | SMFIP_NODATA)

static sfsistat on_negotiate(SMFICTX *ctx, unsigned long actions,
                             unsigned long steps, unsigned long f2,
                             unsigned long f3, unsigned long *want_actions,
                             unsigned long *want_steps, unsigned long *pf2,
                             unsigned long *pf3)
{
    (void) ctx;
    (void) f2;
    (void) f3;
    *want_actions = actions & ACTIONS;
    *want_steps = steps & STEPS;
    *pf2 = 0;
    *pf3 = 0;
    return SMFIS_CONTINUE;
}

static sfsistat on_connect(SMFICTX *ctx, char *host, _SOCK_ADDR *addr)
{
    (void) ctx;
    (void) host;
    (void) addr;
    return SMFIS_CONTINUE;
}

static sfsistat on_args(SMFICTX *ctx, char **argv)
{
    (void) ctx;
    (void) argv;
    return SMFIS_CONTINUE;
}

static sfsistat on_header(SMFICTX *ctx, char *name, char *value)
{
    (void) ctx;
    (void) name;
    (void) value;
    return SMFIS_CONTINUE;
}

static sfsistat on_body(SMFICTX *ctx, unsigned char *chunk, size_t len)
{
    (void) ctx;
    (void) chunk;
    (void) len;
    return SMFIS_CONTINUE;
}

static sfsistat on_ctx(SMFICTX *ctx)
{
    (void) ctx;
    return SMFIS_CONTINUE;
}

int main(int argc, char **argv)
{
    struct smfiDesc description = {
        .xxfi_name = "null-milter",
        .xxfi_version = SMFI_VERSION,
        .xxfi_flags = ACTIONS,
        .xxfi_connect = on_connect,
        .xxfi_envfrom = on_args,
        .xxfi_envrcpt = on_args,
        .xxfi_header = on_header,
        .xxfi_eoh = on_ctx,
        .xxfi_body = on_body,
        .xxfi_eom = on_ctx,
        .xxfi_abort = on_ctx,
        .xxfi_close = on_ctx,
        .xxfi_negotiate = on_negotiate,
    };

    if (argc != 2 || strcmp(argv[1], "--help") == 0) {
        fprintf(stderr, "usage: null-milter SOCKET\n");
        return 64;
    }
    if (smfi_setconn(argv[1]) != MI_SUCCESS ||
        smfi_register(description) != MI_SUCCESS ||
        smfi_opensocket(1) != MI_SUCCESS) {
        fprintf(stderr, "null-milter: cannot listen on %s\n", argv[1]);
        return 69;
    }
    fprintf(stderr, "null-milter listening on %s\n", argv[1]);
    return smfi_main() == MI_SUCCESS ? 0 : 70;
}
