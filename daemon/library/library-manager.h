/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* All library controllers of the daemon, found by library GUID. What the bus
 * layer and main.c use of library/. */

#include <stdint.h>
#include <systemd/sd-event.h>

#include "controller.h"
#include "db/db.h"

typedef struct LibraryManager LibraryManager;

int library_manager_new(sd_event *e, Db *db, LibraryManager **ret);
LibraryManager *library_manager_free(LibraryManager *m);
static inline void library_manager_freep(LibraryManager **m) {
        if (*m)
                library_manager_free(*m);
}

/* Reads dir (see library-config.h) and starts a controller for each library
 * not running yet; each probes its changer and records the library. */
int library_manager_load_config(LibraryManager *m, const char *dir);

/* Adds a controller for a changer library (config->changer set), or, when
 * one runs for its changer already, hands it the drives of config: a drive
 * that appeared after its changer joins the running library, which probes
 * again and records it. A library from a configuration file (path set) keeps
 * its drives when discovery (path NULL) finds other ones. Returns 1 when a
 * controller started or probes again, 0 when nothing changed. */
int library_manager_add(LibraryManager *m, const LibraryConfig *config);

/* The same for a stand-alone drive library: config has no changer and one
 * drive, the generic device rsmd drives, and a device name that programs
 * open (szDeviceName). Its probe identifies the drive and records an
 * NTMS_LIBRARYTYPE_STANDALONE library with that drive, found again by the
 * drive's serial number (db_library_find_standalone()); its inventory asks
 * the drive what it holds (library_controller_inventory()). */
int library_manager_add_standalone(LibraryManager *m, const LibraryConfig *config);

/* The changer or stand-alone drive went away: stop its controller, mark its
 * library offline. 1 when a controller was stopped, 0 when none served it. */
int library_manager_remove_device(LibraryManager *m, const char *device);

/* probed runs after every probe of every library, present and future. */
void library_manager_set_probed(LibraryManager *m, LibraryProbed probed, void *userdata);
/* started runs once for every controller, present and future, after its first recorded probe. */
void library_manager_set_started(LibraryManager *m, LibraryStarted started, void *userdata);

/* NULL when no controller serves this library. */
LibraryController *library_manager_get(LibraryManager *m, const char *library);
/* The controller whose library is found by device (its changer, or its
 * stand-alone drive, as configured); NULL when none. */
LibraryController *library_manager_find_device(LibraryManager *m, const char *device);

/* The checks of library_manager_inventory(), without running anything:
 * *action becomes the method that would run (DEFAULT resolved to the
 * library's InventoryMethod). Returns the same errors. */
int library_manager_inventory_check(LibraryManager *m, const char *library, uint32_t *action);

/* InventoryNtmsLibrary for one library. action is one of NTMS_INVENTORY_*:
 * NONE completes at once, DEFAULT takes the library's InventoryMethod.
 *   -EINVAL      action is not an inventory method
 *   -EMEDIUMTYPE the library is the offline library
 *   -ENOENT      no such library
 *   -EHOSTDOWN   the library is not connected (no controller, or not probed)
 * Otherwise done() runs once the inventory is over, with its outcome. */
int library_manager_inventory(LibraryManager *m, const char *library, uint32_t action,
                              LibraryInventoryDone done, void *userdata);

/* DeleteNtmsLibrary: stops the controller, then removes the library from the
 * database, its media going offline. -ENOENT no such library, -EMEDIUMTYPE
 * the offline library, -EBUSY a request is running in it. */
int library_manager_delete_library(LibraryManager *m, const char *library);

/* DeleteNtmsDrive: -ENOENT no such drive, -EBUSY the drive is present
 * (dwOperationalState is not NTMS_NOT_PRESENT). */
int library_manager_delete_drive(LibraryManager *m, const char *drive);

Db *library_manager_db(LibraryManager *m);
sd_event *library_manager_event(LibraryManager *m);
