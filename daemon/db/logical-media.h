/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The logical_media table: one row per LMID. An LMID names the side that
 * was allocated for it (partition.LogicalMedia points back here); the rules
 * of allocation live in media/allocate.c and media/life-cycle.c. */

#include "db.h"

typedef struct DbLogicalMedium {
        char guid[DB_GUID_MAX];
        char pool[DB_GUID_MAX];         /* the application pool it was allocated in */
} DbLogicalMedium;

/* Creates the object and its row in pool. */
int db_logical_medium_insert(Db *db, const char *name, const char *pool, char ret_guid[static DB_GUID_MAX]);

/* -ENOENT when guid is not a logical medium. */
int db_logical_medium_get(Db *db, const char *guid, DbLogicalMedium *ret);

/* Deletes the object; its side's LogicalMedia becomes NULL by the foreign key. */
int db_logical_medium_delete(Db *db, const char *guid);
