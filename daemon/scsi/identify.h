/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Who a device is: standard INQUIRY, unit serial number and the logical unit's
 * designator, as any device type answers them. */

#include "scsi-command.h"
#include "spc.h"

typedef struct ScsiIdentity {
        ScsiInquiry inquiry;
        char serial[65];        /* Unit Serial Number VPD; empty if not offered */
        char designator[129];   /* best logical unit designator in text form; empty if none */
} ScsiIdentity;

/* Standard INQUIRY must succeed; the two VPD pages are optional and left empty when the
 * device does not offer them. */
int scsi_identify(ScsiTransport *t, const ScsiRetryPolicy *policy, ScsiIdentity *ret);
