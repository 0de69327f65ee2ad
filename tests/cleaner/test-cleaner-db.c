/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* What db/cleaner.c records, without devices or daemon: the cleaner slot's
 * reservation and release with each refusal, the cleaner's way in, its uses
 * and its way out, what an inventory makes of the cleaner slot, the slots a
 * data cartridge may go to, and the library flags that follow the cleaner. */

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon-test.h"
#include "db-dump.h"
#include "db/cleaner.h"
#include "db/db-private.h"
#include "db/drive.h"
#include "db/element.h"
#include "db/inventory.h"
#include "db/library.h"
#include "db/librequest.h"
#include "db/media.h"
#include "db/media-type.h"
#include "db/object.h"
#include "macro.h"
#include "ntmsapi.h"

#define SLOT_BASE 1024
#define N_SLOTS 8
#define DRIVE_BASE 256
#define N_DRIVES 2

static TestDb tdb;
static Db *db;
static char library[DB_GUID_MAX];
static char slots[N_SLOTS][DB_GUID_MAX];        /* by Number − 1 */
static char drives[N_DRIVES][DB_GUID_MAX];

#define IN_TX(expr)                                                     \
        do {                                                            \
                ck_assert_int_eq(db_begin(db), 0);                      \
                ck_assert_int_eq((expr), 0);                            \
                ck_assert_int_eq(db_commit(db), 0);                     \
        } while (0)

/* A call that must fail with errno e and leave the database as it was; in
 * a transaction that is rolled back, as the daemon does with a failed call. */
#define REFUSED(expr, e)                                                \
        do {                                                            \
                _cleanup_free_ char *_before = dump(), *_after = NULL;  \
                ck_assert_int_eq(db_begin(db), 0);                      \
                ck_assert_int_eq((expr), -(e));                         \
                db_rollback(db);                                        \
                _after = dump();                                        \
                ck_assert_str_eq(_before, _after);                      \
        } while (0)

static int64_t query_int(const char *sql, const char *a) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;

        ck_assert_int_eq(db_prepare(db, sql, &s), 0);
        if (a)
                ck_assert_int_eq(db_bind_text(db, s, 1, a), 0);
        ck_assert_int_eq(db_step_row(db, s), 0);
        return sqlite3_column_int64(s, 0);
}

static void query_guid(const char *sql, const char *a, char ret[static DB_GUID_MAX]) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;

        ck_assert_int_eq(db_prepare(db, sql, &s), 0);
        ck_assert_int_eq(db_bind_text(db, s, 1, a), 0);
        ck_assert_int_eq(db_step_row(db, s), 0);
        db_column_guid(s, 0, ret);
}

static void exec_guid_int(const char *sql, const char *guid, int64_t v) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;

        ck_assert_int_eq(db_prepare(db, sql, &s), 0);
        ck_assert_int_eq(db_bind_text(db, s, 1, guid), 0);
        ck_assert_int_eq(db_bind_int64(db, s, 2, v), 0);
        ck_assert_int_eq(db_step_done(db, s), 0);
}

static char *dump(void) {
        return db_dump(db->sqlite);
}

/* Slots 1 and 2 full, a third cartridge in drive 2, slots 3 … 8 empty;
 * the cleaner slot, when there is one, as the items of cleaner_full say. */
static void inventory(int cleaner_number, bool cleaner_full) {
        DbInventoryItem items[N_SLOTS + N_DRIVES];
        size_t n = 0;

        for (unsigned i = 0; i < N_SLOTS; i++) {
                bool cleaner_here = (int) i + 1 == cleaner_number, full = i < 2 || (cleaner_here && cleaner_full);

                items[n++] = (DbInventoryItem) {
                        .kind = DB_ELEMENT_SLOT, .address = SLOT_BASE + i, .full = full,
                        .barcode = i == 0 ? "Q00001L6" : i == 1 ? "Q00002L6" : full ? "CLN001L1" : NULL,
                };
        }
        items[n++] = (DbInventoryItem) { .kind = DB_ELEMENT_DRIVE, .address = DRIVE_BASE };
        items[n++] = (DbInventoryItem) { .kind = DB_ELEMENT_DRIVE, .address = DRIVE_BASE + 1, .full = true,
                                         .barcode = "Q00003L6" };
        ck_assert_int_eq(db_inventory_apply(db, library, &(DbInventory) { .items = items, .n_items = n }, NULL), 0);
        IN_TX(db_drive_sync(db, library));
}

static void record_library(void) {
        uint16_t slot_addresses[N_SLOTS], drive_addresses[N_DRIVES];
        DbDeviceIdentity changer = { .vendor = "STK", .product = "L20", .serial = "C1", .device_name = "/dev/sg0",
                                     .device_type = 0x30 };
        DbDeviceIdentity drive_ids[N_DRIVES];
        DbLibraryLayout layout = {
                .name = "Cleaner library",
                .library_type = NTMS_LIBRARYTYPE_ONLINE,
                .n_slots = N_SLOTS, .n_drives = N_DRIVES,
                .changer = &changer, .drives = drive_ids,
                .addresses = { [DB_ELEMENT_SLOT] = slot_addresses, [DB_ELEMENT_DRIVE] = drive_addresses },
        };
        char **l = NULL;
        size_t n;

        for (unsigned i = 0; i < N_SLOTS; i++)
                slot_addresses[i] = (uint16_t) (SLOT_BASE + i);
        for (unsigned i = 0; i < N_DRIVES; i++) {
                drive_addresses[i] = (uint16_t) (DRIVE_BASE + i);
                drive_ids[i] = (DbDeviceIdentity) { .vendor = "IBM", .product = "ULT3580-TD6", .serial = "D",
                                                    .device_name = "/dev/nst0", .device_type = FILE_DEVICE_TAPE };
        }
        IN_TX(db_library_apply_layout(db, NULL, &layout, library));

        ck_assert_int_eq(db_library_elements(db, library, DB_ELEMENT_SLOT, &l, &n), 0);
        ck_assert_uint_eq(n, N_SLOTS);
        for (size_t i = 0; i < n; i++)
                memcpy(slots[i], l[i], DB_GUID_MAX);
        l = strv_free(l);
        ck_assert_int_eq(db_library_elements(db, library, DB_ELEMENT_DRIVE, &l, &n), 0);
        ck_assert_uint_eq(n, N_DRIVES);
        for (size_t i = 0; i < n; i++)
                memcpy(drives[i], l[i], DB_GUID_MAX);
        strv_free(l);

        inventory(0, false);
}

static void setup(void) {
        test_db_open(&tdb);
        db = tdb.db;
        record_library();
}

static void teardown(void) {
        test_db_done(&tdb);
        db = NULL;
}

static DbCleaner cleaner(void) {
        DbCleaner c;

        ck_assert_int_eq(db_cleaner_get(db, library, &c), 0);
        return c;
}

static int64_t media_count(void) {
        return query_int("SELECT count(*) FROM physical_media", NULL);
}

START_TEST(test_reserve_and_release) {
        DbCleaner c = cleaner();

        ck_assert_str_eq(c.slot, "");
        ck_assert(!c.present);
        ck_assert_int_eq(c.slot_address, DB_NO_ADDRESS);

        IN_TX(db_cleaner_reserve(db, library, slots[7]));
        c = cleaner();
        ck_assert_str_eq(c.slot, slots[7]);
        ck_assert_int_eq(c.slot_address, SLOT_BASE + 7);
        ck_assert_uint_eq(c.slot_state, NTMS_SLOTSTATE_EMPTY);
        ck_assert(!c.present);
        ck_assert_uint_eq(c.uses_remaining, 0);

        IN_TX(db_cleaner_release(db, library));
        c = cleaner();
        ck_assert_str_eq(c.slot, "");

        /* Released, any empty slot can be reserved again. */
        IN_TX(db_cleaner_reserve(db, library, slots[2]));
        ck_assert_str_eq(cleaner().slot, slots[2]);
}
END_TEST

START_TEST(test_reserve_refusals) {
        char offline[DB_GUID_MAX], request[DB_GUID_MAX];
        DbLibRequest req = { .operation = NTMS_LM_DISMOUNT, .state = NTMS_LM_QUEUED };
        const DbRequester who = { .application = "test", .user = "root", .computer = "here" };

        ck_assert_int_eq(db_library_offline(db, offline), 0);

        REFUSED(db_cleaner_reserve(db, slots[3], slots[3]), ENOENT);
        REFUSED(db_cleaner_reserve(db, "0f0e0d0c-0b0a-0908-0706-050403020100", slots[3]), ENOENT);
        REFUSED(db_cleaner_reserve(db, offline, slots[3]), EMEDIUMTYPE);
        REFUSED(db_cleaner_reserve(db, library, "0f0e0d0c-0b0a-0908-0706-050403020100"), EBADSLT);
        REFUSED(db_cleaner_reserve(db, library, drives[0]), EBADSLT);
        REFUSED(db_cleaner_reserve(db, library, library), EBADSLT);
        REFUSED(db_cleaner_reserve(db, library, slots[0]), EXFULL);

        /* A slot that no inventory read, one not installed, one a cartridge
         * is on its way into. */
        exec_guid_int("UPDATE storage_slot SET State = ?2 WHERE guid = ?1", slots[3], NTMS_SLOTSTATE_NEEDSINVENTORY);
        REFUSED(db_cleaner_reserve(db, library, slots[3]), EAGAIN);
        exec_guid_int("UPDATE storage_slot SET State = ?2 WHERE guid = ?1", slots[4], NTMS_SLOTSTATE_NOTPRESENT);
        REFUSED(db_cleaner_reserve(db, library, slots[4]), ENODEV);
        memcpy(req.library, library, DB_GUID_MAX);
        IN_TX(db_librequest_insert(db, &req, &who, request));
        IN_TX(db_librequest_start(db, request, drives[1], slots[5]));
        REFUSED(db_cleaner_reserve(db, library, slots[5]), EBUSY);
        IN_TX(db_librequest_finish(db, request, NTMS_LM_PASSED, 0));
        IN_TX(db_cleaner_reserve(db, library, slots[5]));

        /* One reservation per library, this slot or another; a slot of
         * another library is still no slot of this one. */
        REFUSED(db_cleaner_reserve(db, library, slots[6]), EALREADY);
        REFUSED(db_cleaner_reserve(db, library, slots[5]), EALREADY);
        REFUSED(db_cleaner_reserve(db, library, slots[0]), EALREADY);
        REFUSED(db_cleaner_reserve(db, library, drives[0]), EBADSLT);

        /* Not connected. */
        IN_TX(db_cleaner_release(db, library));
        IN_TX(db_library_set_present(db, library, false));
        REFUSED(db_cleaner_reserve(db, library, slots[6]), ENOTCONN);
}
END_TEST

START_TEST(test_release_refusals) {
        char offline[DB_GUID_MAX];

        ck_assert_int_eq(db_library_offline(db, offline), 0);
        REFUSED(db_cleaner_release(db, slots[0]), ENOENT);
        REFUSED(db_cleaner_release(db, offline), EMEDIUMTYPE);
        REFUSED(db_cleaner_release(db, library), ENODATA);

        IN_TX(db_cleaner_reserve(db, library, slots[7]));
        IN_TX(db_cleaner_record_inserted(db, library, 10));
        REFUSED(db_cleaner_release(db, library), EXFULL);
        IN_TX(db_cleaner_record_removed(db, library));

        exec_guid_int("UPDATE storage_slot SET State = ?2 WHERE guid = ?1", slots[7], NTMS_SLOTSTATE_NOTPRESENT);
        REFUSED(db_cleaner_release(db, library), ENODEV);
        exec_guid_int("UPDATE storage_slot SET State = ?2 WHERE guid = ?1", slots[7], NTMS_SLOTSTATE_EMPTY);

        IN_TX(db_library_set_present(db, library, false));
        REFUSED(db_cleaner_release(db, library), ENOTCONN);
        IN_TX(db_library_set_present(db, library, true));
        IN_TX(db_cleaner_release(db, library));
}
END_TEST

START_TEST(test_cleaner_uses) {
        uint32_t left = 99;
        DbCleaner c;

        REFUSED(db_cleaner_record_inserted(db, library, 2), ENODATA);
        REFUSED(db_cleaner_record_removed(db, library), ENODATA);
        IN_TX(db_cleaner_reserve(db, library, slots[7]));
        REFUSED(db_cleaner_record_removed(db, library), ENOMEDIUM);
        REFUSED(db_cleaner_record_use(db, library, &left), ENOMEDIUM);

        IN_TX(db_cleaner_record_inserted(db, library, 2));
        c = cleaner();
        ck_assert(c.present);
        ck_assert_uint_eq(c.uses_remaining, 2);
        ck_assert_uint_eq(c.flags & (NTMS_LIBRARYFLAG_CLEANERPRESENT | NTMS_LIBRARYFLAG_IGNORECLEANERUSESREMAINING),
                          NTMS_LIBRARYFLAG_CLEANERPRESENT);
        ck_assert_uint_eq(c.slot_state, NTMS_SLOTSTATE_FULL);
        REFUSED(db_cleaner_record_inserted(db, library, 2), EXFULL);

        IN_TX(db_cleaner_record_use(db, library, &left));
        ck_assert_uint_eq(left, 1);
        IN_TX(db_cleaner_record_use(db, library, NULL));
        ck_assert_uint_eq(cleaner().uses_remaining, 0);
        ck_assert(cleaner().present);
        /* Spent: no use more, and nothing changes. */
        REFUSED(db_cleaner_record_use(db, library, &left), EDQUOT);

        IN_TX(db_cleaner_record_removed(db, library));
        c = cleaner();
        ck_assert(!c.present);
        ck_assert_uint_eq(c.flags & NTMS_LIBRARYFLAG_CLEANERPRESENT, 0);
        ck_assert_uint_eq(c.slot_state, NTMS_SLOTSTATE_EMPTY);
        ck_assert_str_eq(c.slot, slots[7]);

        /* A cleaner whose uses are not counted is never spent. */
        IN_TX(db_cleaner_record_inserted(db, library, DB_CLEANER_USES_UNCOUNTED));
        ck_assert(cleaner().flags & NTMS_LIBRARYFLAG_IGNORECLEANERUSESREMAINING);
        for (unsigned i = 0; i < 3; i++) {
                IN_TX(db_cleaner_record_use(db, library, &left));
                ck_assert_uint_eq(left, DB_CLEANER_USES_UNCOUNTED);
        }
        IN_TX(db_cleaner_record_removed(db, library));
        c = cleaner();
        ck_assert_uint_eq(c.uses_remaining, 0);
        ck_assert_uint_eq(c.flags & NTMS_LIBRARYFLAG_IGNORECLEANERUSESREMAINING, 0);
}
END_TEST

/* The cartridge in the cleaner slot is the cleaner, never a medium. */
START_TEST(test_inventory_finds_the_cleaner) {
        int64_t media = media_count();
        DbCleaner c;

        IN_TX(db_cleaner_reserve(db, library, slots[6]));
        inventory(7, true);
        ck_assert_int_eq(media_count(), media);
        ck_assert_int_eq(query_int("SELECT count(*) FROM physical_media WHERE Location = ?1", slots[6]), 0);
        ck_assert_int_eq(query_int("SELECT count(*) FROM physical_media WHERE szBarCode = 'CLN001L1'", NULL), 0);
        c = cleaner();
        ck_assert(c.present);
        ck_assert_uint_eq(c.slot_state, NTMS_SLOTSTATE_FULL);
        /* Nobody said how many cleanings it has left. */
        ck_assert_uint_eq(c.uses_remaining, DB_CLEANER_USES_UNCOUNTED);
        ck_assert(c.flags & NTMS_LIBRARYFLAG_IGNORECLEANERUSESREMAINING);
        REFUSED(db_cleaner_release(db, library), EXFULL);

        /* Found again, it keeps the count it has. */
        IN_TX(db_cleaner_record_removed(db, library));
        IN_TX(db_cleaner_record_inserted(db, library, 7));
        inventory(7, true);
        ck_assert_uint_eq(cleaner().uses_remaining, 7);

        /* Gone from the slot: no cleaner any more. */
        inventory(7, false);
        c = cleaner();
        ck_assert(!c.present);
        ck_assert_uint_eq(c.uses_remaining, 0);
        ck_assert_uint_eq(c.flags & (NTMS_LIBRARYFLAG_CLEANERPRESENT | NTMS_LIBRARYFLAG_IGNORECLEANERUSESREMAINING), 0);
        ck_assert_int_eq(media_count(), media);
        IN_TX(db_cleaner_release(db, library));

        /* Without a reservation the same cartridge is a medium like any other. */
        inventory(7, true);
        ck_assert_int_eq(media_count(), media + 1);
        ck_assert_int_eq(query_int("SELECT count(*) FROM physical_media WHERE Location = ?1", slots[6]), 1);
        ck_assert(!cleaner().present);
}
END_TEST

START_TEST(test_no_data_cartridge_goes_to_the_cleaner_slot) {
        _cleanup_free_ DbElementRef *free_slots = NULL;
        char medium[DB_GUID_MAX], home[DB_GUID_MAX], slot[DB_GUID_MAX];
        size_t n;
        int32_t address;

        ck_assert_int_eq(db_library_free_slots(db, library, &free_slots, &n), 0);
        ck_assert_uint_eq(n, N_SLOTS - 2);
        ck_assert_uint_eq(free_slots[0].address, SLOT_BASE + 2);
        ck_assert_str_eq(free_slots[0].guid, slots[2]);
        ck_assert_uint_eq(free_slots[0].state, NTMS_SLOTSTATE_EMPTY);
        free(free_slots);
        free_slots = NULL;

        /* The medium in slot 1 goes to drive 1: its home is empty now and
         * becomes the cleaner slot. */
        ck_assert_int_eq(db_medium_find_barcode(db, "Q00001L6", medium), 0);
        IN_TX(db_drive_claim(db, medium));
        IN_TX(db_drive_record_moved_in(db, drives[0], medium));
        query_guid("SELECT HomeSlot FROM physical_media WHERE guid = ?1", medium, home);
        ck_assert_str_eq(home, slots[0]);
        IN_TX(db_cleaner_reserve(db, library, slots[0]));
        query_guid("SELECT HomeSlot FROM physical_media WHERE guid = ?1", medium, home);
        ck_assert_str_eq(home, "");

        /* Neither a way home nor the list of free slots offers it. */
        ck_assert_int_eq(db_drive_free_slot(db, library, slots[0], slot, &address), 0);
        ck_assert_str_eq(slot, slots[2]);
        ck_assert_int_eq(address, SLOT_BASE + 2);
        ck_assert_int_eq(db_library_free_slots(db, library, &free_slots, &n), 0);
        ck_assert_uint_eq(n, N_SLOTS - 2);
        for (size_t i = 0; i < n; i++) {
                ck_assert_str_ne(free_slots[i].guid, slots[0]);
                if (i > 0)
                        ck_assert_uint_gt(free_slots[i].address, free_slots[i - 1].address);
        }

        /* Back from the drive, the medium's new slot is its home. */
        IN_TX(db_drive_record_moved_out(db, drives[0], medium, slot));
        query_guid("SELECT HomeSlot FROM physical_media WHERE guid = ?1", medium, home);
        ck_assert_str_eq(home, slots[2]);

        /* A cartridge taken from the cleaner slot into a drive by hand does
         * not make it the home of what is found there. */
        {
                DbInventoryItem items[N_SLOTS + N_DRIVES];
                size_t k = 0;

                for (unsigned i = 0; i < N_SLOTS; i++)
                        items[k++] = (DbInventoryItem) {
                                .kind = DB_ELEMENT_SLOT, .address = SLOT_BASE + i, .full = i == 1 || i == 2,
                                .barcode = i == 1 ? "Q00002L6" : i == 2 ? "Q00001L6" : NULL,
                        };
                items[k++] = (DbInventoryItem) { .kind = DB_ELEMENT_DRIVE, .address = DRIVE_BASE, .full = true,
                                                 .barcode = "Q00009L6", .home_known = true, .home = SLOT_BASE };
                items[k++] = (DbInventoryItem) { .kind = DB_ELEMENT_DRIVE, .address = DRIVE_BASE + 1,
                                                 .full = true, .barcode = "Q00003L6" };
                ck_assert_int_eq(db_inventory_apply(db, library, &(DbInventory) { .items = items, .n_items = k },
                                                    NULL), 0);
        }
        ck_assert_int_eq(db_medium_find_barcode(db, "Q00009L6", medium), 0);
        query_guid("SELECT HomeSlot FROM physical_media WHERE guid = ?1", medium, home);
        ck_assert_str_eq(home, "");
        ck_assert(!cleaner().present);
}
END_TEST

static void set_library(const char *field, int64_t value, int expected) {
        DbField f = { .name = field, .value = { .type = DB_VALUE_INTEGER, .integer = value } };

        ck_assert_int_eq(db_object_update(db, NTMS_LIBRARY, library, &f, 1), expected);
}

/* SetNtmsObjectInformation of dwFlags and dwCleanerUsesRemaining. */
START_TEST(test_flags_follow_the_cleaner) {
        _cleanup_free_ char *before = NULL, *after = NULL;
        DbCleaner c;

        /* No cleaner: no count but 0. */
        before = dump();
        set_library("dwCleanerUsesRemaining", 5, -EINVAL);
        after = dump();
        ck_assert_str_eq(before, after);
        set_library("dwCleanerUsesRemaining", 0, 0);

        /* The flags that describe the library's contents are rsmd's. */
        set_library("dwFlags", NTMS_LIBRARYFLAG_CLEANERPRESENT | NTMS_LIBRARYFLAG_IGNORECLEANERUSESREMAINING |
                               NTMS_LIBRARYFLAG_FIXEDOFFLINE | NTMS_LIBRARYFLAG_RECOGNIZECLEANERBARCODE, 0);
        c = cleaner();
        ck_assert_uint_eq(c.flags, NTMS_LIBRARYFLAG_RECOGNIZECLEANERBARCODE);
        ck_assert(!c.present);

        IN_TX(db_cleaner_reserve(db, library, slots[7]));
        IN_TX(db_cleaner_record_inserted(db, library, 3));
        set_library("dwFlags", 0, 0);
        c = cleaner();
        ck_assert_uint_eq(c.flags, NTMS_LIBRARYFLAG_CLEANERPRESENT);

        /* The count can be set; IGNORECLEANERUSESREMAINING follows it. */
        set_library("dwCleanerUsesRemaining", DB_CLEANER_USES_UNCOUNTED, 0);
        c = cleaner();
        ck_assert_uint_eq(c.flags, NTMS_LIBRARYFLAG_CLEANERPRESENT | NTMS_LIBRARYFLAG_IGNORECLEANERUSESREMAINING);
        set_library("dwCleanerUsesRemaining", 12, 0);
        c = cleaner();
        ck_assert_uint_eq(c.uses_remaining, 12);
        ck_assert_uint_eq(c.flags, NTMS_LIBRARYFLAG_CLEANERPRESENT);
}
END_TEST

int main(void) {
        Suite *s = suite_create("cleaner-db");
        TCase *tc = tcase_create("db");
        SRunner *sr;
        int failed;

        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, test_reserve_and_release);
        tcase_add_test(tc, test_reserve_refusals);
        tcase_add_test(tc, test_release_refusals);
        tcase_add_test(tc, test_cleaner_uses);
        tcase_add_test(tc, test_inventory_finds_the_cleaner);
        tcase_add_test(tc, test_no_data_cartridge_goes_to_the_cleaner_slot);
        tcase_add_test(tc, test_flags_follow_the_cleaner);
        suite_add_tcase(s, tc);

        sr = srunner_create(s);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? 0 : 1;
}
