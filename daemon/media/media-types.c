/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>

#include "db/library.h"
#include "db/media-type.h"
#include "db/object.h"
#include "db/pool.h"
#include "log.h"
#include "media/media-types.h"
#include "media/pools.h"
#include "ntmsapi.h"

static int media_type_check_pair(Db *db, const char *media_type, const char *library) {
        DbMediaType type;
        uint32_t library_type;
        int r;

        r = db_library_get_type(db, library, &library_type);
        if (r < 0)
                return r;
        r = db_media_type_get(db, media_type, &type);
        if (r == -ENOENT)
                return -EMEDIUMTYPE;
        return r;
}

int media_type_add_to_library(Db *db, const char *media_type, const char *library) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        int r;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;

        r = media_type_check_pair(db, media_type, library);
        if (r < 0)
                return r;
        r = db_library_add_media_type(db, library, media_type);
        if (r < 0)
                return r;
        r = media_pools_ensure_for_type(db, media_type);
        if (r < 0)
                return r;
        r = db_object_touch(db, library);
        if (r < 0)
                return r;

        return db_commit(TAKE_PTR(tx));
}

/* Best effort, as documented: a sub-pool that still holds anything stays. */
static int media_type_drop_system_pools(Db *db, const char *media_type) {
        static const uint32_t kinds[] = { NTMS_POOLTYPE_SCRATCH, NTMS_POOLTYPE_IMPORT, NTMS_POOLTYPE_FOREIGN };
        char pool[DB_GUID_MAX];
        uint64_t n, children;
        int r;

        for (size_t i = 0; i < ELEMENTSOF(kinds); i++) {
                r = db_pool_find_system(db, kinds[i], media_type, pool);
                if (r == -ENOENT)
                        continue;
                if (r < 0)
                        return r;

                r = db_pool_count_media(db, pool, &n);
                if (r < 0)
                        return r;
                r = db_pool_count_children(db, pool, &children);
                if (r < 0)
                        return r;
                if (n > 0 || children > 0)
                        continue;

                r = db_object_delete(db, pool);
                if (r == -EINVAL) {
                        /* An application pool still names this pool or type: keep it. */
                        log_debug("Keeping system pool %s, still referenced", pool);
                        continue;
                }
                if (r < 0)
                        return r;
        }
        return 0;
}

int media_type_remove_from_library(Db *db, const char *media_type, const char *library) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        uint64_t libraries, media;
        int r;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;

        r = media_type_check_pair(db, media_type, library);
        if (r < 0)
                return r;
        r = db_library_remove_media_type(db, library, media_type);
        if (r < 0)
                return r;
        r = db_object_touch(db, library);
        if (r < 0)
                return r;

        r = db_library_count_holding(db, media_type, &libraries);
        if (r < 0)
                return r;
        r = db_media_type_count_media(db, media_type, &media);
        if (r < 0)
                return r;
        if (libraries == 0 && media == 0) {
                r = media_type_drop_system_pools(db, media_type);
                if (r < 0)
                        return r;
        }

        return db_commit(TAKE_PTR(tx));
}
