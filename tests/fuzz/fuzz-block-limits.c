/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include "fuzz.h"
#include "ssc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        SscBlockLimits l;

        (void) ssc_parse_block_limits(data, size, &l);
        return 0;
}
