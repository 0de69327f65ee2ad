/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The library controller against tgt's virtual library: a library from a
 * configuration file is recorded with the changer's layout, a fast inventory
 * records exactly what the changer's own element status says, cartridges
 * moved or removed behind rsmd's back are found again or go offline, and a
 * changer that does not answer leaves the database as it was. The main loop
 * is this test's own sd-event loop, as it is rsmd's. */

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "changer.h"
#include "db/db-private.h"
#include "db/element.h"
#include "db/library.h"
#include "db/media.h"
#include "library/library-manager.h"
#include "macro.h"
#include "media/pools.h"
#include "ntmsapi.h"
#include "vtl-harness.h"

#define N_SLOTS 20
#define N_FULL 12
#define N_DRIVES 2
#define N_PORTS 2

static Vtl *vtl;
static char tmpdir[] = "/tmp/test-library.XXXXXX";
static sd_event *event;
static Db *db;
static LibraryManager *manager;
static char library[DB_GUID_MAX];

static void write_config(const char *dir) {
        _cleanup_free_ char *path = NULL;
        FILE *f;

        ck_assert_int_ge(asprintf(&path, "%s/vtl.conf", dir), 0);
        f = fopen(path, "we");
        ck_assert_ptr_nonnull(f);
        fprintf(f, "# the test library\n[Library]\nName=Test library\nChanger=%s\n", vtl->changer_url);
        for (size_t i = 0; i < vtl->n_drives; i++)
                fprintf(f, "Drive%zu=%s\n", i, vtl->drive_urls[i]);
        ck_assert_int_eq(fclose(f), 0);
}

/* Runs the loop until *flag is set or 60 s pass. */
static void run_until(const bool *flag) {
        for (unsigned i = 0; i < 600 && !*flag; i++)
                ck_assert_int_ge(sd_event_run(event, 100000), 0);
        ck_assert_msg(*flag, "timed out");
}

static void wait_for_library(void) {
        for (unsigned i = 0; i < 600; i++) {
                if (db_library_find_by_changer(db, NULL, vtl->changer_url, library) >= 0 &&
                    library_manager_get(manager, library))
                        return;
                ck_assert_int_ge(sd_event_run(event, 100000), 0);
        }
        ck_abort_msg("library was not recorded");
}

static void setup(void) {
        _cleanup_free_ char *path = NULL, *problem = NULL;
        int r;

        r = vtl_start(&(VtlConfig) { .slots = N_SLOTS, .full = N_FULL, .drives = N_DRIVES, .ports = N_PORTS }, &vtl);
        ck_assert_int_eq(r, 0);

        ck_assert_ptr_nonnull(mkdtemp(strcpy(tmpdir, "/tmp/test-library.XXXXXX")));
        ck_assert_int_ge(asprintf(&path, "%s/rsmd.db", tmpdir), 0);
        ck_assert_int_eq(db_open(path, &(DbOpenOptions) { .hostname = "test" }, &db, &problem), 0);
        ck_assert_int_eq(media_pools_seed(db), 0);

        ck_assert_int_ge(sd_event_new(&event), 0);
        ck_assert_int_eq(library_manager_new(event, db, &manager), 0);
        write_config(tmpdir);
        ck_assert_int_eq(library_manager_load_config(manager, tmpdir), 0);
        wait_for_library();
}

static void teardown(void) {
        _cleanup_free_ char *cmd = NULL;

        manager = library_manager_free(manager);
        db = db_close(db);
        event = sd_event_unref(event);
        vtl_stopp(&vtl);
        if (asprintf(&cmd, "rm -rf '%s'", tmpdir) >= 0)
                (void) system(cmd);
}

typedef struct Done {
        bool done;
        int r;
        DbInventoryStats stats;
} Done;

static void on_done(int r, const DbInventoryStats *stats, void *userdata) {
        Done *d = userdata;

        d->done = true;
        d->r = r;
        d->stats = *stats;
}

static int inventory(uint32_t method, DbInventoryStats *ret) {
        Done d = {};
        int r;

        r = library_manager_inventory(manager, library, method, on_done, &d);
        if (r < 0)
                return r;
        run_until(&d.done);
        if (ret)
                *ret = d.stats;
        return d.r;
}

static int64_t query_int(const char *sql, const char *a, const char *b) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;

        ck_assert_int_eq(db_prepare(db, sql, &s), 0);
        if (a)
                ck_assert_int_eq(db_bind_text(db, s, 1, a), 0);
        if (b)
                ck_assert_int_eq(db_bind_text(db, s, 2, b), 0);
        ck_assert_int_eq(db_step_row(db, s), 0);
        return sqlite3_column_int64(s, 0);
}

static int64_t info_int(uint32_t type, const char *guid, const char *field) {
        _cleanup_(db_row_freep) DbRow *row = NULL;

        ck_assert_int_eq(db_object_read_info(db, type, guid, &row), 0);
        for (size_t i = 0; i < row->n; i++)
                if (streq(row->fields[i].name, field))
                        return row->fields[i].value.integer;
        ck_abort_msg("no field %s", field);
        return -1;
}

/* Element status read straight from the changer, not through rsmd. */
static void read_changer(ChangerInventory *ret) {
        _cleanup_changer_ Changer *c = NULL;

        ck_assert_int_eq(changer_open(vtl->changer_url, &c), 0);
        ck_assert_int_eq(changer_read_inventory(c, ret), 0);
}

static void move_directly(uint16_t from, uint16_t to) {
        _cleanup_changer_ Changer *c = NULL;

        ck_assert_int_eq(changer_open(vtl->changer_url, &c), 0);
        ck_assert_int_eq(changer_move_medium(c, (uint16_t) vtl->mte_addr, from, to, false), 0);
}

static const char *kind_table(SmcElementType t) {
        return t == SMC_ELEMENT_STORAGE ? "storage_slot" : t == SMC_ELEMENT_DATA_TRANSFER ? "drive" : "ieport";
}

/* Every slot, drive and port of the library in the database says what the
 * changer says, cartridge by cartridge. */
static void assert_matches_changer(void) {
        _cleanup_(changer_inventory_done) ChangerInventory inv = {};
        unsigned numbers[_SMC_ELEMENT_TYPE_MAX] = {};

        read_changer(&inv);
        for (size_t i = 0; i < inv.n_elements; i++) {
                const SmcElement *e = inv.elements + i;
                char sql[256];
                unsigned n;

                if (e->type == SMC_ELEMENT_TRANSPORT)
                        continue;
                n = ++numbers[e->type];

                snprintf(sql, sizeof sql,
                         "SELECT count(*) FROM physical_media AS m JOIN %s AS x ON x.guid = m.Location "
                         "WHERE x.Library = ?1 AND x.Number = %u AND m.szBarCode = ?2 AND m.CurrentLibrary = ?1",
                         kind_table(e->type), n);
                ck_assert_msg(query_int(sql, library, e->volume_tag) == e->full,
                              "element %u (%s %u): changer says full=%d barcode %s", e->address,
                              kind_table(e->type), n, e->full, e->volume_tag);

                snprintf(sql, sizeof sql,
                         "SELECT count(*) FROM physical_media AS m JOIN %s AS x ON x.guid = m.Location "
                         "WHERE x.Library = ?1 AND x.Number = %u", kind_table(e->type), n);
                ck_assert_int_eq(query_int(sql, library, NULL), e->full);
        }
}

START_TEST(test_config_layout) {
        _cleanup_(strv_freep) char **drives = NULL;
        size_t n;

        ck_assert_int_eq(info_int(NTMS_LIBRARY, library, "LibraryType"), NTMS_LIBRARYTYPE_ONLINE);
        ck_assert_int_eq(info_int(NTMS_LIBRARY, library, "dwNumberOfDrives"), N_DRIVES);
        ck_assert_int_eq(info_int(NTMS_LIBRARY, library, "dwNumberOfSlots"), N_SLOTS);
        ck_assert_int_eq(info_int(NTMS_LIBRARY, library, "dwNumberOfPorts"), N_PORTS);
        ck_assert_int_eq(info_int(NTMS_LIBRARY, library, "dwNumberOfChangers"), 1);
        ck_assert_int_eq(info_int(NTMS_LIBRARY, library, "dwNumberOfDoors"), 1);
        ck_assert_int_eq(info_int(NTMS_LIBRARY, library, "FirstSlotNumber"), 1);
        ck_assert_int_eq(info_int(NTMS_LIBRARY, library, "InventoryMethod"), NTMS_INVENTORY_FAST);
        ck_assert_int_eq(info_int(NTMS_LIBRARY, library, "dwOperationalState"), NTMS_READY);

        ck_assert_int_eq(db_library_elements(db, library, DB_ELEMENT_DRIVE, &drives, &n), 0);
        ck_assert_int_eq(n, N_DRIVES);
        for (size_t i = 0; i < n; i++) {
                _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;

                ck_assert_int_eq(db_prepare(db, "SELECT szDeviceName, szSerialNumber, DriveType FROM drive WHERE guid = ?1", &s), 0);
                ck_assert_int_eq(db_bind_text(db, s, 1, drives[i]), 0);
                ck_assert_int_eq(db_step_row(db, s), 0);
                ck_assert_str_eq((const char *) sqlite3_column_text(s, 0), vtl->drive_urls[i]);
                ck_assert_int_gt(sqlite3_column_bytes(s, 1), 0);
                ck_assert_int_eq(sqlite3_column_type(s, 2), SQLITE_TEXT);
        }

        /* Loading the configuration again finds the same library, duplicates nothing. */
        ck_assert_int_eq(library_manager_load_config(manager, tmpdir), 0);
        ck_assert_int_eq(query_int("SELECT count(*) FROM library WHERE LibraryType = 2", NULL, NULL), 1);
        ck_assert_int_eq(query_int("SELECT count(*) FROM storage_slot", NULL, NULL), N_SLOTS);
}
END_TEST

START_TEST(test_fast_inventory) {
        DbInventoryStats stats;

        ck_assert_int_eq(inventory(NTMS_INVENTORY_FAST, &stats), 0);
        ck_assert_int_eq(stats.media_new, N_FULL);
        ck_assert_int_eq(info_int(NTMS_LIBRARY, library, "dwNumberOfMedia"), N_FULL);
        ck_assert_int_eq(info_int(NTMS_LIBRARY, library, "BarCodeReaderInstalled"), 1);
        assert_matches_changer();

        /* New barcoded LTO-6 cartridges land in Import\LTO Ultrium 6. */
        ck_assert_int_eq(query_int("SELECT count(*) FROM physical_media AS m JOIN media_pool AS p ON p.guid = m.MediaPool "
                                   "JOIN objects AS t ON t.guid = m.MediaType "
                                   "WHERE p.PoolType = 3 AND t.name = 'LTO Ultrium 6' AND m.CurrentLibrary = ?1",
                                   library, NULL), N_FULL);
        ck_assert_int_eq(query_int("SELECT count(*) FROM partition", NULL, NULL), N_FULL);
        ck_assert_int_eq(query_int("SELECT count(*) FROM storage_slot WHERE Library = ?1 AND State = 1",
                                   library, NULL), N_FULL);

        /* Again: the same media, nothing new. */
        ck_assert_int_eq(inventory(NTMS_INVENTORY_DEFAULT, &stats), 0);
        ck_assert_int_eq(stats.media_new, 0);
        ck_assert_int_eq(stats.media_known, N_FULL);
        ck_assert_int_eq(query_int("SELECT count(*) FROM physical_media", NULL, NULL), N_FULL);

        ck_assert_int_eq(inventory(NTMS_INVENTORY_NONE, &stats), 0);
        ck_assert_int_eq(library_manager_inventory(manager, library, NTMS_INVENTORY_STOP + 7, on_done, NULL), -EINVAL);
}
END_TEST

START_TEST(test_moved_behind_our_back) {
        char guid[DB_GUID_MAX];
        int64_t before;

        ck_assert_int_eq(inventory(NTMS_INVENTORY_FAST, NULL), 0);
        ck_assert_int_eq(db_medium_find_barcode(db, "RSM000L6", guid), 0);
        before = query_int("SELECT count(*) FROM physical_media", NULL, NULL);

        /* Slot 1 → the last slot, slot 2 → drive 1, slot 3 → port 1. */
        move_directly((uint16_t) vtl->slot_addr, (uint16_t) (vtl->slot_addr + N_SLOTS - 1));
        move_directly((uint16_t) (vtl->slot_addr + 1), (uint16_t) vtl->drive_addr);
        move_directly((uint16_t) (vtl->slot_addr + 2), (uint16_t) vtl->port_addr);

        ck_assert_int_eq(inventory(NTMS_INVENTORY_FAST, NULL), 0);
        assert_matches_changer();
        ck_assert_int_eq(query_int("SELECT count(*) FROM physical_media", NULL, NULL), before);

        /* The same medium, in its new home. */
        ck_assert_int_eq(query_int("SELECT count(*) FROM physical_media AS m JOIN storage_slot AS s "
                                   "ON s.guid = m.Location AND s.guid = m.HomeSlot WHERE m.guid = ?1 AND s.Number = ?2",
                                   guid, "20"), 1);
        /* The one in the drive keeps slot 2 as its home. */
        ck_assert_int_eq(query_int("SELECT count(*) FROM physical_media AS m JOIN storage_slot AS s ON s.guid = m.HomeSlot "
                                   "WHERE m.szBarCode = 'RSM001L6' AND m.LocationType = ?1 AND s.Number = 2",
                                   "5", NULL), 1);
}
END_TEST

START_TEST(test_vanished_goes_offline) {
        _cleanup_free_ char *cmd = NULL;
        char offline[DB_GUID_MAX];

        ck_assert_int_eq(inventory(NTMS_INVENTORY_FAST, NULL), 0);
        ck_assert_int_eq(db_library_offline(db, offline), 0);

        /* An operator takes the cartridge out of slot 4. */
        ck_assert_int_ge(asprintf(&cmd, "tgtadm -C %u --lld iscsi --op update --mode logicalunit --tid 1 --lun 1 "
                                        "--params element_type=2,address=%u,clear_slot=1",
                                  vtl->control, vtl->slot_addr + 3), 0);
        ck_assert_int_eq(system(cmd), 0);

        ck_assert_int_eq(inventory(NTMS_INVENTORY_FAST, NULL), 0);
        assert_matches_changer();
        ck_assert_int_eq(query_int("SELECT count(*) FROM physical_media WHERE szBarCode = 'RSM003L6' "
                                   "AND CurrentLibrary = ?1 AND Location IS NULL AND HomeSlot IS NULL",
                                   offline, NULL), 1);
        ck_assert_int_eq(info_int(NTMS_LIBRARY, library, "dwNumberOfMedia"), N_FULL - 1);
}
END_TEST

static int64_t database_fingerprint(void) {
        return query_int("SELECT total(modified) + count(*) FROM objects", NULL, NULL) +
               query_int("SELECT total(length(coalesce(Location, ''))) + total(LocationType) FROM physical_media",
                         NULL, NULL);
}

START_TEST(test_unreachable) {
        int64_t before;

        ck_assert_int_eq(inventory(NTMS_INVENTORY_FAST, NULL), 0);
        before = database_fingerprint();

        vtl_stopp(&vtl);
        ck_assert_int_eq(inventory(NTMS_INVENTORY_FAST, NULL), -EHOSTDOWN);
        ck_assert_int_eq(database_fingerprint(), before);
}
END_TEST

static void tgtadm_update(const char *params) {
        _cleanup_free_ char *cmd = NULL;

        ck_assert_int_ge(asprintf(&cmd, "tgtadm -C %u --lld iscsi --op update --mode logicalunit --tid 1 --lun 1 "
                                        "--params %s", vtl->control, params), 0);
        ck_assert_int_eq(system(cmd), 0);
}

static void on_probed(LibraryController *c, int r, void *userdata) {
        int *result = userdata;

        *result = r;
}

/* Probes the library again and waits for the probe to be recorded. */
static void reprobe(void) {
        int result = 1;

        library_manager_set_probed(manager, on_probed, &result);
        ck_assert_int_eq(library_controller_probe(library_manager_get(manager, library)), 0);
        for (unsigned i = 0; i < 600 && result > 0; i++)
                ck_assert_int_ge(sd_event_run(event, 100000), 0);
        library_manager_set_probed(manager, NULL, NULL);
        ck_assert_int_eq(result, 0);
}

/* The GUID and location of every medium, by barcode. */
static int64_t locations_fingerprint(void) {
        return query_int("SELECT total(length(m.guid || m.Location || m.szBarCode) * s.Number) "
                         "FROM physical_media AS m JOIN storage_slot AS s ON s.guid = m.Location", NULL, NULL);
}

START_TEST(test_layout_change_keeps_guids) {
        _cleanup_(strv_freep) char **before = NULL, **reprobed = NULL, **after = NULL, **again = NULL;
        size_t n;

        ck_assert_int_eq(inventory(NTMS_INVENTORY_FAST, NULL), 0);
        ck_assert_int_eq(db_library_elements(db, library, DB_ELEMENT_SLOT, &before, &n), 0);
        ck_assert_uint_eq(n, N_SLOTS);
        ck_assert_int_eq(vtl->slot_addr, 1024);
        ck_assert_int_eq(query_int("SELECT count(*) FROM storage_slot WHERE Library = ?1 AND ElementAddress = ?2 + Number - 1",
                                   library, "1024"), N_SLOTS);

        /* Probing again finds every element where it was. */
        reprobe();
        ck_assert_int_eq(db_library_elements(db, library, DB_ELEMENT_SLOT, &reprobed, &n), 0);
        ck_assert_uint_eq(n, N_SLOTS);
        for (size_t i = 0; i < n; i++)
                ck_assert_str_eq(reprobed[i], before[i]);

        /* A magazine of 8 slots appears behind the others, with a cartridge of
         * its own (tgt takes new elements while it runs, as a library does
         * after a magazine is inserted). The next inventory sees the new
         * layout and records it before the inventory: every slot keeps its
         * GUID, the new ones are numbered after them, the cartridges stay in
         * their slots. (A magazine in front, which renumbers every slot, is
         * tested in test-element.c: tgt reports elements added at lower
         * addresses after the others, out of the address order that SMC
         * prescribes, and the SCSI layer rightly ignores them.) */
        tgtadm_update("element_type=2,start_address=1044,quantity=8");
        tgtadm_update("element_type=2,address=1045,barcode=MAG001L6,sides=1");

        ck_assert_int_eq(inventory(NTMS_INVENTORY_FAST, NULL), 0);
        ck_assert_int_eq(db_library_elements(db, library, DB_ELEMENT_SLOT, &after, &n), 0);
        ck_assert_uint_eq(n, N_SLOTS + 8);
        for (size_t i = 0; i < N_SLOTS; i++)
                ck_assert_str_eq(after[i], before[i]);
        ck_assert_int_eq(info_int(NTMS_LIBRARY, library, "dwNumberOfSlots"), N_SLOTS + 8);
        ck_assert_int_eq(query_int("SELECT count(*) FROM storage_slot WHERE Library = ?1 AND ElementAddress = ?2 + Number - 1",
                                   library, "1024"), N_SLOTS + 8);
        ck_assert_int_eq(query_int("SELECT count(*) FROM physical_media WHERE szBarCode = 'RSM005L6' AND Location = ?1 "
                                   "AND HomeSlot = ?1", before[5], NULL), 1);
        ck_assert_int_eq(query_int("SELECT count(*) FROM physical_media WHERE szBarCode = 'MAG001L6' AND Location = ?1",
                                   after[N_SLOTS + 1], NULL), 1);
        assert_matches_changer();

        /* And the layout stays recorded: the next inventory and probe change nothing. */
        {
                int64_t fingerprint = locations_fingerprint();

                ck_assert_int_eq(inventory(NTMS_INVENTORY_FAST, NULL), 0);
                reprobe();
                ck_assert_int_eq(db_library_elements(db, library, DB_ELEMENT_SLOT, &again, &n), 0);
                for (size_t i = 0; i < n; i++)
                        ck_assert_str_eq(again[i], after[i]);
                ck_assert_int_eq(locations_fingerprint(), fingerprint);
        }
}
END_TEST

static int on_tick(sd_event_source *s, uint64_t usec, void *userdata) {
        unsigned *ticks = userdata;

        (*ticks)++;
        return sd_event_source_set_time_relative(s, 1000);
}

START_TEST(test_loop_answers_during_inventory) {
        _cleanup_(sd_event_source_unrefp) sd_event_source *timer = NULL;
        unsigned ticks = 0;
        Done d = {};

        ck_assert_int_ge(sd_event_add_time_relative(event, &timer, CLOCK_MONOTONIC, 1000, 1, on_tick, &ticks), 0);
        ck_assert_int_ge(sd_event_source_set_enabled(timer, SD_EVENT_ON), 0);

        /* The on-media inventory moves every cartridge through a drive: seconds of robot work. */
        ck_assert_int_eq(library_manager_inventory(manager, library, NTMS_INVENTORY_OMID, on_done, &d), 0);
        run_until(&d.done);
        ck_assert_int_eq(d.r, 0);
        ck_assert_int_gt(ticks, 0);

        /* Every cartridge went home again. */
        assert_matches_changer();
        ck_assert_int_eq(query_int("SELECT count(*) FROM physical_media WHERE LocationType = 16", NULL, NULL), N_FULL);
}
END_TEST

START_TEST(test_delete) {
        _cleanup_(strv_freep) char **drives = NULL;
        char offline[DB_GUID_MAX];
        size_t n;

        ck_assert_int_eq(inventory(NTMS_INVENTORY_FAST, NULL), 0);
        ck_assert_int_eq(db_library_elements(db, library, DB_ELEMENT_DRIVE, &drives, &n), 0);

        /* A drive that is present cannot be deleted. */
        ck_assert_int_eq(library_manager_delete_drive(manager, drives[0]), -EBUSY);
        ck_assert_int_eq(library_manager_delete_drive(manager, library), -ENOENT);

        ck_assert_int_eq(db_library_offline(db, offline), 0);
        ck_assert_int_eq(library_manager_delete_library(manager, offline), -EMEDIUMTYPE);
        ck_assert_int_eq(library_manager_inventory(manager, offline, NTMS_INVENTORY_FAST, on_done, NULL), -EMEDIUMTYPE);

        ck_assert_int_eq(library_manager_delete_library(manager, library), 0);
        ck_assert_int_eq(query_int("SELECT count(*) FROM physical_media WHERE CurrentLibrary = ?1", offline, NULL), N_FULL);
        ck_assert_int_eq(query_int("SELECT count(*) FROM storage_slot", NULL, NULL), 0);
        ck_assert_int_eq(query_int("SELECT count(*) FROM drive", NULL, NULL), 0);
        ck_assert_int_eq(query_int("SELECT count(*) FROM objects WHERE guid = ?1", library, NULL), 0);
        ck_assert_int_eq(library_manager_inventory(manager, library, NTMS_INVENTORY_FAST, on_done, NULL), -ENOENT);
}
END_TEST

int main(void) {
        SRunner *sr;
        Suite *s;
        TCase *tc;
        int failed;

        if (vtl_available() < 0)
                return 77;

        s = suite_create("library");
        tc = tcase_create("vtl");
        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_set_timeout(tc, 240);
        tcase_add_test(tc, test_config_layout);
        tcase_add_test(tc, test_fast_inventory);
        tcase_add_test(tc, test_moved_behind_our_back);
        tcase_add_test(tc, test_vanished_goes_offline);
        tcase_add_test(tc, test_unreachable);
        tcase_add_test(tc, test_layout_change_keeps_guids);
        tcase_add_test(tc, test_loop_answers_during_inventory);
        tcase_add_test(tc, test_delete);
        suite_add_tcase(s, tc);

        sr = srunner_create(s);
        /* The virtual library runs in this process's children; one process keeps it simple. */
        srunner_set_fork_status(sr, CK_NOFORK);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
