/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Stream commands (SSC) for tape drives and the recognition of what the first block of
 * a tape says about it. Builders and parsers over byte buffers, no I/O. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scsi-cdb.h"
#include "sense.h"

typedef struct SscBlockLimits {
        uint8_t granularity;            /* GRANULARITY: block lengths are multiples of 2^g */
        uint32_t max_block_len;         /* 0: no limit stated */
        uint16_t min_block_len;
} SscBlockLimits;

typedef enum TapeLabelKind {
        TAPE_LABEL_UNKNOWN,     /* data, but no label we know */
        TAPE_LABEL_BLANK,       /* nothing written, or only a filemark, at the beginning */
        TAPE_LABEL_ANSI,        /* ANSI X3.27 / ISO 1001 VOL1, ASCII */
        TAPE_LABEL_IBM,         /* IBM standard label VOL1, EBCDIC */
        _TAPE_LABEL_KIND_MAX,
} TapeLabelKind;

#define TAPE_LABEL_RECORD_LEN 80

typedef struct TapeLabel {
        TapeLabelKind kind;
        char volume_serial[7];          /* VOLUME IDENTIFIER, label bytes 4..9 */
        char owner[15];                 /* OWNER IDENTIFIER (ANSI 37..50, IBM 41..50) */
        char implementation[14];        /* ANSI IMPLEMENTATION IDENTIFIER, 24..36 */
        char accessibility;             /* ANSI VOLUME ACCESSIBILITY, byte 10; ' ' if none */
        char version;                   /* ANSI LABEL STANDARD VERSION, byte 79 */
} TapeLabel;

void ssc_build_test_unit_ready(ScsiCdb *c);
void ssc_build_load_unload(ScsiCdb *c, bool load, bool immed);
void ssc_build_rewind(ScsiCdb *c, bool immed);
void ssc_build_read_block_limits(ScsiCdb *c);
/* READ(6). In variable-block mode (fixed false) length counts bytes, else blocks.
 * -EINVAL for a length beyond 24 bits, or FIXED and SILI together (SSC forbids it). */
int ssc_build_read6(ScsiCdb *c, bool fixed, bool sili, uint32_t length);

int ssc_parse_block_limits(const uint8_t *buf, size_t len, SscBlockLimits *ret);

/* Recognise the first block of a tape, read at beginning of partition in variable-block
 * mode. data/len is what arrived; sense is the decoded sense of the READ, or NULL if it
 * completed with GOOD status. Returns 0 with *ret filled, or the negative errno of a
 * sense that says nothing about the medium (not ready, hardware error ...). */
int ssc_recognize_label(const uint8_t *data, size_t len, const ScsiSense *sense, TapeLabel *ret);

const char *tape_label_kind_to_string(TapeLabelKind k);
