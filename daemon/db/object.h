/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* What all objects share: the objects table, object information as documented
 * field/value pairs, enumeration by container, enable/disable. */

#include <stdbool.h>
#include <stdint.h>

#include "db.h"

typedef enum DbValueType {
        DB_VALUE_NULL,
        DB_VALUE_INTEGER,
        DB_VALUE_TEXT,          /* data is NUL-terminated UTF-8 */
        DB_VALUE_BLOB,
} DbValueType;

typedef struct DbValue {
        DbValueType type;
        int64_t integer;
        void *data;
        size_t size;
} DbValue;

/* One documented field of NTMS_OBJECTINFORMATION and its value. */
typedef struct DbField {
        const char *name;       /* owned by the row or by the caller */
        DbValue value;
} DbField;

typedef struct DbRow {
        size_t n;
        DbField *fields;
        char *names;            /* storage for the names */
} DbRow;

DbRow *db_row_free(DbRow *row);
static inline void db_row_freep(DbRow **row) {
        if (*row)
                db_row_free(*row);
}

/* Creates the objects row; guid may be NULL or "" for a new random one. The
 * GUID used is written to ret_guid. -EEXIST when the GUID is taken. */
int db_object_insert(Db *db, uint32_t type, const char *guid, const char *name,
                     const char *description, bool enabled, char ret_guid[static DB_GUID_MAX]);

int db_object_delete(Db *db, const char *guid);

/* -ENOENT when there is no such object. */
int db_object_get_type(Db *db, const char *guid, uint32_t *ret_type);
int db_object_get_name(Db *db, const char *guid, char **ret_name);
int db_object_get_enabled(Db *db, const char *guid, bool *ret_enabled);

/* Marks the object as changed now. */
int db_object_touch(Db *db, const char *guid);

/* Every documented field of the object's information, named as documented. */
int db_object_read_info(Db *db, uint32_t type, const char *guid, DbRow **ret);

/* True when db_object_set_fields() knows how to store this field of type. */
bool db_object_field_storable(uint32_t type, const char *name);

/* Stores the given fields; the caller checked them against the settable
 * fields of the type. Runs inside the caller's transaction. */
int db_object_set_fields(Db *db, uint32_t type, const char *guid, const DbField *fields, size_t n);

/* Sets Enabled on the object and on what it contains (a library's drives,
 * slots, doors, ports and changers; a medium's sides). Caller's transaction. */
int db_object_set_enabled(Db *db, uint32_t type, const char *guid, bool enabled);

/* The objects of type in container (NULL: all, or the top level for pools).
 * -ENOENT when the container does not exist, -EINVAL when it cannot hold
 * objects of that type. with_root_pool puts the root pool first. */
int db_enumerate(Db *db, uint32_t type, const char *container, bool with_root_pool, char ***ret);

/* SetNtmsObjectInformation: checks the object is of type, applies the type's
 * rules (a pool's name is unique among its siblings, its MediaType is a media
 * type and changes only while it holds no media; a library's dwFlags that
 * describe its contents stay as recorded, IGNORECLEANERUSESREMAINING follows
 * dwCleanerUsesRemaining, which is 0 without a cleaner) and stores the fields.
 * -ENOENT no such object of that type; -EINVAL a rule refuses. One transaction. */
int db_object_update(Db *db, uint32_t type, const char *guid, const DbField *fields, size_t n);

/* Enable/DisableNtmsObject. -ENOENT no such object of that type; -EPERM the
 * offline library; -EALREADY already in that state. One transaction. */
int db_object_enable(Db *db, uint32_t type, const char *guid, bool enabled);
