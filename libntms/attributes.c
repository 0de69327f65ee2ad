/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Extended object attributes: named byte strings attached to an object. */

#include <string.h>

#include "call.h"
#include "text.h"

/* NTMS_MAXATTR_NAMELEN counts the NUL. */
static bool attribute_name_valid(const TextArg *name) {
        size_t n = text_arg_chars(name);
        return n > 0 && n < NTMS_MAXATTR_NAMELEN;
}

static DWORD get_attribute(HANDLE hSession, const NTMS_GUID *id, DWORD type, const TextArg *name,
                           void *data, DWORD *size) {
        _cleanup_(session_unlockp) Session *s = NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        const void *value;
        size_t n;
        DWORD e;
        int r;

        e = session_lock(hSession, &s);
        if (e != ERROR_SUCCESS)
                return e;
        if (name->error != ERROR_SUCCESS)
                return name->error;
        if (!id || !name->s || !size || (!data && *size > 0))
                return ERROR_INVALID_PARAMETER;
        /* A name that could never have been set: no such attribute can
         * exist, and the argument is what is wrong. */
        if (!attribute_name_valid(name))
                return ERROR_INVALID_PARAMETER;

        e = ntms_call(s, &reply, "GetObjectAttribute", NTMS_CALL_TIMEOUT_DEFAULT, "gts",
                      id, type, name->s);
        if (e != ERROR_SUCCESS)
                return e;

        r = sd_bus_message_read_array(reply, 'y', &value, &n);
        if (r < 0 || n > UINT32_MAX)
                return NTMS_ERROR_PROTOCOL;
        if (n > *size) {
                *size = (DWORD) n;
                return ERROR_INSUFFICIENT_BUFFER;
        }
        if (n > 0)
                memcpy(data, value, n);
        *size = (DWORD) n;
        return ERROR_SUCCESS;
}

static DWORD set_attribute(HANDLE hSession, const NTMS_GUID *id, DWORD type, const TextArg *name,
                           const void *data, DWORD size) {
        _cleanup_(session_unlockp) Session *s = NULL;
        DWORD e;

        e = session_lock(hSession, &s);
        if (e != ERROR_SUCCESS)
                return e;
        if (!id || (!name->s && name->error == ERROR_SUCCESS) || (!data && size > 0))
                return ERROR_INVALID_PARAMETER;
        if (name->error == ERROR_NOT_ENOUGH_MEMORY)
                return name->error;
        if (name->error != ERROR_SUCCESS || !attribute_name_valid(name))
                return ERROR_INVALID_NAME;
        if (size >= NTMS_MAXATTR_LENGTH)
                return ERROR_NO_DATA;

        /* A size of zero deletes the attribute. */
        return ntms_call(s, NULL, "SetObjectAttribute", NTMS_CALL_TIMEOUT_DEFAULT, "gtsy",
                         id, type, name->s, data, size);
}

NTMS_API DWORD WINAPI GetNtmsObjectAttributeA(HANDLE hSession, LPNTMS_GUID lpObjectId, DWORD dwType,
                                              LPCSTR lpAttributeName, LPVOID lpAttributeData,
                                              LPDWORD lpAttributeSize) {
        _cleanup_(text_arg_done) TextArg name;
        text_arg_a(&name, lpAttributeName);
        return get_attribute(hSession, lpObjectId, dwType, &name, lpAttributeData, lpAttributeSize);
}

NTMS_API DWORD WINAPI GetNtmsObjectAttributeW(HANDLE hSession, LPNTMS_GUID lpObjectId, DWORD dwType,
                                              LPCWSTR lpAttributeName, LPVOID lpAttributeData,
                                              LPDWORD lpAttributeSize) {
        _cleanup_(text_arg_done) TextArg name;
        text_arg_w(&name, lpAttributeName);
        return get_attribute(hSession, lpObjectId, dwType, &name, lpAttributeData, lpAttributeSize);
}

NTMS_API DWORD WINAPI SetNtmsObjectAttributeA(HANDLE hSession, LPNTMS_GUID lpObjectId, DWORD dwType,
                                              LPCSTR lpAttributeName, LPVOID lpAttributeData,
                                              DWORD dwAttributeSize) {
        _cleanup_(text_arg_done) TextArg name;
        text_arg_a(&name, lpAttributeName);
        return set_attribute(hSession, lpObjectId, dwType, &name, lpAttributeData, dwAttributeSize);
}

NTMS_API DWORD WINAPI SetNtmsObjectAttributeW(HANDLE hSession, LPNTMS_GUID lpObjectId, DWORD dwType,
                                              LPCWSTR lpAttributeName, LPVOID lpAttributeData,
                                              DWORD AttributeSize) {
        _cleanup_(text_arg_done) TextArg name;
        text_arg_w(&name, lpAttributeName);
        return set_attribute(hSession, lpObjectId, dwType, &name, lpAttributeData, AttributeSize);
}
