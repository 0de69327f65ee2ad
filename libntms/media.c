/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Media services: creating and deleting media, media types, allocation and
 * the media life cycle, on-media identifiers. */

#include <string.h>

#include "call.h"
#include "marshal.h"
#include "objects.h"

/* Far more sides than any medium has, but a bound on what we read from the
 * caller's array. */
#define MAX_SIDES 1024u

/* The fields CreateMedia takes from the caller (common/BUS.md). ObjectGuid
 * goes along only when the caller chose one. */
static const char *const media_fields[] = {
        "szName", "szDescription", "MediaPool", "szBarCode", "BarCodeState",
        "szSequenceNumber", "MediaType", NULL,
};
static const char *const media_fields_with_guid[] = {
        "szName", "szDescription", "MediaPool", "szBarCode", "BarCodeState",
        "szSequenceNumber", "MediaType", "ObjectGuid", NULL,
};
static const char *const side_fields[] = {
        "szName", "szDescription", "Side", "dwOmidLabelIdLength", "OmidLabelId",
        "szOmidLabelType", "szOmidLabelInfo", "Capacity", NULL,
};
static const char *const side_fields_with_guid[] = {
        "szName", "szDescription", "Side", "dwOmidLabelIdLength", "OmidLabelId",
        "szOmidLabelType", "szOmidLabelInfo", "Capacity", "ObjectGuid", NULL,
};

static void *side_at(void *list, DWORD i, bool wide) {
        return (uint8_t *) list + (size_t) i * marshal_info_size(wide);
}

static DWORD number_of_sides(const void *media, bool wide) {
        return wide ? ((const NTMS_OBJECTINFORMATIONW *) media)->Info.PhysicalMedia.dwNumberOfPartitions
                    : ((const NTMS_OBJECTINFORMATIONA *) media)->Info.PhysicalMedia.dwNumberOfPartitions;
}

static const void *fields_for(void *info, bool wide, const char *const *plain,
                              const char *const *with_guid) {
        return ntms_guid_null(info_object_guid(info, wide)) ? plain : with_guid;
}

static DWORD check_create_media(const void *media, void *sides, DWORD options, bool wide) {
        DWORD n;

        if (!media || !sides)
                return ERROR_INVALID_PARAMETER;
        if (info_size(media) != marshal_info_size(wide) || info_type(media) != NTMS_PHYSICAL_MEDIA)
                return ERROR_INVALID_PARAMETER;
        if (options & ~(DWORD) NTMS_ERROR_ON_DUPLICATE)
                return ERROR_INVALID_PARAMETER;
        n = number_of_sides(media, wide);
        if (n == 0 || n > MAX_SIDES)
                return ERROR_INVALID_PARAMETER;
        for (DWORD i = 0; i < n; i++) {
                const void *side = side_at(sides, i, wide);
                if (info_size(side) != marshal_info_size(wide) || info_type(side) != NTMS_PARTITION)
                        return ERROR_INVALID_PARAMETER;
        }
        return ERROR_SUCCESS;
}

static DWORD build_create_media(Session *s, void *media, void *sides, DWORD options, bool wide,
                                sd_bus_message **ret) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = NULL;
        DWORD e, n = number_of_sides(media, wide);
        int r;

        e = ntms_message_new(s, "CreateMedia", &m);
        if (e != ERROR_SUCCESS)
                return e;
        e = marshal_append_info(m, media, wide, marshal_want_named,
                                fields_for(media, wide, media_fields, media_fields_with_guid));
        if (e != ERROR_SUCCESS)
                return e;

        r = sd_bus_message_open_container(m, 'a', "a{sv}");
        if (r < 0)
                return ERROR_NOT_ENOUGH_MEMORY;
        for (DWORD i = 0; i < n; i++) {
                void *side = side_at(sides, i, wide);
                e = marshal_append_info(m, side, wide, marshal_want_named,
                                        fields_for(side, wide, side_fields, side_fields_with_guid));
                if (e != ERROR_SUCCESS)
                        return e;
        }
        r = sd_bus_message_close_container(m);
        if (r >= 0)
                r = sd_bus_message_append(m, "u", (uint32_t) options);
        if (r < 0)
                return ERROR_NOT_ENOUGH_MEMORY;

        *ret = TAKE_PTR(m);
        return ERROR_SUCCESS;
}

/* The GUIDs rsmd assigned go back into the caller's structures. */
static DWORD read_create_media(sd_bus_message *reply, void *media, void *sides, bool wide) {
        DWORD e, n = number_of_sides(media, wide), i = 0;
        NTMS_GUID *media_id = info_object_guid(media, wide);
        const char *id;
        int r;

        e = ntms_read_guid(reply, media_id);
        if (e != ERROR_SUCCESS)
                return e;

        r = sd_bus_message_enter_container(reply, 'a', "s");
        if (r < 0)
                return NTMS_ERROR_PROTOCOL;
        while ((r = sd_bus_message_read_basic(reply, 's', &id)) > 0) {
                void *side = side_at(sides, i, wide);
                if (i >= n)
                        return NTMS_ERROR_PROTOCOL;
                e = ntms_guid_parse(id, info_object_guid(side, wide));
                if (e != ERROR_SUCCESS)
                        return e;
                i++;
        }
        return r < 0 || i != n ? NTMS_ERROR_PROTOCOL : ERROR_SUCCESS;
}

static DWORD create_media(HANDLE hSession, void *media, void *sides, DWORD options, bool wide) {
        _cleanup_(session_unlockp) Session *s = NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = NULL, *reply = NULL;
        NTMS_GUID media_id;
        DWORD e, n;

        e = session_lock(hSession, &s);
        if (e != ERROR_SUCCESS)
                return e;
        e = check_create_media(media, sides, options, wide);
        if (e != ERROR_SUCCESS)
                return e;

        e = build_create_media(s, media, sides, options, wide, &m);
        if (e != ERROR_SUCCESS)
                return e;
        e = ntms_message_call(s, m, NTMS_CALL_TIMEOUT_DEFAULT, &reply);
        if (e != ERROR_SUCCESS)
                return e;
        e = read_create_media(reply, media, sides, wide);
        if (e != ERROR_SUCCESS)
                return e;

        /* The medium exists now; fill in the [out] members (sequence number,
         * times, media type ...) as rsmd recorded them. Should that fail,
         * the creation still happened and the GUIDs are already set. */
        media_id = *info_object_guid(media, wide);
        n = number_of_sides(media, wide);
        (void) object_info_fetch(s, &media_id, media, wide);
        for (DWORD i = 0; i < n; i++) {
                void *side = side_at(sides, i, wide);
                NTMS_GUID side_id = *info_object_guid(side, wide);
                (void) object_info_fetch(s, &side_id, side, wide);
        }
        return ERROR_SUCCESS;
}

NTMS_API DWORD WINAPI CreateNtmsMediaA(HANDLE hSession, LPNTMS_OBJECTINFORMATIONA lpMedia,
                                       LPNTMS_OBJECTINFORMATIONA lpList, DWORD dwOptions) {
        return create_media(hSession, lpMedia, lpList, dwOptions, false);
}

NTMS_API DWORD WINAPI CreateNtmsMediaW(HANDLE hSession, LPNTMS_OBJECTINFORMATIONW lpMedia,
                                       LPNTMS_OBJECTINFORMATIONW lpList, DWORD dwOptions) {
        return create_media(hSession, lpMedia, lpList, dwOptions, true);
}

NTMS_API DWORD WINAPI DeleteNtmsMedia(HANDLE hSession, LPNTMS_GUID lpMediaId) {
        return ntms_session_call(hSession, "DeleteMedia", "g", lpMediaId);
}

NTMS_API DWORD WINAPI AddNtmsMediaType(HANDLE hSession, LPNTMS_GUID lpMediaTypeId, LPNTMS_GUID lpLibId) {
        return ntms_session_call(hSession, "AddMediaType", "gg", lpMediaTypeId, lpLibId);
}

NTMS_API DWORD WINAPI DeleteNtmsMediaType(HANDLE hSession, LPNTMS_GUID lpMediaTypeId, LPNTMS_GUID lpLibId) {
        return ntms_session_call(hSession, "DeleteMediaType", "gg", lpMediaTypeId, lpLibId);
}

NTMS_API DWORD WINAPI ChangeNtmsMediaType(HANDLE hSession, LPNTMS_GUID lpMediaId, LPNTMS_GUID lpPoolId) {
        return ntms_session_call(hSession, "ChangeMediaType", "gg", lpMediaId, lpPoolId);
}

NTMS_API DWORD WINAPI AllocateNtmsMedia(HANDLE hSession, LPNTMS_GUID lpMediaPool, LPNTMS_GUID lpPartition,
                                        LPNTMS_GUID lpMediaId, DWORD dwOptions, DWORD dwTimeout,
                                        LPNTMS_ALLOCATION_INFORMATION lpAllocateInformation) {
        _cleanup_(session_unlockp) Session *s = NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        const DWORD known = NTMS_ALLOCATE_NEW | NTMS_ALLOCATE_NEXT | NTMS_ALLOCATE_ERROR_IF_UNAVAILABLE;
        NTMS_GUID media, from;
        DWORD e;

        e = session_lock(hSession, &s);
        if (e != ERROR_SUCCESS)
                return e;
        if (dwOptions & ~known)
                return ERROR_INVALID_PARAMETER;
        if (lpAllocateInformation && lpAllocateInformation->dwSize != sizeof *lpAllocateInformation)
                return ERROR_INVALID_PARAMETER;

        /* lpMediaId is in/out: with NTMS_ALLOCATE_NEXT it names the logical
         * medium to continue. The wait happens in rsmd, so the bus timeout
         * follows the caller's. */
        e = ntms_call(s, &reply, "AllocateMedia", ntms_timeout_usec(dwTimeout), "gonuu",
                      lpMediaPool, lpPartition, lpMediaId, dwOptions, dwTimeout);
        if (e != ERROR_SUCCESS)
                return e;
        e = ntms_read_guid(reply, &media);
        if (e == ERROR_SUCCESS)
                e = ntms_read_guid(reply, &from);
        if (e != ERROR_SUCCESS)
                return e;

        *lpMediaId = media;
        if (lpAllocateInformation)
                lpAllocateInformation->AllocatedFrom = from;
        return ERROR_SUCCESS;
}

NTMS_API DWORD WINAPI DeallocateNtmsMedia(HANDLE hSession, LPNTMS_GUID lpMediaId, DWORD dwOptions) {
        return ntms_session_call(hSession, "DeallocateMedia", "gu", lpMediaId, dwOptions);
}

NTMS_API DWORD WINAPI SwapNtmsMedia(HANDLE hSession, LPNTMS_GUID lpMediaId1, LPNTMS_GUID lpMediaId2) {
        return ntms_session_call(hSession, "SwapMedia", "gg", lpMediaId1, lpMediaId2);
}

NTMS_API DWORD WINAPI DecommissionNtmsMedia(HANDLE hSession, LPNTMS_GUID lpMediaId) {
        return ntms_session_call(hSession, "DecommissionMedia", "g", lpMediaId);
}

NTMS_API DWORD WINAPI SetNtmsMediaComplete(HANDLE hSession, LPNTMS_GUID lpMediaId) {
        return ntms_session_call(hSession, "SetMediaComplete", "g", lpMediaId);
}

NTMS_API DWORD WINAPI UpdateNtmsOmidInfo(HANDLE hSession, LPNTMS_GUID lpMediaId, DWORD labelType,
                                         DWORD numberOfBytes, LPVOID lpBuffer) {
        return ntms_session_call(hSession, "UpdateOmidInfo", "grY", lpMediaId,
                                 labelType, (DWORD) NTMS_OMID_TYPE_RAW_LABEL,
                                 (DWORD) NTMS_OMID_TYPE_FILESYSTEM_INFO,
                                 lpBuffer, numberOfBytes);
}
