/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* A media changer reached over a transport: layout, inventory and moves, with the
 * retries and the workarounds that real changers (and tgt's virtual one) need. Blocking;
 * meant for a library's worker thread. Not thread-safe: one changer, one thread. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "identify.h"
#include "scsi-command.h"
#include "smc.h"
#include "transport.h"

typedef struct Changer Changer;

typedef struct ChangerInventory {
        SmcAddressAssignment layout;
        SmcElement *elements;   /* by type (transport, storage, I/E, data transfer), then address */
        size_t n_elements;
} ChangerInventory;

void changer_inventory_done(ChangerInventory *inv);
/* The element at an address, or NULL. */
const SmcElement *changer_inventory_find(const ChangerInventory *inv, uint16_t address);

/* Open the device (see scsi_transport_open()) and wrap it. */
int changer_open(const char *device, Changer **ret);
/* Wrap an open transport; the changer owns it from now on, also on failure. */
int changer_new(ScsiTransport *t, Changer **ret);
Changer *changer_free(Changer *c);
DEFINE_TRIVIAL_CLEANUP_FUNC(Changer *, changer_free);
#define _cleanup_changer_ _cleanup_(changer_freep)

void changer_set_retry(Changer *c, const ScsiRetryPolicy *policy);

/* True once after any command saw a unit attention (reset, medium may have changed):
 * the caller should read the inventory again. */
bool changer_take_attention(Changer *c);

int changer_identify(Changer *c, ScsiIdentity *ret);
int changer_test_unit_ready(Changer *c);

int changer_read_layout(Changer *c, SmcAddressAssignment *ret);
int changer_read_capabilities(Changer *c, SmcCapabilities *ret);
int changer_read_geometry(Changer *c, SmcTransportGeometry *ret);

/* Element status of one type: the count elements with the lowest addresses from first
 * on, as READ ELEMENT STATUS counts them (addresses may have gaps), appended to list in
 * address order, one per address. Requests are sized to the allocation length and
 * repeated from past the highest address delivered whole; descriptors may arrive in any
 * order. Only descriptors of the asked type are kept; addresses come from the
 * descriptors, never from the reply header. */
int changer_read_elements(Changer *c, SmcElementType type, uint16_t first, uint16_t count, SmcElementList *list);

/* Layout plus the status of every element, one element type per request series. */
int changer_read_inventory(Changer *c, ChangerInventory *ret);

/* -ENOENT: source empty, -EEXIST: destination full, other negative errno otherwise. */
int changer_move_medium(Changer *c, uint16_t transport, uint16_t source, uint16_t destination, bool invert);

/* The optional commands: -EOPNOTSUPP when the device rejects them as unsupported, so the
 * caller can fall back (two moves instead of an exchange, a door that cannot be locked). */
int changer_exchange_medium(Changer *c, uint16_t transport, uint16_t source, uint16_t destination1,
                            uint16_t destination2, bool invert1, bool invert2);
int changer_prevent_removal(Changer *c, bool prevent);
int changer_position_to_element(Changer *c, uint16_t transport, uint16_t destination, bool invert);
int changer_initialize_element_status(Changer *c);
int changer_initialize_element_status_range(Changer *c, uint16_t first, uint16_t count);
