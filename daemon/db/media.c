/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

#include "db-private.h"
#include "media.h"
#include "ntmsapi.h"

int db_medium_get(Db *db, const char *guid, DbMedium *ret) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare_cached(db,
                              "SELECT guid, MediaPool, MediaType, CurrentLibrary, MediaState "
                              "FROM physical_media WHERE guid = ?1", &s);
        if (r < 0)
                return r;
        r = db_bind_guid(db, s, 1, guid);
        if (r < 0)
                return r;
        r = db_step_row(db, s);
        if (r < 0)
                return r;

        db_column_guid(s, 0, ret->guid);
        db_column_guid(s, 1, ret->pool);
        db_column_guid(s, 2, ret->media_type);
        db_column_guid(s, 3, ret->library);
        ret->media_state = (uint32_t) sqlite3_column_int64(s, 4);
        return 0;
}

/* Sequence numbers count up over the life of the database and are never
 * reused, not even the number of the newest medium after it was deleted, so
 * max() + 1 over the media cannot tell the next one. The counter is a row of
 * the attributes table on the computer object, under a name longer than
 * NTMS_MAXATTR_NAMELEN allows: Get/SetNtmsObjectAttribute refuse such names,
 * so no caller can see or change it. (A table of counters of its own would be
 * the cleaner home; that takes a schema step.) */
#define SEQUENCE_COUNTER "rsmd.physical-media.last-sequence-number"
_Static_assert(sizeof(SEQUENCE_COUNTER) > NTMS_MAXATTR_NAMELEN, "callers must not reach the counter");

#define SEQUENCE_COMPUTER "(SELECT guid FROM computer ORDER BY rowid LIMIT 1)"

static int db_medium_sequence_step(Db *db, const char *sql, uint64_t *ret) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int64_t v;
        int r;

        r = db_prepare_cached(db, sql, &s);
        if (r < 0)
                return r;
        r = db_bind_text(db, s, 1, SEQUENCE_COUNTER);
        if (r < 0)
                return r;
        r = db_step_row(db, s);
        if (r < 0)
                return r;
        v = sqlite3_column_int64(s, 0);
        if (v <= 0)
                return -EIO;    /* not a counter we wrote */
        *ret = (uint64_t) v;
        /* RETURNING hands out its row before the statement is done: finish it. */
        return db_step_done(db, s);
}

static int db_medium_next_sequence(Db *db, char ret[static 32]) {
        uint64_t n;
        int r;

        /* Inside the caller's transaction, so a failed creation gives its
         * number back along with everything else. */
        r = db_medium_sequence_step(db,
                                    "UPDATE attributes SET value = value + 1 "
                                    "WHERE object = " SEQUENCE_COMPUTER " AND name = ?1 RETURNING value",
                                    &n);
        if (r == -ENOENT)
                /* The first medium of this database, or the first since an rsmd
                 * that kept no counter: carry on after the highest number in use,
                 * once (the expression index of schema v2 makes this cheap). */
                r = db_medium_sequence_step(db,
                                            "INSERT INTO attributes (object, name, value) "
                                            "SELECT " SEQUENCE_COMPUTER ", ?1, "
                                            "  coalesce(max(CAST(szSequenceNumber AS INTEGER)), 0) + 1 "
                                            "FROM physical_media RETURNING value",
                                            &n);
        if (r < 0)
                return r;

        snprintf(ret, 32, "%" PRIu64, n);
        return 0;
}

int db_medium_insert(Db *db, const DbNewMedium *m, char ret_guid[static DB_GUID_MAX]) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        char guid[DB_GUID_MAX], sequence[32];
        int r;

        r = db_medium_next_sequence(db, sequence);
        if (r < 0)
                return r;

        r = db_object_insert(db, NTMS_PHYSICAL_MEDIA, m->guid, m->name, m->description, m->enabled, guid);
        if (r < 0)
                return r;

        r = db_prepare_cached(db,
                              "INSERT INTO physical_media (guid, CurrentLibrary, MediaPool, LocationType, "
                              "  MediaType, szBarCode, BarCodeState, szSequenceNumber, MediaState, "
                              "  dwMediaTypeCode, dwDensityCode) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_text(db, s, 1, guid)) < 0 ||
            (r = db_bind_guid(db, s, 2, m->library)) < 0 ||
            (r = db_bind_guid(db, s, 3, m->pool)) < 0 ||
            (r = db_bind_int64(db, s, 4, NTMS_STORAGESLOT)) < 0 ||
            (r = db_bind_guid(db, s, 5, m->media_type)) < 0 ||
            (r = db_bind_text(db, s, 6, m->barcode)) < 0 ||
            (r = db_bind_int64(db, s, 7, m->barcode_state)) < 0 ||
            (r = db_bind_text(db, s, 8, sequence)) < 0 ||
            (r = db_bind_int64(db, s, 9, NTMS_MEDIASTATE_IDLE)) < 0 ||
            (r = db_bind_int64(db, s, 10, m->media_type_code)) < 0 ||
            (r = db_bind_int64(db, s, 11, m->density_code)) < 0)
                return r;
        r = db_step_done(db, s);
        if (r < 0)
                return r;

        memcpy(ret_guid, guid, DB_GUID_MAX);
        return 0;
}

int db_side_insert(Db *db, const char *medium, uint16_t side, const DbNewSide *p,
                   char ret_guid[static DB_GUID_MAX]) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        char guid[DB_GUID_MAX];
        int r;

        r = db_object_insert(db, NTMS_PARTITION, p->guid, p->name, p->description, p->enabled, guid);
        if (r < 0)
                return r;

        r = db_prepare_cached(db,
                              "INSERT INTO partition (guid, PhysicalMedia, State, Side, OmidLabelId, szOmidLabelType, "
                              "  szOmidLabelInfo, dwMountCount, dwAllocateCount, Capacity) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_text(db, s, 1, guid)) < 0 ||
            (r = db_bind_guid(db, s, 2, medium)) < 0 ||
            (r = db_bind_int64(db, s, 3, p->state)) < 0 ||
            (r = db_bind_int64(db, s, 4, side)) < 0 ||
            (r = db_bind_blob(db, s, 5, p->omid, p->omid_size)) < 0 ||
            (r = db_bind_text(db, s, 6, p->omid_type)) < 0 ||
            (r = db_bind_text(db, s, 7, p->omid_info)) < 0 ||
            (r = db_bind_int64(db, s, 8, p->mount_count)) < 0 ||
            (r = db_bind_int64(db, s, 9, p->allocate_count)) < 0 ||
            (r = db_bind_int64(db, s, 10, p->capacity)) < 0)
                return r;
        r = db_step_done(db, s);
        if (r < 0)
                return r;

        memcpy(ret_guid, guid, DB_GUID_MAX);
        return 0;
}

static int db_medium_run(Db *db, const char *sql, const char *guid, const char *text, int64_t value) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare_cached(db, sql, &s);
        if (r < 0)
                return r;
        r = db_bind_guid(db, s, 1, guid);
        if (r < 0)
                return r;
        r = text ? db_bind_guid(db, s, 2, text) : db_bind_int64(db, s, 2, value);
        if (r < 0)
                return r;
        return db_step_done(db, s);
}

int db_medium_delete(Db *db, const char *guid) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int r;

        /* The sides' own rows in objects go first; the cascade from
         * physical_media only reaches the partition table. */
        r = db_prepare_cached(db,
                              "DELETE FROM objects WHERE guid IN "
                              "(SELECT guid FROM partition WHERE PhysicalMedia = ?1)", &s);
        if (r < 0)
                return r;
        r = db_bind_guid(db, s, 1, guid);
        if (r < 0)
                return r;
        r = db_step_done(db, s);
        if (r < 0)
                return r;
        return db_object_delete(db, guid);
}

int db_medium_find_barcode(Db *db, const char *barcode, char ret_guid[static DB_GUID_MAX]) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare_cached(db, "SELECT guid FROM physical_media WHERE szBarCode = ?1 AND szBarCode != ''", &s);
        if (r < 0)
                return r;
        r = db_bind_text(db, s, 1, barcode);
        if (r < 0)
                return r;
        r = db_step_row(db, s);
        if (r < 0)
                return r;
        db_column_guid(s, 0, ret_guid);
        return 0;
}

int db_side_find_omid(Db *db, const char *label_type, const void *id, size_t size,
                      char ret_guid[static DB_GUID_MAX]) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare_cached(db,
                              "SELECT guid FROM partition WHERE szOmidLabelType = ?1 AND OmidLabelId = ?2 "
                              "AND length(OmidLabelId) > 0", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_text(db, s, 1, label_type)) < 0 ||
            (r = db_bind_blob(db, s, 2, id, size)) < 0)
                return r;
        r = db_step_row(db, s);
        if (r < 0)
                return r;
        db_column_guid(s, 0, ret_guid);
        return 0;
}

int db_medium_side_states(Db *db, const char *guid, uint32_t **ret, size_t *ret_n) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        _cleanup_free_ uint32_t *states = NULL;
        size_t n = 0;
        int r, rc;

        r = db_prepare_cached(db, "SELECT State FROM partition WHERE PhysicalMedia = ?1 ORDER BY Side", &s);
        if (r < 0)
                return r;
        r = db_bind_guid(db, s, 1, guid);
        if (r < 0)
                return r;

        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
                uint32_t *bigger = reallocarray(states, n + 1, sizeof(uint32_t));

                if (!bigger)
                        return -ENOMEM;
                states = bigger;
                states[n++] = (uint32_t) sqlite3_column_int64(s, 0);
        }
        if (rc != SQLITE_DONE)
                return db_errno(db, rc);

        *ret = TAKE_PTR(states);
        *ret_n = n;
        return 0;
}

/* A logical medium is in the pool its side's medium is in: MediaPool of
 * logical_media repeats what the side already says, so it changes with it. */
static int db_medium_move_logical_media(Db *db, const char *guid, const char *pool) {
        int r;

        r = db_medium_run(db,
                          "UPDATE objects SET modified = ?2 WHERE guid IN "
                          "(SELECT LogicalMedia FROM partition "
                          " WHERE PhysicalMedia = ?1 AND LogicalMedia IS NOT NULL)",
                          guid, NULL, (int64_t) db_now_usec());
        if (r < 0)
                return r;
        return db_medium_run(db,
                             "UPDATE logical_media SET MediaPool = ?2 WHERE guid IN "
                             "(SELECT LogicalMedia FROM partition "
                             " WHERE PhysicalMedia = ?1 AND LogicalMedia IS NOT NULL)",
                             guid, pool, 0);
}

int db_medium_set_pool(Db *db, const char *guid, const char *pool) {
        int r;

        r = db_medium_run(db, "UPDATE physical_media SET MediaPool = ?2 WHERE guid = ?1", guid, pool, 0);
        if (r < 0)
                return r;
        r = db_medium_move_logical_media(db, guid, pool);
        if (r < 0)
                return r;
        return db_object_touch(db, guid);
}

int db_medium_set_media_type(Db *db, const char *guid, const char *media_type) {
        int r;

        r = db_medium_run(db, "UPDATE physical_media SET MediaType = ?2 WHERE guid = ?1", guid, media_type, 0);
        if (r < 0)
                return r;
        return db_object_touch(db, guid);
}

#define SIDE_COLUMNS "s.guid, s.PhysicalMedia, s.LogicalMedia, s.State, s.Side, s.dwAllocateCount, o.enabled"
#define SIDE_FROM "FROM partition AS s JOIN objects AS o ON o.guid = s.guid "

static void db_side_from_row(sqlite3_stmt *s, DbSide *ret) {
        db_column_guid(s, 0, ret->guid);
        db_column_guid(s, 1, ret->medium);
        db_column_guid(s, 2, ret->logical_media);
        ret->state = (uint32_t) sqlite3_column_int64(s, 3);
        ret->side = (uint32_t) sqlite3_column_int64(s, 4);
        ret->allocate_count = (uint32_t) sqlite3_column_int64(s, 5);
        ret->enabled = sqlite3_column_int(s, 6) != 0;
}

static int db_side_select(Db *db, const char *sql, const char *guid, DbSide *ret) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare_cached(db, sql, &s);
        if (r < 0)
                return r;
        r = db_bind_guid(db, s, 1, guid);
        if (r < 0)
                return r;
        r = db_step_row(db, s);
        if (r < 0)
                return r;
        db_side_from_row(s, ret);
        return 0;
}

int db_side_get(Db *db, const char *guid, DbSide *ret) {
        return db_side_select(db, "SELECT " SIDE_COLUMNS " " SIDE_FROM "WHERE s.guid = ?1", guid, ret);
}

int db_side_of_logical_medium(Db *db, const char *logical_medium, DbSide *ret) {
        /* One side per logical medium; the order only makes a damaged
         * database give the same answer every time. */
        return db_side_select(db,
                              "SELECT " SIDE_COLUMNS " " SIDE_FROM
                              "WHERE s.LogicalMedia = ?1 ORDER BY s.PhysicalMedia, s.Side LIMIT 1",
                              logical_medium, ret);
}

int db_medium_sides(Db *db, const char *medium, DbSide **ret, size_t *ret_n) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        _cleanup_free_ DbSide *sides = NULL;
        size_t n = 0;
        int r, rc;

        r = db_prepare_cached(db,
                              "SELECT " SIDE_COLUMNS " " SIDE_FROM "WHERE s.PhysicalMedia = ?1 ORDER BY s.Side", &s);
        if (r < 0)
                return r;
        r = db_bind_guid(db, s, 1, medium);
        if (r < 0)
                return r;

        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
                DbSide *bigger = reallocarray(sides, n + 1, sizeof(DbSide));

                if (!bigger)
                        return -ENOMEM;
                sides = bigger;
                db_side_from_row(s, &sides[n++]);
        }
        if (rc != SQLITE_DONE)
                return db_errno(db, rc);

        *ret = TAKE_PTR(sides);
        *ret_n = n;
        return 0;
}

int db_side_find_available(Db *db, const DbSideSearch *q, DbSide *ret, char ret_pool[static DB_GUID_MAX]) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int r;

        /* A medium with a Reserved side belongs to the logical medium that
         * reserved it (NTMS_ALLOCATE_NEW); whole_medium also passes over media
         * with any side in use. The tier in the first ORDER BY term is
         * 0 online in the pool, 1 online in Free, 2 offline in the pool,
         * 3 offline in Free. */
        r = db_prepare_cached(db,
                              "SELECT " SIDE_COLUMNS ", m.MediaPool " SIDE_FROM
                              "JOIN physical_media AS m ON m.guid = s.PhysicalMedia "
                              "JOIN objects AS mo ON mo.guid = m.guid "
                              "WHERE s.State = ?7 AND o.enabled AND mo.enabled "
                              "  AND (m.MediaPool = ?1 OR m.MediaPool = ?2) AND m.MediaType = ?3 "
                              "  AND (?4 = 0 OR s.dwAllocateCount < ?4) "
                              "  AND NOT EXISTS (SELECT 1 FROM partition AS x WHERE x.PhysicalMedia = m.guid "
                              "                  AND (x.State = ?8 OR (?5 AND x.State IN (?9, ?10)))) "
                              "ORDER BY 2 * (m.CurrentLibrary IS NULL OR m.CurrentLibrary IS ?6) "
                              "  + (m.MediaPool IS NOT ?1), "
                              "  s.dwAllocateCount, o.modified, o.rowid, s.Side "
                              "LIMIT 1", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, q->pool)) < 0 ||
            (r = db_bind_guid(db, s, 2, q->free_pool)) < 0 ||
            (r = db_bind_guid(db, s, 3, q->media_type)) < 0 ||
            (r = db_bind_int64(db, s, 4, q->max_allocates)) < 0 ||
            (r = db_bind_int64(db, s, 5, q->whole_medium)) < 0 ||
            (r = db_bind_guid(db, s, 6, q->offline_library)) < 0 ||
            (r = db_bind_int64(db, s, 7, NTMS_PARTSTATE_AVAILABLE)) < 0 ||
            (r = db_bind_int64(db, s, 8, NTMS_PARTSTATE_RESERVED)) < 0 ||
            (r = db_bind_int64(db, s, 9, NTMS_PARTSTATE_ALLOCATED)) < 0 ||
            (r = db_bind_int64(db, s, 10, NTMS_PARTSTATE_COMPLETE)) < 0)
                return r;

        r = db_step_row(db, s);
        if (r < 0)
                return r;
        db_side_from_row(s, ret);
        db_column_guid(s, 7, ret_pool);
        return 0;
}

int db_side_allocate(Db *db, const char *guid, const char *logical_medium) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare_cached(db,
                              "UPDATE partition SET State = ?3, LogicalMedia = ?2, "
                              "  dwAllocateCount = dwAllocateCount + 1 "
                              "WHERE guid = ?1", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, guid)) < 0 ||
            (r = db_bind_guid(db, s, 2, logical_medium)) < 0 ||
            (r = db_bind_int64(db, s, 3, NTMS_PARTSTATE_ALLOCATED)) < 0)
                return r;
        r = db_step_done(db, s);
        if (r < 0)
                return r;
        /* Modified is when the side last changed hands: the allocation order reads it. */
        return db_object_touch(db, guid);
}

int db_side_release(Db *db, const char *guid, uint32_t state) {
        int r;

        r = db_medium_run(db, "UPDATE partition SET State = ?2, LogicalMedia = NULL WHERE guid = ?1", guid, NULL, state);
        if (r < 0)
                return r;
        return db_object_touch(db, guid);
}

int db_side_set_state(Db *db, const char *guid, uint32_t state) {
        int r;

        r = db_medium_run(db, "UPDATE partition SET State = ?2 WHERE guid = ?1", guid, NULL, state);
        if (r < 0)
                return r;
        return db_object_touch(db, guid);
}

int db_side_set_logical_medium(Db *db, const char *guid, const char *logical_medium) {
        int r;

        r = db_medium_run(db, "UPDATE partition SET LogicalMedia = ?2 WHERE guid = ?1", guid, logical_medium, 0);
        if (r < 0)
                return r;
        return db_object_touch(db, guid);
}

int db_medium_change_side_states(Db *db, const char *medium, uint32_t from, uint32_t to) {
        _cleanup_(db_releasep) sqlite3_stmt *touch = NULL, *s = NULL;
        int r;

        r = db_prepare_cached(db,
                              "UPDATE objects SET modified = ?3 WHERE guid IN "
                              "(SELECT guid FROM partition WHERE PhysicalMedia = ?1 AND State = ?2)", &touch);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, touch, 1, medium)) < 0 ||
            (r = db_bind_int64(db, touch, 2, from)) < 0 ||
            (r = db_bind_int64(db, touch, 3, (int64_t) db_now_usec())) < 0)
                return r;
        r = db_step_done(db, touch);
        if (r < 0)
                return r;

        r = db_prepare_cached(db, "UPDATE partition SET State = ?3 WHERE PhysicalMedia = ?1 AND State = ?2", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, medium)) < 0 ||
            (r = db_bind_int64(db, s, 2, from)) < 0 ||
            (r = db_bind_int64(db, s, 3, to)) < 0)
                return r;
        r = db_step_done(db, s);
        if (r < 0)
                return r;
        return sqlite3_changes(db->sqlite);
}
