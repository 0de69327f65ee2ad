/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* rsm refresh [LIBRARY...] [--method=fast|omid|default|none]: inventory, as
 * rsm.exe's refresh does. Without a name, every library that has a robot. */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "rsm.h"
#include "table.h"

static int refresh_one(HANDLE h, const NTMS_GUID *id, const char *name, DWORD method, Table *done) {
        NTMS_OBJECTINFORMATIONA info;
        char guid[NTMS_GUID_STRING_MAX], media[16];
        Progress *p;
        DWORD e;

        /* A large library takes a while; say what is going on before the wait. */
        p = method == NTMS_INVENTORY_STOP ? NULL : progress_begin("Taking inventory of %s...", name);
        e = InventoryNtmsLibrary(h, (LPNTMS_GUID) id, method);
        progress_end(p);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("InventoryNtmsLibrary", e, "inventory of %s", name);

        e = rsm_get_info(h, id, NTMS_LIBRARY, &info);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("GetNtmsObjectInformation", e, "reading %s after its inventory", name);
        rsm_guid_text(id, guid);
        table_add_row(done, name, guid, rsm_number(info.Info.Library.dwNumberOfMedia, media),
                      rsm_number(info.Info.Library.dwNumberOfSlots, (char[16]) {}));
        return RSM_EXIT_OK;
}

typedef struct RefreshAll {
        DWORD method;
        Table *done;
} RefreshAll;

static int refresh_library(HANDLE h, const NTMS_GUID *id, const NTMS_OBJECTINFORMATIONA *info, void *userdata) {
        RefreshAll *a = userdata;

        return refresh_one(h, id, info->szName, a->method, a->done);
}

static int run(int argc, char **argv, const RsmOptions *o) {
        static const struct option options[] = {
                { "method", required_argument, NULL, 'm' },
                { "stop", no_argument, NULL, 's' },
                {}
        };
        _cleanup_session_ HANDLE h = NULL;
        _cleanup_(table_freep) Table *done = NULL;
        DWORD method = NTMS_INVENTORY_DEFAULT;
        int c, r, ret = RSM_EXIT_OK;

        while ((c = getopt_long(argc, argv, "m:", options, NULL)) >= 0)
                switch (c) {
                case 'm':
                        if (rsm_parse_word(rsm_inventory_methods, rsm_n_inventory_methods, optarg, &method) < 0)
                                return rsm_usage("unknown method '%s' (fast, omid, default, none)", optarg);
                        break;
                case 's':
                        method = NTMS_INVENTORY_STOP;
                        break;
                default:
                        return rsm_bad_option();
                }

        done = table_new("LIBRARY", "GUID", "MEDIA", "SLOTS", NULL);
        if (!done)
                return rsm_fail(RSM_EXIT_API, "out of memory");
        table_set_json_only(done, 1);
        table_set_numeric(done, 2);
        table_set_numeric(done, 3);

        r = rsm_open(&h);
        if (r != RSM_EXIT_OK)
                return r;

        if (optind >= argc)
                ret = rsm_for_each_robot_library(h, refresh_library, &(RefreshAll) { method, done });
        for (int i = optind; i < argc; i++) {
                NTMS_OBJECTINFORMATIONA info;
                NTMS_GUID id;

                r = rsm_lookup(h, NTMS_LIBRARY, NULL, argv[i], &id, &info);
                if (r == RSM_EXIT_OK)
                        r = refresh_one(h, &id, info.szName, method, done);
                if (r != RSM_EXIT_OK)
                        ret = r;
        }

        rsm_print_table(o, done, "No library has a robot to take inventory with.");
        return ret;
}

const Command rsm_command_refresh = {
        .name = "refresh",
        .run = run,
        .synopsis = "[LIBRARY...] [--method=fast|omid|default|none] [--stop]",
        .summary = "Take inventory of libraries: every online library, or those named",
        .help = "Options:\n"
                "  -m, --method=METHOD  fast: read the barcodes; omid: read each cartridge's\n"
                "                       label in a drive; default: the library's own\n"
                "                       InventoryMethod (the default); none: nothing\n"
                "      --stop           stop a running inventory (rsmd answers ERROR_BUSY when\n"
                "                       it cannot be stopped midway)\n"
                "\n"
                "Also called 'rsm inventory'. The call waits until the inventory is over; a\n"
                "line on stderr says which library is being read.\n",
};
