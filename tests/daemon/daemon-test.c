/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon-test.h"
#include "db/object.h"
#include "media/pools.h"

static void test_db_open_existing(TestDb *t) {
        DbOpenOptions options = { .hostname = "testhost" };
        _cleanup_free_ char *problem = NULL;

        ck_assert_int_eq(db_open(t->path, &options, &t->db, &problem), 0);
        ck_assert_int_eq(media_pools_seed(t->db), 0);
}

void test_db_open(TestDb *t) {
        snprintf(t->dir, sizeof t->dir, "/tmp/rsmd-test-XXXXXX");
        ck_assert_ptr_nonnull(mkdtemp(t->dir));
        snprintf(t->path, sizeof t->path, "%s/%s", t->dir, DB_FILE_NAME);
        test_db_open_existing(t);
}

void test_db_reopen(TestDb *t) {
        t->db = db_close(t->db);
        test_db_open_existing(t);
}

void test_db_done(TestDb *t) {
        char p[192];

        t->db = db_close(t->db);
        unlink(t->path);
        snprintf(p, sizeof p, "%s-wal", t->path);
        unlink(p);
        snprintf(p, sizeof p, "%s-shm", t->path);
        unlink(p);
        rmdir(t->dir);
}

void test_find_by_name(Db *db, uint32_t type, const char *container, const char *name, char ret[static DB_GUID_MAX]) {
        _cleanup_(strv_freep) char **list = NULL;

        ck_assert_int_eq(db_enumerate(db, type, container, false, &list), 0);
        for (char **i = list; *i; i++) {
                _cleanup_free_ char *n = NULL;

                ck_assert_int_eq(db_object_get_name(db, *i, &n), 0);
                if (streq(n, name)) {
                        memcpy(ret, *i, DB_GUID_MAX);
                        return;
                }
        }
        ck_abort_msg("no object named %s", name);
}
