/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <check.h>
#include <stdlib.h>

#include "detect/match.h"

START_TEST(test_match_drive) {
        char *ids[] = { "VTL1234D0", "VTL1234D1", "", "HU1234567" };

        ck_assert_int_eq(detect_match_drive("VTL1234D1", ids, 4), 1);
        ck_assert_int_eq(detect_match_drive("VTL1234D0", ids, 4), 0);
        /* Cut short by the changer. */
        ck_assert_int_eq(detect_match_drive("HU12345678AB", ids, 4), 3);
        ck_assert_int_eq(detect_match_drive("XYZ", ids, 4), -1);
        ck_assert_int_eq(detect_match_drive("", ids, 4), -1);
        ck_assert_int_eq(detect_match_drive(NULL, ids, 4), -1);
}
END_TEST

START_TEST(test_match_t10_vendor_id) {
        /* As IBM libraries and tgt report them: vendor, product, serial. */
        char *ids[] = { "IBM     ULT3580-HH5     1068001234", "IET     VIRTUAL-TAPE    VTL2520D1",
                        "HP      Ultrium 5-SCSI  HU1234" };

        ck_assert_int_eq(detect_match_drive("1068001234", ids, 3), 0);
        ck_assert_int_eq(detect_match_drive("VTL2520D1", ids, 3), 1);
        /* Cut short after the product: a leading part of the serial. */
        ck_assert_int_eq(detect_match_drive("VTL2520D1XY", ids, 3), 1);
        ck_assert_int_eq(detect_match_drive("VTL2520D0", ids, 3), -1);
        /* Too short a serial part to tell drives apart. */
        ck_assert_int_eq(detect_match_drive("HU12345678", ids, 3), -1);
        ck_assert_int_eq(detect_match_drive("HU1234", ids, 3), 2);
}
END_TEST

START_TEST(test_id_weak) {
        ck_assert(detect_id_weak(NULL));
        ck_assert(detect_id_weak(""));
        ck_assert(detect_id_weak("HU1234"));
        ck_assert(detect_id_weak("IET     VIRTUAL-TAPE    VT"));
        ck_assert(!detect_id_weak("HU12345678"));
        ck_assert(!detect_id_weak("IBM     ULT3580-HH5     1068001234"));
}
END_TEST

START_TEST(test_match_ambiguous) {
        char *ids[] = { "ABCDEFGH", "ABCDEFGH" };

        ck_assert_int_eq(detect_match_drive("ABCDEFGH12", ids, 2), -1);
        /* Too short a prefix matches nothing. */
        char *short_ids[] = { "ABC" };
        ck_assert_int_eq(detect_match_drive("ABCDEFGH12", short_ids, 1), -1);
}
END_TEST

START_TEST(test_device_name) {
        ck_assert_str_eq(detect_drive_device_name("/dev/nst0", "/dev/sg2"), "/dev/nst0");
        ck_assert_str_eq(detect_drive_device_name(NULL, "/dev/sg2"), "/dev/sg2");
}
END_TEST

int main(void) {
        Suite *s = suite_create("detect-match");
        TCase *tc = tcase_create("match");
        SRunner *sr;
        int failed;

        tcase_add_test(tc, test_match_drive);
        tcase_add_test(tc, test_match_t10_vendor_id);
        tcase_add_test(tc, test_id_weak);
        tcase_add_test(tc, test_match_ambiguous);
        tcase_add_test(tc, test_device_name);
        suite_add_tcase(s, tc);
        sr = srunner_create(s);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
