/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The database layer without the bus: opening, seeding, migrations, the
 * integrity check, transactions and the full-database case. */

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon-test.h"
#include "db/object.h"
#include "db/pool.h"
#include "media/pools.h"
#include "ntms-fields.h"
#include "ntmsapi.h"

static size_t count(Db *db, uint32_t type, const char *container) {
        _cleanup_(strv_freep) char **list = NULL;

        ck_assert_int_eq(db_enumerate(db, type, container, false, &list), 0);
        return strv_length(list);
}

START_TEST(seed_and_schema_version) {
        TestDb t;
        unsigned version;
        char free_pool[DB_GUID_MAX], lto3[DB_GUID_MAX], offline[DB_GUID_MAX];
        uint32_t type;

        test_db_open(&t);

        ck_assert_int_eq(db_get_schema_version(t.db, &version), 0);
        ck_assert_uint_eq(version, db_schema_version_latest());

        ck_assert_uint_eq(count(t.db, NTMS_COMPUTER, NULL), 1);
        ck_assert_uint_eq(count(t.db, NTMS_LIBRARY, NULL), 1);
        test_find_by_name(t.db, NTMS_LIBRARY, NULL, "Offline Media", offline);
        ck_assert_uint_ge(count(t.db, NTMS_MEDIA_TYPE, NULL), 13);
        ck_assert_uint_eq(count(t.db, NTMS_MEDIA_TYPE, offline), count(t.db, NTMS_MEDIA_TYPE, NULL));

        /* Free, Import and Unrecognized at the top, each with one sub-pool per media type. */
        ck_assert_uint_eq(count(t.db, NTMS_MEDIA_POOL, NULL), 3);
        test_find_by_name(t.db, NTMS_MEDIA_POOL, NULL, "Free", free_pool);
        ck_assert_uint_eq(count(t.db, NTMS_MEDIA_POOL, free_pool), count(t.db, NTMS_MEDIA_TYPE, NULL));
        test_find_by_name(t.db, NTMS_MEDIA_POOL, free_pool, "LTO Ultrium 3", lto3);
        ck_assert_int_eq(db_object_get_type(t.db, lto3, &type), 0);
        ck_assert_uint_eq(type, NTMS_MEDIA_POOL);

        test_db_done(&t);
}
END_TEST

START_TEST(reopen_keeps_data) {
        TestDb t;
        char lto3[DB_GUID_MAX], again[DB_GUID_MAX], mine[DB_GUID_MAX], free_pool[DB_GUID_MAX];
        size_t types;

        test_db_open(&t);
        test_find_by_name(t.db, NTMS_MEDIA_POOL, NULL, "Free", free_pool);
        test_find_by_name(t.db, NTMS_MEDIA_POOL, free_pool, "LTO Ultrium 3", lto3);
        ck_assert_int_eq(media_pool_create(t.db, "Backup", NULL, NTMS_CREATE_NEW, mine), 0);
        types = count(t.db, NTMS_MEDIA_TYPE, NULL);

        test_db_reopen(&t);

        /* Seeding again adds nothing and changes no GUID. */
        ck_assert_uint_eq(count(t.db, NTMS_MEDIA_TYPE, NULL), types);
        ck_assert_uint_eq(count(t.db, NTMS_MEDIA_POOL, NULL), 4);
        test_find_by_name(t.db, NTMS_MEDIA_POOL, free_pool, "LTO Ultrium 3", again);
        ck_assert_str_eq(again, lto3);
        test_find_by_name(t.db, NTMS_MEDIA_POOL, NULL, "Backup", again);
        ck_assert_str_eq(again, mine);

        test_db_done(&t);
}
END_TEST

START_TEST(failed_update_changes_nothing) {
        TestDb t;
        char pool[DB_GUID_MAX];
        _cleanup_free_ char *name = NULL;
        DbField fields[] = {
                { "szName", { .type = DB_VALUE_TEXT, .data = (char *) "Renamed" } },
                { "MediaType", { .type = DB_VALUE_TEXT, .data = (char *) "00000000-0000-0000-0000-00000000abcd" } },
        };

        test_db_open(&t);
        ck_assert_int_eq(media_pool_create(t.db, "Backup", NULL, NTMS_CREATE_NEW, pool), 0);

        /* The second field is refused, so the first must not stick either. */
        ck_assert_int_eq(db_object_update(t.db, NTMS_MEDIA_POOL, pool, fields, 2), -EINVAL);
        ck_assert_int_eq(db_object_get_name(t.db, pool, &name), 0);
        ck_assert_str_eq(name, "Backup");

        ck_assert_int_eq(db_object_update(t.db, NTMS_MEDIA_POOL, pool, fields, 1), 0);
        free(name);
        ck_assert_int_eq(db_object_get_name(t.db, pool, &name), 0);
        ck_assert_str_eq(name, "Renamed");

        test_db_done(&t);
}
END_TEST

static void file_digest(const char *path, unsigned char *buf, size_t size) {
        int fd = open(path, O_RDONLY | O_CLOEXEC);

        ck_assert_int_ge(fd, 0);
        memset(buf, 0, size);
        ck_assert_int_ge(read(fd, buf, size), 0);
        close(fd);
}

START_TEST(damaged_file_is_refused_and_left_alone) {
        static unsigned char before[1 << 16], after[1 << 16];
        DbOpenOptions options = { .hostname = "testhost" };
        _cleanup_free_ char *problem = NULL, *check_problem = NULL;
        Db *db = NULL;
        TestDb t;
        int fd;

        test_db_open(&t);
        /* Checkpoint everything into the main file, then scribble over page 3. */
        t.db = db_close(t.db);
        fd = open(t.path, O_WRONLY | O_CLOEXEC);
        ck_assert_int_ge(fd, 0);
        ck_assert_int_eq(pwrite(fd, "garbage garbage garbage garbage garbage", 39, 4096 * 2 + 8), 39);
        close(fd);

        file_digest(t.path, before, sizeof before);
        ck_assert_int_lt(db_open(t.path, &options, &db, &problem), 0);
        ck_assert_ptr_null(db);
        ck_assert_ptr_nonnull(problem);
        ck_assert_ptr_nonnull(strstr(problem, t.path));
        file_digest(t.path, after, sizeof after);
        ck_assert_mem_eq(before, after, sizeof before);

        ck_assert_int_lt(db_check_file(t.path, &check_problem), 0);
        ck_assert_ptr_nonnull(check_problem);

        test_db_done(&t);
}
END_TEST

START_TEST(not_a_database) {
        DbOpenOptions options = { .hostname = "testhost" };
        _cleanup_free_ char *problem = NULL;
        Db *db = NULL;
        TestDb t;
        int fd;

        test_db_open(&t);
        t.db = db_close(t.db);
        fd = open(t.path, O_WRONLY | O_TRUNC | O_CLOEXEC);
        ck_assert_int_ge(fd, 0);
        ck_assert_int_eq(write(fd, "this is no SQLite file, not even close....", 42), 42);
        close(fd);

        ck_assert_int_eq(db_open(t.path, &options, &db, &problem), -EIO);
        ck_assert_ptr_nonnull(strstr(problem, "not a usable database"));

        test_db_done(&t);
}
END_TEST

START_TEST(full_database_keeps_data) {
        TestDb t;
        char pool[DB_GUID_MAX];
        size_t before;
        int r = 0;

        test_db_open(&t);
        ck_assert_int_eq(db_set_max_size(t.db, 1), 0);

        for (unsigned i = 0; i < 10000; i++) {
                char name[32];

                snprintf(name, sizeof name, "Pool %u", i);
                before = count(t.db, NTMS_MEDIA_POOL, NULL);
                r = media_pool_create(t.db, name, NULL, NTMS_CREATE_NEW, pool);
                if (r < 0)
                        break;
        }
        ck_assert_int_eq(r, -ENOSPC);
        ck_assert_uint_eq(count(t.db, NTMS_MEDIA_POOL, NULL), before);

        /* Everything written before is still there, and the file is sound. */
        test_db_reopen(&t);
        ck_assert_uint_eq(count(t.db, NTMS_MEDIA_POOL, NULL), before);
        t.db = db_close(t.db);
        {
                _cleanup_free_ char *problem = NULL;
                ck_assert_int_eq(db_check_file(t.path, &problem), 0);
        }
        test_db_done(&t);
}
END_TEST

/* GetObjectInformation sends the view's columns: they must be exactly the
 * documented fields of each type. */
START_TEST(views_match_field_table) {
        static const struct {
                uint32_t type;
                const char *name;
        } samples[] = {
                { NTMS_COMPUTER, NULL },
                { NTMS_LIBRARY, "Offline Media" },
                { NTMS_MEDIA_TYPE, "LTO Ultrium 5" },
                { NTMS_MEDIA_POOL, "Free" },
        };
        TestDb t;

        test_db_open(&t);
        for (size_t i = 0; i < ELEMENTSOF(samples); i++) {
                _cleanup_(strv_freep) char **list = NULL;
                _cleanup_(db_row_freep) DbRow *row = NULL;
                unsigned n_common, n_info, n_expected = 0;
                const NtmsField *common = ntms_common_fields(&n_common);
                const NtmsField *info = ntms_info_fields(samples[i].type, &n_info);
                char guid[DB_GUID_MAX];

                if (samples[i].name)
                        test_find_by_name(t.db, samples[i].type, NULL, samples[i].name, guid);
                else {
                        ck_assert_int_eq(db_enumerate(t.db, samples[i].type, NULL, false, &list), 0);
                        memcpy(guid, list[0], DB_GUID_MAX);
                }
                ck_assert_int_eq(db_object_read_info(t.db, samples[i].type, guid, &row), 0);

                for (size_t c = 0; c < row->n; c++)
                        ck_assert_msg(ntms_field_find(samples[i].type, row->fields[c].name),
                                      "%s is no field of type %u", row->fields[c].name, samples[i].type);

                /* szName/szDescription repeat in the type's list to carry their flag. */
                n_expected = n_common;
                for (unsigned f = 0; f < n_info; f++) {
                        bool repeated = false;

                        for (unsigned c = 0; c < n_common; c++)
                                if (streq(info[f].name, common[c].name))
                                        repeated = true;
                        if (!repeated)
                                n_expected++;
                }
                ck_assert_uint_eq(row->n, n_expected);
        }
        test_db_done(&t);
}
END_TEST

static Suite *suite(void) {
        Suite *s = suite_create("daemon-db");
        TCase *tc = tcase_create("db");

        tcase_set_timeout(tc, 60);
        tcase_add_test(tc, seed_and_schema_version);
        tcase_add_test(tc, reopen_keeps_data);
        tcase_add_test(tc, failed_update_changes_nothing);
        tcase_add_test(tc, damaged_file_is_refused_and_left_alone);
        tcase_add_test(tc, not_a_database);
        tcase_add_test(tc, full_database_keeps_data);
        tcase_add_test(tc, views_match_field_table);
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
