/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Running a built CDB over a transport: status and sense turned into one negative errno,
 * plus the retries every command needs after a unit attention. */

#include <stdbool.h>
#include <stddef.h>

#include "scsi-cdb.h"
#include "sense.h"
#include "transport.h"

typedef struct ScsiRetryPolicy {
        unsigned attempts;              /* total tries for one command, at least 1 */
        unsigned ready_delay_ms;        /* pause before retrying a unit becoming ready or busy */
} ScsiRetryPolicy;

#define SCSI_RETRY_DEFAULT ((ScsiRetryPolicy) { .attempts = 5, .ready_delay_ms = 1000 })

typedef struct ScsiResult {
        uint8_t status;
        ScsiSense sense;        /* condition OK when the status was GOOD */
        size_t received;        /* data-in bytes that arrived */
        bool attention;         /* a unit attention was reported on the way (medium may have moved) */
} ScsiResult;

/* One attempt. 0 on GOOD (or a recovered error), else a negative errno: the condition's
 * (scsi_condition_to_errno()), -EAGAIN for BUSY/TASK SET FULL, -EACCES for a reservation
 * conflict, -EIO for anything else, or the transport's error. buf/len is the data buffer
 * (len bounds the transfer; NULL/0 for commands without data). */
int scsi_command_run(ScsiTransport *t, const ScsiCdb *c, void *buf, size_t len, unsigned timeout_ms, ScsiResult *ret);

/* As scsi_command_run(), repeated while the device reports a unit attention, becoming
 * ready or busy, at most policy->attempts times. */
int scsi_command_run_retry(ScsiTransport *t, const ScsiRetryPolicy *policy, const ScsiCdb *c, void *buf, size_t len,
                           unsigned timeout_ms, ScsiResult *ret);

/* For an optional command: a rejection as unsupported becomes -EOPNOTSUPP. */
int scsi_command_optional(int r, const ScsiResult *result);
