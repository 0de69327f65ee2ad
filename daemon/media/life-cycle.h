/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The media life cycle after allocation (rsm-concepts/media-life-cycle.md):
 * deallocation, decommissioning, completion and the exchange of sides
 * between two logical media. Each function is one transaction: it does all
 * or changes nothing. */

#include "db/db.h"

/* DeallocateNtmsMedia. The side becomes Available, or Decommissioned when it
 * has been allocated dwMaxAllocates times (the limit of the pool its medium
 * is in; 0: no limit); the logical medium is deleted. When no side of the
 * medium carries a logical medium any more, its Reserved sides become
 * Available, and if its pool's DeallocationPolicy has
 * NTMS_DEALLOCATE_TOSCRATCH and a side is Available, the medium returns to
 * its media type's Free pool. Errors:
 *   -ENOENT   lmid is not a logical medium
 *   -ENODATA  no side carries it, or its side is not Allocated or Complete */
int media_deallocate(Db *db, const char *lmid);

/* DecommissionNtmsMedia. An Available side becomes Decommissioned and is
 * never allocated again; the medium stays in its pool. Errors:
 *   -ENOENT   side is not a side
 *   -ENXIO    its medium is not in a Free or application pool
 *   -EBUSY    the side is not Available */
int media_decommission(Db *db, const char *side);

/* SetNtmsMediaComplete. The Allocated side of the logical medium becomes
 * Complete. Errors:
 *   -ENOENT   lmid is not a logical medium, or no side carries it
 *   -ENXIO    its medium is not in an application pool
 *   -EBUSY    the side is not Allocated, or the medium is mounted or in use */
int media_set_complete(Db *db, const char *lmid);

/* SwapNtmsMedia. Each logical medium takes the other's side, with the side's
 * state and data. Errors:
 *   -EINVAL   the two are the same logical medium
 *   -ENOENT   either is not a logical medium, or no side carries it
 *   -ENXIO    they are in different pools, or not in an application pool
 *   -EBUSY    either medium is mounted or in use */
int media_swap(Db *db, const char *lmid1, const char *lmid2);
