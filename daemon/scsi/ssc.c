/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>
#include <string.h>

#include "scsi-util.h"
#include "ssc.h"

#define OP_TEST_UNIT_READY   0x00
#define OP_REWIND            0x01
#define OP_READ_BLOCK_LIMITS 0x05
#define OP_READ6             0x08
#define OP_LOAD_UNLOAD       0x1b

#define ASC_NO_ADDITIONAL    0x00
#define ASCQ_FILEMARK        0x01
#define ASCQ_END_OF_DATA     0x05

static void cdb_init(ScsiCdb *c, uint8_t opcode, ScsiDirection dir, uint32_t transfer_len) {
        assert(c);

        *c = (ScsiCdb) {
                .len = 6,
                .direction = dir,
                .transfer_len = transfer_len,
        };
        c->bytes[0] = opcode;
}

void ssc_build_test_unit_ready(ScsiCdb *c) {
        cdb_init(c, OP_TEST_UNIT_READY, SCSI_DIRECTION_NONE, 0);
}

void ssc_build_load_unload(ScsiCdb *c, bool load, bool immed) {
        cdb_init(c, OP_LOAD_UNLOAD, SCSI_DIRECTION_NONE, 0);
        c->bytes[1] = immed ? 0x01 : 0x00;
        c->bytes[4] = load ? 0x01 : 0x00;       /* LOAD; HOLD, EOT and RETEN stay clear */
}

void ssc_build_rewind(ScsiCdb *c, bool immed) {
        cdb_init(c, OP_REWIND, SCSI_DIRECTION_NONE, 0);
        c->bytes[1] = immed ? 0x01 : 0x00;
}

void ssc_build_read_block_limits(ScsiCdb *c) {
        cdb_init(c, OP_READ_BLOCK_LIMITS, SCSI_DIRECTION_IN, 6);
}

int ssc_build_read6(ScsiCdb *c, bool fixed, bool sili, uint32_t length) {
        assert(c);

        if (length > 0xffffff || (fixed && sili))
                return -EINVAL;

        /* The transfer in bytes is only known in variable-block mode; in fixed mode
         * the caller sizes the buffer from the block length it set. */
        cdb_init(c, OP_READ6, SCSI_DIRECTION_IN, fixed ? 0 : length);
        c->bytes[1] = (uint8_t) ((sili ? 0x02 : 0x00) | (fixed ? 0x01 : 0x00));
        scsi_put_be24(c->bytes + 2, length);
        return 0;
}

int ssc_parse_block_limits(const uint8_t *buf, size_t len, SscBlockLimits *ret) {
        assert(buf || len == 0);
        assert(ret);

        if (len < 6)
                return -EBADMSG;

        *ret = (SscBlockLimits) {
                .granularity = buf[0] & 0x1f,
                .max_block_len = scsi_get_be24(buf + 1),
                .min_block_len = scsi_get_be16(buf + 4),
        };

        if (ret->max_block_len != 0 && ret->max_block_len < ret->min_block_len)
                return -EBADMSG;
        return 0;
}

/* The EBCDIC code points of the characters a volume label may hold (upper-case
 * letters, digits, a few specials); anything else becomes '?'. */
static char ebcdic_to_ascii(uint8_t c) {
        if (c >= 0xc1 && c <= 0xc9)
                return (char) ('A' + (c - 0xc1));
        if (c >= 0xd1 && c <= 0xd9)
                return (char) ('J' + (c - 0xd1));
        if (c >= 0xe2 && c <= 0xe9)
                return (char) ('S' + (c - 0xe2));
        if (c >= 0xf0 && c <= 0xf9)
                return (char) ('0' + (c - 0xf0));

        switch (c) {
        case 0x40: return ' ';
        case 0x4b: return '.';
        case 0x60: return '-';
        case 0x61: return '/';
        case 0x6d: return '_';
        case 0x00: return '\0';
        default:   return '?';
        }
}

static void ebcdic_field(char *dst, size_t dst_size, const uint8_t *src, size_t len) {
        uint8_t tmp[TAPE_LABEL_RECORD_LEN];

        assert(len <= sizeof(tmp));

        for (size_t i = 0; i < len; i++)
                tmp[i] = (uint8_t) ebcdic_to_ascii(src[i]);

        scsi_ascii_field(dst, dst_size, tmp, len);
}

static const uint8_t vol1_ascii[4] = { 'V', 'O', 'L', '1' };
static const uint8_t vol1_ebcdic[4] = { 0xe5, 0xd6, 0xd3, 0xf1 };

static void parse_ansi(const uint8_t *d, TapeLabel *ret) {
        ret->kind = TAPE_LABEL_ANSI;
        scsi_ascii_field(ret->volume_serial, sizeof(ret->volume_serial), d + 4, 6);
        ret->accessibility = (d[10] >= 0x20 && d[10] < 0x7f) ? (char) d[10] : '?';
        scsi_ascii_field(ret->implementation, sizeof(ret->implementation), d + 24, 13);
        scsi_ascii_field(ret->owner, sizeof(ret->owner), d + 37, 14);
        ret->version = (d[79] >= 0x20 && d[79] < 0x7f) ? (char) d[79] : '?';
}

static void parse_ibm(const uint8_t *d, TapeLabel *ret) {
        ret->kind = TAPE_LABEL_IBM;
        ebcdic_field(ret->volume_serial, sizeof(ret->volume_serial), d + 4, 6);
        /* IBM SL: owner name and address code in label bytes 41..50. */
        ebcdic_field(ret->owner, sizeof(ret->owner), d + 41, 10);
        ret->accessibility = ' ';
        ret->version = ' ';
}

static bool sense_means_blank(const ScsiSense *s, size_t len) {
        /* Nothing was ever written: blank check, or end of data at the very start. */
        if (s->condition == SCSI_CONDITION_BLANK_CHECK)
                return true;
        if (s->key == 0 && s->asc == ASC_NO_ADDITIONAL && s->ascq == ASCQ_END_OF_DATA)
                return true;
        /* A filemark as the first thing on tape: an empty file, no label. */
        if (len == 0 && (s->filemark || (s->asc == ASC_NO_ADDITIONAL && s->ascq == ASCQ_FILEMARK)))
                return true;
        return false;
}

int ssc_recognize_label(const uint8_t *data, size_t len, const ScsiSense *sense, TapeLabel *ret) {
        assert(data || len == 0);
        assert(ret);

        *ret = (TapeLabel) {
                .kind = TAPE_LABEL_UNKNOWN,
        };

        if (sense) {
                if (sense_means_blank(sense, len)) {
                        ret->kind = TAPE_LABEL_BLANK;
                        return 0;
                }

                /* With ILI (block shorter or longer than asked) or a recovered error the
                 * data that arrived is still the first block; anything else says
                 * nothing about the medium. */
                if (sense->condition != SCSI_CONDITION_OK)
                        return scsi_condition_to_errno(sense->condition);
        }

        if (len < TAPE_LABEL_RECORD_LEN)
                return 0;

        if (memcmp(data, vol1_ascii, sizeof(vol1_ascii)) == 0)
                parse_ansi(data, ret);
        else if (memcmp(data, vol1_ebcdic, sizeof(vol1_ebcdic)) == 0)
                parse_ibm(data, ret);

        return 0;
}

const char *tape_label_kind_to_string(TapeLabelKind k) {
        static const char *const table[_TAPE_LABEL_KIND_MAX] = {
                [TAPE_LABEL_UNKNOWN] = "unknown",
                [TAPE_LABEL_BLANK]   = "blank",
                [TAPE_LABEL_ANSI]    = "ansi",
                [TAPE_LABEL_IBM]     = "ibm",
        };

        if (k < 0 || k >= _TAPE_LABEL_KIND_MAX)
                return NULL;
        return table[k];
}
