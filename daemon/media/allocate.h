/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* AllocateNtmsMedia in the database: one attempt, one transaction. Waiting
 * for a side to become available is the caller's business (bus-allocate.c
 * repeats the attempt); an attempt either allocates or changes nothing.
 *
 * Which side is allocated when the caller names none:
 *   - only Available, enabled sides of enabled media of the pool's media type,
 *     allocated fewer times than the pool's dwMaxAllocates (0: no limit), and
 *     never a side of a medium that another logical medium reserved with
 *     NTMS_ALLOCATE_NEW (with NTMS_ALLOCATE_NEW itself, only media with no
 *     side in use at all);
 *   - from the pool itself first, then, if its AllocationPolicy has
 *     NTMS_ALLOCATE_FROMSCRATCH, from its media type's Free pool; online media
 *     (in a library) before offline media: online pool, online Free, offline
 *     pool, offline Free;
 *   - within that, the side allocated the fewest times (dwAllocateCount),
 *     then the one whose last change of hands is longest ago (its Modified
 *     time: allocation and deallocation set it), then the oldest side, then
 *     the lower side number. Use is spread evenly and the choice is the same
 *     every time for the same database. */

#include <stdint.h>

#include "db/db.h"

typedef struct MediaAllocateRequest {
        char pool[DB_GUID_MAX];
        char partition[DB_GUID_MAX];    /* lpPartition: "" for any side */
        char media[DB_GUID_MAX];        /* NTMS_ALLOCATE_NEXT: the LMID (or one of its sides) to continue */
        uint32_t options;               /* NTMS_ALLOCATE_NEW, NTMS_ALLOCATE_NEXT */
} MediaAllocateRequest;

typedef struct MediaAllocation {
        char logical_media[DB_GUID_MAX];
        char side[DB_GUID_MAX];
        char allocated_from[DB_GUID_MAX];       /* the pool the medium was in */
} MediaAllocation;

/* Errors:
 *   -ENXIO        the pool does not exist or is not an application pool of one media type
 *   -ENOENT       the named side (lpPartition), or the LMID or side of NTMS_ALLOCATE_NEXT,
 *                 does not exist (or, for NEXT, is not allocated)
 *   -EMEDIUMTYPE  the named side's medium cannot be allocated from this pool: another media
 *                 type, or in a pool other than this one, Free or Import (for NEXT: not in
 *                 this pool)
 *   -ENOMEDIUM    the named side or its medium is disabled
 *   -ENODEV       nothing in the pool, and the Free pool it would draw from does not exist
 *   -EXFULL       NTMS_ALLOCATE_NEXT: the medium has no further side to allocate
 *   -EAGAIN       nothing can be allocated now; a later attempt may succeed
 * The medium of the allocated side moves into the pool; with
 * NTMS_ALLOCATE_NEW its other Available sides become Reserved. */
int media_allocate(Db *db, const MediaAllocateRequest *request, MediaAllocation *ret);
