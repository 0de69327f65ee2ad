/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>
#include <inttypes.h>

#include "db-private.h"
#include "element.h"
#include "library.h"
#include "ntmsapi.h"

/* Table and object type of each element kind. */
static const struct {
        const char *table;
        uint32_t object_type;
        const char *label;      /* object name: "<label> <n>" */
} element_kinds[_DB_ELEMENT_KIND_MAX] = {
        [DB_ELEMENT_SLOT]  = { "storage_slot", NTMS_STORAGESLOT, "Slot" },
        [DB_ELEMENT_DRIVE] = { "drive",        NTMS_DRIVE,       "Drive" },
        [DB_ELEMENT_PORT]  = { "ieport",       NTMS_IEPORT,      "Port" },
        [DB_ELEMENT_DOOR]  = { "iedoor",       NTMS_IEDOOR,      "Door" },
};

/* Statements per kind, because table names cannot be bound. */
static const char *const sql_select_numbers[_DB_ELEMENT_KIND_MAX] = {
        [DB_ELEMENT_SLOT]  = "SELECT guid FROM storage_slot WHERE Library = ?1 ORDER BY Number",
        [DB_ELEMENT_DRIVE] = "SELECT guid FROM drive WHERE Library = ?1 ORDER BY Number",
        [DB_ELEMENT_PORT]  = "SELECT guid FROM ieport WHERE Library = ?1 ORDER BY Number",
        [DB_ELEMENT_DOOR]  = "SELECT guid FROM iedoor WHERE Library = ?1 ORDER BY Number",
};

static const char *const sql_count[_DB_ELEMENT_KIND_MAX] = {
        [DB_ELEMENT_SLOT]  = "SELECT coalesce(max(Number), 0) FROM storage_slot WHERE Library = ?1",
        [DB_ELEMENT_DRIVE] = "SELECT coalesce(max(Number), 0) FROM drive WHERE Library = ?1",
        [DB_ELEMENT_PORT]  = "SELECT coalesce(max(Number), 0) FROM ieport WHERE Library = ?1",
        [DB_ELEMENT_DOOR]  = "SELECT coalesce(max(Number), 0) FROM iedoor WHERE Library = ?1",
};

static const char *const sql_insert[_DB_ELEMENT_KIND_MAX] = {
        [DB_ELEMENT_SLOT]  = "INSERT INTO storage_slot (guid, Library, Number, State) VALUES (?1, ?2, ?3, "
                             "4 /* NTMS_SLOTSTATE_NEEDSINVENTORY */)",
        [DB_ELEMENT_DRIVE] = "INSERT INTO drive (guid, Library, Number) VALUES (?1, ?2, ?3)",
        [DB_ELEMENT_PORT]  = "INSERT INTO ieport (guid, Library, Number) VALUES (?1, ?2, ?3)",
        [DB_ELEMENT_DOOR]  = "INSERT INTO iedoor (guid, Library, Number, State) VALUES (?1, ?2, ?3, "
                             "1 /* NTMS_DOORSTATE_CLOSED */)",
};

static const char *const sql_delete_beyond[_DB_ELEMENT_KIND_MAX] = {
        [DB_ELEMENT_SLOT]  = "DELETE FROM objects WHERE guid IN "
                             "(SELECT guid FROM storage_slot WHERE Library = ?1 AND Number > ?2)",
        [DB_ELEMENT_DRIVE] = "DELETE FROM objects WHERE guid IN "
                             "(SELECT guid FROM drive WHERE Library = ?1 AND Number > ?2)",
        [DB_ELEMENT_PORT]  = "DELETE FROM objects WHERE guid IN "
                             "(SELECT guid FROM ieport WHERE Library = ?1 AND Number > ?2)",
        [DB_ELEMENT_DOOR]  = "DELETE FROM objects WHERE guid IN "
                             "(SELECT guid FROM iedoor WHERE Library = ?1 AND Number > ?2)",
};

static int run_guid_int(Db *db, const char *sql, const char *guid, int64_t v) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare(db, sql, &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, guid)) < 0 ||
            (r = db_bind_int64(db, s, 2, v)) < 0)
                return r;
        return db_step_done(db, s);
}

static int find_guid2(Db *db, const char *sql, const char *a, const char *b, char ret[static DB_GUID_MAX]) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare(db, sql, &s);
        if (r < 0)
                return r;
        if ((r = db_bind_text(db, s, 1, a)) < 0 ||
            (r = db_bind_text(db, s, 2, b)) < 0)
                return r;
        r = db_step_row(db, s);
        if (r < 0)
                return r;
        db_column_guid(s, 0, ret);
        return 0;
}

static int find_guid1(Db *db, const char *sql, const char *a, char ret[static DB_GUID_MAX]) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare(db, sql, &s);
        if (r < 0)
                return r;
        r = db_bind_text(db, s, 1, a);
        if (r < 0)
                return r;
        r = db_step_row(db, s);
        if (r < 0)
                return r;
        db_column_guid(s, 0, ret);
        return 0;
}

/* The serial is the identity that survives a changed device name (a new
 * /dev/sg number after a reboot, a moved iSCSI portal); the device name is
 * the fallback for devices that report no serial, and for a changer that
 * cannot be asked for its serial because it does not answer. */
int db_library_find_by_changer(Db *db, const char *serial, const char *device_name,
                               char ret_guid[static DB_GUID_MAX]) {
        if (!isempty(serial))
                return find_guid1(db, "SELECT Library FROM changer WHERE szSerialNumber = ?1 "
                                      "ORDER BY Library LIMIT 1", serial, ret_guid);
        return find_guid1(db, "SELECT Library FROM changer WHERE szDeviceName = ?1 "
                              "ORDER BY Library LIMIT 1", device_name, ret_guid);
}

int db_library_find_standalone(Db *db, const char *serial, const char *device_name,
                               char ret_guid[static DB_GUID_MAX]) {
        if (!isempty(serial))
                return find_guid1(db, "SELECT d.Library FROM drive AS d JOIN library AS l ON l.guid = d.Library "
                                      "WHERE l.LibraryType = 3 /* STANDALONE */ AND d.szSerialNumber = ?1 "
                                      "LIMIT 1", serial, ret_guid);
        return find_guid1(db, "SELECT d.Library FROM drive AS d JOIN library AS l ON l.guid = d.Library "
                              "WHERE l.LibraryType = 3 /* STANDALONE */ AND d.szDeviceName = ?1 "
                              "AND d.szSerialNumber = '' LIMIT 1", device_name, ret_guid);
}

static int library_insert(Db *db, const DbLibraryLayout *layout, char ret_guid[static DB_GUID_MAX]) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_object_insert(db, NTMS_LIBRARY, NULL, layout->name, "", true, ret_guid);
        if (r < 0)
                return r;

        /* Every element kind is numbered from 1. A stand-alone drive has no
         * changer to ask, so its inventory is the drive itself: FAST. */
        r = db_prepare(db,
                       "INSERT INTO library (guid, LibraryType, InventoryMethod, FirstDriveNumber, FirstSlotNumber, "
                       "  FirstDoorNumber, FirstPortNumber, FirstChangerNumber) "
                       "VALUES (?1, ?2, ?3, 1, 1, 1, 1, 1)", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_text(db, s, 1, ret_guid)) < 0 ||
            (r = db_bind_int64(db, s, 2, layout->library_type)) < 0 ||
            (r = db_bind_int64(db, s, 3, NTMS_INVENTORY_FAST)) < 0)
                return r;
        return db_step_done(db, s);
}

/* Types are shared between libraries: one per vendor and product. */
static int device_type_ensure(Db *db, uint32_t object_type, const DbDeviceIdentity *id,
                              char ret_guid[static DB_GUID_MAX]) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        _cleanup_free_ char *name = NULL;
        bool drive = object_type == NTMS_DRIVE_TYPE;
        int r;

        r = find_guid2(db,
                       drive ? "SELECT guid FROM drive_type WHERE szVendor = ?1 AND szProduct = ?2"
                             : "SELECT guid FROM changer_type WHERE szVendor = ?1 AND szProduct = ?2",
                       id->vendor ?: "", id->product ?: "", ret_guid);
        if (r != -ENOENT)
                return r;

        if (asprintf(&name, "%s %s", id->vendor ?: "", id->product ?: "") < 0)
                return -ENOMEM;
        r = db_object_insert(db, object_type, NULL, name, "", true, ret_guid);
        if (r < 0)
                return r;

        r = db_prepare(db,
                       drive ? "INSERT INTO drive_type (guid, szVendor, szProduct, NumberOfHeads, DeviceType) "
                               "VALUES (?1, ?2, ?3, 1, ?4)"
                             : "INSERT INTO changer_type (guid, szVendor, szProduct, DeviceType) "
                               "VALUES (?1, ?2, ?3, ?4)", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_text(db, s, 1, ret_guid)) < 0 ||
            (r = db_bind_text(db, s, 2, id->vendor)) < 0 ||
            (r = db_bind_text(db, s, 3, id->product)) < 0 ||
            (r = db_bind_int64(db, s, 4, id->device_type)) < 0)
                return r;
        return db_step_done(db, s);
}

/* Creates elements Number 1…n that are missing and removes those beyond n. */
static int elements_resize(Db *db, const char *library, DbElementKind kind, uint32_t n) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *count = NULL, *insert = NULL;
        uint64_t have;
        int r;

        r = db_count(db, sql_count[kind], library, &have);
        if (r < 0)
                return r;

        if (have > n)
                return run_guid_int(db, sql_delete_beyond[kind], library, n);

        r = db_prepare(db, sql_insert[kind], &insert);
        if (r < 0)
                return r;

        for (uint64_t i = have + 1; i <= n; i++) {
                char guid[DB_GUID_MAX], name[64];

                snprintf(name, sizeof name, "%s %" PRIu64, element_kinds[kind].label, i);
                r = db_object_insert(db, element_kinds[kind].object_type, NULL, name, "", true, guid);
                if (r < 0)
                        return r;

                sqlite3_reset(insert);
                if ((r = db_bind_text(db, insert, 1, guid)) < 0 ||
                    (r = db_bind_guid(db, insert, 2, library)) < 0 ||
                    (r = db_bind_int64(db, insert, 3, (int64_t) i)) < 0)
                        return r;
                r = db_step_done(db, insert);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int changer_apply(Db *db, const char *library, const DbDeviceIdentity *id) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *insert = NULL, *update = NULL;
        char type[DB_GUID_MAX], guid[DB_GUID_MAX];
        int r;

        r = device_type_ensure(db, NTMS_CHANGER_TYPE, id, type);
        if (r < 0)
                return r;

        r = find_guid1(db, "SELECT guid FROM changer WHERE Library = ?1 AND Number = 1", library, guid);
        if (r == -ENOENT) {
                r = db_object_insert(db, NTMS_CHANGER, NULL, "Changer 1", "", true, guid);
                if (r < 0)
                        return r;
                r = db_prepare(db, "INSERT INTO changer (guid, Library, Number) VALUES (?1, ?2, 1)", &insert);
                if (r < 0)
                        return r;
                if ((r = db_bind_text(db, insert, 1, guid)) < 0 ||
                    (r = db_bind_guid(db, insert, 2, library)) < 0)
                        return r;
                r = db_step_done(db, insert);
        }
        if (r < 0)
                return r;

        r = db_prepare(db,
                       "UPDATE changer SET ChangerType = ?2, szSerialNumber = ?3, szRevision = ?4, szDeviceName = ?5 "
                       "WHERE guid = ?1", &update);
        if (r < 0)
                return r;
        if ((r = db_bind_text(db, update, 1, guid)) < 0 ||
            (r = db_bind_text(db, update, 2, type)) < 0 ||
            (r = db_bind_text(db, update, 3, id->serial)) < 0 ||
            (r = db_bind_text(db, update, 4, id->revision)) < 0 ||
            (r = db_bind_text(db, update, 5, id->device_name)) < 0)
                return r;
        return db_step_done(db, update);
}

static int drives_apply(Db *db, const char *library, const DbDeviceIdentity *drives, uint32_t n) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = elements_resize(db, library, DB_ELEMENT_DRIVE, n);
        if (r < 0)
                return r;

        r = db_prepare(db,
                       "UPDATE drive SET DriveType = ?3, szDeviceName = ?4, szSerialNumber = ?5, szRevision = ?6 "
                       "WHERE Library = ?1 AND Number = ?2", &s);
        if (r < 0)
                return r;

        for (uint32_t i = 0; i < n; i++) {
                const DbDeviceIdentity *id = drives + i;
                char type[DB_GUID_MAX] = "";

                /* A data transfer element without a configured or discovered device
                 * is still a drive of the library; its type is learnt once it is seen. */
                if (!isempty(id->vendor) || !isempty(id->product)) {
                        r = device_type_ensure(db, NTMS_DRIVE_TYPE, id, type);
                        if (r < 0)
                                return r;
                }

                sqlite3_reset(s);
                if ((r = db_bind_guid(db, s, 1, library)) < 0 ||
                    (r = db_bind_int64(db, s, 2, i + 1)) < 0 ||
                    (r = db_bind_guid(db, s, 3, type)) < 0 ||
                    (r = db_bind_text(db, s, 4, id->device_name)) < 0 ||
                    (r = db_bind_text(db, s, 5, id->serial)) < 0 ||
                    (r = db_bind_text(db, s, 6, id->revision)) < 0)
                        return r;
                r = db_step_done(db, s);
                if (r < 0)
                        return r;
        }
        return 0;
}

int db_library_apply_layout(Db *db, const char *known_guid, const DbLibraryLayout *layout,
                            char ret_guid[static DB_GUID_MAX]) {
        char guid[DB_GUID_MAX];
        int r;

        assert(db);
        assert(layout);

        if (isempty(known_guid)) {
                r = library_insert(db, layout, guid);
                if (r < 0)
                        return r;
        } else
                snprintf(guid, sizeof guid, "%s", known_guid);

        if (layout->changer) {
                r = changer_apply(db, guid, layout->changer);
                if (r < 0)
                        return r;
        }

        r = drives_apply(db, guid, layout->drives, layout->n_drives);
        if (r < 0)
                return r;
        if ((r = elements_resize(db, guid, DB_ELEMENT_SLOT, layout->n_slots)) < 0 ||
            (r = elements_resize(db, guid, DB_ELEMENT_PORT, layout->n_ports)) < 0 ||
            (r = elements_resize(db, guid, DB_ELEMENT_DOOR, layout->n_doors)) < 0)
                return r;

        r = db_library_set_present(db, guid, true);
        if (r < 0)
                return r;

        memcpy(ret_guid, guid, DB_GUID_MAX);
        return 0;
}

int db_library_set_present(Db *db, const char *library, bool present) {
        int r;

        /* The robot and the drives behind it come and go with the changer. */
        r = run_guid_int(db,
                         "UPDATE objects SET state = ?2 WHERE guid = ?1 OR guid IN "
                         "(SELECT guid FROM changer WHERE Library = ?1 UNION ALL "
                         " SELECT guid FROM drive WHERE Library = ?1)",
                         library, present ? NTMS_READY : NTMS_NOT_PRESENT);
        if (r < 0)
                return r;
        return db_object_touch(db, library);
}

int db_library_set_barcode_reader(Db *db, const char *library, bool installed) {
        return run_guid_int(db, "UPDATE library SET BarCodeReaderInstalled = ?2 WHERE guid = ?1", library, installed);
}

int db_library_get_inventory_method(Db *db, const char *library, uint32_t *ret) {
        uint64_t v;
        int r;

        r = db_count(db, "SELECT InventoryMethod FROM library WHERE guid = ?1", library, &v);
        if (r < 0)
                return r;
        *ret = (uint32_t) v;
        return 0;
}

int db_library_elements(Db *db, const char *library, DbElementKind kind, char ***ret, size_t *ret_n) {
        char **l = NULL;
        int r;

        assert(kind >= 0 && kind < _DB_ELEMENT_KIND_MAX);

        r = db_collect_guids(db, sql_select_numbers[kind], library, &l);
        if (r < 0)
                return r;

        *ret_n = strv_length(l);
        *ret = l;
        return 0;
}

int db_drive_get(Db *db, const char *guid, char ret_library[static DB_GUID_MAX], uint32_t *ret_state) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare(db, "SELECT d.Library, o.state FROM drive AS d JOIN objects AS o ON o.guid = d.guid "
                           "WHERE d.guid = ?1", &s);
        if (r < 0)
                return r;
        r = db_bind_guid(db, s, 1, guid);
        if (r < 0)
                return r;
        r = db_step_row(db, s);
        if (r < 0)
                return r;

        db_column_guid(s, 0, ret_library);
        *ret_state = (uint32_t) sqlite3_column_int64(s, 1);
        return 0;
}

int db_medium_set_offline(Db *db, const char *medium) {
        char offline[DB_GUID_MAX];
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_library_offline(db, offline);
        if (r < 0)
                return r;

        /* "Offline media are in slots" (NTMS_PMIDINFORMATION): the shelf. */
        r = db_prepare(db,
                       "UPDATE physical_media SET CurrentLibrary = ?2, Location = NULL, LocationType = ?3, "
                       "  HomeSlot = NULL, MountedPartition = NULL WHERE guid = ?1", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, medium)) < 0 ||
            (r = db_bind_text(db, s, 2, offline)) < 0 ||
            (r = db_bind_int64(db, s, 3, NTMS_STORAGESLOT)) < 0)
                return r;
        r = db_step_done(db, s);
        if (r < 0)
                return r;
        return db_object_touch(db, medium);
}

static int media_set_offline_where(Db *db, const char *sql, const char *guid) {
        _cleanup_(strv_freep) char **media = NULL;
        int r;

        r = db_collect_guids(db, sql, guid, &media);
        if (r < 0)
                return r;
        for (char **m = media; m && *m; m++) {
                r = db_medium_set_offline(db, *m);
                if (r < 0)
                        return r;
        }
        return 0;
}

int db_drive_delete(Db *db, const char *guid) {
        int r;

        r = media_set_offline_where(db, "SELECT guid FROM physical_media WHERE Location = ?1", guid);
        if (r < 0)
                return r;
        return db_object_delete(db, guid);
}

int db_library_delete(Db *db, const char *guid) {
        int r;

        r = media_set_offline_where(db, "SELECT guid FROM physical_media WHERE CurrentLibrary = ?1", guid);
        if (r < 0)
                return r;

        /* The per-type rows go with their objects (ON DELETE CASCADE); library
         * requests and media type links go with the library row. */
        r = db_run_guid(db,
                        "DELETE FROM objects WHERE guid IN ("
                        "  SELECT guid FROM drive WHERE Library = ?1 UNION ALL"
                        "  SELECT guid FROM changer WHERE Library = ?1 UNION ALL"
                        "  SELECT guid FROM storage_slot WHERE Library = ?1 UNION ALL"
                        "  SELECT guid FROM ieport WHERE Library = ?1 UNION ALL"
                        "  SELECT guid FROM iedoor WHERE Library = ?1 UNION ALL"
                        "  SELECT guid FROM librequest WHERE Library = ?1)", guid);
        if (r < 0)
                return r;
        return db_object_delete(db, guid);
}
