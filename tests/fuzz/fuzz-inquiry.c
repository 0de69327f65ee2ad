/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include "fuzz.h"
#include "macro.h"
#include "spc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        ScsiDesignator d[8];
        ScsiInquiry q;
        char text[128];
        size_t n;

        (void) spc_parse_inquiry(data, size, &q);
        (void) spc_parse_unit_serial(data, size, text, sizeof(text));

        if (spc_parse_device_id(data, size, d, ELEMENTSOF(d), &n) == 0) {
                const ScsiDesignator *best = spc_pick_lu_designator(d, n);

                for (size_t i = 0; i < n; i++)
                        (void) spc_designator_to_string(d + i, text, sizeof(text));
                if (best)
                        (void) spc_designator_to_string(best, text, sizeof(text));
        }
        return 0;
}
