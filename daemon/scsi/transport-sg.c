/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Linux SG_IO through sg3_utils' pass-through layer, which handles both the sg driver
 * (/dev/sg*) and the block SCSI generic nodes (/dev/bsg/...). */

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <scsi/sg_pt.h>

#include "scsi-util.h"
#include "transport-internal.h"

typedef struct SgTransport {
        ScsiTransport base;
        int fd;
} SgTransport;

static void pt_objp(struct sg_pt_base **p) {
        if (*p)
                destruct_scsi_pt_obj(*p);
}

static int sg_result(struct sg_pt_base *pt, int r) {
        /* do_scsi_pt(): negative errno if the command could not be submitted,
         * positive SCSI_PT_DO_* codes for the other failures. */
        if (r < 0)
                return r;
        if (r == SCSI_PT_DO_TIMEOUT)
                return -ETIMEDOUT;
        if (r == SCSI_PT_DO_BAD_PARAMS)
                return -EINVAL;
        if (r != 0)
                return -EIO;

        switch (get_scsi_pt_result_category(pt)) {
        case SCSI_PT_RESULT_TRANSPORT_ERR:
                return -EIO;
        case SCSI_PT_RESULT_OS_ERR: {
                int e = get_scsi_pt_os_err(pt);
                return e > 0 ? -e : -EIO;
        }
        default:
                return 0;
        }
}

static int sg_execute(ScsiTransport *t, ScsiIo *io) {
        SgTransport *s = (SgTransport *) t;
        _cleanup_(pt_objp) struct sg_pt_base *pt = NULL;
        int r, resid, sense_len;

        pt = construct_scsi_pt_obj_with_fd(s->fd, 0);
        if (!pt)
                return -ENOMEM;

        set_scsi_pt_cdb(pt, io->cdb, (int) io->cdb_len);
        set_scsi_pt_sense(pt, io->sense, (int) sizeof(io->sense));
        if (io->direction == SCSI_DIRECTION_IN)
                set_scsi_pt_data_in(pt, io->data, (int) io->data_len);
        else if (io->direction == SCSI_DIRECTION_OUT)
                set_scsi_pt_data_out(pt, io->data, (int) io->data_len);

        r = sg_result(pt, do_scsi_pt(pt, -1, scsi_timeout_seconds(io->timeout_ms), 0));
        if (r < 0)
                return r;

        io->status = (uint8_t) get_scsi_pt_status_response(pt);

        sense_len = get_scsi_pt_sense_len(pt);
        io->sense_len = sense_len > 0 ? SCSI_MIN((size_t) sense_len, sizeof(io->sense)) : 0;

        /* A residual outside [0, data_len] would be a driver bug; never let it make a
         * parser believe more bytes arrived than the buffer holds. */
        resid = get_scsi_pt_resid(pt);
        io->residual = resid > 0 ? SCSI_MIN((size_t) resid, io->data_len) : 0;
        return 0;
}

static void sg_free(ScsiTransport *t) {
        SgTransport *s = (SgTransport *) t;

        if (s->fd >= 0)
                scsi_pt_close_device(s->fd);
        free(s);
}

static const ScsiTransportVTable sg_vtable = {
        .kind = "sg",
        .execute = sg_execute,
        .free = sg_free,
};

int scsi_transport_sg_open(const char *device, ScsiTransport **ret) {
        _cleanup_free_ SgTransport *s = NULL;
        int fd;

        assert(device);
        assert(ret);

        s = calloc(1, sizeof(SgTransport));
        if (!s)
                return -ENOMEM;

        s->base.device = strdup(device);
        if (!s->base.device)
                return -ENOMEM;

        /* Read-write: MOVE MEDIUM and LOAD UNLOAD are not read-only commands for the sg
         * driver's permission check. */
        fd = scsi_pt_open_device(device, false, 0);
        if (fd < 0) {
                free(s->base.device);
                return fd;
        }

        s->base.vtable = &sg_vtable;
        s->fd = fd;
        *ret = &TAKE_PTR(s)->base;
        return 0;
}
