/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Which drive a mount takes. Pure functions over what the database says
 * of the library's drives, no I/O.
 *
 * A drive can take a medium when it is enabled in an enabled library, ready
 * (dwOperationalState NTMS_READY: present, not waiting for service such as
 * cleaning), not being cleaned, has a device a program can open, and its
 * type reads the medium's type (a medium of unknown type fits any drive, an
 * unidentified drive none). Among the drives that can, an empty one that no
 * request holds; the least recently mounted first, then the lowest number.
 * A drive that still holds a medium from a deferred dismount is no empty
 * drive, but it can be emptied: the least recently used of those is the one
 * to dismount when no empty drive is left. */

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "db/drive.h"

bool drive_can_take(const DbDrive *d, uint32_t media_device_type);

/* busy[i]: a request holds drives[i]. Returns the index of the drive to
 * mount into, or -EAGAIN when none is free now (*ret_evict is then the
 * index of a drive to empty, or -1), or -ENOMEDIUM when no drive of the
 * library can take the medium at all. */
ssize_t drive_select(const DbDrive *drives, size_t n, const bool *busy, uint32_t media_device_type,
                     ssize_t *ret_evict);

/* For a drive named by the caller (NTMS_MOUNT_SPECIFIC_DRIVE): the same
 * rules for that one drive. 0 when it is free, -EAGAIN when it is busy or
 * holds a medium (*ret_evict true when that medium can be dismounted),
 * -ENOMEDIUM when it cannot take the medium. */
int drive_select_specific(const DbDrive *d, bool busy, uint32_t media_device_type, bool *ret_evict);
