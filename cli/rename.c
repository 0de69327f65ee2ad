/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* rsm rename OBJECT NEW-NAME [--type=KIND] [--description=TEXT]: the
 * objects whose name SetNtmsObjectInformation may change. */

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "rsm.h"

static const RsmWord kinds[] = {
        { "library", NTMS_LIBRARY },
        { "medium", NTMS_PHYSICAL_MEDIA },
        { "side", NTMS_PARTITION },
        { "logical", NTMS_LOGICAL_MEDIA },
        { "pool", NTMS_MEDIA_POOL },
};

static int run(int argc, char **argv, const RsmOptions *o) {
        static const struct option options[] = {
                { "type", required_argument, NULL, 't' },
                { "description", required_argument, NULL, 'd' },
                {}
        };
        static const DWORD renamable[] = {
                NTMS_LIBRARY, NTMS_PHYSICAL_MEDIA, NTMS_MEDIA_POOL, NTMS_PARTITION, NTMS_LOGICAL_MEDIA,
        };
        _cleanup_session_ HANDLE h = NULL;
        NTMS_OBJECTINFORMATIONA info;
        const char *description = NULL, *name;
        DWORD type = 0, e;
        NTMS_GUID id;
        int c, r;

        while ((c = getopt_long(argc, argv, "t:d:", options, NULL)) >= 0)
                switch (c) {
                case 't':
                        if (rsm_parse_word(kinds, ELEMENTSOF(kinds), optarg, &type) < 0)
                                return rsm_usage("unknown kind '%s' (library, medium, side, logical, pool)",
                                                 optarg);
                        break;
                case 'd':
                        description = optarg;
                        break;
                default:
                        return rsm_bad_option();
                }
        r = rsm_check_args(argc - optind, 2, 2);
        if (r != RSM_EXIT_OK)
                return r;
        name = argv[optind + 1];
        if (!name[0] || strlen(name) >= NTMS_OBJECTNAME_LENGTH)
                return rsm_usage("names have 1 to %d bytes", NTMS_OBJECTNAME_LENGTH - 1);
        if (description && strlen(description) >= NTMS_DESCRIPTION_LENGTH)
                return rsm_usage("descriptions have at most %d bytes", NTMS_DESCRIPTION_LENGTH - 1);

        r = rsm_open(&h);
        if (r != RSM_EXIT_OK)
                return r;
        if (type != 0)
                r = rsm_lookup(h, type, NULL, argv[optind], &id, &info);
        else
                /* Sides are named like their media: media first. */
                r = rsm_lookup_any(h, renamable, ELEMENTSOF(renamable), 3, NULL, argv[optind], &type, &id, &info);
        if (r != RSM_EXIT_OK)
                return r;

        /* What comes back from Get goes back to Set: only the name and the
         * description change. */
        snprintf(info.szName, sizeof info.szName, "%s", name);
        if (description)
                snprintf(info.szDescription, sizeof info.szDescription, "%s", description);
        e = SetNtmsObjectInformationA(h, &id, &info);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("SetNtmsObjectInformation", e, "cannot rename %s '%s'", rsm_kind_name(type),
                                     argv[optind]);
        if (!o->json)
                printf("Renamed %s '%s' to '%s'.\n", rsm_kind_name(type), argv[optind], name);
        else {
                char guid[NTMS_GUID_STRING_MAX];

                rsm_guid_text(&id, guid);
                printf("{\"guid\":\"%s\",\"kind\":\"%s\"}\n", guid, rsm_kind_name(type));
        }
        return RSM_EXIT_OK;
}

const Command rsm_command_rename = {
        .name = "rename",
        .run = run,
        .synopsis = "OBJECT NEW-NAME [--type=KIND] [--description=TEXT]",
        .summary = "Rename a library, medium, side, logical medium or media pool",
        .help = "OBJECT is a GUID, a name, or a medium's barcode; a pool's new name is its\n"
                "own name, without the names of the pools above it.\n"
                "\n"
                "Options:\n"
                "  -t, --type=KIND         library, medium, side, logical or pool: where to look\n"
                "                          when a name is shared by objects of several kinds\n"
                "  -d, --description=TEXT  set the description as well\n",
};
