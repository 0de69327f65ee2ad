/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The operator at the virtual library (vtl_put(), vtl_take()): what an
 * operator puts into a port or slot, the changer reports and can move, even
 * into a drive; what the operator takes out is gone; a full element takes
 * nothing more.  Each test gets a library of its own.  Exit 77 (skip) when
 * not root or tgt is not installed.
 */

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "changer.h"
#include "macro.h"
#include "vtl-harness.h"

#define N_SLOTS 6
#define N_FULL 3

static Vtl *vtl;

static void setup(void) {
        ck_assert_int_eq(vtl_start(&(VtlConfig) { .slots = N_SLOTS, .full = N_FULL, .drives = 1, .ports = 1 },
                                   &vtl), 0);
}

static void teardown(void) {
        ck_assert_int_eq(vtl_stop(TAKE_PTR(vtl)), 0);
}

static uint16_t port(void) {
        return (uint16_t) vtl->port_addr;
}

static uint16_t slot(unsigned i) {
        return (uint16_t) (vtl->slot_addr + i);
}

static void open_changer(Changer **ret) {
        ck_assert_int_eq(changer_open(vtl->changer_url, ret), 0);
}

/* The element at ADDRESS as the changer reports it now. */
static void read_element(Changer *c, uint16_t address, SmcElement *ret) {
        _cleanup_(changer_inventory_done) ChangerInventory inv = {};
        const SmcElement *e;

        ck_assert_int_eq(changer_read_inventory(c, &inv), 0);
        e = changer_inventory_find(&inv, address);
        ck_assert_ptr_nonnull(e);
        *ret = *e;
}

static void assert_holds(Changer *c, uint16_t address, const char *barcode) {
        SmcElement e;

        read_element(c, address, &e);
        ck_assert_msg(e.full, "element %u is empty, expected %s", address, barcode);
        ck_assert_str_eq(e.volume_tag, barcode);
}

static void assert_empty(Changer *c, uint16_t address) {
        SmcElement e;

        read_element(c, address, &e);
        ck_assert_msg(!e.full, "element %u holds %s, expected it empty", address, e.volume_tag);
}

static void assert_image(const char *barcode) {
        _cleanup_free_ char *path = NULL;

        ck_assert_int_ge(asprintf(&path, "%s/tapes/%s", vtl->dir, barcode), 0);
        ck_assert_msg(access(path, R_OK | W_OK) == 0, "no tape image %s", path);
}

START_TEST(test_put_into_port) {
        _cleanup_changer_ Changer *c = NULL;
        SmcElement e;

        open_changer(&c);
        assert_empty(c, port());
        (void) changer_take_attention(c);

        ck_assert_int_eq(vtl_put(vtl, port(), "OPR001L6"), 0);
        read_element(c, port(), &e);
        ck_assert(e.type == SMC_ELEMENT_IMPORT_EXPORT);
        ck_assert(e.full);
        ck_assert_str_eq(e.volume_tag, "OPR001L6");
        ck_assert(!e.source_valid);
        /* No unit attention: a session open across the put learns of it
         * only by reading. */
        ck_assert(!changer_take_attention(c));
        assert_image("OPR001L6");

        ck_assert_int_eq(changer_move_medium(c, (uint16_t) vtl->mte_addr, port(), slot(N_FULL), false), 0);
        assert_empty(c, port());
        assert_holds(c, slot(N_FULL), "OPR001L6");

        /* The new image loads like any other cartridge. */
        ck_assert_int_eq(changer_move_medium(c, (uint16_t) vtl->mte_addr, slot(N_FULL),
                                             (uint16_t) vtl->drive_addr, false), 0);
        assert_holds(c, (uint16_t) vtl->drive_addr, "OPR001L6");
}
END_TEST

START_TEST(test_put_into_slot) {
        _cleanup_changer_ Changer *c = NULL;

        open_changer(&c);
        ck_assert_int_eq(vtl_put(vtl, slot(N_SLOTS - 1), "OPR002L6"), 0);
        assert_holds(c, slot(N_SLOTS - 1), "OPR002L6");
        assert_image("OPR002L6");
}
END_TEST

START_TEST(test_take_from_port) {
        _cleanup_changer_ Changer *c = NULL;

        open_changer(&c);
        ck_assert_int_eq(vtl_put(vtl, port(), "OPR003L6"), 0);
        assert_holds(c, port(), "OPR003L6");

        ck_assert_int_eq(vtl_take(vtl, port()), 0);
        assert_empty(c, port());
        assert_image("OPR003L6");
        ck_assert_int_eq(vtl_take(vtl, port()), -ENOENT);

        /* Taken out, put back: the same cartridge. */
        ck_assert_int_eq(vtl_put(vtl, port(), "OPR003L6"), 0);
        assert_holds(c, port(), "OPR003L6");
}
END_TEST

START_TEST(test_full_or_wrong_element) {
        _cleanup_changer_ Changer *c = NULL;

        open_changer(&c);
        ck_assert_int_eq(vtl_put(vtl, slot(0), "OPR004L6"), -EEXIST);
        assert_holds(c, slot(0), "RSM000L6");

        ck_assert_int_eq(vtl_put(vtl, port(), "OPR005L6"), 0);
        ck_assert_int_eq(vtl_put(vtl, port(), "OPR006L6"), -EEXIST);
        assert_holds(c, port(), "OPR005L6");

        ck_assert_int_eq(vtl_put(vtl, vtl->drive_addr, "OPR007L6"), -EINVAL);
        ck_assert_int_eq(vtl_put(vtl, vtl->mte_addr, "OPR007L6"), -EINVAL);
        ck_assert_int_eq(vtl_put(vtl, slot(N_SLOTS), "OPR007L6"), -EINVAL);
        ck_assert_int_eq(vtl_put(vtl, slot(N_FULL), "opr007"), -EINVAL);
        ck_assert_int_eq(vtl_put(vtl, slot(N_FULL), "OPR0070000L6"), -EINVAL);
        assert_empty(c, slot(N_FULL));
        ck_assert_int_eq(vtl_take(vtl, vtl->drive_addr), -EINVAL);
        ck_assert_int_eq(vtl_take(vtl, slot(N_FULL)), -ENOENT);
}
END_TEST

int main(void) {
        SRunner *sr;
        Suite *s;
        TCase *tc;
        int failed, r;

        r = vtl_available();
        if (r == -EOPNOTSUPP)
                return 77;
        if (r < 0) {
                fprintf(stderr, "vtl script %s: %s\n", vtl_script(), strerror(-r));
                return EXIT_FAILURE;
        }

        s = suite_create("vtl-operator");
        tc = tcase_create("operator");
        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_set_timeout(tc, 60);
        tcase_add_test(tc, test_put_into_port);
        tcase_add_test(tc, test_put_into_slot);
        tcase_add_test(tc, test_take_from_port);
        tcase_add_test(tc, test_full_or_wrong_element);
        suite_add_tcase(s, tc);

        sr = srunner_create(s);
        /* The library's tgtd is this process's child; one process keeps it simple. */
        srunner_set_fork_status(sr, CK_NOFORK);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
