/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Object management: enumeration, object information, enable/disable. */

#include <string.h>

#include "call.h"
#include "marshal.h"
#include "objects.h"

NTMS_API DWORD WINAPI EnumerateNtmsObject(HANDLE hSession, const LPNTMS_GUID lpContainerId,
                                          LPNTMS_GUID lpList, LPDWORD lpdwListSize,
                                          DWORD dwType, DWORD dwOptions) {
        _cleanup_(session_unlockp) Session *s = NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        DWORD e, count = 0;
        const char *id;
        int r;

        e = session_lock(hSession, &s);
        if (e != ERROR_SUCCESS)
                return e;

        if (!lpdwListSize || (!lpList && *lpdwListSize > 0))
                return ERROR_INVALID_PARAMETER;
        if (!ntms_object_type_valid(dwType))
                return ERROR_INVALID_PARAMETER;
        if (dwOptions != NTMS_ENUM_DEFAULT && dwOptions != NTMS_ENUM_ROOTPOOL)
                return ERROR_INVALID_PARAMETER;
        /* The root pool is only reachable from the top of the pool tree. */
        if (dwOptions == NTMS_ENUM_ROOTPOOL && (dwType != NTMS_MEDIA_POOL || lpContainerId))
                return ERROR_INVALID_PARAMETER;

        e = ntms_call(s, &reply, "EnumerateObjects", NTMS_CALL_TIMEOUT_DEFAULT, "ouu",
                      lpContainerId, dwType, dwOptions);
        if (e != ERROR_SUCCESS)
                return e;

        r = sd_bus_message_enter_container(reply, 'a', "s");
        if (r < 0)
                return NTMS_ERROR_PROTOCOL;
        while ((r = sd_bus_message_read_basic(reply, 's', &id)) > 0) {
                /* Fill what fits and count the rest: the caller learns the
                 * size it needs and keeps a truncated list. */
                if (count < *lpdwListSize) {
                        e = ntms_guid_parse(id, &lpList[count]);
                        if (e != ERROR_SUCCESS)
                                return e;
                }
                count++;
        }
        if (r < 0)
                return NTMS_ERROR_PROTOCOL;

        e = count > *lpdwListSize ? ERROR_INSUFFICIENT_BUFFER : ERROR_SUCCESS;
        *lpdwListSize = count;
        return e;
}

/* dwSize and dwType as every object-information function checks them. */
static DWORD check_info(const void *info, bool wide) {
        if (!info)
                return ERROR_INVALID_PARAMETER;
        if (info_size(info) != marshal_info_size(wide))
                return ERROR_INVALID_PARAMETER;
        if (!ntms_object_type_valid(info_type(info)))
                return ERROR_INVALID_PARAMETER;
        return ERROR_SUCCESS;
}

DWORD object_info_fetch(Session *s, const NTMS_GUID *id, void *info, bool wide) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        DWORD e;

        e = ntms_call(s, &reply, "GetObjectInformation", NTMS_CALL_TIMEOUT_DEFAULT, "gu",
                      id, info_type(info));
        if (e != ERROR_SUCCESS)
                return e;
        return marshal_read_info(reply, info, wide);
}

static DWORD get_info(HANDLE hSession, const NTMS_GUID *id, void *info, bool wide) {
        _cleanup_(session_unlockp) Session *s = NULL;
        DWORD e;

        e = session_lock(hSession, &s);
        if (e != ERROR_SUCCESS)
                return e;
        if (!id)
                return ERROR_INVALID_PARAMETER;
        e = check_info(info, wide);
        if (e != ERROR_SUCCESS)
                return e;
        return object_info_fetch(s, id, info, wide);
}

static DWORD set_info(HANDLE hSession, const NTMS_GUID *id, const void *info, bool wide) {
        _cleanup_(session_unlockp) Session *s = NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = NULL;
        char buf[NTMS_GUID_STRING_MAX];
        DWORD e;
        int r;

        e = session_lock(hSession, &s);
        if (e != ERROR_SUCCESS)
                return e;
        if (!id)
                return ERROR_INVALID_PARAMETER;
        e = check_info(info, wide);
        if (e != ERROR_SUCCESS)
                return e;

        e = ntms_message_new(s, "SetObjectInformation", &m);
        if (e != ERROR_SUCCESS)
                return e;
        ntms_guid_format(id, buf);
        r = sd_bus_message_append(m, "su", buf, (uint32_t) info_type(info));
        if (r < 0)
                return ERROR_NOT_ENOUGH_MEMORY;
        /* Only what the table marks settable for this type crosses: rsmd
         * refuses anything else, and the read-only fields stay untouched. */
        e = marshal_append_info(m, info, wide, marshal_want_settable, NULL);
        if (e != ERROR_SUCCESS)
                return e;
        return ntms_message_call(s, m, NTMS_CALL_TIMEOUT_DEFAULT, NULL);
}

NTMS_API DWORD WINAPI GetNtmsObjectInformationA(HANDLE hSession, LPNTMS_GUID lpObjectId,
                                                LPNTMS_OBJECTINFORMATIONA lpInfo) {
        return get_info(hSession, lpObjectId, lpInfo, false);
}

NTMS_API DWORD WINAPI GetNtmsObjectInformationW(HANDLE hSession, LPNTMS_GUID lpObjectId,
                                                LPNTMS_OBJECTINFORMATIONW lpInfo) {
        return get_info(hSession, lpObjectId, lpInfo, true);
}

NTMS_API DWORD WINAPI SetNtmsObjectInformationA(HANDLE hSession, LPNTMS_GUID lpObjectId,
                                                LPNTMS_OBJECTINFORMATIONA lpInfo) {
        return set_info(hSession, lpObjectId, lpInfo, false);
}

NTMS_API DWORD WINAPI SetNtmsObjectInformationW(HANDLE hSession, LPNTMS_GUID lpObjectId,
                                                LPNTMS_OBJECTINFORMATIONW lpInfo) {
        return set_info(hSession, lpObjectId, lpInfo, true);
}

/* Only libraries, drives and media can be enabled or disabled. Another type
 * is turned into one that fails the argument check, so that the handle is
 * still checked first. */
static DWORD enableable(DWORD type) {
        if (type == NTMS_LIBRARY || type == NTMS_DRIVE || type == NTMS_PHYSICAL_MEDIA)
                return type;
        return NTMS_NUMBER_OF_OBJECT_TYPES;
}

NTMS_API DWORD WINAPI EnableNtmsObject(HANDLE hSession, DWORD dwType, LPNTMS_GUID lpObjectId) {
        return ntms_session_call(hSession, "EnableObject", "tg", enableable(dwType), lpObjectId);
}

NTMS_API DWORD WINAPI DisableNtmsObject(HANDLE hSession, DWORD dwType, LPNTMS_GUID lpObjectId) {
        return ntms_session_call(hSession, "DisableObject", "tg", enableable(dwType), lpObjectId);
}
