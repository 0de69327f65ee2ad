/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>

#include "db-private.h"
#include "ntmsapi.h"

/* There is exactly one computer object: this machine. It keeps the name it
 * was seeded with; the host name may change, the object's identity does not. */
int db_computer_seed(Db *db, const char *hostname) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        char guid[DB_GUID_MAX];
        uint64_t n;
        int r;

        r = db_count(db, "SELECT count(*) FROM computer", NULL, &n);
        if (r < 0)
                return r;
        if (n > 0)
                return 0;

        r = db_object_insert(db, NTMS_COMPUTER, NULL, hostname ?: "localhost", "", true, guid);
        if (r < 0)
                return r;

        r = db_prepare(db, "INSERT INTO computer (guid) VALUES (?1)", &s);
        if (r < 0)
                return r;
        r = db_bind_text(db, s, 1, guid);
        if (r < 0)
                return r;
        return db_step_done(db, s);
}
