/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The shared tables are the contract between rsmd and libntms: a mistake here
 * shows up as a wrong error code or a field that silently never crosses. */

#include <check.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ntmsapi.h"
#include "ntms-bus.h"
#include "ntms-errors.h"
#include "ntms-fields.h"
#include "ntms-guid.h"

START_TEST(guid_round_trip) {
        NtmsGuidBytes g = {
                .data1 = 0x12345678, .data2 = 0x9abc, .data3 = 0xdef0,
                .data4 = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef },
        }, back;
        char s[NTMS_GUID_STRING_MAX];

        ntms_guid_to_string(&g, s);
        ck_assert_str_eq(s, "12345678-9abc-def0-0123-456789abcdef");
        ck_assert_int_eq(ntms_guid_from_string(s, &back), 0);
        ck_assert_mem_eq(&g, &back, sizeof g);

        /* Upper case is accepted on input; output is always lower case. */
        ck_assert_int_eq(ntms_guid_from_string("12345678-9ABC-DEF0-0123-456789ABCDEF", &back), 0);
        ck_assert_mem_eq(&g, &back, sizeof g);
}
END_TEST

START_TEST(guid_layout_matches_api) {
        /* libntms copies NTMS_GUID and NtmsGuidBytes into each other. */
        ck_assert_uint_eq(sizeof(NTMS_GUID), sizeof(NtmsGuidBytes));
        ck_assert_uint_eq(offsetof(NTMS_GUID, Data4), offsetof(NtmsGuidBytes, data4));
}
END_TEST

START_TEST(guid_rejects_malformed) {
        static const char *bad[] = {
                "",
                "12345678-9abc-def0-0123-456789abcde",    /* short */
                "12345678-9abc-def0-0123-456789abcdef0",  /* long */
                "12345678+9abc-def0-0123-456789abcdef",   /* separator */
                "1234567g-9abc-def0-0123-456789abcdef",   /* not hex */
                "{12345678-9abc-def0-0123-456789abcdef}", /* registry braces */
                "12345678-9abc-def0-0123-456789abcd\xc3\xa9",
        };

        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
                ck_assert_msg(ntms_guid_from_string(bad[i], NULL) == -EINVAL, "accepted '%s'", bad[i]);
        ck_assert_int_eq(ntms_guid_from_string(NULL, NULL), -EINVAL);
}
END_TEST

START_TEST(guid_new_is_v4_and_unique) {
        NtmsGuidBytes a, b;
        char s[NTMS_GUID_STRING_MAX];

        ck_assert_int_eq(ntms_guid_new(&a), 0);
        ck_assert_int_eq(ntms_guid_new(&b), 0);
        ck_assert(memcmp(&a, &b, sizeof a) != 0);
        ck_assert(!ntms_guid_is_null(&a));
        ntms_guid_to_string(&a, s);
        ck_assert_int_eq(s[14], '4');
        ck_assert(strchr("89ab", s[19]));
        ck_assert(ntms_guid_string_valid(s));
}
END_TEST

START_TEST(errors_round_trip) {
        unsigned n;
        const NtmsErrorInfo *t = ntms_error_table(&n);

        ck_assert_uint_gt(n, 70);
        for (unsigned i = 0; i < n; i++) {
                ck_assert_ptr_eq(ntms_error_by_value(t[i].value), &t[i]);
                ck_assert_ptr_eq(ntms_error_by_bus_name(t[i].bus_name), &t[i]);
                ck_assert_ptr_eq(ntms_error_by_name(t[i].name), &t[i]);
                ck_assert(strncmp(t[i].bus_name, NTMS_BUS_ERROR_PREFIX, strlen(NTMS_BUS_ERROR_PREFIX)) == 0);
                /* D-Bus error name elements: letters and digits, not starting with a digit. */
                const char *tail = t[i].bus_name + strlen(NTMS_BUS_ERROR_PREFIX);
                ck_assert(isupper((unsigned char) tail[0]));
                for (const char *p = tail; *p; p++)
                        ck_assert(isalnum((unsigned char) *p));
                for (unsigned j = i + 1; j < n; j++) {
                        ck_assert_uint_ne(t[i].value, t[j].value);
                        ck_assert_str_ne(t[i].bus_name, t[j].bus_name);
                }
        }
}
END_TEST

START_TEST(errors_documented_values) {
        ck_assert_str_eq(ntms_error_by_value(4300)->bus_name, "org.ntms.Rsm1.Error.InvalidMedia");
        ck_assert_uint_eq(ntms_error_by_bus_name("org.ntms.Rsm1.Error.DatabaseFull")->value, 4314);
        ck_assert_uint_eq(ntms_error_by_bus_name("org.ntms.Rsm1.Error.CallNotImplemented")->value, 120);
        ck_assert_uint_eq(ntms_error_by_bus_name("org.freedesktop.DBus.Error.InvalidArgs")->value, ERROR_INVALID_PARAMETER);
        ck_assert_uint_eq(ntms_error_by_bus_name("org.freedesktop.DBus.Error.ServiceUnknown")->value, ERROR_NOT_CONNECTED);
        ck_assert_ptr_null(ntms_error_by_bus_name("org.example.Nope"));
        ck_assert_str_eq(ntms_error_name(ERROR_SLOT_EMPTY), "ERROR_SLOT_EMPTY");
        ck_assert_str_eq(ntms_error_name(99999), "ERROR_99999");
}
END_TEST

static int signature_ok(const char *s) {
        static const char *valid[] = { "u", "q", "b", "s", "t", "x", "ay" };
        for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++)
                if (strcmp(s, valid[i]) == 0)
                        return 1;
        return 0;
}

START_TEST(fields_every_type) {
        for (uint32_t type = NTMS_CHANGER; type <= NTMS_OPREQUEST; type++) {
                unsigned n;
                const NtmsField *f = ntms_info_fields(type, &n);

                ck_assert_msg(f && n > 0, "type %u has no fields", type);
                ck_assert_ptr_nonnull(ntms_object_type_name(type));
                for (unsigned i = 0; i < n; i++) {
                        ck_assert_msg(signature_ok(f[i].signature), "%s", f[i].name);
                        ck_assert_ptr_eq(ntms_field_find(type, f[i].name), &f[i]);
                        if (strcmp(f[i].signature, "s") == 0 && f[i].name[0] == 's')
                                ck_assert_uint_gt(f[i].max_chars, 0);
                }
                /* Every type lets the description be changed (SetNtmsObjectInformation remarks). */
                ck_assert(ntms_field_find(type, "szDescription")->settable);
        }
        ck_assert(ntms_field_find(NTMS_MEDIA_POOL, "szName")->settable);
        ck_assert(!ntms_field_find(NTMS_DRIVE, "szName")->settable);
        ck_assert(!ntms_field_find(NTMS_MEDIA_POOL, "PoolType")->settable);
        ck_assert(ntms_field_find(NTMS_LIBRARY, "InventoryMethod")->settable);
        ck_assert_ptr_null(ntms_field_find(NTMS_MEDIA_POOL, "szBarCode"));
        ck_assert(!ntms_object_type_valid(NTMS_UNKNOWN));
        ck_assert(!ntms_object_type_valid(NTMS_UI_DESTINATION));
        ck_assert_ptr_null(ntms_object_type_name(NTMS_NUMBER_OF_OBJECT_TYPES));
}
END_TEST

static Suite *common_suite(void) {
        Suite *s = suite_create("common");
        TCase *tc = tcase_create("tables");

        tcase_add_test(tc, guid_round_trip);
        tcase_add_test(tc, guid_layout_matches_api);
        tcase_add_test(tc, guid_rejects_malformed);
        tcase_add_test(tc, guid_new_is_v4_and_unique);
        tcase_add_test(tc, errors_round_trip);
        tcase_add_test(tc, errors_documented_values);
        tcase_add_test(tc, fields_every_type);
        suite_add_tcase(s, tc);
        return s;
}

int main(void) {
        SRunner *sr = srunner_create(common_suite());
        int failed;

        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
