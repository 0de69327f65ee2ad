/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "detect/plan.h"

/* Test devices point at string literals; the plan copies what it keeps. */
#define TAPE(sg_, nst_, serial_, h, c, t, l) \
        { .type = DETECT_TYPE_TAPE, .sg = (char *) (sg_), .nst = (char *) (nst_), \
          .vendor = (char *) "IBM", .model = (char *) "ULT3580-TD8", .serial = (char *) (serial_), \
          .host = (h), .channel = (c), .target = (t), .lun = (l) }

#define CHANGER(sg_, serial_, ids_, n_, h, c, t, l) \
        { .type = DETECT_TYPE_CHANGER, .sg = (char *) (sg_), \
          .vendor = (char *) "STK", .model = (char *) "L700", .serial = (char *) (serial_), \
          .element_ids = (ids_), .n_element_ids = (n_), .element_ids_known = (ids_) != NULL, \
          .host = (h), .channel = (c), .target = (t), .lun = (l) }

static void drive_is(const DetectDrive *d, const char *generic, const char *name) {
        ck_assert_ptr_nonnull(d->generic);
        ck_assert_str_eq(d->generic, generic);
        ck_assert_str_eq(d->device_name, name);
}

START_TEST(test_one_changer_four_drives) {
        /* Drives come in any order, the last one on another host (FC). */
        char *ids[] = { "SER00001", "SER00002", "SER00003", "SER00004" };
        DetectDevice devs[] = {
                TAPE("/dev/sg3", "/dev/nst2", "SER00003", 1, 0, 0, 3),
                TAPE("/dev/sg1", "/dev/nst0", "SER00001", 1, 0, 0, 1),
                CHANGER("/dev/sg0", "LIB0001", ids, 4, 1, 0, 0, 0),
                TAPE("/dev/sg2", "/dev/nst1", "SER00002", 1, 0, 0, 2),
                TAPE("/dev/sg4", NULL, "SER00004", 2, 0, 5, 0),
        };
        DetectPlan p = {};
        LibraryConfig *c = NULL;

        ck_assert_int_eq(detect_plan_build(devs, 5, NULL, 0, &p), 0);
        ck_assert_uint_eq(p.n_libraries, 1);
        ck_assert_uint_eq(p.n_remove, 0);
        ck_assert_str_eq(p.libraries[0].changer, "/dev/sg0");
        ck_assert_str_eq(p.libraries[0].name, "STK L700 LIB0001");
        ck_assert_uint_eq(p.libraries[0].n_drives, 4);
        drive_is(&p.libraries[0].drives[0], "/dev/sg1", "/dev/nst0");
        drive_is(&p.libraries[0].drives[1], "/dev/sg2", "/dev/nst1");
        drive_is(&p.libraries[0].drives[2], "/dev/sg3", "/dev/nst2");
        /* No st node: the generic node is what a program opens. */
        drive_is(&p.libraries[0].drives[3], "/dev/sg4", "/dev/sg4");

        ck_assert_int_eq(detect_library_to_config(&p.libraries[0], &c), 0);
        ck_assert_str_eq(c->changer, "/dev/sg0");
        ck_assert_str_eq(c->name, "STK L700 LIB0001");
        ck_assert_uint_eq(c->n_drives, 4);
        ck_assert_str_eq(c->drives[0], "/dev/sg1");
        ck_assert_str_eq(c->drives[3], "/dev/sg4");
        /* What programs open is recorded as each drive's device name. */
        ck_assert_str_eq(c->device_names[0], "/dev/nst0");
        ck_assert_str_eq(c->device_names[3], "/dev/sg4");
        ck_assert(!library_config_is_standalone(c));
        library_config_free(c);
        detect_plan_done(&p);
}
END_TEST

START_TEST(test_two_changers) {
        char *ids_a[] = { "AAAA0001", "AAAA0002" };
        char *ids_b[] = { "BBBB0001" };
        DetectDevice devs[] = {
                TAPE("/dev/sg5", "/dev/nst3", "BBBB0001", 3, 0, 1, 1),
                TAPE("/dev/sg2", "/dev/nst1", "AAAA0002", 2, 0, 0, 2),
                CHANGER("/dev/sg0", "LIBA", ids_a, 2, 2, 0, 0, 0),
                CHANGER("/dev/sg4", "LIBB", ids_b, 1, 3, 0, 1, 0),
                TAPE("/dev/sg1", "/dev/nst0", "AAAA0001", 2, 0, 0, 1),
        };
        DetectPlan p = {};

        ck_assert_int_eq(detect_plan_build(devs, 5, NULL, 0, &p), 0);
        ck_assert_uint_eq(p.n_libraries, 2);
        ck_assert_str_eq(p.libraries[0].changer, "/dev/sg0");
        ck_assert_uint_eq(p.libraries[0].n_drives, 2);
        drive_is(&p.libraries[0].drives[0], "/dev/sg1", "/dev/nst0");
        drive_is(&p.libraries[0].drives[1], "/dev/sg2", "/dev/nst1");
        ck_assert_str_eq(p.libraries[1].changer, "/dev/sg4");
        ck_assert_uint_eq(p.libraries[1].n_drives, 1);
        drive_is(&p.libraries[1].drives[0], "/dev/sg5", "/dev/nst3");
        detect_plan_done(&p);
}
END_TEST

START_TEST(test_drives_without_changer) {
        DetectDevice devs[] = {
                TAPE("/dev/sg0", "/dev/nst0", "SER00001", 0, 0, 0, 0),
                TAPE("/dev/sg1", "/dev/nst1", NULL, 0, 0, 1, 0),
        };
        DetectPlan p = {};
        LibraryConfig *c = NULL;

        ck_assert_int_eq(detect_plan_build(devs, 2, NULL, 0, &p), 0);
        ck_assert_uint_eq(p.n_libraries, 2);
        for (size_t i = 0; i < 2; i++) {
                ck_assert_ptr_null(p.libraries[i].changer);
                ck_assert_uint_eq(p.libraries[i].n_drives, 1);
        }
        drive_is(&p.libraries[0].drives[0], "/dev/sg0", "/dev/nst0");
        ck_assert_str_eq(p.libraries[0].name, "IBM ULT3580-TD8 SER00001");
        /* No serial: the node tells two drives of one make apart. */
        ck_assert_str_eq(p.libraries[1].name, "IBM ULT3580-TD8 /dev/sg1");

        /* A stand-alone drive library: rsmd drives the generic node, programs
         * open the tape node. */
        ck_assert_int_eq(detect_library_to_config(&p.libraries[0], &c), 0);
        ck_assert_ptr_null(c->changer);
        ck_assert(library_config_is_standalone(c));
        ck_assert_uint_eq(c->n_drives, 1);
        ck_assert_str_eq(c->drives[0], "/dev/sg0");
        ck_assert_str_eq(c->device_names[0], "/dev/nst0");
        ck_assert_str_eq(library_config_device(c), "/dev/sg0");
        ck_assert_str_eq(c->name, "IBM ULT3580-TD8 SER00001");
        library_config_free(c);
        detect_plan_done(&p);
}
END_TEST

START_TEST(test_optical) {
        DetectDevice devs[] = {
                { .type = DETECT_TYPE_OPTICAL, .sg = (char *) "/dev/sg0", .vendor = (char *) "HL-DT-ST",
                  .model = (char *) "BD-RE BH16NS40", .serial = (char *) "K9OG4HI1234" },
                /* A disk: not ours. */
                { .type = 0, .sg = (char *) "/dev/sg1", .vendor = (char *) "ATA" },
        };
        DetectPlan p = {};

        ck_assert_int_eq(detect_plan_build(devs, 2, NULL, 0, &p), 0);
        ck_assert_uint_eq(p.n_libraries, 1);
        ck_assert_ptr_null(p.libraries[0].changer);
        drive_is(&p.libraries[0].drives[0], "/dev/sg0", "/dev/sg0");
        ck_assert_str_eq(p.libraries[0].name, "HL-DT-ST BD-RE BH16NS40 K9OG4HI1234");
        detect_plan_done(&p);
}
END_TEST

START_TEST(test_serial_mismatch) {
        /* The changer knows two drives; one present drive is someone else's. */
        char *ids[] = { "SER00001", "SER00002" };
        DetectDevice devs[] = {
                CHANGER("/dev/sg0", "LIB0001", ids, 2, 0, 0, 0, 0),
                TAPE("/dev/sg1", "/dev/nst0", "SER00001", 0, 0, 0, 1),
                TAPE("/dev/sg2", "/dev/nst1", "OTHER0042", 0, 0, 0, 2),
        };
        DetectPlan p = {};

        ck_assert_int_eq(detect_plan_build(devs, 3, NULL, 0, &p), 0);
        ck_assert_uint_eq(p.n_libraries, 2);
        ck_assert_str_eq(p.libraries[0].changer, "/dev/sg0");
        ck_assert_uint_eq(p.libraries[0].n_drives, 2);
        drive_is(&p.libraries[0].drives[0], "/dev/sg1", "/dev/nst0");
        /* Element 1's drive is not here: the element stays empty. */
        ck_assert_ptr_null(p.libraries[0].drives[1].generic);
        ck_assert_ptr_null(p.libraries[1].changer);
        drive_is(&p.libraries[1].drives[0], "/dev/sg2", "/dev/nst1");
        detect_plan_done(&p);
}
END_TEST

START_TEST(test_same_serial_twice) {
        /* Two paths to one drive (multipath) claim one element: the first
         * keeps it, the other is not given the same element twice. */
        char *ids[] = { "SER00001" };
        DetectDevice devs[] = {
                CHANGER("/dev/sg0", "LIB0001", ids, 1, 0, 0, 0, 0),
                TAPE("/dev/sg1", "/dev/nst0", "SER00001", 0, 0, 0, 1),
                TAPE("/dev/sg2", "/dev/nst1", "SER00001", 1, 0, 0, 1),
        };
        DetectPlan p = {};

        ck_assert_int_eq(detect_plan_build(devs, 3, NULL, 0, &p), 0);
        ck_assert_uint_eq(p.n_libraries, 2);
        drive_is(&p.libraries[0].drives[0], "/dev/sg1", "/dev/nst0");
        ck_assert_ptr_null(p.libraries[1].changer);
        detect_plan_done(&p);
}
END_TEST

START_TEST(test_ids_unknown_by_target) {
        /* Without element identifiers, the drives on the changer's target
         * fill its elements in LUN order; a drive elsewhere stays alone. */
        DetectDevice devs[] = {
                TAPE("/dev/sg3", "/dev/nst2", "S3", 4, 0, 0, 3),
                CHANGER("/dev/sg0", NULL, NULL, 0, 4, 0, 0, 1),
                TAPE("/dev/sg2", "/dev/nst1", "S2", 4, 0, 0, 2),
                TAPE("/dev/sg9", "/dev/nst9", "S9", 5, 0, 0, 2),
        };
        DetectPlan p = {};

        ck_assert_int_eq(detect_plan_build(devs, 4, NULL, 0, &p), 0);
        ck_assert_uint_eq(p.n_libraries, 2);
        ck_assert_str_eq(p.libraries[0].changer, "/dev/sg0");
        ck_assert_str_eq(p.libraries[0].name, "STK L700 /dev/sg0");
        ck_assert_uint_eq(p.libraries[0].n_drives, 2);
        drive_is(&p.libraries[0].drives[0], "/dev/sg2", "/dev/nst1");
        drive_is(&p.libraries[0].drives[1], "/dev/sg3", "/dev/nst2");
        ck_assert_ptr_null(p.libraries[1].changer);
        drive_is(&p.libraries[1].drives[0], "/dev/sg9", "/dev/nst9");
        detect_plan_done(&p);
}
END_TEST

START_TEST(test_remove) {
        /* The changer went away, its drive is still there: the library is
         * removed and the drive, if it really stays, stands alone. (Its own
         * remove event usually arrives within the same quiet period.) */
        char *ids[] = { "SER00001" };
        DetectDevice devs[] = {
                CHANGER("/dev/sg0", "LIB0001", ids, 1, 0, 0, 0, 0),
                CHANGER("/dev/sg5", "LIB0002", NULL, 0, 1, 0, 0, 0),
                TAPE("/dev/sg1", "/dev/nst0", "SER00001", 0, 0, 0, 1),
        };
        char *removed[] = { "/dev/sg0" };
        DetectPlan p = {};

        ck_assert_int_eq(detect_plan_build(devs, 3, removed, 1, &p), 0);
        ck_assert_uint_eq(p.n_remove, 1);
        ck_assert_str_eq(p.remove[0], "/dev/sg0");
        ck_assert_uint_eq(p.n_libraries, 2);
        ck_assert_str_eq(p.libraries[0].changer, "/dev/sg5");
        ck_assert_ptr_null(p.libraries[1].changer);
        drive_is(&p.libraries[1].drives[0], "/dev/sg1", "/dev/nst0");
        detect_plan_done(&p);
}
END_TEST

START_TEST(test_empty) {
        DetectPlan p = {};

        ck_assert_int_eq(detect_plan_build(NULL, 0, NULL, 0, &p), 0);
        ck_assert_uint_eq(p.n_libraries, 0);
        ck_assert_uint_eq(p.n_remove, 0);
        detect_plan_done(&p);
}
END_TEST

START_TEST(test_copy) {
        char *ids[] = { "SER00001", "" };
        DetectDevice d = CHANGER("/dev/sg0", "LIB0001", ids, 2, 0, 0, 0, 0), c = {};

        ck_assert_int_eq(detect_device_copy(&d, &c), 0);
        ck_assert_str_eq(c.sg, "/dev/sg0");
        ck_assert_ptr_null(c.nst);
        ck_assert_uint_eq(c.n_element_ids, 2);
        ck_assert_str_eq(c.element_ids[1], "");
        ck_assert(c.element_ids_known);
        detect_device_done(&c);
}
END_TEST

START_TEST(test_vpd_serial) {
        static const unsigned char page[] = { 0x01, 0x80, 0x00, 0x0c,
                ' ', ' ', 'H', 'U', '1', '2', '3', '4', '5', '6', ' ', ' ' };
        static const unsigned char wrong[] = { 0x01, 0x83, 0x00, 0x00 };
        static const unsigned char binary[] = { 0x01, 0x80, 0x00, 0x02, 0x01, 'A' };
        static const unsigned char longer[] = { 0x01, 0x80, 0x00, 0x40, 'A', 'B' };
        char *s = NULL;

        ck_assert_int_eq(detect_parse_vpd_serial(page, sizeof page, &s), 0);
        ck_assert_str_eq(s, "HU123456");
        free(s);
        ck_assert_int_eq(detect_parse_vpd_serial(wrong, sizeof wrong, &s), -EINVAL);
        ck_assert_int_eq(detect_parse_vpd_serial(page, 3, &s), -EINVAL);
        ck_assert_int_eq(detect_parse_vpd_serial(binary, sizeof binary, &s), -EINVAL);
        /* The page says more than sysfs gave: take what is there. */
        ck_assert_int_eq(detect_parse_vpd_serial(longer, sizeof longer, &s), 0);
        ck_assert_str_eq(s, "AB");
        free(s);
}
END_TEST

START_TEST(test_hctl_nst) {
        unsigned h, c, t, l;

        ck_assert_int_eq(detect_parse_hctl("3:0:12:1", &h, &c, &t, &l), 0);
        ck_assert_uint_eq(h, 3);
        ck_assert_uint_eq(t, 12);
        ck_assert_uint_eq(l, 1);
        ck_assert_int_eq(detect_parse_hctl("host3", &h, &c, &t, &l), -EINVAL);
        ck_assert_int_eq(detect_parse_hctl("3:0:12", &h, &c, &t, &l), -EINVAL);
        ck_assert_int_eq(detect_parse_hctl("3:0:12:1x", &h, &c, &t, &l), -EINVAL);

        ck_assert(detect_is_nst_name("nst0"));
        ck_assert(detect_is_nst_name("nst12"));
        ck_assert(!detect_is_nst_name("nst0a"));
        ck_assert(!detect_is_nst_name("st0"));
        ck_assert(!detect_is_nst_name("nst"));
        ck_assert(detect_type_wanted(DETECT_TYPE_CHANGER));
        ck_assert(!detect_type_wanted(0));
}
END_TEST

START_TEST(test_probe_pending) {
        /* A SAS library: the changer and its drives are separate targets, so
         * only the changer's element identifiers can place the drives. Until
         * its probe read them, the drives wait rather than stand alone. */
        DetectDevice devs[] = {
                TAPE("/dev/sg1", "/dev/nst0", "HU19470001", 0, 0, 1, 0),
                CHANGER("/dev/sg0", "LIB0001", NULL, 0, 0, 0, 0, 0),
                TAPE("/dev/sg2", "/dev/nst1", "HU19470002", 0, 0, 2, 0),
                TAPE("/dev/sg3", "/dev/nst2", "OTHER0042", 0, 0, 3, 0),
        };
        /* The second element's drive reports no identifier (powered off). */
        char *ids[] = { "HU19470002", "" };
        /* tgt-like identifiers: the serial cut short. */
        char *ids_all[] = { "HU19470002", "HU194700" };
        DetectPlan p = {};
        LibraryConfig *c = NULL;

        devs[1].probe_pending = true;
        ck_assert_int_eq(detect_plan_build(devs, 4, NULL, 0, &p), 0);
        ck_assert_uint_eq(p.n_libraries, 1);
        ck_assert_str_eq(p.libraries[0].changer, "/dev/sg0");
        ck_assert_uint_eq(p.libraries[0].n_drives, 0);
        detect_plan_done(&p);

        /* The probe's identifiers place one drive; the other two stand alone. */
        ck_assert_int_eq(detect_device_set_element_ids(&devs[1], ids, 2, true), 1);
        ck_assert(!devs[1].probe_pending);
        ck_assert(devs[1].element_ids_known);
        ck_assert_int_eq(detect_plan_build(devs, 4, NULL, 0, &p), 0);
        ck_assert_uint_eq(p.n_libraries, 3);
        ck_assert_uint_eq(p.libraries[0].n_drives, 2);
        drive_is(&p.libraries[0].drives[0], "/dev/sg2", "/dev/nst1");
        ck_assert_ptr_null(p.libraries[0].drives[1].generic);
        detect_plan_done(&p);

        /* The same identifiers again change nothing: no second plan. */
        ck_assert_int_eq(detect_device_set_element_ids(&devs[1], ids, 2, true), 0);

        /* Both elements identified, one by a leading part of the serial: both
         * drives go behind the changer, in element order, with their tape
         * nodes as device names; the third stands alone. */
        ck_assert_int_eq(detect_device_set_element_ids(&devs[1], ids_all, 2, true), 1);
        ck_assert_int_eq(detect_plan_build(devs, 4, NULL, 0, &p), 0);
        ck_assert_uint_eq(p.n_libraries, 2);
        ck_assert_uint_eq(p.libraries[0].n_drives, 2);
        drive_is(&p.libraries[0].drives[0], "/dev/sg2", "/dev/nst1");
        drive_is(&p.libraries[0].drives[1], "/dev/sg1", "/dev/nst0");
        ck_assert_ptr_null(p.libraries[1].changer);
        drive_is(&p.libraries[1].drives[0], "/dev/sg3", "/dev/nst2");
        ck_assert_int_eq(detect_library_to_config(&p.libraries[0], &c), 0);
        ck_assert_str_eq(c->drives[1], "/dev/sg1");
        ck_assert_str_eq(c->device_names[1], "/dev/nst0");
        library_config_free(c);
        detect_plan_done(&p);

        /* A changer that reports no identifiers: the drives on other targets
         * stand alone. */
        ck_assert_int_eq(detect_device_set_element_ids(&devs[1], NULL, 0, false), 1);
        ck_assert(!devs[1].element_ids_known);
        ck_assert_uint_eq(devs[1].n_element_ids, 0);
        ck_assert_int_eq(detect_plan_build(devs, 4, NULL, 0, &p), 0);
        ck_assert_uint_eq(p.n_libraries, 4);
        ck_assert_ptr_null(devs[1].element_ids);
        detect_plan_done(&p);
}
END_TEST

START_TEST(test_last_id_cut_short) {
        /* tgt: one target, identifiers "vendor product serial" of which the
         * last one arrives cut short. The first drives are placed by
         * identifier, the last by its LUN on the changer's target. */
        char *ids[] = { "IET     VIRTUAL-TAPE    VTL42D0", "IET     VIRTUAL-TAPE    VTL42D1",
                        "IET     VIRTUAL-TAPE    VT" };
        DetectDevice devs[] = {
                TAPE("/dev/sg4", "/dev/nst2", "VTL42D2", 7, 0, 0, 4),
                TAPE("/dev/sg3", "/dev/nst1", "VTL42D1", 7, 0, 0, 3),
                CHANGER("/dev/sg1", "VTL42C", ids, 3, 7, 0, 0, 1),
                TAPE("/dev/sg2", "/dev/nst0", "VTL42D0", 7, 0, 0, 2),
        };
        DetectPlan p = {};

        ck_assert_int_eq(detect_plan_build(devs, 4, NULL, 0, &p), 0);
        ck_assert_uint_eq(p.n_libraries, 1);
        ck_assert_uint_eq(p.libraries[0].n_drives, 3);
        drive_is(&p.libraries[0].drives[0], "/dev/sg2", "/dev/nst0");
        drive_is(&p.libraries[0].drives[1], "/dev/sg3", "/dev/nst1");
        drive_is(&p.libraries[0].drives[2], "/dev/sg4", "/dev/nst2");
        detect_plan_done(&p);

        /* The drive on the target's last LUN is missing: nothing fills its element. */
        ck_assert_int_eq(detect_plan_build(devs + 1, 3, NULL, 0, &p), 0);
        ck_assert_uint_eq(p.n_libraries, 1);
        ck_assert_uint_eq(p.libraries[0].n_drives, 3);
        ck_assert_ptr_null(p.libraries[0].drives[2].generic);
        detect_plan_done(&p);
}
END_TEST

START_TEST(test_drive_after_changer) {
        /* The changer came first, its second drive later: the second plan
         * gives the same library one more drive, which library_manager_add()
         * hands to the running library. */
        char *ids[] = { "SER00001", "SER00002" };
        DetectDevice devs[] = {
                CHANGER("/dev/sg0", "LIB0001", ids, 2, 0, 0, 0, 0),
                TAPE("/dev/sg1", "/dev/nst0", "SER00001", 0, 0, 1, 0),
                TAPE("/dev/sg2", "/dev/nst1", "SER00002", 0, 0, 2, 0),
        };
        LibraryConfig *first = NULL, *second = NULL;
        DetectPlan p = {};

        ck_assert_int_eq(detect_plan_build(devs, 2, NULL, 0, &p), 0);
        ck_assert_uint_eq(p.n_libraries, 1);
        ck_assert_int_eq(detect_library_to_config(&p.libraries[0], &first), 0);
        detect_plan_done(&p);
        ck_assert_uint_eq(first->n_drives, 2);
        ck_assert_ptr_null(first->drives[1]);

        ck_assert_int_eq(detect_plan_build(devs, 3, NULL, 0, &p), 0);
        ck_assert_int_eq(detect_library_to_config(&p.libraries[0], &second), 0);
        detect_plan_done(&p);
        ck_assert_str_eq(library_config_device(first), library_config_device(second));
        ck_assert(!library_config_drives_equal(first, second));
        ck_assert_str_eq(second->drives[1], "/dev/sg2");
        ck_assert_str_eq(second->device_names[1], "/dev/nst1");
        ck_assert(library_config_drives_equal(second, second));

        /* The drive goes again: removed, it drops out of its library. */
        {
                char *removed[] = { "/dev/sg2" };

                ck_assert_int_eq(detect_plan_build(devs, 3, removed, 1, &p), 0);
                ck_assert_uint_eq(p.n_remove, 1);
                ck_assert_str_eq(p.remove[0], "/dev/sg2");
                ck_assert_ptr_null(p.libraries[0].drives[1].generic);
                detect_plan_done(&p);
        }
        library_config_free(first);
        library_config_free(second);
}
END_TEST

START_TEST(test_config_discovery) {
        Config c;

        config_init(&c);
        ck_assert(c.discovery);
        ck_assert_int_eq(config_set(&c, "Discovery", "no"), 0);
        ck_assert(!c.discovery);
        ck_assert_int_eq(config_set(&c, "Discovery", "Yes"), 0);
        ck_assert(c.discovery);
        ck_assert_int_eq(config_set(&c, "Discovery", "maybe"), -EINVAL);
        ck_assert(c.discovery);
        config_done(&c);
}
END_TEST

int main(void) {
        Suite *s = suite_create("detect-plan");
        TCase *tc = tcase_create("plan");
        SRunner *sr;
        int failed;

        tcase_add_test(tc, test_one_changer_four_drives);
        tcase_add_test(tc, test_two_changers);
        tcase_add_test(tc, test_drives_without_changer);
        tcase_add_test(tc, test_optical);
        tcase_add_test(tc, test_serial_mismatch);
        tcase_add_test(tc, test_same_serial_twice);
        tcase_add_test(tc, test_ids_unknown_by_target);
        tcase_add_test(tc, test_remove);
        tcase_add_test(tc, test_empty);
        tcase_add_test(tc, test_copy);
        tcase_add_test(tc, test_vpd_serial);
        tcase_add_test(tc, test_hctl_nst);
        tcase_add_test(tc, test_probe_pending);
        tcase_add_test(tc, test_last_id_cut_short);
        tcase_add_test(tc, test_drive_after_changer);
        tcase_add_test(tc, test_config_discovery);
        suite_add_tcase(s, tc);
        sr = srunner_create(s);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
