/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The one way the SCSI layer reaches a device: execute a CDB, get back status, sense
 * and residual. Everything above knows nothing of how the bytes travel. */

#include <stddef.h>
#include <stdint.h>

#include "macro.h"
#include "scsi-cdb.h"

#define SCSI_SENSE_MAX 252

typedef struct ScsiTransport ScsiTransport;

typedef struct ScsiIo {
        /* request */
        const uint8_t *cdb;
        size_t cdb_len;
        ScsiDirection direction;
        void *data;
        size_t data_len;
        unsigned timeout_ms;

        /* reply, valid when scsi_transport_execute() returns 0 */
        uint8_t status;                 /* SAM status byte */
        uint8_t sense[SCSI_SENSE_MAX];
        size_t sense_len;
        size_t residual;                /* bytes of data_len not transferred */
} ScsiIo;

/* Open a device by name: "iscsi://host[:port]/target-iqn/lun" through libiscsi, any
 * other string (/dev/sg*, /dev/bsg/...) through Linux SG_IO. */
int scsi_transport_open(const char *device, ScsiTransport **ret);

ScsiTransport *scsi_transport_free(ScsiTransport *t);
DEFINE_TRIVIAL_CLEANUP_FUNC(ScsiTransport *, scsi_transport_free);
#define _cleanup_scsi_transport_ _cleanup_(scsi_transport_freep)

/* Run one command. 0 means a status came back (any status: GOOD, CHECK CONDITION with
 * sense, BUSY ...); a negative errno means the command did not complete: -ETIMEDOUT,
 * -ENOTCONN, -EIO for a transport failure, -EINVAL for a malformed request. */
int scsi_transport_execute(ScsiTransport *t, ScsiIo *io);

const char *scsi_transport_device(const ScsiTransport *t);
const char *scsi_transport_kind(const ScsiTransport *t);
