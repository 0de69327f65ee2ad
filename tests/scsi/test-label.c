/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>

#include "ssc.h"
#include "test-util.h"

static void ansi_vol1(uint8_t b[80]) {
        memset(b, ' ', 80);
        memcpy(b, "VOL1", 4);
        memcpy(b + 4, "ABC123", 6);
        b[10] = 'A';
        memcpy(b + 24, "RSMD", 4);
        memcpy(b + 37, "OPERATIONS", 10);
        b[79] = '4';
}

static void ibm_vol1(uint8_t b[80]) {
        /* "VOL1" "Z00042" in EBCDIC, owner "OWNER" at 41. */
        static const uint8_t vol1[] = { 0xe5, 0xd6, 0xd3, 0xf1, 0xe9, 0xf0, 0xf0, 0xf0, 0xf4, 0xf2 };
        static const uint8_t owner[] = { 0xd6, 0xe6, 0xd5, 0xc5, 0xd9 };

        memset(b, 0x40, 80);
        memcpy(b, vol1, sizeof(vol1));
        memcpy(b + 41, owner, sizeof(owner));
}

START_TEST(test_ansi) {
        uint8_t b[80];
        TapeLabel l;

        ansi_vol1(b);
        ck_assert_int_eq(ssc_recognize_label(b, sizeof(b), NULL, &l), 0);
        ck_assert_int_eq(l.kind, TAPE_LABEL_ANSI);
        ck_assert_str_eq(l.volume_serial, "ABC123");
        ck_assert_str_eq(l.owner, "OPERATIONS");
        ck_assert_str_eq(l.implementation, "RSMD");
        ck_assert_int_eq(l.accessibility, 'A');
        ck_assert_int_eq(l.version, '4');
        ck_assert_str_eq(tape_label_kind_to_string(l.kind), "ansi");
}
END_TEST

START_TEST(test_ibm) {
        uint8_t b[80];
        TapeLabel l;

        ibm_vol1(b);
        ck_assert_int_eq(ssc_recognize_label(b, sizeof(b), NULL, &l), 0);
        ck_assert_int_eq(l.kind, TAPE_LABEL_IBM);
        ck_assert_str_eq(l.volume_serial, "Z00042");
        ck_assert_str_eq(l.owner, "OWNER");
}
END_TEST

START_TEST(test_short_block_with_ili) {
        /* An 80-byte label read with a 64 KiB request: ILI, residue in INFORMATION. */
        uint8_t b[80];
        ScsiSense s = { .condition = SCSI_CONDITION_OK, .ili = true, .information_valid = true, .information = 65536 - 80 };
        TapeLabel l;

        ansi_vol1(b);
        ck_assert_int_eq(ssc_recognize_label(b, sizeof(b), &s, &l), 0);
        ck_assert_int_eq(l.kind, TAPE_LABEL_ANSI);
}
END_TEST

START_TEST(test_blank) {
        ScsiSense blank = { .condition = SCSI_CONDITION_BLANK_CHECK, .key = 8, .asc = 0x00, .ascq = 0x05 };
        ScsiSense eod = { .condition = SCSI_CONDITION_OK, .key = 0, .asc = 0x00, .ascq = 0x05 };
        ScsiSense filemark = { .condition = SCSI_CONDITION_OK, .key = 0, .asc = 0x00, .ascq = 0x01, .filemark = true };
        TapeLabel l;

        ck_assert_int_eq(ssc_recognize_label(NULL, 0, &blank, &l), 0);
        ck_assert_int_eq(l.kind, TAPE_LABEL_BLANK);
        ck_assert_int_eq(ssc_recognize_label(NULL, 0, &eod, &l), 0);
        ck_assert_int_eq(l.kind, TAPE_LABEL_BLANK);
        ck_assert_int_eq(ssc_recognize_label(NULL, 0, &filemark, &l), 0);
        ck_assert_int_eq(l.kind, TAPE_LABEL_BLANK);
        ck_assert_str_eq(tape_label_kind_to_string(l.kind), "blank");
}
END_TEST

START_TEST(test_unknown) {
        uint8_t b[512] = {};
        TapeLabel l;

        memcpy(b + 257, "ustar", 5);
        ck_assert_int_eq(ssc_recognize_label(b, sizeof(b), NULL, &l), 0);
        ck_assert_int_eq(l.kind, TAPE_LABEL_UNKNOWN);

        /* "VOL1" in a block too short to be a label. */
        memcpy(b, "VOL1", 4);
        ck_assert_int_eq(ssc_recognize_label(b, 40, NULL, &l), 0);
        ck_assert_int_eq(l.kind, TAPE_LABEL_UNKNOWN);

        ck_assert_int_eq(ssc_recognize_label(b, 0, NULL, &l), 0);
        ck_assert_int_eq(l.kind, TAPE_LABEL_UNKNOWN);
}
END_TEST

START_TEST(test_errors) {
        ScsiSense nomedium = { .condition = SCSI_CONDITION_NO_MEDIUM, .key = 2, .asc = 0x3a };
        ScsiSense medium = { .condition = SCSI_CONDITION_MEDIUM_ERROR, .key = 3, .asc = 0x11 };
        TapeLabel l;

        ck_assert_int_eq(ssc_recognize_label(NULL, 0, &nomedium, &l), -ENOMEDIUM);
        ck_assert_int_eq(ssc_recognize_label(NULL, 0, &medium, &l), -EIO);
}
END_TEST

static Suite *suite(void) {
        Suite *s = suite_create("label");
        TCase *tc = tcase_create("recognise");

        tcase_add_test(tc, test_ansi);
        tcase_add_test(tc, test_ibm);
        tcase_add_test(tc, test_short_block_with_ili);
        tcase_add_test(tc, test_blank);
        tcase_add_test(tc, test_unknown);
        tcase_add_test(tc, test_errors);
        suite_add_tcase(s, tc);
        return s;
}

RUN_SUITE(suite())
