/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The media pool hierarchy: the root pool, the system pools (Free, Import,
 * Unrecognized, each with a sub-pool per media type) and the applications'
 * pools below the root, named by backslash-separated paths. */

#include <stdint.h>

#include "db/db.h"

/* Creates whatever of the root pool, the three system pools and their
 * per-media-type sub-pools is missing. One transaction; run at start. */
int media_pools_seed(Db *db);

/* The system sub-pools (Free, Import, Unrecognized) for one media type, as
 * far as they are missing. Inside the caller's transaction. */
int media_pools_ensure_for_type(Db *db, const char *media_type);

/* "Parent\Child" for the pool; the root pool is not part of any path.
 * -ENOENT when guid is not a media pool. */
int media_pool_get_path(Db *db, const char *guid, char **ret);

/* CreateNtmsMediaPool. action is NTMS_OPEN_EXISTING, NTMS_CREATE_NEW or
 * NTMS_OPEN_ALWAYS; media_type may be NULL for a pool of pools. Errors:
 *   -ENAMETOOLONG  a name component or the whole path is too long, or empty
 *   -ENOENT        OPEN_EXISTING and no such pool, or a parent is missing
 *   -EEXIST        CREATE_NEW and the pool exists
 *   -EMEDIUMTYPE   media_type is not a media type
 *   -EPERM         the parent is a system pool
 * One transaction. */
int media_pool_create(Db *db, const char *path, const char *media_type, uint32_t action,
                      char ret_guid[static DB_GUID_MAX]);

/* DeleteNtmsMediaPool. -ENOENT no such pool, -EPERM a system pool,
 * -ENOTEMPTY it holds media or pools. One transaction. */
int media_pool_delete(Db *db, const char *guid);

/* Whether a pool of this type belongs to RSM rather than to an application. */
static inline bool media_pool_type_is_system(uint32_t pool_type) {
        return pool_type != 1000; /* NTMS_POOLTYPE_APPLICATION */
}
