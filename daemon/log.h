/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* rsmd's log: structured entries in the journal when stderr is connected to
 * it (JOURNAL_STREAM names our stderr), plain lines on stderr otherwise. Every
 * log_*_errno() call returns the negative errno it was given, so a failure can
 * be logged and passed up in one statement. */

#include <stdbool.h>
#include <errno.h>
#include <syslog.h>

#include "macro.h"

void log_setup(void);

void log_set_max_level(int level);
int log_get_max_level(void);

/* "debug", "info", "notice", "warning", "err", "crit", "alert", "emerg", or a
 * number 0..7. Returns the level or -EINVAL. */
int log_level_from_string(const char *s);

/* object is a GUID or other identifier and becomes RSM_OBJECT=; may be NULL.
 * error is an errno (either sign) or 0; returned as a negative errno. */
int log_internal(int level, int error, const char *object,
                 const char *file, int line, const char *func,
                 const char *format, ...) _printf_(7, 8);

#define log_full_errno(level, error, object, ...) \
        log_internal((level), (error), (object), __FILE__, __LINE__, __func__, __VA_ARGS__)

#define log_debug(...)   log_full_errno(LOG_DEBUG, 0, NULL, __VA_ARGS__)
#define log_info(...)    log_full_errno(LOG_INFO, 0, NULL, __VA_ARGS__)
#define log_notice(...)  log_full_errno(LOG_NOTICE, 0, NULL, __VA_ARGS__)
#define log_warning(...) log_full_errno(LOG_WARNING, 0, NULL, __VA_ARGS__)
#define log_error(...)   log_full_errno(LOG_ERR, 0, NULL, __VA_ARGS__)

#define log_debug_errno(e, ...)   log_full_errno(LOG_DEBUG, (e), NULL, __VA_ARGS__)
#define log_warning_errno(e, ...) log_full_errno(LOG_WARNING, (e), NULL, __VA_ARGS__)
#define log_error_errno(e, ...)   log_full_errno(LOG_ERR, (e), NULL, __VA_ARGS__)

#define log_oom() log_full_errno(LOG_ERR, ENOMEM, NULL, "Out of memory")

/* For messages about one RSM object; the GUID lands in RSM_OBJECT=. */
#define log_object_info(guid, ...)  log_full_errno(LOG_INFO, 0, (guid), __VA_ARGS__)
#define log_object_debug(guid, ...)  log_full_errno(LOG_DEBUG, 0, (guid), __VA_ARGS__)
#define log_object_warning_errno(guid, e, ...) log_full_errno(LOG_WARNING, (e), (guid), __VA_ARGS__)
#define log_object_error_errno(guid, e, ...) log_full_errno(LOG_ERR, (e), (guid), __VA_ARGS__)
