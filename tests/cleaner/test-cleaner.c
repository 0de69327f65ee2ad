/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* ReserveNtmsCleanerSlot and ReleaseNtmsCleanerSlot through libntms against
 * rsmd and tgt's virtual library (40 slots, cartridges in slots 1 … 30):
 * the reservation as the library's information shows it, each documented
 * error with the database unchanged after it, a cartridge put into the
 * cleaner slot behind rsmd's back that an inventory takes for the cleaner,
 * and a dismount that never takes a data cartridge to the cleaner slot. */

#include <stdio.h>
#include <stdlib.h>

#include "db-dump.h"
#include "queue-harness.h"

#define UNCOUNTED 0xFFFFFFFFu

/* The slot with this Number (1 … QT_SLOTS) of a library. */
static NTMS_GUID slot_of(const NTMS_GUID *library, DWORD number) {
        NTMS_GUID *list = NULL, found = {};
        DWORD n = enumerate_all(qt.h, library, NTMS_STORAGESLOT, &list);

        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA s;

                qt_info(&list[i], NTMS_STORAGESLOT, &s);
                if (s.Info.StorageSlot.Number == number)
                        found = list[i];
        }
        free(list);
        ck_assert_msg(!guid_eq(&found, &(NTMS_GUID) {}), "no slot %u", number);
        return found;
}

static NTMS_GUID slot(DWORD number) {
        return slot_of(&qt.library, number);
}

/* The changer's element address of slot number (slots are numbered in address order). */
static unsigned slot_address(DWORD number) {
        return qt.vtl->slot_addr + number - 1;
}

static NTMS_LIBRARYINFORMATION library_info(void) {
        NTMS_OBJECTINFORMATIONA info;

        qt_info(&qt.library, NTMS_LIBRARY, &info);
        return info.Info.Library;
}

static bool cleaner_slot_is(const NTMS_GUID *slot_guid) {
        NTMS_LIBRARYINFORMATION l = library_info();

        return guid_eq(&l.CleanerSlot, slot_guid);
}

static char *dump(void) {
        char path[1024];
        sqlite3 *db = NULL;
        char *text;

        snprintf(path, sizeof path, "%s/rsmd.db", harness_state_dir());
        ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
        text = db_dump(db);
        sqlite3_close(db);
        return text;
}

/* The call fails with the documented error and changes nothing. */
#define assert_refused(expr, expected)                                  \
        do {                                                            \
                char *_before = dump(), *_after;                        \
                assert_err(expr, expected);                             \
                _after = dump();                                        \
                ck_assert_msg(streq(_before, _after), "%s changed the database", #expr); \
                free(_before);                                          \
                free(_after);                                           \
        } while (0)

static void assert_no_reservation(void) {
        NTMS_LIBRARYINFORMATION l = library_info();

        ck_assert(guid_eq(&l.CleanerSlot, &(NTMS_GUID) {}));
        ck_assert_uint_eq(l.dwFlags & NTMS_LIBRARYFLAG_CLEANERPRESENT, 0);
        ck_assert_uint_eq(l.dwCleanerUsesRemaining, 0);
}

static DWORD media_in(const NTMS_GUID *library) {
        NTMS_GUID *list = NULL;
        DWORD n = enumerate_all(qt.h, library, NTMS_PHYSICAL_MEDIA, &list);

        free(list);
        return n;
}

static DWORD media_at(const NTMS_GUID *location) {
        NTMS_GUID *list = NULL;
        DWORD n = enumerate_all(qt.h, NULL, NTMS_PHYSICAL_MEDIA, &list), at = 0;

        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA m;

                qt_info(&list[i], NTMS_PHYSICAL_MEDIA, &m);
                at += guid_eq(&m.Info.PhysicalMedia.Location, location);
        }
        free(list);
        return at;
}

START_TEST(test_reserve_and_release) {
        NTMS_GUID s31 = slot(31), s40 = slot(40);
        NTMS_LIBRARYINFORMATION l;
        NTMS_OBJECTINFORMATIONA info;

        char *before, *after;

        assert_no_reservation();
        before = dump();
        assert_ok(ReserveNtmsCleanerSlot(qt.h, &qt.library, &s31));
        /* What assert_refused() compares sees a change that succeeded. */
        after = dump();
        ck_assert_str_ne(before, after);
        free(before);
        free(after);
        ck_assert(cleaner_slot_is(&s31));
        l = library_info();
        ck_assert_uint_eq(l.dwFlags & NTMS_LIBRARYFLAG_CLEANERPRESENT, 0);
        ck_assert_uint_eq(l.dwCleanerUsesRemaining, 0);
        /* The slot itself is as it was: empty. */
        qt_info(&s31, NTMS_STORAGESLOT, &info);
        ck_assert_uint_eq(info.Info.StorageSlot.State, NTMS_SLOTSTATE_EMPTY);

        assert_ok(ReleaseNtmsCleanerSlot(qt.h, &qt.library));
        assert_no_reservation();

        /* Released, another slot can be reserved. */
        assert_ok(ReserveNtmsCleanerSlot(qt.h, &qt.library, &s40));
        ck_assert(cleaner_slot_is(&s40));
        assert_ok(ReleaseNtmsCleanerSlot(qt.h, &qt.library));
}
END_TEST

/* Bad arguments: libntms refuses a missing handle or GUID pointer, rsmd the
 * null GUID. */
START_TEST(test_arguments) {
        NTMS_GUID s31 = slot(31), none = {};

        assert_refused(ReserveNtmsCleanerSlot(NULL, &qt.library, &s31), ERROR_INVALID_HANDLE);
        assert_refused(ReserveNtmsCleanerSlot(INVALID_HANDLE_VALUE, &qt.library, &s31), ERROR_INVALID_HANDLE);
        assert_refused(ReserveNtmsCleanerSlot(qt.h, NULL, &s31), ERROR_INVALID_PARAMETER);
        assert_refused(ReserveNtmsCleanerSlot(qt.h, &qt.library, NULL), ERROR_INVALID_PARAMETER);
        assert_refused(ReserveNtmsCleanerSlot(qt.h, &qt.library, &none), ERROR_INVALID_PARAMETER);
        assert_refused(ReleaseNtmsCleanerSlot(NULL, &qt.library), ERROR_INVALID_HANDLE);
        assert_refused(ReleaseNtmsCleanerSlot(qt.h, NULL), ERROR_INVALID_PARAMETER);
        assert_refused(ReleaseNtmsCleanerSlot(qt.h, &none), ERROR_INVALID_PARAMETER);
}
END_TEST

START_TEST(test_reserve_full_slot) {
        NTMS_GUID s1 = slot(1), s30 = slot(30);

        assert_refused(ReserveNtmsCleanerSlot(qt.h, &qt.library, &s1), ERROR_SLOT_FULL);
        assert_refused(ReserveNtmsCleanerSlot(qt.h, &qt.library, &s30), ERROR_SLOT_FULL);
        assert_no_reservation();
}
END_TEST

START_TEST(test_reserve_already_reserved) {
        NTMS_GUID s31 = slot(31), s32 = slot(32);

        assert_ok(ReserveNtmsCleanerSlot(qt.h, &qt.library, &s31));
        /* "Either this slot or another slot in the library has already been reserved." */
        assert_refused(ReserveNtmsCleanerSlot(qt.h, &qt.library, &s32), ERROR_ALREADY_RESERVED);
        assert_refused(ReserveNtmsCleanerSlot(qt.h, &qt.library, &s31), ERROR_ALREADY_RESERVED);
        ck_assert(cleaner_slot_is(&s31));
}
END_TEST

START_TEST(test_reserve_unknown_slot) {
        NTMS_GUID g = random_guid();

        assert_refused(ReserveNtmsCleanerSlot(qt.h, &qt.library, &g), ERROR_INVALID_SLOT);
        assert_no_reservation();
}
END_TEST

START_TEST(test_reserve_slot_of_another_library) {
        NTMS_GUID other = slot_of(&qt.library2, 31);

        assert_refused(ReserveNtmsCleanerSlot(qt.h, &qt.library, &other), ERROR_INVALID_SLOT);
        assert_no_reservation();
        /* It is a slot of its own library. */
        assert_ok(ReserveNtmsCleanerSlot(qt.h, &qt.library2, &other));
        assert_no_reservation();
}
END_TEST

START_TEST(test_reserve_not_a_slot) {
        NTMS_GUID medium = qt_medium("RSM000L6"), side = qt_side("RSM000L6");

        assert_refused(ReserveNtmsCleanerSlot(qt.h, &qt.library, &qt.drives[0]), ERROR_INVALID_SLOT);
        assert_refused(ReserveNtmsCleanerSlot(qt.h, &qt.library, &qt.library), ERROR_INVALID_SLOT);
        assert_refused(ReserveNtmsCleanerSlot(qt.h, &qt.library, &medium), ERROR_INVALID_SLOT);
        assert_refused(ReserveNtmsCleanerSlot(qt.h, &qt.library, &side), ERROR_INVALID_SLOT);
        assert_no_reservation();
}
END_TEST

/* Not a library, or the offline library, which has no slots. */
START_TEST(test_invalid_library) {
        NTMS_GUID s31 = slot(31), g = random_guid(), offline = first_library(qt.h);
        NTMS_OBJECTINFORMATIONA info;

        qt_info(&offline, NTMS_LIBRARY, &info);
        ck_assert_uint_eq(info.Info.Library.LibraryType, NTMS_LIBRARYTYPE_OFFLINE);

        assert_refused(ReserveNtmsCleanerSlot(qt.h, &g, &s31), ERROR_INVALID_LIBRARY);
        assert_refused(ReserveNtmsCleanerSlot(qt.h, &s31, &s31), ERROR_INVALID_LIBRARY);
        assert_refused(ReserveNtmsCleanerSlot(qt.h, &offline, &s31), ERROR_INVALID_LIBRARY);
        assert_refused(ReleaseNtmsCleanerSlot(qt.h, &g), ERROR_INVALID_LIBRARY);
        assert_refused(ReleaseNtmsCleanerSlot(qt.h, &offline), ERROR_INVALID_LIBRARY);
        assert_no_reservation();
}
END_TEST

START_TEST(test_release_none_reserved) {
        NTMS_GUID s31 = slot(31);

        assert_refused(ReleaseNtmsCleanerSlot(qt.h, &qt.library), ERROR_NO_SLOT_RESERVED);
        assert_ok(ReserveNtmsCleanerSlot(qt.h, &qt.library, &s31));
        assert_ok(ReleaseNtmsCleanerSlot(qt.h, &qt.library));
        assert_refused(ReleaseNtmsCleanerSlot(qt.h, &qt.library), ERROR_NO_SLOT_RESERVED);
}
END_TEST

/* A cartridge moved into the reserved slot 40 behind rsmd's back, from slot
 * 30: the inventory takes it for the cleaner. */
static void put_cleaner_in_slot_40(void) {
        NTMS_GUID s40 = slot(40);

        assert_ok(ReserveNtmsCleanerSlot(qt.h, &qt.library, &s40));
        qt_move_directly(slot_address(30), slot_address(40));
        assert_ok(InventoryNtmsLibrary(qt.h, &qt.library, NTMS_INVENTORY_FAST));
}

START_TEST(test_release_while_the_cleaner_is_in_it) {
        NTMS_GUID s40 = slot(40), s30 = slot(30), s39 = slot(39), moved = qt_medium("RSM029L6");
        NTMS_GUID *all = NULL;
        NTMS_LIBRARYINFORMATION l;
        NTMS_OBJECTINFORMATIONA info;
        DWORD media = enumerate_all(qt.h, NULL, NTMS_PHYSICAL_MEDIA, &all);

        free(all);
        put_cleaner_in_slot_40();

        /* No medium was made for it: the cartridge in the cleaner slot is the
         * cleaner, whatever its barcode, and the medium it was goes offline. */
        ck_assert_uint_eq(media_at(&s40), 0);
        ck_assert_uint_eq(enumerate_all(qt.h, NULL, NTMS_PHYSICAL_MEDIA, &all), media);
        free(all);
        ck_assert_uint_eq(media_in(&qt.library), QT_FULL - 1);
        qt_info(&moved, NTMS_PHYSICAL_MEDIA, &info);
        ck_assert(!guid_eq(&info.Info.PhysicalMedia.CurrentLibrary, &qt.library));

        l = library_info();
        ck_assert(guid_eq(&l.CleanerSlot, &s40));
        ck_assert(l.dwFlags & NTMS_LIBRARYFLAG_CLEANERPRESENT);
        /* Nobody said how many cleanings it has left. */
        ck_assert_uint_eq(l.dwCleanerUsesRemaining, UNCOUNTED);
        ck_assert(l.dwFlags & NTMS_LIBRARYFLAG_IGNORECLEANERUSESREMAINING);
        qt_info(&s40, NTMS_STORAGESLOT, &info);
        ck_assert_uint_eq(info.Info.StorageSlot.State, NTMS_SLOTSTATE_FULL);

        assert_refused(ReleaseNtmsCleanerSlot(qt.h, &qt.library), ERROR_SLOT_FULL);
        assert_refused(ReserveNtmsCleanerSlot(qt.h, &qt.library, &s39), ERROR_ALREADY_RESERVED);

        /* Taken out again: no cleaner, the medium is back, the slot can go. */
        qt_move_directly(slot_address(40), slot_address(30));
        assert_ok(InventoryNtmsLibrary(qt.h, &qt.library, NTMS_INVENTORY_FAST));
        l = library_info();
        ck_assert_uint_eq(l.dwFlags & (NTMS_LIBRARYFLAG_CLEANERPRESENT | NTMS_LIBRARYFLAG_IGNORECLEANERUSESREMAINING), 0);
        ck_assert_uint_eq(l.dwCleanerUsesRemaining, 0);
        qt_info(&moved, NTMS_PHYSICAL_MEDIA, &info);
        ck_assert(guid_eq(&info.Info.PhysicalMedia.Location, &s30));
        assert_ok(ReleaseNtmsCleanerSlot(qt.h, &qt.library));
        assert_no_reservation();
        qt_assert_matches_changer();
}
END_TEST

/* SetNtmsObjectInformation: dwCleanerUsesRemaining is writable and
 * IGNORECLEANERUSESREMAINING follows it; the flags that describe what is in
 * the library are not the caller's to set. */
START_TEST(test_set_cleaner_uses) {
        NTMS_OBJECTINFORMATIONA info;

        /* No cleaner, no cleanings. */
        qt_info(&qt.library, NTMS_LIBRARY, &info);
        info.Info.Library.dwCleanerUsesRemaining = 5;
        assert_refused(SetNtmsObjectInformationA(qt.h, &qt.library, &info), ERROR_INVALID_PARAMETER);

        put_cleaner_in_slot_40();
        qt_info(&qt.library, NTMS_LIBRARY, &info);
        info.Info.Library.dwCleanerUsesRemaining = 5;
        info.Info.Library.dwFlags = NTMS_LIBRARYFLAG_IGNORECLEANERUSESREMAINING;
        assert_ok(SetNtmsObjectInformationA(qt.h, &qt.library, &info));
        ck_assert_uint_eq(library_info().dwCleanerUsesRemaining, 5);
        ck_assert_uint_eq(library_info().dwFlags, NTMS_LIBRARYFLAG_CLEANERPRESENT);

        qt_info(&qt.library, NTMS_LIBRARY, &info);
        info.Info.Library.dwCleanerUsesRemaining = UNCOUNTED;
        assert_ok(SetNtmsObjectInformationA(qt.h, &qt.library, &info));
        ck_assert_uint_eq(library_info().dwFlags,
                          NTMS_LIBRARYFLAG_CLEANERPRESENT | NTMS_LIBRARYFLAG_IGNORECLEANERUSESREMAINING);
}
END_TEST

typedef struct Nobody {
        NTMS_GUID library, slot;
} Nobody;

static int nobody_changes_the_reservation(void *userdata) {
        Nobody *n = userdata;
        HANDLE h;
        int status = 0;

        h = OpenNtmsSessionA(NULL, "nobody", 0);
        if (h == INVALID_HANDLE_VALUE)
                return 10;
        if (ReserveNtmsCleanerSlot(h, &n->library, &n->slot) != ERROR_ACCESS_DENIED)
                status = 11;
        else if (ReleaseNtmsCleanerSlot(h, &n->library) != ERROR_ACCESS_DENIED)
                status = 12;
        (void) CloseNtmsSession(h);
        return status;
}

/* Both calls of an unprivileged caller are refused and change nothing. */
static void assert_nobody_refused(Nobody *n) {
        char *before = dump(), *after;
        int status;

        status = harness_run_as_nobody(nobody_changes_the_reservation, n);
        ck_assert_msg(status == 0, "an unprivileged caller was not refused (step %d)", status);
        after = dump();
        ck_assert_str_eq(before, after);
        free(before);
        free(after);
}

/* "NTMS_CONTROL_ACCESS to the library is denied." */
START_TEST(test_access_denied) {
        Nobody n = { .library = qt.library, .slot = slot(31) };
        NTMS_GUID s32 = slot(32);

        assert_nobody_refused(&n);
        assert_no_reservation();

        /* Nor can it release what an administrator reserved. */
        assert_ok(ReserveNtmsCleanerSlot(qt.h, &qt.library, &s32));
        n.slot = s32;
        assert_nobody_refused(&n);
        ck_assert(cleaner_slot_is(&s32));
}
END_TEST

/* RSM000L6 is mounted from slot 1, which then becomes the cleaner slot:
 * dismounted, the cartridge does not go back there but to the first other
 * empty slot, which becomes its home. */
START_TEST(test_dismount_passes_the_cleaner_slot) {
        NTMS_GUID s1 = slot(1), s31 = slot(31), medium = qt_medium("RSM000L6");
        NTMS_OBJECTINFORMATIONA m;

        qt_info(&medium, NTMS_PHYSICAL_MEDIA, &m);
        ck_assert(guid_eq(&m.Info.PhysicalMedia.HomeSlot, &s1));
        assert_ok(qt_mount(qt.h, "RSM000L6", NTMS_MOUNT_READ, 0, INFINITE, NULL, NULL));
        qt_settle();

        assert_ok(ReserveNtmsCleanerSlot(qt.h, &qt.library, &s1));
        qt_info(&medium, NTMS_PHYSICAL_MEDIA, &m);
        ck_assert(guid_eq(&m.Info.PhysicalMedia.HomeSlot, &(NTMS_GUID) {}));

        assert_ok(qt_dismount(qt.h, "RSM000L6", NTMS_DISMOUNT_IMMEDIATE));
        qt_wait_home("RSM000L6");
        qt_settle();
        qt_info(&medium, NTMS_PHYSICAL_MEDIA, &m);
        ck_assert(guid_eq(&m.Info.PhysicalMedia.Location, &s31));
        ck_assert(guid_eq(&m.Info.PhysicalMedia.HomeSlot, &s31));
        ck_assert_uint_eq(media_at(&s1), 0);
        ck_assert_uint_eq(qt_assert_matches_changer(), QT_FULL);
        ck_assert_uint_eq(library_info().dwFlags & NTMS_LIBRARYFLAG_CLEANERPRESENT, 0);
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

        s = suite_create("cleaner");
        tc = tcase_create("slot");
        tcase_add_checked_fixture(tc, qt_setup, qt_teardown);
        tcase_set_timeout(tc, 240);
        tcase_add_test(tc, test_reserve_and_release);
        tcase_add_test(tc, test_arguments);
        tcase_add_test(tc, test_reserve_full_slot);
        tcase_add_test(tc, test_reserve_already_reserved);
        tcase_add_test(tc, test_reserve_unknown_slot);
        tcase_add_test(tc, test_reserve_not_a_slot);
        tcase_add_test(tc, test_invalid_library);
        tcase_add_test(tc, test_release_none_reserved);
        tcase_add_test(tc, test_release_while_the_cleaner_is_in_it);
        tcase_add_test(tc, test_set_cleaner_uses);
        tcase_add_test(tc, test_access_denied);
        tcase_add_test(tc, test_dismount_passes_the_cleaner_slot);
        suite_add_tcase(s, tc);

        tc = tcase_create("two-libraries");
        tcase_add_checked_fixture(tc, setup_two_libraries, qt_teardown);
        tcase_set_timeout(tc, 240);
        tcase_add_test(tc, test_reserve_slot_of_another_library);
        suite_add_tcase(s, tc);
        return run_suite(s);
}
