/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>

#include "fuzz.h"
#include "sense.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        ScsiSense s;

        (void) scsi_sense_decode(data, size, &s);
        assert(s.condition >= 0 && s.condition < _SCSI_CONDITION_MAX);
        assert(scsi_condition_to_string(s.condition));
        (void) scsi_condition_to_errno(s.condition);
        (void) scsi_sense_should_retry(&s);
        (void) scsi_sense_is_unsupported(&s);
        (void) scsi_sense_cleaning_requested(&s);
        return 0;
}
