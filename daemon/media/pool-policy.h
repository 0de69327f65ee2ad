/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* A pool with the writable policy fields of NTMS_MEDIAPOOLINFORMATION that
 * allocation and deallocation follow. */

#include <stdint.h>

#include "db/db.h"
#include "db/pool.h"

typedef struct MediaPoolPolicy {
        DbPool pool;
        uint32_t allocation;            /* NTMS_ALLOCATE_FROMSCRATCH */
        uint32_t deallocation;          /* NTMS_DEALLOCATE_TOSCRATCH */
        uint32_t max_allocates;         /* 0: no limit */
} MediaPoolPolicy;

/* -ENOENT when guid is not a media pool. Inside the caller's transaction. */
int media_pool_policy_get(Db *db, const char *guid, MediaPoolPolicy *ret);
