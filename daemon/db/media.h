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

/* The medium and the logical media of its sides move into pool. */
int db_medium_set_pool(Db *db, const char *guid, const char *pool);
int db_medium_set_media_type(Db *db, const char *guid, const char *media_type);

/* Sides as allocation sees them (media/allocate.c, media/life-cycle.c). */
typedef struct DbSide {
        char guid[DB_GUID_MAX];
        char medium[DB_GUID_MAX];
        char logical_media[DB_GUID_MAX];        /* "" while not allocated */
        uint32_t state;                         /* NTMS_PARTSTATE_* */
        uint32_t side;
        uint32_t allocate_count;
        bool enabled;
} DbSide;

/* -ENOENT when guid is not a side. */
int db_side_get(Db *db, const char *guid, DbSide *ret);
/* The side that carries the logical medium; -ENOENT when none does. */
int db_side_of_logical_medium(Db *db, const char *logical_medium, DbSide *ret);
/* All sides of a medium, in side order. */
int db_medium_sides(Db *db, const char *medium, DbSide **ret, size_t *ret_n);

/* What AllocateNtmsMedia may take when the caller names no side. */
typedef struct DbSideSearch {
        const char *pool;               /* the application pool allocated from */
        const char *free_pool;          /* its media type's Free pool, NULL when not drawn from */
        const char *media_type;
        const char *offline_library;
        uint32_t max_allocates;         /* 0: no limit */
        bool whole_medium;              /* NTMS_ALLOCATE_NEW: no other side of the medium in use */
} DbSideSearch;

/* The side to allocate next, and the pool its medium is in now; -ENOENT when
 * there is none. The order is the allocation rule (see media/allocate.h):
 * online media before offline, the pool itself before Free; then the side
 * allocated the fewest times, the one changed longest ago, the oldest. */
int db_side_find_available(Db *db, const DbSideSearch *q, DbSide *ret, char ret_pool[static DB_GUID_MAX]);

/* The side becomes Allocated to logical_medium and counts one more allocation. */
int db_side_allocate(Db *db, const char *guid, const char *logical_medium);
/* The side leaves its logical medium and takes state. */
int db_side_release(Db *db, const char *guid, uint32_t state);
int db_side_set_state(Db *db, const char *guid, uint32_t state);
int db_side_set_logical_medium(Db *db, const char *guid, const char *logical_medium);
/* Sides of the medium in state from take state to; returns how many did. */
int db_medium_change_side_states(Db *db, const char *medium, uint32_t from, uint32_t to);
