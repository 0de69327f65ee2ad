/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>

#include "db-private.h"
#include "logical-media.h"
#include "ntmsapi.h"

int db_logical_medium_insert(Db *db, const char *name, const char *pool, char ret_guid[static DB_GUID_MAX]) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        char guid[DB_GUID_MAX];
        int r;

        r = db_object_insert(db, NTMS_LOGICAL_MEDIA, NULL, name, "", true, guid);
        if (r < 0)
                return r;

        r = db_prepare(db, "INSERT INTO logical_media (guid, MediaPool) VALUES (?1, ?2)", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_text(db, s, 1, guid)) < 0 ||
            (r = db_bind_guid(db, s, 2, pool)) < 0)
                return r;
        r = db_step_done(db, s);
        if (r < 0)
                return r;

        memcpy(ret_guid, guid, DB_GUID_MAX);
        return 0;
}

int db_logical_medium_get(Db *db, const char *guid, DbLogicalMedium *ret) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare(db, "SELECT guid, MediaPool FROM logical_media WHERE guid = ?1", &s);
        if (r < 0)
                return r;
        r = db_bind_guid(db, s, 1, guid);
        if (r < 0)
                return r;
        r = db_step_row(db, s);
        if (r < 0)
                return r;

        db_column_guid(s, 0, ret->guid);
        db_column_guid(s, 1, ret->pool);
        return 0;
}

int db_logical_medium_delete(Db *db, const char *guid) {
        uint32_t type;
        int r;

        /* Only ever a logical medium: a wrong GUID here must not delete anything else. */
        r = db_object_get_type(db, guid, &type);
        if (r < 0)
                return r;
        if (type != NTMS_LOGICAL_MEDIA)
                return -ENOENT;
        return db_object_delete(db, guid);
}
