/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The allocation rules without the bus: the order online/offline and
 * pool/Free, what a damaged or unusual database gives, mounted media, and
 * that a call which fails half way changes nothing. Where the API offers no
 * way to make a situation, the test writes it into the database directly. */

#include <check.h>
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
#include "media/medium.h"
#include "media/pools.h"
#include "ntmsapi.h"

typedef struct Fixture {
        TestDb t;
        char lto[DB_GUID_MAX], pool[DB_GUID_MAX], free_pool[DB_GUID_MAX], unrecognized[DB_GUID_MAX];
} Fixture;

static void fixture_open(Fixture *f) {
        test_db_open(&f->t);
        test_find_by_name(f->t.db, NTMS_MEDIA_TYPE, NULL, "LTO Ultrium 7", f->lto);
        ck_assert_int_eq(media_pool_create(f->t.db, "App", f->lto, NTMS_CREATE_NEW, f->pool), 0);
        ck_assert_int_eq(db_pool_find_system(f->t.db, NTMS_POOLTYPE_SCRATCH, f->lto, f->free_pool), 0);
        ck_assert_int_eq(db_pool_find_system(f->t.db, NTMS_POOLTYPE_FOREIGN, f->lto, f->unrecognized), 0);
}

/* A one-sided medium with an Available side, created in the application
 * pool app; returns its side too. */
static void medium_created_in(Fixture *f, const char *app, const char *barcode, char ret[static DB_GUID_MAX],
                              char ret_side[static DB_GUID_MAX]) {
        _cleanup_(strv_freep) char **sides = NULL;
        DbNewSide side = { .enabled = true, .state = NTMS_PARTSTATE_AVAILABLE };
        MediaNewMedium m = {
                .medium = { .pool = app, .barcode = barcode, .enabled = true },
                .sides = &side,
                .n_sides = 1,
        };

        ck_assert_int_eq(media_medium_create(f->t.db, &m, ret, &sides), 0);
        memcpy(ret_side, sides[0], DB_GUID_MAX);
}

/* The same, of the fixture's type, ending up in pool. */
static void medium(Fixture *f, const char *pool, const char *barcode, char ret[static DB_GUID_MAX],
                   char ret_side[static DB_GUID_MAX]) {
        medium_created_in(f, f->pool, barcode, ret, ret_side);
        if (!streq(pool, f->pool))
                ck_assert_int_eq(media_medium_move(f->t.db, ret, pool), 0);
}

static void set_policy(Fixture *f, const char *name, int64_t value) {
        DbField field = { .name = name, .value = { .type = DB_VALUE_INTEGER, .integer = value } };

        ck_assert_int_eq(db_object_update(f->t.db, NTMS_MEDIA_POOL, f->pool, &field, 1), 0);
}

/* Runs SQL of the test's own, with one GUID as ?1. */
static void sql(Fixture *f, const char *statement, const char *guid) {
        ck_assert_int_ge(db_run_guid(f->t.db, statement, guid), 0);
}

static int allocate(Fixture *f, const char *side, MediaAllocation *ret) {
        MediaAllocateRequest q = {};

        memcpy(q.pool, f->pool, DB_GUID_MAX);
        if (side)
                memcpy(q.partition, side, DB_GUID_MAX);
        return media_allocate(f->t.db, &q, ret);
}

static uint32_t state_of(Fixture *f, const char *side) {
        DbSide s;

        ck_assert_int_eq(db_side_get(f->t.db, side, &s), 0);
        return s.state;
}

static void pool_of(Fixture *f, const char *guid, char ret[static DB_GUID_MAX]) {
        DbMedium m;

        ck_assert_int_eq(db_medium_get(f->t.db, guid, &m), 0);
        memcpy(ret, m.pool, DB_GUID_MAX);
}

static size_t count(Fixture *f, uint32_t type) {
        _cleanup_(strv_freep) char **list = NULL;

        ck_assert_int_eq(db_enumerate(f->t.db, type, NULL, false, &list), 0);
        return strv_length(list);
}

START_TEST(online_before_offline) {
        char m[4][DB_GUID_MAX], s[4][DB_GUID_MAX], library[DB_GUID_MAX];
        const char *order[] = { s[2], s[1], s[0], s[3] };
        MediaAllocation a;
        Fixture f;

        fixture_open(&f);
        set_policy(&f, "AllocationPolicy", NTMS_ALLOCATE_FROMSCRATCH);

        /* A robot library of our own; the media in it are online. */
        ck_assert_int_eq(db_object_insert(f.t.db, NTMS_LIBRARY, NULL, "Robot", "", true, library), 0);
        sql(&f, "INSERT INTO library (guid, LibraryType) VALUES (?1, 2)", library);

        medium(&f, f.pool, "OFFPOOL", m[0], s[0]);
        medium(&f, f.free_pool, "ONFREE", m[1], s[1]);
        medium(&f, f.pool, "ONPOOL", m[2], s[2]);
        medium(&f, f.free_pool, "OFFFREE", m[3], s[3]);
        for (int i = 1; i <= 2; i++) {
                _cleanup_free_ char *statement = NULL;

                ck_assert_int_ge(asprintf(&statement, "UPDATE physical_media SET CurrentLibrary = '%s' WHERE guid = ?1",
                                          library), 0);
                sql(&f, statement, m[i]);
        }

        /* Online pool, online Free, offline pool, offline Free. */
        for (size_t i = 0; i < ELEMENTSOF(order); i++) {
                ck_assert_int_eq(allocate(&f, NULL, &a), 0);
                ck_assert_msg(streq(a.side, order[i]), "allocation %zu took the wrong side", i);
        }
        ck_assert_int_eq(allocate(&f, NULL, &a), -EAGAIN);
        test_db_done(&f.t);
}
END_TEST

/* Its medium deleted behind the rules' back: the LMID outlives its side. */
START_TEST(logical_medium_without_side) {
        char m[DB_GUID_MAX], s[DB_GUID_MAX], m2[DB_GUID_MAX], s2[DB_GUID_MAX];
        MediaAllocation a, b;
        DbLogicalMedium lm;
        Fixture f;

        fixture_open(&f);
        medium(&f, f.pool, "GONE", m, s);
        medium(&f, f.pool, "STAYS", m2, s2);
        ck_assert_int_eq(allocate(&f, s, &a), 0);
        ck_assert_int_eq(allocate(&f, s2, &b), 0);
        ck_assert_int_eq(db_medium_delete(f.t.db, m), 0);
        ck_assert_int_eq(db_logical_medium_get(f.t.db, a.logical_media, &lm), 0);

        ck_assert_int_eq(media_deallocate(f.t.db, a.logical_media), -ENODATA);
        ck_assert_int_eq(media_set_complete(f.t.db, a.logical_media), -ENOENT);
        ck_assert_int_eq(media_swap(f.t.db, a.logical_media, b.logical_media), -ENOENT);
        ck_assert_int_eq(state_of(&f, s2), NTMS_PARTSTATE_ALLOCATED);
        test_db_done(&f.t);
}
END_TEST

/* Allocated media are in application pools; anywhere else is a pool the
 * life cycle does not accept. */
START_TEST(media_outside_application_pools) {
        char m[DB_GUID_MAX], s[DB_GUID_MAX], m2[DB_GUID_MAX], s2[DB_GUID_MAX];
        MediaAllocation a;
        Fixture f;

        fixture_open(&f);
        medium(&f, f.pool, "ALLOC", m, s);
        medium(&f, f.pool, "AVAIL", m2, s2);
        ck_assert_int_eq(allocate(&f, s, &a), 0);
        ck_assert_int_eq(db_medium_set_pool(f.t.db, m, f.unrecognized), 0);
        ck_assert_int_eq(db_medium_set_pool(f.t.db, m2, f.unrecognized), 0);

        ck_assert_int_eq(media_set_complete(f.t.db, a.logical_media), -ENXIO);
        ck_assert_int_eq(media_decommission(f.t.db, s2), -ENXIO);
        ck_assert_int_eq(state_of(&f, s), NTMS_PARTSTATE_ALLOCATED);
        ck_assert_int_eq(state_of(&f, s2), NTMS_PARTSTATE_AVAILABLE);
        /* Deallocation still works: the side is released and stays where it is. */
        ck_assert_int_eq(media_deallocate(f.t.db, a.logical_media), 0);
        ck_assert_int_eq(state_of(&f, s), NTMS_PARTSTATE_AVAILABLE);
        test_db_done(&f.t);
}
END_TEST

START_TEST(mounted_media) {
        char m[DB_GUID_MAX], s[DB_GUID_MAX], m2[DB_GUID_MAX], s2[DB_GUID_MAX];
        MediaAllocation a, b;
        Fixture f;

        fixture_open(&f);
        medium(&f, f.pool, "MOUNTED", m, s);
        medium(&f, f.pool, "SHELF", m2, s2);
        ck_assert_int_eq(allocate(&f, s, &a), 0);
        ck_assert_int_eq(allocate(&f, s2, &b), 0);
        sql(&f, "UPDATE physical_media SET MediaState = 2 WHERE guid = ?1", m);   /* NTMS_MEDIASTATE_MOUNTED */

        ck_assert_int_eq(media_set_complete(f.t.db, a.logical_media), -EBUSY);
        ck_assert_int_eq(media_swap(f.t.db, a.logical_media, b.logical_media), -EBUSY);
        ck_assert_int_eq(media_swap(f.t.db, b.logical_media, a.logical_media), -EBUSY);
        ck_assert_int_eq(state_of(&f, s), NTMS_PARTSTATE_ALLOCATED);

        sql(&f, "UPDATE physical_media SET MediaState = 0 WHERE guid = ?1", m);
        ck_assert_int_eq(media_set_complete(f.t.db, a.logical_media), 0);
        ck_assert_int_eq(media_swap(f.t.db, a.logical_media, b.logical_media), 0);
        test_db_done(&f.t);
}
END_TEST

/* Every step of a call is in its transaction: the last one failing undoes the first. */
START_TEST(failed_calls_change_nothing) {
        char m[DB_GUID_MAX], s[DB_GUID_MAX], where[DB_GUID_MAX];
        MediaAllocation a;
        DbSide side;
        Fixture f;

        fixture_open(&f);
        set_policy(&f, "AllocationPolicy", NTMS_ALLOCATE_FROMSCRATCH);
        set_policy(&f, "DeallocationPolicy", NTMS_DEALLOCATE_TOSCRATCH);
        medium(&f, f.free_pool, "ATOMIC", m, s);

        /* Allocation from Free moves the medium before it creates the LMID. */
        ck_assert_int_eq(db_exec(f.t.db, "CREATE TEMP TRIGGER no_lmid BEFORE INSERT ON logical_media "
                                         "BEGIN SELECT RAISE(FAIL, 'refused'); END"), 0);
        ck_assert_int_eq(allocate(&f, NULL, &a), -EINVAL);
        pool_of(&f, m, where);
        ck_assert_str_eq(where, f.free_pool);
        ck_assert_int_eq(db_side_get(f.t.db, s, &side), 0);
        ck_assert_int_eq(side.state, NTMS_PARTSTATE_AVAILABLE);
        ck_assert_int_eq(side.allocate_count, 0);
        ck_assert_uint_eq(count(&f, NTMS_LOGICAL_MEDIA), 0);
        ck_assert_int_eq(db_exec(f.t.db, "DROP TRIGGER no_lmid"), 0);

        /* Deallocation releases the side and deletes the LMID before the medium goes to Free. */
        ck_assert_int_eq(allocate(&f, NULL, &a), 0);
        ck_assert_int_eq(db_exec(f.t.db, "CREATE TEMP TRIGGER no_move BEFORE UPDATE OF MediaPool ON physical_media "
                                         "BEGIN SELECT RAISE(FAIL, 'refused'); END"), 0);
        ck_assert_int_eq(media_deallocate(f.t.db, a.logical_media), -EINVAL);
        ck_assert_int_eq(db_side_get(f.t.db, s, &side), 0);
        ck_assert_int_eq(side.state, NTMS_PARTSTATE_ALLOCATED);
        ck_assert_str_eq(side.logical_media, a.logical_media);
        ck_assert_uint_eq(count(&f, NTMS_LOGICAL_MEDIA), 1);
        ck_assert_int_eq(db_exec(f.t.db, "DROP TRIGGER no_move"), 0);

        ck_assert_int_eq(media_deallocate(f.t.db, a.logical_media), 0);
        pool_of(&f, m, where);
        ck_assert_str_eq(where, f.free_pool);
        test_db_done(&f.t);
}
END_TEST

START_TEST(free_pool_missing) {
        char m[DB_GUID_MAX], s[DB_GUID_MAX];
        MediaAllocation a;
        Fixture f;

        fixture_open(&f);
        set_policy(&f, "AllocationPolicy", NTMS_ALLOCATE_FROMSCRATCH);
        medium(&f, f.pool, "INPOOL", m, s);
        ck_assert_int_eq(db_object_delete(f.t.db, f.free_pool), 0);

        /* The pool's own media need no Free pool... */
        ck_assert_int_eq(allocate(&f, NULL, &a), 0);
        /* ...drawing from it does. */
        ck_assert_int_eq(allocate(&f, NULL, &a), -ENODEV);
        set_policy(&f, "AllocationPolicy", 0);
        ck_assert_int_eq(allocate(&f, NULL, &a), -EAGAIN);
        test_db_done(&f.t);
}
END_TEST

/* The errors of AllocateNtmsMedia that depend on the pool and the named side. */
START_TEST(allocate_refusals) {
        char m[DB_GUID_MAX], s[DB_GUID_MAX], dlt[DB_GUID_MAX], other[DB_GUID_MAX], ms[DB_GUID_MAX], ss[DB_GUID_MAX];
        MediaAllocateRequest q = {};
        MediaAllocation a;
        Fixture f;

        fixture_open(&f);
        medium(&f, f.pool, "REF001", m, s);

        memcpy(q.pool, f.free_pool, DB_GUID_MAX);
        ck_assert_int_eq(media_allocate(f.t.db, &q, &a), -ENXIO);
        memcpy(q.pool, f.lto, DB_GUID_MAX);
        ck_assert_int_eq(media_allocate(f.t.db, &q, &a), -ENXIO);

        /* A side of a medium of another type, in its own application pool. */
        test_find_by_name(f.t.db, NTMS_MEDIA_TYPE, NULL, "DLT", dlt);
        ck_assert_int_eq(media_pool_create(f.t.db, "Other", dlt, NTMS_CREATE_NEW, other), 0);
        medium_created_in(&f, other, "REF002", ms, ss);
        ck_assert_int_eq(allocate(&f, ss, &a), -EMEDIUMTYPE);
        ck_assert_int_eq(allocate(&f, m, &a), -ENOENT);

        /* Disabled: the named side is offline; any side is just not there. */
        ck_assert_int_eq(db_object_enable(f.t.db, NTMS_PHYSICAL_MEDIA, m, false), 0);
        ck_assert_int_eq(allocate(&f, s, &a), -ENOMEDIUM);
        ck_assert_int_eq(allocate(&f, NULL, &a), -EAGAIN);
        test_db_done(&f.t);
}
END_TEST

static Suite *suite(void) {
        Suite *s = suite_create("daemon-allocate");
        TCase *tc = tcase_create("allocate");

        tcase_set_timeout(tc, 60);
        tcase_add_test(tc, online_before_offline);
        tcase_add_test(tc, logical_medium_without_side);
        tcase_add_test(tc, media_outside_application_pools);
        tcase_add_test(tc, mounted_media);
        tcase_add_test(tc, failed_calls_change_nothing);
        tcase_add_test(tc, free_pool_missing);
        tcase_add_test(tc, allocate_refusals);
        suite_add_tcase(s, tc);
        return s;
}

int main(void) {
        SRunner *sr = srunner_create(suite());
        int failed;

        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? 0 : 1;
}
