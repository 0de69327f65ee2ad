/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* What the side and medium states mean for allocation and the life cycle. */

#include <stdbool.h>
#include <stdint.h>

#include "ntmsapi.h"

/* A side that an application holds: it has, or is kept for, a logical medium. */
static inline bool side_state_in_use(uint32_t state) {
        return state == NTMS_PARTSTATE_ALLOCATED ||
               state == NTMS_PARTSTATE_COMPLETE ||
               state == NTMS_PARTSTATE_RESERVED;
}

/* A side that carries a logical medium. */
static inline bool side_state_allocated(uint32_t state) {
        return state == NTMS_PARTSTATE_ALLOCATED || state == NTMS_PARTSTATE_COMPLETE;
}

/* A medium in or on its way to a drive. */
static inline bool medium_state_busy(uint32_t state) {
        return state == NTMS_MEDIASTATE_INUSE ||
               state == NTMS_MEDIASTATE_MOUNTED ||
               state == NTMS_MEDIASTATE_LOADED;
}
