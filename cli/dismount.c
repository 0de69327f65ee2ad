/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* rsm dismount MEDIUM... [--deferred]   (DismountNtmsMedia)
 * rsm dismount --drive=DRIVE            (DismountNtmsDrive) */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "rsm.h"

static int dismount_drive(HANDLE h, const char *name) {
        NTMS_GUID drive;
        DWORD e;
        int r;

        r = rsm_lookup(h, NTMS_DRIVE, NULL, name, &drive, NULL);
        if (r != RSM_EXIT_OK)
                return r;
        e = DismountNtmsDrive(h, &drive);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("DismountNtmsDrive", e, "cannot empty drive %s", name);
        return RSM_EXIT_OK;
}

static int dismount_media(HANDLE h, char **names, int n, DWORD options) {
        _cleanup_free_ NTMS_GUID *media = calloc((size_t) n, sizeof *media);
        DWORD e;

        if (!media)
                return rsm_fail(RSM_EXIT_API, "out of memory");
        for (int i = 0; i < n; i++) {
                RsmMedium m;
                int r = rsm_lookup_medium(h, names[i], &m);

                if (r != RSM_EXIT_OK)
                        return r;
                media[i] = m.given_logical ? m.logical : m.side;
                if (NTMS_IS_NULLGUID(media[i]))
                        return rsm_fail(RSM_EXIT_API, "%s has no side to dismount", names[i]);
        }
        e = DismountNtmsMedia(h, media, (DWORD) n, options);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("DismountNtmsMedia", e, "cannot dismount %s%s", names[0],
                                     n > 1 ? " and the rest" : "");
        return RSM_EXIT_OK;
}

static int run(int argc, char **argv, const RsmOptions *o) {
        static const struct option options[] = {
                { "deferred", no_argument, NULL, 'D' },
                { "drive", required_argument, NULL, 'd' },
                {}
        };
        _cleanup_session_ HANDLE h = NULL;
        DWORD dismount_options = NTMS_DISMOUNT_IMMEDIATE;
        const char *drive = NULL;
        int c, r;

        while ((c = getopt_long(argc, argv, "d:", options, NULL)) >= 0)
                switch (c) {
                case 'D':
                        dismount_options = NTMS_DISMOUNT_DEFERRED;
                        break;
                case 'd':
                        drive = optarg;
                        break;
                default:
                        return rsm_bad_option();
                }
        if (drive && optind < argc)
                return rsm_usage("name media or a --drive, not both");
        if (!drive && optind >= argc)
                return rsm_usage("name the media to dismount, or a --drive to empty");

        r = rsm_open(&h);
        if (r != RSM_EXIT_OK)
                return r;
        if (drive)
                return dismount_drive(h, drive);
        return dismount_media(h, argv + optind, argc - optind, dismount_options);
}

const Command rsm_command_dismount = {
        .name = "dismount",
        .run = run,
        .synopsis = "MEDIUM... [--deferred] | --drive=DRIVE",
        .summary = "Dismount media, or empty a drive",
        .help = "Options:\n"
                "      --deferred     mark the media dismountable and leave them in their drives\n"
                "                     until a drive is needed (default: at once)\n"
                "  -d, --drive=DRIVE  move whatever is in the drive back to its slot\n",
};
