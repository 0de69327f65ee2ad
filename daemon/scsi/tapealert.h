/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* TapeAlert (SSC): the 64 flags a tape drive raises about itself and its cartridge,
 * read as LOG SENSE page 0x2E. A parser over byte buffers, no I/O. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TAPEALERT_LOG_PAGE 0x2e

/* Parameter codes 0x0001..0x0040, one flag each; flag code n is bit n - 1. */
#define TAPEALERT_FLAG_MIN 0x01u
#define TAPEALERT_FLAG_MAX 0x40u
#define TAPEALERT_BIT(code) (UINT64_C(1) << ((code) - 1))

/* The flags that the library layer acts upon. */
enum {
        TAPEALERT_CLEANING_VOLUME        = 0x0b,        /* the cartridge in the drive is a cleaning cartridge */
        TAPEALERT_CLEAN_NOW              = 0x14,
        TAPEALERT_CLEAN_PERIODIC         = 0x15,
        TAPEALERT_EXPIRED_CLEANING_MEDIA = 0x16,
        TAPEALERT_INVALID_CLEANING_TAPE  = 0x17,
};

typedef struct TapeAlert {
        uint64_t flags;         /* flags set */
        uint64_t reported;      /* flags whose parameter arrived, set or not */
        bool truncated;         /* the reply ended inside a parameter */
} TapeAlert;

/* Parse a TapeAlert log page. Parameters outside 0x0001..0x0040 and parameters without
 * a value byte are skipped; a parameter cut short by the end of the page or of the
 * reply ends the parse with what came before it (truncated set). -EBADMSG if the reply
 * is not page 0x2E (see spc_log_page_open()). *ret is always initialised. */
int tapealert_parse(const uint8_t *buf, size_t len, TapeAlert *ret);

/* The drive asks to be cleaned: clean now (0x14) or clean periodic (0x15). */
bool tapealert_wants_cleaning(uint64_t flags);

/* The cleaning cartridge is at fault: expired (0x16) or not a valid cleaning
 * cartridge (0x17). */
bool tapealert_cleaner_at_fault(uint64_t flags);

/* A short name of a flag ("clean-now"), or NULL for a code outside 0x01..0x40.
 * Reserved and obsolete codes have names that say so. */
const char *tapealert_flag_to_string(unsigned code);

/* The names of the flags set, comma separated, into buf (truncated to fit, always
 * terminated); "none" for no flag. Returns buf. */
char *tapealert_flags_to_string(uint64_t flags, char *buf, size_t size);
