/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>
#include <stdio.h>

#include "spc.h"
#include "tapealert.h"

int tapealert_parse(const uint8_t *buf, size_t len, TapeAlert *ret) {
        SpcLogParameter param;
        SpcLogPage page;
        int r;

        assert(buf || len == 0);
        assert(ret);

        *ret = (TapeAlert) {};

        r = spc_log_page_open(buf, len, TAPEALERT_LOG_PAGE, 0, &page);
        if (r < 0)
                return r;

        while (spc_log_page_next(&page, &param) > 0) {
                uint64_t bit;

                /* Flags live in bit 0 of a one-byte value (SSC); a longer value still
                 * starts with it, an empty one says nothing. */
                if (param.code < TAPEALERT_FLAG_MIN || param.code > TAPEALERT_FLAG_MAX || param.len == 0)
                        continue;

                bit = TAPEALERT_BIT(param.code);
                ret->reported |= bit;
                if (param.value[0] & 0x01)
                        ret->flags |= bit;
        }

        ret->truncated = page.truncated;
        return 0;
}

bool tapealert_wants_cleaning(uint64_t flags) {
        return flags & (TAPEALERT_BIT(TAPEALERT_CLEAN_NOW) | TAPEALERT_BIT(TAPEALERT_CLEAN_PERIODIC));
}

bool tapealert_cleaner_at_fault(uint64_t flags) {
        return flags & (TAPEALERT_BIT(TAPEALERT_EXPIRED_CLEANING_MEDIA) | TAPEALERT_BIT(TAPEALERT_INVALID_CLEANING_TAPE));
}

const char *tapealert_flag_to_string(unsigned code) {
        /* SSC-4 names; 0x28..0x2E were the loader flags of early drives. */
        static const char *const table[TAPEALERT_FLAG_MAX] = {
                [0x01 - 1] = "read-warning",
                [0x02 - 1] = "write-warning",
                [0x03 - 1] = "hard-error",
                [0x04 - 1] = "medium",
                [0x05 - 1] = "read-failure",
                [0x06 - 1] = "write-failure",
                [0x07 - 1] = "medium-life",
                [0x08 - 1] = "not-data-grade",
                [0x09 - 1] = "write-protect",
                [0x0a - 1] = "volume-removal-prevented",
                [0x0b - 1] = "cleaning-volume",
                [0x0c - 1] = "unsupported-format",
                [0x0d - 1] = "recoverable-mechanical-cartridge-failure",
                [0x0e - 1] = "unrecoverable-mechanical-cartridge-failure",
                [0x0f - 1] = "memory-chip-in-cartridge-failure",
                [0x10 - 1] = "forced-eject",
                [0x11 - 1] = "read-only-format",
                [0x12 - 1] = "tape-directory-corrupted-on-load",
                [0x13 - 1] = "nearing-medium-life",
                [0x14 - 1] = "clean-now",
                [0x15 - 1] = "clean-periodic",
                [0x16 - 1] = "expired-cleaning-media",
                [0x17 - 1] = "invalid-cleaning-tape",
                [0x18 - 1] = "retension-requested",
                [0x19 - 1] = "multi-port-interface-error",
                [0x1a - 1] = "cooling-fan-failure",
                [0x1b - 1] = "power-supply-failure",
                [0x1c - 1] = "power-consumption",
                [0x1d - 1] = "drive-maintenance",
                [0x1e - 1] = "hardware-a",
                [0x1f - 1] = "hardware-b",
                [0x20 - 1] = "primary-interface",
                [0x21 - 1] = "eject-volume",
                [0x22 - 1] = "microcode-update-failure",
                [0x23 - 1] = "drive-humidity",
                [0x24 - 1] = "drive-temperature",
                [0x25 - 1] = "drive-voltage",
                [0x26 - 1] = "predictive-failure",
                [0x27 - 1] = "diagnostics-required",
                [0x28 - 1] = "obsolete-0x28",
                [0x29 - 1] = "obsolete-0x29",
                [0x2a - 1] = "obsolete-0x2a",
                [0x2b - 1] = "obsolete-0x2b",
                [0x2c - 1] = "obsolete-0x2c",
                [0x2d - 1] = "obsolete-0x2d",
                [0x2e - 1] = "obsolete-0x2e",
                [0x2f - 1] = "encryption-key-manager-communication-failure",
                [0x30 - 1] = "encryption-key-manager-error",
                [0x31 - 1] = "diminished-native-capacity",
                [0x32 - 1] = "lost-statistics",
                [0x33 - 1] = "tape-directory-invalid-at-unload",
                [0x34 - 1] = "tape-system-area-write-failure",
                [0x35 - 1] = "tape-system-area-read-failure",
                [0x36 - 1] = "no-start-of-data",
                [0x37 - 1] = "loading-or-threading-failure",
                [0x38 - 1] = "unrecoverable-unload-failure",
                [0x39 - 1] = "automation-interface-failure",
                [0x3a - 1] = "microcode-failure",
                [0x3b - 1] = "worm-integrity-check-failed",
                [0x3c - 1] = "worm-overwrite-attempted",
                [0x3d - 1] = "reserved-0x3d",
                [0x3e - 1] = "reserved-0x3e",
                [0x3f - 1] = "reserved-0x3f",
                [0x40 - 1] = "reserved-0x40",
        };

        if (code < TAPEALERT_FLAG_MIN || code > TAPEALERT_FLAG_MAX)
                return NULL;
        return table[code - 1];
}

char *tapealert_flags_to_string(uint64_t flags, char *buf, size_t size) {
        size_t n = 0;

        assert(buf);
        assert(size > 0);

        buf[0] = '\0';
        if (flags == 0) {
                snprintf(buf, size, "none");
                return buf;
        }

        for (unsigned code = TAPEALERT_FLAG_MIN; code <= TAPEALERT_FLAG_MAX && n < size; code++) {
                int k;

                if (!(flags & TAPEALERT_BIT(code)))
                        continue;

                k = snprintf(buf + n, size - n, "%s%s", n > 0 ? "," : "", tapealert_flag_to_string(code));
                if (k < 0)
                        break;
                n += (size_t) k;
        }

        return buf;
}
