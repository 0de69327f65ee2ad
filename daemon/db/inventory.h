/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Recording what an inventory found: every slot, drive and port of one
 * library gets the state the changer reported, every cartridge its location,
 * new cartridges become physical media, and media of the library that were
 * not found go to the offline library. A cartridge in the library's cleaner
 * slot is its cleaner (db/cleaner.h), never a medium. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "element.h"

typedef struct DbInventoryItem {
        DbElementKind kind;             /* DB_ELEMENT_SLOT, _DRIVE or _PORT */
        uint32_t address;               /* element address, as db_library_apply_layout() recorded it */
        /* address is the element's Number instead: an element recorded
         * without an address (the drive of a stand-alone drive library). */
        bool numbered;
        bool full;
        const char *barcode;            /* NULL or "": none reported */
        bool home_known;                /* SVALID: the medium came from element home */
        uint32_t home;                  /* a slot's address, or of some other element: then no home */

        /* Filled by an on-media inventory for a medium it could mount. */
        bool identified;
        const char *omid_type;          /* "ANSI", "IBM"; NULL: blank or not recognised */
        const void *omid;               /* label ID (volume serial) */
        size_t omid_size;
        const char *omid_info;
        bool blank;
} DbInventoryItem;

typedef struct DbInventory {
        const DbInventoryItem *items;
        size_t n_items;
        bool barcode_reader;            /* the changer returned volume tags */
        /* Media type (by name) for a cartridge whose barcode says nothing, taken
         * from the library's drives; NULL: "Unknown". */
        const char *default_media_type;
} DbInventory;

typedef struct DbInventoryStats {
        unsigned media_new;
        unsigned media_known;
        unsigned media_offline;
} DbInventoryStats;

/* The media type a barcode names: "…L1" … "…L9" are LTO Ultrium 1 … 9
 * cartridges (the LTO cartridge label's media identifier). NULL: none. */
const char *db_media_type_from_barcode(const char *barcode);

/* Applies inv to library. One transaction: all of it or, on error, nothing.
 * -ERANGE when an item names an element address (or number) the library
 * does not have (its layout changed since it was recorded). */
int db_inventory_apply(Db *db, const char *library, const DbInventory *inv, DbInventoryStats *ret_stats);
