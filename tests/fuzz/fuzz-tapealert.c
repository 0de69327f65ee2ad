/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>
#include <string.h>

#include "fuzz.h"
#include "spc.h"
#include "tapealert.h"

static void check_names(uint64_t flags) {
        char all[4096], some[24];

        tapealert_flags_to_string(flags, all, sizeof(all));
        assert(strlen(all) < sizeof(all));
        tapealert_flags_to_string(flags, some, sizeof(some));
        assert(strlen(some) < sizeof(some));
}

/* The log page walk beneath the parser, for whatever page and subpage the reply names. */
static void walk(const uint8_t *data, size_t size) {
        SpcLogParameter param;
        SpcLogPage page;

        if (size < 2 || spc_log_page_open(data, size, data[0] & 0x3f, data[1], &page) < 0)
                return;

        while (spc_log_page_next(&page, &param) > 0)
                assert(param.value >= data && param.value + param.len <= data + size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        TapeAlert a;
        int r;

        r = tapealert_parse(data, size, &a);
        assert(r == 0 || r == -EBADMSG);
        assert((a.flags & ~a.reported) == 0);
        if (r < 0)
                assert(a.flags == 0 && a.reported == 0 && !a.truncated);

        (void) tapealert_wants_cleaning(a.flags);
        (void) tapealert_cleaner_at_fault(a.flags);
        check_names(a.flags);
        check_names(a.reported);

        walk(data, size);
        return 0;
}
