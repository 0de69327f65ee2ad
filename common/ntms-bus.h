/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The names that rsmd, libntms and rsm agree on. The whole D-Bus contract is
 * described in common/BUS.md. */

#define NTMS_BUS_NAME             "org.ntms.Rsm1"
#define NTMS_BUS_MANAGER_PATH     "/org/ntms/Rsm1"
#define NTMS_BUS_SESSION_PREFIX   "/org/ntms/Rsm1/session"
#define NTMS_BUS_MANAGER_IFACE    "org.ntms.Rsm1.Manager"
#define NTMS_BUS_SESSION_IFACE    "org.ntms.Rsm1.Session"
#define NTMS_BUS_ERROR_PREFIX     "org.ntms.Rsm1.Error."

/* Longest string argument rsmd accepts; the longest documented field is
 * NTMS_POOLHIERARCHY_LENGTH (512) characters, each up to 4 bytes of UTF-8. */
#define NTMS_BUS_STRING_MAX       2048
