/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "db/library.h"
#include "db/media-type.h"
#include "db/object.h"
#include "db/pool.h"
#include "log.h"
#include "media/medium.h"
#include "media/pools.h"
#include "media/side-states.h"
#include "ntmsapi.h"

static bool side_state_valid(uint32_t state) {
        return state <= NTMS_PARTSTATE_RESERVED;
}


/* The pool a medium may be created in: an Import or application pool that
 * holds media (has a media type). */
static int media_pool_for_new_media(Db *db, const char *guid, DbPool *ret) {
        int r;

        if (isempty(guid))
                return -ENXIO;
        r = db_pool_get(db, guid, ret);
        if (r == -ENOENT)
                return -ENXIO;
        if (r < 0)
                return r;
        if (ret->pool_type != NTMS_POOLTYPE_IMPORT && ret->pool_type != NTMS_POOLTYPE_APPLICATION)
                return -ENXIO;
        if (isempty(ret->media_type))
                return -ENXIO;
        return 0;
}

static void strip_trailing_spaces(char *s) {
        size_t l = strlen(s);

        while (l > 0 && s[l - 1] == ' ')
                s[--l] = 0;
}

static int media_check_omids(Db *db, const MediaNewMedium *m) {
        char found[DB_GUID_MAX];
        int r;

        if (!m->error_on_duplicate)
                return 0;

        for (size_t i = 0; i < m->n_sides; i++) {
                if (m->sides[i].omid_size == 0)
                        continue;
                r = db_side_find_omid(db, m->sides[i].omid_type, m->sides[i].omid, m->sides[i].omid_size, found);
                if (r >= 0)
                        return -ENOTUNIQ;
                if (r != -ENOENT)
                        return r;
        }
        return 0;
}

/* RSM's default name: the bar code, else the first side's label info, else
 * the sequence number it was given. */
static int media_default_name(Db *db, const MediaNewMedium *m, const char *guid) {
        _cleanup_free_ char *sequence = NULL;
        DbField f = { .name = "szName" };
        _cleanup_(db_row_freep) DbRow *row = NULL;
        const char *name = NULL;
        int r;

        if (!isempty(m->medium.name))
                return 0;

        if (!isempty(m->medium.barcode))
                name = m->medium.barcode;
        else if (m->n_sides > 0 && !isempty(m->sides[0].omid_info))
                name = m->sides[0].omid_info;
        else {
                r = db_object_read_info(db, NTMS_PHYSICAL_MEDIA, guid, &row);
                if (r < 0)
                        return r;
                for (size_t i = 0; i < row->n; i++)
                        if (streq(row->fields[i].name, "szSequenceNumber"))
                                name = row->fields[i].value.data;
        }
        if (isempty(name))
                return 0;

        f.value = (DbValue) { .type = DB_VALUE_TEXT, .data = (void *) name, .size = strlen(name) };
        return db_object_set_fields(db, NTMS_PHYSICAL_MEDIA, guid, &f, 1);
}

int media_medium_create(Db *db, MediaNewMedium *m, char ret_guid[static DB_GUID_MAX], char ***ret_sides) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        _cleanup_(strv_freep) char **sides = NULL;
        _cleanup_free_ char *barcode = NULL;
        char offline[DB_GUID_MAX], guid[DB_GUID_MAX], found[DB_GUID_MAX];
        DbMediaType type;
        DbPool pool;
        int r;

        barcode = strdup(m->medium.barcode ?: "");
        if (!barcode)
                return -ENOMEM;
        strip_trailing_spaces(barcode);
        m->medium.barcode = barcode;
        m->medium.barcode_state = isempty(barcode) ? NTMS_BARCODESTATE_UNREADABLE : NTMS_BARCODESTATE_OK;

        for (size_t i = 0; i < m->n_sides; i++)
                if (!side_state_valid(m->sides[i].state))
                        return -EINVAL;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;

        r = media_pool_for_new_media(db, m->medium.pool, &pool);
        if (r < 0)
                return r;
        r = db_media_type_get(db, pool.media_type, &type);
        if (r < 0)
                return r;
        if (m->n_sides != type.sides)
                return -EMEDIUMTYPE;
        m->medium.media_type = pool.media_type;

        /* New media are recorded in the offline library until a library sees them. */
        r = db_library_offline(db, offline);
        if (r < 0)
                return r;
        if (!isempty(m->medium.library) && !streq(m->medium.library, offline))
                return -EINVAL;
        m->medium.library = offline;

        if (!isempty(barcode)) {
                r = db_medium_find_barcode(db, barcode, found);
                if (r >= 0)
                        return -EEXIST;
                if (r != -ENOENT)
                        return r;
        }

        r = media_check_omids(db, m);
        if (r < 0)
                return r;

        r = db_medium_insert(db, &m->medium, guid);
        if (r < 0)
                return r;
        r = media_default_name(db, m, guid);
        if (r < 0)
                return r;

        sides = calloc(m->n_sides + 1, sizeof(char *));
        if (!sides)
                return -ENOMEM;
        for (size_t i = 0; i < m->n_sides; i++) {
                char side[DB_GUID_MAX];

                r = db_side_insert(db, guid, (uint16_t) i, &m->sides[i], side);
                if (r < 0)
                        return r;
                sides[i] = strdup(side);
                if (!sides[i])
                        return -ENOMEM;
        }

        r = db_commit(TAKE_PTR(tx));
        if (r < 0)
                return r;

        log_object_info(guid, "Medium created in pool %s with %zu side(s)", pool.guid, m->n_sides);
        memcpy(ret_guid, guid, DB_GUID_MAX);
        *ret_sides = TAKE_PTR(sides);
        return 0;
}

static int media_sides_any(Db *db, const char *medium, bool (*test)(uint32_t), bool expect, bool *ret) {
        _cleanup_free_ uint32_t *states = NULL;
        size_t n;
        int r;

        r = db_medium_side_states(db, medium, &states, &n);
        if (r < 0)
                return r;

        *ret = false;
        for (size_t i = 0; i < n; i++)
                if (test(states[i]) == expect)
                        *ret = true;
        return 0;
}

static bool side_state_is_import(uint32_t state) {
        return state == NTMS_PARTSTATE_IMPORT;
}

int media_medium_delete(Db *db, const char *guid) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        char offline[DB_GUID_MAX];
        DbMedium medium;
        bool in_use;
        int r;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;

        r = db_medium_get(db, guid, &medium);
        if (r < 0)
                return r;

        r = db_library_offline(db, offline);
        if (r < 0)
                return r;
        if (!isempty(medium.library) && !streq(medium.library, offline))
                return -EBUSY;

        r = media_sides_any(db, guid, side_state_in_use, true, &in_use);
        if (r < 0)
                return r;
        if (in_use)
                return -EBUSY;

        r = db_medium_delete(db, guid);
        if (r < 0)
                return r;

        r = db_commit(TAKE_PTR(tx));
        if (r < 0)
                return r;

        log_object_info(guid, "Medium deleted");
        return 0;
}

/* The pool rules of MoveToNtmsMediaPool, shared with ChangeNtmsMediaType. */
static int media_check_move(Db *db, const DbMedium *medium, const DbPool *to, bool check_type) {
        DbPool from;
        bool any;
        int r;

        if (medium_state_busy(medium->media_state))
                return -EBUSY;

        r = db_pool_get(db, medium->pool, &from);
        if (r < 0)
                return r;

        if (check_type && !streq(medium->media_type, to->media_type))
                return -EMEDIUMTYPE;

        /* Media of unknown content leave Import and Unrecognized only for Free. */
        if ((from.pool_type == NTMS_POOLTYPE_IMPORT || from.pool_type == NTMS_POOLTYPE_FOREIGN) &&
            to->pool_type != NTMS_POOLTYPE_SCRATCH && !streq(from.guid, to->guid))
                return -EPERM;

        /* Free holds media with nothing on them worth keeping, Unrecognized
         * media that nobody has claimed: neither may take a side that an
         * application holds (Allocated, Completed or Reserved), or its logical
         * medium would point into a system pool. The page names this rule for
         * Free; for Unrecognized its ERROR_BUSY ("a side is in use") is the
         * answer that fits, and the same as for Free. */
        if (to->pool_type == NTMS_POOLTYPE_SCRATCH || to->pool_type == NTMS_POOLTYPE_FOREIGN) {
                r = media_sides_any(db, medium->guid, side_state_in_use, true, &any);
                if (r < 0)
                        return r;
                if (any)
                        return -EBUSY;
        }

        if (to->pool_type == NTMS_POOLTYPE_IMPORT) {
                r = media_sides_any(db, medium->guid, side_state_is_import, false, &any);
                if (r < 0)
                        return r;
                if (any)
                        return -EPERM;
        }
        return 0;
}

/* A pool that can hold media: any pool but the root with a media type. */
static int media_pool_for_media(Db *db, const char *guid, DbPool *ret) {
        int r;

        r = db_pool_get(db, guid, ret);
        if (r == -ENOENT)
                return -ENXIO;
        if (r < 0)
                return r;
        if (isempty(ret->parent) || isempty(ret->media_type))
                return -ENXIO;
        return 0;
}

/* What a side becomes in Free: media of unknown content (Import,
 * Unrecognized, new) are now there for any application to use. A
 * decommissioned side is never used again (DecommissionNtmsMedia), whatever
 * pool its medium is in, and a side that RSM found incompatible stays so. */
static uint32_t side_state_in_free(uint32_t state) {
        switch (state) {
        case NTMS_PARTSTATE_DECOMMISSIONED:
        case NTMS_PARTSTATE_INCOMPATIBLE:
                return state;
        default:
                assert(!side_state_in_use(state)); /* media_check_move() refused those */
                return NTMS_PARTSTATE_AVAILABLE;
        }
}

static int media_sides_to_free(Db *db, const char *medium) {
        _cleanup_free_ DbSide *sides = NULL;
        size_t n;
        int r;

        r = db_medium_sides(db, medium, &sides, &n);
        if (r < 0)
                return r;

        for (size_t i = 0; i < n; i++) {
                uint32_t state = side_state_in_free(sides[i].state);

                if (state == sides[i].state)
                        continue;
                r = db_side_set_state(db, sides[i].guid, state);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int media_medium_move_internal(Db *db, const char *guid, const char *pool, bool change_type) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        DbMedium medium;
        DbPool to;
        int r;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;

        r = db_medium_get(db, guid, &medium);
        if (r < 0)
                return r;
        r = media_pool_for_media(db, pool, &to);
        if (r < 0)
                return r;

        r = media_check_move(db, &medium, &to, !change_type);
        if (r < 0)
                return r;

        if (change_type && !streq(medium.media_type, to.media_type)) {
                r = db_medium_set_media_type(db, guid, to.media_type);
                if (r < 0)
                        return r;
        }

        if (!streq(medium.pool, to.guid)) {
                /* The medium's logical media come along (db_medium_set_pool()). */
                r = db_medium_set_pool(db, guid, to.guid);
                if (r < 0)
                        return r;

                if (to.pool_type == NTMS_POOLTYPE_SCRATCH) {
                        r = media_sides_to_free(db, guid);
                        if (r < 0)
                                return r;
                }
        }

        r = db_commit(TAKE_PTR(tx));
        if (r < 0)
                return r;

        log_object_info(guid, "Medium moved to pool %s", to.guid);
        return 0;
}

int media_medium_move(Db *db, const char *guid, const char *pool) {
        return media_medium_move_internal(db, guid, pool, false);
}

int media_medium_change_type(Db *db, const char *guid, const char *pool) {
        return media_medium_move_internal(db, guid, pool, true);
}
