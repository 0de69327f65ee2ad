/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* EjectDiskFromSADrive: the eject of the drive of a stand-alone drive
 * library, named by its device; and EjectNtmsMedia of the medium recorded
 * in such a drive, which has no port: "EjectNtmsMedia can, in some cases,
 * be used to accomplish the same functionality", and here it does. It is a
 * library request (NTMS_LM_EJECT) in the library's queue, among the
 * dismounts, since it empties a drive: it starts once no other request
 * works on the drive, the drive's own lane opens the drive
 * (library/drive-io.h), and then one transaction records what left it. The
 * medium recorded in the drive goes to the offline library, or out of the
 * database when nobody claimed it (Import and Unrecognized media) or it is
 * incompatible, as the functions' remarks say. A cartridge rsmd never
 * recorded there (no inventory of the drive saw it) leaves nothing to
 * record: the drive is opened all the same, since that is what the
 * operator asked for.
 *
 * The eject belongs to no session: START and QUEUE answer once it is
 * queued, and their caller's connection, with its session, usually ends
 * right after. Its checks are made when it is asked for; once queued, it
 * runs as soon as its drive is free. */

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "db/element.h"
#include "db/library.h"
#include "db/media.h"
#include "db/object.h"
#include "db/pool.h"
#include "log.h"
#include "macro.h"
#include "ntmsapi.h"
#include "queue-internal.h"

/* The drive of the stand-alone library the device names: a drive's
 * szDeviceName, or the device a library's controller was configured with. */
static int eject_find_drive(QueueManager *m, const char *device, DbDrive *ret) {
        _cleanup_free_ DbDrive *drives = NULL;
        char guid[DB_GUID_MAX];
        LibraryController *c;
        uint32_t type;
        size_t n = 0;
        int r;

        r = db_drive_find_by_device(m->db, device, guid);
        if (r == -ENOENT) {
                c = library_manager_find_device(m->libraries, device);
                /* A changer is no drive. */
                if (!c || library_controller_changer(c))
                        return -ENOENT;
                /* Configured, but its drive never answered: nothing is recorded of it. */
                if (!library_controller_guid(c)[0])
                        return -EHOSTDOWN;
                r = db_drive_list(m->db, library_controller_guid(c), &drives, &n);
                if (r < 0)
                        return r;
                if (n != 1)
                        return -ENOENT;
                memcpy(guid, drives[0].guid, DB_GUID_MAX);
        } else if (r < 0)
                return r;

        r = db_drive_lookup(m->db, guid, ret);
        if (r < 0)
                return r;
        r = db_library_get_type(m->db, ret->library, &type);
        if (r < 0)
                return r;
        /* A changer's drive: its medium leaves through EjectNtmsMedia. */
        return type == NTMS_LIBRARYTYPE_STANDALONE ? 0 : -EXDEV;
}

static bool medium_in_use(uint32_t media_state) {
        return media_state == NTMS_MEDIASTATE_INUSE || media_state == NTMS_MEDIASTATE_MOUNTED ||
               media_state == NTMS_MEDIASTATE_LOADED;
}

static int eject_check(QueueManager *m, const DbDrive *d, bool force) {
        bool enabled;
        int r;

        if (!d->enabled || !d->library_enabled)
                return -ENODEV;
        if (!d->medium[0])
                return 0;

        r = db_object_get_enabled(m->db, d->medium, &enabled);
        if (r < 0)
                return r;
        if (!enabled)
                return -ENOMEDIUM;
        /* "NTFS can hold locks on media, and this option will cause the media
         * to be ejected despite that lock": so can an application's mount. */
        if (!force && medium_in_use(d->media_state))
                return -EBUSY;
        return 0;
}

/* One that runs cannot be stopped half way. */
int sa_eject_stop_job(QueueJob *job) {
        assert(job->kind == QUEUE_SA_EJECT);

        if (job->state == JOB_RUNNING)
                return -ESRCH;
        log_object_info(queue_job_request(job), "Eject of drive %s stopped", job->parts[0].drive);
        job_finish(job, -ECANCELED);
        return 0;
}

/* NTMS_EJECT_STOP: the ejects of the drive that have not started end,
 * cancelled. */
static int eject_stop(QueueManager *m, const DbDrive *d) {
        LibraryQueue *q = library_queue_find(m, d->library);
        OrderNode *node, *next;
        unsigned stopped = 0;

        if (!q)
                return -ESRCH;
        for (node = q->dismounts.head; node; node = next) {
                QueueJob *job = queue_job_of(node);

                next = node->next;
                if (job->kind == QUEUE_SA_EJECT && streq(job->parts[0].drive, d->guid) && sa_eject_stop_job(job) >= 0)
                        stopped++;
        }
        return stopped > 0 ? 0 : -ESRCH;
}

/* Checks the eject of drive d with options (one NTMS_EJECT_* but STOP)
 * and queues it. */
static int eject_queue(QueueManager *m, const QueueCaller *caller, const DbDrive *d, uint32_t options,
                       QueueJobDone done, void *userdata, QueueJob **ret) {
        _cleanup_(job_discardp) QueueJob *job = NULL;
        QueueCaller who = *caller;
        DbLibRequest t = {
                .operation = NTMS_LM_EJECT,
                .option = options,
                .state = NTMS_LM_QUEUED,
                .priority = NTMS_PRIORITY_NORMAL,
        };
        LibraryQueue *q;
        int r;

        r = eject_check(m, d, options == NTMS_EJECT_FORCE);
        if (r < 0)
                return r;

        r = library_queue_get(m, d->library, &q);
        if (r < 0)
                return r;
        r = job_new(m, QUEUE_SA_EJECT, 1, &job);
        if (r < 0)
                return r;
        job->options = options;
        memcpy(job->parts[0].drive, d->guid, DB_GUID_MAX);
        memcpy(job->parts[0].medium, d->medium, DB_GUID_MAX);
        memcpy(job->parts[0].side, d->saved_side, DB_GUID_MAX);
        memcpy(t.drive, d->guid, DB_GUID_MAX);
        memcpy(t.medium, d->medium, DB_GUID_MAX);
        memcpy(t.partition, d->saved_side, DB_GUID_MAX);
        memcpy(t.library, d->library, DB_GUID_MAX);

        who.session = 0;
        r = job_submit(job, &t, &who, q, done, userdata);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(job);
        return 0;
}

int queue_eject_standalone(QueueManager *m, const QueueCaller *caller, const char *device, uint32_t options,
                           QueueJobDone done, void *userdata, QueueJob **ret) {
        DbDrive d;
        int r;

        assert(m);
        assert(caller);
        assert(device);
        assert(options <= NTMS_EJECT_ASK_USER);
        assert(ret);

        *ret = NULL;
        r = eject_find_drive(m, device, &d);
        if (r < 0)
                return r;
        /* Also right after rsmd started, until the drive first answered. */
        if (!queue_controller(m, d.library))
                return -EHOSTDOWN;
        if (options == NTMS_EJECT_STOP)
                return eject_stop(m, &d);

        r = eject_queue(m, caller, &d, options, done, userdata, ret);
        if (r < 0)
                return r;
        log_object_info(queue_job_request(*ret), "Eject of drive %s (%s) queued, option %u", d.guid, device, options);
        return 0;
}

int sa_eject_medium(QueueManager *m, const QueueCaller *caller, const char *medium, const char *drive,
                    uint32_t action, char request[static DB_GUID_MAX]) {
        QueueJob *job;
        DbDrive d;
        int r;

        assert(m);
        assert(caller);
        assert(medium);
        assert(drive);

        if (action == NTMS_EJECT_QUEUE)
                return -EINVAL;
        assert(action == NTMS_EJECT_START);

        /* Recorded in the library and not in its drive: where it is, no inventory said. */
        r = drive[0] ? db_drive_lookup(m->db, drive, &d) : -ENOENT;
        if (r == -ENOENT || (r >= 0 && !streq(d.medium, medium)))
                return -EREMOTEIO;
        if (r < 0)
                return r;
        if (!queue_controller(m, d.library))
                return -EHOSTDOWN;

        r = eject_queue(m, caller, &d, NTMS_EJECT_START, NULL, NULL, &job);
        /* "If the media is currently in use (mounted or opened), this function returns an error." */
        if (r == -EBUSY)
                return -ETXTBSY;
        if (r < 0)
                return r;
        memcpy(request, queue_job_request(job), DB_GUID_MAX);
        log_object_info(request, "Eject of medium %s from drive %s queued", medium, d.guid);
        return 0;
}

/* --- the eject -------------------------------------------------------------------- */

static void on_ejected(int r, void *userdata);

bool eject_try_start(QueueJob *job, const DbDrive *drives, size_t n_drives, bool *busy) {
        QueueManager *m = job->manager;
        QueuePart *p = job->parts;
        LibraryController *c;
        size_t k;
        int r;

        assert(job->kind == QUEUE_SA_EJECT);
        assert(job->state == JOB_QUEUED);

        for (k = 0; k < n_drives; k++)
                if (streq(drives[k].guid, p->drive))
                        break;
        /* The drive was deleted meanwhile: its library no longer serves it. */
        if (k == n_drives) {
                job_finish(job, -EHOSTDOWN);
                return false;
        }
        if (library_queue_drive_runs(job->queue, p->drive))
                return false;
        c = queue_controller(m, job->queue->library);
        if (!c)
                return false;

        r = part_record_start(p);
        if (r < 0) {
                log_object_error_errno(p->request, r, "Cannot record the eject of drive %s started: %m", p->drive);
                job_finish(job, r);
                return false;
        }
        p->drive_index = drives[k].number - 1;
        job_mark_running(job);
        busy[k] = true;

        log_object_info(p->request, "Ejecting the medium of drive %s%s", p->drive,
                        job->options == NTMS_EJECT_FORCE ? ", despite any lock" : "");
        r = library_controller_drive_eject(c, p->drive_index, job->options == NTMS_EJECT_FORCE, on_ejected, p);
        if (r < 0) {
                job_finish(job, queue_step_error(r));
                return false;
        }
        p->step_out = true;
        return true;
}

/* "Import media, unrecognized media, and incompatible media are deleted
 * when ejected": media in an Import or Unrecognized pool, and media whose
 * every side is Incompatible. */
static int medium_deleted_on_eject(Db *db, const char *guid, bool *ret) {
        _cleanup_free_ uint32_t *states = NULL;
        DbMedium medium;
        DbPool pool;
        size_t n = 0;
        int r;

        r = db_medium_get(db, guid, &medium);
        if (r < 0)
                return r;
        r = db_pool_get(db, medium.pool, &pool);
        if (r < 0)
                return r;
        if (pool.pool_type == NTMS_POOLTYPE_IMPORT || pool.pool_type == NTMS_POOLTYPE_FOREIGN) {
                *ret = true;
                return 0;
        }

        r = db_medium_side_states(db, guid, &states, &n);
        if (r < 0)
                return r;
        *ret = n > 0;
        for (size_t i = 0; i < n; i++)
                if (states[i] != NTMS_PARTSTATE_INCOMPATIBLE)
                        *ret = false;
        return 0;
}

/* What the drive holds now by the database: it left the drive. */
static int record_ejected(QueueJob *job, char ret_deleted[static DB_GUID_MAX]) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        Db *db = job->manager->db;
        bool deleted = false;
        DbDrive d;
        int r;

        ret_deleted[0] = 0;
        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;

        r = db_drive_lookup(db, job->parts[0].drive, &d);
        if (r < 0 && r != -ENOENT)
                return r;
        if (r >= 0 && d.medium[0]) {
                r = medium_deleted_on_eject(db, d.medium, &deleted);
                if (r >= 0 && deleted)
                        r = db_medium_delete(db, d.medium);
                if (r >= 0)
                        r = db_drive_record_ejected(db, d.guid, deleted ? "" : d.medium);
                if (r < 0)
                        return r;
                if (deleted)
                        memcpy(ret_deleted, d.medium, DB_GUID_MAX);
        }

        r = job_record_end(job, 0);
        if (r < 0)
                return r;
        return db_commit(TAKE_PTR(tx));
}

static void on_ejected(int r, void *userdata) {
        QueuePart *p = userdata;
        QueueJob *job = p->job;
        char deleted[DB_GUID_MAX];

        p->step_out = false;
        if (job->manager->stopping)
                return;

        if (r < 0) {
                /* A lock that keeps the medium in is the medium's business, not a
                 * failed device. */
                if (r != -EBUSY)
                        r = queue_step_error(r);
                log_object_error_errno(p->request, r, "The eject of drive %s failed: %m", p->drive);
                job_finish(job, r);
                return;
        }

        r = record_ejected(job, deleted);
        if (r < 0) {
                log_object_error_errno(p->request, r, "Cannot record the eject of drive %s: %m", p->drive);
                job_finish(job, r);
                return;
        }
        if (deleted[0])
                log_object_info(deleted, "Medium ejected from drive %s and deleted: nobody claimed it, "
                                "or it is incompatible", p->drive);
        else
                log_object_info(p->request, "Drive %s ejected its medium", p->drive);
        job_end(job, 0);
}
