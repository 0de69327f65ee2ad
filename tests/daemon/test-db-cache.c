/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The prepared-statement cache of db.c: the statements that run for every
 * object and medium are prepared once per connection, reused with fresh
 * bindings, never shared between two users at a time, and finalized when the
 * database closes. */

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon-test.h"
#include "db/db-private.h"
#include "db/media.h"
#include "media/medium.h"
#include "media/pools.h"
#include "ntmsapi.h"

/* The connection's statements whose SQL starts with prefix. */
static size_t statements_like(Db *db, const char *prefix, int64_t *ret_runs) {
        size_t n = 0;
        int64_t runs = 0;

        for (sqlite3_stmt *s = sqlite3_next_stmt(db->sqlite, NULL); s; s = sqlite3_next_stmt(db->sqlite, s))
                if (strncmp(sqlite3_sql(s), prefix, strlen(prefix)) == 0) {
                        runs += sqlite3_stmt_status(s, SQLITE_STMTSTATUS_RUN, false);
                        n++;
                }
        if (ret_runs)
                *ret_runs = runs;
        return n;
}

static void create_media(Db *db, const char *pool, size_t n) {
        for (size_t i = 0; i < n; i++) {
                _cleanup_(strv_freep) char **sides = NULL;
                DbNewSide side = { .enabled = true, .state = NTMS_PARTSTATE_AVAILABLE };
                MediaNewMedium m = {
                        .medium = { .pool = pool, .barcode = "", .enabled = true },
                        .sides = &side,
                        .n_sides = 1,
                };
                char guid[DB_GUID_MAX];

                ck_assert_int_eq(media_medium_create(db, &m, guid, &sides), 0);
        }
}

START_TEST(inserts_reuse_their_statements) {
        char lto[DB_GUID_MAX], pool[DB_GUID_MAX];
        int64_t runs;
        TestDb t;

        test_db_open(&t);
        test_find_by_name(t.db, NTMS_MEDIA_TYPE, NULL, "LTO Ultrium 8", lto);
        ck_assert_int_eq(media_pool_create(t.db, "Cached", lto, NTMS_CREATE_NEW, pool), 0);

        create_media(t.db, pool, 5);

        /* One statement each, prepared once and run for every row. */
        ck_assert_uint_eq(statements_like(t.db, "INSERT INTO physical_media", &runs), 1);
        ck_assert_int_eq(runs, 5);
        ck_assert_uint_eq(statements_like(t.db, "INSERT INTO partition", &runs), 1);
        ck_assert_int_eq(runs, 5);
        ck_assert_uint_eq(statements_like(t.db, "INSERT INTO objects", &runs), 1);
        ck_assert_int_ge(runs, 10);

        /* Nothing is left half run between calls: every cached statement was reset. */
        for (sqlite3_stmt *s = sqlite3_next_stmt(t.db->sqlite, NULL); s; s = sqlite3_next_stmt(t.db->sqlite, s))
                ck_assert_msg(!sqlite3_stmt_busy(s), "still running: %s", sqlite3_sql(s));

        test_db_done(&t);
}
END_TEST

static const char sql_rows[] = "SELECT guid FROM objects WHERE type = ?1 ORDER BY rowid";

START_TEST(borrowed_statements) {
        _cleanup_(db_releasep) sqlite3_stmt *outer = NULL;
        sqlite3_stmt *first;
        size_t rows = 0, media_types = 0;
        TestDb t;

        test_db_open(&t);

        /* Reused as it is, its bindings cleared. */
        {
                _cleanup_(db_releasep) sqlite3_stmt *s = NULL;

                ck_assert_int_eq(db_prepare_cached(t.db, sql_rows, &s), 0);
                ck_assert_int_eq(db_bind_int64(t.db, s, 1, NTMS_MEDIA_TYPE), 0);
                ck_assert_int_eq(db_step_row(t.db, s), 0);
                first = s;
        }
        {
                _cleanup_(db_releasep) sqlite3_stmt *s = NULL;

                ck_assert_int_eq(db_prepare_cached(t.db, sql_rows, &s), 0);
                ck_assert_ptr_eq(s, first);
                ck_assert(!sqlite3_stmt_busy(s));
                /* ?1 is NULL again: no row has type NULL. */
                ck_assert_int_eq(db_step_row(t.db, s), -ENOENT);
        }

        /* A user in the middle of its rows keeps its statement: whoever asks
         * for the same SQL meanwhile gets another one. */
        ck_assert_int_eq(db_prepare_cached(t.db, sql_rows, &outer), 0);
        ck_assert_int_eq(db_bind_int64(t.db, outer, 1, NTMS_MEDIA_TYPE), 0);
        while (sqlite3_step(outer) == SQLITE_ROW) {
                _cleanup_(db_releasep) sqlite3_stmt *inner = NULL;

                rows++;
                ck_assert_int_eq(db_prepare_cached(t.db, sql_rows, &inner), 0);
                ck_assert_ptr_ne(inner, outer);
                ck_assert_int_eq(db_bind_int64(t.db, inner, 1, NTMS_MEDIA_TYPE), 0);
                while (sqlite3_step(inner) == SQLITE_ROW)
                        if (rows == 1)
                                media_types++;
        }
        ck_assert_uint_gt(rows, 1);
        ck_assert_uint_eq(rows, media_types);
        ck_assert_uint_eq(statements_like(t.db, sql_rows, NULL), 2);

        db_releasep(&outer);
        outer = NULL;
        test_db_done(&t);
}
END_TEST

START_TEST(many_statements) {
        _cleanup_(strv_freep) char **sql = NULL;
        TestDb t;

        test_db_open(&t);

        /* More distinct statements than the cache holds: the oldest make room,
         * and every one still answers right. */
        sql = calloc(201, sizeof(char *));
        ck_assert_ptr_nonnull(sql);
        for (int round = 0; round < 2; round++)
                for (int i = 0; i < 200; i++) {
                        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;

                        if (!sql[i])
                                ck_assert_int_ge(asprintf(&sql[i], "SELECT %d + ?1", i), 0);
                        ck_assert_int_eq(db_prepare_cached(t.db, sql[i], &s), 0);
                        ck_assert_int_eq(db_bind_int64(t.db, s, 1, round), 0);
                        ck_assert_int_eq(db_step_row(t.db, s), 0);
                        ck_assert_int_eq(sqlite3_column_int(s, 0), i + round);
                }
        ck_assert_uint_le(statements_like(t.db, "SELECT ", NULL), 200);

        test_db_done(&t);
}
END_TEST

START_TEST(close_finalizes) {
        char lto[DB_GUID_MAX], pool[DB_GUID_MAX], wal[160];
        TestDb t;

        test_db_open(&t);
        test_find_by_name(t.db, NTMS_MEDIA_TYPE, NULL, "LTO Ultrium 8", lto);
        ck_assert_int_eq(media_pool_create(t.db, "Closing", lto, NTMS_CREATE_NEW, pool), 0);
        create_media(t.db, pool, 2);

        /* SQLite removes the write-ahead log when the last connection really
         * closes; a statement left unfinalized keeps the connection (and the
         * log) open. */
        snprintf(wal, sizeof wal, "%s-wal", t.path);
        ck_assert_int_eq(access(wal, F_OK), 0);
        t.db = db_close(t.db);
        ck_assert_int_ne(access(wal, F_OK), 0);

        test_db_done(&t);
}
END_TEST

static Suite *suite(void) {
        Suite *s = suite_create("daemon-db-cache");
        TCase *tc = tcase_create("cache");

        tcase_set_timeout(tc, 60);
        tcase_add_test(tc, inserts_reuse_their_statements);
        tcase_add_test(tc, borrowed_statements);
        tcase_add_test(tc, many_statements);
        tcase_add_test(tc, close_finalizes);
        suite_add_tcase(s, tc);
        return s;
}

int main(void) {
        SRunner *sr = srunner_create(suite());
        int failed;

        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
