/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>
#include <stdlib.h>

#include "macro.h"
#include "db-private.h"
#include "drive.h"
#include "element.h"
#include "ntmsapi.h"

/* Location types and states are bound, not written into the statements, so
 * that the header's values are the only ones. */

static int32_t column_address(sqlite3_stmt *s, int column) {
        if (sqlite3_column_type(s, column) == SQLITE_NULL)
                return DB_NO_ADDRESS;
        return (int32_t) sqlite3_column_int64(s, column);
}

int db_mountable_get(Db *db, const char *id, DbMountable *ret) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int r;

        assert(ret);

        /* A logical medium names the side it carries; the side named by its
         * own GUID wins should both match. */
        r = db_prepare_cached(db,
                       "SELECT p.guid, p.Side, p.State, po.enabled, "
                       "  m.guid, mo.enabled, m.MediaState, m.MountedPartition, t.DeviceType, "
                       "  m.CurrentLibrary, l.LibraryType, coalesce(lo.enabled, 0), "
                       "  m.Location, m.LocationType, "
                       "  coalesce(s.ElementAddress, d.ElementAddress, i.ElementAddress), m.HomeSlot "
                       "FROM partition AS p "
                       "JOIN objects AS po ON po.guid = p.guid "
                       "JOIN physical_media AS m ON m.guid = p.PhysicalMedia "
                       "JOIN objects AS mo ON mo.guid = m.guid "
                       "JOIN media_type AS t ON t.guid = m.MediaType "
                       "LEFT JOIN library AS l ON l.guid = m.CurrentLibrary "
                       "LEFT JOIN objects AS lo ON lo.guid = l.guid "
                       "LEFT JOIN storage_slot AS s ON s.guid = m.Location "
                       "LEFT JOIN drive AS d ON d.guid = m.Location "
                       "LEFT JOIN ieport AS i ON i.guid = m.Location "
                       "WHERE p.guid = ?1 OR p.LogicalMedia = ?1 "
                       "ORDER BY p.guid != ?1, p.Side LIMIT 1", &s);
        if (r < 0)
                return r;
        r = db_bind_guid(db, s, 1, id);
        if (r < 0)
                return r;
        r = db_step_row(db, s);
        if (r < 0)
                return r;

        *ret = (DbMountable) {
                .side_number = (uint32_t) sqlite3_column_int64(s, 1),
                .side_state = (uint32_t) sqlite3_column_int64(s, 2),
                .side_enabled = sqlite3_column_int(s, 3) != 0,
                .medium_enabled = sqlite3_column_int(s, 5) != 0,
                .media_state = (uint32_t) sqlite3_column_int64(s, 6),
                .device_type = (uint32_t) sqlite3_column_int64(s, 8),
                .library_type = (uint32_t) sqlite3_column_int64(s, 10),
                .library_enabled = sqlite3_column_int(s, 11) != 0,
                .location_type = (uint32_t) sqlite3_column_int64(s, 13),
                .location_address = column_address(s, 14),
        };
        db_column_guid(s, 0, ret->side);
        db_column_guid(s, 4, ret->medium);
        db_column_guid(s, 7, ret->mounted_side);
        db_column_guid(s, 9, ret->library);
        db_column_guid(s, 12, ret->location);
        db_column_guid(s, 15, ret->home);
        return 0;
}

#define SQL_DRIVE_COLUMNS                                                               \
        "SELECT d.guid, d.Library, d.Number, d.ElementAddress, d.State, o.state, "      \
        "  o.enabled, d.szDeviceName != '', coalesce(t.DeviceType, 0), "                \
        "  d.dwDeferDismountDelay, d.LastUsed, m.guid, m.MediaState, m.MountedPartition, " \
        "  lo.enabled, m.HomeSlot, d.SavedPartitionId, "                                \
        "  coalesce((SELECT Side FROM partition WHERE guid = d.SavedPartitionId), 0) "  \
        "FROM drive AS d JOIN objects AS o ON o.guid = d.guid "                         \
        "JOIN objects AS lo ON lo.guid = d.Library "                                    \
        "LEFT JOIN drive_type AS t ON t.guid = d.DriveType "                            \
        "LEFT JOIN physical_media AS m ON m.guid = "                                    \
        "  (SELECT guid FROM physical_media WHERE Location = d.guid LIMIT 1) "

static void drive_from_row(sqlite3_stmt *s, DbDrive *ret) {
        *ret = (DbDrive) {
                .number = (uint32_t) sqlite3_column_int64(s, 2),
                .address = column_address(s, 3),
                .state = (uint32_t) sqlite3_column_int64(s, 4),
                .operational_state = (uint32_t) sqlite3_column_int64(s, 5),
                .enabled = sqlite3_column_int(s, 6) != 0,
                .has_device = sqlite3_column_int(s, 7) != 0,
                .device_type = (uint32_t) sqlite3_column_int64(s, 8),
                .defer_dismount_delay = (uint32_t) sqlite3_column_int64(s, 9),
                .last_used = (uint64_t) sqlite3_column_int64(s, 10),
                .media_state = (uint32_t) sqlite3_column_int64(s, 12),
                .library_enabled = sqlite3_column_int(s, 14) != 0,
                .saved_side_number = (uint32_t) sqlite3_column_int64(s, 17),
        };
        db_column_guid(s, 0, ret->guid);
        db_column_guid(s, 1, ret->library);
        db_column_guid(s, 11, ret->medium);
        db_column_guid(s, 13, ret->mounted_side);
        db_column_guid(s, 15, ret->medium_home);
        db_column_guid(s, 16, ret->saved_side);
}

int db_drive_lookup(Db *db, const char *guid, DbDrive *ret) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare_cached(db, SQL_DRIVE_COLUMNS "WHERE d.guid = ?1", &s);
        if (r < 0)
                return r;
        r = db_bind_guid(db, s, 1, guid);
        if (r < 0)
                return r;
        r = db_step_row(db, s);
        if (r < 0)
                return r;
        drive_from_row(s, ret);
        return 0;
}

int db_drive_find_by_device(Db *db, const char *device_name, char ret_guid[static DB_GUID_MAX]) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare(db,
                       "SELECT d.guid FROM drive AS d JOIN objects AS o ON o.guid = d.guid "
                       "JOIN library AS l ON l.guid = d.Library "
                       "WHERE d.szDeviceName = ?1 AND d.szDeviceName != '' "
                       "ORDER BY l.LibraryType != ?2, o.state != ?3, d.guid LIMIT 1", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_text(db, s, 1, device_name)) < 0 ||
            (r = db_bind_int64(db, s, 2, NTMS_LIBRARYTYPE_STANDALONE)) < 0 ||
            (r = db_bind_int64(db, s, 3, NTMS_READY)) < 0)
                return r;
        r = db_step_row(db, s);
        if (r < 0)
                return r;
        db_column_guid(s, 0, ret_guid);
        return 0;
}

int db_drive_list(Db *db, const char *library, DbDrive **ret, size_t *ret_n) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        _cleanup_free_ DbDrive *l = NULL;
        size_t n = 0, allocated = 0;
        int r;

        r = db_prepare_cached(db, SQL_DRIVE_COLUMNS "WHERE d.Library = ?1 ORDER BY d.Number", &s);
        if (r < 0)
                return r;
        r = db_bind_guid(db, s, 1, library);
        if (r < 0)
                return r;

        while ((r = db_step_row(db, s)) >= 0) {
                if (!GREEDY_REALLOC(l, allocated, n + 1))
                        return -ENOMEM;
                drive_from_row(s, l + n++);
        }
        if (r != -ENOENT)
                return r;

        *ret = TAKE_PTR(l);
        *ret_n = n;
        return 0;
}

int db_drive_free_slot(Db *db, const char *library, const char *home, char ret_slot[static DB_GUID_MAX],
                       int32_t *ret_address) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        /* Only slots an inventory saw empty, or that a cartridge recorded by
         * us left: a slot never inventoried may hold an unknown cartridge. */
        r = db_prepare(db,
                       "SELECT s.guid, s.ElementAddress FROM storage_slot AS s "
                       "WHERE s.Library = ?1 AND " SQL_SLOT_TAKES_DATA
                       "AND (s.State = ?3 OR (s.guid = ?2 AND s.State != ?4)) "
                       "ORDER BY s.guid IS NOT ?2, s.Number LIMIT 1", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, library)) < 0 ||
            (r = db_bind_guid(db, s, 2, home)) < 0 ||
            (r = db_bind_int64(db, s, 3, NTMS_SLOTSTATE_EMPTY)) < 0 ||
            (r = db_bind_int64(db, s, 4, NTMS_SLOTSTATE_FULL)) < 0)
                return r;
        r = db_step_row(db, s);
        if (r == -ENOENT)
                return -EXFULL;
        if (r < 0)
                return r;

        db_column_guid(s, 0, ret_slot);
        *ret_address = column_address(s, 1);
        return 0;
}

static int medium_set_state(Db *db, const char *medium, uint32_t state) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare(db, "UPDATE physical_media SET MediaState = ?2 WHERE guid = ?1", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, medium)) < 0 ||
            (r = db_bind_int64(db, s, 2, state)) < 0)
                return r;
        r = db_step_done(db, s);
        if (r < 0)
                return r;
        return db_object_touch(db, medium);
}

int db_drive_claim(Db *db, const char *medium) {
        return medium_set_state(db, medium, NTMS_MEDIASTATE_INUSE);
}

int db_drive_unclaim(Db *db, const char *medium) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare(db, "UPDATE physical_media SET MediaState = CASE WHEN LocationType = ?2 THEN ?3 ELSE ?4 END, "
                           "  MountedPartition = NULL WHERE guid = ?1", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, medium)) < 0 ||
            (r = db_bind_int64(db, s, 2, NTMS_DRIVE)) < 0 ||
            (r = db_bind_int64(db, s, 3, NTMS_MEDIASTATE_UNLOADED)) < 0 ||
            (r = db_bind_int64(db, s, 4, NTMS_MEDIASTATE_IDLE)) < 0)
                return r;
        r = db_step_done(db, s);
        if (r < 0)
                return r;
        return db_object_touch(db, medium);
}

/* Runs sql, which takes a GUID as ?1 and one number as ?2. */
static int run_guid_value(Db *db, const char *sql, const char *guid, int64_t value) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare(db, sql, &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, guid)) < 0 ||
            (r = db_bind_int64(db, s, 2, value)) < 0)
                return r;
        return db_step_done(db, s);
}

static int drive_set_state(Db *db, const char *drive, uint32_t state) {
        int r;

        r = run_guid_value(db, "UPDATE drive SET State = ?2 WHERE guid = ?1", drive, state);
        if (r < 0)
                return r;
        return db_object_touch(db, drive);
}

/* The slot or port a medium leaves is empty now; the other tables do not
 * know the GUID and change nothing. */
static int element_emptied(Db *db, const char *element) {
        int r;

        r = run_guid_value(db, "UPDATE storage_slot SET State = ?2 WHERE guid = ?1", element, NTMS_SLOTSTATE_EMPTY);
        if (r < 0)
                return r;
        return run_guid_value(db, "UPDATE ieport SET Content = ?2 WHERE guid = ?1", element, NTMS_PORTCONTENT_EMPTY);
}

static int medium_locate(Db *db, const char *medium, const char *element, uint32_t location_type, uint32_t state) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        /* A slot becomes the home of a medium that had none. */
        r = db_prepare(db, "UPDATE physical_media SET Location = ?2, LocationType = ?3, MediaState = ?4, "
                           "  MountedPartition = NULL, "
                           "  HomeSlot = CASE WHEN ?3 = ?5 THEN coalesce(HomeSlot, ?2) ELSE HomeSlot END "
                           "WHERE guid = ?1", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, medium)) < 0 ||
            (r = db_bind_guid(db, s, 2, element)) < 0 ||
            (r = db_bind_int64(db, s, 3, location_type)) < 0 ||
            (r = db_bind_int64(db, s, 4, state)) < 0 ||
            (r = db_bind_int64(db, s, 5, NTMS_STORAGESLOT)) < 0)
                return r;
        r = db_step_done(db, s);
        if (r < 0)
                return r;
        if (sqlite3_changes(db->sqlite) == 0)
                return -ENOENT;
        return db_object_touch(db, medium);
}

int db_drive_record_moved_in(Db *db, const char *drive, const char *medium) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        char from[DB_GUID_MAX];
        int r;

        r = db_prepare(db, "SELECT Location FROM physical_media WHERE guid = ?1", &s);
        if (r < 0)
                return r;
        r = db_bind_guid(db, s, 1, medium);
        if (r < 0)
                return r;
        r = db_step_row(db, s);
        if (r < 0)
                return r;
        db_column_guid(s, 0, from);

        r = element_emptied(db, from);
        if (r < 0)
                return r;
        r = medium_locate(db, medium, drive, NTMS_DRIVE, NTMS_MEDIASTATE_MOUNTED);
        if (r < 0)
                return r;
        return drive_set_state(db, drive, NTMS_DRIVESTATE_MOUNTED);
}

int db_drive_record_loaded(Db *db, const char *drive, const char *medium, const char *side, bool counted) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *m = NULL, *d = NULL;
        int r;

        r = db_prepare(db, "UPDATE physical_media SET MediaState = ?2, MountedPartition = ?3 WHERE guid = ?1", &m);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, m, 1, medium)) < 0 ||
            (r = db_bind_int64(db, m, 2, NTMS_MEDIASTATE_LOADED)) < 0 ||
            (r = db_bind_guid(db, m, 3, side)) < 0)
                return r;
        r = db_step_done(db, m);
        if (r < 0)
                return r;
        r = db_object_touch(db, medium);
        if (r < 0)
                return r;

        r = db_prepare(db, "UPDATE drive SET State = ?2, SavedPartitionId = ?3, LastUsed = ?4, "
                           "  dwMountCount = dwMountCount + ?5 WHERE guid = ?1", &d);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, d, 1, drive)) < 0 ||
            (r = db_bind_int64(db, d, 2, NTMS_DRIVESTATE_LOADED)) < 0 ||
            (r = db_bind_guid(db, d, 3, side)) < 0 ||
            (r = db_bind_int64(db, d, 4, (int64_t) db_now_usec())) < 0 ||
            (r = db_bind_int64(db, d, 5, counted)) < 0)
                return r;
        r = db_step_done(db, d);
        if (r < 0)
                return r;
        r = db_object_touch(db, drive);
        if (r < 0)
                return r;

        if (!counted)
                return 0;
        r = db_run_guid(db, "UPDATE partition SET dwMountCount = dwMountCount + 1 WHERE guid = ?1", side);
        if (r < 0)
                return r;
        return db_object_touch(db, side);
}

int db_drive_record_released(Db *db, const char *drive, const char *medium) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare(db, "UPDATE physical_media SET MediaState = ?2, MountedPartition = NULL WHERE guid = ?1", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, medium)) < 0 ||
            (r = db_bind_int64(db, s, 2, NTMS_MEDIASTATE_UNLOADED)) < 0)
                return r;
        r = db_step_done(db, s);
        if (r < 0)
                return r;
        r = db_object_touch(db, medium);
        if (r < 0)
                return r;
        return drive_set_state(db, drive, NTMS_DRIVESTATE_DISMOUNTABLE);
}

int db_drive_record_unloaded(Db *db, const char *drive) {
        return drive_set_state(db, drive, NTMS_DRIVESTATE_UNLOADED);
}

int db_drive_record_moved_out(Db *db, const char *drive, const char *medium, const char *slot) {
        int r;

        r = medium_locate(db, medium, slot, NTMS_STORAGESLOT, NTMS_MEDIASTATE_IDLE);
        if (r < 0)
                return r;
        r = run_guid_value(db, "UPDATE storage_slot SET State = ?2 WHERE guid = ?1", slot, NTMS_SLOTSTATE_FULL);
        if (r < 0)
                return r;
        r = db_run_guid(db, "UPDATE drive SET SavedPartitionId = NULL WHERE guid = ?1", drive);
        if (r < 0)
                return r;
        return drive_set_state(db, drive, NTMS_DRIVESTATE_DISMOUNTED);
}

int db_drive_record_ejected(Db *db, const char *drive, const char *medium) {
        int r;

        if (!isempty(medium)) {
                r = medium_set_state(db, medium, NTMS_MEDIASTATE_IDLE);
                if (r < 0)
                        return r;
                r = db_medium_set_offline(db, medium);
                if (r < 0)
                        return r;
        }
        r = db_run_guid(db, "UPDATE drive SET SavedPartitionId = NULL WHERE guid = ?1", drive);
        if (r < 0)
                return r;
        return drive_set_state(db, drive, NTMS_DRIVESTATE_DISMOUNTED);
}

/* Runs one statement of db_drive_sync() with the library as ?1 and the
 * NTMS constants it names as ?2 …. */
static int sync_step(Db *db, const char *sql, const char *library) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        static const int64_t constants[] = {
                NTMS_DRIVE,                             /* ?2 */
                NTMS_MEDIASTATE_IDLE,                   /* ?3 */
                NTMS_MEDIASTATE_INUSE,                  /* ?4 */
                NTMS_MEDIASTATE_MOUNTED,                /* ?5 */
                NTMS_MEDIASTATE_LOADED,                 /* ?6 */
                NTMS_MEDIASTATE_UNLOADED,               /* ?7 */
                NTMS_DRIVESTATE_DISMOUNTED,             /* ?8 */
                NTMS_DRIVESTATE_MOUNTED,                /* ?9 */
                NTMS_DRIVESTATE_LOADED,                 /* ?10 */
                NTMS_DRIVESTATE_UNLOADED,               /* ?11 */
                NTMS_DRIVESTATE_BEING_CLEANED,          /* ?12 */
                NTMS_DRIVESTATE_DISMOUNTABLE,           /* ?13 */
        };
        int r;

        r = db_prepare(db, sql, &s);
        if (r < 0)
                return r;
        r = db_bind_guid(db, s, 1, library);
        if (r < 0)
                return r;
        for (size_t i = 0; i < ELEMENTSOF(constants); i++) {
                /* Statements use the parameters they need; SQLite ignores binding the others. */
                if (sqlite3_bind_parameter_count(s) < (int) i + 2)
                        break;
                r = db_bind_int64(db, s, (int) i + 2, constants[i]);
                if (r < 0)
                        return r;
        }
        return db_step_done(db, s);
}

int db_drive_sync(Db *db, const char *library) {
        static const char *const steps[] = {
                /* Recorded outside any drive: nothing of a mount is left. */
                "UPDATE physical_media SET MediaState = ?3, MountedPartition = NULL "
                "WHERE CurrentLibrary = ?1 AND LocationType != ?2 AND MediaState IN (?5, ?6, ?7)",
                /* In a drive and mounted by nobody (never, or no longer): dismountable. */
                "UPDATE physical_media SET MediaState = ?7, MountedPartition = NULL "
                "WHERE CurrentLibrary = ?1 AND LocationType = ?2 "
                "AND (MediaState = ?3 OR (MediaState = ?6 AND MountedPartition IS NULL))",
                /* Each drive as what it holds says; one on its way keeps its state. */
                "UPDATE drive SET State = coalesce(("
                "    SELECT CASE m.MediaState WHEN ?6 THEN ?10 WHEN ?5 THEN ?9 WHEN ?4 THEN drive.State "
                "      ELSE CASE WHEN drive.State = ?11 THEN ?11 ELSE ?13 END END "
                "    FROM physical_media AS m WHERE m.Location = drive.guid LIMIT 1), ?8), "
                "  SavedPartitionId = coalesce("
                "    (SELECT MountedPartition FROM physical_media WHERE Location = drive.guid "
                "     AND MountedPartition IS NOT NULL LIMIT 1), "
                "    (SELECT p.guid FROM partition AS p JOIN physical_media AS m ON m.guid = p.PhysicalMedia "
                "     WHERE m.Location = drive.guid AND p.guid = drive.SavedPartitionId), "
                "    (SELECT p.guid FROM partition AS p JOIN physical_media AS m ON m.guid = p.PhysicalMedia "
                "     WHERE m.Location = drive.guid ORDER BY p.Side LIMIT 1)) "
                "WHERE Library = ?1 AND State != ?12",
        };
        int r;

        for (size_t i = 0; i < ELEMENTSOF(steps); i++) {
                r = sync_step(db, steps[i], library);
                if (r < 0)
                        return r;
        }
        return 0;
}

int db_drive_in_transit(Db *db, const char *library, uint64_t *ret) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare(db, "SELECT count(*) FROM physical_media WHERE CurrentLibrary = ?1 AND MediaState IN (?2, ?3)", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, library)) < 0 ||
            (r = db_bind_int64(db, s, 2, NTMS_MEDIASTATE_INUSE)) < 0 ||
            (r = db_bind_int64(db, s, 3, NTMS_MEDIASTATE_MOUNTED)) < 0)
                return r;
        r = db_step_row(db, s);
        if (r < 0)
                return r;
        *ret = (uint64_t) sqlite3_column_int64(s, 0);
        return 0;
}

int db_drive_release_in_transit(Db *db, const char *library) {
        return sync_step(db,
                         "UPDATE physical_media SET MediaState = CASE WHEN LocationType = ?2 THEN ?7 ELSE ?3 END, "
                         "  MountedPartition = NULL WHERE CurrentLibrary = ?1 AND MediaState IN (?4, ?5)",
                         library);
}

int db_drive_dismountable(Db *db, const char *library, char ***ret) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare(db, "SELECT d.guid FROM drive AS d JOIN physical_media AS m ON m.Location = d.guid "
                           "WHERE d.Library = ?1 AND m.MediaState = ?2 ORDER BY d.Number", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, library)) < 0 ||
            (r = db_bind_int64(db, s, 2, NTMS_MEDIASTATE_UNLOADED)) < 0)
                return r;
        return db_collect_column(db, s, ret);
}

int db_drive_record_cleaning(Db *db, const char *drive) {
        return drive_set_state(db, drive, NTMS_DRIVESTATE_BEING_CLEANED);
}

int db_drive_record_cleaned(Db *db, const char *drive) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare(db, "UPDATE drive SET LastCleanedTs = ?2, State = ?3 WHERE guid = ?1", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, drive)) < 0 ||
            (r = db_bind_int64(db, s, 2, (int64_t) db_now_usec())) < 0 ||
            (r = db_bind_int64(db, s, 3, NTMS_DRIVESTATE_DISMOUNTED)) < 0)
                return r;
        r = db_step_done(db, s);
        if (r < 0)
                return r;
        if (sqlite3_changes(db->sqlite) == 0)
                return -ENOENT;
        return db_object_touch(db, drive);
}
