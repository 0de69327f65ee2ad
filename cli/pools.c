/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* rsm pools [POOL]: the media pool tree with what each pool holds and its
 * policies; with a pool, that pool and the pools inside it. */

#include <getopt.h>
#include <stdio.h>

#include "rsm.h"
#include "table.h"

int rsm_pool_table(HANDLE h, const NTMS_GUID *root, Table **ret) {
        _cleanup_(table_freep) Table *t = table_new("POOL", "TYPE", "MEDIA TYPE", "MEDIA", "POOLS",
                                                    "FROM FREE", "TO FREE", "MAX ALLOCATIONS",
                                                    "DESCRIPTION", "GUID", NULL);
        _cleanup_(rsm_names_freep) RsmNames *names = rsm_names_new(h);
        _cleanup_free_ NTMS_GUID *list = NULL;
        DWORD n, e;

        if (!t || !names)
                return rsm_fail(RSM_EXIT_API, "out of memory");
        table_set_numeric(t, 3);
        table_set_numeric(t, 4);
        table_set_numeric(t, 7);
        for (unsigned c = 7; c <= 9; c++)
                table_set_json_only(t, c);

        e = rsm_enumerate_pools(h, root, &list, &n);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("EnumerateNtmsObject", e, "listing media pools");

        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA info;
                const NTMS_MEDIAPOOLINFORMATION *p = &info.Info.MediaPool;
                char media[16], pools[16], max[16], guid[NTMS_GUID_STRING_MAX];
                if (rsm_get_info(h, &list[i], NTMS_MEDIA_POOL, &info) != ERROR_SUCCESS)
                        continue; /* deleted while we looked */
                rsm_guid_text(&list[i], guid);
                table_add_row(t, rsm_name_of(names, &list[i], NTMS_MEDIA_POOL), rsm_pool_type_name(p->PoolType),
                              rsm_name_of(names, &p->MediaType, NTMS_MEDIA_TYPE),
                              rsm_number(p->dwNumberOfPhysicalMedia, media),
                              rsm_number(p->dwNumberOfMediaPools, pools),
                              p->AllocationPolicy & NTMS_ALLOCATE_FROMSCRATCH ? "yes" : "no",
                              p->DeallocationPolicy & NTMS_DEALLOCATE_TOSCRATCH ? "yes" : "no",
                              rsm_number(p->dwMaxAllocates, max), info.szDescription, guid);
        }
        *ret = TAKE_PTR(t);
        return RSM_EXIT_OK;
}

static int run(int argc, char **argv, const RsmOptions *o) {
        _cleanup_session_ HANDLE h = NULL;
        _cleanup_(table_freep) Table *t = NULL;
        NTMS_GUID root;
        int r;

        r = rsm_parse_no_options(argc, argv);
        if (r == RSM_EXIT_OK)
                r = rsm_check_args(argc - optind, 0, 1);
        if (r != RSM_EXIT_OK)
                return r;

        r = rsm_open(&h);
        if (r != RSM_EXIT_OK)
                return r;
        if (optind < argc) {
                r = rsm_lookup(h, NTMS_MEDIA_POOL, NULL, argv[optind], &root, NULL);
                if (r != RSM_EXIT_OK)
                        return r;
        }

        r = rsm_pool_table(h, optind < argc ? &root : NULL, &t);
        if (r != RSM_EXIT_OK)
                return r;
        rsm_print_table(o, t, NULL);
        return RSM_EXIT_OK;
}

const Command rsm_command_pools = {
        .name = "pools",
        .run = run,
        .synopsis = "[POOL]",
        .summary = "List media pools: each one's type, media type, media and policies",
        .help = "POOL is a full pool name as listed (\"Free\\LTO Ultrium 6\"), a name that only\n"
                "one pool has, or a GUID; the pool and the pools inside it are listed.\n"
                "FROM FREE: the pool takes media from the free pool when it has none;\n"
                "TO FREE: deallocated media go back to the free pool. With --json each pool\n"
                "also has its GUID, description and max_allocations.\n",
};
