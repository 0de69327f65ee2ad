/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* iSCSI through libiscsi, for iSCSI-attached libraries and virtual tape libraries.
 *
 * The command runs on libiscsi's asynchronous interface under our own poll loop, so that
 * a deadline holds even when the target falls silent (the library's synchronous helpers
 * only look at timeouts while traffic flows). A command that misses its deadline tears
 * the session down; the next command logs in again. */

#include <assert.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <iscsi/iscsi.h>
#include <iscsi/scsi-lowlevel.h>

#include "scsi-util.h"
#include "transport-internal.h"

#define RSMD_ISCSI_INITIATOR "iqn.2026-11.org.ntms:rsmd"
#define LOGOUT_TIMEOUT_MS 5000u

typedef struct IscsiTransport {
        ScsiTransport base;
        struct iscsi_context *ctx;      /* NULL while disconnected */
        int lun;
} IscsiTransport;

typedef struct Pending {
        bool done;
        int status;
} Pending;

static void url_freep(struct iscsi_url **u) {
        if (*u)
                iscsi_destroy_url(*u);
}

static void task_freep(struct scsi_task **t) {
        if (*t)
                scsi_free_scsi_task(*t);
}

static void disconnect(IscsiTransport *s) {
        if (!s->ctx)
                return;

        /* Destroying the context completes every queued task with
         * SCSI_STATUS_CANCELLED; the tasks themselves stay ours to free. */
        iscsi_destroy_context(s->ctx);
        s->ctx = NULL;
}

static int connect_session(IscsiTransport *s) {
        _cleanup_(url_freep) struct iscsi_url *u = NULL;
        struct iscsi_context *ctx;

        assert(!s->ctx);

        ctx = iscsi_create_context(RSMD_ISCSI_INITIATOR);
        if (!ctx)
                return -ENOMEM;

        u = iscsi_parse_full_url(ctx, s->base.device);
        if (!u) {
                iscsi_destroy_context(ctx);
                return -EINVAL;
        }

        if (iscsi_set_targetname(ctx, u->target) < 0 ||
            iscsi_set_session_type(ctx, ISCSI_SESSION_NORMAL) < 0 ||
            iscsi_set_header_digest(ctx, ISCSI_HEADER_DIGEST_NONE_CRC32C) < 0 ||
            (u->user[0] && iscsi_set_initiator_username_pwd(ctx, u->user, u->passwd) < 0)) {
                iscsi_destroy_context(ctx);
                return -EINVAL;
        }

        if (iscsi_full_connect_sync(ctx, u->portal, u->lun) != 0) {
                iscsi_destroy_context(ctx);
                return -ECONNREFUSED;
        }

        s->ctx = ctx;
        s->lun = u->lun;
        return 0;
}

static void command_done(struct iscsi_context *ctx _unused_, int status, void *command_data _unused_, void *userdata) {
        Pending *p = userdata;

        p->done = true;
        p->status = status;
}

static int64_t now_ms(void) {
        struct timespec ts;

        (void) clock_gettime(CLOCK_MONOTONIC, &ts);
        return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Drive the session until the command completes or the deadline passes. */
static int wait_for(IscsiTransport *s, Pending *p, unsigned timeout_ms) {
        int64_t deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 60000);

        while (!p->done) {
                struct pollfd pfd = {
                        .fd = iscsi_get_fd(s->ctx),
                        .events = (short) iscsi_which_events(s->ctx),
                };
                int64_t left = deadline - now_ms();
                int r;

                if (left <= 0)
                        return -ETIMEDOUT;

                r = poll(&pfd, 1, (int) SCSI_MIN(left, (int64_t) 1000));
                if (r < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }

                /* Called on quiet wake-ups too, so libiscsi runs its own NOP and
                 * reconnect timers. */
                if (iscsi_service(s->ctx, r > 0 ? pfd.revents : 0) < 0)
                        return -EIO;
        }

        return 0;
}

static void copy_sense(const struct scsi_task *task, ScsiIo *io) {
        size_t n;

        /* For CHECK CONDITION the data segment is the SENSE LENGTH field followed by
         * the sense bytes (iSCSI, RFC 7143). */
        if (!task->datain.data || task->datain.size < 2)
                return;

        n = scsi_get_be16(task->datain.data);
        n = SCSI_MIN(n, (size_t) task->datain.size - 2);
        n = SCSI_MIN(n, sizeof(io->sense));
        memcpy(io->sense, task->datain.data + 2, n);
        io->sense_len = n;
}

static int iscsi_execute(ScsiTransport *t, ScsiIo *io) {
        IscsiTransport *s = (IscsiTransport *) t;
        _cleanup_(task_freep) struct scsi_task *task = NULL;
        struct iscsi_data out = {};
        uint8_t cdb[SCSI_CDB_MAX];
        Pending p = {};
        int r, dir;

        if (!s->ctx) {
                r = connect_session(s);
                if (r < 0)
                        return r;
        }

        memcpy(cdb, io->cdb, io->cdb_len);
        dir = io->direction == SCSI_DIRECTION_IN ? SCSI_XFER_READ :
              io->direction == SCSI_DIRECTION_OUT ? SCSI_XFER_WRITE : SCSI_XFER_NONE;

        task = scsi_create_task((int) io->cdb_len, cdb, dir, (int) io->data_len);
        if (!task)
                return -ENOMEM;

        if (io->direction == SCSI_DIRECTION_IN &&
            scsi_task_add_data_in_buffer(task, (int) io->data_len, io->data) < 0)
                return -ENOMEM;
        if (io->direction == SCSI_DIRECTION_OUT)
                out = (struct iscsi_data) {
                        .size = io->data_len,
                        .data = io->data,
                };

        if (iscsi_scsi_command_async(s->ctx, s->lun, task, command_done,
                                     io->direction == SCSI_DIRECTION_OUT ? &out : NULL, &p) < 0) {
                disconnect(s);
                return -ENOTCONN;
        }

        r = wait_for(s, &p, io->timeout_ms);
        if (r < 0) {
                disconnect(s);
                return r;
        }

        switch (p.status) {
        case SCSI_STATUS_CANCELLED:
        case SCSI_STATUS_ERROR:
                disconnect(s);
                return -EIO;
        case SCSI_STATUS_TIMEOUT:
                disconnect(s);
                return -ETIMEDOUT;
        default:
                break;
        }

        io->status = (uint8_t) p.status;
        if (p.status == SCSI_STATUS_CHECK_CONDITION)
                copy_sense(task, io);
        if (task->residual_status == SCSI_RESIDUAL_UNDERFLOW)
                io->residual = SCSI_MIN(task->residual, io->data_len);

        return 0;
}

static void iscsi_free(ScsiTransport *t) {
        IscsiTransport *s = (IscsiTransport *) t;

        /* A polite logout, but bounded: a target that does not answer must not keep a
         * worker thread from shutting down. */
        if (s->ctx) {
                Pending p = {};

                if (iscsi_logout_async(s->ctx, command_done, &p) == 0)
                        (void) wait_for(s, &p, LOGOUT_TIMEOUT_MS);
        }
        disconnect(s);
        free(s);
}

static const ScsiTransportVTable iscsi_vtable = {
        .kind = "iscsi",
        .execute = iscsi_execute,
        .free = iscsi_free,
};

int scsi_transport_iscsi_open(const char *url, ScsiTransport **ret) {
        _cleanup_free_ IscsiTransport *s = NULL;
        int r;

        assert(url);
        assert(ret);

        s = calloc(1, sizeof(IscsiTransport));
        if (!s)
                return -ENOMEM;

        s->base.vtable = &iscsi_vtable;
        s->base.device = strdup(url);
        if (!s->base.device)
                return -ENOMEM;

        /* Log in now, so that a wrong URL or an unreachable target shows at open. */
        r = connect_session(s);
        if (r < 0) {
                free(s->base.device);
                return r;
        }

        *ret = &TAKE_PTR(s)->base;
        return 0;
}
