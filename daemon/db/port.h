/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* What the operations at a library's ports and doors need of the database:
 * the library's ports and doors, a cartridge on its way out, a door's
 * state, and the end of an ejected medium. Every function runs inside the
 * caller's transaction. */

#include <stdbool.h>
#include <stdint.h>

#include "db.h"

/* A library as an operator reaches it. */
typedef struct DbLibraryAccess {
        uint32_t library_type;          /* NTMS_LIBRARYTYPE_* */
        bool enabled;
        uint32_t operational_state;     /* NTMS_READY, NTMS_NOT_PRESENT ... */
        uint32_t n_ports, n_doors;
        uint32_t n_free_slots;          /* empty slots a cartridge may go to */
        char door[DB_GUID_MAX];         /* its first door, "" */
        uint32_t max_open_secs;         /* that door's MaxOpenSecs */
        uint32_t max_extend_secs;       /* the longest MaxExtendSecs of its ports */
} DbLibraryAccess;

/* -ENOENT when guid is not a library. */
int db_library_access(Db *db, const char *library, DbLibraryAccess *ret);

/* A medium as an eject sees it. */
typedef struct DbCartridge {
        char medium[DB_GUID_MAX];
        bool enabled;
        char library[DB_GUID_MAX];      /* CurrentLibrary */
        uint32_t library_type;
        bool library_enabled;
        char location[DB_GUID_MAX];     /* its slot, drive or port, "" */
        uint32_t location_type;         /* NTMS_STORAGESLOT, NTMS_DRIVE, NTMS_IEPORT */
        int32_t location_address;       /* that element's address, DB_NO_ADDRESS */
        uint32_t drive_number;          /* in a drive: its Number, else 0 */
        uint32_t media_state;           /* NTMS_MEDIASTATE_* */
        char barcode[DB_GUID_MAX];      /* szBarCode (barcodes are shorter than a GUID), "" */
} DbCartridge;

/* -ENOENT when guid is not a physical medium. */
int db_cartridge_get(Db *db, const char *medium, DbCartridge *ret);

/* The slot's library and element address (DB_NO_ADDRESS: not known yet);
 * -ENOENT when guid is not a storage slot. */
int db_slot_get(Db *db, const char *slot, char ret_library[static DB_GUID_MAX], int32_t *ret_address);

/* The Content of the port at element address in library, as the changer
 * reported it, without a look at what is in it (a cleaner on its way). */
int db_port_set_content(Db *db, const char *library, uint32_t address, bool full);

int db_door_set_state(Db *db, const char *door, uint32_t state);

/* An operator took the ejected medium out of the port: media of the Import
 * and Unrecognized pools are forgotten ("deleted when ejected"), the others
 * are recorded on the shelf of the offline library. */
int db_medium_record_ejected(Db *db, const char *medium);
