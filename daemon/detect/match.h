/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Which data transfer element of a changer a drive sits in, decided from the
 * identifiers alone, so that the decision can be tested without devices. */

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The index of the element whose device identifier (DVCID) names the drive
 * with this serial number, or -1 when none does: then the drive is a
 * stand-alone drive library of its own. An identifier is the serial, or a T10
 * vendor ID designator (vendor, product, serial) that ends in it. Changers
 * cut long identifiers short (tgt keeps 10 bytes), so an identifier that is a
 * leading part of the serial of at least 8 characters matches too; an
 * ambiguous match matches nothing. */
ssize_t detect_match_drive(const char *serial, char *const *element_ids, size_t n_elements);

/* An identifier too short to name a drive by a leading part of its serial:
 * none at all, or one cut short before 8 characters of serial. The element
 * it belongs to can still take a drive by other evidence (plan.h). */
bool detect_id_weak(const char *id);

/* What a program opens for a drive: the non-rewinding tape node when the
 * kernel's st driver has one (/dev/nst0), else the generic device. */
const char *detect_drive_device_name(const char *nst_node, const char *generic);
