/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include "fuzz.h"
#include "mmc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        MmcMediaEvent e;

        (void) mmc_parse_media_event(data, size, &e);
        return 0;
}
