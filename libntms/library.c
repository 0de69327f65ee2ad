/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Library control and cleaner management: eject/inject, doors, inventory,
 * slots, drives, cleaners, removing libraries and drives. */

#include "call.h"

/* Eject and inject start an operation whose GUID goes back to the caller
 * (and comes in again to stop it): the call carries the caller's value,
 * the reply the one to store. */
static DWORD operation_call(HANDLE hSession, NTMS_GUID *operation, const char *method,
                            const char *spec, ...) {
        _cleanup_(session_unlockp) Session *s = NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        NTMS_GUID id;
        va_list ap;
        DWORD e;

        e = session_lock(hSession, &s);
        if (e != ERROR_SUCCESS)
                return e;

        va_start(ap, spec);
        e = ntms_callv(s, &reply, method, NTMS_CALL_TIMEOUT_DEFAULT, spec, ap);
        va_end(ap);
        if (e != ERROR_SUCCESS)
                return e;

        e = ntms_read_guid(reply, &id);
        if (e != ERROR_SUCCESS)
                return e;
        *operation = id;
        return ERROR_SUCCESS;
}

NTMS_API DWORD WINAPI EjectNtmsMedia(HANDLE hSession, LPNTMS_GUID lpMediaId, LPNTMS_GUID lpEjectOperation,
                                     DWORD dwAction) {
        /* "NTMS_EJECT_START with the last media ID or NULL". */
        return operation_call(hSession, lpEjectOperation, "EjectMedia", "onr",
                              lpMediaId, lpEjectOperation,
                              dwAction, (DWORD) NTMS_EJECT_START, (DWORD) NTMS_EJECT_QUEUE);
}

NTMS_API DWORD WINAPI InjectNtmsMedia(HANDLE hSession, LPNTMS_GUID lpLibraryId,
                                      LPNTMS_GUID lpInjectOperation, DWORD dwAction) {
        return operation_call(hSession, lpInjectOperation, "InjectMedia", "gnr",
                              lpLibraryId, lpInjectOperation,
                              dwAction, (DWORD) NTMS_INJECT_START, (DWORD) NTMS_INJECT_STARTMANY);
}

NTMS_API DWORD WINAPI InjectNtmsCleaner(HANDLE hSession, LPNTMS_GUID lpLibrary, LPNTMS_GUID lpInjectOperation,
                                        DWORD dwNumberOfCleansLeft, DWORD dwAction) {
        return operation_call(hSession, lpInjectOperation, "InjectCleaner", "gnur",
                              lpLibrary, lpInjectOperation, dwNumberOfCleansLeft,
                              dwAction, (DWORD) NTMS_INJECT_START, (DWORD) NTMS_INJECT_STOP);
}

NTMS_API DWORD WINAPI EjectNtmsCleaner(HANDLE hSession, LPNTMS_GUID lpLibrary, LPNTMS_GUID lpEjectOperation,
                                       DWORD dwAction) {
        return operation_call(hSession, lpEjectOperation, "EjectCleaner", "gnr",
                              lpLibrary, lpEjectOperation,
                              dwAction, (DWORD) NTMS_EJECT_START, (DWORD) NTMS_EJECT_STOP);
}

NTMS_API DWORD WINAPI AccessNtmsLibraryDoor(HANDLE hSession, LPNTMS_GUID lpLibraryId, DWORD dwAction) {
        return ntms_session_call(hSession, "AccessLibraryDoor", "gr", lpLibraryId,
                                 dwAction, (DWORD) NTMS_INVENTORY_NONE, (DWORD) NTMS_INVENTORY_DEFAULT);
}

NTMS_API DWORD WINAPI InventoryNtmsLibrary(HANDLE hSession, LPNTMS_GUID lpLibraryId, DWORD dwAction) {
        _cleanup_(session_unlockp) Session *s = NULL;
        DWORD e;

        e = session_lock(hSession, &s);
        if (e != ERROR_SUCCESS)
                return e;

        /* The call returns when the whole library has been read, which on a
         * large robot, or mounting every cartridge for OMID, takes far longer
         * than any fixed bus timeout: rsmd answers when it is done. */
        return ntms_call(s, NULL, "InventoryLibrary", ntms_timeout_usec(INFINITE), "gr", lpLibraryId,
                         dwAction, (DWORD) NTMS_INVENTORY_NONE, (DWORD) NTMS_INVENTORY_STOP);
}

NTMS_API DWORD WINAPI IdentifyNtmsSlot(HANDLE hSession, LPNTMS_GUID lpSlotId, DWORD dwOption) {
        _cleanup_(session_unlockp) Session *s = NULL;
        DWORD e;

        e = session_lock(hSession, &s);
        if (e != ERROR_SUCCESS)
                return e;

        /* It returns once the cartridge was mounted, read and taken home,
         * which waits behind whatever the library does before it. */
        return ntms_call(s, NULL, "IdentifySlot", ntms_timeout_usec(INFINITE), "gr", lpSlotId,
                         dwOption, (DWORD) NTMS_DISMOUNT_DEFERRED, (DWORD) NTMS_DISMOUNT_IMMEDIATE);
}

NTMS_API DWORD WINAPI CleanNtmsDrive(HANDLE hSession, LPNTMS_GUID lpDriveId) {
        return ntms_session_call(hSession, "CleanDrive", "g", lpDriveId);
}

NTMS_API DWORD WINAPI ReserveNtmsCleanerSlot(HANDLE hSession, LPNTMS_GUID lpLibrary, LPNTMS_GUID lpSlot) {
        return ntms_session_call(hSession, "ReserveCleanerSlot", "gg", lpLibrary, lpSlot);
}

NTMS_API DWORD WINAPI ReleaseNtmsCleanerSlot(HANDLE hSession, LPNTMS_GUID lpLibrary) {
        return ntms_session_call(hSession, "ReleaseCleanerSlot", "g", lpLibrary);
}

NTMS_API DWORD WINAPI DeleteNtmsLibrary(HANDLE hSession, LPNTMS_GUID lpLibraryId) {
        return ntms_session_call(hSession, "DeleteLibrary", "g", lpLibraryId);
}

NTMS_API DWORD WINAPI DeleteNtmsDrive(HANDLE hSession, LPNTMS_GUID lpDriveId) {
        return ntms_session_call(hSession, "DeleteDrive", "g", lpDriveId);
}
