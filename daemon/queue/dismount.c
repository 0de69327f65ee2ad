/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Dismounts: DismountNtmsMedia and DismountNtmsDrive, rsmd's own dismounts
 * (a deferral is over, a drive is wanted for another medium, a mount
 * failed), the deferrals themselves, and the way of a cartridge home: the
 * drive unloads it on its own lane, then the robot takes it to its home
 * slot (another empty slot when that one is taken).
 *
 * A stand-alone drive library has no robot and no slot: the medium stays
 * in its drive, dismountable, whatever the dismount's option, until it is
 * ejected ("dismount requests to stand alone drives place the drive in the
 * dismountable state and return success"); no dismount request is queued
 * for it, and no deferral kept (dwDeferDismountDelay "does not apply to
 * stand-alone libraries"). */

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "db/library.h"
#include "log.h"
#include "macro.h"
#include "ntmsapi.h"
#include "queue-internal.h"

#define USEC_PER_SEC 1000000ULL

bool queue_library_standalone(QueueManager *m, const char *library) {
        uint32_t type;

        return db_library_get_type(m->db, library, &type) >= 0 && type == NTMS_LIBRARYTYPE_STANDALONE;
}

static QueueJob *dismount_of(LibraryQueue *q, const char *drive) {
        order_for_each(&q->dismounts, node) {
                QueueJob *job = queue_job_of(node);

                if (streq(job->parts[0].drive, drive))
                        return job;
        }
        return NULL;
}

/* A job for the dismount of what the drive holds, recorded in the caller's
 * transaction. */
static int dismount_prepare(QueueManager *m, const QueueCaller *caller, const DbDrive *d, QueueJob **ret) {
        _cleanup_(job_discardp) QueueJob *job = NULL;
        DbLibRequest t = {
                .operation = NTMS_LM_DISMOUNT,
                .option = NTMS_DISMOUNT_IMMEDIATE,
                .state = NTMS_LM_QUEUED,
                .priority = NTMS_PRIORITY_NORMAL,
        };
        QueuePart *p;
        int r;

        memcpy(t.drive, d->guid, DB_GUID_MAX);
        memcpy(t.medium, d->medium, DB_GUID_MAX);
        memcpy(t.partition, d->saved_side, DB_GUID_MAX);
        memcpy(t.library, d->library, DB_GUID_MAX);
        memcpy(t.slot, d->medium_home, DB_GUID_MAX);

        r = job_new(m, QUEUE_DISMOUNT, 1, &job);
        if (r < 0)
                return r;
        job->options = NTMS_DISMOUNT_IMMEDIATE;
        p = job->parts;
        memcpy(p->drive, d->guid, DB_GUID_MAX);
        memcpy(p->medium, d->medium, DB_GUID_MAX);
        memcpy(p->side, d->saved_side, DB_GUID_MAX);

        r = job_record(job, &t, caller);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(job);
        return 0;
}

int dismount_queue_drive(LibraryQueue *q, const char *drive) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        QueueManager *m = q->manager;
        const QueueCaller rsmd = {
                .application = "rsmd",
                .user = "",
                .computer = m->hostname,
        };
        QueueJob *job;
        DbDrive d;
        int r;

        if (dismount_of(q, drive) || queue_library_standalone(m, q->library))
                return 0;

        r = db_drive_lookup(m->db, drive, &d);
        if (r < 0)
                return r;
        /* Emptied or mounted again meanwhile: nothing to take home. */
        if (!d.medium[0] || d.media_state != NTMS_MEDIASTATE_UNLOADED)
                return 0;

        r = db_begin(m->db);
        if (r < 0)
                return r;
        tx = m->db;
        r = dismount_prepare(m, &rsmd, &d, &job);
        if (r < 0)
                return r;
        r = db_commit(TAKE_PTR(tx));
        if (r < 0) {
                job_discard(job);
                return r;
        }

        job_enqueue(job, q);
        log_object_info(queue_job_request(job), "Drive %s is emptied", drive);
        return 0;
}

/* The medium a dismount names, and the drive it is in. */
static int dismount_check(QueueManager *m, const char *id, DbMountable *ret_side, DbDrive *ret_drive) {
        int r;

        r = db_mountable_get(m->db, id, ret_side);
        if (r < 0)
                return r;
        if (!ret_side->library[0] || ret_side->library_type == NTMS_LIBRARYTYPE_OFFLINE)
                return -EREMOTE;
        if (!ret_side->side_enabled || !ret_side->medium_enabled)
                return -ENOMEDIUM;
        if (ret_side->location_type != NTMS_DRIVE)
                return -EBADFD;

        r = db_drive_lookup(m->db, ret_side->location, ret_drive);
        if (r < 0)
                return r;
        if (!ret_drive->enabled || !ret_drive->library_enabled)
                return -ENODEV;

        /* Mounted (this side), or dismounted and still in the drive. */
        if (ret_side->media_state == NTMS_MEDIASTATE_LOADED && streq(ret_side->mounted_side, ret_side->side))
                return 0;
        if (ret_side->media_state == NTMS_MEDIASTATE_UNLOADED)
                return 0;
        return -EBADFD;
}

int queue_dismount(QueueManager *m, const QueueCaller *caller, char (*media)[DB_GUID_MAX], size_t n,
                   uint32_t options) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        _cleanup_free_ DbMountable *sides = NULL;
        _cleanup_free_ DbDrive *drives = NULL;
        _cleanup_free_ QueueJob **jobs = NULL;
        bool deferred = options & NTMS_DISMOUNT_DEFERRED;
        int r;

        assert(m);
        assert(caller);
        assert(n > 0);

        sides = calloc(n, sizeof(DbMountable));
        drives = calloc(n, sizeof(DbDrive));
        jobs = calloc(n, sizeof(QueueJob *));
        if (!sides || !drives || !jobs)
                return -ENOMEM;

        /* Every medium is checked before anything changes. */
        for (size_t i = 0; i < n; i++) {
                r = dismount_check(m, media[i], sides + i, drives + i);
                if (r < 0)
                        return r;
        }

        r = db_begin(m->db);
        if (r < 0)
                return r;
        tx = m->db;
        for (size_t i = 0; i < n; i++) {
                LibraryQueue *q = library_queue_find(m, drives[i].library);

                if (sides[i].media_state == NTMS_MEDIASTATE_LOADED) {
                        r = db_drive_record_released(m->db, drives[i].guid, sides[i].medium);
                        if (r < 0)
                                goto fail;
                }
                /* Deferred: the deferral of its drive starts at the next look
                 * at the queue. At once: the dismount is queued, unless one is,
                 * or the drive is a stand-alone one, which keeps its medium. */
                if (deferred || (q && dismount_of(q, drives[i].guid)) ||
                    queue_library_standalone(m, drives[i].library))
                        continue;
                memcpy(drives[i].saved_side, sides[i].side, DB_GUID_MAX);
                r = dismount_prepare(m, caller, drives + i, jobs + i);
                if (r < 0)
                        goto fail;
        }
        r = db_commit(TAKE_PTR(tx));
        if (r < 0)
                goto fail;

        for (size_t i = 0; i < n; i++) {
                LibraryQueue *q;

                log_object_info(sides[i].side, "Side dismounted%s", deferred ? ", stays in its drive for now" : "");
                r = library_queue_get(m, drives[i].library, &q);
                if (r < 0) {
                        /* Recorded: its library's recovery queues it again. */
                        job_discard(jobs[i]);
                        continue;
                }
                if (jobs[i])
                        job_enqueue(jobs[i], q);
                else
                        library_queue_dispatch_soon(q);
        }
        return 0;

fail:
        for (size_t i = 0; i < n; i++)
                job_discard(jobs[i]);
        return r;
}

int queue_dismount_drive(QueueManager *m, const QueueCaller *caller, const char *drive) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        QueueJob *job;
        LibraryQueue *q;
        DbDrive d;
        int r;

        assert(m);
        assert(caller);
        assert(drive);

        r = db_drive_lookup(m->db, drive, &d);
        if (r < 0)
                return r;
        if (!d.enabled || !d.library_enabled)
                return -ENODEV;
        /* "If the drive ... is empty or if the media is opened, an error is returned." */
        if (!d.medium[0] || d.media_state != NTMS_MEDIASTATE_UNLOADED)
                return -EBADFD;
        /* Dismountable already, and it stays. */
        if (queue_library_standalone(m, d.library))
                return 0;

        r = library_queue_get(m, d.library, &q);
        if (r < 0)
                return r;
        if (dismount_of(q, drive))
                return 0;

        r = db_begin(m->db);
        if (r < 0)
                return r;
        tx = m->db;
        r = dismount_prepare(m, caller, &d, &job);
        if (r < 0)
                return r;
        r = db_commit(TAKE_PTR(tx));
        if (r < 0) {
                job_discard(job);
                return r;
        }

        job_enqueue(job, q);
        log_object_info(queue_job_request(job), "Drive %s is emptied", drive);
        return 0;
}

/* --- the way home ---------------------------------------------------------------- */

static void on_unloaded(int r, void *userdata);
static void on_moved_out(int r, void *userdata);

/* Nothing to take home any more: an emptied drive passes, a medium mounted
 * again cancels the dismount. */
static bool dismount_needless(QueueJob *job, const DbDrive *d) {
        int r;

        if (d->medium[0] && d->media_state == NTMS_MEDIASTATE_UNLOADED)
                return false;

        r = d->medium[0] ? -ECANCELED : 0;
        if (r == 0)
                (void) part_record_start(job->parts);
        job_finish(job, r);
        return true;
}

bool dismount_try_start(QueueJob *job, const DbDrive *drives, size_t n_drives, bool *busy) {
        QueueManager *m = job->manager;
        QueuePart *p = job->parts;
        LibraryController *c;
        const DbDrive *d = NULL;
        int32_t address;
        size_t k;
        int r;

        assert(job->kind == QUEUE_DISMOUNT);
        assert(job->state == JOB_QUEUED);

        for (k = 0; k < n_drives; k++)
                if (streq(drives[k].guid, p->drive)) {
                        d = drives + k;
                        break;
                }
        if (!d) {
                job_finish(job, -ENOENT);
                return false;
        }
        if (library_queue_drive_runs(job->queue, p->drive))
                return false;
        if (dismount_needless(job, d))
                return false;

        c = queue_controller(m, job->queue->library);
        if (!c)
                return false;

        r = db_drive_free_slot(m->db, d->library, d->medium_home, p->slot, &address);
        if (r >= 0 && (address == DB_NO_ADDRESS || d->address == DB_NO_ADDRESS))
                r = -EREMOTEIO;
        if (r >= 0)
                r = part_record_start(p);
        if (r < 0) {
                log_object_error_errno(p->request, r, "Cannot take the medium in drive %s home: %m", p->drive);
                job_finish(job, r);
                return false;
        }

        memcpy(p->medium, d->medium, DB_GUID_MAX);
        p->drive_index = d->number - 1;
        p->drive_address = (uint16_t) d->address;
        p->slot_address = (uint16_t) address;
        /* The cartridge goes back the way it came: a second side went in turned over. */
        p->invert = d->saved_side_number == 1;
        job_mark_running(job);
        busy[k] = true;

        log_object_info(p->request, "Taking the medium in drive %s to slot %s", p->drive, p->slot);
        r = library_controller_drive_unload(c, p->drive_index, on_unloaded, p);
        if (r < 0) {
                job_finish(job, queue_step_error(r));
                return false;
        }
        p->step_out = true;
        return true;
}

static int record_unloaded(QueuePart *p) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        Db *db = p->job->manager->db;
        int r;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;
        r = db_drive_record_unloaded(db, p->drive);
        if (r < 0)
                return r;
        return db_commit(TAKE_PTR(tx));
}

static void on_unloaded(int r, void *userdata) {
        QueuePart *p = userdata;
        QueueJob *job = p->job;
        LibraryController *c;

        p->step_out = false;
        if (job->manager->stopping)
                return;

        /* A drive that would not unload may still give the cartridge up; if
         * not, the move fails and the element status tells. */
        if (r < 0)
                log_object_error_errno(p->request, r, "Drive %s did not unload, moving the cartridge anyway: %m",
                                       p->drive);
        else if ((r = record_unloaded(p)) < 0)
                log_object_error_errno(p->request, r, "Cannot record drive %s unloaded: %m", p->drive);

        c = queue_controller(job->manager, job->queue->library);
        r = c ? library_controller_move(c, p->drive_address, p->slot_address, p->invert, on_moved_out, p) : -EHOSTDOWN;
        if (r < 0) {
                job_finish(job, queue_step_error(r));
                return;
        }
        p->step_out = true;
}

static int record_moved_out(QueuePart *p) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        QueueJob *job = p->job;
        Db *db = job->manager->db;
        int r;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;
        r = db_drive_record_moved_out(db, p->drive, p->medium, p->slot);
        if (r < 0)
                return r;
        r = job_record_end(job, 0);
        if (r < 0)
                return r;
        return db_commit(TAKE_PTR(tx));
}

static void on_moved_out(int r, void *userdata) {
        QueuePart *p = userdata;
        QueueJob *job = p->job;

        p->step_out = false;
        if (job->manager->stopping)
                return;

        if (r < 0) {
                /* The element status was recorded again: the medium is where the
                 * changer says, and a cartridge left in the drive waits for its
                 * deferral to try again. */
                log_object_error_errno(p->request, r, "Moving the cartridge out of drive %s failed: %m", p->drive);
                job_finish(job, queue_step_error(r));
                return;
        }

        r = record_moved_out(p);
        if (r < 0) {
                log_object_error_errno(p->request, r, "Cannot record the medium in slot %s: %m", p->slot);
                job_finish(job, r);
                return;
        }
        log_object_info(p->request, "Medium %s is home in slot %s", p->medium, p->slot);
        /* An empty drive that asks for cleaning gets it before its next mount. */
        clean_check_drive(job->queue, p->drive, p->drive_index);
        job_end(job, 0);
}

/* --- deferrals --------------------------------------------------------------------- */

static Deferral **deferral_find(LibraryQueue *q, const char *drive) {
        for (Deferral **d = &q->deferrals; *d; d = &(*d)->next)
                if (streq((*d)->drive, drive))
                        return d;
        return NULL;
}

static void deferral_remove(Deferral **d) {
        Deferral *gone = *d;

        *d = gone->next;
        sd_event_source_disable_unref(gone->timer);
        free(gone);
}

static int on_deferral_over(sd_event_source *s, uint64_t usec, void *userdata) {
        Deferral *d = userdata;
        LibraryQueue *q = d->queue;
        char drive[DB_GUID_MAX];

        memcpy(drive, d->drive, DB_GUID_MAX);
        deferral_remove(deferral_find(q, drive));

        if (library_queue_drive_runs(q, drive))
                return 0;
        log_debug("The deferred dismount in drive %s is over", drive);
        (void) dismount_queue_drive(q, drive);
        return 0;
}

static int deferral_add(LibraryQueue *q, const DbDrive *d) {
        QueueManager *m = q->manager;
        Deferral *n;
        uint64_t now;
        int r;

        r = sd_event_now(m->event, CLOCK_MONOTONIC, &now);
        if (r < 0)
                return r;
        n = calloc(1, sizeof *n);
        if (!n)
                return -ENOMEM;
        n->queue = q;
        memcpy(n->drive, d->guid, DB_GUID_MAX);
        r = sd_event_add_time(m->event, &n->timer, CLOCK_MONOTONIC,
                              now + (uint64_t) d->defer_dismount_delay * USEC_PER_SEC, USEC_PER_SEC / 10,
                              on_deferral_over, n);
        if (r < 0) {
                free(n);
                return r;
        }
        (void) sd_event_source_set_description(n->timer, "deferred-dismount");

        n->next = q->deferrals;
        q->deferrals = n;
        log_debug("Drive %s keeps its medium for %u s", d->guid, d->defer_dismount_delay);
        return 0;
}

static bool wants_deferral(const DbDrive *d, bool busy) {
        return !busy && d->medium[0] && d->media_state == NTMS_MEDIASTATE_UNLOADED;
}

void deferrals_update(LibraryQueue *q, const DbDrive *drives, size_t n_drives, const bool *busy) {
        Deferral **d = &q->deferrals;

        if (queue_library_standalone(q->manager, q->library))
                return;

        while (*d) {
                bool keep = false;

                for (size_t i = 0; i < n_drives; i++)
                        if (streq(drives[i].guid, (*d)->drive)) {
                                keep = wants_deferral(drives + i, busy[i]);
                                break;
                        }
                if (keep)
                        d = &(*d)->next;
                else
                        deferral_remove(d);
        }

        for (size_t i = 0; i < n_drives; i++)
                if (wants_deferral(drives + i, busy[i]) && !deferral_find(q, drives[i].guid))
                        (void) deferral_add(q, drives + i);
}

void deferrals_clear(LibraryQueue *q) {
        while (q->deferrals)
                deferral_remove(&q->deferrals);
}
