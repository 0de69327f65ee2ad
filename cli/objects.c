/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* What every subcommand needs of the object model: whole lists, one object's
 * information, and finding an object by GUID or by name. */

#include <stdlib.h>
#include <string.h>

#include "ntms-guid.h"
#include "rsm.h"

void rsm_guid_text(const NTMS_GUID *g, char buf[static NTMS_GUID_STRING_MAX]) {
        ntms_guid_to_string((const NtmsGuidBytes *) g, buf);
}

DWORD rsm_enumerate(HANDLE h, const NTMS_GUID *container, DWORD type, NTMS_GUID **ret, DWORD *ret_n) {
        NTMS_GUID *list = NULL;
        DWORD n = 16, e;

        /* EnumerateNtmsObject says how many it needs; grow until it fits. */
        for (;;) {
                NTMS_GUID *l = realloc(list, (n ? n : 1) * sizeof *l);
                if (!l) {
                        free(list);
                        return ERROR_NOT_ENOUGH_MEMORY;
                }
                list = l;
                e = EnumerateNtmsObject(h, (LPNTMS_GUID) container, list, &n, type, 0);
                if (e != ERROR_INSUFFICIENT_BUFFER)
                        break;
        }
        if (e != ERROR_SUCCESS) {
                free(list);
                return e;
        }
        *ret = list;
        *ret_n = n;
        return ERROR_SUCCESS;
}

DWORD rsm_get_info(HANDLE h, const NTMS_GUID *id, DWORD type, NTMS_OBJECTINFORMATIONA *info) {
        memset(info, 0, sizeof *info);
        info->dwSize = sizeof *info;
        info->dwType = type;
        return GetNtmsObjectInformationA(h, (LPNTMS_GUID) id, info);
}

DWORD rsm_find(HANDLE h, DWORD type, const char *name, NTMS_GUID *ret) {
        _cleanup_free_ NTMS_GUID *list = NULL;
        NTMS_OBJECTINFORMATIONA info;
        DWORD n, e;

        if (ntms_guid_from_string(name, (NtmsGuidBytes *) ret) >= 0)
                return ERROR_SUCCESS;

        e = rsm_enumerate(h, NULL, type, &list, &n);
        if (e != ERROR_SUCCESS)
                return e;
        for (DWORD i = 0; i < n; i++)
                if (rsm_get_info(h, &list[i], type, &info) == ERROR_SUCCESS && strcmp(info.szName, name) == 0) {
                        *ret = list[i];
                        return ERROR_SUCCESS;
                }
        return ERROR_OBJECT_NOT_FOUND;
}
