/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* What a transport implementation provides. Not for users of the transport. */

#include <stdbool.h>

#include "transport.h"

typedef struct ScsiTransportVTable {
        const char *kind;
        int (*execute)(ScsiTransport *t, ScsiIo *io);
        void (*free)(ScsiTransport *t);
} ScsiTransportVTable;

/* Every implementation embeds this as its first member. */
struct ScsiTransport {
        const ScsiTransportVTable *vtable;
        char *device;
};

int scsi_transport_sg_open(const char *device, ScsiTransport **ret);
int scsi_transport_iscsi_open(const char *url, ScsiTransport **ret);
bool scsi_transport_is_iscsi_url(const char *device);

/* The timeout in whole seconds that the pass-through APIs take, rounded up. */
static inline int scsi_timeout_seconds(unsigned timeout_ms) {
        return (int) ((timeout_ms + 999) / 1000);
}
