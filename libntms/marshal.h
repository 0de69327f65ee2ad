/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* NTMS_OBJECTINFORMATIONA/W ↔ a{sv}. The names and D-Bus signatures come
 * from the shared field table (common/ntms-fields.h); where each field sits
 * in the A and in the W structure is this file's own business. */

#include <stdbool.h>
#include <stddef.h>
#include <systemd/sd-bus.h>

#include "ntmsapi.h"
#include "ntms-fields.h"

/* The structure the caller must have set dwSize to. */
size_t marshal_info_size(bool wide);

/* Where the field of this type lives in the A or W structure. False when
 * the type has no such field (unit tests walk the table with this). */
bool marshal_field_offset(uint32_t type, const char *name, bool wide, size_t *ret);

/* Reads an a{sv} reply into info, whose dwSize and dwType the caller set;
 * everything else is cleared first, so a field rsmd does not send reads as
 * zero. Keys that are unknown for the type are skipped (a newer rsmd may
 * send more). */
DWORD marshal_read_info(sd_bus_message *m, void *info, bool wide);

/* Appends an a{sv} with the fields of info (of info->dwType) for which
 * want() says yes. Text is checked: a string without a NUL inside its array,
 * invalid UTF-8 or an invalid wide character is ERROR_INVALID_PARAMETER. */
typedef bool (*FieldFilter)(const NtmsField *f, const void *userdata);
DWORD marshal_append_info(sd_bus_message *m, const void *info, bool wide,
                          FieldFilter want, const void *userdata);

bool marshal_want_settable(const NtmsField *f, const void *userdata);

/* userdata is a NULL-terminated array of field names. */
bool marshal_want_named(const NtmsField *f, const void *userdata);

/* The common header fields through either structure. */
static inline DWORD info_size(const void *info) {
        return ((const NTMS_OBJECTINFORMATIONA *) info)->dwSize;
}
static inline DWORD info_type(const void *info) {
        return ((const NTMS_OBJECTINFORMATIONA *) info)->dwType;
}
NTMS_GUID *info_object_guid(void *info, bool wide);
