/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The queue manager: one queue per library, the mounts that wait for media
 * to come online, the dispatcher that starts what can start, and the life of
 * a job (recorded, queued, running, ended). */

#include <assert.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/library.h"
#include "log.h"
#include "macro.h"
#include "ntmsapi.h"
#include "queue-internal.h"

#define USEC_PER_MSEC 1000ULL
#define USEC_PER_SEC 1000000ULL

/* Finished requests are purged (dwLibRequestPurgeTime) at most this often. */
#define PURGE_INTERVAL_USEC (60ULL * USEC_PER_SEC)

uint32_t queue_error_code(QueueManager *m, int r) {
        return r == 0 ? ERROR_SUCCESS : m->error_code(r);
}

LibraryController *queue_controller(QueueManager *m, const char *library) {
        return library_manager_get(m->libraries, library);
}

int queue_step_error(int r) {
        /* The controller stopped: its library is no longer served. */
        if (r == -ECANCELED || r == -ESHUTDOWN)
                return -EHOSTDOWN;
        if (r == -EHOSTDOWN || r == -ENOMEM)
                return r;
        return -EREMOTEIO;
}

/* --- jobs ------------------------------------------------------------------- */

QueueJob *queue_job_of(OrderNode *n) {
        return (QueueJob *) ((char *) n - offsetof(QueueJob, node));
}

/* Dismounts and ejects give a drive back: they are served first, and one
 * that waits holds its drive already. */
static bool job_empties_drive(const QueueJob *job) {
        return job->kind == QUEUE_DISMOUNT || job->kind == QUEUE_SA_EJECT;
}

static OrderList *job_list(QueueJob *job) {
        if (job->state == JOB_WAITING)
                return &job->manager->waiting;
        assert(job->queue);
        return job_empties_drive(job) ? &job->queue->dismounts : &job->queue->work;
}

int job_new(QueueManager *m, QueueJobKind kind, size_t n_parts, QueueJob **ret) {
        QueueJob *job;

        assert(m);
        assert(n_parts > 0);

        job = calloc(1, sizeof *job);
        if (!job)
                return -ENOMEM;
        job->parts = calloc(n_parts, sizeof(QueuePart));
        if (!job->parts) {
                free(job);
                return -ENOMEM;
        }
        job->manager = m;
        job->kind = kind;
        job->n_parts = n_parts;
        job->node.kind = kind;
        for (size_t i = 0; i < n_parts; i++)
                job->parts[i].job = job;
        *ret = job;
        return 0;
}

/* Frees a job that is in no list. */
static void job_free(QueueJob *job) {
        if (!job)
                return;
        if (job->op_free)
                job->op_free(job->op);
        sd_event_source_disable_unref(job->timer);
        free(job->parts);
        free(job);
}

void job_discard(QueueJob *job) {
        assert(!job || (!job->queue && job->state != JOB_WAITING));
        job_free(job);
}

int job_new_with_op(QueueManager *m, QueueJobKind kind, size_t op_size, void (*op_free)(void *op), QueueJob **ret) {
        QueueJob *job;
        int r;

        assert(op_size > 0);
        assert(op_free);

        r = job_new(m, kind, 1, &job);
        if (r < 0)
                return r;
        job->op = calloc(1, op_size);
        if (!job->op) {
                job_free(job);
                return -ENOMEM;
        }
        job->op_free = op_free;
        *ret = job;
        return 0;
}

static void job_unlink(QueueJob *job) {
        if (job->state == JOB_WAITING || job->queue)
                order_remove(job_list(job), &job->node);
}

int job_record(QueueJob *job, const DbLibRequest *templates, const QueueCaller *caller) {
        const DbRequester who = {
                .application = caller->application,
                .user = caller->user,
                .computer = caller->computer,
        };
        int r;

        for (size_t i = 0; i < job->n_parts; i++) {
                DbLibRequest req = templates[i];

                /* The requests of one call point at its first. */
                if (i > 0)
                        memcpy(req.work_item, job->parts[0].request, DB_GUID_MAX);
                r = db_librequest_insert(job->manager->db, &req, &who, job->parts[i].request);
                if (r < 0)
                        return r;
        }
        job->session = caller->session;
        job->node.priority = templates[0].priority;
        return 0;
}

int job_record_and_enqueue(QueueJob *job, const DbLibRequest *t, const QueueCaller *caller) {
        LibraryQueue *q;
        int r;

        r = library_queue_get(job->manager, t->library, &q);
        if (r < 0)
                return r;
        r = job_submit(job, t, caller, q, NULL, NULL);
        if (r < 0)
                return r;
        /* Answered once queued: nobody waits for it, so the end of the
         * caller's session (rsm exits) does not cancel it. */
        job->session = 0;
        return 0;
}

void job_enqueue(QueueJob *job, LibraryQueue *q) {
        job->queue = q;
        job->state = q ? JOB_QUEUED : JOB_WAITING;
        job->node.waiting = true;
        order_insert(job_list(job), &job->node);
        if (q)
                library_queue_dispatch_soon(q);
}

int job_submit(QueueJob *job, const DbLibRequest *templates, const QueueCaller *caller, LibraryQueue *q,
               QueueJobDone done, void *userdata) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        Db *db = job->manager->db;
        int r;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;
        r = job_record(job, templates, caller);
        if (r < 0)
                return r;
        r = db_commit(TAKE_PTR(tx));
        if (r < 0)
                return r;

        job->done = done;
        job->userdata = userdata;
        job_enqueue(job, q);
        return 0;
}

int part_record_start(QueuePart *p) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        Db *db = p->job->manager->db;
        int r;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;
        r = db_librequest_start(db, p->request, p->drive, p->slot);
        if (r < 0)
                return r;
        return db_commit(TAKE_PTR(tx));
}

static void job_give_up(QueueJob *job, int r);

static int on_job_timeout(sd_event_source *s, uint64_t usec, void *userdata) {
        QueueJob *job = userdata;

        job->timer = sd_event_source_disable_unref(job->timer);

        /* "If RSM cannot complete the mount operation before dwTimeout
         * expires, NTMS cancels the request and returns an error." */
        log_debug("Request %s timed out %s", queue_job_request(job),
                  job->state == JOB_RUNNING ? "while it runs" : "before it could start");
        job_give_up(job, -ETIME);
        return 0;
}

int job_start_timer(QueueJob *job, uint32_t timeout_ms) {
        QueueManager *m = job->manager;
        uint64_t now;
        int r;

        if (timeout_ms == INFINITE)
                return 0;

        r = sd_event_now(m->event, CLOCK_MONOTONIC, &now);
        if (r < 0)
                return r;
        return sd_event_add_time(m->event, &job->timer, CLOCK_MONOTONIC, now + (uint64_t) timeout_ms * USEC_PER_MSEC,
                                 USEC_PER_MSEC, on_job_timeout, job);
}

void job_mark_running(QueueJob *job) {
        assert(job->state == JOB_QUEUED);

        job->state = JOB_RUNNING;
        job->node.waiting = false;
}

static uint32_t end_state(int r) {
        if (r == 0)
                return NTMS_LM_PASSED;
        if (r == -ECANCELED || r == -ETIME)
                return NTMS_LM_CANCELLED;
        return NTMS_LM_FAILED;
}

int job_record_end(QueueJob *job, int r) {
        QueueManager *m = job->manager;
        int q;

        for (size_t i = 0; i < job->n_parts; i++) {
                if (!job->parts[i].request[0])
                        continue;
                q = db_librequest_finish(m->db, job->parts[i].request, end_state(r), queue_error_code(m, r));
                /* A request deleted with its library has nothing left to record. */
                if (q < 0 && q != -ENOENT)
                        return q;
        }
        return 0;
}

static void queue_purge_finished(QueueManager *m) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        uint32_t purge_time, flags;
        uint64_t now = 0, wall = 0;
        int r;

        (void) sd_event_now(m->event, CLOCK_MONOTONIC, &now);
        if (m->last_purge != 0 && now < m->last_purge + PURGE_INTERVAL_USEC)
                return;
        m->last_purge = now ?: 1;

        r = db_begin(m->db);
        if (r < 0)
                return;
        tx = m->db;
        r = db_librequest_purge_policy(m->db, &purge_time, &flags);
        /* A purge time of 0 keeps finished requests until they are deleted:
         * NTMS_MOUNT_NOWAIT callers follow theirs after they ended. */
        if (r < 0 || purge_time == 0 || (flags & NTMS_LIBREQFLAGS_NOAUTOPURGE))
                return;
        r = sd_event_now(m->event, CLOCK_REALTIME, &wall);
        if (r < 0 || wall < (uint64_t) purge_time * USEC_PER_SEC)
                return;
        r = db_librequest_purge(m->db, wall - (uint64_t) purge_time * USEC_PER_SEC,
                                !(flags & NTMS_LIBREQFLAGS_NOFAILEDPURGE));
        if (r < 0)
                return;
        if (db_commit(TAKE_PTR(tx)) >= 0 && r > 0)
                log_debug("Purged %d finished library requests", r);
}

void job_end(QueueJob *job, int r) {
        LibraryQueue *q = job->queue;
        QueueManager *m = job->manager;

        job_unlink(job);
        if (job->done)
                job->done(job, r, job->userdata);
        job_free(job);

        if (m->stopping)
                return;
        if (q) {
                library_queue_dispatch_soon(q);
                if (q->quiesced && !library_queue_runs(q)) {
                        QueueQuiesced done = TAKE_PTR(q->quiesced);

                        done(q->quiesced_userdata);
                }
        }
        queue_purge_finished(m);
}

void job_finish(QueueJob *job, int r) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        Db *db = job->manager->db;
        int q;

        q = db_begin(db);
        if (q >= 0) {
                tx = db;
                q = job_record_end(job, r);
                if (q >= 0)
                        q = db_commit(TAKE_PTR(tx));
        }
        if (q < 0)
                log_error_errno(q, "Recording the end of request %s failed: %m", queue_job_request(job));
        job_end(job, r);
}

const char *queue_job_request(const QueueJob *job) {
        assert(job);
        return job->parts[0].request;
}

const char *queue_job_drive(const QueueJob *job, size_t i) {
        assert(job);
        assert(i < job->n_parts);
        return job->parts[i].drive;
}

size_t queue_job_n_media(const QueueJob *job) {
        assert(job);
        return job->n_parts;
}

static bool job_has_request(const QueueJob *job, const char *request) {
        for (size_t i = 0; i < job->n_parts; i++)
                if (streq(job->parts[i].request, request))
                        return true;
        return false;
}

static QueueJob *find_in(OrderList *l, const char *request) {
        order_for_each(l, n) {
                QueueJob *job = queue_job_of(n);

                if (job_has_request(job, request))
                        return job;
        }
        return NULL;
}

QueueJob *queue_find_job(QueueManager *m, const char *request) {
        QueueJob *job;

        job = find_in(&m->waiting, request);
        for (LibraryQueue *q = m->queues; q && !job; q = q->next) {
                job = find_in(&q->dismounts, request);
                if (!job)
                        job = find_in(&q->work, request);
        }
        return job;
}

/* The caller gave up or is gone: a job that has not started ends, one that
 * runs cannot be stopped half way: its caller hears now, and it goes on and
 * releases what it mounted when it is over. */
static void job_give_up(QueueJob *job, int r) {
        if (job->state != JOB_RUNNING) {
                job_finish(job, r);
                return;
        }
        job->given_up = job->given_up ?: r;
        if (job->done) {
                QueueJobDone done = TAKE_PTR(job->done);

                done(job, r, job->userdata);
        }
}

void queue_job_abandon(QueueJob *job) {
        assert(job);

        job->done = NULL;
        job_give_up(job, -ECANCELED);
}

/* Calls fn on every job of the list; fn may end the job it is given. */
static void for_each_job(OrderList *l, void (*fn)(QueueJob *job, void *userdata), void *userdata) {
        OrderNode *n, *next;

        for (n = l->head; n; n = next) {
                next = n->next;
                fn(queue_job_of(n), userdata);
        }
}

static void end_of_session(QueueJob *job, void *userdata) {
        const uint64_t *session = userdata;

        if (job->session == *session)
                job_give_up(job, -ECANCELED);
}

void queue_manager_session_closed(QueueManager *m, uint64_t session) {
        assert(m);

        if (session == 0 || m->stopping)
                return;
        for_each_job(&m->waiting, end_of_session, &session);
        for (LibraryQueue *q = m->queues; q; q = q->next) {
                for_each_job(&q->dismounts, end_of_session, &session);
                for_each_job(&q->work, end_of_session, &session);
        }
}

/* --- library queues ------------------------------------------------------- */

static int on_dispatch(sd_event_source *s, void *userdata);

LibraryQueue *library_queue_find(QueueManager *m, const char *library) {
        for (LibraryQueue *q = m->queues; q; q = q->next)
                if (streq(q->library, library))
                        return q;
        return NULL;
}

int library_queue_get(QueueManager *m, const char *library, LibraryQueue **ret) {
        LibraryQueue *q;
        int r;

        q = library_queue_find(m, library);
        if (q) {
                *ret = q;
                return 0;
        }

        q = calloc(1, sizeof *q);
        if (!q)
                return -ENOMEM;
        q->manager = m;
        snprintf(q->library, sizeof q->library, "%s", library);

        r = sd_event_add_defer(m->event, &q->dispatch, on_dispatch, q);
        if (r >= 0)
                r = sd_event_source_set_enabled(q->dispatch, SD_EVENT_OFF);
        if (r < 0) {
                sd_event_source_disable_unref(q->dispatch);
                free(q);
                return r;
        }
        (void) sd_event_source_set_description(q->dispatch, "queue-dispatch");

        q->next = m->queues;
        m->queues = q;
        *ret = q;
        return 0;
}

static void free_job_quietly(QueueJob *job, void *userdata) {
        job_unlink(job);
        job_free(job);
}

static void library_queue_free(LibraryQueue *q) {
        deferrals_clear(q);
        free(q->eject_batch);
        for_each_job(&q->dismounts, free_job_quietly, NULL);
        for_each_job(&q->work, free_job_quietly, NULL);
        sd_event_source_disable_unref(q->dispatch);
        free(q);
}

void library_queue_dispatch_soon(LibraryQueue *q) {
        if (q->started && !q->manager->stopping)
                (void) sd_event_source_set_enabled(q->dispatch, SD_EVENT_ONESHOT);
}

static bool list_runs(const OrderList *l) {
        order_for_each(l, n)
                if (!n->waiting)
                        return true;
        return false;
}

bool library_queue_runs(const LibraryQueue *q) {
        return list_runs(&q->dismounts) || list_runs(&q->work);
}

void library_queue_mark_busy(LibraryQueue *q, const DbDrive *drives, size_t n, bool *busy) {
        OrderList *lists[] = { &q->dismounts, &q->work };

        for (size_t l = 0; l < ELEMENTSOF(lists); l++)
                order_for_each(lists[l], node) {
                        QueueJob *job = queue_job_of(node);

                        if (job->state != JOB_RUNNING && !job_empties_drive(job))
                                continue;
                        for (size_t p = 0; p < job->n_parts; p++)
                                for (size_t i = 0; i < n; i++)
                                        if (job->parts[p].drive[0] && streq(drives[i].guid, job->parts[p].drive))
                                                busy[i] = true;
                }
}

bool library_queue_drive_runs(LibraryQueue *q, const char *drive) {
        OrderList *lists[] = { &q->dismounts, &q->work };

        for (size_t l = 0; l < ELEMENTSOF(lists); l++)
                order_for_each(lists[l], node) {
                        QueueJob *job = queue_job_of(node);

                        if (job->state != JOB_RUNNING)
                                continue;
                        for (size_t p = 0; p < job->n_parts; p++)
                                if (streq(job->parts[p].drive, drive))
                                        return true;
                }
        return false;
}

static unsigned count_dismounts(LibraryQueue *q) {
        unsigned n = 0;

        order_for_each(&q->dismounts, node)
                n++;
        return n;
}

static bool exclusive_runs(LibraryQueue *q) {
        order_for_each(&q->work, node)
                if (!node->waiting && job_kind_exclusive(queue_job_of(node)->kind))
                        return true;
        return false;
}

static void exclusive_try_start(QueueJob *job) {
        switch (job->kind) {
        case QUEUE_INVENTORY:
                (void) inventory_try_start(job);
                break;
        case QUEUE_EJECT:
        case QUEUE_INJECT:
                (void) port_try_start(job);
                break;
        case QUEUE_DOOR:
                (void) door_try_start(job);
                break;
        case QUEUE_CLEAN:
                (void) clean_try_start(job);
                break;
        default:
                assert(!"a job that runs alone");
        }
}

/* Waiting mounts whose media left this library go back to the manager,
 * which finds their library again; meanwhile they wait in the offline one. */
static void job_reroute(QueueJob *job) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        QueueManager *m = job->manager;
        int r;

        r = db_begin(m->db);
        if (r >= 0) {
                tx = m->db;
                for (size_t i = 0; i < job->n_parts && r >= 0; i++)
                        r = db_librequest_set_waiting(m->db, job->parts[i].request, NTMS_LM_WAITING, m->offline);
                if (r >= 0)
                        r = db_commit(TAKE_PTR(tx));
        }
        if (r < 0)
                log_object_error_errno(queue_job_request(job), r, "Cannot record the mount waiting for its media: %m");

        job_unlink(job);
        job->queue = NULL;
        job->state = JOB_WAITING;
        order_insert(&job->manager->waiting, &job->node);
        queue_manager_recheck_soon(job->manager);
}

/* A mount can start only into a drive no request holds that is empty or
 * holds a dismounted medium (its own, or one to take home first). */
static bool some_drive_open(const DbDrive *drives, size_t n, const bool *busy) {
        for (size_t i = 0; i < n; i++)
                if (!busy[i] && (!drives[i].medium[0] || drives[i].media_state == NTMS_MEDIASTATE_UNLOADED))
                        return true;
        return false;
}

static void dispatch_work(LibraryQueue *q, DispatchPass *pass) {
        DbDrive *drives = pass->drives;
        bool *busy = pass->busy;
        size_t n = pass->n_drives;
        unsigned evictions = count_dismounts(q), blocked = 0;
        OrderNode *node, *next;

        for (node = q->work.head; node; node = next) {
                QueueJob *job = queue_job_of(node);
                ssize_t evict = -1;

                next = node->next;
                if (job->state != JOB_QUEUED)
                        continue;

                if (job_kind_exclusive(job->kind)) {
                        /* Alone, and nothing behind it overtakes it. */
                        if (!library_queue_runs(q))
                                exclusive_try_start(job);
                        return;
                }

                assert(job->kind == QUEUE_MOUNT);
                /* All drives taken: no mount behind can start either, and a long
                 * queue is not read through for nothing. */
                if (!some_drive_open(drives, n, busy))
                        continue;
                switch (mount_try_start(job, pass, &evict)) {
                case MOUNT_WAIT_DRIVE:
                        /* A drive that holds a dismounted medium is emptied for
                         * it, one for each mount that waits for a drive. */
                        blocked++;
                        if (evict >= 0 && blocked > evictions && dismount_queue_drive(q, drives[evict].guid) >= 0) {
                                busy[evict] = true;
                                evictions++;
                        }
                        break;
                case MOUNT_MOVED:
                        job_reroute(job);
                        break;
                case MOUNT_STARTED:
                case MOUNT_WAIT_MEDIUM:
                case MOUNT_ENDED:
                        break;
                }
        }
}

static void dispatch_pass_done(DispatchPass *pass) {
        free(pass->drives);
        free(pass->busy);
        free(pass->busy_media);
}

static void library_queue_dispatch(LibraryQueue *q) {
        _cleanup_(dispatch_pass_done) DispatchPass pass = {};
        QueueManager *m = q->manager;
        OrderNode *node, *next;
        int r;

        if (!q->started || m->stopping || !queue_controller(m, q->library))
                return;

        r = db_drive_list(m->db, q->library, &pass.drives, &pass.n_drives);
        if (r < 0) {
                log_object_error_errno(q->library, r, "Cannot read the drives of the library: %m");
                return;
        }
        pass.busy = calloc(pass.n_drives ?: 1, sizeof(bool));
        if (!pass.busy) {
                log_oom();
                return;
        }
        library_queue_mark_busy(q, pass.drives, pass.n_drives, pass.busy);
        deferrals_update(q, pass.drives, pass.n_drives, pass.busy);

        if (exclusive_runs(q))
                return;

        /* Dismounts and ejects first: they give drives back. */
        for (node = q->dismounts.head; node; node = next) {
                QueueJob *job = queue_job_of(node);

                next = node->next;
                if (job->state != JOB_QUEUED)
                        continue;
                if (job->kind == QUEUE_SA_EJECT)
                        (void) eject_try_start(job, pass.drives, pass.n_drives, pass.busy);
                else
                        (void) dismount_try_start(job, pass.drives, pass.n_drives, pass.busy);
        }

        dispatch_work(q, &pass);
}

static int on_dispatch(sd_event_source *s, void *userdata) {
        library_queue_dispatch(userdata);
        return 0;
}

/* --- mounts waiting for media ------------------------------------------------ */

static int on_recheck(sd_event_source *s, void *userdata) {
        QueueManager *m = userdata;
        OrderNode *node, *next;

        for (node = m->waiting.head; node; node = next) {
                next = node->next;
                (void) mount_recheck(queue_job_of(node));
        }
        return 0;
}

void queue_manager_recheck_soon(QueueManager *m) {
        if (!m->stopping)
                (void) sd_event_source_set_enabled(m->recheck, SD_EVENT_ONESHOT);
}

/* --- requests ------------------------------------------------------------------ */

int queue_cancel(QueueManager *m, const char *request) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        DbLibRequest req;
        QueueJob *job;
        int r;

        assert(m);
        assert(request);

        job = queue_find_job(m, request);
        if (job) {
                if (job->state == JOB_RUNNING)
                        return -EBUSY;
                log_debug("Request %s cancelled", request);
                job_finish(job, -ECANCELED);
                return 0;
        }

        /* Unfinished in the database, and no queue holds it: its library has
         * not been recovered since rsmd started. It never starts now. */
        r = db_begin(m->db);
        if (r < 0)
                return r;
        tx = m->db;
        r = db_librequest_get(m->db, request, &req);
        if (r < 0)
                return r;
        if (db_librequest_state_is_final(req.state))
                return -ENOENT;
        if (req.state == NTMS_LM_INPROCESS)
                return -EBUSY;
        r = db_librequest_finish(m->db, request, NTMS_LM_CANCELLED, queue_error_code(m, -ECANCELED));
        if (r < 0)
                return r;
        return db_commit(TAKE_PTR(tx));
}

/* A request that waits in no queue: it exists (order 0) or not (-ENOENT). */
static int order_of_unqueued(QueueManager *m, const char *request) {
        DbLibRequest req;

        return db_librequest_get(m->db, request, &req);
}

int queue_get_order(QueueManager *m, const char *request, uint32_t *ret) {
        QueueJob *job;
        int r;

        assert(m);
        assert(request);
        assert(ret);

        job = queue_find_job(m, request);
        if (!job) {
                r = order_of_unqueued(m, request);
                if (r < 0)
                        return r;
                *ret = 0;
                return 0;
        }
        *ret = order_number(job_list(job), &job->node);
        return 0;
}

int queue_set_order(QueueManager *m, const char *request, uint32_t order) {
        QueueJob *job;

        assert(m);
        assert(request);

        if (order == 0)
                return -EINVAL;

        job = queue_find_job(m, request);
        /* "The order number of a request, which currently has an order number
         * of zero, cannot be changed": it is in no queue any more. */
        if (!job || job->state == JOB_RUNNING)
                return -ENOENT;

        order_set_number(job_list(job), &job->node, order);
        log_debug("Request %s placed at %u", request, order);
        if (job->queue)
                library_queue_dispatch_soon(job->queue);
        return 0;
}

int queue_delete_requests(QueueManager *m, uint32_t type, char (*requests)[DB_GUID_MAX], size_t n) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        int r;

        assert(m);
        assert(type == NTMS_LIBREQUEST || type == NTMS_OPREQUEST);

        r = db_begin(m->db);
        if (r < 0)
                return r;
        tx = m->db;
        /* "An error is not returned if a request ... is not found"; one that
         * is not finished stays. */
        for (size_t i = 0; i < n; i++) {
                r = db_request_delete_finished(m->db, type, requests[i]);
                if (r < 0)
                        return r;
        }
        return db_commit(TAKE_PTR(tx));
}

static void cancel_waiting(QueueJob *job, void *userdata) {
        if (job->state != JOB_RUNNING)
                job_finish(job, -ECANCELED);
}

int queue_quiesce_library(QueueManager *m, const char *library, QueueQuiesced done, void *userdata) {
        LibraryQueue *q;

        assert(m);
        assert(library);
        assert(done);

        q = library_queue_find(m, library);
        if (!q)
                return 1;

        deferrals_clear(q);
        for_each_job(&q->dismounts, cancel_waiting, NULL);
        for_each_job(&q->work, cancel_waiting, NULL);
        if (!library_queue_runs(q))
                return 1;

        q->quiesced = done;
        q->quiesced_userdata = userdata;
        return 0;
}

void queue_forget_library(QueueManager *m, const char *library) {
        for (LibraryQueue **q = &m->queues; *q; q = &(*q)->next)
                if (streq((*q)->library, library)) {
                        LibraryQueue *gone = *q;

                        assert(!library_queue_runs(gone));
                        /* Requests that came while the deletion waited: their
                         * callers hear of it, their records went with the library. */
                        for_each_job(&gone->dismounts, cancel_waiting, NULL);
                        for_each_job(&gone->work, cancel_waiting, NULL);
                        *q = gone->next;
                        library_queue_free(gone);
                        return;
                }
}

/* --- the manager ----------------------------------------------------------------- */

static void on_library_started(LibraryController *c, const ChangerInventory *elements, void *userdata) {
        queue_recover_library(userdata, c, elements);
}

/* rsmd stops: every caller that waits hears ERROR_CANCELLED before the bus
 * closes. Requests that have not started are cancelled, except dismounts,
 * which the next start queues again; running ones stay INPROCESS, and the
 * next start recovers them after reading the element status. */
static void stop_job(QueueJob *job, void *userdata) {
        if (job->state != JOB_RUNNING && job->kind != QUEUE_DISMOUNT) {
                job_finish(job, -ECANCELED);
                return;
        }
        if (job->done) {
                QueueJobDone done = TAKE_PTR(job->done);

                done(job, -ECANCELED, job->userdata);
        }
}

void queue_manager_stop(QueueManager *m) {
        if (!m || m->stopping)
                return;

        m->stopping = true;
        for_each_job(&m->waiting, stop_job, NULL);
        for (LibraryQueue *q = m->queues; q; q = q->next) {
                deferrals_clear(q);
                for_each_job(&q->dismounts, stop_job, NULL);
                for_each_job(&q->work, stop_job, NULL);
        }
}

static int on_event_exit(sd_event_source *s, void *userdata) {
        queue_manager_stop(userdata);
        return 0;
}

int queue_manager_new(sd_event *e, Db *db, LibraryManager *libraries, QueueErrorCode error_code,
                      QueueManager **ret) {
        _cleanup_(queue_manager_freep) QueueManager *m = NULL;
        int r;

        assert(e);
        assert(db);
        assert(libraries);
        assert(error_code);
        assert(ret);

        m = calloc(1, sizeof *m);
        if (!m)
                return -ENOMEM;
        m->event = sd_event_ref(e);
        m->db = db;
        m->libraries = libraries;
        m->error_code = error_code;
        if (gethostname(m->hostname, sizeof m->hostname - 1) < 0)
                snprintf(m->hostname, sizeof m->hostname, "localhost");

        r = db_library_offline(db, m->offline);
        if (r < 0)
                return r;

        r = sd_event_add_defer(e, &m->recheck, on_recheck, m);
        if (r >= 0)
                r = sd_event_source_set_enabled(m->recheck, SD_EVENT_OFF);
        if (r < 0)
                return r;
        (void) sd_event_source_set_description(m->recheck, "queue-recheck");

        /* Before sd-bus's own exit source flushes and closes the connection,
         * so that the answers still go out. */
        r = sd_event_add_exit(e, &m->exit, on_event_exit, m);
        if (r >= 0)
                r = sd_event_source_set_priority(m->exit, SD_EVENT_PRIORITY_IMPORTANT);
        if (r < 0)
                return r;

        queue_recover_offline(m);
        library_manager_set_started(libraries, on_library_started, m);

        *ret = TAKE_PTR(m);
        return 0;
}

QueueManager *queue_manager_free(QueueManager *m) {
        if (!m)
                return NULL;

        /* The library manager is gone by now: its controllers answered every
         * step while the queue was stopped. */
        m->stopping = true;
        for_each_job(&m->waiting, free_job_quietly, NULL);
        while (m->queues) {
                LibraryQueue *q = m->queues;

                m->queues = q->next;
                library_queue_free(q);
        }
        sd_event_source_disable_unref(m->recheck);
        sd_event_source_disable_unref(m->exit);
        sd_event_unref(m->event);
        free(m);
        return NULL;
}
