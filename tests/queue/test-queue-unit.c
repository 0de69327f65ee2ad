/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The queue's order and its choice of drives, without devices or daemon. */

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ntmsapi.h"
#include "queue/order.h"
#include "queue/select.h"

/* --- order --------------------------------------------------------------------------- */

#define KIND_MOUNT 0
#define KIND_INVENTORY 1

static OrderNode node(int priority, int kind) {
        return (OrderNode) { .priority = priority, .kind = kind, .waiting = true };
}

/* The list from head to tail equals the given nodes. */
static void assert_order(const OrderList *l, OrderNode *const *expected, size_t n) {
        size_t i = 0;

        order_for_each(l, x) {
                ck_assert_uint_lt(i, n);
                ck_assert_ptr_eq(x, expected[i]);
                i++;
        }
        ck_assert_uint_eq(i, n);
}

START_TEST(test_priority_then_arrival) {
        OrderList l = {};
        OrderNode low = node(NTMS_PRIORITY_LOW, KIND_MOUNT), a = node(0, KIND_MOUNT), b = node(0, KIND_MOUNT),
                  high = node(NTMS_PRIORITY_HIGHEST, KIND_MOUNT), c = node(0, KIND_MOUNT);

        order_insert(&l, &low);
        order_insert(&l, &a);
        order_insert(&l, &b);
        order_insert(&l, &high);
        order_insert(&l, &c);
        assert_order(&l, (OrderNode *[]) { &high, &a, &b, &c, &low }, 5);

        ck_assert_uint_eq(order_number(&l, &high), 1);
        ck_assert_uint_eq(order_number(&l, &a), 2);
        ck_assert_uint_eq(order_number(&l, &c), 4);
        ck_assert_uint_eq(order_number(&l, &low), 5);

        order_remove(&l, &a);
        assert_order(&l, (OrderNode *[]) { &high, &b, &c, &low }, 4);
        order_remove(&l, &high);
        order_remove(&l, &low);
        assert_order(&l, (OrderNode *[]) { &b, &c }, 2);
}
END_TEST

/* Numbers count the waiting nodes of one kind; running ones have none. */
START_TEST(test_numbers_per_kind) {
        OrderList l = {};
        OrderNode m1 = node(0, KIND_MOUNT), inv = node(0, KIND_INVENTORY), m2 = node(0, KIND_MOUNT),
                  m3 = node(0, KIND_MOUNT);

        order_insert(&l, &m1);
        order_insert(&l, &inv);
        order_insert(&l, &m2);
        order_insert(&l, &m3);
        ck_assert_uint_eq(order_number(&l, &inv), 1);
        ck_assert_uint_eq(order_number(&l, &m2), 2);

        m1.waiting = false;
        ck_assert_uint_eq(order_number(&l, &m1), 0);
        ck_assert_uint_eq(order_number(&l, &m2), 1);
        ck_assert_uint_eq(order_number(&l, &m3), 2);
}
END_TEST

START_TEST(test_set_number) {
        OrderList l = {};
        OrderNode a = node(0, KIND_MOUNT), b = node(0, KIND_MOUNT), c = node(0, KIND_MOUNT),
                  inv = node(0, KIND_INVENTORY), run = node(0, KIND_MOUNT);

        run.waiting = false;
        order_insert(&l, &run);
        order_insert(&l, &a);
        order_insert(&l, &inv);
        order_insert(&l, &b);
        order_insert(&l, &c);

        /* "To process a request immediately, ... set the order number to 1." */
        order_set_number(&l, &c, 1);
        ck_assert_uint_eq(order_number(&l, &c), 1);
        ck_assert_uint_eq(order_number(&l, &a), 2);
        ck_assert_uint_eq(order_number(&l, &b), 3);
        assert_order(&l, (OrderNode *[]) { &run, &c, &a, &inv, &b }, 5);

        /* "To defer processing, ... a very large number or 0xFFFFFFFF." */
        order_set_number(&l, &c, 0xFFFFFFFF);
        ck_assert_uint_eq(order_number(&l, &a), 1);
        ck_assert_uint_eq(order_number(&l, &b), 2);
        ck_assert_uint_eq(order_number(&l, &c), 3);

        order_set_number(&l, &c, 2);
        ck_assert_uint_eq(order_number(&l, &a), 1);
        ck_assert_uint_eq(order_number(&l, &c), 2);
        ck_assert_uint_eq(order_number(&l, &b), 3);
        ck_assert_uint_eq(order_number(&l, &inv), 1);

        /* The only one of its kind stays first. */
        order_set_number(&l, &inv, 7);
        ck_assert_uint_eq(order_number(&l, &inv), 1);
}
END_TEST

/* A request placed first stays first when others of its priority come. */
START_TEST(test_placed_stays_placed) {
        OrderList l = {};
        OrderNode a = node(0, KIND_MOUNT), low = node(NTMS_PRIORITY_LOWEST, KIND_MOUNT), b = node(0, KIND_MOUNT);

        order_insert(&l, &a);
        order_insert(&l, &low);
        order_set_number(&l, &low, 1);
        order_insert(&l, &b);
        assert_order(&l, (OrderNode *[]) { &low, &a, &b }, 3);
}
END_TEST

/* --- drive selection ---------------------------------------------------------------- */

#define TAPE 0x1f
#define CDROM 0x02

static DbDrive drive(uint32_t number, uint64_t last_used) {
        DbDrive d = {
                .number = number,
                .address = 255 + (int32_t) number,
                .state = NTMS_DRIVESTATE_DISMOUNTED,
                .operational_state = NTMS_READY,
                .enabled = true,
                .library_enabled = true,
                .has_device = true,
                .device_type = TAPE,
                .defer_dismount_delay = 300,
                .last_used = last_used,
        };

        snprintf(d.guid, sizeof d.guid, "drive-%u", number);
        return d;
}

static void hold(DbDrive *d, uint32_t media_state) {
        snprintf(d->medium, sizeof d->medium, "medium-in-%u", d->number);
        d->media_state = media_state;
}

START_TEST(test_least_recently_used) {
        DbDrive d[4] = { drive(1, 300), drive(2, 100), drive(3, 0), drive(4, 0) };
        bool busy[4] = {};
        ssize_t evict;

        /* Never used first, then by number. */
        ck_assert_int_eq(drive_select(d, 4, busy, TAPE, &evict), 2);
        ck_assert_int_eq(evict, -1);
        busy[2] = true;
        ck_assert_int_eq(drive_select(d, 4, busy, TAPE, &evict), 3);
        busy[3] = true;
        ck_assert_int_eq(drive_select(d, 4, busy, TAPE, &evict), 1);
        /* A medium of unknown type fits any drive. */
        ck_assert_int_eq(drive_select(d, 4, busy, 0, &evict), 1);
}
END_TEST

START_TEST(test_unusable_drives) {
        DbDrive d[6] = { drive(1, 0), drive(2, 0), drive(3, 0), drive(4, 0), drive(5, 0), drive(6, 0) };
        bool busy[6] = {};
        ssize_t evict;

        d[0].enabled = false;
        d[1].operational_state = NTMS_NEEDS_SERVICE;    /* waiting for cleaning */
        d[2].has_device = false;
        d[3].device_type = CDROM;
        d[4].state = NTMS_DRIVESTATE_BEING_CLEANED;
        ck_assert_int_eq(drive_select(d, 6, busy, TAPE, &evict), 5);

        d[5].library_enabled = false;
        ck_assert_int_eq(drive_select(d, 6, busy, TAPE, &evict), -ENOMEDIUM);
        ck_assert_int_eq(drive_select(d, 6, busy, CDROM, &evict), 3);
        d[5].library_enabled = true;
        d[5].device_type = 0;   /* never identified */
        ck_assert_int_eq(drive_select(d, 6, busy, TAPE, &evict), -ENOMEDIUM);
}
END_TEST

START_TEST(test_full_drives) {
        DbDrive d[3] = { drive(1, 300), drive(2, 100), drive(3, 200) };
        bool busy[3] = {};
        ssize_t evict;

        hold(d + 0, NTMS_MEDIASTATE_UNLOADED);
        hold(d + 1, NTMS_MEDIASTATE_LOADED);
        hold(d + 2, NTMS_MEDIASTATE_UNLOADED);

        /* No empty drive: the dismounted medium used longest ago goes home. */
        ck_assert_int_eq(drive_select(d, 3, busy, TAPE, &evict), -EAGAIN);
        ck_assert_int_eq(evict, 2);
        busy[2] = true;
        ck_assert_int_eq(drive_select(d, 3, busy, TAPE, &evict), -EAGAIN);
        ck_assert_int_eq(evict, 0);
        busy[0] = true;
        ck_assert_int_eq(drive_select(d, 3, busy, TAPE, &evict), -EAGAIN);
        ck_assert_int_eq(evict, -1);
}
END_TEST

START_TEST(test_specific) {
        DbDrive d = drive(1, 0);
        bool evict;

        ck_assert_int_eq(drive_select_specific(&d, false, TAPE, &evict), 0);
        ck_assert_int_eq(drive_select_specific(&d, true, TAPE, &evict), -EAGAIN);
        ck_assert(!evict);
        hold(&d, NTMS_MEDIASTATE_UNLOADED);
        ck_assert_int_eq(drive_select_specific(&d, false, TAPE, &evict), -EAGAIN);
        ck_assert(evict);
        hold(&d, NTMS_MEDIASTATE_LOADED);
        ck_assert_int_eq(drive_select_specific(&d, false, TAPE, &evict), -EAGAIN);
        ck_assert(!evict);
        d.enabled = false;
        ck_assert_int_eq(drive_select_specific(&d, false, TAPE, &evict), -ENOMEDIUM);
}
END_TEST

int main(void) {
        Suite *s = suite_create("queue-unit");
        TCase *tc = tcase_create("order");
        SRunner *sr;
        int failed;

        tcase_add_test(tc, test_priority_then_arrival);
        tcase_add_test(tc, test_numbers_per_kind);
        tcase_add_test(tc, test_set_number);
        tcase_add_test(tc, test_placed_stays_placed);
        suite_add_tcase(s, tc);

        tc = tcase_create("select");
        tcase_add_test(tc, test_least_recently_used);
        tcase_add_test(tc, test_unusable_drives);
        tcase_add_test(tc, test_full_drives);
        tcase_add_test(tc, test_specific);
        suite_add_tcase(s, tc);

        sr = srunner_create(s);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? 0 : 1;
}
