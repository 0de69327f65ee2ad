/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* One controller per library: it owns the library's worker thread and its
 * hardware, sends it jobs (probe, inventory), and when a job is done records
 * the result in the database on the main loop, in one transaction, before it
 * tells whoever asked. */

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

int library_controller_new(sd_event *e, Db *db, const LibraryConfig *config, LibraryController **ret);
LibraryController *library_controller_free(LibraryController *c);
static inline void library_controller_freep(LibraryController **c) {
        if (*c)
                library_controller_free(*c);
}

/* Identify the changer and its drives and record the library; until then the
 * controller has no library GUID. */
int library_controller_probe(LibraryController *c);

/* method is NTMS_INVENTORY_FAST or NTMS_INVENTORY_OMID. */
int library_controller_inventory(LibraryController *c, uint32_t method, LibraryInventoryDone done, void *userdata);

/* "" until the first successful probe. */
const char *library_controller_guid(const LibraryController *c);
const char *library_controller_changer(const LibraryController *c);
bool library_controller_busy(const LibraryController *c);
