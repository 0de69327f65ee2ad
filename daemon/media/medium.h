/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The life of a physical medium in the database: creation of offline media
 * with their sides, moves between pools, change of media type, deletion.
 * Each function is one transaction: it either does all or changes nothing. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "db/media.h"

typedef struct MediaNewMedium {
        DbNewMedium medium;             /* media_type, barcode_state: set by the rules */
        DbNewSide *sides;
        size_t n_sides;
        bool error_on_duplicate;        /* NTMS_ERROR_ON_DUPLICATE */
} MediaNewMedium;

/* CreateNtmsMedia. Errors:
 *   -ENXIO        the pool does not exist or is not an Import or application pool
 *                 with a media type
 *   -EMEDIUMTYPE  the number of sides does not match the pool's media type
 *   -EEXIST       a medium with this bar code (or this GUID) exists
 *   -ENOTUNIQ     error_on_duplicate and a side's on-media identifier exists
 *   -EINVAL       CurrentLibrary is not the offline library, or a bad side state
 * ret_sides receives one GUID per side, in order. */
int media_medium_create(Db *db, MediaNewMedium *m, char ret_guid[static DB_GUID_MAX], char ***ret_sides);

/* DeleteNtmsMedia. -ENOENT no such medium; -EBUSY not offline, or a side is
 * allocated, complete or reserved. */
int media_medium_delete(Db *db, const char *guid);

/* MoveToNtmsMediaPool. Errors:
 *   -ENOENT       no such medium
 *   -ENXIO        the pool does not exist or cannot hold media
 *   -EPERM        the pools' kinds do not allow the move (Import and
 *                 Unrecognized media go to Free only; Import takes only media
 *                 whose sides are all in the Import state)
 *   -EMEDIUMTYPE  the pool holds another media type
 *   -EBUSY        the medium is in use, or a side is Allocated, Completed or
 *                 Reserved and the pool is Free or Unrecognized
 * In Free, the sides become Available, except Decommissioned (and
 * Incompatible) ones, which keep their state. The logical media of allocated
 * sides move with the medium. */
int media_medium_move(Db *db, const char *guid, const char *pool);

/* ChangeNtmsMediaType: the medium takes the pool's media type and moves into
 * it under the same rules, except that the types may differ. */
int media_medium_change_type(Db *db, const char *guid, const char *pool);
