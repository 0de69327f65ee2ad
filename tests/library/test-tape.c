/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "scsi-command.h"
#include "tape.h"
#include "test-tape.h"
#include "transport.h"

#define MOTION_TIMEOUT_MS 60000

static void run_cdb(ScsiTransport *t, const uint8_t *bytes, size_t n, ScsiDirection direction, void *data,
                    size_t len) {
        ScsiCdb cdb = { .len = (uint8_t) n, .direction = direction, .transfer_len = (uint32_t) len };
        ScsiResult result;

        memcpy(cdb.bytes, bytes, n);
        ck_assert_int_eq(scsi_command_run_retry(t, &SCSI_RETRY_DEFAULT, &cdb, data, len, MOTION_TIMEOUT_MS, &result),
                         0);
}

/* WRITE(6) or READ(6) of one variable-length block. */
static void transfer_block(ScsiTransport *t, uint8_t opcode, ScsiDirection direction, void *data, size_t len) {
        const uint8_t cdb[6] = { opcode, 0, (uint8_t) (len >> 16), (uint8_t) (len >> 8), (uint8_t) len, 0 };

        run_cdb(t, cdb, sizeof cdb, direction, data, len);
}

static void write_filemark(ScsiTransport *t) {
        static const uint8_t cdb[6] = { 0x10, 0, 0, 0, 1, 0 };

        run_cdb(t, cdb, sizeof cdb, SCSI_DIRECTION_NONE, NULL, 0);
}

/* Rewound, then past the first filemark. */
static void seek_after_label(ScsiTransport *t) {
        static const uint8_t space_filemark[6] = { 0x11, 0x01 /* filemarks */, 0, 0, 1, 0 };

        ck_assert_int_eq(tape_rewind(t, &SCSI_RETRY_DEFAULT), 0);
        run_cdb(t, space_filemark, sizeof space_filemark, SCSI_DIRECTION_NONE, NULL, 0);
}

static ScsiTransport *open_ready(const char *url) {
        ScsiTransport *t = NULL;

        ck_assert_int_eq(scsi_transport_open(url, &t), 0);
        ck_assert_int_eq(tape_test_unit_ready(t, &SCSI_RETRY_DEFAULT), 0);
        return t;
}

void test_tape_write_label(const char *url, const char *volser, const char *owner) {
        _cleanup_scsi_transport_ ScsiTransport *t = open_ready(url);
        uint8_t label[80];

        memset(label, ' ', sizeof label);
        memcpy(label, "VOL1", 4);
        memcpy(label + 4, volser, strnlen(volser, 6));
        memcpy(label + 37, owner, strnlen(owner, 14));
        label[79] = '4';

        ck_assert_int_eq(tape_rewind(t, &SCSI_RETRY_DEFAULT), 0);
        transfer_block(t, 0x0a, SCSI_DIRECTION_OUT, label, sizeof label);
        write_filemark(t);
        ck_assert_int_eq(tape_rewind(t, &SCSI_RETRY_DEFAULT), 0);
}

void test_tape_write_after_label(const char *url, const void *data, size_t len) {
        _cleanup_scsi_transport_ ScsiTransport *t = open_ready(url);
        _cleanup_free_ uint8_t *back = NULL;

        seek_after_label(t);
        transfer_block(t, 0x0a, SCSI_DIRECTION_OUT, (void *) data, len);
        write_filemark(t);

        back = calloc(1, len);
        ck_assert_ptr_nonnull(back);
        seek_after_label(t);
        transfer_block(t, 0x08, SCSI_DIRECTION_IN, back, len);
        ck_assert_int_eq(memcmp(back, data, len), 0);
        ck_assert_int_eq(tape_rewind(t, &SCSI_RETRY_DEFAULT), 0);
}
