/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* A fresh database in a temporary directory, opened and seeded as rsmd does. */

#include <errno.h>

#include "db/db.h"
#include "macro.h"

typedef struct TestDb {
        char dir[64];
        char path[128];
        Db *db;
} TestDb;

void test_db_open(TestDb *t);
void test_db_reopen(TestDb *t);
void test_db_done(TestDb *t);

/* The GUID of an object found by enumeration and name. */
void test_find_by_name(Db *db, uint32_t type, const char *container, const char *name, char ret[static DB_GUID_MAX]);
