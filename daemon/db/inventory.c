/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>
#include <string.h>

#include "macro.h"
#include "cleaner.h"
#include "db-private.h"
#include "element.h"
#include "inventory.h"
#include "library.h"
#include "media.h"
#include "media-type.h"
#include "ntmsapi.h"
#include "pool.h"

/* A media type that new cartridges of this inventory take, with what a new
 * medium needs of it: looked up once, not once per cartridge. */
typedef struct TypeChoice {
        const char *name;               /* as asked for: NULL for an empty slot of the cache */
        DbMediaType type;
        char pool[2][DB_GUID_MAX];      /* [recognised]: Unrecognized, Import; "" until needed */
        bool held;                      /* the library is known to hold the type */
} TypeChoice;

#define TYPE_CHOICES_MAX 8

/* A barcoded medium this library held before the inventory. */
typedef struct KnownMedium {
        char *barcode;
        char guid[DB_GUID_MAX];
} KnownMedium;

/* Everything one inventory needs more than once, read or prepared once: a
 * large library has tens of thousands of elements, and the main loop answers
 * no one while the inventory is recorded. */
typedef struct Apply {
        Db *db;
        const char *library;
        const DbInventory *inv;
        DbElementRef *elements[_DB_ELEMENT_KIND_MAX];    /* by address */
        size_t n_elements[_DB_ELEMENT_KIND_MAX];
        char **numbered[_DB_ELEMENT_KIND_MAX];          /* GUIDs by Number − 1, read when an item needs them */
        size_t n_numbered[_DB_ELEMENT_KIND_MAX];
        KnownMedium *known;                             /* by barcode */
        size_t n_known;
        TypeChoice types[TYPE_CHOICES_MAX];
        char cleaner_slot[DB_GUID_MAX];                 /* "" when the library has none */
        int cleaner_found;                              /* -1 not read, else whether full */
        sqlite3_stmt *slot_state, *drive_state, *port_content, *locate, *seen, *in_place, *media_state;
        DbInventoryStats stats;
} Apply;

static void apply_done(Apply *a) {
        for (DbElementKind k = 0; k < _DB_ELEMENT_KIND_MAX; k++) {
                free(a->elements[k]);
                strv_free(a->numbered[k]);
        }
        for (size_t i = 0; i < a->n_known; i++)
                free(a->known[i].barcode);
        free(a->known);
        sqlite3_finalize(a->slot_state);
        sqlite3_finalize(a->drive_state);
        sqlite3_finalize(a->port_content);
        sqlite3_finalize(a->locate);
        sqlite3_finalize(a->seen);
        sqlite3_finalize(a->in_place);
        sqlite3_finalize(a->media_state);
}

const char *db_media_type_from_barcode(const char *barcode) {
        static const char *const lto[] = {
                "LTO Ultrium 1", "LTO Ultrium 2", "LTO Ultrium 3", "LTO Ultrium 4", "LTO Ultrium 5",
                "LTO Ultrium 6", "LTO Ultrium 7", "LTO Ultrium 8", "LTO Ultrium 9",
        };
        size_t n;

        if (!barcode)
                return NULL;
        n = strlen(barcode);
        if (n < 3 || barcode[n - 2] != 'L' || barcode[n - 1] < '1' || barcode[n - 1] > '9')
                return NULL;
        return lto[barcode[n - 1] - '1'];
}

static int known_media_load(Apply *a) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        size_t allocated = 0;
        int r;

        /* Sorted as strcmp() sorts: BINARY collation compares the UTF-8 bytes. */
        r = db_prepare(a->db, "SELECT szBarCode, guid FROM physical_media WHERE CurrentLibrary = ?1 "
                              "AND szBarCode != '' ORDER BY szBarCode", &s);
        if (r < 0)
                return r;
        r = db_bind_guid(a->db, s, 1, a->library);
        if (r < 0)
                return r;

        while ((r = db_step_row(a->db, s)) >= 0) {
                KnownMedium *m;

                if (!GREEDY_REALLOC(a->known, allocated, a->n_known + 1))
                        return -ENOMEM;
                m = a->known + a->n_known;
                r = db_column_strdup(s, 0, &m->barcode);
                if (r < 0)
                        return r;
                db_column_guid(s, 1, m->guid);
                a->n_known++;
        }
        return r == -ENOENT ? 0 : r;
}

static const KnownMedium *known_medium(const Apply *a, const char *barcode) {
        size_t lo = 0, hi = a->n_known;

        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                int c = strcmp(a->known[mid].barcode, barcode);

                if (c == 0)
                        return a->known + mid;
                if (c < 0)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return NULL;
}

static int apply_prepare(Apply *a) {
        Db *db = a->db;
        DbCleaner cleaner;
        int r;

        r = db_cleaner_get(db, a->library, &cleaner);
        if (r < 0)
                return r;
        memcpy(a->cleaner_slot, cleaner.slot, DB_GUID_MAX);
        a->cleaner_found = -1;

        for (DbElementKind k = 0; k < _DB_ELEMENT_KIND_MAX; k++) {
                r = db_library_elements_by_address(db, a->library, k, &a->elements[k], &a->n_elements[k]);
                if (r < 0)
                        return r;
        }
        r = known_media_load(a);
        if (r < 0)
                return r;

        /* Which cartridges this inventory saw, so that the rest can go offline. */
        r = db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS inventory_seen (guid TEXT PRIMARY KEY) WITHOUT ROWID;"
                        "DELETE FROM temp.inventory_seen");
        if (r < 0)
                return r;

        if ((r = db_prepare(db, "UPDATE storage_slot SET State = ?2 WHERE guid = ?1", &a->slot_state)) < 0 ||
            (r = db_prepare(db, "UPDATE drive SET State = ?2 WHERE guid = ?1", &a->drive_state)) < 0 ||
            (r = db_prepare(db, "UPDATE ieport SET Content = ?2 WHERE guid = ?1", &a->port_content)) < 0 ||
            (r = db_prepare(db, "INSERT OR IGNORE INTO temp.inventory_seen (guid) VALUES (?1)", &a->seen)) < 0 ||
            (r = db_prepare(db, "UPDATE physical_media SET MediaState = ?2 WHERE guid = ?1", &a->media_state)) < 0 ||
            /* A medium that comes from another library (or the shelf) has no home here
             * until it is seen in a slot. */
            (r = db_prepare(db,
                            "UPDATE physical_media SET CurrentLibrary = ?2, Location = ?3, LocationType = ?4, "
                            "  HomeSlot = coalesce(?5, CASE WHEN CurrentLibrary = ?2 THEN HomeSlot END) "
                            "WHERE guid = ?1 AND (CurrentLibrary IS NOT ?2 OR Location IS NOT ?3 "
                            "  OR LocationType != ?4 OR HomeSlot IS NOT coalesce(?5, HomeSlot))",
                            &a->locate)) < 0 ||
            (r = db_prepare(db,
                            "SELECT guid FROM physical_media WHERE CurrentLibrary = ?1 AND Location = ?2 "
                            "AND szBarCode = ''", &a->in_place)) < 0)
                return r;
        return 0;
}

static const DbElementRef *element_at(Apply *a, DbElementKind kind, uint32_t address) {
        return db_element_ref_find(a->elements[kind], a->n_elements[kind], address);
}

static const char *element_guid(Apply *a, DbElementKind kind, uint32_t address) {
        const DbElementRef *e = element_at(a, kind, address);

        return e ? e->guid : NULL;
}

/* The element an item names by number. Its recorded state is not read:
 * UINT32_MAX makes element_set_state() write the one reported. */
static int element_numbered(Apply *a, const DbInventoryItem *it, DbElementRef *ret) {
        DbElementKind k = it->kind;
        int r;

        if (!a->numbered[k]) {
                r = db_library_elements(a->db, a->library, k, &a->numbered[k], &a->n_numbered[k]);
                if (r < 0)
                        return r;
        }
        if (it->address < 1 || it->address > a->n_numbered[k])
                return -ERANGE;

        *ret = (DbElementRef) { .address = it->address, .state = UINT32_MAX };
        memcpy(ret->guid, a->numbered[k][it->address - 1], DB_GUID_MAX);
        return 0;
}

/* The element an item names, by address or by number. */
static int item_element(Apply *a, const DbInventoryItem *it, DbElementRef *ret) {
        const DbElementRef *e;
        int r;

        if (it->numbered)
                r = element_numbered(a, it, ret);
        else {
                e = element_at(a, it->kind, it->address);
                if (e)
                        *ret = *e;
                r = e ? 0 : -ERANGE;
        }
        if (r == -ERANGE)
                return log_error_errno(r, "Inventory of library %s names element %s %u (kind %d), which it does not have",
                                       a->library, it->numbered ? "number" : "address", it->address, it->kind);
        return r;
}

static int run_state(Db *db, sqlite3_stmt *s, const char *guid, int64_t v) {
        int r;

        sqlite3_reset(s);
        if ((r = db_bind_text(db, s, 1, guid)) < 0 ||
            (r = db_bind_int64(db, s, 2, v)) < 0)
                return r;
        return db_step_done(db, s);
}

/* Writes the state the changer reported, if it is not the recorded one. */
static int element_set_state(Apply *a, const DbInventoryItem *it, const DbElementRef *e) {
        sqlite3_stmt *s;
        uint32_t state;

        switch (it->kind) {
        case DB_ELEMENT_SLOT:
                s = a->slot_state;
                state = it->full ? NTMS_SLOTSTATE_FULL : NTMS_SLOTSTATE_EMPTY;
                break;
        case DB_ELEMENT_DRIVE:
                /* LOADED: a cartridge sits in the drive; mounting is the queue's business. */
                s = a->drive_state;
                state = it->full ? NTMS_DRIVESTATE_LOADED : NTMS_DRIVESTATE_DISMOUNTED;
                break;
        case DB_ELEMENT_PORT:
                s = a->port_content;
                state = it->full ? NTMS_PORTCONTENT_FULL : NTMS_PORTCONTENT_EMPTY;
                break;
        default:
                assert(!"inventory item of an unexpected kind");
                return -EINVAL;
        }
        return e->state == state ? 0 : run_state(a->db, s, e->guid, state);
}

static int medium_by_side(Db *db, const char *side, char ret[static DB_GUID_MAX]) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare(db, "SELECT PhysicalMedia FROM partition WHERE guid = ?1", &s);
        if (r < 0)
                return r;
        r = db_bind_guid(db, s, 1, side);
        if (r < 0)
                return r;
        r = db_step_row(db, s);
        if (r < 0)
                return r;
        db_column_guid(s, 0, ret);
        return 0;
}

/* A cartridge is known by its barcode, else by the label on its first side,
 * else (no barcode reader, not mounted) by being where a barcode-less medium
 * of ours was recorded: a differential inventory trusts an unchanged slot. */
static int medium_find(Apply *a, const DbInventoryItem *it, const char *location, char ret[static DB_GUID_MAX]) {
        int r;

        if (!isempty(it->barcode)) {
                const KnownMedium *m = known_medium(a, it->barcode);

                if (m) {
                        memcpy(ret, m->guid, DB_GUID_MAX);
                        return 0;
                }
                /* New here: from another library, the shelf, or new altogether. */
                return db_medium_find_barcode(a->db, it->barcode, ret);
        }

        if (it->identified && it->omid_type) {
                char side[DB_GUID_MAX];

                r = db_side_find_omid(a->db, it->omid_type, it->omid, it->omid_size, side);
                if (r < 0)
                        return r;
                return medium_by_side(a->db, side, ret);
        }

        sqlite3_reset(a->in_place);
        if ((r = db_bind_guid(a->db, a->in_place, 1, a->library)) < 0 ||
            (r = db_bind_guid(a->db, a->in_place, 2, location)) < 0)
                return r;
        r = db_step_row(a->db, a->in_place);
        if (r < 0)
                return r;
        db_column_guid(a->in_place, 0, ret);
        return 0;
}

static int medium_name_from_sequence(Db *db, const char *medium) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare(db, "UPDATE objects SET name = (SELECT szSequenceNumber FROM physical_media WHERE guid = ?1) "
                           "WHERE guid = ?1", &s);
        if (r < 0)
                return r;
        r = db_bind_text(db, s, 1, medium);
        if (r < 0)
                return r;
        return db_step_done(db, s);
}

/* A cartridge seen for the first time: recognised it goes to the Import pool
 * of its type, otherwise (blank media too) to the Unrecognized pool, as the
 * media pools documentation says. What was read from the medium decides; a
 * barcode alone, when nothing was read, counts as recognised. */
static int type_choice_fill(Apply *a, const char *name, TypeChoice *ret) {
        char guid[DB_GUID_MAX];
        int r;

        r = db_media_type_find(a->db, name, guid);
        if (r == -ENOENT)
                r = db_media_type_find(a->db, "Unknown", guid);
        if (r < 0)
                return r;
        r = db_media_type_get(a->db, guid, &ret->type);
        if (r < 0)
                return r;
        ret->name = name;
        return 0;
}

/* The media type called name, from the cache or, the first time, from the
 * database (the last entry of a full cache is reused). */
static int type_choice(Apply *a, const char *name, TypeChoice **ret) {
        TypeChoice *t = a->types + TYPE_CHOICES_MAX - 1;
        int r;

        for (size_t i = 0; i < TYPE_CHOICES_MAX; i++) {
                if (!a->types[i].name) {
                        t = a->types + i;
                        break;
                }
                if (streq(a->types[i].name, name)) {
                        *ret = a->types + i;
                        return 0;
                }
        }

        *t = (TypeChoice) {};
        r = type_choice_fill(a, name, t);
        if (r < 0)
                return r;
        *ret = t;
        return 0;
}

static int type_choice_pool(Apply *a, TypeChoice *t, bool recognised, const char **ret) {
        char *pool = t->pool[recognised];
        int r;

        if (!pool[0]) {
                r = db_pool_find_system(a->db, recognised ? NTMS_POOLTYPE_IMPORT : NTMS_POOLTYPE_FOREIGN,
                                        t->type.guid, pool);
                if (r < 0)
                        return log_error_errno(r, "No %s pool for media type %s: %m",
                                               recognised ? "Import" : "Unrecognized", t->name);
        }
        *ret = pool;
        return 0;
}

/* A known medium whose label was read (IdentifyNtmsSlot, an on-media
 * inventory): its first side records what was read, and a medium that
 * waits in Import or Unrecognized moves to the one the label calls for.
 * Media of the Free and application pools keep their pool and state. */
static int medium_relabel(Apply *a, const char *medium, const DbInventoryItem *it) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        bool recognised = it->omid_type;
        uint32_t state = recognised ? NTMS_PARTSTATE_IMPORT : NTMS_PARTSTATE_FOREIGN;
        char pool[DB_GUID_MAX];
        DbMedium m;
        DbPool p;
        int r;

        r = db_medium_get(a->db, medium, &m);
        if (r < 0)
                return r;
        r = db_pool_get(a->db, m.pool, &p);
        if (r < 0)
                return r;
        if (p.pool_type != NTMS_POOLTYPE_IMPORT && p.pool_type != NTMS_POOLTYPE_FOREIGN)
                return 0;

        r = db_prepare(a->db,
                       "UPDATE partition SET szOmidLabelType = ?2, OmidLabelId = ?3, szOmidLabelInfo = ?4, State = ?5 "
                       "WHERE PhysicalMedia = ?1 AND Side = 0", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(a->db, s, 1, medium)) < 0 ||
            (r = db_bind_text(a->db, s, 2, it->omid_type ?: "")) < 0 ||
            (r = db_bind_blob(a->db, s, 3, it->omid_type ? it->omid : "", it->omid_type ? it->omid_size : 0)) < 0 ||
            (r = db_bind_text(a->db, s, 4, it->omid_type && it->omid_info ? it->omid_info : "")) < 0 ||
            (r = db_bind_int64(a->db, s, 5, state)) < 0)
                return r;
        r = db_step_done(a->db, s);
        if (r < 0)
                return r;

        r = db_pool_find_system(a->db, recognised ? NTMS_POOLTYPE_IMPORT : NTMS_POOLTYPE_FOREIGN, m.media_type, pool);
        if (r < 0)
                return r;
        if (streq(pool, m.pool))
                return 0;
        return db_medium_set_pool(a->db, medium, pool);
}

/* A cartridge seen for the first time: recognised it goes to the Import pool
 * of its type, otherwise (blank media too) to the Unrecognized pool, as the
 * media pools documentation says. What was read from the medium decides; a
 * barcode alone, when nothing was read, counts as recognised. */
static int medium_create(Apply *a, const DbInventoryItem *it, char ret[static DB_GUID_MAX]) {
        const char *name, *pool = NULL;
        char side[DB_GUID_MAX];
        char label_name[8] = "";
        bool recognised;
        TypeChoice *t;
        int r;

        r = type_choice(a, db_media_type_from_barcode(it->barcode) ?: a->inv->default_media_type ?: "Unknown", &t);
        if (r < 0)
                return r;

        recognised = it->identified ? !!it->omid_type : !isempty(it->barcode);
        r = type_choice_pool(a, t, recognised, &pool);
        if (r < 0)
                return r;

        /* Media names: the barcode, else the label of a one-sided medium, else
         * the sequence number (set below, once the medium has one). */
        if (!isempty(it->barcode))
                name = it->barcode;
        else if (it->identified && it->omid_type && t->type.sides == 1 && it->omid_size > 0) {
                snprintf(label_name, sizeof label_name, "%.*s",
                         (int) (it->omid_size < sizeof label_name - 1 ? it->omid_size : sizeof label_name - 1),
                         (const char *) it->omid);
                name = label_name;
        } else
                name = NULL;

        r = db_medium_insert(a->db, &(DbNewMedium) {
                                     .name = name ?: "",
                                     .description = "",
                                     .enabled = true,
                                     .pool = pool,
                                     .media_type = t->type.guid,
                                     .library = a->library,
                                     .barcode = it->barcode ?: "",
                                     .barcode_state = isempty(it->barcode) ? 0 : NTMS_BARCODESTATE_OK,
                             }, ret);
        if (r < 0)
                return r;
        if (!name) {
                r = medium_name_from_sequence(a->db, ret);
                if (r < 0)
                        return r;
        }

        for (uint32_t i = 0; i < t->type.sides; i++) {
                bool labelled = i == 0 && it->identified && it->omid_type;

                r = db_side_insert(a->db, ret, (uint16_t) i, &(DbNewSide) {
                                           .name = name ?: "",
                                           .description = "",
                                           .enabled = true,
                                           .state = recognised ? NTMS_PARTSTATE_IMPORT : NTMS_PARTSTATE_FOREIGN,
                                           .omid = labelled ? it->omid : NULL,
                                           .omid_size = labelled ? it->omid_size : 0,
                                           .omid_type = labelled ? it->omid_type : "",
                                           .omid_info = labelled ? it->omid_info : "",
                                   }, side);
                if (r < 0)
                        return r;
        }

        if (!t->held) {
                r = db_library_add_media_type(a->db, a->library, t->type.guid);
                if (r < 0)
                        return r;
                t->held = true;
        }

        a->stats.media_new++;
        return 0;
}

static int medium_locate(Apply *a, const char *medium, const DbInventoryItem *it, const char *location) {
        static const uint32_t location_types[] = {
                [DB_ELEMENT_SLOT] = NTMS_STORAGESLOT,
                [DB_ELEMENT_DRIVE] = NTMS_DRIVE,
                [DB_ELEMENT_PORT] = NTMS_IEPORT,
        };
        const char *home = it->kind == DB_ELEMENT_SLOT ? location :
                           it->home_known ? element_guid(a, DB_ELEMENT_SLOT, it->home) : NULL;
        Db *db = a->db;
        int r;

        /* Taken out of the cleaner slot by hand: that is no home for it. */
        if (home && streq(home, a->cleaner_slot))
                home = NULL;

        sqlite3_reset(a->locate);
        if ((r = db_bind_text(db, a->locate, 1, medium)) < 0 ||
            (r = db_bind_guid(db, a->locate, 2, a->library)) < 0 ||
            (r = db_bind_guid(db, a->locate, 3, location)) < 0 ||
            (r = db_bind_int64(db, a->locate, 4, location_types[it->kind])) < 0 ||
            (r = db_bind_guid(db, a->locate, 5, home)) < 0)
                return r;
        r = db_step_done(db, a->locate);
        if (r < 0)
                return r;
        if (sqlite3_changes(db->sqlite) > 0) {
                r = db_object_touch(db, medium);
                if (r < 0)
                        return r;
        }

        sqlite3_reset(a->seen);
        r = db_bind_text(db, a->seen, 1, medium);
        if (r < 0)
                return r;
        return db_step_done(db, a->seen);
}

static int apply_item(Apply *a, const DbInventoryItem *it) {
        DbElementRef e;
        char medium[DB_GUID_MAX];
        const char *location;
        int r;

        r = item_element(a, it, &e);
        if (r < 0)
                return r;
        location = e.guid;

        r = element_set_state(a, it, &e);
        if (r < 0)
                return r;

        /* What sits in the cleaner slot is the cleaner, no medium. */
        if (it->kind == DB_ELEMENT_SLOT && streq(location, a->cleaner_slot)) {
                a->cleaner_found = it->full;
                return 0;
        }
        if (!it->full)
                return 0;

        r = medium_find(a, it, location, medium);
        if (r == -ENOENT)
                r = medium_create(a, it, medium);
        else if (r >= 0) {
                a->stats.media_known++;
                if (it->identified)
                        r = medium_relabel(a, medium, it);
        }
        if (r < 0)
                return r;

        return medium_locate(a, medium, it, location);
}

static int apply_offline(Apply *a) {
        _cleanup_(strv_freep) char **gone = NULL;
        int r;

        r = db_collect_guids(a->db,
                             "SELECT guid FROM physical_media WHERE CurrentLibrary = ?1 "
                             "AND guid NOT IN (SELECT guid FROM temp.inventory_seen)",
                             a->library, &gone);
        if (r < 0)
                return r;

        for (char **m = gone; m && *m; m++) {
                r = db_medium_set_offline(a->db, *m);
                if (r < 0)
                        return r;
                /* Taken out of a drive by hand, it was dismountable (or even
                 * mounted) there: on the shelf it is idle. */
                r = run_state(a->db, a->media_state, *m, NTMS_MEDIASTATE_IDLE);
                if (r < 0)
                        return r;
                a->stats.media_offline++;
        }
        return 0;
}

int db_inventory_apply(Db *db, const char *library, const DbInventory *inv, DbInventoryStats *ret_stats) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        _cleanup_(apply_done) Apply a = {
                .db = db,
                .library = library,
                .inv = inv,
        };
        int r;

        assert(db);
        assert(library);
        assert(inv);

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;

        r = apply_prepare(&a);
        if (r < 0)
                return r;

        for (size_t i = 0; i < inv->n_items; i++) {
                r = apply_item(&a, inv->items + i);
                if (r < 0)
                        return r;
        }

        r = apply_offline(&a);
        if (r < 0)
                return r;

        /* The cleaner is there as long as its slot is full; a library whose
         * cleaner slot is gone has none. */
        if (a.cleaner_found >= 0 || !a.cleaner_slot[0]) {
                r = db_cleaner_record_found(db, library, a.cleaner_found > 0);
                if (r < 0)
                        return r;
        }

        r = db_library_set_barcode_reader(db, library, inv->barcode_reader);
        if (r < 0)
                return r;
        r = db_object_touch(db, library);
        if (r < 0)
                return r;

        r = db_commit(TAKE_PTR(tx));
        if (r < 0)
                return r;

        if (ret_stats)
                *ret_stats = a.stats;
        return 0;
}
