/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The media rules without the bus: the pool hierarchy, name look-ups,
 * creation of offline media and the moves between pools. */

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon-test.h"
#include "db/db-private.h"
#include "db/logical-media.h"
#include "db/media.h"
#include "db/object.h"
#include "db/pool.h"
#include "media/allocate.h"
#include "media/life-cycle.h"
#include "media/media-types.h"
#include "media/medium.h"
#include "media/pools.h"
#include "ntmsapi.h"

static void media_type(Db *db, const char *name, char ret[static DB_GUID_MAX]) {
        test_find_by_name(db, NTMS_MEDIA_TYPE, NULL, name, ret);
}

static void system_pool(Db *db, const char *top, const char *sub, char ret[static DB_GUID_MAX]) {
        char parent[DB_GUID_MAX];

        test_find_by_name(db, NTMS_MEDIA_POOL, NULL, top, parent);
        test_find_by_name(db, NTMS_MEDIA_POOL, parent, sub, ret);
}

static size_t objects(Db *db, uint32_t type) {
        _cleanup_(strv_freep) char **list = NULL;

        ck_assert_int_eq(db_enumerate(db, type, NULL, false, &list), 0);
        return strv_length(list);
}

START_TEST(pool_hierarchy) {
        char app[DB_GUID_MAX], child[DB_GUID_MAX], again[DB_GUID_MAX], lto[DB_GUID_MAX], pool[DB_GUID_MAX];
        _cleanup_free_ char *path = NULL;
        char long_name[NTMS_OBJECTNAME_LENGTH + 2];
        TestDb t;

        test_db_open(&t);
        media_type(t.db, "LTO Ultrium 4", lto);

        ck_assert_int_eq(media_pool_create(t.db, "MyApp", NULL, NTMS_CREATE_NEW, app), 0);
        ck_assert_int_eq(media_pool_create(t.db, "MyApp\\Pool1", lto, NTMS_CREATE_NEW, child), 0);
        ck_assert_int_eq(media_pool_create(t.db, "MyApp", NULL, NTMS_CREATE_NEW, again), -EEXIST);

        /* Names are looked up without regard to case, with or without a leading backslash. */
        ck_assert_int_eq(media_pool_create(t.db, "\\myapp\\POOL1", NULL, NTMS_OPEN_EXISTING, again), 0);
        ck_assert_str_eq(again, child);
        ck_assert_int_eq(media_pool_create(t.db, "MyApp\\Pool1", NULL, NTMS_OPEN_ALWAYS, again), 0);
        ck_assert_str_eq(again, child);

        ck_assert_int_eq(media_pool_create(t.db, "MyApp\\Pool2", NULL, NTMS_OPEN_EXISTING, again), -ENOENT);
        ck_assert_int_eq(media_pool_create(t.db, "Nobody\\Pool", NULL, NTMS_OPEN_ALWAYS, again), -ENOENT);
        ck_assert_int_eq(media_pool_create(t.db, "MyApp\\\\Pool", NULL, NTMS_OPEN_ALWAYS, again), -ENAMETOOLONG);
        memset(long_name, 'x', sizeof long_name - 1);
        long_name[sizeof long_name - 1] = 0;
        ck_assert_int_eq(media_pool_create(t.db, long_name, NULL, NTMS_OPEN_ALWAYS, again), -ENAMETOOLONG);
        ck_assert_int_eq(media_pool_create(t.db, "Typed", app, NTMS_CREATE_NEW, again), -EMEDIUMTYPE);
        ck_assert_int_eq(media_pool_create(t.db, "Free\\Mine", NULL, NTMS_CREATE_NEW, again), -EPERM);

        ck_assert_int_eq(media_pool_get_path(t.db, child, &path), 0);
        ck_assert_str_eq(path, "MyApp\\Pool1");
        free(path);
        system_pool(t.db, "Free", "LTO Ultrium 4", pool);
        ck_assert_int_eq(media_pool_get_path(t.db, pool, &path), 0);
        ck_assert_str_eq(path, "Free\\LTO Ultrium 4");

        ck_assert_int_eq(media_pool_delete(t.db, app), -ENOTEMPTY);
        ck_assert_int_eq(media_pool_delete(t.db, pool), -EPERM);
        ck_assert_int_eq(media_pool_delete(t.db, child), 0);
        ck_assert_int_eq(media_pool_delete(t.db, app), 0);
        ck_assert_int_eq(media_pool_delete(t.db, app), -ENOENT);

        test_db_done(&t);
}
END_TEST

static int create_medium(Db *db, const char *pool, const char *barcode, size_t n_sides, bool error_on_duplicate,
                         char ret[static DB_GUID_MAX]) {
        _cleanup_(strv_freep) char **sides = NULL;
        DbNewSide side[2] = {
                { .omid = "MTF1", .omid_size = 4, .omid_type = "MTF", .enabled = true },
                { .omid = "MTF2", .omid_size = 4, .omid_type = "MTF", .enabled = true },
        };
        MediaNewMedium m = {
                .medium = { .pool = pool, .barcode = barcode, .enabled = true },
                .sides = side,
                .n_sides = n_sides,
                .error_on_duplicate = error_on_duplicate,
        };
        int r;

        r = media_medium_create(db, &m, ret, &sides);
        if (r >= 0)
                ck_assert_uint_eq(strv_length(sides), n_sides);
        return r;
}

START_TEST(offline_media_creation) {
        char lto[DB_GUID_MAX], mo[DB_GUID_MAX], pool[DB_GUID_MAX], mo_pool[DB_GUID_MAX], medium[DB_GUID_MAX],
                other[DB_GUID_MAX], free_lto[DB_GUID_MAX];
        _cleanup_(db_row_freep) DbRow *row = NULL;
        size_t media, sides;
        TestDb t;

        test_db_open(&t);
        media_type(t.db, "LTO Ultrium 5", lto);
        media_type(t.db, "MO 5.25\"", mo);
        ck_assert_int_eq(media_pool_create(t.db, "Tapes", lto, NTMS_CREATE_NEW, pool), 0);
        ck_assert_int_eq(media_pool_create(t.db, "Disks", mo, NTMS_CREATE_NEW, mo_pool), 0);
        system_pool(t.db, "Free", "LTO Ultrium 5", free_lto);

        ck_assert_int_eq(create_medium(t.db, pool, "A00001  ", 1, false, medium), 0);
        ck_assert_int_eq(create_medium(t.db, mo_pool, "", 2, false, other), 0);

        /* The bar code lost its trailing spaces and names the medium. */
        ck_assert_int_eq(db_object_read_info(t.db, NTMS_PHYSICAL_MEDIA, medium, &row), 0);
        for (size_t i = 0; i < row->n; i++) {
                if (streq(row->fields[i].name, "szBarCode") || streq(row->fields[i].name, "szName"))
                        ck_assert_str_eq(row->fields[i].value.data, "A00001");
                if (streq(row->fields[i].name, "BarCodeState"))
                        ck_assert_int_eq(row->fields[i].value.integer, NTMS_BARCODESTATE_OK);
        }

        media = objects(t.db, NTMS_PHYSICAL_MEDIA);
        sides = objects(t.db, NTMS_PARTITION);
        ck_assert_int_eq(create_medium(t.db, pool, "A00001", 1, false, other), -EEXIST);
        ck_assert_int_eq(create_medium(t.db, pool, "", 2, false, other), -EMEDIUMTYPE);
        ck_assert_int_eq(create_medium(t.db, pool, "", 1, true, other), -ENOTUNIQ);
        ck_assert_int_eq(create_medium(t.db, free_lto, "", 1, false, other), -ENXIO);
        /* A failed creation leaves neither a medium nor a side behind. */
        ck_assert_uint_eq(objects(t.db, NTMS_PHYSICAL_MEDIA), media);
        ck_assert_uint_eq(objects(t.db, NTMS_PARTITION), sides);

        /* Duplicate identifiers are fine unless the caller asks otherwise. */
        ck_assert_int_eq(create_medium(t.db, pool, "", 1, false, other), 0);

        ck_assert_int_eq(media_medium_delete(t.db, other), 0);
        ck_assert_int_eq(media_medium_delete(t.db, other), -ENOENT);
        ck_assert_uint_eq(objects(t.db, NTMS_PARTITION), sides);

        test_db_done(&t);
}
END_TEST

START_TEST(moves_between_pools) {
        char lto[DB_GUID_MAX], pool[DB_GUID_MAX], import[DB_GUID_MAX], medium[DB_GUID_MAX], imported[DB_GUID_MAX],
                free_lto[DB_GUID_MAX], free_dlt[DB_GUID_MAX], app2[DB_GUID_MAX], free_top[DB_GUID_MAX];
        DbMedium m;
        TestDb t;

        test_db_open(&t);
        media_type(t.db, "LTO Ultrium 6", lto);
        ck_assert_int_eq(media_pool_create(t.db, "Tapes", lto, NTMS_CREATE_NEW, pool), 0);
        ck_assert_int_eq(media_pool_create(t.db, "Tapes2", lto, NTMS_CREATE_NEW, app2), 0);
        system_pool(t.db, "Free", "LTO Ultrium 6", free_lto);
        system_pool(t.db, "Free", "DLT", free_dlt);
        system_pool(t.db, "Import", "LTO Ultrium 6", import);
        test_find_by_name(t.db, NTMS_MEDIA_POOL, NULL, "Free", free_top);

        ck_assert_int_eq(create_medium(t.db, pool, "M1", 1, false, medium), 0);
        ck_assert_int_eq(create_medium(t.db, import, "M2", 1, false, imported), 0);

        ck_assert_int_eq(media_medium_move(t.db, medium, free_dlt), -EMEDIUMTYPE);
        ck_assert_int_eq(media_medium_move(t.db, medium, free_top), -ENXIO);
        ck_assert_int_eq(media_medium_move(t.db, free_lto, pool), -ENOENT);
        ck_assert_int_eq(media_medium_move(t.db, medium, app2), 0);
        ck_assert_int_eq(media_medium_move(t.db, medium, free_lto), 0);
        ck_assert_int_eq(db_medium_get(t.db, medium, &m), 0);
        ck_assert_str_eq(m.pool, free_lto);

        /* Media in Import leave for Free only. */
        ck_assert_int_eq(media_medium_move(t.db, imported, pool), -EPERM);
        ck_assert_int_eq(media_medium_move(t.db, imported, free_lto), 0);

        /* A change of media type moves the medium under the same rules. */
        ck_assert_int_eq(media_medium_change_type(t.db, medium, free_dlt), 0);
        ck_assert_int_eq(db_medium_get(t.db, medium, &m), 0);
        ck_assert_str_eq(m.pool, free_dlt);
        ck_assert_str_ne(m.media_type, lto);

        test_db_done(&t);
}
END_TEST

/* Pools of a two-sided media type for the move rules: an application pool,
 * a second one, and the type's system pools. */
typedef struct MoveFixture {
        TestDb t;
        char type[DB_GUID_MAX], app[DB_GUID_MAX], app2[DB_GUID_MAX], free_pool[DB_GUID_MAX],
                import[DB_GUID_MAX], unrecognized[DB_GUID_MAX];
} MoveFixture;

static void move_fixture_open(MoveFixture *f) {
        test_db_open(&f->t);
        media_type(f->t.db, "MO 5.25\"", f->type);
        ck_assert_int_eq(media_pool_create(f->t.db, "Disks", f->type, NTMS_CREATE_NEW, f->app), 0);
        ck_assert_int_eq(media_pool_create(f->t.db, "Disks2", f->type, NTMS_CREATE_NEW, f->app2), 0);
        ck_assert_int_eq(db_pool_find_system(f->t.db, NTMS_POOLTYPE_SCRATCH, f->type, f->free_pool), 0);
        ck_assert_int_eq(db_pool_find_system(f->t.db, NTMS_POOLTYPE_IMPORT, f->type, f->import), 0);
        ck_assert_int_eq(db_pool_find_system(f->t.db, NTMS_POOLTYPE_FOREIGN, f->type, f->unrecognized), 0);
}

/* A two-sided medium created in pool with both sides in state. */
static void two_sided(MoveFixture *f, const char *pool, uint32_t state, char ret[static DB_GUID_MAX],
                      char ret_sides[static 2][DB_GUID_MAX]) {
        _cleanup_(strv_freep) char **sides = NULL;
        DbNewSide side[2] = {
                { .enabled = true, .state = state },
                { .enabled = true, .state = state },
        };
        MediaNewMedium m = {
                .medium = { .pool = pool, .barcode = "", .enabled = true },
                .sides = side,
                .n_sides = 2,
        };

        ck_assert_int_eq(media_medium_create(f->t.db, &m, ret, &sides), 0);
        for (size_t i = 0; i < 2; i++)
                memcpy(ret_sides[i], sides[i], DB_GUID_MAX);
}

static uint32_t side_state(Db *db, const char *side) {
        DbSide s;

        ck_assert_int_eq(db_side_get(db, side, &s), 0);
        return s.state;
}

static void assert_pool(Db *db, const char *medium, const char *pool) {
        DbMedium m;

        ck_assert_int_eq(db_medium_get(db, medium, &m), 0);
        ck_assert_str_eq(m.pool, pool);
}

static int allocate_side(Db *db, const char *pool, const char *side, char ret_lmid[static DB_GUID_MAX]) {
        MediaAllocateRequest q = {};
        MediaAllocation a;
        int r;

        memcpy(q.pool, pool, DB_GUID_MAX);
        memcpy(q.partition, side, DB_GUID_MAX);
        r = media_allocate(db, &q, &a);
        if (r >= 0)
                memcpy(ret_lmid, a.logical_media, DB_GUID_MAX);
        return r;
}

START_TEST(move_to_free_keeps_decommissioned_sides) {
        char medium[DB_GUID_MAX], sides[2][DB_GUID_MAX], retired[DB_GUID_MAX], retired_sides[2][DB_GUID_MAX],
                foreign[DB_GUID_MAX], foreign_sides[2][DB_GUID_MAX], lmid[DB_GUID_MAX];
        MoveFixture f;

        move_fixture_open(&f);

        /* One side retired, the other still good. */
        two_sided(&f, f.app, NTMS_PARTSTATE_AVAILABLE, medium, sides);
        ck_assert_int_eq(media_decommission(f.t.db, sides[0]), 0);
        ck_assert_int_eq(media_medium_move(f.t.db, medium, f.free_pool), 0);
        assert_pool(f.t.db, medium, f.free_pool);
        ck_assert_uint_eq(side_state(f.t.db, sides[0]), NTMS_PARTSTATE_DECOMMISSIONED);
        ck_assert_uint_eq(side_state(f.t.db, sides[1]), NTMS_PARTSTATE_AVAILABLE);

        /* The page refuses Free only to Completed, Allocated and Reserved
         * sides: a wholly decommissioned medium may go there, and stays
         * out of use. */
        two_sided(&f, f.app, NTMS_PARTSTATE_AVAILABLE, retired, retired_sides);
        ck_assert_int_eq(media_decommission(f.t.db, retired_sides[0]), 0);
        ck_assert_int_eq(media_decommission(f.t.db, retired_sides[1]), 0);
        ck_assert_int_eq(media_medium_move(f.t.db, retired, f.free_pool), 0);
        ck_assert_uint_eq(side_state(f.t.db, retired_sides[0]), NTMS_PARTSTATE_DECOMMISSIONED);
        ck_assert_uint_eq(side_state(f.t.db, retired_sides[1]), NTMS_PARTSTATE_DECOMMISSIONED);
        ck_assert_int_eq(allocate_side(f.t.db, f.app, retired_sides[1], lmid), -EAGAIN);
        /* ...and back out of Free, still retired. */
        ck_assert_int_eq(media_medium_move(f.t.db, retired, f.app2), 0);
        ck_assert_uint_eq(side_state(f.t.db, retired_sides[0]), NTMS_PARTSTATE_DECOMMISSIONED);

        /* Media of unknown content become usable in Free, as before. */
        two_sided(&f, f.import, NTMS_PARTSTATE_IMPORT, foreign, foreign_sides);
        ck_assert_int_eq(media_medium_move(f.t.db, foreign, f.free_pool), 0);
        ck_assert_uint_eq(side_state(f.t.db, foreign_sides[0]), NTMS_PARTSTATE_AVAILABLE);
        ck_assert_uint_eq(side_state(f.t.db, foreign_sides[1]), NTMS_PARTSTATE_AVAILABLE);

        test_db_done(&f.t);
}
END_TEST

START_TEST(move_takes_logical_media_along) {
        char medium[DB_GUID_MAX], sides[2][DB_GUID_MAX], lmid[2][DB_GUID_MAX];
        _cleanup_(strv_freep) char **in_app = NULL, **in_app2 = NULL;
        DbLogicalMedium lm;
        MoveFixture f;

        move_fixture_open(&f);
        two_sided(&f, f.app, NTMS_PARTSTATE_AVAILABLE, medium, sides);
        ck_assert_int_eq(allocate_side(f.t.db, f.app, sides[0], lmid[0]), 0);
        ck_assert_int_eq(allocate_side(f.t.db, f.app, sides[1], lmid[1]), 0);
        ck_assert_int_eq(media_set_complete(f.t.db, lmid[1]), 0);

        ck_assert_int_eq(media_medium_move(f.t.db, medium, f.app2), 0);
        assert_pool(f.t.db, medium, f.app2);

        /* Both logical media are where their sides are. */
        for (size_t i = 0; i < 2; i++) {
                ck_assert_int_eq(db_logical_medium_get(f.t.db, lmid[i], &lm), 0);
                ck_assert_str_eq(lm.pool, f.app2);
        }
        ck_assert_int_eq(db_enumerate(f.t.db, NTMS_LOGICAL_MEDIA, f.app, false, &in_app), 0);
        ck_assert_uint_eq(strv_length(in_app), 0);
        ck_assert_int_eq(db_enumerate(f.t.db, NTMS_LOGICAL_MEDIA, f.app2, false, &in_app2), 0);
        ck_assert_uint_eq(strv_length(in_app2), 2);

        /* The side states did not change with the pool. */
        ck_assert_uint_eq(side_state(f.t.db, sides[0]), NTMS_PARTSTATE_ALLOCATED);
        ck_assert_uint_eq(side_state(f.t.db, sides[1]), NTMS_PARTSTATE_COMPLETE);

        /* The logical media still work in their new pool. */
        ck_assert_int_eq(media_deallocate(f.t.db, lmid[0]), 0);
        ck_assert_uint_eq(side_state(f.t.db, sides[0]), NTMS_PARTSTATE_AVAILABLE);

        test_db_done(&f.t);
}
END_TEST

START_TEST(move_refuses_media_in_use_to_unrecognized) {
        char allocated[DB_GUID_MAX], a_sides[2][DB_GUID_MAX], complete[DB_GUID_MAX], c_sides[2][DB_GUID_MAX],
                reserved[DB_GUID_MAX], r_sides[2][DB_GUID_MAX], lmid[DB_GUID_MAX];
        MediaAllocateRequest q = {};
        MediaAllocation a;
        DbLogicalMedium lm;
        MoveFixture f;

        move_fixture_open(&f);

        two_sided(&f, f.app, NTMS_PARTSTATE_AVAILABLE, allocated, a_sides);
        ck_assert_int_eq(allocate_side(f.t.db, f.app, a_sides[0], lmid), 0);
        ck_assert_int_eq(media_medium_move(f.t.db, allocated, f.unrecognized), -EBUSY);
        /* Nothing changed. */
        assert_pool(f.t.db, allocated, f.app);
        ck_assert_uint_eq(side_state(f.t.db, a_sides[0]), NTMS_PARTSTATE_ALLOCATED);
        ck_assert_int_eq(db_logical_medium_get(f.t.db, lmid, &lm), 0);
        ck_assert_str_eq(lm.pool, f.app);

        two_sided(&f, f.app, NTMS_PARTSTATE_AVAILABLE, complete, c_sides);
        ck_assert_int_eq(allocate_side(f.t.db, f.app, c_sides[1], lmid), 0);
        ck_assert_int_eq(media_set_complete(f.t.db, lmid), 0);
        ck_assert_int_eq(media_medium_move(f.t.db, complete, f.unrecognized), -EBUSY);
        assert_pool(f.t.db, complete, f.app);

        /* NTMS_ALLOCATE_NEW reserves the other side of the medium. */
        two_sided(&f, f.app2, NTMS_PARTSTATE_AVAILABLE, reserved, r_sides);
        memcpy(q.pool, f.app2, DB_GUID_MAX);
        memcpy(q.partition, r_sides[0], DB_GUID_MAX);
        q.options = NTMS_ALLOCATE_NEW;
        ck_assert_int_eq(media_allocate(f.t.db, &q, &a), 0);
        ck_assert_uint_eq(side_state(f.t.db, r_sides[1]), NTMS_PARTSTATE_RESERVED);
        ck_assert_int_eq(media_medium_move(f.t.db, reserved, f.unrecognized), -EBUSY);

        /* Given back, the medium holds nothing of anyone's and may go. */
        ck_assert_int_eq(media_deallocate(f.t.db, a.logical_media), 0);
        ck_assert_int_eq(media_medium_move(f.t.db, reserved, f.unrecognized), 0);
        assert_pool(f.t.db, reserved, f.unrecognized);

        test_db_done(&f.t);
}
END_TEST

static void sequence_of(Db *db, const char *medium, char ret[static 32]) {
        _cleanup_(db_row_freep) DbRow *row = NULL;

        ret[0] = 0;
        ck_assert_int_eq(db_object_read_info(db, NTMS_PHYSICAL_MEDIA, medium, &row), 0);
        for (size_t i = 0; i < row->n; i++)
                if (streq(row->fields[i].name, "szSequenceNumber"))
                        snprintf(ret, 32, "%s", (const char *) row->fields[i].value.data);
}

START_TEST(sequence_numbers_are_never_reused) {
        char lto[DB_GUID_MAX], pool[DB_GUID_MAX], m[5][DB_GUID_MAX], seq[32];
        TestDb t;

        test_db_open(&t);
        media_type(t.db, "LTO Ultrium 4", lto);
        ck_assert_int_eq(media_pool_create(t.db, "Numbered", lto, NTMS_CREATE_NEW, pool), 0);

        ck_assert_int_eq(create_medium(t.db, pool, "", 1, false, m[0]), 0);
        ck_assert_int_eq(create_medium(t.db, pool, "", 1, false, m[1]), 0);
        sequence_of(t.db, m[0], seq);
        ck_assert_str_eq(seq, "1");
        sequence_of(t.db, m[1], seq);
        ck_assert_str_eq(seq, "2");

        /* The newest medium goes; its number does not come back. */
        ck_assert_int_eq(media_medium_delete(t.db, m[1]), 0);
        ck_assert_int_eq(create_medium(t.db, pool, "", 1, false, m[2]), 0);
        sequence_of(t.db, m[2], seq);
        ck_assert_str_eq(seq, "3");

        /* Not after a restart either. */
        ck_assert_int_eq(media_medium_delete(t.db, m[2]), 0);
        test_db_reopen(&t);
        ck_assert_int_eq(create_medium(t.db, pool, "", 1, false, m[3]), 0);
        sequence_of(t.db, m[3], seq);
        ck_assert_str_eq(seq, "4");

        /* A failed creation uses up nothing. */
        ck_assert_int_eq(create_medium(t.db, pool, "", 2, false, m[4]), -EMEDIUMTYPE);
        ck_assert_int_eq(create_medium(t.db, pool, "", 1, false, m[4]), 0);
        sequence_of(t.db, m[4], seq);
        ck_assert_str_eq(seq, "5");

        /* A database from an rsmd that kept no counter carries on after its
         * highest number. */
        ck_assert_int_eq(db_run_guid(t.db, "DELETE FROM attributes WHERE name LIKE 'rsmd.%' AND ?1 IS NOT NULL", "x"), 1);
        ck_assert_int_eq(create_medium(t.db, pool, "", 1, false, m[4]), 0);
        sequence_of(t.db, m[4], seq);
        ck_assert_str_eq(seq, "6");

        test_db_done(&t);
}
END_TEST

START_TEST(library_media_types) {
        char offline[DB_GUID_MAX], lto[DB_GUID_MAX], pool[DB_GUID_MAX];
        _cleanup_(strv_freep) char **types = NULL;
        size_t n;
        TestDb t;

        test_db_open(&t);
        test_find_by_name(t.db, NTMS_LIBRARY, NULL, "Offline Media", offline);
        media_type(t.db, "AIT", lto);

        ck_assert_int_eq(db_enumerate(t.db, NTMS_MEDIA_TYPE, offline, false, &types), 0);
        n = strv_length(types);

        /* Removing the last holder of a type takes its empty system pools with it... */
        ck_assert_int_eq(media_type_remove_from_library(t.db, lto, offline), 0);
        ck_assert_int_eq(db_pool_find_system(t.db, NTMS_POOLTYPE_SCRATCH, lto, pool), -ENOENT);
        /* ...and adding it back brings them again. */
        ck_assert_int_eq(media_type_add_to_library(t.db, lto, offline), 0);
        ck_assert_int_eq(db_pool_find_system(t.db, NTMS_POOLTYPE_SCRATCH, lto, pool), 0);

        strv_free(types);
        ck_assert_int_eq(db_enumerate(t.db, NTMS_MEDIA_TYPE, offline, false, &types), 0);
        ck_assert_uint_eq(strv_length(types), n);

        ck_assert_int_eq(media_type_add_to_library(t.db, offline, offline), -EMEDIUMTYPE);
        ck_assert_int_eq(media_type_add_to_library(t.db, lto, lto), -ENOENT);

        test_db_done(&t);
}
END_TEST

static Suite *suite(void) {
        Suite *s = suite_create("daemon-media");
        TCase *tc = tcase_create("media");

        tcase_set_timeout(tc, 60);
        tcase_add_test(tc, pool_hierarchy);
        tcase_add_test(tc, offline_media_creation);
        tcase_add_test(tc, moves_between_pools);
        tcase_add_test(tc, move_to_free_keeps_decommissioned_sides);
        tcase_add_test(tc, move_takes_logical_media_along);
        tcase_add_test(tc, move_refuses_media_in_use_to_unrecognized);
        tcase_add_test(tc, library_media_types);
        tcase_add_test(tc, sequence_numbers_are_never_reused);
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
