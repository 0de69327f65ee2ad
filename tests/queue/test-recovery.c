/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* rsmd killed (SIGKILL) while library requests run or wait, and started
 * again over the same database: the element status is read again, the
 * database agrees with the changer, the requests end as documented (in
 * process: FAILED with ERROR_INVALID_STATE; queued mounts and inventories:
 * CANCELLED; queued dismounts: queued again and done), and the medium can
 * be mounted again. A request is held in process without any timing: the
 * drives' commands are held in a relay (the cartridge is in the drive, the
 * drive does not answer), or tgtd is stopped (nothing answers). */

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <unistd.h>

#include "queue-harness.h"

static void setup(void) {
        qt_use_drive_relay();
        qt_setup();
}

static void finish(void) {
        qt_settle();
        ck_assert_uint_eq(qt_assert_matches_changer(), QT_FULL);
}

/* The drive that holds the barcode per the changer, or -1. */
static int changer_drive_of(const char *barcode) {
        for (unsigned i = 0; i < QT_DRIVES; i++) {
                char in_drive[40];

                qt_changer_drive(i, in_drive);
                if (streq(in_drive, barcode))
                        return (int) i;
        }
        return -1;
}

static void wait_in_drive(const char *barcode) {
        for (unsigned i = 0; i < 2400; i++) {
                if (changer_drive_of(barcode) >= 0)
                        return;
                usleep(50000);
        }
        ck_abort_msg("%s never reached a drive", barcode);
}

static void assert_ended(const NTMS_GUID *request, DWORD state, DWORD error) {
        NTMS_OBJECTINFORMATIONA r;

        qt_wait_request(request, QT_FINAL, &r);
        ck_assert_msg(r.Info.LibRequest.State == state, "request ended in state %u, expected %u",
                      r.Info.LibRequest.State, state);
        ck_assert_msg(r.Info.LibRequest.dwErrorCode == error, "dwErrorCode %s, expected %s",
                      ntms_error_name(r.Info.LibRequest.dwErrorCode), ntms_error_name(error));
}

static void mount_again_and_home(const char *barcode) {
        NTMS_GUID drive, request;

        assert_ok(qt_mount(qt.h, barcode, NTMS_MOUNT_READ, 0, INFINITE, &drive, &request));
        assert_ok(qt_dismount(qt.h, barcode, NTMS_DISMOUNT_IMMEDIATE));
        qt_wait_home(barcode);
        finish();
}

typedef struct InventoryThread {
        DWORD result;
} InventoryThread;

static void *inventory_thread(void *userdata) {
        InventoryThread *t = userdata;
        HANDLE h = OpenNtmsSessionA(NULL, "inventory-thread", 0);

        t->result = h == INVALID_HANDLE_VALUE ? GetLastError() : InventoryNtmsLibrary(h, &qt.library, NTMS_INVENTORY_FAST);
        if (h != INVALID_HANDLE_VALUE)
                (void) CloseNtmsSession(h);
        return NULL;
}

/* The request of the library's inventory, once it is in the given state. */
static NTMS_GUID wait_inventory(DWORD state) {
        for (unsigned i = 0; i < 2400; i++) {
                NTMS_GUID *list = NULL;
                DWORD n = qt_enumerate(&qt.library, NTMS_LIBREQUEST, &list);

                for (DWORD j = 0; j < n; j++) {
                        NTMS_OBJECTINFORMATIONA r;

                        qt_request(&list[j], &r);
                        if (r.Info.LibRequest.OperationCode == NTMS_LM_INVENTORY && r.Info.LibRequest.State == state) {
                                free(list);
                                return r.ObjectGuid;
                        }
                }
                free(list);
                usleep(50000);
        }
        ck_abort_msg("no inventory in state %u", state);
        return (NTMS_GUID) {};
}

/* The robot put the cartridge in the drive, the drive does not answer yet,
 * an inventory and another mount wait behind the mount: rsmd dies. */
START_TEST(test_killed_after_the_move) {
        NTMS_GUID mount, behind, inventory;
        InventoryThread t = {};
        pthread_t thread;
        int drive;

        qt_pause_drives(true);
        assert_ok(qt_mount(qt.h, "RSM000L6", NTMS_MOUNT_READ | NTMS_MOUNT_NOWAIT, 0, INFINITE, NULL, &mount));
        qt_wait_request(&mount, NTMS_LM_INPROCESS, NULL);
        wait_in_drive("RSM000L6");
        drive = changer_drive_of("RSM000L6");

        ck_assert_int_eq(pthread_create(&thread, NULL, inventory_thread, &t), 0);
        inventory = wait_inventory(NTMS_LM_QUEUED);
        /* Nothing behind a waiting inventory overtakes it. */
        assert_ok(qt_mount(qt.h, "RSM001L6", NTMS_MOUNT_READ | NTMS_MOUNT_NOWAIT, 0, INFINITE, NULL, &behind));
        qt_wait_request(&behind, NTMS_LM_QUEUED, NULL);

        qt_kill_and_restart();
        ck_assert_int_eq(pthread_join(thread, NULL), 0);
        ck_assert_uint_ne(t.result, ERROR_SUCCESS);

        assert_ended(&mount, NTMS_LM_FAILED, ERROR_INVALID_STATE);
        assert_ended(&inventory, NTMS_LM_CANCELLED, ERROR_CANCELLED);
        assert_ended(&behind, NTMS_LM_CANCELLED, ERROR_CANCELLED);

        /* The cartridge is recorded in the drive it was found in, dismountable. */
        finish();
        {
                NTMS_GUID medium = qt_medium("RSM000L6");
                NTMS_OBJECTINFORMATIONA m, d;

                qt_info(&medium, NTMS_PHYSICAL_MEDIA, &m);
                ck_assert(guid_eq(&m.Info.PhysicalMedia.Location, &qt.drives[drive]));
                ck_assert_uint_eq(m.Info.PhysicalMedia.MediaState, NTMS_MEDIASTATE_UNLOADED);
                qt_info(&qt.drives[drive], NTMS_DRIVE, &d);
                ck_assert_uint_eq(d.Info.Drive.State, NTMS_DRIVESTATE_DISMOUNTABLE);
        }
        mount_again_and_home("RSM000L6");
}
END_TEST

/* Nothing answers: the mount is in process, no cartridge moved yet. */
START_TEST(test_killed_before_the_move) {
        NTMS_GUID mount, medium = qt_medium("RSM002L6");
        NTMS_OBJECTINFORMATIONA m;

        qt_pause_library(true);
        assert_ok(qt_mount(qt.h, "RSM002L6", NTMS_MOUNT_READ | NTMS_MOUNT_NOWAIT, 0, INFINITE, NULL, &mount));
        qt_wait_request(&mount, NTMS_LM_INPROCESS, NULL);

        qt_kill_and_restart();
        assert_ended(&mount, NTMS_LM_FAILED, ERROR_INVALID_STATE);
        finish();
        qt_info(&medium, NTMS_PHYSICAL_MEDIA, &m);
        ck_assert_uint_eq(m.Info.PhysicalMedia.LocationType, NTMS_STORAGESLOT);
        ck_assert(guid_eq(&m.Info.PhysicalMedia.Location, &m.Info.PhysicalMedia.HomeSlot));
        mount_again_and_home("RSM002L6");
}
END_TEST

/* The drive is unloading for a dismount when rsmd dies. */
START_TEST(test_killed_during_a_dismount) {
        NTMS_GUID drive, side = qt_side("RSM003L6");
        NTMS_OBJECTINFORMATIONA r;

        assert_ok(qt_mount(qt.h, "RSM003L6", NTMS_MOUNT_READ, 0, INFINITE, &drive, NULL));
        qt_pause_drives(true);
        assert_ok(qt_dismount(qt.h, "RSM003L6", NTMS_DISMOUNT_IMMEDIATE));
        qt_find_request(&side, NULL, NTMS_LM_DISMOUNT, &r);
        qt_wait_request(&r.ObjectGuid, NTMS_LM_INPROCESS, NULL);

        qt_kill_and_restart();
        assert_ended(&r.ObjectGuid, NTMS_LM_FAILED, ERROR_INVALID_STATE);
        finish();
        mount_again_and_home("RSM003L6");
}
END_TEST

/* A dismount waits behind a running inventory when rsmd dies: the next rsmd
 * queues it again, and the cartridge goes home. */
START_TEST(test_queued_dismount_is_queued_again) {
        NTMS_GUID side = qt_side("RSM004L6"), inventory;
        NTMS_OBJECTINFORMATIONA r;
        InventoryThread t = {};
        pthread_t thread;

        assert_ok(qt_mount(qt.h, "RSM004L6", NTMS_MOUNT_READ, 0, INFINITE, NULL, NULL));
        qt_pause_library(true);
        ck_assert_int_eq(pthread_create(&thread, NULL, inventory_thread, &t), 0);
        inventory = wait_inventory(NTMS_LM_INPROCESS);
        assert_ok(qt_dismount(qt.h, "RSM004L6", NTMS_DISMOUNT_IMMEDIATE));
        qt_find_request(&side, NULL, NTMS_LM_DISMOUNT, &r);
        ck_assert_uint_eq(r.Info.LibRequest.State, NTMS_LM_QUEUED);

        qt_kill_and_restart();
        ck_assert_int_eq(pthread_join(thread, NULL), 0);
        assert_ended(&inventory, NTMS_LM_FAILED, ERROR_INVALID_STATE);
        assert_ended(&r.ObjectGuid, NTMS_LM_PASSED, ERROR_SUCCESS);
        qt_wait_home("RSM004L6");
        finish();
        mount_again_and_home("RSM004L6");
}
END_TEST

typedef struct MountThread {
        DWORD result;
} MountThread;

static void *mount_thread(void *userdata) {
        MountThread *t = userdata;
        HANDLE h = OpenNtmsSessionA(NULL, "mount-thread", 0);

        t->result = h == INVALID_HANDLE_VALUE ? GetLastError() :
                    qt_mount(h, "RSM005L6", NTMS_MOUNT_READ, 0, INFINITE, NULL, NULL);
        if (h != INVALID_HANDLE_VALUE)
                (void) CloseNtmsSession(h);
        return NULL;
}

/* rsmd stops in order (SIGTERM): a caller waiting for a mount hears
 * ERROR_CANCELLED before the bus goes, and its request is cancelled. */
START_TEST(test_stopped_while_a_mount_waits) {
        static const char *const held[] = { "RSM026L6", "RSM027L6", "RSM028L6", "RSM029L6" };
        NTMS_GUID side = qt_side("RSM005L6");
        NTMS_OBJECTINFORMATIONA r;
        MountThread t = {};
        pthread_t thread;

        for (size_t i = 0; i < ELEMENTSOF(held); i++)
                assert_ok(qt_mount(qt.h, held[i], NTMS_MOUNT_READ, 0, INFINITE, NULL, NULL));
        ck_assert_int_eq(pthread_create(&thread, NULL, mount_thread, &t), 0);
        for (unsigned i = 0; i < 2400; i++) {
                NTMS_GUID *list = NULL;
                DWORD n = qt_enumerate(&qt.library, NTMS_LIBREQUEST, &list);
                bool queued = false;

                for (DWORD j = 0; j < n && !queued; j++) {
                        qt_request(&list[j], &r);
                        queued = guid_eq(&r.Info.LibRequest.PartitionId, &side) &&
                                 r.Info.LibRequest.State == NTMS_LM_QUEUED;
                }
                free(list);
                if (queued)
                        break;
                usleep(50000);
        }

        qt_restart_rsmd(SIGTERM);
        ck_assert_int_eq(pthread_join(thread, NULL), 0);
        assert_err(t.result, ERROR_CANCELLED);
        qt_find_request(&side, NULL, NTMS_LM_MOUNT, &r);
        ck_assert_uint_eq(r.Info.LibRequest.State, NTMS_LM_CANCELLED);

        /* What was mounted stays mounted across the restart. */
        finish();
        for (size_t i = 0; i < ELEMENTSOF(held); i++) {
                NTMS_GUID medium = qt_medium(held[i]);
                NTMS_OBJECTINFORMATIONA m;

                qt_info(&medium, NTMS_PHYSICAL_MEDIA, &m);
                ck_assert_uint_eq(m.Info.PhysicalMedia.MediaState, NTMS_MEDIASTATE_LOADED);
                assert_ok(qt_dismount(qt.h, held[i], NTMS_DISMOUNT_IMMEDIATE));
        }
        mount_again_and_home("RSM005L6");
}
END_TEST

int main(void) {
        Suite *s;
        TCase *tc;

        if (vtl_available() < 0)
                return 77;

        s = suite_create("queue-recovery");
        tc = tcase_create("recovery");
        tcase_add_checked_fixture(tc, setup, qt_teardown);
        tcase_set_timeout(tc, 240);
        tcase_add_test(tc, test_killed_after_the_move);
        tcase_add_test(tc, test_killed_before_the_move);
        tcase_add_test(tc, test_killed_during_a_dismount);
        tcase_add_test(tc, test_queued_dismount_is_queued_again);
        tcase_add_test(tc, test_stopped_while_a_mount_waits);
        suite_add_tcase(s, tc);
        return run_suite(s);
}
