/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Media services: media pools (create/open, names, delete), media types,
 * creating, moving and deleting media. */

#include <stdlib.h>
#include <wchar.h>

#include "test-util.h"

START_TEST(create_pool_actions) {
        HANDLE h = open_session();
        NTMS_GUID mt = first_media_type(h), a, b, c;

        assert_err(CreateNtmsMediaPoolA(h, "Actions", &mt, NTMS_OPEN_EXISTING, NULL, &a), ERROR_OBJECT_NOT_FOUND);
        assert_ok(CreateNtmsMediaPoolA(h, "Actions", &mt, NTMS_CREATE_NEW, NULL, &a));
        assert_err(CreateNtmsMediaPoolA(h, "Actions", &mt, NTMS_CREATE_NEW, NULL, &b), ERROR_ALREADY_EXISTS);
        assert_ok(CreateNtmsMediaPoolA(h, "Actions", &mt, NTMS_OPEN_EXISTING, NULL, &b));
        ck_assert(guid_eq(&a, &b));
        assert_ok(CreateNtmsMediaPoolA(h, "Actions", &mt, NTMS_OPEN_ALWAYS, NULL, &c));
        ck_assert(guid_eq(&a, &c));
        assert_ok(CreateNtmsMediaPoolA(h, "Always", &mt, NTMS_OPEN_ALWAYS, NULL, &c));
        ck_assert(!guid_eq(&a, &c));

        /* W finds what A made. */
        assert_ok(CreateNtmsMediaPoolW(h, L"Actions", &mt, NTMS_OPEN_EXISTING, NULL, &b));
        ck_assert(guid_eq(&a, &b));
        assert_ok(CloseNtmsSession(h));
}
END_TEST

START_TEST(create_pool_nested_and_names) {
        HANDLE h = open_session();
        NTMS_GUID mt = first_media_type(h), app, p1, p2;
        NTMS_OBJECTINFORMATIONA info;
        char name[NTMS_POOLHIERARCHY_LENGTH];
        wchar_t wname[NTMS_POOLHIERARCHY_LENGTH];
        DWORD size;

        app = make_pool(h, "MyApp", NULL);
        p1 = make_pool(h, "MyApp\\Pool1", &mt);
        assert_ok(CreateNtmsMediaPoolW(h, L"MyApp\\P\u00f6\u00f6l2", &mt, NTMS_CREATE_NEW, NULL, &p2));

        info_init_a(&info, NTMS_MEDIA_POOL);
        assert_ok(GetNtmsObjectInformationA(h, &p1, &info));
        ck_assert(guid_eq(&info.Info.MediaPool.Parent, &app));
        ck_assert_str_eq(info.szName, "Pool1");
        ck_assert_uint_eq(info.Info.MediaPool.PoolType, NTMS_POOLTYPE_APPLICATION);
        ck_assert(guid_eq(&info.Info.MediaPool.MediaType, &mt));
        info_init_a(&info, NTMS_MEDIA_POOL);
        assert_ok(GetNtmsObjectInformationA(h, &app, &info));
        ck_assert_uint_eq(info.Info.MediaPool.dwNumberOfMediaPools, 2);

        size = sizeof name;
        assert_ok(GetNtmsMediaPoolNameA(h, &p1, name, &size));
        ck_assert_str_eq(name, "MyApp\\Pool1");
        ck_assert_uint_eq(size, strlen("MyApp\\Pool1") + 1);

        size = NTMS_POOLHIERARCHY_LENGTH;
        assert_ok(GetNtmsMediaPoolNameW(h, &p2, wname, &size));
        ck_assert(wcscmp(wname, L"MyApp\\P\u00f6\u00f6l2") == 0);
        ck_assert_uint_eq(size, wcslen(L"MyApp\\P\u00f6\u00f6l2") + 1);
        size = sizeof name;
        assert_ok(GetNtmsMediaPoolNameA(h, &p2, name, &size));
        ck_assert_str_eq(name, "MyApp\\P\xc3\xb6\xc3\xb6l2");

        /* Too small: the size needed (with the NUL) comes back. */
        size = 3;
        assert_err(GetNtmsMediaPoolNameA(h, &p1, name, &size), ERROR_INSUFFICIENT_BUFFER);
        ck_assert_uint_eq(size, strlen("MyApp\\Pool1") + 1);
        size = 0;
        assert_err(GetNtmsMediaPoolNameW(h, &p2, NULL, &size), ERROR_INSUFFICIENT_BUFFER);
        ck_assert_uint_eq(size, wcslen(L"MyApp\\P\u00f6\u00f6l2") + 1);

        /* The parent must exist. */
        NTMS_GUID x;
        DWORD e = CreateNtmsMediaPoolA(h, "NoSuchApp\\Pool", &mt, NTMS_CREATE_NEW, NULL, &x);
        ck_assert_msg(e == ERROR_OBJECT_NOT_FOUND || e == ERROR_INVALID_NAME, "%s", ntms_error_name(e));
        assert_ok(CloseNtmsSession(h));
}
END_TEST

START_TEST(pool_errors) {
        HANDLE h = open_session();
        NTMS_GUID mt = first_media_type(h), p, nowhere = random_guid();
        char name[NTMS_POOLHIERARCHY_LENGTH + 8], buf[64];
        DWORD size = sizeof buf;

        assert_err(CreateNtmsMediaPoolA(h, NULL, &mt, NTMS_CREATE_NEW, NULL, &p), ERROR_INVALID_PARAMETER);
        assert_err(CreateNtmsMediaPoolA(h, "P", &mt, NTMS_CREATE_NEW, NULL, NULL), ERROR_INVALID_PARAMETER);
        assert_err(CreateNtmsMediaPoolA(h, "P", &mt, 0, NULL, &p), ERROR_INVALID_PARAMETER);
        assert_err(CreateNtmsMediaPoolA(h, "P", &mt, 4, NULL, &p), ERROR_INVALID_PARAMETER);
        assert_err(CreateNtmsMediaPoolA(h, "P", &nowhere, NTMS_CREATE_NEW, NULL, &p), ERROR_INVALID_MEDIA);
        assert_err(CreateNtmsMediaPoolA(h, "", &mt, NTMS_CREATE_NEW, NULL, &p), ERROR_INVALID_NAME);

        memset(name, 'p', NTMS_OBJECTNAME_LENGTH);
        name[NTMS_OBJECTNAME_LENGTH] = 0;          /* one level of 64 characters */
        assert_err(CreateNtmsMediaPoolA(h, name, &mt, NTMS_CREATE_NEW, NULL, &p), ERROR_INVALID_NAME);
        name[NTMS_OBJECTNAME_LENGTH - 1] = 0;      /* 63: fits */
        assert_ok(CreateNtmsMediaPoolA(h, name, &mt, NTMS_CREATE_NEW, NULL, &p));
        wchar_t wbad[] = { L'P', (wchar_t) 0xDFFF, 0 };
        assert_err(CreateNtmsMediaPoolW(h, wbad, &mt, NTMS_CREATE_NEW, NULL, &p), ERROR_INVALID_NAME);

        assert_err(GetNtmsMediaPoolNameA(h, NULL, buf, &size), ERROR_INVALID_MEDIA_POOL);
        assert_err(GetNtmsMediaPoolNameA(h, &nowhere, buf, &size), ERROR_INVALID_MEDIA_POOL);
        assert_err(GetNtmsMediaPoolNameA(h, &p, buf, NULL), ERROR_INVALID_PARAMETER);
        size = 10;
        assert_err(GetNtmsMediaPoolNameA(h, &p, NULL, &size), ERROR_INVALID_PARAMETER);

        assert_err(DeleteNtmsMediaPool(h, NULL), ERROR_INVALID_PARAMETER);
        assert_err(DeleteNtmsMediaPool(h, &nowhere), ERROR_INVALID_MEDIA_POOL);
        assert_ok(CloseNtmsSession(h));
}
END_TEST

START_TEST(delete_pool) {
        HANDLE h = open_session();
        NTMS_GUID mt = first_media_type(h), parent, child, media, p;
        char buf[64];
        DWORD size = sizeof buf;

        parent = make_pool(h, "Del", NULL);
        child = make_pool(h, "Del\\Child", &mt);
        /* Not empty: holds a pool. */
        assert_err(DeleteNtmsMediaPool(h, &parent), ERROR_NOT_EMPTY);
        media = make_media(h, &child, &mt, "DEL001");
        /* Not empty: holds media. */
        assert_err(DeleteNtmsMediaPool(h, &child), ERROR_NOT_EMPTY);
        assert_ok(DeleteNtmsMedia(h, &media));
        assert_ok(DeleteNtmsMediaPool(h, &child));
        assert_ok(DeleteNtmsMediaPool(h, &parent));
        assert_err(GetNtmsMediaPoolNameA(h, &parent, buf, &size), ERROR_INVALID_MEDIA_POOL);
        assert_err(CreateNtmsMediaPoolA(h, "Del", NULL, NTMS_OPEN_EXISTING, NULL, &p), ERROR_OBJECT_NOT_FOUND);
        assert_ok(CloseNtmsSession(h));
}
END_TEST

START_TEST(media_types) {
        HANDLE h = open_session();
        NTMS_GUID lib = first_library(h), *all = NULL, *in_lib = NULL, nowhere = random_guid();
        DWORD n_all, n_lib, n_after;
        NTMS_GUID candidate;
        bool found = false;

        n_all = enumerate_all(h, NULL, NTMS_MEDIA_TYPE, &all);
        n_lib = enumerate_all(h, &lib, NTMS_MEDIA_TYPE, &in_lib);

        /* Find a media type the library does not have yet. */
        for (DWORD i = 0; i < n_all && !found; i++) {
                bool has = false;
                for (DWORD j = 0; j < n_lib; j++)
                        has = has || guid_eq(&all[i], &in_lib[j]);
                if (!has) {
                        candidate = all[i];
                        found = true;
                }
        }
        if (!found)
                candidate = all[0];
        free(in_lib);

        assert_ok(AddNtmsMediaType(h, &candidate, &lib));
        /* Adding again is fine. */
        assert_ok(AddNtmsMediaType(h, &candidate, &lib));
        n_after = enumerate_all(h, &lib, NTMS_MEDIA_TYPE, &in_lib);
        ck_assert_uint_eq(n_after, found ? n_lib + 1 : n_lib);
        free(in_lib);

        assert_ok(DeleteNtmsMediaType(h, &candidate, &lib));
        n_after = enumerate_all(h, &lib, NTMS_MEDIA_TYPE, &in_lib);
        ck_assert_uint_eq(n_after, found ? n_lib : n_lib - 1);
        free(in_lib);

        assert_err(AddNtmsMediaType(h, NULL, &lib), ERROR_INVALID_PARAMETER);
        assert_err(AddNtmsMediaType(h, &candidate, NULL), ERROR_INVALID_PARAMETER);
        assert_err(AddNtmsMediaType(h, &nowhere, &lib), ERROR_INVALID_MEDIA);
        assert_err(AddNtmsMediaType(h, &candidate, &nowhere), ERROR_INVALID_LIBRARY);
        assert_err(DeleteNtmsMediaType(h, NULL, &lib), ERROR_INVALID_PARAMETER);
        assert_err(DeleteNtmsMediaType(h, &candidate, NULL), ERROR_INVALID_PARAMETER);
        assert_err(DeleteNtmsMediaType(h, &candidate, &nowhere), ERROR_INVALID_LIBRARY);
        free(all);
        assert_ok(CloseNtmsSession(h));
}
END_TEST

START_TEST(create_media_a_and_w) {
        HANDLE h = open_session();
        NTMS_GUID mt = first_media_type(h), pool = make_pool(h, "CM", &mt), media;
        NTMS_OBJECTINFORMATIONA a;
        NTMS_OBJECTINFORMATIONW w, wsides[4];
        DWORD n = media_type_sides(h, &mt);

        media = make_media(h, &pool, &mt, "CMA001");
        info_init_a(&a, NTMS_PHYSICAL_MEDIA);
        assert_ok(GetNtmsObjectInformationA(h, &media, &a));
        ck_assert_str_eq(a.Info.PhysicalMedia.szBarCode, "CMA001");
        ck_assert_uint_eq(a.Info.PhysicalMedia.BarCodeState, NTMS_BARCODESTATE_OK);
        ck_assert(guid_eq(&a.Info.PhysicalMedia.MediaPool, &pool));
        ck_assert(guid_eq(&a.Info.PhysicalMedia.MediaType, &mt));
        ck_assert_uint_eq(a.Info.PhysicalMedia.dwNumberOfPartitions, n);
        ck_assert_uint_eq(a.Info.PhysicalMedia.MediaState, NTMS_MEDIASTATE_IDLE);

        /* The pool counts it; the sides are enumerable from the medium. */
        NTMS_OBJECTINFORMATIONA p;
        info_init_a(&p, NTMS_MEDIA_POOL);
        assert_ok(GetNtmsObjectInformationA(h, &pool, &p));
        ck_assert_uint_eq(p.Info.MediaPool.dwNumberOfPhysicalMedia, 1);
        NTMS_GUID *sides = NULL;
        ck_assert_uint_eq(enumerate_all(h, &media, NTMS_PARTITION, &sides), n);
        NTMS_OBJECTINFORMATIONA side;
        info_init_a(&side, NTMS_PARTITION);
        assert_ok(GetNtmsObjectInformationA(h, &sides[0], &side));
        ck_assert(guid_eq(&side.Info.Partition.PhysicalMedia, &media));
        ck_assert_uint_eq(side.Info.Partition.dwOmidLabelIdLength, 4);
        ck_assert_mem_eq(side.Info.Partition.OmidLabelId, "LBL0", 4);
        ck_assert_str_eq(side.Info.Partition.szOmidLabelType, "RAW");
        free(sides);

        /* W with a caller-chosen GUID; the [out] members come back filled. */
        NTMS_GUID chosen = random_guid();
        info_init_w(&w, NTMS_PHYSICAL_MEDIA);
        w.ObjectGuid = chosen;
        wcscpy(w.szName, L"Band \u00fc");
        wcscpy(w.Info.PhysicalMedia.szBarCode, L"CMW001");
        w.Info.PhysicalMedia.MediaPool = pool;
        w.Info.PhysicalMedia.dwNumberOfPartitions = n;
        for (DWORD i = 0; i < n; i++) {
                info_init_w(&wsides[i], NTMS_PARTITION);
                wcscpy(wsides[i].Info.Partition.szOmidLabelType, L"RAW");
                wsides[i].Info.Partition.dwOmidLabelIdLength = 2;
                wsides[i].Info.Partition.OmidLabelId[0] = 'W';
                wsides[i].Info.Partition.OmidLabelId[1] = (BYTE) i;
        }
        assert_ok(CreateNtmsMediaW(h, &w, wsides, 0));
        ck_assert(guid_eq(&w.ObjectGuid, &chosen));
        ck_assert(wcscmp(w.Info.PhysicalMedia.szBarCode, L"CMW001") == 0);
        ck_assert(guid_eq(&w.Info.PhysicalMedia.MediaType, &mt));
        ck_assert(!NTMS_IS_NULLGUID(wsides[0].ObjectGuid));
        info_init_a(&a, NTMS_PHYSICAL_MEDIA);
        assert_ok(GetNtmsObjectInformationA(h, &chosen, &a));
        ck_assert_str_eq(a.szName, "Band \xc3\xbc");

        /* The same barcode again. */
        NTMS_OBJECTINFORMATIONW again = w;
        memset(&again.ObjectGuid, 0, sizeof again.ObjectGuid);
        for (DWORD i = 0; i < n; i++)
                memset(&wsides[i].ObjectGuid, 0, sizeof wsides[i].ObjectGuid);
        assert_err(CreateNtmsMediaW(h, &again, wsides, 0), ERROR_INVALID_MEDIA);
        /* The same OMID with NTMS_ERROR_ON_DUPLICATE. */
        wcscpy(again.Info.PhysicalMedia.szBarCode, L"CMW002");
        assert_err(CreateNtmsMediaW(h, &again, wsides, NTMS_ERROR_ON_DUPLICATE), ERROR_DUPLICATE_OMID);
        assert_ok(CloseNtmsSession(h));
}
END_TEST

START_TEST(create_media_invalid) {
        HANDLE h = open_session();
        NTMS_GUID mt = first_media_type(h), pool = make_pool(h, "CMI", &mt), nowhere = random_guid();
        NTMS_OBJECTINFORMATIONA m, sides[8];
        DWORD n = media_type_sides(h, &mt);

        info_init_a(&m, NTMS_PHYSICAL_MEDIA);
        m.Info.PhysicalMedia.MediaPool = pool;
        m.Info.PhysicalMedia.dwNumberOfPartitions = n;
        for (DWORD i = 0; i < 8; i++) {
                info_init_a(&sides[i], NTMS_PARTITION);
                snprintf(sides[i].Info.Partition.szOmidLabelType, 8, "RAW");
                sides[i].Info.Partition.dwOmidLabelIdLength = 1;
                sides[i].Info.Partition.OmidLabelId[0] = (BYTE) (0x40 + i);
        }

        assert_err(CreateNtmsMediaA(h, NULL, sides, 0), ERROR_INVALID_PARAMETER);
        assert_err(CreateNtmsMediaA(h, &m, NULL, 0), ERROR_INVALID_PARAMETER);
        assert_err(CreateNtmsMediaA(h, &m, sides, 0x10), ERROR_INVALID_PARAMETER);
        m.dwSize--;
        assert_err(CreateNtmsMediaA(h, &m, sides, 0), ERROR_INVALID_PARAMETER);
        m.dwSize++;
        m.dwType = NTMS_LOGICAL_MEDIA;
        assert_err(CreateNtmsMediaA(h, &m, sides, 0), ERROR_INVALID_PARAMETER);
        m.dwType = NTMS_PHYSICAL_MEDIA;
        sides[0].dwType = NTMS_PHYSICAL_MEDIA;
        assert_err(CreateNtmsMediaA(h, &m, sides, 0), ERROR_INVALID_PARAMETER);
        sides[0].dwType = NTMS_PARTITION;
        sides[0].dwSize = 4;
        assert_err(CreateNtmsMediaA(h, &m, sides, 0), ERROR_INVALID_PARAMETER);
        sides[0].dwSize = sizeof sides[0];
        sides[0].Info.Partition.dwOmidLabelIdLength = NTMS_OMIDLABELID_LENGTH + 1;
        assert_err(CreateNtmsMediaA(h, &m, sides, 0), ERROR_INVALID_PARAMETER);
        sides[0].Info.Partition.dwOmidLabelIdLength = 1;

        /* Wrong number of sides for the pool's media type. */
        m.Info.PhysicalMedia.dwNumberOfPartitions = n + 1;
        assert_err(CreateNtmsMediaA(h, &m, sides, 0), ERROR_MEDIA_INCOMPATIBLE);
        m.Info.PhysicalMedia.dwNumberOfPartitions = n;

        /* A pool that does not exist, and one that is not an application or import pool. */
        m.Info.PhysicalMedia.MediaPool = nowhere;
        assert_err(CreateNtmsMediaA(h, &m, sides, 0), ERROR_INVALID_MEDIA_POOL);
        NTMS_GUID *pools = NULL;
        DWORD np = enumerate_all(h, NULL, NTMS_MEDIA_POOL, &pools);
        for (DWORD i = 0; i < np; i++) {
                NTMS_OBJECTINFORMATIONA pi;
                info_init_a(&pi, NTMS_MEDIA_POOL);
                assert_ok(GetNtmsObjectInformationA(h, &pools[i], &pi));
                if (pi.Info.MediaPool.PoolType == NTMS_POOLTYPE_SCRATCH) {
                        m.Info.PhysicalMedia.MediaPool = pools[i];
                        assert_err(CreateNtmsMediaA(h, &m, sides, 0), ERROR_INVALID_MEDIA_POOL);
                        break;
                }
        }
        free(pools);

        /* Nothing was created by any of that. */
        NTMS_GUID *media = NULL;
        ck_assert_uint_eq(enumerate_all(h, &pool, NTMS_PHYSICAL_MEDIA, &media), 0);
        free(media);
        assert_ok(CloseNtmsSession(h));
}
END_TEST

START_TEST(move_and_change_type) {
        HANDLE h = open_session();
        NTMS_GUID mt = first_media_type(h), a = make_pool(h, "MoveA", &mt), b = make_pool(h, "MoveB", &mt);
        NTMS_GUID media = make_media(h, &a, &mt, "MOV001"), nowhere = random_guid(), *all = NULL;
        NTMS_OBJECTINFORMATIONA info;

        assert_ok(MoveToNtmsMediaPool(h, &media, &b));
        info_init_a(&info, NTMS_PHYSICAL_MEDIA);
        assert_ok(GetNtmsObjectInformationA(h, &media, &info));
        ck_assert(guid_eq(&info.Info.PhysicalMedia.MediaPool, &b));

        assert_err(MoveToNtmsMediaPool(h, NULL, &b), ERROR_INVALID_PARAMETER);
        assert_err(MoveToNtmsMediaPool(h, &media, NULL), ERROR_INVALID_PARAMETER);
        assert_err(MoveToNtmsMediaPool(h, &nowhere, &b), ERROR_INVALID_MEDIA);
        assert_err(MoveToNtmsMediaPool(h, &media, &nowhere), ERROR_INVALID_MEDIA_POOL);

        /* A pool of another media type. */
        DWORD n = enumerate_all(h, NULL, NTMS_MEDIA_TYPE, &all);
        if (n >= 2) {
                NTMS_GUID other = guid_eq(&all[0], &mt) ? all[1] : all[0];
                NTMS_GUID c = make_pool(h, "MoveOther", &other);
                if (media_type_sides(h, &other) == media_type_sides(h, &mt)) {
                        assert_err(MoveToNtmsMediaPool(h, &media, &c), ERROR_MEDIA_INCOMPATIBLE);
                        assert_ok(ChangeNtmsMediaType(h, &media, &c));
                        info_init_a(&info, NTMS_PHYSICAL_MEDIA);
                        assert_ok(GetNtmsObjectInformationA(h, &media, &info));
                        ck_assert(guid_eq(&info.Info.PhysicalMedia.MediaType, &other));
                        ck_assert(guid_eq(&info.Info.PhysicalMedia.MediaPool, &c));
                }
        }
        free(all);
        assert_err(ChangeNtmsMediaType(h, NULL, &b), ERROR_INVALID_PARAMETER);
        assert_err(ChangeNtmsMediaType(h, &media, NULL), ERROR_INVALID_PARAMETER);
        assert_err(ChangeNtmsMediaType(h, &media, &nowhere), ERROR_INVALID_MEDIA_POOL);
        assert_ok(CloseNtmsSession(h));
}
END_TEST

/* The sub-pool of Free (or Import, or Unrecognized) for a media type. */
static NTMS_GUID system_pool_of(HANDLE h, DWORD pool_type, const NTMS_GUID *mt) {
        NTMS_GUID *tops = NULL, found = {};
        DWORD n = enumerate_all(h, NULL, NTMS_MEDIA_POOL, &tops);
        bool ok = false;

        for (DWORD i = 0; i < n && !ok; i++) {
                NTMS_OBJECTINFORMATIONA top;
                NTMS_GUID *subs = NULL;
                DWORD k;

                info_init_a(&top, NTMS_MEDIA_POOL);
                assert_ok(GetNtmsObjectInformationA(h, &tops[i], &top));
                if (top.Info.MediaPool.PoolType != pool_type || !NTMS_IS_NULLGUID(top.Info.MediaPool.MediaType))
                        continue;
                k = enumerate_all(h, &tops[i], NTMS_MEDIA_POOL, &subs);
                for (DWORD j = 0; j < k && !ok; j++) {
                        NTMS_OBJECTINFORMATIONA sub;

                        info_init_a(&sub, NTMS_MEDIA_POOL);
                        assert_ok(GetNtmsObjectInformationA(h, &subs[j], &sub));
                        if (guid_eq(&sub.Info.MediaPool.MediaType, mt)) {
                                found = subs[j];
                                ok = true;
                        }
                }
                free(subs);
        }
        free(tops);
        ck_assert_msg(ok, "no system pool of type %u for the media type", pool_type);
        return found;
}

static DWORD partition_state(HANDLE h, const NTMS_GUID *side) {
        NTMS_OBJECTINFORMATIONA info;

        info_init_a(&info, NTMS_PARTITION);
        assert_ok(GetNtmsObjectInformationA(h, (LPNTMS_GUID) side, &info));
        return info.Info.Partition.State;
}

START_TEST(move_allocated_and_decommissioned) {
        HANDLE h = open_session();
        NTMS_GUID mt = first_media_type(h), a = make_pool(h, "MoveAllocA", &mt), b = make_pool(h, "MoveAllocB", &mt);
        NTMS_GUID free_pool = system_pool_of(h, NTMS_POOLTYPE_SCRATCH, &mt);
        NTMS_GUID unrecognized = system_pool_of(h, NTMS_POOLTYPE_FOREIGN, &mt);
        NTMS_GUID media = make_media(h, &a, &mt, "MVA001"), spare = make_media(h, &a, &mt, "MVA002");
        NTMS_GUID *sides = NULL, *spare_sides = NULL, side, lmid;
        NTMS_OBJECTINFORMATIONA info;

        /* Through Free, the sides become Available and can be allocated. */
        assert_ok(MoveToNtmsMediaPool(h, &media, &free_pool));
        assert_ok(MoveToNtmsMediaPool(h, &media, &a));
        ck_assert_uint_ge(enumerate_all(h, &media, NTMS_PARTITION, &sides), 1);
        side = sides[0];
        assert_ok(AllocateNtmsMedia(h, &a, &side, &lmid, 0, 0, NULL));

        /* An allocated medium may change application pools; its logical medium follows. */
        assert_ok(MoveToNtmsMediaPool(h, &media, &b));
        info_init_a(&info, NTMS_LOGICAL_MEDIA);
        assert_ok(GetNtmsObjectInformationA(h, &lmid, &info));
        ck_assert(guid_eq(&info.Info.LogicalMedia.MediaPool, &b));

        /* Neither Free nor Unrecognized takes it: a side is in use. */
        assert_err(MoveToNtmsMediaPool(h, &media, &unrecognized), ERROR_BUSY);
        assert_err(MoveToNtmsMediaPool(h, &media, &free_pool), ERROR_BUSY);
        info_init_a(&info, NTMS_PHYSICAL_MEDIA);
        assert_ok(GetNtmsObjectInformationA(h, &media, &info));
        ck_assert(guid_eq(&info.Info.PhysicalMedia.MediaPool, &b));

        /* A decommissioned side stays decommissioned in Free. */
        assert_ok(MoveToNtmsMediaPool(h, &spare, &free_pool));
        ck_assert_uint_ge(enumerate_all(h, &spare, NTMS_PARTITION, &spare_sides), 1);
        assert_ok(DecommissionNtmsMedia(h, &spare_sides[0]));
        assert_ok(MoveToNtmsMediaPool(h, &spare, &a));
        assert_ok(MoveToNtmsMediaPool(h, &spare, &free_pool));
        ck_assert_uint_eq(partition_state(h, &spare_sides[0]), NTMS_PARTSTATE_DECOMMISSIONED);

        free(sides);
        free(spare_sides);
        assert_ok(CloseNtmsSession(h));
}
END_TEST

START_TEST(delete_media) {
        HANDLE h = open_session();
        NTMS_GUID mt = first_media_type(h), pool = make_pool(h, "DM", &mt);
        NTMS_GUID media = make_media(h, &pool, &mt, "DM0001"), nowhere = random_guid(), *sides = NULL;
        NTMS_OBJECTINFORMATIONA info;

        assert_ok(DeleteNtmsMedia(h, &media));
        info_init_a(&info, NTMS_PHYSICAL_MEDIA);
        assert_err(GetNtmsObjectInformationA(h, &media, &info), ERROR_OBJECT_NOT_FOUND);
        ck_assert_uint_eq(enumerate_all(h, NULL, NTMS_PARTITION, &sides), 0);
        free(sides);
        assert_err(DeleteNtmsMedia(h, &media), ERROR_INVALID_MEDIA);
        assert_err(DeleteNtmsMedia(h, &nowhere), ERROR_INVALID_MEDIA);
        assert_err(DeleteNtmsMedia(h, NULL), ERROR_INVALID_PARAMETER);
        assert_ok(CloseNtmsSession(h));
}
END_TEST

int main(void) {
        Suite *s = suite_create("media");
        TCase *tc = tcase_with_daemon("media");

        tcase_add_test(tc, create_pool_actions);
        tcase_add_test(tc, create_pool_nested_and_names);
        tcase_add_test(tc, pool_errors);
        tcase_add_test(tc, delete_pool);
        tcase_add_test(tc, media_types);
        tcase_add_test(tc, create_media_a_and_w);
        tcase_add_test(tc, create_media_invalid);
        tcase_add_test(tc, move_and_change_type);
        tcase_add_test(tc, move_allocated_and_decommissioned);
        tcase_add_test(tc, delete_media);
        suite_add_tcase(s, tc);
        return run_suite(s);
}
