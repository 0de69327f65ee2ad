/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* What every integration test needs on top of the harness. */

#include <check.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "ntmsapi.h"
#include "ntms-errors.h"
#include "ntms-guid.h"

/* Compares ERROR_* values and prints both names on failure. */
#define assert_err(expr, expected)                                              \
        do {                                                                    \
                DWORD _got = (expr), _want = (expected);                        \
                ck_assert_msg(_got == _want, "%s\n  returned %s, expected %s", \
                              #expr, ntms_error_name(_got), ntms_error_name(_want)); \
        } while (0)

#define assert_ok(expr) assert_err(expr, ERROR_SUCCESS)

static inline HANDLE open_session(void) {
        HANDLE h = OpenNtmsSessionA(NULL, "integration-test", 0);
        ck_assert_msg(h != INVALID_HANDLE_VALUE, "OpenNtmsSessionA failed: %s",
                      ntms_error_name(GetLastError()));
        return h;
}

static inline NTMS_GUID random_guid(void) {
        NTMS_GUID g;
        ck_assert_int_eq(ntms_guid_new((NtmsGuidBytes *) &g), 0);
        return g;
}

static inline bool guid_eq(const NTMS_GUID *a, const NTMS_GUID *b) {
        return memcmp(a, b, sizeof *a) == 0;
}

static inline const char *guid_str(const NTMS_GUID *g, char buf[static NTMS_GUID_STRING_MAX]) {
        ntms_guid_to_string((const NtmsGuidBytes *) g, buf);
        return buf;
}

/* All objects of a type (NULL container); returns the count, list in *ret
 * (malloc'd). */
static inline DWORD enumerate_all(HANDLE h, const NTMS_GUID *container, DWORD type, NTMS_GUID **ret) {
        DWORD n = 0, e;
        NTMS_GUID *list = NULL;

        e = EnumerateNtmsObject(h, (LPNTMS_GUID) container, NULL, &n, type, 0);
        if (e == ERROR_INSUFFICIENT_BUFFER) {
                list = calloc(n + 1, sizeof *list);
                ck_assert_ptr_nonnull(list);
                e = EnumerateNtmsObject(h, (LPNTMS_GUID) container, list, &n, type, 0);
        }
        ck_assert_msg(e == ERROR_SUCCESS, "EnumerateNtmsObject(type %u): %s", type, ntms_error_name(e));
        *ret = list;
        return n;
}

static inline void info_init_a(NTMS_OBJECTINFORMATIONA *info, DWORD type) {
        memset(info, 0, sizeof *info);
        info->dwSize = sizeof *info;
        info->dwType = type;
}

/* GetNtmsObjectInformationA, which must succeed. */
static inline void get_info_a(HANDLE h, const NTMS_GUID *g, DWORD type, NTMS_OBJECTINFORMATIONA *info) {
        char buf[NTMS_GUID_STRING_MAX];
        DWORD e;

        info_init_a(info, type);
        e = GetNtmsObjectInformationA(h, (LPNTMS_GUID) g, info);
        ck_assert_msg(e == ERROR_SUCCESS, "GetNtmsObjectInformationA(%s, type %u): %s",
                      guid_str(g, buf), type, ntms_error_name(e));
}

static inline void info_init_w(NTMS_OBJECTINFORMATIONW *info, DWORD type) {
        memset(info, 0, sizeof *info);
        info->dwSize = sizeof *info;
        info->dwType = type;
}

/* enumerate_all(), for objects that rsmd may be adding meanwhile: the
 * count may grow between asking for it and asking for the list. */
static inline DWORD enumerate_growing(HANDLE h, const NTMS_GUID *container, DWORD type, NTMS_GUID **ret) {
        for (unsigned attempt = 0;; attempt++) {
                NTMS_GUID *list = NULL;
                DWORD n = 0, e;

                e = EnumerateNtmsObject(h, (LPNTMS_GUID) container, NULL, &n, type, 0);
                if (e == ERROR_INSUFFICIENT_BUFFER) {
                        n += 8;
                        list = calloc(n, sizeof *list);
                        ck_assert_ptr_nonnull(list);
                        e = EnumerateNtmsObject(h, (LPNTMS_GUID) container, list, &n, type, 0);
                }
                if (e == ERROR_INSUFFICIENT_BUFFER && attempt < 10) {
                        free(list);
                        continue;
                }
                ck_assert_msg(e == ERROR_SUCCESS, "EnumerateNtmsObject(type %u): %s", type, ntms_error_name(e));
                *ret = list;
                return n;
        }
}

/* The first media type rsmd knows (it seeds them); fails the test if none. */
static inline NTMS_GUID first_media_type(HANDLE h) {
        NTMS_GUID *list = NULL, g;
        DWORD n = enumerate_all(h, NULL, NTMS_MEDIA_TYPE, &list);
        ck_assert_msg(n > 0, "rsmd knows no media types");
        g = list[0];
        free(list);
        return g;
}

/* The first library (the offline library at least); fails the test if none. */
static inline NTMS_GUID first_library(HANDLE h) {
        NTMS_GUID *list = NULL, g;
        DWORD n = enumerate_all(h, NULL, NTMS_LIBRARY, &list);
        ck_assert_msg(n > 0, "rsmd knows no libraries");
        g = list[0];
        free(list);
        return g;
}

/* An application pool of the given media type, created for the test. */
static inline NTMS_GUID make_pool(HANDLE h, const char *name, const NTMS_GUID *media_type) {
        NTMS_GUID pool;
        DWORD e = CreateNtmsMediaPoolA(h, name, (LPNTMS_GUID) media_type, NTMS_CREATE_NEW, NULL, &pool);
        ck_assert_msg(e == ERROR_SUCCESS, "CreateNtmsMediaPoolA(%s): %s", name, ntms_error_name(e));
        return pool;
}

/* Number of sides of a media type. */
static inline DWORD media_type_sides(HANDLE h, const NTMS_GUID *media_type) {
        NTMS_OBJECTINFORMATIONA info;
        info_init_a(&info, NTMS_MEDIA_TYPE);
        assert_ok(GetNtmsObjectInformationA(h, (LPNTMS_GUID) media_type, &info));
        return info.Info.MediaType.NumberOfSides;
}

/* Creates a medium with all its sides in pool; returns its GUID. */
static inline NTMS_GUID make_media(HANDLE h, const NTMS_GUID *pool, const NTMS_GUID *media_type,
                                   const char *barcode) {
        NTMS_OBJECTINFORMATIONA media, sides[4];
        DWORD n = media_type_sides(h, media_type), e;

        ck_assert_uint_ge(n, 1);
        ck_assert_uint_le(n, 4);
        info_init_a(&media, NTMS_PHYSICAL_MEDIA);
        snprintf(media.szName, sizeof media.szName, "%s", barcode);
        snprintf(media.Info.PhysicalMedia.szBarCode, sizeof media.Info.PhysicalMedia.szBarCode, "%s", barcode);
        media.Info.PhysicalMedia.MediaPool = *pool;
        media.Info.PhysicalMedia.MediaType = *media_type;
        media.Info.PhysicalMedia.dwNumberOfPartitions = n;
        for (DWORD i = 0; i < n; i++) {
                info_init_a(&sides[i], NTMS_PARTITION);
                snprintf(sides[i].szName, sizeof sides[i].szName, "%s side %u", barcode, i);
                sides[i].Info.Partition.Side = (WORD) i;
                snprintf(sides[i].Info.Partition.szOmidLabelType,
                         sizeof sides[i].Info.Partition.szOmidLabelType, "RAW");
                sides[i].Info.Partition.dwOmidLabelIdLength = 4;
                memcpy(sides[i].Info.Partition.OmidLabelId, "LBL0", 4);
                sides[i].Info.Partition.OmidLabelId[3] = (BYTE) ('0' + i);
        }
        e = CreateNtmsMediaA(h, &media, sides, 0);
        ck_assert_msg(e == ERROR_SUCCESS, "CreateNtmsMediaA(%s): %s", barcode, ntms_error_name(e));
        return media.ObjectGuid;
}

/* One test case with a fresh bus and rsmd around every test. */
static inline TCase *tcase_with_daemon(const char *name) {
        TCase *tc = tcase_create(name);
        tcase_add_checked_fixture(tc, harness_setup, harness_teardown);
        tcase_set_timeout(tc, 120);
        return tc;
}

static inline int run_suite(Suite *s) {
        SRunner *sr;

        setlocale(LC_ALL, "C.UTF-8");
        sr = srunner_create(s);
        int failed;

        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? 0 : 1;
}
