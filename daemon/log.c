/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <systemd/sd-journal.h>

#include "log.h"

static int max_level = LOG_INFO;
static bool to_journal = false;

static const char *const level_names[] = {
        [LOG_EMERG] = "emerg",
        [LOG_ALERT] = "alert",
        [LOG_CRIT] = "crit",
        [LOG_ERR] = "err",
        [LOG_WARNING] = "warning",
        [LOG_NOTICE] = "notice",
        [LOG_INFO] = "info",
        [LOG_DEBUG] = "debug",
};

/* systemd sets JOURNAL_STREAM to "device:inode" of the stream it connected to
 * our stderr. Only when stderr is still that stream do we talk to the journal
 * directly; a redirected stderr gets plain lines. */
static bool stderr_is_journal(void) {
        const char *e = getenv("JOURNAL_STREAM");
        uint64_t dev, ino;
        struct stat st;

        if (!e || sscanf(e, "%" SCNu64 ":%" SCNu64, &dev, &ino) != 2)
                return false;
        if (fstat(STDERR_FILENO, &st) < 0)
                return false;
        return (uint64_t) st.st_dev == dev && (uint64_t) st.st_ino == ino;
}

void log_setup(void) {
        to_journal = stderr_is_journal();
}

void log_set_max_level(int level) {
        max_level = level;
}

int log_get_max_level(void) {
        return max_level;
}

int log_level_from_string(const char *s) {
        char *end;
        long l;

        if (isempty(s))
                return -EINVAL;

        for (size_t i = 0; i < ELEMENTSOF(level_names); i++)
                if (streq(s, level_names[i]))
                        return (int) i;

        errno = 0;
        l = strtol(s, &end, 10);
        if (errno != 0 || *end || l < LOG_EMERG || l > LOG_DEBUG)
                return -EINVAL;
        return (int) l;
}

static void log_to_journal(int level, int error, const char *object,
                           const char *file, int line, const char *func, const char *message) {
        char priority[32], code_file[256], code_line[32], code_func[128], errno_field[32],
                object_field[128];
        _cleanup_free_ char *message_field = NULL;
        struct iovec iov[8];
        size_t n = 0;

        if (asprintf(&message_field, "MESSAGE=%s", message) < 0)
                return;

#define FIELD(buf, ...) do {                                            \
                snprintf(buf, sizeof buf, __VA_ARGS__);                 \
                iov[n++] = (struct iovec) { buf, strlen(buf) };         \
        } while (0)

        iov[n++] = (struct iovec) { message_field, strlen(message_field) };
        FIELD(priority, "PRIORITY=%i", level);
        FIELD(code_file, "CODE_FILE=%s", file);
        FIELD(code_line, "CODE_LINE=%i", line);
        FIELD(code_func, "CODE_FUNC=%s", func);
        iov[n++] = (struct iovec) { (char *) "SYSLOG_IDENTIFIER=rsmd", strlen("SYSLOG_IDENTIFIER=rsmd") };
        if (error != 0)
                FIELD(errno_field, "ERRNO=%i", error);
        if (object)
                FIELD(object_field, "RSM_OBJECT=%s", object);
#undef FIELD

        assert(n <= ELEMENTSOF(iov));
        (void) sd_journal_sendv(iov, (int) n);
}

static void log_to_stderr(int level, const char *object, const char *message) {
        if (object)
                fprintf(stderr, "rsmd[%s] %s: %s\n", level_names[level], object, message);
        else
                fprintf(stderr, "rsmd[%s]: %s\n", level_names[level], message);
}

int log_internal(int level, int error, const char *object,
                 const char *file, int line, const char *func,
                 const char *format, ...) {
        char message[2048];
        int saved_errno = errno;
        va_list ap;

        error = abs(error);
        if (level > max_level)
                goto finish;

        /* %m in a format means the error we were given, not whatever errno is now. */
        errno = error;
        va_start(ap, format);
        vsnprintf(message, sizeof message, format, ap);
        va_end(ap);

        if (to_journal)
                log_to_journal(level, error, object, file, line, func, message);
        else
                log_to_stderr(level, object, message);

finish:
        errno = saved_errno;
        return -error;
}
