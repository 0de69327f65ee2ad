/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* rsm view [libraries|pools|mediatypes] [--json]: what rsmd knows. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ntms-guid.h"
#include "rsm.h"
#include "table.h"

static const char *library_type(DWORD t) {
        switch (t) {
        case NTMS_LIBRARYTYPE_OFFLINE: return "offline";
        case NTMS_LIBRARYTYPE_ONLINE: return "online";
        case NTMS_LIBRARYTYPE_STANDALONE: return "standalone";
        default: return "unknown";
        }
}

static const char *pool_type(DWORD t) {
        switch (t) {
        case NTMS_POOLTYPE_SCRATCH: return "free";
        case NTMS_POOLTYPE_FOREIGN: return "unrecognized";
        case NTMS_POOLTYPE_IMPORT: return "import";
        case NTMS_POOLTYPE_APPLICATION: return "application";
        default: return "unknown";
        }
}

static int show(Table *t, const RsmOptions *o, const char *title, bool first) {
        if (o->json) {
                printf("%s\"%s\":", first ? "" : ",", title);
                table_print_json(t, stdout);
        } else {
                if (!first)
                        putchar('\n');
                printf("%s\n", title);
                table_print(t, stdout);
        }
        table_free(t);
        return RSM_EXIT_OK;
}

static int view_libraries(HANDLE h, const RsmOptions *o, bool first) {
        Table *t = table_new("NAME", "TYPE", "GUID", "DRIVES", "SLOTS", NULL);
        NTMS_GUID *list = NULL;
        DWORD n, e;

        if (!t)
                return rsm_api_error("listing libraries", ERROR_NOT_ENOUGH_MEMORY);
        table_set_numeric(t, 3);
        table_set_numeric(t, 4);
        e = rsm_enumerate(h, NULL, NTMS_LIBRARY, &list, &n);
        if (e != ERROR_SUCCESS) {
                table_free(t);
                return rsm_api_error("listing libraries", e);
        }
        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA info;
                char guid[NTMS_GUID_STRING_MAX], drives[16], slots[16];

                e = rsm_get_info(h, &list[i], NTMS_LIBRARY, &info);
                if (e != ERROR_SUCCESS)
                        continue; /* deleted while we looked */
                rsm_guid_text(&list[i], guid);
                snprintf(drives, sizeof drives, "%u", info.Info.Library.dwNumberOfDrives);
                snprintf(slots, sizeof slots, "%u", info.Info.Library.dwNumberOfSlots);
                table_add_row(t, info.szName, library_type(info.Info.Library.LibraryType), guid, drives, slots);
        }
        free(list);
        return show(t, o, "libraries", first);
}

static void media_type_name(HANDLE h, const NTMS_GUID *mt, char *buf, size_t size) {
        NTMS_OBJECTINFORMATIONA info;

        if (NTMS_IS_NULLGUID(*mt))
                snprintf(buf, size, "-");
        else if (rsm_get_info(h, mt, NTMS_MEDIA_TYPE, &info) == ERROR_SUCCESS)
                snprintf(buf, size, "%s", info.szName);
        else
                rsm_guid_text(mt, buf);
}

/* Depth first, so that each pool follows its parent. */
static DWORD add_pools(HANDLE h, Table *t, const NTMS_GUID *container, unsigned depth) {
        NTMS_GUID *list = NULL;
        DWORD n, e;

        if (depth > 32)
                return ERROR_SUCCESS;
        e = rsm_enumerate(h, container, NTMS_MEDIA_POOL, &list, &n);
        if (e != ERROR_SUCCESS)
                return e;
        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA info;
                char name[NTMS_POOLHIERARCHY_LENGTH * 4], mt[NTMS_OBJECTNAME_LENGTH * 4];
                char media[16], pools[16];
                DWORD size = sizeof name;

                if (rsm_get_info(h, &list[i], NTMS_MEDIA_POOL, &info) != ERROR_SUCCESS)
                        continue;
                if (GetNtmsMediaPoolNameA(h, &list[i], name, &size) != ERROR_SUCCESS)
                        snprintf(name, sizeof name, "%s", info.szName);
                media_type_name(h, &info.Info.MediaPool.MediaType, mt, sizeof mt);
                snprintf(media, sizeof media, "%u", info.Info.MediaPool.dwNumberOfPhysicalMedia);
                snprintf(pools, sizeof pools, "%u", info.Info.MediaPool.dwNumberOfMediaPools);
                table_add_row(t, name, pool_type(info.Info.MediaPool.PoolType), mt, media, pools);
                if (info.Info.MediaPool.dwNumberOfMediaPools > 0)
                        (void) add_pools(h, t, &list[i], depth + 1);
        }
        free(list);
        return ERROR_SUCCESS;
}

static int view_pools(HANDLE h, const RsmOptions *o, bool first) {
        Table *t = table_new("POOL", "TYPE", "MEDIA TYPE", "MEDIA", "POOLS", NULL);
        DWORD e;

        if (!t)
                return rsm_api_error("listing media pools", ERROR_NOT_ENOUGH_MEMORY);
        table_set_numeric(t, 3);
        table_set_numeric(t, 4);
        e = add_pools(h, t, NULL, 0);
        if (e != ERROR_SUCCESS) {
                table_free(t);
                return rsm_api_error("listing media pools", e);
        }
        return show(t, o, "pools", first);
}

static const char *device_type(DWORD t) {
        /* FILE_DEVICE_* values that RSM media types use. */
        switch (t) {
        case 0x02: return "cd-rom";
        case 0x07: return "disk";
        case 0x1F: return "tape";
        case 0x33: return "dvd";
        default: return "other";
        }
}

static int view_media_types(HANDLE h, const RsmOptions *o, bool first) {
        Table *t = table_new("NAME", "SIDES", "DEVICE", NULL);
        NTMS_GUID *list = NULL;
        DWORD n, e;

        if (!t)
                return rsm_api_error("listing media types", ERROR_NOT_ENOUGH_MEMORY);
        table_set_numeric(t, 1);
        e = rsm_enumerate(h, NULL, NTMS_MEDIA_TYPE, &list, &n);
        if (e != ERROR_SUCCESS) {
                table_free(t);
                return rsm_api_error("listing media types", e);
        }
        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA info;
                char sides[16];

                if (rsm_get_info(h, &list[i], NTMS_MEDIA_TYPE, &info) != ERROR_SUCCESS)
                        continue;
                snprintf(sides, sizeof sides, "%u", info.Info.MediaType.NumberOfSides);
                table_add_row(t, info.szName, sides, device_type(info.Info.MediaType.DeviceType));
        }
        free(list);
        return show(t, o, "mediatypes", first);
}

int rsm_view(int argc, char **argv, const RsmOptions *o) {
        bool libraries = true, pools = true, media_types = true;
        int r = RSM_EXIT_OK;
        HANDLE h;

        if (argc > 2) {
                fprintf(stderr, "rsm view: too many arguments (see rsm --help)\n");
                return RSM_EXIT_USAGE;
        }
        if (argc == 2) {
                libraries = (strcmp(argv[1], "libraries") == 0);
                pools = (strcmp(argv[1], "pools") == 0);
                media_types = (strcmp(argv[1], "mediatypes") == 0);
                if (!libraries && !pools && !media_types) {
                        fprintf(stderr, "rsm view: unknown object kind '%s' "
                                "(libraries, pools or mediatypes)\n", argv[1]);
                        return RSM_EXIT_USAGE;
                }
        }

        h = OpenNtmsSessionA(NULL, "rsm", 0);
        if (h == INVALID_HANDLE_VALUE)
                return rsm_api_error("opening a session with rsmd", GetLastError());

        if (o->json)
                putchar('{');
        bool first = true;
        if (libraries && r == RSM_EXIT_OK) {
                r = view_libraries(h, o, first);
                first = false;
        }
        if (pools && r == RSM_EXIT_OK) {
                r = view_pools(h, o, first);
                first = false;
        }
        if (media_types && r == RSM_EXIT_OK)
                r = view_media_types(h, o, first);
        if (o->json)
                puts("}");

        CloseNtmsSession(h);
        return r;
}
