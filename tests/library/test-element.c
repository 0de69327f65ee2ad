/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Elements are known by their element address: a changer whose layout
 * changes (a magazine added in front of the others, slots taken away) keeps
 * each element's GUID, and what refers to it, for as long as its address
 * exists, whatever number it gets. A database of schema version 1, which
 * recorded no addresses, is migrated with its data, and the first layout
 * recorded with addresses adopts its elements by number. No devices: the
 * layouts are written here as a probe would report them. */

#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db-private.h"
#include "db/element.h"
#include "db/inventory.h"
#include "macro.h"
#include "media/pools.h"
#include "ntmsapi.h"

#define SLOT_BASE 1024
#define N_SLOTS 40
#define DRIVE_BASE 256
#define N_DRIVES 4
#define PORT_BASE 512
#define N_PORTS 2

static char dir[] = "/tmp/test-element.XXXXXX";
static char *path;
static Db *db;

static void open_db(void) {
        _cleanup_free_ char *problem = NULL;

        ck_assert_msg(db_open(path, &(DbOpenOptions) { .hostname = "test" }, &db, &problem) == 0,
                      "db_open: %s", problem ?: "?");
        ck_assert_int_eq(media_pools_seed(db), 0);
}

static void setup(void) {
        ck_assert_ptr_nonnull(mkdtemp(strcpy(dir, "/tmp/test-element.XXXXXX")));
        ck_assert_int_ge(asprintf(&path, "%s/rsmd.db", dir), 0);
        open_db();
}

static void teardown(void) {
        _cleanup_free_ char *cmd = NULL;

        db = db_close(db);
        free(path);
        path = NULL;
        if (asprintf(&cmd, "rm -rf '%s'", dir) >= 0)
                (void) system(cmd);
}

/* count consecutive addresses from base. */
static uint16_t *range(unsigned base, unsigned count) {
        uint16_t *a = calloc(count + 1, sizeof(uint16_t));

        ck_assert_ptr_nonnull(a);
        for (unsigned i = 0; i < count; i++)
                a[i] = (uint16_t) (base + i);
        return a;
}

/* Records a changer library whose slots are n_slots from slot_base, with the
 * drives and ports of the default layout; returns its GUID in library. */
static void apply_layout(const char *known, unsigned slot_base, unsigned n_slots, char library[static DB_GUID_MAX]) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        _cleanup_free_ uint16_t *slots = range(slot_base, n_slots), *drives = range(DRIVE_BASE, N_DRIVES),
                                *ports = range(PORT_BASE, N_PORTS);
        DbDeviceIdentity changer = { .vendor = "STK", .product = "L700", .serial = "LIB0001",
                                     .device_name = "/dev/sg0", .device_type = 0x30 };
        DbDeviceIdentity drive_ids[N_DRIVES] = {};
        DbLibraryLayout layout = {
                .name = "Test library",
                .library_type = NTMS_LIBRARYTYPE_ONLINE,
                .n_slots = n_slots, .n_ports = N_PORTS, .n_doors = 1, .n_drives = N_DRIVES,
                .changer = &changer, .drives = drive_ids,
                .addresses = { [DB_ELEMENT_SLOT] = slots, [DB_ELEMENT_DRIVE] = drives, [DB_ELEMENT_PORT] = ports },
        };

        for (unsigned i = 0; i < N_DRIVES; i++)
                drive_ids[i] = (DbDeviceIdentity) { .vendor = "IBM", .product = "ULT3580-TD6", .serial = "D",
                                                    .device_name = "/dev/nst0", .device_type = 0x1f };

        ck_assert_int_eq(db_begin(db), 0);
        tx = db;
        ck_assert_int_eq(db_library_apply_layout(db, known, &layout, library), 0);
        ck_assert_int_eq(db_commit(TAKE_PTR(tx)), 0);
}

/* The barcoded cartridges RSM<address>L6 in the given slot addresses. */
static void inventory(const char *library, const unsigned *full, size_t n_full) {
        DbInventoryItem items[8] = {};
        char barcodes[8][16];

        ck_assert_uint_le(n_full, ELEMENTSOF(items));
        for (size_t i = 0; i < n_full; i++) {
                snprintf(barcodes[i], sizeof barcodes[i], "R%05uL6", full[i]);
                items[i] = (DbInventoryItem) { .kind = DB_ELEMENT_SLOT, .address = full[i], .full = true,
                                               .barcode = barcodes[i] };
        }
        ck_assert_int_eq(db_inventory_apply(db, library, &(DbInventory) { .items = items, .n_items = n_full },
                                            NULL), 0);
}

static int64_t query_int(const char *sql, const char *a) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;

        ck_assert_int_eq(db_prepare(db, sql, &s), 0);
        if (a)
                ck_assert_int_eq(db_bind_text(db, s, 1, a), 0);
        ck_assert_int_eq(db_step_row(db, s), 0);
        return sqlite3_column_int64(s, 0);
}

/* The GUID of the slot at an address, and its number and name. */
static void slot_at(const char *library, unsigned address, char guid[static DB_GUID_MAX], int64_t *number,
                    char *name) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;

        ck_assert_int_eq(db_prepare(db, "SELECT s.guid, s.Number, o.name FROM storage_slot AS s "
                                        "JOIN objects AS o ON o.guid = s.guid "
                                        "WHERE s.Library = ?1 AND s.ElementAddress = ?2", &s), 0);
        ck_assert_int_eq(db_bind_text(db, s, 1, library), 0);
        ck_assert_int_eq(db_bind_int64(db, s, 2, address), 0);
        ck_assert_msg(db_step_row(db, s) == 0, "no slot at address %u", address);
        db_column_guid(s, 0, guid);
        if (number)
                *number = sqlite3_column_int64(s, 1);
        if (name)
                snprintf(name, 64, "%s", (const char *) sqlite3_column_text(s, 2));
}

/* The slot GUIDs by number, as the API numbers them. */
static char **slots_by_number(const char *library, size_t expected) {
        char **l = NULL;
        size_t n;

        ck_assert_int_eq(db_library_elements(db, library, DB_ELEMENT_SLOT, &l, &n), 0);
        ck_assert_uint_eq(n, expected);
        return l;
}

static void medium_location(const char *barcode, char location[static DB_GUID_MAX], char home[static DB_GUID_MAX]) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;

        ck_assert_int_eq(db_prepare(db, "SELECT Location, HomeSlot FROM physical_media WHERE szBarCode = ?1", &s), 0);
        ck_assert_int_eq(db_bind_text(db, s, 1, barcode), 0);
        ck_assert_int_eq(db_step_row(db, s), 0);
        db_column_guid(s, 0, location);
        db_column_guid(s, 1, home);
}

START_TEST(test_guid_follows_address) {
        _cleanup_(strv_freep) char **before = NULL, **after = NULL, **fewer = NULL;
        char library[DB_GUID_MAX], again[DB_GUID_MAX], guid[DB_GUID_MAX], location[DB_GUID_MAX], home[DB_GUID_MAX];
        char name[64], sql[128];
        int64_t number, changes;
        unsigned full[] = { SLOT_BASE, SLOT_BASE + 6, SLOT_BASE + N_SLOTS - 1 };

        apply_layout(NULL, SLOT_BASE, N_SLOTS, library);
        inventory(library, full, ELEMENTSOF(full));
        before = slots_by_number(library, N_SLOTS);
        slot_at(library, SLOT_BASE + 6, guid, &number, name);
        ck_assert_int_eq(number, 7);
        ck_assert_str_eq(name, "Slot 7");
        ck_assert_str_eq(guid, before[6]);

        /* Someone names slot 2; the name is theirs from now on. */
        ck_assert_int_eq(db_run_guid(db, "UPDATE objects SET name = 'Cleaner' WHERE guid = ?1", before[1]), 1);

        /* The same layout again writes no slot: the changer, drive and state
         * rows only, fewer than there are slots. */
        changes = query_int("SELECT total_changes()", NULL);
        apply_layout(library, SLOT_BASE, N_SLOTS, again);
        ck_assert_str_eq(again, library);
        ck_assert_int_lt(query_int("SELECT total_changes()", NULL) - changes, N_SLOTS / 2);

        /* A magazine of 24 slots in front: every slot keeps its GUID under a
         * number 24 higher, the new ones come first. */
        apply_layout(library, SLOT_BASE - 24, N_SLOTS + 24, again);
        ck_assert_str_eq(again, library);
        after = slots_by_number(library, N_SLOTS + 24);
        for (size_t i = 0; i < N_SLOTS; i++)
                ck_assert_str_eq(after[i + 24], before[i]);
        for (size_t i = 0; i < 24; i++)
                for (size_t j = 0; j < N_SLOTS; j++)
                        ck_assert_str_ne(after[i], before[j]);
        slot_at(library, SLOT_BASE + 6, guid, &number, name);
        ck_assert_str_eq(guid, before[6]);
        ck_assert_int_eq(number, 31);
        ck_assert_str_eq(name, "Slot 31");
        slot_at(library, SLOT_BASE + 1, guid, &number, name);
        ck_assert_int_eq(number, 26);
        ck_assert_str_eq(name, "Cleaner");
        slot_at(library, SLOT_BASE - 24, guid, &number, name);
        ck_assert_int_eq(number, 1);
        ck_assert_str_eq(name, "Slot 1");

        /* The cartridges stay where they were, at home. */
        medium_location("R01030L6", location, home);
        ck_assert_str_eq(location, before[6]);
        ck_assert_str_eq(home, before[6]);

        /* The magazine and the last 10 slots go: the rest keep their GUIDs under
         * their first numbers again; the cartridge in a slot that is gone has no
         * home any more. */
        apply_layout(library, SLOT_BASE, N_SLOTS - 10, again);
        fewer = slots_by_number(library, N_SLOTS - 10);
        for (size_t i = 0; i < N_SLOTS - 10; i++)
                ck_assert_str_eq(fewer[i], before[i]);
        ck_assert_int_eq(query_int("SELECT count(*) FROM storage_slot WHERE Library = ?1", library), N_SLOTS - 10);
        snprintf(sql, sizeof sql, "SELECT count(*) FROM objects WHERE type = %d", NTMS_STORAGESLOT);
        ck_assert_int_eq(query_int(sql, NULL), N_SLOTS - 10);
        medium_location("R01063L6", location, home);
        ck_assert_str_eq(home, "");
        slot_at(library, SLOT_BASE + 6, guid, &number, name);
        ck_assert_int_eq(number, 7);
        ck_assert_str_eq(name, "Slot 7");

        /* Drives and ports are recorded with their addresses too. */
        ck_assert_int_eq(query_int("SELECT count(*) FROM drive WHERE Library = ?1 AND ElementAddress = 255 + Number",
                                   library), N_DRIVES);
        ck_assert_int_eq(query_int("SELECT count(*) FROM ieport WHERE Library = ?1 AND ElementAddress = 511 + Number",
                                   library), N_PORTS);
        ck_assert_int_eq(query_int("SELECT count(*) FROM iedoor WHERE Library = ?1 AND ElementAddress IS NULL",
                                   library), 1);
}
END_TEST

START_TEST(test_inventory_names_unknown_address) {
        char library[DB_GUID_MAX];
        DbInventoryItem item = { .kind = DB_ELEMENT_SLOT, .address = SLOT_BASE + N_SLOTS, .full = true,
                                 .barcode = "NOWHERE1" };

        apply_layout(NULL, SLOT_BASE, N_SLOTS, library);
        ck_assert_int_eq(db_inventory_apply(db, library, &(DbInventory) { .items = &item, .n_items = 1 }, NULL),
                         -ERANGE);
        ck_assert_int_eq(query_int("SELECT count(*) FROM physical_media", NULL), 0);
}
END_TEST

/* Takes the database back to schema version 1, as a v1 rsmd left it: the
 * migrations' indexes, trigger and columns gone, user_version 1. */
static void downgrade_to_v1(void) {
        static const char *const tables[] = { "storage_slot", "drive", "ieport", "iedoor" };

        ck_assert_int_eq(db_exec(db, "DROP TRIGGER drive_defer_dismount_default; DROP INDEX librequest_by_state; "
                                     "DROP INDEX physical_media_by_location; "
                                     "ALTER TABLE librequest DROP COLUMN TimeStarted; "
                                     "ALTER TABLE drive DROP COLUMN LastUsed;"), 0);
        ck_assert_int_eq(db_exec(db, "DROP INDEX storage_slot_by_address; DROP INDEX drive_by_address; "
                                     "DROP INDEX ieport_by_address; DROP INDEX physical_media_by_sequence;"), 0);
        for (size_t i = 0; i < ELEMENTSOF(tables); i++) {
                char sql[128];

                snprintf(sql, sizeof sql, "ALTER TABLE %s DROP COLUMN ElementAddress", tables[i]);
                ck_assert_int_eq(db_exec(db, sql), 0);
        }
        ck_assert_int_eq(db_exec(db, "PRAGMA user_version = 1"), 0);
        ck_assert_int_eq(query_int("SELECT count(*) FROM sqlite_master WHERE sql LIKE '%ElementAddress%' "
                                   "OR name = 'physical_media_by_sequence'", NULL), 0);
        db = db_close(db);
}

START_TEST(test_migration_from_v1) {
        _cleanup_(strv_freep) char **v1 = NULL, **migrated = NULL, **adopted = NULL, **shifted = NULL;
        char library[DB_GUID_MAX], again[DB_GUID_MAX], location[DB_GUID_MAX], home[DB_GUID_MAX];
        char guid[DB_GUID_MAX];
        unsigned version, full[] = { SLOT_BASE + 2, SLOT_BASE + 9 };
        int64_t media, objects;

        apply_layout(NULL, SLOT_BASE, N_SLOTS, library);
        inventory(library, full, ELEMENTSOF(full));
        downgrade_to_v1();

        /* What a v1 rsmd recorded: the elements by number, no addresses. */
        ck_assert_ptr_null(db);
        {
                sqlite3 *raw;
                sqlite3_stmt *s;

                ck_assert_int_eq(sqlite3_open(path, &raw), SQLITE_OK);
                ck_assert_int_eq(sqlite3_prepare_v2(raw, "PRAGMA user_version", -1, &s, NULL), SQLITE_OK);
                ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
                ck_assert_int_eq(sqlite3_column_int(s, 0), 1);
                sqlite3_finalize(s);
                sqlite3_close(raw);
        }

        open_db();
        ck_assert_int_eq(db_get_schema_version(db, &version), 0);
        ck_assert_uint_eq(version, db_schema_version_latest());

        /* The new sequence numbers are found by the index, not by reading every medium. */
        ck_assert_int_eq(query_int("SELECT count(*) FROM sqlite_master WHERE name = 'physical_media_by_sequence'",
                                   NULL), 1);

        /* Everything is still there, without addresses. */
        migrated = slots_by_number(library, N_SLOTS);
        media = query_int("SELECT count(*) FROM physical_media", NULL);
        objects = query_int("SELECT count(*) FROM objects", NULL);
        ck_assert_int_eq(media, 2);
        ck_assert_int_eq(query_int("SELECT count(*) FROM storage_slot WHERE ElementAddress IS NULL", NULL), N_SLOTS);
        medium_location("R01033L6", location, home);
        ck_assert_str_eq(location, migrated[9]);
        ck_assert_str_eq(home, migrated[9]);

        /* The first probe with addresses adopts the elements by number. */
        apply_layout(library, SLOT_BASE, N_SLOTS, again);
        ck_assert_str_eq(again, library);
        adopted = slots_by_number(library, N_SLOTS);
        for (size_t i = 0; i < N_SLOTS; i++)
                ck_assert_str_eq(adopted[i], migrated[i]);
        ck_assert_int_eq(query_int("SELECT count(*) FROM objects", NULL), objects);
        ck_assert_int_eq(query_int("SELECT count(*) FROM storage_slot WHERE ElementAddress = 1023 + Number", NULL),
                         N_SLOTS);
        ck_assert_int_eq(query_int("SELECT count(*) FROM drive WHERE ElementAddress = 255 + Number", NULL), N_DRIVES);

        /* From then on the address is the identity. */
        apply_layout(library, SLOT_BASE - 8, N_SLOTS + 8, again);
        shifted = slots_by_number(library, N_SLOTS + 8);
        for (size_t i = 0; i < N_SLOTS; i++)
                ck_assert_str_eq(shifted[i + 8], migrated[i]);
        slot_at(library, SLOT_BASE + 9, guid, NULL, NULL);
        medium_location("R01033L6", location, home);
        ck_assert_str_eq(location, guid);

        /* An inventory by address finds the cartridges where they were. */
        inventory(library, full, ELEMENTSOF(full));
        ck_assert_int_eq(query_int("SELECT count(*) FROM physical_media", NULL), media);
        medium_location("R01033L6", location, home);
        ck_assert_str_eq(location, guid);
}
END_TEST

int main(void) {
        Suite *s = suite_create("element-address");
        TCase *tc = tcase_create("db");
        SRunner *sr;
        int failed;

        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, test_guid_follows_address);
        tcase_add_test(tc, test_inventory_names_unknown_address);
        tcase_add_test(tc, test_migration_from_v1);
        suite_add_tcase(s, tc);

        sr = srunner_create(s);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
