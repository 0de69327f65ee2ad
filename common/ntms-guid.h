/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* GUIDs cross the bus and sit in the database in their canonical text form,
 * xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, lower case. The binary layout is the
 * Windows one (Data1..Data4), so the text form matches what Windows prints. */

#include <stdbool.h>
#include <stdint.h>

#define NTMS_GUID_STRING_MAX 37 /* 36 characters and the NUL */

typedef struct NtmsGuidBytes {
        uint32_t data1;
        uint16_t data2;
        uint16_t data3;
        uint8_t data4[8];
} NtmsGuidBytes;

/* Writes 36 characters and a NUL into buf. */
void ntms_guid_to_string(const NtmsGuidBytes *g, char buf[static NTMS_GUID_STRING_MAX]);

/* Strict: exactly 36 characters, hyphens in place, hex digits of either case.
 * Returns 0 or -EINVAL. */
int ntms_guid_from_string(const char *s, NtmsGuidBytes *ret);

/* True when s is a canonical GUID (any case). */
bool ntms_guid_string_valid(const char *s);

/* Random version 4 GUID from getrandom(). Returns 0 or negative errno. */
int ntms_guid_new(NtmsGuidBytes *ret);

/* Same, straight into text. */
int ntms_guid_new_string(char buf[static NTMS_GUID_STRING_MAX]);

bool ntms_guid_is_null(const NtmsGuidBytes *g);
