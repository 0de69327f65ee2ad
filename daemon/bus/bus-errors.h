/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The one place where rsmd's negative errno values become the documented
 * errors that callers see (org.ntms.Rsm1.Error.<Name>, from the table in
 * common/ntms-errors.c). */

#include <stdint.h>
#include <systemd/sd-bus.h>

#include "macro.h"

/* What an errno means for one particular call, when that differs from the
 * common meaning (e.g. -ENOENT of the medium in MoveToMediaPool is
 * ERROR_INVALID_MEDIA, not ERROR_OBJECT_NOT_FOUND). Ends with { 0 }. */
typedef struct BusErrnoMap {
        int error;              /* positive errno */
        uint32_t ntms_error;    /* ERROR_* */
        const char *message;
} BusErrnoMap;

/* Sets the named error; returns a negative errno for the method handler to return. */
int bus_error_ntms(sd_bus_error *error, uint32_t ntms_error, const char *format, ...) _printf_(3, 4);

/* Maps r (< 0) through map, then through the common meanings. */
int bus_error_errno(sd_bus_error *error, int r, const BusErrnoMap *map);

/* The entry of map (only) for r (< 0); NULL when it has none. */
const BusErrnoMap *bus_errno_find(const BusErrnoMap *map, int r);

/* The ERROR_* value r (< 0) has through map, then through the common
 * meanings: what an error recorded in an object (a library request's
 * dwErrorCode) says, the same as a reply would. */
uint32_t bus_errno_to_ntms(int r, const BusErrnoMap *map);
