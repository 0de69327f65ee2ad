/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Media pools: create/open, full names, delete, moving media between them. */

#include <string.h>

#include "call.h"
#include "text.h"
#include "wide.h"

/* A pool name is a path of pool names separated by backslashes
 * ("MyApp\Pool1"); each level must fit an object name, the whole a pool
 * hierarchy name. */
static bool pool_name_valid(const char *name) {
        size_t level = 0;

        if (!*name || utf8_char_count(name) >= NTMS_POOLHIERARCHY_LENGTH)
                return false;
        for (const char *p = name; *p; p++) {
                if (*p == '\\') {
                        level = 0;
                        continue;
                }
                if (((unsigned char) *p & 0xC0) != 0x80 && ++level >= NTMS_OBJECTNAME_LENGTH)
                        return false;
        }
        return true;
}

static DWORD create_pool(HANDLE hSession, const TextArg *name, const NTMS_GUID *media_type,
                         DWORD action, const SECURITY_ATTRIBUTES *sa, NTMS_GUID *ret) {
        _cleanup_(session_unlockp) Session *s = NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        DWORD e;

        e = session_lock(hSession, &s);
        if (e != ERROR_SUCCESS)
                return e;
        if (!ret || (!name->s && name->error == ERROR_SUCCESS))
                return ERROR_INVALID_PARAMETER;
        if (name->error == ERROR_NOT_ENOUGH_MEMORY)
                return name->error;
        if (name->error != ERROR_SUCCESS || !pool_name_valid(name->s))
                return ERROR_INVALID_NAME;
        if (action != NTMS_OPEN_EXISTING && action != NTMS_CREATE_NEW && action != NTMS_OPEN_ALWAYS)
                return ERROR_INVALID_PARAMETER;
        /* rsmd decides access from the caller's credentials; a descriptor
         * is accepted for compatibility but must at least be well formed. */
        if (sa && sa->nLength != sizeof *sa)
                return ERROR_INVALID_PARAMETER;

        e = ntms_call(s, &reply, "CreateMediaPool", NTMS_CALL_TIMEOUT_DEFAULT, "sou",
                      name->s, media_type, action);
        if (e != ERROR_SUCCESS)
                return e;
        return ntms_read_guid(reply, ret);
}

NTMS_API DWORD WINAPI CreateNtmsMediaPoolA(HANDLE hSession, LPCSTR lpPoolName, LPNTMS_GUID lpMediaType,
                                           DWORD dwAction, LPSECURITY_ATTRIBUTES lpSecurityAttributes,
                                           LPNTMS_GUID lpPoolId) {
        _cleanup_(text_arg_done) TextArg name;
        text_arg_a(&name, lpPoolName);
        return create_pool(hSession, &name, lpMediaType, dwAction, lpSecurityAttributes, lpPoolId);
}

NTMS_API DWORD WINAPI CreateNtmsMediaPoolW(HANDLE hSession, LPCWSTR lpPoolName, LPNTMS_GUID lpMediaType,
                                           DWORD dwAction, LPSECURITY_ATTRIBUTES lpSecurityAttributes,
                                           LPNTMS_GUID lpPoolId) {
        _cleanup_(text_arg_done) TextArg name;
        text_arg_w(&name, lpPoolName);
        return create_pool(hSession, &name, lpMediaType, dwAction, lpSecurityAttributes, lpPoolId);
}

/* *size is in characters of the caller's kind (bytes for A, wchar_t for
 * W) and includes the NUL, both on input and on output. */
static DWORD get_pool_name(HANDLE hSession, const NTMS_GUID *pool, void *buf, DWORD *size, bool wide) {
        _cleanup_(session_unlockp) Session *s = NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        const char *name;
        size_t needed;
        DWORD e;
        int r;

        e = session_lock(hSession, &s);
        if (e != ERROR_SUCCESS)
                return e;
        if (!pool)
                return ERROR_INVALID_MEDIA_POOL;
        if (!size || (!buf && *size > 0))
                return ERROR_INVALID_PARAMETER;

        e = ntms_call(s, &reply, "GetMediaPoolName", NTMS_CALL_TIMEOUT_DEFAULT, "g", pool);
        if (e != ERROR_SUCCESS)
                return e;
        r = sd_bus_message_read(reply, "s", &name);
        if (r < 0)
                return NTMS_ERROR_PROTOCOL;

        needed = (wide ? utf8_char_count(name) : strlen(name)) + 1;
        if (needed > UINT32_MAX)
                return NTMS_ERROR_PROTOCOL;
        if (needed > *size) {
                *size = (DWORD) needed;
                return ERROR_INSUFFICIENT_BUFFER;
        }
        if (wide)
                utf8_to_wide_buf(name, buf, *size);
        else
                utf8_copy_buf(name, buf, *size);
        *size = (DWORD) needed;
        return ERROR_SUCCESS;
}

NTMS_API DWORD WINAPI GetNtmsMediaPoolNameA(HANDLE hSession, LPNTMS_GUID lpPoolId, LPSTR lpNameBuf,
                                            LPDWORD lpdwBufSize) {
        return get_pool_name(hSession, lpPoolId, lpNameBuf, lpdwBufSize, false);
}

NTMS_API DWORD WINAPI GetNtmsMediaPoolNameW(HANDLE hSession, LPNTMS_GUID lpPoolId, LPWSTR lpNameBuf,
                                            LPDWORD lpdwBufSize) {
        return get_pool_name(hSession, lpPoolId, lpNameBuf, lpdwBufSize, true);
}

NTMS_API DWORD WINAPI DeleteNtmsMediaPool(HANDLE hSession, LPNTMS_GUID lpPoolId) {
        return ntms_session_call(hSession, "DeleteMediaPool", "g", lpPoolId);
}

NTMS_API DWORD WINAPI MoveToNtmsMediaPool(HANDLE hSession, LPNTMS_GUID lpMediaId, LPNTMS_GUID lpPoolId) {
        return ntms_session_call(hSession, "MoveToMediaPool", "gg", lpMediaId, lpPoolId);
}
