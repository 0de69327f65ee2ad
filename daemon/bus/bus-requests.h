/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Library requests as callers see them: what each outcome of a request
 * means (its reply and its dwErrorCode are the same ERROR_*), and who asked. */

#include <stdint.h>
#include <systemd/sd-bus.h>

#include "bus/bus-errors.h"
#include "bus/bus-session.h"
#include "queue/queue.h"

/* The dwErrorCode of a library request that ended with r; the queue records
 * it (see queue_manager_new()). */
uint32_t bus_request_error_code(int r);

/* Sets the error for r: through map (the call's own meanings), then what a
 * request's outcome means, then the common meanings. */
int bus_error_request(sd_bus_error *error, int r, const BusErrnoMap *map);

/* The caller of a call, as its library requests record it; user receives
 * the user name (or the uid when it has none). */
#define BUS_USER_MAX 64
void bus_call_requester(const BusCall *call, char user[static BUS_USER_MAX], QueueCaller *ret);
