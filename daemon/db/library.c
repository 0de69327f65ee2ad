/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>

#include "db-private.h"
#include "library.h"
#include "ntmsapi.h"

int db_library_get_type(Db *db, const char *guid, uint32_t *ret_library_type) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare(db, "SELECT LibraryType FROM library WHERE guid = ?1", &s);
        if (r < 0)
                return r;
        r = db_bind_guid(db, s, 1, guid);
        if (r < 0)
                return r;
        r = db_step_row(db, s);
        if (r < 0)
                return r;
        *ret_library_type = (uint32_t) sqlite3_column_int64(s, 0);
        return 0;
}

int db_library_offline(Db *db, char ret_guid[static DB_GUID_MAX]) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare(db, "SELECT guid FROM library WHERE LibraryType = ?1", &s);
        if (r < 0)
                return r;
        r = db_bind_int64(db, s, 1, NTMS_LIBRARYTYPE_OFFLINE);
        if (r < 0)
                return r;
        r = db_step_row(db, s);
        if (r < 0)
                return r;
        db_column_guid(s, 0, ret_guid);
        return 0;
}

static int db_library_media_type_run(Db *db, const char *sql, const char *library, const char *media_type) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare(db, sql, &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, library)) < 0 ||
            (r = db_bind_guid(db, s, 2, media_type)) < 0)
                return r;
        return db_step_done(db, s);
}

int db_library_add_media_type(Db *db, const char *library, const char *media_type) {
        return db_library_media_type_run(
                        db, "INSERT OR IGNORE INTO library_media_type (library, media_type) VALUES (?1, ?2)",
                        library, media_type);
}

int db_library_remove_media_type(Db *db, const char *library, const char *media_type) {
        return db_library_media_type_run(
                        db, "DELETE FROM library_media_type WHERE library = ?1 AND media_type = ?2",
                        library, media_type);
}

int db_library_count_holding(Db *db, const char *media_type, uint64_t *ret) {
        return db_count(db, "SELECT count(*) FROM library_media_type WHERE media_type = ?1", media_type, ret);
}

/* The offline library holds any kind of medium, so it starts out with every
 * media type there is. */
int db_library_seed_offline(Db *db) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL, *types = NULL;
        char guid[DB_GUID_MAX];
        int r;

        r = db_library_offline(db, guid);
        if (r != -ENOENT)
                return r;

        r = db_object_insert(db, NTMS_LIBRARY, NULL, "Offline Media", "Media outside any library", true, guid);
        if (r < 0)
                return r;

        r = db_prepare(db, "INSERT INTO library (guid, LibraryType, dwFlags) VALUES (?1, ?2, ?3)", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_text(db, s, 1, guid)) < 0 ||
            (r = db_bind_int64(db, s, 2, NTMS_LIBRARYTYPE_OFFLINE)) < 0 ||
            (r = db_bind_int64(db, s, 3, NTMS_LIBRARYFLAG_FIXEDOFFLINE)) < 0)
                return r;
        r = db_step_done(db, s);
        if (r < 0)
                return r;

        r = db_prepare(db,
                       "INSERT INTO library_media_type (library, media_type) SELECT ?1, guid FROM media_type",
                       &types);
        if (r < 0)
                return r;
        r = db_bind_text(db, types, 1, guid);
        if (r < 0)
                return r;
        return db_step_done(db, types);
}
