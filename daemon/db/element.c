/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>
#include <inttypes.h>

#include "macro.h"
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

/* Statements per kind, because table and column names cannot be bound: each
 * kind's table and the column that holds its state. */
#define PER_KIND(sql) {                                         \
        [DB_ELEMENT_SLOT]  = sql("storage_slot", "State"),      \
        [DB_ELEMENT_DRIVE] = sql("drive", "State"),             \
        [DB_ELEMENT_PORT]  = sql("ieport", "Content"),          \
        [DB_ELEMENT_DOOR]  = sql("iedoor", "State"),            \
}

#define SQL_SELECT_NUMBERS(t, state) "SELECT guid FROM " t " WHERE Library = ?1 ORDER BY Number"
/* Rows without an address (NULL sorts first) come before the others. */
#define SQL_SELECT_ROWS(t, state) \
        "SELECT guid, Number, ElementAddress FROM " t " WHERE Library = ?1 ORDER BY ElementAddress"
#define SQL_SELECT_ADDRESSES(t, state) \
        "SELECT ElementAddress, guid, " state " FROM " t " WHERE Library = ?1 AND ElementAddress IS NOT NULL " \
        "ORDER BY ElementAddress"
#define SQL_PARK(t, state) "UPDATE " t " SET Number = ?2, ElementAddress = ?3 WHERE guid = ?1"
#define SQL_SETTLE(t, state) "UPDATE " t " SET Number = -Number WHERE Library = ?1 AND Number < 0"

static const char *const sql_select_numbers[_DB_ELEMENT_KIND_MAX] = PER_KIND(SQL_SELECT_NUMBERS);
static const char *const sql_select_rows[_DB_ELEMENT_KIND_MAX] = PER_KIND(SQL_SELECT_ROWS);
static const char *const sql_select_addresses[_DB_ELEMENT_KIND_MAX] = PER_KIND(SQL_SELECT_ADDRESSES);
static const char *const sql_park[_DB_ELEMENT_KIND_MAX] = PER_KIND(SQL_PARK);
static const char *const sql_settle[_DB_ELEMENT_KIND_MAX] = PER_KIND(SQL_SETTLE);

static const char *const sql_insert[_DB_ELEMENT_KIND_MAX] = {
        [DB_ELEMENT_SLOT]  = "INSERT INTO storage_slot (guid, Library, Number, ElementAddress, State) "
                             "VALUES (?1, ?2, ?3, ?4, 4 /* NTMS_SLOTSTATE_NEEDSINVENTORY */)",
        [DB_ELEMENT_DRIVE] = "INSERT INTO drive (guid, Library, Number, ElementAddress) VALUES (?1, ?2, ?3, ?4)",
        [DB_ELEMENT_PORT]  = "INSERT INTO ieport (guid, Library, Number, ElementAddress) VALUES (?1, ?2, ?3, ?4)",
        [DB_ELEMENT_DOOR]  = "INSERT INTO iedoor (guid, Library, Number, ElementAddress, State) "
                             "VALUES (?1, ?2, ?3, ?4, 1 /* NTMS_DOORSTATE_CLOSED */)",
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

/* One element as recorded, and the place the device's element list gives it. */
typedef struct ElementRow {
        char guid[DB_GUID_MAX];
        int64_t number;
        int64_t address;        /* -1: none recorded (a v1 row, a door, a stand-alone drive) */
        int64_t target;         /* index into the device's elements; -1: the element is gone */
} ElementRow;

typedef struct ElementRows {
        ElementRow *rows;       /* those without an address first, then in address order */
        size_t n;
        size_t first_address;   /* the first row with an address */
} ElementRows;

static void element_rows_done(ElementRows *e) {
        free(e->rows);
}

static int bind_address(Db *db, sqlite3_stmt *s, int index, int64_t address) {
        int rc;

        if (address >= 0)
                return db_bind_int64(db, s, index, address);
        rc = sqlite3_bind_null(s, index);
        return rc == SQLITE_OK ? 0 : db_errno(db, rc);
}

static int element_rows_load(Db *db, const char *library, DbElementKind kind, ElementRows *ret) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        size_t allocated = 0;
        int r;

        r = db_prepare(db, sql_select_rows[kind], &s);
        if (r < 0)
                return r;
        r = db_bind_guid(db, s, 1, library);
        if (r < 0)
                return r;

        while ((r = db_step_row(db, s)) >= 0) {
                ElementRow *row;

                if (!GREEDY_REALLOC(ret->rows, allocated, ret->n + 1))
                        return -ENOMEM;
                row = ret->rows + ret->n++;
                db_column_guid(s, 0, row->guid);
                row->number = sqlite3_column_int64(s, 1);
                row->address = sqlite3_column_type(s, 2) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, 2);
                row->target = -1;
                if (row->address < 0)
                        ret->first_address = ret->n;
        }
        return r == -ENOENT ? 0 : r;
}

static ssize_t find_address(const ElementRows *e, int64_t address) {
        size_t lo = e->first_address, hi = e->n;

        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;

                if (e->rows[mid].address == address)
                        return (ssize_t) mid;
                if (e->rows[mid].address < address)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return -1;
}

/* Which recorded row is the device's element i: the one at its address, else
 * (a row recorded before addresses were, or a kind without addresses) the
 * one with its number. Fills owner[i] and the rows' targets. */
static int element_rows_match(ElementRows *e, const uint16_t *addresses, uint32_t n, ssize_t *owner) {
        _cleanup_free_ ssize_t *by_number = NULL;

        by_number = malloc(((size_t) n + 1) * sizeof(ssize_t));
        if (!by_number)
                return -ENOMEM;
        for (size_t i = 0; i <= n; i++)
                by_number[i] = -1;
        for (size_t i = 0; i < e->n; i++)
                if ((!addresses || e->rows[i].address < 0) && e->rows[i].number >= 1 && e->rows[i].number <= n)
                        by_number[e->rows[i].number] = (ssize_t) i;

        for (uint32_t i = 0; i < n; i++) {
                ssize_t k = -1;

                assert(!addresses || i == 0 || addresses[i - 1] < addresses[i]);

                if (addresses)
                        k = find_address(e, addresses[i]);
                if (k < 0)
                        k = by_number[i + 1];
                owner[i] = k;
                if (k >= 0)
                        e->rows[k].target = i;
        }
        return 0;
}

/* "Slot 3" follows its slot to number 5, unless someone renamed it. */
static int element_rename(Db *db, sqlite3_stmt **s, DbElementKind kind, const ElementRow *row, int64_t number) {
        char old[64], new[64];
        int r;

        if (!*s) {
                r = db_prepare(db, "UPDATE objects SET name = ?2 WHERE guid = ?1 AND name = ?3", s);
                if (r < 0)
                        return r;
        }
        snprintf(old, sizeof old, "%s %" PRIi64, element_kinds[kind].label, row->number);
        snprintf(new, sizeof new, "%s %" PRIi64, element_kinds[kind].label, number);

        sqlite3_reset(*s);
        if ((r = db_bind_text(db, *s, 1, row->guid)) < 0 ||
            (r = db_bind_text(db, *s, 2, new)) < 0 ||
            (r = db_bind_text(db, *s, 3, old)) < 0)
                return r;
        return db_step_done(db, *s);
}

/* Moves every row whose number or address changes to the negative of its new
 * number (numbers are unique within a library, and two rows may swap them),
 * then flips them all at once. */
static int element_rows_renumber(Db *db, const char *library, DbElementKind kind, const ElementRows *e,
                                 const uint16_t *addresses) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *park = NULL, *rename = NULL;
        bool parked = false;
        int r;

        for (size_t i = 0; i < e->n; i++) {
                const ElementRow *row = e->rows + i;
                int64_t number, address;

                if (row->target < 0)
                        continue;
                number = row->target + 1;
                address = addresses ? addresses[row->target] : -1;
                if (row->number == number && row->address == address)
                        continue;

                if (!park) {
                        r = db_prepare(db, sql_park[kind], &park);
                        if (r < 0)
                                return r;
                }
                sqlite3_reset(park);
                if ((r = db_bind_text(db, park, 1, row->guid)) < 0 ||
                    (r = db_bind_int64(db, park, 2, -number)) < 0 ||
                    (r = bind_address(db, park, 3, address)) < 0)
                        return r;
                r = db_step_done(db, park);
                if (r < 0)
                        return r;
                parked = true;

                if (row->number != number) {
                        r = element_rename(db, &rename, kind, row, number);
                        if (r < 0)
                                return r;
                }
        }
        if (!parked)
                return 0;
        r = db_run_guid(db, sql_settle[kind], library);
        return r < 0 ? r : 0;
}

static int element_rows_delete_gone(Db *db, const ElementRows *e) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        for (size_t i = 0; i < e->n; i++) {
                if (e->rows[i].target >= 0)
                        continue;
                if (!s) {
                        /* The per-type row goes with it (ON DELETE CASCADE); media
                         * keep their records, a slot gone is no home. */
                        r = db_prepare(db, "DELETE FROM objects WHERE guid = ?1", &s);
                        if (r < 0)
                                return r;
                }
                sqlite3_reset(s);
                r = db_bind_text(db, s, 1, e->rows[i].guid);
                if (r < 0)
                        return r;
                r = db_step_done(db, s);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int elements_insert_new(Db *db, const char *library, DbElementKind kind, const uint16_t *addresses,
                               uint32_t n, const ssize_t *owner) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *insert = NULL;
        int r;

        for (uint32_t i = 0; i < n; i++) {
                char guid[DB_GUID_MAX], name[64];

                if (owner[i] >= 0)
                        continue;
                if (!insert) {
                        r = db_prepare(db, sql_insert[kind], &insert);
                        if (r < 0)
                                return r;
                }

                snprintf(name, sizeof name, "%s %" PRIu32, element_kinds[kind].label, i + 1);
                r = db_object_insert(db, element_kinds[kind].object_type, NULL, name, "", true, guid);
                if (r < 0)
                        return r;

                sqlite3_reset(insert);
                if ((r = db_bind_text(db, insert, 1, guid)) < 0 ||
                    (r = db_bind_guid(db, insert, 2, library)) < 0 ||
                    (r = db_bind_int64(db, insert, 3, (int64_t) i + 1)) < 0 ||
                    (r = bind_address(db, insert, 4, addresses ? addresses[i] : -1)) < 0)
                        return r;
                r = db_step_done(db, insert);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* Brings the elements of one kind in line with the device's n elements,
 * numbered 1…n in address order. An element keeps its GUID (and what refers
 * to it: media, home slots) for as long as its address exists, whatever its
 * number becomes; without addresses the number is the identity. Elements the
 * device no longer has are removed, new ones created. Nothing is written
 * when nothing changed. */
static int elements_apply(Db *db, const char *library, DbElementKind kind, const uint16_t *addresses, uint32_t n) {
        _cleanup_(element_rows_done) ElementRows e = {};
        _cleanup_free_ ssize_t *owner = NULL;
        int r;

        r = element_rows_load(db, library, kind, &e);
        if (r < 0)
                return r;

        owner = calloc((size_t) n + 1, sizeof(ssize_t));
        if (!owner)
                return -ENOMEM;
        r = element_rows_match(&e, addresses, n, owner);
        if (r < 0)
                return r;

        /* In this order, so that each step finds the numbers it takes free. */
        r = element_rows_delete_gone(db, &e);
        if (r < 0)
                return r;
        r = element_rows_renumber(db, library, kind, &e, addresses);
        if (r < 0)
                return r;
        return elements_insert_new(db, library, kind, addresses, n, owner);
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

static int drives_apply(Db *db, const char *library, const DbDeviceIdentity *drives, const uint16_t *addresses,
                        uint32_t n) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = elements_apply(db, library, DB_ELEMENT_DRIVE, addresses, n);
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

        r = drives_apply(db, guid, layout->drives, layout->addresses[DB_ELEMENT_DRIVE], layout->n_drives);
        if (r < 0)
                return r;
        if ((r = elements_apply(db, guid, DB_ELEMENT_SLOT, layout->addresses[DB_ELEMENT_SLOT], layout->n_slots)) < 0 ||
            (r = elements_apply(db, guid, DB_ELEMENT_PORT, layout->addresses[DB_ELEMENT_PORT], layout->n_ports)) < 0 ||
            (r = elements_apply(db, guid, DB_ELEMENT_DOOR, NULL, layout->n_doors)) < 0)
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

/* Steps a bound statement whose rows are (address, guid, state). */
static int collect_element_refs(Db *db, sqlite3_stmt *s, DbElementRef **ret, size_t *ret_n) {
        _cleanup_free_ DbElementRef *l = NULL;
        size_t n = 0, allocated = 0;
        int r;

        while ((r = db_step_row(db, s)) >= 0) {
                if (!GREEDY_REALLOC(l, allocated, n + 1))
                        return -ENOMEM;
                l[n].address = (uint32_t) sqlite3_column_int64(s, 0);
                db_column_guid(s, 1, l[n].guid);
                l[n].state = (uint32_t) sqlite3_column_int64(s, 2);
                n++;
        }
        if (r != -ENOENT)
                return r;

        *ret = TAKE_PTR(l);
        *ret_n = n;
        return 0;
}

int db_library_elements_by_address(Db *db, const char *library, DbElementKind kind, DbElementRef **ret,
                                   size_t *ret_n) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        assert(kind >= 0 && kind < _DB_ELEMENT_KIND_MAX);

        r = db_prepare(db, sql_select_addresses[kind], &s);
        if (r < 0)
                return r;
        r = db_bind_guid(db, s, 1, library);
        if (r < 0)
                return r;
        return collect_element_refs(db, s, ret, ret_n);
}

int db_library_free_slots(Db *db, const char *library, DbElementRef **ret, size_t *ret_n) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int r;

        assert(ret);
        assert(ret_n);

        r = db_prepare_cached(db,
                              "SELECT s.ElementAddress, s.guid, s.State FROM storage_slot AS s "
                              "WHERE s.Library = ?1 AND s.State = ?2 AND " SQL_SLOT_TAKES_DATA
                              "ORDER BY s.ElementAddress", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, library)) < 0 ||
            (r = db_bind_int64(db, s, 2, NTMS_SLOTSTATE_EMPTY)) < 0)
                return r;
        return collect_element_refs(db, s, ret, ret_n);
}

const DbElementRef *db_element_ref_find(const DbElementRef *l, size_t n, uint32_t address) {
        size_t lo = 0, hi = n;

        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;

                if (l[mid].address == address)
                        return l + mid;
                if (l[mid].address < address)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return NULL;
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
