/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "transport-internal.h"

bool scsi_transport_is_iscsi_url(const char *device) {
        assert(device);
        return strncmp(device, "iscsi://", strlen("iscsi://")) == 0;
}

int scsi_transport_open(const char *device, ScsiTransport **ret) {
        assert(ret);

        if (isempty(device))
                return -EINVAL;

        if (scsi_transport_is_iscsi_url(device))
                return scsi_transport_iscsi_open(device, ret);

        return scsi_transport_sg_open(device, ret);
}

ScsiTransport *scsi_transport_free(ScsiTransport *t) {
        if (!t)
                return NULL;

        assert(t->vtable);
        free(t->device);
        t->vtable->free(t);
        return NULL;
}

static bool io_is_valid(const ScsiIo *io) {
        if (!io->cdb || io->cdb_len == 0 || io->cdb_len > SCSI_CDB_MAX)
                return false;

        switch (io->direction) {
        case SCSI_DIRECTION_NONE:
                return io->data_len == 0;
        case SCSI_DIRECTION_IN:
        case SCSI_DIRECTION_OUT:
                return io->data && io->data_len > 0 && io->data_len <= INT32_MAX;
        default:
                return false;
        }
}

int scsi_transport_execute(ScsiTransport *t, ScsiIo *io) {
        assert(t);
        assert(io);

        if (!io_is_valid(io))
                return -EINVAL;

        io->status = 0;
        io->sense_len = 0;
        io->residual = 0;

        return t->vtable->execute(t, io);
}

const char *scsi_transport_device(const ScsiTransport *t) {
        assert(t);
        return t->device;
}

const char *scsi_transport_kind(const ScsiTransport *t) {
        assert(t);
        return t->vtable->kind;
}
