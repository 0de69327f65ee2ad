/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* What the files of queue/ share: jobs, the per-library queues and the
 * manager. A job is one call's work (one MountNtmsMedia, one dismount, one
 * inventory, one eject); it holds one part per library request it recorded. */

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <systemd/sd-event.h>

#include "db/drive.h"
#include "db/librequest.h"
#include "library/library-manager.h"
#include "order.h"
#include "queue.h"

typedef enum QueueJobKind {
        QUEUE_MOUNT,
        QUEUE_DISMOUNT,
        QUEUE_INVENTORY,
        QUEUE_EJECT,
        QUEUE_INJECT,
        QUEUE_DOOR,
        QUEUE_CLEAN,
        QUEUE_SA_EJECT,         /* a stand-alone drive's, in the dismounts: it empties a drive */
        _QUEUE_JOB_KIND_MAX,
} QueueJobKind;

typedef enum QueueJobState {
        JOB_QUEUED,             /* in its library's order, waiting for its turn or a drive */
        JOB_WAITING,            /* a mount whose media are not all in a library */
        JOB_RUNNING,
} QueueJobState;

typedef struct LibraryQueue LibraryQueue;

typedef struct QueuePart {
        QueueJob *job;
        char request[DB_GUID_MAX];
        char side[DB_GUID_MAX];         /* the side to mount, or the one a dismount takes out ("": none known) */
        char medium[DB_GUID_MAX];
        char drive[DB_GUID_MAX];        /* chosen when the job starts (a dismount: from the start) */
        size_t drive_index;             /* its data transfer element, drive Number − 1 */
        uint16_t drive_address;
        char slot[DB_GUID_MAX];         /* where a mount takes the cartridge from, a dismount takes it to */
        uint16_t slot_address;
        bool invert;                    /* turn the cartridge over: its second side is mounted */
        bool remount;                   /* the medium is in the drive from a deferred dismount */
        bool moved;                     /* the robot moved it (into the drive, or out) */
        bool loaded;                    /* a mount: ready and recorded as mounted */
        bool step_out;                  /* a hardware step is under way */
        bool over;                      /* its work is done or failed */
        int r;
} QueuePart;

struct QueueJob {
        QueueManager *manager;
        LibraryQueue *queue;            /* NULL while JOB_WAITING */
        OrderNode node;                 /* in queue's dismounts or work, or the manager's waiting */
        QueueJobKind kind;
        QueueJobState state;
        uint32_t options;               /* the call's NTMS_MOUNT_*, NTMS_DISMOUNT_*, inventory method */
        uint64_t session;
        QueuePart *parts;
        size_t n_parts;
        sd_event_source *timer;         /* the mount's timeout */
        QueueJobDone done;              /* NULL: nobody waits */
        void *userdata;
        int given_up;                   /* ≠ 0: the caller stopped waiting while it ran (-ETIME, -ECANCELED): what it
                                         * mounts is released, nobody would take it out of the drive */
        bool recorded;                  /* the end of its requests is recorded */

        /* The state of an operation at the ports or doors (port.c, door.c). */
        void *op;
        void (*op_free)(void *op);
};

/* A drive that holds a dismounted medium until its delay is over. */
typedef struct Deferral Deferral;
struct Deferral {
        LibraryQueue *queue;
        char drive[DB_GUID_MAX];
        sd_event_source *timer;
        Deferral *next;
};

/* A medium queued for ejection (NTMS_EJECT_QUEUE), until an
 * NTMS_EJECT_START takes the batch through the ports. */
typedef struct EjectBatchEntry {
        char medium[DB_GUID_MAX];
        uint64_t session;
} EjectBatchEntry;

struct LibraryQueue {
        QueueManager *manager;
        char library[DB_GUID_MAX];
        EjectBatchEntry *eject_batch;
        size_t n_eject_batch, allocated_eject_batch;
        OrderList dismounts;            /* dismounts and stand-alone ejects, served before anything else */
        OrderList work;                 /* mounts and inventories */
        bool started;                   /* recovered after its controller's first probe */
        sd_event_source *dispatch;
        Deferral *deferrals;
        QueueQuiesced quiesced;         /* someone waits until nothing runs */
        void *quiesced_userdata;
        LibraryQueue *next;
};

struct QueueManager {
        sd_event *event;
        Db *db;
        LibraryManager *libraries;
        QueueErrorCode error_code;
        char offline[DB_GUID_MAX];      /* the offline library */
        LibraryQueue *queues;
        OrderList waiting;              /* mounts waiting for media to come online */
        sd_event_source *recheck;       /* looks at the waiting mounts again */
        sd_event_source *exit;
        uint64_t last_purge;
        char hostname[HOST_NAME_MAX + 1];
        bool stopping;
};

/* queue.c */
int library_queue_get(QueueManager *m, const char *library, LibraryQueue **ret);
LibraryQueue *library_queue_find(QueueManager *m, const char *library);
void library_queue_dispatch_soon(LibraryQueue *q);
/* busy[i]: a running request works on drives[i], or a queued dismount is
 * for it (the drive is promised to that dismount). */
void library_queue_mark_busy(LibraryQueue *q, const DbDrive *drives, size_t n, bool *busy);
/* A running request works on the drive. */
bool library_queue_drive_runs(LibraryQueue *q, const char *drive);
QueueJob *queue_job_of(OrderNode *n);
void queue_manager_recheck_soon(QueueManager *m);
bool library_queue_runs(const LibraryQueue *q);

int job_new(QueueManager *m, QueueJobKind kind, size_t n_parts, QueueJob **ret);
/* A job of one part with the state of an operation: op_size zeroed bytes
 * in job->op, freed with op_free. */
int job_new_with_op(QueueManager *m, QueueJobKind kind, size_t op_size, void (*op_free)(void *op), QueueJob **ret);
/* Frees a job that was never queued. */
void job_discard(QueueJob *job);
static inline void job_discardp(QueueJob **job) {
        job_discard(*job);
}
/* Records a request for each part (caller's transaction). */
int job_record(QueueJob *job, const DbLibRequest *templates, const QueueCaller *caller);
/* A job of one request in t->library that its caller does not wait for:
 * the request recorded in its own transaction, the job queued (it belongs
 * to the queue then); the end of the caller's session leaves it be. */
int job_record_and_enqueue(QueueJob *job, const DbLibRequest *t, const QueueCaller *caller);
/* Into the order of q (QUEUED), or the manager's waiting list (q NULL: WAITING). */
void job_enqueue(QueueJob *job, LibraryQueue *q);
/* job_record() in a transaction of its own, then job_enqueue(); done()
 * (NULL: nobody waits) hears how the job ends. */
int job_submit(QueueJob *job, const DbLibRequest *templates, const QueueCaller *caller, LibraryQueue *q,
               QueueJobDone done, void *userdata);
int job_start_timer(QueueJob *job, uint32_t timeout_ms);
/* Records the part's request INPROCESS, on its drive and slot where they
 * are known, in a transaction of its own. */
int part_record_start(QueuePart *p);
/* A job's parts started: INPROCESS, and out of the waiting order. */
void job_mark_running(QueueJob *job);
/* Records the end of every request of the job (caller's transaction). */
int job_record_end(QueueJob *job, int r);
/* Tells the caller and frees the job; its requests are recorded already. */
void job_end(QueueJob *job, int r);
/* Records the end of the requests and ends the job. */
void job_finish(QueueJob *job, int r);
QueueJob *queue_find_job(QueueManager *m, const char *request);
LibraryController *queue_controller(QueueManager *m, const char *library);
uint32_t queue_error_code(QueueManager *m, int r);
/* What a failed hardware step means for its request: -EHOSTDOWN (the
 * library is not served, or its changer does not answer), -ENOMEM, or
 * -EREMOTEIO (the device failed). */
int queue_step_error(int r);

/* One look of the dispatcher at a library's queue: its drives as the
 * database says, which of them requests hold, and the media found busy
 * (a queue of mounts waiting for one medium reads it once). */
typedef struct DispatchPass {
        DbDrive *drives;
        size_t n_drives;
        bool *busy;
        char (*busy_media)[DB_GUID_MAX];
        size_t n_busy_media, allocated_busy_media;
} DispatchPass;

/* mount.c */
/* What became of a mount the dispatcher looked at. */
typedef enum MountPlan {
        MOUNT_STARTED,
        MOUNT_WAIT_MEDIUM,      /* a medium is mounted or busy */
        MOUNT_WAIT_DRIVE,       /* no drive free now */
        MOUNT_MOVED,            /* its media are not (all) in this library any more */
        MOUNT_ENDED,            /* it failed */
} MountPlan;
/* A mount waiting for its media: queued in their library when they are all
 * in one, ended when they cannot be. */
int mount_recheck(QueueJob *job);
MountPlan mount_try_start(QueueJob *job, DispatchPass *pass, ssize_t *ret_evict);
void mount_part_step_done(QueuePart *p, int r);

/* dismount.c */
/* A stand-alone drive library: its medium stays in its one drive until it
 * is ejected, there is nowhere else for it to go. */
bool queue_library_standalone(QueueManager *m, const char *library);
/* Queues rsmd's own dismount of the drive (deferral over, drive wanted);
 * nothing for a stand-alone drive. */
int dismount_queue_drive(LibraryQueue *q, const char *drive);
bool dismount_try_start(QueueJob *job, const DbDrive *drives, size_t n_drives, bool *busy);
/* Keeps a deferral for every drive that holds a dismounted medium and no
 * request, and none for the others. */
void deferrals_update(LibraryQueue *q, const DbDrive *drives, size_t n_drives, const bool *busy);
void deferrals_clear(LibraryQueue *q);

/* Jobs that run alone in their library: inventories and the operations at
 * its ports and doors. Nothing else runs while they do, and nothing queued
 * behind them starts first. */
static inline bool job_kind_exclusive(QueueJobKind kind) {
        return kind != QUEUE_MOUNT && kind != QUEUE_DISMOUNT && kind != QUEUE_SA_EJECT;
}

/* inventory.c */
bool inventory_try_start(QueueJob *job);

/* port.c */
bool port_try_start(QueueJob *job);

/* door.c */
bool door_try_start(QueueJob *job);

/* clean.c */
bool clean_try_start(QueueJob *job);
/* Asks the emptied drive whether it needs cleaning, and queues a cleaning
 * when it does and its library has a cleaner. */
void clean_check_drive(LibraryQueue *q, const char *drive, size_t index);

/* sa-eject.c */
bool eject_try_start(QueueJob *job, const DbDrive *drives, size_t n_drives, bool *busy);
/* EjectNtmsMedia of medium, recorded in drive ("": in none) of a stand-alone
 * drive library: the eject of that drive, as EjectDiskFromSADrive's, with
 * its request in request. action NTMS_EJECT_START; NTMS_EJECT_QUEUE is
 * -EINVAL (one drive, no port: no batch to gather). Errors as
 * queue_eject() says, -ETXTBSY for a medium in use. */
int sa_eject_medium(QueueManager *m, const QueueCaller *caller, const char *medium, const char *drive,
                    uint32_t action, char request[static DB_GUID_MAX]);
/* NTMS_EJECT_STOP of such an eject: one that waits is cancelled, one that
 * runs cannot be stopped (-ESRCH). */
int sa_eject_stop_job(QueueJob *job);

/* recover-cleaner.c */
typedef void (*RecoverContinue)(QueueManager *m, LibraryController *c, const ChangerInventory *elements);
/* Before the recovery records the element status: a cleaner that an
 * unfinished cleaning (among reqs) left in a drive goes back to its slot,
 * and next() continues with the element status read after that (NULL when
 * that failed). Returns 1 when next() will be called, 0 when there is
 * nothing to do. */
int recover_cleaner(QueueManager *m, LibraryController *c, const ChangerInventory *elements,
                    const DbLibRequest *reqs, size_t n, RecoverContinue next);

/* recover.c */
void queue_recover_library(QueueManager *m, LibraryController *c, const ChangerInventory *elements);
void queue_recover_offline(QueueManager *m);
