/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "db/logical-media.h"
#include "db/media.h"
#include "db/pool.h"
#include "log.h"
#include "media/life-cycle.h"
#include "media/pool-policy.h"
#include "media/side-states.h"
#include "ntmsapi.h"

/* A logical medium and the side that carries it. */
static int logical_medium_side(Db *db, const char *lmid, DbLogicalMedium *ret_lm, DbSide *ret_side) {
        int r;

        r = db_logical_medium_get(db, lmid, ret_lm);
        if (r < 0)
                return r;
        return db_side_of_logical_medium(db, lmid, ret_side);
}

static int pool_type_of(Db *db, const char *pool, uint32_t *ret) {
        DbPool p;
        int r;

        r = db_pool_get(db, pool, &p);
        if (r == -ENOENT)
                return -ENXIO;
        if (r < 0)
                return r;
        *ret = p.pool_type;
        return 0;
}

/* After a deallocation: a medium none of whose sides carries a logical
 * medium any more gives up its reservations and, if its pool says so and
 * it can be used again, goes back to Free. */
static int medium_release(Db *db, const DbMedium *medium, const MediaPoolPolicy *policy) {
        _cleanup_free_ DbSide *sides = NULL;
        char free_pool[DB_GUID_MAX];
        bool available = false;
        size_t n;
        int r;

        r = db_medium_sides(db, medium->guid, &sides, &n);
        if (r < 0)
                return r;
        for (size_t i = 0; i < n; i++)
                if (side_state_allocated(sides[i].state))
                        return 0;

        r = db_medium_change_side_states(db, medium->guid, NTMS_PARTSTATE_RESERVED, NTMS_PARTSTATE_AVAILABLE);
        if (r < 0)
                return r;
        for (size_t i = 0; i < n; i++)
                if (sides[i].state == NTMS_PARTSTATE_AVAILABLE || sides[i].state == NTMS_PARTSTATE_RESERVED)
                        available = true;

        /* Free holds media that others can use: a medium all of whose sides
         * are decommissioned stays where the administrator can see it. */
        if (!(policy->deallocation & NTMS_DEALLOCATE_TOSCRATCH) || !available ||
            policy->pool.pool_type != NTMS_POOLTYPE_APPLICATION)
                return 0;

        r = db_pool_find_system(db, NTMS_POOLTYPE_SCRATCH, medium->media_type, free_pool);
        if (r == -ENOENT) {
                log_object_info(medium->guid, "No Free pool for the medium's type; it stays in pool %s",
                                medium->pool);
                return 0;
        }
        if (r < 0)
                return r;
        return db_medium_set_pool(db, medium->guid, free_pool);
}

int media_deallocate(Db *db, const char *lmid) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        MediaPoolPolicy policy;
        DbLogicalMedium lm;
        DbMedium medium;
        uint32_t state;
        DbSide side;
        int r;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;

        r = db_logical_medium_get(db, lmid, &lm);
        if (r < 0)
                return r;
        /* A logical medium whose side is gone (its medium deleted behind our
         * back) or not allocated: the LMID's side is not valid. */
        r = db_side_of_logical_medium(db, lmid, &side);
        if (r == -ENOENT)
                return -ENODATA;
        if (r < 0)
                return r;
        if (!side_state_allocated(side.state))
                return -ENODATA;

        r = db_medium_get(db, side.medium, &medium);
        if (r < 0)
                return r;
        r = media_pool_policy_get(db, medium.pool, &policy);
        if (r < 0)
                return r;

        /* The allocation that reached the limit was the side's last. */
        state = policy.max_allocates > 0 && side.allocate_count >= policy.max_allocates ?
                NTMS_PARTSTATE_DECOMMISSIONED : NTMS_PARTSTATE_AVAILABLE;
        r = db_side_release(db, side.guid, state);
        if (r < 0)
                return r;
        r = db_logical_medium_delete(db, lmid);
        if (r < 0)
                return r;

        r = medium_release(db, &medium, &policy);
        if (r < 0)
                return r;

        r = db_commit(TAKE_PTR(tx));
        if (r < 0)
                return r;

        log_object_info(lmid, "Logical medium deallocated; side %s is %s", side.guid,
                        state == NTMS_PARTSTATE_AVAILABLE ? "available" : "decommissioned");
        return 0;
}

int media_decommission(Db *db, const char *guid) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        DbMedium medium;
        uint32_t pool_type;
        DbSide side;
        int r;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;

        r = db_side_get(db, guid, &side);
        if (r < 0)
                return r;
        r = db_medium_get(db, side.medium, &medium);
        if (r < 0)
                return r;

        /* Import and Unrecognized media hold data nobody has claimed yet:
         * they go to Free (or an application) before anyone retires them. */
        r = pool_type_of(db, medium.pool, &pool_type);
        if (r < 0)
                return r;
        if (pool_type != NTMS_POOLTYPE_SCRATCH && pool_type != NTMS_POOLTYPE_APPLICATION)
                return -ENXIO;

        if (side.state != NTMS_PARTSTATE_AVAILABLE)
                return -EBUSY;

        r = db_side_set_state(db, side.guid, NTMS_PARTSTATE_DECOMMISSIONED);
        if (r < 0)
                return r;

        r = db_commit(TAKE_PTR(tx));
        if (r < 0)
                return r;

        log_object_info(guid, "Side decommissioned");
        return 0;
}

int media_set_complete(Db *db, const char *lmid) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        DbLogicalMedium lm;
        DbMedium medium;
        uint32_t pool_type;
        DbSide side;
        int r;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;

        r = logical_medium_side(db, lmid, &lm, &side);
        if (r < 0)
                return r;
        r = db_medium_get(db, side.medium, &medium);
        if (r < 0)
                return r;

        r = pool_type_of(db, medium.pool, &pool_type);
        if (r < 0)
                return r;
        if (pool_type != NTMS_POOLTYPE_APPLICATION)
                return -ENXIO;

        if (side.state != NTMS_PARTSTATE_ALLOCATED || medium_state_busy(medium.media_state))
                return -EBUSY;

        r = db_side_set_state(db, side.guid, NTMS_PARTSTATE_COMPLETE);
        if (r < 0)
                return r;

        r = db_commit(TAKE_PTR(tx));
        if (r < 0)
                return r;

        log_object_info(lmid, "Logical medium complete (side %s)", side.guid);
        return 0;
}

static int swap_side_medium(Db *db, const DbSide *side) {
        DbMedium medium;
        int r;

        r = db_medium_get(db, side->medium, &medium);
        if (r < 0)
                return r;
        return medium_state_busy(medium.media_state) ? -EBUSY : 0;
}

int media_swap(Db *db, const char *lmid1, const char *lmid2) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        DbLogicalMedium lm1, lm2;
        DbSide side1, side2;
        uint32_t pool_type;
        int r;

        if (streq(lmid1, lmid2))
                return -EINVAL;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;

        r = logical_medium_side(db, lmid1, &lm1, &side1);
        if (r < 0)
                return r;
        r = logical_medium_side(db, lmid2, &lm2, &side2);
        if (r < 0)
                return r;

        if (!streq(lm1.pool, lm2.pool))
                return -ENXIO;
        r = pool_type_of(db, lm1.pool, &pool_type);
        if (r < 0)
                return r;
        if (pool_type != NTMS_POOLTYPE_APPLICATION)
                return -ENXIO;

        r = swap_side_medium(db, &side1);
        if (r < 0)
                return r;
        r = swap_side_medium(db, &side2);
        if (r < 0)
                return r;

        r = db_side_set_logical_medium(db, side1.guid, lmid2);
        if (r < 0)
                return r;
        r = db_side_set_logical_medium(db, side2.guid, lmid1);
        if (r < 0)
                return r;

        r = db_commit(TAKE_PTR(tx));
        if (r < 0)
                return r;

        log_object_info(lmid1, "Logical media swapped with %s: now on side %s, %s on side %s",
                        lmid2, side2.guid, lmid2, side1.guid);
        return 0;
}
