/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* InjectNtmsCleaner, CleanNtmsDrive and EjectNtmsCleaner through libntms
 * against rsmd and tgt's virtual library: a cleaner put into a port by the
 * operator goes to the reserved cleaner slot with its cleanings, cleans a
 * drive (one cleaning less, the drive's LastCleanedTs), and goes out through
 * a port again; each documented error in its own test. tgt's drives know
 * nothing of cleaning: a cleaner loads like a tape and is ejected, which
 * counts as a cleaning done. */

#include <signal.h>
#include <unistd.h>

#include "queue-harness.h"

#define WAIT_STEPS 1200 /* × 50 ms */

static unsigned port(unsigned i) {
        return qt.vtl->port_addr + i;
}

static NTMS_OBJECTINFORMATIONA library_info(void) {
        NTMS_OBJECTINFORMATIONA l;

        qt_info(&qt.library, NTMS_LIBRARY, &l);
        return l;
}

/* The Content of the port with this Number. */
static DWORD port_content(DWORD number) {
        NTMS_GUID *ports = NULL;
        DWORD content = NTMS_PORTCONTENT_UNKNOWN, n = enumerate_all(qt.h, &qt.library, NTMS_IEPORT, &ports);

        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA info;

                qt_info(&ports[i], NTMS_IEPORT, &info);
                if (info.Info.IEPort.Number == number)
                        content = info.Info.IEPort.Content;
        }
        free(ports);
        return content;
}

/* The last slot is empty in the test library: it becomes the cleaner slot. */
static NTMS_GUID reserve_last_slot(void) {
        NTMS_GUID slot = qt_slot_number(QT_SLOTS);

        assert_ok(ReserveNtmsCleanerSlot(qt.h, &qt.library, &slot));
        return slot;
}

static void wait_end(const NTMS_GUID *request, DWORD operation, DWORD state, DWORD error) {
        NTMS_OBJECTINFORMATIONA r;

        qt_wait_request(request, state, &r);
        ck_assert_uint_eq(r.Info.LibRequest.OperationCode, operation);
        ck_assert_msg(r.Info.LibRequest.dwErrorCode == error, "dwErrorCode %s, expected %s",
                      ntms_error_name(r.Info.LibRequest.dwErrorCode), ntms_error_name(error));
}

/* The operator puts a cleaner with cleanings left into port 0 and rsmd takes it in. */
static void insert_cleaner(DWORD cleanings) {
        NTMS_GUID op = {};

        ck_assert_int_eq(vtl_put(qt.vtl, port(0), "CLN001"), 0);
        assert_ok(InjectNtmsCleaner(qt.h, &qt.library, &op, cleanings, NTMS_INJECT_START));
        wait_end(&op, NTMS_LM_INJECTCLEANER, NTMS_LM_PASSED, ERROR_SUCCESS);
}

/* The cleaning request of the drive that ended last. */
static NTMS_OBJECTINFORMATIONA wait_cleaning(const NTMS_GUID *drive, DWORD state) {
        NTMS_OBJECTINFORMATIONA r;

        for (unsigned i = 0; i < WAIT_STEPS; i++) {
                qt_find_request(NULL, drive, NTMS_LM_CLEANDRIVE, &r);
                if (r.Info.LibRequest.State == state)
                        return r;
                if (qt_request_final(r.Info.LibRequest.State))
                        break;
                usleep(50000);
        }
        ck_abort_msg("the cleaning ended in state %u (%s), expected %u", r.Info.LibRequest.State,
                     ntms_error_name(r.Info.LibRequest.dwErrorCode), state);
        return r;
}

static void finish(unsigned full) {
        qt_settle();
        ck_assert_uint_eq(qt_assert_matches_changer(), full);
}

START_TEST(test_insert_clean_eject) {
        NTMS_GUID slot = reserve_last_slot(), op = {}, drive = qt.drives[1], found;
        NTMS_OBJECTINFORMATIONA l, d;

        insert_cleaner(3);
        l = library_info();
        ck_assert(guid_eq(&l.Info.Library.CleanerSlot, &slot));
        ck_assert(l.Info.Library.dwFlags & NTMS_LIBRARYFLAG_CLEANERPRESENT);
        ck_assert_uint_eq(l.Info.Library.dwCleanerUsesRemaining, 3);
        /* The cleaner is no medium. */
        ck_assert(!qt_find_medium("CLN001", &found));
        finish(QT_FULL + 1);

        assert_ok(CleanNtmsDrive(qt.h, &drive));
        wait_cleaning(&drive, NTMS_LM_PASSED);
        l = library_info();
        ck_assert_uint_eq(l.Info.Library.dwCleanerUsesRemaining, 2);
        qt_info(&drive, NTMS_DRIVE, &d);
        ck_assert_uint_ne(d.Info.Drive.LastCleanedTs.wYear, 0);
        ck_assert_uint_eq(d.Info.Drive.State, NTMS_DRIVESTATE_DISMOUNTED);
        finish(QT_FULL + 1);

        /* Out through a port; the operator takes it. */
        assert_ok(EjectNtmsCleaner(qt.h, &qt.library, &op, NTMS_EJECT_START));
        for (unsigned i = 0; i < WAIT_STEPS && (library_info().Info.Library.dwFlags & NTMS_LIBRARYFLAG_CLEANERPRESENT); i++)
                usleep(50000);
        /* Waiting in the port, recorded as its content but as no medium. */
        for (unsigned i = 0; i < WAIT_STEPS && port_content(1) != NTMS_PORTCONTENT_FULL; i++)
                usleep(50000);
        ck_assert_uint_eq(port_content(1), NTMS_PORTCONTENT_FULL);
        ck_assert(!qt_find_medium("CLN001", &found));
        ck_assert_int_eq(vtl_take(qt.vtl, port(0)), 0);
        wait_end(&op, NTMS_LM_EJECTCLEANER, NTMS_LM_PASSED, ERROR_SUCCESS);
        l = library_info();
        ck_assert(!(l.Info.Library.dwFlags & NTMS_LIBRARYFLAG_CLEANERPRESENT));
        ck_assert_uint_eq(l.Info.Library.dwCleanerUsesRemaining, 0);
        ck_assert(!qt_find_medium("CLN001", &found));
        /* Empty again, the slot can be released. */
        assert_ok(ReleaseNtmsCleanerSlot(qt.h, &qt.library));
        finish(QT_FULL);
}
END_TEST

START_TEST(test_clean_empties_the_drive_first) {
        NTMS_GUID drive;

        reserve_last_slot();
        insert_cleaner(5);
        qt_set_defer_delay(3600);
        assert_ok(qt_mount(qt.h, "RSM000L6", NTMS_MOUNT_READ, NTMS_PRIORITY_NORMAL, INFINITE, &drive, NULL));
        assert_ok(qt_dismount(qt.h, "RSM000L6", NTMS_DISMOUNT_DEFERRED));

        /* The dismounted cartridge would stay an hour: the cleaning takes it home first. */
        assert_ok(CleanNtmsDrive(qt.h, &drive));
        wait_cleaning(&drive, NTMS_LM_PASSED);
        qt_wait_home("RSM000L6");
        ck_assert_uint_eq(library_info().Info.Library.dwCleanerUsesRemaining, 4);
        finish(QT_FULL + 1);
}
END_TEST

START_TEST(test_spent_cleaner) {
        NTMS_GUID drive = qt.drives[0];
        NTMS_OBJECTINFORMATIONA l;

        reserve_last_slot();
        insert_cleaner(1);
        assert_ok(CleanNtmsDrive(qt.h, &drive));
        wait_cleaning(&drive, NTMS_LM_PASSED);
        l = library_info();
        ck_assert_uint_eq(l.Info.Library.dwCleanerUsesRemaining, 0);
        ck_assert(l.Info.Library.dwFlags & NTMS_LIBRARYFLAG_CLEANERPRESENT);
        assert_err(CleanNtmsDrive(qt.h, &drive), ERROR_CLEANER_CARTRIDGE_SPENT);
        finish(QT_FULL + 1);
}
END_TEST

START_TEST(test_inject_cleaner_stopped) {
        NTMS_GUID op = {};
        NTMS_OBJECTINFORMATIONA r;

        reserve_last_slot();
        /* An insert that nobody feeds, stopped. */
        assert_ok(InjectNtmsCleaner(qt.h, &qt.library, &op, 5, NTMS_INJECT_START));
        qt_wait_request(&op, NTMS_LM_INPROCESS, &r);
        assert_ok(InjectNtmsCleaner(qt.h, &qt.library, &op, 5, NTMS_INJECT_STOP));
        wait_end(&op, NTMS_LM_INJECTCLEANER, NTMS_LM_PASSED, ERROR_SUCCESS);
        ck_assert(!(library_info().Info.Library.dwFlags & NTMS_LIBRARYFLAG_CLEANERPRESENT));
        finish(QT_FULL);
}
END_TEST

/* --- each documented error in its own test ------------------------------------------ */

/* The call fails with error and changes nothing: no cleaning used, the
 * library as the changer has it. */
#define ERROR_TEST(name, prepare, call, error)                                          \
        START_TEST(name) {                                                              \
                NTMS_GUID op = {};                                                      \
                DWORD uses, full;                                                       \
                prepare;                                                                \
                uses = library_info().Info.Library.dwCleanerUsesRemaining;              \
                full = QT_FULL + !!(library_info().Info.Library.dwFlags & NTMS_LIBRARYFLAG_CLEANERPRESENT); \
                assert_err(call, error);                                                \
                (void) op;                                                              \
                ck_assert_uint_eq(library_info().Info.Library.dwCleanerUsesRemaining, uses); \
                finish(full);                                                           \
        }                                                                               \
        END_TEST

static NTMS_GUID bogus;
static NTMS_GUID target;

static void with_cleaner(void) {
        reserve_last_slot();
        insert_cleaner(5);
}

static void disable(DWORD type, NTMS_GUID *object) {
        assert_ok(DisableNtmsObject(qt.h, type, object));
}

ERROR_TEST(test_clean_invalid_handle, with_cleaner(), CleanNtmsDrive(NULL, &qt.drives[0]), ERROR_INVALID_HANDLE)
ERROR_TEST(test_clean_no_drive_pointer, with_cleaner(), CleanNtmsDrive(qt.h, NULL), ERROR_INVALID_PARAMETER)
ERROR_TEST(test_clean_invalid_drive, with_cleaner(); bogus = random_guid(), CleanNtmsDrive(qt.h, &bogus),
           ERROR_INVALID_DRIVE)
ERROR_TEST(test_clean_cleaner_slot_not_set, , CleanNtmsDrive(qt.h, &qt.drives[0]), ERROR_CLEANER_SLOT_NOT_SET)
ERROR_TEST(test_clean_invalid_cleaner, reserve_last_slot(), CleanNtmsDrive(qt.h, &qt.drives[0]), ERROR_INVALID_CLEANER)
ERROR_TEST(test_clean_drive_disabled, with_cleaner(); disable(NTMS_DRIVE, &qt.drives[0]),
           CleanNtmsDrive(qt.h, &qt.drives[0]), ERROR_RESOURCE_DISABLED)
ERROR_TEST(test_clean_library_disabled, with_cleaner(); disable(NTMS_LIBRARY, &qt.library),
           CleanNtmsDrive(qt.h, &qt.drives[0]), ERROR_RESOURCE_DISABLED)

ERROR_TEST(test_inject_cleaner_invalid_handle, reserve_last_slot(),
           InjectNtmsCleaner(NULL, &qt.library, &op, 5, NTMS_INJECT_START), ERROR_INVALID_HANDLE)
ERROR_TEST(test_inject_cleaner_not_an_action, reserve_last_slot(),
           InjectNtmsCleaner(qt.h, &qt.library, &op, 5, 7), ERROR_INVALID_PARAMETER)
ERROR_TEST(test_inject_cleaner_invalid_library, bogus = random_guid(),
           InjectNtmsCleaner(qt.h, &bogus, &op, 5, NTMS_INJECT_START), ERROR_INVALID_LIBRARY)
ERROR_TEST(test_inject_cleaner_library_offline, target = qt_offline_library(),
           InjectNtmsCleaner(qt.h, &target, &op, 5, NTMS_INJECT_START), ERROR_LIBRARY_OFFLINE)
ERROR_TEST(test_inject_cleaner_no_slot_set, , InjectNtmsCleaner(qt.h, &qt.library, &op, 5, NTMS_INJECT_START),
           ERROR_NO_SLOT_SET)
ERROR_TEST(test_inject_cleaner_slot_full, with_cleaner(),
           InjectNtmsCleaner(qt.h, &qt.library, &op, 5, NTMS_INJECT_START), ERROR_SLOT_FULL)
ERROR_TEST(test_inject_cleaner_stop_invalid_operation, reserve_last_slot(); op = random_guid(),
           InjectNtmsCleaner(qt.h, &qt.library, &op, 5, NTMS_INJECT_STOP), ERROR_INVALID_OPERATION)
ERROR_TEST(test_inject_cleaner_device_not_available, reserve_last_slot(); disable(NTMS_LIBRARY, &qt.library),
           InjectNtmsCleaner(qt.h, &qt.library, &op, 5, NTMS_INJECT_START), ERROR_DEVICE_NOT_AVAILABLE)

ERROR_TEST(test_eject_cleaner_invalid_handle, with_cleaner(),
           EjectNtmsCleaner(NULL, &qt.library, &op, NTMS_EJECT_START), ERROR_INVALID_HANDLE)
ERROR_TEST(test_eject_cleaner_invalid_library, bogus = random_guid(),
           EjectNtmsCleaner(qt.h, &bogus, &op, NTMS_EJECT_START), ERROR_INVALID_LIBRARY)
ERROR_TEST(test_eject_cleaner_no_slot_set, , EjectNtmsCleaner(qt.h, &qt.library, &op, NTMS_EJECT_START),
           ERROR_NO_SLOT_SET)
ERROR_TEST(test_eject_cleaner_slot_empty, reserve_last_slot(),
           EjectNtmsCleaner(qt.h, &qt.library, &op, NTMS_EJECT_START), ERROR_SLOT_EMPTY)
ERROR_TEST(test_eject_cleaner_stop_invalid_operation, with_cleaner(); op = random_guid(),
           EjectNtmsCleaner(qt.h, &qt.library, &op, NTMS_EJECT_STOP), ERROR_INVALID_OPERATION)
ERROR_TEST(test_eject_cleaner_device_not_available, with_cleaner(); disable(NTMS_LIBRARY, &qt.library),
           EjectNtmsCleaner(qt.h, &qt.library, &op, NTMS_EJECT_START), ERROR_DEVICE_NOT_AVAILABLE)

/* Callers who are not administrators may not work the robot. */
static DWORD clean(HANDLE h) {
        return CleanNtmsDrive(h, &qt.drives[0]);
}

static DWORD inject_cleaner(HANDLE h) {
        NTMS_GUID op = {};

        return InjectNtmsCleaner(h, &qt.library, &op, 5, NTMS_INJECT_START);
}

static DWORD eject_cleaner(HANDLE h) {
        NTMS_GUID op = {};

        return EjectNtmsCleaner(h, &qt.library, &op, NTMS_EJECT_START);
}

ERROR_TEST(test_clean_access_denied, with_cleaner(), qt_denied_to_nobody(clean), 0)
ERROR_TEST(test_inject_cleaner_access_denied, reserve_last_slot(),
           qt_denied_to_nobody(inject_cleaner), 0)
ERROR_TEST(test_eject_cleaner_access_denied, with_cleaner(),
           qt_denied_to_nobody(eject_cleaner), 0)

static NTMS_OBJECTINFORMATIONA last_request(DWORD operation) {
        NTMS_GUID *requests = NULL;
        NTMS_OBJECTINFORMATIONA found = {};
        DWORD n = qt_enumerate(&qt.library, NTMS_LIBREQUEST, &requests);

        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA x;

                qt_request(&requests[i], &x);
                if (x.Info.LibRequest.OperationCode == operation)
                        found = x;
        }
        free(requests);
        ck_assert_uint_eq(found.Info.LibRequest.OperationCode, operation);
        return found;
}

START_TEST(test_sigkill_with_door_open_and_cleaning_queued) {
        NTMS_GUID *doors = NULL, door, drive = qt.drives[0];
        NTMS_OBJECTINFORMATIONA d, door_request, clean_request, gone;

        reserve_last_slot();
        insert_cleaner(5);
        ck_assert_uint_eq(enumerate_all(qt.h, &qt.library, NTMS_IEDOOR, &doors), 1);
        door = doors[0];
        free(doors);

        /* The door stays open (an hour), the cleaning waits behind it. */
        qt_info(&door, NTMS_IEDOOR, &d);
        d.Info.IEDoor.MaxOpenSecs = 3600;
        assert_ok(SetNtmsObjectInformationA(qt.h, &door, &d));
        assert_ok(AccessNtmsLibraryDoor(qt.h, &qt.library, NTMS_INVENTORY_NONE));
        door_request = last_request(NTMS_LM_DOORACCESS);
        qt_wait_request(&door_request.ObjectGuid, NTMS_LM_INPROCESS, &door_request);
        qt_info(&door, NTMS_IEDOOR, &d);
        ck_assert_uint_eq(d.Info.IEDoor.State, NTMS_DOORSTATE_OPEN);
        assert_ok(CleanNtmsDrive(qt.h, &drive));
        clean_request = last_request(NTMS_LM_CLEANDRIVE);
        ck_assert_uint_eq(clean_request.Info.LibRequest.State, NTMS_LM_QUEUED);

        qt_restart_rsmd(SIGKILL);

        /* The door request failed and the door counts as closed; the queued
         * cleaning is gone, as the documentation says. */
        qt_wait_request(&door_request.ObjectGuid, QT_FINAL, &door_request);
        ck_assert_uint_eq(door_request.Info.LibRequest.State, NTMS_LM_FAILED);
        qt_info(&door, NTMS_IEDOOR, &d);
        ck_assert_uint_eq(d.Info.IEDoor.State, NTMS_DOORSTATE_CLOSED);
        gone.dwSize = sizeof gone;
        gone.dwType = NTMS_LIBREQUEST;
        assert_err(GetNtmsObjectInformationA(qt.h, &clean_request.ObjectGuid, &gone), ERROR_OBJECT_NOT_FOUND);
        ck_assert_uint_eq(library_info().Info.Library.dwCleanerUsesRemaining, 5);
        finish(QT_FULL + 1);
}
END_TEST

START_TEST(test_sigkill_while_cleaning) {
        NTMS_GUID drive = qt.drives[2], found;
        NTMS_OBJECTINFORMATIONA r, d;
        char in_drive[40];

        reserve_last_slot();
        insert_cleaner(5);

        /* The drive falls silent once the cleaner is in it: rsmd dies there. */
        qt_pause_drives(true);
        assert_ok(CleanNtmsDrive(qt.h, &drive));
        r = wait_cleaning(&drive, NTMS_LM_INPROCESS);
        for (unsigned i = 0; i < WAIT_STEPS; i++) {
                qt_changer_drive(2, in_drive);
                if (in_drive[0])
                        break;
                usleep(50000);
        }
        ck_assert_str_eq(in_drive, "CLN001");
        qt_kill_and_restart();

        /* The cleaning failed; the cleaner went back to its slot, with the
         * cleanings it had, and no medium was made of it. */
        qt_wait_request(&r.ObjectGuid, QT_FINAL, &r);
        ck_assert_uint_eq(r.Info.LibRequest.State, NTMS_LM_FAILED);
        qt_settle();
        qt_changer_drive(2, in_drive);
        ck_assert_str_eq(in_drive, "");
        ck_assert(library_info().Info.Library.dwFlags & NTMS_LIBRARYFLAG_CLEANERPRESENT);
        ck_assert_uint_eq(library_info().Info.Library.dwCleanerUsesRemaining, 5);
        ck_assert(!qt_find_medium("CLN001", &found));
        qt_info(&drive, NTMS_DRIVE, &d);
        ck_assert_uint_eq(d.Info.Drive.State, NTMS_DRIVESTATE_DISMOUNTED);
        finish(QT_FULL + 1);

        /* And it cleans again. */
        assert_ok(CleanNtmsDrive(qt.h, &drive));
        wait_cleaning(&drive, NTMS_LM_PASSED);
        ck_assert_uint_eq(library_info().Info.Library.dwCleanerUsesRemaining, 4);
        finish(QT_FULL + 1);
}
END_TEST

static void setup_with_relay(void) {
        qt_use_drive_relay();
        qt_setup();
}

static Suite *cleaning_suite(void) {
        Suite *s = suite_create("cleaning");
        TCase *tc = tcase_create("cleaning");

        tcase_add_checked_fixture(tc, qt_setup, qt_teardown);
        tcase_set_timeout(tc, 300);
        tcase_add_test(tc, test_insert_clean_eject);
        tcase_add_test(tc, test_clean_empties_the_drive_first);
        tcase_add_test(tc, test_spent_cleaner);
        tcase_add_test(tc, test_inject_cleaner_stopped);
        tcase_add_test(tc, test_sigkill_with_door_open_and_cleaning_queued);
        suite_add_tcase(s, tc);

        tc = tcase_create("crash");
        tcase_add_checked_fixture(tc, setup_with_relay, qt_teardown);
        tcase_set_timeout(tc, 300);
        tcase_add_test(tc, test_sigkill_while_cleaning);
        suite_add_tcase(s, tc);

        tc = tcase_create("errors");
        tcase_add_checked_fixture(tc, qt_setup, qt_teardown);
        tcase_set_timeout(tc, 120);
        tcase_add_test(tc, test_clean_invalid_handle);
        tcase_add_test(tc, test_clean_no_drive_pointer);
        tcase_add_test(tc, test_clean_invalid_drive);
        tcase_add_test(tc, test_clean_cleaner_slot_not_set);
        tcase_add_test(tc, test_clean_invalid_cleaner);
        tcase_add_test(tc, test_clean_drive_disabled);
        tcase_add_test(tc, test_clean_library_disabled);
        tcase_add_test(tc, test_clean_access_denied);
        tcase_add_test(tc, test_inject_cleaner_invalid_handle);
        tcase_add_test(tc, test_inject_cleaner_not_an_action);
        tcase_add_test(tc, test_inject_cleaner_invalid_library);
        tcase_add_test(tc, test_inject_cleaner_library_offline);
        tcase_add_test(tc, test_inject_cleaner_no_slot_set);
        tcase_add_test(tc, test_inject_cleaner_slot_full);
        tcase_add_test(tc, test_inject_cleaner_stop_invalid_operation);
        tcase_add_test(tc, test_inject_cleaner_device_not_available);
        tcase_add_test(tc, test_inject_cleaner_access_denied);
        tcase_add_test(tc, test_eject_cleaner_invalid_handle);
        tcase_add_test(tc, test_eject_cleaner_invalid_library);
        tcase_add_test(tc, test_eject_cleaner_no_slot_set);
        tcase_add_test(tc, test_eject_cleaner_slot_empty);
        tcase_add_test(tc, test_eject_cleaner_stop_invalid_operation);
        tcase_add_test(tc, test_eject_cleaner_device_not_available);
        tcase_add_test(tc, test_eject_cleaner_access_denied);
        suite_add_tcase(s, tc);
        return s;
}

int main(void) {
        if (vtl_available() < 0)
                return 77;
        return run_suite(cleaning_suite());
}
