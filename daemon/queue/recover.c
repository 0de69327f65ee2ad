/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* What a new rsmd finds of the old one's requests. The callers of the old
 * rsmd are gone with its bus connection, and its workers with the process:
 *
 *  - a request that was in process ends FAILED (dwErrorCode
 *    ERROR_INVALID_STATE), deliberately and only after the library's element
 *    status was read again at the first probe and recorded, so that the
 *    database says where each cartridge really is; its media stay where they
 *    are found, a cartridge in a drive dismountable (it goes home after the
 *    drive's deferral, or is mounted there again without a move);
 *  - a queued or waiting mount or inventory ends CANCELLED (ERROR_CANCELLED):
 *    nobody waits for it any more, and a mount nobody waits for would keep
 *    a drive for no one; so do inserts, ejects and door accesses, whose
 *    operator is gone too; queued cleanings are deleted, as documented;
 *  - a door that was open is recorded closed;
 *  - a queued dismount is queued again: it was asked for, and its caller did
 *    not wait for it anyway;
 *  - media mounted by requests that passed stay mounted: their applications
 *    may dismount them;
 *  - a library whose requests are unfinished but that rsmd no longer serves
 *    keeps them until it is served again.
 * Requests the new rsmd queued itself meanwhile are left alone. */

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "db/port.h"
#include "log.h"
#include "macro.h"
#include "ntmsapi.h"
#include "queue-internal.h"

/* An unfinished request of the old rsmd: one that no job of ours holds. */
static bool is_old(QueueManager *m, const DbLibRequest *req) {
        return !queue_find_job(m, req->guid);
}

static bool needs_reread(QueueManager *m, const char *library, const DbLibRequest *reqs, size_t n) {
        uint64_t in_transit = 0;

        for (size_t i = 0; i < n; i++)
                if (reqs[i].state == NTMS_LM_INPROCESS && is_old(m, reqs + i))
                        return true;
        return db_drive_in_transit(m->db, library, &in_transit) >= 0 && in_transit > 0;
}

/* Ends the old requests and releases what they held (caller's transaction). */
static int end_old_requests(QueueManager *m, const char *library, const DbLibRequest *reqs, size_t n,
                            unsigned *ret_failed, unsigned *ret_cancelled) {
        int r;

        for (size_t i = 0; i < n; i++) {
                const DbLibRequest *req = reqs + i;

                if (!is_old(m, req) || (req->operation == NTMS_LM_DISMOUNT && req->state != NTMS_LM_INPROCESS))
                        continue;

                if (req->state == NTMS_LM_INPROCESS) {
                        r = db_librequest_finish(m->db, req->guid, NTMS_LM_FAILED,
                                                 queue_error_code(m, -ENOTRECOVERABLE));
                        (*ret_failed)++;
                } else {
                        r = db_librequest_finish(m->db, req->guid, NTMS_LM_CANCELLED, queue_error_code(m, -ECANCELED));
                        (*ret_cancelled)++;
                }
                if (r < 0)
                        return r;

                /* "Queued cleaning requests are deleted when the service is restarted." */
                if (req->operation == NTMS_LM_CLEANDRIVE && req->state != NTMS_LM_INPROCESS) {
                        r = db_request_delete_finished(m->db, NTMS_LIBREQUEST, req->guid);
                        if (r < 0)
                                return r;
                }
                /* The door the old rsmd had opened counts as closed: the
                 * element status read at start says what the operator did. */
                if (req->state == NTMS_LM_INPROCESS && req->operation == NTMS_LM_DOORACCESS) {
                        DbLibraryAccess a;

                        r = db_library_access(m->db, library, &a);
                        if (r >= 0 && a.door[0])
                                r = db_door_set_state(m->db, a.door, NTMS_DOORSTATE_CLOSED);
                        if (r < 0)
                                return r;
                }

                /* A mount that was in process may have recorded a medium as
                 * mounted before all of its media were. */
                if (req->state == NTMS_LM_INPROCESS && req->operation == NTMS_LM_MOUNT && req->medium[0]) {
                        r = db_drive_unclaim(m->db, req->medium);
                        if (r < 0 && r != -ENOENT)
                                return r;
                }
        }

        r = db_drive_release_in_transit(m->db, library);
        if (r < 0)
                return r;
        return db_drive_sync(m->db, library);
}

/* The old queued dismounts, as jobs of q again. */
static void requeue_dismounts(QueueManager *m, LibraryQueue *q, const DbLibRequest *reqs, size_t n) {
        for (size_t i = 0; i < n; i++) {
                const DbLibRequest *req = reqs + i;
                QueueJob *job;

                if (!is_old(m, req) || req->operation != NTMS_LM_DISMOUNT || req->state == NTMS_LM_INPROCESS)
                        continue;
                if (job_new(m, QUEUE_DISMOUNT, 1, &job) < 0) {
                        log_oom();
                        return;
                }
                job->options = NTMS_DISMOUNT_IMMEDIATE;
                job->node.priority = req->priority;
                memcpy(job->parts[0].request, req->guid, DB_GUID_MAX);
                memcpy(job->parts[0].drive, req->drive, DB_GUID_MAX);
                memcpy(job->parts[0].medium, req->medium, DB_GUID_MAX);
                memcpy(job->parts[0].side, req->partition, DB_GUID_MAX);
                job_enqueue(job, q);
        }
}

static void recover_library(QueueManager *m, LibraryController *c, const ChangerInventory *elements) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        _cleanup_free_ DbLibRequest *reqs = NULL;
        const char *library = library_controller_guid(c);
        unsigned failed = 0, cancelled = 0;
        LibraryQueue *q;
        size_t n = 0;
        int r;

        assert(library[0]);

        r = library_queue_get(m, library, &q);
        if (r < 0) {
                log_object_error_errno(library, r, "Cannot set up the queue of the library: %m");
                return;
        }

        r = db_librequest_unfinished(m->db, library, &reqs, &n);
        if (r >= 0 && needs_reread(m, library, reqs, n) && elements->n_elements > 0) {
                log_object_info(library, "Requests were in process when rsmd stopped: recording the element status "
                                "read at start");
                r = library_controller_record_status(c, elements);
        }
        if (r >= 0)
                r = db_begin(m->db);
        if (r >= 0) {
                tx = m->db;
                r = end_old_requests(m, library, reqs, n, &failed, &cancelled);
        }
        if (r >= 0)
                r = db_commit(TAKE_PTR(tx));
        if (r < 0) {
                /* The queue stays closed: nothing runs on a library whose state
                 * is not known. The next probe tries again. */
                log_object_error_errno(library, r, "Cannot recover the requests of the library: %m");
                return;
        }

        if (failed + cancelled > 0)
                log_object_info(library, "Requests of the previous rsmd: %u in process failed, %u queued cancelled",
                                failed, cancelled);
        requeue_dismounts(m, q, reqs, n);

        q->started = true;
        library_queue_dispatch_soon(q);
        queue_manager_recheck_soon(m);
}

/* After the cleaner went back to its slot: the element status read then,
 * NULL when that failed (nothing more is recorded than the probe saw). */
static void recover_library_again(QueueManager *m, LibraryController *c, const ChangerInventory *elements) {
        const ChangerInventory none = {};

        recover_library(m, c, elements ?: &none);
}

void queue_recover_library(QueueManager *m, LibraryController *c, const ChangerInventory *elements) {
        _cleanup_free_ DbLibRequest *reqs = NULL;
        size_t n = 0;
        int r;

        r = db_librequest_unfinished(m->db, library_controller_guid(c), &reqs, &n);
        if (r >= 0)
                r = recover_cleaner(m, c, elements, reqs, n, recover_library_again);
        if (r > 0)
                return;
        recover_library(m, c, elements);
}

void queue_recover_offline(QueueManager *m) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        _cleanup_free_ DbLibRequest *reqs = NULL;
        size_t n = 0;
        int r;

        /* Mounts that waited for offline media: their callers are gone. */
        r = db_librequest_unfinished(m->db, m->offline, &reqs, &n);
        if (r >= 0 && n > 0)
                r = db_begin(m->db);
        if (r < 0 || n == 0)
                goto finish;
        tx = m->db;
        for (size_t i = 0; i < n && r >= 0; i++)
                r = db_librequest_finish(m->db, reqs[i].guid, NTMS_LM_CANCELLED, queue_error_code(m, -ECANCELED));
        if (r >= 0)
                r = db_commit(TAKE_PTR(tx));

finish:
        if (r < 0)
                log_error_errno(r, "Cannot cancel the mounts the previous rsmd had waiting: %m");
        else if (n > 0)
                log_info("%zu mounts waiting for offline media when rsmd stopped were cancelled", n);
}
