/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>
#include <time.h>

#include "scsi-command.h"
#include "scsi-util.h"

static int status_to_errno(uint8_t status) {
        switch (status) {
        case SCSI_STATUS_GOOD:
        case SCSI_STATUS_CONDITION_MET:
                return 0;
        case SCSI_STATUS_BUSY:
        case SCSI_STATUS_TASK_SET_FULL:
                return -EAGAIN;
        case SCSI_STATUS_RESERVATION_CONFLICT:
                return -EACCES;
        default:
                return -EIO;
        }
}

int scsi_command_run(ScsiTransport *t, const ScsiCdb *c, void *buf, size_t len, unsigned timeout_ms, ScsiResult *ret) {
        ScsiIo io;
        int r;

        assert(t);
        assert(c);
        assert(ret);
        assert(c->direction == SCSI_DIRECTION_NONE || (buf && len > 0));

        *ret = (ScsiResult) {};

        io = (ScsiIo) {
                .cdb = c->bytes,
                .cdb_len = c->len,
                .direction = c->direction,
                .data = c->direction == SCSI_DIRECTION_NONE ? NULL : buf,
                .data_len = c->direction == SCSI_DIRECTION_NONE ? 0 : len,
                .timeout_ms = timeout_ms,
        };

        r = scsi_transport_execute(t, &io);
        if (r < 0)
                return r;

        ret->status = io.status;
        if (c->direction == SCSI_DIRECTION_IN)
                ret->received = io.data_len - SCSI_MIN(io.residual, io.data_len);

        if (io.status != SCSI_STATUS_CHECK_CONDITION)
                return status_to_errno(io.status);

        /* CHECK CONDITION without decodable sense leaves nothing to act on. */
        if (scsi_sense_decode(io.sense, io.sense_len, &ret->sense) < 0)
                return -EIO;

        return scsi_condition_to_errno(ret->sense.condition);
}

static void sleep_ms(unsigned ms) {
        struct timespec ts = {
                .tv_sec = ms / 1000,
                .tv_nsec = (long) (ms % 1000) * 1000000L,
        };

        while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
                ;
}

int scsi_command_run_retry(ScsiTransport *t, const ScsiRetryPolicy *policy, const ScsiCdb *c, void *buf, size_t len,
                           unsigned timeout_ms, ScsiResult *ret) {
        bool attention = false;
        int r = -EIO;

        assert(policy);
        assert(ret);

        for (unsigned i = 0; i < SCSI_MAX(policy->attempts, 1u); i++) {
                bool busy;

                r = scsi_command_run(t, c, buf, len, timeout_ms, ret);
                if (ret->status == SCSI_STATUS_CHECK_CONDITION && scsi_sense_should_retry(&ret->sense) &&
                    ret->sense.condition != SCSI_CONDITION_BECOMING_READY)
                        attention = true;
                ret->attention = attention;

                if (r != -EAGAIN)
                        return r;

                /* A unit attention is reported once and cleared: retry at once. A unit
                 * becoming ready or a busy one needs a moment. */
                busy = ret->status != SCSI_STATUS_CHECK_CONDITION ||
                       ret->sense.condition == SCSI_CONDITION_BECOMING_READY;
                if (busy && policy->ready_delay_ms > 0 && i + 1 < policy->attempts)
                        sleep_ms(policy->ready_delay_ms);
        }

        return r;
}

int scsi_command_optional(int r, const ScsiResult *result) {
        assert(result);

        if (r < 0 && result->status == SCSI_STATUS_CHECK_CONDITION && scsi_sense_is_unsupported(&result->sense))
                return -EOPNOTSUPP;
        return r;
}
