/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "db-private.h"
#include "drive.h"
#include "element.h"
#include "media.h"
#include "ntmsapi.h"
#include "object.h"
#include "port.h"

static uint32_t column_u32(sqlite3_stmt *s, int column) {
        return (uint32_t) sqlite3_column_int64(s, column);
}

int db_library_access(Db *db, const char *library, DbLibraryAccess *ret) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int r;

        assert(ret);

        r = db_prepare_cached(db,
                       "SELECT l.LibraryType, o.enabled, o.state, "
                       "  (SELECT count(*) FROM ieport WHERE Library = l.guid), "
                       "  (SELECT count(*) FROM iedoor WHERE Library = l.guid), "
                       "  (SELECT count(*) FROM storage_slot AS s WHERE s.Library = l.guid "
                       "     AND s.State = ?2 AND s.guid IS NOT l.CleanerSlot "
                       "     AND NOT EXISTS (SELECT 1 FROM physical_media WHERE Location = s.guid)), "
                       "  d.guid, coalesce(d.MaxOpenSecs, 0), "
                       "  (SELECT coalesce(max(MaxExtendSecs), 0) FROM ieport WHERE Library = l.guid) "
                       "FROM library AS l JOIN objects AS o ON o.guid = l.guid "
                       "LEFT JOIN iedoor AS d ON d.Library = l.guid AND d.Number = 1 "
                       "WHERE l.guid = ?1", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, library)) < 0 ||
            (r = db_bind_int64(db, s, 2, NTMS_SLOTSTATE_EMPTY)) < 0)
                return r;
        r = db_step_row(db, s);
        if (r < 0)
                return r;

        *ret = (DbLibraryAccess) {
                .library_type = column_u32(s, 0),
                .enabled = sqlite3_column_int(s, 1) != 0,
                .operational_state = column_u32(s, 2),
                .n_ports = column_u32(s, 3),
                .n_doors = column_u32(s, 4),
                .n_free_slots = column_u32(s, 5),
                .max_open_secs = column_u32(s, 7),
                .max_extend_secs = column_u32(s, 8),
        };
        db_column_guid(s, 6, ret->door);
        return 0;
}

int db_cartridge_get(Db *db, const char *medium, DbCartridge *ret) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int r;

        assert(ret);

        r = db_prepare_cached(db,
                       "SELECT m.guid, mo.enabled, m.CurrentLibrary, coalesce(l.LibraryType, 0), "
                       "  coalesce(lo.enabled, 0), m.Location, m.LocationType, "
                       "  coalesce(s.ElementAddress, d.ElementAddress, i.ElementAddress, -1), "
                       "  coalesce(d.Number, 0), m.MediaState, m.szBarCode "
                       "FROM physical_media AS m "
                       "JOIN objects AS mo ON mo.guid = m.guid "
                       "LEFT JOIN library AS l ON l.guid = m.CurrentLibrary "
                       "LEFT JOIN objects AS lo ON lo.guid = l.guid "
                       "LEFT JOIN storage_slot AS s ON s.guid = m.Location "
                       "LEFT JOIN drive AS d ON d.guid = m.Location "
                       "LEFT JOIN ieport AS i ON i.guid = m.Location "
                       "WHERE m.guid = ?1", &s);
        if (r < 0)
                return r;
        r = db_bind_guid(db, s, 1, medium);
        if (r < 0)
                return r;
        r = db_step_row(db, s);
        if (r < 0)
                return r;

        *ret = (DbCartridge) {
                .enabled = sqlite3_column_int(s, 1) != 0,
                .library_type = column_u32(s, 3),
                .library_enabled = sqlite3_column_int(s, 4) != 0,
                .location_type = column_u32(s, 6),
                .location_address = (int32_t) sqlite3_column_int64(s, 7),
                .drive_number = column_u32(s, 8),
                .media_state = column_u32(s, 9),
        };
        db_column_guid(s, 0, ret->medium);
        db_column_guid(s, 2, ret->library);
        db_column_guid(s, 5, ret->location);
        snprintf(ret->barcode, sizeof ret->barcode, "%s", (const char *) sqlite3_column_text(s, 10) ?: "");
        return 0;
}

int db_slot_get(Db *db, const char *slot, char ret_library[static DB_GUID_MAX], int32_t *ret_address) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare_cached(db, "SELECT Library, coalesce(ElementAddress, -1) FROM storage_slot WHERE guid = ?1", &s);
        if (r < 0)
                return r;
        r = db_bind_guid(db, s, 1, slot);
        if (r < 0)
                return r;
        r = db_step_row(db, s);
        if (r < 0)
                return r;
        db_column_guid(s, 0, ret_library);
        *ret_address = (int32_t) sqlite3_column_int64(s, 1);
        return 0;
}

int db_port_set_content(Db *db, const char *library, uint32_t address, bool full) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare_cached(db, "UPDATE ieport SET Content = ?3 WHERE Library = ?1 AND ElementAddress = ?2", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, library)) < 0 ||
            (r = db_bind_int64(db, s, 2, address)) < 0 ||
            (r = db_bind_int64(db, s, 3, full ? NTMS_PORTCONTENT_FULL : NTMS_PORTCONTENT_EMPTY)) < 0)
                return r;
        return db_step_done(db, s);
}

int db_door_set_state(Db *db, const char *door, uint32_t state) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare_cached(db, "UPDATE iedoor SET State = ?2 WHERE guid = ?1", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, door)) < 0 ||
            (r = db_bind_int64(db, s, 2, state)) < 0)
                return r;
        r = db_step_done(db, s);
        if (r < 0)
                return r;
        return db_object_touch(db, door);
}

static int medium_pool_type(Db *db, const char *medium, uint32_t *ret) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare_cached(db,
                       "SELECT p.PoolType FROM physical_media AS m JOIN media_pool AS p ON p.guid = m.MediaPool "
                       "WHERE m.guid = ?1", &s);
        if (r < 0)
                return r;
        r = db_bind_guid(db, s, 1, medium);
        if (r < 0)
                return r;
        r = db_step_row(db, s);
        if (r < 0)
                return r;
        *ret = column_u32(s, 0);
        return 0;
}

int db_medium_record_ejected(Db *db, const char *medium) {
        uint32_t pool_type;
        int r;

        r = medium_pool_type(db, medium, &pool_type);
        if (r < 0)
                return r;
        if (pool_type == NTMS_POOLTYPE_IMPORT || pool_type == NTMS_POOLTYPE_FOREIGN)
                return db_medium_delete(db, medium);
        return db_medium_set_offline(db, medium);
}
