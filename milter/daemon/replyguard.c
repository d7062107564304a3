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
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sysexits.h>
#include <unistd.h>

#include "rg_http.h"
#include "rg_idle.h"
#include "rg_log.h"
#include "rg_metrics.h"
#include "rg_milter.h"
#include "rg_notice.h"

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
    rg_idle_listener_thread();
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
static int serve(const char *config_path, guint idle_timeout)
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
    rg_idle_start(idle_timeout);
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
            /* running notice commands die now, not after libmilter */
            rg_notice_shutdown();
            smfi_stop();
            break;
        }
        pthread_join(milter, NULL);
    }
    rg_idle_stop();
    g_async_queue_push(requests, g_strdup(""));
    g_thread_join(reloader);
    g_async_queue_unref(requests);
    return milter_status;
}

/* socket_spec_check - FALSE with a message unless spec is unix:PATH,
 * local:PATH, inet:PORT[@HOST] or inet6:PORT[@HOST]; *path gets the
 * unix path (caller frees), NULL for inet */
static gboolean socket_spec_check(const char *spec, char **path)
{
    const char *colon = strchr(spec, ':');
    g_autofree char *proto = colon ? g_strndup(spec, colon - spec) : NULL;
    const char *rest = colon ? colon + 1 : "";

    *path = NULL;
    if (proto && (strcmp(proto, "unix") == 0 || strcmp(proto, "local") == 0)) {
        if (rest[0] == '\0') {
            fprintf(stderr, "replyguard: socket \"%s\": no path\n", spec);
            return FALSE;
        }
        *path = g_canonicalize_filename(rest, NULL);
        if (strlen(*path) >= sizeof(((struct sockaddr_un *) 0)->sun_path)) {
            fprintf(stderr, "replyguard: socket \"%s\": path too long\n", spec);
            g_clear_pointer(path, g_free);
            return FALSE;
        }
        return TRUE;
    }
    if (proto && (strcmp(proto, "inet") == 0 || strcmp(proto, "inet6") == 0)) {
        g_autofree char *port = g_strndup(rest, strcspn(rest, "@"));
        char *end = NULL;
        guint64 n = g_ascii_strtoull(port, &end, 10);

        if (port[0] == '\0' || (*end != '\0' && getservbyname(port, "tcp") == NULL)
            || (*end == '\0' && (n == 0 || n > 65535))) {
            fprintf(stderr, "replyguard: socket \"%s\": bad port \"%s\"\n",
                    spec, port);
            return FALSE;
        }
        if (strchr(rest, '@') && strchr(rest, '@')[1] == '\0') {
            fprintf(stderr, "replyguard: socket \"%s\": no host after @\n", spec);
            return FALSE;
        }
        return TRUE;
    }
    fprintf(stderr, "replyguard: socket \"%s\": not unix:PATH, local:PATH, "
            "inet:PORT@HOST or inet6:PORT@HOST\n", spec);
    return FALSE;
}

/* socket_inet_probe - bind the inet socket spec once, as libmilter will,
 * to tell why it cannot be opened; FALSE with a message */
static gboolean socket_inet_probe(const char *spec)
{
    const char *rest = strchr(spec, ':') + 1;
    const char *at = strchr(rest, '@');
    g_autofree char *port = g_strndup(rest, strcspn(rest, "@"));
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE,
        .ai_family = g_str_has_prefix(spec, "inet6:") ? AF_INET6 : AF_INET};
    struct addrinfo *ai = NULL;
    int rc = getaddrinfo(at ? at + 1 : NULL, port, &hints, &ai);
    int fd, one = 1, err = 0;

    if (rc != 0) {
        fprintf(stderr, "replyguard: cannot open milter socket \"%s\": %s\n",
                spec, gai_strerror(rc));
        return FALSE;
    }
    fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd >= 0) {
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0)
            err = errno;
        close(fd);
    }
    freeaddrinfo(ai);
    if (err != 0) {
        fprintf(stderr, "replyguard: cannot open milter socket \"%s\": %s\n",
                spec, g_strerror(err));
        return FALSE;
    }
    return TRUE;
}

/* socket_unix_probe - FALSE with a message when path cannot be the
 * milter socket: its folder is missing, something not a socket is there,
 * or a running milter answers on it (never taken over) */
static gboolean socket_unix_probe(const char *path)
{
    g_autofree char *dir = g_path_get_dirname(path);
    struct sockaddr_un sun = {.sun_family = AF_UNIX};
    struct stat st;
    int fd, rc;

    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "replyguard: cannot open milter socket %s: no folder %s\n",
                path, dir);
        return FALSE;
    }
    if (lstat(path, &st) != 0)
        return TRUE;
    if (!S_ISSOCK(st.st_mode)) {
        fprintf(stderr, "replyguard: cannot open milter socket %s: it exists "
                "and is not a socket\n", path);
        return FALSE;
    }
    g_strlcpy(sun.sun_path, path, sizeof(sun.sun_path));
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    rc = fd >= 0 ? connect(fd, (struct sockaddr *) &sun, sizeof(sun)) : -1;
    if (fd >= 0)
        close(fd);
    if (rc == 0) {
        fprintf(stderr, "replyguard: cannot open milter socket %s: another "
                "milter is listening on it\n", path);
        return FALSE;
    }
    return TRUE;
}

/* socket_group_id - the gid for socket-group; FALSE with a message when
 * a configured group does not exist.  No group configured: "postfix"
 * when it exists (Postfix's processes must reach the socket), else -1 */
static gboolean socket_group_id(const RgMilterConfig *cfg, gid_t *gid)
{
    struct group *gr = getgrnam(cfg->socket_group ? cfg->socket_group
                                : "postfix");

    *gid = (gid_t) -1;
    if (gr != NULL) {
        *gid = gr->gr_gid;
        return TRUE;
    }
    if (cfg->socket_group == NULL)
        return TRUE;
    fprintf(stderr, "replyguard: socket-group: no such group \"%s\"\n",
            cfg->socket_group);
    return FALSE;
}

/* check_setup - what -n checks beyond the config file itself: the
 * socket, user, group and sendmail; FALSE after a message for each */
static gboolean check_setup(const char *socket, const char *user,
                            const RgMilterConfig *cfg)
{
    g_autofree char *path = NULL;
    gboolean ok = TRUE;
    gid_t gid;

    if (!socket_spec_check(socket, &path))
        ok = FALSE;
    else if (path != NULL) {
        g_autofree char *dir = g_path_get_dirname(path);

        /* a warning: the folder may be made at start (RuntimeDirectory) */
        if (!g_file_test(dir, G_FILE_TEST_IS_DIR))
            fprintf(stderr, "replyguard: warning: socket %s: no folder %s "
                    "(yet)\n", path, dir);
    }
    if (user != NULL && getpwnam(user) == NULL) {
        fprintf(stderr, "replyguard: no such user \"%s\"\n", user);
        ok = FALSE;
    }
    if (!socket_group_id(cfg, &gid))
        ok = FALSE;
    if (cfg->notice) {
        g_auto(GStrv) command = NULL;
        g_autofree char *program = NULL;

        if (g_shell_parse_argv(cfg->sendmail, NULL, &command, NULL))
            program = strchr(command[0], '/') ? g_strdup(command[0])
                : g_find_program_in_path(command[0]);
        if (program == NULL ||
            !g_file_test(program, G_FILE_TEST_IS_EXECUTABLE) ||
            g_file_test(program, G_FILE_TEST_IS_DIR)) {
            fprintf(stderr, "replyguard: sendmail = %s: not an executable file "
                    "(notice = yes needs it)\n", cfg->sendmail);
            ok = FALSE;
        }
    }
    return ok;
}

/* pid_file_open - create or take over the pid file, never through a
 * symlink, locked for as long as this process runs; -1 with a message
 * (another instance holds the lock: its file is left alone) */
static int pid_file_open(const char *path)
{
    int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    struct stat st;

    if (fd < 0) {
        fprintf(stderr, "replyguard: cannot write pid file %s: %s\n", path,
                errno == ELOOP ? "it is a symbolic link" : g_strerror(errno));
        return -1;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        fprintf(stderr, "replyguard: pid file %s is not a regular file\n", path);
        close(fd);
        return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        char buf[32] = "";
        ssize_t n = read(fd, buf, sizeof(buf) - 1);

        buf[n > 0 ? n : 0] = '\0';
        g_strchomp(buf);
        fprintf(stderr, "replyguard: already running (pid %s, pid file %s)\n",
                buf[0] ? buf : "?", path);
        close(fd);
        return -1;
    }
    if (ftruncate(fd, 0) != 0) {
        fprintf(stderr, "replyguard: pid file %s: %s\n", path, g_strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

/* open_socket - the milter socket: refused when it is in use, created
 * with socket-mode and socket-group, owned by user (if any) so that it
 * can remove it at the end; FALSE with a message */
static gboolean open_socket(const char *socket, const char *path,
                            const char *user, const RgMilterConfig *cfg)
{
    struct passwd *pw = user ? getpwnam(user) : NULL;
    uid_t uid = pw && getuid() == 0 ? pw->pw_uid : (uid_t) -1;
    guint mode = 0660;
    gid_t gid;
    mode_t old;
    gboolean ok;

    rg_milter_config_socket_mode(cfg->socket_mode, &mode);
    if (!socket_group_id(cfg, &gid))
        return FALSE;
    if (path ? !socket_unix_probe(path) : !socket_inet_probe(socket))
        return FALSE;
    old = umask(~mode & 0777);
    errno = 0;
    ok = smfi_setconn((char *) socket) == MI_SUCCESS &&
        smfi_settimeout((int) MIN(cfg->idle_timeout, G_MAXINT)) == MI_SUCCESS &&
        smfi_register(*rg_milter_description()) == MI_SUCCESS &&
        smfi_opensocket(1) == MI_SUCCESS;
    umask(old);
    if (!ok) {
        fprintf(stderr, "replyguard: cannot open milter socket \"%s\"%s%s\n",
                socket, errno ? ": " : "", errno ? g_strerror(errno) : "");
        return FALSE;
    }
    if (path && uid != (uid_t) -1 && chown(path, uid, (gid_t) -1) != 0) {
        fprintf(stderr, "replyguard: socket %s: cannot give it to %s: %s\n",
                path, user, g_strerror(errno));
        return FALSE;
    }
    if (path && gid != (gid_t) -1 && chown(path, (uid_t) -1, gid) != 0 &&
        cfg->socket_group != NULL) {
        fprintf(stderr, "replyguard: socket %s: cannot give it to group %s: %s\n",
                path, cfg->socket_group, g_strerror(errno));
        return FALSE;
    }
    if (path && chmod(path, mode) != 0) {
        fprintf(stderr, "replyguard: socket %s: chmod: %s\n", path,
                g_strerror(errno));
        return FALSE;
    }
    return TRUE;
}

/* run - everything after option parsing; returns the exit status */
static int run(const Options *opt)
{
    g_autoptr(GError) error = NULL;
    RgSnapshot *snapshot;
    const RgMilterConfig *cfg;
    g_autofree char *socket = NULL;
    g_autofree char *socket_path = NULL;
    g_autofree char *pid_file = NULL;
    const char *user;
    int pid_fd = -1;
    int status = EX_OK;
    RgHttp *http = NULL;
    guint idle_timeout;

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
    /* copies: a reload frees cfg's strings */
    socket = g_strdup(opt->socket ? opt->socket : cfg->socket);
    user = opt->user ? opt->user : cfg->user;
    if (opt->pid_file || cfg->pid_file)
        pid_file = g_canonicalize_filename(opt->pid_file ? opt->pid_file
                                           : cfg->pid_file, NULL);
    if (opt->check_only) {
        if (!check_setup(socket, user, cfg)) {
            status = EX_CONFIG;
            goto out;
        }
        g_auto(GStrv) overlaps = rg_config_profile_overlaps(
            rg_engine_config(snapshot->engine));

        for (char **o = overlaps; *o; o++)
            printf("replyguard: warning: %s\n", *o);
        printf("replyguard: %s: OK\n",
               opt->config_path ? opt->config_path : "(built-in defaults)");
        goto out;
    }
    if (!socket_spec_check(socket, &socket_path)) {
        status = EX_USAGE;
        goto out;
    }
    if (socket_path) {
        g_free(socket);
        socket = g_strconcat("unix:", socket_path, NULL);
    }
    if (pid_file && pid_file[0] && (pid_fd = pid_file_open(pid_file)) < 0) {
        status = EX_CANTCREAT;
        goto out;
    }
    if (!open_socket(socket, socket_path, user, cfg)) {
        status = EX_UNAVAILABLE;
        goto out;
    }
    if (user && !drop_privileges(user)) {
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
    idle_timeout = cfg->idle_timeout;
    cfg = NULL;                 /* a reload may free it from now on */
    user = NULL;
    status = serve(opt->config_path, idle_timeout);
    rg_notice_shutdown();
    if (socket_path)
        unlink(socket_path);
out:
    rg_http_stop(http);
    g_clear_pointer(&stats_started, g_free);
    if (pid_fd >= 0) {
        /* ours: locked by this process since it was opened */
        unlink(pid_file);
        close(pid_fd);
    }
    rg_milter_set_snapshot(NULL);
    return status;
}

int main(int argc, char **argv)
{
    static const int handled[] = {SIGHUP, SIGTERM, SIGINT};
    Options opt = {0};
    sigset_t signals;
    int status;

    /* a SIGHUP or SIGTERM during start-up waits for serve() to take it
     * (start-up never dies of a reload request) */
    sigemptyset(&signals);
    for (guint i = 0; i < G_N_ELEMENTS(handled); i++)
        sigaddset(&signals, handled[i]);
    pthread_sigmask(SIG_BLOCK, &signals, NULL);

    setlocale(LC_ALL, "");
    if (!parse_options(&argc, &argv, &opt)) {
        status = EX_USAGE;
    } else {
        if (opt.config_path == NULL &&
            g_file_test(DEFAULT_CONFIG, G_FILE_TEST_EXISTS))
            opt.config_path = g_strdup(DEFAULT_CONFIG);
        if (opt.config_path != NULL) {
            /* absolute: a reload after detach() runs in / */
            char *abs = g_canonicalize_filename(opt.config_path, NULL);

            g_free(opt.config_path);
            opt.config_path = abs;
        }
        status = run(&opt);
    }
    g_free(opt.config_path);
    g_free(opt.socket);
    g_free(opt.user);
    g_free(opt.pid_file);
    return status;
}
