/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>

#include "ntmsapi.h"
#include "select.h"

bool drive_can_take(const DbDrive *d, uint32_t media_device_type) {
        assert(d);

        if (!d->enabled || !d->library_enabled || !d->has_device)
                return false;
        if (d->operational_state != NTMS_READY || d->state == NTMS_DRIVESTATE_BEING_CLEANED)
                return false;
        if (d->device_type == 0)
                return false;
        return media_device_type == 0 || media_device_type == d->device_type;
}

static bool drive_empty(const DbDrive *d) {
        return d->medium[0] == 0;
}

/* Holds a medium that nobody has mounted: a dismount empties it. */
static bool drive_evictable(const DbDrive *d) {
        return !drive_empty(d) && d->media_state == NTMS_MEDIASTATE_UNLOADED;
}

/* Least recently mounted first, then by number. */
static bool drive_before(const DbDrive *a, const DbDrive *b) {
        if (a->last_used != b->last_used)
                return a->last_used < b->last_used;
        return a->number < b->number;
}

ssize_t drive_select(const DbDrive *drives, size_t n, const bool *busy, uint32_t media_device_type,
                     ssize_t *ret_evict) {
        ssize_t best = -1, evict = -1;
        bool any = false;

        assert(drives || n == 0);
        assert(busy || n == 0);
        assert(ret_evict);

        for (size_t i = 0; i < n; i++) {
                const DbDrive *d = drives + i;

                if (!drive_can_take(d, media_device_type))
                        continue;
                any = true;
                if (busy[i])
                        continue;
                if (drive_empty(d)) {
                        if (best < 0 || drive_before(d, drives + best))
                                best = (ssize_t) i;
                } else if (drive_evictable(d)) {
                        if (evict < 0 || drive_before(d, drives + evict))
                                evict = (ssize_t) i;
                }
        }

        *ret_evict = best >= 0 ? -1 : evict;
        if (best >= 0)
                return best;
        return any ? -EAGAIN : -ENOMEDIUM;
}

int drive_select_specific(const DbDrive *d, bool busy, uint32_t media_device_type, bool *ret_evict) {
        assert(d);
        assert(ret_evict);

        *ret_evict = false;
        if (!drive_can_take(d, media_device_type))
                return -ENOMEDIUM;
        if (busy)
                return -EAGAIN;
        if (drive_empty(d))
                return 0;
        *ret_evict = drive_evictable(d);
        return -EAGAIN;
}
