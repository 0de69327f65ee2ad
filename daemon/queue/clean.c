/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* CleanNtmsDrive, and the cleanings rsmd asks for itself when a drive says
 * it needs one: a library request that runs alone in its library. The robot
 * moves the library's cleaner from its reserved slot into the empty drive,
 * the drive cleans and ejects it, the robot takes it back; the cleaner has
 * one cleaning less and the drive records when it was cleaned. A drive that
 * holds a dismounted medium is emptied first; one whose medium is mounted
 * is waited for. A drive of a stand-alone library is cleaned by hand: it is
 * only recorded as cleaned, as the function's remarks say. */

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "db/cleaner.h"
#include "db/library.h"
#include "log.h"
#include "macro.h"
#include "ntmsapi.h"
#include "queue-internal.h"

typedef struct CleanOp {
        QueueJob *job;
        char drive[DB_GUID_MAX];
        size_t drive_index;
        uint16_t drive_address;
        uint16_t cleaner_address;
        int cleaned;                    /* the drive's cleaning: 0, or why it failed */
} CleanOp;

/* The library's cleaner can clean now. */
static int cleaner_check(Db *db, const char *library, DbCleaner *ret) {
        int r;

        r = db_cleaner_get(db, library, ret);
        if (r < 0)
                return r;
        if (!ret->slot[0])
                return -ENODATA;
        if (!ret->present)
                return -ENOMEDIUM;
        if (ret->uses_remaining == 0)
                return -EDQUOT;
        if (ret->slot_address == DB_NO_ADDRESS)
                return -EHOSTDOWN;
        return 0;
}

static int record_cleaned(Db *db, const char *drive) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        int r;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;
        r = db_drive_record_cleaned(db, drive);
        if (r < 0)
                return r;
        return db_commit(TAKE_PTR(tx));
}

/* Queues the cleaning of the drive; caller NULL: rsmd's own. */
static int clean_queue(QueueManager *m, const QueueCaller *caller, const DbDrive *d) {
        _cleanup_(job_discardp) QueueJob *job = NULL;
        DbLibRequest t = {
                .operation = NTMS_LM_CLEANDRIVE,
                .state = NTMS_LM_QUEUED,
                .priority = caller ? NTMS_PRIORITY_NORMAL : NTMS_PRIORITY_HIGH,
        };
        const QueueCaller rsmd = {
                .application = "rsmd",
                .user = "",
                .computer = m->hostname,
        };
        CleanOp *op;
        int r;

        r = job_new_with_op(m, QUEUE_CLEAN, sizeof(CleanOp), free, &job);
        if (r < 0)
                return r;
        op = job->op;
        op->job = job;
        memcpy(op->drive, d->guid, DB_GUID_MAX);
        memcpy(job->parts[0].drive, d->guid, DB_GUID_MAX);
        memcpy(t.library, d->library, DB_GUID_MAX);
        memcpy(t.drive, d->guid, DB_GUID_MAX);

        r = job_record_and_enqueue(job, &t, caller ?: &rsmd);
        if (r < 0)
                return r;
        log_object_info(queue_job_request(job), "Cleaning of drive %s queued", d->guid);
        TAKE_PTR(job);
        return 0;
}

int queue_clean_drive(QueueManager *m, const QueueCaller *caller, const char *drive) {
        DbCleaner cleaner;
        uint32_t type;
        DbDrive d;
        int r;

        assert(m);
        assert(caller);
        assert(drive);

        r = db_drive_lookup(m->db, drive, &d);
        if (r < 0)
                return r;
        r = db_library_get_type(m->db, d.library, &type);
        if (r < 0)
                return r == -ENOENT ? -EMEDIUMTYPE : r;
        if (!d.enabled || !d.library_enabled)
                return -ENODEV;
        if (type == NTMS_LIBRARYTYPE_STANDALONE) {
                log_object_info(drive, "Drive recorded as cleaned");
                return record_cleaned(m->db, drive);
        }
        if (type != NTMS_LIBRARYTYPE_ONLINE)
                return -EMEDIUMTYPE;
        if (!queue_controller(m, d.library) || d.address == DB_NO_ADDRESS)
                return -EHOSTDOWN;
        r = cleaner_check(m->db, d.library, &cleaner);
        if (r < 0)
                return r;
        return clean_queue(m, caller, &d);
}

/* --- the work ---------------------------------------------------------------------------- */

static LibraryController *clean_controller(CleanOp *op) {
        return queue_controller(op->job->manager, op->job->queue->library);
}

static void on_status(int r, const ChangerInventory *status, void *userdata) {
        CleanOp *op = userdata;
        LibraryController *c = clean_controller(op);

        if (op->job->manager->stopping)
                return;
        if (r >= 0 && c)
                r = library_controller_record_status(c, status);
        job_finish(op->job, r < 0 ? r : op->cleaned);
}

static int record_use(CleanOp *op) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        Db *db = op->job->manager->db;
        uint32_t left;
        int r;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;
        r = db_drive_record_cleaned(db, op->drive);
        if (r < 0)
                return r;
        r = db_cleaner_record_use(db, op->job->queue->library, &left);
        if (r < 0)
                return r;
        r = db_commit(TAKE_PTR(tx));
        if (r < 0)
                return r;
        log_object_info(op->drive, "Drive cleaned; the cleaner has %u cleanings left", left);
        return 0;
}

static void on_moved_back(int r, void *userdata) {
        CleanOp *op = userdata;
        LibraryController *c = clean_controller(op);

        if (op->job->manager->stopping)
                return;
        if (r < 0) {
                job_finish(op->job, queue_step_error(r));
                return;
        }
        if (op->cleaned == 0) {
                r = record_use(op);
                if (r < 0) {
                        job_finish(op->job, r);
                        return;
                }
        }
        /* Slots and drive as the changer has them now. */
        r = c ? library_controller_read_status(c, on_status, op) : -EHOSTDOWN;
        if (r < 0)
                job_finish(op->job, queue_step_error(r));
}

static void on_cleaned(int r, void *userdata) {
        CleanOp *op = userdata;
        LibraryController *c = clean_controller(op);

        if (op->job->manager->stopping)
                return;
        if (r < 0)
                log_object_error_errno(op->drive, r, "Cleaning the drive failed: %m");
        op->cleaned = r == -ECANCELED || r == -ESHUTDOWN ? -EHOSTDOWN : r;

        /* Whatever the drive did, the cleaner goes back to its slot. */
        r = c ? library_controller_move(c, op->drive_address, op->cleaner_address, false, on_moved_back, op)
              : -EHOSTDOWN;
        if (r < 0)
                job_finish(op->job, queue_step_error(r));
}

static void on_moved_in(int r, void *userdata) {
        CleanOp *op = userdata;
        LibraryController *c = clean_controller(op);

        if (op->job->manager->stopping)
                return;
        r = r < 0 ? r : c ? library_controller_drive_clean(c, op->drive_index, on_cleaned, op) : -EHOSTDOWN;
        if (r < 0)
                job_finish(op->job, queue_step_error(r));
}

static int record_start(CleanOp *op) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        Db *db = op->job->manager->db;
        int r;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;
        r = db_librequest_start(db, queue_job_request(op->job), op->drive, NULL);
        if (r < 0)
                return r;
        r = db_drive_record_cleaning(db, op->drive);
        if (r < 0)
                return r;
        return db_commit(TAKE_PTR(tx));
}

bool clean_try_start(QueueJob *job) {
        QueueManager *m = job->manager;
        CleanOp *op = job->op;
        LibraryController *c;
        DbCleaner cleaner;
        DbDrive d;
        int r;

        assert(job->kind == QUEUE_CLEAN);
        assert(job->state == JOB_QUEUED);

        c = queue_controller(m, job->queue->library);
        if (!c)
                return false;

        r = db_drive_lookup(m->db, op->drive, &d);
        if (r >= 0 && (!d.enabled || !d.library_enabled))
                r = -ENODEV;
        if (r < 0) {
                job_finish(job, r);
                return false;
        }
        /* The drive must be empty: a dismounted medium goes home first, a
         * mounted one is waited for. */
        if (d.medium[0]) {
                if (d.media_state == NTMS_MEDIASTATE_UNLOADED)
                        (void) dismount_queue_drive(job->queue, d.guid);
                return false;
        }

        r = cleaner_check(m->db, d.library, &cleaner);
        if (r >= 0 && d.address == DB_NO_ADDRESS)
                r = -EHOSTDOWN;
        if (r >= 0)
                r = record_start(op);
        if (r < 0) {
                job_finish(job, r);
                return false;
        }
        op->drive_index = d.number - 1;
        op->drive_address = (uint16_t) d.address;
        op->cleaner_address = (uint16_t) cleaner.slot_address;
        job_mark_running(job);
        log_object_info(queue_job_request(job), "Cleaning drive %s", op->drive);

        r = library_controller_move(c, op->cleaner_address, op->drive_address, false, on_moved_in, op);
        if (r < 0) {
                job_finish(job, queue_step_error(r));
                return false;
        }
        return true;
}

/* --- cleaning when the drive asks for it --------------------------------------------------------- */

typedef struct CleanCheck {
        QueueManager *manager;
        char drive[DB_GUID_MAX];
} CleanCheck;

static void on_wants_cleaning(int r, bool wanted, void *userdata) {
        _cleanup_free_ CleanCheck *check = userdata;
        QueueManager *m = check->manager;
        DbCleaner cleaner;
        DbDrive d;

        if (m->stopping || r < 0 || !wanted)
                return;
        log_object_info(check->drive, "The drive asks to be cleaned");
        r = db_drive_lookup(m->db, check->drive, &d);
        if (r < 0)
                return;
        r = cleaner_check(m->db, d.library, &cleaner);
        if (r < 0) {
                log_object_warning_errno(check->drive, r,
                                         "The drive cannot be cleaned, its library has no usable cleaner: %m");
                return;
        }
        (void) clean_queue(m, NULL, &d);
}

void clean_check_drive(LibraryQueue *q, const char *drive, size_t index) {
        LibraryController *c = queue_controller(q->manager, q->library);
        CleanCheck *check;

        if (!c)
                return;
        check = calloc(1, sizeof *check);
        if (!check)
                return;
        check->manager = q->manager;
        memcpy(check->drive, drive, DB_GUID_MAX);
        if (library_controller_drive_wants_cleaning(c, index, on_wants_cleaning, check) < 0)
                free(check);
}
