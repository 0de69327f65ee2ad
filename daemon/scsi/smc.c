/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "scsi-util.h"
#include "smc.h"

#define OP_INITIALIZE_ELEMENT_STATUS       0x07
#define OP_POSITION_TO_ELEMENT             0x2b
#define OP_INITIALIZE_ELEMENT_STATUS_RANGE 0x37
#define OP_MOVE_MEDIUM                     0xa5
#define OP_EXCHANGE_MEDIUM                 0xa6
#define OP_READ_ELEMENT_STATUS             0xb8

/* Fixed sizes of the READ ELEMENT STATUS reply (SMC-3). */
#define STATUS_HEADER_LEN     8         /* element status data header */
#define PAGE_HEADER_LEN       8         /* element status page header */
#define DESCRIPTOR_BASE_LEN   12        /* address ... source storage element address */
#define DEVICE_ID_HEADER_LEN  4

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

int smc_build_read_element_status(ScsiCdb *c, SmcElementType type, uint16_t start, uint16_t count,
                                  bool voltag, bool dvcid, uint32_t alloc_len) {
        assert(c);

        /* Element type code 0 (all types) is legal, but devices get it wrong (tgt builds
         * a malformed reply and overruns its own buffer); one type at a time is what every
         * changer handles, so the builder refuses the combined form. */
        if (type <= SMC_ELEMENT_ALL || type >= _SMC_ELEMENT_TYPE_MAX)
                return -EINVAL;
        /* ALLOCATION LENGTH is a 24-bit field. */
        if (alloc_len > 0xffffff || count == 0)
                return -EINVAL;

        cdb_init(c, OP_READ_ELEMENT_STATUS, 12, SCSI_DIRECTION_IN, alloc_len);
        c->bytes[1] = (uint8_t) ((voltag ? 0x10 : 0x00) | (type & 0x0f));
        scsi_put_be16(c->bytes + 2, start);
        scsi_put_be16(c->bytes + 4, count);
        c->bytes[6] = dvcid ? 0x01 : 0x00;     /* CURDATA left clear: the device may move to report */
        scsi_put_be24(c->bytes + 7, alloc_len);
        return 0;
}

void smc_build_move_medium(ScsiCdb *c, uint16_t transport, uint16_t source, uint16_t destination, bool invert) {
        cdb_init(c, OP_MOVE_MEDIUM, 12, SCSI_DIRECTION_NONE, 0);
        scsi_put_be16(c->bytes + 2, transport);
        scsi_put_be16(c->bytes + 4, source);
        scsi_put_be16(c->bytes + 6, destination);
        c->bytes[10] = invert ? 0x01 : 0x00;
}

void smc_build_exchange_medium(ScsiCdb *c, uint16_t transport, uint16_t source, uint16_t destination1,
                               uint16_t destination2, bool invert1, bool invert2) {
        cdb_init(c, OP_EXCHANGE_MEDIUM, 12, SCSI_DIRECTION_NONE, 0);
        scsi_put_be16(c->bytes + 2, transport);
        scsi_put_be16(c->bytes + 4, source);
        scsi_put_be16(c->bytes + 6, destination1);
        scsi_put_be16(c->bytes + 8, destination2);
        c->bytes[10] = (uint8_t) ((invert2 ? 0x02 : 0x00) | (invert1 ? 0x01 : 0x00));
}

void smc_build_initialize_element_status(ScsiCdb *c) {
        cdb_init(c, OP_INITIALIZE_ELEMENT_STATUS, 6, SCSI_DIRECTION_NONE, 0);
}

void smc_build_initialize_element_status_range(ScsiCdb *c, bool fast, bool range, uint16_t start, uint16_t count) {
        cdb_init(c, OP_INITIALIZE_ELEMENT_STATUS_RANGE, 10, SCSI_DIRECTION_NONE, 0);
        c->bytes[1] = (uint8_t) ((fast ? 0x02 : 0x00) | (range ? 0x01 : 0x00));
        scsi_put_be16(c->bytes + 2, start);
        scsi_put_be16(c->bytes + 6, count);
}

void smc_build_position_to_element(ScsiCdb *c, uint16_t transport, uint16_t destination, bool invert) {
        cdb_init(c, OP_POSITION_TO_ELEMENT, 10, SCSI_DIRECTION_NONE, 0);
        scsi_put_be16(c->bytes + 2, transport);
        scsi_put_be16(c->bytes + 4, destination);
        c->bytes[8] = invert ? 0x01 : 0x00;
}

/* A mode page as spc_find_mode_page() hands it out: the page code must match, and the
 * body (after PAGE LENGTH) must hold at least need bytes. */
static int page_body(const uint8_t *page, size_t len, uint8_t code, size_t need, const uint8_t **ret, size_t *ret_len) {
        size_t body;

        assert(page || len == 0);

        if (len < 2 || (page[0] & 0x3f) != code || (page[0] & 0x40))
                return -EBADMSG;

        body = SCSI_MIN((size_t) page[1], len - 2);
        if (body < need)
                return -EBADMSG;

        *ret = page + 2;
        *ret_len = body;
        return 0;
}

int smc_parse_address_assignment(const uint8_t *page, size_t len, SmcAddressAssignment *ret) {
        /* Body: first/number pairs for transport, storage, I/E and data transfer
         * elements, in that order (two bytes each), then two reserved bytes. */
        static const SmcElementType order[] = {
                SMC_ELEMENT_TRANSPORT,
                SMC_ELEMENT_STORAGE,
                SMC_ELEMENT_IMPORT_EXPORT,
                SMC_ELEMENT_DATA_TRANSFER,
        };
        const uint8_t *b;
        size_t n;
        int r;

        assert(ret);

        r = page_body(page, len, SMC_PAGE_ELEMENT_ADDRESS, 16, &b, &n);
        if (r < 0)
                return r;

        *ret = (SmcAddressAssignment) {};
        for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
                ret->range[order[i]].first = scsi_get_be16(b + 4 * i);
                ret->range[order[i]].count = scsi_get_be16(b + 4 * i + 2);

                /* A range that runs past the 16-bit address space cannot be addressed. */
                if (ret->range[order[i]].count > 0 &&
                    (uint32_t) ret->range[order[i]].first + ret->range[order[i]].count - 1 > 0xffff)
                        return -EBADMSG;
        }

        return 0;
}

int smc_parse_transport_geometry(const uint8_t *page, size_t len, SmcTransportGeometry *ret) {
        const uint8_t *b;
        size_t n;
        int r;

        assert(ret);

        r = page_body(page, len, SMC_PAGE_TRANSPORT_GEOMETRY, 0, &b, &n);
        if (r < 0)
                return r;

        /* Two bytes per transport element: ROTATE, then MEMBER NUMBER IN TRANSPORT
         * ELEMENT SET. */
        *ret = (SmcTransportGeometry) {};
        for (size_t i = 0; i + 2 <= n && ret->n < SMC_TRANSPORT_MAX; i += 2) {
                ret->transport[ret->n].rotate = b[i] & 0x01;
                ret->transport[ret->n].member = b[i + 1];
                ret->n++;
        }

        return 0;
}

/* SMC packs one bit per element type, transport in bit 0 up to data transfer in bit 3;
 * the model keeps bit (1 << type). */
static uint8_t type_bits(uint8_t b) {
        return (uint8_t) ((b & 0x0f) << 1);
}

int smc_parse_capabilities(const uint8_t *page, size_t len, SmcCapabilities *ret) {
        const uint8_t *b;
        size_t n;
        int r;

        assert(ret);

        /* Body offsets (page offset - 2): STORxx bits at 0, MOVE capabilities from each
         * type at 2..5, EXCHANGE capabilities at 10..13. */
        r = page_body(page, len, SMC_PAGE_DEVICE_CAPABILITIES, 14, &b, &n);
        if (r < 0)
                return r;

        *ret = (SmcCapabilities) {
                .storage = type_bits(b[0]),
        };
        for (unsigned t = SMC_ELEMENT_TRANSPORT; t < _SMC_ELEMENT_TYPE_MAX; t++) {
                ret->move_from[t] = type_bits(b[2 + t - 1]);
                ret->exchange_from[t] = type_bits(b[10 + t - 1]);
        }

        return 0;
}

void smc_element_list_done(SmcElementList *l) {
        assert(l);

        free(l->elements);
        *l = (SmcElementList) {};
}

SmcElement *smc_element_list_append(SmcElementList *l) {
        assert(l);

        if (!GREEDY_REALLOC(l->elements, l->allocated, l->n + 1))
                return NULL;

        l->elements[l->n] = (SmcElement) {};
        return &l->elements[l->n++];
}

/* A volume tag field of which n bytes arrived. An identifier that is all blanks means
 * "no tag" (empty element, or no readable label). */
static bool parse_volume_tag(const uint8_t *t, size_t n, char ret[static SMC_VOLUME_ID_LEN + 1], uint16_t *ret_seq) {
        size_t id = SCSI_MIN(n, (size_t) SMC_VOLUME_ID_LEN);

        if (n >= SMC_VOLUME_TAG_LEN && ret_seq)
                *ret_seq = scsi_get_be16(t + 34);

        return scsi_ascii_field(ret, SMC_VOLUME_ID_LEN + 1, t, id) > 0;
}

static void parse_device_id(const uint8_t *p, size_t avail, size_t room, SmcElement *e) {
        size_t want, n;

        if (avail < DEVICE_ID_HEADER_LEN || room < DEVICE_ID_HEADER_LEN)
                return;

        want = p[3];
        n = SCSI_MIN(want, SCSI_MIN(avail, room) - DEVICE_ID_HEADER_LEN);
        if (want == 0)
                return;

        e->has_device_id = true;
        e->device_id_code_set = p[0] & 0x0f;
        e->device_id_type = p[1] & 0x0f;
        if (e->device_id_code_set == 2 || e->device_id_code_set == 3)
                scsi_ascii_field(e->device_id, sizeof(e->device_id), p + 4, n);
        else
                scsi_hex_field(e->device_id, sizeof(e->device_id), p + 4, n);

        if (n < want)
                e->truncated = true;
}

typedef struct PageFormat {
        SmcElementType type;
        bool pvoltag;
        bool avoltag;
        bool dvcid;
        size_t descriptor_len;
} PageFormat;

static void parse_flags(const uint8_t *d, SmcElementType type, SmcElement *e) {
        uint8_t f = d[2];

        e->full = f & 0x01;
        e->except = f & 0x04;

        /* The meaning of the other flag bits and of bytes 6..7 depends on the element
         * type; read only those the type defines. */
        if (type != SMC_ELEMENT_TRANSPORT)
                e->access = f & 0x08;

        if (type == SMC_ELEMENT_IMPORT_EXPORT) {
                e->impexp = f & 0x02;
                e->export_enabled = f & 0x10;
                e->import_enabled = f & 0x20;
        }

        if (type == SMC_ELEMENT_DATA_TRANSFER) {
                e->id_valid = d[6] & 0x20;
                e->lun_valid = d[6] & 0x10;
                e->lun = d[6] & 0x07;
                e->bus_address = d[7];
        }
}

/* One descriptor of which avail (>= DESCRIPTOR_BASE_LEN) bytes arrived. */
static void parse_descriptor(const uint8_t *d, size_t avail, const PageFormat *f, SmcElement *e) {
        size_t off = DESCRIPTOR_BASE_LEN;

        assert(avail >= DESCRIPTOR_BASE_LEN);

        e->type = f->type;
        e->address = scsi_get_be16(d);
        parse_flags(d, f->type, e);
        e->asc = d[4];
        e->ascq = d[5];
        e->source_valid = d[9] & 0x80;
        e->invert = d[9] & 0x40;
        e->medium_type = d[9] & 0x07;
        if (e->source_valid)
                e->source = scsi_get_be16(d + 10);

        if (f->pvoltag) {
                if (avail > off)
                        e->has_volume_tag = parse_volume_tag(d + off, avail - off, e->volume_tag, &e->volume_sequence);
                off += SMC_VOLUME_TAG_LEN;
        }

        if (f->avoltag) {
                if (avail > off)
                        e->has_alternate_tag = parse_volume_tag(d + off, avail - off, e->alternate_tag, NULL);
                off += SMC_VOLUME_TAG_LEN;
        }

        if (f->dvcid && avail > off)
                parse_device_id(d + off, avail - off, f->descriptor_len - off, e);

        if (avail < f->descriptor_len)
                e->truncated = true;
}

static int parse_page_header(const uint8_t *p, PageFormat *ret) {
        size_t min;

        *ret = (PageFormat) {
                .type = p[0] & 0x0f,
                .pvoltag = p[1] & 0x80,
                .avoltag = p[1] & 0x40,
                .descriptor_len = scsi_get_be16(p + 2),
        };

        if (ret->type <= SMC_ELEMENT_ALL || ret->type >= _SMC_ELEMENT_TYPE_MAX)
                return -EBADMSG;

        min = DESCRIPTOR_BASE_LEN + (ret->pvoltag ? SMC_VOLUME_TAG_LEN : 0) + (ret->avoltag ? SMC_VOLUME_TAG_LEN : 0);
        if (ret->descriptor_len < min)
                return -EBADMSG;

        return 0;
}

int smc_parse_element_status(const uint8_t *buf, size_t len, bool dvcid, SmcElementList *list, SmcStatusReport *ret) {
        size_t end, off = STATUS_HEADER_LEN;
        SmcStatusReport report = {};

        assert(buf || len == 0);
        assert(list);
        assert(ret);

        if (len < STATUS_HEADER_LEN)
                return -EBADMSG;

        report.first_address = scsi_get_be16(buf);
        report.n_available = scsi_get_be16(buf + 2);
        report.byte_count = scsi_get_be24(buf + 5);

        /* BYTE COUNT OF REPORT AVAILABLE covers the pages after this header. Devices
         * announce more than they send (tgt sends 8 bytes fewer; any device stops at the
         * allocation length), so only what arrived is read. */
        end = SCSI_MIN(len, STATUS_HEADER_LEN + (size_t) report.byte_count);
        report.short_reply = len < STATUS_HEADER_LEN + (size_t) report.byte_count;

        while (off < end) {
                PageFormat f;
                size_t page_end;
                int r;

                if (end - off < PAGE_HEADER_LEN) {
                        report.truncated = true;
                        break;
                }

                r = parse_page_header(buf + off, &f);
                if (r < 0)
                        return r;
                f.dvcid = dvcid;

                page_end = SCSI_MIN(end, off + PAGE_HEADER_LEN + (size_t) scsi_get_be24(buf + off + 5));
                off += PAGE_HEADER_LEN;

                while (off < page_end) {
                        size_t avail = SCSI_MIN(page_end - off, f.descriptor_len);
                        SmcElement *e;

                        if (avail < DESCRIPTOR_BASE_LEN) {
                                /* Not even the address and state arrived: nothing to keep. */
                                report.truncated = true;
                                break;
                        }

                        e = smc_element_list_append(list);
                        if (!e)
                                return -ENOMEM;

                        parse_descriptor(buf + off, avail, &f, e);
                        report.n_parsed++;

                        if (e->truncated)
                                report.truncated = true;
                        if (avail == f.descriptor_len) {
                                report.n_complete++;
                                report.last_address = e->address;
                        }

                        off += avail;
                }

                off = page_end;
        }

        *ret = report;
        return 0;
}

size_t smc_descriptor_size_max(bool voltag, bool dvcid) {
        size_t n = DESCRIPTOR_BASE_LEN + 4;     /* room for a few vendor-specific bytes */

        if (voltag)
                n += 2 * SMC_VOLUME_TAG_LEN;    /* primary and alternate */
        if (dvcid)
                n += DEVICE_ID_HEADER_LEN + 255;

        return n;
}

size_t smc_elements_per_request(bool voltag, bool dvcid, uint32_t alloc_len) {
        if (alloc_len > 0xffffff || alloc_len < STATUS_HEADER_LEN + PAGE_HEADER_LEN)
                return 0;

        return (alloc_len - STATUS_HEADER_LEN - PAGE_HEADER_LEN) / smc_descriptor_size_max(voltag, dvcid);
}

int smc_plan_element_status(uint16_t first, uint16_t count, bool voltag, bool dvcid, uint32_t alloc_len,
                            SmcStatusChunk *ret, size_t max) {
        size_t per, n = 0;
        uint32_t next = first, left = count;

        assert(ret || max == 0);

        if (count > 0 && (uint32_t) first + count - 1 > 0xffff)
                return -ERANGE;
        per = smc_elements_per_request(voltag, dvcid, alloc_len);
        if (per == 0)
                return -EINVAL;

        while (left > 0) {
                uint32_t k = (uint32_t) SCSI_MIN((size_t) left, per);

                if (n >= max)
                        return -ENOBUFS;

                ret[n++] = (SmcStatusChunk) {
                        .start = (uint16_t) next,
                        .count = (uint16_t) k,
                };
                next += k;
                left -= k;
        }

        return (int) n;
}
