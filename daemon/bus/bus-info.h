/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Object information as a{sv}: the documented field names with the D-Bus
 * signatures of common/ntms-fields.c. */

#include <stdbool.h>
#include <stddef.h>
#include <systemd/sd-bus.h>

#include "db/object.h"

/* Appends row as a{sv}. */
int bus_append_info(sd_bus_message *reply, uint32_t type, const DbRow *row);

typedef struct BusFields {
        DbField *fields;
        size_t n;
} BusFields;

void bus_fields_done(BusFields *f);

/* Reads an a{sv} of fields of type. Every key must be a documented field of
 * the type with its documented signature, strings within their length, GUIDs
 * well-formed (stored canonical, the null GUID as absent). With
 * settable_only, any field SetNtmsObjectInformation may not change is
 * refused. Errors are InvalidParameter. The values point into m. */
int bus_read_info(sd_bus_message *m, uint32_t type, bool settable_only, BusFields *ret, sd_bus_error *error);

/* The field of that name, or NULL. */
const DbField *bus_fields_get(const BusFields *f, const char *name);
