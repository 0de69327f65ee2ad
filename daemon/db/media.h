/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The physical_media and partition (side) tables. The life-cycle rules live
 * in media/medium.c. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

typedef struct DbMedium {
        char guid[DB_GUID_MAX];
        char pool[DB_GUID_MAX];
        char media_type[DB_GUID_MAX];
        char library[DB_GUID_MAX];
        uint32_t media_state;
} DbMedium;

typedef struct DbNewMedium {
        const char *guid;               /* NULL: a new one */
        const char *name;
        const char *description;
        bool enabled;
        const char *pool;
        const char *media_type;
        const char *library;
        const char *barcode;            /* "" when there is none */
        uint32_t barcode_state;
        uint32_t media_type_code;
        uint32_t density_code;
} DbNewMedium;

typedef struct DbNewSide {
        const char *guid;               /* NULL: a new one */
        const char *name;
        const char *description;
        bool enabled;
        uint32_t state;
        const void *omid;
        size_t omid_size;
        const char *omid_type;
        const char *omid_info;
        uint32_t mount_count;
        uint32_t allocate_count;
        int64_t capacity;
} DbNewSide;

/* -ENOENT when guid is not a physical medium. */
int db_medium_get(Db *db, const char *guid, DbMedium *ret);

/* Assigns the next sequence number. */
int db_medium_insert(Db *db, const DbNewMedium *m, char ret_guid[static DB_GUID_MAX]);
int db_side_insert(Db *db, const char *medium, uint16_t side, const DbNewSide *s,
                   char ret_guid[static DB_GUID_MAX]);

/* Removes the medium and its sides. */
int db_medium_delete(Db *db, const char *guid);

/* -ENOENT when no medium carries barcode. */
int db_medium_find_barcode(Db *db, const char *barcode, char ret_guid[static DB_GUID_MAX]);
/* -ENOENT when no side carries this on-media identifier. */
int db_side_find_omid(Db *db, const char *label_type, const void *id, size_t size,
                      char ret_guid[static DB_GUID_MAX]);

/* The states (NTMS_PARTSTATE_*) of the medium's sides, in side order. */
int db_medium_side_states(Db *db, const char *guid, uint32_t **ret, size_t *ret_n);

int db_medium_set_pool(Db *db, const char *guid, const char *pool);
int db_medium_set_media_type(Db *db, const char *guid, const char *media_type);
int db_medium_set_side_states(Db *db, const char *guid, uint32_t state);
