/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* rsm deletepool POOL...: DeleteNtmsMediaPool for each; an empty
 * application pool only. */

#include <getopt.h>
#include <stdio.h>

#include "rsm.h"

static int run(int argc, char **argv, const RsmOptions *o) {
        _cleanup_session_ HANDLE h = NULL;
        int r, ret = RSM_EXIT_OK;

        r = rsm_parse_no_options(argc, argv);
        if (r == RSM_EXIT_OK)
                r = rsm_check_args(argc - optind, 1, -1);
        if (r != RSM_EXIT_OK)
                return r;

        r = rsm_open(&h);
        if (r != RSM_EXIT_OK)
                return r;

        for (int i = optind; i < argc; i++) {
                NTMS_GUID pool;
                DWORD e;

                r = rsm_lookup(h, NTMS_MEDIA_POOL, NULL, argv[i], &pool, NULL);
                if (r == RSM_EXIT_OK) {
                        e = DeleteNtmsMediaPool(h, &pool);
                        if (e != ERROR_SUCCESS)
                                r = rsm_api_error("DeleteNtmsMediaPool", e, "cannot delete media pool '%s'",
                                                  argv[i]);
                }
                if (r != RSM_EXIT_OK)
                        ret = r;
        }
        return ret;
}

const Command rsm_command_deletepool = {
        .name = "deletepool",
        .run = run,
        .synopsis = "POOL...",
        .summary = "Delete empty application media pools",
        .help = "A pool that still holds media or pools is ERROR_NOT_EMPTY: move its media\n"
                "elsewhere first ('rsm media move'). The free, import and unrecognized pools\n"
                "cannot be deleted.\n",
};
