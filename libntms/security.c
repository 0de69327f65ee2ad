/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Object security: self-relative security descriptors as opaque bytes. */

#include <string.h>

#include "call.h"

/* SECURITY_DESCRIPTOR_RELATIVE: Revision, Sbz1, Control, then the offsets
 * of owner, group, SACL and DACL from its start. */
#define SD_HEADER_SIZE   20u
#define SD_REVISION      1u
#define SE_SELF_RELATIVE 0x8000u
#define SD_MAX_SIZE      0x10000u

static uint32_t read_le32(const uint8_t *p) {
        return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

/* The caller passes only a pointer, so the descriptor's size has to come
 * from the descriptor itself: the end of the furthest part it points to.
 * Only the self-relative form can travel at all. 0 when it is not one. */
static size_t descriptor_size(const uint8_t *sd) {
        size_t end = SD_HEADER_SIZE;
        uint16_t control = (uint16_t) (sd[2] | sd[3] << 8);

        if (sd[0] != SD_REVISION || !(control & SE_SELF_RELATIVE))
                return 0;

        for (unsigned i = 0; i < 4; i++) {
                uint32_t offset = read_le32(sd + 4 + 4 * i);
                size_t part;

                if (offset == 0)
                        continue;
                if (offset < SD_HEADER_SIZE || offset > SD_MAX_SIZE - 8)
                        return 0;
                if (i < 2)      /* SID: 8 bytes and 4 per sub-authority */
                        part = 8 + 4 * (size_t) sd[offset + 1];
                else            /* ACL: AclSize is at byte 2 */
                        part = (size_t) (sd[offset + 2] | sd[offset + 3] << 8);
                if (part < 8 || offset + part > SD_MAX_SIZE)
                        return 0;
                if (offset + part > end)
                        end = offset + part;
        }
        return end;
}

NTMS_API DWORD WINAPI GetNtmsObjectSecurity(HANDLE hSession, LPNTMS_GUID lpObjectId, DWORD dwType,
                                            SECURITY_INFORMATION RequestedInformation,
                                            PSECURITY_DESCRIPTOR lpSecurityDescriptor, DWORD nLength,
                                            LPDWORD lpnLengthNeeded) {
        _cleanup_(session_unlockp) Session *s = NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        const void *data;
        size_t n;
        DWORD e;
        int r;

        e = session_lock(hSession, &s);
        if (e != ERROR_SUCCESS)
                return e;
        if (!lpnLengthNeeded || (!lpSecurityDescriptor && nLength > 0))
                return ERROR_INVALID_PARAMETER;

        e = ntms_call(s, &reply, "GetObjectSecurity", NTMS_CALL_TIMEOUT_DEFAULT, "gtu",
                      lpObjectId, dwType, RequestedInformation);
        if (e != ERROR_SUCCESS)
                return e;

        r = sd_bus_message_read_array(reply, 'y', &data, &n);
        if (r < 0 || n > SD_MAX_SIZE)
                return NTMS_ERROR_PROTOCOL;
        *lpnLengthNeeded = (DWORD) n;
        if (n > nLength)
                return ERROR_INSUFFICIENT_BUFFER;
        if (n > 0)
                memcpy(lpSecurityDescriptor, data, n);
        return ERROR_SUCCESS;
}

NTMS_API DWORD WINAPI SetNtmsObjectSecurity(HANDLE hSession, LPNTMS_GUID lpObjectId, DWORD dwType,
                                            SECURITY_INFORMATION SecurityInformation,
                                            PSECURITY_DESCRIPTOR lpSecurityDescriptor) {
        _cleanup_(session_unlockp) Session *s = NULL;
        size_t n;
        DWORD e;

        e = session_lock(hSession, &s);
        if (e != ERROR_SUCCESS)
                return e;
        if (!lpSecurityDescriptor)
                return ERROR_INVALID_PARAMETER;
        n = descriptor_size(lpSecurityDescriptor);
        if (n == 0)
                return ERROR_INVALID_PARAMETER;

        return ntms_call(s, NULL, "SetObjectSecurity", NTMS_CALL_TIMEOUT_DEFAULT, "gtuy",
                         lpObjectId, dwType, SecurityInformation, lpSecurityDescriptor, (DWORD) n);
}
