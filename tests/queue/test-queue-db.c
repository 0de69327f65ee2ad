/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* What the queue records, without devices or daemon: library requests from
 * queued to deleted, and a cartridge's way through a drive as db/drive.c
 * writes it, including what a re-read element status makes of drives and
 * media (db_drive_sync). The library is recorded as a probe and an
 * inventory would record it. */

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db-private.h"
#include "db/drive.h"
#include "db/element.h"
#include "db/inventory.h"
#include "db/library.h"
#include "db/librequest.h"
#include "db/media.h"
#include "db/media-type.h"
#include "macro.h"
#include "media/pools.h"
#include "ntmsapi.h"

#define SLOT_BASE 1024
#define N_SLOTS 8
#define DRIVE_BASE 256
#define N_DRIVES 2

static char dir[64];
static char path[128];
static Db *db;
static char library[DB_GUID_MAX];

static int64_t query_int(const char *sql, const char *a) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;

        ck_assert_int_eq(db_prepare(db, sql, &s), 0);
        if (a)
                ck_assert_int_eq(db_bind_text(db, s, 1, a), 0);
        ck_assert_int_eq(db_step_row(db, s), 0);
        return sqlite3_column_int64(s, 0);
}

/* Runs one recording call in a transaction of its own, as the queue does. */
#define IN_TX(expr)                                                     \
        do {                                                            \
                ck_assert_int_eq(db_begin(db), 0);                      \
                ck_assert_int_eq((expr), 0);                            \
                ck_assert_int_eq(db_commit(db), 0);                     \
        } while (0)

static void record_library(void) {
        uint16_t slots[N_SLOTS], drives[N_DRIVES];
        DbDeviceIdentity changer = { .vendor = "STK", .product = "L20", .serial = "Q1", .device_name = "/dev/sg0",
                                     .device_type = 0x30 };
        DbDeviceIdentity drive_ids[N_DRIVES];
        DbInventoryItem items[3];
        DbLibraryLayout layout = {
                .name = "Queue library",
                .library_type = NTMS_LIBRARYTYPE_ONLINE,
                .n_slots = N_SLOTS, .n_drives = N_DRIVES,
                .changer = &changer, .drives = drive_ids,
                .addresses = { [DB_ELEMENT_SLOT] = slots, [DB_ELEMENT_DRIVE] = drives },
        };

        for (unsigned i = 0; i < N_SLOTS; i++)
                slots[i] = (uint16_t) (SLOT_BASE + i);
        for (unsigned i = 0; i < N_DRIVES; i++) {
                drives[i] = (uint16_t) (DRIVE_BASE + i);
                drive_ids[i] = (DbDeviceIdentity) { .vendor = "IBM", .product = "ULT3580-TD6", .serial = "D",
                                                    .device_name = "/dev/nst0", .device_type = FILE_DEVICE_TAPE };
        }
        IN_TX(db_library_apply_layout(db, NULL, &layout, library));

        /* Two cartridges in slots 1 and 2, a third found in drive 2. */
        items[0] = (DbInventoryItem) { .kind = DB_ELEMENT_SLOT, .address = SLOT_BASE, .full = true, .barcode = "Q00001L6" };
        items[1] = (DbInventoryItem) { .kind = DB_ELEMENT_SLOT, .address = SLOT_BASE + 1, .full = true,
                                       .barcode = "Q00002L6" };
        items[2] = (DbInventoryItem) { .kind = DB_ELEMENT_DRIVE, .address = DRIVE_BASE + 1, .full = true,
                                       .barcode = "Q00003L6" };
        /* The other slots are reported empty. */
        {
                DbInventoryItem all[3 + N_SLOTS - 2];
                size_t n = 0;

                for (size_t i = 0; i < ELEMENTSOF(items); i++)
                        all[n++] = items[i];
                for (unsigned i = 2; i < N_SLOTS; i++)
                        all[n++] = (DbInventoryItem) { .kind = DB_ELEMENT_SLOT, .address = SLOT_BASE + i };
                ck_assert_int_eq(db_inventory_apply(db, library, &(DbInventory) { .items = all, .n_items = n }, NULL), 0);
        }
        IN_TX(db_drive_sync(db, library));
}

static void setup(void) {
        _cleanup_free_ char *problem = NULL;

        snprintf(dir, sizeof dir, "/tmp/test-queue-db.XXXXXX");
        ck_assert_ptr_nonnull(mkdtemp(dir));
        snprintf(path, sizeof path, "%s/rsmd.db", dir);
        ck_assert_msg(db_open(path, &(DbOpenOptions) { .hostname = "test" }, &db, &problem) == 0, "db_open: %s",
                      problem ?: "?");
        ck_assert_int_eq(media_pools_seed(db), 0);
        record_library();
}

static void teardown(void) {
        char cmd[128];

        db = db_close(db);
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        (void) !system(cmd);
}

static void medium_by_barcode(const char *barcode, char ret[static DB_GUID_MAX]) {
        ck_assert_int_eq(db_medium_find_barcode(db, barcode, ret), 0);
}

/* --- library requests ------------------------------------------------------------ */

static const DbRequester who = { .application = "test", .user = "root", .computer = "here" };

static void insert_request(uint32_t operation, char ret[static DB_GUID_MAX]) {
        DbLibRequest req = { .operation = operation, .state = NTMS_LM_QUEUED, .priority = NTMS_PRIORITY_HIGH };

        memcpy(req.library, library, DB_GUID_MAX);
        IN_TX(db_librequest_insert(db, &req, &who, ret));
}

/* DeleteNtmsRequests of one request: 1 deleted, 0 kept. */
static int delete_finished(uint32_t type, const char *request) {
        int r;

        ck_assert_int_eq(db_begin(db), 0);
        r = db_request_delete_finished(db, type, request);
        ck_assert_int_eq(db_commit(db), 0);
        return r;
}

START_TEST(test_request_life) {
        char request[DB_GUID_MAX], drive[DB_GUID_MAX] = "", slot[DB_GUID_MAX] = "";
        _cleanup_(strv_freep) char **drives = NULL, **slots = NULL;
        DbLibRequest r;
        size_t n;

        ck_assert_int_eq(db_library_elements(db, library, DB_ELEMENT_DRIVE, &drives, &n), 0);
        memcpy(drive, drives[0], DB_GUID_MAX);
        ck_assert_int_eq(db_library_elements(db, library, DB_ELEMENT_SLOT, &slots, &n), 0);
        memcpy(slot, slots[0], DB_GUID_MAX);

        insert_request(NTMS_LM_MOUNT, request);
        ck_assert_int_eq(db_librequest_get(db, request, &r), 0);
        ck_assert_uint_eq(r.operation, NTMS_LM_MOUNT);
        ck_assert_uint_eq(r.state, NTMS_LM_QUEUED);
        ck_assert_int_eq(r.priority, NTMS_PRIORITY_HIGH);
        ck_assert_uint_gt(r.queued, 0);
        ck_assert_uint_eq(r.started, 0);
        ck_assert_uint_eq(r.completed, 0);
        ck_assert(!db_librequest_state_is_final(r.state));

        /* Current requests count in the library; finished ones do not. */
        ck_assert_int_eq(query_int("SELECT dwNumberOfLibRequests FROM library_info WHERE ObjectGuid = ?1", library), 1);

        IN_TX(db_librequest_start(db, request, drive, slot));
        ck_assert_int_eq(db_librequest_get(db, request, &r), 0);
        ck_assert_uint_eq(r.state, NTMS_LM_INPROCESS);
        ck_assert_str_eq(r.drive, drive);
        ck_assert_str_eq(r.slot, slot);
        ck_assert_uint_ge(r.started, r.queued);

        /* Unfinished requests are never deleted. */
        ck_assert_int_eq(delete_finished(NTMS_LIBREQUEST, request), 0);

        IN_TX(db_librequest_finish(db, request, NTMS_LM_FAILED, ERROR_INVALID_STATE));
        ck_assert_int_eq(db_librequest_get(db, request, &r), 0);
        ck_assert_uint_eq(r.state, NTMS_LM_FAILED);
        ck_assert_uint_eq(r.error, ERROR_INVALID_STATE);
        ck_assert_uint_ge(r.completed, r.started);
        ck_assert_int_eq(query_int("SELECT dwNumberOfLibRequests FROM library_info WHERE ObjectGuid = ?1", library), 0);

        /* An operator request of that GUID there is none. */
        ck_assert_int_eq(delete_finished(NTMS_OPREQUEST, request), 0);
        ck_assert_int_eq(delete_finished(NTMS_LIBREQUEST, request), 1);
        ck_assert_int_eq(db_librequest_get(db, request, &r), -ENOENT);
}
END_TEST

START_TEST(test_unfinished_and_purge) {
        char queued[DB_GUID_MAX], passed[DB_GUID_MAX], failed[DB_GUID_MAX];
        _cleanup_free_ DbLibRequest *list = NULL;
        DbLibRequest r;
        size_t n;

        insert_request(NTMS_LM_MOUNT, queued);
        insert_request(NTMS_LM_DISMOUNT, passed);
        insert_request(NTMS_LM_INVENTORY, failed);
        IN_TX(db_librequest_finish(db, passed, NTMS_LM_PASSED, ERROR_SUCCESS));
        IN_TX(db_librequest_finish(db, failed, NTMS_LM_FAILED, ERROR_LIBRARY_OFFLINE));

        ck_assert_int_eq(db_librequest_unfinished(db, library, &list, &n), 0);
        ck_assert_uint_eq(n, 1);
        ck_assert_str_eq(list[0].guid, queued);

        /* Finished before the future: the passed one goes, the failed one
         * only when failed ones go too (NTMS_LIBREQFLAGS_NOFAILEDPURGE). */
        ck_assert_int_eq(db_begin(db), 0);
        ck_assert_int_eq(db_librequest_purge(db, UINT64_MAX / 2, false), 1);
        ck_assert_int_eq(db_commit(db), 0);
        ck_assert_int_eq(db_librequest_get(db, passed, &r), -ENOENT);
        ck_assert_int_eq(db_librequest_get(db, failed, &r), 0);
        ck_assert_int_eq(db_begin(db), 0);
        ck_assert_int_eq(db_librequest_purge(db, UINT64_MAX / 2, true), 1);
        ck_assert_int_eq(db_commit(db), 0);
        ck_assert_int_eq(db_librequest_get(db, failed, &r), -ENOENT);
        ck_assert_int_eq(db_librequest_get(db, queued, &r), 0);
}
END_TEST

/* --- a cartridge's way through a drive ------------------------------------------------ */

static DbDrive drive_number(unsigned number) {
        _cleanup_free_ DbDrive *drives = NULL;
        size_t n;

        ck_assert_int_eq(db_drive_list(db, library, &drives, &n), 0);
        ck_assert_uint_eq(n, N_DRIVES);
        ck_assert_uint_eq(drives[number - 1].number, number);
        return drives[number - 1];
}

START_TEST(test_found_in_a_drive_is_dismountable) {
        DbDrive d1 = drive_number(1), d2 = drive_number(2);
        char medium[DB_GUID_MAX];

        medium_by_barcode("Q00003L6", medium);
        ck_assert_str_eq(d2.medium, medium);
        ck_assert_uint_eq(d2.media_state, NTMS_MEDIASTATE_UNLOADED);
        ck_assert_uint_eq(d2.state, NTMS_DRIVESTATE_DISMOUNTABLE);
        ck_assert_int_eq(d2.address, DRIVE_BASE + 1);
        ck_assert_str_eq(d1.medium, "");
        ck_assert_uint_eq(d1.state, NTMS_DRIVESTATE_DISMOUNTED);
        ck_assert_uint_eq(d1.device_type, FILE_DEVICE_TAPE);
        ck_assert(d1.enabled && d1.library_enabled && d1.has_device);
        /* The documented default of dwDeferDismountDelay: five minutes. */
        ck_assert_uint_eq(d1.defer_dismount_delay, 300);
}
END_TEST

START_TEST(test_mount_and_dismount) {
        char medium[DB_GUID_MAX], slot[DB_GUID_MAX];
        DbMountable s;
        DbDrive d;
        int32_t address;

        medium_by_barcode("Q00001L6", medium);
        ck_assert_int_eq(db_mountable_get(db, medium, &s), -ENOENT);   /* a medium is no side */
        {
                _cleanup_(strv_freep) char **sides = NULL;

                ck_assert_int_eq(db_collect_guids(db, "SELECT guid FROM partition WHERE PhysicalMedia = ?1", medium,
                                                  &sides), 0);
                ck_assert_int_eq(db_mountable_get(db, sides[0], &s), 0);
        }
        ck_assert_str_eq(s.medium, medium);
        ck_assert_str_eq(s.library, library);
        ck_assert_uint_eq(s.location_type, NTMS_STORAGESLOT);
        ck_assert_int_eq(s.location_address, SLOT_BASE);
        ck_assert_str_eq(s.home, s.location);
        ck_assert_uint_eq(s.media_state, NTMS_MEDIASTATE_IDLE);
        ck_assert_uint_eq(s.device_type, FILE_DEVICE_TAPE);

        d = drive_number(1);
        IN_TX(db_drive_claim(db, medium));
        IN_TX(db_drive_record_moved_in(db, d.guid, medium));
        ck_assert_int_eq(query_int("SELECT State FROM storage_slot WHERE guid = ?1", s.location), NTMS_SLOTSTATE_EMPTY);
        d = drive_number(1);
        ck_assert_uint_eq(d.state, NTMS_DRIVESTATE_MOUNTED);
        ck_assert_uint_eq(d.media_state, NTMS_MEDIASTATE_MOUNTED);

        /* A re-read element status leaves a medium on its way alone. */
        IN_TX(db_drive_sync(db, library));
        d = drive_number(1);
        ck_assert_uint_eq(d.state, NTMS_DRIVESTATE_MOUNTED);

        IN_TX(db_drive_record_loaded(db, d.guid, medium, s.side, true));
        d = drive_number(1);
        ck_assert_uint_eq(d.state, NTMS_DRIVESTATE_LOADED);
        ck_assert_str_eq(d.mounted_side, s.side);
        ck_assert_str_eq(d.saved_side, s.side);
        ck_assert_uint_gt(d.last_used, 0);
        ck_assert_int_eq(query_int("SELECT dwMountCount FROM drive WHERE guid = ?1", d.guid), 1);
        ck_assert_int_eq(query_int("SELECT dwMountCount FROM partition WHERE guid = ?1", s.side), 1);

        /* Mounted again from a deferred dismount: not counted. */
        IN_TX(db_drive_record_released(db, d.guid, medium));
        d = drive_number(1);
        ck_assert_uint_eq(d.state, NTMS_DRIVESTATE_DISMOUNTABLE);
        ck_assert_uint_eq(d.media_state, NTMS_MEDIASTATE_UNLOADED);
        ck_assert_str_eq(d.mounted_side, "");
        IN_TX(db_drive_record_loaded(db, d.guid, medium, s.side, false));
        ck_assert_int_eq(query_int("SELECT dwMountCount FROM drive WHERE guid = ?1", d.guid), 1);
        IN_TX(db_drive_record_released(db, d.guid, medium));

        /* Home: its own slot, which is empty again. */
        ck_assert_int_eq(db_drive_free_slot(db, library, s.home, slot, &address), 0);
        ck_assert_str_eq(slot, s.home);
        ck_assert_int_eq(address, SLOT_BASE);
        IN_TX(db_drive_record_unloaded(db, d.guid));
        ck_assert_uint_eq(drive_number(1).state, NTMS_DRIVESTATE_UNLOADED);
        IN_TX(db_drive_record_moved_out(db, d.guid, medium, slot));
        d = drive_number(1);
        ck_assert_uint_eq(d.state, NTMS_DRIVESTATE_DISMOUNTED);
        ck_assert_str_eq(d.medium, "");
        ck_assert_str_eq(d.saved_side, "");
        ck_assert_int_eq(db_mountable_get(db, s.side, &s), 0);
        ck_assert_uint_eq(s.media_state, NTMS_MEDIASTATE_IDLE);
        ck_assert_uint_eq(s.location_type, NTMS_STORAGESLOT);
        ck_assert_int_eq(query_int("SELECT State FROM storage_slot WHERE guid = ?1", slot), NTMS_SLOTSTATE_FULL);
}
END_TEST

START_TEST(test_free_slot) {
        char medium[DB_GUID_MAX], slot[DB_GUID_MAX], home[DB_GUID_MAX];
        int32_t address;

        /* The cartridge found in drive 2 has no home: the first empty slot. */
        medium_by_barcode("Q00003L6", medium);
        ck_assert_int_eq(db_drive_free_slot(db, library, NULL, slot, &address), 0);
        ck_assert_int_eq(address, SLOT_BASE + 2);

        /* A home that holds another cartridge is passed over. */
        medium_by_barcode("Q00001L6", medium);
        ck_assert_int_eq(query_int("SELECT count(*) FROM physical_media WHERE guid = ?1 AND HomeSlot IS NOT NULL",
                                   medium), 1);
        {
                _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;

                ck_assert_int_eq(db_prepare(db, "SELECT HomeSlot FROM physical_media WHERE guid = ?1", &s), 0);
                ck_assert_int_eq(db_bind_text(db, s, 1, medium), 0);
                ck_assert_int_eq(db_step_row(db, s), 0);
                db_column_guid(s, 0, home);
        }
        ck_assert_int_eq(db_drive_free_slot(db, library, home, slot, &address), 0);
        ck_assert_int_eq(address, SLOT_BASE + 2);
}
END_TEST

START_TEST(test_in_transit_released) {
        char medium[DB_GUID_MAX];
        uint64_t n;
        DbDrive d = drive_number(1);

        medium_by_barcode("Q00002L6", medium);
        IN_TX(db_drive_claim(db, medium));
        ck_assert_int_eq(db_drive_in_transit(db, library, &n), 0);
        ck_assert_uint_eq(n, 1);
        IN_TX(db_drive_record_moved_in(db, d.guid, medium));
        IN_TX(db_drive_release_in_transit(db, library));
        ck_assert_int_eq(db_drive_in_transit(db, library, &n), 0);
        ck_assert_uint_eq(n, 0);
        IN_TX(db_drive_sync(db, library));
        d = drive_number(1);
        ck_assert_uint_eq(d.media_state, NTMS_MEDIASTATE_UNLOADED);
        ck_assert_uint_eq(d.state, NTMS_DRIVESTATE_DISMOUNTABLE);
        {
                _cleanup_(strv_freep) char **dismountable = NULL;

                ck_assert_int_eq(db_drive_dismountable(db, library, &dismountable), 0);
                ck_assert_uint_eq(strv_length(dismountable), 2);
        }
}
END_TEST

int main(void) {
        Suite *s = suite_create("queue-db");
        TCase *tc = tcase_create("db");
        SRunner *sr;
        int failed;

        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, test_request_life);
        tcase_add_test(tc, test_unfinished_and_purge);
        tcase_add_test(tc, test_found_in_a_drive_is_dismountable);
        tcase_add_test(tc, test_mount_and_dismount);
        tcase_add_test(tc, test_free_slot);
        tcase_add_test(tc, test_in_transit_released);
        suite_add_tcase(s, tc);

        sr = srunner_create(s);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? 0 : 1;
}
