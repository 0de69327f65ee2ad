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
#include "detect/match.h"
#include "detect/plan.h"
#include "identify.h"
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

static void open_db(void) {
        _cleanup_free_ char *path = NULL, *problem = NULL;

        ck_assert_int_ge(asprintf(&path, "%s/rsmd.db", tmpdir), 0);
        ck_assert_int_eq(db_open(path, &(DbOpenOptions) { .hostname = "test" }, &db, &problem), 0);
        ck_assert_int_eq(media_pools_seed(db), 0);
}

/* The virtual library, a database and a library manager without libraries. */
static void setup_bare(void) {
        int r;

        r = vtl_start(&(VtlConfig) { .slots = N_SLOTS, .full = N_FULL, .drives = N_DRIVES, .ports = N_PORTS }, &vtl);
        ck_assert_int_eq(r, 0);

        ck_assert_ptr_nonnull(mkdtemp(strcpy(tmpdir, "/tmp/test-library.XXXXXX")));
        open_db();
        ck_assert_int_ge(sd_event_new(&event), 0);
        ck_assert_int_eq(library_manager_new(event, db, &manager), 0);
}

static void setup(void) {
        setup_bare();
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

static int inventory_of(const char *lib, uint32_t method, DbInventoryStats *ret) {
        Done d = {};
        int r;

        r = library_manager_inventory(manager, lib, method, on_done, &d);
        if (r < 0)
                return r;
        run_until(&d.done);
        if (ret)
                *ret = d.stats;
        return d.r;
}

static int inventory(uint32_t method, DbInventoryStats *ret) {
        return inventory_of(library, method, ret);
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

/* The serial number the drive at url reports. */
static void drive_serial(const char *url, char serial[static 65]) {
        _cleanup_scsi_transport_ ScsiTransport *t = NULL;
        ScsiIdentity id;

        ck_assert_int_eq(scsi_transport_open(url, &t), 0);
        ck_assert_int_eq(scsi_identify(t, &SCSI_RETRY_DEFAULT, &id), 0);
        ck_assert_int_gt(strlen(id.serial), 0);
        memcpy(serial, id.serial, 65);
}

START_TEST(test_drive_ids_match_drives) {
        LibraryController *c = library_manager_get(manager, library);
        DetectDevice devs[1 + N_DRIVES] = {};
        char serials[N_DRIVES][65], sg[1 + N_DRIVES][16];
        DetectPlan p = {};
        char *const *ids;
        size_t n;

        /* The probe read the data transfer elements' device identifiers. */
        ck_assert_ptr_nonnull(c);
        ck_assert(library_controller_drive_ids(c, &ids, &n));
        ck_assert_uint_eq(n, N_DRIVES);

        /* The library as discovery would see it through the kernel's
         * initiator: the changer and its drives on one target, the drives'
         * serial numbers as their devices report them, the identifiers as the
         * probe read them, drives listed last first. Every drive lands behind
         * its own element: the first by identifier, the last (tgt cuts its
         * identifier short) by its LUN on the changer's target. */
        for (size_t i = 0; i <= N_DRIVES; i++)
                snprintf(sg[i], sizeof sg[i], "/dev/sg%zu", i);
        devs[0] = (DetectDevice) { .type = DETECT_TYPE_CHANGER, .sg = sg[0], .lun = 1,
                                   .element_ids = (char **) ids, .n_element_ids = n, .element_ids_known = true };
        for (size_t i = 0; i < N_DRIVES; i++) {
                drive_serial(vtl->drive_urls[i], serials[i]);
                devs[N_DRIVES - i] = (DetectDevice) { .type = DETECT_TYPE_TAPE, .sg = sg[i + 1],
                                                      .serial = serials[i], .lun = 2 + (unsigned) i };
        }
        ck_assert_int_eq(detect_match_drive(serials[0], ids, n), 0);

        ck_assert_int_eq(detect_plan_build(devs, 1 + N_DRIVES, NULL, 0, &p), 0);
        ck_assert_uint_eq(p.n_libraries, 1);
        ck_assert_uint_eq(p.libraries[0].n_drives, N_DRIVES);
        for (size_t i = 0; i < N_DRIVES; i++)
                ck_assert_str_eq(p.libraries[0].drives[i].generic, sg[i + 1]);
        detect_plan_done(&p);

        /* The same drive on another target is placed by its identifier alone. */
        devs[N_DRIVES].target = 5;
        ck_assert_int_eq(detect_plan_build(devs, 1 + N_DRIVES, NULL, 0, &p), 0);
        ck_assert_uint_eq(p.n_libraries, 1);
        ck_assert_str_eq(p.libraries[0].drives[0].generic, sg[1]);
        detect_plan_done(&p);
}
END_TEST

START_TEST(test_configured_not_overruled) {
        _cleanup_(library_config_freep) LibraryConfig *found = NULL;
        _cleanup_(strv_freep) char **drives = NULL;
        size_t n;

        /* Discovery finds the configured changer with other drives: the
         * administrator's file stays in charge. */
        ck_assert_int_eq(library_config_new("Found", vtl->changer_url, N_DRIVES, &found), 0);
        found->drives[0] = strdup("/dev/sg99");
        ck_assert_int_eq(library_manager_add(manager, found), 0);
        ck_assert(!library_controller_busy(library_manager_get(manager, library)));
        ck_assert_int_eq(db_library_elements(db, library, DB_ELEMENT_DRIVE, &drives, &n), 0);
        ck_assert_int_eq(query_int("SELECT count(*) FROM drive WHERE guid = ?1 AND szDeviceName = ?2",
                                   drives[0], vtl->drive_urls[0]), 1);
}
END_TEST

static int64_t drive_count(const char *where, const char *a, const char *b) {
        char sql[256];

        snprintf(sql, sizeof sql, "SELECT count(*) FROM drive WHERE %s", where);
        return query_int(sql, a, b);
}

/* Waits for a library of type to be recorded with its controller; returns its GUID. */
static void wait_for_library_of_type(uint32_t type, char ret[static DB_GUID_MAX]) {
        for (unsigned i = 0; i < 600; i++) {
                _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;

                ck_assert_int_eq(db_prepare(db, "SELECT guid FROM library WHERE LibraryType = ?1", &s), 0);
                ck_assert_int_eq(db_bind_int64(db, s, 1, type), 0);
                if (db_step_row(db, s) == 0) {
                        db_column_guid(s, 0, ret);
                        if (library_manager_get(manager, ret))
                                return;
                }
                ck_assert_int_ge(sd_event_run(event, 100000), 0);
        }
        ck_abort_msg("no library of type %u was recorded", type);
}

/* One tape LUN of the virtual library, configured as a drive of its own:
 * programs open /dev/nst7, rsmd drives the LUN. */
static void add_standalone(char ret[static DB_GUID_MAX]) {
        _cleanup_free_ char *path = NULL;
        FILE *f;

        ck_assert_int_ge(asprintf(&path, "%s/desk.conf", tmpdir), 0);
        f = fopen(path, "we");
        ck_assert_ptr_nonnull(f);
        fprintf(f, "[Library]\nName=Desk drive\nDrive0=%s\nDeviceName0=/dev/nst7\n", vtl->drive_urls[1]);
        ck_assert_int_eq(fclose(f), 0);

        ck_assert_int_eq(library_manager_load_config(manager, tmpdir), 0);
        wait_for_library_of_type(NTMS_LIBRARYTYPE_STANDALONE, ret);
}

START_TEST(test_standalone_drive) {
        char standalone[DB_GUID_MAX], found[DB_GUID_MAX], serial[65];

        add_standalone(standalone);

        ck_assert_int_eq(info_int(NTMS_LIBRARY, standalone, "dwNumberOfDrives"), 1);
        ck_assert_int_eq(info_int(NTMS_LIBRARY, standalone, "dwNumberOfSlots"), 0);
        ck_assert_int_eq(info_int(NTMS_LIBRARY, standalone, "dwNumberOfPorts"), 1);
        ck_assert_int_eq(info_int(NTMS_LIBRARY, standalone, "dwNumberOfChangers"), 0);
        ck_assert_int_eq(info_int(NTMS_LIBRARY, standalone, "dwOperationalState"), NTMS_READY);
        drive_serial(vtl->drive_urls[1], serial);
        ck_assert_int_eq(drive_count("Library = ?1 AND Number = 1 AND szDeviceName = '/dev/nst7' AND "
                                     "szSerialNumber = ?2 AND DriveType IS NOT NULL AND ElementAddress IS NULL",
                                     standalone, serial), 1);
        ck_assert_int_eq(db_library_find_standalone(db, serial, NULL, found), 0);
        ck_assert_str_eq(found, standalone);

        /* A daemon started again finds the same library by the drive's serial. */
        manager = library_manager_free(manager);
        ck_assert_int_eq(library_manager_new(event, db, &manager), 0);
        ck_assert_int_eq(library_manager_load_config(manager, tmpdir), 0);
        wait_for_library_of_type(NTMS_LIBRARYTYPE_STANDALONE, found);
        ck_assert_str_eq(found, standalone);
        ck_assert_int_eq(query_int("SELECT count(*) FROM library WHERE LibraryType = 3", NULL, NULL), 1);
        ck_assert_int_eq(drive_count("Library = ?1", standalone, NULL), 1);

        /* The drive goes away: its library is no longer present. */
        ck_assert_int_eq(library_manager_remove_device(manager, vtl->drive_urls[1]), 1);
        ck_assert_ptr_null(library_manager_get(manager, standalone));
        ck_assert_int_eq(info_int(NTMS_LIBRARY, standalone, "dwOperationalState"), NTMS_NOT_PRESENT);
        ck_assert_int_eq(library_manager_remove_device(manager, vtl->drive_urls[1]), 0);
}
END_TEST

/* The medium recorded in the stand-alone drive; "" when none. */
static void medium_in_standalone(const char *standalone, char ret[static DB_GUID_MAX]) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;

        ck_assert_int_eq(db_prepare(db, "SELECT m.guid FROM physical_media AS m JOIN drive AS d ON d.guid = m.Location "
                                        "WHERE d.Library = ?1 AND m.CurrentLibrary = ?1 AND m.LocationType = ?2", &s), 0);
        ck_assert_int_eq(db_bind_text(db, s, 1, standalone), 0);
        ck_assert_int_eq(db_bind_int64(db, s, 2, NTMS_DRIVE), 0);
        ret[0] = 0;
        if (db_step_row(db, s) == 0)
                db_column_guid(s, 0, ret);
}

static void assert_stats(const DbInventoryStats *stats, unsigned known, unsigned new, unsigned offline) {
        ck_assert_uint_eq(stats->media_known, known);
        ck_assert_uint_eq(stats->media_new, new);
        ck_assert_uint_eq(stats->media_offline, offline);
}

START_TEST(test_standalone_inventory) {
        char standalone[DB_GUID_MAX], medium[DB_GUID_MAX], again[DB_GUID_MAX], offline[DB_GUID_MAX];
        uint16_t drive = (uint16_t) (vtl->drive_addr + 1), slot = (uint16_t) vtl->slot_addr;
        DbInventoryStats stats;
        int64_t before;

        add_standalone(standalone);
        ck_assert_int_eq(db_library_offline(db, offline), 0);

        /* Nothing in the drive: nothing recorded, either method. */
        ck_assert_int_eq(inventory_of(standalone, NTMS_INVENTORY_FAST, &stats), 0);
        assert_stats(&stats, 0, 0, 0);
        ck_assert_int_eq(inventory_of(standalone, NTMS_INVENTORY_OMID, &stats), 0);
        assert_stats(&stats, 0, 0, 0);
        medium_in_standalone(standalone, medium);
        ck_assert_str_eq(medium, "");
        ck_assert_int_eq(drive_count("Library = ?1 AND State = 0 /* NTMS_DRIVESTATE_DISMOUNTED */", standalone, NULL), 1);

        /* A cartridge goes in (by the changer's robot, for the test's sake;
         * the stand-alone library knows nothing of it): its blank tape is
         * read, and it becomes a new medium in the drive, dismountable,
         * Unrecognized. */
        move_directly(slot, drive);
        ck_assert_int_eq(inventory_of(standalone, NTMS_INVENTORY_FAST, &stats), 0);
        assert_stats(&stats, 0, 1, 0);
        medium_in_standalone(standalone, medium);
        ck_assert_str_ne(medium, "");
        ck_assert_int_eq(query_int("SELECT count(*) FROM physical_media AS m JOIN media_pool AS p ON p.guid = m.MediaPool "
                                   "WHERE m.guid = ?1 AND m.MediaState = 4 /* UNLOADED */ AND m.HomeSlot IS NULL "
                                   "AND p.PoolType = 2 /* NTMS_POOLTYPE_FOREIGN */", medium, NULL), 1);
        ck_assert_int_eq(drive_count("Library = ?1 AND State = 7 /* NTMS_DRIVESTATE_DISMOUNTABLE */", standalone, NULL),
                         1);

        /* Again: the same medium, where it was. */
        ck_assert_int_eq(inventory_of(standalone, NTMS_INVENTORY_OMID, &stats), 0);
        assert_stats(&stats, 1, 0, 0);
        medium_in_standalone(standalone, again);
        ck_assert_str_eq(again, medium);

        /* Mounted by an application: the inventory leaves the drive alone. */
        ck_assert_int_eq(db_exec(db, "UPDATE physical_media SET MediaState = 3 /* LOADED */"), 0);
        before = database_fingerprint();
        ck_assert_int_eq(inventory_of(standalone, NTMS_INVENTORY_FAST, &stats), 0);
        assert_stats(&stats, 1, 0, 0);
        ck_assert_int_eq(database_fingerprint(), before);
        ck_assert_int_eq(db_exec(db, "UPDATE physical_media SET MediaState = 4 /* UNLOADED */"), 0);

        /* Taken out: the medium goes to the offline library. */
        move_directly(drive, slot);
        ck_assert_int_eq(inventory_of(standalone, NTMS_INVENTORY_FAST, &stats), 0);
        assert_stats(&stats, 0, 0, 1);
        medium_in_standalone(standalone, again);
        ck_assert_str_eq(again, "");
        ck_assert_int_eq(query_int("SELECT count(*) FROM physical_media WHERE guid = ?1 AND CurrentLibrary = ?2",
                                   medium, offline), 1);
        ck_assert_int_eq(drive_count("Library = ?1 AND State = 0", standalone, NULL), 1);

        /* A drive that does not answer: the database stays as it was. */
        before = database_fingerprint();
        vtl_stopp(&vtl);
        ck_assert_int_eq(inventory_of(standalone, NTMS_INVENTORY_FAST, NULL), -EHOSTDOWN);
        ck_assert_int_eq(database_fingerprint(), before);
}
END_TEST

START_TEST(test_drive_after_changer) {
        _cleanup_(library_config_freep) LibraryConfig *first = NULL, *second = NULL;
        _cleanup_(strv_freep) char **before = NULL, **after = NULL;
        char serial[65];
        size_t n;
        int result = 1;

        /* Discovery found the changer with its first drive only. */
        ck_assert_int_eq(library_config_new("Found library", vtl->changer_url, N_DRIVES, &first), 0);
        first->drives[0] = strdup(vtl->drive_urls[0]);
        first->device_names[0] = strdup("/dev/nst0");
        ck_assert_int_eq(library_manager_add(manager, first), 1);
        wait_for_library();
        ck_assert_int_eq(db_library_elements(db, library, DB_ELEMENT_DRIVE, &before, &n), 0);
        ck_assert_uint_eq(n, N_DRIVES);
        ck_assert_int_eq(drive_count("guid = ?1 AND szDeviceName = '/dev/nst0'", before[0], NULL), 1);
        ck_assert_int_eq(drive_count("guid = ?1 AND szDeviceName = '' AND szSerialNumber = ''", before[1], NULL), 1);

        /* The same again changes nothing. */
        ck_assert_int_eq(library_manager_add(manager, first), 0);

        /* Its second drive appears: the running library takes it, probes
         * again and records it; every drive keeps its GUID. */
        ck_assert_int_eq(library_config_copy(first, &second), 0);
        second->drives[1] = strdup(vtl->drive_urls[1]);
        second->device_names[1] = strdup("/dev/nst1");
        library_manager_set_probed(manager, on_probed, &result);
        ck_assert_int_eq(library_manager_add(manager, second), 1);
        for (unsigned i = 0; i < 600 && result > 0; i++)
                ck_assert_int_ge(sd_event_run(event, 100000), 0);
        library_manager_set_probed(manager, NULL, NULL);
        ck_assert_int_eq(result, 0);

        ck_assert_int_eq(db_library_elements(db, library, DB_ELEMENT_DRIVE, &after, &n), 0);
        ck_assert_uint_eq(n, N_DRIVES);
        for (size_t i = 0; i < n; i++)
                ck_assert_str_eq(after[i], before[i]);
        drive_serial(vtl->drive_urls[1], serial);
        ck_assert_int_eq(drive_count("guid = ?1 AND szDeviceName = '/dev/nst1' AND szSerialNumber = ?2 "
                                     "AND DriveType IS NOT NULL", after[1], serial), 1);
        ck_assert_int_eq(query_int("SELECT count(*) FROM library WHERE LibraryType = 2", NULL, NULL), 1);

        /* And it works with it: an inventory finds the cartridges. */
        ck_assert_int_eq(inventory(NTMS_INVENTORY_FAST, NULL), 0);
        assert_matches_changer();
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
        tcase_add_test(tc, test_drive_ids_match_drives);
        tcase_add_test(tc, test_configured_not_overruled);
        tcase_add_test(tc, test_fast_inventory);
        tcase_add_test(tc, test_moved_behind_our_back);
        tcase_add_test(tc, test_vanished_goes_offline);
        tcase_add_test(tc, test_unreachable);
        tcase_add_test(tc, test_layout_change_keeps_guids);
        tcase_add_test(tc, test_loop_answers_during_inventory);
        tcase_add_test(tc, test_delete);
        suite_add_tcase(s, tc);

        /* Discovery's entry points, each test adding the libraries it needs. */
        tc = tcase_create("discovery");
        tcase_add_checked_fixture(tc, setup_bare, teardown);
        tcase_set_timeout(tc, 240);
        tcase_add_test(tc, test_standalone_drive);
        tcase_add_test(tc, test_standalone_inventory);
        tcase_add_test(tc, test_drive_after_changer);
        suite_add_tcase(s, tc);

        sr = srunner_create(s);
        /* The virtual library runs in this process's children; one process keeps it simple. */
        srunner_set_fork_status(sr, CK_NOFORK);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
