/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Drives and the cartridges that go in and out of them: what a mount needs
 * to know of a side and of the drives it could use, and what it records as
 * the cartridge moves (the medium's Location, LocationType, MediaState and
 * MountedPartition, the drive's State, SavedPartitionId and dwMountCount,
 * the state of the slot it left or went to). Every function runs inside the
 * caller's transaction.
 *
 * A medium's way through a drive, as MediaState and drive State record it:
 *   IDLE in its slot → INUSE (a mount started) → MOUNTED in the drive, drive
 *   MOUNTED (not ready yet) → LOADED, drive LOADED (mounted: the application
 *   has it) → UNLOADED, drive DISMOUNTABLE (dismounted, still in the drive)
 *   → drive UNLOADED (the tape left the heads) → IDLE in a slot, drive
 *   DISMOUNTED. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

#define DB_NO_ADDRESS (-1)

/* A side, as a mount or dismount sees it. */
typedef struct DbMountable {
        char side[DB_GUID_MAX];
        uint32_t side_number;           /* 0 or 1: which face is up */
        uint32_t side_state;            /* NTMS_PARTSTATE_* */
        bool side_enabled;
        char medium[DB_GUID_MAX];
        bool medium_enabled;
        uint32_t media_state;           /* NTMS_MEDIASTATE_* */
        char mounted_side[DB_GUID_MAX]; /* MountedPartition, "" */
        uint32_t device_type;           /* its media type's FILE_DEVICE_*, 0: fits any drive */
        char library[DB_GUID_MAX];      /* CurrentLibrary */
        uint32_t library_type;          /* NTMS_LIBRARYTYPE_* */
        bool library_enabled;
        char location[DB_GUID_MAX];     /* the slot, drive or port it is in; "" on a shelf */
        uint32_t location_type;         /* NTMS_STORAGESLOT, NTMS_DRIVE, NTMS_IEPORT */
        int32_t location_address;       /* that element's address, DB_NO_ADDRESS */
        char home[DB_GUID_MAX];         /* HomeSlot, "" */
} DbMountable;

/* id names a side, or a logical medium (its side is meant); -ENOENT when it
 * is neither, or the logical medium has no side. */
int db_mountable_get(Db *db, const char *id, DbMountable *ret);

typedef struct DbDrive {
        char guid[DB_GUID_MAX];
        char library[DB_GUID_MAX];
        uint32_t number;                /* 1 … n: drive number − 1 is its data transfer element index */
        int32_t address;                /* ElementAddress, DB_NO_ADDRESS */
        uint32_t state;                 /* NTMS_DRIVESTATE_* */
        uint32_t operational_state;     /* NTMS_READY, NTMS_NEEDS_SERVICE, NTMS_NOT_PRESENT ... */
        bool enabled;
        bool library_enabled;
        bool has_device;                /* szDeviceName is set: a program can open it */
        uint32_t device_type;           /* its drive type's FILE_DEVICE_*, 0: not identified */
        uint32_t defer_dismount_delay;  /* dwDeferDismountDelay, seconds */
        uint64_t last_used;             /* µs since the epoch of its last mount, 0: never */
        char medium[DB_GUID_MAX];       /* the medium recorded in it, "" */
        uint32_t media_state;           /* that medium's MediaState */
        char mounted_side[DB_GUID_MAX]; /* that medium's MountedPartition, "" */
        char medium_home[DB_GUID_MAX];  /* that medium's HomeSlot, "" */
        char saved_side[DB_GUID_MAX];   /* SavedPartitionId: the side up in the drive, "" */
        uint32_t saved_side_number;     /* its Side */
} DbDrive;

/* -ENOENT when guid is not a drive. */
int db_drive_lookup(Db *db, const char *guid, DbDrive *ret);
/* The drive whose szDeviceName is device_name; should several carry it, a
 * stand-alone drive's first, then a present one's. -ENOENT when none does. */
int db_drive_find_by_device(Db *db, const char *device_name, char ret_guid[static DB_GUID_MAX]);
/* The drives of a library, by Number. */
int db_drive_list(Db *db, const char *library, DbDrive **ret, size_t *ret_n);

/* A slot that a cartridge leaving a drive can go to: its home slot when
 * nothing is recorded there, else the empty slot with the lowest number;
 * never the library's cleaner slot. -EXFULL when no slot of the library is
 * known to be empty. */
int db_drive_free_slot(Db *db, const char *library, const char *home, char ret_slot[static DB_GUID_MAX],
                       int32_t *ret_address);

/* The mount started: the medium is in use. */
int db_drive_claim(Db *db, const char *medium);
/* What a mount that did not start leaves: idle in a slot, dismountable in a drive. */
int db_drive_unclaim(Db *db, const char *medium);

/* The robot put the medium into the drive; it is not ready yet. */
int db_drive_record_moved_in(Db *db, const char *drive, const char *medium);
/* The drive is ready with side mounted. counted: a cartridge was loaded
 * (dwMountCount of drive and side grow), not a medium still in the drive
 * from a deferred dismount mounted again. */
int db_drive_record_loaded(Db *db, const char *drive, const char *medium, const char *side, bool counted);
/* Dismounted, still in the drive (deferred dismount, or waiting for the robot). */
int db_drive_record_released(Db *db, const char *drive, const char *medium);
/* The tape has left the drive's heads. */
int db_drive_record_unloaded(Db *db, const char *drive);
/* The robot took the medium out of the drive into slot, which becomes its
 * home if it had none. */
int db_drive_record_moved_out(Db *db, const char *drive, const char *medium, const char *slot);

/* The cartridge was taken out of the drive by hand (the eject of a
 * stand-alone drive): the drive is empty, and medium, when not "", sits idle
 * on a shelf of the offline library. */
int db_drive_record_ejected(Db *db, const char *drive, const char *medium);

/* How many media of the library are on their way into a drive (INUSE,
 * MOUNTED): a mount was in process. */
int db_drive_in_transit(Db *db, const char *library, uint64_t *ret);
/* Those media stop where they are: dismountable in a drive, idle elsewhere. */
int db_drive_release_in_transit(Db *db, const char *library);

/* After an inventory (or any re-read of the element status) of the library:
 * every drive's State and SavedPartitionId follow what is recorded in it,
 * and media take the state their place allows: a cartridge found in a drive
 * that nobody mounted is dismountable, a medium recorded outside any drive
 * is idle. Media on their way (INUSE, MOUNTED) are left to their mount. */
int db_drive_sync(Db *db, const char *library);

/* The media of the library that sit dismounted in a drive (NTMS_MEDIASTATE_UNLOADED),
 * as drive GUIDs. */
int db_drive_dismountable(Db *db, const char *library, char ***ret);

/* A cleaner cartridge went into the empty drive: NTMS_DRIVESTATE_BEING_CLEANED. */
int db_drive_record_cleaning(Db *db, const char *drive);
/* The drive was cleaned now (LastCleanedTs) and is empty again. */
int db_drive_record_cleaned(Db *db, const char *drive);
