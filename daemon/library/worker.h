/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* A thread that runs blocking jobs one at a time, in the order they were
 * submitted, and hands each finished job back to the main loop: the worker
 * writes an eventfd that an sd-event io source watches, and the main loop
 * calls the job's complete() there. Jobs never run concurrently, so what a
 * worker drives (a robot) is one serialized resource. */

#include <systemd/sd-event.h>

typedef struct Worker Worker;
typedef struct WorkerJob WorkerJob;

struct WorkerJob {
        /* On the worker thread. Must not touch the bus or the database. */
        void (*run)(WorkerJob *job, void *userdata);
        /* On the main loop, once run() returned, or with the worker being
         * freed (cancelled true: run() may not have happened). Frees the job. */
        void (*complete)(WorkerJob *job, bool cancelled);

        WorkerJob *next;        /* the worker's */
};

/* userdata is passed to every run(); it belongs to the worker thread while
 * the worker lives. */
int worker_new(sd_event *e, const char *name, void *userdata, Worker **ret);

/* Stops the thread after the job it is running, completes every job not run
 * as cancelled, and frees the worker. */
Worker *worker_free(Worker *w);
static inline void worker_freep(Worker **w) {
        if (*w)
                worker_free(*w);
}

void worker_submit(Worker *w, WorkerJob *job);

/* Jobs submitted and not yet completed. */
unsigned worker_pending(Worker *w);
