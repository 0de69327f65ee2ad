/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Every row of every table of a database as text: two dumps are equal when
 * nothing in it changed, which is what a failed call must leave. */

#include <check.h>
#include <sqlite3.h>
#include <stdio.h>

static inline void db_dump_table(sqlite3 *db, const char *table, FILE *f) {
        sqlite3_stmt *rows = NULL;
        char sql[256];

        snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", table);
        ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &rows, NULL), SQLITE_OK);
        fprintf(f, "%s\n", sql);
        while (sqlite3_step(rows) == SQLITE_ROW) {
                for (int i = 0; i < sqlite3_column_count(rows); i++)
                        fprintf(f, "%s|", (const char *) sqlite3_column_text(rows, i) ?: "NULL");
                fputc('\n', f);
        }
        sqlite3_finalize(rows);
}

/* A string to free(). */
static inline char *db_dump(sqlite3 *db) {
        sqlite3_stmt *tables = NULL;
        char *buf = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&buf, &size);

        ck_assert_ptr_nonnull(f);
        ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                                "AND name NOT LIKE 'sqlite_%' ORDER BY name", -1, &tables, NULL),
                         SQLITE_OK);
        while (sqlite3_step(tables) == SQLITE_ROW)
                db_dump_table(db, (const char *) sqlite3_column_text(tables, 0), f);
        sqlite3_finalize(tables);
        ck_assert_int_eq(fclose(f), 0);
        return buf;
}
