/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The devices of a library: the library row itself, its changers and changer
 * types, drives and drive types, storage slots, import/export ports and
 * doors. Element objects are numbered from 1 in element address order within
 * their kind and known by their element address, so that an element keeps
 * its GUID when a changed layout gives it another number; a library is found
 * again by its changer's serial number (or, for a changer without one, its
 * device name), so that configuration and discovery running again never
 * duplicate objects. Every function here runs inside the caller's
 * transaction. */

#include <stdbool.h>
#include <stdint.h>

#include "db.h"

typedef enum DbElementKind {
        DB_ELEMENT_SLOT,
        DB_ELEMENT_DRIVE,
        DB_ELEMENT_PORT,
        DB_ELEMENT_DOOR,
        _DB_ELEMENT_KIND_MAX,
} DbElementKind;

/* What INQUIRY and the serial number page said about a device. */
typedef struct DbDeviceIdentity {
        const char *vendor;
        const char *product;
        const char *revision;
        const char *serial;
        const char *device_name;        /* what a program opens: /dev/nst0, /dev/sg3, iscsi://… */
        uint32_t device_type;           /* FILE_DEVICE_* for drive and changer types */
} DbDeviceIdentity;

typedef struct DbLibraryLayout {
        const char *name;               /* for a new library only; a known one keeps its (maybe renamed) name */
        uint32_t library_type;          /* NTMS_LIBRARYTYPE_ONLINE or _STANDALONE */
        uint32_t n_slots, n_ports, n_doors;
        const DbDeviceIdentity *changer;        /* NULL for a stand-alone drive */
        const DbDeviceIdentity *drives;         /* n_drives, in data transfer element order */
        uint32_t n_drives;
        /* The element addresses of the slots, drives and ports (n_slots, n_drives,
         * n_ports of them), ascending; NULL for elements without one (doors, the
         * drive of a stand-alone drive library), which are known by number. */
        const uint16_t *addresses[_DB_ELEMENT_KIND_MAX];
} DbLibraryLayout;

/* An element found by its address, and its state as recorded (State; the
 * Content of a port). */
typedef struct DbElementRef {
        uint32_t address;
        char guid[DB_GUID_MAX];
        uint32_t state;
} DbElementRef;

/* -ENOENT when no library has a changer with this serial (or, serial empty,
 * this device name). */
int db_library_find_by_changer(Db *db, const char *serial, const char *device_name,
                               char ret_guid[static DB_GUID_MAX]);
/* -ENOENT when no stand-alone library holds a drive with this serial / device name. */
int db_library_find_standalone(Db *db, const char *serial, const char *device_name,
                               char ret_guid[static DB_GUID_MAX]);

/* Creates the library or brings a known one up to date with layout: changer,
 * drives, slots, ports and doors numbered 1…n. An element whose address is
 * still there keeps its GUID under its new number; elements the device no
 * longer has are removed (their media keep their records; a slot gone is no
 * home). The library is marked NTMS_READY. */
int db_library_apply_layout(Db *db, const char *known_guid, const DbLibraryLayout *layout,
                            char ret_guid[static DB_GUID_MAX]);

/* dwOperationalState of the library and of its changers and drives:
 * NTMS_READY when the changer answers, NTMS_NOT_PRESENT when it is gone. */
int db_library_set_present(Db *db, const char *library, bool present);

int db_library_set_barcode_reader(Db *db, const char *library, bool installed);
/* InventoryMethod of NTMS_LIBRARYINFORMATION. */
int db_library_get_inventory_method(Db *db, const char *library, uint32_t *ret);

/* The GUIDs of the elements of one kind, indexed by Number - 1: ret[i] is
 * element i + 1. n is the count. */
int db_library_elements(Db *db, const char *library, DbElementKind kind, char ***ret, size_t *ret_n);

/* The elements of one kind that have an element address, in address order;
 * db_element_ref_find() looks one up (NULL: no element has that address). */
int db_library_elements_by_address(Db *db, const char *library, DbElementKind kind, DbElementRef **ret,
                                   size_t *ret_n);
const DbElementRef *db_element_ref_find(const DbElementRef *l, size_t n, uint32_t address);

/* The slots of the library that can take a data cartridge now, in address
 * order: known to be empty, nothing recorded in them, not the cleaner slot.
 * *ret is NULL when there are none. */
int db_library_free_slots(Db *db, const char *library, DbElementRef **ret, size_t *ret_n);

/* The drive's library and its dwOperationalState; -ENOENT when guid is not a drive. */
int db_drive_get(Db *db, const char *guid, char ret_library[static DB_GUID_MAX], uint32_t *ret_state);

/* Removes a drive from the database; a medium recorded in it goes to the
 * offline library. */
int db_drive_delete(Db *db, const char *guid);

/* Removes the library, its changers, drives, slots, ports and doors, moves its
 * media to the offline library and drops its pending library requests. */
int db_library_delete(Db *db, const char *guid);

/* Moves one medium to the offline library: it sits on a shelf, no home slot. */
int db_medium_set_offline(Db *db, const char *medium);
