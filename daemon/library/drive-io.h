/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* What a drive's own lane does to it, through the drive's own transport:
 * wait until a cartridge the robot put in is ready, unload a cartridge
 * before the robot takes it out, clean, and find out what a stand-alone
 * drive holds and eject its medium. Each call opens the device and closes
 * it again, like every changer job, so that a drive that went away is
 * noticed at once. Blocking; only the drive's worker calls them. Waiting,
 * unloading and cleaning are for tape drives (SSC), the drives libraries
 * hold; finding out what a drive holds and ejecting are for any removable
 * drive. */

#include <stdbool.h>
#include <stdint.h>

#include "ssc.h"

/* How long a drive may take to thread a tape and become ready. */
#define DRIVE_READY_TIMEOUT_USEC (180ULL * 1000000ULL)

/* How long a cleaning may take: a few minutes on the drives libraries hold. */
#define DRIVE_CLEAN_TIMEOUT_USEC (600ULL * 1000000ULL)

/* Returns 0 once TEST UNIT READY answers GOOD. A unit attention (the drive
 * saw a medium change) is retried at once, a drive becoming ready after a
 * pause; a drive that reports no medium, or not ready for no reason it
 * names, is sent one LOAD, which drives that do not thread a tape by
 * themselves need. -ETIMEDOUT when the drive is not ready within timeout_usec,
 * -EHOSTDOWN when it cannot be reached. */
int drive_io_wait_ready(const char *url, unsigned long long timeout_usec);

/* Rewinds and unloads (SSC LOAD UNLOAD with LOAD clear). A drive without a
 * medium has nothing to unload: 0. -EHOSTDOWN when it cannot be reached. */
int drive_io_unload(const char *url);

/* Whether the drive asks to be cleaned before its next mount: *ret true when
 * its TapeAlert flags (LOG SENSE page 0x2E) say clean now (0x14) or clean
 * periodic (0x15), or when TEST UNIT READY answers with cleaning requested
 * (00/17). Reading TapeAlert clears the flags on most drives: the answer is
 * given once. A drive that rejects LOG SENSE or the page (tgt's does) tells
 * nothing through it and is not in error; neither is a drive that answers
 * either command with a failure. 0 with *ret set; -EHOSTDOWN when the drive
 * cannot be reached, the transport's errno when a command fails to reach it. */
int drive_io_cleaning_wanted(const char *url, bool *ret);

/* Cleans the drive with the cleaning cartridge the robot has just put in:
 * waits while the drive cleans (NOT READY with cleaning cartridge installed,
 * becoming ready, busy), then unloads the cartridge so that the robot can
 * take it out. A drive that ejects the cartridge (no medium), or that simply
 * becomes ready with it (it took it for a tape, as tgt's drive does), has
 * cleaned. Returns 0 when cleaned and unloaded;
 *   -EMEDIUMTYPE  the cleaning cartridge is spent or not one: expired
 *                 (TapeAlert 0x16, sense 30/0B or 30/13) or invalid
 *                 (TapeAlert 0x17); it should be retired;
 *   -EIO          the drive reports that cleaning failed (30/07, 30/0A);
 *   -ETIME        the drive was still at work when timeout_usec passed;
 *   -EHOSTDOWN    the drive cannot be reached;
 *   other         the errno of any other failure of the drive, or of the
 *                 unload after a cleaning that went well.
 * Whatever the outcome, once the drive was reached an unload is attempted,
 * also after a failure or a timeout. */
int drive_io_clean(const char *url, uint64_t timeout_usec);

/* Opens the drive to take its medium out by hand (EjectDiskFromSADrive):
 * a tape drive rewinds and unloads (LOAD UNLOAD with LOAD clear), any other
 * removable drive ejects (START STOP UNIT with LOEJ). With force, ALLOW
 * MEDIUM REMOVAL goes first, which lifts a lock held on the same path to the
 * device (the st or sr driver keeps one while the device is open); a drive
 * that cannot lock at all is fine. Succeeds once TEST UNIT READY no longer
 * finds a medium ready; a drive without a medium has nothing to eject: 0.
 * -EBUSY when the drive refuses because removal is prevented, -EHOSTDOWN
 * when it cannot be reached, -EIO when it keeps its medium ready. */
int drive_io_eject(const char *url, bool force);

/* What the drive of a stand-alone drive library holds, as its inventory
 * finds it. */
typedef struct DriveContent {
        bool full;              /* TEST UNIT READY found a medium ready */
        bool read;              /* a tape drive: the first block was read, label says what it is */
        TapeLabel label;
} DriveContent;

/* The inventory of a stand-alone drive (there is no barcode reader: every
 * method reads the medium): TEST UNIT READY, and with a medium in a tape
 * drive its label (tape_read_label(), which leaves the tape rewound). A
 * drive without a medium is empty: 0 with full clear. A label that cannot
 * be read leaves the medium unidentified (read clear), as in the on-media
 * inventory of a changer. -EHOSTDOWN when the drive cannot be reached,
 * -EREMOTEIO when TEST UNIT READY fails otherwise (the drive is in error,
 * or does not become ready). */
int drive_io_inventory(const char *url, DriveContent *ret);
