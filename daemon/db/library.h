/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The library table and the media types each library holds. */

#include <stdbool.h>
#include <stdint.h>

#include "db.h"

/* -ENOENT when guid is not a library. */
int db_library_get_type(Db *db, const char *guid, uint32_t *ret_library_type);

/* The offline library, where media outside any robot are recorded. */
int db_library_offline(Db *db, char ret_guid[static DB_GUID_MAX]);

/* Adding a type the library already holds, or removing one it does not,
 * succeeds and changes nothing. */
int db_library_add_media_type(Db *db, const char *library, const char *media_type);
int db_library_remove_media_type(Db *db, const char *library, const char *media_type);

/* How many libraries hold media_type. */
int db_library_count_holding(Db *db, const char *media_type, uint64_t *ret);
