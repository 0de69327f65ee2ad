/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The one table that maps documented ERROR_* values to the named D-Bus errors
 * rsmd sends (org.ntms.Rsm1.Error.<Name>) and back. rsmd uses it at the API
 * edge; libntms uses it to turn a reply back into the DWORD the caller sees. */

#include <stdint.h>

typedef struct NtmsErrorInfo {
        uint32_t value;         /* the documented ERROR_* value */
        const char *name;       /* "ERROR_INVALID_MEDIA" */
        const char *bus_name;   /* "org.ntms.Rsm1.Error.InvalidMedia" */
} NtmsErrorInfo;

/* NULL when the value is not in the table. */
const NtmsErrorInfo *ntms_error_by_value(uint32_t value);

/* By D-Bus error name; also knows the standard org.freedesktop.DBus.Error
 * names that the bus itself (not rsmd) may send. NULL when unknown. */
const NtmsErrorInfo *ntms_error_by_bus_name(const char *bus_name);

/* By "ERROR_..." name, for the CLI and tests. NULL when unknown. */
const NtmsErrorInfo *ntms_error_by_name(const char *name);

/* "ERROR_..." for a value, or "ERROR_<number>" style text in a static buffer
 * per thread when the value is unknown. Never NULL. */
const char *ntms_error_name(uint32_t value);

/* The table itself, for tests that walk it. */
const NtmsErrorInfo *ntms_error_table(unsigned *ret_count);
