/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* MountNtmsMedia, DismountNtmsMedia and DismountNtmsDrive through libntms
 * against rsmd and tgt's virtual library: the way of a cartridge into a
 * drive and home again, the drive chosen, deferred dismounts, media that
 * wait for a drive or for their library, and each documented error. After
 * every test the database says of each cartridge what the changer's own
 * element status says. */

#include <pthread.h>
#include <stdatomic.h>

#include "queue-harness.h"

static NTMS_OBJECTINFORMATIONA medium_info(const char *barcode) {
        NTMS_OBJECTINFORMATIONA m;
        NTMS_GUID g = qt_medium(barcode);

        qt_info(&g, NTMS_PHYSICAL_MEDIA, &m);
        return m;
}

static NTMS_OBJECTINFORMATIONA drive_info(const NTMS_GUID *drive) {
        NTMS_OBJECTINFORMATIONA d;

        qt_info(drive, NTMS_DRIVE, &d);
        return d;
}

/* The side is mounted in the drive, as the database and the changer say. */
static void assert_mounted(const char *barcode, const NTMS_GUID *drive) {
        NTMS_OBJECTINFORMATIONA m = medium_info(barcode), d = drive_info(drive);
        NTMS_GUID side = qt_side(barcode);
        char in_drive[40];

        ck_assert(guid_eq(&m.Info.PhysicalMedia.Location, drive));
        ck_assert_uint_eq(m.Info.PhysicalMedia.LocationType, NTMS_DRIVE);
        ck_assert_uint_eq(m.Info.PhysicalMedia.MediaState, NTMS_MEDIASTATE_LOADED);
        ck_assert(guid_eq(&m.Info.PhysicalMedia.MountedPartition, &side));
        ck_assert_uint_eq(d.Info.Drive.State, NTMS_DRIVESTATE_LOADED);
        ck_assert(guid_eq(&d.Info.Drive.SavedPartitionId, &side));
        qt_changer_drive(qt_drive_number(drive) - 1, in_drive);
        ck_assert_str_eq(in_drive, barcode);
}

static void assert_request(const NTMS_GUID *request, DWORD operation, DWORD state, DWORD error) {
        NTMS_OBJECTINFORMATIONA r;

        qt_request(request, &r);
        ck_assert_uint_eq(r.Info.LibRequest.OperationCode, operation);
        ck_assert_msg(r.Info.LibRequest.State == state, "request state %u, expected %u (error %s)",
                      r.Info.LibRequest.State, state, ntms_error_name(r.Info.LibRequest.dwErrorCode));
        ck_assert_msg(r.Info.LibRequest.dwErrorCode == error, "dwErrorCode %s, expected %s",
                      ntms_error_name(r.Info.LibRequest.dwErrorCode), ntms_error_name(error));
        ck_assert(guid_eq(&r.Info.LibRequest.Library, &qt.library));
}

static void finish(void) {
        qt_settle();
        ck_assert_uint_eq(qt_assert_matches_changer(), QT_FULL);
}

/* --- the way of a cartridge ------------------------------------------------------ */

START_TEST(test_allocate_mount_write_dismount_deallocate) {
        NTMS_GUID medium = qt_medium("RSM000L6"), pool, lmid, drive, request, free_pool;
        NTMS_OBJECTINFORMATIONA m, d, side, r;
        NTMS_MOUNT_INFORMATION info = { .dwSize = sizeof info, .lpReserved = &request };
        NTMS_GUID side_guid = qt_side("RSM000L6");

        /* A medium in the Free pool, a pool that draws from it, an allocation. */
        assert_ok(CreateNtmsMediaPoolA(qt.h, "Free\\LTO Ultrium 6", NULL, NTMS_OPEN_EXISTING, NULL, &free_pool));
        assert_ok(MoveToNtmsMediaPool(qt.h, &medium, &free_pool));
        m = medium_info("RSM000L6");
        pool = make_pool(qt.h, "Backups", &m.Info.PhysicalMedia.MediaType);
        {
                NTMS_OBJECTINFORMATIONA p;

                qt_info(&pool, NTMS_MEDIA_POOL, &p);
                p.Info.MediaPool.AllocationPolicy = NTMS_ALLOCATE_FROMSCRATCH;
                assert_ok(SetNtmsObjectInformationA(qt.h, &pool, &p));
        }
        assert_ok(AllocateNtmsMedia(qt.h, &pool, NULL, &lmid, 0, 0, NULL));

        /* The logical medium names its side. */
        assert_ok(MountNtmsMedia(qt.h, &lmid, &drive, 1, NTMS_MOUNT_READ | NTMS_MOUNT_WRITE, NTMS_PRIORITY_NORMAL,
                                 INFINITE, &info));
        assert_mounted("RSM000L6", &drive);
        d = drive_info(&drive);
        ck_assert_uint_eq(d.Info.Drive.dwMountCount, 1);
        qt_info(&side_guid, NTMS_PARTITION, &side);
        ck_assert_uint_eq(side.Info.Partition.dwMountCount, 1);

        /* The request tells the whole story. */
        assert_request(&request, NTMS_LM_MOUNT, NTMS_LM_PASSED, ERROR_SUCCESS);
        qt_request(&request, &r);
        ck_assert(guid_eq(&r.Info.LibRequest.PartitionId, &side_guid));
        ck_assert(guid_eq(&r.Info.LibRequest.PhysMediaId, &medium));
        ck_assert(guid_eq(&r.Info.LibRequest.DriveId, &drive));
        ck_assert(guid_eq(&r.Info.LibRequest.SlotId, &m.Info.PhysicalMedia.HomeSlot));
        ck_assert_str_eq(r.Info.LibRequest.szApplication, "integration-test");
        ck_assert_str_eq(r.Info.LibRequest.szUser, "root");
        ck_assert_int_eq((int) r.Info.LibRequest.dwPriority, NTMS_PRIORITY_NORMAL);
        ck_assert_uint_ge(r.Info.LibRequest.TimeCompleted.wYear, 2020);

        /* The application writes to the drive programs open. */
        qt_write_block(&drive);

        /* Dismount returns once queued; the cartridge goes home. */
        assert_ok(DismountNtmsMedia(qt.h, &lmid, 1, NTMS_DISMOUNT_IMMEDIATE));
        qt_wait_home("RSM000L6");
        m = medium_info("RSM000L6");
        ck_assert(guid_eq(&m.Info.PhysicalMedia.Location, &m.Info.PhysicalMedia.HomeSlot));
        ck_assert(guid_eq(&m.Info.PhysicalMedia.MountedPartition, &(NTMS_GUID) {}));
        d = drive_info(&drive);
        ck_assert_uint_eq(d.Info.Drive.State, NTMS_DRIVESTATE_DISMOUNTED);
        ck_assert(guid_eq(&d.Info.Drive.SavedPartitionId, &(NTMS_GUID) {}));

        assert_ok(DeallocateNtmsMedia(qt.h, &lmid, 0));
        finish();
}
END_TEST

START_TEST(test_specific_drive) {
        NTMS_GUID drive = qt.drives[2];
        char in_drive[40];

        assert_ok(qt_mount(qt.h, "RSM003L6", NTMS_MOUNT_READ | NTMS_MOUNT_SPECIFIC_DRIVE, 0, INFINITE, &drive, NULL));
        ck_assert(guid_eq(&drive, &qt.drives[2]));
        assert_mounted("RSM003L6", &qt.drives[2]);
        qt_changer_drive(2, in_drive);
        ck_assert_str_eq(in_drive, "RSM003L6");
        assert_ok(qt_dismount(qt.h, "RSM003L6", NTMS_DISMOUNT_IMMEDIATE));
        finish();
}
END_TEST

/* Least recently used first: four mounts one after the other take four
 * different drives. */
START_TEST(test_drives_spread) {
        static const char *const media[] = { "RSM010L6", "RSM011L6", "RSM012L6", "RSM013L6" };
        bool used[QT_DRIVES] = {};

        for (size_t i = 0; i < ELEMENTSOF(media); i++) {
                NTMS_GUID drive;

                assert_ok(qt_mount(qt.h, media[i], NTMS_MOUNT_READ, 0, INFINITE, &drive, NULL));
                assert_ok(qt_dismount(qt.h, media[i], NTMS_DISMOUNT_IMMEDIATE));
                qt_wait_home(media[i]);
                ck_assert_msg(!used[qt_drive_number(&drive) - 1], "drive %u chosen twice", qt_drive_number(&drive));
                used[qt_drive_number(&drive) - 1] = true;
        }
        finish();
}
END_TEST

START_TEST(test_deferred_then_mounted_again_without_a_move) {
        NTMS_GUID drive, again, request;
        NTMS_OBJECTINFORMATIONA m, d;
        char in_drive[40];

        assert_ok(qt_mount(qt.h, "RSM004L6", NTMS_MOUNT_READ, 0, INFINITE, &drive, NULL));
        assert_ok(qt_dismount(qt.h, "RSM004L6", NTMS_DISMOUNT_DEFERRED));

        /* Dismounted, still in the drive. */
        m = medium_info("RSM004L6");
        ck_assert_uint_eq(m.Info.PhysicalMedia.MediaState, NTMS_MEDIASTATE_UNLOADED);
        ck_assert(guid_eq(&m.Info.PhysicalMedia.Location, &drive));
        ck_assert(guid_eq(&m.Info.PhysicalMedia.MountedPartition, &(NTMS_GUID) {}));
        d = drive_info(&drive);
        ck_assert_uint_eq(d.Info.Drive.State, NTMS_DRIVESTATE_DISMOUNTABLE);
        ck_assert_uint_eq(d.Info.Drive.dwMountCount, 1);
        qt_changer_drive(qt_drive_number(&drive) - 1, in_drive);
        ck_assert_str_eq(in_drive, "RSM004L6");

        /* Mounted again: the same drive, and no cartridge was loaded for it. */
        assert_ok(qt_mount(qt.h, "RSM004L6", NTMS_MOUNT_READ, 0, INFINITE, &again, &request));
        ck_assert(guid_eq(&again, &drive));
        assert_mounted("RSM004L6", &drive);
        d = drive_info(&drive);
        ck_assert_uint_eq(d.Info.Drive.dwMountCount, 1);
        assert_request(&request, NTMS_LM_MOUNT, NTMS_LM_PASSED, ERROR_SUCCESS);

        assert_ok(qt_dismount(qt.h, "RSM004L6", NTMS_DISMOUNT_IMMEDIATE));
        qt_wait_home("RSM004L6");
        finish();
}
END_TEST

START_TEST(test_deferred_goes_home_after_the_delay) {
        NTMS_GUID drive;
        NTMS_OBJECTINFORMATIONA d;

        qt_set_defer_delay(1);
        assert_ok(qt_mount(qt.h, "RSM005L6", NTMS_MOUNT_READ, 0, INFINITE, &drive, NULL));
        assert_ok(qt_dismount(qt.h, "RSM005L6", NTMS_DISMOUNT_DEFERRED));
        qt_wait_home("RSM005L6");
        d = drive_info(&drive);
        ck_assert_uint_eq(d.Info.Drive.State, NTMS_DRIVESTATE_DISMOUNTED);
        finish();
}
END_TEST

/* Four drives hold dismounted media; a fifth medium takes the drive used
 * longest ago, whose medium goes home first. */
START_TEST(test_dismountable_drive_is_emptied_for_another_medium) {
        static const char *const media[] = { "RSM020L6", "RSM021L6", "RSM022L6", "RSM023L6" };
        NTMS_GUID drives[QT_DRIVES], drive;

        for (size_t i = 0; i < ELEMENTSOF(media); i++)
                assert_ok(qt_mount(qt.h, media[i], NTMS_MOUNT_READ, 0, INFINITE, &drives[i], NULL));
        for (size_t i = 0; i < ELEMENTSOF(media); i++)
                assert_ok(qt_dismount(qt.h, media[i], NTMS_DISMOUNT_DEFERRED));

        assert_ok(qt_mount(qt.h, "RSM024L6", NTMS_MOUNT_READ, 0, INFINITE, &drive, NULL));
        ck_assert(guid_eq(&drive, &drives[0]));
        assert_mounted("RSM024L6", &drive);
        qt_wait_home("RSM020L6");
        assert_ok(qt_dismount(qt.h, "RSM024L6", NTMS_DISMOUNT_IMMEDIATE));
        finish();
}
END_TEST

START_TEST(test_dismount_drive) {
        NTMS_GUID drive, request;
        NTMS_OBJECTINFORMATIONA r;
        NTMS_GUID *requests = NULL;
        DWORD n;
        bool found = false;

        assert_ok(qt_mount(qt.h, "RSM006L6", NTMS_MOUNT_READ, 0, INFINITE, &drive, &request));

        /* "If the drive ... is empty or if the media is opened, an error is returned." */
        assert_err(DismountNtmsDrive(qt.h, &drive), ERROR_INVALID_STATE);
        assert_err(DismountNtmsDrive(qt.h, &qt.drives[qt_drive_number(&drive) % QT_DRIVES]), ERROR_INVALID_STATE);

        assert_ok(qt_dismount(qt.h, "RSM006L6", NTMS_DISMOUNT_DEFERRED));
        assert_ok(DismountNtmsDrive(qt.h, &drive));
        qt_wait_home("RSM006L6");

        /* The dismount is a library request of its own. */
        n = qt_enumerate(&qt.library, NTMS_LIBREQUEST, &requests);
        for (DWORD i = 0; i < n; i++) {
                qt_request(&requests[i], &r);
                if (r.Info.LibRequest.OperationCode == NTMS_LM_DISMOUNT && guid_eq(&r.Info.LibRequest.DriveId, &drive)) {
                        ck_assert_uint_eq(r.Info.LibRequest.State, NTMS_LM_PASSED);
                        found = true;
                }
        }
        ck_assert(found);
        free(requests);
        finish();
}
END_TEST

START_TEST(test_dismount_drive_invalid_drive) {
        NTMS_GUID other = random_guid();

        assert_err(DismountNtmsDrive(qt.h, &other), ERROR_INVALID_DRIVE);
        assert_err(DismountNtmsDrive(qt.h, &qt.library), ERROR_INVALID_DRIVE);
        finish();
}
END_TEST

START_TEST(test_dismount_drive_invalid_arguments) {
        assert_err(DismountNtmsDrive(qt.h, NULL), ERROR_INVALID_PARAMETER);
        assert_err(DismountNtmsDrive(NULL, &qt.drives[0]), ERROR_INVALID_HANDLE);
        assert_err(DismountNtmsDrive(INVALID_HANDLE_VALUE, &qt.drives[0]), ERROR_INVALID_HANDLE);
        finish();
}
END_TEST

START_TEST(test_dismount_drive_empty) {
        /* "The drive does not contain media." */
        assert_err(DismountNtmsDrive(qt.h, &qt.drives[0]), ERROR_INVALID_STATE);
        finish();
}
END_TEST

START_TEST(test_dismount_drive_not_enabled) {
        NTMS_GUID drive;
        NTMS_OBJECTINFORMATIONA d;

        /* "The drive or library is not enabled." */
        assert_ok(qt_mount(qt.h, "RSM007L6", NTMS_MOUNT_READ, 0, INFINITE, &drive, NULL));
        assert_ok(qt_dismount(qt.h, "RSM007L6", NTMS_DISMOUNT_DEFERRED));
        assert_ok(DisableNtmsObject(qt.h, NTMS_DRIVE, &drive));
        assert_err(DismountNtmsDrive(qt.h, &drive), ERROR_DEVICE_NOT_AVAILABLE);
        assert_ok(EnableNtmsObject(qt.h, NTMS_DRIVE, &drive));
        assert_ok(DisableNtmsObject(qt.h, NTMS_LIBRARY, &qt.library));
        assert_err(DismountNtmsDrive(qt.h, &drive), ERROR_DEVICE_NOT_AVAILABLE);
        assert_ok(EnableNtmsObject(qt.h, NTMS_LIBRARY, &qt.library));
        d = drive_info(&drive);
        ck_assert_uint_eq(d.Info.Drive.State, NTMS_DRIVESTATE_DISMOUNTABLE);

        assert_ok(DismountNtmsDrive(qt.h, &drive));
        qt_wait_home("RSM007L6");
        finish();
}
END_TEST

/* --- waiting ------------------------------------------------------------------------ */

typedef struct MountThread {
        const char *barcode;
        DWORD options;
        int priority;
        DWORD timeout;
        bool dismount;          /* write a block, then dismount at once */
        DWORD result;
        NTMS_GUID drive;
        atomic_bool done;
} MountThread;

static void *mount_thread(void *userdata) {
        MountThread *t = userdata;
        HANDLE h = OpenNtmsSessionA(NULL, "mount-thread", 0);

        if (h == INVALID_HANDLE_VALUE) {
                t->result = GetLastError();
                atomic_store(&t->done, true);
                return NULL;
        }
        t->result = qt_mount(h, t->barcode, t->options, t->priority, t->timeout, &t->drive, NULL);
        if (t->result == ERROR_SUCCESS && t->dismount)
                t->result = qt_dismount(h, t->barcode, NTMS_DISMOUNT_IMMEDIATE);
        (void) CloseNtmsSession(h);
        atomic_store(&t->done, true);
        return NULL;
}

/* Six sessions mount at once, four drives serve them: each gets a drive in
 * turn. */
START_TEST(test_more_mounts_than_drives) {
        static const char *const media[] = { "RSM001L6", "RSM002L6", "RSM003L6", "RSM004L6", "RSM005L6", "RSM006L6" };
        MountThread t[ELEMENTSOF(media)] = {};
        pthread_t threads[ELEMENTSOF(media)];

        for (size_t i = 0; i < ELEMENTSOF(media); i++) {
                t[i] = (MountThread) { .barcode = media[i], .options = NTMS_MOUNT_READ, .timeout = INFINITE,
                                       .dismount = true };
                ck_assert_int_eq(pthread_create(&threads[i], NULL, mount_thread, &t[i]), 0);
        }
        for (size_t i = 0; i < ELEMENTSOF(media); i++) {
                ck_assert_int_eq(pthread_join(threads[i], NULL), 0);
                assert_ok(t[i].result);
        }
        finish();
}
END_TEST

/* Drives held by four mounts. */
static void hold_all_drives(void) {
        static const char *const media[] = { "RSM026L6", "RSM027L6", "RSM028L6", "RSM029L6" };

        for (size_t i = 0; i < ELEMENTSOF(media); i++)
                assert_ok(qt_mount(qt.h, media[i], NTMS_MOUNT_READ, 0, INFINITE, NULL, NULL));
}

START_TEST(test_timeout) {
        NTMS_OBJECTINFORMATIONA m, r;
        NTMS_GUID side = qt_side("RSM008L6"), drive = {};

        hold_all_drives();
        assert_err(MountNtmsMedia(qt.h, &side, &drive, 1, NTMS_MOUNT_READ, 0, 1000, NULL), ERROR_TIMEOUT);

        /* "The mount request has been canceled", and nothing moved. */
        qt_find_request(&side, NULL, NTMS_LM_MOUNT, &r);
        ck_assert_uint_eq(r.Info.LibRequest.State, NTMS_LM_CANCELLED);
        ck_assert_uint_eq(r.Info.LibRequest.dwErrorCode, ERROR_TIMEOUT);
        m = medium_info("RSM008L6");
        ck_assert_uint_eq(m.Info.PhysicalMedia.MediaState, NTMS_MEDIASTATE_IDLE);
        ck_assert_uint_eq(m.Info.PhysicalMedia.LocationType, NTMS_STORAGESLOT);
        finish();
}
END_TEST

/* Two media in one call, one drive free: neither is mounted alone. */
START_TEST(test_several_media_all_or_nothing) {
        NTMS_GUID sides[2] = { qt_side("RSM010L6"), qt_side("RSM011L6") }, drives[2];
        NTMS_OBJECTINFORMATIONA m;

        assert_ok(qt_mount(qt.h, "RSM026L6", NTMS_MOUNT_READ, 0, INFINITE, NULL, NULL));
        assert_ok(qt_mount(qt.h, "RSM027L6", NTMS_MOUNT_READ, 0, INFINITE, NULL, NULL));
        assert_ok(qt_mount(qt.h, "RSM028L6", NTMS_MOUNT_READ, 0, INFINITE, NULL, NULL));

        assert_err(MountNtmsMedia(qt.h, sides, drives, 2, NTMS_MOUNT_READ, 0, 1000, NULL), ERROR_TIMEOUT);
        m = medium_info("RSM010L6");
        ck_assert_uint_eq(m.Info.PhysicalMedia.LocationType, NTMS_STORAGESLOT);
        m = medium_info("RSM011L6");
        ck_assert_uint_eq(m.Info.PhysicalMedia.LocationType, NTMS_STORAGESLOT);

        /* With a second drive free both are mounted, each in its own. */
        assert_ok(qt_dismount(qt.h, "RSM028L6", NTMS_DISMOUNT_IMMEDIATE));
        assert_ok(MountNtmsMedia(qt.h, sides, drives, 2, NTMS_MOUNT_READ, 0, INFINITE, NULL));
        ck_assert(!guid_eq(&drives[0], &drives[1]));
        assert_mounted("RSM010L6", &drives[0]);
        assert_mounted("RSM011L6", &drives[1]);
        finish();
}
END_TEST

START_TEST(test_nowait_and_tracking) {
        NTMS_GUID request = {}, drive = {};
        NTMS_OBJECTINFORMATIONA r;

        assert_ok(qt_mount(qt.h, "RSM009L6", NTMS_MOUNT_READ | NTMS_MOUNT_NOWAIT, 0, INFINITE, &drive, &request));
        ck_assert(!guid_eq(&request, &(NTMS_GUID) {}));
        /* The drive is not known when the call returns. */
        ck_assert(guid_eq(&drive, &(NTMS_GUID) {}));

        qt_wait_request(&request, QT_FINAL, &r);
        ck_assert_uint_eq(r.Info.LibRequest.State, NTMS_LM_PASSED);
        assert_mounted("RSM009L6", &r.Info.LibRequest.DriveId);
        assert_ok(qt_dismount(qt.h, "RSM009L6", NTMS_DISMOUNT_IMMEDIATE));
        finish();
}
END_TEST

/* --- errors of MountNtmsMedia -------------------------------------------------------- */

START_TEST(test_mount_invalid_arguments) {
        NTMS_GUID side = qt_side("RSM000L6"), drive = {};
        NTMS_MOUNT_INFORMATION mi = { .dwSize = 1 };

        assert_err(MountNtmsMedia(NULL, &side, &drive, 1, NTMS_MOUNT_READ, 0, 0, NULL), ERROR_INVALID_HANDLE);
        assert_err(MountNtmsMedia(INVALID_HANDLE_VALUE, &side, &drive, 1, NTMS_MOUNT_READ, 0, 0, NULL),
                   ERROR_INVALID_HANDLE);
        assert_err(MountNtmsMedia(qt.h, NULL, &drive, 1, NTMS_MOUNT_READ, 0, 0, NULL), ERROR_INVALID_PARAMETER);
        assert_err(MountNtmsMedia(qt.h, &side, NULL, 1, NTMS_MOUNT_READ, 0, 0, NULL), ERROR_INVALID_PARAMETER);
        assert_err(MountNtmsMedia(qt.h, &side, &drive, 0, NTMS_MOUNT_READ, 0, 0, NULL), ERROR_INVALID_PARAMETER);
        assert_err(MountNtmsMedia(qt.h, &side, &drive, 1, 0x1000, 0, 0, NULL), ERROR_INVALID_PARAMETER);
        assert_err(MountNtmsMedia(qt.h, &side, &drive, 1, NTMS_MOUNT_READ, 16, 0, NULL), ERROR_INVALID_PARAMETER);
        assert_err(MountNtmsMedia(qt.h, &side, &drive, 1, NTMS_MOUNT_READ, -16, 0, NULL), ERROR_INVALID_PARAMETER);
        assert_err(MountNtmsMedia(qt.h, &side, &drive, 1, NTMS_MOUNT_READ, 0, 0, &mi), ERROR_INVALID_PARAMETER);
        finish();
}
END_TEST

START_TEST(test_mount_invalid_media) {
        NTMS_GUID other = random_guid(), sides[2] = { qt_side("RSM000L6"), qt_side("RSM000L6") }, drives[2];
        NTMS_GUID medium = qt_medium("RSM000L6");

        assert_err(MountNtmsMedia(qt.h, &other, drives, 1, NTMS_MOUNT_READ, 0, INFINITE, NULL), ERROR_INVALID_MEDIA);
        /* A physical medium is neither a side nor a logical medium. */
        assert_err(MountNtmsMedia(qt.h, &medium, drives, 1, NTMS_MOUNT_READ, 0, INFINITE, NULL), ERROR_INVALID_MEDIA);
        /* "... or there are duplicate media IDs in list of media." */
        assert_err(MountNtmsMedia(qt.h, sides, drives, 2, NTMS_MOUNT_READ, 0, INFINITE, NULL), ERROR_INVALID_MEDIA);
        finish();
}
END_TEST

START_TEST(test_mount_invalid_drive) {
        NTMS_GUID side = qt_side("RSM000L6"), drive = random_guid();

        assert_err(MountNtmsMedia(qt.h, &side, &drive, 1, NTMS_MOUNT_READ | NTMS_MOUNT_SPECIFIC_DRIVE, 0, INFINITE, NULL),
                   ERROR_INVALID_DRIVE);
        drive = qt.library;
        assert_err(MountNtmsMedia(qt.h, &side, &drive, 1, NTMS_MOUNT_READ | NTMS_MOUNT_SPECIFIC_DRIVE, 0, INFINITE, NULL),
                   ERROR_INVALID_DRIVE);
        finish();
}
END_TEST

START_TEST(test_mount_resource_disabled) {
        NTMS_GUID medium = qt_medium("RSM001L6"), drive = qt.drives[1];

        /* The medium. */
        assert_ok(DisableNtmsObject(qt.h, NTMS_PHYSICAL_MEDIA, &medium));
        assert_err(qt_mount(qt.h, "RSM001L6", NTMS_MOUNT_READ, 0, INFINITE, NULL, NULL), ERROR_RESOURCE_DISABLED);
        assert_ok(EnableNtmsObject(qt.h, NTMS_PHYSICAL_MEDIA, &medium));

        /* The drive asked for. */
        assert_ok(DisableNtmsObject(qt.h, NTMS_DRIVE, &qt.drives[1]));
        assert_err(qt_mount(qt.h, "RSM001L6", NTMS_MOUNT_READ | NTMS_MOUNT_SPECIFIC_DRIVE, 0, INFINITE, &drive, NULL),
                   ERROR_RESOURCE_DISABLED);

        /* Every drive. */
        for (DWORD i = 0; i < QT_DRIVES; i++)
                if (i != 1)
                        assert_ok(DisableNtmsObject(qt.h, NTMS_DRIVE, &qt.drives[i]));
        assert_err(qt_mount(qt.h, "RSM001L6", NTMS_MOUNT_READ, 0, INFINITE, NULL, NULL), ERROR_RESOURCE_DISABLED);
        for (DWORD i = 0; i < QT_DRIVES; i++)
                assert_ok(EnableNtmsObject(qt.h, NTMS_DRIVE, &qt.drives[i]));

        /* The library. */
        assert_ok(DisableNtmsObject(qt.h, NTMS_LIBRARY, &qt.library));
        assert_err(qt_mount(qt.h, "RSM001L6", NTMS_MOUNT_READ, 0, INFINITE, NULL, NULL), ERROR_RESOURCE_DISABLED);
        assert_ok(EnableNtmsObject(qt.h, NTMS_LIBRARY, &qt.library));

        assert_ok(qt_mount(qt.h, "RSM001L6", NTMS_MOUNT_READ, 0, INFINITE, NULL, NULL));
        assert_ok(qt_dismount(qt.h, "RSM001L6", NTMS_DISMOUNT_IMMEDIATE));
        finish();
}
END_TEST

START_TEST(test_mount_write_protect) {
        NTMS_GUID medium = qt_medium("RSM002L6"), pool, lmid, free_pool, drive;
        NTMS_OBJECTINFORMATIONA m, p;

        assert_ok(CreateNtmsMediaPoolA(qt.h, "Free\\LTO Ultrium 6", NULL, NTMS_OPEN_EXISTING, NULL, &free_pool));
        assert_ok(MoveToNtmsMediaPool(qt.h, &medium, &free_pool));
        m = medium_info("RSM002L6");
        pool = make_pool(qt.h, "Archive", &m.Info.PhysicalMedia.MediaType);
        qt_info(&pool, NTMS_MEDIA_POOL, &p);
        p.Info.MediaPool.AllocationPolicy = NTMS_ALLOCATE_FROMSCRATCH;
        assert_ok(SetNtmsObjectInformationA(qt.h, &pool, &p));
        assert_ok(AllocateNtmsMedia(qt.h, &pool, NULL, &lmid, 0, 0, NULL));
        assert_ok(SetNtmsMediaComplete(qt.h, &lmid));

        /* "RSM cannot mount Completed media if this flag is selected." */
        assert_err(MountNtmsMedia(qt.h, &lmid, &drive, 1, NTMS_MOUNT_READ | NTMS_MOUNT_WRITE, 0, INFINITE, NULL),
                   ERROR_WRITE_PROTECT);
        assert_ok(MountNtmsMedia(qt.h, &lmid, &drive, 1, NTMS_MOUNT_READ, 0, INFINITE, NULL));
        assert_ok(DismountNtmsMedia(qt.h, &lmid, 1, NTMS_DISMOUNT_IMMEDIATE));
        finish();
}
END_TEST

START_TEST(test_mount_media_offline) {
        NTMS_GUID medium = qt_make_offline_medium("SHELF01"), *sides = NULL, request;
        NTMS_OBJECTINFORMATIONA r;
        NTMS_GUID drive = {}, offline;
        NTMS_MOUNT_INFORMATION mi = { .dwSize = sizeof mi, .lpReserved = &request };

        ck_assert_uint_eq(enumerate_all(qt.h, &medium, NTMS_PARTITION, &sides), 1);
        assert_err(MountNtmsMedia(qt.h, sides, &drive, 1, NTMS_MOUNT_READ | NTMS_MOUNT_ERROR_OFFLINE, 0, INFINITE, NULL),
                   ERROR_MEDIA_OFFLINE);

        /* Without it the mount waits for the medium to come into a library. */
        assert_ok(MountNtmsMedia(qt.h, sides, &drive, 1, NTMS_MOUNT_READ | NTMS_MOUNT_NOWAIT, 0, INFINITE, &mi));
        qt_wait_request(&request, NTMS_LM_WAITING, &r);
        {
                NTMS_OBJECTINFORMATIONA m;

                qt_info(&medium, NTMS_PHYSICAL_MEDIA, &m);
                offline = m.Info.PhysicalMedia.CurrentLibrary;
        }
        ck_assert(guid_eq(&r.Info.LibRequest.Library, &offline));
        assert_ok(CancelNtmsLibraryRequest(qt.h, &request));
        qt_wait_request(&request, NTMS_LM_CANCELLED, NULL);
        free(sides);
        finish();
}
END_TEST

/* A shelf medium that a mount waits for comes into the library: an
 * inventory finds its barcode in a slot, and the mount goes on. */
START_TEST(test_mount_waits_until_the_medium_is_injected) {
        NTMS_GUID medium, *sides = NULL, request, drive = {};
        NTMS_MOUNT_INFORMATION mi = { .dwSize = sizeof mi, .lpReserved = &request };
        NTMS_OBJECTINFORMATIONA r;

        medium = qt_make_offline_medium("RSM015L6");
        ck_assert_uint_eq(enumerate_all(qt.h, &medium, NTMS_PARTITION, &sides), 1);
        assert_ok(MountNtmsMedia(qt.h, sides, &drive, 1, NTMS_MOUNT_READ | NTMS_MOUNT_NOWAIT, 0, INFINITE, &mi));
        qt_wait_request(&request, NTMS_LM_WAITING, NULL);

        assert_ok(InventoryNtmsLibrary(qt.h, &qt.library, NTMS_INVENTORY_FAST));
        qt_wait_request(&request, QT_FINAL, &r);
        ck_assert_uint_eq(r.Info.LibRequest.State, NTMS_LM_PASSED);
        ck_assert(guid_eq(&r.Info.LibRequest.Library, &qt.library));
        ck_assert(guid_eq(&r.Info.LibRequest.PhysMediaId, &medium));
        assert_mounted("RSM015L6", &r.Info.LibRequest.DriveId);
        ck_assert_uint_eq(DismountNtmsMedia(qt.h, sides, 1, NTMS_DISMOUNT_IMMEDIATE), ERROR_SUCCESS);
        free(sides);
        finish();
}
END_TEST

START_TEST(test_mount_busy) {
        NTMS_GUID drive;

        /* The medium is mounted: not available. */
        assert_ok(qt_mount(qt.h, "RSM014L6", NTMS_MOUNT_READ, 0, INFINITE, &drive, NULL));
        assert_err(qt_mount(qt.h, "RSM014L6", NTMS_MOUNT_READ | NTMS_MOUNT_ERROR_IF_UNAVAILABLE, 0, INFINITE, NULL, NULL),
                   ERROR_BUSY);

        /* Every drive holds a mounted medium: none available. */
        assert_ok(qt_mount(qt.h, "RSM026L6", NTMS_MOUNT_READ, 0, INFINITE, NULL, NULL));
        assert_ok(qt_mount(qt.h, "RSM027L6", NTMS_MOUNT_READ, 0, INFINITE, NULL, NULL));
        assert_ok(qt_mount(qt.h, "RSM028L6", NTMS_MOUNT_READ, 0, INFINITE, NULL, NULL));
        assert_err(qt_mount(qt.h, "RSM015L6", NTMS_MOUNT_READ | NTMS_MOUNT_ERROR_IF_UNAVAILABLE, 0, INFINITE, NULL, NULL),
                   ERROR_BUSY);

        /* A drive whose medium is dismounted is available. */
        assert_ok(qt_dismount(qt.h, "RSM014L6", NTMS_DISMOUNT_DEFERRED));
        assert_ok(qt_mount(qt.h, "RSM015L6", NTMS_MOUNT_READ | NTMS_MOUNT_ERROR_IF_UNAVAILABLE, 0, INFINITE, NULL, NULL));
        finish();
}
END_TEST

/* The database says a cartridge is in its slot, but someone took it out of
 * the library behind rsmd's back (into a port): the move fails, rsmd reads
 * the element status again, and the database follows the changer. */
START_TEST(test_mount_failed_move_rereads_element_status) {
        NTMS_GUID side = qt_side("RSM016L6");
        NTMS_OBJECTINFORMATIONA m, r;

        qt_move_directly(qt.vtl->slot_addr + 16, qt.vtl->port_addr);
        assert_err(qt_mount(qt.h, "RSM016L6", NTMS_MOUNT_READ, 0, INFINITE, NULL, NULL), ERROR_INVALID_STATE);
        qt_find_request(&side, NULL, NTMS_LM_MOUNT, &r);
        assert_request(&r.ObjectGuid, NTMS_LM_MOUNT, NTMS_LM_FAILED, ERROR_INVALID_STATE);

        m = medium_info("RSM016L6");
        ck_assert_uint_eq(m.Info.PhysicalMedia.LocationType, NTMS_IEPORT);
        ck_assert_uint_eq(m.Info.PhysicalMedia.MediaState, NTMS_MEDIASTATE_IDLE);
        finish();

        /* From the port it can be mounted. */
        assert_ok(qt_mount(qt.h, "RSM016L6", NTMS_MOUNT_READ, 0, INFINITE, NULL, NULL));
        assert_ok(qt_dismount(qt.h, "RSM016L6", NTMS_DISMOUNT_IMMEDIATE));
        finish();
}
END_TEST

/* Media and drives of two libraries. */
START_TEST(test_two_libraries) {
        NTMS_GUID sides[2] = { qt_side("RSM000L6"), qt_side("TWO000L6") }, drives[2] = { qt.drives2[0], qt.drives[0] };
        NTMS_GUID drive;

        /* "The media and drive specified are not in the same library." */
        assert_err(MountNtmsMedia(qt.h, sides, drives, 1, NTMS_MOUNT_READ | NTMS_MOUNT_SPECIFIC_DRIVE, 0, INFINITE, NULL),
                   ERROR_DRIVE_MEDIA_MISMATCH);
        /* "All the specified media must be in a single library." */
        assert_err(MountNtmsMedia(qt.h, sides, drives, 2, NTMS_MOUNT_READ, 0, INFINITE, NULL), ERROR_INVALID_LIBRARY);

        /* Each in its own library mounts. */
        assert_ok(qt_mount(qt.h, "TWO000L6", NTMS_MOUNT_READ, 0, INFINITE, &drive, NULL));
        ck_assert(guid_eq(&drive, &qt.drives2[0]) || guid_eq(&drive, &qt.drives2[1]) ||
                  guid_eq(&drive, &qt.drives2[2]) || guid_eq(&drive, &qt.drives2[3]));
        assert_ok(qt_dismount(qt.h, "TWO000L6", NTMS_DISMOUNT_IMMEDIATE));
        qt_wait_home("TWO000L6");
        finish();
}
END_TEST

/* --- errors of DismountNtmsMedia ----------------------------------------------------- */

START_TEST(test_dismount_invalid_arguments) {
        NTMS_GUID side = qt_side("RSM017L6");

        assert_err(DismountNtmsMedia(NULL, &side, 1, NTMS_DISMOUNT_IMMEDIATE), ERROR_INVALID_HANDLE);
        assert_err(DismountNtmsMedia(qt.h, NULL, 1, NTMS_DISMOUNT_IMMEDIATE), ERROR_INVALID_PARAMETER);
        assert_err(DismountNtmsMedia(qt.h, &side, 0, NTMS_DISMOUNT_IMMEDIATE), ERROR_INVALID_PARAMETER);
        assert_err(DismountNtmsMedia(qt.h, &side, 1, 0x10), ERROR_INVALID_PARAMETER);
        assert_err(DismountNtmsMedia(qt.h, &side, 1, NTMS_DISMOUNT_IMMEDIATE | NTMS_DISMOUNT_DEFERRED),
                   ERROR_INVALID_PARAMETER);
        finish();
}
END_TEST

START_TEST(test_dismount_invalid_media) {
        NTMS_GUID other = random_guid(), side = qt_side("RSM017L6"), drive;

        assert_err(DismountNtmsMedia(qt.h, &other, 1, NTMS_DISMOUNT_IMMEDIATE), ERROR_INVALID_MEDIA);

        /* A failed call changes nothing: all or none of its media. */
        assert_ok(qt_mount(qt.h, "RSM017L6", NTMS_MOUNT_READ, 0, INFINITE, &drive, NULL));
        assert_err(DismountNtmsMedia(qt.h, (NTMS_GUID[]) { side, other }, 2, NTMS_DISMOUNT_IMMEDIATE),
                   ERROR_INVALID_MEDIA);
        assert_mounted("RSM017L6", &drive);
        assert_ok(DismountNtmsMedia(qt.h, &side, 1, NTMS_DISMOUNT_IMMEDIATE));
        qt_wait_home("RSM017L6");
        finish();
}
END_TEST

START_TEST(test_dismount_media_offline) {
        NTMS_GUID shelf = qt_make_offline_medium("SHELF02"), *sides = NULL;

        ck_assert_uint_eq(enumerate_all(qt.h, &shelf, NTMS_PARTITION, &sides), 1);
        assert_err(DismountNtmsMedia(qt.h, sides, 1, NTMS_DISMOUNT_IMMEDIATE), ERROR_MEDIA_OFFLINE);
        free(sides);
        finish();
}
END_TEST

START_TEST(test_dismount_not_mounted) {
        NTMS_GUID side = qt_side("RSM017L6");

        assert_err(DismountNtmsMedia(qt.h, &side, 1, NTMS_DISMOUNT_IMMEDIATE), ERROR_INVALID_STATE);
        assert_err(DismountNtmsMedia(qt.h, &side, 1, NTMS_DISMOUNT_DEFERRED), ERROR_INVALID_STATE);
        finish();
}
END_TEST

START_TEST(test_dismount_media_not_available) {
        NTMS_GUID side = qt_side("RSM017L6"), medium = qt_medium("RSM017L6"), drive;

        assert_ok(qt_mount(qt.h, "RSM017L6", NTMS_MOUNT_READ, 0, INFINITE, &drive, NULL));
        assert_ok(DisableNtmsObject(qt.h, NTMS_PHYSICAL_MEDIA, &medium));
        assert_err(DismountNtmsMedia(qt.h, &side, 1, NTMS_DISMOUNT_IMMEDIATE), ERROR_MEDIA_NOT_AVAILABLE);
        assert_ok(EnableNtmsObject(qt.h, NTMS_PHYSICAL_MEDIA, &medium));
        assert_mounted("RSM017L6", &drive);
        assert_ok(DismountNtmsMedia(qt.h, &side, 1, NTMS_DISMOUNT_IMMEDIATE));
        qt_wait_home("RSM017L6");
        finish();
}
END_TEST

START_TEST(test_dismount_device_not_available) {
        NTMS_GUID side = qt_side("RSM018L6"), drive;

        assert_ok(qt_mount(qt.h, "RSM018L6", NTMS_MOUNT_READ, 0, INFINITE, &drive, NULL));
        assert_ok(DisableNtmsObject(qt.h, NTMS_DRIVE, &drive));
        assert_err(DismountNtmsMedia(qt.h, &side, 1, NTMS_DISMOUNT_IMMEDIATE), ERROR_DEVICE_NOT_AVAILABLE);
        assert_ok(EnableNtmsObject(qt.h, NTMS_DRIVE, &drive));
        assert_mounted("RSM018L6", &drive);
        assert_ok(DismountNtmsMedia(qt.h, &side, 1, NTMS_DISMOUNT_IMMEDIATE));
        qt_wait_home("RSM018L6");
        finish();
}
END_TEST

static void setup_two_libraries(void) {
        qt_use_second_library();
        qt_setup();
}

int main(void) {
        Suite *s;
        TCase *tc;

        if (vtl_available() < 0)
                return 77;

        s = suite_create("queue-mount");
        tc = tcase_create("mount");
        tcase_add_checked_fixture(tc, qt_setup, qt_teardown);
        tcase_set_timeout(tc, 240);
        tcase_add_test(tc, test_allocate_mount_write_dismount_deallocate);
        tcase_add_test(tc, test_specific_drive);
        tcase_add_test(tc, test_drives_spread);
        tcase_add_test(tc, test_deferred_then_mounted_again_without_a_move);
        tcase_add_test(tc, test_deferred_goes_home_after_the_delay);
        tcase_add_test(tc, test_dismountable_drive_is_emptied_for_another_medium);
        tcase_add_test(tc, test_dismount_drive);
        tcase_add_test(tc, test_dismount_drive_invalid_drive);
        tcase_add_test(tc, test_dismount_drive_invalid_arguments);
        tcase_add_test(tc, test_dismount_drive_empty);
        tcase_add_test(tc, test_dismount_drive_not_enabled);
        tcase_add_test(tc, test_more_mounts_than_drives);
        tcase_add_test(tc, test_timeout);
        tcase_add_test(tc, test_several_media_all_or_nothing);
        tcase_add_test(tc, test_nowait_and_tracking);
        tcase_add_test(tc, test_mount_invalid_arguments);
        tcase_add_test(tc, test_mount_invalid_media);
        tcase_add_test(tc, test_mount_invalid_drive);
        tcase_add_test(tc, test_mount_resource_disabled);
        tcase_add_test(tc, test_mount_write_protect);
        tcase_add_test(tc, test_mount_media_offline);
        tcase_add_test(tc, test_mount_busy);
        tcase_add_test(tc, test_mount_failed_move_rereads_element_status);
        tcase_add_test(tc, test_dismount_invalid_arguments);
        tcase_add_test(tc, test_dismount_invalid_media);
        tcase_add_test(tc, test_dismount_media_offline);
        tcase_add_test(tc, test_dismount_not_mounted);
        tcase_add_test(tc, test_dismount_media_not_available);
        tcase_add_test(tc, test_dismount_device_not_available);
        suite_add_tcase(s, tc);

        tc = tcase_create("two-libraries");
        tcase_add_checked_fixture(tc, setup_two_libraries, qt_teardown);
        tcase_set_timeout(tc, 240);
        tcase_add_test(tc, test_two_libraries);
        suite_add_tcase(s, tc);

        tc = tcase_create("uninventoried");
        tcase_add_checked_fixture(tc, qt_setup_uninventoried, qt_teardown);
        tcase_set_timeout(tc, 240);
        tcase_add_test(tc, test_mount_waits_until_the_medium_is_injected);
        suite_add_tcase(s, tc);
        return run_suite(s);
}
