/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* rsm deallocate MEDIUM...: DeallocateNtmsMedia for each medium's logical
 * medium; the side goes back to its pool (or the free pool). */

#include <getopt.h>
#include <stdio.h>

#include "rsm.h"

static int deallocate_one(HANDLE h, const char *text, const RsmOptions *o) {
        RsmMedium m;
        DWORD e;
        int r;

        r = rsm_lookup_medium(h, text, &m);
        if (r != RSM_EXIT_OK)
                return r;
        if (NTMS_IS_NULLGUID(m.logical))
                return rsm_fail(RSM_EXIT_API, "%s is not allocated: it has no logical medium to deallocate", text);

        e = DeallocateNtmsMedia(h, &m.logical, 0);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("DeallocateNtmsMedia", e, "cannot deallocate %s", text);
        if (!o->json)
                printf("Deallocated %s.\n", text);
        return RSM_EXIT_OK;
}

static int run(int argc, char **argv, const RsmOptions *o) {
        _cleanup_session_ HANDLE h = NULL;
        int r, ret = RSM_EXIT_OK;

        r = rsm_parse_no_options(argc, argv);
        if (r == RSM_EXIT_OK)
                r = rsm_check_args(argc - optind, 1, -1);
        if (r == RSM_EXIT_OK)
                r = rsm_open(&h);
        if (r != RSM_EXIT_OK)
                return r;

        for (int i = optind; i < argc; i++) {
                r = deallocate_one(h, argv[i], o);
                if (r != RSM_EXIT_OK)
                        ret = r;
        }
        return ret;
}

const Command rsm_command_deallocate = {
        .name = "deallocate",
        .run = run,
        .synopsis = "MEDIUM...",
        .summary = "Deallocate media: their sides become available again",
        .help = "MEDIUM is a logical medium's GUID or name, or a medium's barcode, name or\n"
                "GUID (its first side's logical medium is deallocated).\n",
};
