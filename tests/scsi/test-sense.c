/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>

#include "sense.h"
#include "test-util.h"

typedef struct Case {
        uint8_t key, asc, ascq;
        ScsiCondition condition;
        int error;
} Case;

static const Case cases[] = {
        { 0x0, 0x00, 0x00, SCSI_CONDITION_OK,                   0 },
        { 0x1, 0x17, 0x01, SCSI_CONDITION_OK,                   0 },
        { 0x2, 0x04, 0x00, SCSI_CONDITION_NOT_READY,            -ENODEV },
        { 0x2, 0x04, 0x03, SCSI_CONDITION_NOT_READY,            -ENODEV },
        { 0x2, 0x04, 0x01, SCSI_CONDITION_BECOMING_READY,       -EAGAIN },
        { 0x2, 0x3a, 0x00, SCSI_CONDITION_NO_MEDIUM,            -ENOMEDIUM },
        { 0x2, 0x3a, 0x02, SCSI_CONDITION_NO_MEDIUM,            -ENOMEDIUM },
        { 0x3, 0x11, 0x00, SCSI_CONDITION_MEDIUM_ERROR,         -EIO },
        { 0x4, 0x15, 0x01, SCSI_CONDITION_HARDWARE_ERROR,       -EIO },
        { 0x5, 0x20, 0x00, SCSI_CONDITION_INVALID_OPCODE,       -EOPNOTSUPP },
        { 0x5, 0x24, 0x00, SCSI_CONDITION_INVALID_FIELD_IN_CDB, -EINVAL },
        { 0x5, 0x21, 0x01, SCSI_CONDITION_ILLEGAL_REQUEST,      -EINVAL },
        { 0x5, 0x3b, 0x0e, SCSI_CONDITION_SOURCE_EMPTY,         -ENOENT },
        { 0x5, 0x3b, 0x0d, SCSI_CONDITION_DESTINATION_FULL,     -EEXIST },
        { 0x5, 0x53, 0x02, SCSI_CONDITION_REMOVAL_PREVENTED,    -EBUSY },
        { 0x6, 0x29, 0x00, SCSI_CONDITION_POWER_ON_RESET,       -EAGAIN },
        { 0x6, 0x29, 0x02, SCSI_CONDITION_POWER_ON_RESET,       -EAGAIN },
        { 0x6, 0x28, 0x00, SCSI_CONDITION_MEDIUM_CHANGED,       -EAGAIN },
        { 0x6, 0x2a, 0x01, SCSI_CONDITION_UNIT_ATTENTION,       -EAGAIN },
        { 0x7, 0x27, 0x00, SCSI_CONDITION_DATA_PROTECT,         -EROFS },
        { 0x8, 0x00, 0x05, SCSI_CONDITION_BLANK_CHECK,          -ENODATA },
        { 0xb, 0x47, 0x00, SCSI_CONDITION_ABORTED_COMMAND,      -ECONNABORTED },
        { 0xd, 0x00, 0x00, SCSI_CONDITION_OTHER,                -EIO },
        /* Cleaning: whatever key says the command failed ... */
        { 0x2, 0x30, 0x03, SCSI_CONDITION_CLEANING_CARTRIDGE,   -EMEDIUMTYPE },
        { 0x3, 0x30, 0x03, SCSI_CONDITION_CLEANING_CARTRIDGE,   -EMEDIUMTYPE },
        { 0x5, 0x30, 0x03, SCSI_CONDITION_CLEANING_CARTRIDGE,   -EMEDIUMTYPE },
        { 0x2, 0x30, 0x07, SCSI_CONDITION_CLEANING_FAILED,      -EIO },
        { 0x4, 0x30, 0x07, SCSI_CONDITION_CLEANING_FAILED,      -EIO },
        { 0x5, 0x30, 0x0a, SCSI_CONDITION_CLEANING_FAILED,      -EIO },
        { 0x3, 0x30, 0x0b, SCSI_CONDITION_CLEANER_EXPIRED,      -EMEDIUMTYPE },
        { 0x2, 0x30, 0x13, SCSI_CONDITION_CLEANER_EXPIRED,      -EMEDIUMTYPE },
        /* ... but not where the key has its own meaning ... */
        { 0x0, 0x30, 0x03, SCSI_CONDITION_OK,                   0 },
        { 0x1, 0x30, 0x07, SCSI_CONDITION_OK,                   0 },
        { 0x6, 0x30, 0x03, SCSI_CONDITION_UNIT_ATTENTION,       -EAGAIN },
        /* ... nor for the other incompatible medium codes. */
        { 0x3, 0x30, 0x00, SCSI_CONDITION_MEDIUM_ERROR,         -EIO },
        { 0x2, 0x30, 0x04, SCSI_CONDITION_NOT_READY,            -ENODEV },
        { 0x0, 0x00, 0x17, SCSI_CONDITION_OK,                   0 },
};

static size_t make_fixed(uint8_t *b, uint8_t key, uint8_t asc, uint8_t ascq) {
        memset(b, 0, 18);
        b[0] = 0x70;
        b[2] = key;
        b[7] = 10;      /* ADDITIONAL SENSE LENGTH */
        b[12] = asc;
        b[13] = ascq;
        return 18;
}

static size_t make_descriptor(uint8_t *b, uint8_t key, uint8_t asc, uint8_t ascq) {
        memset(b, 0, 8);
        b[0] = 0x72;
        b[1] = key;
        b[2] = asc;
        b[3] = ascq;
        return 8;
}

START_TEST(test_fixed_format) {
        const Case *c = cases + _i;
        uint8_t b[18];
        ScsiSense s;

        ck_assert_int_eq(scsi_sense_decode(b, make_fixed(b, c->key, c->asc, c->ascq), &s), 0);
        ck_assert_int_eq(s.response_code, 0x70);
        ck_assert_int_eq(s.key, c->key);
        ck_assert_int_eq(s.asc, c->asc);
        ck_assert_int_eq(s.ascq, c->ascq);
        ck_assert_msg(s.condition == c->condition, "%x/%02x/%02x: %s", c->key, c->asc, c->ascq,
                      scsi_condition_to_string(s.condition));
        ck_assert_int_eq(scsi_condition_to_errno(s.condition), c->error);
}
END_TEST

START_TEST(test_descriptor_format) {
        const Case *c = cases + _i;
        uint8_t b[8];
        ScsiSense s;

        ck_assert_int_eq(scsi_sense_decode(b, make_descriptor(b, c->key, c->asc, c->ascq), &s), 0);
        ck_assert_int_eq(s.response_code, 0x72);
        ck_assert_msg(s.condition == c->condition, "%x/%02x/%02x: %s", c->key, c->asc, c->ascq,
                      scsi_condition_to_string(s.condition));
}
END_TEST

START_TEST(test_deferred_error) {
        uint8_t b[18];
        ScsiSense s;

        make_fixed(b, 0x4, 0x44, 0x00);
        b[0] = 0x71;
        ck_assert_int_eq(scsi_sense_decode(b, sizeof(b), &s), 0);
        ck_assert(s.condition == SCSI_CONDITION_HARDWARE_ERROR);
}
END_TEST

START_TEST(test_invalid) {
        static const uint8_t zero[18] = {}, vendor[18] = { 0x7f };
        ScsiSense s;

        ck_assert_int_eq(scsi_sense_decode(NULL, 0, &s), -EBADMSG);
        ck_assert(s.condition == SCSI_CONDITION_INVALID);
        ck_assert_int_eq(scsi_sense_decode(zero, sizeof(zero), &s), -EBADMSG);
        ck_assert_int_eq(scsi_sense_decode(vendor, sizeof(vendor), &s), -EBADMSG);
        ck_assert_int_eq(scsi_condition_to_errno(SCSI_CONDITION_INVALID), -EIO);
}
END_TEST

START_TEST(test_short_fixed) {
        /* Only key present: ASC/ASCQ did not arrive and must read as zero. */
        const uint8_t b[3] = { 0x70, 0x00, 0x06 };
        ScsiSense s;

        ck_assert_int_eq(scsi_sense_decode(b, sizeof(b), &s), 0);
        ck_assert_int_eq(s.key, 6);
        ck_assert_int_eq(s.asc, 0);
        ck_assert(s.condition == SCSI_CONDITION_UNIT_ATTENTION);
}
END_TEST

START_TEST(test_stream_bits_fixed) {
        uint8_t b[18];
        ScsiSense s;

        make_fixed(b, 0x0, 0x00, 0x01);
        b[0] |= 0x80;                   /* VALID: INFORMATION holds the residue */
        b[2] |= 0x80 | 0x20;            /* FILEMARK, ILI */
        b[6] = 0x50;
        ck_assert_int_eq(scsi_sense_decode(b, sizeof(b), &s), 0);
        ck_assert(s.filemark);
        ck_assert(!s.eom);
        ck_assert(s.ili);
        ck_assert(s.information_valid);
        ck_assert_uint_eq(s.information, 0x50);
        ck_assert(s.condition == SCSI_CONDITION_OK);
}
END_TEST

START_TEST(test_stream_bits_descriptor) {
        uint8_t b[12] = { 0x72, 0x00, 0x00, 0x01, 0, 0, 0, 4,
                          0x04, 0x02, 0x00, 0x80 };     /* stream commands descriptor: FILEMARK */
        ScsiSense s;

        ck_assert_int_eq(scsi_sense_decode(b, sizeof(b), &s), 0);
        ck_assert(s.filemark);
        ck_assert(!s.ili);
}
END_TEST

START_TEST(test_helpers) {
        ScsiSense s = {};

        for (ScsiCondition c = 0; c < _SCSI_CONDITION_MAX; c++) {
                s.condition = c;
                ck_assert_ptr_nonnull(scsi_condition_to_string(c));
                ck_assert_int_eq(scsi_sense_should_retry(&s),
                                 c == SCSI_CONDITION_BECOMING_READY || c == SCSI_CONDITION_UNIT_ATTENTION ||
                                 c == SCSI_CONDITION_POWER_ON_RESET || c == SCSI_CONDITION_MEDIUM_CHANGED);
                ck_assert_int_eq(scsi_sense_is_unsupported(&s),
                                 c == SCSI_CONDITION_INVALID_OPCODE || c == SCSI_CONDITION_INVALID_FIELD_IN_CDB);
        }
        ck_assert_ptr_null(scsi_condition_to_string(_SCSI_CONDITION_MAX));
}
END_TEST

START_TEST(test_cleaning_requested) {
        static const struct {
                uint8_t key, asc, ascq;
                bool requested;
        } t[] = {
                { 0x0, 0x00, 0x17, true },
                { 0x1, 0x00, 0x17, true },
                { 0x2, 0x00, 0x17, true },
                { 0x0, 0x00, 0x00, false },
                { 0x0, 0x00, 0x16, false },
                { 0x2, 0x30, 0x03, false },
                { 0x0, 0x17, 0x00, false },
        };
        static const uint8_t garbage[18] = { 0x7f, 0, 0, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x00, 0x17 };
        ScsiSense s;

        for (size_t i = 0; i < ELEMENTSOF(t); i++) {
                uint8_t b[18];

                ck_assert_int_eq(scsi_sense_decode(b, make_fixed(b, t[i].key, t[i].asc, t[i].ascq), &s), 0);
                ck_assert_msg(scsi_sense_cleaning_requested(&s) == t[i].requested,
                              "%x/%02x/%02x", t[i].key, t[i].asc, t[i].ascq);
                ck_assert_int_eq(scsi_sense_decode(b, make_descriptor(b, t[i].key, t[i].asc, t[i].ascq), &s), 0);
                ck_assert(scsi_sense_cleaning_requested(&s) == t[i].requested);
        }

        /* The command completed: its outcome stays OK. */
        {
                uint8_t b[18];
                ck_assert_int_eq(scsi_sense_decode(b, make_fixed(b, 0x0, 0x00, 0x17), &s), 0);
                ck_assert(s.condition == SCSI_CONDITION_OK);
        }

        /* Undecodable sense says nothing, whatever bytes 12 and 13 hold. */
        ck_assert_int_eq(scsi_sense_decode(garbage, sizeof(garbage), &s), -EBADMSG);
        ck_assert(!scsi_sense_cleaning_requested(&s));
}
END_TEST

START_TEST(test_tgt_captures) {
        static const struct {
                const char *file;
                ScsiCondition condition;
        } t[] = {
                { "tgt-sense-invalid-opcode.bin",     SCSI_CONDITION_INVALID_OPCODE },
                { "tgt-sense-invalid-field.bin",      SCSI_CONDITION_INVALID_FIELD_IN_CDB },
                { "tgt-sense-source-empty.bin",       SCSI_CONDITION_SOURCE_EMPTY },
                { "tgt-sense-destination-full.bin",   SCSI_CONDITION_DESTINATION_FULL },
        };

        for (size_t i = 0; i < ELEMENTSOF(t); i++) {
                _cleanup_free_ uint8_t *b = NULL;
                ScsiSense s;
                size_t n;

                b = fixture_load(t[i].file, &n);
                ck_assert_int_eq(scsi_sense_decode(b, n, &s), 0);
                ck_assert_msg(s.condition == t[i].condition, "%s: %s", t[i].file, scsi_condition_to_string(s.condition));
        }
}
END_TEST

static Suite *suite(void) {
        Suite *s = suite_create("sense");
        TCase *tc = tcase_create("decode");

        tcase_add_loop_test(tc, test_fixed_format, 0, ELEMENTSOF(cases));
        tcase_add_loop_test(tc, test_descriptor_format, 0, ELEMENTSOF(cases));
        tcase_add_test(tc, test_deferred_error);
        tcase_add_test(tc, test_invalid);
        tcase_add_test(tc, test_short_fixed);
        tcase_add_test(tc, test_stream_bits_fixed);
        tcase_add_test(tc, test_stream_bits_descriptor);
        tcase_add_test(tc, test_helpers);
        tcase_add_test(tc, test_cleaning_requested);
        tcase_add_test(tc, test_tgt_captures);
        suite_add_tcase(s, tc);
        return s;
}

RUN_SUITE(suite())
