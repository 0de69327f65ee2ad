/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The medium of a stand-alone drive library through libntms, against rsmd
 * serving a tape LUN of tgt's virtual library as one (sa-harness.h): an
 * inventory reads what the drive holds and records it there (a labelled
 * tape recognised by its label, an empty drive sending its medium
 * offline); the medium is mounted and dismounted where it is, and
 * EjectNtmsMedia takes it out of the drive to the shelf. Whether the drive
 * holds a cartridge is asked of the drive itself. Each documented error
 * that applies to a stand-alone drive has its test, and every call refused
 * leaves the database as it was, byte for byte. */

#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "sa-harness.h"
#include "test-tape.h"

#define VOLSER "DESK01"
#define OWNER "RSMTEST"
#define RW (NTMS_MOUNT_READ | NTMS_MOUNT_WRITE)

/* --- what rsmd records ------------------------------------------------------------------- */

/* The media recorded in the stand-alone drive. */
static DWORD media_in_drive(NTMS_GUID *ret, DWORD max) {
        NTMS_GUID *list = NULL;
        DWORD n = enumerate_growing(h, NULL, NTMS_PHYSICAL_MEDIA, &list), found = 0;

        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA m;

                get_info_a(h, &list[i], NTMS_PHYSICAL_MEDIA, &m);
                if (m.Info.PhysicalMedia.LocationType != NTMS_DRIVE || !guid_eq(&m.Info.PhysicalMedia.Location, &drive))
                        continue;
                ck_assert_uint_lt(found, max);
                ret[found++] = list[i];
        }
        free(list);
        return found;
}

static NTMS_GUID the_medium_in_drive(void) {
        NTMS_GUID m[2];

        ck_assert_uint_eq(media_in_drive(m, 2), 1);
        return m[0];
}

static NTMS_GUID side_of(const NTMS_GUID *medium) {
        NTMS_GUID *sides = NULL, side;

        ck_assert_uint_eq(enumerate_growing(h, medium, NTMS_PARTITION, &sides), 1);
        side = sides[0];
        free(sides);
        return side;
}

static NTMS_OBJECTINFORMATIONA info(const NTMS_GUID *object, DWORD type) {
        NTMS_OBJECTINFORMATIONA i;

        get_info_a(h, object, type, &i);
        return i;
}

static DWORD pool_type_of(const NTMS_GUID *medium) {
        NTMS_OBJECTINFORMATIONA m = info(medium, NTMS_PHYSICAL_MEDIA);

        return info(&m.Info.PhysicalMedia.MediaPool, NTMS_MEDIA_POOL).Info.MediaPool.PoolType;
}

static void assert_drive(DWORD state, DWORD mounts) {
        NTMS_OBJECTINFORMATIONA d = info(&drive, NTMS_DRIVE);

        ck_assert_uint_eq(d.Info.Drive.State, state);
        ck_assert_uint_eq(d.Info.Drive.dwMountCount, mounts);
}

/* Mounted by nobody, in the drive, dismountable. */
static void assert_dismountable(const NTMS_GUID *medium) {
        NTMS_OBJECTINFORMATIONA m = info(medium, NTMS_PHYSICAL_MEDIA);
        NTMS_GUID none = {};

        assert_in_drive(medium);
        ck_assert_uint_eq(m.Info.PhysicalMedia.MediaState, NTMS_MEDIASTATE_UNLOADED);
        ck_assert(guid_eq(&m.Info.PhysicalMedia.MountedPartition, &none));
        ck_assert_uint_eq(info(&drive, NTMS_DRIVE).Info.Drive.State, NTMS_DRIVESTATE_DISMOUNTABLE);
}

static DWORD count_requests(DWORD operation) {
        NTMS_GUID r[16];

        return sa_requests(operation, r, ELEMENTSOF(r));
}

/* --- the setting -------------------------------------------------------------------------- */

static DWORD inventory(DWORD action) {
        return InventoryNtmsLibrary(h, &library, action);
}

/* The cartridge in the drive gets a VOL1 label, and an inventory records
 * it: a medium rsmd never saw, recognised, in Import. */
static NTMS_GUID labelled_medium(void) {
        test_tape_write_label(vtl->drive_urls[0], VOLSER, OWNER);
        assert_ok(inventory(NTMS_INVENTORY_FAST));
        return the_medium_in_drive();
}

/* An application's medium, by way of Free (ejected, it goes to the shelf;
 * an Import medium would be forgotten); its pool in *ret_pool. */
static NTMS_GUID claimed_medium_in(NTMS_GUID *ret_pool) {
        NTMS_GUID medium = labelled_medium(), type, free_pool, pool;
        char name[NTMS_OBJECTNAME_LENGTH + 8];

        type = info(&medium, NTMS_PHYSICAL_MEDIA).Info.PhysicalMedia.MediaType;
        snprintf(name, sizeof name, "Free\\%s", info(&type, NTMS_MEDIA_TYPE).szName);
        assert_ok(CreateNtmsMediaPoolA(h, name, NULL, NTMS_OPEN_EXISTING, NULL, &free_pool));
        assert_ok(MoveToNtmsMediaPool(h, &medium, &free_pool));
        pool = make_pool(h, "Desk backups", &type);
        assert_ok(MoveToNtmsMediaPool(h, &medium, &pool));
        if (ret_pool)
                *ret_pool = pool;
        return medium;
}

static NTMS_GUID claimed_medium(void) {
        return claimed_medium_in(NULL);
}

static DWORD mount(const NTMS_GUID *side, DWORD options, DWORD timeout, NTMS_GUID *ret_drive) {
        NTMS_GUID media[1] = { *side }, drives[1] = {};
        DWORD e;

        e = MountNtmsMedia(h, media, drives, 1, options, NTMS_PRIORITY_NORMAL, timeout, NULL);
        if (ret_drive)
                *ret_drive = drives[0];
        return e;
}

static DWORD mount_on(const NTMS_GUID *side, const NTMS_GUID *on) {
        NTMS_GUID media[1] = { *side }, drives[1] = { *on };

        return MountNtmsMedia(h, media, drives, 1, NTMS_MOUNT_READ | NTMS_MOUNT_SPECIFIC_DRIVE, NTMS_PRIORITY_NORMAL,
                              INFINITE, NULL);
}

static DWORD dismount(const NTMS_GUID *side, DWORD options) {
        NTMS_GUID media[1] = { *side };

        return DismountNtmsMedia(h, media, 1, options);
}

static DWORD eject_medium(const NTMS_GUID *medium, DWORD action, NTMS_GUID *operation) {
        return EjectNtmsMedia(h, (LPNTMS_GUID) medium, operation, action);
}

/* Mounted: the side LOADED in the drive, the drive LOADED with it. */
static void assert_mounted(const NTMS_GUID *medium, const NTMS_GUID *side, DWORD mounts) {
        NTMS_OBJECTINFORMATIONA m = info(medium, NTMS_PHYSICAL_MEDIA), d = info(&drive, NTMS_DRIVE);

        assert_in_drive(medium);
        ck_assert_uint_eq(m.Info.PhysicalMedia.MediaState, NTMS_MEDIASTATE_LOADED);
        ck_assert(guid_eq(&m.Info.PhysicalMedia.MountedPartition, side));
        ck_assert_uint_eq(d.Info.Drive.State, NTMS_DRIVESTATE_LOADED);
        ck_assert(guid_eq(&d.Info.Drive.SavedPartitionId, side));
        ck_assert_uint_eq(d.Info.Drive.dwMountCount, mounts);
}

/* --- inventories ------------------------------------------------------------------------------ */

START_TEST(test_inventory_labelled_tape) {
        NTMS_GUID medium, again, side;
        NTMS_OBJECTINFORMATIONA s, m;

        /* Before any inventory, rsmd knows nothing of the cartridge. */
        ck_assert_uint_eq(media_in_drive(&medium, 1), 0);
        assert_drive(NTMS_DRIVESTATE_DISMOUNTED, 0);

        /* FAST reads the medium too: there is no barcode reader. */
        medium = labelled_medium();
        side = side_of(&medium);
        s = info(&side, NTMS_PARTITION);
        ck_assert_str_eq(s.Info.Partition.szOmidLabelType, "ANSI");
        ck_assert_uint_eq(s.Info.Partition.dwOmidLabelIdLength, strlen(VOLSER));
        ck_assert(memcmp(s.Info.Partition.OmidLabelId, VOLSER, strlen(VOLSER)) == 0);
        ck_assert_str_eq(s.Info.Partition.szOmidLabelInfo, OWNER);
        ck_assert_uint_eq(s.Info.Partition.State, NTMS_PARTSTATE_IMPORT);
        m = info(&medium, NTMS_PHYSICAL_MEDIA);
        ck_assert_str_eq(m.szName, VOLSER);
        ck_assert_str_eq(m.Info.PhysicalMedia.szBarCode, "");
        ck_assert_uint_eq(pool_type_of(&medium), NTMS_POOLTYPE_IMPORT);
        assert_dismountable(&medium);
        assert_cartridge_in();

        /* Again, by the other method: the same medium, nothing new. */
        assert_ok(inventory(NTMS_INVENTORY_OMID));
        again = the_medium_in_drive();
        ck_assert(guid_eq(&again, &medium));
        assert_dismountable(&medium);

        /* Taken out by hand: the empty drive sends it offline. */
        sa_take_cartridge();
        assert_cartridge_out();
        assert_ok(inventory(NTMS_INVENTORY_FAST));
        ck_assert_uint_eq(media_in_drive(&again, 1), 0);
        assert_offline(&medium);
        assert_drive_empty();

        /* Put back: found again by its label, the same GUID, in the drive. */
        sa_put_cartridge();
        assert_ok(inventory(NTMS_INVENTORY_DEFAULT));
        again = the_medium_in_drive();
        ck_assert(guid_eq(&again, &medium));
        again = side_of(&again);
        ck_assert(guid_eq(&again, &side));
        assert_dismountable(&medium);

        /* NONE and STOP with nothing running do nothing, and succeed. */
        assert_ok(inventory(NTMS_INVENTORY_NONE));
        assert_ok(inventory(NTMS_INVENTORY_STOP));
        assert_dismountable(&medium);
}
END_TEST

START_TEST(test_inventory_blank_tape) {
        NTMS_GUID medium, again;
        NTMS_OBJECTINFORMATIONA s;

        /* A tape nobody wrote: Unrecognized, no on-media identifier. */
        assert_ok(inventory(NTMS_INVENTORY_OMID));
        medium = the_medium_in_drive();
        ck_assert_uint_eq(pool_type_of(&medium), NTMS_POOLTYPE_FOREIGN);
        again = side_of(&medium);
        s = info(&again, NTMS_PARTITION);
        ck_assert_str_eq(s.Info.Partition.szOmidLabelType, "");
        ck_assert_uint_eq(s.Info.Partition.dwOmidLabelIdLength, 0);
        ck_assert_uint_eq(s.Info.Partition.State, NTMS_PARTSTATE_FOREIGN);

        /* Still there at the next inventory: the same medium. */
        assert_ok(inventory(NTMS_INVENTORY_FAST));
        again = the_medium_in_drive();
        ck_assert(guid_eq(&again, &medium));
}
END_TEST

START_TEST(test_inventory_leaves_mounted_medium) {
        NTMS_GUID medium = claimed_medium(), side = side_of(&medium), got;
        static const char data[] = "written while mounted";

        assert_ok(mount(&side, RW, INFINITE, &got));
        test_tape_write_after_label(vtl->drive_urls[0], data, sizeof data);

        /* Reading the label would rewind the tape under its application: the
         * inventory sends the drive no command at all, and so ends while the
         * drive could answer none. */
        sa_pause_tgtd(true);
        assert_ok(inventory(NTMS_INVENTORY_OMID));
        sa_pause_tgtd(false);
        assert_mounted(&medium, &side, 1);
        assert_ok(dismount(&side, NTMS_DISMOUNT_IMMEDIATE));
        assert_dismountable(&medium);
}
END_TEST

static void *inventory_thread(void *userdata) {
        DWORD *e = userdata;
        HANDLE s = open_session();

        *e = InventoryNtmsLibrary(s, &library, NTMS_INVENTORY_FAST);
        (void) CloseNtmsSession(s);
        return NULL;
}

START_TEST(test_inventory_stop_while_running) {
        NTMS_GUID request;
        pthread_t thread;
        DWORD e = ERROR_NOT_CONNECTED;

        /* The drive holds the inventory's TEST UNIT READY. */
        sa_pause_tgtd(true);
        ck_assert_int_eq(pthread_create(&thread, NULL, inventory_thread, &e), 0);
        for (unsigned i = 0; i < 2400 && sa_requests(NTMS_LM_INVENTORY, &request, 1) == 0; i++)
                sleep_ms(50);
        sa_wait_request(&request, NTMS_LM_INPROCESS, NULL);

        /* A running inventory is not interrupted: the drive must end as it began. */
        assert_refused(inventory(NTMS_INVENTORY_STOP), ERROR_BUSY);

        sa_pause_tgtd(false);
        ck_assert_int_eq(pthread_join(thread, NULL), 0);
        assert_ok(e);
        sa_wait_request(&request, NTMS_LM_PASSED, NULL);
        (void) the_medium_in_drive();
}
END_TEST

/* --- mounts and dismounts ----------------------------------------------------------------------- */

START_TEST(test_mount_dismount_in_place) {
        NTMS_GUID medium = claimed_medium(), side = side_of(&medium), got, requests[4];
        static const char data[] = "a backup, after the label";
        NTMS_OBJECTINFORMATIONA r;

        /* Mounted where it is: the drive is ready with it, nothing moves. */
        assert_ok(mount(&side, RW, INFINITE, &got));
        ck_assert(guid_eq(&got, &drive));
        assert_mounted(&medium, &side, 1);
        ck_assert_uint_eq(info(&side, NTMS_PARTITION).Info.Partition.dwMountCount, 1);
        ck_assert_uint_eq(sa_requests(NTMS_LM_MOUNT, requests, ELEMENTSOF(requests)), 1);
        sa_wait_request(&requests[0], NTMS_LM_PASSED, &r);
        ck_assert(guid_eq(&r.Info.LibRequest.DriveId, &drive));
        ck_assert(guid_eq(&r.Info.LibRequest.Library, &library));

        /* The application uses the drive. */
        test_tape_write_after_label(vtl->drive_urls[0], data, sizeof data);

        /* Dismounted: released, and it stays in the drive, the only place it
         * has; no request takes it anywhere. */
        assert_ok(dismount(&side, NTMS_DISMOUNT_IMMEDIATE));
        assert_dismountable(&medium);
        assert_cartridge_in();
        ck_assert_uint_eq(count_requests(NTMS_LM_DISMOUNT), 0);

        /* Once more, deferred this time: the same. Each mount counts. */
        assert_ok(mount(&side, NTMS_MOUNT_READ, INFINITE, NULL));
        assert_mounted(&medium, &side, 2);
        assert_ok(dismount(&side, NTMS_DISMOUNT_DEFERRED));
        assert_dismountable(&medium);
        ck_assert_uint_eq(count_requests(NTMS_LM_DISMOUNT), 0);

        /* Dismounting it again, or its drive, leaves it dismountable. */
        assert_ok(dismount(&side, NTMS_DISMOUNT_IMMEDIATE));
        assert_ok(DismountNtmsDrive(h, &drive));
        assert_dismountable(&medium);
        ck_assert_uint_eq(count_requests(NTMS_LM_DISMOUNT), 0);
        assert_cartridge_in();

        /* The drive by name works as well. */
        assert_ok(mount_on(&side, &drive));
        assert_mounted(&medium, &side, 3);
        assert_ok(dismount(&side, NTMS_DISMOUNT_IMMEDIATE));
        assert_dismountable(&medium);
}
END_TEST

START_TEST(test_mount_waits_for_the_medium_put_in) {
        NTMS_GUID medium = claimed_medium(), side = side_of(&medium), request, got = {};
        NTMS_MOUNT_INFORMATION mi = { .dwSize = sizeof mi, .lpReserved = &request };
        NTMS_OBJECTINFORMATIONA r;

        /* Taken out, it is on the shelf: a mount waits for it. */
        sa_take_cartridge();
        assert_ok(inventory(NTMS_INVENTORY_FAST));
        assert_offline(&medium);
        assert_ok(MountNtmsMedia(h, &side, &got, 1, NTMS_MOUNT_READ | NTMS_MOUNT_NOWAIT, NTMS_PRIORITY_NORMAL,
                                 INFINITE, &mi));
        sa_wait_request(&request, NTMS_LM_WAITING, NULL);

        /* The operator puts it into the drive, an inventory finds it, and the mount goes on. */
        sa_put_cartridge();
        assert_ok(inventory(NTMS_INVENTORY_FAST));
        sa_wait_request(&request, NTMS_LM_PASSED, &r);
        ck_assert(guid_eq(&r.Info.LibRequest.DriveId, &drive));
        assert_mounted(&medium, &side, 1);
}
END_TEST

/* --- EjectNtmsMedia ------------------------------------------------------------------------------- */

/* The request of a passed eject of the medium, as it was recorded. */
static void assert_eject_passed(const NTMS_GUID *request, const NTMS_GUID *medium) {
        NTMS_OBJECTINFORMATIONA r;

        sa_wait_request(request, NTMS_LM_PASSED, &r);
        ck_assert_uint_eq(r.Info.LibRequest.OperationCode, NTMS_LM_EJECT);
        ck_assert_uint_eq(r.Info.LibRequest.OperationOption, NTMS_EJECT_START);
        ck_assert(guid_eq(&r.Info.LibRequest.DriveId, &drive));
        ck_assert(guid_eq(&r.Info.LibRequest.Library, &library));
        ck_assert(guid_eq(&r.Info.LibRequest.PhysMediaId, medium));
}

START_TEST(test_eject_to_the_shelf) {
        NTMS_GUID medium = claimed_medium(), side = side_of(&medium), operation = {}, requests[2];

        assert_ok(mount(&side, RW, INFINITE, NULL));
        assert_ok(dismount(&side, NTMS_DISMOUNT_DEFERRED));

        /* Answered once queued; the drive opens, the medium goes to the shelf. */
        assert_ok(eject_medium(&medium, NTMS_EJECT_START, &operation));
        ck_assert_uint_eq(sa_requests(NTMS_LM_EJECT, requests, ELEMENTSOF(requests)), 1);
        ck_assert(guid_eq(&requests[0], &operation));
        assert_eject_passed(&operation, &medium);
        assert_cartridge_out();
        assert_offline(&medium);
        assert_drive_empty();

        /* And an inventory agrees: the drive is empty. */
        assert_ok(inventory(NTMS_INVENTORY_FAST));
        assert_offline(&medium);
        assert_drive_empty();
}
END_TEST

START_TEST(test_eject_import_medium_forgotten) {
        NTMS_GUID medium = labelled_medium(), operation = {};
        NTMS_OBJECTINFORMATIONA m;

        /* Nobody claimed it: "import media ... are deleted when ejected". */
        assert_ok(eject_medium(&medium, NTMS_EJECT_START, &operation));
        assert_eject_passed(&operation, &medium);
        assert_cartridge_out();
        info_init_a(&m, NTMS_PHYSICAL_MEDIA);
        assert_err(GetNtmsObjectInformationA(h, &medium, &m), ERROR_OBJECT_NOT_FOUND);
        assert_drive_empty();
}
END_TEST

START_TEST(test_eject_stop) {
        NTMS_GUID medium = claimed_medium(), first = {}, second = {};
        NTMS_OBJECTINFORMATIONA r;

        /* The first eject runs, and the silent drive holds it; the second waits for the drive. */
        sa_pause_tgtd(true);
        assert_ok(eject_medium(&medium, NTMS_EJECT_START, &first));
        sa_wait_request(&first, NTMS_LM_INPROCESS, NULL);
        assert_ok(eject_medium(&medium, NTMS_EJECT_START, &second));
        r = info(&second, NTMS_LIBREQUEST);
        ck_assert_uint_eq(r.Info.LibRequest.State, NTMS_LM_QUEUED);

        /* STOP ends the one that waits; the running one cannot be stopped,
         * and an operation that is over or unknown is no operation to stop. */
        assert_ok(eject_medium(&medium, NTMS_EJECT_STOP, &second));
        r = info(&second, NTMS_LIBREQUEST);
        ck_assert_uint_eq(r.Info.LibRequest.State, NTMS_LM_CANCELLED);
        ck_assert_uint_eq(r.Info.LibRequest.dwErrorCode, ERROR_CANCELLED);
        assert_refused(eject_medium(&medium, NTMS_EJECT_STOP, &first), ERROR_INVALID_OPERATION);
        assert_refused(eject_medium(&medium, NTMS_EJECT_STOP, &second), ERROR_INVALID_OPERATION);
        {
                NTMS_GUID unknown = random_guid();

                assert_refused(eject_medium(&medium, NTMS_EJECT_STOP, &unknown), ERROR_INVALID_OPERATION);
        }

        sa_pause_tgtd(false);
        assert_eject_passed(&first, &medium);
        assert_cartridge_out();
        assert_offline(&medium);
}
END_TEST

/* --- errors: inventory ------------------------------------------------------------------------------ */

START_TEST(test_inventory_errors) {
        NTMS_GUID medium = labelled_medium();

        assert_refused(inventory(99), ERROR_INVALID_PARAMETER);
        assert_refused(inventory(NTMS_INVENTORY_SLOT), ERROR_INVALID_PARAMETER);
        {
                NTMS_GUID unknown = random_guid();

                assert_refused(InventoryNtmsLibrary(h, &unknown, NTMS_INVENTORY_FAST), ERROR_INVALID_PARAMETER);
        }
        assert_in_drive(&medium);
}
END_TEST

static int nobody_inventories(void *userdata) {
        HANDLE s = OpenNtmsSessionA(NULL, "nobody", 0);
        DWORD e;

        if (s == INVALID_HANDLE_VALUE)
                return 2;
        e = InventoryNtmsLibrary(s, &library, NTMS_INVENTORY_FAST);
        (void) CloseNtmsSession(s);
        return e == ERROR_ACCESS_DENIED ? 0 : 1;
}

START_TEST(test_inventory_access_denied) {
        _cleanup_free_ char *before = sa_db_snapshot(), *after = NULL;

        ck_assert_int_eq(harness_run_as_nobody(nobody_inventories, NULL), 0);
        after = sa_db_snapshot();
        ck_assert_str_eq(before, after);
}
END_TEST

START_TEST(test_inventory_library_offline) {
        /* Known, and not served: its drive's file is gone. */
        sa_forget_libraries();
        assert_refused(inventory(NTMS_INVENTORY_FAST), ERROR_LIBRARY_OFFLINE);
        assert_refused(inventory(NTMS_INVENTORY_OMID), ERROR_LIBRARY_OFFLINE);
}
END_TEST

START_TEST(test_inventory_drive_gone) {
        NTMS_GUID medium = labelled_medium(), requests[4];
        NTMS_OBJECTINFORMATIONA r;

        /* The drive stops answering after rsmd served it: the inventory
         * fails as the library being offline, and what was recorded stays. */
        vtl_stopp(&vtl);
        assert_err(inventory(NTMS_INVENTORY_FAST), ERROR_LIBRARY_OFFLINE);
        ck_assert_uint_eq(sa_requests(NTMS_LM_INVENTORY, requests, ELEMENTSOF(requests)), 2);
        r = info(&requests[1], NTMS_LIBREQUEST);
        ck_assert_uint_eq(r.Info.LibRequest.State, NTMS_LM_FAILED);
        ck_assert_uint_eq(r.Info.LibRequest.dwErrorCode, ERROR_LIBRARY_OFFLINE);
        assert_dismountable(&medium);
}
END_TEST

START_TEST(test_inventory_not_connected) {
        ck_assert_int_eq(harness_stop_rsmd(SIGTERM), 0);
        assert_err(inventory(NTMS_INVENTORY_FAST), ERROR_NOT_CONNECTED);
}
END_TEST

/* --- errors: mounts ------------------------------------------------------------------------------------ */

START_TEST(test_mount_errors) {
        NTMS_GUID medium = claimed_medium(), side = side_of(&medium), unknown = random_guid(), changer_drive;

        assert_refused(mount(&unknown, NTMS_MOUNT_READ, INFINITE, NULL), ERROR_INVALID_MEDIA);
        assert_refused(mount_on(&side, &unknown), ERROR_INVALID_DRIVE);

        /* The changer library's drive is not in the medium's library. */
        {
                NTMS_GUID *drives = NULL, *libraries = NULL;
                DWORD n = enumerate_growing(h, NULL, NTMS_LIBRARY, &libraries);
                bool found = false;

                for (DWORD i = 0; i < n && !found; i++) {
                        if (info(&libraries[i], NTMS_LIBRARY).Info.Library.LibraryType != NTMS_LIBRARYTYPE_ONLINE)
                                continue;
                        ck_assert_uint_ge(enumerate_growing(h, &libraries[i], NTMS_DRIVE, &drives), 1);
                        changer_drive = drives[0];
                        found = true;
                }
                free(drives);
                free(libraries);
                ck_assert(found);
        }
        assert_refused(mount_on(&side, &changer_drive), ERROR_DRIVE_MEDIA_MISMATCH);
        assert_dismountable(&medium);
}
END_TEST

START_TEST(test_mount_media_in_two_libraries) {
        NTMS_GUID medium = claimed_medium(), media[2] = { side_of(&medium) }, drives[2] = {}, *libraries = NULL, other;
        DWORD n = enumerate_growing(h, NULL, NTMS_LIBRARY, &libraries);

        /* The changer library's cartridge, known after its inventory. */
        for (DWORD i = 0; i < n; i++)
                if (info(&libraries[i], NTMS_LIBRARY).Info.Library.LibraryType == NTMS_LIBRARYTYPE_ONLINE)
                        assert_ok(InventoryNtmsLibrary(h, &libraries[i], NTMS_INVENTORY_FAST));
        free(libraries);
        {
                NTMS_GUID *all = NULL;
                DWORD m = enumerate_growing(h, NULL, NTMS_PHYSICAL_MEDIA, &all);
                bool found = false;

                for (DWORD i = 0; i < m; i++)
                        if (streq(info(&all[i], NTMS_PHYSICAL_MEDIA).Info.PhysicalMedia.szBarCode, SA_BARCODE)) {
                                other = all[i];
                                found = true;
                        }
                free(all);
                ck_assert(found);
        }
        media[1] = side_of(&other);

        assert_refused(MountNtmsMedia(h, media, drives, 2, NTMS_MOUNT_READ, NTMS_PRIORITY_NORMAL, INFINITE, NULL),
                       ERROR_INVALID_LIBRARY);
        assert_dismountable(&medium);
}
END_TEST

START_TEST(test_mount_offline_medium) {
        NTMS_GUID medium = claimed_medium(), side = side_of(&medium);

        sa_take_cartridge();
        assert_ok(inventory(NTMS_INVENTORY_FAST));
        assert_offline(&medium);
        assert_refused(mount(&side, NTMS_MOUNT_READ | NTMS_MOUNT_ERROR_OFFLINE, INFINITE, NULL), ERROR_MEDIA_OFFLINE);
        assert_refused(dismount(&side, NTMS_DISMOUNT_IMMEDIATE), ERROR_MEDIA_OFFLINE);
}
END_TEST

START_TEST(test_mount_complete_side_for_writing) {
        NTMS_GUID pool, medium = claimed_medium_in(&pool), lmid;

        /* Allocated and then completed: read, not written. */
        assert_ok(AllocateNtmsMedia(h, &pool, NULL, &lmid, 0, 0, NULL));
        assert_ok(SetNtmsMediaComplete(h, &lmid));
        assert_refused(mount(&lmid, RW, INFINITE, NULL), ERROR_WRITE_PROTECT);
        assert_dismountable(&medium);
        assert_ok(mount(&lmid, NTMS_MOUNT_READ, INFINITE, NULL));
        {
                NTMS_GUID side = side_of(&medium);

                assert_mounted(&medium, &side, 1);
        }
}
END_TEST

START_TEST(test_mount_disabled) {
        NTMS_GUID medium = claimed_medium(), side = side_of(&medium);

        assert_ok(DisableNtmsObject(h, NTMS_DRIVE, &drive));
        assert_refused(mount(&side, NTMS_MOUNT_READ, INFINITE, NULL), ERROR_RESOURCE_DISABLED);
        assert_ok(EnableNtmsObject(h, NTMS_DRIVE, &drive));

        assert_ok(DisableNtmsObject(h, NTMS_LIBRARY, &library));
        assert_refused(mount(&side, NTMS_MOUNT_READ, INFINITE, NULL), ERROR_RESOURCE_DISABLED);
        assert_ok(EnableNtmsObject(h, NTMS_LIBRARY, &library));

        assert_ok(DisableNtmsObject(h, NTMS_PHYSICAL_MEDIA, &medium));
        assert_refused(mount(&side, NTMS_MOUNT_READ, INFINITE, NULL), ERROR_RESOURCE_DISABLED);
        assert_ok(EnableNtmsObject(h, NTMS_PHYSICAL_MEDIA, &medium));

        /* All enabled again: it mounts. */
        assert_ok(mount(&side, NTMS_MOUNT_READ, INFINITE, NULL));
        assert_mounted(&medium, &side, 1);
}
END_TEST

START_TEST(test_mount_busy_and_timeout) {
        NTMS_GUID medium = claimed_medium(), side = side_of(&medium), requests[4];
        NTMS_OBJECTINFORMATIONA r;
        DWORD n;

        assert_ok(mount(&side, NTMS_MOUNT_READ, INFINITE, NULL));

        /* Mounted already: at once with ERROR_IF_UNAVAILABLE, else once the time is up. */
        assert_refused(mount(&side, NTMS_MOUNT_READ | NTMS_MOUNT_ERROR_NOT_AVAILABLE, INFINITE, NULL), ERROR_BUSY);
        assert_err(mount(&side, NTMS_MOUNT_READ, 200, NULL), ERROR_TIMEOUT);
        n = sa_requests(NTMS_LM_MOUNT, requests, ELEMENTSOF(requests));
        ck_assert_uint_eq(n, 2);
        r = info(&requests[1], NTMS_LIBREQUEST);
        ck_assert_uint_eq(r.Info.LibRequest.State, NTMS_LM_CANCELLED);
        ck_assert_uint_eq(r.Info.LibRequest.dwErrorCode, ERROR_TIMEOUT);
        assert_mounted(&medium, &side, 1);
}
END_TEST

/* --- errors: dismounts ------------------------------------------------------------------------------------ */

START_TEST(test_dismount_errors) {
        NTMS_GUID medium = claimed_medium(), side = side_of(&medium), unknown = random_guid();

        assert_ok(mount(&side, NTMS_MOUNT_READ, INFINITE, NULL));
        assert_refused(dismount(&unknown, NTMS_DISMOUNT_IMMEDIATE), ERROR_INVALID_MEDIA);

        assert_ok(DisableNtmsObject(h, NTMS_DRIVE, &drive));
        assert_refused(dismount(&side, NTMS_DISMOUNT_IMMEDIATE), ERROR_DEVICE_NOT_AVAILABLE);
        assert_ok(EnableNtmsObject(h, NTMS_DRIVE, &drive));

        assert_ok(DisableNtmsObject(h, NTMS_PHYSICAL_MEDIA, &medium));
        assert_refused(dismount(&side, NTMS_DISMOUNT_IMMEDIATE), ERROR_MEDIA_NOT_AVAILABLE);
        assert_ok(EnableNtmsObject(h, NTMS_PHYSICAL_MEDIA, &medium));

        /* A mounted medium's drive is not dismounted from under it. */
        assert_refused(DismountNtmsDrive(h, &drive), ERROR_INVALID_STATE);
        assert_mounted(&medium, &side, 1);

        assert_ok(dismount(&side, NTMS_DISMOUNT_IMMEDIATE));
        assert_dismountable(&medium);
}
END_TEST

/* --- errors: EjectNtmsMedia ------------------------------------------------------------------------------ */

START_TEST(test_eject_errors) {
        NTMS_GUID medium = claimed_medium(), side = side_of(&medium), operation = {}, unknown = random_guid();

        /* One drive, no port: there is no batch to queue media in. */
        assert_refused(eject_medium(&medium, NTMS_EJECT_QUEUE, &operation), ERROR_INVALID_PARAMETER);
        assert_refused(eject_medium(&unknown, NTMS_EJECT_START, &operation), ERROR_INVALID_MEDIA);

        assert_ok(DisableNtmsObject(h, NTMS_PHYSICAL_MEDIA, &medium));
        assert_refused(eject_medium(&medium, NTMS_EJECT_START, &operation), ERROR_MEDIA_NOT_AVAILABLE);
        assert_ok(EnableNtmsObject(h, NTMS_PHYSICAL_MEDIA, &medium));

        assert_ok(DisableNtmsObject(h, NTMS_LIBRARY, &library));
        assert_refused(eject_medium(&medium, NTMS_EJECT_START, &operation), ERROR_DEVICE_NOT_AVAILABLE);
        assert_ok(EnableNtmsObject(h, NTMS_LIBRARY, &library));

        assert_ok(DisableNtmsObject(h, NTMS_DRIVE, &drive));
        assert_refused(eject_medium(&medium, NTMS_EJECT_START, &operation), ERROR_DEVICE_NOT_AVAILABLE);
        assert_ok(EnableNtmsObject(h, NTMS_DRIVE, &drive));

        /* "If the media is currently in use (mounted or opened), this function returns an error." */
        assert_ok(mount(&side, NTMS_MOUNT_READ, INFINITE, NULL));
        assert_refused(eject_medium(&medium, NTMS_EJECT_START, &operation), ERROR_BUSY);
        assert_cartridge_in();
        assert_mounted(&medium, &side, 1);
}
END_TEST

START_TEST(test_eject_library_offline) {
        NTMS_GUID medium = claimed_medium(), operation = {};

        sa_forget_libraries();
        assert_refused(eject_medium(&medium, NTMS_EJECT_START, &operation), ERROR_LIBRARY_OFFLINE);
        assert_cartridge_in();
}
END_TEST

static int nobody_ejects(void *userdata) {
        HANDLE s = OpenNtmsSessionA(NULL, "nobody", 0);
        NTMS_GUID operation = {};
        DWORD e;

        if (s == INVALID_HANDLE_VALUE)
                return 2;
        e = EjectNtmsMedia(s, userdata, &operation, NTMS_EJECT_START);
        (void) CloseNtmsSession(s);
        return e == ERROR_ACCESS_DENIED ? 0 : 1;
}

START_TEST(test_eject_access_denied) {
        NTMS_GUID medium = claimed_medium();
        _cleanup_free_ char *before = sa_db_snapshot(), *after = NULL;

        /* NTMS_CONTROL_ACCESS to the library: administrators only. */
        ck_assert_int_eq(harness_run_as_nobody(nobody_ejects, &medium), 0);
        after = sa_db_snapshot();
        ck_assert_str_eq(before, after);
        assert_cartridge_in();
}
END_TEST

int main(void) {
        Suite *s = suite_create("standalone-media");
        TCase *tc;

        tc = sa_tcase("media");
        tcase_add_test(tc, test_inventory_labelled_tape);
        tcase_add_test(tc, test_inventory_blank_tape);
        tcase_add_test(tc, test_inventory_leaves_mounted_medium);
        tcase_add_test(tc, test_inventory_stop_while_running);
        tcase_add_test(tc, test_mount_dismount_in_place);
        tcase_add_test(tc, test_mount_waits_for_the_medium_put_in);
        tcase_add_test(tc, test_eject_to_the_shelf);
        tcase_add_test(tc, test_eject_import_medium_forgotten);
        tcase_add_test(tc, test_eject_stop);
        suite_add_tcase(s, tc);

        tc = sa_tcase("errors");
        tcase_add_test(tc, test_inventory_errors);
        tcase_add_test(tc, test_inventory_access_denied);
        tcase_add_test(tc, test_inventory_library_offline);
        tcase_add_test(tc, test_inventory_drive_gone);
        tcase_add_test(tc, test_inventory_not_connected);
        tcase_add_test(tc, test_mount_errors);
        tcase_add_test(tc, test_mount_media_in_two_libraries);
        tcase_add_test(tc, test_mount_offline_medium);
        tcase_add_test(tc, test_mount_complete_side_for_writing);
        tcase_add_test(tc, test_mount_disabled);
        tcase_add_test(tc, test_mount_busy_and_timeout);
        tcase_add_test(tc, test_dismount_errors);
        tcase_add_test(tc, test_eject_errors);
        tcase_add_test(tc, test_eject_library_offline);
        tcase_add_test(tc, test_eject_access_denied);
        suite_add_tcase(s, tc);

        return sa_run(s);
}
