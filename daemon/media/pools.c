/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/object.h"
#include "db/pool.h"
#include "log.h"
#include "media/pools.h"
#include "ntmsapi.h"

/* Names as rsm-concepts/media-pools.md calls them. */
static const struct {
        uint32_t pool_type;
        const char *name;
} system_pools[] = {
        { NTMS_POOLTYPE_SCRATCH, "Free" },
        { NTMS_POOLTYPE_IMPORT, "Import" },
        { NTMS_POOLTYPE_FOREIGN, "Unrecognized" },
};

static int media_pools_ensure_root(Db *db, char ret_root[static DB_GUID_MAX]) {
        int r;

        r = db_pool_root(db, ret_root);
        if (r != -ENOENT)
                return r;
        return db_pool_insert(db, "Root", NTMS_POOLTYPE_UNKNOWN, NULL, NULL, ret_root);
}

int media_pools_ensure_for_type(Db *db, const char *media_type) {
        _cleanup_free_ char *name = NULL;
        char top[DB_GUID_MAX], sub[DB_GUID_MAX];
        int r;

        r = db_object_get_name(db, media_type, &name);
        if (r < 0)
                return r;

        for (size_t i = 0; i < ELEMENTSOF(system_pools); i++) {
                r = db_pool_find_system(db, system_pools[i].pool_type, NULL, top);
                if (r < 0)
                        return r;

                r = db_pool_find_system(db, system_pools[i].pool_type, media_type, sub);
                if (r >= 0)
                        continue;
                if (r != -ENOENT)
                        return r;

                /* A sub-pool is named after its media type, e.g. "Free\LTO Ultrium 3". */
                r = db_pool_insert(db, name, system_pools[i].pool_type, media_type, top, sub);
                if (r < 0)
                        return r;
        }
        return 0;
}

int media_pools_seed(Db *db) {
        _cleanup_(strv_freep) char **types = NULL;
        _cleanup_(db_rollbackp) Db *tx = NULL;
        char root[DB_GUID_MAX], top[DB_GUID_MAX];
        int r;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;

        r = media_pools_ensure_root(db, root);
        if (r < 0)
                return r;

        for (size_t i = 0; i < ELEMENTSOF(system_pools); i++) {
                r = db_pool_find_system(db, system_pools[i].pool_type, NULL, top);
                if (r == -ENOENT)
                        r = db_pool_insert(db, system_pools[i].name, system_pools[i].pool_type, NULL, root, top);
                if (r < 0)
                        return r;
        }

        r = db_enumerate(db, NTMS_MEDIA_TYPE, NULL, false, &types);
        if (r < 0)
                return r;
        for (char **t = types; *t; t++) {
                r = media_pools_ensure_for_type(db, *t);
                if (r < 0)
                        return r;
        }

        return db_commit(TAKE_PTR(tx));
}

int media_pool_get_path(Db *db, const char *guid, char **ret) {
        _cleanup_free_ char *path = NULL;
        char current[DB_GUID_MAX];
        DbPool pool;
        int r;

        snprintf(current, sizeof current, "%s", guid);
        r = db_pool_get(db, current, &pool);
        if (r < 0)
                return r;

        /* Walk up to the root, prepending each name; the root itself has no name in paths.
         * The depth bound guards against a cycle in a damaged database. */
        for (unsigned depth = 0; !isempty(pool.parent); depth++) {
                _cleanup_free_ char *name = NULL;
                char *joined;

                if (depth > NTMS_POOLHIERARCHY_LENGTH)
                        return -ELOOP;

                r = db_object_get_name(db, pool.guid, &name);
                if (r < 0)
                        return r;

                if (asprintf(&joined, "%s%s%s", name, path ? "\\" : "", path ?: "") < 0)
                        return -ENOMEM;
                free(path);
                path = joined;

                r = db_pool_get(db, pool.parent, &pool);
                if (r < 0)
                        return r;
        }

        if (!path) {
                /* The root pool: it has a name of its own, but no path. */
                path = strdup("");
                if (!path)
                        return -ENOMEM;
        }

        *ret = TAKE_PTR(path);
        return 0;
}

/* Splits "A\B\C" (a leading backslash is allowed: "\A\B") into components.
 * Each must be a non-empty valid object name. */
static int split_pool_path(const char *path, char ***ret, size_t *ret_n) {
        _cleanup_free_ char *copy = NULL;
        _cleanup_(strv_freep) char **parts = NULL;
        char *p;
        size_t n = 0;

        if (isempty(path))
                return -ENAMETOOLONG;
        if (strlen(path) >= NTMS_POOLHIERARCHY_LENGTH)
                return -ENAMETOOLONG;

        copy = strdup(path[0] == '\\' ? path + 1 : path);
        if (!copy)
                return -ENOMEM;

        /* Empty components ("A\\B", a trailing backslash) are errors, so no strtok. */
        p = copy;
        for (;;) {
                char *sep = strchr(p, '\\'), **bigger;

                if (sep)
                        *sep = 0;
                if (!*p || strlen(p) >= NTMS_OBJECTNAME_LENGTH)
                        return -ENAMETOOLONG;

                bigger = reallocarray(parts, n + 2, sizeof(char *));
                if (!bigger)
                        return -ENOMEM;
                parts = bigger;
                parts[n] = strdup(p);
                if (!parts[n])
                        return -ENOMEM;
                parts[++n] = NULL;

                if (!sep)
                        break;
                p = sep + 1;
        }

        *ret = TAKE_PTR(parts);
        *ret_n = n;
        return 0;
}

int media_pool_create(Db *db, const char *path, const char *media_type, uint32_t action,
                      char ret_guid[static DB_GUID_MAX]) {
        _cleanup_(strv_freep) char **parts = NULL;
        _cleanup_(db_rollbackp) Db *tx = NULL;
        char parent[DB_GUID_MAX], found[DB_GUID_MAX];
        DbPool parent_pool;
        size_t n;
        int r;

        assert(action == NTMS_OPEN_EXISTING || action == NTMS_CREATE_NEW || action == NTMS_OPEN_ALWAYS);

        r = split_pool_path(path, &parts, &n);
        if (r < 0)
                return r;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;

        r = db_pool_root(db, parent);
        if (r < 0)
                return r;

        /* Every level above the last must exist: pools are created one level
         * at a time, like directories. */
        for (size_t i = 0; i + 1 < n; i++) {
                r = db_pool_find_child(db, parent, parts[i], found);
                if (r < 0)
                        return r;
                memcpy(parent, found, sizeof parent);
        }

        r = db_pool_find_child(db, parent, parts[n - 1], found);
        if (r >= 0) {
                if (action == NTMS_CREATE_NEW)
                        return -EEXIST;
                memcpy(ret_guid, found, DB_GUID_MAX);
                return 0; /* nothing changed; the rollback ends the read */
        }
        if (r != -ENOENT)
                return r;
        if (action == NTMS_OPEN_EXISTING)
                return -ENOENT;

        r = db_pool_get(db, parent, &parent_pool);
        if (r < 0)
                return r;
        /* The root takes application pools; Free, Import and Unrecognized are RSM's. */
        if (!isempty(parent_pool.parent) && media_pool_type_is_system(parent_pool.pool_type))
                return -EPERM;

        if (media_type) {
                uint32_t type;

                r = db_object_get_type(db, media_type, &type);
                if (r == -ENOENT || (r >= 0 && type != NTMS_MEDIA_TYPE))
                        return -EMEDIUMTYPE;
                if (r < 0)
                        return r;
        }

        r = db_pool_insert(db, parts[n - 1], NTMS_POOLTYPE_APPLICATION, media_type, parent, found);
        if (r < 0)
                return r;

        r = db_commit(TAKE_PTR(tx));
        if (r < 0)
                return r;

        log_object_info(found, "Media pool %s created", path);
        memcpy(ret_guid, found, DB_GUID_MAX);
        return 0;
}

int media_pool_delete(Db *db, const char *guid) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        uint64_t n;
        DbPool pool;
        int r;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;

        r = db_pool_get(db, guid, &pool);
        if (r < 0)
                return r;
        if (media_pool_type_is_system(pool.pool_type))
                return -EPERM;

        r = db_pool_count_children(db, guid, &n);
        if (r < 0)
                return r;
        if (n > 0)
                return -ENOTEMPTY;

        r = db_pool_count_media(db, guid, &n);
        if (r < 0)
                return r;
        if (n > 0)
                return -ENOTEMPTY;

        r = db_object_delete(db, guid);
        if (r < 0)
                return r;

        r = db_commit(TAKE_PTR(tx));
        if (r < 0)
                return r;

        log_object_info(guid, "Media pool deleted");
        return 0;
}
