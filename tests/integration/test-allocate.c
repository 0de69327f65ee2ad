/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Allocation and the media life cycle through libntms against rsmd:
 * AllocateNtmsMedia (from the pool, from Free, a named side, import, NEW and
 * NEXT on two-sided media, the allocation order, maximum allocations,
 * waiting, timeouts, cancellation), DeallocateNtmsMedia,
 * DecommissionNtmsMedia, SetNtmsMediaComplete, SwapNtmsMedia, and each
 * documented error.
 *
 * Waiting calls are checked by order, never by time: the waiting call is
 * sent on a connection of its own, followed there by a Ping that rsmd
 * answers only after it has read (and parked) the call before it. */

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <systemd/sd-bus.h>
#include <sys/wait.h>
#include <unistd.h>

#include "macro.h"
#include "ntms-bus.h"
#include "test-util.h"

/* ---- objects ---- */

static NTMS_GUID media_type_named(HANDLE h, const char *name) {
        NTMS_GUID *list = NULL, found;
        DWORD n = enumerate_all(h, NULL, NTMS_MEDIA_TYPE, &list);
        bool ok = false;

        for (DWORD i = 0; i < n && !ok; i++) {
                NTMS_OBJECTINFORMATIONA info;
                info_init_a(&info, NTMS_MEDIA_TYPE);
                assert_ok(GetNtmsObjectInformationA(h, &list[i], &info));
                if (streq(info.szName, name)) {
                        found = list[i];
                        ok = true;
                }
        }
        free(list);
        ck_assert_msg(ok, "no media type %s", name);
        return found;
}

static NTMS_OBJECTINFORMATIONA object_info(HANDLE h, const NTMS_GUID *g, DWORD type) {
        NTMS_OBJECTINFORMATIONA info;

        info_init_a(&info, type);
        assert_ok(GetNtmsObjectInformationA(h, (LPNTMS_GUID) g, &info));
        return info;
}

static NTMS_PARTITIONINFORMATIONA side_info(HANDLE h, const NTMS_GUID *side) {
        return object_info(h, side, NTMS_PARTITION).Info.Partition;
}

static DWORD side_state(HANDLE h, const NTMS_GUID *side) {
        return side_info(h, side).State;
}

static NTMS_GUID medium_pool(HANDLE h, const NTMS_GUID *medium) {
        return object_info(h, medium, NTMS_PHYSICAL_MEDIA).Info.PhysicalMedia.MediaPool;
}

/* Free, Import or Unrecognized (pool_type) for one media type. */
static NTMS_GUID system_pool(HANDLE h, DWORD pool_type, const NTMS_GUID *mt) {
        NTMS_GUID *tops = NULL, found;
        DWORD n = enumerate_all(h, NULL, NTMS_MEDIA_POOL, &tops);
        bool ok = false;

        for (DWORD i = 0; i < n && !ok; i++) {
                NTMS_OBJECTINFORMATIONA top = object_info(h, &tops[i], NTMS_MEDIA_POOL);
                NTMS_GUID *subs = NULL;
                DWORD k;

                if (top.Info.MediaPool.PoolType != pool_type || !NTMS_IS_NULLGUID(top.Info.MediaPool.MediaType))
                        continue;
                k = enumerate_all(h, &tops[i], NTMS_MEDIA_POOL, &subs);
                for (DWORD j = 0; j < k && !ok; j++) {
                        NTMS_OBJECTINFORMATIONA sub = object_info(h, &subs[j], NTMS_MEDIA_POOL);
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

static NTMS_GUID side_of(HANDLE h, const NTMS_GUID *medium, DWORD i) {
        NTMS_GUID *sides = NULL, side;
        DWORD n = enumerate_all(h, medium, NTMS_PARTITION, &sides);

        ck_assert_uint_gt(n, i);
        side = sides[i];
        free(sides);
        return side;
}

/* A medium in Free (its sides Available): created in a staging pool, as
 * CreateNtmsMedia does not create into Free, then moved. */
static NTMS_GUID free_media(HANDLE h, const NTMS_GUID *mt, const char *barcode) {
        char name[NTMS_GUID_STRING_MAX + 8], buf[NTMS_GUID_STRING_MAX];
        NTMS_GUID staging, media, free_pool = system_pool(h, NTMS_POOLTYPE_SCRATCH, mt);

        snprintf(name, sizeof name, "S-%s", guid_str(mt, buf));
        assert_ok(CreateNtmsMediaPoolA(h, name, (LPNTMS_GUID) mt, NTMS_OPEN_ALWAYS, NULL, &staging));
        media = make_media(h, &staging, mt, barcode);
        assert_ok(MoveToNtmsMediaPool(h, &media, &free_pool));
        return media;
}

/* A medium with Available sides in an application pool. */
static NTMS_GUID pool_media(HANDLE h, const NTMS_GUID *pool, const NTMS_GUID *mt, const char *barcode) {
        NTMS_GUID media = free_media(h, mt, barcode);

        assert_ok(MoveToNtmsMediaPool(h, &media, (LPNTMS_GUID) pool));
        return media;
}

static void set_policy(HANDLE h, const NTMS_GUID *pool, DWORD allocation, DWORD deallocation, DWORD max) {
        NTMS_OBJECTINFORMATIONA info = object_info(h, pool, NTMS_MEDIA_POOL);

        info.Info.MediaPool.AllocationPolicy = allocation;
        info.Info.MediaPool.DeallocationPolicy = deallocation;
        info.Info.MediaPool.dwMaxAllocates = max;
        assert_ok(SetNtmsObjectInformationA(h, (LPNTMS_GUID) pool, &info));
}

static DWORD allocate(HANDLE h, const NTMS_GUID *pool, const NTMS_GUID *side, DWORD options, DWORD timeout,
                      NTMS_GUID *lmid, NTMS_GUID *from) {
        NTMS_ALLOCATION_INFORMATION ai = { .dwSize = sizeof ai };
        DWORD e;

        /* lpMediaId is an input only with NTMS_ALLOCATE_NEXT. */
        if (!(options & NTMS_ALLOCATE_NEXT))
                memset(lmid, 0xa5, sizeof *lmid);
        e = AllocateNtmsMedia(h, (LPNTMS_GUID) pool, (LPNTMS_GUID) side, lmid, options, timeout, &ai);
        if (from)
                *from = ai.AllocatedFrom;
        return e;
}

/* The side that carries a logical medium. */
static NTMS_GUID side_of_lmid(HANDLE h, const NTMS_GUID *lmid) {
        NTMS_GUID *sides = NULL, side;

        ck_assert_uint_eq(enumerate_all(h, lmid, NTMS_PARTITION, &sides), 1);
        side = sides[0];
        free(sides);
        return side;
}

#define UNAVAILABLE NTMS_ALLOCATE_ERROR_IF_UNAVAILABLE

static bool same(NTMS_GUID a, NTMS_GUID b) {
        return guid_eq(&a, &b);
}

/* ---- allocation ---- */

START_TEST(allocate_from_pool) {
        HANDLE h = open_session();
        NTMS_GUID mt = first_media_type(h), pool = make_pool(h, "App", &mt), lmid, from, other;
        NTMS_GUID media = pool_media(h, &pool, &mt, "AP0001"), side = side_of(h, &media, 0);
        NTMS_PARTITIONINFORMATIONA p;
        NTMS_OBJECTINFORMATIONA lm, pi;

        ck_assert_uint_eq(side_state(h, &side), NTMS_PARTSTATE_AVAILABLE);
        assert_ok(allocate(h, &pool, NULL, 0, 0, &lmid, &from));
        ck_assert(same(from, pool));

        p = side_info(h, &side);
        ck_assert_uint_eq(p.State, NTMS_PARTSTATE_ALLOCATED);
        ck_assert(same(p.LogicalMedia, lmid));
        ck_assert_uint_eq(p.dwAllocateCount, 1);

        lm = object_info(h, &lmid, NTMS_LOGICAL_MEDIA);
        ck_assert_uint_eq(lm.dwType, NTMS_LOGICAL_MEDIA);
        ck_assert(same(lm.Info.LogicalMedia.MediaPool, pool));
        ck_assert_uint_eq(lm.Info.LogicalMedia.dwNumberOfPartitions, 1);
        ck_assert(same(side_of_lmid(h, &lmid), side));
        pi = object_info(h, &pool, NTMS_MEDIA_POOL);
        ck_assert_uint_eq(pi.Info.MediaPool.dwNumberOfLogicalMedia, 1);

        /* Nothing left: at once, or after a timeout of zero. Neither changes anything. */
        assert_err(allocate(h, &pool, NULL, UNAVAILABLE, INFINITE, &other, NULL), ERROR_MEDIA_UNAVAILABLE);
        assert_err(allocate(h, &pool, NULL, 0, 0, &other, NULL), ERROR_TIMEOUT);
        ck_assert_uint_eq(side_info(h, &side).dwAllocateCount, 1);
        pi = object_info(h, &pool, NTMS_MEDIA_POOL);
        ck_assert_uint_eq(pi.Info.MediaPool.dwNumberOfLogicalMedia, 1);

        /* lpAllocateInformation is optional. */
        NTMS_GUID second = pool_media(h, &pool, &mt, "AP0002");
        assert_ok(AllocateNtmsMedia(h, &pool, NULL, &other, 0, 0, NULL));
        NTMS_GUID second_side = side_of(h, &second, 0);
        ck_assert(same(side_info(h, &second_side).LogicalMedia, other));
        assert_ok(CloseNtmsSession(h));
}
END_TEST

START_TEST(allocate_from_free) {
        HANDLE h = open_session();
        NTMS_GUID mt = first_media_type(h), pool = make_pool(h, "Scratch", &mt), lmid, from;
        NTMS_GUID free_pool = system_pool(h, NTMS_POOLTYPE_SCRATCH, &mt);
        NTMS_GUID media = free_media(h, &mt, "FR0001"), side = side_of(h, &media, 0);

        /* The default policy does not draw from Free. */
        assert_err(allocate(h, &pool, NULL, UNAVAILABLE, 0, &lmid, NULL), ERROR_MEDIA_UNAVAILABLE);
        ck_assert(same(medium_pool(h, &media), free_pool));

        set_policy(h, &pool, NTMS_ALLOCATE_FROMSCRATCH, 0, 0);
        assert_ok(allocate(h, &pool, NULL, UNAVAILABLE, 0, &lmid, &from));
        ck_assert(same(from, free_pool));
        ck_assert(same(medium_pool(h, &media), pool));
        ck_assert_uint_eq(side_state(h, &side), NTMS_PARTSTATE_ALLOCATED);
        ck_assert(same(object_info(h, &lmid, NTMS_LOGICAL_MEDIA).Info.LogicalMedia.MediaPool, pool));
        assert_ok(CloseNtmsSession(h));
}
END_TEST

/* The pool before Free; then the fewest allocations; then the side that
 * changed hands longest ago. */
START_TEST(allocation_order) {
        HANDLE h = open_session();
        NTMS_GUID mt = first_media_type(h), pool = make_pool(h, "Order", &mt), lmid, from, m[3], s[3];
        NTMS_GUID free_pool = system_pool(h, NTMS_POOLTYPE_SCRATCH, &mt);
        NTMS_GUID spare = free_media(h, &mt, "OR0009");

        set_policy(h, &pool, NTMS_ALLOCATE_FROMSCRATCH, 0, 0);
        m[0] = pool_media(h, &pool, &mt, "OR0001");
        m[1] = pool_media(h, &pool, &mt, "OR0002");
        m[2] = pool_media(h, &pool, &mt, "OR0003");
        for (int i = 0; i < 3; i++)
                s[i] = side_of(h, &m[i], 0);

        /* Each allocated once, in creation order, before Free is touched. */
        for (int i = 0; i < 3; i++) {
                assert_ok(allocate(h, &pool, NULL, UNAVAILABLE, 0, &lmid, &from));
                ck_assert_msg(same(side_of_lmid(h, &lmid), s[i]), "allocation %d took the wrong side", i);
                ck_assert(same(from, pool));
                assert_ok(DeallocateNtmsMedia(h, &lmid, 0));
        }
        ck_assert(same(medium_pool(h, &spare), free_pool));

        /* All allocated once: the one released longest ago comes first. */
        NTMS_GUID l1, l2;
        assert_ok(allocate(h, &pool, NULL, UNAVAILABLE, 0, &l1, NULL));
        ck_assert(same(side_of_lmid(h, &l1), s[0]));
        assert_ok(allocate(h, &pool, NULL, UNAVAILABLE, 0, &l2, NULL));
        ck_assert(same(side_of_lmid(h, &l2), s[1]));
        /* Released in the other order: s[1] before s[0]. */
        assert_ok(DeallocateNtmsMedia(h, &l2, 0));
        assert_ok(DeallocateNtmsMedia(h, &l1, 0));
        /* s[2] has the fewest allocations; then s[1], released before s[0]. */
        assert_ok(allocate(h, &pool, NULL, UNAVAILABLE, 0, &lmid, NULL));
        ck_assert(same(side_of_lmid(h, &lmid), s[2]));
        assert_ok(allocate(h, &pool, NULL, UNAVAILABLE, 0, &lmid, NULL));
        ck_assert(same(side_of_lmid(h, &lmid), s[1]));
        assert_ok(allocate(h, &pool, NULL, UNAVAILABLE, 0, &lmid, NULL));
        ck_assert(same(side_of_lmid(h, &lmid), s[0]));

        /* The pool is used up: now Free. */
        assert_ok(allocate(h, &pool, NULL, UNAVAILABLE, 0, &lmid, &from));
        ck_assert(same(from, free_pool));
        ck_assert(same(side_of_lmid(h, &lmid), side_of(h, &spare, 0)));
        assert_ok(CloseNtmsSession(h));
}
END_TEST

START_TEST(allocate_named_side) {
        HANDLE h = open_session();
        NTMS_GUID mt = first_media_type(h), pool = make_pool(h, "Named", &mt), lmid, from, nowhere = random_guid();
        NTMS_GUID free_pool = system_pool(h, NTMS_POOLTYPE_SCRATCH, &mt);
        NTMS_GUID a = free_media(h, &mt, "NS0001"), b = free_media(h, &mt, "NS0002");
        NTMS_GUID sa = side_of(h, &a, 0), sb = side_of(h, &b, 0);

        /* The second one, although the order would take the first; from
         * Free even though the policy does not draw from it. */
        assert_ok(allocate(h, &pool, &sb, 0, 0, &lmid, &from));
        ck_assert(same(from, free_pool));
        ck_assert(same(side_of_lmid(h, &lmid), sb));
        ck_assert(same(medium_pool(h, &b), pool));
        ck_assert_uint_eq(side_state(h, &sa), NTMS_PARTSTATE_AVAILABLE);

        /* Taken already. */
        assert_err(allocate(h, &pool, &sb, UNAVAILABLE, 0, &lmid, NULL), ERROR_MEDIA_UNAVAILABLE);
        assert_err(allocate(h, &pool, &sb, 0, 0, &lmid, NULL), ERROR_TIMEOUT);
        /* Not a side; a medium rather than a side; a side of another media type. */
        assert_err(allocate(h, &pool, &nowhere, 0, 0, &lmid, NULL), ERROR_INVALID_MEDIA);
        assert_err(allocate(h, &pool, &a, 0, 0, &lmid, NULL), ERROR_INVALID_MEDIA);
        NTMS_GUID other_type = media_type_named(h, "DLT");
        NTMS_GUID dlt = free_media(h, &other_type, "NS0003");
        NTMS_GUID dlt_side = side_of(h, &dlt, 0);
        assert_err(allocate(h, &pool, &dlt_side, 0, 0, &lmid, NULL), ERROR_INVALID_MEDIA);
        /* A side in another application's pool. */
        NTMS_GUID theirs = make_pool(h, "Theirs", &mt), c = pool_media(h, &theirs, &mt, "NS0004");
        NTMS_GUID c_side = side_of(h, &c, 0);
        assert_err(allocate(h, &pool, &c_side, 0, 0, &lmid, NULL), ERROR_INVALID_MEDIA);
        ck_assert(same(medium_pool(h, &c), theirs));

        /* A disabled medium is offline to allocation, named or not. */
        assert_ok(DisableNtmsObject(h, NTMS_PHYSICAL_MEDIA, &a));
        assert_err(allocate(h, &pool, &sa, 0, 0, &lmid, NULL), ERROR_MEDIA_OFFLINE);
        set_policy(h, &pool, NTMS_ALLOCATE_FROMSCRATCH, 0, 0);
        assert_err(allocate(h, &pool, NULL, UNAVAILABLE, 0, &lmid, NULL), ERROR_MEDIA_UNAVAILABLE);
        assert_ok(EnableNtmsObject(h, NTMS_PHYSICAL_MEDIA, &a));
        assert_ok(allocate(h, &pool, NULL, UNAVAILABLE, 0, &lmid, NULL));
        ck_assert(same(side_of_lmid(h, &lmid), sa));
        assert_ok(CloseNtmsSession(h));
}
END_TEST

/* ---- a raw connection, for what libntms cannot express ---- */

static sd_bus *raw_open(void) {
        sd_bus *bus = NULL;

        ck_assert_int_ge(sd_bus_open_system(&bus), 0);
        return bus;
}

static char *raw_session(sd_bus *bus) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        sd_bus_error error = SD_BUS_ERROR_NULL;
        const char *path;
        char *copy;
        int r;

        r = sd_bus_call_method(bus, NTMS_BUS_NAME, NTMS_BUS_MANAGER_PATH, NTMS_BUS_MANAGER_IFACE, "OpenSession",
                               &error, &reply, "ssu", "", "raw", 0);
        ck_assert_msg(r >= 0, "OpenSession: %s", error.message);
        ck_assert_int_ge(sd_bus_message_read(reply, "o", &path), 0);
        copy = strdup(path);
        ck_assert_ptr_nonnull(copy);
        sd_bus_error_free(&error);
        return copy;
}

/* Answers once rsmd has read everything this connection sent before, and
 * has answered whatever it answered at once: those replies came first and
 * are dispatched here. */
static void raw_ping(sd_bus *bus) {
        sd_bus_error error = SD_BUS_ERROR_NULL;
        int r;

        r = sd_bus_call_method(bus, NTMS_BUS_NAME, NTMS_BUS_MANAGER_PATH, "org.freedesktop.DBus.Peer", "Ping",
                               &error, NULL, "");
        ck_assert_msg(r >= 0, "Ping: %s", error.message);
        sd_bus_error_free(&error);
        while ((r = sd_bus_process(bus, NULL)) > 0)
                ;
        ck_assert_int_ge(r, 0);
}

typedef struct RawReply {
        bool done;
        char error[256];
        char media[NTMS_GUID_STRING_MAX];
        char from[NTMS_GUID_STRING_MAX];
} RawReply;

static int on_raw_reply(sd_bus_message *m, void *userdata, sd_bus_error *ret_error) {
        RawReply *reply = userdata;
        const sd_bus_error *e = sd_bus_message_get_error(m);
        const char *media, *from;

        reply->done = true;
        if (e) {
                snprintf(reply->error, sizeof reply->error, "%s", e->name);
                return 0;
        }
        if (sd_bus_message_read(m, "ss", &media, &from) >= 0) {
                snprintf(reply->media, sizeof reply->media, "%s", media);
                snprintf(reply->from, sizeof reply->from, "%s", from);
        }
        return 0;
}

static void raw_allocate_async(sd_bus *bus, const char *path, const NTMS_GUID *pool, uint32_t timeout,
                               sd_bus_slot **slot, RawReply *reply) {
        char p[NTMS_GUID_STRING_MAX];
        int r;

        r = sd_bus_call_method_async(bus, slot, NTMS_BUS_NAME, path, NTMS_BUS_SESSION_IFACE, "AllocateMedia",
                                     on_raw_reply, reply, "sssuu", guid_str(pool, p), "", "", 0u, timeout);
        ck_assert_int_ge(r, 0);
}

static void raw_wait(sd_bus *bus, RawReply *reply) {
        for (int i = 0; i < 600 && !reply->done; i++) {
                int r = sd_bus_process(bus, NULL);
                ck_assert_int_ge(r, 0);
                if (r == 0)
                        ck_assert_int_ge(sd_bus_wait(bus, 100000), 0);
        }
        ck_assert_msg(reply->done, "no reply to the waiting AllocateMedia");
}

static const char *bus_error_name(DWORD e) {
        const NtmsErrorInfo *info = ntms_error_by_value(e);

        ck_assert_ptr_nonnull(info);
        return info->bus_name;
}

/* CreateMedia with sides in the Import state, as a library's inventory
 * records media it recognises: libntms passes no side State. */
static NTMS_GUID raw_import_media(sd_bus *bus, const NTMS_GUID *import_pool, const char *barcode) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = NULL, *reply = NULL;
        sd_bus_error error = SD_BUS_ERROR_NULL;
        char pool[NTMS_GUID_STRING_MAX];
        NTMS_GUID media;
        const char *guid;
        int r;

        ck_assert_int_ge(sd_bus_message_new_method_call(bus, &m, NTMS_BUS_NAME, NTMS_BUS_MANAGER_PATH,
                                                        NTMS_BUS_SESSION_IFACE, "CreateMedia"), 0);
        ck_assert_int_ge(sd_bus_message_append(m, "a{sv}", 2, "MediaPool", "s", guid_str(import_pool, pool),
                                               "szBarCode", "s", barcode), 0);
        ck_assert_int_ge(sd_bus_message_append(m, "aa{sv}", 1, 2, "Side", "q", (uint16_t) 0,
                                               "State", "u", (uint32_t) NTMS_PARTSTATE_IMPORT), 0);
        ck_assert_int_ge(sd_bus_message_append(m, "u", 0u), 0);
        r = sd_bus_call(bus, m, 0, &error, &reply);
        ck_assert_msg(r >= 0, "CreateMedia: %s", error.message);
        ck_assert_int_ge(sd_bus_message_read(reply, "s", &guid), 0);
        ck_assert_int_eq(ntms_guid_from_string(guid, (NtmsGuidBytes *) &media), 0);
        sd_bus_error_free(&error);
        return media;
}

START_TEST(allocate_import) {
        HANDLE h = open_session();
        NTMS_GUID mt = first_media_type(h), pool = make_pool(h, "Importer", &mt), lmid, from;
        NTMS_GUID import_pool = system_pool(h, NTMS_POOLTYPE_IMPORT, &mt);
        sd_bus *bus = raw_open();
        NTMS_GUID media = raw_import_media(bus, &import_pool, "IM0001"), side = side_of(h, &media, 0);

        ck_assert_uint_eq(side_state(h, &side), NTMS_PARTSTATE_IMPORT);
        /* Import media are never taken unasked... */
        set_policy(h, &pool, NTMS_ALLOCATE_FROMSCRATCH, 0, 0);
        assert_err(allocate(h, &pool, NULL, UNAVAILABLE, 0, &lmid, NULL), ERROR_MEDIA_UNAVAILABLE);
        /* ...but a named Import side is moved and allocated in one step. */
        assert_ok(allocate(h, &pool, &side, 0, 0, &lmid, &from));
        ck_assert(same(from, import_pool));
        ck_assert(same(medium_pool(h, &media), pool));
        ck_assert_uint_eq(side_state(h, &side), NTMS_PARTSTATE_ALLOCATED);
        sd_bus_flush_close_unref(bus);
        assert_ok(CloseNtmsSession(h));
}
END_TEST

/* NTMS_ALLOCATE_NEW reserves the other side of two-sided media;
 * NTMS_ALLOCATE_NEXT takes it. */
START_TEST(allocate_new_and_next) {
        HANDLE h = open_session();
        NTMS_GUID mo = media_type_named(h, "MO 5.25\""), pool = make_pool(h, "Optical", &mo);
        NTMS_GUID m1 = pool_media(h, &pool, &mo, "MO0001"), m2 = pool_media(h, &pool, &mo, "MO0002");
        NTMS_GUID a1 = side_of(h, &m1, 0), b1 = side_of(h, &m1, 1), a2 = side_of(h, &m2, 0), b2 = side_of(h, &m2, 1);
        NTMS_GUID l_new, l_next, l_shared, l, nowhere = random_guid();

        assert_ok(allocate(h, &pool, NULL, NTMS_ALLOCATE_NEW, 0, &l_new, NULL));
        ck_assert(same(side_of_lmid(h, &l_new), a1));
        ck_assert_uint_eq(side_state(h, &b1), NTMS_PARTSTATE_RESERVED);

        /* The reserved side is nobody else's: a plain allocation takes the other medium. */
        assert_ok(allocate(h, &pool, NULL, 0, 0, &l_shared, NULL));
        ck_assert(same(side_of_lmid(h, &l_shared), a2));
        assert_err(allocate(h, &pool, &b1, UNAVAILABLE, 0, &l, NULL), ERROR_MEDIA_UNAVAILABLE);
        /* NEW wants a medium with no side in use: none is left. */
        assert_err(allocate(h, &pool, NULL, NTMS_ALLOCATE_NEW | UNAVAILABLE, 0, &l, NULL), ERROR_MEDIA_UNAVAILABLE);

        /* NEXT continues the medium of the LMID given in lpMediaId. */
        l_next = l_new;
        assert_ok(allocate(h, &pool, NULL, NTMS_ALLOCATE_NEXT, 0, &l_next, NULL));
        ck_assert(!same(l_next, l_new));
        ck_assert(same(side_of_lmid(h, &l_next), b1));
        ck_assert_uint_eq(side_state(h, &b1), NTMS_PARTSTATE_ALLOCATED);
        /* All sides allocated: NEXT fails at once, it never waits. */
        l = l_new;
        assert_err(allocate(h, &pool, NULL, NTMS_ALLOCATE_NEXT, INFINITE, &l, NULL), ERROR_MEDIA_UNAVAILABLE);

        /* A plain allocation shares the second medium. */
        assert_ok(allocate(h, &pool, NULL, 0, 0, &l, NULL));
        ck_assert(same(side_of_lmid(h, &l), b2));
        assert_ok(DeallocateNtmsMedia(h, &l, 0));

        /* The arguments of NEXT. */
        memset(&l, 0, sizeof l);
        assert_err(allocate(h, &pool, NULL, NTMS_ALLOCATE_NEXT, 0, &l, NULL), ERROR_INVALID_PARAMETER);
        l = nowhere;
        assert_err(allocate(h, &pool, NULL, NTMS_ALLOCATE_NEXT, 0, &l, NULL), ERROR_INVALID_MEDIA);
        l = l_new;
        assert_err(allocate(h, &pool, &a2, NTMS_ALLOCATE_NEXT, 0, &l, NULL), ERROR_INVALID_PARAMETER);
        assert_err(allocate(h, &pool, NULL, NTMS_ALLOCATE_NEW | NTMS_ALLOCATE_NEXT, 0, &l, NULL),
                   ERROR_INVALID_PARAMETER);
        /* NEXT in another pool than the medium's. */
        NTMS_GUID elsewhere = make_pool(h, "Optical2", &mo);
        l = l_shared;
        assert_err(allocate(h, &elsewhere, NULL, NTMS_ALLOCATE_NEXT, 0, &l, NULL), ERROR_INVALID_MEDIA);

        /* Deallocated, the side that NEXT took is Available again; NEW finds
         * the medium once its last logical medium is gone. */
        assert_ok(DeallocateNtmsMedia(h, &l_next, 0));
        ck_assert_uint_eq(side_state(h, &b1), NTMS_PARTSTATE_AVAILABLE);
        assert_err(allocate(h, &pool, NULL, NTMS_ALLOCATE_NEW | UNAVAILABLE, 0, &l, NULL), ERROR_MEDIA_UNAVAILABLE);
        assert_ok(DeallocateNtmsMedia(h, &l_new, 0));
        /* Both allocated once; b1 changed hands before a1, so it comes first. */
        assert_ok(allocate(h, &pool, NULL, NTMS_ALLOCATE_NEW, 0, &l, NULL));
        ck_assert(same(side_of_lmid(h, &l), b1));
        ck_assert_uint_eq(side_state(h, &a1), NTMS_PARTSTATE_RESERVED);
        assert_ok(DeallocateNtmsMedia(h, &l, 0));
        ck_assert_uint_eq(side_state(h, &a1), NTMS_PARTSTATE_AVAILABLE);

        /* NEW, then deallocated at once: the reserved side is released too. */
        assert_ok(allocate(h, &pool, NULL, NTMS_ALLOCATE_NEW, 0, &l, NULL));
        ck_assert(same(side_of_lmid(h, &l), a1));
        ck_assert_uint_eq(side_state(h, &b1), NTMS_PARTSTATE_RESERVED);
        assert_ok(DeallocateNtmsMedia(h, &l, 0));
        ck_assert_uint_eq(side_state(h, &b1), NTMS_PARTSTATE_AVAILABLE);
        assert_ok(CloseNtmsSession(h));
}
END_TEST

START_TEST(maximum_allocations) {
        HANDLE h = open_session();
        NTMS_GUID mt = first_media_type(h), pool = make_pool(h, "Limited", &mt), lmid;
        NTMS_GUID media = pool_media(h, &pool, &mt, "MX0001"), side = side_of(h, &media, 0);

        set_policy(h, &pool, 0, 0, 2);
        assert_ok(allocate(h, &pool, NULL, UNAVAILABLE, 0, &lmid, NULL));
        assert_ok(DeallocateNtmsMedia(h, &lmid, 0));
        ck_assert_uint_eq(side_state(h, &side), NTMS_PARTSTATE_AVAILABLE);
        assert_ok(allocate(h, &pool, NULL, UNAVAILABLE, 0, &lmid, NULL));
        ck_assert_uint_eq(side_info(h, &side).dwAllocateCount, 2);
        /* The second allocation was its last: deallocated, it is decommissioned. */
        assert_ok(DeallocateNtmsMedia(h, &lmid, 0));
        ck_assert_uint_eq(side_state(h, &side), NTMS_PARTSTATE_DECOMMISSIONED);
        assert_err(allocate(h, &pool, NULL, UNAVAILABLE, 0, &lmid, NULL), ERROR_MEDIA_UNAVAILABLE);

        /* A lower limit set later: an Available side past it is not allocated. */
        NTMS_GUID used = pool_media(h, &pool, &mt, "MX0002"), s2 = side_of(h, &used, 0);
        set_policy(h, &pool, 0, 0, 0);
        assert_ok(allocate(h, &pool, NULL, UNAVAILABLE, 0, &lmid, NULL));
        assert_ok(DeallocateNtmsMedia(h, &lmid, 0));
        ck_assert_uint_eq(side_state(h, &s2), NTMS_PARTSTATE_AVAILABLE);
        set_policy(h, &pool, 0, 0, 1);
        assert_err(allocate(h, &pool, NULL, UNAVAILABLE, 0, &lmid, NULL), ERROR_MEDIA_UNAVAILABLE);
        assert_err(allocate(h, &pool, &s2, UNAVAILABLE, 0, &lmid, NULL), ERROR_MEDIA_UNAVAILABLE);
        ck_assert_uint_eq(side_info(h, &s2).dwAllocateCount, 1);
        assert_ok(CloseNtmsSession(h));
}
END_TEST

START_TEST(allocate_errors) {
        HANDLE h = open_session();
        NTMS_GUID mt = first_media_type(h), pool = make_pool(h, "Errors", &mt), lmid, nowhere = random_guid();
        NTMS_GUID parent = make_pool(h, "Parent", NULL);
        NTMS_GUID free_pool = system_pool(h, NTMS_POOLTYPE_SCRATCH, &mt);
        NTMS_ALLOCATION_INFORMATION ai = { .dwSize = sizeof ai };

        (void) pool_media(h, &pool, &mt, "ER0001");
        assert_err(AllocateNtmsMedia(NULL, &pool, NULL, &lmid, 0, 0, NULL), ERROR_INVALID_HANDLE);
        assert_err(AllocateNtmsMedia(INVALID_HANDLE_VALUE, &pool, NULL, &lmid, 0, 0, NULL), ERROR_INVALID_HANDLE);
        assert_err(AllocateNtmsMedia(h, NULL, NULL, &lmid, 0, 0, NULL), ERROR_INVALID_PARAMETER);
        assert_err(AllocateNtmsMedia(h, &pool, NULL, NULL, 0, 0, NULL), ERROR_INVALID_PARAMETER);
        assert_err(AllocateNtmsMedia(h, &pool, NULL, &lmid, 0x100, 0, NULL), ERROR_INVALID_PARAMETER);
        ai.dwSize = 3;
        assert_err(AllocateNtmsMedia(h, &pool, NULL, &lmid, 0, 0, &ai), ERROR_INVALID_PARAMETER);

        /* Only application pools that hold media. */
        assert_err(allocate(h, &nowhere, NULL, 0, 0, &lmid, NULL), ERROR_INVALID_MEDIA_POOL);
        assert_err(allocate(h, &free_pool, NULL, 0, 0, &lmid, NULL), ERROR_INVALID_MEDIA_POOL);
        assert_err(allocate(h, &parent, NULL, 0, 0, &lmid, NULL), ERROR_INVALID_MEDIA_POOL);
        assert_err(allocate(h, &mt, NULL, 0, 0, &lmid, NULL), ERROR_INVALID_MEDIA_POOL);

        /* The Free pool that the policy draws from does not exist any more:
         * a media type without media, taken out of the only library that held it. */
        NTMS_GUID ait = media_type_named(h, "AIT"), lib = first_library(h);
        NTMS_GUID tapes = make_pool(h, "AITTapes", &ait);
        set_policy(h, &tapes, NTMS_ALLOCATE_FROMSCRATCH, 0, 0);
        assert_ok(DeleteNtmsMediaType(h, &ait, &lib));
        assert_err(allocate(h, &tapes, NULL, 0, INFINITE, &lmid, NULL), ERROR_DEVICE_NOT_AVAILABLE);

        /* Nothing was allocated by any of that. */
        NTMS_GUID *all = NULL;
        ck_assert_uint_eq(enumerate_all(h, NULL, NTMS_LOGICAL_MEDIA, &all), 0);
        free(all);
        assert_ok(CloseNtmsSession(h));
}
END_TEST

/* What libntms refuses by itself never tests rsmd's own checks. */
START_TEST(allocate_errors_on_the_bus) {
        HANDLE h = open_session();
        NTMS_GUID mt = first_media_type(h), pool = make_pool(h, "BusErrors", &mt);
        char p[NTMS_GUID_STRING_MAX];
        sd_bus *bus = raw_open();
        struct {
                const char *pool, *partition, *media;
                uint32_t options;
                DWORD expected;
        } cases[] = {
                { "", "", "", 0, ERROR_INVALID_PARAMETER },
                { "not-a-guid", "", "", 0, ERROR_INVALID_PARAMETER },
                { p, "not-a-guid", "", 0, ERROR_INVALID_PARAMETER },
                { p, "", "", 0x100, ERROR_INVALID_PARAMETER },
                { p, "", "", NTMS_ALLOCATE_NEW | NTMS_ALLOCATE_NEXT, ERROR_INVALID_PARAMETER },
                { p, "", "", NTMS_ALLOCATE_NEXT, ERROR_INVALID_PARAMETER },
                { p, "", "not-a-guid", NTMS_ALLOCATE_NEXT, ERROR_INVALID_PARAMETER },
                /* Without NEXT, lpMediaId is output only: whatever it holds is ignored. */
                { p, "", "not-a-guid", UNAVAILABLE, ERROR_MEDIA_UNAVAILABLE },
        };

        guid_str(&pool, p);
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                sd_bus_error error = SD_BUS_ERROR_NULL;
                int r = sd_bus_call_method(bus, NTMS_BUS_NAME, NTMS_BUS_MANAGER_PATH, NTMS_BUS_SESSION_IFACE,
                                           "AllocateMedia", &error, NULL, "sssuu", cases[i].pool,
                                           cases[i].partition, cases[i].media, cases[i].options, 0u);
                ck_assert_msg(r < 0, "case %zu succeeded", i);
                ck_assert_msg(sd_bus_error_has_name(&error, bus_error_name(cases[i].expected)),
                              "case %zu: %s (%s)", i, error.name, error.message);
                sd_bus_error_free(&error);
        }
        sd_bus_flush_close_unref(bus);
        assert_ok(CloseNtmsSession(h));
}
END_TEST

/* ---- waiting ---- */

/* A call waiting for a side gets the one another session deallocates. */
START_TEST(wait_satisfied_by_deallocation) {
        HANDLE h = open_session();
        NTMS_GUID mt = first_media_type(h), pool = make_pool(h, "Wait", &mt), lmid, got;
        NTMS_GUID media = pool_media(h, &pool, &mt, "WT0001"), side = side_of(h, &media, 0);
        char buf[NTMS_GUID_STRING_MAX];
        sd_bus_slot *slot = NULL;
        RawReply reply = {};
        sd_bus *bus = raw_open();
        _cleanup_free_ char *path = raw_session(bus);

        assert_ok(allocate(h, &pool, NULL, 0, 0, &lmid, NULL));

        raw_allocate_async(bus, path, &pool, INFINITE, &slot, &reply);
        raw_ping(bus);
        ck_assert(!reply.done);

        assert_ok(DeallocateNtmsMedia(h, &lmid, 0));
        raw_wait(bus, &reply);
        ck_assert_msg(reply.error[0] == 0, "the waiting call failed: %s", reply.error);
        ck_assert_str_eq(reply.from, guid_str(&pool, buf));
        ck_assert_str_ne(reply.media, guid_str(&lmid, buf));
        ck_assert_int_eq(ntms_guid_from_string(reply.media, (NtmsGuidBytes *) &got), 0);
        ck_assert(same(side_of_lmid(h, &got), side));
        ck_assert_uint_eq(side_info(h, &side).dwAllocateCount, 2);

        sd_bus_slot_unref(slot);
        sd_bus_flush_close_unref(bus);
        assert_ok(CloseNtmsSession(h));
}
END_TEST

typedef struct Waiter {
        HANDLE h;
        NTMS_GUID pool, lmid, from;
        DWORD timeout, result;
} Waiter;

static void *waiter_thread(void *userdata) {
        Waiter *w = userdata;

        w->result = allocate(w->h, &w->pool, NULL, 0, w->timeout, &w->lmid, &w->from);
        return NULL;
}

/* The same through libntms in a thread. Whether the call waits or comes
 * after the deallocation, it ends with that side. */
START_TEST(wait_through_libntms) {
        HANDLE h = open_session();
        NTMS_GUID mt = first_media_type(h), pool = make_pool(h, "WaitLib", &mt), lmid;
        NTMS_GUID media = pool_media(h, &pool, &mt, "WL0001"), side = side_of(h, &media, 0);
        Waiter w = { .h = open_session(), .pool = pool, .timeout = 60000 };
        pthread_t t;

        assert_ok(allocate(h, &pool, NULL, 0, 0, &lmid, NULL));
        ck_assert_int_eq(pthread_create(&t, NULL, waiter_thread, &w), 0);
        assert_ok(DeallocateNtmsMedia(h, &lmid, 0));
        ck_assert_int_eq(pthread_join(t, NULL), 0);

        assert_ok(w.result);
        ck_assert(same(w.from, pool));
        ck_assert(same(side_of_lmid(h, &w.lmid), side));
        assert_ok(CloseNtmsSession(w.h));
        assert_ok(CloseNtmsSession(h));
}
END_TEST

START_TEST(wait_times_out) {
        HANDLE h = open_session();
        NTMS_GUID mt = first_media_type(h), pool = make_pool(h, "Timeout", &mt), lmid, other;
        NTMS_GUID media = pool_media(h, &pool, &mt, "TO0001"), side = side_of(h, &media, 0);

        assert_ok(allocate(h, &pool, NULL, 0, 0, &lmid, NULL));
        assert_err(allocate(h, &pool, NULL, 0, 200, &other, NULL), ERROR_TIMEOUT);

        /* The call that timed out is gone: the freed side stays free. */
        assert_ok(DeallocateNtmsMedia(h, &lmid, 0));
        ck_assert_uint_eq(side_state(h, &side), NTMS_PARTSTATE_AVAILABLE);
        ck_assert_uint_eq(side_info(h, &side).dwAllocateCount, 1);
        assert_ok(CloseNtmsSession(h));
}
END_TEST

/* An INFINITE wait ends when its session is closed, or its connection goes. */
START_TEST(wait_cancelled_by_closing) {
        HANDLE h = open_session();
        NTMS_GUID mt = first_media_type(h), pool = make_pool(h, "Cancel", &mt), lmid;
        NTMS_GUID media = pool_media(h, &pool, &mt, "CA0001"), side = side_of(h, &media, 0);
        sd_bus_slot *slot = NULL, *slot2 = NULL;
        RawReply reply = {}, reply2 = {};
        sd_bus *bus = raw_open(), *bus2 = raw_open();
        _cleanup_free_ char *path = raw_session(bus), *path2 = raw_session(bus2);
        const char *unique2 = NULL;
        int r;

        assert_ok(allocate(h, &pool, NULL, 0, 0, &lmid, NULL));

        /* CloseSession on the connection that waits: the wait is answered. */
        raw_allocate_async(bus, path, &pool, INFINITE, &slot, &reply);
        raw_ping(bus);
        ck_assert(!reply.done);
        r = sd_bus_call_method(bus, NTMS_BUS_NAME, path, NTMS_BUS_SESSION_IFACE, "CloseSession", NULL, NULL, "");
        ck_assert_int_ge(r, 0);
        raw_wait(bus, &reply);
        ck_assert_str_eq(reply.error, bus_error_name(ERROR_CANCELLED));

        /* A connection that goes away while its call waits. */
        raw_allocate_async(bus2, path2, &pool, INFINITE, &slot2, &reply2);
        raw_ping(bus2);
        ck_assert(!reply2.done);
        ck_assert_int_ge(sd_bus_get_unique_name(bus2, &unique2), 0);
        unique2 = strdupa(unique2);
        sd_bus_slot_unref(slot2);
        sd_bus_flush_close_unref(bus2);
        /* Until the bus itself has seen it go, and told rsmd before anything we send next. */
        for (int i = 0; i < 1000; i++) {
                sd_bus_error error = SD_BUS_ERROR_NULL;
                r = sd_bus_call_method(bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                       "GetNameOwner", &error, NULL, "s", unique2);
                sd_bus_error_free(&error);
                if (r < 0)
                        break;
                usleep(10000);
        }
        ck_assert_int_lt(r, 0);

        /* Nobody waits any more: the freed side stays free. */
        assert_ok(DeallocateNtmsMedia(h, &lmid, 0));
        ck_assert_uint_eq(side_state(h, &side), NTMS_PARTSTATE_AVAILABLE);
        ck_assert_uint_eq(side_info(h, &side).dwAllocateCount, 1);

        sd_bus_slot_unref(slot);
        sd_bus_flush_close_unref(bus);
        assert_ok(CloseNtmsSession(h));
}
END_TEST

/* rsmd stops while a call waits: the call is answered, and rsmd exits
 * cleanly (under the sanitizers: without leaking the waiting call). */
START_TEST(wait_ends_when_rsmd_stops) {
        HANDLE h = open_session();
        NTMS_GUID mt = first_media_type(h), pool = make_pool(h, "Stop", &mt);
        sd_bus_slot *slot = NULL;
        RawReply reply = {};
        sd_bus *bus = raw_open();
        _cleanup_free_ char *path = raw_session(bus);
        int status;

        assert_ok(CloseNtmsSession(h));
        raw_allocate_async(bus, path, &pool, INFINITE, &slot, &reply);
        raw_ping(bus);
        ck_assert(!reply.done);

        status = harness_stop_rsmd(SIGTERM);
        ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "rsmd stopped with status 0x%x", status);
        raw_wait(bus, &reply);
        ck_assert_str_eq(reply.error, bus_error_name(ERROR_CANCELLED));

        sd_bus_slot_unref(slot);
        sd_bus_flush_close_unref(bus);
}
END_TEST

/* ---- the life cycle ---- */

START_TEST(deallocate) {
        HANDLE h = open_session();
        NTMS_GUID mt = first_media_type(h), pool = make_pool(h, "Dealloc", &mt), lmid, nowhere = random_guid();
        NTMS_GUID free_pool = system_pool(h, NTMS_POOLTYPE_SCRATCH, &mt);
        NTMS_GUID media = pool_media(h, &pool, &mt, "DE0001"), side = side_of(h, &media, 0);
        NTMS_OBJECTINFORMATIONA info;
        NTMS_PARTITIONINFORMATIONA p;

        assert_ok(allocate(h, &pool, NULL, 0, 0, &lmid, NULL));
        assert_err(DeallocateNtmsMedia(NULL, &lmid, 0), ERROR_INVALID_HANDLE);
        assert_err(DeallocateNtmsMedia(h, NULL, 0), ERROR_INVALID_PARAMETER);
        assert_err(DeallocateNtmsMedia(h, &lmid, 1), ERROR_INVALID_PARAMETER);
        assert_err(DeallocateNtmsMedia(h, &nowhere, 0), ERROR_INVALID_MEDIA);
        assert_err(DeallocateNtmsMedia(h, &side, 0), ERROR_INVALID_MEDIA);
        ck_assert_uint_eq(side_state(h, &side), NTMS_PARTSTATE_ALLOCATED);

        assert_ok(DeallocateNtmsMedia(h, &lmid, 0));
        p = side_info(h, &side);
        ck_assert_uint_eq(p.State, NTMS_PARTSTATE_AVAILABLE);
        ck_assert(NTMS_IS_NULLGUID(p.LogicalMedia));
        ck_assert_uint_eq(p.dwAllocateCount, 1);
        info_init_a(&info, NTMS_LOGICAL_MEDIA);
        assert_err(GetNtmsObjectInformationA(h, &lmid, &info), ERROR_OBJECT_NOT_FOUND);
        assert_err(DeallocateNtmsMedia(h, &lmid, 0), ERROR_INVALID_MEDIA);
        /* Without NTMS_DEALLOCATE_TOSCRATCH the medium stays in the pool. */
        ck_assert(same(medium_pool(h, &media), pool));
        ck_assert_uint_eq(object_info(h, &pool, NTMS_MEDIA_POOL).Info.MediaPool.dwNumberOfLogicalMedia, 0);

        /* With it, the medium goes back to Free once no side is allocated. */
        set_policy(h, &pool, 0, NTMS_DEALLOCATE_TOSCRATCH, 0);
        assert_ok(allocate(h, &pool, NULL, 0, 0, &lmid, NULL));
        assert_ok(DeallocateNtmsMedia(h, &lmid, 0));
        ck_assert(same(medium_pool(h, &media), free_pool));
        ck_assert_uint_eq(side_state(h, &side), NTMS_PARTSTATE_AVAILABLE);
        assert_ok(CloseNtmsSession(h));
}
END_TEST

START_TEST(deallocate_two_sided_to_free) {
        HANDLE h = open_session();
        NTMS_GUID mo = media_type_named(h, "MO 5.25\""), pool = make_pool(h, "TwoSided", &mo), l1, l2;
        NTMS_GUID free_pool = system_pool(h, NTMS_POOLTYPE_SCRATCH, &mo);
        NTMS_GUID media = pool_media(h, &pool, &mo, "TS0001");

        set_policy(h, &pool, 0, NTMS_DEALLOCATE_TOSCRATCH, 0);
        assert_ok(allocate(h, &pool, NULL, 0, 0, &l1, NULL));
        assert_ok(allocate(h, &pool, NULL, 0, 0, &l2, NULL));
        /* One side still allocated: the medium stays. */
        assert_ok(DeallocateNtmsMedia(h, &l1, 0));
        ck_assert(same(medium_pool(h, &media), pool));
        assert_ok(DeallocateNtmsMedia(h, &l2, 0));
        ck_assert(same(medium_pool(h, &media), free_pool));
        assert_ok(CloseNtmsSession(h));
}
END_TEST

START_TEST(decommission) {
        HANDLE h = open_session();
        NTMS_GUID mt = first_media_type(h), pool = make_pool(h, "Retire", &mt), lmid, nowhere = random_guid();
        NTMS_GUID media = pool_media(h, &pool, &mt, "DC0001"), side = side_of(h, &media, 0);
        NTMS_GUID spare = free_media(h, &mt, "DC0002"), spare_side = side_of(h, &spare, 0);

        assert_err(DecommissionNtmsMedia(NULL, &side), ERROR_INVALID_HANDLE);
        assert_err(DecommissionNtmsMedia(h, NULL), ERROR_INVALID_PARAMETER);
        assert_err(DecommissionNtmsMedia(h, &nowhere), ERROR_INVALID_MEDIA);
        assert_err(DecommissionNtmsMedia(h, &media), ERROR_INVALID_MEDIA);

        /* Only Available sides. */
        assert_ok(allocate(h, &pool, NULL, 0, 0, &lmid, NULL));
        assert_err(DecommissionNtmsMedia(h, &side), ERROR_INVALID_STATE);
        ck_assert_uint_eq(side_state(h, &side), NTMS_PARTSTATE_ALLOCATED);
        assert_ok(DeallocateNtmsMedia(h, &lmid, 0));
        assert_ok(DecommissionNtmsMedia(h, &side));
        ck_assert_uint_eq(side_state(h, &side), NTMS_PARTSTATE_DECOMMISSIONED);
        ck_assert(same(medium_pool(h, &media), pool));
        assert_err(DecommissionNtmsMedia(h, &side), ERROR_INVALID_STATE);
        /* Never allocated again, named or not. */
        assert_err(allocate(h, &pool, NULL, UNAVAILABLE, 0, &lmid, NULL), ERROR_MEDIA_UNAVAILABLE);
        assert_err(allocate(h, &pool, &side, UNAVAILABLE, 0, &lmid, NULL), ERROR_MEDIA_UNAVAILABLE);

        /* A side in Free can be retired too, and stays there. */
        assert_ok(DecommissionNtmsMedia(h, &spare_side));
        ck_assert_uint_eq(side_state(h, &spare_side), NTMS_PARTSTATE_DECOMMISSIONED);

        /* Media of unclaimed content (Import, Unrecognized) are not retired from there. */
        NTMS_GUID import_pool = system_pool(h, NTMS_POOLTYPE_IMPORT, &mt);
        NTMS_GUID imported = make_media(h, &import_pool, &mt, "DC0003");
        NTMS_GUID imported_side = side_of(h, &imported, 0);
        assert_err(DecommissionNtmsMedia(h, &imported_side), ERROR_INVALID_MEDIA_POOL);
        assert_ok(CloseNtmsSession(h));
}
END_TEST

START_TEST(set_complete) {
        HANDLE h = open_session();
        NTMS_GUID mt = first_media_type(h), pool = make_pool(h, "Complete", &mt), lmid, nowhere = random_guid();
        NTMS_GUID media = pool_media(h, &pool, &mt, "CO0001"), side = side_of(h, &media, 0);

        assert_ok(allocate(h, &pool, NULL, 0, 0, &lmid, NULL));
        assert_err(SetNtmsMediaComplete(NULL, &lmid), ERROR_INVALID_HANDLE);
        assert_err(SetNtmsMediaComplete(h, NULL), ERROR_INVALID_PARAMETER);
        assert_err(SetNtmsMediaComplete(h, &nowhere), ERROR_INVALID_MEDIA);
        assert_err(SetNtmsMediaComplete(h, &side), ERROR_INVALID_MEDIA);

        assert_ok(SetNtmsMediaComplete(h, &lmid));
        ck_assert_uint_eq(side_state(h, &side), NTMS_PARTSTATE_COMPLETE);
        ck_assert(same(side_info(h, &side).LogicalMedia, lmid));
        assert_err(SetNtmsMediaComplete(h, &lmid), ERROR_INVALID_STATE);

        /* Complete media are still allocated: not allocated again, but deallocated as usual. */
        assert_err(allocate(h, &pool, NULL, UNAVAILABLE, 0, &nowhere, NULL), ERROR_MEDIA_UNAVAILABLE);
        assert_err(DecommissionNtmsMedia(h, &side), ERROR_INVALID_STATE);
        assert_ok(DeallocateNtmsMedia(h, &lmid, 0));
        ck_assert_uint_eq(side_state(h, &side), NTMS_PARTSTATE_AVAILABLE);
        assert_err(SetNtmsMediaComplete(h, &lmid), ERROR_INVALID_MEDIA);
        assert_ok(CloseNtmsSession(h));
}
END_TEST

START_TEST(swap) {
        HANDLE h = open_session();
        NTMS_GUID mt = first_media_type(h), pool = make_pool(h, "Swap", &mt), l1, l2, nowhere = random_guid();
        NTMS_GUID m1 = pool_media(h, &pool, &mt, "SW0001"), m2 = pool_media(h, &pool, &mt, "SW0002");
        NTMS_GUID s1 = side_of(h, &m1, 0), s2 = side_of(h, &m2, 0);

        assert_ok(allocate(h, &pool, &s1, 0, 0, &l1, NULL));
        assert_ok(allocate(h, &pool, &s2, 0, 0, &l2, NULL));
        assert_ok(SetNtmsMediaComplete(h, &l2));

        assert_err(SwapNtmsMedia(NULL, &l1, &l2), ERROR_INVALID_HANDLE);
        assert_err(SwapNtmsMedia(h, NULL, &l2), ERROR_INVALID_PARAMETER);
        assert_err(SwapNtmsMedia(h, &l1, NULL), ERROR_INVALID_PARAMETER);
        assert_err(SwapNtmsMedia(h, &l1, &nowhere), ERROR_INVALID_MEDIA);
        assert_err(SwapNtmsMedia(h, &s1, &l2), ERROR_INVALID_MEDIA);
        assert_err(SwapNtmsMedia(h, &l1, &l1), ERROR_INVALID_PARAMETER);

        /* Each logical medium now stands for the other's side, with its state. */
        assert_ok(SwapNtmsMedia(h, &l1, &l2));
        ck_assert(same(side_of_lmid(h, &l1), s2));
        ck_assert(same(side_of_lmid(h, &l2), s1));
        ck_assert(same(side_info(h, &s1).LogicalMedia, l2));
        ck_assert_uint_eq(side_state(h, &s2), NTMS_PARTSTATE_COMPLETE);
        ck_assert_uint_eq(side_state(h, &s1), NTMS_PARTSTATE_ALLOCATED);
        /* Deallocating l2 frees the side it stands for now. */
        assert_ok(DeallocateNtmsMedia(h, &l2, 0));
        ck_assert_uint_eq(side_state(h, &s1), NTMS_PARTSTATE_AVAILABLE);
        ck_assert_uint_eq(side_state(h, &s2), NTMS_PARTSTATE_COMPLETE);

        /* Logical media of different pools. */
        NTMS_GUID other = make_pool(h, "Swap2", &mt), l3;
        (void) pool_media(h, &other, &mt, "SW0003");
        assert_ok(allocate(h, &other, NULL, 0, 0, &l3, NULL));
        assert_err(SwapNtmsMedia(h, &l1, &l3), ERROR_INVALID_MEDIA_POOL);
        ck_assert(same(side_of_lmid(h, &l1), s2));
        assert_ok(CloseNtmsSession(h));
}
END_TEST

typedef struct Target {
        NTMS_GUID pool, lmid, lmid2, side;
} Target;

/* Runs as nobody: every function here needs control of the pool. */
static int nobody_tries(void *userdata) {
        Target *t = userdata;
        NTMS_GUID out;
        HANDLE h;

        h = OpenNtmsSessionA(NULL, "nobody", 0);
        if (h == INVALID_HANDLE_VALUE)
                return 10;
        if (AllocateNtmsMedia(h, &t->pool, NULL, &out, 0, 0, NULL) != ERROR_ACCESS_DENIED)
                return 11;
        if (DeallocateNtmsMedia(h, &t->lmid, 0) != ERROR_ACCESS_DENIED)
                return 12;
        if (SwapNtmsMedia(h, &t->lmid, &t->lmid2) != ERROR_ACCESS_DENIED)
                return 13;
        if (DecommissionNtmsMedia(h, &t->side) != ERROR_ACCESS_DENIED)
                return 14;
        if (SetNtmsMediaComplete(h, &t->lmid) != ERROR_ACCESS_DENIED)
                return 15;
        if (CloseNtmsSession(h) != ERROR_SUCCESS)
                return 16;
        return 0;
}

START_TEST(access_denied_for_non_admin) {
        HANDLE h = open_session();
        NTMS_GUID mt = first_media_type(h);
        Target t;
        int status;

        if (geteuid() != 0) {
                CloseNtmsSession(h);
                return; /* dropping to nobody needs root */
        }
        t.pool = make_pool(h, "Guarded", &mt);
        (void) pool_media(h, &t.pool, &mt, "AD0001");
        (void) pool_media(h, &t.pool, &mt, "AD0002");
        NTMS_GUID spare = pool_media(h, &t.pool, &mt, "AD0003");
        t.side = side_of(h, &spare, 0);
        assert_ok(allocate(h, &t.pool, NULL, 0, 0, &t.lmid, NULL));
        assert_ok(allocate(h, &t.pool, NULL, 0, 0, &t.lmid2, NULL));

        status = harness_run_as_nobody(nobody_tries, &t);
        ck_assert_msg(status == 0, "the unprivileged child failed at step %d "
                      "(10 open, 11 allocate, 12 deallocate, 13 swap, 14 decommission, 15 complete, 16 close)",
                      status);

        /* Nothing changed. */
        ck_assert_uint_eq(side_state(h, &t.side), NTMS_PARTSTATE_AVAILABLE);
        NTMS_GUID allocated = side_of_lmid(h, &t.lmid);
        ck_assert_uint_eq(side_state(h, &allocated), NTMS_PARTSTATE_ALLOCATED);
        assert_ok(CloseNtmsSession(h));
}
END_TEST

int main(void) {
        Suite *s = suite_create("allocate");
        TCase *tc = tcase_with_daemon("allocate");

        tcase_add_test(tc, allocate_from_pool);
        tcase_add_test(tc, allocate_from_free);
        tcase_add_test(tc, allocation_order);
        tcase_add_test(tc, allocate_named_side);
        tcase_add_test(tc, allocate_import);
        tcase_add_test(tc, allocate_new_and_next);
        tcase_add_test(tc, maximum_allocations);
        tcase_add_test(tc, allocate_errors);
        tcase_add_test(tc, allocate_errors_on_the_bus);
        tcase_add_test(tc, wait_satisfied_by_deallocation);
        tcase_add_test(tc, wait_through_libntms);
        tcase_add_test(tc, wait_times_out);
        tcase_add_test(tc, wait_cancelled_by_closing);
        tcase_add_test(tc, wait_ends_when_rsmd_stops);
        tcase_add_test(tc, deallocate);
        tcase_add_test(tc, deallocate_two_sided_to_free);
        tcase_add_test(tc, decommission);
        tcase_add_test(tc, set_complete);
        tcase_add_test(tc, swap);
        tcase_add_test(tc, access_denied_for_non_admin);
        suite_add_tcase(s, tc);
        return run_suite(s);
}
