/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* rsm: one file per subcommand; rsm.c dispatches. */

#include <stdbool.h>

#include "macro.h"
#include "ntms-guid.h"
#include "ntmsapi.h"

enum {
        RSM_EXIT_OK = 0,
        RSM_EXIT_API = 1,       /* an API call failed */
        RSM_EXIT_USAGE = 2,
};

typedef struct RsmOptions {
        bool json;
} RsmOptions;

/* Prints "rsm: <what>: ERROR_NAME (value): <advice>" and returns RSM_EXIT_API. */
int rsm_api_error(const char *what, DWORD error);

/* Each command gets its own name as argv[0], as getopt expects. */
int rsm_view(int argc, char **argv, const RsmOptions *o);
int rsm_refresh(int argc, char **argv, const RsmOptions *o);

/* objects.c */
void rsm_guid_text(const NTMS_GUID *g, char buf[static NTMS_GUID_STRING_MAX]);
DWORD rsm_enumerate(HANDLE h, const NTMS_GUID *container, DWORD type, NTMS_GUID **ret, DWORD *ret_n);
DWORD rsm_get_info(HANDLE h, const NTMS_GUID *id, DWORD type, NTMS_OBJECTINFORMATIONA *info);
/* By canonical GUID text or by szName. */
DWORD rsm_find(HANDLE h, DWORD type, const char *name, NTMS_GUID *ret);
