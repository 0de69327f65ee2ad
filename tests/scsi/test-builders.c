/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Every builder against the field layout of its command (SPC, SMC-3, SSC, MMC). */

#include <errno.h>

#include "mmc.h"
#include "smc.h"
#include "spc.h"
#include "ssc.h"
#include "test-util.h"

#define ck_cdb(c, dir, xfer, ...)                                       \
        do {                                                            \
                ck_assert_bytes((c).bytes, (c).len, __VA_ARGS__);      \
                ck_assert_int_eq((c).direction, (dir));                 \
                ck_assert_uint_eq((c).transfer_len, (xfer));            \
        } while (0)

START_TEST(test_spc) {
        ScsiCdb c;

        spc_build_test_unit_ready(&c);
        ck_cdb(c, SCSI_DIRECTION_NONE, 0, 0x00, 0, 0, 0, 0, 0);

        ck_assert_int_eq(spc_build_inquiry(&c, false, 0, 255), 0);
        ck_cdb(c, SCSI_DIRECTION_IN, 255, 0x12, 0x00, 0x00, 0x00, 0xff, 0x00);
        ck_assert_int_eq(spc_build_inquiry(&c, true, 0x83, 0x1234), 0);
        ck_cdb(c, SCSI_DIRECTION_IN, 0x1234, 0x12, 0x01, 0x83, 0x12, 0x34, 0x00);
        ck_assert_int_eq(spc_build_inquiry(&c, false, 0x80, 255), -EINVAL);

        spc_build_request_sense(&c, true, 252);
        ck_cdb(c, SCSI_DIRECTION_IN, 252, 0x03, 0x01, 0, 0, 0xfc, 0);

        ck_assert_int_eq(spc_build_mode_sense6(&c, true, SPC_MODE_CURRENT, 0x1d, 0, 255), 0);
        ck_cdb(c, SCSI_DIRECTION_IN, 255, 0x1a, 0x08, 0x1d, 0x00, 0xff, 0x00);
        ck_assert_int_eq(spc_build_mode_sense6(&c, false, SPC_MODE_DEFAULT, 0x1f, 0x41, 64), 0);
        ck_cdb(c, SCSI_DIRECTION_IN, 64, 0x1a, 0x00, 0x9f, 0x41, 0x40, 0x00);
        ck_assert_int_eq(spc_build_mode_sense6(&c, false, SPC_MODE_CURRENT, 0x40, 0, 64), -EINVAL);

        ck_assert_int_eq(spc_build_mode_sense10(&c, true, SPC_MODE_SAVED, 0x1e, 0, 0x0102), 0);
        ck_cdb(c, SCSI_DIRECTION_IN, 0x102, 0x5a, 0x08, 0xde, 0x00, 0, 0, 0, 0x01, 0x02, 0x00);

        /* LOG SENSE: PC in bits 7..6 of byte 2, allocation length in bytes 7..8. */
        ck_assert_int_eq(spc_build_log_sense(&c, SPC_LOG_CUMULATIVE, 0x2e, 0, 0x0400), 0);
        ck_cdb(c, SCSI_DIRECTION_IN, 0x400, 0x4d, 0x00, 0x6e, 0x00, 0, 0, 0, 0x04, 0x00, 0x00);
        ck_assert_int_eq(spc_build_log_sense(&c, SPC_LOG_DEFAULT_THRESHOLD, 0x0d, 0x01, 0x20), 0);
        ck_cdb(c, SCSI_DIRECTION_IN, 0x20, 0x4d, 0x00, 0x8d, 0x01, 0, 0, 0, 0x00, 0x20, 0x00);
        ck_assert_int_eq(spc_build_log_sense(&c, SPC_LOG_CUMULATIVE, 0x40, 0, 64), -EINVAL);

        spc_build_prevent_allow(&c, true);
        ck_cdb(c, SCSI_DIRECTION_NONE, 0, 0x1e, 0, 0, 0, 0x01, 0);
        spc_build_prevent_allow(&c, false);
        ck_cdb(c, SCSI_DIRECTION_NONE, 0, 0x1e, 0, 0, 0, 0x00, 0);
}
END_TEST

START_TEST(test_read_element_status) {
        ScsiCdb c;

        ck_assert_int_eq(smc_build_read_element_status(&c, SMC_ELEMENT_STORAGE, 0x0400, 40, true, false, 0x10000), 0);
        ck_cdb(c, SCSI_DIRECTION_IN, 0x10000,
               0xb8, 0x12, 0x04, 0x00, 0x00, 0x28, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00);

        ck_assert_int_eq(smc_build_read_element_status(&c, SMC_ELEMENT_DATA_TRANSFER, 0x0100, 4, true, true, 4096), 0);
        ck_cdb(c, SCSI_DIRECTION_IN, 4096,
               0xb8, 0x14, 0x01, 0x00, 0x00, 0x04, 0x01, 0x00, 0x10, 0x00, 0x00, 0x00);

        ck_assert_int_eq(smc_build_read_element_status(&c, SMC_ELEMENT_TRANSPORT, 1, 1, false, false, 0xabcdef), 0);
        ck_cdb(c, SCSI_DIRECTION_IN, 0xabcdef,
               0xb8, 0x01, 0x00, 0x01, 0x00, 0x01, 0x00, 0xab, 0xcd, 0xef, 0x00, 0x00);

        /* All-types requests are never built; nor impossible lengths or counts. */
        ck_assert_int_eq(smc_build_read_element_status(&c, SMC_ELEMENT_ALL, 0, 1, true, false, 4096), -EINVAL);
        ck_assert_int_eq(smc_build_read_element_status(&c, 5, 0, 1, true, false, 4096), -EINVAL);
        ck_assert_int_eq(smc_build_read_element_status(&c, SMC_ELEMENT_STORAGE, 0, 1, true, false, 0x1000000), -EINVAL);
        ck_assert_int_eq(smc_build_read_element_status(&c, SMC_ELEMENT_STORAGE, 0, 0, true, false, 4096), -EINVAL);
}
END_TEST

START_TEST(test_smc_moves) {
        ScsiCdb c;

        smc_build_move_medium(&c, 0x0001, 0x0400, 0x0100, false);
        ck_cdb(c, SCSI_DIRECTION_NONE, 0, 0xa5, 0, 0x00, 0x01, 0x04, 0x00, 0x01, 0x00, 0, 0, 0x00, 0);
        smc_build_move_medium(&c, 0x0001, 0x0400, 0x0100, true);
        ck_cdb(c, SCSI_DIRECTION_NONE, 0, 0xa5, 0, 0x00, 0x01, 0x04, 0x00, 0x01, 0x00, 0, 0, 0x01, 0);

        smc_build_exchange_medium(&c, 0x0001, 0x0400, 0x0401, 0x0402, false, true);
        ck_cdb(c, SCSI_DIRECTION_NONE, 0, 0xa6, 0, 0x00, 0x01, 0x04, 0x00, 0x04, 0x01, 0x04, 0x02, 0x02, 0);
        smc_build_exchange_medium(&c, 0x0001, 0x0400, 0x0401, 0x0402, true, false);
        ck_cdb(c, SCSI_DIRECTION_NONE, 0, 0xa6, 0, 0x00, 0x01, 0x04, 0x00, 0x04, 0x01, 0x04, 0x02, 0x01, 0);

        smc_build_initialize_element_status(&c);
        ck_cdb(c, SCSI_DIRECTION_NONE, 0, 0x07, 0, 0, 0, 0, 0);

        smc_build_initialize_element_status_range(&c, true, true, 0x0400, 0x0028);
        ck_cdb(c, SCSI_DIRECTION_NONE, 0, 0x37, 0x03, 0x04, 0x00, 0, 0, 0x00, 0x28, 0, 0);

        smc_build_position_to_element(&c, 0x0001, 0x0200, true);
        ck_cdb(c, SCSI_DIRECTION_NONE, 0, 0x2b, 0, 0x00, 0x01, 0x02, 0x00, 0, 0, 0x01, 0);
}
END_TEST

START_TEST(test_ssc) {
        ScsiCdb c;

        ssc_build_test_unit_ready(&c);
        ck_cdb(c, SCSI_DIRECTION_NONE, 0, 0x00, 0, 0, 0, 0, 0);
        ssc_build_load_unload(&c, true, false);
        ck_cdb(c, SCSI_DIRECTION_NONE, 0, 0x1b, 0x00, 0, 0, 0x01, 0);
        ssc_build_load_unload(&c, false, true);
        ck_cdb(c, SCSI_DIRECTION_NONE, 0, 0x1b, 0x01, 0, 0, 0x00, 0);
        ssc_build_rewind(&c, true);
        ck_cdb(c, SCSI_DIRECTION_NONE, 0, 0x01, 0x01, 0, 0, 0, 0);
        ssc_build_read_block_limits(&c);
        ck_cdb(c, SCSI_DIRECTION_IN, 6, 0x05, 0, 0, 0, 0, 0);

        ck_assert_int_eq(ssc_build_read6(&c, false, false, 0x10000), 0);
        ck_cdb(c, SCSI_DIRECTION_IN, 0x10000, 0x08, 0x00, 0x01, 0x00, 0x00, 0);
        ck_assert_int_eq(ssc_build_read6(&c, false, true, 80), 0);
        ck_cdb(c, SCSI_DIRECTION_IN, 80, 0x08, 0x02, 0x00, 0x00, 0x50, 0);
        ck_assert_int_eq(ssc_build_read6(&c, true, false, 2), 0);
        ck_cdb(c, SCSI_DIRECTION_IN, 0, 0x08, 0x01, 0x00, 0x00, 0x02, 0);
        ck_assert_int_eq(ssc_build_read6(&c, true, true, 2), -EINVAL);
        ck_assert_int_eq(ssc_build_read6(&c, false, false, 0x1000000), -EINVAL);
}
END_TEST

START_TEST(test_mmc) {
        ScsiCdb c;

        mmc_build_start_stop_unit(&c, false, true, false);       /* eject */
        ck_cdb(c, SCSI_DIRECTION_NONE, 0, 0x1b, 0x00, 0, 0, 0x02, 0);
        mmc_build_start_stop_unit(&c, true, true, true);         /* load */
        ck_cdb(c, SCSI_DIRECTION_NONE, 0, 0x1b, 0x01, 0, 0, 0x03, 0);

        mmc_build_get_event_status(&c, 1 << MMC_EVENT_CLASS_MEDIA, 8);
        ck_cdb(c, SCSI_DIRECTION_IN, 8, 0x4a, 0x01, 0, 0, 0x10, 0, 0, 0x00, 0x08, 0);
}
END_TEST

START_TEST(test_plan) {
        SmcStatusChunk chunks[8];
        size_t per;
        int n;

        per = smc_elements_per_request(true, false, 4096);
        ck_assert_uint_eq(per, (4096 - 16) / 88);

        n = smc_plan_element_status(0x0400, 100, true, false, 4096, chunks, ELEMENTSOF(chunks));
        ck_assert_int_eq(n, 3);
        ck_assert_uint_eq(chunks[0].start, 0x0400);
        ck_assert_uint_eq(chunks[0].count, per);
        ck_assert_uint_eq(chunks[1].start, 0x0400 + per);
        ck_assert_uint_eq(chunks[2].start + chunks[2].count, 0x0400 + 100);

        /* A request never asks for more elements than the allocation can hold. */
        for (int i = 0; i < n; i++)
                ck_assert_uint_le(16 + chunks[i].count * smc_descriptor_size_max(true, false), 4096);

        ck_assert_int_eq(smc_plan_element_status(1, 0, true, false, 4096, chunks, 8), 0);
        ck_assert_int_eq(smc_plan_element_status(0xfff0, 0x20, true, false, 4096, chunks, 8), -ERANGE);
        ck_assert_int_eq(smc_plan_element_status(0, 10, true, true, 64, chunks, 8), -EINVAL);
        ck_assert_int_eq(smc_plan_element_status(0, 60000, true, false, 4096, chunks, 8), -ENOBUFS);
        n = smc_plan_element_status(0, 0xffff, false, false, 0xffffff, chunks, 8);
        ck_assert_int_eq(n, 1);
        ck_assert_uint_eq(chunks[0].count, 0xffff);
}
END_TEST

static Suite *suite(void) {
        Suite *s = suite_create("builders");
        TCase *tc = tcase_create("cdb");

        tcase_add_test(tc, test_spc);
        tcase_add_test(tc, test_read_element_status);
        tcase_add_test(tc, test_smc_moves);
        tcase_add_test(tc, test_ssc);
        tcase_add_test(tc, test_mmc);
        tcase_add_test(tc, test_plan);
        suite_add_tcase(s, tc);
        return s;
}

RUN_SUITE(suite())
