/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "db/library.h"
#include "db/logical-media.h"
#include "db/media.h"
#include "db/object.h"
#include "db/pool.h"
#include "log.h"
#include "media/allocate.h"
#include "media/pool-policy.h"
#include "media/side-states.h"
#include "ntmsapi.h"

/* The side chosen and where its medium is now. */
typedef struct Choice {
        DbSide side;
        DbMedium medium;
} Choice;

/* Only application pools that hold media are allocated from. */
static int allocate_target_pool(Db *db, const char *guid, MediaPoolPolicy *ret) {
        int r;

        r = media_pool_policy_get(db, guid, ret);
        if (r == -ENOENT)
                return -ENXIO;
        if (r < 0)
                return r;
        if (ret->pool.pool_type != NTMS_POOLTYPE_APPLICATION || isempty(ret->pool.media_type))
                return -ENXIO;
        return 0;
}

static bool past_max_allocates(const MediaPoolPolicy *policy, const DbSide *side) {
        return policy->max_allocates > 0 && side->allocate_count >= policy->max_allocates;
}

/* Whether the other sides of the medium leave this one free to allocate:
 * Reserved sides mean another logical medium owns the medium, and
 * NTMS_ALLOCATE_NEW wants a medium nobody else uses at all. */
static int medium_shareable(Db *db, const DbSide *side, bool whole_medium) {
        _cleanup_free_ DbSide *sides = NULL;
        size_t n;
        int r;

        r = db_medium_sides(db, side->medium, &sides, &n);
        if (r < 0)
                return r;
        for (size_t i = 0; i < n; i++) {
                if (streq(sides[i].guid, side->guid))
                        continue;
                if (sides[i].state == NTMS_PARTSTATE_RESERVED)
                        return false;
                if (whole_medium && side_state_in_use(sides[i].state))
                        return false;
        }
        return true;
}

static int medium_enabled(Db *db, const DbSide *side, bool *ret) {
        bool enabled;
        int r;

        r = db_object_get_enabled(db, side->medium, &enabled);
        if (r < 0)
                return r;
        *ret = enabled && side->enabled;
        return 0;
}

/* lpPartition: that side, if it may come into this pool (from the pool
 * itself, Free, or Import: the documented import in one step). */
static int pick_named_side(Db *db, const MediaAllocateRequest *q, const MediaPoolPolicy *policy, Choice *ret) {
        DbPool from;
        bool enabled;
        int r;

        r = db_side_get(db, q->partition, &ret->side);
        if (r < 0)
                return r;
        r = db_medium_get(db, ret->side.medium, &ret->medium);
        if (r < 0)
                return r;
        if (!streq(ret->medium.media_type, policy->pool.media_type))
                return -EMEDIUMTYPE;

        r = db_pool_get(db, ret->medium.pool, &from);
        if (r < 0)
                return r;
        if (!streq(from.guid, policy->pool.guid) &&
            from.pool_type != NTMS_POOLTYPE_SCRATCH && from.pool_type != NTMS_POOLTYPE_IMPORT)
                return -EMEDIUMTYPE;

        r = medium_enabled(db, &ret->side, &enabled);
        if (r < 0)
                return r;
        if (!enabled)
                return -ENOMEDIUM;

        if (ret->side.state != NTMS_PARTSTATE_AVAILABLE && ret->side.state != NTMS_PARTSTATE_IMPORT)
                return -EAGAIN;
        if (past_max_allocates(policy, &ret->side))
                return -EAGAIN;

        r = medium_shareable(db, &ret->side, q->options & NTMS_ALLOCATE_NEW);
        if (r < 0)
                return r;
        return r ? 0 : -EAGAIN;
}

/* The side of the logical medium (or the side itself) that NEXT continues from. */
static int next_reference(Db *db, const char *id, DbSide *ret) {
        int r;

        r = db_side_of_logical_medium(db, id, ret);
        if (r == -ENOENT)
                r = db_side_get(db, id, ret);
        if (r < 0)
                return r;
        return side_state_allocated(ret->state) ? 0 : -ENOENT;
}

/* NTMS_ALLOCATE_NEXT: the lowest side of the same medium that was reserved
 * for it, else the lowest that is Available. Never waits: the medium either
 * has a side left or it has not. */
static int pick_next_side(Db *db, const MediaAllocateRequest *q, const MediaPoolPolicy *policy, Choice *ret) {
        static const uint32_t wanted[] = { NTMS_PARTSTATE_RESERVED, NTMS_PARTSTATE_AVAILABLE };
        _cleanup_free_ DbSide *sides = NULL;
        DbSide reference;
        bool enabled;
        size_t n;
        int r;

        r = next_reference(db, q->media, &reference);
        if (r < 0)
                return r;
        r = db_medium_get(db, reference.medium, &ret->medium);
        if (r < 0)
                return r;
        if (!streq(ret->medium.pool, policy->pool.guid))
                return -EMEDIUMTYPE;

        r = db_object_get_enabled(db, ret->medium.guid, &enabled);
        if (r < 0)
                return r;
        if (!enabled)
                return -ENOMEDIUM;

        r = db_medium_sides(db, reference.medium, &sides, &n);
        if (r < 0)
                return r;
        for (size_t w = 0; w < ELEMENTSOF(wanted); w++)
                for (size_t i = 0; i < n; i++) {
                        if (sides[i].state != wanted[w] || !sides[i].enabled || past_max_allocates(policy, &sides[i]))
                                continue;
                        ret->side = sides[i];
                        return 0;
                }
        return -EXFULL;
}

/* Any side, by the rule in allocate.h. */
static int pick_any_side(Db *db, const MediaAllocateRequest *q, const MediaPoolPolicy *policy, Choice *ret) {
        char free_pool[DB_GUID_MAX] = "", offline[DB_GUID_MAX] = "", pool[DB_GUID_MAX];
        bool free_missing = false;
        DbSideSearch search;
        int r;

        if (policy->allocation & NTMS_ALLOCATE_FROMSCRATCH) {
                r = db_pool_find_system(db, NTMS_POOLTYPE_SCRATCH, policy->pool.media_type, free_pool);
                if (r == -ENOENT)
                        free_missing = true;
                else if (r < 0)
                        return r;
        }

        r = db_library_offline(db, offline);
        if (r < 0 && r != -ENOENT)
                return r;

        search = (DbSideSearch) {
                .pool = policy->pool.guid,
                .free_pool = free_pool,
                .media_type = policy->pool.media_type,
                .offline_library = offline,
                .max_allocates = policy->max_allocates,
                .whole_medium = q->options & NTMS_ALLOCATE_NEW,
        };
        r = db_side_find_available(db, &search, &ret->side, pool);
        if (r == -ENOENT)
                /* Nothing in the pool, and the Free pool it should draw from is gone. */
                return free_missing ? -ENODEV : -EAGAIN;
        if (r < 0)
                return r;

        return db_medium_get(db, ret->side.medium, &ret->medium);
}

/* The logical medium takes the name of what it stands for. */
static int logical_medium_name(Db *db, const Choice *c, char **ret) {
        int r;

        r = db_object_get_name(db, c->side.guid, ret);
        if (r < 0)
                return r;
        if (!isempty(*ret))
                return 0;
        free(*ret);
        return db_object_get_name(db, c->medium.guid, ret);
}

static int allocate_choice(Db *db, const MediaAllocateRequest *q, const MediaPoolPolicy *policy,
                           const Choice *c, MediaAllocation *ret) {
        _cleanup_free_ char *name = NULL;
        MediaAllocation a = {};
        int r;

        memcpy(a.side, c->side.guid, DB_GUID_MAX);
        memcpy(a.allocated_from, c->medium.pool, DB_GUID_MAX);

        /* Both sides of a cartridge are always in the same pool: the medium
         * comes along into the application's pool. */
        if (!streq(c->medium.pool, policy->pool.guid)) {
                r = db_medium_set_pool(db, c->medium.guid, policy->pool.guid);
                if (r < 0)
                        return r;
        }

        r = logical_medium_name(db, c, &name);
        if (r < 0)
                return r;
        r = db_logical_medium_insert(db, name, policy->pool.guid, a.logical_media);
        if (r < 0)
                return r;
        r = db_side_allocate(db, c->side.guid, a.logical_media);
        if (r < 0)
                return r;

        if (q->options & NTMS_ALLOCATE_NEW) {
                r = db_medium_change_side_states(db, c->medium.guid, NTMS_PARTSTATE_AVAILABLE,
                                                 NTMS_PARTSTATE_RESERVED);
                if (r < 0)
                        return r;
        }

        *ret = a;
        return 0;
}

int media_allocate(Db *db, const MediaAllocateRequest *q, MediaAllocation *ret) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        MediaPoolPolicy policy;
        MediaAllocation a;
        Choice choice;
        int r;

        assert(!((q->options & NTMS_ALLOCATE_NEW) && (q->options & NTMS_ALLOCATE_NEXT)));

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;

        r = allocate_target_pool(db, q->pool, &policy);
        if (r < 0)
                return r;

        if (q->options & NTMS_ALLOCATE_NEXT)
                r = pick_next_side(db, q, &policy, &choice);
        else if (!isempty(q->partition))
                r = pick_named_side(db, q, &policy, &choice);
        else
                r = pick_any_side(db, q, &policy, &choice);
        if (r < 0)
                return r;

        r = allocate_choice(db, q, &policy, &choice, &a);
        if (r < 0)
                return r;

        r = db_commit(TAKE_PTR(tx));
        if (r < 0)
                return r;

        log_object_info(a.logical_media, "Side %s allocated in pool %s (from pool %s)",
                        a.side, policy.pool.guid, a.allocated_from);
        *ret = a;
        return 0;
}
