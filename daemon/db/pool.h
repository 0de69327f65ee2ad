/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The media_pool table. The hierarchy rules live in media/pool.c. */

#include <stdint.h>

#include "db.h"
#include "object.h"

typedef struct DbPool {
        char guid[DB_GUID_MAX];
        uint32_t pool_type;
        char media_type[DB_GUID_MAX];   /* "" when the pool holds only pools */
        char parent[DB_GUID_MAX];       /* "" for the root pool */
} DbPool;

int db_pool_insert(Db *db, const char *name, uint32_t pool_type, const char *media_type,
                   const char *parent, char ret_guid[static DB_GUID_MAX]);

/* -ENOENT when guid is not a media pool. */
int db_pool_get(Db *db, const char *guid, DbPool *ret);

/* The pool at the top of the hierarchy, parent of Free, Import, Unrecognized
 * and of the applications' top-level pools. */
int db_pool_root(Db *db, char ret_guid[static DB_GUID_MAX]);

/* The child of parent named name (compared without regard to case). */
int db_pool_find_child(Db *db, const char *parent, const char *name, char ret_guid[static DB_GUID_MAX]);

/* A system pool: the top-level pool of pool_type when media_type is NULL,
 * else its sub-pool for that media type. */
int db_pool_find_system(Db *db, uint32_t pool_type, const char *media_type, char ret_guid[static DB_GUID_MAX]);

int db_pool_count_children(Db *db, const char *guid, uint64_t *ret);
/* Physical and logical media in the pool. */
int db_pool_count_media(Db *db, const char *guid, uint64_t *ret);

/* Checks SetNtmsObjectInformation fields against the pool rules; -EINVAL
 * when one is refused. */
int db_pool_check_update(Db *db, const char *guid, const DbField *fields, size_t n);
