/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Where user-interface messages go: lists of destination computers per
 * object and message type. */

#include <string.h>

#include "call.h"
#include "text.h"
#include "wide.h"

static bool ui_type_valid(DWORD type) {
        return type == NTMS_UITYPE_INFO || type == NTMS_UITYPE_REQ || type == NTMS_UITYPE_ERR;
}

/* The destinations come back as a multi-string: each name with its NUL,
 * then one more NUL. *size is in characters of the caller's kind. */
static DWORD get_ui_options(HANDLE hSession, const NTMS_GUID *object, DWORD type, void *buf,
                            DWORD *size, bool wide) {
        _cleanup_(session_unlockp) Session *s = NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        const char *name;
        size_t needed = 1, at = 0;
        DWORD e;
        int r;

        e = session_lock(hSession, &s);
        if (e != ERROR_SUCCESS)
                return e;
        if (!buf || !size || !ui_type_valid(type))
                return ERROR_INVALID_PARAMETER;

        e = ntms_call(s, &reply, "GetUIOptions", NTMS_CALL_TIMEOUT_DEFAULT, "ou", object, type);
        if (e != ERROR_SUCCESS)
                return e;

        /* First pass: how much room it takes. */
        r = sd_bus_message_enter_container(reply, 'a', "s");
        if (r < 0)
                return NTMS_ERROR_PROTOCOL;
        while ((r = sd_bus_message_read_basic(reply, 's', &name)) > 0)
                needed += (wide ? utf8_char_count(name) : strlen(name)) + 1;
        if (r < 0 || needed > UINT32_MAX)
                return NTMS_ERROR_PROTOCOL;
        if (needed > *size) {
                *size = (DWORD) needed;
                return ERROR_INSUFFICIENT_BUFFER;
        }

        /* Second pass: copy. */
        r = sd_bus_message_rewind(reply, true);
        if (r >= 0)
                r = sd_bus_message_enter_container(reply, 'a', "s");
        if (r < 0)
                return NTMS_ERROR_PROTOCOL;
        while ((r = sd_bus_message_read_basic(reply, 's', &name)) > 0) {
                if (wide)
                        at += utf8_to_wide_buf(name, (wchar_t *) buf + at, needed - at) + 1;
                else
                        at += utf8_copy_buf(name, (char *) buf + at, needed - at) + 1;
        }
        if (wide)
                ((wchar_t *) buf)[at] = 0;
        else
                ((char *) buf)[at] = 0;
        *size = (DWORD) needed;
        return ERROR_SUCCESS;
}

NTMS_API DWORD WINAPI GetNtmsUIOptionsA(HANDLE hSession, const LPNTMS_GUID lpObjectId, DWORD dwType,
                                        LPSTR lpszDestination, LPDWORD lpdwBufSize) {
        return get_ui_options(hSession, lpObjectId, dwType, lpszDestination, lpdwBufSize, false);
}

NTMS_API DWORD WINAPI GetNtmsUIOptionsW(HANDLE hSession, const LPNTMS_GUID lpObjectId, DWORD dwType,
                                        LPWSTR lpszDestination, LPDWORD lpdwBufSize) {
        return get_ui_options(hSession, lpObjectId, dwType, lpszDestination, lpdwBufSize, true);
}

static DWORD set_ui_options(HANDLE hSession, const NTMS_GUID *object, DWORD type, DWORD operation,
                            const TextArg *destination) {
        _cleanup_(session_unlockp) Session *s = NULL;
        DWORD e;

        e = session_lock(hSession, &s);
        if (e != ERROR_SUCCESS)
                return e;
        if (destination->error != ERROR_SUCCESS)
                return destination->error;
        if (!ui_type_valid(type))
                return ERROR_INVALID_PARAMETER;
        if (operation != NTMS_UIDEST_ADD && operation != NTMS_UIDEST_DELETE &&
            operation != NTMS_UIDEST_DELETEALL)
                return ERROR_INVALID_PARAMETER;
        /* Only "delete all" goes without a destination. */
        if (!destination->s && operation != NTMS_UIDEST_DELETEALL)
                return ERROR_INVALID_PARAMETER;
        if (text_arg_chars(destination) >= NTMS_COMPUTERNAME_LENGTH)
                return ERROR_INVALID_PARAMETER;

        return ntms_call(s, NULL, "SetUIOptions", NTMS_CALL_TIMEOUT_DEFAULT, "ouus",
                         object, type, operation, destination->s);
}

NTMS_API DWORD WINAPI SetNtmsUIOptionsA(HANDLE hSession, const LPNTMS_GUID lpObjectId, DWORD dwType,
                                        DWORD dwOperation, LPCSTR lpszDestination) {
        _cleanup_(text_arg_done) TextArg destination;
        text_arg_a(&destination, lpszDestination);
        return set_ui_options(hSession, lpObjectId, dwType, dwOperation, &destination);
}

NTMS_API DWORD WINAPI SetNtmsUIOptionsW(HANDLE hSession, const LPNTMS_GUID lpObjectId, DWORD dwType,
                                        DWORD dwOperation, LPCWSTR lpszDestination) {
        _cleanup_(text_arg_done) TextArg destination;
        text_arg_w(&destination, lpszDestination);
        return set_ui_options(hSession, lpObjectId, dwType, dwOperation, &destination);
}
