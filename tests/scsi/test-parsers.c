/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Parsers on hand-made replies: well-behaved devices, and every way a reply can lie. */

#include <errno.h>

#include "mmc.h"
#include "scsi-util.h"
#include "smc.h"
#include "spc.h"
#include "ssc.h"
#include "test-util.h"

/* ---- READ ELEMENT STATUS replies ---- */

typedef struct Desc {
        uint16_t address;
        uint8_t flags;
        uint8_t asc, ascq;
        uint16_t source;        /* 0: SVALID clear */
        const char *tag;
        uint16_t sequence;
        const char *alternate;
        const char *device_id;  /* ASCII identifier when the page carries DVCID data */
} Desc;

typedef struct Page {
        uint8_t type;
        bool pvoltag, avoltag, dvcid;
        uint16_t descriptor_len;        /* 0: computed */
        const Desc *desc;
        size_t n;
} Page;

static void put_tag(uint8_t *p, const char *tag, uint16_t seq) {
        memset(p, ' ', 32);
        memcpy(p, tag, strlen(tag));
        p[32] = p[33] = 0;
        scsi_put_be16(p + 34, seq);
}

static size_t put_page(uint8_t *buf, const Page *pg) {
        size_t dlen = pg->descriptor_len;

        if (dlen == 0)
                dlen = 12 + (pg->pvoltag ? 36 : 0) + (pg->avoltag ? 36 : 0) + (pg->dvcid ? 4 + 32 : 0);

        buf[0] = pg->type;
        buf[1] = (uint8_t) ((pg->pvoltag ? 0x80 : 0) | (pg->avoltag ? 0x40 : 0));
        scsi_put_be16(buf + 2, (uint16_t) dlen);
        buf[4] = 0;
        scsi_put_be24(buf + 5, (uint32_t) (dlen * pg->n));

        for (size_t i = 0; i < pg->n; i++) {
                uint8_t *d = buf + 8 + i * dlen;
                const Desc *x = pg->desc + i;
                size_t off = 12;

                memset(d, 0, dlen);
                scsi_put_be16(d, x->address);
                d[2] = x->flags;
                d[4] = x->asc;
                d[5] = x->ascq;
                if (x->source) {
                        d[9] = 0x80;
                        scsi_put_be16(d + 10, x->source);
                }
                if (pg->pvoltag) {
                        put_tag(d + off, x->tag ?: "", x->sequence);
                        off += 36;
                }
                if (pg->avoltag) {
                        put_tag(d + off, x->alternate ?: "", 0);
                        off += 36;
                }
                if (pg->dvcid && x->device_id) {
                        d[off] = 2;             /* ASCII */
                        d[off + 1] = 0;
                        d[off + 3] = (uint8_t) strlen(x->device_id);
                        memcpy(d + off + 4, x->device_id, strlen(x->device_id));
                }
        }

        return 8 + dlen * pg->n;
}

static size_t put_reply(uint8_t *buf, const Page *pages, size_t n) {
        size_t len = 8;
        uint16_t total = 0;

        for (size_t i = 0; i < n; i++) {
                len += put_page(buf + len, pages + i);
                total += (uint16_t) pages[i].n;
        }

        scsi_put_be16(buf, n > 0 && pages[0].n > 0 ? pages[0].desc[0].address : 0);
        scsi_put_be16(buf + 2, total);
        buf[4] = 0;
        scsi_put_be24(buf + 5, (uint32_t) (len - 8));
        return len;
}

static const Desc slots[] = {
        { .address = 0x1000, .flags = 0x09, .tag = "ABC123L6", .sequence = 7, .source = 0x0100 },
        { .address = 0x1001, .flags = 0x08 },
        { .address = 0x1002, .flags = 0x0d, .asc = 0x83, .ascq = 0x02, .tag = "XYZ999L7" },
};

START_TEST(test_res_well_behaved) {
        _cleanup_(smc_element_list_done) SmcElementList l = {};
        const Page pg = { .type = 2, .pvoltag = true, .desc = slots, .n = ELEMENTSOF(slots) };
        uint8_t buf[1024];
        SmcStatusReport rep;
        size_t len;

        len = put_reply(buf, &pg, 1);
        ck_assert_int_eq(smc_parse_element_status(buf, len, false, &l, &rep), 0);
        ck_assert_uint_eq(l.n, 3);
        ck_assert_uint_eq(rep.n_parsed, 3);
        ck_assert_uint_eq(rep.n_complete, 3);
        ck_assert_uint_eq(rep.last_address, 0x1002);
        ck_assert(!rep.truncated);
        ck_assert(!rep.short_reply);

        ck_assert_int_eq(l.elements[0].type, SMC_ELEMENT_STORAGE);
        ck_assert_uint_eq(l.elements[0].address, 0x1000);
        ck_assert(l.elements[0].full);
        ck_assert(l.elements[0].access);
        ck_assert(!l.elements[0].except);
        ck_assert(l.elements[0].source_valid);
        ck_assert_uint_eq(l.elements[0].source, 0x0100);
        ck_assert(l.elements[0].has_volume_tag);
        ck_assert_str_eq(l.elements[0].volume_tag, "ABC123L6");
        ck_assert_uint_eq(l.elements[0].volume_sequence, 7);
        ck_assert(!l.elements[0].truncated);

        ck_assert(!l.elements[1].full);
        ck_assert(!l.elements[1].has_volume_tag);
        ck_assert_str_eq(l.elements[1].volume_tag, "");
        ck_assert(!l.elements[1].source_valid);

        ck_assert(l.elements[2].except);
        ck_assert_uint_eq(l.elements[2].asc, 0x83);
        ck_assert_uint_eq(l.elements[2].ascq, 0x02);
}
END_TEST

START_TEST(test_res_without_tags) {
        _cleanup_(smc_element_list_done) SmcElementList l = {};
        const Page pg = { .type = 2, .desc = slots, .n = 2 };
        uint8_t buf[256];
        SmcStatusReport rep;

        ck_assert_int_eq(smc_parse_element_status(buf, put_reply(buf, &pg, 1), false, &l, &rep), 0);
        ck_assert_uint_eq(l.n, 2);
        ck_assert(l.elements[0].full);
        ck_assert(!l.elements[0].has_volume_tag);
}
END_TEST

START_TEST(test_res_alternate_and_ie) {
        _cleanup_(smc_element_list_done) SmcElementList l = {};
        const Desc d[] = {
                { .address = 0x200, .flags = 0x3b, .tag = "PRIMARY1", .alternate = "ALT00001" },
        };
        const Page pg = { .type = 3, .pvoltag = true, .avoltag = true, .desc = d, .n = 1 };
        uint8_t buf[256];
        SmcStatusReport rep;

        ck_assert_int_eq(smc_parse_element_status(buf, put_reply(buf, &pg, 1), false, &l, &rep), 0);
        ck_assert_uint_eq(l.n, 1);
        ck_assert_int_eq(l.elements[0].type, SMC_ELEMENT_IMPORT_EXPORT);
        ck_assert(l.elements[0].full);
        ck_assert(l.elements[0].impexp);
        ck_assert(l.elements[0].access);
        ck_assert(l.elements[0].export_enabled);
        ck_assert(l.elements[0].import_enabled);
        ck_assert_str_eq(l.elements[0].volume_tag, "PRIMARY1");
        ck_assert(l.elements[0].has_alternate_tag);
        ck_assert_str_eq(l.elements[0].alternate_tag, "ALT00001");
}
END_TEST

START_TEST(test_res_device_id) {
        _cleanup_(smc_element_list_done) SmcElementList l = {};
        const Desc d[] = {
                { .address = 0x100, .flags = 0x09, .tag = "T1", .device_id = "HP Ultrium 5  SN0001" },
                { .address = 0x101, .flags = 0x08 },
        };
        const Page pg = { .type = 4, .pvoltag = true, .dvcid = true, .desc = d, .n = 2 };
        uint8_t buf[512];
        SmcStatusReport rep;
        size_t len;

        len = put_reply(buf, &pg, 1);

        /* Bytes after the tags are an identification descriptor only if DVCID was set. */
        ck_assert_int_eq(smc_parse_element_status(buf, len, false, &l, &rep), 0);
        ck_assert(!l.elements[0].has_device_id);
        smc_element_list_done(&l);

        ck_assert_int_eq(smc_parse_element_status(buf, len, true, &l, &rep), 0);
        ck_assert_uint_eq(l.n, 2);
        ck_assert_int_eq(l.elements[0].type, SMC_ELEMENT_DATA_TRANSFER);
        ck_assert(l.elements[0].has_device_id);
        ck_assert_str_eq(l.elements[0].device_id, "HP Ultrium 5  SN0001");
        ck_assert(!l.elements[1].has_device_id);

        /* A binary identifier comes out as hex. */
        buf[16 + 48] = 1;
        smc_element_list_done(&l);
        ck_assert_int_eq(smc_parse_element_status(buf, len, true, &l, &rep), 0);
        ck_assert_str_eq(l.elements[0].device_id, "485020556c747269756d20352020534e30303031");
}
END_TEST

START_TEST(test_res_two_pages) {
        _cleanup_(smc_element_list_done) SmcElementList l = {};
        const Desc mt[] = { { .address = 1 } };
        const Page pg[] = {
                { .type = 1, .pvoltag = true, .desc = mt, .n = 1 },
                { .type = 2, .pvoltag = false, .desc = slots, .n = 3 },
        };
        uint8_t buf[512];
        SmcStatusReport rep;

        ck_assert_int_eq(smc_parse_element_status(buf, put_reply(buf, pg, 2), false, &l, &rep), 0);
        ck_assert_uint_eq(l.n, 4);
        ck_assert_int_eq(l.elements[0].type, SMC_ELEMENT_TRANSPORT);
        ck_assert_int_eq(l.elements[3].type, SMC_ELEMENT_STORAGE);
        ck_assert_uint_eq(l.elements[3].address, 0x1002);
}
END_TEST

START_TEST(test_res_malformed) {
        _cleanup_(smc_element_list_done) SmcElementList l = {};
        const Page pg = { .type = 2, .pvoltag = true, .desc = slots, .n = 3 };
        uint8_t buf[1024];
        SmcStatusReport rep;
        size_t len;

        len = put_reply(buf, &pg, 1);

        /* Shorter than the data header. */
        ck_assert_int_eq(smc_parse_element_status(buf, 7, false, &l, &rep), -EBADMSG);

        /* Descriptor length zero, or too short for the volume tag it announces. */
        scsi_put_be16(buf + 8 + 2, 0);
        ck_assert_int_eq(smc_parse_element_status(buf, len, false, &l, &rep), -EBADMSG);
        scsi_put_be16(buf + 8 + 2, 40);
        ck_assert_int_eq(smc_parse_element_status(buf, len, false, &l, &rep), -EBADMSG);
        buf[8 + 1] = 0;
        scsi_put_be16(buf + 8 + 2, 11);
        ck_assert_int_eq(smc_parse_element_status(buf, len, false, &l, &rep), -EBADMSG);

        /* Unknown element type, and type 0 inside a page. */
        len = put_reply(buf, &pg, 1);
        buf[8] = 7;
        ck_assert_int_eq(smc_parse_element_status(buf, len, false, &l, &rep), -EBADMSG);
        buf[8] = 0;
        ck_assert_int_eq(smc_parse_element_status(buf, len, false, &l, &rep), -EBADMSG);
}
END_TEST

START_TEST(test_res_absurd_counts) {
        _cleanup_(smc_element_list_done) SmcElementList l = {};
        const Page pg = { .type = 2, .pvoltag = true, .desc = slots, .n = 3 };
        uint8_t buf[1024];
        SmcStatusReport rep;
        size_t len;

        len = put_reply(buf, &pg, 1);

        /* Header and page announce 16 MiB and 65535 elements: only what arrived counts. */
        scsi_put_be16(buf + 2, 0xffff);
        scsi_put_be24(buf + 5, 0xffffff);
        scsi_put_be24(buf + 8 + 5, 0xffffff);
        ck_assert_int_eq(smc_parse_element_status(buf, len, false, &l, &rep), 0);
        ck_assert_uint_eq(l.n, 3);
        ck_assert(rep.short_reply);
        ck_assert_uint_eq(rep.n_available, 0xffff);
        smc_element_list_done(&l);

        /* A header that announces less than was sent: the rest is not looked at. */
        len = put_reply(buf, &pg, 1);
        scsi_put_be24(buf + 5, 8 + 48);
        ck_assert_int_eq(smc_parse_element_status(buf, len, false, &l, &rep), 0);
        ck_assert_uint_eq(l.n, 1);
        ck_assert(!rep.short_reply);
        smc_element_list_done(&l);

        /* A page that announces no descriptors. */
        len = put_reply(buf, &pg, 1);
        scsi_put_be24(buf + 8 + 5, 0);
        ck_assert_int_eq(smc_parse_element_status(buf, len, false, &l, &rep), -EBADMSG);
}
END_TEST

START_TEST(test_res_truncated) {
        _cleanup_(smc_element_list_done) SmcElementList l = {};
        const Page pg = { .type = 2, .pvoltag = true, .desc = slots, .n = 3 };
        uint8_t buf[1024];
        SmcStatusReport rep;
        size_t len;

        len = put_reply(buf, &pg, 1);

        /* Cut inside the last volume tag, three characters of it received. */
        ck_assert_int_eq(smc_parse_element_status(buf, len - 36 + 3, false, &l, &rep), 0);
        ck_assert_uint_eq(l.n, 3);
        ck_assert(rep.truncated);
        ck_assert(rep.short_reply);
        ck_assert_uint_eq(rep.n_complete, 2);
        ck_assert_uint_eq(rep.last_address, 0x1001);
        ck_assert(l.elements[2].truncated);
        ck_assert(l.elements[2].full);
        ck_assert_str_eq(l.elements[2].volume_tag, "XYZ");
        ck_assert(!l.elements[1].truncated);
        smc_element_list_done(&l);

        /* Cut after the identifier, before the sequence number (tgt's 8 bytes). */
        ck_assert_int_eq(smc_parse_element_status(buf, len - 4, false, &l, &rep), 0);
        ck_assert_str_eq(l.elements[2].volume_tag, "XYZ999L7");
        ck_assert(l.elements[2].truncated);
        smc_element_list_done(&l);

        /* Cut before the volume tag: the descriptor is incomplete, dropped. */
        ck_assert_int_eq(smc_parse_element_status(buf, len - 48 + 5, false, &l, &rep), 0);
        ck_assert_uint_eq(l.n, 2);
        ck_assert(rep.truncated);
        smc_element_list_done(&l);

        /* Cut inside a page header. */
        ck_assert_int_eq(smc_parse_element_status(buf, 8 + 5, false, &l, &rep), 0);
        ck_assert_uint_eq(l.n, 0);
        ck_assert(rep.truncated);
}
END_TEST

START_TEST(test_res_every_prefix) {
        const Page pg = { .type = 4, .pvoltag = true, .avoltag = true, .dvcid = true, .desc = slots, .n = 3 };
        uint8_t buf[1024];
        size_t len;

        len = put_reply(buf, &pg, 1);
        for (size_t n = 0; n <= len; n++) {
                _cleanup_(smc_element_list_done) SmcElementList l = {};
                SmcStatusReport rep;
                int r;

                r = smc_parse_element_status(buf, n, true, &l, &rep);
                ck_assert_int_eq(r, n < 8 ? -EBADMSG : 0);
                if (r == 0) {
                        ck_assert_uint_le(l.n, 3);
                        ck_assert_int_eq(rep.short_reply, n < len);
                        ck_assert(!rep.truncated || rep.short_reply);
                }
        }
}
END_TEST

/* ---- mode pages ---- */

START_TEST(test_mode_pages) {
        /* MODE SENSE(6): header, one 8-byte block descriptor, page 0x1d. */
        uint8_t b6[4 + 8 + 20] = { 4 + 8 + 20 - 1, 0, 0, 8 };
        uint8_t b10[8 + 20 + 8] = {};
        SmcAddressAssignment a;
        const uint8_t *p;
        size_t n;

        memcpy(b6 + 12, (const uint8_t[]) { 0x1d, 0x12, 0x00, 0x01, 0x00, 0x01, 0x04, 0x00, 0x00, 0x28,
                                            0x02, 0x00, 0x00, 0x02, 0x01, 0x00, 0x00, 0x04, 0, 0 }, 20);
        ck_assert_int_eq(spc_find_mode_page(b6, sizeof(b6), false, 0x1d, 0, &p, &n), 0);
        ck_assert_uint_eq(n, 20);
        ck_assert_int_eq(smc_parse_address_assignment(p, n, &a), 0);
        ck_assert_uint_eq(a.range[SMC_ELEMENT_TRANSPORT].first, 1);
        ck_assert_uint_eq(a.range[SMC_ELEMENT_TRANSPORT].count, 1);
        ck_assert_uint_eq(a.range[SMC_ELEMENT_STORAGE].first, 0x400);
        ck_assert_uint_eq(a.range[SMC_ELEMENT_STORAGE].count, 40);
        ck_assert_uint_eq(a.range[SMC_ELEMENT_IMPORT_EXPORT].first, 0x200);
        ck_assert_uint_eq(a.range[SMC_ELEMENT_IMPORT_EXPORT].count, 2);
        ck_assert_uint_eq(a.range[SMC_ELEMENT_DATA_TRANSFER].first, 0x100);
        ck_assert_uint_eq(a.range[SMC_ELEMENT_DATA_TRANSFER].count, 4);
        ck_assert_int_eq(spc_find_mode_page(b6, sizeof(b6), false, 0x1f, 0, &p, &n), -ENOENT);

        /* Block descriptor length past the data. */
        b6[3] = 200;
        ck_assert_int_eq(spc_find_mode_page(b6, sizeof(b6), false, 0x1d, 0, &p, &n), -EBADMSG);
        ck_assert_int_eq(spc_find_mode_page(b6, 3, false, 0x1d, 0, &p, &n), -EBADMSG);

        /* MODE SENSE(10): a sub-page form page first, then 0x1e. */
        scsi_put_be16(b10, sizeof(b10) - 2);
        memcpy(b10 + 8, (const uint8_t[]) { 0x5f, 0x41, 0x00, 0x10 }, 4);
        memcpy(b10 + 8 + 20, (const uint8_t[]) { 0x1e, 0x06, 0x01, 0x00, 0x00, 0x01, 0x01, 0x02 }, 8);
        ck_assert_int_eq(spc_find_mode_page(b10, sizeof(b10), true, 0x1f, 0x41, &p, &n), 0);
        ck_assert_uint_eq(n, 20);
        ck_assert_int_eq(spc_find_mode_page(b10, sizeof(b10), true, 0x1e, 0, &p, &n), 0);
        {
                SmcTransportGeometry g;

                ck_assert_int_eq(smc_parse_transport_geometry(p, n, &g), 0);
                ck_assert_uint_eq(g.n, 3);
                ck_assert(g.transport[0].rotate);
                ck_assert(!g.transport[1].rotate);
                ck_assert_uint_eq(g.transport[1].member, 1);
                ck_assert_uint_eq(g.transport[2].member, 2);
        }

        /* A page cut short by the allocation length is returned as far as it arrived. */
        ck_assert_int_eq(spc_find_mode_page(b10, sizeof(b10) - 3, true, 0x1e, 0, &p, &n), 0);
        ck_assert_uint_eq(n, 5);
}
END_TEST

START_TEST(test_smc_pages_bad) {
        uint8_t p[20] = { 0x1d, 0x12 };
        SmcAddressAssignment a;
        SmcCapabilities c;

        ck_assert_int_eq(smc_parse_address_assignment(p, 10, &a), -EBADMSG);
        p[0] = 0x1e;
        ck_assert_int_eq(smc_parse_address_assignment(p, sizeof(p), &a), -EBADMSG);
        p[0] = 0x1d;
        /* Storage elements 0xfff0 + 0x20 run past the address space. */
        scsi_put_be16(p + 6, 0xfff0);
        scsi_put_be16(p + 8, 0x20);
        ck_assert_int_eq(smc_parse_address_assignment(p, sizeof(p), &a), -EBADMSG);
        p[0] = 0x1f;
        p[1] = 4;
        ck_assert_int_eq(smc_parse_capabilities(p, sizeof(p), &c), -EBADMSG);
}
END_TEST

START_TEST(test_capabilities) {
        /* Storage in slots and drives; moves MT->any, ST->DT, DT->ST; exchange ST<->DT. */
        const uint8_t p[20] = { 0x1f, 0x12, 0x0a, 0x00, 0x0f, 0x08, 0x00, 0x02, 0, 0, 0, 0,
                                0x00, 0x08, 0x00, 0x02, 0, 0, 0, 0 };
        SmcCapabilities c;

        ck_assert_int_eq(smc_parse_capabilities(p, sizeof(p), &c), 0);
        ck_assert_uint_eq(c.storage, (1 << SMC_ELEMENT_STORAGE) | (1 << SMC_ELEMENT_DATA_TRANSFER));
        ck_assert(smc_can_move(&c, SMC_ELEMENT_TRANSPORT, SMC_ELEMENT_IMPORT_EXPORT));
        ck_assert(smc_can_move(&c, SMC_ELEMENT_STORAGE, SMC_ELEMENT_DATA_TRANSFER));
        ck_assert(!smc_can_move(&c, SMC_ELEMENT_STORAGE, SMC_ELEMENT_STORAGE));
        ck_assert(!smc_can_move(&c, SMC_ELEMENT_IMPORT_EXPORT, SMC_ELEMENT_STORAGE));
        ck_assert(smc_can_move(&c, SMC_ELEMENT_DATA_TRANSFER, SMC_ELEMENT_STORAGE));
        ck_assert(smc_can_exchange(&c, SMC_ELEMENT_STORAGE, SMC_ELEMENT_DATA_TRANSFER));
        ck_assert(!smc_can_exchange(&c, SMC_ELEMENT_TRANSPORT, SMC_ELEMENT_STORAGE));
        ck_assert(!smc_can_move(&c, SMC_ELEMENT_ALL, SMC_ELEMENT_STORAGE));
}
END_TEST

/* ---- INQUIRY and VPD ---- */

START_TEST(test_inquiry) {
        uint8_t b[36] = { 0x08, 0x80, 0x05, 0x02, 31, 0, 0x08, 0 };
        ScsiInquiry q;

        memcpy(b + 8, "ACME    ", 8);
        memcpy(b + 16, "Robot 9000\x01     ", 16);
        memcpy(b + 32, "1.0 ", 4);
        ck_assert_int_eq(spc_parse_inquiry(b, sizeof(b), &q), 0);
        ck_assert_uint_eq(q.device_type, SCSI_TYPE_MEDIUM_CHANGER);
        ck_assert_uint_eq(q.qualifier, 0);
        ck_assert(q.removable);
        ck_assert(q.medium_changer);
        ck_assert_str_eq(q.vendor, "ACME");
        ck_assert_str_eq(q.product, "Robot 9000?");
        ck_assert_str_eq(q.revision, "1.0");
        ck_assert_int_eq(spc_parse_inquiry(b, 35, &q), -EBADMSG);
}
END_TEST

START_TEST(test_unit_serial) {
        uint8_t b[16] = { 0x01, 0x80, 0x00, 10, ' ', ' ', 'S', 'N', '1', '2', '3', ' ', ' ', ' ' };
        char s[16];

        ck_assert_int_eq(spc_parse_unit_serial(b, 14, s, sizeof(s)), 0);
        ck_assert_str_eq(s, "SN123");
        /* PAGE LENGTH beyond the received bytes is clamped. */
        b[3] = 200;
        ck_assert_int_eq(spc_parse_unit_serial(b, 9, s, sizeof(s)), 0);
        ck_assert_str_eq(s, "SN1");
        /* Result is bounded by the caller's buffer. */
        ck_assert_int_eq(spc_parse_unit_serial(b, 14, s, 3), 0);
        ck_assert_str_eq(s, "SN");
        b[1] = 0x83;
        ck_assert_int_eq(spc_parse_unit_serial(b, 14, s, sizeof(s)), -EBADMSG);
        b[1] = 0x80;
        b[3] = 0;
        ck_assert_int_eq(spc_parse_unit_serial(b, 14, s, sizeof(s)), -ENODATA);
        ck_assert_int_eq(spc_parse_unit_serial(b, 3, s, sizeof(s)), -EBADMSG);
}
END_TEST

START_TEST(test_device_id) {
        uint8_t b[64] = { 0x08, 0x83 };
        size_t len = 4, n;
        ScsiDesignator d[4];
        const ScsiDesignator *best;
        char s[64];

        /* Target port (association 1) NAA: not about the logical unit. */
        memcpy(b + len, (const uint8_t[]) { 0x01, 0x13, 0x00, 0x08, 0x50, 0, 0, 0, 0, 0, 0, 0x99 }, 12);
        len += 12;
        /* T10 vendor id, ASCII. */
        memcpy(b + len, (const uint8_t[]) { 0x02, 0x01, 0x00, 0x0c, 'A', 'C', 'M', 'E', ' ', ' ', ' ', ' ', 'X', '1', ' ', ' ' }, 16);
        len += 16;
        /* Logical unit NAA, binary. */
        memcpy(b + len, (const uint8_t[]) { 0x01, 0x03, 0x00, 0x08, 0x60, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07 }, 12);
        len += 12;
        scsi_put_be16(b + 2, (uint16_t) (len - 4));

        ck_assert_int_eq(spc_parse_device_id(b, len, d, ELEMENTSOF(d), &n), 0);
        ck_assert_uint_eq(n, 3);
        ck_assert_uint_eq(d[0].association, 1);
        ck_assert_uint_eq(d[1].type, SPC_DESIGNATOR_T10_VENDOR);
        best = spc_pick_lu_designator(d, n);
        ck_assert_ptr_eq(best, d + 2);
        ck_assert_int_eq(spc_designator_to_string(best, s, sizeof(s)), 0);
        ck_assert_str_eq(s, "6001020304050607");
        ck_assert_int_eq(spc_designator_to_string(d + 1, s, sizeof(s)), 0);
        ck_assert_str_eq(s, "ACME    X1");
        ck_assert_ptr_eq(spc_pick_lu_designator(d, 2), d + 1);
        ck_assert_ptr_null(spc_pick_lu_designator(d, 1));

        /* max bounds the output. */
        ck_assert_int_eq(spc_parse_device_id(b, len, d, 1, &n), 0);
        ck_assert_uint_eq(n, 1);

        /* A descriptor that runs past the page. */
        b[4 + 3] = 0x40;
        ck_assert_int_eq(spc_parse_device_id(b, len, d, ELEMENTSOF(d), &n), -EBADMSG);
}
END_TEST

/* ---- SSC, MMC ---- */

START_TEST(test_block_limits) {
        SscBlockLimits l;

        ck_assert_int_eq(ssc_parse_block_limits((const uint8_t[]) { 0x02, 0x04, 0x00, 0x00, 0x00, 0x01 }, 6, &l), 0);
        ck_assert_uint_eq(l.granularity, 2);
        ck_assert_uint_eq(l.max_block_len, 0x040000);
        ck_assert_uint_eq(l.min_block_len, 1);
        ck_assert_int_eq(ssc_parse_block_limits((const uint8_t[]) { 0, 0, 0, 0, 0, 0 }, 6, &l), 0);
        ck_assert_int_eq(ssc_parse_block_limits((const uint8_t[]) { 0, 0, 0, 0, 0, 0 }, 5, &l), -EBADMSG);
        ck_assert_int_eq(ssc_parse_block_limits((const uint8_t[]) { 0, 0, 0, 0x10, 0x00, 0x20 }, 6, &l), -EBADMSG);
}
END_TEST

START_TEST(test_media_event) {
        MmcMediaEvent e;

        ck_assert_int_eq(mmc_parse_media_event((const uint8_t[]) { 0, 6, 0x04, 0x10, 0x02, 0x02, 0, 0 }, 8, &e), 0);
        ck_assert_uint_eq(e.event, MMC_MEDIA_NEW);
        ck_assert(e.media_present);
        ck_assert(!e.tray_open);
        ck_assert_int_eq(mmc_parse_media_event((const uint8_t[]) { 0, 6, 0x04, 0x10, 0x03, 0x01, 0, 0 }, 8, &e), 0);
        ck_assert_uint_eq(e.event, MMC_MEDIA_REMOVAL);
        ck_assert(e.tray_open);
        ck_assert(!e.media_present);
        /* NEA, another class, too short, descriptor length too small. */
        ck_assert_int_eq(mmc_parse_media_event((const uint8_t[]) { 0, 2, 0x80, 0x10 }, 4, &e), -ENODATA);
        ck_assert_int_eq(mmc_parse_media_event((const uint8_t[]) { 0, 6, 0x02, 0x10, 1, 0, 0, 0 }, 8, &e), -ENODATA);
        ck_assert_int_eq(mmc_parse_media_event((const uint8_t[]) { 0, 6, 0x04 }, 3, &e), -EBADMSG);
        ck_assert_int_eq(mmc_parse_media_event((const uint8_t[]) { 0, 6, 0x04, 0x10, 2, 2 }, 6, &e), -EBADMSG);
        ck_assert_int_eq(mmc_parse_media_event((const uint8_t[]) { 0, 2, 0x04, 0x10, 2, 2, 0, 0 }, 8, &e), -EBADMSG);
}
END_TEST

static Suite *suite(void) {
        Suite *s = suite_create("parsers");
        TCase *tc;

        tc = tcase_create("read-element-status");
        tcase_add_test(tc, test_res_well_behaved);
        tcase_add_test(tc, test_res_without_tags);
        tcase_add_test(tc, test_res_alternate_and_ie);
        tcase_add_test(tc, test_res_device_id);
        tcase_add_test(tc, test_res_two_pages);
        tcase_add_test(tc, test_res_malformed);
        tcase_add_test(tc, test_res_absurd_counts);
        tcase_add_test(tc, test_res_truncated);
        tcase_add_test(tc, test_res_every_prefix);
        suite_add_tcase(s, tc);

        tc = tcase_create("mode-pages");
        tcase_add_test(tc, test_mode_pages);
        tcase_add_test(tc, test_smc_pages_bad);
        tcase_add_test(tc, test_capabilities);
        suite_add_tcase(s, tc);

        tc = tcase_create("inquiry");
        tcase_add_test(tc, test_inquiry);
        tcase_add_test(tc, test_unit_serial);
        tcase_add_test(tc, test_device_id);
        suite_add_tcase(s, tc);

        tc = tcase_create("ssc-mmc");
        tcase_add_test(tc, test_block_limits);
        tcase_add_test(tc, test_media_event);
        suite_add_tcase(s, tc);
        return s;
}

RUN_SUITE(suite())
