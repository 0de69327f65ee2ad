/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>

#include "cleaner.h"
#include "db-private.h"
#include "drive.h"
#include "ntmsapi.h"

/* The flags that say what is in the library; nobody sets them from outside. */
#define FLAGS_RECORDED (NTMS_LIBRARYFLAG_FIXEDOFFLINE | NTMS_LIBRARYFLAG_CLEANERPRESENT | \
                        NTMS_LIBRARYFLAG_IGNORECLEANERUSESREMAINING)

int db_cleaner_get(Db *db, const char *library, DbCleaner *ret) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int r;

        assert(ret);

        r = db_prepare_cached(db,
                              "SELECT l.LibraryType, o.state, l.dwFlags, l.CleanerSlot, s.ElementAddress, "
                              "  coalesce(s.State, 0), l.dwCleanerUsesRemaining "
                              "FROM library AS l JOIN objects AS o ON o.guid = l.guid "
                              "LEFT JOIN storage_slot AS s ON s.guid = l.CleanerSlot "
                              "WHERE l.guid = ?1", &s);
        if (r < 0)
                return r;
        r = db_bind_guid(db, s, 1, library);
        if (r < 0)
                return r;
        r = db_step_row(db, s);
        if (r < 0)
                return r;

        *ret = (DbCleaner) {
                .library_type = (uint32_t) sqlite3_column_int64(s, 0),
                .library_state = (uint32_t) sqlite3_column_int64(s, 1),
                .flags = (uint32_t) sqlite3_column_int64(s, 2),
                .slot_address = sqlite3_column_type(s, 4) == SQLITE_NULL ? DB_NO_ADDRESS :
                                (int32_t) sqlite3_column_int64(s, 4),
                .slot_state = (uint32_t) sqlite3_column_int64(s, 5),
                .uses_remaining = (uint32_t) sqlite3_column_int64(s, 6),
        };
        ret->present = ret->flags & NTMS_LIBRARYFLAG_CLEANERPRESENT;
        db_column_guid(s, 3, ret->slot);
        return 0;
}

/* The library as the slot functions need it: one with slots, connected. */
static int library_check(Db *db, const char *library, DbCleaner *ret) {
        int r;

        r = db_cleaner_get(db, library, ret);
        if (r < 0)
                return r;
        if (ret->library_type == NTMS_LIBRARYTYPE_OFFLINE)
                return -EMEDIUMTYPE;
        if (ret->library_state != NTMS_READY)
                return -ENOTCONN;
        return 0;
}

/* A slot of the library as a reservation sees it. */
typedef struct SlotFacts {
        uint32_t state;
        bool medium;            /* a medium is recorded in it */
        bool destination;       /* a running request takes a cartridge there (or from there) */
} SlotFacts;

/* -EBADSLT when slot is not a storage slot of library. */
static int slot_facts(Db *db, const char *library, const char *slot, SlotFacts *ret) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare_cached(db,
                              "SELECT s.State, "
                              "  EXISTS (SELECT 1 FROM physical_media WHERE Location = s.guid), "
                              "  EXISTS (SELECT 1 FROM librequest WHERE SlotId = s.guid AND State = ?3) "
                              "FROM storage_slot AS s WHERE s.guid = ?1 AND s.Library = ?2", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, slot)) < 0 ||
            (r = db_bind_guid(db, s, 2, library)) < 0 ||
            (r = db_bind_int64(db, s, 3, NTMS_LM_INPROCESS)) < 0)
                return r;
        r = db_step_row(db, s);
        if (r == -ENOENT)
                return -EBADSLT;
        if (r < 0)
                return r;

        *ret = (SlotFacts) {
                .state = (uint32_t) sqlite3_column_int64(s, 0),
                .medium = sqlite3_column_int(s, 1) != 0,
                .destination = sqlite3_column_int(s, 2) != 0,
        };
        return 0;
}

/* "The slot reserved ... must be present and empty." */
static int slot_reservable(const SlotFacts *f) {
        if (f->state == NTMS_SLOTSTATE_NOTPRESENT)
                return -ENODEV;
        if (f->state == NTMS_SLOTSTATE_FULL || f->medium)
                return -EXFULL;
        /* A slot never inventoried may hold a cartridge nobody knows of,
         * which the next inventory would take for the cleaner. */
        if (f->state != NTMS_SLOTSTATE_EMPTY)
                return -EAGAIN;
        /* Empty for now, but a dismount is taking a cartridge there. */
        if (f->destination)
                return -EBUSY;
        return 0;
}

/* Sets the cleaner part of the library's flags and its count together, so
 * that IGNORECLEANERUSESREMAINING always follows the count. */
static int cleaner_set(Db *db, const char *library, bool present, uint32_t uses) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        uint32_t flags = 0;
        int r;

        assert(present || uses == 0);

        if (present)
                flags |= NTMS_LIBRARYFLAG_CLEANERPRESENT;
        if (uses == DB_CLEANER_USES_UNCOUNTED)
                flags |= NTMS_LIBRARYFLAG_IGNORECLEANERUSESREMAINING;

        r = db_prepare_cached(db,
                              "UPDATE library SET dwFlags = (dwFlags & ~?2) | ?3, dwCleanerUsesRemaining = ?4 "
                              "WHERE guid = ?1", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, library)) < 0 ||
            (r = db_bind_int64(db, s, 2, NTMS_LIBRARYFLAG_CLEANERPRESENT |
                                          NTMS_LIBRARYFLAG_IGNORECLEANERUSESREMAINING)) < 0 ||
            (r = db_bind_int64(db, s, 3, flags)) < 0 ||
            (r = db_bind_int64(db, s, 4, uses)) < 0)
                return r;
        r = db_step_done(db, s);
        if (r < 0)
                return r;
        return db_object_touch(db, library);
}

/* Runs sql with ?1 a GUID and ?2 a second GUID (or NULL). */
static int run_guid2(Db *db, const char *sql, const char *a, const char *b) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare_cached(db, sql, &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, a)) < 0 ||
            (r = db_bind_guid(db, s, 2, b)) < 0)
                return r;
        return db_step_done(db, s);
}

static int slot_set_state(Db *db, const char *slot, uint32_t state) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare_cached(db, "UPDATE storage_slot SET State = ?2 WHERE guid = ?1", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, slot)) < 0 ||
            (r = db_bind_int64(db, s, 2, state)) < 0)
                return r;
        return db_step_done(db, s);
}

/* A medium whose home the slot was (it is in a drive now) finds another
 * one when it comes back. */
static int media_lose_home(Db *db, const char *slot) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare_cached(db, "UPDATE objects SET modified = ?2 "
                                  "WHERE guid IN (SELECT guid FROM physical_media WHERE HomeSlot = ?1)", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, slot)) < 0 ||
            (r = db_bind_int64(db, s, 2, (int64_t) db_now_usec())) < 0)
                return r;
        r = db_step_done(db, s);
        if (r < 0)
                return r;
        r = db_run_guid(db, "UPDATE physical_media SET HomeSlot = NULL WHERE HomeSlot = ?1", slot);
        return r < 0 ? r : 0;
}

int db_cleaner_reserve(Db *db, const char *library, const char *slot) {
        DbCleaner c;
        SlotFacts f;
        int r;

        assert(db);
        assert(!isempty(slot));

        r = library_check(db, library, &c);
        if (r < 0)
                return r;
        r = slot_facts(db, library, slot, &f);
        if (r < 0)
                return r;
        if (c.slot[0])
                return -EALREADY;
        r = slot_reservable(&f);
        if (r < 0)
                return r;

        r = run_guid2(db, "UPDATE library SET CleanerSlot = ?2 WHERE guid = ?1", library, slot);
        if (r < 0)
                return r;

        r = media_lose_home(db, slot);
        if (r < 0)
                return r;
        return cleaner_set(db, library, false, 0);
}

int db_cleaner_release(Db *db, const char *library) {
        DbCleaner c;
        int r;

        assert(db);

        r = library_check(db, library, &c);
        if (r < 0)
                return r;
        if (!c.slot[0])
                return -ENODATA;
        if (c.slot_state == NTMS_SLOTSTATE_NOTPRESENT)
                return -ENODEV;
        if (c.present || c.slot_state == NTMS_SLOTSTATE_FULL)
                return -EXFULL;

        r = run_guid2(db, "UPDATE library SET CleanerSlot = ?2 WHERE guid = ?1", library, NULL);
        if (r < 0)
                return r;
        return cleaner_set(db, library, false, 0);
}

/* The cleaner went into its slot (present) or left the library. */
static int cleaner_moved(Db *db, const char *library, bool present, uint32_t uses) {
        DbCleaner c;
        int r;

        r = db_cleaner_get(db, library, &c);
        if (r < 0)
                return r;
        if (!c.slot[0])
                return -ENODATA;
        if (c.present == present)
                return present ? -EXFULL : -ENOMEDIUM;

        r = slot_set_state(db, c.slot, present ? NTMS_SLOTSTATE_FULL : NTMS_SLOTSTATE_EMPTY);
        if (r < 0)
                return r;
        return cleaner_set(db, library, present, uses);
}

int db_cleaner_record_inserted(Db *db, const char *library, uint32_t uses) {
        return cleaner_moved(db, library, true, uses);
}

int db_cleaner_record_removed(Db *db, const char *library) {
        return cleaner_moved(db, library, false, 0);
}

int db_cleaner_record_use(Db *db, const char *library, uint32_t *ret_remaining) {
        uint32_t left;
        DbCleaner c;
        int r;

        r = db_cleaner_get(db, library, &c);
        if (r < 0)
                return r;
        if (!c.present)
                return -ENOMEDIUM;
        if (c.uses_remaining == 0)
                return -EDQUOT;

        left = c.uses_remaining == DB_CLEANER_USES_UNCOUNTED ? c.uses_remaining : c.uses_remaining - 1;
        r = cleaner_set(db, library, true, left);
        if (r < 0)
                return r;
        if (ret_remaining)
                *ret_remaining = left;
        return 0;
}

int db_cleaner_record_found(Db *db, const char *library, bool full) {
        DbCleaner c;
        int r;

        r = db_cleaner_get(db, library, &c);
        if (r < 0)
                return r;
        assert(c.slot[0] || !full);

        if (full == c.present)
                return 0;
        return full ? cleaner_set(db, library, true, DB_CLEANER_USES_UNCOUNTED) : cleaner_set(db, library, false, 0);
}

int db_cleaner_settle_flags(Db *db, const char *library, uint32_t flags_before) {
        _cleanup_(db_releasep) sqlite3_stmt *s = NULL;
        DbCleaner c;
        uint32_t flags;
        int r;

        r = db_cleaner_get(db, library, &c);
        if (r < 0)
                return r;

        flags = (c.flags & ~FLAGS_RECORDED) | (flags_before & FLAGS_RECORDED);
        if (!(flags & NTMS_LIBRARYFLAG_CLEANERPRESENT) && c.uses_remaining != 0)
                return -EINVAL;
        flags &= ~NTMS_LIBRARYFLAG_IGNORECLEANERUSESREMAINING;
        if (c.uses_remaining == DB_CLEANER_USES_UNCOUNTED)
                flags |= NTMS_LIBRARYFLAG_IGNORECLEANERUSESREMAINING;
        if (flags == c.flags)
                return 0;

        r = db_prepare_cached(db, "UPDATE library SET dwFlags = ?2 WHERE guid = ?1", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, library)) < 0 ||
            (r = db_bind_int64(db, s, 2, flags)) < 0)
                return r;
        return db_step_done(db, s);
}
