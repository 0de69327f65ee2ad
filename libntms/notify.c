/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Database notifications. A waiting thread holds its session's lock for
 * the whole wait (calls on one session are serialised); use a session of
 * its own for a notification thread. */

#include "call.h"
#include "ntms-fields.h"
#include "subhandle.h"

NTMS_API HANDLE WINAPI OpenNtmsNotification(HANDLE hSession, DWORD dwType) {
        _cleanup_(session_unlockp) Session *s = NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        HANDLE h = NULL;
        const char *id;
        DWORD e;

        e = session_lock(hSession, &s);
        if (e == ERROR_SUCCESS)
                e = ntms_call(s, &reply, "OpenNotification", NTMS_CALL_TIMEOUT_DEFAULT, "t", dwType);
        if (e == ERROR_SUCCESS)
                e = sd_bus_message_read(reply, "s", &id) < 0 ? NTMS_ERROR_PROTOCOL : ERROR_SUCCESS;
        if (e == ERROR_SUCCESS)
                e = subhandle_new(s, HANDLE_KIND_NOTIFICATION, id, &h);

        SetLastError(e);
        return e == ERROR_SUCCESS ? h : INVALID_HANDLE_VALUE;
}

NTMS_API DWORD WINAPI WaitForNtmsNotification(HANDLE hNotification,
                                              LPNTMS_NOTIFICATIONINFORMATION lpNotificationInformation,
                                              DWORD dwTimeout) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        SubHandle *n;
        uint32_t operation;
        NTMS_GUID object;
        DWORD e;

        n = (SubHandle *) handle_acquire(hNotification, HANDLE_KIND_NOTIFICATION);
        if (!n)
                return ERROR_INVALID_HANDLE;

        if (!lpNotificationInformation)
                e = ERROR_INVALID_PARAMETER;
        else {
                subhandle_lock(n);
                e = ntms_call(n->session, &reply, "WaitForNotification", ntms_timeout_usec(dwTimeout),
                              "su", n->id, dwTimeout);
                if (e == ERROR_SUCCESS)
                        e = sd_bus_message_read(reply, "u", &operation) < 0 ? NTMS_ERROR_PROTOCOL
                                                                              : ntms_read_guid(reply, &object);
                /* The reply belongs to the session's bus: let go of it
                 * before the lock. */
                reply = sd_bus_message_unref(reply);
                subhandle_unlock(n);
        }
        handle_release(&n->handle);

        if (e != ERROR_SUCCESS)
                return e;
        lpNotificationInformation->dwOperation = operation;
        lpNotificationInformation->ObjectId = object;
        return ERROR_SUCCESS;
}

NTMS_API DWORD WINAPI CloseNtmsNotification(HANDLE hNotification) {
        SubHandle *n;
        DWORD e;

        n = (SubHandle *) handle_take(hNotification, HANDLE_KIND_NOTIFICATION);
        if (!n)
                return ERROR_INVALID_HANDLE;

        subhandle_lock(n);
        e = ntms_call(n->session, NULL, "CloseNotification", NTMS_CALL_TIMEOUT_DEFAULT, "s", n->id);
        subhandle_unlock(n);
        handle_release(&n->handle);
        return e;
}
