/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* InjectNtmsMedia and EjectNtmsMedia: cartridges through the import/export
 * ports. Both are library requests that run alone in their library and
 * work by looking at the element status again and again: an eject moves
 * its media into empty ports and then waits for the operator to take them
 * out; an insert waits for the operator to put cartridges into the ports and
 * moves each to a free slot. A look after a move, or one that finds the
 * ports changed, is recorded as an inventory records it, so the database
 * says what the changer says after every step; a cartridge that left a port
 * is recorded as ejected (on the shelf, or forgotten for Import and
 * Unrecognized media) once the look that saw the port empty is recorded.
 * InjectNtmsCleaner and EjectNtmsCleaner work the same way with the
 * library's cleaner, which goes to or comes from its reserved slot.
 *
 * The ports are unlocked while the operator may reach them and locked again
 * when the request ends: after the port's MaxExtendSecs (PORT_DEFAULT_SECS
 * when unset), at NTMS_INJECT_STOP / NTMS_EJECT_STOP, or when the work is
 * done (an eject's media all taken; a single insert once it took in what it
 * found; a retract after one look). */

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "db/cleaner.h"
#include "db/port.h"
#include "log.h"
#include "macro.h"
#include "ntmsapi.h"
#include "queue-internal.h"

#define USEC_PER_SEC 1000000ULL
#define PORT_DEFAULT_SECS 300
#define PORT_POLL_USEC (1ULL * USEC_PER_SEC)
/* Looks in a row that may fail to reach the changer (a login refused while
 * another initiator logs in) before the request gives up. */
#define PORT_LOOK_RETRIES 5

typedef struct PortMedium {
        char medium[DB_GUID_MAX];
        int32_t port;                   /* the port it went to; DB_NO_ADDRESS: not yet */
        bool unloaded;                  /* it was in a drive, which unloaded it */
        bool taken;                     /* the operator took it out of the port */
} PortMedium;

typedef struct PortOp {
        QueueJob *job;
        uint32_t action;                /* NTMS_INJECT_* or NTMS_EJECT_START */

        /* InjectNtmsCleaner, EjectNtmsCleaner: the library's cleaner goes to
         * its slot or out. It is no medium: while it is in a port, the looks
         * are not recorded (an inventory would make a medium of it). */
        bool cleaner;
        uint32_t cleans;                /* an inserted cleaner's cleanings left */
        int32_t cleaner_port;           /* the port it went out to; DB_NO_ADDRESS */
        bool cleaner_moving;            /* the move to or from its slot is under way */
        bool quiet;

        PortMedium *media;              /* an eject's media, in the order they go out */
        size_t n_media;
        unsigned n_taken_in;            /* an insert: cartridges moved into slots */
        uint64_t deadline;              /* CLOCK_MONOTONIC */
        sd_event_source *poll;
        bool unlocked;
        bool stop;                      /* NTMS_*_STOP asked for the end */
        bool ending;                    /* the ports are being locked */
        bool step_out;
        unsigned failed_looks;          /* in a row */
        /* What the last recorded look saw of the ports; a look is recorded
         * when they changed or the robot moved since. */
        bool recorded, moved;
        uint64_t ports_seen;
        int r;                          /* how the request ends */
} PortOp;

static void port_op_free(void *p) {
        PortOp *op = p;

        if (!op)
                return;
        sd_event_source_disable_unref(op->poll);
        free(op->media);
        free(op);
}

static PortOp *port_op(QueueJob *job) {
        assert(job->kind == QUEUE_EJECT || job->kind == QUEUE_INJECT);
        return job->op;
}

/* --- the calls ---------------------------------------------------------------------- */

/* The library an operator reaches through its ports. */
static int port_check_library(QueueManager *m, const char *library, DbLibraryAccess *ret) {
        int r;

        r = db_library_access(m->db, library, ret);
        if (r < 0)
                return r;
        if (ret->library_type != NTMS_LIBRARYTYPE_ONLINE)
                return -EMEDIUMTYPE;
        if (!ret->enabled)
                return -ENODEV;
        if (!queue_controller(m, library))
                return -EHOSTDOWN;
        return 0;
}

static int port_job_new(QueueManager *m, QueueJobKind kind, uint32_t action, QueueJob **ret) {
        QueueJob *job;
        PortOp *op;
        int r;

        r = job_new_with_op(m, kind, sizeof(PortOp), port_op_free, &job);
        if (r < 0)
                return r;
        op = job->op;
        op->job = job;
        op->action = action;
        op->cleaner_port = DB_NO_ADDRESS;
        job->options = action;
        *ret = job;
        return 0;
}

/* NTMS_*_STOP: a queued request is cancelled, a running one ends at its
 * next look. */
static int port_stop(QueueManager *m, QueueJobKind kind, const char *request) {
        QueueJob *job;
        PortOp *op;

        job = request[0] ? queue_find_job(m, request) : NULL;
        if (!job || job->kind != kind)
                return -ESRCH;
        if (job->state != JOB_RUNNING) {
                job_finish(job, -ECANCELED);
                return 0;
        }
        op = port_op(job);
        op->stop = true;
        /* A look that waits for its time looks now. */
        if (op->poll)
                (void) sd_event_source_set_time_relative(op->poll, 0);
        return 0;
}

int queue_inject(QueueManager *m, const QueueCaller *caller, const char *library, uint32_t action,
                 char request[static DB_GUID_MAX]) {
        _cleanup_(job_discardp) QueueJob *job = NULL;
        DbLibRequest t = {
                .operation = NTMS_LM_INJECT,
                .option = action,
                .state = NTMS_LM_QUEUED,
                .priority = NTMS_PRIORITY_NORMAL,
        };
        DbLibraryAccess a;
        int r;

        assert(m);
        assert(caller);
        assert(library);

        if (action == NTMS_INJECT_STOP)
                return port_stop(m, QUEUE_INJECT, request);
        if (action != NTMS_INJECT_START && action != NTMS_INJECT_RETRACT && action != NTMS_INJECT_STARTMANY)
                return -EINVAL;

        r = port_check_library(m, library, &a);
        if (r < 0)
                return r;
        if (a.n_ports == 0)
                return -ENXIO;
        if (a.n_free_slots == 0)
                return -EXFULL;

        r = port_job_new(m, QUEUE_INJECT, action, &job);
        if (r < 0)
                return r;
        memcpy(t.library, library, DB_GUID_MAX);
        r = job_record_and_enqueue(job, &t, caller);
        if (r < 0)
                return r;
        memcpy(request, queue_job_request(job), DB_GUID_MAX);
        log_object_info(request, "Insert through the ports of library %s queued", library);
        TAKE_PTR(job);
        return 0;
}

/* A medium that can go out through the ports of its library. */
static int eject_check_medium(QueueManager *m, const char *medium, DbCartridge *ret) {
        DbLibraryAccess a;
        int r;

        r = db_cartridge_get(m->db, medium, ret);
        if (r < 0)
                return r;
        if (!ret->library[0] || ret->library_type != NTMS_LIBRARYTYPE_ONLINE)
                return -EMEDIUMTYPE;
        if (!ret->enabled)
                return -ENOMEDIUM;
        r = port_check_library(m, ret->library, &a);
        if (r < 0)
                return r;
        if (a.n_ports == 0)
                return -ENXIO;
        /* In its slot, in a port already, or dismounted and still in a drive. */
        if (ret->media_state != NTMS_MEDIASTATE_IDLE &&
            !(ret->location_type == NTMS_DRIVE && ret->media_state == NTMS_MEDIASTATE_UNLOADED))
                return -ETXTBSY;
        if (ret->location_address == DB_NO_ADDRESS)
                return -EREMOTEIO;
        return 0;
}

static ssize_t batch_find(const LibraryQueue *q, const char *medium) {
        for (size_t i = 0; i < q->n_eject_batch; i++)
                if (streq(q->eject_batch[i].medium, medium))
                        return (ssize_t) i;
        return -1;
}

/* NTMS_EJECT_QUEUE: the medium joins its library's batch, which the ports
 * must be able to take at once. */
static int batch_add(QueueManager *m, const DbCartridge *c, uint64_t session) {
        DbLibraryAccess a;
        LibraryQueue *q;
        int r;

        r = library_queue_get(m, c->library, &q);
        if (r < 0)
                return r;
        if (batch_find(q, c->medium) >= 0)
                return 0;
        r = db_library_access(m->db, c->library, &a);
        if (r < 0)
                return r;
        if (q->n_eject_batch >= a.n_ports)
                return -EBUSY;
        if (!GREEDY_REALLOC(q->eject_batch, q->allocated_eject_batch, q->n_eject_batch + 1))
                return -ENOMEM;
        q->eject_batch[q->n_eject_batch++] = (EjectBatchEntry) { .session = session };
        memcpy(q->eject_batch[q->n_eject_batch - 1].medium, c->medium, DB_GUID_MAX);
        return 0;
}

/* The library whose batch an NTMS_EJECT_START without a medium means: the
 * one this session queued media in. */
static LibraryQueue *batch_of_session(QueueManager *m, uint64_t session) {
        for (LibraryQueue *q = m->queues; q; q = q->next)
                for (size_t i = 0; i < q->n_eject_batch; i++)
                        if (q->eject_batch[i].session == session)
                                return q;
        return NULL;
}

/* The batch becomes the media of the job; media that were ejected or
 * changed meanwhile are checked again, and any that cannot go fails the call. */
static int batch_take(QueueManager *m, LibraryQueue *q, QueueJob *job) {
        PortOp *op = port_op(job);
        DbCartridge c;
        int r;

        op->media = calloc(q->n_eject_batch, sizeof(PortMedium));
        if (!op->media)
                return -ENOMEM;
        for (size_t i = 0; i < q->n_eject_batch; i++) {
                r = eject_check_medium(m, q->eject_batch[i].medium, &c);
                if (r < 0)
                        return r;
                op->media[i] = (PortMedium) {
                        .port = c.location_type == NTMS_IEPORT ? c.location_address : DB_NO_ADDRESS,
                };
                memcpy(op->media[i].medium, c.medium, DB_GUID_MAX);
        }
        op->n_media = q->n_eject_batch;
        return 0;
}

/* NTMS_EJECT_STOP of the eject through the ports, or of a stand-alone
 * drive, that request names. */
static int eject_stop(QueueManager *m, const char *request) {
        QueueJob *job = request[0] ? queue_find_job(m, request) : NULL;

        if (job && job->kind == QUEUE_SA_EJECT)
                return sa_eject_stop_job(job);
        return port_stop(m, QUEUE_EJECT, request);
}

int queue_eject(QueueManager *m, const QueueCaller *caller, const char *medium, uint32_t action,
                char request[static DB_GUID_MAX]) {
        _cleanup_(job_discardp) QueueJob *job = NULL;
        DbLibRequest t = {
                .operation = NTMS_LM_EJECT,
                .option = action,
                .state = NTMS_LM_QUEUED,
                .priority = NTMS_PRIORITY_NORMAL,
        };
        DbCartridge c = {};
        LibraryQueue *q;
        int r;

        assert(m);
        assert(caller);
        assert(medium);

        if (action == NTMS_EJECT_STOP)
                return eject_stop(m, request);
        if (action != NTMS_EJECT_START && action != NTMS_EJECT_QUEUE)
                return -EINVAL;

        if (medium[0]) {
                r = db_cartridge_get(m->db, medium, &c);
                if (r < 0)
                        return r;
                /* A stand-alone drive has no port: its medium leaves by the
                 * drive's own eject, EjectDiskFromSADrive's (sa-eject.c). */
                if (c.library_type == NTMS_LIBRARYTYPE_STANDALONE)
                        return sa_eject_medium(m, caller, medium, c.location_type == NTMS_DRIVE ? c.location : "",
                                               action, request);

                r = eject_check_medium(m, medium, &c);
                if (r < 0)
                        return r;
                r = batch_add(m, &c, caller->session);
                if (r < 0)
                        return r;
        } else if (action == NTMS_EJECT_QUEUE)
                return -EINVAL;
        if (action == NTMS_EJECT_QUEUE)
                return 0;

        q = medium[0] ? library_queue_find(m, c.library) : batch_of_session(m, caller->session);
        if (!q)
                return -EINVAL;

        r = port_job_new(m, QUEUE_EJECT, action, &job);
        if (r < 0)
                return r;
        r = batch_take(m, q, job);
        if (r < 0)
                return r;
        memcpy(t.library, q->library, DB_GUID_MAX);
        memcpy(t.medium, port_op(job)->media[0].medium, DB_GUID_MAX);
        r = job_record_and_enqueue(job, &t, caller);
        if (r < 0)
                return r;

        /* The batch goes out with this request; the next one starts anew. */
        q->n_eject_batch = 0;
        memcpy(request, queue_job_request(job), DB_GUID_MAX);
        log_object_info(request, "Eject of %zu media through the ports of library %s queued",
                        port_op(job)->n_media, q->library);
        TAKE_PTR(job);
        return 0;
}

/* The library's cleaner slot, for a cleaner to go in or out. */
static int cleaner_check_slot(QueueManager *m, const char *library, DbCleaner *ret) {
        DbLibraryAccess a;
        int r;

        r = port_check_library(m, library, &a);
        if (r < 0)
                return r;
        r = db_cleaner_get(m->db, library, ret);
        if (r < 0)
                return r;
        if (!ret->slot[0])
                return -ENODATA;
        if (ret->slot_state == NTMS_SLOTSTATE_NOTPRESENT || ret->slot_address == DB_NO_ADDRESS)
                return -EADDRNOTAVAIL;
        /* Without a port the operator would reach the slot through the door:
         * AccessNtmsLibraryDoor then an inventory does that. */
        if (a.n_ports == 0)
                return -ENXIO;
        return 0;
}

static int cleaner_queue(QueueManager *m, const QueueCaller *caller, const char *library, QueueJobKind kind,
                         uint32_t cleans, uint32_t action, char request[static DB_GUID_MAX]) {
        _cleanup_(job_discardp) QueueJob *job = NULL;
        DbLibRequest t = {
                .operation = kind == QUEUE_INJECT ? NTMS_LM_INJECTCLEANER : NTMS_LM_EJECTCLEANER,
                .option = action,
                .state = NTMS_LM_QUEUED,
                .priority = NTMS_PRIORITY_NORMAL,
        };
        PortOp *op;
        int r;

        r = port_job_new(m, kind, action, &job);
        if (r < 0)
                return r;
        op = port_op(job);
        op->cleaner = true;
        op->cleans = cleans;
        /* A cleaner in a port is nobody's medium. */
        op->quiet = kind == QUEUE_INJECT;
        memcpy(t.library, library, DB_GUID_MAX);
        r = job_record_and_enqueue(job, &t, caller);
        if (r < 0)
                return r;
        memcpy(request, queue_job_request(job), DB_GUID_MAX);
        TAKE_PTR(job);
        return 0;
}

/* InjectNtmsCleaner and EjectNtmsCleaner, told apart by kind. */
static int cleaner_call(QueueManager *m, const QueueCaller *caller, const char *library, QueueJobKind kind,
                        uint32_t cleans, uint32_t action, char request[static DB_GUID_MAX]) {
        bool inject = kind == QUEUE_INJECT;
        DbCleaner c;
        int r;

        assert(m);
        assert(caller);
        assert(library);

        if (action == (inject ? NTMS_INJECT_STOP : NTMS_EJECT_STOP))
                return port_stop(m, kind, request);
        if (action != (inject ? NTMS_INJECT_START : NTMS_EJECT_START))
                return -EINVAL;
        r = cleaner_check_slot(m, library, &c);
        if (r < 0)
                return r;
        if (inject && c.present)
                return -EXFULL;
        if (!inject && !c.present)
                return -ENOMEDIUM;
        return cleaner_queue(m, caller, library, kind, cleans, action, request);
}

int queue_inject_cleaner(QueueManager *m, const QueueCaller *caller, const char *library, uint32_t cleans,
                         uint32_t action, char request[static DB_GUID_MAX]) {
        return cleaner_call(m, caller, library, QUEUE_INJECT, cleans, action, request);
}

int queue_eject_cleaner(QueueManager *m, const QueueCaller *caller, const char *library, uint32_t action,
                        char request[static DB_GUID_MAX]) {
        return cleaner_call(m, caller, library, QUEUE_EJECT, 0, action, request);
}

/* --- the work --------------------------------------------------------------------------- */

static void port_look(PortOp *op);
static void port_end(PortOp *op, int r);

static LibraryController *port_controller(PortOp *op) {
        return queue_controller(op->job->manager, op->job->queue->library);
}

static int on_poll(sd_event_source *s, uint64_t usec, void *userdata) {
        PortOp *op = userdata;

        op->poll = sd_event_source_disable_unref(op->poll);
        port_look(op);
        return 0;
}

static void port_wait(PortOp *op) {
        QueueManager *m = op->job->manager;
        int r;

        r = sd_event_add_time_relative(m->event, &op->poll, CLOCK_MONOTONIC, op->stop ? 0 : PORT_POLL_USEC,
                                       USEC_PER_SEC / 10, on_poll, op);
        if (r < 0)
                port_end(op, r);
}

/* The cleaner reached its slot, or left it for a port. */
static int cleaner_record_move(PortOp *op) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        Db *db = op->job->manager->db;
        const char *library = op->job->queue->library;
        int r;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;
        if (op->job->kind == QUEUE_INJECT) {
                r = db_cleaner_record_inserted(db, library, op->cleans);
                op->n_taken_in++;
                op->quiet = false;
        } else {
                r = db_cleaner_record_removed(db, library);
                op->quiet = true;
        }
        if (r < 0)
                return r;
        return db_commit(TAKE_PTR(tx));
}

static void on_step(int r, void *userdata) {
        PortOp *op = userdata;

        op->step_out = false;
        if (op->job->manager->stopping)
                return;
        if (r >= 0 && op->cleaner_moving) {
                op->cleaner_moving = false;
                r = cleaner_record_move(op);
                if (r < 0) {
                        port_end(op, r);
                        return;
                }
        }
        /* A failed move was followed by an element status read that is
         * recorded already: the database says where the cartridges are. */
        if (r < 0) {
                log_object_error_errno(queue_job_request(op->job), r, "A step at the ports failed: %m");
                port_end(op, queue_step_error(r));
                return;
        }
        port_look(op);
}

static void port_move(PortOp *op, uint16_t source, uint16_t destination) {
        int r;

        op->moved = true;
        log_object_debug(queue_job_request(op->job), "Moving the cartridge in element %u to element %u",
                         source, destination);
        r = library_controller_move(port_controller(op), source, destination, false, on_step, op);
        if (r < 0) {
                port_end(op, queue_step_error(r));
                return;
        }
        op->step_out = true;
}

/* Whether the changer reports ACCESS at all: some (tgt's) leave it 0 on
 * every element, and then it says nothing. */
static bool reports_access(const ChangerInventory *status) {
        for (size_t i = 0; i < status->n_elements; i++)
                if (status->elements[i].access)
                        return true;
        return false;
}

/* A port that is full or empty, as the look found it (at address, or any
 * when address is -1: element addresses start at 0 on some changers).
 * Looking for one the robot can use, a port whose ACCESS says the operator
 * has it open is passed over. */
static const SmcElement *find_port_where(const ChangerInventory *status, bool full, int32_t address,
                                         bool robot) {
        bool access_known = robot && reports_access(status);

        for (size_t i = 0; i < status->n_elements; i++) {
                const SmcElement *e = status->elements + i;

                if (e->type != SMC_ELEMENT_IMPORT_EXPORT || e->full != full)
                        continue;
                if (access_known && !e->access)
                        continue;
                if (address < 0 || e->address == address)
                        return e;
        }
        return NULL;
}

/* The port at address, if it is full (or empty). */
static const SmcElement *find_port(const ChangerInventory *status, bool full, int32_t address) {
        assert(address >= 0);
        return find_port_where(status, full, address, false);
}

/* A port the robot can take a cartridge from (full) or put one into. */
static const SmcElement *robot_port(const ChangerInventory *status, bool full) {
        return find_port_where(status, full, -1, true);
}

/* Media that left their port since the last look are ejected. */
static int eject_record_taken(PortOp *op, const ChangerInventory *status) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        Db *db = op->job->manager->db;
        int r;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;
        for (size_t i = 0; i < op->n_media; i++) {
                PortMedium *pm = op->media + i;

                if (pm->port == DB_NO_ADDRESS || pm->taken || find_port(status, true, pm->port))
                        continue;
                r = db_medium_record_ejected(db, pm->medium);
                if (r < 0 && r != -ENOENT)
                        return r;
                pm->taken = true;
                log_object_info(pm->medium, "Medium taken out of port element %d", pm->port);
        }
        return db_commit(TAKE_PTR(tx));
}

/* Sends the next medium of an eject to an empty port; false when none can go now. */
static bool eject_next(PortOp *op, const ChangerInventory *status) {
        QueueManager *m = op->job->manager;
        const SmcElement *port;
        DbCartridge c;
        PortMedium *pm = NULL;
        int r;

        for (size_t i = 0; i < op->n_media && !pm; i++)
                if (op->media[i].port == DB_NO_ADDRESS)
                        pm = op->media + i;
        if (!pm)
                return false;
        port = robot_port(status, false);
        if (!port)
                return false;

        r = db_cartridge_get(m->db, pm->medium, &c);
        if (r >= 0 && (c.location_address == DB_NO_ADDRESS || !streq(c.library, op->job->queue->library)))
                r = -EREMOTEIO;
        if (r < 0) {
                port_end(op, r);
                return true;
        }

        /* A dismounted tape still in its drive leaves the heads first; the
         * look after the unload moves it. */
        if (c.location_type == NTMS_DRIVE && !pm->unloaded) {
                pm->unloaded = true;
                op->moved = true;
                r = library_controller_drive_unload(port_controller(op), c.drive_number - 1, on_step, op);
                if (r < 0) {
                        port_end(op, queue_step_error(r));
                        return true;
                }
                op->step_out = true;
                return true;
        }
        pm->port = port->address;
        port_move(op, (uint16_t) c.location_address, port->address);
        return true;
}

/* Takes the cartridge in a full port to a free slot; false when no port is full. */
static bool inject_next(PortOp *op, const ChangerInventory *status) {
        QueueManager *m = op->job->manager;
        const SmcElement *port;
        char slot[DB_GUID_MAX];
        int32_t address;
        int r;

        port = robot_port(status, true);
        if (!port)
                return false;

        r = db_drive_free_slot(m->db, op->job->queue->library, NULL, slot, &address);
        if (r >= 0 && address == DB_NO_ADDRESS)
                r = -EXFULL;
        if (r < 0) {
                /* The rest stay in the ports for the operator to take back. */
                port_end(op, r);
                return true;
        }
        op->n_taken_in++;
        port_move(op, port->address, (uint16_t) address);
        return true;
}

/* A cleaner in a port goes to its slot; false when no port is full. */
static bool inject_cleaner_next(PortOp *op, const ChangerInventory *status) {
        const SmcElement *port;
        DbCleaner c;
        int r;

        if (op->n_taken_in > 0)
                return false;
        port = robot_port(status, true);
        if (!port)
                return false;
        r = db_cleaner_get(op->job->manager->db, op->job->queue->library, &c);
        if (r >= 0 && (c.present || c.slot_address == DB_NO_ADDRESS))
                r = c.present ? -EXFULL : -EADDRNOTAVAIL;
        if (r < 0) {
                port_end(op, r);
                return true;
        }
        op->cleaner_moving = true;
        port_move(op, port->address, (uint16_t) c.slot_address);
        return true;
}

/* The cleaner goes out to an empty port; false when it went already or no port is free. */
static bool eject_cleaner_next(PortOp *op, const ChangerInventory *status) {
        const SmcElement *port;
        DbCleaner c;
        int r;

        if (op->cleaner_port != DB_NO_ADDRESS)
                return false;
        port = robot_port(status, false);
        if (!port)
                return false;
        r = db_cleaner_get(op->job->manager->db, op->job->queue->library, &c);
        if (r >= 0 && (!c.present || c.slot_address == DB_NO_ADDRESS))
                r = -ENOMEDIUM;
        if (r < 0) {
                port_end(op, r);
                return true;
        }
        op->cleaner_port = port->address;
        op->cleaner_moving = true;
        port_move(op, (uint16_t) c.slot_address, port->address);
        return true;
}

static bool eject_done(const PortOp *op) {
        for (size_t i = 0; i < op->n_media; i++)
                if (!op->media[i].taken)
                        return false;
        return true;
}

static bool eject_all_out(const PortOp *op) {
        for (size_t i = 0; i < op->n_media; i++)
                if (op->media[i].port == DB_NO_ADDRESS)
                        return false;
        return true;
}

/* The ports can be reached by the operator from now on. */
static bool port_unlock(PortOp *op) {
        int r;

        if (op->unlocked)
                return false;
        op->unlocked = true;
        r = library_controller_lock(port_controller(op), false, on_step, op);
        if (r < 0) {
                port_end(op, queue_step_error(r));
                return true;
        }
        op->step_out = true;
        return true;
}

static bool port_time_up(const PortOp *op) {
        uint64_t now = 0;

        (void) sd_event_now(op->job->manager->event, CLOCK_MONOTONIC, &now);
        return op->stop || now >= op->deadline;
}

static void port_decide(PortOp *op, const ChangerInventory *status, bool time_up) {
        QueueJob *job = op->job;

        if (job->kind == QUEUE_EJECT && op->cleaner) {
                if (!op->stop && eject_cleaner_next(op, status))
                        return;
                if (op->cleaner_port != DB_NO_ADDRESS && !op->quiet) {
                        port_end(op, 0);
                        return;
                }
        } else if (job->kind == QUEUE_EJECT) {
                if (!op->stop && eject_next(op, status))
                        return;
                if (eject_done(op)) {
                        port_end(op, 0);
                        return;
                }
        } else {
                if (!op->stop && (op->cleaner ? inject_cleaner_next(op, status) : inject_next(op, status)))
                        return;
                if (op->action == NTMS_INJECT_RETRACT ||
                    (op->action == NTMS_INJECT_START && op->n_taken_in > 0)) {
                        port_end(op, 0);
                        return;
                }
        }

        if (time_up) {
                /* An eject whose media did not all reach a port timed out;
                 * what is in the ports stays there, recorded there. */
                bool out = op->cleaner ? op->cleaner_port != DB_NO_ADDRESS : eject_all_out(op);

                port_end(op, job->kind == QUEUE_EJECT && !out ? -ETIME : 0);
                return;
        }
        if (port_unlock(op))
                return;
        port_wait(op);
}

/* While a cleaner is in a port only the ports' Content is recorded: an
 * inventory would make a medium of the cleaner. */
static int record_port_contents(PortOp *op, const ChangerInventory *status) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        Db *db = op->job->manager->db;
        int r;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;
        for (size_t i = 0; i < status->n_elements; i++) {
                const SmcElement *e = status->elements + i;

                if (e->type != SMC_ELEMENT_IMPORT_EXPORT)
                        continue;
                r = db_port_set_content(db, op->job->queue->library, e->address, e->full);
                if (r < 0)
                        return r;
        }
        return db_commit(TAKE_PTR(tx));
}

/* The ports as a look found them, cartridge by cartridge (FNV-1a). */
static uint64_t ports_fingerprint(const ChangerInventory *status) {
        uint64_t h = UINT64_C(14695981039346656037);

        for (size_t i = 0; i < status->n_elements; i++) {
                const SmcElement *e = status->elements + i;
                uint8_t head[3] = { e->address >> 8, e->address & 0xff, e->full };

                if (e->type != SMC_ELEMENT_IMPORT_EXPORT)
                        continue;
                for (size_t k = 0; k < sizeof head; k++)
                        h = (h ^ head[k]) * UINT64_C(1099511628211);
                for (const char *t = e->volume_tag; *t; t++)
                        h = (h ^ (uint8_t) *t) * UINT64_C(1099511628211);
        }
        return h;
}

/* Records a look: the whole element status (as an inventory), or only the
 * ports' Content while a cleaner is in one; nothing when neither the ports
 * nor anything the robot did changed since the last one, so that a port
 * nobody touches costs no transaction a second. */
static int port_record(PortOp *op, LibraryController *c, const ChangerInventory *status) {
        uint64_t seen = ports_fingerprint(status);
        int r;

        if (op->recorded && !op->moved && seen == op->ports_seen)
                return 0;
        r = op->quiet ? record_port_contents(op, status) : library_controller_record_status(c, status);
        if (r >= 0 && op->job->kind == QUEUE_EJECT && !op->cleaner)
                r = eject_record_taken(op, status);
        if (r < 0)
                return r;
        op->recorded = true;
        op->moved = false;
        op->ports_seen = seen;
        return 0;
}

static void on_status(int r, const ChangerInventory *status, void *userdata) {
        PortOp *op = userdata;
        LibraryController *c;
        bool time_up;

        op->step_out = false;
        if (op->job->manager->stopping)
                return;
        c = port_controller(op);
        if (r == -EHOSTDOWN && c && ++op->failed_looks < PORT_LOOK_RETRIES && !port_time_up(op)) {
                log_object_warning_errno(queue_job_request(op->job), r, "Looking at the ports failed, trying again: %m");
                port_wait(op);
                return;
        }
        if (r < 0 || !c) {
                port_end(op, queue_step_error(r < 0 ? r : -EHOSTDOWN));
                return;
        }
        op->failed_looks = 0;

        /* The cleaner that went out was taken from its port, or a cleaner is
         * left in a port for good: from now on the looks are recorded again
         * (a cartridge left in a port is an unknown one). */
        time_up = port_time_up(op);
        if (op->quiet && (time_up ||
                          (op->job->kind == QUEUE_EJECT && !find_port(status, true, op->cleaner_port)))) {
                op->quiet = false;
                op->moved = true;       /* recorded whole again, changed or not */
        }

        r = port_record(op, c, status);
        if (r < 0) {
                port_end(op, r);
                return;
        }
        port_decide(op, status, time_up);
}

static void port_look(PortOp *op) {
        LibraryController *c = port_controller(op);
        int r;

        r = c ? library_controller_read_status(c, on_status, op) : -EHOSTDOWN;
        if (r < 0) {
                port_end(op, queue_step_error(r));
                return;
        }
        op->step_out = true;
}

static void on_locked(int r, void *userdata) {
        PortOp *op = userdata;

        op->step_out = false;
        if (op->job->manager->stopping)
                return;
        if (r < 0)
                log_object_warning_errno(queue_job_request(op->job), r, "Locking the ports again failed: %m");
        job_finish(op->job, op->r);
}

static void port_end(PortOp *op, int r) {
        LibraryController *c = port_controller(op);
        int q;

        if (op->ending) {
                job_finish(op->job, op->r);
                return;
        }
        op->ending = true;
        op->r = r;
        log_object_info(queue_job_request(op->job), "%s through the ports ended: %s",
                        op->job->kind == QUEUE_EJECT ? "Eject" : "Insert", r < 0 ? strerror(-r) : "done");
        if (!op->unlocked || !c) {
                job_finish(op->job, r);
                return;
        }
        q = library_controller_lock(c, true, on_locked, op);
        if (q < 0) {
                job_finish(op->job, r);
                return;
        }
        op->step_out = true;
}

bool port_try_start(QueueJob *job) {
        QueueManager *m = job->manager;
        PortOp *op = port_op(job);
        DbLibraryAccess a;
        uint64_t now;
        int r;

        assert(job->state == JOB_QUEUED);

        if (!queue_controller(m, job->queue->library))
                return false;

        r = db_library_access(m->db, job->queue->library, &a);
        if (r >= 0)
                r = sd_event_now(m->event, CLOCK_MONOTONIC, &now);
        if (r >= 0)
                r = part_record_start(job->parts);
        if (r < 0) {
                job_finish(job, r);
                return false;
        }
        op->deadline = now + (uint64_t) (a.max_extend_secs ?: PORT_DEFAULT_SECS) * USEC_PER_SEC;
        job_mark_running(job);
        log_object_info(queue_job_request(job), "%s through the ports of library %s started",
                        job->kind == QUEUE_EJECT ? "Eject" : "Insert", job->queue->library);
        port_look(op);
        return true;
}
