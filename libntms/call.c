/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <string.h>

#include "call.h"
#include "ntms-bus.h"
#include "ntms-errors.h"
#include "ntms-fields.h"

_Static_assert(sizeof(NTMS_GUID) == sizeof(NtmsGuidBytes), "NTMS_GUID and NtmsGuidBytes differ");

/* Enough for rsmd to notice its own deadline and answer with ERROR_TIMEOUT. */
#define TIMEOUT_MARGIN_USEC (5ULL * 1000000ULL)

uint64_t ntms_timeout_usec(DWORD timeout_ms) {
        if (timeout_ms == INFINITE)
                return UINT64_MAX;
        return (uint64_t) timeout_ms * 1000ULL + TIMEOUT_MARGIN_USEC;
}

static DWORD error_from_errno(int r) {
        switch (-r) {
        case ETIMEDOUT:
                return ERROR_TIMEOUT;
        case ENOMEM:
        case ENOBUFS:
                return ERROR_NOT_ENOUGH_MEMORY;
        case ECHILD:
                /* sd-bus refuses a connection inherited across fork():
                 * sessions cannot be passed among processes. */
                return ERROR_INVALID_HANDLE;
        default:
                return ERROR_NOT_CONNECTED;
        }
}

DWORD ntms_error_from_bus(int r, const sd_bus_error *error) {
        if (error && sd_bus_error_is_set(error)) {
                const NtmsErrorInfo *e = ntms_error_by_bus_name(error->name);

                if (e)
                        /* Never report success for a failed reply, whatever
                         * name the peer chose. */
                        return e->value != ERROR_SUCCESS ? e->value : NTMS_ERROR_PROTOCOL;

                /* Errors that sd-bus made up locally carry an errno. */
                if (r < 0 && strncmp(error->name, "System.Error.", 13) == 0)
                        return error_from_errno(r);
                return ERROR_NOT_CONNECTED;
        }
        return r < 0 ? error_from_errno(r) : NTMS_ERROR_PROTOCOL;
}

bool ntms_guid_null(const NTMS_GUID *g) {
        return ntms_guid_is_null((const NtmsGuidBytes *) g);
}

void ntms_guid_format(const NTMS_GUID *g, char buf[static NTMS_GUID_STRING_MAX]) {
        ntms_guid_to_string((const NtmsGuidBytes *) g, buf);
}

DWORD ntms_guid_parse(const char *s, NTMS_GUID *ret) {
        NtmsGuidBytes g;

        if (!s || !*s) {
                memset(ret, 0, sizeof *ret);
                return ERROR_SUCCESS;
        }
        if (ntms_guid_from_string(s, &g) < 0)
                return NTMS_ERROR_PROTOCOL;
        memcpy(ret, &g, sizeof g);
        return ERROR_SUCCESS;
}

DWORD ntms_read_guid(sd_bus_message *m, NTMS_GUID *ret) {
        const char *s;
        int r;

        r = sd_bus_message_read(m, "s", &s);
        if (r < 0)
                return NTMS_ERROR_PROTOCOL;
        return ntms_guid_parse(s, ret);
}

int ntms_append_guid_or_empty(sd_bus_message *m, const NTMS_GUID *g) {
        char buf[NTMS_GUID_STRING_MAX];

        if (!g || ntms_guid_null(g))
                return sd_bus_message_append(m, "s", "");
        ntms_guid_format(g, buf);
        return sd_bus_message_append(m, "s", buf);
}

static int append_guid(sd_bus_message *m, const NTMS_GUID *g) {
        char buf[NTMS_GUID_STRING_MAX];

        ntms_guid_format(g, buf);
        return sd_bus_message_append(m, "s", buf);
}

/* Every list argument of the API names at least one object; the bound
 * only keeps a wild count from reading far past the caller's array. */
#define MAX_LIST 65536u

static DWORD append_guid_list(sd_bus_message *m, const NTMS_GUID *list, DWORD count, bool may_be_empty) {
        int r;

        if ((!list && count > 0) || (count == 0 && !may_be_empty) || count > MAX_LIST)
                return ERROR_INVALID_PARAMETER;

        r = sd_bus_message_open_container(m, 'a', "s");
        for (DWORD i = 0; r >= 0 && i < count; i++)
                r = append_guid(m, &list[i]);
        if (r >= 0)
                r = sd_bus_message_close_container(m);
        return r < 0 ? error_from_errno(r) : ERROR_SUCCESS;
}

/* Appends the arguments described by spec; see call.h. */
static DWORD append_args(sd_bus_message *m, const char *spec, va_list ap) {
        for (const char *p = spec; *p; p++) {
                int r = 0;

                switch (*p) {
                case 'g': {
                        const NTMS_GUID *g = va_arg(ap, const NTMS_GUID *);
                        if (!g)
                                return ERROR_INVALID_PARAMETER;
                        r = append_guid(m, g);
                        break;
                }
                case 'o': {
                        const NTMS_GUID *g = va_arg(ap, const NTMS_GUID *);
                        r = g ? append_guid(m, g) : sd_bus_message_append(m, "s", "");
                        break;
                }
                case 'n': {
                        const NTMS_GUID *g = va_arg(ap, const NTMS_GUID *);
                        if (!g)
                                return ERROR_INVALID_PARAMETER;
                        r = ntms_append_guid_or_empty(m, g);
                        break;
                }
                case 'u':
                        r = sd_bus_message_append(m, "u", (uint32_t) va_arg(ap, unsigned));
                        break;
                case 't': {
                        DWORD type = (DWORD) va_arg(ap, unsigned);
                        if (!ntms_object_type_valid(type))
                                return ERROR_INVALID_PARAMETER;
                        r = sd_bus_message_append(m, "u", (uint32_t) type);
                        break;
                }
                case 'r': {
                        DWORD v = (DWORD) va_arg(ap, unsigned);
                        DWORD lo = (DWORD) va_arg(ap, unsigned);
                        DWORD hi = (DWORD) va_arg(ap, unsigned);
                        if (v < lo || v > hi)
                                return ERROR_INVALID_PARAMETER;
                        r = sd_bus_message_append(m, "u", (uint32_t) v);
                        break;
                }
                case 'i':
                        r = sd_bus_message_append(m, "i", (int32_t) va_arg(ap, int));
                        break;
                case 's': {
                        const char *s = va_arg(ap, const char *);
                        r = sd_bus_message_append(m, "s", s ?: "");
                        break;
                }
                case 'G':
                case 'O': {
                        const NTMS_GUID *list = va_arg(ap, const NTMS_GUID *);
                        DWORD count = (DWORD) va_arg(ap, unsigned);
                        DWORD e = append_guid_list(m, list, count, *p == 'O');
                        if (e != ERROR_SUCCESS)
                                return e;
                        break;
                }
                case 'y':
                case 'Y': {
                        const void *data = va_arg(ap, const void *);
                        DWORD size = (DWORD) va_arg(ap, unsigned);
                        if (!data && (size > 0 || *p == 'Y'))
                                return ERROR_INVALID_PARAMETER;
                        if (size == 0 && *p == 'Y')
                                return ERROR_INVALID_PARAMETER;
                        r = sd_bus_message_append_array(m, 'y', data ?: "", size);
                        break;
                }
                default:
                        return ERROR_INVALID_PARAMETER;
                }
                if (r < 0)
                        /* The only way the values themselves can fail is
                         * text sd-bus refuses (invalid UTF-8). */
                        return r == -EINVAL ? ERROR_INVALID_PARAMETER : error_from_errno(r);
        }
        return ERROR_SUCCESS;
}

DWORD ntms_message_new(Session *s, const char *method, sd_bus_message **ret) {
        int r;

        r = sd_bus_message_new_method_call(s->bus, ret, NTMS_BUS_NAME, s->path,
                                           NTMS_BUS_SESSION_IFACE, method);
        return r < 0 ? error_from_errno(r) : ERROR_SUCCESS;
}

DWORD ntms_message_call(Session *s, sd_bus_message *m, uint64_t timeout, sd_bus_message **ret_reply) {
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        int r;

        r = sd_bus_call(s->bus, m, timeout, &error, ret_reply);
        if (r < 0)
                return ntms_error_from_bus(r, &error);
        return ERROR_SUCCESS;
}

DWORD ntms_callv(Session *s, sd_bus_message **ret_reply, const char *method,
                 uint64_t timeout, const char *spec, va_list ap) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = NULL;
        DWORD e;

        e = ntms_message_new(s, method, &m);
        if (e != ERROR_SUCCESS)
                return e;
        e = append_args(m, spec, ap);
        if (e != ERROR_SUCCESS)
                return e;
        return ntms_message_call(s, m, timeout, ret_reply);
}

DWORD ntms_call(Session *s, sd_bus_message **ret_reply, const char *method,
                uint64_t timeout, const char *spec, ...) {
        va_list ap;
        DWORD e;

        va_start(ap, spec);
        e = ntms_callv(s, ret_reply, method, timeout, spec, ap);
        va_end(ap);
        return e;
}

DWORD ntms_session_call(HANDLE h, const char *method, const char *spec, ...) {
        _cleanup_(session_unlockp) Session *s = NULL;
        va_list ap;
        DWORD e;

        e = session_lock(h, &s);
        if (e != ERROR_SUCCESS)
                return e;

        va_start(ap, spec);
        e = ntms_callv(s, NULL, method, NTMS_CALL_TIMEOUT_DEFAULT, spec, ap);
        va_end(ap);
        return e;
}
