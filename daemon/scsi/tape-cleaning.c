/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>

#include "spc.h"
#include "ssc.h"
#include "tape-cleaning.h"
#include "tape.h"

#define TIMEOUT_SHORT_MS  (30u * 1000u)

/* The 64 parameters of five bytes each after the header, with room for drives that
 * send more than they need to. */
#define TAPEALERT_ALLOC 1024u

/* A unit attention is reported once: asking again at once sees what lies beneath. */
static const ScsiRetryPolicy retry_attention = {
        .attempts = 3,
        .ready_delay_ms = 0,
};

/* scsi_command_run() leaves the status GOOD when no status came back at all. */
static bool reached_drive(int r, const ScsiResult *result) {
        return r >= 0 || result->status != SCSI_STATUS_GOOD;
}

/* *ret_reached tells a drive that answered, however, from one that could not be
 * reached at all. */
static int read_tapealert(ScsiTransport *t, const ScsiRetryPolicy *policy, TapeAlert *ret, bool *ret_reached) {
        uint8_t buf[TAPEALERT_ALLOC];
        ScsiResult result;
        ScsiCdb c;
        int r;

        r = spc_build_log_sense(&c, SPC_LOG_CUMULATIVE, TAPEALERT_LOG_PAGE, 0, sizeof(buf));
        assert(r >= 0);

        r = scsi_command_run_retry(t, policy, &c, buf, sizeof(buf), TIMEOUT_SHORT_MS, &result);
        *ret_reached = reached_drive(r, &result);
        r = scsi_command_optional(r, &result);
        if (r < 0)
                return r;

        return tapealert_parse(buf, result.received, ret);
}

int tape_read_tapealert(ScsiTransport *t, const ScsiRetryPolicy *policy, TapeAlert *ret) {
        bool reached;

        assert(ret);

        *ret = (TapeAlert) {};
        return read_tapealert(t, policy, ret, &reached);
}

int tape_cleaning_wanted(ScsiTransport *t, bool *ret) {
        ScsiResult result;
        TapeAlert alert = {};
        bool reached;
        ScsiCdb c;
        int r;

        assert(ret);

        *ret = false;

        r = read_tapealert(t, &retry_attention, &alert, &reached);
        if (r < 0 && !reached)
                return r;
        if (r >= 0 && tapealert_wants_cleaning(alert.flags))
                *ret = true;

        /* Drives without TapeAlert, and some with it, say so in the sense of whatever
         * command comes next, successful or not. */
        ssc_build_test_unit_ready(&c);
        r = scsi_command_run_retry(t, &retry_attention, &c, NULL, 0, TIMEOUT_SHORT_MS, &result);
        if (r < 0 && !reached_drive(r, &result))
                return r;
        if (result.status == SCSI_STATUS_CHECK_CONDITION && scsi_sense_cleaning_requested(&result.sense))
                *ret = true;

        return 0;
}

static int send_load(ScsiTransport *t, TapeCleaning *c);

/* What a failed TEST UNIT READY or LOAD says about the cleaning under way. */
static int judge_failure(ScsiTransport *t, TapeCleaning *c, int r, const ScsiResult *result) {
        if (!reached_drive(r, result))
                return r;

        /* BUSY, TASK SET FULL: at work. */
        if (result->status != SCSI_STATUS_CHECK_CONDITION)
                return r == -EAGAIN ? 0 : r;

        switch (result->sense.condition) {
        case SCSI_CONDITION_NO_MEDIUM:
                return 1;
        case SCSI_CONDITION_CLEANING_CARTRIDGE:
        case SCSI_CONDITION_BECOMING_READY:
        case SCSI_CONDITION_UNIT_ATTENTION:
        case SCSI_CONDITION_POWER_ON_RESET:
        case SCSI_CONDITION_MEDIUM_CHANGED:
                return 0;
        case SCSI_CONDITION_NOT_READY:
                return c->load_sent ? 0 : send_load(t, c);
        case SCSI_CONDITION_CLEANING_FAILED:
                return -EIO;
        case SCSI_CONDITION_CLEANER_EXPIRED:
                return -EMEDIUMTYPE;
        default:
                return r;
        }
}

static int send_load(ScsiTransport *t, TapeCleaning *c) {
        ScsiResult result;
        ScsiCdb cdb;
        int r;

        c->load_sent = true;

        /* Immediate: the cleaning it starts is watched by the looks that follow. */
        ssc_build_load_unload(&cdb, true, true);
        r = scsi_command_run(t, &cdb, NULL, 0, TIMEOUT_SHORT_MS, &result);
        if (r >= 0)
                return 0;

        return judge_failure(t, c, r, &result);
}

int tape_cleaning_poll(ScsiTransport *t, TapeCleaning *c) {
        ScsiResult result;
        ScsiCdb cdb;
        int r;

        assert(c);

        /* One try: whatever asks for another is "at work", and the caller's pause
         * comes before it. */
        ssc_build_test_unit_ready(&cdb);
        r = scsi_command_run(t, &cdb, NULL, 0, TIMEOUT_SHORT_MS, &result);
        if (r >= 0)
                return 1;

        return judge_failure(t, c, r, &result);
}

int tape_cleaning_finish(ScsiTransport *t, int r, uint64_t *ret_flags) {
        TapeAlert alert = {};
        int q;

        assert(r <= 0);

        /* Before the unload: drives may clear what they say of a cartridge once it
         * has left. */
        q = tape_read_tapealert(t, &retry_attention, &alert);
        if (q >= 0 && tapealert_cleaner_at_fault(alert.flags) && (r == 0 || r == -EIO))
                r = -EMEDIUMTYPE;
        if (ret_flags)
                *ret_flags = alert.flags;

        q = tape_load(t, &SCSI_RETRY_DEFAULT, false);
        if (q == -ENOMEDIUM)
                q = 0;

        return r < 0 ? r : q;
}
