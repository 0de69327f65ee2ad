/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* rsm refresh [LIBRARY...] [--method=fast|omid|default|none]: inventory, as
 * rsm.exe's refresh does. Without a name, every library that has a robot. */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ntms-guid.h"
#include "rsm.h"

static int parse_method(const char *s, DWORD *ret) {
        static const struct { const char *name; DWORD method; } methods[] = {
                { "fast", NTMS_INVENTORY_FAST },
                { "omid", NTMS_INVENTORY_OMID },
                { "default", NTMS_INVENTORY_DEFAULT },
                { "none", NTMS_INVENTORY_NONE },
        };

        for (size_t i = 0; i < ELEMENTSOF(methods); i++)
                if (strcmp(s, methods[i].name) == 0) {
                        *ret = methods[i].method;
                        return 0;
                }
        return -1;
}

static int refresh_one(HANDLE h, const NTMS_GUID *id, const char *label, DWORD method) {
        DWORD e;

        /* A large library takes a while; say what is going on before the wait. */
        fprintf(stderr, "Taking inventory of %s...\n", label);
        e = InventoryNtmsLibrary(h, (LPNTMS_GUID) id, method);
        if (e != ERROR_SUCCESS)
                return rsm_api_error(label, e);
        return RSM_EXIT_OK;
}

static int refresh_all(HANDLE h, DWORD method) {
        _cleanup_free_ NTMS_GUID *list = NULL;
        NTMS_OBJECTINFORMATIONA info;
        int ret = RSM_EXIT_OK;
        DWORD n, e;

        e = rsm_enumerate(h, NULL, NTMS_LIBRARY, &list, &n);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("listing libraries", e);
        for (DWORD i = 0; i < n; i++) {
                e = rsm_get_info(h, &list[i], NTMS_LIBRARY, &info);
                if (e != ERROR_SUCCESS)
                        return rsm_api_error("reading a library", e);
                if (info.Info.Library.LibraryType != NTMS_LIBRARYTYPE_ONLINE)
                        continue;
                int r = refresh_one(h, &list[i], info.szName, method);
                if (r != RSM_EXIT_OK)
                        ret = r;
        }
        return ret;
}

int rsm_refresh(int argc, char **argv, const RsmOptions *o) {
        static const struct option options[] = {
                { "method", required_argument, NULL, 'm' },
                {}
        };
        DWORD method = NTMS_INVENTORY_DEFAULT;
        HANDLE h;
        int c, ret = RSM_EXIT_OK;

        optind = 1;
        while ((c = getopt_long(argc, argv, "m:", options, NULL)) >= 0)
                switch (c) {
                case 'm':
                        if (parse_method(optarg, &method) < 0) {
                                fprintf(stderr, "rsm refresh: unknown method '%s' (fast, omid, default, none)\n", optarg);
                                return RSM_EXIT_USAGE;
                        }
                        break;
                default:
                        return RSM_EXIT_USAGE;
                }

        h = OpenNtmsSessionA(NULL, "rsm", 0);
        if (h == INVALID_HANDLE_VALUE)
                return rsm_api_error("opening a session with rsmd", GetLastError());

        if (optind >= argc)
                ret = refresh_all(h, method);
        for (int i = optind; i < argc; i++) {
                NTMS_GUID id;
                DWORD e = rsm_find(h, NTMS_LIBRARY, argv[i], &id);

                if (e != ERROR_SUCCESS) {
                        ret = rsm_api_error(argv[i], e);
                        continue;
                }
                int r = refresh_one(h, &id, argv[i], method);
                if (r != RSM_EXIT_OK)
                        ret = r;
        }

        CloseNtmsSession(h);
        return ret;
}
