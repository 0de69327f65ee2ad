/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Sessions: objects at /org/ntms/Rsm1/session/<n>, each owned by the
 * connection that opened it, and the per-call session of calls on
 * /org/ntms/Rsm1 itself. One vtable serves both (see bus-session.c). */

#include <stdbool.h>
#include <sys/types.h>
#include <systemd/sd-bus.h>

#include "manager.h"

/* What a Session method may do. Administrators (root and members of
 * AdminGroup=) may do everything, others read and use. */
typedef enum BusAccess {
        BUS_ACCESS_READ,
        BUS_ACCESS_MODIFY,
} BusAccess;

/* One call in progress. */
typedef struct BusCall {
        Manager *manager;
        Session *session;
        Db *db;
        uid_t uid;
        bool admin;
} BusCall;

/* The first thing every Session method does: finds the session the call runs
 * in, refuses sessions of other connections (InvalidHandle), a failed
 * database (DatabaseFailure) and callers without the access (AccessDenied). */
int bus_call_begin(sd_bus_message *m, void *userdata, BusAccess access, BusCall *ret, sd_bus_error *error);

int session_new(Manager *manager, sd_bus_message *m, const char *application, Session **ret);
Session *session_free(Session *s);

int bus_session_register(Manager *manager);
