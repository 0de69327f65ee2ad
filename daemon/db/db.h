/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The media database. All SQL of rsmd lives in db/: db.c opens, checks and
 * migrates the file and runs transactions; one file per object type holds
 * that type's statements.
 *
 * Errors are negative errno values with these meanings throughout db/:
 *   -ENOENT   the object (or row) does not exist
 *   -EEXIST   a unique key is taken
 *   -EINVAL   a constraint (foreign key, check) refused the change
 *   -ENOSPC   the database is full (SQLITE_FULL: MaxDatabaseSize or the disk)
 *   -EIO      the database is damaged or unreadable
 *   -EROFS    the database cannot be written
 *   -EBUSY    another process holds the database
 *   -ENOMEM   out of memory
 *
 * GUID arguments are in canonical lower-case text form (bus/ normalises what
 * callers send); NULL or "" stands for an absent GUID. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ntms-guid.h"

#define DB_GUID_MAX NTMS_GUID_STRING_MAX
#define DB_FILE_NAME "rsmd.db"

typedef struct Db Db;

typedef struct DbOpenOptions {
        const char *hostname;           /* names the computer object at first start */
} DbOpenOptions;

/* Opens (creating if needed) the database file at path, checks its integrity,
 * migrates the schema forward and seeds a new database. When the file is
 * damaged or cannot be used, returns a negative errno and a sentence saying
 * what is wrong in *ret_problem; the file is left exactly as it was. */
int db_open(const char *path, const DbOpenOptions *options, Db **ret, char **ret_problem);

/* Opens read-only and runs the integrity check, nothing else. 0 when the
 * database is sound; otherwise negative and *ret_problem says why. */
int db_check_file(const char *path, char **ret_problem);

/* Caps the file at max_size bytes from now on (never below its current size).
 * Applied after seeding, so that a small limit never stops a first start. */
int db_set_max_size(Db *db, uint64_t max_size);

Db *db_close(Db *db);
static inline void db_closep(Db **db) {
        if (*db)
                db_close(*db);
}

const char *db_path(Db *db);
unsigned db_schema_version_latest(void);
int db_get_schema_version(Db *db, unsigned *ret);

/* Every state-changing API call is one BEGIN IMMEDIATE … COMMIT. Use as
 *     _cleanup_(db_rollbackp) Db *tx = NULL;
 *     r = db_begin(db); if (r < 0) return r; tx = db;
 *     ...
 *     return db_commit(TAKE_PTR(tx));
 * so that every early return rolls back. Transactions do not nest: the
 * function that implements an API call owns it, the helpers it calls do not. */
int db_begin(Db *db);
int db_commit(Db *db);
void db_rollback(Db *db);
static inline void db_rollbackp(Db **db) {
        if (*db)
                db_rollback(*db);
}

/* NULL-terminated lists of strings (GUIDs, mostly). */
char **strv_free(char **l);
size_t strv_length(char **l);
static inline void strv_freep(char ***l) {
        strv_free(*l);
}
