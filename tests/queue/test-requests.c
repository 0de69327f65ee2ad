/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Library requests through libntms: the order of the queue (priorities,
 * arrival, GetNtmsRequestOrder and SetNtmsRequestOrder), CancelNtmsLibraryRequest,
 * the end of a session, DeleteNtmsRequests, inventories as requests, and
 * each documented error. Orders are checked by the order in which requests
 * complete when drives become free one at a time, never by timing. */

#include <pthread.h>
#include <stdio.h>
#include <stdatomic.h>
#include <unistd.h>
#include <systemd/sd-bus.h>

#include "ntms-bus.h"
#include "queue-harness.h"

static const char *const held[] = { "RSM026L6", "RSM027L6", "RSM028L6", "RSM029L6" };

static void hold_all_drives(void) {
        for (size_t i = 0; i < ELEMENTSOF(held); i++)
                assert_ok(qt_mount(qt.h, held[i], NTMS_MOUNT_READ, 0, INFINITE, NULL, NULL));
}

static void finish(void) {
        qt_settle();
        ck_assert_uint_eq(qt_assert_matches_changer(), QT_FULL);
}

static DWORD order_of(const NTMS_GUID *request) {
        DWORD order = 12345;

        assert_ok(GetNtmsRequestOrder(qt.h, (LPNTMS_GUID) request, &order));
        return order;
}

static DWORD state_of(const NTMS_GUID *request) {
        NTMS_OBJECTINFORMATIONA r;

        qt_request(request, &r);
        return r.Info.LibRequest.State;
}

static NTMS_GUID queue_nowait(const char *barcode, int priority) {
        NTMS_GUID request;

        assert_ok(qt_mount(qt.h, barcode, NTMS_MOUNT_READ | NTMS_MOUNT_NOWAIT, priority, INFINITE, NULL, &request));
        qt_wait_request(&request, NTMS_LM_QUEUED, NULL);
        return request;
}

/* Frees one drive after the other and checks that the queued mounts take
 * them in the expected order: each one passes while the rest still wait. */
static void assert_completion_order(NTMS_GUID *requests, size_t n) {
        for (size_t i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA r;

                assert_ok(qt_dismount(qt.h, held[i], NTMS_DISMOUNT_IMMEDIATE));
                qt_wait_request(&requests[i], QT_FINAL, &r);
                ck_assert_msg(r.Info.LibRequest.State == NTMS_LM_PASSED, "request %zu ended in state %u", i,
                              r.Info.LibRequest.State);
                for (size_t j = i + 1; j < n; j++)
                        ck_assert_msg(state_of(&requests[j]) == NTMS_LM_QUEUED,
                                      "request %zu ran before request %zu", j, i);
        }
}

START_TEST(test_priorities_decide_the_order) {
        NTMS_GUID low, highest, normal1, normal2;

        hold_all_drives();
        low = queue_nowait("RSM001L6", NTMS_PRIORITY_LOW);
        highest = queue_nowait("RSM002L6", NTMS_PRIORITY_HIGHEST);
        normal1 = queue_nowait("RSM003L6", NTMS_PRIORITY_NORMAL);
        normal2 = queue_nowait("RSM004L6", NTMS_PRIORITY_NORMAL);

        /* Higher priority first, equal priorities in the order they came. */
        ck_assert_uint_eq(order_of(&highest), 1);
        ck_assert_uint_eq(order_of(&normal1), 2);
        ck_assert_uint_eq(order_of(&normal2), 3);
        ck_assert_uint_eq(order_of(&low), 4);

        assert_completion_order((NTMS_GUID[]) { highest, normal1, normal2, low }, 4);
        /* Ordering is over for requests that ran. */
        ck_assert_uint_eq(order_of(&highest), 0);
        finish();
}
END_TEST

START_TEST(test_set_request_order) {
        NTMS_GUID a, b, c;

        hold_all_drives();
        a = queue_nowait("RSM001L6", 0);
        b = queue_nowait("RSM002L6", 0);
        c = queue_nowait("RSM003L6", 0);
        ck_assert_uint_eq(order_of(&a), 1);
        ck_assert_uint_eq(order_of(&b), 2);
        ck_assert_uint_eq(order_of(&c), 3);

        /* "To process a request immediately, ... set the order number to 1." */
        assert_ok(SetNtmsRequestOrder(qt.h, &c, 1));
        ck_assert_uint_eq(order_of(&c), 1);
        ck_assert_uint_eq(order_of(&a), 2);
        ck_assert_uint_eq(order_of(&b), 3);
        /* "To defer processing, ... 0xFFFFFFFF." */
        assert_ok(SetNtmsRequestOrder(qt.h, &a, 0xFFFFFFFF));
        ck_assert_uint_eq(order_of(&c), 1);
        ck_assert_uint_eq(order_of(&b), 2);
        ck_assert_uint_eq(order_of(&a), 3);

        assert_completion_order((NTMS_GUID[]) { c, b, a }, 3);
        assert_ok(qt_dismount(qt.h, held[3], NTMS_DISMOUNT_IMMEDIATE));
        finish();
}
END_TEST

START_TEST(test_request_order_errors) {
        NTMS_GUID other = random_guid(), request, drive;
        DWORD order;

        assert_err(GetNtmsRequestOrder(qt.h, &other, &order), ERROR_OBJECT_NOT_FOUND);
        assert_err(SetNtmsRequestOrder(qt.h, &other, 1), ERROR_OBJECT_NOT_FOUND);
        assert_err(GetNtmsRequestOrder(qt.h, &qt.library, &order), ERROR_OBJECT_NOT_FOUND);
        /* "The library request identifier is missing." */
        assert_err(GetNtmsRequestOrder(qt.h, NULL, &order), ERROR_INVALID_PARAMETER);
        assert_err(GetNtmsRequestOrder(qt.h, &other, NULL), ERROR_INVALID_PARAMETER);
        assert_err(SetNtmsRequestOrder(qt.h, NULL, 1), ERROR_INVALID_PARAMETER);
        assert_err(GetNtmsRequestOrder(NULL, &other, &order), ERROR_INVALID_HANDLE);
        assert_err(SetNtmsRequestOrder(INVALID_HANDLE_VALUE, &other, 1), ERROR_INVALID_HANDLE);

        /* A request that is over has order number 0, which cannot be changed. */
        assert_ok(qt_mount(qt.h, "RSM001L6", NTMS_MOUNT_READ, 0, INFINITE, &drive, &request));
        ck_assert_uint_eq(order_of(&request), 0);
        assert_err(SetNtmsRequestOrder(qt.h, &request, 1), ERROR_OBJECT_NOT_FOUND);
        assert_ok(qt_dismount(qt.h, "RSM001L6", NTMS_DISMOUNT_IMMEDIATE));
        qt_wait_home("RSM001L6");

        /* Order numbers start at 1. */
        hold_all_drives();
        {
                NTMS_GUID queued = queue_nowait("RSM002L6", 0);

                assert_err(SetNtmsRequestOrder(qt.h, &queued, 0), ERROR_INVALID_PARAMETER);
                assert_ok(CancelNtmsLibraryRequest(qt.h, &queued));
        }
        finish();
}
END_TEST

typedef struct MountThread {
        const char *barcode;
        DWORD result;
        atomic_bool done;
} MountThread;

static void *mount_thread(void *userdata) {
        MountThread *t = userdata;
        HANDLE h = OpenNtmsSessionA(NULL, "mount-thread", 0);

        t->result = h == INVALID_HANDLE_VALUE ? GetLastError() : qt_mount(h, t->barcode, NTMS_MOUNT_READ, 0, INFINITE, NULL, NULL);
        if (h != INVALID_HANDLE_VALUE)
                (void) CloseNtmsSession(h);
        atomic_store(&t->done, true);
        return NULL;
}

/* The request of a mount of the side, once it is queued. */
static NTMS_GUID wait_queued(const char *barcode) {
        NTMS_GUID side = qt_side(barcode);
        NTMS_OBJECTINFORMATIONA r;
        NTMS_GUID *list = NULL;

        for (unsigned i = 0; i < 2400; i++) {
                DWORD n = qt_enumerate(&qt.library, NTMS_LIBREQUEST, &list);

                for (DWORD j = 0; j < n; j++) {
                        qt_request(&list[j], &r);
                        if (guid_eq(&r.Info.LibRequest.PartitionId, &side) &&
                            r.Info.LibRequest.State == NTMS_LM_QUEUED) {
                                free(list);
                                return r.ObjectGuid;
                        }
                }
                free(list);
                usleep(50000);
        }
        ck_abort_msg("the mount of %s was never queued", barcode);
        return (NTMS_GUID) {};
}

START_TEST(test_cancel_queued) {
        MountThread t = { .barcode = "RSM005L6" };
        NTMS_OBJECTINFORMATIONA r;
        NTMS_GUID nowait, waiting;
        pthread_t thread;

        hold_all_drives();

        nowait = queue_nowait("RSM004L6", 0);
        assert_ok(CancelNtmsLibraryRequest(qt.h, &nowait));
        qt_request(&nowait, &r);
        ck_assert_uint_eq(r.Info.LibRequest.State, NTMS_LM_CANCELLED);
        ck_assert_uint_eq(r.Info.LibRequest.dwErrorCode, ERROR_CANCELLED);

        /* The caller who waits hears ERROR_CANCELLED. */
        ck_assert_int_eq(pthread_create(&thread, NULL, mount_thread, &t), 0);
        waiting = wait_queued("RSM005L6");
        assert_ok(CancelNtmsLibraryRequest(qt.h, &waiting));
        ck_assert_int_eq(pthread_join(thread, NULL), 0);
        assert_err(t.result, ERROR_CANCELLED);
        qt_request(&waiting, &r);
        ck_assert_uint_eq(r.Info.LibRequest.State, NTMS_LM_CANCELLED);

        /* Cancelled once, it is over: not found. */
        assert_err(CancelNtmsLibraryRequest(qt.h, &waiting), ERROR_OBJECT_NOT_FOUND);
        finish();
}
END_TEST

/* What an unprivileged process tries, one function at a time. */
typedef enum NobodyTries {
        NOBODY_CANCELS,
        NOBODY_GETS_ORDER,
        NOBODY_SETS_ORDER,
        NOBODY_DELETES,
        NOBODY_EMPTIES_DRIVE,
} NobodyTries;

typedef struct Nobody {
        NobodyTries what;
        NTMS_GUID object;
} Nobody;

static int nobody_calls(void *userdata) {
        const Nobody *n = userdata;
        NTMS_GUID object = n->object;
        DWORD order, e = ERROR_SUCCESS;
        HANDLE h;

        h = OpenNtmsSessionA(NULL, "nobody", 0);
        if (h == INVALID_HANDLE_VALUE)
                return 10;
        switch (n->what) {
        case NOBODY_CANCELS:
                e = CancelNtmsLibraryRequest(h, &object);
                break;
        case NOBODY_GETS_ORDER:
                e = GetNtmsRequestOrder(h, &object, &order);
                break;
        case NOBODY_SETS_ORDER:
                e = SetNtmsRequestOrder(h, &object, 1);
                break;
        case NOBODY_DELETES:
                e = DeleteNtmsRequests(h, &object, NTMS_LIBREQUEST, 1);
                break;
        case NOBODY_EMPTIES_DRIVE:
                e = DismountNtmsDrive(h, &object);
                break;
        }
        (void) CloseNtmsSession(h);
        return e == ERROR_ACCESS_DENIED ? 0 : 11;
}

static void assert_nobody_denied(NobodyTries what, const NTMS_GUID *object) {
        Nobody n = { .what = what, .object = *object };
        int status = harness_run_as_nobody(nobody_calls, &n);

        ck_assert_msg(status == 0, "an unprivileged caller was not refused (step %d)", status);
}

/* "Only an administrator of the RSM server can cancel library requests." */
START_TEST(test_cancel_access_denied) {
        NTMS_GUID queued;

        hold_all_drives();
        queued = queue_nowait("RSM002L6", 0);
        assert_nobody_denied(NOBODY_CANCELS, &queued);
        ck_assert_uint_eq(state_of(&queued), NTMS_LM_QUEUED);
        assert_ok(CancelNtmsLibraryRequest(qt.h, &queued));
        finish();
}
END_TEST

/* NTMS_CONTROL_ACCESS to the computer. */
START_TEST(test_request_order_access_denied) {
        NTMS_GUID queued;

        hold_all_drives();
        queued = queue_nowait("RSM002L6", 0);
        assert_nobody_denied(NOBODY_GETS_ORDER, &queued);
        assert_nobody_denied(NOBODY_SETS_ORDER, &queued);
        assert_ok(CancelNtmsLibraryRequest(qt.h, &queued));
        finish();
}
END_TEST

/* NTMS_MODIFY_ACCESS to the computer. */
START_TEST(test_delete_requests_access_denied) {
        NTMS_GUID passed;
        NTMS_OBJECTINFORMATIONA r;

        assert_ok(qt_mount(qt.h, "RSM001L6", NTMS_MOUNT_READ, 0, INFINITE, NULL, &passed));
        assert_nobody_denied(NOBODY_DELETES, &passed);
        qt_request(&passed, &r);
        ck_assert_uint_eq(r.Info.LibRequest.State, NTMS_LM_PASSED);
        assert_ok(qt_dismount(qt.h, "RSM001L6", NTMS_DISMOUNT_IMMEDIATE));
        finish();
}
END_TEST

/* NTMS_MODIFY_ACCESS to the library. */
START_TEST(test_dismount_drive_access_denied) {
        NTMS_GUID drive;
        NTMS_OBJECTINFORMATIONA d;

        assert_ok(qt_mount(qt.h, "RSM001L6", NTMS_MOUNT_READ, 0, INFINITE, &drive, NULL));
        assert_ok(qt_dismount(qt.h, "RSM001L6", NTMS_DISMOUNT_DEFERRED));
        assert_nobody_denied(NOBODY_EMPTIES_DRIVE, &drive);
        qt_info(&drive, NTMS_DRIVE, &d);
        ck_assert_uint_eq(d.Info.Drive.State, NTMS_DRIVESTATE_DISMOUNTABLE);
        assert_ok(DismountNtmsDrive(qt.h, &drive));
        qt_wait_home("RSM001L6");
        finish();
}
END_TEST

START_TEST(test_cancel_errors) {
        NTMS_GUID other = random_guid(), passed, running;
        NTMS_OBJECTINFORMATIONA r;

        assert_err(CancelNtmsLibraryRequest(qt.h, &other), ERROR_OBJECT_NOT_FOUND);
        assert_err(CancelNtmsLibraryRequest(qt.h, NULL), ERROR_INVALID_PARAMETER);
        assert_err(CancelNtmsLibraryRequest(NULL, &other), ERROR_INVALID_HANDLE);

        /* "This error occurs if the request is completed prior to issuing the cancel." */
        assert_ok(qt_mount(qt.h, "RSM001L6", NTMS_MOUNT_READ, 0, INFINITE, NULL, &passed));
        assert_err(CancelNtmsLibraryRequest(qt.h, &passed), ERROR_OBJECT_NOT_FOUND);
        assert_ok(qt_dismount(qt.h, "RSM001L6", NTMS_DISMOUNT_IMMEDIATE));
        qt_wait_home("RSM001L6");

        /* "... if the request is currently being handled and cannot be deleted": the
         * drives stop answering, and a mount stays in process with its cartridge in
         * the drive until they answer again. */
        qt_pause_drives(true);
        assert_ok(qt_mount(qt.h, "RSM002L6", NTMS_MOUNT_READ | NTMS_MOUNT_NOWAIT, 0, INFINITE, NULL, &running));
        qt_wait_request(&running, NTMS_LM_INPROCESS, NULL);
        assert_err(CancelNtmsLibraryRequest(qt.h, &running), ERROR_ACCESS_DENIED);

        qt_pause_drives(false);
        qt_wait_request(&running, QT_FINAL, &r);
        ck_assert_uint_eq(r.Info.LibRequest.State, NTMS_LM_PASSED);
        assert_ok(qt_dismount(qt.h, "RSM002L6", NTMS_DISMOUNT_IMMEDIATE));
        finish();
}
END_TEST

/* Closing a session cancels its requests that wait: a waiting MountMedia
 * call of that session is answered ERROR_CANCELLED. The call and the close
 * go over one connection of our own, since a libntms session serialises its
 * calls. */
static int on_mount_reply(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        const sd_bus_error *e = sd_bus_message_get_error(m);
        char *name = userdata;

        snprintf(name, 128, "%s", e ? e->name : "success");
        return 0;
}

START_TEST(test_session_close_cancels) {
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *opened = NULL, *closed = NULL, *mount = NULL;
        _cleanup_(sd_bus_slot_unrefp) sd_bus_slot *slot = NULL;
        sd_bus_error error = SD_BUS_ERROR_NULL;
        char side[NTMS_GUID_STRING_MAX], answer[128] = "";
        NTMS_GUID s = qt_side("RSM006L6"), request;
        NTMS_OBJECTINFORMATIONA info;
        const char *path;

        hold_all_drives();
        guid_str(&s, side);

        ck_assert_int_eq(sd_bus_open_system(&bus), 0);
        ck_assert_int_ge(sd_bus_call_method(bus, NTMS_BUS_NAME, NTMS_BUS_MANAGER_PATH, NTMS_BUS_MANAGER_IFACE,
                                            "OpenSession", &error, &opened, "ssu", "", "closer", 0), 0);
        ck_assert_int_ge(sd_bus_message_read(opened, "o", &path), 0);
        ck_assert_int_ge(sd_bus_message_new_method_call(bus, &mount, NTMS_BUS_NAME, path, NTMS_BUS_SESSION_IFACE,
                                                        "MountMedia"), 0);
        ck_assert_int_ge(sd_bus_message_append(mount, "asasuiu", 1, side, 0, NTMS_MOUNT_READ, 0, INFINITE), 0);
        ck_assert_int_ge(sd_bus_call_async(bus, &slot, mount, on_mount_reply, answer, UINT64_MAX), 0);

        request = wait_queued("RSM006L6");
        ck_assert_int_ge(sd_bus_call_method(bus, NTMS_BUS_NAME, path, NTMS_BUS_SESSION_IFACE, "CloseSession",
                                            &error, &closed, ""), 0);
        while (!answer[0]) {
                ck_assert_int_ge(sd_bus_process(bus, NULL), 0);
                if (!answer[0])
                        ck_assert_int_ge(sd_bus_wait(bus, UINT64_MAX), 0);
        }
        ck_assert_str_eq(answer, NTMS_BUS_ERROR_PREFIX "Cancelled");

        qt_request(&request, &info);
        ck_assert_uint_eq(info.Info.LibRequest.State, NTMS_LM_CANCELLED);
        ck_assert_uint_eq(info.Info.LibRequest.dwErrorCode, ERROR_CANCELLED);
        finish();
}
END_TEST

START_TEST(test_delete_requests) {
        NTMS_GUID passed, queued, other = random_guid();
        NTMS_OBJECTINFORMATIONA info;

        assert_ok(qt_mount(qt.h, "RSM001L6", NTMS_MOUNT_READ, 0, INFINITE, NULL, &passed));
        assert_ok(qt_dismount(qt.h, "RSM001L6", NTMS_DISMOUNT_IMMEDIATE));
        qt_wait_home("RSM001L6");
        hold_all_drives();
        queued = queue_nowait("RSM002L6", 0);

        /* Finished requests go, the others stay; unknown ones are no error. */
        assert_ok(DeleteNtmsRequests(qt.h, (NTMS_GUID[]) { passed, queued, other }, NTMS_LIBREQUEST, 3));
        info_init_a(&info, NTMS_LIBREQUEST);
        assert_err(GetNtmsObjectInformationA(qt.h, &passed, &info), ERROR_OBJECT_NOT_FOUND);
        ck_assert_uint_eq(state_of(&queued), NTMS_LM_QUEUED);

        /* Operator requests are another kind: a library request is not one. */
        assert_ok(CancelNtmsLibraryRequest(qt.h, &queued));
        assert_ok(DeleteNtmsRequests(qt.h, &queued, NTMS_OPREQUEST, 1));
        ck_assert_uint_eq(state_of(&queued), NTMS_LM_CANCELLED);
        assert_ok(DeleteNtmsRequests(qt.h, &queued, NTMS_LIBREQUEST, 1));
        assert_err(GetNtmsObjectInformationA(qt.h, &queued, &info), ERROR_OBJECT_NOT_FOUND);

        /* "The type identifier is not valid." */
        assert_err(DeleteNtmsRequests(qt.h, &other, NTMS_LIBRARY, 1), ERROR_INVALID_PARAMETER);
        assert_err(DeleteNtmsRequests(qt.h, NULL, NTMS_LIBREQUEST, 1), ERROR_INVALID_PARAMETER);
        assert_err(DeleteNtmsRequests(qt.h, &other, NTMS_LIBREQUEST, 0), ERROR_INVALID_PARAMETER);
        assert_err(DeleteNtmsRequests(NULL, &other, NTMS_LIBREQUEST, 1), ERROR_INVALID_HANDLE);
        finish();
}
END_TEST

START_TEST(test_inventory_is_a_request) {
        NTMS_OBJECTINFORMATIONA lib, r;
        NTMS_GUID *list = NULL;
        DWORD n, inventories = 0;

        assert_ok(InventoryNtmsLibrary(qt.h, &qt.library, NTMS_INVENTORY_FAST));
        n = qt_enumerate(&qt.library, NTMS_LIBREQUEST, &list);
        for (DWORD i = 0; i < n; i++) {
                qt_request(&list[i], &r);
                if (r.Info.LibRequest.OperationCode != NTMS_LM_INVENTORY)
                        continue;
                ck_assert_uint_eq(r.Info.LibRequest.State, NTMS_LM_PASSED);
                ck_assert_uint_eq(r.Info.LibRequest.OperationOption, NTMS_INVENTORY_FAST);
                ck_assert(guid_eq(&r.Info.LibRequest.Library, &qt.library));
                inventories++;
        }
        /* The setup's and this one. */
        ck_assert_uint_eq(inventories, 2);
        free(list);

        /* Only current requests count in the library. */
        qt_info(&qt.library, NTMS_LIBRARY, &lib);
        ck_assert_uint_eq(lib.Info.Library.dwNumberOfLibRequests, 0);
        finish();
}
END_TEST

static int nobody_mounts(void *userdata) {
        NTMS_GUID *side = userdata, drive;
        HANDLE h;

        h = OpenNtmsSessionA(NULL, "nobody", 0);
        if (h == INVALID_HANDLE_VALUE)
                return 10;
        /* NTMS_USE_ACCESS: everyone may use media. */
        if (MountNtmsMedia(h, side, &drive, 1, NTMS_MOUNT_READ, 0, INFINITE, NULL) != ERROR_SUCCESS)
                return 11;
        if (DismountNtmsMedia(h, side, 1, NTMS_DISMOUNT_IMMEDIATE) != ERROR_SUCCESS)
                return 12;
        (void) CloseNtmsSession(h);
        return 0;
}

START_TEST(test_everyone_mounts) {
        NTMS_GUID side = qt_side("RSM003L6");
        NTMS_OBJECTINFORMATIONA r;
        int status;

        status = harness_run_as_nobody(nobody_mounts, &side);
        ck_assert_msg(status == 0, "the unprivileged child failed at step %d", status);
        qt_find_request(&side, NULL, NTMS_LM_MOUNT, &r);
        ck_assert_str_eq(r.Info.LibRequest.szUser, "nobody");
        qt_wait_home("RSM003L6");
        finish();
}
END_TEST

/* The robot is one resource and each drive another: while one drive does
 * not finish its unload, the robot moves a cartridge into another. */
START_TEST(test_robot_moves_while_a_drive_unloads) {
        NTMS_GUID side_a = qt_side("RSM001L6"), mount_b;
        NTMS_OBJECTINFORMATIONA dismount_a, r;
        bool b_in_drive = false;

        assert_ok(qt_mount(qt.h, "RSM001L6", NTMS_MOUNT_READ, 0, INFINITE, NULL, NULL));
        qt_pause_drives(true);
        assert_ok(qt_dismount(qt.h, "RSM001L6", NTMS_DISMOUNT_IMMEDIATE));
        qt_find_request(&side_a, NULL, NTMS_LM_DISMOUNT, &dismount_a);
        qt_wait_request(&dismount_a.ObjectGuid, NTMS_LM_INPROCESS, NULL);

        assert_ok(qt_mount(qt.h, "RSM002L6", NTMS_MOUNT_READ | NTMS_MOUNT_NOWAIT, 0, INFINITE, NULL, &mount_b));
        for (unsigned i = 0; i < 2400 && !b_in_drive; i++) {
                for (unsigned d = 0; d < QT_DRIVES && !b_in_drive; d++) {
                        char in_drive[40];

                        qt_changer_drive(d, in_drive);
                        b_in_drive = streq(in_drive, "RSM002L6");
                }
                if (!b_in_drive)
                        usleep(50000);
        }
        ck_assert_msg(b_in_drive, "the robot never moved RSM002L6 while a drive unloaded");
        ck_assert_uint_eq(state_of(&dismount_a.ObjectGuid), NTMS_LM_INPROCESS);

        qt_pause_drives(false);
        qt_wait_request(&mount_b, QT_FINAL, &r);
        ck_assert_uint_eq(r.Info.LibRequest.State, NTMS_LM_PASSED);
        qt_wait_request(&dismount_a.ObjectGuid, NTMS_LM_PASSED, NULL);
        qt_wait_home("RSM001L6");
        assert_ok(qt_dismount(qt.h, "RSM002L6", NTMS_DISMOUNT_IMMEDIATE));
        finish();
}
END_TEST

static void setup_with_relay(void) {
        qt_use_drive_relay();
        qt_setup();
}

int main(void) {
        Suite *s;
        TCase *tc;

        if (vtl_available() < 0)
                return 77;

        s = suite_create("queue-requests");
        tc = tcase_create("requests");
        tcase_add_checked_fixture(tc, qt_setup, qt_teardown);
        tcase_set_timeout(tc, 240);
        tcase_add_test(tc, test_priorities_decide_the_order);
        tcase_add_test(tc, test_set_request_order);
        tcase_add_test(tc, test_request_order_errors);
        tcase_add_test(tc, test_cancel_queued);
        tcase_add_test(tc, test_session_close_cancels);
        tcase_add_test(tc, test_delete_requests);
        tcase_add_test(tc, test_inventory_is_a_request);
        tcase_add_test(tc, test_everyone_mounts);
        tcase_add_test(tc, test_cancel_access_denied);
        tcase_add_test(tc, test_request_order_access_denied);
        tcase_add_test(tc, test_delete_requests_access_denied);
        tcase_add_test(tc, test_dismount_drive_access_denied);
        suite_add_tcase(s, tc);

        tc = tcase_create("relay");
        tcase_add_checked_fixture(tc, setup_with_relay, qt_teardown);
        tcase_set_timeout(tc, 240);
        tcase_add_test(tc, test_cancel_errors);
        tcase_add_test(tc, test_robot_moves_while_a_drive_unloads);
        suite_add_tcase(s, tc);
        return run_suite(s);
}
