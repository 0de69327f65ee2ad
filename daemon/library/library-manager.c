/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/element.h"
#include "db/library.h"
#include "library-config.h"
#include "log.h"
#include "macro.h"
#include "library-manager.h"
#include "ntmsapi.h"

struct LibraryManager {
        sd_event *event;
        Db *db;
        LibraryController **controllers;
        size_t n_controllers;

        LibraryProbed probed;
        void *probed_userdata;
        LibraryStarted started;
        void *started_userdata;
};

int library_manager_new(sd_event *e, Db *db, LibraryManager **ret) {
        LibraryManager *m;

        assert(e);
        assert(db);
        assert(ret);

        m = calloc(1, sizeof *m);
        if (!m)
                return -ENOMEM;
        m->event = sd_event_ref(e);
        m->db = db;
        *ret = m;
        return 0;
}

LibraryManager *library_manager_free(LibraryManager *m) {
        if (!m)
                return NULL;

        for (size_t i = 0; i < m->n_controllers; i++)
                library_controller_free(m->controllers[i]);
        free(m->controllers);
        sd_event_unref(m->event);
        free(m);
        return NULL;
}

Db *library_manager_db(LibraryManager *m) {
        return m->db;
}

sd_event *library_manager_event(LibraryManager *m) {
        return m->event;
}

static ssize_t find_device(LibraryManager *m, const char *device) {
        for (size_t i = 0; i < m->n_controllers; i++)
                if (streq(library_controller_device(m->controllers[i]), device))
                        return (ssize_t) i;
        return -1;
}

static ssize_t find_library(LibraryManager *m, const char *library) {
        for (size_t i = 0; i < m->n_controllers; i++)
                if (streq(library_controller_guid(m->controllers[i]), library))
                        return (ssize_t) i;
        return -1;
}

static void remove_at(LibraryManager *m, size_t i) {
        library_controller_free(m->controllers[i]);
        memmove(m->controllers + i, m->controllers + i + 1, (m->n_controllers - i - 1) * sizeof(LibraryController *));
        m->n_controllers--;
}

void library_manager_set_probed(LibraryManager *m, LibraryProbed probed, void *userdata) {
        assert(m);

        m->probed = probed;
        m->probed_userdata = userdata;
        for (size_t i = 0; i < m->n_controllers; i++)
                library_controller_set_probed(m->controllers[i], probed, userdata);
}

void library_manager_set_started(LibraryManager *m, LibraryStarted started, void *userdata) {
        assert(m);

        m->started = started;
        m->started_userdata = userdata;
        for (size_t i = 0; i < m->n_controllers; i++)
                library_controller_set_started(m->controllers[i], started, userdata);
}

/* Starts a controller for a library whose device has none yet, or hands a
 * running one its (maybe changed) drives. */
static int add_controller(LibraryManager *m, const LibraryConfig *config) {
        _cleanup_(library_controller_freep) LibraryController *c = NULL;
        LibraryController **l;
        ssize_t i;
        int r;

        i = find_device(m, library_config_device(config));
        if (i >= 0) {
                /* The administrator's file says which drives a library has;
                 * discovery does not overrule it. */
                if (library_controller_config(m->controllers[i])->path && !config->path)
                        return 0;
                return library_controller_update_drives(m->controllers[i], config);
        }

        r = library_controller_new(m->event, m->db, config, &c);
        if (r < 0)
                return r;
        library_controller_set_probed(c, m->probed, m->probed_userdata);
        library_controller_set_started(c, m->started, m->started_userdata);

        l = realloc(m->controllers, (m->n_controllers + 1) * sizeof(LibraryController *));
        if (!l)
                return -ENOMEM;
        m->controllers = l;

        r = library_controller_probe(c);
        if (r < 0)
                return r;

        m->controllers[m->n_controllers++] = TAKE_PTR(c);
        return 1;
}

int library_manager_add(LibraryManager *m, const LibraryConfig *config) {
        assert(m);
        assert(config);
        assert(!library_config_is_standalone(config));

        return add_controller(m, config);
}

int library_manager_add_standalone(LibraryManager *m, const LibraryConfig *config) {
        assert(m);
        assert(config);
        assert(library_config_is_standalone(config));
        assert(config->n_drives == 1 && config->drives[0]);

        return add_controller(m, config);
}

int library_manager_load_config(LibraryManager *m, const char *dir) {
        _cleanup_(library_config_free_manyp) LibraryConfig **configs = NULL;
        int r;

        assert(m);

        r = library_config_load_dir(dir ?: LIBRARY_CONFIG_DIR_DEFAULT, &configs);
        if (r < 0)
                return r;

        for (LibraryConfig **c = configs; *c; c++) {
                r = library_config_is_standalone(*c) ? library_manager_add_standalone(m, *c)
                                                      : library_manager_add(m, *c);
                if (r < 0)
                        return log_error_errno(r, "Cannot start library %s from %s: %m", (*c)->name, (*c)->path);
        }
        return 0;
}

static int mark_absent(Db *db, const char *library) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        int r;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;
        r = db_library_set_present(db, library, false);
        if (r < 0)
                return r;
        return db_commit(TAKE_PTR(tx));
}

int library_manager_remove_device(LibraryManager *m, const char *device) {
        char guid[DB_GUID_MAX];
        ssize_t i;

        assert(m);
        assert(device);

        i = find_device(m, device);
        if (i < 0)
                return 0;

        snprintf(guid, sizeof guid, "%s", library_controller_guid(m->controllers[i]));
        remove_at(m, (size_t) i);
        if (guid[0] == 0)
                return 1;

        log_object_info(guid, "No longer serving %s, library offline", device);
        return mark_absent(m->db, guid) ?: 1;
}

LibraryController *library_manager_get(LibraryManager *m, const char *library) {
        ssize_t i;

        assert(m);

        i = find_library(m, library);
        return i < 0 ? NULL : m->controllers[i];
}

LibraryController *library_manager_find_device(LibraryManager *m, const char *device) {
        ssize_t i;

        assert(m);
        assert(device);

        i = find_device(m, device);
        return i < 0 ? NULL : m->controllers[i];
}

static int check_library(LibraryManager *m, const char *library) {
        uint32_t type;
        int r;

        r = db_library_get_type(m->db, library, &type);
        if (r < 0)
                return r;
        if (type == NTMS_LIBRARYTYPE_OFFLINE)
                return -EMEDIUMTYPE;
        return 0;
}

/* SLOT inventories one slot (IdentifyNtmsSlot), STOP cancels: neither is
 * a method of a whole-library inventory. */
static bool method_runnable(uint32_t action) {
        return action == NTMS_INVENTORY_NONE || action == NTMS_INVENTORY_FAST || action == NTMS_INVENTORY_OMID;
}

int library_manager_inventory_check(LibraryManager *m, const char *library, uint32_t *action) {
        int r;

        assert(m);
        assert(library);
        assert(action);

        if (!method_runnable(*action) && *action != NTMS_INVENTORY_DEFAULT && *action != NTMS_INVENTORY_STOP)
                return -EINVAL;

        r = check_library(m, library);
        if (r < 0)
                return r;

        if (!library_manager_get(m, library))
                return -EHOSTDOWN;

        if (*action == NTMS_INVENTORY_DEFAULT) {
                r = db_library_get_inventory_method(m->db, library, action);
                if (r < 0)
                        return r;
                /* An unset or odd InventoryMethod means the documented default. */
                if (!method_runnable(*action))
                        *action = NTMS_INVENTORY_FAST;
        }
        return 0;
}

int library_manager_inventory(LibraryManager *m, const char *library, uint32_t action,
                              LibraryInventoryDone done, void *userdata) {
        LibraryController *c;
        int r;

        r = library_manager_inventory_check(m, library, &action);
        if (r < 0)
                return r;
        c = library_manager_get(m, library);

        /* Nothing running: nothing to stop. A running scan is one element
         * status read or a series of moves that must end with every cartridge
         * home, so it is not interrupted: say so. */
        if (action == NTMS_INVENTORY_STOP) {
                if (library_controller_busy(c))
                        return -EBUSY;
                done(0, &(DbInventoryStats) {}, userdata);
                return 0;
        }
        if (action == NTMS_INVENTORY_NONE) {
                done(0, &(DbInventoryStats) {}, userdata);
                return 0;
        }

        return library_controller_inventory(c, action, done, userdata);
}

int library_manager_delete_library(LibraryManager *m, const char *library) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        ssize_t i;
        int r;

        assert(m);
        assert(library);

        r = check_library(m, library);
        if (r < 0)
                return r;

        i = find_library(m, library);
        if (i >= 0 && library_controller_busy(m->controllers[i]))
                return -EBUSY;

        r = db_begin(m->db);
        if (r < 0)
                return r;
        tx = m->db;
        r = db_library_delete(m->db, library);
        if (r < 0)
                return r;
        r = db_commit(TAKE_PTR(tx));
        if (r < 0)
                return r;

        if (i >= 0)
                remove_at(m, (size_t) i);
        log_object_info(library, "Library deleted");
        return 0;
}

int library_manager_delete_drive(LibraryManager *m, const char *drive) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        char library[DB_GUID_MAX];
        uint32_t state;
        int r;

        assert(m);
        assert(drive);

        r = db_drive_get(m->db, drive, library, &state);
        if (r < 0)
                return r;
        if (state != NTMS_NOT_PRESENT)
                return -EBUSY;

        r = db_begin(m->db);
        if (r < 0)
                return r;
        tx = m->db;
        r = db_drive_delete(m->db, drive);
        if (r < 0)
                return r;
        r = db_commit(TAKE_PTR(tx));
        if (r < 0)
                return r;

        log_object_info(drive, "Drive deleted");
        return 0;
}
