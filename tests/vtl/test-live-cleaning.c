/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Cleaning against tgt's virtual drive, through the same calls the drive's lane makes.
 * tgt's drive has no TapeAlert (LOG SENSE is an invalid operation code) and knows
 * nothing of cleaning cartridges: a cartridge moved in loads as a tape. So it never
 * asks for cleaning, and a cleaning with whatever cartridge the robot put in completes
 * at once. Skipped (77) unless a virtual library can be started (root, tgtd). */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "changer.h"
#include "library/drive-io.h"
#include "tape.h"
#include "vtl-harness.h"

#define SKIP 77

/* Nothing listens on port 1. */
#define UNREACHABLE_URL "iscsi://127.0.0.1:1/iqn.2026-11.org.ntms.vtl:none/2"

#define check(expr)                                                                     \
        do {                                                                            \
                if (!(expr)) {                                                          \
                        fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #expr); \
                        return EXIT_FAILURE;                                            \
                }                                                                       \
        } while (0)

/* TEST UNIT READY on the drive, one try after any unit attention. */
static int drive_ready(const char *url) {
        _cleanup_scsi_transport_ ScsiTransport *t = NULL;
        int r;

        r = scsi_transport_open(url, &t);
        if (r < 0)
                return r;
        return tape_test_unit_ready(t, &SCSI_RETRY_DEFAULT);
}

int main(void) {
        _cleanup_(vtl_stopp) Vtl *v = NULL;
        _cleanup_changer_ Changer *c = NULL;
        const char *drive;
        bool wanted;
        int r;

        if (vtl_available() < 0) {
                fprintf(stderr, "no virtual library available, skipping\n");
                return SKIP;
        }

        r = vtl_start(&(VtlConfig) { .slots = 4, .full = 2, .drives = 1, .ports = VTL_NONE }, &v);
        if (r == -EOPNOTSUPP)
                return SKIP;
        check(r == 0);
        check(v->n_drives == 1);
        drive = v->drive_urls[0];

        check(changer_open(v->changer_url, &c) == 0);

        /* Empty: no TapeAlert, no cleaning requested, no error. */
        wanted = true;
        check(drive_io_cleaning_wanted(drive, &wanted) == 0);
        check(!wanted);

        /* Loaded: the same. */
        check(changer_move_medium(c, (uint16_t) v->mte_addr, (uint16_t) v->slot_addr, (uint16_t) v->drive_addr, false) == 0);
        check(drive_ready(drive) == 0);
        wanted = true;
        check(drive_io_cleaning_wanted(drive, &wanted) == 0);
        check(!wanted);

        /* The cartridge in the drive stands for a cleaner: the drive is ready with it
         * at once, which counts as a cleaning done, and it is unloaded ... */
        check(drive_io_clean(drive, DRIVE_CLEAN_TIMEOUT_USEC) == 0);

        /* ... so that the robot can take it out (tgt's drive answers TEST UNIT READY
         * with GOOD until then: its unload moves nothing). */
        check(changer_move_medium(c, (uint16_t) v->mte_addr, (uint16_t) v->drive_addr, (uint16_t) v->slot_addr, false) == 0);
        check(drive_ready(drive) == -ENOMEDIUM);

        /* A drive without a cartridge has nothing to clean or unload: done. */
        check(drive_io_clean(drive, DRIVE_CLEAN_TIMEOUT_USEC) == 0);
        check(drive_io_clean(drive, 0) == 0);

        /* A drive that cannot be reached. */
        wanted = true;
        check(drive_io_cleaning_wanted(UNREACHABLE_URL, &wanted) == -EHOSTDOWN);
        check(!wanted);
        check(drive_io_clean(UNREACHABLE_URL, DRIVE_CLEAN_TIMEOUT_USEC) == -EHOSTDOWN);

        printf("live tgt: cleaning not wanted, cleaning with a cartridge and without one complete\n");
        return EXIT_SUCCESS;
}
