/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Shared by the files of db/ only: the connection and the statement helpers.
 * Nothing outside db/ sees SQLite. */

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "object.h"
#include "log.h"
#include "macro.h"

/* Room for the statements that run for every object, medium and side; more
 * distinct statements than this push out the least recently used. */
#define DB_STATEMENT_CACHE_SIZE 64

typedef struct DbCachedStatement {
        const char *key;                /* the caller's SQL pointer: the quick match */
        char *sql;                      /* our copy: the match that decides */
        sqlite3_stmt *stmt;
        uint64_t used;                  /* Db.statement_clock at the last hand-out */
} DbCachedStatement;

struct Db {
        sqlite3 *sqlite;
        char *path;
        bool in_transaction;
        DbCachedStatement statements[DB_STATEMENT_CACHE_SIZE];
        size_t n_statements;
        uint64_t statement_clock;
};

DEFINE_TRIVIAL_CLEANUP_FUNC(sqlite3_stmt *, sqlite3_finalize);

/* SQLite result code to negative errno; see db.h for the meanings. */
int db_errno(Db *db, int rc);

/* sql is always a constant of ours; values go in through the bind helpers. */
int db_prepare(Db *db, const char *sql, sqlite3_stmt **ret);

/* Like db_prepare(), for statements that run often, from a cache of the
 * connection: the statement is borrowed, never finalized by the caller.
 * Declare it as
 *     _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
 * so that it is reset and its bindings cleared when the caller is done.
 * While one caller is in the middle of a statement's rows, another asking
 * for the same SQL gets a statement of its own. What the cache cannot see is
 * a statement prepared and bound but not yet stepped, so bind and step
 * without other database calls in between (every caller in db/ does).
 * Safe without locks because all SQL runs on the main thread. */
int db_prepare_cached(Db *db, const char *sql, sqlite3_stmt **ret);

static inline void db_releasep(sqlite3_stmt **s) {
        if (!*s)
                return;
        /* reset() repeats the error of the last step, which the caller has had. */
        (void) sqlite3_reset(*s);
        (void) sqlite3_clear_bindings(*s);
}

int db_exec(Db *db, const char *sql);

/* Steps a statement that returns no rows. */
int db_step_done(Db *db, sqlite3_stmt *s);
/* Runs sql, which takes one GUID as ?1 and returns no rows; returns how
 * many rows it changed. */
int db_run_guid(Db *db, const char *sql, const char *guid);

/* Steps expecting a row: 0 on a row, -ENOENT when there is none. */
int db_step_row(Db *db, sqlite3_stmt *s);

/* NULL or "" binds SQL NULL: an absent GUID. */
int db_bind_guid(Db *db, sqlite3_stmt *s, int index, const char *guid);
int db_bind_text(Db *db, sqlite3_stmt *s, int index, const char *text);
int db_bind_int64(Db *db, sqlite3_stmt *s, int index, int64_t v);
int db_bind_blob(Db *db, sqlite3_stmt *s, int index, const void *data, size_t size);

/* Copies a text column (NULL becomes ""). */
int db_column_strdup(sqlite3_stmt *s, int column, char **ret);
/* Copies a GUID column into buf; NULL becomes "". */
void db_column_guid(sqlite3_stmt *s, int column, char buf[static DB_GUID_MAX]);

/* Steps a prepared, bound statement and collects its first column. */
int db_collect_column(Db *db, sqlite3_stmt *s, char ***ret);

/* Runs a statement of the form "SELECT <guid> ... WHERE ... = ?1" and collects
 * the first column of each row. */
int db_collect_guids(Db *db, const char *sql, const char *param, char ***ret);

/* Runs a "SELECT count(*) ..." statement; param, if given, is ?1. */
int db_count(Db *db, const char *sql, const char *param, uint64_t *ret);

uint64_t db_now_usec(void);

/* The condition on a storage_slot row (alias s) that a slot must meet to take
 * a data cartridge: an element address to move to, no medium recorded in
 * it, and not the library's cleaner slot (db/cleaner.h). Whether it is known
 * to be empty is the caller's part. */
#define SQL_SLOT_TAKES_DATA                                                     \
        "s.ElementAddress IS NOT NULL "                                         \
        "AND NOT EXISTS (SELECT 1 FROM physical_media WHERE Location = s.guid) " \
        "AND s.guid IS NOT (SELECT CleanerSlot FROM library WHERE guid = s.Library) "

/* Seeding of first start, one function per object type file. */
int db_computer_seed(Db *db, const char *hostname);
int db_library_seed_offline(Db *db);
int db_media_types_seed(Db *db);

int db_schema_migrate(Db *db, char **ret_problem);
