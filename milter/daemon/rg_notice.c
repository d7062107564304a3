/*
 * rg_notice.c - build and send the held-reply notice
 *
 * See rg_notice.h.  The message is built with GMime (RFC 2047 subject,
 * quoted-printable UTF-8 body) and piped to sendmail(1) from a thread
 * pool once the MTA has taken the message: fork/exec in a process group
 * of its own, killed whole after notice-timeout or at the stop; argv
 * only, no shell, "-f <>" and "--" before the one recipient, which must
 * look like a plain mailbox.  One notice per message (sender and digest)
 * a day, however often a client retries it.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <gmime/gmime.h>

#include "rg_action.h"
#include "rg_log.h"
#include "rg_notice.h"

/* rg_notice_address_ok - a plain local@domain: no spaces, controls,
 * quotes, brackets or leading '-', so it can only ever be one recipient */
gboolean rg_notice_address_ok(const char *a)
{
    const char *at;

    if (a == NULL || a[0] == '\0' || a[0] == '-' || strlen(a) > 254)
        return FALSE;
    for (const char *p = a; *p; p++)
        if ((unsigned char) *p <= ' ' || (unsigned char) *p >= 0x7f ||
            strchr("\"'<>()[],;:\\|`$&*?!{}", *p))
            return FALSE;
    at = strchr(a, '@');
    return at && at != a && at[1] != '\0' && strchr(at + 1, '@') == NULL;
}

/* body_text - the notice's text; caller frees */
static char *body_text(const RgEngine *e, const GPtrArray *recipients,
                       const RgResult *r)
{
    GString *out = g_string_new(NULL);
    g_autoptr(GDateTime) now = g_date_time_new_now_local();
    g_autofree char *date = g_date_time_format(now, "%F %T %z");
    g_autofree char *subject = rg_action_sanitize(r->subject, 400, FALSE);

    g_string_append_printf(out, "%s\n\n",
                           rg_engine_notice_text(e, r->language,
                                                 RG_NOTICE_INTRO));
    g_string_append(out, "  To:      ");
    for (guint i = 0; i < recipients->len; i++) {
        g_autofree char *rcpt = rg_action_sanitize(
            g_ptr_array_index(recipients, i), 256, FALSE);

        g_string_append_printf(out, "%s%s", i ? ", " : "", rcpt);
    }
    g_string_append_printf(out, "\n  Subject: %s\n  Date:    %s\n\n", subject,
                           date);
    g_string_append_printf(out, "%s\n\n",
                           rg_engine_notice_text(e, r->language, RG_NOTICE_FIX));
    for (guint i = 0; i < r->findings->len; i++) {
        const RgFinding *f = g_ptr_array_index(r->findings, i);

        g_string_append_printf(out, "* %s (%s)\n", rg_rule_name(f->rule),
                               rg_level_name(f->level));
        if (f->excerpt) {
            g_autofree char *ex = rg_action_sanitize(f->excerpt, 300, FALSE);

            if (f->line > 0)
                g_string_append_printf(out, "  %" G_GSIZE_FORMAT ": \"%s\"\n",
                                       f->line, ex);
            else
                g_string_append_printf(out, "  \"%s\"\n", ex);
        }
        g_string_append_printf(out, "  %s\n\n", f->hint);
    }
    g_string_append(out, "-- \nreplyguard\n");
    return g_string_free(out, FALSE);
}

/* rg_notice_build - the notice as an RFC 5322 message; caller frees */
char *rg_notice_build(const RgSnapshot *snap, const char *sender,
                      const GPtrArray *recipients, const RgResult *r)
{
    const RgEngine *e = snap->engine;
    const RgMilterConfig *cfg = snap->milter;
    GMimeMessage *msg = g_mime_message_new(TRUE);
    GMimeTextPart *part = g_mime_text_part_new_with_subtype("plain");
    g_autofree char *text = body_text(e, recipients, r);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc();
    g_autofree char *subject = g_strdup_printf(
        "%s: %s", rg_engine_notice_text(e, r->language, RG_NOTICE_SUBJECT),
        r->subject && r->subject[0] ? r->subject : "-");
    g_autofree char *clean_subject = rg_action_sanitize(subject, 300, FALSE);
    const char *from = cfg->notice_from && cfg->notice_from[0]
        ? cfg->notice_from : "MAILER-DAEMON";
    char *out;

    g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_FROM, "replyguard", from);
    g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_TO, NULL, sender);
    g_mime_message_set_subject(msg, clean_subject, "utf-8");
    g_mime_message_set_date(msg, now);
    g_mime_object_set_header(GMIME_OBJECT(msg), "Auto-Submitted",
                             "auto-replied", NULL);
    g_mime_object_set_header(GMIME_OBJECT(msg), "X-Auto-Response-Suppress",
                             "All", NULL);
    g_mime_object_set_header(GMIME_OBJECT(msg), "Content-Language",
                             r->language, NULL);
    g_mime_text_part_set_text(part, text);
    g_mime_object_set_content_type_parameter(GMIME_OBJECT(part), "charset",
                                             "utf-8");
    g_mime_part_set_content_encoding(GMIME_PART(part),
                                     GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
    g_mime_message_set_mime_part(msg, GMIME_OBJECT(part));
    out = g_mime_object_to_string(GMIME_OBJECT(msg), NULL);
    g_object_unref(part);
    g_object_unref(msg);
    return out;
}

/* A notice waiting to be sent: the command line and the message */
struct RgNoticeJob {
    char **argv;                /* NULL-terminated, owned */
    char *text;
    char *key;                  /* sender and message digest: sent once */
    char *log_sender;
    guint timeout;              /* seconds before the process group dies */
};

static GThreadPool *pool;
static GMutex lock;
static GHashTable *sent;        /* key -> time sent (gint64 seconds) */
static GHashTable *running;     /* process group ids of running commands */
static gboolean stopping;       /* rg_notice_shutdown was called */

#define SENT_KEEP (24 * 3600)   /* a retried message within a day: no notice */
#define SENT_MAX 10000

/* rg_notice_job_free - accepts NULL */
void rg_notice_job_free(RgNoticeJob *job)
{
    if (job == NULL)
        return;
    g_strfreev(job->argv);
    g_free(job->text);
    g_free(job->key);
    g_free(job->log_sender);
    g_free(job);
}

/*
 * rg_notice_job_new - the notice for a held reply, ready to send later;
 * key names the message (the same message retried gets the same key).
 * NULL with error when no notice can go.  Caller frees or queues.
 */
RgNoticeJob *rg_notice_job_new(const RgSnapshot *snap, const char *sender,
                               const GPtrArray *recipients, const RgResult *r,
                               const char *key, GError **error)
{
    const RgMilterConfig *cfg = snap->milter;
    g_auto(GStrv) command = NULL;
    GPtrArray *argv;
    RgNoticeJob *job;

    if (!rg_notice_address_ok(sender)) {
        g_set_error(error, RG_ERROR, RG_ERROR_INTERNAL,
                    "no notice: sender is not a plain address");
        return NULL;
    }
    /* the command is split like a shell would, but no shell runs it */
    if (!g_shell_parse_argv(cfg->sendmail, NULL, &command, error))
        return NULL;
    argv = g_ptr_array_new();
    /* found in PATH here: the child only calls execv() */
    g_ptr_array_add(argv, strchr(command[0], '/') ? g_strdup(command[0])
                    : g_find_program_in_path(command[0]));
    if (argv->pdata[0] == NULL) {
        g_set_error(error, RG_ERROR, RG_ERROR_INTERNAL,
                    "no notice: %s not found in PATH", command[0]);
        g_ptr_array_free(argv, TRUE);
        return NULL;
    }
    for (char **a = command + 1; *a; a++)
        g_ptr_array_add(argv, g_strdup(*a));
    g_ptr_array_add(argv, g_strdup("-i"));
    g_ptr_array_add(argv, g_strdup("-f"));
    g_ptr_array_add(argv, g_strdup("<>"));
    g_ptr_array_add(argv, g_strdup("--"));
    g_ptr_array_add(argv, g_strdup(sender));
    g_ptr_array_add(argv, NULL);
    job = g_new0(RgNoticeJob, 1);
    job->argv = (char **) g_ptr_array_free(argv, FALSE);
    job->text = rg_notice_build(snap, sender, recipients, r);
    job->key = g_strdup(key ? key : "");
    job->log_sender = rg_log_escape(sender);
    job->timeout = cfg->notice_timeout ? cfg->notice_timeout : 30;
    return job;
}

/* write_all - the whole text to fd before the deadline; FALSE if not */
static gboolean write_all(int fd, const char *text, gsize len, gint64 deadline)
{
    while (len > 0) {
        struct pollfd p = {.fd = fd, .events = POLLOUT};
        gint64 left = (deadline - g_get_monotonic_time()) / 1000;
        ssize_t n;

        if (left <= 0 || poll(&p, 1, (int) MIN(left, 1000)) < 0) {
            if (left > 0 && errno == EINTR)
                continue;
            return FALSE;
        }
        if (!(p.revents & (POLLOUT | POLLERR | POLLHUP)))
            continue;
        n = write(fd, text, len);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n <= 0)
            return FALSE;
        text += n;
        len -= (gsize) n;
    }
    return TRUE;
}

/*
 * notice_run - run the command with the text on its standard input, in
 * a process group of its own; after timeout seconds the whole group is
 * killed.  Returns a description of the failure, or NULL.  Caller frees.
 */
static char *notice_run(const RgNoticeJob *job)
{
    gint64 deadline = g_get_monotonic_time() + (gint64) job->timeout * G_USEC_PER_SEC;
    int in[2];
    int status = 0;
    gboolean timed_out = FALSE;
    pid_t pid, w;

    if (pipe(in) != 0)
        return g_strdup_printf("pipe: %s", g_strerror(errno));
    fcntl(in[0], F_SETFD, FD_CLOEXEC);
    fcntl(in[1], F_SETFD, FD_CLOEXEC);
    pid = fork();
    if (pid < 0) {
        close(in[0]);
        close(in[1]);
        return g_strdup_printf("fork: %s", g_strerror(errno));
    }
    if (pid == 0) {
        /* async-signal-safe calls only, up to exec */
        sigset_t none;
        int null = open("/dev/null", O_WRONLY);

        setpgid(0, 0);
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        dup2(in[0], STDIN_FILENO);
        if (null >= 0) {
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
        }
        execv(job->argv[0], job->argv);
        _exit(127);
    }
    setpgid(pid, pid);          /* either of the two wins the race */
    close(in[0]);
    g_mutex_lock(&lock);
    g_hash_table_add(running, GINT_TO_POINTER(pid));
    g_mutex_unlock(&lock);
    fcntl(in[1], F_SETFL, O_NONBLOCK);
    if (!write_all(in[1], job->text, strlen(job->text), deadline))
        timed_out = g_get_monotonic_time() >= deadline;
    close(in[1]);
    for (;;) {
        w = waitpid(pid, &status, WNOHANG);
        if (w == pid || (w < 0 && errno != EINTR))
            break;
        if (g_get_monotonic_time() >= deadline) {
            timed_out = TRUE;
            kill(-pid, SIGKILL);
            waitpid(pid, &status, 0);
            break;
        }
        g_usleep(20000);
    }
    /* whatever the command left behind in its group goes with it */
    kill(-pid, SIGKILL);
    g_mutex_lock(&lock);
    g_hash_table_remove(running, GINT_TO_POINTER(pid));
    g_mutex_unlock(&lock);
    if (timed_out)
        return g_strdup_printf("%s killed after %u s", job->argv[0], job->timeout);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return g_strdup_printf("%s exited with status %d", job->argv[0],
                               WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return NULL;
}

/* notice_worker - a pool thread: one notice */
static void notice_worker(gpointer data, gpointer unused)
{
    RgNoticeJob *job = data;
    g_autofree char *failure = NULL;

    (void) unused;
    failure = notice_run(job);
    if (failure) {
        rg_log(LOG_WARNING, "from=<%s> notice not sent: %s", job->log_sender,
               failure);
        /* refused by the command: a retry of the message may try again;
         * killed, it may have been queued: never a second one */
        if (!g_str_has_suffix(failure, " s")) {
            g_mutex_lock(&lock);
            if (sent)
                g_hash_table_remove(sent, job->key);
            g_mutex_unlock(&lock);
        }
    } else {
        rg_log(LOG_INFO, "from=<%s> notice sent", job->log_sender);
    }
    rg_notice_job_free(job);
}

/* forget_old - drop sent keys older than SENT_KEEP; lock held */
static gboolean forget_old(gpointer key, gpointer value, gpointer now)
{
    (void) key;
    return GPOINTER_TO_SIZE(value) + SENT_KEEP < GPOINTER_TO_SIZE(now);
}

/*
 * rg_notice_job_queue - send the notice in the background (after the MTA
 * has taken the message), unless one went for the same key already.
 * Takes the job.
 */
void rg_notice_job_queue(RgNoticeJob *job)
{
    gsize now = (gsize) (g_get_real_time() / G_USEC_PER_SEC);
    gboolean again;

    g_mutex_lock(&lock);
    if (stopping) {
        g_mutex_unlock(&lock);
        rg_log(LOG_WARNING, "from=<%s> notice not sent: stopping",
               job->log_sender);
        rg_notice_job_free(job);
        return;
    }
    if (pool == NULL) {
        sent = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        running = g_hash_table_new(NULL, NULL);
        pool = g_thread_pool_new(notice_worker, NULL, 4, FALSE, NULL);
    }
    if (g_hash_table_size(sent) > SENT_MAX)
        g_hash_table_foreach_remove(sent, forget_old, GSIZE_TO_POINTER(now));
    again = g_hash_table_contains(sent, job->key) &&
        !forget_old(NULL, g_hash_table_lookup(sent, job->key),
                    GSIZE_TO_POINTER(now));
    if (!again)
        g_hash_table_insert(sent, g_strdup(job->key), GSIZE_TO_POINTER(now));
    g_mutex_unlock(&lock);
    if (again) {
        rg_log(LOG_INFO, "from=<%s> notice not sent again: the same message "
               "was held before", job->log_sender);
        rg_notice_job_free(job);
        return;
    }
    g_thread_pool_push(pool, job, NULL);
}

/* kill_group - SIGKILL to one running command's process group */
static void kill_group(gpointer key, gpointer value, gpointer unused)
{
    (void) value;
    (void) unused;
    kill(-GPOINTER_TO_INT(key), SIGKILL);
}

/* rg_notice_shutdown - at the stop: kill the running commands' process
 * groups, wait for the workers, drop what was not started */
void rg_notice_shutdown(void)
{
    GThreadPool *p;

    g_mutex_lock(&lock);
    stopping = TRUE;
    p = pool;
    pool = NULL;
    if (running)
        g_hash_table_foreach(running, kill_group, NULL);
    g_mutex_unlock(&lock);
    if (p == NULL)
        return;
    /* queued notices are dropped; running ones die with their groups */
    g_thread_pool_free(p, TRUE, FALSE);
    for (int i = 0; i < 100; i++) {
        guint n;

        g_mutex_lock(&lock);
        g_hash_table_foreach(running, kill_group, NULL);
        n = g_hash_table_size(running);
        g_mutex_unlock(&lock);
        if (n == 0)
            break;
        g_usleep(20000);
    }
}
