/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <string.h>

#include "fuzz.h"
#include "macro.h"
#include "smc.h"

static void parse(const uint8_t *data, size_t size, bool dvcid) {
        _cleanup_(smc_element_list_done) SmcElementList l = {};
        SmcStatusReport rep;

        if (smc_parse_element_status(data, size, dvcid, &l, &rep) < 0)
                return;

        assert(rep.n_parsed == l.n);
        assert(rep.n_complete <= rep.n_parsed);
        for (size_t i = 0; i < l.n; i++) {
                const SmcElement *e = l.elements + i;

                assert(e->type > SMC_ELEMENT_ALL && e->type < _SMC_ELEMENT_TYPE_MAX);
                assert(strlen(e->volume_tag) <= SMC_VOLUME_ID_LEN);
                assert(strlen(e->alternate_tag) <= SMC_VOLUME_ID_LEN);
                assert(strlen(e->device_id) <= SMC_DEVICE_ID_MAX);
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        parse(data, size, false);
        parse(data, size, true);
        return 0;
}
