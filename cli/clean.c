/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* rsm clean DRIVE: CleanNtmsDrive queues the cleaning of a drive with its
 * library's cleaner; the library request that does it shows in 'rsm
 * requests'. */

#include <stdio.h>

#include "rsm.h"

static int run(int argc, char **argv, const RsmOptions *o) {
        _cleanup_session_ HANDLE h = NULL;
        NTMS_OBJECTINFORMATIONA drive_info, library_info;
        NTMS_GUID drive;
        DWORD e;
        int r;

        r = rsm_open_lookup(argc, argv, 1, NTMS_DRIVE, &h, &drive, &drive_info);
        if (r != RSM_EXIT_OK)
                return r;

        e = CleanNtmsDrive(h, &drive);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("CleanNtmsDrive", e, "cannot clean %s", drive_info.szName);

        if (o->json)
                return RSM_EXIT_OK;
        /* Only for the words: the call has done its work whatever this answers. */
        if (rsm_get_info(h, &drive_info.Info.Drive.Library, NTMS_LIBRARY, &library_info) != ERROR_SUCCESS)
                printf("The cleaning of %s is queued; follow it with: rsm requests\n", drive_info.szName);
        else if (library_info.Info.Library.LibraryType == NTMS_LIBRARYTYPE_STANDALONE)
                /* No robot to put a cleaner in: someone did, or will, by hand. */
                printf("%s is a stand-alone drive: it is recorded as cleaned now.\n", drive_info.szName);
        else
                printf("The cleaning of %s is queued; follow it with: rsm requests list '%s'\n", drive_info.szName,
                       library_info.szName);
        return RSM_EXIT_OK;
}

const Command rsm_command_clean = {
        .name = "clean",
        .run = run,
        .synopsis = "DRIVE",
        .summary = "Clean a drive with its library's cleaner",
        .help = "DRIVE is a drive's name, device path, serial number or GUID. rsmd queues\n"
                "the cleaning as a library request ('clean drive' in 'rsm requests'): a\n"
                "dismounted medium in the drive goes home first, the cleaner goes in and\n"
                "comes back to its slot with one cleaning less. The library needs a cleaner\n"
                "slot and a cleaner: see 'rsm cleaner'. A stand-alone drive, which has no\n"
                "robot, is only recorded as cleaned (its LastCleanedTs): clean it by hand.\n",
};
