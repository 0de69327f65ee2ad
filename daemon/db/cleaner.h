/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* A library's cleaner: at most one slot reserved for it (the library's
 * CleanerSlot) and at most one cleaner cartridge, which lives in that slot.
 * The cartridge is no physical medium (ejected cleaners are not tracked); the
 * library's dwFlags carry NTMS_LIBRARYFLAG_CLEANERPRESENT while it is in the
 * library and its dwCleanerUsesRemaining the cleanings left, 0 when there is
 * no cleaner. DB_CLEANER_USES_UNCOUNTED (0xFFFFFFFF) means "used until it no
 * longer cleans" and goes with NTMS_LIBRARYFLAG_IGNORECLEANERUSESREMAINING,
 * which rsmd alone keeps in step with the count.
 *
 * No data cartridge is ever sent to the reserved slot: db_drive_free_slot()
 * and db_library_free_slots() pass it over, and reserving a slot takes it
 * from the media that had it as their home.
 *
 * Every function runs inside the caller's transaction. Besides the errors of
 * db.h they return, each meaning one thing throughout:
 *   -ENOENT       library is not a library
 *   -EMEDIUMTYPE  library is the offline library, which has no slots
 *   -ENOTCONN     the library is not connected (dwOperationalState is not NTMS_READY)
 *   -EBADSLT      slot is not a storage slot of library
 *   -EALREADY     the library has a cleaner slot already (this one or another)
 *   -ENODEV       the (cleaner) slot is not installed (NTMS_SLOTSTATE_NOTPRESENT)
 *   -EXFULL       the (cleaner) slot holds a cartridge: a medium, or the cleaner
 *   -EAGAIN       the slot's contents are unknown until an inventory reads them
 *   -EBUSY        a cartridge is on its way into or out of the slot
 *   -ENODATA      the library has no cleaner slot
 *   -ENOMEDIUM    the library has a cleaner slot but no cleaner in it
 *   -EDQUOT       the cleaner has no cleanings left */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

#define DB_CLEANER_USES_UNCOUNTED UINT32_C(0xFFFFFFFF)

typedef struct DbCleaner {
        uint32_t library_type;          /* NTMS_LIBRARYTYPE_* */
        uint32_t library_state;         /* the library's dwOperationalState */
        uint32_t flags;                 /* the library's dwFlags */
        char slot[DB_GUID_MAX];         /* CleanerSlot, "" when none is reserved */
        int32_t slot_address;           /* its element address, DB_NO_ADDRESS (db/drive.h) */
        uint32_t slot_state;            /* its NTMS_SLOTSTATE_* */
        bool present;                   /* NTMS_LIBRARYFLAG_CLEANERPRESENT */
        uint32_t uses_remaining;        /* dwCleanerUsesRemaining */
} DbCleaner;

/* The library's cleaner as recorded; -ENOENT when library is not a library. */
int db_cleaner_get(Db *db, const char *library, DbCleaner *ret);

/* ReserveNtmsCleanerSlot: slot, present and known to be empty, becomes the
 * library's cleaner slot and stops being the home of any medium. Checked in
 * this order: -ENOENT, -EMEDIUMTYPE, -ENOTCONN, -EBADSLT, -EALREADY, -ENODEV,
 * -EXFULL, -EAGAIN, -EBUSY. */
int db_cleaner_reserve(Db *db, const char *library, const char *slot);

/* ReleaseNtmsCleanerSlot: the slot becomes a slot like any other. Checked in
 * this order: -ENOENT, -EMEDIUMTYPE, -ENOTCONN, -ENODATA, -ENODEV, -EXFULL
 * (the cleaner is still in it). */
int db_cleaner_release(Db *db, const char *library);

/* A cleaner with uses cleanings left (DB_CLEANER_USES_UNCOUNTED: not counted)
 * was put into the cleaner slot. -ENODATA, -EXFULL when one is there. */
int db_cleaner_record_inserted(Db *db, const char *library, uint32_t uses);

/* The cleaner left the library. -ENODATA, -ENOMEDIUM. */
int db_cleaner_record_removed(Db *db, const char *library);

/* The cleaner cleaned a drive: one use less, unless its uses are not
 * counted. *ret_remaining (may be NULL) is what is left; at 0 the cleaner
 * is spent and the next use is refused. -ENOMEDIUM, -EDQUOT (nothing changes). */
int db_cleaner_record_use(Db *db, const char *library, uint32_t *ret_remaining);

/* An inventory read the cleaner slot (or the library has none: full is
 * false): a cartridge there is the cleaner. One that was not recorded has
 * cleanings unknown, DB_CLEANER_USES_UNCOUNTED; an empty slot has none. */
int db_cleaner_record_found(Db *db, const char *library, bool full);

/* After SetNtmsObjectInformation wrote a library's fields: the flags that
 * describe the cleaner (and FIXEDOFFLINE) stay as recorded before, flags_before,
 * whatever the caller sent; IGNORECLEANERUSESREMAINING follows the count.
 * -EINVAL when a count other than 0 was given to a library without a cleaner. */
int db_cleaner_settle_flags(Db *db, const char *library, uint32_t flags_before);
