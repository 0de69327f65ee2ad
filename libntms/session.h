/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* A session HANDLE is a Session: its own connection to the bus (sd-bus
 * objects are not thread-safe, and a connection per session lets sessions
 * in different threads run at once) and the object path rsmd gave it. Calls
 * on one session are serialised by its lock. */

#include <pthread.h>
#include <systemd/sd-bus.h>

#include "handle.h"
#include "ntmsapi.h"

typedef struct Session {
        NtmsHandle handle;
        pthread_mutex_t lock;
        sd_bus *bus;
        char *path;     /* the session object; the manager path for one-shot connections */
} Session;

/* Looks the handle up, takes a reference and the session lock.
 * ERROR_INVALID_HANDLE when h is not a live session. */
DWORD session_lock(HANDLE h, Session **ret);
void session_unlock(Session *s);

static inline void session_unlockp(Session **s) {
        if (*s)
                session_unlock(*s);
}

/* An unregistered session on the manager path with a fresh connection, for
 * the few functions that take no session. Free with session_oneshot_free(). */
DWORD session_oneshot_open(Session **ret);
/* The same with a session of its own that rsmd opened for server and
 * application (OpenSession's checks and errors): its calls are recorded as
 * that application's. rsmd closes it when the connection goes. */
DWORD session_oneshot_open_named(const char *server, const char *application, Session **ret);
void session_oneshot_free(Session *s);

static inline void session_oneshot_freep(Session **s) {
        if (*s)
                session_oneshot_free(*s);
}

/* The UTF-8 core of OpenNtmsSessionA/W. Sets nothing; returns the error. */
DWORD session_open(const char *server, const char *application, DWORD options, HANDLE *ret);
