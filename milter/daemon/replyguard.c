/*
 * replyguard.c - the milter daemon: options, process set-up, signals
 *
 *   replyguard [-c CONFIG] [-p SOCKET] [-f] [-u USER] [-P PIDFILE] [-n] [-V]
 *
 * Loads the config and policies (refusing to start on any error, with
 * file:line), opens the milter socket, drops privileges, detaches unless
 * -f, then runs libmilter in its own thread while the main thread waits
 * for signals: SIGHUP reloads (a broken new config is refused and the old
 * engine keeps serving), SIGTERM and SIGINT stop.
 *
 * libmilter's own signal thread sigwait()s for SIGHUP too, and stops the
 * milter when it gets one.  So every other thread is started with the
 * signals blocked, and the main thread alone leaves them unblocked with a
 * handler that writes the signal number to a pipe: the kernel delivers a
 * process signal to the thread-group leader whenever it does not block
 * it, so libmilter never sees SIGHUP, however many arrive.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <locale.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "rg_http.h"
#include "rg_log.h"
#include "rg_metrics.h"
#include "rg_milter.h"

#define DEFAULT_CONFIG "/etc/replyguard/replyguard.conf"

typedef struct {
    char *config_path;
    char *socket;
    char *user;
    char *pid_file;
    gboolean foreground;
    gboolean check_only;
    gboolean version;
} Options;

static int milter_status = EX_OK;
static char *stats_started;     /* stats-listen at start: a reload keeps it */
static int signal_pipe[2] = {-1, -1};

/* on_signal - the handler: pass the signal number on to the main loop */
static void on_signal(int sig)
{
    unsigned char b = (unsigned char) sig;
    int saved = errno;

    if (write(signal_pipe[1], &b, 1) < 0) {
        /* the pipe is full of signals already: nothing is lost */
    }
    errno = saved;
}

/* parse_options - command line into opt; FALSE on a usage error */
static gboolean parse_options(int *argc, char ***argv, Options *opt)
{
    GOptionEntry entries[] = {
        {"config", 'c', 0, G_OPTION_ARG_FILENAME, &opt->config_path,
         "Config file (default " DEFAULT_CONFIG ")", "FILE"},
        {"socket", 'p', 0, G_OPTION_ARG_STRING, &opt->socket,
         "Milter socket: unix:PATH, local:PATH, inet:PORT@HOST, inet6:PORT@HOST",
         "SOCKET"},
        {"foreground", 'f', 0, G_OPTION_ARG_NONE, &opt->foreground,
         "Stay in the foreground and log to stderr", NULL},
        {"user", 'u', 0, G_OPTION_ARG_STRING, &opt->user,
         "Run as USER after opening the socket", "USER"},
        {"pid-file", 'P', 0, G_OPTION_ARG_FILENAME, &opt->pid_file,
         "Write the process id to FILE", "FILE"},
        {"check-config", 'n', 0, G_OPTION_ARG_NONE, &opt->check_only,
         "Check the config and policies, then exit (0 good, 78 bad)", NULL},
        {"version", 'V', 0, G_OPTION_ARG_NONE, &opt->version,
         "Print the version and exit", NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL}
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new(NULL);
    g_autoptr(GError) error = NULL;

    g_option_context_set_summary(ctx, "The replyguard mail filter (milter).");
    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, argc, argv, &error)) {
        fprintf(stderr, "replyguard: %s\n", error->message);
        return FALSE;
    }
    if (*argc > 1) {
        fprintf(stderr, "replyguard: unexpected argument \"%s\"\n", (*argv)[1]);
        return FALSE;
    }
    return TRUE;
}

/* drop_privileges - become user (and its groups); FALSE with a message */
static gboolean drop_privileges(const char *user)
{
    struct passwd *pw = getpwnam(user);

    if (pw == NULL) {
        fprintf(stderr, "replyguard: no such user \"%s\"\n", user);
        return FALSE;
    }
    if (getuid() == pw->pw_uid)
        return TRUE;
    if (initgroups(pw->pw_name, pw->pw_gid) != 0 || setgid(pw->pw_gid) != 0 ||
        setuid(pw->pw_uid) != 0) {
        fprintf(stderr, "replyguard: cannot become \"%s\": %s\n", user,
                g_strerror(errno));
        return FALSE;
    }
    if (setuid(0) == 0) {
        fprintf(stderr, "replyguard: privileges were not dropped\n");
        return FALSE;
    }
    return TRUE;
}

/* detach - fork into the background; the parent exits at once */
static gboolean detach(void)
{
    pid_t pid = fork();
    int fd;

    if (pid < 0) {
        fprintf(stderr, "replyguard: fork: %s\n", g_strerror(errno));
        return FALSE;
    }
    if (pid > 0)
        _exit(EX_OK);
    if (setsid() < 0 || chdir("/") != 0)
        return FALSE;
    fd = open("/dev/null", O_RDWR);
    if (fd >= 0) {
        dup2(fd, STDIN_FILENO);
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
        if (fd > STDERR_FILENO)
            close(fd);
    }
    return TRUE;
}

/* run_milter - the libmilter thread; wakes the main thread when done */
static void *run_milter(void *unused)
{
    (void) unused;
    milter_status = smfi_main() == MI_SUCCESS ? EX_OK : EX_SOFTWARE;
    on_signal(SIGTERM);
    return NULL;
}

/* reload - a new engine, or the old one with a log line */
static void reload(const char *path)
{
    g_autoptr(GError) error = NULL;
    RgSnapshot *snapshot = rg_snapshot_load(path, &error);

    rg_metrics_reload(rg_metrics(), snapshot != NULL);
    if (snapshot == NULL) {
        rg_log(LOG_ERR, "reload refused, the old config keeps serving: %s",
               error->message);
        return;
    }
    if (g_strcmp0(snapshot->milter->stats_listen, stats_started) != 0)
        rg_log(LOG_WARNING, "stats-listen is now %s: the listener stays %s "
               "until a restart", snapshot->milter->stats_listen
               ? snapshot->milter->stats_listen : "unset",
               stats_started ? stats_started : "off");
    rg_milter_set_snapshot(snapshot);
    rg_log(LOG_INFO, "reloaded %s", path ? path : "(built-in defaults)");
}

/* run_reloader - reloads one request at a time, so the main thread goes
 * straight back to waiting for signals; an empty request ends it */
static gpointer run_reloader(gpointer data)
{
    GAsyncQueue *requests = data;

    for (;;) {
        char *path = g_async_queue_pop(requests);

        if (path[0] == '\0') {
            g_free(path);
            return NULL;
        }
        reload(strcmp(path, "-") == 0 ? NULL : path);
        g_free(path);
    }
}

/* serve - run the milter and reloader threads with the signals blocked,
 * then take signals in this thread until told to stop */
static int serve(const char *config_path)
{
    static const int handled[] = {SIGHUP, SIGTERM, SIGINT};
    /* SA_NODEFER: the main thread must not block a signal even while its
     * handler runs, or the next SIGHUP would go to libmilter's thread */
    struct sigaction sa = {.sa_handler = on_signal,
                           .sa_flags = SA_RESTART | SA_NODEFER};
    pthread_t milter;
    GAsyncQueue *requests = g_async_queue_new();
    GThread *reloader;
    sigset_t signals;
    gboolean started;

    sigemptyset(&signals);
    for (guint i = 0; i < G_N_ELEMENTS(handled); i++)
        sigaddset(&signals, handled[i]);
    if (pipe(signal_pipe) != 0) {
        rg_log(LOG_ERR, "pipe: %s", g_strerror(errno));
        g_async_queue_unref(requests);
        return EX_OSERR;
    }
    fcntl(signal_pipe[1], F_SETFL, O_NONBLOCK);
    pthread_sigmask(SIG_BLOCK, &signals, NULL);
    reloader = g_thread_new("reload", run_reloader, requests);
    started = pthread_create(&milter, NULL, run_milter, NULL) == 0;
    sigemptyset(&sa.sa_mask);
    for (guint i = 0; i < G_N_ELEMENTS(handled); i++)
        sigaction(handled[i], &sa, NULL);
    pthread_sigmask(SIG_UNBLOCK, &signals, NULL);
    if (!started) {
        rg_log(LOG_ERR, "cannot start the milter thread");
        milter_status = EX_OSERR;
    } else {
        for (;;) {
            unsigned char sig;
            ssize_t n = read(signal_pipe[0], &sig, 1);

            if (n < 0 && errno == EINTR)
                continue;
            if (n == 1 && sig == SIGHUP) {
                g_async_queue_push(requests,
                                   g_strdup(config_path ? config_path : "-"));
                continue;
            }
            rg_log(LOG_INFO, "stopping on signal %d", n == 1 ? sig : 0);
            smfi_stop();
            break;
        }
        pthread_join(milter, NULL);
    }
    g_async_queue_push(requests, g_strdup(""));
    g_thread_join(reloader);
    g_async_queue_unref(requests);
    return milter_status;
}

/* run - everything after option parsing; returns the exit status */
static int run(const Options *opt)
{
    g_autoptr(GError) error = NULL;
    RgSnapshot *snapshot;
    const RgMilterConfig *cfg;
    const char *socket;
    const char *pid_file;
    int pid_fd = -1;
    int status = EX_OK;
    RgHttp *http = NULL;

    if (opt->version) {
        unsigned int major, minor, patch;

        smfi_version(&major, &minor, &patch);
        printf("replyguard %s (libmilter %u.%u.%u)\n", RG_VERSION, major, minor,
               patch);
        return EX_OK;
    }
    rg_engine_global_init();
    snapshot = rg_snapshot_load(opt->config_path, &error);
    if (snapshot == NULL) {
        fprintf(stderr, "replyguard: %s\n", error->message);
        return EX_CONFIG;
    }
    /* from here on the milter module owns the snapshot */
    rg_milter_set_snapshot(snapshot);
    cfg = snapshot->milter;
    if (opt->check_only) {
        g_auto(GStrv) overlaps = rg_config_profile_overlaps(
            rg_engine_config(snapshot->engine));

        for (char **o = overlaps; *o; o++)
            printf("replyguard: warning: %s\n", *o);
        printf("replyguard: %s: OK\n",
               opt->config_path ? opt->config_path : "(built-in defaults)");
        goto out;
    }
    socket = opt->socket ? opt->socket : cfg->socket;
    pid_file = opt->pid_file ? opt->pid_file : cfg->pid_file;
    if (pid_file && pid_file[0]) {
        pid_fd = open(pid_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (pid_fd < 0) {
            fprintf(stderr, "replyguard: cannot write pid file %s: %s\n",
                    pid_file, g_strerror(errno));
            status = EX_CANTCREAT;
            goto out;
        }
    }
    if (smfi_setconn((char *) socket) != MI_SUCCESS ||
        smfi_register(*rg_milter_description()) != MI_SUCCESS ||
        smfi_opensocket(1) != MI_SUCCESS) {
        fprintf(stderr, "replyguard: cannot open milter socket \"%s\"\n", socket);
        status = EX_UNAVAILABLE;
        goto out;
    }
    if ((opt->user || cfg->user) && !drop_privileges(opt->user ? opt->user
                                                     : cfg->user)) {
        status = EX_NOPERM;
        goto out;
    }
    if (!opt->foreground && !detach()) {
        status = EX_OSERR;
        goto out;
    }
    rg_log_open(opt->foreground);
    if (pid_fd >= 0) {
        g_autofree char *pid = g_strdup_printf("%d\n", (int) getpid());

        if (write(pid_fd, pid, strlen(pid)) < 0)
            rg_log(LOG_WARNING, "pid file %s: %s", pid_file, g_strerror(errno));
    }
    rg_log(LOG_INFO, "replyguard %s listening on %s, mode %s", RG_VERSION,
           socket, cfg->mode == RG_MODE_MONITOR ? "monitor" : "enforce");
    if (cfg->stats_listen) {
        http = rg_http_start(cfg->stats_listen, &error);
        if (http == NULL) {
            rg_log(LOG_ERR, "cannot listen on stats-listen %s: %s",
                   cfg->stats_listen, error->message);
            status = EX_UNAVAILABLE;
            goto out;
        }
        rg_log(LOG_INFO, "stats listening on %s%s", cfg->stats_listen,
               cfg->check_api ? ", check API on" : "");
        stats_started = g_strdup(cfg->stats_listen);
    }
    cfg = NULL;                 /* a reload may free it from now on */
    status = serve(opt->config_path);
out:
    rg_http_stop(http);
    g_clear_pointer(&stats_started, g_free);
    if (pid_fd >= 0) {
        close(pid_fd);
        unlink(pid_file);
    }
    rg_milter_set_snapshot(NULL);
    return status;
}

int main(int argc, char **argv)
{
    Options opt = {0};
    int status;

    setlocale(LC_ALL, "");
    if (!parse_options(&argc, &argv, &opt)) {
        status = EX_USAGE;
    } else {
        if (opt.config_path == NULL &&
            g_file_test(DEFAULT_CONFIG, G_FILE_TEST_EXISTS))
            opt.config_path = g_strdup(DEFAULT_CONFIG);
        status = run(&opt);
    }
    g_free(opt.config_path);
    g_free(opt.socket);
    g_free(opt.user);
    g_free(opt.pid_file);
    return status;
}
