/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>
#include <stdlib.h>

#include "cleaner.h"
#include "db-private.h"
#include "ntmsapi.h"
#include "object.h"
#include "library.h"
#include "ntms-fields.h"
#include "pool.h"

/* Per type: the view that presents its documented fields (see schema.c). */
static const char *const info_queries[NTMS_NUMBER_OF_OBJECT_TYPES] = {
        [NTMS_CHANGER] = "SELECT * FROM changer_info WHERE ObjectGuid = ?1",
        [NTMS_CHANGER_TYPE] = "SELECT * FROM changer_type_info WHERE ObjectGuid = ?1",
        [NTMS_COMPUTER] = "SELECT * FROM computer_info WHERE ObjectGuid = ?1",
        [NTMS_DRIVE] = "SELECT * FROM drive_info WHERE ObjectGuid = ?1",
        [NTMS_DRIVE_TYPE] = "SELECT * FROM drive_type_info WHERE ObjectGuid = ?1",
        [NTMS_IEDOOR] = "SELECT * FROM iedoor_info WHERE ObjectGuid = ?1",
        [NTMS_IEPORT] = "SELECT * FROM ieport_info WHERE ObjectGuid = ?1",
        [NTMS_LIBRARY] = "SELECT * FROM library_info WHERE ObjectGuid = ?1",
        [NTMS_LIBREQUEST] = "SELECT * FROM librequest_info WHERE ObjectGuid = ?1",
        [NTMS_LOGICAL_MEDIA] = "SELECT * FROM logical_media_info WHERE ObjectGuid = ?1",
        [NTMS_MEDIA_POOL] = "SELECT * FROM media_pool_info WHERE ObjectGuid = ?1",
        [NTMS_MEDIA_TYPE] = "SELECT * FROM media_type_info WHERE ObjectGuid = ?1",
        [NTMS_PARTITION] = "SELECT * FROM partition_info WHERE ObjectGuid = ?1",
        [NTMS_PHYSICAL_MEDIA] = "SELECT * FROM physical_media_info WHERE ObjectGuid = ?1",
        [NTMS_STORAGESLOT] = "SELECT * FROM storage_slot_info WHERE ObjectGuid = ?1",
        [NTMS_OPREQUEST] = "SELECT * FROM oprequest_info WHERE ObjectGuid = ?1",
};

/* The settable fields of common/ntms-fields.c and where each is stored.
 * type 0 applies to every type whose field table marks the field settable. */
static const struct {
        uint32_t type;
        const char *field;
        const char *sql;        /* ?1 the object, ?2 the value */
} setters[] = {
        { 0, "szName", "UPDATE objects SET name = ?2 WHERE guid = ?1" },
        { 0, "szDescription", "UPDATE objects SET description = ?2 WHERE guid = ?1" },
        { NTMS_DRIVE, "dwDeferDismountDelay", "UPDATE drive SET dwDeferDismountDelay = ?2 WHERE guid = ?1" },
        { NTMS_LIBRARY, "InventoryMethod", "UPDATE library SET InventoryMethod = ?2 WHERE guid = ?1" },
        { NTMS_LIBRARY, "dwCleanerUsesRemaining", "UPDATE library SET dwCleanerUsesRemaining = ?2 WHERE guid = ?1" },
        { NTMS_LIBRARY, "AutoRecovery", "UPDATE library SET AutoRecovery = ?2 WHERE guid = ?1" },
        { NTMS_LIBRARY, "dwFlags", "UPDATE library SET dwFlags = ?2 WHERE guid = ?1" },
        { NTMS_IEDOOR, "MaxOpenSecs", "UPDATE iedoor SET MaxOpenSecs = ?2 WHERE guid = ?1" },
        { NTMS_IEPORT, "MaxExtendSecs", "UPDATE ieport SET MaxExtendSecs = ?2 WHERE guid = ?1" },
        { NTMS_MEDIA_POOL, "MediaType", "UPDATE media_pool SET MediaType = ?2 WHERE guid = ?1" },
        { NTMS_MEDIA_POOL, "AllocationPolicy", "UPDATE media_pool SET AllocationPolicy = ?2 WHERE guid = ?1" },
        { NTMS_MEDIA_POOL, "DeallocationPolicy", "UPDATE media_pool SET DeallocationPolicy = ?2 WHERE guid = ?1" },
        { NTMS_MEDIA_POOL, "dwMaxAllocates", "UPDATE media_pool SET dwMaxAllocates = ?2 WHERE guid = ?1" },
        { NTMS_COMPUTER, "dwLibRequestPurgeTime", "UPDATE computer SET dwLibRequestPurgeTime = ?2 WHERE guid = ?1" },
        { NTMS_COMPUTER, "dwOpRequestPurgeTime", "UPDATE computer SET dwOpRequestPurgeTime = ?2 WHERE guid = ?1" },
        { NTMS_COMPUTER, "dwLibRequestFlags", "UPDATE computer SET dwLibRequestFlags = ?2 WHERE guid = ?1" },
        { NTMS_COMPUTER, "dwOpRequestFlags", "UPDATE computer SET dwOpRequestFlags = ?2 WHERE guid = ?1" },
        { NTMS_COMPUTER, "dwMediaPoolPolicy", "UPDATE computer SET dwMediaPoolPolicy = ?2 WHERE guid = ?1" },
};

/* Which container types may hold objects of which type, and how to list them
 * (?1 is the container). Containers not listed give -EINVAL. */
static const struct {
        uint32_t type;
        uint32_t container;
        const char *sql;
} enumerations[] = {
        { NTMS_LIBRARY, NTMS_COMPUTER, "SELECT guid FROM objects WHERE type = 9 AND ?1 IS NOT NULL ORDER BY rowid" },
        { NTMS_DRIVE, NTMS_LIBRARY, "SELECT guid FROM drive WHERE Library = ?1 ORDER BY Number" },
        { NTMS_STORAGESLOT, NTMS_LIBRARY, "SELECT guid FROM storage_slot WHERE Library = ?1 ORDER BY Number" },
        { NTMS_IEDOOR, NTMS_LIBRARY, "SELECT guid FROM iedoor WHERE Library = ?1 ORDER BY Number" },
        { NTMS_IEPORT, NTMS_LIBRARY, "SELECT guid FROM ieport WHERE Library = ?1 ORDER BY Number" },
        { NTMS_CHANGER, NTMS_LIBRARY, "SELECT guid FROM changer WHERE Library = ?1 ORDER BY Number" },
        { NTMS_LIBREQUEST, NTMS_LIBRARY, "SELECT guid FROM librequest WHERE Library = ?1 ORDER BY TimeQueued" },
        { NTMS_MEDIA_TYPE, NTMS_LIBRARY,
          "SELECT l.media_type FROM library_media_type AS l JOIN objects AS o ON o.guid = l.media_type "
          "WHERE l.library = ?1 ORDER BY o.rowid" },
        { NTMS_PHYSICAL_MEDIA, NTMS_LIBRARY,
          "SELECT m.guid FROM physical_media AS m JOIN objects AS o USING (guid) "
          "WHERE m.CurrentLibrary = ?1 ORDER BY o.rowid" },
        { NTMS_PHYSICAL_MEDIA, NTMS_MEDIA_POOL,
          "SELECT m.guid FROM physical_media AS m JOIN objects AS o USING (guid) "
          "WHERE m.MediaPool = ?1 ORDER BY o.rowid" },
        { NTMS_MEDIA_POOL, NTMS_MEDIA_POOL,
          "SELECT p.guid FROM media_pool AS p JOIN objects AS o USING (guid) "
          "WHERE p.Parent = ?1 ORDER BY o.rowid" },
        { NTMS_LOGICAL_MEDIA, NTMS_MEDIA_POOL,
          "SELECT l.guid FROM logical_media AS l JOIN objects AS o USING (guid) "
          "WHERE l.MediaPool = ?1 ORDER BY o.rowid" },
        { NTMS_LOGICAL_MEDIA, NTMS_PARTITION,
          "SELECT LogicalMedia FROM partition WHERE guid = ?1 AND LogicalMedia IS NOT NULL" },
        { NTMS_PARTITION, NTMS_PHYSICAL_MEDIA, "SELECT guid FROM partition WHERE PhysicalMedia = ?1 ORDER BY Side" },
        { NTMS_PARTITION, NTMS_LOGICAL_MEDIA, "SELECT guid FROM partition WHERE LogicalMedia = ?1 ORDER BY Side" },
        { NTMS_PARTITION, NTMS_MEDIA_POOL,
          "SELECT s.guid FROM partition AS s JOIN physical_media AS m ON m.guid = s.PhysicalMedia "
          "JOIN objects AS o ON o.guid = m.guid WHERE m.MediaPool = ?1 ORDER BY o.rowid, s.Side" },
};

/* Containment, for Enable/Disable: what a disabled object takes with it. */
static const struct {
        uint32_t type;
        const char *sql;        /* ?1 the container, ?2 the new state */
} contained[] = {
        { NTMS_LIBRARY, "UPDATE objects SET enabled = ?2 WHERE guid IN ("
                        "SELECT guid FROM drive WHERE Library = ?1 UNION ALL "
                        "SELECT guid FROM storage_slot WHERE Library = ?1 UNION ALL "
                        "SELECT guid FROM iedoor WHERE Library = ?1 UNION ALL "
                        "SELECT guid FROM ieport WHERE Library = ?1 UNION ALL "
                        "SELECT guid FROM changer WHERE Library = ?1)" },
        { NTMS_PHYSICAL_MEDIA, "UPDATE objects SET enabled = ?2 WHERE guid IN ("
                               "SELECT guid FROM partition WHERE PhysicalMedia = ?1)" },
};

DbRow *db_row_free(DbRow *row) {
        if (!row)
                return NULL;
        for (size_t i = 0; i < row->n; i++)
                free(row->fields[i].value.data);
        free(row->fields);
        free(row->names);
        free(row);
        return NULL;
}

int db_object_insert(Db *db, uint32_t type, const char *guid, const char *name,
                     const char *description, bool enabled, char ret_guid[static DB_GUID_MAX]) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        char g[DB_GUID_MAX];
        uint64_t now = db_now_usec();
        int r;

        if (isempty(guid)) {
                r = ntms_guid_new_string(g);
                if (r < 0)
                        return r;
        } else {
                NtmsGuidBytes b;

                /* Always stored in the canonical lower-case form. */
                r = ntms_guid_from_string(guid, &b);
                if (r < 0)
                        return r;
                ntms_guid_to_string(&b, g);
        }

        r = db_prepare_cached(db,
                              "INSERT INTO objects (guid, type, name, description, created, modified, enabled, state) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7)", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_text(db, s, 1, g)) < 0 ||
            (r = db_bind_int64(db, s, 2, type)) < 0 ||
            (r = db_bind_text(db, s, 3, name)) < 0 ||
            (r = db_bind_text(db, s, 4, description)) < 0 ||
            (r = db_bind_int64(db, s, 5, (int64_t) now)) < 0 ||
            (r = db_bind_int64(db, s, 6, enabled)) < 0 ||
            (r = db_bind_int64(db, s, 7, NTMS_READY)) < 0)
                return r;

        r = db_step_done(db, s);
        if (r < 0)
                return r;

        memcpy(ret_guid, g, DB_GUID_MAX);
        return 0;
}

int db_object_delete(Db *db, const char *guid) {
        int r = db_run_guid(db, "DELETE FROM objects WHERE guid = ?1", guid);
        if (r < 0)
                return r;
        return r > 0 ? 0 : -ENOENT;
}

int db_object_touch(Db *db, const char *guid) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare_cached(db, "UPDATE objects SET modified = ?2 WHERE guid = ?1", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, guid)) < 0 ||
            (r = db_bind_int64(db, s, 2, (int64_t) db_now_usec())) < 0)
                return r;
        r = db_step_done(db, s);
        if (r < 0)
                return r;
        return sqlite3_changes(db->sqlite) > 0 ? 0 : -ENOENT;
}

static int db_object_select(Db *db, const char *sql, const char *guid, sqlite3_stmt **ret) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare_cached(db, sql, &s);
        if (r < 0)
                return r;
        r = db_bind_guid(db, s, 1, guid);
        if (r < 0)
                return r;
        r = db_step_row(db, s);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(s);
        return 0;
}

int db_object_get_type(Db *db, const char *guid, uint32_t *ret_type) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int r;

        r = db_object_select(db, "SELECT type FROM objects WHERE guid = ?1", guid, &s);
        if (r < 0)
                return r;
        *ret_type = (uint32_t) sqlite3_column_int64(s, 0);
        return 0;
}

int db_object_get_name(Db *db, const char *guid, char **ret_name) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int r;

        r = db_object_select(db, "SELECT name FROM objects WHERE guid = ?1", guid, &s);
        if (r < 0)
                return r;
        return db_column_strdup(s, 0, ret_name);
}

int db_object_get_enabled(Db *db, const char *guid, bool *ret_enabled) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int r;

        r = db_object_select(db, "SELECT enabled FROM objects WHERE guid = ?1", guid, &s);
        if (r < 0)
                return r;
        *ret_enabled = sqlite3_column_int(s, 0) != 0;
        return 0;
}

static int db_value_from_column(sqlite3_stmt *s, int column, DbValue *ret) {
        const void *p;
        int bytes;

        switch (sqlite3_column_type(s, column)) {
        case SQLITE_NULL:
                *ret = (DbValue) { .type = DB_VALUE_NULL };
                return 0;
        case SQLITE_INTEGER:
        case SQLITE_FLOAT:
                *ret = (DbValue) { .type = DB_VALUE_INTEGER, .integer = sqlite3_column_int64(s, column) };
                return 0;
        case SQLITE_TEXT:
                p = sqlite3_column_text(s, column);
                bytes = sqlite3_column_bytes(s, column);
                *ret = (DbValue) { .type = DB_VALUE_TEXT, .size = (size_t) bytes };
                ret->data = strndup(p ? p : "", (size_t) bytes);
                return ret->data ? 0 : -ENOMEM;
        default:
                p = sqlite3_column_blob(s, column);
                bytes = sqlite3_column_bytes(s, column);
                *ret = (DbValue) { .type = DB_VALUE_BLOB, .size = (size_t) bytes };
                ret->data = malloc(bytes > 0 ? (size_t) bytes : 1);
                if (!ret->data)
                        return -ENOMEM;
                if (bytes > 0)
                        memcpy(ret->data, p, (size_t) bytes);
                return 0;
        }
}

/* Packs the column names into one allocation that the row owns. */
static int db_row_take_names(DbRow *row, sqlite3_stmt *s) {
        size_t total = 0, offset = 0;

        for (size_t i = 0; i < row->n; i++)
                total += strlen(sqlite3_column_name(s, (int) i)) + 1;

        row->names = malloc(total);
        if (!row->names)
                return -ENOMEM;

        for (size_t i = 0; i < row->n; i++) {
                const char *name = sqlite3_column_name(s, (int) i);
                size_t l = strlen(name) + 1;

                memcpy(row->names + offset, name, l);
                row->fields[i].name = row->names + offset;
                offset += l;
        }
        return 0;
}

int db_object_read_info(Db *db, uint32_t type, const char *guid, DbRow **ret) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        _cleanup_(db_row_freep) DbRow *row = NULL;
        int r;

        if (type >= ELEMENTSOF(info_queries) || !info_queries[type])
                return -EINVAL;

        r = db_object_select(db, info_queries[type], guid, &s);
        if (r < 0)
                return r;

        row = calloc(1, sizeof *row);
        if (!row)
                return -ENOMEM;
        row->fields = calloc((size_t) sqlite3_column_count(s), sizeof(DbField));
        if (!row->fields)
                return -ENOMEM;

        for (int i = 0; i < sqlite3_column_count(s); i++) {
                r = db_value_from_column(s, i, &row->fields[i].value);
                row->n++;
                if (r < 0)
                        return r;
        }

        r = db_row_take_names(row, s);
        if (r < 0)
                return r;

        *ret = TAKE_PTR(row);
        return 0;
}

static const char *setter_sql(uint32_t type, const char *name) {
        for (size_t i = 0; i < ELEMENTSOF(setters); i++)
                if (setters[i].type == type && streq(setters[i].field, name))
                        return setters[i].sql;
        for (size_t i = 0; i < ELEMENTSOF(setters); i++)
                if (setters[i].type == 0 && streq(setters[i].field, name))
                        return setters[i].sql;
        return NULL;
}

bool db_object_field_storable(uint32_t type, const char *name) {
        return setter_sql(type, name) != NULL;
}

static int db_bind_value(Db *db, sqlite3_stmt *s, int index, const DbValue *v) {
        switch (v->type) {
        case DB_VALUE_NULL:
                return db_bind_guid(db, s, index, NULL);
        case DB_VALUE_INTEGER:
                return db_bind_int64(db, s, index, v->integer);
        case DB_VALUE_TEXT:
                return db_bind_text(db, s, index, v->data);
        case DB_VALUE_BLOB:
                return db_bind_blob(db, s, index, v->data, v->size);
        }
        assert(false);
        return -EINVAL;
}

int db_object_set_fields(Db *db, uint32_t type, const char *guid, const DbField *fields, size_t n) {
        int r;

        for (size_t i = 0; i < n; i++) {
                _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
                const char *sql = setter_sql(type, fields[i].name);

                if (!sql)
                        return -EINVAL;

                r = db_prepare_cached(db, sql, &s);
                if (r < 0)
                        return r;
                if ((r = db_bind_guid(db, s, 1, guid)) < 0 ||
                    (r = db_bind_value(db, s, 2, &fields[i].value)) < 0)
                        return r;
                r = db_step_done(db, s);
                if (r < 0)
                        return r;
        }

        return db_object_touch(db, guid);
}

int db_object_set_enabled(Db *db, uint32_t type, const char *guid, bool enabled) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare_cached(db, "UPDATE objects SET enabled = ?2, modified = ?3 WHERE guid = ?1", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, guid)) < 0 ||
            (r = db_bind_int64(db, s, 2, enabled)) < 0 ||
            (r = db_bind_int64(db, s, 3, (int64_t) db_now_usec())) < 0)
                return r;
        r = db_step_done(db, s);
        if (r < 0)
                return r;
        if (sqlite3_changes(db->sqlite) == 0)
                return -ENOENT;

        for (size_t i = 0; i < ELEMENTSOF(contained); i++) {
                _cleanup_(db_releasep) sqlite3_stmt *c = NULL;

                if (contained[i].type != type)
                        continue;
                r = db_prepare_cached(db, contained[i].sql, &c);
                if (r < 0)
                        return r;
                if ((r = db_bind_guid(db, c, 1, guid)) < 0 ||
                    (r = db_bind_int64(db, c, 2, enabled)) < 0)
                        return r;
                r = db_step_done(db, c);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int db_enumerate_all(Db *db, uint32_t type, bool with_root_pool, char ***ret) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        char buf[DB_GUID_MAX];
        int r;

        /* Without a container, pools enumerate only the top level: the
         * children of the root pool, which itself shows only on request. */
        if (type == NTMS_MEDIA_POOL) {
                _cleanup_(strv_freep) char **list = NULL;

                r = db_pool_root(db, buf);
                if (r < 0)
                        return r;
                r = db_enumerate(db, NTMS_MEDIA_POOL, buf, false, &list);
                if (r < 0)
                        return r;

                if (with_root_pool) {
                        size_t n = strv_length(list);
                        char **l = reallocarray(list, n + 2, sizeof(char *));

                        if (!l)
                                return -ENOMEM;
                        list = l;
                        memmove(list + 1, list, (n + 1) * sizeof(char *));
                        list[0] = strdup(buf);
                        if (!list[0])
                                return -ENOMEM;
                }
                *ret = TAKE_PTR(list);
                return 0;
        }

        r = db_prepare_cached(db, "SELECT guid FROM objects WHERE type = ?1 ORDER BY rowid", &s);
        if (r < 0)
                return r;
        r = db_bind_int64(db, s, 1, type);
        if (r < 0)
                return r;
        return db_collect_column(db, s, ret);
}

int db_enumerate(Db *db, uint32_t type, const char *container, bool with_root_pool, char ***ret) {
        uint32_t container_type;
        int r;

        if (isempty(container))
                return db_enumerate_all(db, type, with_root_pool, ret);

        r = db_object_get_type(db, container, &container_type);
        if (r < 0)
                return r;

        for (size_t i = 0; i < ELEMENTSOF(enumerations); i++) {
                if (enumerations[i].type == type && enumerations[i].container == container_type)
                        return db_collect_guids(db, enumerations[i].sql, container, ret);
        }
        return -EINVAL;
}

static int db_object_check_type(Db *db, uint32_t type, const char *guid) {
        uint32_t actual;
        int r;

        r = db_object_get_type(db, guid, &actual);
        if (r < 0)
                return r;
        return actual == type ? 0 : -ENOENT;
}

int db_object_update(Db *db, uint32_t type, const char *guid, const DbField *fields, size_t n) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        DbCleaner cleaner = {};
        int r;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;

        r = db_object_check_type(db, type, guid);
        if (r < 0)
                return r;

        if (type == NTMS_MEDIA_POOL) {
                r = db_pool_check_update(db, guid, fields, n);
                if (r < 0)
                        return r;
        }
        if (type == NTMS_LIBRARY) {
                r = db_cleaner_get(db, guid, &cleaner);
                if (r < 0)
                        return r;
        }

        r = db_object_set_fields(db, type, guid, fields, n);
        if (r < 0)
                return r;

        if (type == NTMS_LIBRARY) {
                r = db_cleaner_settle_flags(db, guid, cleaner.flags);
                if (r < 0)
                        return r;
        }

        return db_commit(TAKE_PTR(tx));
}

int db_object_enable(Db *db, uint32_t type, const char *guid, bool enabled) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        uint32_t library_type;
        bool current;
        int r;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;

        r = db_object_check_type(db, type, guid);
        if (r < 0)
                return r;

        if (type == NTMS_LIBRARY) {
                r = db_library_get_type(db, guid, &library_type);
                if (r < 0)
                        return r;
                if (library_type == NTMS_LIBRARYTYPE_OFFLINE)
                        return -EPERM;
        }

        r = db_object_get_enabled(db, guid, &current);
        if (r < 0)
                return r;
        if (current == enabled)
                return -EALREADY;

        r = db_object_set_enabled(db, type, guid, enabled);
        if (r < 0)
                return r;

        r = db_commit(TAKE_PTR(tx));
        if (r < 0)
                return r;

        log_object_info(guid, "%s %s", ntms_object_type_name(type), enabled ? "enabled" : "disabled");
        return 0;
}
