/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#include "macro.h"
#include "db-private.h"

/* Long enough to ride out a backup tool reading the file, short enough that a
 * D-Bus caller gets an answer. */
#define DB_BUSY_TIMEOUT_MS 5000

int db_errno(Db *db, int rc) {
        int r;

        switch (rc & 0xff) {
        case SQLITE_OK:
        case SQLITE_ROW:
        case SQLITE_DONE:
                return 0;
        case SQLITE_FULL:
                r = -ENOSPC;
                break;
        case SQLITE_NOMEM:
                r = -ENOMEM;
                break;
        case SQLITE_CONSTRAINT:
                r = rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE ? -EEXIST : -EINVAL;
                break;
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
                r = -EBUSY;
                break;
        case SQLITE_READONLY:
        case SQLITE_PERM:
                r = -EROFS;
                break;
        default:
                /* SQLITE_CORRUPT, SQLITE_NOTADB, SQLITE_IOERR, SQLITE_CANTOPEN and
                 * anything unexpected: the database cannot be trusted for this call. */
                r = -EIO;
                break;
        }

        /* Constraint failures are ordinary answers to bad requests; the rest is news. */
        if (r == -EEXIST || r == -EINVAL)
                log_debug("%s: %s", db->path, sqlite3_errmsg(db->sqlite));
        else
                log_error("%s: %s (%s)", db->path, sqlite3_errmsg(db->sqlite), sqlite3_errstr(rc));
        return r;
}

int db_prepare(Db *db, const char *sql, sqlite3_stmt **ret) {
        int rc;

        rc = sqlite3_prepare_v2(db->sqlite, sql, -1, ret, NULL);
        if (rc != SQLITE_OK)
                return db_errno(db, rc);
        return 0;
}

static bool db_cached_statement_idle(DbCachedStatement *c) {
        return !sqlite3_stmt_busy(c->stmt);
}

/* A cached statement for sql that nobody is in the middle of. */
static sqlite3_stmt *db_statement_cache_find(Db *db, const char *sql) {
        /* Callers pass constants, so the same pointer finds the entry in the
         * first pass. The text decides all the same: SQL built at run time in
         * a reused buffer must never get another statement's plan. */
        for (size_t i = 0; i < db->n_statements; i++) {
                DbCachedStatement *c = db->statements + i;

                if (c->key == sql && streq(c->sql, sql) && db_cached_statement_idle(c)) {
                        c->used = ++db->statement_clock;
                        return c->stmt;
                }
        }
        for (size_t i = 0; i < db->n_statements; i++) {
                DbCachedStatement *c = db->statements + i;

                if (c->key != sql && streq(c->sql, sql) && db_cached_statement_idle(c)) {
                        c->used = ++db->statement_clock;
                        return c->stmt;
                }
        }
        return NULL;
}

/* The slot for a new statement: a free one, else the least recently used
 * statement that nobody is in the middle of, finalized. */
static DbCachedStatement *db_statement_cache_slot(Db *db) {
        DbCachedStatement *oldest = NULL;

        if (db->n_statements < ELEMENTSOF(db->statements))
                return db->statements + db->n_statements++;

        for (size_t i = 0; i < db->n_statements; i++) {
                DbCachedStatement *c = db->statements + i;

                if (db_cached_statement_idle(c) && (!oldest || c->used < oldest->used))
                        oldest = c;
        }
        if (!oldest)
                return NULL;

        sqlite3_finalize(oldest->stmt);
        free(oldest->sql);
        *oldest = (DbCachedStatement) {};
        return oldest;
}

int db_prepare_cached(Db *db, const char *sql, sqlite3_stmt **ret) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        _cleanup_free_ char *copy = NULL;
        DbCachedStatement *slot;
        int rc;

        assert(db);
        assert(sql);
        assert(ret);

        *ret = db_statement_cache_find(db, sql);
        if (*ret)
                return 0;

        copy = strdup(sql);
        if (!copy)
                return -ENOMEM;

        /* PERSISTENT: the statement lives as long as the connection, and
         * SQLite places it accordingly. */
        rc = sqlite3_prepare_v3(db->sqlite, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
        if (rc != SQLITE_OK)
                return db_errno(db, rc);

        slot = db_statement_cache_slot(db);
        if (!slot) {
                /* Every slot is in the middle of its rows: a nesting this deep is a bug. */
                log_error("%s: all %zu cached statements are in use", db->path, ELEMENTSOF(db->statements));
                return -ENOBUFS;
        }

        *slot = (DbCachedStatement) {
                .key = sql,
                .sql = TAKE_PTR(copy),
                .stmt = s,
                .used = ++db->statement_clock,
        };
        *ret = TAKE_PTR(s);
        return 0;
}

static void db_statement_cache_clear(Db *db) {
        for (size_t i = 0; i < db->n_statements; i++) {
                sqlite3_finalize(db->statements[i].stmt);
                free(db->statements[i].sql);
        }
        db->n_statements = 0;
}

int db_exec(Db *db, const char *sql) {
        int rc;

        rc = sqlite3_exec(db->sqlite, sql, NULL, NULL, NULL);
        if (rc != SQLITE_OK)
                return db_errno(db, rc);
        return 0;
}

int db_step_done(Db *db, sqlite3_stmt *s) {
        int rc;

        rc = sqlite3_step(s);
        if (rc == SQLITE_DONE)
                return 0;
        if (rc == SQLITE_ROW)
                return -EINVAL; /* a statement of ours that should not return rows */
        return db_errno(db, rc);
}

int db_run_guid(Db *db, const char *sql, const char *guid) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare_cached(db, sql, &s);
        if (r < 0)
                return r;
        r = db_bind_guid(db, s, 1, guid);
        if (r < 0)
                return r;
        r = db_step_done(db, s);
        if (r < 0)
                return r;
        return sqlite3_changes(db->sqlite);
}

int db_step_row(Db *db, sqlite3_stmt *s) {
        int rc;

        rc = sqlite3_step(s);
        if (rc == SQLITE_ROW)
                return 0;
        if (rc == SQLITE_DONE)
                return -ENOENT;
        return db_errno(db, rc);
}

int db_bind_guid(Db *db, sqlite3_stmt *s, int index, const char *guid) {
        int rc;

        if (isempty(guid))
                rc = sqlite3_bind_null(s, index);
        else
                rc = sqlite3_bind_text(s, index, guid, -1, SQLITE_TRANSIENT);
        return rc == SQLITE_OK ? 0 : db_errno(db, rc);
}

int db_bind_text(Db *db, sqlite3_stmt *s, int index, const char *text) {
        int rc;

        rc = sqlite3_bind_text(s, index, text ?: "", -1, SQLITE_TRANSIENT);
        return rc == SQLITE_OK ? 0 : db_errno(db, rc);
}

int db_bind_int64(Db *db, sqlite3_stmt *s, int index, int64_t v) {
        int rc;

        rc = sqlite3_bind_int64(s, index, v);
        return rc == SQLITE_OK ? 0 : db_errno(db, rc);
}

int db_bind_blob(Db *db, sqlite3_stmt *s, int index, const void *data, size_t size) {
        int rc;

        /* A zero-length blob, never NULL: the column is NOT NULL. */
        rc = sqlite3_bind_blob64(s, index, size > 0 ? data : "", size, SQLITE_TRANSIENT);
        return rc == SQLITE_OK ? 0 : db_errno(db, rc);
}

int db_column_strdup(sqlite3_stmt *s, int column, char **ret) {
        const unsigned char *t = sqlite3_column_text(s, column);
        char *copy;

        copy = strdup(t ? (const char *) t : "");
        if (!copy)
                return -ENOMEM;
        *ret = copy;
        return 0;
}

void db_column_guid(sqlite3_stmt *s, int column, char buf[static DB_GUID_MAX]) {
        const unsigned char *t = sqlite3_column_text(s, column);

        snprintf(buf, DB_GUID_MAX, "%s", t ? (const char *) t : "");
}

char **strv_free(char **l) {
        if (!l)
                return NULL;
        for (char **i = l; *i; i++)
                free(*i);
        free(l);
        return NULL;
}

size_t strv_length(char **l) {
        size_t n = 0;

        while (l && l[n])
                n++;
        return n;
}

int db_collect_column(Db *db, sqlite3_stmt *s, char ***ret) {
        _cleanup_(strv_freep) char **list = NULL;
        size_t n = 0, allocated = 0;
        int r, rc;

        /* Always a list, even an empty one: callers hand it to the bus as is. */
        if (!GREEDY_REALLOC(list, allocated, 1))
                return -ENOMEM;
        list[0] = NULL;

        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
                if (!GREEDY_REALLOC(list, allocated, n + 2))
                        return -ENOMEM;
                r = db_column_strdup(s, 0, &list[n]);
                if (r < 0)
                        return r;
                list[++n] = NULL;
        }
        if (rc != SQLITE_DONE)
                return db_errno(db, rc);

        *ret = TAKE_PTR(list);
        return 0;
}

int db_collect_guids(Db *db, const char *sql, const char *param, char ***ret) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare_cached(db, sql, &s);
        if (r < 0)
                return r;
        if (param) {
                r = db_bind_guid(db, s, 1, param);
                if (r < 0)
                        return r;
        }
        return db_collect_column(db, s, ret);
}

int db_count(Db *db, const char *sql, const char *param, uint64_t *ret) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare_cached(db, sql, &s);
        if (r < 0)
                return r;
        if (param) {
                r = db_bind_guid(db, s, 1, param);
                if (r < 0)
                        return r;
        }
        r = db_step_row(db, s);
        if (r < 0)
                return r;
        *ret = (uint64_t) sqlite3_column_int64(s, 0);
        return 0;
}

uint64_t db_now_usec(void) {
        struct timespec ts;

        clock_gettime(CLOCK_REALTIME, &ts);
        return (uint64_t) ts.tv_sec * 1000000u + (uint64_t) ts.tv_nsec / 1000u;
}

int db_begin(Db *db) {
        int r;

        assert(!db->in_transaction);

        /* IMMEDIATE takes the write lock now, so a call never fails half way
         * because another writer got there first. */
        r = db_exec(db, "BEGIN IMMEDIATE");
        if (r < 0)
                return r;
        db->in_transaction = true;
        return 0;
}

int db_commit(Db *db) {
        int r;

        assert(db->in_transaction);

        r = db_exec(db, "COMMIT");
        if (r < 0) {
                db_rollback(db);
                return r;
        }
        db->in_transaction = false;
        return 0;
}

void db_rollback(Db *db) {
        assert(db->in_transaction);

        /* SQLite may already have rolled back by itself (SQLITE_FULL, I/O errors). */
        if (!sqlite3_get_autocommit(db->sqlite))
                (void) sqlite3_exec(db->sqlite, "ROLLBACK", NULL, NULL, NULL);
        db->in_transaction = false;
}

const char *db_path(Db *db) {
        return db->path;
}

Db *db_close(Db *db) {
        if (!db)
                return NULL;
        /* Before the close: a statement left over would keep the connection
         * open behind our back, and with it the write-ahead log. */
        db_statement_cache_clear(db);
        sqlite3_close_v2(db->sqlite);
        free(db->path);
        free(db);
        return NULL;
}

/* Words for the administrator: they end up in the log, in STATUS= and in
 * every DatabaseFailure reply. */
static _printf_(2, 3) void problem(char **ret_problem, const char *format, ...) {
        va_list ap;

        free(*ret_problem);
        va_start(ap, format);
        if (vasprintf(ret_problem, format, ap) < 0)
                *ret_problem = NULL;
        va_end(ap);
}

/* Reads the whole file through quick_check. Nothing is written: a damaged file
 * stays as it is for the administrator to inspect or restore. */
static int db_integrity_check(Db *db, char **ret_problem) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        const unsigned char *result;
        int rc;

        rc = sqlite3_prepare_v2(db->sqlite, "PRAGMA quick_check(1)", -1, &s, NULL);
        if (rc == SQLITE_OK)
                rc = sqlite3_step(s);
        if (rc != SQLITE_ROW) {
                problem(ret_problem, "%s is not a usable database: %s", db->path,
                               sqlite3_errmsg(db->sqlite));
                return -EIO;
        }

        result = sqlite3_column_text(s, 0);
        if (!result || !streq((const char *) result, "ok")) {
                problem(ret_problem, "%s failed its integrity check: %s", db->path,
                               result ? (const char *) result : "no result");
                return -EIO;
        }
        return 0;
}

static int db_new(const char *path, int flags, Db **ret, char **ret_problem) {
        _cleanup_(db_closep) Db *db = NULL;
        int rc;

        db = calloc(1, sizeof *db);
        if (!db)
                return -ENOMEM;
        db->path = strdup(path);
        if (!db->path)
                return -ENOMEM;

        rc = sqlite3_open_v2(path, &db->sqlite, flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, NULL);
        if (rc != SQLITE_OK) {
                problem(ret_problem, "%s cannot be opened: %s", path,
                               db->sqlite ? sqlite3_errmsg(db->sqlite) : sqlite3_errstr(rc));
                return -EIO;
        }

        sqlite3_extended_result_codes(db->sqlite, 1);
        sqlite3_busy_timeout(db->sqlite, DB_BUSY_TIMEOUT_MS);

        *ret = TAKE_PTR(db);
        return 0;
}

static int db_configure(Db *db, char **ret_problem) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        const unsigned char *mode;
        int r;

        /* WAL and synchronous=FULL: a cartridge's recorded location must survive
         * a crash of the daemon or of the machine. */
        r = db_prepare(db, "PRAGMA journal_mode = WAL", &s);
        if (r >= 0)
                r = db_step_row(db, s);
        if (r < 0) {
                problem(ret_problem, "%s cannot be switched to WAL mode: %s", db->path,
                               sqlite3_errmsg(db->sqlite));
                return r;
        }
        mode = sqlite3_column_text(s, 0);
        if (!mode || !streq((const char *) mode, "wal")) {
                problem(ret_problem, "%s refused WAL mode (%s)", db->path,
                               mode ? (const char *) mode : "?");
                return -EIO;
        }

        r = db_exec(db, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
        if (r < 0) {
                problem(ret_problem, "%s cannot be configured: %s", db->path,
                               sqlite3_errmsg(db->sqlite));
                return r;
        }
        return 0;
}

/* What a new database holds before anyone calls: the computer, the offline
 * library and the media types. Runs at every start and only adds what is
 * missing, so seeded GUIDs never change. */
static int db_seed(Db *db, const char *hostname) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        int r;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;

        r = db_computer_seed(db, hostname);
        if (r < 0)
                return r;
        r = db_media_types_seed(db);
        if (r < 0)
                return r;
        r = db_library_seed_offline(db);
        if (r < 0)
                return r;

        return db_commit(TAKE_PTR(tx));
}

int db_open(const char *path, const DbOpenOptions *options, Db **ret, char **ret_problem) {
        _cleanup_(db_closep) Db *db = NULL;
        int r;

        assert(path);
        assert(options);

        r = db_new(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &db, ret_problem);
        if (r < 0)
                return r;

        r = db_integrity_check(db, ret_problem);
        if (r < 0)
                return r;

        r = db_configure(db, ret_problem);
        if (r < 0)
                return r;

        r = db_schema_migrate(db, ret_problem);
        if (r < 0) {
                if (!*ret_problem)
                        problem(ret_problem, "%s cannot be brought to the current schema: %s",
                                       path, strerror(-r));
                return r;
        }

        r = db_seed(db, options->hostname);
        if (r < 0) {
                problem(ret_problem, "%s cannot be seeded: %s", path, strerror(-r));
                return r;
        }

        *ret = TAKE_PTR(db);
        return 0;
}

int db_check_file(const char *path, char **ret_problem) {
        _cleanup_(db_closep) Db *db = NULL;
        unsigned version;
        int r;

        r = db_new(path, SQLITE_OPEN_READONLY, &db, ret_problem);
        if (r < 0)
                return r;

        r = db_integrity_check(db, ret_problem);
        if (r < 0)
                return r;

        r = db_get_schema_version(db, &version);
        if (r < 0) {
                problem(ret_problem, "%s: cannot read the schema version: %s", path,
                               sqlite3_errmsg(db->sqlite));
                return r;
        }
        if (version > db_schema_version_latest()) {
                problem(ret_problem, "%s has a schema newer than this rsmd knows", path);
                return -EPROTO;
        }
        return 0;
}

int db_set_max_size(Db *db, uint64_t max_size) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        char pragma[80];
        int page_size, r;

        r = db_prepare(db, "PRAGMA page_size", &s);
        if (r < 0)
                return r;
        r = db_step_row(db, s);
        if (r < 0)
                return r;
        page_size = sqlite3_column_int(s, 0);
        if (page_size <= 0)
                return -EIO;

        /* SQLite keeps the limit at the current size if we ask for less: a
         * database already over its limit takes no more, but stays readable. */
        snprintf(pragma, sizeof pragma, "PRAGMA max_page_count = %" PRIu64,
                 max_size / (uint64_t) page_size ?: 1);
        return db_exec(db, pragma);
}
