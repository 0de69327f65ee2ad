/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Cleaning a tape drive reached over a transport: whether it asks for it, and what it
 * says while a cleaning cartridge the robot put in works. Blocking, but without any
 * waiting of its own: the caller polls and keeps the clock. The caller keeps the
 * transport. */

#include <stdbool.h>
#include <stdint.h>

#include "scsi-command.h"
#include "tapealert.h"
#include "transport.h"

/* The TapeAlert flags (LOG SENSE page 0x2E, current values). Most drives clear the
 * flags they report. -EOPNOTSUPP when the drive rejects the command or the page,
 * -EBADMSG for a reply that is not the page. */
int tape_read_tapealert(ScsiTransport *t, const ScsiRetryPolicy *policy, TapeAlert *ret);

/* *ret true when the drive asks to be cleaned: TapeAlert clean now or clean periodic,
 * or cleaning requested (00/17) in the sense of TEST UNIT READY. A drive that offers no
 * TapeAlert, or answers either command with a failure, just tells nothing through it:
 * still 0. A negative errno only when a command does not reach the drive. */
int tape_cleaning_wanted(ScsiTransport *t, bool *ret);

typedef struct TapeCleaning {
        bool load_sent;
} TapeCleaning;

/* One look (TEST UNIT READY) at a drive the robot has just given a cleaning cartridge;
 * c starts zeroed and is passed to every look of one cleaning.
 *   0            still at work (cleaning cartridge installed, becoming ready, busy, a
 *                unit attention): look again later;
 *   1            done: the drive holds no medium (it cleaned and ejected the cartridge)
 *                or is ready (it took the cartridge for a tape, as tgt's drive does);
 *   -EIO         the drive reports a cleaning failure (30/07, 30/0A);
 *   -EMEDIUMTYPE the cleaning cartridge is expired (30/0B, 30/13);
 *   other        the errno of any other failure, or of a transport failure.
 * A drive not ready for no reason it names is sent one LOAD (immediate), which drives
 * that do not thread a cartridge by themselves need. */
int tape_cleaning_poll(ScsiTransport *t, TapeCleaning *c);

/* Ends a cleaning whose looks came to r (0 done, or a negative errno: a failure, or the
 * caller giving up): reads TapeAlert, then unloads the cartridge (a drive without one:
 * fine) so that the robot can take it out. Returns -EMEDIUMTYPE when TapeAlert says the
 * cleaning cartridge is expired or invalid (0x16, 0x17) and r was 0 or -EIO; else r if
 * negative; else the unload's failure, or 0. *ret_flags (if not NULL) gets the TapeAlert
 * flags read, 0 if the drive offers none. */
int tape_cleaning_finish(ScsiTransport *t, int r, uint64_t *ret_flags);
