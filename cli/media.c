/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* rsm media [list] [--pool=POOL] [--library=LIBRARY]
 * rsm media show MEDIUM
 * rsm media move MEDIUM... POOL */

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "rsm.h"
#include "table.h"

/* The state of a medium's first side: what allocation cares about. */
static const char *side_state(HANDLE h, const NTMS_GUID *medium) {
        _cleanup_free_ NTMS_GUID *sides = NULL;
        NTMS_OBJECTINFORMATIONA info;
        DWORD n;

        if (rsm_enumerate(h, medium, NTMS_PARTITION, &sides, &n) != ERROR_SUCCESS || n == 0 ||
            rsm_get_info(h, &sides[0], NTMS_PARTITION, &info) != ERROR_SUCCESS)
                return "";
        return rsm_side_state_name(info.Info.Partition.State);
}

static void add_medium(HANDLE h, Table *t, RsmNames *names, const NTMS_GUID *id,
                       const NTMS_OBJECTINFORMATIONA *info) {
        const NTMS_PMIDINFORMATIONA *p = &info->Info.PhysicalMedia;
        char guid[NTMS_GUID_STRING_MAX], location[NTMS_OBJECTNAME_LENGTH * 2];

        rsm_guid_text(id, guid);
        table_add_row(t, p->szBarCode, info->szName, rsm_name_of(names, &p->CurrentLibrary, NTMS_LIBRARY),
                      rsm_location_of(names, info, location, sizeof location),
                      rsm_name_of(names, &p->MediaPool, NTMS_MEDIA_POOL),
                      rsm_name_of(names, &p->MediaType, NTMS_MEDIA_TYPE),
                      info->Enabled ? rsm_media_state_name(p->MediaState) : "disabled", side_state(h, id), guid);
}

static int list(int argc, char **argv, const RsmOptions *o) {
        static const struct option options[] = {
                { "pool", required_argument, NULL, 'p' },
                { "library", required_argument, NULL, 'l' },
                {}
        };
        _cleanup_session_ HANDLE h = NULL;
        _cleanup_(table_freep) Table *t = NULL;
        _cleanup_(rsm_names_freep) RsmNames *names = NULL;
        _cleanup_free_ NTMS_GUID *media = NULL;
        const char *pool_name = NULL, *library_name = NULL;
        NTMS_GUID pool, library;
        DWORD n, e;
        int c, r;

        while ((c = getopt_long(argc, argv, "p:l:", options, NULL)) >= 0)
                switch (c) {
                case 'p':
                        pool_name = optarg;
                        break;
                case 'l':
                        library_name = optarg;
                        break;
                default:
                        return rsm_bad_option();
                }
        r = rsm_check_args(argc - optind, 0, 0);
        if (r != RSM_EXIT_OK)
                return r;

        r = rsm_open(&h);
        if (r != RSM_EXIT_OK)
                return r;
        if (pool_name && (r = rsm_lookup(h, NTMS_MEDIA_POOL, NULL, pool_name, &pool, NULL)) != RSM_EXIT_OK)
                return r;
        if (library_name && (r = rsm_lookup(h, NTMS_LIBRARY, NULL, library_name, &library, NULL)) != RSM_EXIT_OK)
                return r;

        t = table_new("BARCODE", "NAME", "LIBRARY", "LOCATION", "POOL", "MEDIA TYPE", "STATE", "SIDE", "GUID",
                      NULL);
        names = rsm_names_new(h);
        if (!t || !names)
                return rsm_fail(RSM_EXIT_API, "out of memory");
        table_set_json_only(t, 8);

        /* rsmd lists by pool or by library; both narrow a pool's list. */
        e = rsm_enumerate(h, pool_name ? &pool : library_name ? &library : NULL, NTMS_PHYSICAL_MEDIA, &media, &n);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("EnumerateNtmsObject", e, "listing media");
        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA info;

                if (rsm_get_info(h, &media[i], NTMS_PHYSICAL_MEDIA, &info) != ERROR_SUCCESS)
                        continue; /* deleted while we looked */
                if (library_name && memcmp(&info.Info.PhysicalMedia.CurrentLibrary, &library, sizeof library) != 0)
                        continue;
                add_medium(h, t, names, &media[i], &info);
        }
        rsm_print_table(o, t, "No media.");
        return RSM_EXIT_OK;
}

static int sides_table(HANDLE h, RsmNames *names, const NTMS_GUID *medium, Table **ret) {
        _cleanup_(table_freep) Table *t = table_new("SIDE", "NAME", "STATE", "LOGICAL MEDIUM", "ALLOCATIONS",
                                                    "MOUNTS", "LABEL TYPE", "LABEL", "GUID",
                                                    "LOGICAL MEDIUM GUID", NULL);
        _cleanup_free_ NTMS_GUID *sides = NULL;
        DWORD n, e;

        if (!t)
                return rsm_fail(RSM_EXIT_API, "out of memory");
        table_set_numeric(t, 0);
        table_set_numeric(t, 4);
        table_set_numeric(t, 5);
        table_set_json_only(t, 9);
        e = rsm_enumerate(h, medium, NTMS_PARTITION, &sides, &n);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("EnumerateNtmsObject", e, "listing the sides");
        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA info;
                const NTMS_PARTITIONINFORMATIONA *s = &info.Info.Partition;
                char side[16], allocations[16], mounts[16], guid[NTMS_GUID_STRING_MAX], logical[NTMS_GUID_STRING_MAX];

                if (rsm_get_info(h, &sides[i], NTMS_PARTITION, &info) != ERROR_SUCCESS)
                        continue;
                rsm_guid_text(&sides[i], guid);
                rsm_guid_text(&s->LogicalMedia, logical);
                table_add_row(t, rsm_number(s->Side, side), info.szName, rsm_side_state_name(s->State),
                              rsm_name_of(names, &s->LogicalMedia, NTMS_LOGICAL_MEDIA),
                              rsm_number(s->dwAllocateCount, allocations), rsm_number(s->dwMountCount, mounts),
                              s->szOmidLabelType, s->szOmidLabelInfo, guid, logical);
        }
        *ret = TAKE_PTR(t);
        return RSM_EXIT_OK;
}

static int show(int argc, char **argv, const RsmOptions *o) {
        _cleanup_session_ HANDLE h = NULL;
        _cleanup_(table_freep) Table *t = NULL, *sides_t = NULL;
        _cleanup_(rsm_names_freep) RsmNames *names = NULL;
        const NTMS_PMIDINFORMATIONA *p;
        RsmMedium m;
        char guid[NTMS_GUID_STRING_MAX], location[NTMS_OBJECTNAME_LENGTH * 2], home[NTMS_OBJECTNAME_LENGTH * 2];
        char sides[16], created[32], modified[32];
        int r;

        r = rsm_parse_no_options(argc, argv);
        if (r == RSM_EXIT_OK)
                r = rsm_check_args(argc - optind, 1, 1);
        if (r != RSM_EXIT_OK)
                return r;

        r = rsm_open(&h);
        if (r != RSM_EXIT_OK)
                return r;
        r = rsm_lookup_medium(h, argv[optind], &m);
        if (r != RSM_EXIT_OK)
                return r;

        t = table_new("Name", "Barcode", "GUID", "Description", "Library", "Location", "Home slot", "Pool",
                      "Media type", "State", "Enabled", "Sides", "Sequence", "Created", "Modified", NULL);
        names = rsm_names_new(h);
        if (!t || !names)
                return rsm_fail(RSM_EXIT_API, "out of memory");
        table_set_numeric(t, 11);

        p = &m.info.Info.PhysicalMedia;
        rsm_guid_text(&m.physical, guid);
        snprintf(home, sizeof home, "%s", rsm_name_of(names, &p->HomeSlot, NTMS_STORAGESLOT));
        rsm_format_time(&m.info.Created, o->json, created, sizeof created);
        rsm_format_time(&m.info.Modified, o->json, modified, sizeof modified);
        table_add_row(t, m.info.szName, p->szBarCode, guid, m.info.szDescription,
                      rsm_name_of(names, &p->CurrentLibrary, NTMS_LIBRARY),
                      rsm_location_of(names, &m.info, location, sizeof location), home,
                      rsm_name_of(names, &p->MediaPool, NTMS_MEDIA_POOL),
                      rsm_name_of(names, &p->MediaType, NTMS_MEDIA_TYPE), rsm_media_state_name(p->MediaState),
                      m.info.Enabled ? "yes" : "no", rsm_number(p->dwNumberOfPartitions, sides),
                      p->szSequenceNumber, created, modified);

        r = sides_table(h, names, &m.physical, &sides_t);
        if (r != RSM_EXIT_OK)
                return r;

        if (o->json) {
                fputs("{\"medium\":", stdout);
                table_print_record_json(t, 0, stdout);
                fputs(",\"sides\":", stdout);
                table_print_json(sides_t, stdout);
                puts("}");
        } else {
                table_print_record(t, 0, stdout);
                putchar('\n');
                table_print(sides_t, stdout);
        }
        return RSM_EXIT_OK;
}

static int move(int argc, char **argv, const RsmOptions *o) {
        _cleanup_session_ HANDLE h = NULL;
        NTMS_OBJECTINFORMATIONA pool_info;
        NTMS_GUID pool;
        int r, ret = RSM_EXIT_OK;

        r = rsm_parse_no_options(argc, argv);
        if (r == RSM_EXIT_OK)
                r = rsm_check_args(argc - optind, 2, -1);
        if (r != RSM_EXIT_OK)
                return r;

        r = rsm_open(&h);
        if (r != RSM_EXIT_OK)
                return r;
        r = rsm_lookup(h, NTMS_MEDIA_POOL, NULL, argv[argc - 1], &pool, &pool_info);
        if (r != RSM_EXIT_OK)
                return r;

        for (int i = optind; i < argc - 1; i++) {
                RsmMedium m;
                DWORD e;

                r = rsm_lookup_medium(h, argv[i], &m);
                if (r == RSM_EXIT_OK) {
                        e = MoveToNtmsMediaPool(h, &m.physical, &pool);
                        if (e != ERROR_SUCCESS)
                                r = rsm_api_error("MoveToNtmsMediaPool", e, "cannot move %s to %s", argv[i],
                                                  argv[argc - 1]);
                        else if (!o->json)
                                printf("Moved %s to %s.\n", argv[i], argv[argc - 1]);
                }
                if (r != RSM_EXIT_OK)
                        ret = r;
        }
        return ret;
}

static int run(int argc, char **argv, const RsmOptions *o) {
        static const SubCommand subs[] = {
                { "list", list },
                { "show", show },
                { "move", move },
        };
        return rsm_run_subcommand(argc, argv, o, subs, ELEMENTSOF(subs), "list");
}

const Command rsm_command_media = {
        .name = "media",
        .run = run,
        .synopsis = "[list] [--pool=POOL] [--library=LIBRARY] | show MEDIUM | move MEDIUM... POOL",
        .summary = "List media, show one, or move media to another pool",
        .help = "  list [--pool=POOL] [--library=LIBRARY]\n"
                "        every medium (the default), or those in a pool or a library: barcode,\n"
                "        name, where it is, its pool, media type, state and the state of its\n"
                "        first side; with --json also its GUID\n"
                "  show MEDIUM\n"
                "        all that rsmd knows of one medium and its sides\n"
                "  move MEDIUM... POOL\n"
                "        move media to another pool (MoveToNtmsMediaPool): for example from\n"
                "        Import or Free into an application pool\n"
                "\n"
                "MEDIUM is a barcode, a name, or the GUID of a medium, side or logical medium.\n",
};
