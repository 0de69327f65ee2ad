/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Libraries through the API: rsmd runs over a private bus with a library
 * directory naming tgt's virtual library, and everything here goes through
 * libntms (sessions, enumeration, object information, inventory, deletion).
 * What the changer really holds is read straight from it through the SCSI
 * layer, never through rsmd. Each test gets its own virtual library, bus and
 * rsmd. */

#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "changer.h"
#include "scsi-command.h"
#include "tape.h"
#include "test-tape.h"
#include "test-util.h"
#include "vtl-harness.h"

#define N_SLOTS 40
#define N_FULL 30
#define N_DRIVES 4
#define N_PORTS 2

/* A large library: full slots cost tgt ~1.4 ms each to set up. */
#define LARGE_SLOTS 10000
#define LARGE_FULL 2000

static Vtl *vtl;
static unsigned n_slots = N_SLOTS;
static HANDLE h = INVALID_HANDLE_VALUE;
static NTMS_GUID lib;

/* --- helpers ------------------------------------------------------------ */

static void sleep_ms(unsigned ms) {
        struct timespec ts = { ms / 1000, (long) (ms % 1000) * 1000000L };
        nanosleep(&ts, NULL);
}

/* The library of the given type, or false. */
static bool find_library_of_type(DWORD type, NTMS_GUID *ret) {
        NTMS_GUID *list = NULL;
        DWORD n = enumerate_growing(h, NULL, NTMS_LIBRARY, &list);
        bool found = false;

        for (DWORD i = 0; i < n && !found; i++) {
                NTMS_OBJECTINFORMATIONA info;

                get_info_a(h, &list[i], NTMS_LIBRARY, &info);
                if (info.Info.Library.LibraryType == type) {
                        *ret = list[i];
                        found = true;
                }
        }
        free(list);
        return found;
}

/* rsmd records the library from its configuration once the changer answered. */
static void wait_for_library(void) {
        for (unsigned i = 0; i < 600; i++) {
                if (find_library_of_type(NTMS_LIBRARYTYPE_ONLINE, &lib)) {
                        NTMS_GUID *slots = NULL;
                        DWORD e, n = 0;

                        /* ... with its elements. */
                        e = EnumerateNtmsObject(h, &lib, NULL, &n, NTMS_STORAGESLOT, 0);
                        if ((e == ERROR_SUCCESS || e == ERROR_INSUFFICIENT_BUFFER) && n == n_slots) {
                                free(slots);
                                return;
                        }
                }
                sleep_ms(100);
        }
        ck_abort_msg("the library from the configuration did not appear (see %s)", harness_rsmd_log());
}

static NTMS_GUID offline_library(void) {
        NTMS_GUID g;

        ck_assert_msg(find_library_of_type(NTMS_LIBRARYTYPE_OFFLINE, &g), "no offline library");
        return g;
}

static void write_library_dir(const char *path) {
        char file[1024];
        FILE *f;

        ck_assert_int_eq(mkdir(path, 0755), 0);
        snprintf(file, sizeof file, "%s/vtl.conf", path);
        f = fopen(file, "we");
        ck_assert_ptr_nonnull(f);
        fprintf(f, "# the test library\n[Library]\nName=API test library\nChanger=%s\n", vtl->changer_url);
        for (size_t i = 0; i < vtl->n_drives; i++)
                fprintf(f, "Drive%zu=%s\n", i, vtl->drive_urls[i]);
        ck_assert_int_eq(fclose(f), 0);
}

static void setup_library(unsigned slots, unsigned full) {
        char libdir[512], config[1024];
        int r;

        n_slots = slots;
        r = vtl_start(&(VtlConfig) { .slots = slots, .full = full, .drives = N_DRIVES, .ports = N_PORTS }, &vtl);
        ck_assert_int_eq(r, 0);

        harness_setup_bus_only();
        snprintf(libdir, sizeof libdir, "%s/libraries", harness_dir());
        write_library_dir(libdir);
        snprintf(config, sizeof config, "[Daemon]\nLogLevel=debug\nLibraryDirectory=%s\n", libdir);
        ck_assert_msg(harness_start_rsmd(config, NULL) == 0, "rsmd did not start (see %s)", harness_rsmd_log());

        h = open_session();
        wait_for_library();
}

static void setup(void) {
        setup_library(N_SLOTS, N_FULL);
}

static void setup_large(void) {
        setup_library(LARGE_SLOTS, LARGE_FULL);
}

static void teardown(void) {
        if (h != INVALID_HANDLE_VALUE)
                (void) CloseNtmsSession(h);
        h = INVALID_HANDLE_VALUE;
        harness_teardown();
        vtl_stopp(&vtl);
}

/* Elements of one type in the library, indexed by Number − 1. */
static DWORD elements_by_number(DWORD type, NTMS_GUID *out, DWORD max) {
        NTMS_GUID *list = NULL;
        DWORD n = enumerate_all(h, &lib, type, &list);

        ck_assert_uint_le(n, max);
        memset(out, 0, sizeof *out * max);
        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA info;
                DWORD number;

                get_info_a(h, &list[i], type, &info);
                number = type == NTMS_STORAGESLOT ? info.Info.StorageSlot.Number :
                         type == NTMS_DRIVE ? info.Info.Drive.Number : info.Info.IEPort.Number;
                ck_assert_msg(number >= 1 && number <= n, "element number %u of %u (type %u)", number, n, type);
                ck_assert_msg(guid_eq(&out[number - 1], &(NTMS_GUID) {}), "element number %u twice", number);
                out[number - 1] = list[i];
        }
        free(list);
        return n;
}

typedef struct Medium {
        NTMS_GUID guid;
        NTMS_OBJECTINFORMATIONA info;
} Medium;

/* Every physical medium rsmd knows. */
static DWORD all_media(Medium **ret) {
        NTMS_GUID *list = NULL;
        DWORD n = enumerate_all(h, NULL, NTMS_PHYSICAL_MEDIA, &list);
        Medium *m = calloc(n + 1, sizeof *m);

        ck_assert_ptr_nonnull(m);
        for (DWORD i = 0; i < n; i++) {
                m[i].guid = list[i];
                get_info_a(h, &list[i], NTMS_PHYSICAL_MEDIA, &m[i].info);
        }
        free(list);
        *ret = m;
        return n;
}

static const Medium *medium_by_barcode(const Medium *m, DWORD n, const char *barcode) {
        for (DWORD i = 0; i < n; i++)
                if (streq(m[i].info.Info.PhysicalMedia.szBarCode, barcode))
                        return m + i;
        return NULL;
}

static void read_changer(ChangerInventory *ret) {
        _cleanup_changer_ Changer *c = NULL;

        ck_assert_int_eq(changer_open(vtl->changer_url, &c), 0);
        ck_assert_int_eq(changer_read_inventory(c, ret), 0);
}

static void move_directly(unsigned from, unsigned to) {
        _cleanup_changer_ Changer *c = NULL;

        ck_assert_int_eq(changer_open(vtl->changer_url, &c), 0);
        ck_assert_int_eq(changer_move_medium(c, (uint16_t) vtl->mte_addr, (uint16_t) from, (uint16_t) to, false), 0);
}

/* Every slot, drive and port the changer reports holds in the database
 * exactly what the changer says, cartridge by cartridge; returns the number
 * of full elements. */
static unsigned assert_matches_changer(void) {
        _cleanup_(changer_inventory_done) ChangerInventory inv = {};
        NTMS_GUID slots[N_SLOTS], drives[N_DRIVES], ports[N_PORTS];
        unsigned numbers[_SMC_ELEMENT_TYPE_MAX] = {}, full = 0;
        Medium *media = NULL;
        DWORD n_media;

        read_changer(&inv);
        ck_assert_uint_eq(elements_by_number(NTMS_STORAGESLOT, slots, N_SLOTS), N_SLOTS);
        ck_assert_uint_eq(elements_by_number(NTMS_DRIVE, drives, N_DRIVES), N_DRIVES);
        ck_assert_uint_eq(elements_by_number(NTMS_IEPORT, ports, N_PORTS), N_PORTS);
        n_media = all_media(&media);

        for (size_t i = 0; i < inv.n_elements; i++) {
                const SmcElement *e = inv.elements + i;
                const NTMS_GUID *element;
                DWORD location_type;
                unsigned n, held = 0;

                if (e->type == SMC_ELEMENT_TRANSPORT)
                        continue;
                n = ++numbers[e->type];
                switch (e->type) {
                case SMC_ELEMENT_STORAGE:
                        ck_assert_uint_le(n, N_SLOTS);
                        element = &slots[n - 1];
                        location_type = NTMS_STORAGESLOT;
                        break;
                case SMC_ELEMENT_DATA_TRANSFER:
                        ck_assert_uint_le(n, N_DRIVES);
                        element = &drives[n - 1];
                        location_type = NTMS_DRIVE;
                        break;
                default:
                        ck_assert_uint_le(n, N_PORTS);
                        element = &ports[n - 1];
                        location_type = NTMS_IEPORT;
                        break;
                }

                for (DWORD j = 0; j < n_media; j++) {
                        const NTMS_PMIDINFORMATIONA *p = &media[j].info.Info.PhysicalMedia;

                        if (!guid_eq(&p->Location, element))
                                continue;
                        held++;
                        ck_assert_msg(e->full && streq(p->szBarCode, e->volume_tag),
                                      "element %u (type %d, number %u): changer says full=%d '%s', database '%s'",
                                      e->address, e->type, n, e->full, e->volume_tag, p->szBarCode);
                        ck_assert_uint_eq(p->LocationType, location_type);
                        ck_assert(guid_eq(&p->CurrentLibrary, &lib));
                }
                ck_assert_msg(held == (e->full ? 1u : 0u),
                              "element %u (type %d, number %u): changer says full=%d '%s', database has %u media",
                              e->address, e->type, n, e->full, e->full ? e->volume_tag : "", held);
                full += e->full;
        }
        ck_assert_uint_eq(numbers[SMC_ELEMENT_STORAGE], N_SLOTS);
        ck_assert_uint_eq(numbers[SMC_ELEMENT_DATA_TRANSFER], N_DRIVES);
        ck_assert_uint_eq(numbers[SMC_ELEMENT_IMPORT_EXPORT], N_PORTS);
        free(media);
        return full;
}

/* Everything rsmd says about every object that a library touches. */
typedef struct Snapshot {
        size_t n;
        NTMS_OBJECTINFORMATIONA *infos;
} Snapshot;

static const DWORD snapshot_types[] = {
        NTMS_LIBRARY, NTMS_CHANGER, NTMS_DRIVE, NTMS_STORAGESLOT, NTMS_IEPORT,
        NTMS_PHYSICAL_MEDIA, NTMS_PARTITION, NTMS_MEDIA_POOL,
};

static void take_snapshot(Snapshot *s) {
        *s = (Snapshot) {};
        for (size_t t = 0; t < ELEMENTSOF(snapshot_types); t++) {
                NTMS_GUID *list = NULL;
                DWORD n = enumerate_all(h, NULL, snapshot_types[t], &list);

                /* Elements are enumerated per library. */
                if (n == 0 && snapshot_types[t] != NTMS_LIBRARY) {
                        free(list);
                        n = enumerate_all(h, &lib, snapshot_types[t], &list);
                }
                s->infos = realloc(s->infos, (s->n + n) * sizeof *s->infos);
                ck_assert_ptr_nonnull(s->infos);
                for (DWORD i = 0; i < n; i++)
                        get_info_a(h, &list[i], snapshot_types[t], &s->infos[s->n + i]);
                s->n += n;
                free(list);
        }
}

static void assert_snapshots_equal(const Snapshot *a, const Snapshot *b) {
        ck_assert_uint_eq(a->n, b->n);
        for (size_t i = 0; i < a->n; i++) {
                char buf[NTMS_GUID_STRING_MAX];

                ck_assert_msg(memcmp(&a->infos[i], &b->infos[i], sizeof a->infos[i]) == 0,
                              "object %s (type %u, %s) changed", guid_str(&a->infos[i].ObjectGuid, buf),
                              a->infos[i].dwType, a->infos[i].szName);
        }
}

/* --- tests ---------------------------------------------------------------- */

START_TEST(test_layout) {
        NTMS_OBJECTINFORMATIONA info;
        NTMS_GUID *list = NULL;
        DWORD n;

        get_info_a(h, &lib, NTMS_LIBRARY, &info);
        ck_assert_uint_eq(info.Info.Library.LibraryType, NTMS_LIBRARYTYPE_ONLINE);
        ck_assert_uint_eq(info.Info.Library.dwNumberOfDrives, N_DRIVES);
        ck_assert_uint_eq(info.Info.Library.dwNumberOfSlots, N_SLOTS);
        ck_assert_uint_eq(info.Info.Library.dwNumberOfPorts, N_PORTS);
        ck_assert_uint_eq(info.Info.Library.dwNumberOfChangers, 1);
        ck_assert_str_eq(info.szName, "API test library");
        ck_assert(guid_eq(&info.ObjectGuid, &lib));

        /* The drives, in element order, with the configured device names. */
        n = enumerate_all(h, &lib, NTMS_DRIVE, &list);
        ck_assert_uint_eq(n, N_DRIVES);
        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA d;

                get_info_a(h, &list[i], NTMS_DRIVE, &d);
                ck_assert_uint_ge(d.Info.Drive.Number, 1);
                ck_assert_uint_le(d.Info.Drive.Number, N_DRIVES);
                ck_assert_str_eq(d.Info.Drive.szDeviceName, vtl->drive_urls[d.Info.Drive.Number - 1]);
                ck_assert(guid_eq(&d.Info.Drive.Library, &lib));
        }
        free(list);

        n = enumerate_all(h, &lib, NTMS_CHANGER, &list);
        ck_assert_uint_eq(n, 1);
        get_info_a(h, &list[0], NTMS_CHANGER, &info);
        ck_assert_str_eq(info.Info.Changer.szDeviceName, vtl->changer_url);
        ck_assert(guid_eq(&info.Info.Changer.Library, &lib));
        free(list);

        n = enumerate_all(h, &lib, NTMS_STORAGESLOT, &list);
        ck_assert_uint_eq(n, N_SLOTS);
        for (DWORD i = 0; i < n; i++) {
                get_info_a(h, &list[i], NTMS_STORAGESLOT, &info);
                ck_assert(guid_eq(&info.Info.StorageSlot.Library, &lib));
        }
        free(list);

        n = enumerate_all(h, &lib, NTMS_IEPORT, &list);
        ck_assert_uint_eq(n, N_PORTS);
        for (DWORD i = 0; i < n; i++) {
                get_info_a(h, &list[i], NTMS_IEPORT, &info);
                ck_assert(guid_eq(&info.Info.IEPort.Library, &lib));
        }
        free(list);
}
END_TEST

START_TEST(test_fast_inventory) {
        NTMS_OBJECTINFORMATIONA info;
        Medium *media = NULL, *again = NULL;
        DWORD n, n_again;

        assert_ok(InventoryNtmsLibrary(h, &lib, NTMS_INVENTORY_FAST));
        ck_assert_uint_eq(assert_matches_changer(), N_FULL);

        get_info_a(h, &lib, NTMS_LIBRARY, &info);
        ck_assert_uint_eq(info.Info.Library.dwNumberOfMedia, N_FULL);

        /* Media first seen: the Import pool of LTO Ultrium 6. */
        n = all_media(&media);
        ck_assert_uint_eq(n, N_FULL);
        for (DWORD i = 0; i < n; i++) {
                const NTMS_PMIDINFORMATIONA *p = &media[i].info.Info.PhysicalMedia;
                NTMS_OBJECTINFORMATIONA pool, type;

                ck_assert_uint_eq(strlen(p->szBarCode), 8);
                ck_assert_str_eq(p->szBarCode + 6, "L6");
                get_info_a(h, &p->MediaPool, NTMS_MEDIA_POOL, &pool);
                ck_assert_uint_eq(pool.Info.MediaPool.PoolType, NTMS_POOLTYPE_IMPORT);
                get_info_a(h, &p->MediaType, NTMS_MEDIA_TYPE, &type);
                ck_assert_str_eq(type.szName, "LTO Ultrium 6");
                ck_assert(guid_eq(&pool.Info.MediaPool.MediaType, &p->MediaType));
        }

        /* The default method is the fast one: the same media, nothing new. */
        assert_ok(InventoryNtmsLibrary(h, &lib, NTMS_INVENTORY_DEFAULT));
        ck_assert_uint_eq(assert_matches_changer(), N_FULL);
        n_again = all_media(&again);
        ck_assert_uint_eq(n_again, n);
        for (DWORD i = 0; i < n; i++) {
                const Medium *m = medium_by_barcode(again, n_again, media[i].info.Info.PhysicalMedia.szBarCode);
                ck_assert_ptr_nonnull(m);
                ck_assert(guid_eq(&m->guid, &media[i].guid));
                ck_assert(guid_eq(&m->info.Info.PhysicalMedia.Location, &media[i].info.Info.PhysicalMedia.Location));
        }
        free(media);
        free(again);
}
END_TEST

START_TEST(test_moved_behind_our_back) {
        NTMS_GUID slots[N_SLOTS], drives[N_DRIVES], ports[N_PORTS];
        Medium *before = NULL, *after = NULL;
        const Medium *a, *b;
        DWORD n_before, n_after;

        assert_ok(InventoryNtmsLibrary(h, &lib, NTMS_INVENTORY_FAST));
        n_before = all_media(&before);

        /* Slot 1 → the last slot, slot 2 → drive 1, slot 3 → port 1. */
        move_directly(vtl->slot_addr, vtl->slot_addr + N_SLOTS - 1);
        move_directly(vtl->slot_addr + 1, vtl->drive_addr);
        move_directly(vtl->slot_addr + 2, vtl->port_addr);

        assert_ok(InventoryNtmsLibrary(h, &lib, NTMS_INVENTORY_FAST));
        ck_assert_uint_eq(assert_matches_changer(), N_FULL);
        n_after = all_media(&after);
        ck_assert_uint_eq(n_after, n_before);

        elements_by_number(NTMS_STORAGESLOT, slots, N_SLOTS);
        elements_by_number(NTMS_DRIVE, drives, N_DRIVES);
        elements_by_number(NTMS_IEPORT, ports, N_PORTS);

        /* Every medium keeps its GUID wherever it went. */
        for (DWORD i = 0; i < n_before; i++) {
                b = medium_by_barcode(after, n_after, before[i].info.Info.PhysicalMedia.szBarCode);
                ck_assert_ptr_nonnull(b);
                ck_assert(guid_eq(&b->guid, &before[i].guid));
        }

        a = medium_by_barcode(after, n_after, "RSM000L6");
        ck_assert_ptr_nonnull(a);
        ck_assert(guid_eq(&a->info.Info.PhysicalMedia.Location, &slots[N_SLOTS - 1]));
        a = medium_by_barcode(after, n_after, "RSM001L6");
        ck_assert_ptr_nonnull(a);
        ck_assert(guid_eq(&a->info.Info.PhysicalMedia.Location, &drives[0]));
        ck_assert_uint_eq(a->info.Info.PhysicalMedia.LocationType, NTMS_DRIVE);
        a = medium_by_barcode(after, n_after, "RSM002L6");
        ck_assert_ptr_nonnull(a);
        ck_assert(guid_eq(&a->info.Info.PhysicalMedia.Location, &ports[0]));
        ck_assert_uint_eq(a->info.Info.PhysicalMedia.LocationType, NTMS_IEPORT);

        free(before);
        free(after);
}
END_TEST

START_TEST(test_inventory_errors) {
        NTMS_GUID offline = offline_library(), other = random_guid();
        NTMS_GUID *drives = NULL;
        Snapshot before, after;

        assert_ok(InventoryNtmsLibrary(h, &lib, NTMS_INVENTORY_FAST));
        take_snapshot(&before);

        /* NTMS_INVENTORY_NONE succeeds and reads nothing. */
        assert_ok(InventoryNtmsLibrary(h, &lib, NTMS_INVENTORY_NONE));
        assert_err(InventoryNtmsLibrary(h, &lib, NTMS_INVENTORY_MAX), ERROR_INVALID_PARAMETER);
        assert_err(InventoryNtmsLibrary(h, &lib, 99), ERROR_INVALID_PARAMETER);
        assert_err(InventoryNtmsLibrary(h, NULL, NTMS_INVENTORY_FAST), ERROR_INVALID_PARAMETER);
        assert_err(InventoryNtmsLibrary(INVALID_HANDLE_VALUE, &lib, NTMS_INVENTORY_FAST), ERROR_INVALID_HANDLE);
        assert_err(InventoryNtmsLibrary(NULL, &lib, NTMS_INVENTORY_FAST), ERROR_INVALID_HANDLE);
        assert_err(InventoryNtmsLibrary((HANDLE) (uintptr_t) 0x1234, &lib, NTMS_INVENTORY_FAST), ERROR_INVALID_HANDLE);

        /* "The library ID ... is not valid": an unknown GUID, a drive. */
        assert_err(InventoryNtmsLibrary(h, &other, NTMS_INVENTORY_FAST), ERROR_INVALID_PARAMETER);
        ck_assert_uint_eq(enumerate_all(h, &lib, NTMS_DRIVE, &drives), N_DRIVES);
        assert_err(InventoryNtmsLibrary(h, &drives[0], NTMS_INVENTORY_FAST), ERROR_INVALID_PARAMETER);
        free(drives);

        /* "The library is the offline library." */
        assert_err(InventoryNtmsLibrary(h, &offline, NTMS_INVENTORY_FAST), ERROR_INVALID_LIBRARY);
        assert_err(InventoryNtmsLibrary(h, &offline, NTMS_INVENTORY_DEFAULT), ERROR_INVALID_LIBRARY);

        /* Stopping when nothing runs is harmless. */
        assert_ok(InventoryNtmsLibrary(h, &lib, NTMS_INVENTORY_STOP));

        take_snapshot(&after);
        assert_snapshots_equal(&before, &after);
        ck_assert_uint_eq(assert_matches_changer(), N_FULL);
        free(before.infos);
        free(after.infos);
}
END_TEST

START_TEST(test_unreachable) {
        Snapshot before, after;

        assert_ok(InventoryNtmsLibrary(h, &lib, NTMS_INVENTORY_FAST));
        take_snapshot(&before);

        vtl_stopp(&vtl);
        assert_err(InventoryNtmsLibrary(h, &lib, NTMS_INVENTORY_FAST), ERROR_LIBRARY_OFFLINE);
        assert_err(InventoryNtmsLibrary(h, &lib, NTMS_INVENTORY_DEFAULT), ERROR_LIBRARY_OFFLINE);

        take_snapshot(&after);
        assert_snapshots_equal(&before, &after);
        free(before.infos);
        free(after.infos);
}
END_TEST

START_TEST(test_delete) {
        NTMS_GUID offline = offline_library(), other = random_guid();
        NTMS_GUID *drives = NULL, *list = NULL;
        NTMS_OBJECTINFORMATIONA info;
        Medium *media = NULL;
        DWORD n, e;

        assert_ok(InventoryNtmsLibrary(h, &lib, NTMS_INVENTORY_FAST));
        ck_assert_uint_eq(enumerate_all(h, &lib, NTMS_DRIVE, &drives), N_DRIVES);

        /* DeleteNtmsDrive: a drive that is present stays; not a drive; bad handle. */
        assert_err(DeleteNtmsDrive(h, &drives[0]), ERROR_INVALID_STATE);
        assert_err(DeleteNtmsDrive(h, &other), ERROR_INVALID_DRIVE);
        assert_err(DeleteNtmsDrive(h, &lib), ERROR_INVALID_DRIVE);
        assert_err(DeleteNtmsDrive(INVALID_HANDLE_VALUE, &drives[0]), ERROR_INVALID_HANDLE);
        get_info_a(h, &drives[0], NTMS_DRIVE, &info);

        /* DeleteNtmsLibrary: the offline library, not a library, bad handle. */
        assert_err(DeleteNtmsLibrary(h, &offline), ERROR_INVALID_LIBRARY);
        assert_err(DeleteNtmsLibrary(h, &other), ERROR_INVALID_LIBRARY);
        assert_err(DeleteNtmsLibrary(h, &drives[0]), ERROR_INVALID_LIBRARY);
        assert_err(DeleteNtmsLibrary(INVALID_HANDLE_VALUE, &lib), ERROR_INVALID_HANDLE);
        assert_err(DeleteNtmsLibrary(h, NULL), ERROR_INVALID_PARAMETER);

        /* The library goes with its elements; its media go to the offline library. */
        assert_ok(DeleteNtmsLibrary(h, &lib));
        info_init_a(&info, NTMS_LIBRARY);
        e = GetNtmsObjectInformationA(h, &lib, &info);
        ck_assert_msg(e == ERROR_OBJECT_NOT_FOUND, "deleted library: %s", ntms_error_name(e));
        for (DWORD i = 0; i < N_DRIVES; i++) {
                info_init_a(&info, NTMS_DRIVE);
                e = GetNtmsObjectInformationA(h, &drives[i], &info);
                ck_assert_msg(e == ERROR_OBJECT_NOT_FOUND, "drive of a deleted library: %s", ntms_error_name(e));
        }
        ck_assert(!find_library_of_type(NTMS_LIBRARYTYPE_ONLINE, &other));
        n = enumerate_all(h, NULL, NTMS_STORAGESLOT, &list);
        ck_assert_uint_eq(n, 0);
        free(list);
        n = enumerate_all(h, NULL, NTMS_DRIVE, &list);
        ck_assert_uint_eq(n, 0);
        free(list);
        n = enumerate_all(h, NULL, NTMS_IEPORT, &list);
        ck_assert_uint_eq(n, 0);
        free(list);

        n = all_media(&media);
        ck_assert_uint_eq(n, N_FULL);
        for (DWORD i = 0; i < n; i++)
                ck_assert(guid_eq(&media[i].info.Info.PhysicalMedia.CurrentLibrary, &offline));
        get_info_a(h, &offline, NTMS_LIBRARY, &info);
        ck_assert_uint_eq(info.Info.Library.dwNumberOfMedia, N_FULL);

        /* Gone for the other calls too. */
        assert_err(DeleteNtmsLibrary(h, &lib), ERROR_INVALID_LIBRARY);
        assert_err(InventoryNtmsLibrary(h, &lib, NTMS_INVENTORY_FAST), ERROR_INVALID_PARAMETER);
        assert_err(DeleteNtmsDrive(h, &drives[0]), ERROR_INVALID_DRIVE);

        free(media);
        free(drives);
}
END_TEST

START_TEST(test_crash_keeps_locations) {
        NTMS_GUID slots_before[N_SLOTS], slots_after[N_SLOTS];
        Medium *before = NULL, *after = NULL;
        DWORD n_before, n_after;

        assert_ok(InventoryNtmsLibrary(h, &lib, NTMS_INVENTORY_FAST));
        /* Something moved and inventoried again, so the places differ from the first ones. */
        move_directly(vtl->slot_addr, vtl->slot_addr + N_SLOTS - 1);
        assert_ok(InventoryNtmsLibrary(h, &lib, NTMS_INVENTORY_FAST));
        n_before = all_media(&before);
        elements_by_number(NTMS_STORAGESLOT, slots_before, N_SLOTS);

        (void) CloseNtmsSession(h);
        h = INVALID_HANDLE_VALUE;
        harness_restart_rsmd(SIGKILL);
        h = open_session();
        wait_for_library();

        n_after = all_media(&after);
        ck_assert_uint_eq(n_after, n_before);
        elements_by_number(NTMS_STORAGESLOT, slots_after, N_SLOTS);
        ck_assert(memcmp(slots_before, slots_after, sizeof slots_before) == 0);
        for (DWORD i = 0; i < n_before; i++) {
                const Medium *m = medium_by_barcode(after, n_after, before[i].info.Info.PhysicalMedia.szBarCode);

                ck_assert_ptr_nonnull(m);
                ck_assert(guid_eq(&m->guid, &before[i].guid));
                ck_assert(guid_eq(&m->info.Info.PhysicalMedia.Location, &before[i].info.Info.PhysicalMedia.Location));
                ck_assert(guid_eq(&m->info.Info.PhysicalMedia.HomeSlot, &before[i].info.Info.PhysicalMedia.HomeSlot));
                ck_assert_uint_eq(m->info.Info.PhysicalMedia.LocationType, before[i].info.Info.PhysicalMedia.LocationType);
        }
        ck_assert_uint_eq(assert_matches_changer(), N_FULL);

        /* And the next inventory finds the same. The rows were there from the
         * start; the controller takes requests once it has probed its changer
         * again, and until then the library answers as not connected. */
        DWORD e = ERROR_LIBRARY_OFFLINE;
        for (unsigned i = 0; i < 600 && e == ERROR_LIBRARY_OFFLINE; i++) {
                e = InventoryNtmsLibrary(h, &lib, NTMS_INVENTORY_FAST);
                if (e == ERROR_LIBRARY_OFFLINE)
                        sleep_ms(100);
        }
        assert_ok(e);
        ck_assert_uint_eq(assert_matches_changer(), N_FULL);
        free(before);
        free(after);
}
END_TEST

/* --- a large inventory does not hold up other callers ------------------------ */

typedef struct InventoryThread {
        HANDLE session;
        DWORD method;
        DWORD result;
        atomic_bool returned;
} InventoryThread;

static void *inventory_thread(void *userdata) {
        InventoryThread *t = userdata;

        t->result = InventoryNtmsLibrary(t->session, &lib, t->method);
        atomic_store(&t->returned, true);
        return NULL;
}

START_TEST(test_answers_during_large_inventory) {
        InventoryThread t = { .session = open_session(), .method = NTMS_INVENTORY_FAST };
        unsigned seen_running = 0, answered_while_running = 0;
        NTMS_OBJECTINFORMATIONA info;
        pthread_t thread;

        /* One session inventories the 10,000 slots; the other keeps asking.
         * Only ordering is asserted: a STOP refused as busy proves the
         * inventory runs, and an answer that arrives after that and before the
         * inventory call has returned proves rsmd answered meanwhile. */
        ck_assert_int_eq(pthread_create(&thread, NULL, inventory_thread, &t), 0);
        while (!atomic_load(&t.returned)) {
                NTMS_GUID *drives = NULL;
                DWORD e, n;

                e = InventoryNtmsLibrary(h, &lib, NTMS_INVENTORY_STOP);
                ck_assert_msg(e == ERROR_SUCCESS || e == ERROR_BUSY, "STOP: %s", ntms_error_name(e));
                if (e != ERROR_BUSY || atomic_load(&t.returned))
                        continue;
                seen_running++;

                get_info_a(h, &lib, NTMS_LIBRARY, &info);
                n = enumerate_all(h, &lib, NTMS_DRIVE, &drives);
                ck_assert_uint_eq(n, N_DRIVES);
                free(drives);
                if (!atomic_load(&t.returned))
                        answered_while_running++;
        }
        ck_assert_int_eq(pthread_join(thread, NULL), 0);
        assert_ok(t.result);
        (void) CloseNtmsSession(t.session);

        fprintf(stderr, "inventory of %u slots: seen running %u times, %u answers while it ran\n",
                LARGE_SLOTS, seen_running, answered_while_running);
        ck_assert_msg(seen_running > 0, "the inventory was never seen running");
        ck_assert_msg(answered_while_running > 0, "no call was answered while the inventory ran");

        /* And the inventory itself is complete. */
        get_info_a(h, &lib, NTMS_LIBRARY, &info);
        ck_assert_uint_eq(info.Info.Library.dwNumberOfSlots, LARGE_SLOTS);
        ck_assert_uint_eq(info.Info.Library.dwNumberOfMedia, LARGE_FULL);
}
END_TEST

/* --- on-media inventory -------------------------------------------------------- */

/* Writes a VOL1 label onto the cartridge in a slot, the way a labelling
 * program would, behind rsmd's back: into drive 0, one 80-byte block and a
 * filemark at the beginning of the tape, out of the drive, home again. */
static void write_label(unsigned slot, const char *volser, const char *owner) {
        _cleanup_scsi_transport_ ScsiTransport *t = NULL;

        move_directly(slot, vtl->drive_addr);
        test_tape_write_label(vtl->drive_urls[0], volser, owner);
        ck_assert_int_eq(scsi_transport_open(vtl->drive_urls[0], &t), 0);
        ck_assert_int_eq(tape_load(t, &SCSI_RETRY_DEFAULT, false), 0);
        move_directly(vtl->drive_addr, slot);
}

/* The one side of a medium. */
static void side_of(const Medium *m, NTMS_OBJECTINFORMATIONA *ret) {
        NTMS_GUID *sides = NULL;

        ck_assert_uint_eq(m->info.Info.PhysicalMedia.dwNumberOfPartitions, 1);
        ck_assert_uint_eq(enumerate_all(h, &m->guid, NTMS_PARTITION, &sides), 1);
        get_info_a(h, &sides[0], NTMS_PARTITION, ret);
        free(sides);
}

static DWORD pool_type(const Medium *m) {
        NTMS_OBJECTINFORMATIONA pool;

        get_info_a(h, &m->info.Info.PhysicalMedia.MediaPool, NTMS_MEDIA_POOL, &pool);
        return pool.Info.MediaPool.PoolType;
}

START_TEST(test_omid_inventory) {
        NTMS_OBJECTINFORMATIONA side;
        const Medium *labelled;
        Medium *media = NULL;
        DWORD n;

        write_label(vtl->slot_addr, "RSM000", "RSMTEST");

        /* Every cartridge goes to a drive, its first block is read, and it
         * goes home again. */
        assert_ok(InventoryNtmsLibrary(h, &lib, NTMS_INVENTORY_OMID));
        ck_assert_uint_eq(assert_matches_changer(), N_FULL);

        n = all_media(&media);
        ck_assert_uint_eq(n, N_FULL);
        for (DWORD i = 0; i < n; i++) {
                const NTMS_PMIDINFORMATIONA *p = &media[i].info.Info.PhysicalMedia;

                ck_assert_uint_eq(p->LocationType, NTMS_STORAGESLOT);
                ck_assert(guid_eq(&p->Location, &p->HomeSlot));
        }

        /* The labelled one is recognised: its label is the side's on-media
         * identifier, and it waits in Import for an application to claim it. */
        labelled = medium_by_barcode(media, n, "RSM000L6");
        ck_assert_ptr_nonnull(labelled);
        ck_assert_uint_eq(pool_type(labelled), NTMS_POOLTYPE_IMPORT);
        side_of(labelled, &side);
        ck_assert_str_eq(side.Info.Partition.szOmidLabelType, "ANSI");
        ck_assert_uint_eq(side.Info.Partition.dwOmidLabelIdLength, 6);
        ck_assert(memcmp(side.Info.Partition.OmidLabelId, "RSM000", 6) == 0);
        ck_assert_str_eq(side.Info.Partition.szOmidLabelInfo, "RSMTEST");
        ck_assert_uint_eq(side.Info.Partition.State, NTMS_PARTSTATE_IMPORT);

        /* The blank ones are blank: no label, the Unrecognized pool, as blank
         * media are treated. */
        for (DWORD i = 0; i < n; i++) {
                if (media + i == labelled)
                        continue;
                ck_assert_uint_eq(pool_type(media + i), NTMS_POOLTYPE_FOREIGN);
                side_of(media + i, &side);
                ck_assert_str_eq(side.Info.Partition.szOmidLabelType, "");
                ck_assert_uint_eq(side.Info.Partition.dwOmidLabelIdLength, 0);
                ck_assert_uint_eq(side.Info.Partition.State, NTMS_PARTSTATE_FOREIGN);
        }
        free(media);

        /* Again: every cartridge is known by its barcode, nothing new. */
        assert_ok(InventoryNtmsLibrary(h, &lib, NTMS_INVENTORY_OMID));
        ck_assert_uint_eq(assert_matches_changer(), N_FULL);
        ck_assert_uint_eq(all_media(&media), N_FULL);
        free(media);
}
END_TEST

int main(void) {
        Suite *s;
        TCase *tc;

        if (vtl_available() < 0)
                return 77;

        s = suite_create("library-api");
        tc = tcase_create("vtl");
        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_set_timeout(tc, 240);
        tcase_add_test(tc, test_layout);
        tcase_add_test(tc, test_fast_inventory);
        tcase_add_test(tc, test_moved_behind_our_back);
        tcase_add_test(tc, test_inventory_errors);
        tcase_add_test(tc, test_unreachable);
        tcase_add_test(tc, test_delete);
        tcase_add_test(tc, test_crash_keeps_locations);
        tcase_add_test(tc, test_omid_inventory);
        suite_add_tcase(s, tc);

        tc = tcase_create("large");
        tcase_add_checked_fixture(tc, setup_large, teardown);
        tcase_set_timeout(tc, 600);
        tcase_add_test(tc, test_answers_during_large_inventory);
        suite_add_tcase(s, tc);
        return run_suite(s);
}
