/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Replies captured from tgt's virtual changer (see fixtures/README.md), each parsed into
 * the elements the library really holds despite the device's quirks. */

#include <errno.h>

#include "smc.h"
#include "spc.h"
#include "test-util.h"

static int parse_fixture(const char *name, bool dvcid, SmcElementList *l, SmcStatusReport *rep) {
        _cleanup_free_ uint8_t *b = NULL;
        size_t n;

        b = fixture_load(name, &n);
        return smc_parse_element_status(b, n, dvcid, l, rep);
}

START_TEST(test_transport_one_element_page) {
        _cleanup_(smc_element_list_done) SmcElementList l = {};
        SmcStatusReport rep;

        ck_assert_int_eq(parse_fixture("tgt-res-mte.bin", false, &l, &rep), 0);
        /* The header claims the first element is 0x0427; the descriptor knows better. */
        ck_assert_uint_eq(rep.first_address, 0x0427);
        ck_assert_uint_eq(l.n, 1);
        ck_assert_int_eq(l.elements[0].type, SMC_ELEMENT_TRANSPORT);
        ck_assert_uint_eq(l.elements[0].address, 1);
        ck_assert(!l.elements[0].full);
        ck_assert(!l.elements[0].has_volume_tag);
        /* 8 bytes short: cut after the tag identifier. */
        ck_assert(rep.short_reply);
        ck_assert(l.elements[0].truncated);
}
END_TEST

START_TEST(test_storage) {
        _cleanup_(smc_element_list_done) SmcElementList l = {};
        SmcStatusReport rep;

        ck_assert_int_eq(parse_fixture("tgt-res-storage.bin", false, &l, &rep), 0);
        ck_assert_uint_eq(l.n, 40);
        ck_assert_uint_eq(rep.n_available, 40);
        ck_assert(rep.short_reply);
        ck_assert(rep.truncated);
        ck_assert_uint_eq(rep.n_complete, 39);

        for (size_t i = 0; i < l.n; i++) {
                const SmcElement *e = l.elements + i;
                char tag[16];

                ck_assert_int_eq(e->type, SMC_ELEMENT_STORAGE);
                ck_assert_uint_eq(e->address, 1024 + i);
                ck_assert_int_eq(e->truncated, i == 39);
                if (i < 30) {
                        snprintf(tag, sizeof(tag), "RSM%03zuL6", i);
                        ck_assert(e->full);
                        ck_assert(e->has_volume_tag);
                        ck_assert_str_eq(e->volume_tag, tag);
                } else {
                        ck_assert(!e->full);
                        ck_assert(!e->has_volume_tag);
                }
        }
}
END_TEST

START_TEST(test_storage_without_tags) {
        _cleanup_(smc_element_list_done) SmcElementList l = {};
        SmcStatusReport rep;

        /* 16-byte descriptors: the last loses 8 of them, too few to keep. */
        ck_assert_int_eq(parse_fixture("tgt-res-storage-novoltag.bin", false, &l, &rep), 0);
        ck_assert_uint_eq(l.n, 39);
        ck_assert(rep.truncated);
        ck_assert_uint_eq(l.elements[38].address, 1062);
        ck_assert(l.elements[0].full);
        ck_assert(!l.elements[0].has_volume_tag);
}
END_TEST

START_TEST(test_ie_and_drives) {
        _cleanup_(smc_element_list_done) SmcElementList ie = {}, dt = {};
        SmcStatusReport rep;

        ck_assert_int_eq(parse_fixture("tgt-res-ie.bin", false, &ie, &rep), 0);
        ck_assert_uint_eq(ie.n, 2);
        ck_assert_int_eq(ie.elements[0].type, SMC_ELEMENT_IMPORT_EXPORT);
        ck_assert_uint_eq(ie.elements[0].address, 512);
        ck_assert_uint_eq(ie.elements[1].address, 513);

        ck_assert_int_eq(parse_fixture("tgt-res-dte.bin", false, &dt, &rep), 0);
        ck_assert_uint_eq(dt.n, 4);
        for (size_t i = 0; i < 4; i++) {
                ck_assert_int_eq(dt.elements[i].type, SMC_ELEMENT_DATA_TRANSFER);
                ck_assert_uint_eq(dt.elements[i].address, 256 + i);
                ck_assert(!dt.elements[i].full);
                ck_assert(!dt.elements[i].has_device_id);
        }
}
END_TEST

START_TEST(test_drives_with_identifiers) {
        _cleanup_(smc_element_list_done) SmcElementList l = {};
        SmcStatusReport rep;

        ck_assert_int_eq(parse_fixture("tgt-res-dte-dvcid.bin", true, &l, &rep), 0);
        ck_assert_uint_eq(l.n, 4);
        for (size_t i = 0; i < 4; i++) {
                ck_assert(l.elements[i].has_device_id);
                ck_assert_uint_eq(l.elements[i].device_id_code_set, 2);
                ck_assert_msg(strncmp(l.elements[i].device_id, "IET     VIRTUAL-TAPE    VT", 26) == 0,
                              "%s", l.elements[i].device_id);
        }
        /* The first three identifiers are whole (vendor, product, serial). */
        ck_assert_uint_gt(strlen(l.elements[0].device_id), 26);
        ck_assert(!l.elements[0].truncated);
        /* The last one lost 8 bytes of its identifier. */
        ck_assert(l.elements[3].truncated);
        ck_assert_uint_eq(strlen(l.elements[3].device_id), 26);
}
END_TEST

START_TEST(test_after_load) {
        _cleanup_(smc_element_list_done) SmcElementList dt = {}, st = {};
        SmcStatusReport rep;

        ck_assert_int_eq(parse_fixture("tgt-res-dte-loaded.bin", false, &dt, &rep), 0);
        ck_assert_uint_eq(dt.n, 4);
        ck_assert(dt.elements[0].full);
        ck_assert(dt.elements[0].source_valid);
        ck_assert_uint_eq(dt.elements[0].source, 1024);
        ck_assert_str_eq(dt.elements[0].volume_tag, "RSM000L6");
        ck_assert(!dt.elements[1].full);

        ck_assert_int_eq(parse_fixture("tgt-res-storage-after-load.bin", false, &st, &rep), 0);
        ck_assert_uint_eq(st.n, 40);
        ck_assert(!st.elements[0].full);
        ck_assert(!st.elements[0].has_volume_tag);
        ck_assert(st.elements[1].full);
        ck_assert_str_eq(st.elements[1].volume_tag, "RSM001L6");
}
END_TEST

START_TEST(test_count_ignored_and_header_only) {
        _cleanup_(smc_element_list_done) SmcElementList l = {}, h = {};
        SmcStatusReport rep;

        /* Asked for two from 1060, got everything from 1060 on. */
        ck_assert_int_eq(parse_fixture("tgt-res-storage-from1060-count2.bin", false, &l, &rep), 0);
        ck_assert_uint_eq(l.n, 4);
        ck_assert_uint_eq(l.elements[0].address, 1060);
        ck_assert_uint_eq(l.elements[3].address, 1063);

        ck_assert_int_eq(parse_fixture("tgt-res-storage-alloc8.bin", false, &h, &rep), 0);
        ck_assert_uint_eq(h.n, 0);
        ck_assert_uint_eq(rep.n_available, 40);
        ck_assert(rep.short_reply);
}
END_TEST

START_TEST(test_all_types_reply) {
        _cleanup_(smc_element_list_done) SmcElementList l = {};
        SmcStatusReport rep;
        int r;

        /* Never requested by rsmd; whatever it makes of it, it stays inside the buffer
         * and yields only elements of real types. */
        r = parse_fixture("tgt-res-all.bin", false, &l, &rep);
        ck_assert(r == 0 || r == -EBADMSG);
        for (size_t i = 0; i < l.n; i++)
                ck_assert(l.elements[i].type >= SMC_ELEMENT_TRANSPORT && l.elements[i].type <= SMC_ELEMENT_DATA_TRANSFER);
}
END_TEST

static void find_page(const char *name, uint8_t code, uint8_t **ret_buf, const uint8_t **ret_page, size_t *ret_len) {
        size_t n;

        *ret_buf = fixture_load(name, &n);
        ck_assert_int_eq(spc_find_mode_page(*ret_buf, n, false, code, 0, ret_page, ret_len), 0);
}

START_TEST(test_mode_pages) {
        _cleanup_free_ uint8_t *b1 = NULL, *b2 = NULL, *b3 = NULL;
        SmcAddressAssignment a;
        SmcTransportGeometry g;
        SmcCapabilities c;
        const uint8_t *p;
        size_t n;

        find_page("tgt-mode-1d.bin", SMC_PAGE_ELEMENT_ADDRESS, &b1, &p, &n);
        ck_assert_int_eq(smc_parse_address_assignment(p, n, &a), 0);
        ck_assert_uint_eq(a.range[SMC_ELEMENT_TRANSPORT].first, 1);
        ck_assert_uint_eq(a.range[SMC_ELEMENT_TRANSPORT].count, 1);
        ck_assert_uint_eq(a.range[SMC_ELEMENT_STORAGE].first, 1024);
        ck_assert_uint_eq(a.range[SMC_ELEMENT_STORAGE].count, 40);
        ck_assert_uint_eq(a.range[SMC_ELEMENT_IMPORT_EXPORT].first, 512);
        ck_assert_uint_eq(a.range[SMC_ELEMENT_IMPORT_EXPORT].count, 2);
        ck_assert_uint_eq(a.range[SMC_ELEMENT_DATA_TRANSFER].first, 256);
        ck_assert_uint_eq(a.range[SMC_ELEMENT_DATA_TRANSFER].count, 4);

        find_page("tgt-mode-1e.bin", SMC_PAGE_TRANSPORT_GEOMETRY, &b2, &p, &n);
        ck_assert_int_eq(smc_parse_transport_geometry(p, n, &g), 0);
        ck_assert_uint_eq(g.n, 1);
        ck_assert(!g.transport[0].rotate);

        /* The page offers EXCHANGE MEDIUM everywhere; the command itself is rejected
         * (tgt-sense-invalid-opcode.bin), which the changer layer handles. */
        find_page("tgt-mode-1f.bin", SMC_PAGE_DEVICE_CAPABILITIES, &b3, &p, &n);
        ck_assert_int_eq(smc_parse_capabilities(p, n, &c), 0);
        ck_assert_uint_eq(c.storage, 0x1e);
        ck_assert(smc_can_move(&c, SMC_ELEMENT_STORAGE, SMC_ELEMENT_DATA_TRANSFER));
        ck_assert(smc_can_exchange(&c, SMC_ELEMENT_STORAGE, SMC_ELEMENT_STORAGE));
}
END_TEST

START_TEST(test_inquiry) {
        _cleanup_free_ uint8_t *q = NULL, *s = NULL, *d = NULL, *qd = NULL;
        ScsiDesignator des[8];
        const ScsiDesignator *best;
        ScsiInquiry inq;
        char serial[64], text[64];
        size_t n, m;

        q = fixture_load("tgt-inquiry-changer.bin", &n);
        ck_assert_int_eq(spc_parse_inquiry(q, n, &inq), 0);
        ck_assert_uint_eq(inq.device_type, SCSI_TYPE_MEDIUM_CHANGER);
        ck_assert_str_eq(inq.vendor, "IET");
        ck_assert_str_eq(inq.product, "VIRTUAL-CHANGER");

        qd = fixture_load("tgt-inquiry-drive.bin", &n);
        ck_assert_int_eq(spc_parse_inquiry(qd, n, &inq), 0);
        ck_assert_uint_eq(inq.device_type, SCSI_TYPE_TAPE);

        s = fixture_load("tgt-vpd80-changer.bin", &n);
        ck_assert_int_eq(spc_parse_unit_serial(s, n, serial, sizeof(serial)), 0);
        ck_assert_str_eq(serial, "VTL6475C");

        d = fixture_load("tgt-vpd83-changer.bin", &n);
        ck_assert_int_eq(spc_parse_device_id(d, n, des, ELEMENTSOF(des), &m), 0);
        ck_assert_uint_eq(m, 3);
        ck_assert_uint_eq(des[0].type, SPC_DESIGNATOR_T10_VENDOR);
        ck_assert_int_eq(spc_designator_to_string(des + 0, text, sizeof(text)), 0);
        ck_assert_str_eq(text, "VTL6475L1");
        best = spc_pick_lu_designator(des, m);
        ck_assert_ptr_nonnull(best);
        ck_assert_uint_eq(best->type, SPC_DESIGNATOR_NAA);
}
END_TEST

static Suite *suite(void) {
        Suite *s = suite_create("tgt-fixtures");
        TCase *tc = tcase_create("captures");

        tcase_add_test(tc, test_transport_one_element_page);
        tcase_add_test(tc, test_storage);
        tcase_add_test(tc, test_storage_without_tags);
        tcase_add_test(tc, test_ie_and_drives);
        tcase_add_test(tc, test_drives_with_identifiers);
        tcase_add_test(tc, test_after_load);
        tcase_add_test(tc, test_count_ignored_and_header_only);
        tcase_add_test(tc, test_all_types_reply);
        tcase_add_test(tc, test_mode_pages);
        tcase_add_test(tc, test_inquiry);
        suite_add_tcase(s, tc);
        return s;
}

RUN_SUITE(suite())
