/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>
#include <stdlib.h>

#include "spc.h"
#include "tape.h"

#define TIMEOUT_SHORT_MS   (30u * 1000u)
#define TIMEOUT_MOTION_MS  (15u * 60u * 1000u)   /* a full rewind of a long tape */
/* Labels are 80 bytes; ask for more so that a large first block reads without a
 * CHECK CONDITION for an overlength block on most drives. */
#define LABEL_READ_LEN     (64u * 1024u)

static int run_none(ScsiTransport *t, const ScsiRetryPolicy *policy, const ScsiCdb *c, unsigned timeout_ms) {
        ScsiResult result;

        return scsi_command_run_retry(t, policy, c, NULL, 0, timeout_ms, &result);
}

int tape_test_unit_ready(ScsiTransport *t, const ScsiRetryPolicy *policy) {
        ScsiCdb c;

        ssc_build_test_unit_ready(&c);
        return run_none(t, policy, &c, TIMEOUT_SHORT_MS);
}

int tape_load(ScsiTransport *t, const ScsiRetryPolicy *policy, bool load) {
        ScsiCdb c;

        ssc_build_load_unload(&c, load, false);
        return run_none(t, policy, &c, TIMEOUT_MOTION_MS);
}

int tape_rewind(ScsiTransport *t, const ScsiRetryPolicy *policy) {
        ScsiCdb c;

        ssc_build_rewind(&c, false);
        return run_none(t, policy, &c, TIMEOUT_MOTION_MS);
}

int tape_prevent_removal(ScsiTransport *t, const ScsiRetryPolicy *policy, bool prevent) {
        ScsiResult result;
        ScsiCdb c;
        int r;

        spc_build_prevent_allow(&c, prevent);
        r = scsi_command_run_retry(t, policy, &c, NULL, 0, TIMEOUT_SHORT_MS, &result);
        return scsi_command_optional(r, &result);
}

int tape_read_block_limits(ScsiTransport *t, const ScsiRetryPolicy *policy, SscBlockLimits *ret) {
        ScsiResult result;
        uint8_t buf[6];
        ScsiCdb c;
        int r;

        ssc_build_read_block_limits(&c);
        r = scsi_command_run_retry(t, policy, &c, buf, sizeof(buf), TIMEOUT_SHORT_MS, &result);
        if (r < 0)
                return r;

        return ssc_parse_block_limits(buf, result.received, ret);
}

int tape_read_label(ScsiTransport *t, const ScsiRetryPolicy *policy, TapeLabel *ret) {
        _cleanup_free_ uint8_t *buf = NULL;
        ScsiResult result;
        ScsiCdb c;
        int r, q;

        assert(ret);

        r = tape_rewind(t, policy);
        if (r < 0)
                return r;

        buf = malloc(LABEL_READ_LEN);
        if (!buf)
                return -ENOMEM;

        r = ssc_build_read6(&c, false, false, LABEL_READ_LEN);
        assert(r >= 0);

        /* Not retried: a READ moves the tape, so the second try would not read the
         * first block. A failure of any kind is for the label recogniser to judge. */
        r = scsi_command_run(t, &c, buf, LABEL_READ_LEN, TIMEOUT_MOTION_MS, &result);
        if (r < 0 && result.status != SCSI_STATUS_CHECK_CONDITION)
                return r;

        q = ssc_recognize_label(buf, result.received,
                                result.status == SCSI_STATUS_CHECK_CONDITION ? &result.sense : NULL, ret);

        /* Leave the tape at its beginning for whoever mounts it. */
        r = tape_rewind(t, policy);
        return q < 0 ? q : r;
}
