/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "ntmsapi.h"
#include "ntms-bus.h"
#include "session.h"
#include "wide.h"

static void session_destroy(NtmsHandle *h) {
        Session *s = (Session *) h;

        sd_bus_flush_close_unref(s->bus);
        free(s->path);
        pthread_mutex_destroy(&s->lock);
        free(s);
}

DWORD session_lock(HANDLE h, Session **ret) {
        NtmsHandle *handle;
        Session *s;

        handle = handle_acquire(h, HANDLE_KIND_SESSION);
        if (!handle)
                return ERROR_INVALID_HANDLE;

        s = (Session *) handle;
        pthread_mutex_lock(&s->lock);
        *ret = s;
        return ERROR_SUCCESS;
}

void session_unlock(Session *s) {
        pthread_mutex_unlock(&s->lock);
        handle_release(&s->handle);
}

static DWORD session_new(const char *path, Session **ret) {
        _cleanup_free_ Session *s = NULL;
        int r;

        s = calloc(1, sizeof *s);
        if (!s)
                return ERROR_NOT_ENOUGH_MEMORY;

        s->path = strdup(path);
        if (!s->path)
                return ERROR_NOT_ENOUGH_MEMORY;

        /* Honours DBUS_SYSTEM_BUS_ADDRESS, which is how tests point us at a
         * private bus. */
        r = sd_bus_open_system(&s->bus);
        if (r < 0) {
                free(s->path);
                return ERROR_NOT_CONNECTED;
        }
        pthread_mutex_init(&s->lock, NULL);

        *ret = TAKE_PTR(s);
        return ERROR_SUCCESS;
}

DWORD session_oneshot_open(Session **ret) {
        return session_new(NTMS_BUS_MANAGER_PATH, ret);
}

void session_oneshot_free(Session *s) {
        session_destroy(&s->handle);
}

/* The name rsmd checks is the one the caller gave; here we only refuse what
 * cannot be a host name at all, so that it never reaches the bus. */
static bool computer_name_plausible(const char *name) {
        if (utf8_char_count(name) >= NTMS_COMPUTERNAME_LENGTH)
                return false;
        for (const char *p = name; *p; p++)
                if ((unsigned char) *p <= ' ' || strchr("\\/:*?\"<>|", *p))
                        return false;
        return true;
}

/* OpenSession on a fresh connection; the session is not a handle yet. */
static DWORD session_connect(const char *server, const char *application, DWORD options, Session **ret) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = NULL, *reply = NULL;
        Session *s = NULL;
        const char *path;
        DWORD e;
        int r;

        if (options & ~(DWORD) NTMS_SESSION_QUERYEXPEDITE)
                return ERROR_INVALID_PARAMETER;
        if (server && !computer_name_plausible(server))
                return ERROR_INVALID_COMPUTERNAME;
        if (application && utf8_char_count(application) >= NTMS_APPLICATIONNAME_LENGTH)
                return ERROR_INVALID_PARAMETER;

        e = session_new(NTMS_BUS_MANAGER_PATH, &s);
        if (e != ERROR_SUCCESS)
                return e;

        r = sd_bus_message_new_method_call(s->bus, &m, NTMS_BUS_NAME, NTMS_BUS_MANAGER_PATH,
                                           NTMS_BUS_MANAGER_IFACE, "OpenSession");
        if (r >= 0)
                r = sd_bus_message_append(m, "ssu", server ?: "", application ?: "", (uint32_t) options);
        if (r < 0) {
                e = r == -EINVAL ? ERROR_INVALID_PARAMETER : ERROR_NOT_ENOUGH_MEMORY;
                goto fail;
        }

        e = ntms_message_call(s, m, NTMS_CALL_TIMEOUT_DEFAULT, &reply);
        if (e != ERROR_SUCCESS)
                goto fail;

        r = sd_bus_message_read(reply, "o", &path);
        if (r < 0) {
                e = NTMS_ERROR_PROTOCOL;
                goto fail;
        }
        free(s->path);
        s->path = strdup(path);
        if (!s->path) {
                e = ERROR_NOT_ENOUGH_MEMORY;
                goto fail;
        }

        /* Drop our references to messages on this bus before anyone else can
         * use it from another thread. */
        reply = sd_bus_message_unref(reply);
        m = sd_bus_message_unref(m);
        *ret = s;
        return ERROR_SUCCESS;

fail:
        reply = sd_bus_message_unref(reply);
        m = sd_bus_message_unref(m);
        session_destroy(&s->handle);
        return e;
}

DWORD session_oneshot_open_named(const char *server, const char *application, Session **ret) {
        return session_connect(server, application, 0, ret);
}

DWORD session_open(const char *server, const char *application, DWORD options, HANDLE *ret) {
        Session *s;
        DWORD e;

        e = session_connect(server, application, options, &s);
        if (e != ERROR_SUCCESS)
                return e;
        if (handle_register(&s->handle, HANDLE_KIND_SESSION, session_destroy) < 0) {
                session_destroy(&s->handle);
                return ERROR_NOT_ENOUGH_MEMORY;
        }
        *ret = s;
        return ERROR_SUCCESS;
}

static HANDLE open_result(DWORD e, HANDLE h) {
        SetLastError(e);
        return e == ERROR_SUCCESS ? h : INVALID_HANDLE_VALUE;
}

NTMS_API HANDLE WINAPI OpenNtmsSessionA(LPCSTR lpServer, LPCSTR lpApplication, DWORD dwOptions) {
        HANDLE h = NULL;

        if (lpServer && !utf8_valid(lpServer, strlen(lpServer)))
                return open_result(ERROR_INVALID_COMPUTERNAME, NULL);
        if (lpApplication && !utf8_valid(lpApplication, strlen(lpApplication)))
                return open_result(ERROR_INVALID_PARAMETER, NULL);

        DWORD e = session_open(lpServer, lpApplication, dwOptions, &h);
        return open_result(e, h);
}

NTMS_API HANDLE WINAPI OpenNtmsSessionW(LPCWSTR lpServer, LPCWSTR lpApplication, DWORD dwOptions) {
        _cleanup_free_ char *server = NULL, *application = NULL;
        HANDLE h = NULL;

        if (lpServer && wide_to_utf8(lpServer, SIZE_MAX, &server) < 0)
                return open_result(ERROR_INVALID_COMPUTERNAME, NULL);
        if (lpApplication && wide_to_utf8(lpApplication, SIZE_MAX, &application) < 0)
                return open_result(ERROR_INVALID_PARAMETER, NULL);

        DWORD e = session_open(server, application, dwOptions, &h);
        return open_result(e, h);
}

NTMS_API DWORD WINAPI CloseNtmsSession(HANDLE hSession) {
        NtmsHandle *handle;
        Session *s;
        DWORD e;

        /* Taking it out of the live set first makes a second close, or a
         * call racing with this one, see an invalid handle. Calls already
         * running hold their own reference and finish first (the lock). */
        handle = handle_take(hSession, HANDLE_KIND_SESSION);
        if (!handle)
                return ERROR_INVALID_HANDLE;
        s = (Session *) handle;

        pthread_mutex_lock(&s->lock);
        e = ntms_call(s, NULL, "CloseSession", NTMS_CALL_TIMEOUT_DEFAULT, "");
        pthread_mutex_unlock(&s->lock);
        handle_release(handle);

        /* The handle is gone either way; tell the caller if rsmd could not
         * be told. */
        if (e == ERROR_NOT_CONNECTED)
                return ERROR_CONNECTION_UNAVAIL;
        return e;
}
