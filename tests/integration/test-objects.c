/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Object management: EnumerateNtmsObject, Get/SetNtmsObjectInformationA/W,
 * Get/SetNtmsObjectAttributeA/W, Enable/DisableNtmsObject, and access for
 * callers who are not administrators. */

#include <stdlib.h>
#include <wchar.h>

#include "test-util.h"

START_TEST(enumerate_containers) {
        HANDLE h = open_session();
        NTMS_GUID *list = NULL, *pools = NULL, mt, lib, pool, child;
        DWORD n, total = 0;

        /* Every type can be enumerated from the NULL container. */
        for (DWORD type = NTMS_CHANGER; type <= NTMS_OPREQUEST; type++) {
                n = enumerate_all(h, NULL, type, &list);
                total += n;
                free(list);
                list = NULL;
        }
        ck_assert_uint_gt(total, 0);

        /* Pools inside a pool. */
        mt = first_media_type(h);
        pool = make_pool(h, "EnumParent", NULL);
        child = make_pool(h, "EnumParent\\Child", &mt);
        n = enumerate_all(h, &pool, NTMS_MEDIA_POOL, &pools);
        ck_assert_uint_eq(n, 1);
        ck_assert(guid_eq(&pools[0], &child));
        free(pools);

        /* Top-level pools do not include the child; with ROOTPOOL the root
         * pool comes first. */
        DWORD n_top = enumerate_all(h, NULL, NTMS_MEDIA_POOL, &pools);
        for (DWORD i = 0; i < n_top; i++)
                ck_assert(!guid_eq(&pools[i], &child));
        free(pools);
        NTMS_GUID big[256];
        DWORD n_root = 256;
        assert_ok(EnumerateNtmsObject(h, NULL, big, &n_root, NTMS_MEDIA_POOL, NTMS_ENUM_ROOTPOOL));
        ck_assert_uint_eq(n_root, n_top + 1);

        /* Media types of a library. */
        lib = first_library(h);
        n = enumerate_all(h, &lib, NTMS_MEDIA_TYPE, &list);
        free(list);

        /* A container that does not exist. */
        NTMS_GUID nowhere = random_guid();
        n = 16;
        assert_err(EnumerateNtmsObject(h, &nowhere, big, &n, NTMS_MEDIA_POOL, 0), ERROR_OBJECT_NOT_FOUND);

        assert_ok(CloseNtmsSession(h));
}
END_TEST

START_TEST(enumerate_insufficient_buffer) {
        HANDLE h = open_session();
        NTMS_GUID *all = NULL, few[1];
        DWORD n_all, n;

        make_pool(h, "BufA", NULL);
        make_pool(h, "BufB", NULL);
        n_all = enumerate_all(h, NULL, NTMS_MEDIA_POOL, &all);
        ck_assert_uint_ge(n_all, 2);

        n = 0;
        assert_err(EnumerateNtmsObject(h, NULL, NULL, &n, NTMS_MEDIA_POOL, 0), ERROR_INSUFFICIENT_BUFFER);
        ck_assert_uint_eq(n, n_all);

        /* Truncated to what fits, with the needed count back. */
        n = 1;
        memset(few, 0, sizeof few);
        assert_err(EnumerateNtmsObject(h, NULL, few, &n, NTMS_MEDIA_POOL, 0), ERROR_INSUFFICIENT_BUFFER);
        ck_assert_uint_eq(n, n_all);
        ck_assert(guid_eq(&few[0], &all[0]));

        /* Exactly enough. */
        n = n_all;
        assert_ok(EnumerateNtmsObject(h, NULL, all, &n, NTMS_MEDIA_POOL, 0));
        ck_assert_uint_eq(n, n_all);
        free(all);
        assert_ok(CloseNtmsSession(h));
}
END_TEST

START_TEST(enumerate_invalid) {
        HANDLE h = open_session();
        NTMS_GUID list[8], lib = first_library(h);
        DWORD n = 8;

        assert_err(EnumerateNtmsObject(h, NULL, list, NULL, NTMS_LIBRARY, 0), ERROR_INVALID_PARAMETER);
        n = 8;
        assert_err(EnumerateNtmsObject(h, NULL, NULL, &n, NTMS_LIBRARY, 0), ERROR_INVALID_PARAMETER);
        n = 8;
        assert_err(EnumerateNtmsObject(h, NULL, list, &n, 0xFFFF, 0), ERROR_INVALID_PARAMETER);
        n = 8;
        assert_err(EnumerateNtmsObject(h, NULL, list, &n, NTMS_NUMBER_OF_OBJECT_TYPES, 0),
                   ERROR_INVALID_PARAMETER);
        n = 8;
        assert_err(EnumerateNtmsObject(h, NULL, list, &n, NTMS_LIBRARY, 7), ERROR_INVALID_PARAMETER);
        n = 8;
        assert_err(EnumerateNtmsObject(h, NULL, list, &n, NTMS_LIBRARY, NTMS_ENUM_ROOTPOOL),
                   ERROR_INVALID_PARAMETER);
        /* A library is no container of libraries (NULL only). */
        n = 8;
        assert_err(EnumerateNtmsObject(h, &lib, list, &n, NTMS_LIBRARY, 0), ERROR_INVALID_PARAMETER);
        assert_ok(CloseNtmsSession(h));
}
END_TEST

/* A and W information of one object must say the same. */
static void compare_a_w(const NTMS_OBJECTINFORMATIONA *a, const NTMS_OBJECTINFORMATIONW *w) {
        wchar_t name[NTMS_OBJECTNAME_LENGTH], description[NTMS_DESCRIPTION_LENGTH];

        ck_assert_uint_eq(a->dwType, w->dwType);
        ck_assert(guid_eq(&a->ObjectGuid, &w->ObjectGuid));
        ck_assert_int_eq(a->Enabled, w->Enabled);
        ck_assert_uint_eq(a->dwOperationalState, w->dwOperationalState);
        ck_assert_mem_eq(&a->Created, &w->Created, sizeof a->Created);
        ck_assert_mem_eq(&a->Modified, &w->Modified, sizeof a->Modified);
        ck_assert(mbstowcs(name, a->szName, NTMS_OBJECTNAME_LENGTH) != (size_t) -1);
        ck_assert(mbstowcs(description, a->szDescription, NTMS_DESCRIPTION_LENGTH) != (size_t) -1);
        ck_assert_msg(wcscmp(name, w->szName) == 0, "szName differs: %s", a->szName);
        ck_assert_msg(wcscmp(description, w->szDescription) == 0, "szDescription differs");
}

START_TEST(get_information_every_type) {
        HANDLE h = open_session();
        DWORD seen_types = 0;

        for (DWORD type = NTMS_CHANGER; type <= NTMS_OPREQUEST; type++) {
                NTMS_GUID *list = NULL;
                DWORD n = enumerate_all(h, NULL, type, &list);

                for (DWORD i = 0; i < n; i++) {
                        NTMS_OBJECTINFORMATIONA a;
                        NTMS_OBJECTINFORMATIONW w;
                        char buf[NTMS_GUID_STRING_MAX];

                        info_init_a(&a, type);
                        info_init_w(&w, type);
                        ck_assert_msg(GetNtmsObjectInformationA(h, &list[i], &a) == ERROR_SUCCESS,
                                      "type %u object %s", type, guid_str(&list[i], buf));
                        assert_ok(GetNtmsObjectInformationW(h, &list[i], &w));
                        ck_assert_uint_eq(a.dwSize, sizeof a);
                        ck_assert_uint_eq(a.dwType, type);
                        ck_assert(guid_eq(&a.ObjectGuid, &list[i]));
                        compare_a_w(&a, &w);
                }
                if (n > 0)
                        seen_types++;
                free(list);
        }
        /* At least the computer, the offline library, media types and pools. */
        ck_assert_uint_ge(seen_types, 3);
        assert_ok(CloseNtmsSession(h));
}
END_TEST

START_TEST(get_information_invalid) {
        HANDLE h = open_session();
        NTMS_GUID lib = first_library(h), nowhere = random_guid();
        NTMS_OBJECTINFORMATIONA a;
        NTMS_OBJECTINFORMATIONW w;

        info_init_a(&a, NTMS_LIBRARY);
        assert_err(GetNtmsObjectInformationA(h, NULL, &a), ERROR_INVALID_PARAMETER);
        assert_err(GetNtmsObjectInformationA(h, &lib, NULL), ERROR_INVALID_PARAMETER);
        a.dwSize = sizeof a - 1;
        assert_err(GetNtmsObjectInformationA(h, &lib, &a), ERROR_INVALID_PARAMETER);
        /* The W size is not the A size. */
        a.dwSize = sizeof w;
        assert_err(GetNtmsObjectInformationA(h, &lib, &a), ERROR_INVALID_PARAMETER);
        info_init_a(&a, 0xFFFF);
        assert_err(GetNtmsObjectInformationA(h, &lib, &a), ERROR_INVALID_PARAMETER);
        /* The right GUID with the wrong type. */
        info_init_a(&a, NTMS_MEDIA_POOL);
        DWORD e = GetNtmsObjectInformationA(h, &lib, &a);
        ck_assert_msg(e == ERROR_OBJECT_NOT_FOUND || e == ERROR_INVALID_PARAMETER,
                      "wrong type: %s", ntms_error_name(e));
        info_init_a(&a, NTMS_LIBRARY);
        assert_err(GetNtmsObjectInformationA(h, &nowhere, &a), ERROR_OBJECT_NOT_FOUND);

        info_init_w(&w, NTMS_LIBRARY);
        w.dwSize = sizeof a;
        assert_err(GetNtmsObjectInformationW(h, &lib, &w), ERROR_INVALID_PARAMETER);
        info_init_w(&w, NTMS_LIBRARY);
        assert_err(GetNtmsObjectInformationW(h, &nowhere, &w), ERROR_OBJECT_NOT_FOUND);
        assert_ok(CloseNtmsSession(h));
}
END_TEST

START_TEST(set_information_pool) {
        HANDLE h = open_session();
        NTMS_GUID mt = first_media_type(h), pool = make_pool(h, "SetInfo", &mt);
        NTMS_OBJECTINFORMATIONA a, before;
        NTMS_OBJECTINFORMATIONW w;

        info_init_a(&a, NTMS_MEDIA_POOL);
        assert_ok(GetNtmsObjectInformationA(h, &pool, &a));
        before = a;

        snprintf(a.szDescription, sizeof a.szDescription, "described");
        a.Info.MediaPool.dwMaxAllocates = 7;
        /* Not settable: must not change. */
        a.Info.MediaPool.dwNumberOfPhysicalMedia = 99;
        a.Info.MediaPool.PoolType = NTMS_POOLTYPE_SCRATCH;
        a.dwOperationalState = NTMS_NEEDS_SERVICE;
        assert_ok(SetNtmsObjectInformationA(h, &pool, &a));

        info_init_a(&a, NTMS_MEDIA_POOL);
        assert_ok(GetNtmsObjectInformationA(h, &pool, &a));
        ck_assert_str_eq(a.szDescription, "described");
        ck_assert_uint_eq(a.Info.MediaPool.dwMaxAllocates, 7);
        ck_assert_uint_eq(a.Info.MediaPool.dwNumberOfPhysicalMedia, before.Info.MediaPool.dwNumberOfPhysicalMedia);
        ck_assert_uint_eq(a.Info.MediaPool.PoolType, before.Info.MediaPool.PoolType);
        ck_assert_uint_eq(a.dwOperationalState, before.dwOperationalState);
        ck_assert(guid_eq(&a.ObjectGuid, &pool));

        /* Through W, with text outside ASCII. */
        info_init_w(&w, NTMS_MEDIA_POOL);
        assert_ok(GetNtmsObjectInformationW(h, &pool, &w));
        wcscpy(w.szDescription, L"Beschreibung \u00e4\u00f6\u00fc \u4e2d\u6587 \U0001F4BE");
        assert_ok(SetNtmsObjectInformationW(h, &pool, &w));
        info_init_a(&a, NTMS_MEDIA_POOL);
        assert_ok(GetNtmsObjectInformationA(h, &pool, &a));
        ck_assert_str_eq(a.szDescription, "Beschreibung \xc3\xa4\xc3\xb6\xc3\xbc \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x92\xbe");
        info_init_w(&w, NTMS_MEDIA_POOL);
        assert_ok(GetNtmsObjectInformationW(h, &pool, &w));
        ck_assert(wcscmp(w.szDescription, L"Beschreibung \u00e4\u00f6\u00fc \u4e2d\u6587 \U0001F4BE") == 0);
        assert_ok(CloseNtmsSession(h));
}
END_TEST

START_TEST(set_information_library_and_computer) {
        HANDLE h = open_session();
        NTMS_GUID lib = first_library(h), *computers = NULL;
        NTMS_OBJECTINFORMATIONA a;
        DWORD n;

        info_init_a(&a, NTMS_LIBRARY);
        assert_ok(GetNtmsObjectInformationA(h, &lib, &a));
        DWORD drives = a.Info.Library.dwNumberOfDrives;
        snprintf(a.szDescription, sizeof a.szDescription, "library description");
        a.Info.Library.dwNumberOfDrives = drives + 5;    /* read-only */
        assert_ok(SetNtmsObjectInformationA(h, &lib, &a));
        info_init_a(&a, NTMS_LIBRARY);
        assert_ok(GetNtmsObjectInformationA(h, &lib, &a));
        ck_assert_str_eq(a.szDescription, "library description");
        ck_assert_uint_eq(a.Info.Library.dwNumberOfDrives, drives);

        n = enumerate_all(h, NULL, NTMS_COMPUTER, &computers);
        if (n > 0) {
                info_init_a(&a, NTMS_COMPUTER);
                assert_ok(GetNtmsObjectInformationA(h, &computers[0], &a));
                a.Info.Computer.dwLibRequestPurgeTime = 1234;
                assert_ok(SetNtmsObjectInformationA(h, &computers[0], &a));
                info_init_a(&a, NTMS_COMPUTER);
                assert_ok(GetNtmsObjectInformationA(h, &computers[0], &a));
                ck_assert_uint_eq(a.Info.Computer.dwLibRequestPurgeTime, 1234);
        }
        free(computers);
        assert_ok(CloseNtmsSession(h));
}
END_TEST

START_TEST(set_information_invalid) {
        HANDLE h = open_session();
        NTMS_GUID mt = first_media_type(h), pool = make_pool(h, "SetBad", &mt), nowhere = random_guid();
        NTMS_OBJECTINFORMATIONA a;
        NTMS_OBJECTINFORMATIONW w;

        info_init_a(&a, NTMS_MEDIA_POOL);
        assert_ok(GetNtmsObjectInformationA(h, &pool, &a));
        assert_err(SetNtmsObjectInformationA(h, NULL, &a), ERROR_INVALID_PARAMETER);
        assert_err(SetNtmsObjectInformationA(h, &pool, NULL), ERROR_INVALID_PARAMETER);
        a.dwSize = 12;
        assert_err(SetNtmsObjectInformationA(h, &pool, &a), ERROR_INVALID_PARAMETER);
        a.dwSize = sizeof a;
        a.dwType = 0xFFFF;
        assert_err(SetNtmsObjectInformationA(h, &pool, &a), ERROR_INVALID_PARAMETER);
        a.dwType = NTMS_MEDIA_POOL;
        assert_err(SetNtmsObjectInformationA(h, &nowhere, &a), ERROR_OBJECT_NOT_FOUND);

        /* Text that is not terminated inside its array, or not UTF-8. */
        memset(a.szDescription, 'x', sizeof a.szDescription);
        assert_err(SetNtmsObjectInformationA(h, &pool, &a), ERROR_INVALID_PARAMETER);
        snprintf(a.szDescription, sizeof a.szDescription, "bad \xc3\x28");
        assert_err(SetNtmsObjectInformationA(h, &pool, &a), ERROR_INVALID_PARAMETER);

        info_init_w(&w, NTMS_MEDIA_POOL);
        assert_ok(GetNtmsObjectInformationW(h, &pool, &w));
        w.szDescription[0] = (wchar_t) 0xDC00;
        w.szDescription[1] = 0;
        assert_err(SetNtmsObjectInformationW(h, &pool, &w), ERROR_INVALID_PARAMETER);
        w.szDescription[0] = (wchar_t) 0x7FFFFFFF;
        assert_err(SetNtmsObjectInformationW(h, &pool, &w), ERROR_INVALID_PARAMETER);

        /* Nothing of that reached the pool. */
        info_init_a(&a, NTMS_MEDIA_POOL);
        assert_ok(GetNtmsObjectInformationA(h, &pool, &a));
        ck_assert_str_eq(a.szDescription, "");
        assert_ok(CloseNtmsSession(h));
}
END_TEST

START_TEST(attributes) {
        HANDLE h = open_session();
        NTMS_GUID mt = first_media_type(h), pool = make_pool(h, "Attr", &mt), nowhere = random_guid();
        BYTE data[300], out[300];
        DWORD size;

        for (unsigned i = 0; i < sizeof data; i++)
                data[i] = (BYTE) (i * 7);

        assert_ok(SetNtmsObjectAttributeA(h, &pool, NTMS_MEDIA_POOL, "blob", data, sizeof data));
        size = sizeof out;
        assert_ok(GetNtmsObjectAttributeA(h, &pool, NTMS_MEDIA_POOL, "blob", out, &size));
        ck_assert_uint_eq(size, sizeof data);
        ck_assert_mem_eq(out, data, sizeof data);

        /* A and W name the same attribute. */
        size = sizeof out;
        assert_ok(GetNtmsObjectAttributeW(h, &pool, NTMS_MEDIA_POOL, L"blob", out, &size));
        ck_assert_uint_eq(size, sizeof data);
        assert_ok(SetNtmsObjectAttributeW(h, &pool, NTMS_MEDIA_POOL, L"\u00fcber", data, 3));
        size = sizeof out;
        assert_ok(GetNtmsObjectAttributeA(h, &pool, NTMS_MEDIA_POOL, "\xc3\xbc" "ber", out, &size));
        ck_assert_uint_eq(size, 3);

        /* Too small a buffer: the size needed comes back. */
        size = 10;
        assert_err(GetNtmsObjectAttributeA(h, &pool, NTMS_MEDIA_POOL, "blob", out, &size),
                   ERROR_INSUFFICIENT_BUFFER);
        ck_assert_uint_eq(size, sizeof data);
        size = 0;
        assert_err(GetNtmsObjectAttributeA(h, &pool, NTMS_MEDIA_POOL, "blob", NULL, &size),
                   ERROR_INSUFFICIENT_BUFFER);
        ck_assert_uint_eq(size, sizeof data);

        /* Replace, then delete with a size of zero. */
        assert_ok(SetNtmsObjectAttributeA(h, &pool, NTMS_MEDIA_POOL, "blob", data, 5));
        size = sizeof out;
        assert_ok(GetNtmsObjectAttributeA(h, &pool, NTMS_MEDIA_POOL, "blob", out, &size));
        ck_assert_uint_eq(size, 5);
        assert_ok(SetNtmsObjectAttributeA(h, &pool, NTMS_MEDIA_POOL, "blob", NULL, 0));
        size = sizeof out;
        assert_err(GetNtmsObjectAttributeA(h, &pool, NTMS_MEDIA_POOL, "blob", out, &size),
                   ERROR_OBJECT_NOT_FOUND);

        /* Errors. */
        size = sizeof out;
        assert_err(GetNtmsObjectAttributeA(h, &pool, NTMS_MEDIA_POOL, "missing", out, &size),
                   ERROR_OBJECT_NOT_FOUND);
        assert_err(SetNtmsObjectAttributeA(h, &nowhere, NTMS_MEDIA_POOL, "x", data, 1),
                   ERROR_OBJECT_NOT_FOUND);
        size = sizeof out;
        assert_err(GetNtmsObjectAttributeA(h, &nowhere, NTMS_MEDIA_POOL, "x", out, &size),
                   ERROR_OBJECT_NOT_FOUND);
        assert_err(GetNtmsObjectAttributeA(h, &pool, NTMS_MEDIA_POOL, "blob", out, NULL),
                   ERROR_INVALID_PARAMETER);
        size = sizeof out;
        assert_err(GetNtmsObjectAttributeA(h, &pool, NTMS_MEDIA_POOL, NULL, out, &size),
                   ERROR_INVALID_PARAMETER);
        assert_err(GetNtmsObjectAttributeA(h, NULL, NTMS_MEDIA_POOL, "x", out, &size),
                   ERROR_INVALID_PARAMETER);
        size = 4;
        assert_err(GetNtmsObjectAttributeA(h, &pool, NTMS_MEDIA_POOL, "x", NULL, &size),
                   ERROR_INVALID_PARAMETER);
        assert_err(SetNtmsObjectAttributeA(h, &pool, NTMS_MEDIA_POOL, NULL, data, 1),
                   ERROR_INVALID_PARAMETER);
        assert_err(SetNtmsObjectAttributeA(h, NULL, NTMS_MEDIA_POOL, "x", data, 1),
                   ERROR_INVALID_PARAMETER);
        assert_err(SetNtmsObjectAttributeA(h, &pool, NTMS_MEDIA_POOL, "x", NULL, 4),
                   ERROR_INVALID_PARAMETER);
        assert_err(SetNtmsObjectAttributeA(h, &pool, 0xFFFF, "x", data, 1), ERROR_INVALID_PARAMETER);

        /* Names: NTMS_MAXATTR_NAMELEN counts the NUL. */
        char name[NTMS_MAXATTR_NAMELEN + 1];
        memset(name, 'n', sizeof name);
        name[NTMS_MAXATTR_NAMELEN - 1] = 0;     /* 31 characters: fine */
        assert_ok(SetNtmsObjectAttributeA(h, &pool, NTMS_MEDIA_POOL, name, data, 1));
        name[NTMS_MAXATTR_NAMELEN - 1] = 'n';
        name[NTMS_MAXATTR_NAMELEN] = 0;         /* 32: too long */
        assert_err(SetNtmsObjectAttributeA(h, &pool, NTMS_MEDIA_POOL, name, data, 1), ERROR_INVALID_NAME);
        size = sizeof out;
        assert_err(GetNtmsObjectAttributeA(h, &pool, NTMS_MEDIA_POOL, name, out, &size),
                   ERROR_INVALID_PARAMETER);
        assert_err(SetNtmsObjectAttributeA(h, &pool, NTMS_MEDIA_POOL, "", data, 1), ERROR_INVALID_NAME);
        wchar_t wname[] = { L'a', (wchar_t) 0xD800, 0 };
        assert_err(SetNtmsObjectAttributeW(h, &pool, NTMS_MEDIA_POOL, wname, data, 1), ERROR_INVALID_NAME);

        /* Sizes: NTMS_MAXATTR_LENGTH and more is ERROR_NO_DATA. */
        BYTE *big = calloc(1, NTMS_MAXATTR_LENGTH);
        ck_assert_ptr_nonnull(big);
        assert_err(SetNtmsObjectAttributeA(h, &pool, NTMS_MEDIA_POOL, "big", big, NTMS_MAXATTR_LENGTH),
                   ERROR_NO_DATA);
        assert_ok(SetNtmsObjectAttributeA(h, &pool, NTMS_MEDIA_POOL, "big", big, NTMS_MAXATTR_LENGTH - 1));
        size = NTMS_MAXATTR_LENGTH;
        assert_ok(GetNtmsObjectAttributeA(h, &pool, NTMS_MEDIA_POOL, "big", big, &size));
        ck_assert_uint_eq(size, NTMS_MAXATTR_LENGTH - 1);
        free(big);
        assert_ok(CloseNtmsSession(h));
}
END_TEST

START_TEST(enable_disable) {
        HANDLE h = open_session();
        NTMS_GUID lib = first_library(h), nowhere = random_guid(), mt = first_media_type(h);
        NTMS_GUID pool = make_pool(h, "Enable", &mt), media = make_media(h, &pool, &mt, "ENA001");
        NTMS_OBJECTINFORMATIONA a;

        assert_ok(DisableNtmsObject(h, NTMS_PHYSICAL_MEDIA, &media));
        info_init_a(&a, NTMS_PHYSICAL_MEDIA);
        assert_ok(GetNtmsObjectInformationA(h, &media, &a));
        ck_assert_int_eq(a.Enabled, 0);
        assert_err(DisableNtmsObject(h, NTMS_PHYSICAL_MEDIA, &media), ERROR_INVALID_STATE);
        assert_ok(EnableNtmsObject(h, NTMS_PHYSICAL_MEDIA, &media));
        info_init_a(&a, NTMS_PHYSICAL_MEDIA);
        assert_ok(GetNtmsObjectInformationA(h, &media, &a));
        ck_assert_int_ne(a.Enabled, 0);
        assert_err(EnableNtmsObject(h, NTMS_PHYSICAL_MEDIA, &media), ERROR_INVALID_STATE);

        /* The offline library can be neither. */
        NTMS_OBJECTINFORMATIONA l;
        info_init_a(&l, NTMS_LIBRARY);
        assert_ok(GetNtmsObjectInformationA(h, &lib, &l));
        if (l.Info.Library.LibraryType == NTMS_LIBRARYTYPE_OFFLINE) {
                assert_err(DisableNtmsObject(h, NTMS_LIBRARY, &lib), ERROR_LIBRARY_OFFLINE);
                assert_err(EnableNtmsObject(h, NTMS_LIBRARY, &lib), ERROR_LIBRARY_OFFLINE);
        }

        assert_err(EnableNtmsObject(h, NTMS_LIBRARY, NULL), ERROR_INVALID_PARAMETER);
        assert_err(DisableNtmsObject(h, NTMS_LIBRARY, NULL), ERROR_INVALID_PARAMETER);
        assert_err(EnableNtmsObject(h, 0xFFFF, &lib), ERROR_INVALID_PARAMETER);
        assert_err(DisableNtmsObject(h, 0xFFFF, &lib), ERROR_INVALID_PARAMETER);
        assert_err(EnableNtmsObject(h, NTMS_LIBRARY, &nowhere), ERROR_OBJECT_NOT_FOUND);
        assert_err(DisableNtmsObject(h, NTMS_PHYSICAL_MEDIA, &nowhere), ERROR_OBJECT_NOT_FOUND);
        /* Only libraries, drives and media can be enabled and disabled. */
        assert_err(DisableNtmsObject(h, NTMS_MEDIA_TYPE, &mt), ERROR_INVALID_PARAMETER);
        assert_err(EnableNtmsObject(h, NTMS_MEDIA_POOL, &pool), ERROR_INVALID_PARAMETER);
        assert_ok(CloseNtmsSession(h));
}
END_TEST

typedef struct Target {
        NTMS_GUID pool, media;
} Target;

/* Runs as nobody: reading is allowed, changing is not. Exit 0 = as expected. */
static int nobody_tries(void *userdata) {
        const Target *t = userdata;
        NTMS_OBJECTINFORMATIONA a;
        NTMS_GUID out;
        HANDLE h;
        BYTE b = 1;

        h = OpenNtmsSessionA(NULL, "nobody", 0);
        if (h == INVALID_HANDLE_VALUE)
                return 10;
        info_init_a(&a, NTMS_MEDIA_POOL);
        if (GetNtmsObjectInformationA(h, (LPNTMS_GUID) &t->pool, &a) != ERROR_SUCCESS)
                return 11;
        snprintf(a.szDescription, sizeof a.szDescription, "by nobody");
        if (SetNtmsObjectInformationA(h, (LPNTMS_GUID) &t->pool, &a) != ERROR_ACCESS_DENIED)
                return 12;
        if (CreateNtmsMediaPoolA(h, "NobodysPool", NULL, NTMS_CREATE_NEW, NULL, &out) != ERROR_ACCESS_DENIED)
                return 13;
        if (DeleteNtmsMediaPool(h, (LPNTMS_GUID) &t->pool) != ERROR_ACCESS_DENIED)
                return 14;
        if (SetNtmsObjectAttributeA(h, (LPNTMS_GUID) &t->pool, NTMS_MEDIA_POOL, "x", &b, 1) != ERROR_ACCESS_DENIED)
                return 15;
        if (DisableNtmsObject(h, NTMS_PHYSICAL_MEDIA, (LPNTMS_GUID) &t->media) != ERROR_ACCESS_DENIED)
                return 16;
        if (CloseNtmsSession(h) != ERROR_SUCCESS)
                return 17;
        return 0;
}

START_TEST(access_denied_for_non_admin) {
        HANDLE h = open_session();
        NTMS_GUID mt = first_media_type(h);
        Target t;
        NTMS_OBJECTINFORMATIONA a;
        int status;

        if (geteuid() != 0) {
                CloseNtmsSession(h);
                return; /* dropping to nobody needs root */
        }
        t.pool = make_pool(h, "Guarded", &mt);
        t.media = make_media(h, &t.pool, &mt, "GUARD1");

        status = harness_run_as_nobody(nobody_tries, &t);
        ck_assert_msg(status == 0, "the unprivileged child failed at step %d "
                      "(10 open, 11 get, 12 set, 13 create, 14 delete, 15 attribute, 16 disable, 17 close)",
                      status);

        info_init_a(&a, NTMS_MEDIA_POOL);
        assert_ok(GetNtmsObjectInformationA(h, &t.pool, &a));
        ck_assert_str_eq(a.szDescription, "");
        assert_ok(CloseNtmsSession(h));
}
END_TEST

int main(void) {
        Suite *s = suite_create("objects");
        TCase *tc = tcase_with_daemon("objects");

        tcase_add_test(tc, enumerate_containers);
        tcase_add_test(tc, enumerate_insufficient_buffer);
        tcase_add_test(tc, enumerate_invalid);
        tcase_add_test(tc, get_information_every_type);
        tcase_add_test(tc, get_information_invalid);
        tcase_add_test(tc, set_information_pool);
        tcase_add_test(tc, set_information_library_and_computer);
        tcase_add_test(tc, set_information_invalid);
        tcase_add_test(tc, attributes);
        tcase_add_test(tc, enable_disable);
        tcase_add_test(tc, access_denied_for_non_admin);
        suite_add_tcase(s, tc);
        return run_suite(s);
}
