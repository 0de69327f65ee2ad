/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Device change detection: a detector watches libraries, media types or
 * media for changes and has rsmd re-examine them. */

#include "call.h"
#include "subhandle.h"

NTMS_API DWORD WINAPI BeginNtmsDeviceChangeDetection(HANDLE hSession, LPHANDLE lpDetectHandle) {
        _cleanup_(session_unlockp) Session *s = NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        const char *id;
        DWORD e;

        e = session_lock(hSession, &s);
        if (e != ERROR_SUCCESS)
                return e;
        if (!lpDetectHandle)
                return ERROR_INVALID_PARAMETER;

        e = ntms_call(s, &reply, "BeginDeviceChangeDetection", NTMS_CALL_TIMEOUT_DEFAULT, "");
        if (e != ERROR_SUCCESS)
                return e;
        if (sd_bus_message_read(reply, "s", &id) < 0)
                return NTMS_ERROR_PROTOCOL;
        return subhandle_new(s, HANDLE_KIND_DETECTOR, id, lpDetectHandle);
}

/* A detector only works on the session that began it; returns it with a
 * new reference, or NULL. */
static SubHandle *detector_of(HANDLE hDetect, const Session *s) {
        SubHandle *d = (SubHandle *) handle_acquire(hDetect, HANDLE_KIND_DETECTOR);

        if (d && d->session != s) {
                handle_release(&d->handle);
                return NULL;
        }
        return d;
}

NTMS_API DWORD WINAPI SetNtmsDeviceChangeDetection(HANDLE hSession, HANDLE DetectHandle,
                                                   LPNTMS_GUID lpRequestId, DWORD dwType, DWORD dwCount) {
        _cleanup_(session_unlockp) Session *s = NULL;
        SubHandle *d = NULL;
        DWORD e;

        e = session_lock(hSession, &s);
        if (e != ERROR_SUCCESS)
                return e;
        /* NULL asks for a single poll without a detector. */
        if (DetectHandle) {
                d = detector_of(DetectHandle, s);
                if (!d)
                        return ERROR_INVALID_HANDLE;
        }
        if (dwType != NTMS_LIBRARY && dwType != NTMS_MEDIA_TYPE && dwType != NTMS_PHYSICAL_MEDIA)
                e = ERROR_INVALID_PARAMETER;
        else
                e = ntms_call(s, NULL, "SetDeviceChangeDetection", NTMS_CALL_TIMEOUT_DEFAULT, "sGu",
                              d ? d->id : "", lpRequestId, dwCount, dwType);
        if (d)
                handle_release(&d->handle);
        return e;
}

NTMS_API DWORD WINAPI EndNtmsDeviceChangeDetection(HANDLE hSession, HANDLE DetectHandle) {
        _cleanup_(session_unlockp) Session *s = NULL;
        SubHandle *d;
        DWORD e;

        e = session_lock(hSession, &s);
        if (e != ERROR_SUCCESS)
                return e;
        d = detector_of(DetectHandle, s);
        if (!d)
                return ERROR_INVALID_HANDLE;
        handle_release(&d->handle);
        /* Of two threads ending it, one gets it. */
        d = (SubHandle *) handle_take(DetectHandle, HANDLE_KIND_DETECTOR);
        if (!d)
                return ERROR_INVALID_HANDLE;

        e = ntms_call(s, NULL, "EndDeviceChangeDetection", NTMS_CALL_TIMEOUT_DEFAULT, "s", d->id);
        handle_release(&d->handle);
        return e;
}
