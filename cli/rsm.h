/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* rsm: one file per subcommand; rsm.c dispatches. */

#include <stdbool.h>

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

int rsm_view(int argc, char **argv, const RsmOptions *o);
