/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Mounting and dismounting media and drives. */

#include "call.h"

static DWORD read_drives(sd_bus_message *reply, NTMS_GUID *drives, DWORD count) {
        const char *id;
        DWORD i = 0, e;
        int r;

        r = sd_bus_message_enter_container(reply, 'a', "s");
        if (r < 0)
                return NTMS_ERROR_PROTOCOL;
        while ((r = sd_bus_message_read_basic(reply, 's', &id)) > 0) {
                if (i >= count)
                        return NTMS_ERROR_PROTOCOL;
                e = ntms_guid_parse(id, &drives[i++]);
                if (e != ERROR_SUCCESS)
                        return e;
        }
        if (r < 0 || i != count || sd_bus_message_exit_container(reply) < 0)
                return NTMS_ERROR_PROTOCOL;
        return ERROR_SUCCESS;
}

static DWORD skip_drives(sd_bus_message *reply) {
        return sd_bus_message_skip(reply, "as") < 0 ? NTMS_ERROR_PROTOCOL : ERROR_SUCCESS;
}

/* The GUID of the mount's (first) library request goes to the NTMS_GUID
 * that lpMountInformation->lpReserved points to, when it points to one: how
 * an NTMS_MOUNT_NOWAIT caller finds the NTMS_LIBREQUEST to follow. */
static DWORD read_request(sd_bus_message *reply, LPNTMS_MOUNT_INFORMATION info) {
        NTMS_GUID request;
        DWORD e;

        e = ntms_read_guid(reply, &request);
        if (e != ERROR_SUCCESS)
                return e;
        if (info && info->lpReserved)
                *(NTMS_GUID *) info->lpReserved = request;
        return ERROR_SUCCESS;
}

NTMS_API DWORD WINAPI MountNtmsMedia(HANDLE hSession, LPNTMS_GUID lpMediaId, LPNTMS_GUID lpDriveId,
                                     DWORD dwCount, DWORD dwOptions, int dwPriority, DWORD dwTimeout,
                                     LPNTMS_MOUNT_INFORMATION lpMountInformation) {
        _cleanup_(session_unlockp) Session *s = NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        const DWORD known = NTMS_MOUNT_READ | NTMS_MOUNT_WRITE | NTMS_MOUNT_ERROR_IF_UNAVAILABLE |
                NTMS_MOUNT_ERROR_IF_OFFLINE | NTMS_MOUNT_SPECIFIC_DRIVE | NTMS_MOUNT_NOWAIT;
        DWORD e, n_drives;

        e = session_lock(hSession, &s);
        if (e != ERROR_SUCCESS)
                return e;
        if (!lpMediaId || !lpDriveId || dwCount == 0)
                return ERROR_INVALID_PARAMETER;
        if (dwOptions & ~known)
                return ERROR_INVALID_PARAMETER;
        if (dwPriority < NTMS_PRIORITY_LOWEST || dwPriority > NTMS_PRIORITY_HIGHEST)
                return ERROR_INVALID_PARAMETER;
        if (lpMountInformation && lpMountInformation->dwSize != sizeof *lpMountInformation)
                return ERROR_INVALID_PARAMETER;

        /* lpDriveId is an input only with NTMS_MOUNT_SPECIFIC_DRIVE;
         * otherwise it may hold anything, no drives are named and rsmd
         * chooses. */
        n_drives = (dwOptions & NTMS_MOUNT_SPECIFIC_DRIVE) ? dwCount : 0;

        /* The mount waits in rsmd for up to dwTimeout: the bus must wait at
         * least as long. With NTMS_MOUNT_NOWAIT rsmd answers at once. */
        e = ntms_call(s, &reply, "MountMedia",
                      (dwOptions & NTMS_MOUNT_NOWAIT) ? NTMS_CALL_TIMEOUT_DEFAULT : ntms_timeout_usec(dwTimeout),
                      "GOuiu", lpMediaId, dwCount, lpDriveId, n_drives, dwOptions, dwPriority, dwTimeout);
        if (e != ERROR_SUCCESS)
                return e;

        /* NTMS_MOUNT_NOWAIT returns before any drive is known: the caller
         * follows the library request. */
        e = (dwOptions & NTMS_MOUNT_NOWAIT) ? skip_drives(reply) : read_drives(reply, lpDriveId, dwCount);
        if (e != ERROR_SUCCESS)
                return e;
        return read_request(reply, lpMountInformation);
}

NTMS_API DWORD WINAPI DismountNtmsMedia(HANDLE hSession, LPNTMS_GUID lpMediaId, DWORD dwCount,
                                        DWORD dwOptions) {
        return ntms_session_call(hSession, "DismountMedia", "Gr", lpMediaId, dwCount,
                                 dwOptions, (DWORD) 0, (DWORD) (NTMS_DISMOUNT_DEFERRED | NTMS_DISMOUNT_IMMEDIATE));
}

NTMS_API DWORD WINAPI DismountNtmsDrive(HANDLE hSession, LPNTMS_GUID lpDriveId) {
        return ntms_session_call(hSession, "DismountDrive", "g", lpDriveId);
}
