/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include "fuzz.h"
#include "smc.h"
#include "spc.h"

static void parse(const uint8_t *data, size_t size, bool ten) {
        const uint8_t *p;
        size_t n;

        if (spc_find_mode_page(data, size, ten, SMC_PAGE_ELEMENT_ADDRESS, 0, &p, &n) == 0) {
                SmcAddressAssignment a;
                (void) smc_parse_address_assignment(p, n, &a);
        }
        if (spc_find_mode_page(data, size, ten, SMC_PAGE_TRANSPORT_GEOMETRY, 0, &p, &n) == 0) {
                SmcTransportGeometry g;
                (void) smc_parse_transport_geometry(p, n, &g);
        }
        if (spc_find_mode_page(data, size, ten, SMC_PAGE_DEVICE_CAPABILITIES, 0, &p, &n) == 0) {
                SmcCapabilities c;
                (void) smc_parse_capabilities(p, n, &c);
        }
        (void) spc_find_mode_page(data, size, ten, 0x1f, 0x41, &p, &n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        parse(data, size, false);
        parse(data, size, true);
        return 0;
}
