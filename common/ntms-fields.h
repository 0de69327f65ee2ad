/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Object information crosses the bus as a{sv}: one entry per documented field
 * of NTMS_OBJECTINFORMATION and of the Info member for the object's type,
 * keyed by the documented field name. This table lists them with their D-Bus
 * signature and whether SetNtmsObjectInformation may change them. rsmd checks
 * SetObjectInformation input against it; libntms walks it to marshal.
 *
 * Signatures: DWORD "u", WORD "q", BOOL "b", GUID "s" (canonical text),
 * CHAR/WCHAR arrays "s" (UTF-8), SYSTEMTIME "t" (microseconds since the epoch,
 * UTC), LARGE_INTEGER "x", BYTE arrays "ay". Reserved fields never cross. */

#include <stdbool.h>
#include <stdint.h>

typedef struct NtmsField {
        const char *name;       /* documented field name, e.g. "dwMaxAllocates" */
        const char *signature;  /* one complete D-Bus type */
        bool settable;          /* changeable through SetNtmsObjectInformation */
        uint32_t max_chars;     /* for strings: the documented array length incl. NUL; else 0 */
} NtmsField;

/* Fields every object has (dwSize is a client-side matter and never crosses). */
const NtmsField *ntms_common_fields(unsigned *ret_count);

/* Fields of the Info member for a NtmsObjectsTypes value; NULL and 0 for a
 * type that has no Info member (NTMS_OBJECT, NTMS_UNKNOWN, ...). */
const NtmsField *ntms_info_fields(uint32_t type, unsigned *ret_count);

/* Looks a field up among the common and the type's fields. */
const NtmsField *ntms_field_find(uint32_t type, const char *name);

/* "NTMS_MEDIA_POOL" for 12, NULL for a value outside the enumeration. */
const char *ntms_object_type_name(uint32_t type);

/* True for a type that exists in the object model (NTMS_CHANGER .. NTMS_OPREQUEST, NTMS_OBJECT). */
bool ntms_object_type_valid(uint32_t type);
