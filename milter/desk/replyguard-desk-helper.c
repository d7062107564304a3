/*
 * NAME
 *	replyguard-desk-helper - the review desk's only privileged operations
 * SYNOPSIS
 *	replyguard-desk-helper [-c POSTFIX_CONFIG_DIR] list
 *	replyguard-desk-helper [-c POSTFIX_CONFIG_DIR] show QUEUE_ID
 *	replyguard-desk-helper [-c POSTFIX_CONFIG_DIR] release QUEUE_ID
 *	replyguard-desk-helper [-c POSTFIX_CONFIG_DIR] delete QUEUE_ID
 *	replyguard-desk-helper [-c POSTFIX_CONFIG_DIR] send ADDRESS
 * DESCRIPTION
 *	Installed set-user-id root and executable by the desk's group only
 *	(mode 4750 root:replyguard-desk), it runs exactly one Postfix
 *	command, without a shell, with an empty environment (PATH fixed):
 *
 *	    list     postqueue -j
 *	    show     postcat -bh -q ID   (the held message, headers and body)
 *	    release  postsuper -H ID     (only if ID is in the hold queue)
 *	    delete   postsuper -d ID hold
 *	    send     sendmail -i -f <> -- ADDRESS, the message on stdin
 *
 *	A queue id must match ^[0-9A-Za-z]{6,20}$, an address must be
 *	local@domain of [A-Za-z0-9.!#$%&'*+/=?^_`{|}~@-] and not start with
 *	"-".  A -c directory is accepted only when it and its main.cf are
 *	owned by root and not writable by group or others, so the caller
 *	cannot point Postfix at a config of its own.
 * DIAGNOSTICS
 *	Exit 64 on a usage error or an invalid argument, 77 when the
 *	config dir is refused, 71 when exec fails; otherwise the Postfix
 *	command's own status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

/* id_ok - ^[0-9A-Za-z]{6,20}$ */
static int id_ok(const char *id)
{
    size_t n;

    for (n = 0; id[n]; n++)
        if (!((id[n] >= '0' && id[n] <= '9') || (id[n] >= 'A' && id[n] <= 'Z') ||
              (id[n] >= 'a' && id[n] <= 'z')))
            return 0;
    return n >= 6 && n <= 20;
}

/* address_ok - a plain local@domain, no option look-alike */
static int address_ok(const char *a)
{
    const char *at = strchr(a, '@');

    if (a[0] == '-' || at == NULL || at == a || at[1] == '\0' || strlen(a) > 254)
        return 0;
    return strspn(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                  "0123456789.!#$%&'*+/=?^_`{|}~@-") == strlen(a);
}

/* root_only - whether path is owned by root and not group/other-writable */
static int root_only(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && st.st_uid == 0 &&
        (st.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

static void usage(void)
{
    fprintf(stderr, "usage: replyguard-desk-helper [-c DIR] "
            "list | show ID | release ID | delete ID | send ADDRESS\n");
    exit(64);
}

int main(int argc, char **argv)
{
    static char *empty_env[] = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL};
    const char *dir = NULL, *verb, *arg = NULL;
    char main_cf[4096];
    char *args[12];
    int n = 0, i = 1;

    if (argc > 2 && strcmp(argv[1], "-c") == 0) {
        dir = argv[2];
        i = 3;
    }
    if (i >= argc)
        usage();
    verb = argv[i++];
    if (i < argc)
        arg = argv[i++];
    if (i != argc)
        usage();
    if (dir) {
        if (dir[0] != '/' ||
            snprintf(main_cf, sizeof(main_cf), "%s/main.cf", dir) >= (int) sizeof(main_cf) ||
            !root_only(dir) || !root_only(main_cf)) {
            fprintf(stderr, "replyguard-desk-helper: %s: not a root-owned "
                    "Postfix config dir\n", dir);
            return 77;
        }
    }
    /* a set-user-id helper: become root entirely (postsuper wants a real uid 0) */
    if (geteuid() == 0 && (setgid(0) != 0 || setuid(0) != 0)) {
        perror("replyguard-desk-helper: setuid");
        return 71;
    }
    environ = empty_env;
    if (strcmp(verb, "list") == 0 && arg == NULL) {
        args[n++] = "postqueue";
        if (dir) { args[n++] = "-c"; args[n++] = (char *) dir; }
        args[n++] = "-j";
    } else if (strcmp(verb, "show") == 0 && arg && id_ok(arg)) {
        args[n++] = "postcat";
        if (dir) { args[n++] = "-c"; args[n++] = (char *) dir; }
        args[n++] = "-bh"; args[n++] = "-q"; args[n++] = (char *) arg;
    } else if ((strcmp(verb, "release") == 0 || strcmp(verb, "delete") == 0) &&
               arg && id_ok(arg)) {
        args[n++] = "postsuper";
        if (dir) { args[n++] = "-c"; args[n++] = (char *) dir; }
        args[n++] = verb[0] == 'r' ? "-H" : "-d";
        args[n++] = (char *) arg;
        args[n++] = "hold";
    } else if (strcmp(verb, "send") == 0 && arg && address_ok(arg)) {
        args[n++] = "sendmail";
        if (dir) { args[n++] = "-C"; args[n++] = (char *) dir; }
        args[n++] = "-i"; args[n++] = "-f"; args[n++] = "<>";
        args[n++] = "--"; args[n++] = (char *) arg;
    } else {
        usage();
    }
    args[n] = NULL;
    execvp(args[0], args);
    perror("replyguard-desk-helper: exec");
    return 71;
}
