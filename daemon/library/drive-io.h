/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* What a drive's own lane does to it, through the drive's own transport:
 * wait until a cartridge the robot put in is ready, and unload a cartridge
 * before the robot takes it out. Each call opens the device and closes it
 * again, like every changer job, so that a drive that went away is noticed
 * at once. Blocking; only the drive's worker calls them. Tape drives (SSC)
 * only, the drives libraries hold. */

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
