/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The library request queue. Every operation that moves or touches hardware
 * (a mount, a dismount, an inventory) is a library request (NTMS_LIBREQUEST),
 * recorded from the moment it is queued until it is deleted, and waits in
 * the queue of its library until it can run:
 *
 *  - dismounts first, then mounts and inventories; within those, higher
 *    priority first, equal priorities in the order they came, unless an
 *    administrator placed a request (SetNtmsRequestOrder);
 *  - a mount starts when its media are free and it has a drive for each
 *    (all of them at once, or none); a request further back that can start
 *    does not wait for one in front that cannot;
 *  - an inventory runs alone: it waits until nothing else runs, and nothing
 *    behind it starts before it is over;
 *  - the robot is one resource (its moves run one at a time) and each drive
 *    another, so that one drive rewinds while the robot serves another.
 *
 * Request states: QUEUED while a request waits for its turn or a drive,
 * WAITING while a mount waits for offline media to come into a library,
 * INPROCESS while it runs, then PASSED, FAILED (dwErrorCode says why) or
 * CANCELLED (by CancelNtmsLibraryRequest, the end of its session, or its
 * timeout: dwErrorCode ERROR_CANCELLED or ERROR_TIMEOUT).
 *
 * A mount waits for busy media and drives until its timeout, which ends it
 * with ERROR_TIMEOUT as the function's table of errors says (its remarks
 * speak of ERROR_BUSY there; that is what NTMS_MOUNT_ERROR_IF_UNAVAILABLE
 * answers at once instead of waiting). A caller that stops waiting (time-
 * out, end of session, connection gone) cannot stop a mount half way: it
 * runs to its end, and what it mounted is released as by a deferred
 * dismount. Mounts count (dwMountCount of drive and side) cartridges
 * loaded: a medium mounted again in the drive it waited in counts no more.
 *
 * A mount records the way of its cartridge as it goes (see db/drive.h):
 * a drive is chosen as queue/select.h says; the robot moves the cartridge
 * into the drive, the drive's lane waits until it is ready, and the medium
 * is mounted. A dismount releases the medium at once; with
 * NTMS_DISMOUNT_DEFERRED the cartridge then stays in its drive for the
 * drive's dwDeferDismountDelay, so that a mount of it needs no move, and is
 * taken home when the delay is over or the drive is wanted for another
 * medium. A cartridge goes home by its drive's unload and a move to its
 * home slot (another empty slot when that is taken).
 *
 * When rsmd starts, each library is recovered after its first probe, which
 * read its element status again: when a request was in process (or a medium
 * on its way into a drive) that element status is recorded, so that the
 * database says where each cartridge is; requests that were in process end
 * FAILED with ERROR_INVALID_STATE and their media stay where they are found
 * (a cartridge in a drive dismountable, to go home after the deferral);
 * mounts and inventories that were queued end CANCELLED (their callers are
 * gone with the old rsmd), dismounts that were queued are queued again.
 *
 * Errors are negative errno values; bus/ gives them their meaning through
 * a function the manager is made with, which also gives each request its
 * dwErrorCode. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <systemd/sd-event.h>

#include "db/db.h"
#include "library/library-manager.h"

typedef struct QueueManager QueueManager;
typedef struct QueueJob QueueJob;

/* The ERROR_* value that a request which ended with r records as its dwErrorCode. */
typedef uint32_t (*QueueErrorCode)(int r);

/* Who asks; recorded in each request. */
typedef struct QueueCaller {
        uint64_t session;               /* the session whose end cancels the request; 0: none */
        const char *application;
        const char *user;
        const char *computer;
} QueueCaller;

/* A job's caller hears how it ended. The job is valid during the call and
 * freed after it. */
typedef void (*QueueJobDone)(QueueJob *job, int r, void *userdata);

int queue_manager_new(sd_event *e, Db *db, LibraryManager *libraries, QueueErrorCode error_code,
                      QueueManager **ret);
/* rsmd stops (also when its event loop exits): waiting callers hear
 * -ECANCELED, requests that have not started are cancelled (dismounts are
 * kept for the next start), nothing starts any more. Free the manager after
 * the library manager, whose controllers may still answer steps. */
void queue_manager_stop(QueueManager *m);
QueueManager *queue_manager_free(QueueManager *m);
static inline void queue_manager_freep(QueueManager **m) {
        if (*m)
                queue_manager_free(*m);
}

/* The session ended: its requests that have not started are cancelled,
 * those that run release their media when they are over. */
void queue_manager_session_closed(QueueManager *m, uint64_t session);

/* The caller of a job no longer waits (its connection went away): done()
 * is not called any more, and the job goes on as for a closed session. */
void queue_job_abandon(QueueJob *job);

/* The GUID of the job's (first) library request. */
const char *queue_job_request(const QueueJob *job);
/* A mount's drive for medium i, once it succeeded. */
const char *queue_job_drive(const QueueJob *job, size_t i);
size_t queue_job_n_media(const QueueJob *job);

typedef struct QueueMount {
        char (*media)[DB_GUID_MAX];     /* n sides or logical media */
        char (*drives)[DB_GUID_MAX];    /* n drives with NTMS_MOUNT_SPECIFIC_DRIVE, else NULL */
        size_t n;
        uint32_t options;               /* NTMS_MOUNT_* */
        int priority;                   /* NTMS_PRIORITY_LOWEST … NTMS_PRIORITY_HIGHEST */
        uint32_t timeout_ms;            /* INFINITE: no limit */
} QueueMount;

/* MountNtmsMedia. Queues one request per medium and returns the job, whose
 * done() (NULL: nobody waits, NTMS_MOUNT_NOWAIT) hears the outcome later:
 * 0, -ETIME (the timeout passed first: the request is cancelled),
 * -ECANCELED (cancelled), -ENOMEDIUM (a medium or drive was disabled
 * meanwhile), -EREMOTEIO (the robot or a drive failed: the database was
 * brought in line with the changer), -EHOSTDOWN (the changer does not
 * answer), a database error. Errors of the call itself, before anything
 * is queued:
 *   -ENOENT     a medium is neither a side nor a logical medium with a side
 *   -ENOTUNIQ   a side is named twice, or two sides of one medium
 *   -ENODEV     a named drive is no drive
 *   -EXDEV      a named drive is not in its medium's library
 *   -ENOLINK    the media are in different libraries
 *   -ENOMEDIUM  a side, medium, library or named drive is disabled, or no
 *               drive of the library is enabled and can take a medium
 *   -EPERM      NTMS_MOUNT_WRITE and a side is Complete
 *   -EREMOTE    NTMS_MOUNT_ERROR_IF_OFFLINE and a medium is offline
 *   -EBUSY      NTMS_MOUNT_ERROR_IF_UNAVAILABLE and a medium or a drive is
 *               not available now */
int queue_mount(QueueManager *m, const QueueCaller *caller, const QueueMount *mount, QueueJobDone done,
                void *userdata, QueueJob **ret);

/* DismountNtmsMedia: each medium is released at once (deferred) or queued
 * to go home (a medium of a stand-alone drive stays in the drive either
 * way); returns once that is recorded. Errors, before anything changes:
 *   -ENOENT     a medium is neither a side nor a logical medium with a side
 *   -EREMOTE    a medium is offline
 *   -ENOMEDIUM  a side or medium is disabled
 *   -ENODEV     the drive or library holding a medium is disabled
 *   -EBADFD     a medium is not mounted (nor dismounted and still in a drive) */
int queue_dismount(QueueManager *m, const QueueCaller *caller, char (*media)[DB_GUID_MAX], size_t n,
                   uint32_t options);

/* DismountNtmsDrive: the medium in the drive goes home (a stand-alone
 * drive keeps it, dismountable, as it is already). -ENOENT no such drive,
 * -ENODEV the drive or its library is disabled, -EBADFD the drive is empty
 * or its medium is mounted. */
int queue_dismount_drive(QueueManager *m, const QueueCaller *caller, const char *drive);

/* InventoryNtmsLibrary through the queue. Errors as
 * library_manager_inventory(); NTMS_INVENTORY_NONE ends at once without a
 * request, NTMS_INVENTORY_STOP is -EBUSY while an inventory of the library
 * is queued or runs (it is never interrupted) and ends at once otherwise.
 * *ret is NULL when the call ended at once. */
int queue_inventory(QueueManager *m, const QueueCaller *caller, const char *library, uint32_t action,
                    QueueJobDone done, void *userdata, QueueJob **ret);

/* IdentifyNtmsSlot: an inventory request of the one slot, whose cartridge
 * is moved into a free drive, its label read and recorded, and moved home
 * again; done() hears when it is over. NTMS_DISMOUNT_DEFERRED is not kept
 * apart: the cartridge goes home either way. Errors: -ENOENT no such slot,
 * -ENODEV the library is disabled, -EHOSTDOWN its changer is not served
 * (or never reported the slot), errors of library_manager_inventory_check(). */
int queue_identify_slot(QueueManager *m, const QueueCaller *caller, const char *slot, QueueJobDone done,
                        void *userdata, QueueJob **ret);

/* InjectNtmsMedia (queue/port.c). NTMS_INJECT_START, _STARTMANY and
 * _RETRACT queue an insert through the ports of the library and return its
 * request in request; NTMS_INJECT_STOP ends the insert named by request (a
 * queued one is cancelled, a running one ends at its next look). Errors:
 *   -EINVAL     not an action
 *   -ENOENT     no such library
 *   -EMEDIUMTYPE the offline library, or a stand-alone drive library
 *   -ENODEV     the library is disabled
 *   -EHOSTDOWN  the library is not served (its changer was never reached)
 *   -ENXIO      the library has no port
 *   -EXFULL     the library has no free slot
 *   -ESRCH      STOP: no unfinished insert has that request */
int queue_inject(QueueManager *m, const QueueCaller *caller, const char *library, uint32_t action,
                 char request[static DB_GUID_MAX]);

/* EjectNtmsMedia (queue/port.c). NTMS_EJECT_QUEUE adds the medium to its
 * library's batch (kept until rsmd stops); NTMS_EJECT_START adds it too
 * and queues the eject of the batch through the ports, returning the
 * request in request (medium "": the batch this session queued);
 * NTMS_EJECT_STOP ends the eject named by request. Errors as for
 * queue_inject(), and:
 *   -ENOENT     no such medium
 *   -EMEDIUMTYPE the medium is in the offline library
 *   -ENOMEDIUM  the medium is disabled
 *   -ETXTBSY    the medium is mounted or on its way
 *   -EBUSY      the batch holds as many media as the library has ports
 *   -EINVAL     START without a medium and no batch of this session
 * A medium in a stand-alone drive library, which has no port, leaves by
 * the eject of its drive, as queue_eject_standalone()'s (NTMS_EJECT_QUEUE
 * is -EINVAL there, and STOP ends such an eject too). */
int queue_eject(QueueManager *m, const QueueCaller *caller, const char *medium, uint32_t action,
                char request[static DB_GUID_MAX]);

/* AccessNtmsLibraryDoor (queue/door.c): queues the door access; the
 * inventory by action (an NTMS_INVENTORY_* method) follows when the door is
 * closed again. Errors: -EINVAL not a method, -ENOENT no such library,
 * -EMEDIUMTYPE not a library with a robot, -ENODEV disabled, -ENXIO no door,
 * -EHOSTDOWN not served. */
int queue_door(QueueManager *m, const QueueCaller *caller, const char *library, uint32_t action);

/* CleanNtmsDrive (queue/clean.c): queues the cleaning of the drive with its
 * library's cleaner; a drive of a stand-alone library is recorded as cleaned
 * at once. Errors: -ENOENT no such drive, -EMEDIUMTYPE its library is not
 * valid (offline), -ENODEV the drive or library is disabled, -EHOSTDOWN not
 * served, and those of the cleaner (db/cleaner.h): -ENODATA no cleaner slot,
 * -ENOMEDIUM no cleaner, -EDQUOT the cleaner is spent. */
int queue_clean_drive(QueueManager *m, const QueueCaller *caller, const char *drive);

/* InjectNtmsCleaner and EjectNtmsCleaner (queue/port.c): a cleaner put into
 * a port goes to the library's reserved cleaner slot with cleans cleanings
 * left; the cleaner goes out through a port. NTMS_INJECT_STOP and
 * NTMS_EJECT_STOP end the one named by request. Errors as queue_inject(),
 * and: -ENODATA no cleaner slot, -EADDRNOTAVAIL the cleaner slot is not
 * installed, -EXFULL (inject) a cleaner is there already, -ENOMEDIUM (eject)
 * there is none. */
int queue_inject_cleaner(QueueManager *m, const QueueCaller *caller, const char *library, uint32_t cleans,
                         uint32_t action, char request[static DB_GUID_MAX]);
int queue_eject_cleaner(QueueManager *m, const QueueCaller *caller, const char *library, uint32_t action,
                        char request[static DB_GUID_MAX]);

/* CancelNtmsLibraryRequest: -ENOENT no unfinished request, -EBUSY it runs. */
int queue_cancel(QueueManager *m, const char *request);

/* Get/SetNtmsRequestOrder: -ENOENT no such request; 0 for a request that
 * waits for no turn any more; setting it is -ENOENT for such a request. */
int queue_get_order(QueueManager *m, const char *request, uint32_t *ret);
int queue_set_order(QueueManager *m, const char *request, uint32_t order);

/* DeleteNtmsRequests: finished requests of type (NTMS_LIBREQUEST or
 * NTMS_OPREQUEST) among the n are deleted, the others stay. One transaction. */
int queue_delete_requests(QueueManager *m, uint32_t type, char (*requests)[DB_GUID_MAX], size_t n);

/* Before DeleteNtmsLibrary: the library's requests that have not started are
 * cancelled and no cartridge waits for its deferral any more. Returns 1 when
 * nothing runs in the library; otherwise 0, and done() runs once the last
 * running request is over. */
typedef void (*QueueQuiesced)(void *userdata);
int queue_quiesce_library(QueueManager *m, const char *library, QueueQuiesced done, void *userdata);
/* After DeleteNtmsLibrary: the library's queue goes with it. */
void queue_forget_library(QueueManager *m, const char *library);

/* EjectDiskFromSADrive: the eject of the drive of a stand-alone drive
 * library, named by device (its szDeviceName, or the device its library was
 * configured with); options is one NTMS_EJECT_* value, FORCE ejecting a
 * medium in use (see queue/sa-eject.c). Queues a library request
 * (NTMS_LM_EJECT) and returns its job, whose done() (NULL: nobody waits)
 * hears the outcome: 0, -ECANCELED (stopped, cancelled, or rsmd stops),
 * -EBUSY (the drive refuses: removal of its medium is prevented),
 * -EHOSTDOWN (the drive does not answer, or rsmd no longer serves it),
 * -EREMOTEIO (the drive failed, or keeps its medium), a database error.
 * NTMS_EJECT_STOP cancels the ejects of the drive that have not started and
 * ends at once: *ret is NULL then. Errors of the call, before anything
 * changes:
 *   -ENOENT     device is no drive rsmd knows
 *   -EXDEV      the drive is in a library with a changer
 *   -EHOSTDOWN  rsmd does not serve the drive's library now (also until
 *               its drive first answered after rsmd started)
 *   -ENODEV     the drive or its library is disabled
 *   -ENOMEDIUM  the medium recorded in the drive is disabled
 *   -EBUSY      that medium is in use (mounted, or a mount on its way) and
 *               options is not NTMS_EJECT_FORCE
 *   -ESRCH      NTMS_EJECT_STOP, and no eject of the drive waits to start */
int queue_eject_standalone(QueueManager *m, const QueueCaller *caller, const char *device, uint32_t options,
                           QueueJobDone done, void *userdata, QueueJob **ret);
