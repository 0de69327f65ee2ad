/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <string.h>

#include "fuzz.h"
#include "ssc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        /* The READ that brought the block may have reported ILI; both paths. */
        const ScsiSense ili = { .condition = SCSI_CONDITION_OK, .ili = true };
        TapeLabel l;

        if (ssc_recognize_label(data, size, NULL, &l) == 0) {
                assert(l.kind >= 0 && l.kind < _TAPE_LABEL_KIND_MAX);
                assert(strlen(l.volume_serial) <= 6);
        }
        (void) ssc_recognize_label(data, size, &ili, &l);
        return 0;
}
