/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Times cross the bus as microseconds since the epoch, UTC; the API has
 * SYSTEMTIME, which is UTC too. 0 means "never" and maps to an all-zero
 * SYSTEMTIME (and back), so an unset time does not turn into 1 January 1970. */

#include <stdint.h>

#include "ntmsapi.h"

void systemtime_from_usec(uint64_t usec, SYSTEMTIME *ret);
uint64_t systemtime_to_usec(const SYSTEMTIME *st);
