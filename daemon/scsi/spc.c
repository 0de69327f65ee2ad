/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>
#include <string.h>

#include "scsi-util.h"
#include "spc.h"

#define OP_TEST_UNIT_READY 0x00
#define OP_REQUEST_SENSE   0x03
#define OP_INQUIRY         0x12
#define OP_MODE_SENSE6     0x1a
#define OP_PREVENT_ALLOW   0x1e
#define OP_LOG_SENSE       0x4d
#define OP_MODE_SENSE10    0x5a

static void cdb_init(ScsiCdb *c, uint8_t opcode, uint8_t len, ScsiDirection dir, uint32_t transfer_len) {
        assert(c);
        assert(len <= SCSI_CDB_MAX);

        *c = (ScsiCdb) {
                .len = len,
                .direction = dir,
                .transfer_len = transfer_len,
        };
        c->bytes[0] = opcode;
}

void spc_build_test_unit_ready(ScsiCdb *c) {
        cdb_init(c, OP_TEST_UNIT_READY, 6, SCSI_DIRECTION_NONE, 0);
}

int spc_build_inquiry(ScsiCdb *c, bool evpd, uint8_t page, uint16_t alloc_len) {
        assert(c);

        /* SPC: the PAGE CODE field must be zero when EVPD is zero. */
        if (!evpd && page != 0)
                return -EINVAL;

        cdb_init(c, OP_INQUIRY, 6, SCSI_DIRECTION_IN, alloc_len);
        c->bytes[1] = evpd ? 0x01 : 0x00;
        c->bytes[2] = page;
        scsi_put_be16(c->bytes + 3, alloc_len);
        return 0;
}

void spc_build_request_sense(ScsiCdb *c, bool descriptor_format, uint8_t alloc_len) {
        cdb_init(c, OP_REQUEST_SENSE, 6, SCSI_DIRECTION_IN, alloc_len);
        c->bytes[1] = descriptor_format ? 0x01 : 0x00;   /* DESC */
        c->bytes[4] = alloc_len;
}

static uint8_t mode_page_byte(SpcModePageControl pc, uint8_t page) {
        return (uint8_t) (((unsigned) pc & 0x3) << 6 | (page & 0x3f));
}

int spc_build_mode_sense6(ScsiCdb *c, bool dbd, SpcModePageControl pc, uint8_t page, uint8_t subpage, uint8_t alloc_len) {
        assert(c);

        if (page > 0x3f)
                return -EINVAL;

        cdb_init(c, OP_MODE_SENSE6, 6, SCSI_DIRECTION_IN, alloc_len);
        c->bytes[1] = dbd ? 0x08 : 0x00;
        c->bytes[2] = mode_page_byte(pc, page);
        c->bytes[3] = subpage;
        c->bytes[4] = alloc_len;
        return 0;
}

int spc_build_mode_sense10(ScsiCdb *c, bool dbd, SpcModePageControl pc, uint8_t page, uint8_t subpage, uint16_t alloc_len) {
        assert(c);

        if (page > 0x3f)
                return -EINVAL;

        cdb_init(c, OP_MODE_SENSE10, 10, SCSI_DIRECTION_IN, alloc_len);
        c->bytes[1] = dbd ? 0x08 : 0x00;
        c->bytes[2] = mode_page_byte(pc, page);
        c->bytes[3] = subpage;
        scsi_put_be16(c->bytes + 7, alloc_len);
        return 0;
}

int spc_build_log_sense(ScsiCdb *c, SpcLogPageControl pc, uint8_t page, uint8_t subpage, uint16_t alloc_len) {
        assert(c);

        if (page > 0x3f)
                return -EINVAL;

        /* PPC and SP clear: the whole page from its first parameter, nothing saved. */
        cdb_init(c, OP_LOG_SENSE, 10, SCSI_DIRECTION_IN, alloc_len);
        c->bytes[2] = (uint8_t) (((unsigned) pc & 0x3) << 6 | page);
        c->bytes[3] = subpage;
        scsi_put_be16(c->bytes + 7, alloc_len);
        return 0;
}

void spc_build_prevent_allow(ScsiCdb *c, bool prevent) {
        cdb_init(c, OP_PREVENT_ALLOW, 6, SCSI_DIRECTION_NONE, 0);
        c->bytes[4] = prevent ? 0x01 : 0x00;
}

int spc_parse_inquiry(const uint8_t *buf, size_t len, ScsiInquiry *ret) {
        assert(buf || len == 0);
        assert(ret);

        if (len < SPC_STANDARD_INQUIRY_MIN)
                return -EBADMSG;

        *ret = (ScsiInquiry) {
                .qualifier = buf[0] >> 5,
                .device_type = buf[0] & 0x1f,
                .removable = buf[1] & 0x80,
                .version = buf[2],
                .medium_changer = buf[6] & 0x08,
        };

        scsi_ascii_field(ret->vendor, sizeof(ret->vendor), buf + 8, 8);
        scsi_ascii_field(ret->product, sizeof(ret->product), buf + 16, 16);
        scsi_ascii_field(ret->revision, sizeof(ret->revision), buf + 32, 4);
        return 0;
}

/* The common VPD page header: the page code must be the one asked for, and the
 * PAGE LENGTH field is trusted only as far as bytes arrived. */
static int vpd_payload(const uint8_t *buf, size_t len, uint8_t page, const uint8_t **ret, size_t *ret_len) {
        size_t page_len;

        if (len < 4 || buf[1] != page)
                return -EBADMSG;

        page_len = scsi_get_be16(buf + 2);
        *ret = buf + 4;
        *ret_len = SCSI_MIN(page_len, len - 4);
        return 0;
}

int spc_parse_unit_serial(const uint8_t *buf, size_t len, char *ret, size_t size) {
        const uint8_t *p;
        size_t n;
        int r;

        assert(buf || len == 0);
        assert(ret);
        assert(size > 0);

        r = vpd_payload(buf, len, SPC_VPD_UNIT_SERIAL, &p, &n);
        if (r < 0)
                return r;

        if (scsi_ascii_field(ret, size, p, n) == 0)
                return -ENODATA;
        return 0;
}

int spc_parse_device_id(const uint8_t *buf, size_t len, ScsiDesignator *ret, size_t max, size_t *ret_n) {
        const uint8_t *p;
        size_t n, off = 0, count = 0;
        int r;

        assert(buf || len == 0);
        assert(ret || max == 0);
        assert(ret_n);

        r = vpd_payload(buf, len, SPC_VPD_DEVICE_ID, &p, &n);
        if (r < 0)
                return r;

        while (off + 4 <= n && count < max) {
                uint8_t dlen = p[off + 3];

                if (off + 4 + dlen > n)
                        return -EBADMSG;

                ret[count] = (ScsiDesignator) {
                        .protocol = p[off] >> 4,
                        .code_set = p[off] & 0x0f,
                        .piv = p[off + 1] & 0x80,
                        .association = (p[off + 1] >> 4) & 0x3,
                        .type = p[off + 1] & 0x0f,
                        .len = dlen,
                };
                memcpy(ret[count].value, p + off + 4, dlen);

                count++;
                off += 4 + dlen;
        }

        *ret_n = count;
        return 0;
}

static int designator_rank(const ScsiDesignator *d) {
        /* Association 0: the designator names the logical unit, not a port. */
        if (d->association != 0 || d->len == 0)
                return -1;

        switch (d->type) {
        case SPC_DESIGNATOR_NAA:
                return 4;
        case SPC_DESIGNATOR_EUI64:
                return 3;
        case SPC_DESIGNATOR_SCSI_NAME:
                return 2;
        case SPC_DESIGNATOR_T10_VENDOR:
                return 1;
        default:
                return -1;
        }
}

const ScsiDesignator *spc_pick_lu_designator(const ScsiDesignator *d, size_t n) {
        const ScsiDesignator *best = NULL;
        int best_rank = -1;

        assert(d || n == 0);

        for (size_t i = 0; i < n; i++) {
                int rank = designator_rank(d + i);
                if (rank > best_rank) {
                        best = d + i;
                        best_rank = rank;
                }
        }

        return best;
}

int spc_designator_to_string(const ScsiDesignator *d, char *ret, size_t size) {
        assert(d);
        assert(ret);
        assert(size > 0);

        if (d->code_set == SPC_CODE_SET_ASCII || d->code_set == SPC_CODE_SET_UTF8)
                scsi_ascii_field(ret, size, d->value, d->len);
        else
                scsi_hex_field(ret, size, d->value, d->len);

        return ret[0] ? 0 : -ENODATA;
}

int spc_find_mode_page(const uint8_t *buf, size_t len, bool ten, uint8_t page, uint8_t subpage,
                       const uint8_t **ret_page, size_t *ret_len) {
        size_t header_len = ten ? 8 : 4, end, off;

        assert(buf || len == 0);
        assert(ret_page);
        assert(ret_len);

        if (len < header_len)
                return -EBADMSG;

        /* MODE DATA LENGTH counts the bytes after itself; trust it only as far as the
         * reply actually reached. */
        if (ten) {
                end = SCSI_MIN((size_t) scsi_get_be16(buf) + 2, len);
                off = header_len + scsi_get_be16(buf + 6);
        } else {
                end = SCSI_MIN((size_t) buf[0] + 1, len);
                off = header_len + buf[3];
        }

        if (off > end)
                return -EBADMSG;

        while (off + 2 <= end) {
                const uint8_t *p = buf + off;
                bool spf = p[0] & 0x40;
                size_t hdr = spf ? 4 : 2, body, total;
                uint8_t code = p[0] & 0x3f, sub = spf ? p[1] : 0;

                if (off + hdr > end)
                        break;

                body = spf ? scsi_get_be16(p + 2) : p[1];
                total = hdr + body;

                if (code == page && sub == subpage) {
                        *ret_page = p;
                        *ret_len = SCSI_MIN(total, end - off);
                        return 0;
                }

                off += total;
        }

        return -ENOENT;
}

#define LOG_PAGE_HEADER_LEN  4
#define LOG_PARAM_HEADER_LEN 4

int spc_log_page_open(const uint8_t *buf, size_t len, uint8_t page, uint8_t subpage, SpcLogPage *ret) {
        bool spf;

        assert(buf || len == 0);
        assert(ret);

        if (len < LOG_PAGE_HEADER_LEN || (buf[0] & 0x3f) != page)
                return -EBADMSG;

        /* Without SPF the subpage byte is reserved (SPC-3 and older): the reply is
         * subpage 0, whatever that byte holds. */
        spf = buf[0] & 0x40;
        if (spf ? buf[1] != subpage : subpage != 0)
                return -EBADMSG;

        *ret = (SpcLogPage) {
                .params = buf + LOG_PAGE_HEADER_LEN,
                .len = SCSI_MIN((size_t) scsi_get_be16(buf + 2), len - LOG_PAGE_HEADER_LEN),
        };
        return 0;
}

int spc_log_page_next(SpcLogPage *p, SpcLogParameter *ret) {
        const uint8_t *q;
        size_t left;

        assert(p);
        assert(ret);

        left = p->len - p->off;
        if (left == 0)
                return 0;

        q = p->params + p->off;
        if (left < LOG_PARAM_HEADER_LEN || left - LOG_PARAM_HEADER_LEN < q[3]) {
                p->truncated = true;
                p->off = p->len;
                return 0;
        }

        *ret = (SpcLogParameter) {
                .code = scsi_get_be16(q),
                .control = q[2],
                .value = q + LOG_PARAM_HEADER_LEN,
                .len = q[3],
        };
        p->off += LOG_PARAM_HEADER_LEN + q[3];
        return 1;
}
