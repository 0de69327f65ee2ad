/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* What a drive's own lane does to it, through the drive's own transport:
 * wait until a cartridge the robot put in is ready, unload a cartridge
 * before the robot takes it out, and eject the medium of a stand-alone
 * drive. Each call opens the device and closes it again, like every changer
 * job, so that a drive that went away is noticed at once. Blocking; only the
 * drive's worker calls them. Waiting and unloading are for tape drives
 * (SSC), the drives libraries hold; ejecting is for any removable drive. */

#include <stdbool.h>

/* How long a drive may take to thread a tape and become ready. */
#define DRIVE_READY_TIMEOUT_USEC (180ULL * 1000000ULL)

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
