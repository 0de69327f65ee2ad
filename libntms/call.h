/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* One D-Bus call per API function. Most functions only check their handle,
 * turn a few GUIDs and numbers into arguments and return the reply's error:
 * they share ntms_call() and its small argument language, so that each API
 * function is a single line that names the method and its arguments. */

#include <stdarg.h>
#include <systemd/sd-bus.h>

#include "ntmsapi.h"
#include "ntms-guid.h"
#include "session.h"

#ifndef INFINITE
#define INFINITE 0xFFFFFFFFu
#endif

/* sd-bus's own default (25 s), for calls that do not wait on anything. */
#define NTMS_CALL_TIMEOUT_DEFAULT ((uint64_t) 0)

/* The bus timeout for an API timeout in milliseconds: INFINITE is no
 * timeout at all; anything else gets a margin, so that rsmd's own
 * ERROR_TIMEOUT reply arrives before the bus gives up. */
uint64_t ntms_timeout_usec(DWORD timeout_ms);

/* Maps a failed sd_bus_call() (its return value and error) to ERROR_*. */
DWORD ntms_error_from_bus(int r, const sd_bus_error *error);

/* A reply that does not follow the contract; treated like a service that is
 * not there, since nothing the caller does can fix it. */
#define NTMS_ERROR_PROTOCOL ERROR_NOT_CONNECTED

/* Argument language of ntms_call(), one character per argument:
 *   g  const NTMS_GUID *   required (NULL is ERROR_INVALID_PARAMETER) → "s"
 *   o  const NTMS_GUID *   optional, NULL becomes ""                  → "s"
 *   n  const NTMS_GUID *   required pointer; the null GUID becomes "" (in/out ids) → "s"
 *   u  DWORD                                                           → "u"
 *   t  DWORD               an object type (NtmsObjectsTypes), checked  → "u"
 *   r  DWORD v, DWORD lo, DWORD hi   v must lie in [lo, hi]            → "u"
 *   i  int                                                             → "i"
 *   s  const char *        UTF-8, already validated; NULL becomes ""  → "s"
 *   G  const NTMS_GUID *, DWORD count  list of 1..65536 GUIDs         → "as"
 *   O  const NTMS_GUID *, DWORD count  same, but may be empty         → "as"
 *   y  const void *, DWORD size        bytes (NULL only with size 0)  → "ay"
 *   Y  const void *, DWORD size        bytes, at least one            → "ay"
 */
DWORD ntms_callv(Session *s, sd_bus_message **ret_reply, const char *method,
                 uint64_t timeout, const char *spec, va_list ap);
DWORD ntms_call(Session *s, sd_bus_message **ret_reply, const char *method,
                uint64_t timeout, const char *spec, ...);

/* Handle check, call, no reply wanted: the whole body of most functions. */
DWORD ntms_session_call(HANDLE h, const char *method, const char *spec, ...);

/* For calls whose arguments do not fit the language (a{sv} ...). */
DWORD ntms_message_new(Session *s, const char *method, sd_bus_message **ret);
DWORD ntms_message_call(Session *s, sd_bus_message *m, uint64_t timeout, sd_bus_message **ret_reply);

/* GUID text ↔ NTMS_GUID. "" is the null GUID. */
void ntms_guid_format(const NTMS_GUID *g, char buf[static NTMS_GUID_STRING_MAX]);
DWORD ntms_guid_parse(const char *s, NTMS_GUID *ret);

/* Reads one "s" GUID from a reply. */
DWORD ntms_read_guid(sd_bus_message *m, NTMS_GUID *ret);

/* Appends a GUID; NULL or the null GUID as "". */
int ntms_append_guid_or_empty(sd_bus_message *m, const NTMS_GUID *g);

bool ntms_guid_null(const NTMS_GUID *g);
