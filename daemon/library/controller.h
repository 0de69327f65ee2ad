/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* One controller per library: it owns the library's worker thread and its
 * hardware, sends it jobs (probe, inventory), and when a job is done records
 * the result in the database on the main loop, in one transaction, before it
 * tells whoever asked. A library is a changer with the drives behind its data
 * transfer elements, or a stand-alone drive. */

#include <stdbool.h>
#include <stdint.h>
#include <systemd/sd-event.h>

#include "db/db.h"
#include "db/inventory.h"
#include "library-config.h"

typedef struct LibraryController LibraryController;

/* Called on the main loop when an inventory is over: r is 0, or -EHOSTDOWN
 * when the changer could not be reached (the database was not touched), or
 * another negative errno. */
typedef void (*LibraryInventoryDone)(int r, const DbInventoryStats *stats, void *userdata);

/* Called on the main loop after each probe, r its outcome (0: recorded). */
typedef void (*LibraryProbed)(LibraryController *c, int r, void *userdata);

int library_controller_new(sd_event *e, Db *db, const LibraryConfig *config, LibraryController **ret);
LibraryController *library_controller_free(LibraryController *c);
static inline void library_controller_freep(LibraryController **c) {
        if (*c)
                library_controller_free(*c);
}

void library_controller_set_probed(LibraryController *c, LibraryProbed probed, void *userdata);

/* Identify the changer and its drives and record the library; until then the
 * controller has no library GUID. */
int library_controller_probe(LibraryController *c);

/* Takes the drives of config (its changer must be this controller's) and,
 * when they differ from the ones it has, probes again so that the library is
 * recorded with them. Returns 0 when nothing changed, 1 when a probe is on
 * its way. */
int library_controller_update_drives(LibraryController *c, const LibraryConfig *config);

/* method is NTMS_INVENTORY_FAST or NTMS_INVENTORY_OMID. -EOPNOTSUPP for a
 * stand-alone drive library, whose inventory is not built yet. */
int library_controller_inventory(LibraryController *c, uint32_t method, LibraryInventoryDone done, void *userdata);

/* "" until the first successful probe. */
const char *library_controller_guid(const LibraryController *c);
/* The changer's URL, NULL for a stand-alone drive library. */
const char *library_controller_changer(const LibraryController *c);
/* What the library is found by: its changer, or its stand-alone drive. */
const char *library_controller_device(const LibraryController *c);
const LibraryConfig *library_controller_config(const LibraryController *c);
bool library_controller_busy(const LibraryController *c);

/* The device identifiers (DVCID) that the changer reported for its data
 * transfer elements at the last probe, in element address order ("" where an
 * element reported none). Returns false when there are none: not probed yet,
 * the changer does not report them, or a stand-alone drive library. */
bool library_controller_drive_ids(const LibraryController *c, char *const **ret, size_t *ret_n);
