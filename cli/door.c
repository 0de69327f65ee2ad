/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* rsm door LIBRARY [--inventory=METHOD]: AccessNtmsLibraryDoor unlocks the
 * door; rsmd takes an inventory once it is closed again. */

#include <getopt.h>
#include <stdio.h>

#include "rsm.h"

static int run(int argc, char **argv, const RsmOptions *o) {
        static const struct option options[] = {
                { "inventory", required_argument, NULL, 'i' },
                {}
        };
        _cleanup_session_ HANDLE h = NULL;
        NTMS_OBJECTINFORMATIONA info;
        DWORD method = NTMS_INVENTORY_DEFAULT, e;
        NTMS_GUID library;
        int c, r;

        while ((c = getopt_long(argc, argv, "i:", options, NULL)) >= 0)
                switch (c) {
                case 'i':
                        if (rsm_parse_word(rsm_inventory_methods, rsm_n_inventory_methods, optarg, &method) < 0)
                                return rsm_usage("unknown inventory method '%s' (fast, omid, default, none)",
                                                 optarg);
                        break;
                default:
                        return rsm_bad_option();
                }
        r = rsm_check_args(argc - optind, 1, 1);
        if (r != RSM_EXIT_OK)
                return r;

        r = rsm_open(&h);
        if (r == RSM_EXIT_OK)
                r = rsm_lookup(h, NTMS_LIBRARY, NULL, argv[optind], &library, &info);
        if (r != RSM_EXIT_OK)
                return r;

        e = AccessNtmsLibraryDoor(h, &library, method);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("AccessNtmsLibraryDoor", e, "cannot unlock the door of %s", info.szName);
        if (!o->json)
                printf("The door of %s is unlocked (or will be once the library is idle).\n", info.szName);
        return RSM_EXIT_OK;
}

const Command rsm_command_door = {
        .name = "door",
        .run = run,
        .synopsis = "LIBRARY [--inventory=fast|omid|default|none]",
        .summary = "Unlock a library's door",
        .help = "When the library is busy rsmd queues the request and the door unlocks later.\n"
                "\n"
                "Options:\n"
                "  -i, --inventory=METHOD  the inventory after the door is closed again: fast\n"
                "                          (barcodes), omid (labels), none, or default (the\n"
                "                          library's InventoryMethod)\n",
};
