/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* MountNtmsMedia: the checks of the call, the plan that starts a mount once
 * its media and a drive for each are free, and the way of each cartridge
 * into its drive. The media of one call are mounted all or none: a mount
 * starts only when every one of them can, and when one fails the others are
 * released and taken home.
 *
 * The medium of a stand-alone drive library is in its one drive, where an
 * operator put it and an inventory found it: it is mounted there once the
 * drive is ready, nothing moves (mount_plan_standalone()). */

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "macro.h"
#include "ntmsapi.h"
#include "queue-internal.h"
#include "select.h"

static bool mountable_offline(const DbMountable *s) {
        return !s->library[0] || s->library_type == NTMS_LIBRARYTYPE_OFFLINE;
}

/* Reads the media of a mount and checks them against each other and the
 * options. library: the one library of the media that are online ("" when
 * all are offline); *ret_offline: some are offline. */
static int mount_read_media(QueueManager *m, char (*media)[DB_GUID_MAX], size_t n, uint32_t options,
                            DbMountable *sides, char library[static DB_GUID_MAX], bool *ret_offline) {
        bool offline = false;
        int r;

        library[0] = 0;
        for (size_t i = 0; i < n; i++) {
                DbMountable *s = sides + i;

                r = db_mountable_get(m->db, media[i], s);
                if (r < 0)
                        return r;
                /* One cartridge goes into one drive: two of its sides cannot be
                 * mounted at once. */
                for (size_t j = 0; j < i; j++)
                        if (streq(sides[j].medium, s->medium))
                                return -ENOTUNIQ;
                if (!s->side_enabled || !s->medium_enabled)
                        return -ENOMEDIUM;
                /* "Use this flag to prevent RSM from mounting Completed media." */
                if ((options & NTMS_MOUNT_WRITE) && s->side_state == NTMS_PARTSTATE_COMPLETE)
                        return -EPERM;

                if (mountable_offline(s)) {
                        offline = true;
                        continue;
                }
                if (!s->library_enabled)
                        return -ENOMEDIUM;
                if (!library[0])
                        memcpy(library, s->library, DB_GUID_MAX);
                else if (!streq(library, s->library))
                        return -ENOLINK;
        }

        *ret_offline = offline;
        return 0;
}

static ssize_t drive_find(const DbDrive *drives, size_t n, const char *guid) {
        for (size_t i = 0; i < n; i++)
                if (streq(drives[i].guid, guid))
                        return (ssize_t) i;
        return -1;
}

/* NTMS_MOUNT_SPECIFIC_DRIVE: each named drive is a drive, named once, in the
 * library of the media, and can take its medium. */
static int mount_check_drives(QueueManager *m, const QueueMount *mount, const DbMountable *sides,
                              const char *library) {
        _cleanup_free_ DbDrive *named = NULL;
        int r;

        named = calloc(mount->n, sizeof(DbDrive));
        if (!named)
                return -ENOMEM;

        for (size_t i = 0; i < mount->n; i++) {
                r = db_drive_lookup(m->db, mount->drives[i], named + i);
                if (r == -ENOENT)
                        return -ENODEV;
                if (r < 0)
                        return r;
                if (drive_find(named, i, named[i].guid) >= 0)
                        return -ENODEV;
                if ((library[0] && !streq(named[i].library, library)) ||
                    !streq(named[i].library, named[0].library))
                        return -EXDEV;
                if (!drive_can_take(named + i, sides[i].device_type))
                        return -ENOMEDIUM;
        }
        return 0;
}

/* "One or more resources required to perform the mount are disabled": no
 * drive of the library could ever take one of the media. */
static int mount_check_library_drives(QueueManager *m, const QueueMount *mount, const DbMountable *sides,
                                      const char *library) {
        _cleanup_free_ DbDrive *drives = NULL;
        _cleanup_free_ bool *none_busy = NULL;
        size_t n = 0;
        int r;

        r = db_drive_list(m->db, library, &drives, &n);
        if (r < 0)
                return r;
        none_busy = calloc(n ?: 1, sizeof(bool));
        if (!none_busy)
                return -ENOMEM;

        for (size_t i = 0; i < mount->n; i++) {
                ssize_t evict;

                if (mountable_offline(sides + i))
                        continue;
                if (drive_select(drives, n, none_busy, sides[i].device_type, &evict) == -ENOMEDIUM)
                        return -ENOMEDIUM;
        }
        return 0;
}

/* A job of q works on, or waits to mount, this medium. */
static bool medium_claimed(LibraryQueue *q, const char *medium) {
        OrderList *lists[] = { &q->dismounts, &q->work };

        for (size_t l = 0; l < ELEMENTSOF(lists); l++)
                order_for_each(lists[l], node) {
                        QueueJob *job = queue_job_of(node);

                        for (size_t p = 0; p < job->n_parts; p++)
                                if (streq(job->parts[p].medium, medium))
                                        return true;
                }
        return false;
}

static bool media_state_free(const DbMountable *s) {
        return s->media_state == NTMS_MEDIASTATE_IDLE ||
               (s->media_state == NTMS_MEDIASTATE_UNLOADED && s->location_type == NTMS_DRIVE);
}

/* NTMS_MOUNT_ERROR_IF_UNAVAILABLE: "an immediate error when a resource
 * (media or drive) is not available". Each medium must be free and have a
 * drive now: an empty one, or one a dismounted medium can be taken out of. */
static int mount_check_available(QueueManager *m, const QueueMount *mount, const DbMountable *sides,
                                 const char *library, bool offline) {
        _cleanup_free_ DbDrive *drives = NULL;
        _cleanup_free_ bool *busy = NULL;
        LibraryQueue *q;
        size_t n = 0;
        int r;

        if (offline)
                return -EBUSY;

        r = db_drive_list(m->db, library, &drives, &n);
        if (r < 0)
                return r;
        busy = calloc(n ?: 1, sizeof(bool));
        if (!busy)
                return -ENOMEM;
        q = library_queue_find(m, library);
        if (q)
                library_queue_mark_busy(q, drives, n, busy);

        for (size_t i = 0; i < mount->n; i++) {
                const DbMountable *s = sides + i;
                ssize_t k, evict = -1;
                bool can_evict;

                if (!media_state_free(s) || (q && medium_claimed(q, s->medium)))
                        return -EBUSY;

                if (s->location_type == NTMS_DRIVE) {
                        k = drive_find(drives, n, s->location);
                        if (k < 0 || busy[k])
                                return -EBUSY;
                } else if (mount->drives) {
                        k = drive_find(drives, n, mount->drives[i]);
                        assert(k >= 0);
                        if (drive_select_specific(drives + k, busy[k], s->device_type, &can_evict) < 0 && !can_evict)
                                return -EBUSY;
                } else {
                        k = drive_select(drives, n, busy, s->device_type, &evict);
                        if (k < 0 && evict < 0)
                                return -EBUSY;
                        if (k < 0)
                                k = evict;
                }
                busy[k] = true;
        }
        return 0;
}

static void mount_templates(const QueueManager *m, const QueueMount *mount, const DbMountable *sides,
                            const char *library, bool offline, DbLibRequest *ret) {
        for (size_t i = 0; i < mount->n; i++) {
                const DbMountable *s = sides + i;

                ret[i] = (DbLibRequest) {
                        .operation = NTMS_LM_MOUNT,
                        .option = mount->options,
                        .state = offline ? NTMS_LM_WAITING : NTMS_LM_QUEUED,
                        .priority = mount->priority,
                };
                memcpy(ret[i].partition, s->side, DB_GUID_MAX);
                memcpy(ret[i].medium, s->medium, DB_GUID_MAX);
                memcpy(ret[i].library, offline ? m->offline : library, DB_GUID_MAX);
                memcpy(ret[i].slot, s->location_type == NTMS_STORAGESLOT && !offline ? s->location : s->home,
                       DB_GUID_MAX);
                if (mount->drives)
                        memcpy(ret[i].drive, mount->drives[i], DB_GUID_MAX);
        }
}

int queue_mount(QueueManager *m, const QueueCaller *caller, const QueueMount *mount, QueueJobDone done,
                void *userdata, QueueJob **ret) {
        _cleanup_free_ DbMountable *sides = NULL;
        _cleanup_free_ DbLibRequest *templates = NULL;
        _cleanup_(job_discardp) QueueJob *job = NULL;
        char library[DB_GUID_MAX];
        LibraryQueue *q = NULL;
        bool offline;
        int r;

        assert(m);
        assert(caller);
        assert(mount);
        assert(mount->n > 0);
        assert(ret);

        sides = calloc(mount->n, sizeof(DbMountable));
        templates = calloc(mount->n, sizeof(DbLibRequest));
        if (!sides || !templates)
                return -ENOMEM;

        r = mount_read_media(m, mount->media, mount->n, mount->options, sides, library, &offline);
        if (r < 0)
                return r;
        /* "Return an error if the media specified is not currently in a library." */
        if (offline && (mount->options & NTMS_MOUNT_ERROR_IF_OFFLINE))
                return -EREMOTE;
        if (mount->drives) {
                r = mount_check_drives(m, mount, sides, library);
                if (r < 0)
                        return r;
        }
        if (library[0]) {
                r = mount_check_library_drives(m, mount, sides, library);
                if (r < 0)
                        return r;
        }
        if (mount->options & NTMS_MOUNT_ERROR_IF_UNAVAILABLE) {
                r = mount_check_available(m, mount, sides, library, offline);
                if (r < 0)
                        return r;
        }

        if (!offline) {
                r = library_queue_get(m, library, &q);
                if (r < 0)
                        return r;
        }
        r = job_new(m, QUEUE_MOUNT, mount->n, &job);
        if (r < 0)
                return r;
        job->options = mount->options;
        for (size_t i = 0; i < mount->n; i++) {
                memcpy(job->parts[i].side, sides[i].side, DB_GUID_MAX);
                memcpy(job->parts[i].medium, sides[i].medium, DB_GUID_MAX);
                if (mount->drives)
                        memcpy(job->parts[i].drive, mount->drives[i], DB_GUID_MAX);
        }
        r = job_start_timer(job, mount->timeout_ms);
        if (r < 0)
                return r;

        mount_templates(m, mount, sides, library, offline, templates);
        r = job_submit(job, templates, caller, q, done, userdata);
        if (r < 0)
                return r;
        log_object_info(queue_job_request(job), "Mount of %zu medium/media queued (priority %d, options 0x%x)%s",
                        mount->n, mount->priority, mount->options,
                        offline ? ", waiting for offline media" : "");
        *ret = TAKE_PTR(job);
        return 0;
}

int mount_recheck(QueueJob *job) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        _cleanup_free_ DbMountable *sides = NULL;
        _cleanup_free_ char (*media)[DB_GUID_MAX] = NULL;
        QueueManager *m = job->manager;
        char library[DB_GUID_MAX];
        LibraryQueue *q;
        bool offline;
        int r;

        assert(job->state == JOB_WAITING);

        sides = calloc(job->n_parts, sizeof(DbMountable));
        media = calloc(job->n_parts, DB_GUID_MAX);
        if (!sides || !media)
                return log_oom();
        for (size_t i = 0; i < job->n_parts; i++)
                memcpy(media[i], job->parts[i].side, DB_GUID_MAX);

        r = mount_read_media(m, media, job->n_parts, job->options, sides, library, &offline);
        if (r >= 0 && offline)
                return 0;       /* not yet */
        for (size_t i = 0; r >= 0 && i < job->n_parts; i++)
                if (job->parts[i].drive[0]) {
                        DbDrive d;

                        r = db_drive_lookup(m->db, job->parts[i].drive, &d);
                        if (r >= 0 && !streq(d.library, library))
                                r = -EXDEV;
                }
        if (r >= 0)
                r = library_queue_get(m, library, &q);
        if (r >= 0)
                r = db_begin(m->db);
        if (r < 0) {
                job_finish(job, r);
                return r;
        }
        tx = m->db;

        for (size_t i = 0; i < job->n_parts; i++) {
                r = db_librequest_set_waiting(m->db, job->parts[i].request, NTMS_LM_QUEUED, library);
                if (r < 0)
                        return r;
        }
        r = db_commit(TAKE_PTR(tx));
        if (r < 0)
                return r;

        order_remove(&m->waiting, &job->node);
        job_enqueue(job, q);
        log_object_info(queue_job_request(job), "The media of the mount are online, queued in library %s", library);
        return 0;
}

/* --- starting ------------------------------------------------------------------ */

static void on_moved_in(int r, void *userdata);
static void on_ready(int r, void *userdata);

/* A queued dismount of the drive, which a mount of the medium in it makes
 * needless: cancelled. Returns whether there was one. */
static bool cancel_dismount_of(LibraryQueue *q, const char *drive) {
        order_for_each(&q->dismounts, node) {
                QueueJob *job = queue_job_of(node);

                if (job->kind == QUEUE_DISMOUNT && job->state == JOB_QUEUED && streq(job->parts[0].drive, drive)) {
                        log_debug("Dismount %s cancelled: its medium is mounted again", queue_job_request(job));
                        job_finish(job, -ECANCELED);
                        return true;
                }
        }
        return false;
}

static bool medium_seen_busy(const DispatchPass *pass, const char *medium) {
        for (size_t i = 0; i < pass->n_busy_media; i++)
                if (streq(pass->busy_media[i], medium))
                        return true;
        return false;
}

static MountPlan medium_busy(DispatchPass *pass, const char *medium) {
        /* Out of memory only costs the memo: the medium is still busy. */
        if (!GREEDY_REALLOC(pass->busy_media, pass->allocated_busy_media, pass->n_busy_media + 1))
                return MOUNT_WAIT_MEDIUM;
        memcpy(pass->busy_media[pass->n_busy_media++], medium, DB_GUID_MAX);
        return MOUNT_WAIT_MEDIUM;
}

/* The drive of a stand-alone drive library takes the medium it holds, as a
 * medium mounted again after a deferred dismount is: only the drive's lane
 * waits until it is ready. There is no other drive to take it to. */
static MountPlan mount_plan_standalone(QueuePart *p, const DbMountable *s, DispatchPass *pass,
                                       const bool *blocked, bool *taken) {
        ssize_t k;

        /* Mounted, or on its way. */
        if (s->media_state != NTMS_MEDIASTATE_UNLOADED)
                return medium_busy(pass, s->medium);

        k = s->location_type == NTMS_DRIVE ? drive_find(pass->drives, pass->n_drives, s->location) : -1;
        if (k < 0 || (p->drive[0] && !streq(p->drive, s->location))) {
                p->r = k < 0 ? -EREMOTEIO : -EXDEV;
                return MOUNT_ENDED;
        }
        if (blocked[k])
                return medium_busy(pass, s->medium);
        if (!drive_can_take(pass->drives + k, s->device_type)) {
                p->r = -ENOMEDIUM;
                return MOUNT_ENDED;
        }

        memcpy(p->drive, pass->drives[k].guid, DB_GUID_MAX);
        p->drive_index = pass->drives[k].number - 1;
        p->remount = true;
        taken[k] = true;
        return MOUNT_STARTED;
}

/* Plans one medium of a mount: its drive in p, and taken[k] for that drive. */
static MountPlan mount_plan_part(QueueJob *job, QueuePart *p, DispatchPass *pass, bool *taken,
                                 ssize_t *ret_evict) {
        _cleanup_free_ bool *blocked = NULL;
        const DbDrive *drives = pass->drives;
        const bool *busy = pass->busy;
        size_t n = pass->n_drives;
        LibraryQueue *q = job->queue;
        QueueManager *m = job->manager;
        DbMountable s;
        ssize_t k;
        int r;

        if (medium_seen_busy(pass, p->medium))
                return MOUNT_WAIT_MEDIUM;
        r = db_mountable_get(m->db, p->side, &s);
        if (r < 0)
                return r == -ENOENT ? MOUNT_MOVED : MOUNT_WAIT_MEDIUM;
        if (mountable_offline(&s) || !streq(s.library, q->library))
                return MOUNT_MOVED;

        blocked = calloc(n ?: 1, sizeof(bool));
        if (!blocked)
                return MOUNT_WAIT_MEDIUM;
        for (size_t i = 0; i < n; i++)
                blocked[i] = busy[i] || taken[i];

        if (s.library_type == NTMS_LIBRARYTYPE_STANDALONE)
                return mount_plan_standalone(p, &s, pass, blocked, taken);

        if (s.media_state == NTMS_MEDIASTATE_UNLOADED && s.location_type == NTMS_DRIVE) {
                /* Still in a drive from a deferred dismount: mounted there again
                 * without a move, unless another drive was asked for. */
                k = drive_find(drives, n, s.location);
                if (k < 0)
                        return MOUNT_WAIT_MEDIUM;
                if (blocked[k] && !taken[k] && cancel_dismount_of(q, s.location) &&
                    !library_queue_drive_runs(q, s.location))
                        blocked[k] = false;
                if (blocked[k])
                        return medium_busy(pass, s.medium);
                if ((p->drive[0] && !streq(p->drive, s.location)) || !drive_can_take(drives + k, s.device_type)) {
                        *ret_evict = k;
                        return MOUNT_WAIT_DRIVE;
                }
                p->remount = true;
        } else if (s.media_state != NTMS_MEDIASTATE_IDLE) {
                return medium_busy(pass, s.medium);
        } else if (p->drive[0]) {
                bool evict;

                k = drive_find(drives, n, p->drive);
                if (k < 0)
                        return MOUNT_MOVED;
                r = drive_select_specific(drives + k, blocked[k], s.device_type, &evict);
                if (r == -EAGAIN) {
                        *ret_evict = evict ? k : -1;
                        return MOUNT_WAIT_DRIVE;
                }
                if (r < 0) {
                        p->r = r;
                        return MOUNT_ENDED;
                }
        } else {
                k = drive_select(drives, n, blocked, s.device_type, ret_evict);
                if (k == -EAGAIN)
                        return MOUNT_WAIT_DRIVE;
                if (k < 0) {
                        p->r = (int) k;
                        return MOUNT_ENDED;
                }
        }

        if (drives[k].address == DB_NO_ADDRESS || (!p->remount && s.location_address == DB_NO_ADDRESS)) {
                p->r = -EREMOTEIO;
                return MOUNT_ENDED;
        }

        memcpy(p->drive, drives[k].guid, DB_GUID_MAX);
        p->drive_index = drives[k].number - 1;
        p->drive_address = (uint16_t) drives[k].address;
        memcpy(p->slot, s.location, DB_GUID_MAX);
        p->slot_address = p->remount ? 0 : (uint16_t) s.location_address;
        p->invert = s.side_number == 1;
        taken[k] = true;
        return MOUNT_STARTED;
}

static void mount_forget_plan(QueueJob *job) {
        for (size_t i = 0; i < job->n_parts; i++) {
                QueuePart *p = job->parts + i;

                p->remount = false;
                if (!(job->options & NTMS_MOUNT_SPECIFIC_DRIVE))
                        p->drive[0] = 0;
        }
}

static int part_begin(QueuePart *p, LibraryController *c) {
        int r;

        if (p->remount)
                r = library_controller_drive_ready(c, p->drive_index, on_ready, p);
        else
                r = library_controller_move(c, p->slot_address, p->drive_address, p->invert, on_moved_in, p);
        p->step_out = r >= 0;
        return r;
}

static int mount_record_start(QueueJob *job) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        Db *db = job->manager->db;
        int r;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;
        for (size_t i = 0; i < job->n_parts; i++) {
                QueuePart *p = job->parts + i;

                r = db_librequest_start(db, p->request, p->drive, p->remount ? NULL : p->slot);
                if (r < 0)
                        return r;
                r = db_drive_claim(db, p->medium);
                if (r < 0)
                        return r;
        }
        return db_commit(TAKE_PTR(tx));
}

static void mount_check_done(QueueJob *job);

MountPlan mount_try_start(QueueJob *job, DispatchPass *pass, ssize_t *ret_evict) {
        _cleanup_free_ bool *taken = NULL;
        size_t n_drives = pass->n_drives;
        LibraryController *c;
        int r;

        assert(job->kind == QUEUE_MOUNT);
        assert(job->state == JOB_QUEUED);

        *ret_evict = -1;
        taken = calloc(n_drives ?: 1, sizeof(bool));
        if (!taken)
                return MOUNT_WAIT_MEDIUM;

        for (size_t i = 0; i < job->n_parts; i++) {
                QueuePart *p = job->parts + i;
                MountPlan plan;

                plan = mount_plan_part(job, p, pass, taken, ret_evict);
                if (plan == MOUNT_ENDED) {
                        job_finish(job, p->r);
                        return MOUNT_ENDED;
                }
                if (plan != MOUNT_STARTED) {
                        /* All or nothing: what the parts before chose is given back. */
                        mount_forget_plan(job);
                        return plan;
                }
        }

        c = queue_controller(job->manager, job->queue->library);
        if (!c) {
                mount_forget_plan(job);
                return MOUNT_WAIT_DRIVE;
        }

        r = mount_record_start(job);
        if (r < 0) {
                log_object_error_errno(queue_job_request(job), r, "Cannot record the start of the mount: %m");
                job_finish(job, r);
                return MOUNT_ENDED;
        }
        job_mark_running(job);
        for (size_t k = 0; k < n_drives; k++)
                pass->busy[k] = pass->busy[k] || taken[k];

        for (size_t i = 0; i < job->n_parts; i++) {
                QueuePart *p = job->parts + i;

                log_object_info(p->request, "Mounting side %s %s drive %s", p->side,
                                p->remount ? "again in" : "into", p->drive);
                r = part_begin(p, c);
                if (r < 0) {
                        p->over = true;
                        p->r = r;
                }
        }
        mount_check_done(job);
        return MOUNT_STARTED;
}

/* --- the way into the drive --------------------------------------------------- */

static bool mount_all_loaded(const QueueJob *job) {
        for (size_t i = 0; i < job->n_parts; i++)
                if (!job->parts[i].loaded)
                        return false;
        return true;
}

/* A step came back: false when rsmd stops meanwhile, and nothing more is
 * done (the next start recovers what ran). */
static bool step_returned(QueuePart *p) {
        p->step_out = false;
        if (!p->job->manager->stopping)
                return true;
        p->over = true;
        return false;
}

static void part_failed(QueuePart *p, int r) {
        p->over = true;
        p->r = r;
        mount_check_done(p->job);
}

static int record_moved_in(QueuePart *p) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        Db *db = p->job->manager->db;
        int r;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;
        r = db_drive_record_moved_in(db, p->drive, p->medium);
        if (r < 0)
                return r;
        return db_commit(TAKE_PTR(tx));
}

static void on_moved_in(int r, void *userdata) {
        QueuePart *p = userdata;
        QueueJob *job = p->job;
        LibraryController *c;

        if (!step_returned(p))
                return;
        if (r < 0) {
                log_object_error_errno(p->request, r, "Moving the cartridge of side %s into drive %s failed: %m",
                                       p->side, p->drive);
                part_failed(p, queue_step_error(r));
                return;
        }

        p->moved = true;
        r = record_moved_in(p);
        if (r < 0) {
                log_object_error_errno(p->request, r, "Cannot record the cartridge in drive %s: %m", p->drive);
                part_failed(p, r);
                return;
        }

        c = queue_controller(job->manager, job->queue->library);
        r = c ? library_controller_drive_ready(c, p->drive_index, on_ready, p) : -EHOSTDOWN;
        if (r < 0) {
                part_failed(p, queue_step_error(r));
                return;
        }
        p->step_out = true;
}

/* The medium is mounted; with the last medium of a job that nobody gave
 * up, the requests pass in the same transaction. */
static int record_loaded(QueuePart *p, bool *ret_ended) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        QueueJob *job = p->job;
        Db *db = job->manager->db;
        int r;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;
        /* A medium mounted again where a deferred dismount left it counts
         * no more; a stand-alone drive has no deferral, each of its mounts
         * counts. */
        r = db_drive_record_loaded(db, p->drive, p->medium, p->side,
                                   !p->remount || queue_library_standalone(job->manager, job->queue->library));
        if (r < 0)
                return r;
        *ret_ended = mount_all_loaded(job) && !job->given_up;
        if (*ret_ended) {
                r = job_record_end(job, 0);
                if (r < 0)
                        return r;
        }
        return db_commit(TAKE_PTR(tx));
}

static void on_ready(int r, void *userdata) {
        QueuePart *p = userdata;
        QueueJob *job = p->job;
        bool ended = false;

        if (!step_returned(p))
                return;
        if (r < 0) {
                log_object_error_errno(p->request, r, "Drive %s did not become ready with side %s: %m",
                                       p->drive, p->side);
                part_failed(p, queue_step_error(r));
                return;
        }

        p->loaded = true;
        r = record_loaded(p, &ended);
        if (r < 0) {
                log_object_error_errno(p->request, r, "Cannot record side %s mounted in drive %s: %m", p->side, p->drive);
                part_failed(p, r);
                return;
        }
        log_object_info(p->request, "Side %s mounted in drive %s", p->side, p->drive);

        p->over = true;
        if (ended) {
                job_end(job, 0);
                return;
        }
        mount_check_done(job);
}

/* A mount that failed, or whose caller gave up: every medium it took out of
 * its slot is released where it is (in a drive: dismountable), the others
 * are idle again, and the requests end. */
static int record_release(QueueJob *job, int r) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        Db *db = job->manager->db;
        int q;

        q = db_begin(db);
        if (q < 0)
                return q;
        tx = db;
        for (size_t i = 0; i < job->n_parts; i++) {
                QueuePart *p = job->parts + i;

                if (p->moved || p->remount)
                        q = db_drive_record_released(db, p->drive, p->medium);
                else
                        q = db_drive_unclaim(db, p->medium);
                if (q < 0)
                        return q;
        }
        q = job_record_end(job, r);
        if (q < 0)
                return q;
        return db_commit(TAKE_PTR(tx));
}

static void mount_check_done(QueueJob *job) {
        LibraryQueue *q = job->queue;
        int r = 0, k;

        for (size_t i = 0; i < job->n_parts; i++) {
                if (job->parts[i].step_out || !job->parts[i].over)
                        return;
                if (r == 0)
                        r = job->parts[i].r;
        }
        if (job->manager->stopping)
                return;

        /* A mount that failed ends as FAILED even when its caller gave up. */
        r = r ?: job->given_up;
        assert(r < 0);

        k = record_release(job, r);
        if (k < 0)
                log_object_error_errno(queue_job_request(job), k, "Cannot record the end of the mount: %m");

        /* "None of the media will be mounted": what a failed mount put into a
         * drive goes home now. Media of a mount whose caller gave up stay for
         * the drive's deferral, as if dismounted with NTMS_DISMOUNT_DEFERRED. */
        if (!job->given_up || r != job->given_up)
                for (size_t i = 0; i < job->n_parts; i++)
                        if (job->parts[i].moved || job->parts[i].remount)
                                (void) dismount_queue_drive(q, job->parts[i].drive);

        log_object_info(queue_job_request(job), "Mount ended without the media mounted: %s", strerror(-r));
        job_end(job, r);
}
