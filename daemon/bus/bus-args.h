/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Reading and checking the arguments of a call. Each helper sets the
 * documented error (InvalidParameter) and returns negative on bad input. */

#include <stdbool.h>
#include <stddef.h>
#include <systemd/sd-bus.h>

#include "ntms-guid.h"

/* Reads one "s" GUID into ret in canonical lower case. The empty string is
 * an absent GUID: allowed (ret = "") only when optional. */
int bus_read_guid(sd_bus_message *m, bool optional, char ret[static NTMS_GUID_STRING_MAX], sd_bus_error *error);

/* Reads an "as" of GUIDs (none optional) into a new array in canonical
 * form; *ret_n may be 0. */
int bus_read_guid_list(sd_bus_message *m, char (**ret)[NTMS_GUID_STRING_MAX], size_t *ret_n, sd_bus_error *error);

/* Checks a GUID given as text (also the null GUID) into canonical form;
 * "" and the null GUID both give "". */
int bus_parse_guid(const char *s, bool optional, char ret[static NTMS_GUID_STRING_MAX], sd_bus_error *error);

/* max_chars is the documented array length, NUL included. */
int bus_check_string(const char *s, size_t max_chars, const char *what, sd_bus_error *error);

/* Reads one "s" and checks it as above. */
int bus_read_string(sd_bus_message *m, size_t max_chars, const char *what, const char **ret, sd_bus_error *error);

/* An object type argument: a NtmsObjectsTypes value, or 0 when any_ok. */
int bus_check_object_type(uint32_t type, bool any_ok, sd_bus_error *error);
