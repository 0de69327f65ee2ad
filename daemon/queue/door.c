/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* AccessNtmsLibraryDoor: a library request that runs alone in its library.
 * The door is unlocked and recorded open; the robot then waits until the
 * door is closed again, which a changer tells by a unit attention (its media
 * may have changed) or by becoming ready after it was not, or, for a library
 * that tells nothing, when the door's MaxOpenSecs (DOOR_DEFAULT_SECS when
 * unset) are over. The door is locked and recorded closed, and the library
 * is inventoried by the method the caller asked for: an operator may have
 * moved any cartridge while it was open. */

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "db/port.h"
#include "log.h"
#include "macro.h"
#include "ntmsapi.h"
#include "queue-internal.h"

#define USEC_PER_SEC 1000000ULL
#define DOOR_DEFAULT_SECS 300
#define DOOR_POLL_USEC (1ULL * USEC_PER_SEC)
/* Looks in a row that may fail to reach the changer before the request
 * gives up (a login refused while another initiator logs in). */
#define DOOR_LOOK_RETRIES 5

typedef struct DoorOp {
        QueueJob *job;
        uint32_t method;                /* the inventory after: NTMS_INVENTORY_NONE, _FAST or _OMID */
        char door[DB_GUID_MAX];
        uint64_t deadline;              /* CLOCK_MONOTONIC */
        sd_event_source *poll;
        bool seen_not_ready;
        unsigned failed_looks;          /* in a row */
        int r;
} DoorOp;

static void door_op_free(void *p) {
        DoorOp *op = p;

        if (!op)
                return;
        sd_event_source_disable_unref(op->poll);
        free(op);
}

int queue_door(QueueManager *m, const QueueCaller *caller, const char *library, uint32_t action) {
        _cleanup_(job_discardp) QueueJob *job = NULL;
        DbLibRequest t = {
                .operation = NTMS_LM_DOORACCESS,
                .option = action,
                .state = NTMS_LM_QUEUED,
                .priority = NTMS_PRIORITY_NORMAL,
        };
        DbLibraryAccess a;
        DoorOp *op;
        int r;

        assert(m);
        assert(caller);
        assert(library);

        if (action == NTMS_INVENTORY_STOP)
                return -EINVAL;
        r = db_library_access(m->db, library, &a);
        if (r < 0)
                return r;
        if (a.library_type != NTMS_LIBRARYTYPE_ONLINE)
                return -EMEDIUMTYPE;
        if (!a.enabled)
                return -ENODEV;
        if (a.n_doors == 0)
                return -ENXIO;
        /* Resolves NTMS_INVENTORY_DEFAULT, checks the method and that the
         * library is served. */
        r = library_manager_inventory_check(m->libraries, library, &action);
        if (r < 0)
                return r;

        r = job_new_with_op(m, QUEUE_DOOR, sizeof(DoorOp), door_op_free, &job);
        if (r < 0)
                return r;
        op = job->op;
        op->job = job;
        op->method = action;
        memcpy(op->door, a.door, DB_GUID_MAX);
        memcpy(t.library, library, DB_GUID_MAX);

        r = job_record_and_enqueue(job, &t, caller);
        if (r < 0)
                return r;
        log_object_info(queue_job_request(job), "Door access to library %s queued", library);
        TAKE_PTR(job);
        return 0;
}

static LibraryController *door_controller(DoorOp *op) {
        return queue_controller(op->job->manager, op->job->queue->library);
}

static int record_door(DoorOp *op, uint32_t state, bool start) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        Db *db = op->job->manager->db;
        int r;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;
        if (start) {
                r = db_librequest_start(db, queue_job_request(op->job), NULL, NULL);
                if (r < 0)
                        return r;
        }
        r = db_door_set_state(db, op->door, state);
        if (r < 0)
                return r;
        return db_commit(TAKE_PTR(tx));
}

static void on_inventory_done(int r, const DbInventoryStats *stats, void *userdata) {
        DoorOp *op = userdata;
        QueueManager *m = op->job->manager;

        if (m->stopping)
                return;
        if (r == -ECANCELED)
                r = -EHOSTDOWN;
        job_finish(op->job, r);
        /* Cartridges the operator brought may be what waiting mounts need. */
        queue_manager_recheck_soon(m);
}

static void on_locked(int r, void *userdata) {
        DoorOp *op = userdata;
        LibraryController *c;

        if (op->job->manager->stopping)
                return;
        if (r < 0)
                log_object_warning_errno(queue_job_request(op->job), r, "Locking the door again failed: %m");

        r = record_door(op, NTMS_DOORSTATE_CLOSED, false);
        if (r < 0 || op->r < 0 || op->method == NTMS_INVENTORY_NONE) {
                job_finish(op->job, r < 0 ? r : op->r);
                return;
        }
        c = door_controller(op);
        r = c ? library_controller_inventory(c, op->method, on_inventory_done, op) : -EHOSTDOWN;
        if (r < 0)
                job_finish(op->job, queue_step_error(r));
}

static void door_close(DoorOp *op, int r) {
        LibraryController *c = door_controller(op);

        op->r = r;
        log_object_info(queue_job_request(op->job), "The door of library %s is closed", op->job->queue->library);
        r = c ? library_controller_lock(c, true, on_locked, op) : -EHOSTDOWN;
        if (r < 0)
                on_locked(r, op);
}

static void door_wait(DoorOp *op);

static void on_ready(int r, bool attention, void *userdata) {
        DoorOp *op = userdata;
        uint64_t now = 0;

        if (op->job->manager->stopping)
                return;
        (void) sd_event_now(op->job->manager->event, CLOCK_MONOTONIC, &now);
        if (r == -EHOSTDOWN && ++op->failed_looks < DOOR_LOOK_RETRIES && now < op->deadline) {
                door_wait(op);
                return;
        }
        if (r == -EHOSTDOWN || r == -ECANCELED || r == -ESHUTDOWN) {
                door_close(op, queue_step_error(r));
                return;
        }
        op->failed_looks = 0;
        if (r < 0)
                op->seen_not_ready = true;

        if (attention || (r == 0 && op->seen_not_ready) || now >= op->deadline) {
                door_close(op, 0);
                return;
        }
        door_wait(op);
}

static int on_poll(sd_event_source *s, uint64_t usec, void *userdata) {
        DoorOp *op = userdata;
        LibraryController *c = door_controller(op);
        int r;

        op->poll = sd_event_source_disable_unref(op->poll);
        r = c ? library_controller_test_ready(c, on_ready, op) : -EHOSTDOWN;
        if (r < 0)
                door_close(op, queue_step_error(r));
        return 0;
}

static void door_wait(DoorOp *op) {
        int r;

        r = sd_event_add_time_relative(op->job->manager->event, &op->poll, CLOCK_MONOTONIC, DOOR_POLL_USEC,
                                       USEC_PER_SEC / 10, on_poll, op);
        if (r < 0)
                door_close(op, r);
}

static void on_unlocked(int r, void *userdata) {
        DoorOp *op = userdata;

        if (op->job->manager->stopping)
                return;
        if (r < 0) {
                log_object_error_errno(queue_job_request(op->job), r, "Unlocking the door failed: %m");
                (void) record_door(op, NTMS_DOORSTATE_CLOSED, false);
                job_finish(op->job, queue_step_error(r));
                return;
        }
        door_wait(op);
}

bool door_try_start(QueueJob *job) {
        QueueManager *m = job->manager;
        DoorOp *op = job->op;
        DbLibraryAccess a;
        LibraryController *c;
        uint64_t now;
        int r;

        assert(job->kind == QUEUE_DOOR);
        assert(job->state == JOB_QUEUED);

        c = queue_controller(m, job->queue->library);
        if (!c)
                return false;

        r = db_library_access(m->db, job->queue->library, &a);
        if (r >= 0)
                r = sd_event_now(m->event, CLOCK_MONOTONIC, &now);
        if (r >= 0)
                r = record_door(op, NTMS_DOORSTATE_OPEN, true);
        if (r < 0) {
                job_finish(job, r);
                return false;
        }
        op->deadline = now + (uint64_t) (a.max_open_secs ?: DOOR_DEFAULT_SECS) * USEC_PER_SEC;
        job_mark_running(job);
        log_object_info(queue_job_request(job), "The door of library %s is open", job->queue->library);

        r = library_controller_lock(c, false, on_unlocked, op);
        if (r < 0)
                on_unlocked(r, op);
        return true;
}
