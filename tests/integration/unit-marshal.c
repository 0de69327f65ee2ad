/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* libntms internals without a daemon: the A/W offset tables against the
 * shared field table, UTF-8 ↔ UTF-32, SYSTEMTIME, and a{sv} round trips. */

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <systemd/sd-bus.h>
#include <unistd.h>

#include "marshal.h"
#include "ntms-fields.h"
#include "systemtime.h"
#include "wide.h"

START_TEST(every_field_has_an_offset) {
        unsigned n_common;
        const NtmsField *common = ntms_common_fields(&n_common);

        for (uint32_t type = NTMS_CHANGER; type <= NTMS_OPREQUEST; type++) {
                unsigned n;
                const NtmsField *f = ntms_info_fields(type, &n);

                for (int wide = 0; wide <= 1; wide++) {
                        size_t size = marshal_info_size(wide);
                        for (unsigned i = 0; i < n + n_common; i++) {
                                const NtmsField *field = i < n ? &f[i] : &common[i - n];
                                size_t offset;

                                ck_assert_msg(marshal_field_offset(type, field->name, wide, &offset),
                                              "type %u field %s (%s) has no offset", type, field->name,
                                              wide ? "W" : "A");
                                ck_assert_uint_lt(offset, size);
                                ck_assert_uint_ge(offset, 2 * sizeof(DWORD) - sizeof(DWORD));
                        }
                }
        }
}
END_TEST

START_TEST(offsets_match_the_structures) {
        size_t o;

        ck_assert(marshal_field_offset(NTMS_PARTITION, "OmidLabelId", false, &o));
        ck_assert_uint_eq(o, offsetof(NTMS_OBJECTINFORMATIONA, Info.Partition.OmidLabelId));
        ck_assert(marshal_field_offset(NTMS_PARTITION, "szOmidLabelInfo", true, &o));
        ck_assert_uint_eq(o, offsetof(NTMS_OBJECTINFORMATIONW, Info.Partition.szOmidLabelInfo));
        ck_assert(marshal_field_offset(NTMS_MEDIA_POOL, "szName", true, &o));
        ck_assert_uint_eq(o, offsetof(NTMS_OBJECTINFORMATIONW, szName));
        ck_assert(!marshal_field_offset(NTMS_MEDIA_POOL, "szBarCode", false, &o));
}
END_TEST

START_TEST(utf8_utf32) {
        char *s = NULL;
        wchar_t buf[8];

        ck_assert_int_eq(wide_to_utf8(L"a\u00e9\u4e2d\U0001F4BE", SIZE_MAX, &s), 0);
        ck_assert_str_eq(s, "a\xc3\xa9\xe4\xb8\xad\xf0\x9f\x92\xbe");
        ck_assert_uint_eq(utf8_char_count(s), 4);
        ck_assert_uint_eq(utf8_to_wide_buf(s, buf, 8), 4);
        ck_assert(wcscmp(buf, L"a\u00e9\u4e2d\U0001F4BE") == 0);
        /* Truncation keeps whole characters and the NUL. */
        ck_assert_uint_eq(utf8_to_wide_buf(s, buf, 3), 4);
        ck_assert(wcscmp(buf, L"a\u00e9") == 0);
        char small[4];
        ck_assert_uint_eq(utf8_copy_buf(s, small, sizeof small), strlen(s));
        ck_assert_str_eq(small, "a\xc3\xa9");
        free(s);

        wchar_t surrogate[] = { 0xD800, 0 }, too_big[] = { 0x110000, 0 }, negative[] = { (wchar_t) -1, 0 };
        ck_assert_int_eq(wide_to_utf8(surrogate, SIZE_MAX, &s), -EINVAL);
        ck_assert_int_eq(wide_to_utf8(too_big, SIZE_MAX, &s), -EINVAL);
        ck_assert_int_eq(wide_to_utf8(negative, SIZE_MAX, &s), -EINVAL);
        wchar_t unterminated[3] = { L'a', L'b', L'c' };
        ck_assert_int_eq(wide_to_utf8(unterminated, 3, &s), -E2BIG);

        ck_assert(utf8_valid("plain", 5));
        ck_assert(!utf8_valid("\xc0\xaf", 2));          /* overlong '/' */
        ck_assert(!utf8_valid("\xed\xa0\x80", 3));      /* surrogate */
        ck_assert(!utf8_valid("\xf4\x90\x80\x80", 4));  /* above U+10FFFF */
        ck_assert(!utf8_valid("\xe4\xb8", 2));          /* cut short */
        ck_assert(!utf8_valid("\xff", 1));
}
END_TEST

START_TEST(systemtime) {
        SYSTEMTIME st;
        /* 2024-02-29 12:34:56.789 UTC, a Thursday. */
        uint64_t usec = 1709210096789000ULL;

        systemtime_from_usec(usec, &st);
        ck_assert_uint_eq(st.wYear, 2024);
        ck_assert_uint_eq(st.wMonth, 2);
        ck_assert_uint_eq(st.wDay, 29);
        ck_assert_uint_eq(st.wDayOfWeek, 4);
        ck_assert_uint_eq(st.wHour, 12);
        ck_assert_uint_eq(st.wMinute, 34);
        ck_assert_uint_eq(st.wSecond, 56);
        ck_assert_uint_eq(st.wMilliseconds, 789);
        ck_assert_uint_eq(systemtime_to_usec(&st), usec);

        systemtime_from_usec(0, &st);
        ck_assert_uint_eq(st.wYear, 0);
        ck_assert_uint_eq(systemtime_to_usec(&st), 0);
}
END_TEST

/* A bus object that can build messages without a peer. */
static sd_bus *offline_bus(void) {
        sd_bus *bus;
        int fds[2];

        ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
        ck_assert_int_ge(sd_bus_new(&bus), 0);
        ck_assert_int_ge(sd_bus_set_fd(bus, fds[0], fds[0]), 0);
        ck_assert_int_ge(sd_bus_start(bus), 0);
        close(fds[1]);
        return bus;
}

static bool want_all(const NtmsField *f, const void *userdata) {
        return true;
}

START_TEST(round_trip_a_w) {
        sd_bus *bus = offline_bus();
        sd_bus_message *m = NULL;
        NTMS_OBJECTINFORMATIONA a, a2;
        NTMS_OBJECTINFORMATIONW w;

        memset(&a, 0, sizeof a);
        a.dwSize = sizeof a;
        a.dwType = NTMS_PARTITION;
        a.Enabled = 1;
        strcpy(a.szName, "Seite \xc3\xbc");
        strcpy(a.szDescription, "desc");
        a.ObjectGuid.Data1 = 0x12345678;
        a.Info.Partition.Side = 1;
        a.Info.Partition.dwOmidLabelIdLength = 3;
        memcpy(a.Info.Partition.OmidLabelId, "\x01\x02\x03", 3);
        strcpy(a.Info.Partition.szOmidLabelType, "RAW");
        a.Info.Partition.Capacity.QuadPart = 0x123456789LL;
        systemtime_from_usec(1709210096789000ULL, &a.Created);

        ck_assert_int_ge(sd_bus_message_new_method_call(bus, &m, "x.y", "/x", "x.y", "Z"), 0);
        ck_assert_uint_eq(marshal_append_info(m, &a, false, want_all, NULL), ERROR_SUCCESS);
        ck_assert_int_ge(sd_bus_message_seal(m, 1, 0), 0);

        /* Back into A: identical. */
        ck_assert_int_ge(sd_bus_message_rewind(m, true), 0);
        memset(&a2, 0xAA, sizeof a2);
        a2.dwSize = sizeof a2;
        a2.dwType = NTMS_PARTITION;
        ck_assert_uint_eq(marshal_read_info(m, &a2, false), ERROR_SUCCESS);
        ck_assert_mem_eq(&a2, &a, sizeof a);

        /* Into W: the same content, wide. */
        ck_assert_int_ge(sd_bus_message_rewind(m, true), 0);
        memset(&w, 0, sizeof w);
        w.dwSize = sizeof w;
        w.dwType = NTMS_PARTITION;
        ck_assert_uint_eq(marshal_read_info(m, &w, true), ERROR_SUCCESS);
        ck_assert(wcscmp(w.szName, L"Seite \u00fc") == 0);
        ck_assert(wcscmp(w.Info.Partition.szOmidLabelType, L"RAW") == 0);
        ck_assert_int_eq(w.Info.Partition.Capacity.QuadPart, 0x123456789LL);
        ck_assert_mem_eq(w.Info.Partition.OmidLabelId, "\x01\x02\x03", 3);
        ck_assert_uint_eq(w.ObjectGuid.Data1, 0x12345678);
        ck_assert_mem_eq(&w.Created, &a.Created, sizeof w.Created);

        sd_bus_message_unref(m);
        sd_bus_flush_close_unref(bus);
}
END_TEST

START_TEST(settable_only) {
        sd_bus *bus = offline_bus();
        sd_bus_message *m = NULL;
        NTMS_OBJECTINFORMATIONW w;
        const char *key;
        unsigned count = 0;

        memset(&w, 0, sizeof w);
        w.dwSize = sizeof w;
        w.dwType = NTMS_MEDIA_POOL;
        wcscpy(w.szName, L"p");
        ck_assert_int_ge(sd_bus_message_new_method_call(bus, &m, "x.y", "/x", "x.y", "Z"), 0);
        ck_assert_uint_eq(marshal_append_info(m, &w, true, marshal_want_settable, NULL), ERROR_SUCCESS);
        ck_assert_int_ge(sd_bus_message_seal(m, 1, 0), 0);
        ck_assert_int_ge(sd_bus_message_rewind(m, true), 0);
        ck_assert_int_ge(sd_bus_message_enter_container(m, 'a', "{sv}"), 0);
        while (sd_bus_message_enter_container(m, 'e', "sv") > 0) {
                ck_assert_int_ge(sd_bus_message_read_basic(m, 's', &key), 0);
                const NtmsField *f = ntms_field_find(NTMS_MEDIA_POOL, key);
                ck_assert_ptr_nonnull(f);
                ck_assert_msg(f->settable, "%s sent but not settable", key);
                ck_assert_int_ge(sd_bus_message_skip(m, "v"), 0);
                ck_assert_int_ge(sd_bus_message_exit_container(m), 0);
                count++;
        }
        /* szName, szDescription, MediaType, AllocationPolicy, DeallocationPolicy, dwMaxAllocates */
        ck_assert_uint_eq(count, 6);

        /* An invalid wide character is refused, not sent. */
        sd_bus_message_unref(m);
        ck_assert_int_ge(sd_bus_message_new_method_call(bus, &m, "x.y", "/x", "x.y", "Z"), 0);
        w.szDescription[0] = 0xDFFF;
        ck_assert_uint_eq(marshal_append_info(m, &w, true, marshal_want_settable, NULL), ERROR_INVALID_PARAMETER);
        sd_bus_message_unref(m);
        sd_bus_flush_close_unref(bus);
}
END_TEST

int main(void) {
        Suite *s = suite_create("marshal");
        TCase *tc = tcase_create("marshal");
        SRunner *sr;
        int failed;

        tcase_add_test(tc, every_field_has_an_offset);
        tcase_add_test(tc, offsets_match_the_structures);
        tcase_add_test(tc, utf8_utf32);
        tcase_add_test(tc, systemtime);
        tcase_add_test(tc, round_trip_a_w);
        tcase_add_test(tc, settable_only);
        suite_add_tcase(s, tc);
        sr = srunner_create(s);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? 0 : 1;
}
