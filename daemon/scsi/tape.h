/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* A tape drive reached over a transport: load, unload, rewind, and what the tape says
 * about itself. Blocking; for a worker thread. The caller keeps the transport. */

#include <stdbool.h>

#include "scsi-command.h"
#include "ssc.h"
#include "transport.h"

int tape_test_unit_ready(ScsiTransport *t, const ScsiRetryPolicy *policy);
int tape_load(ScsiTransport *t, const ScsiRetryPolicy *policy, bool load);
int tape_rewind(ScsiTransport *t, const ScsiRetryPolicy *policy);
/* -EOPNOTSUPP if the drive rejects medium removal prevention. */
int tape_prevent_removal(ScsiTransport *t, const ScsiRetryPolicy *policy, bool prevent);
int tape_read_block_limits(ScsiTransport *t, const ScsiRetryPolicy *policy, SscBlockLimits *ret);

/* Rewind, read the first block in variable-block mode, recognise it, rewind again. */
int tape_read_label(ScsiTransport *t, const ScsiRetryPolicy *policy, TapeLabel *ret);
