/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <stdlib.h>

#include "attribute.h"
#include "db-private.h"

int db_attribute_get(Db *db, const char *object, const char *name, void **ret, size_t *ret_size) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        const void *p;
        void *copy;
        int r, size;

        r = db_prepare(db, "SELECT value FROM attributes WHERE object = ?1 AND name = ?2", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, object)) < 0 ||
            (r = db_bind_text(db, s, 2, name)) < 0)
                return r;
        r = db_step_row(db, s);
        if (r < 0)
                return r;

        p = sqlite3_column_blob(s, 0);
        size = sqlite3_column_bytes(s, 0);
        copy = malloc(size > 0 ? (size_t) size : 1);
        if (!copy)
                return -ENOMEM;
        if (size > 0)
                memcpy(copy, p, (size_t) size);

        *ret = copy;
        *ret_size = (size_t) size;
        return 0;
}

int db_attribute_set(Db *db, const char *object, const char *name, const void *data, size_t size) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        _cleanup_(db_rollbackp) Db *tx = NULL;
        int r;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;

        if (size == 0)
                r = db_prepare(db, "DELETE FROM attributes WHERE object = ?1 AND name = ?2", &s);
        else
                r = db_prepare(db, "INSERT OR REPLACE INTO attributes (object, name, value) VALUES (?1, ?2, ?3)", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, object)) < 0 ||
            (r = db_bind_text(db, s, 2, name)) < 0)
                return r;
        if (size > 0) {
                r = db_bind_blob(db, s, 3, data, size);
                if (r < 0)
                        return r;
        }
        r = db_step_done(db, s);
        if (r < 0)
                return r;

        r = db_object_touch(db, object);
        if (r < 0)
                return r;

        return db_commit(TAKE_PTR(tx));
}
