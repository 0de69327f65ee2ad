/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fake-transport.h"
#include "sense.h"
#include "transport-internal.h"

typedef struct FakeTransport {
        ScsiTransport base;
        FakeHandler handler;
        void *userdata;
} FakeTransport;

static int fake_execute(ScsiTransport *t, ScsiIo *io) {
        FakeTransport *f = (FakeTransport *) t;

        return f->handler(f->userdata, io);
}

static void fake_free(ScsiTransport *t) {
        free(t);
}

static const ScsiTransportVTable fake_vtable = {
        .kind = "fake",
        .execute = fake_execute,
        .free = fake_free,
};

int fake_transport_new(FakeHandler handler, void *userdata, ScsiTransport **ret) {
        FakeTransport *f;

        f = calloc(1, sizeof(FakeTransport));
        if (!f)
                return -ENOMEM;

        f->base.vtable = &fake_vtable;
        f->base.device = strdup("fake");
        f->handler = handler;
        f->userdata = userdata;
        *ret = &f->base;
        return 0;
}

void fake_reply_sense(ScsiIo *io, uint8_t key, uint8_t asc, uint8_t ascq) {
        memset(io->sense, 0, 18);
        io->sense[0] = 0x70;
        io->sense[2] = key;
        io->sense[7] = 10;
        io->sense[12] = asc;
        io->sense[13] = ascq;
        io->sense_len = 18;
        io->status = SCSI_STATUS_CHECK_CONDITION;
        io->residual = io->data_len;
}

void fake_reply_data(ScsiIo *io, const void *data, size_t len) {
        size_t n = len < io->data_len ? len : io->data_len;

        memcpy(io->data, data, n);
        io->status = SCSI_STATUS_GOOD;
        io->residual = io->data_len - n;
}
