/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>

#include "identify.h"

#define INQUIRY_TIMEOUT_MS 30000

static int inquiry(ScsiTransport *t, const ScsiRetryPolicy *policy, bool evpd, uint8_t page,
                   uint8_t buf[static SPC_INQUIRY_ALLOC], size_t *ret_len) {
        ScsiResult result;
        ScsiCdb c;
        int r;

        r = spc_build_inquiry(&c, evpd, page, SPC_INQUIRY_ALLOC);
        if (r < 0)
                return r;

        r = scsi_command_run_retry(t, policy, &c, buf, SPC_INQUIRY_ALLOC, INQUIRY_TIMEOUT_MS, &result);
        if (r < 0)
                return scsi_command_optional(r, &result);

        *ret_len = result.received;
        return 0;
}

static void read_serial(ScsiTransport *t, const ScsiRetryPolicy *policy, ScsiIdentity *ret) {
        uint8_t buf[SPC_INQUIRY_ALLOC];
        size_t n;

        if (inquiry(t, policy, true, SPC_VPD_UNIT_SERIAL, buf, &n) < 0 ||
            spc_parse_unit_serial(buf, n, ret->serial, sizeof(ret->serial)) < 0)
                ret->serial[0] = '\0';
}

static void read_designator(ScsiTransport *t, const ScsiRetryPolicy *policy, ScsiIdentity *ret) {
        ScsiDesignator d[16];
        const ScsiDesignator *best;
        uint8_t buf[SPC_INQUIRY_ALLOC];
        size_t len, n;

        if (inquiry(t, policy, true, SPC_VPD_DEVICE_ID, buf, &len) < 0 ||
            spc_parse_device_id(buf, len, d, ELEMENTSOF(d), &n) < 0)
                return;

        best = spc_pick_lu_designator(d, n);
        if (best)
                (void) spc_designator_to_string(best, ret->designator, sizeof(ret->designator));
}

int scsi_identify(ScsiTransport *t, const ScsiRetryPolicy *policy, ScsiIdentity *ret) {
        uint8_t buf[SPC_INQUIRY_ALLOC];
        size_t n;
        int r;

        assert(t);
        assert(policy);
        assert(ret);

        *ret = (ScsiIdentity) {};

        r = inquiry(t, policy, false, 0, buf, &n);
        if (r < 0)
                return r;

        r = spc_parse_inquiry(buf, n, &ret->inquiry);
        if (r < 0)
                return r;

        read_serial(t, policy, ret);
        read_designator(t, policy, ret);
        return 0;
}
