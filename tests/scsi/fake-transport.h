/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* A transport whose device is a function: tests script replies without hardware. */

#include <stddef.h>
#include <stdint.h>

#include "transport.h"

typedef int (*FakeHandler)(void *userdata, ScsiIo *io);

int fake_transport_new(FakeHandler handler, void *userdata, ScsiTransport **ret);

/* Reply helpers for handlers. */
void fake_reply_sense(ScsiIo *io, uint8_t key, uint8_t asc, uint8_t ascq);
void fake_reply_data(ScsiIo *io, const void *data, size_t len);
