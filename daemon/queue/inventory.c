/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* InventoryNtmsLibrary through the queue: a library request that runs alone
 * in its library, since it reads (and, on media, moves) every cartridge. */

#include <assert.h>
#include <errno.h>
#include <string.h>

#include "db/object.h"
#include "db/port.h"
#include "log.h"
#include "macro.h"
#include "ntmsapi.h"
#include "queue-internal.h"

static bool inventory_queued(LibraryQueue *q) {
        if (!q)
                return false;
        order_for_each(&q->work, node)
                if (queue_job_of(node)->kind == QUEUE_INVENTORY)
                        return true;
        return false;
}

/* Records the request and queues the job: the inventory of library by
 * action, of the slot at address for NTMS_INVENTORY_SLOT. */
static int inventory_queue(QueueManager *m, const QueueCaller *caller, const char *library, uint32_t action,
                           const char *slot, int32_t address, QueueJobDone done, void *userdata, QueueJob **ret) {
        _cleanup_(job_discardp) QueueJob *job = NULL;
        DbLibRequest t = {
                .operation = NTMS_LM_INVENTORY,
                .state = NTMS_LM_QUEUED,
                .priority = NTMS_PRIORITY_NORMAL,
        };
        LibraryQueue *q;
        int r;

        r = library_queue_get(m, library, &q);
        if (r < 0)
                return r;
        r = job_new(m, QUEUE_INVENTORY, 1, &job);
        if (r < 0)
                return r;
        job->options = action;
        t.option = action;
        memcpy(t.library, library, DB_GUID_MAX);
        if (slot) {
                memcpy(t.slot, slot, DB_GUID_MAX);
                memcpy(job->parts[0].slot, slot, DB_GUID_MAX);
                job->parts[0].slot_address = (uint16_t) address;
        }

        r = job_submit(job, &t, caller, q, done, userdata);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(job);
        return 0;
}

int queue_inventory(QueueManager *m, const QueueCaller *caller, const char *library, uint32_t action,
                    QueueJobDone done, void *userdata, QueueJob **ret) {
        int r;

        assert(m);
        assert(caller);
        assert(library);
        assert(ret);

        *ret = NULL;
        r = library_manager_inventory_check(m->libraries, library, &action);
        if (r < 0)
                return r;

        /* A scan is one element status read or a series of moves that must
         * end with every cartridge home: it is not stopped half way. */
        if (action == NTMS_INVENTORY_STOP)
                return inventory_queued(library_queue_find(m, library)) ? -EBUSY : 0;
        if (action == NTMS_INVENTORY_NONE)
                return 0;

        return inventory_queue(m, caller, library, action, NULL, DB_NO_ADDRESS, done, userdata, ret);
}

int queue_identify_slot(QueueManager *m, const QueueCaller *caller, const char *slot, QueueJobDone done,
                        void *userdata, QueueJob **ret) {
        char library[DB_GUID_MAX];
        uint32_t method = NTMS_INVENTORY_FAST;
        int32_t address;
        bool enabled;
        int r;

        assert(m);
        assert(caller);
        assert(slot);
        assert(ret);

        *ret = NULL;
        r = db_slot_get(m->db, slot, library, &address);
        if (r < 0)
                return r;
        r = library_manager_inventory_check(m->libraries, library, &method);
        if (r < 0)
                return r;
        r = db_object_get_enabled(m->db, library, &enabled);
        if (r < 0)
                return r;
        if (!enabled)
                return -ENODEV;
        /* Never seen by the changer since it was recorded: nothing to read. */
        if (address == DB_NO_ADDRESS)
                return -EHOSTDOWN;

        return inventory_queue(m, caller, library, NTMS_INVENTORY_SLOT, slot, address, done, userdata, ret);
}

static void on_inventory_done(int r, const DbInventoryStats *stats, void *userdata) {
        QueueJob *job = userdata;
        QueueManager *m = job->manager;

        if (m->stopping)
                return;

        /* The controller stopped: the library is no longer served. */
        if (r == -ECANCELED)
                r = -EHOSTDOWN;
        job_finish(job, r);

        /* Cartridges it found may be what waiting mounts need, or sit in
         * drives nobody mounted. */
        queue_manager_recheck_soon(m);
}

bool inventory_try_start(QueueJob *job) {
        LibraryController *c;
        int r;

        assert(job->kind == QUEUE_INVENTORY);
        assert(job->state == JOB_QUEUED);

        c = queue_controller(job->manager, job->queue->library);
        if (!c)
                return false;

        r = part_record_start(job->parts);
        if (r >= 0) {
                job_mark_running(job);
                r = job->options == NTMS_INVENTORY_SLOT ?
                        library_controller_identify_slot(c, job->parts[0].slot_address, on_inventory_done, job) :
                        library_controller_inventory(c, job->options, on_inventory_done, job);
        }
        if (r < 0) {
                job_finish(job, r);
                return false;
        }
        log_object_info(queue_job_request(job), "Inventory of library %s started", job->queue->library);
        return true;
}
