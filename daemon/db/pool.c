/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>

#include "db-private.h"
#include "ntmsapi.h"
#include "pool.h"

int db_pool_insert(Db *db, const char *name, uint32_t pool_type, const char *media_type,
                   const char *parent, char ret_guid[static DB_GUID_MAX]) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        char guid[DB_GUID_MAX];
        int r;

        r = db_object_insert(db, NTMS_MEDIA_POOL, NULL, name, "", true, guid);
        if (r < 0)
                return r;

        r = db_prepare(db, "INSERT INTO media_pool (guid, PoolType, MediaType, Parent) VALUES (?1, ?2, ?3, ?4)", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_text(db, s, 1, guid)) < 0 ||
            (r = db_bind_int64(db, s, 2, pool_type)) < 0 ||
            (r = db_bind_guid(db, s, 3, media_type)) < 0 ||
            (r = db_bind_guid(db, s, 4, parent)) < 0)
                return r;
        r = db_step_done(db, s);
        if (r < 0)
                return r;

        memcpy(ret_guid, guid, DB_GUID_MAX);
        return 0;
}

int db_pool_get(Db *db, const char *guid, DbPool *ret) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare(db, "SELECT guid, PoolType, MediaType, Parent FROM media_pool WHERE guid = ?1", &s);
        if (r < 0)
                return r;
        r = db_bind_guid(db, s, 1, guid);
        if (r < 0)
                return r;
        r = db_step_row(db, s);
        if (r < 0)
                return r;

        db_column_guid(s, 0, ret->guid);
        ret->pool_type = (uint32_t) sqlite3_column_int64(s, 1);
        db_column_guid(s, 2, ret->media_type);
        db_column_guid(s, 3, ret->parent);
        return 0;
}

static int db_pool_select_guid(Db *db, sqlite3_stmt *s, char ret_guid[static DB_GUID_MAX]) {
        int r;

        r = db_step_row(db, s);
        if (r < 0)
                return r;
        db_column_guid(s, 0, ret_guid);
        return 0;
}

int db_pool_root(Db *db, char ret_guid[static DB_GUID_MAX]) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare(db, "SELECT guid FROM media_pool WHERE Parent IS NULL", &s);
        if (r < 0)
                return r;
        return db_pool_select_guid(db, s, ret_guid);
}

int db_pool_find_child(Db *db, const char *parent, const char *name, char ret_guid[static DB_GUID_MAX]) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare(db,
                       "SELECT p.guid FROM media_pool AS p JOIN objects AS o USING (guid) "
                       "WHERE p.Parent = ?1 AND o.name = ?2 COLLATE NOCASE", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, parent)) < 0 ||
            (r = db_bind_text(db, s, 2, name)) < 0)
                return r;
        return db_pool_select_guid(db, s, ret_guid);
}

static int db_pool_find_top(Db *db, uint32_t pool_type, char ret_guid[static DB_GUID_MAX]) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare(db,
                       "SELECT p.guid FROM media_pool AS p JOIN media_pool AS root ON p.Parent = root.guid "
                       "WHERE root.Parent IS NULL AND p.PoolType = ?1", &s);
        if (r < 0)
                return r;
        r = db_bind_int64(db, s, 1, pool_type);
        if (r < 0)
                return r;
        return db_pool_select_guid(db, s, ret_guid);
}

int db_pool_find_system(Db *db, uint32_t pool_type, const char *media_type, char ret_guid[static DB_GUID_MAX]) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        char top[DB_GUID_MAX];
        int r;

        r = db_pool_find_top(db, pool_type, top);
        if (r < 0)
                return r;
        if (!media_type) {
                memcpy(ret_guid, top, DB_GUID_MAX);
                return 0;
        }

        r = db_prepare(db, "SELECT guid FROM media_pool WHERE Parent = ?1 AND MediaType = ?2", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, top)) < 0 ||
            (r = db_bind_guid(db, s, 2, media_type)) < 0)
                return r;
        return db_pool_select_guid(db, s, ret_guid);
}

int db_pool_count_children(Db *db, const char *guid, uint64_t *ret) {
        return db_count(db, "SELECT count(*) FROM media_pool WHERE Parent = ?1", guid, ret);
}

int db_pool_count_media(Db *db, const char *guid, uint64_t *ret) {
        return db_count(db,
                        "SELECT (SELECT count(*) FROM physical_media WHERE MediaPool = ?1) + "
                        "(SELECT count(*) FROM logical_media WHERE MediaPool = ?1)", guid, ret);
}

int db_pool_check_update(Db *db, const char *guid, const DbField *fields, size_t n) {
        char found[DB_GUID_MAX];
        uint64_t media;
        DbPool pool;
        int r;

        r = db_pool_get(db, guid, &pool);
        if (r < 0)
                return r;

        for (size_t i = 0; i < n; i++) {
                const DbField *f = &fields[i];

                if (streq(f->name, "szName")) {
                        const char *name = f->value.data;

                        /* Backslashes separate levels of the hierarchy. */
                        if (isempty(name) || strchr(name, '\\'))
                                return -EINVAL;
                        if (isempty(pool.parent))
                                continue;
                        r = db_pool_find_child(db, pool.parent, name, found);
                        if (r >= 0 && !streq(found, guid))
                                return -EINVAL;
                        if (r < 0 && r != -ENOENT)
                                return r;
                }

                if (streq(f->name, "MediaType")) {
                        const char *type = f->value.type == DB_VALUE_TEXT ? f->value.data : NULL;
                        uint32_t object_type;

                        if (streq(type ?: "", pool.media_type))
                                continue;
                        if (type) {
                                r = db_object_get_type(db, type, &object_type);
                                if (r == -ENOENT || (r >= 0 && object_type != NTMS_MEDIA_TYPE))
                                        return -EINVAL;
                                if (r < 0)
                                        return r;
                        }
                        r = db_pool_count_media(db, guid, &media);
                        if (r < 0)
                                return r;
                        if (media > 0)
                                return -EINVAL;
                }
        }
        return 0;
}
