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

START_TEST(test_clean_drive_errors) {
        NTMS_GUID drive = qt.drives[0], bogus = random_guid();

        assert_err(CleanNtmsDrive(NULL, &drive), ERROR_INVALID_HANDLE);
        assert_err(CleanNtmsDrive(qt.h, NULL), ERROR_INVALID_PARAMETER);
        assert_err(CleanNtmsDrive(qt.h, &bogus), ERROR_INVALID_DRIVE);
        /* No cleaner slot, then a slot and no cleaner. */
        assert_err(CleanNtmsDrive(qt.h, &drive), ERROR_CLEANER_SLOT_NOT_SET);
        reserve_last_slot();
        assert_err(CleanNtmsDrive(qt.h, &drive), ERROR_INVALID_CLEANER);

        insert_cleaner(5);
        assert_ok(DisableNtmsObject(qt.h, NTMS_DRIVE, &drive));
        assert_err(CleanNtmsDrive(qt.h, &drive), ERROR_RESOURCE_DISABLED);
        assert_ok(EnableNtmsObject(qt.h, NTMS_DRIVE, &drive));
        assert_ok(DisableNtmsObject(qt.h, NTMS_LIBRARY, &qt.library));
        assert_err(CleanNtmsDrive(qt.h, &drive), ERROR_RESOURCE_DISABLED);
        assert_ok(EnableNtmsObject(qt.h, NTMS_LIBRARY, &qt.library));
        /* None of that used a cleaning. */
        ck_assert_uint_eq(library_info().Info.Library.dwCleanerUsesRemaining, 5);
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

START_TEST(test_inject_eject_cleaner_errors) {
        NTMS_GUID op = {}, bogus = random_guid();
        NTMS_OBJECTINFORMATIONA r;

        assert_err(InjectNtmsCleaner(NULL, &qt.library, &op, 5, NTMS_INJECT_START), ERROR_INVALID_HANDLE);
        assert_err(InjectNtmsCleaner(qt.h, &qt.library, &op, 5, 7), ERROR_INVALID_PARAMETER);
        assert_err(InjectNtmsCleaner(qt.h, &bogus, &op, 5, NTMS_INJECT_START), ERROR_INVALID_LIBRARY);
        assert_err(EjectNtmsCleaner(qt.h, &bogus, &op, NTMS_EJECT_START), ERROR_INVALID_LIBRARY);
        /* No cleaner slot. */
        assert_err(InjectNtmsCleaner(qt.h, &qt.library, &op, 5, NTMS_INJECT_START), ERROR_NO_SLOT_SET);
        assert_err(EjectNtmsCleaner(qt.h, &qt.library, &op, NTMS_EJECT_START), ERROR_NO_SLOT_SET);
        reserve_last_slot();
        /* A slot and no cleaner. */
        assert_err(EjectNtmsCleaner(qt.h, &qt.library, &op, NTMS_EJECT_START), ERROR_SLOT_EMPTY);
        assert_err(InjectNtmsCleaner(qt.h, &qt.library, &bogus, 5, NTMS_INJECT_STOP), ERROR_INVALID_OPERATION);

        /* An insert that nobody feeds, stopped. */
        assert_ok(InjectNtmsCleaner(qt.h, &qt.library, &op, 5, NTMS_INJECT_START));
        qt_wait_request(&op, NTMS_LM_INPROCESS, &r);
        assert_ok(InjectNtmsCleaner(qt.h, &qt.library, &op, 5, NTMS_INJECT_STOP));
        wait_end(&op, NTMS_LM_INJECTCLEANER, NTMS_LM_PASSED, ERROR_SUCCESS);
        ck_assert(!(library_info().Info.Library.dwFlags & NTMS_LIBRARYFLAG_CLEANERPRESENT));

        /* A cleaner in the slot: a second one does not fit. */
        insert_cleaner(5);
        assert_err(InjectNtmsCleaner(qt.h, &qt.library, &op, 5, NTMS_INJECT_START), ERROR_SLOT_FULL);

        assert_ok(DisableNtmsObject(qt.h, NTMS_LIBRARY, &qt.library));
        assert_err(EjectNtmsCleaner(qt.h, &qt.library, &op, NTMS_EJECT_START), ERROR_DEVICE_NOT_AVAILABLE);
        assert_ok(EnableNtmsObject(qt.h, NTMS_LIBRARY, &qt.library));
        finish(QT_FULL + 1);
}
END_TEST

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

static Suite *cleaning_suite(void) {
        Suite *s = suite_create("cleaning");
        TCase *tc = tcase_create("cleaning");

        tcase_add_checked_fixture(tc, qt_setup, qt_teardown);
        tcase_set_timeout(tc, 300);
        tcase_add_test(tc, test_insert_clean_eject);
        tcase_add_test(tc, test_clean_empties_the_drive_first);
        tcase_add_test(tc, test_clean_drive_errors);
        tcase_add_test(tc, test_spent_cleaner);
        tcase_add_test(tc, test_inject_eject_cleaner_errors);
        tcase_add_test(tc, test_sigkill_with_door_open_and_cleaning_queued);
        suite_add_tcase(s, tc);
        return s;
}

int main(void) {
        if (vtl_available() < 0)
                return 77;
        return run_suite(cleaning_suite());
}
