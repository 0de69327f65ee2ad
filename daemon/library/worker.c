/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>

#include "log.h"
#include "macro.h"
#include "worker.h"

typedef struct JobQueue {
        WorkerJob *head, *tail;
} JobQueue;

struct Worker {
        sd_event_source *source;
        int efd;
        void *userdata;
        char name[16];

        pthread_t thread;
        bool thread_started;
        pthread_mutex_t lock;
        pthread_cond_t wake;
        bool stopping;                  /* under lock */
        JobQueue todo;                  /* under lock */
        JobQueue done;                  /* under lock */
        unsigned pending;               /* main loop only */
};

static void queue_push(JobQueue *q, WorkerJob *j) {
        j->next = NULL;
        if (q->tail)
                q->tail->next = j;
        else
                q->head = j;
        q->tail = j;
}

static WorkerJob *queue_take_all(JobQueue *q) {
        WorkerJob *j = q->head;

        *q = (JobQueue) {};
        return j;
}

static WorkerJob *queue_pop(JobQueue *q) {
        WorkerJob *j = q->head;

        if (j) {
                q->head = j->next;
                if (!q->head)
                        q->tail = NULL;
        }
        return j;
}

static void *worker_thread(void *p) {
        Worker *w = p;

        (void) pthread_setname_np(pthread_self(), w->name);

        pthread_mutex_lock(&w->lock);
        for (;;) {
                WorkerJob *j;

                while (!w->stopping && !w->todo.head)
                        pthread_cond_wait(&w->wake, &w->lock);
                if (w->stopping)
                        break;

                j = queue_pop(&w->todo);
                pthread_mutex_unlock(&w->lock);

                j->run(j, w->userdata);

                pthread_mutex_lock(&w->lock);
                queue_push(&w->done, j);
                /* A counter write cannot fail short of a bug: the counter would have
                 * to reach 2^64 - 1 with the main loop never reading it. */
                (void) eventfd_write(w->efd, 1);
        }
        pthread_mutex_unlock(&w->lock);
        return NULL;
}

static int worker_on_event(sd_event_source *s, int fd, uint32_t revents, void *userdata) {
        Worker *w = userdata;
        WorkerJob *j, *next;
        eventfd_t v;

        (void) eventfd_read(fd, &v);

        pthread_mutex_lock(&w->lock);
        j = queue_take_all(&w->done);
        pthread_mutex_unlock(&w->lock);

        for (; j; j = next) {
                next = j->next;
                assert(w->pending > 0);
                w->pending--;
                j->complete(j, false);
        }
        return 0;
}

/* The thread blocks every signal: signals are the main loop's business
 * (sd-event reads SIGTERM through a signalfd), and a process-directed
 * signal that found a thread not blocking it would take its default action
 * there, killing rsmd without the orderly stop. */
static int worker_start_thread(Worker *w) {
        sigset_t all, saved;
        int r;

        sigfillset(&all);
        r = -pthread_sigmask(SIG_BLOCK, &all, &saved);
        if (r < 0)
                return r;
        r = -pthread_create(&w->thread, NULL, worker_thread, w);
        (void) pthread_sigmask(SIG_SETMASK, &saved, NULL);
        return r;
}

int worker_new(sd_event *e, const char *name, void *userdata, Worker **ret) {
        Worker *w;
        int r;

        assert(e);
        assert(ret);

        w = calloc(1, sizeof *w);
        if (!w)
                return -ENOMEM;
        w->userdata = userdata;
        w->efd = -1;
        snprintf(w->name, sizeof w->name, "%s", name);
        pthread_mutex_init(&w->lock, NULL);
        pthread_cond_init(&w->wake, NULL);

        w->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        if (w->efd < 0) {
                r = -errno;
                goto fail;
        }

        r = sd_event_add_io(e, &w->source, w->efd, EPOLLIN, worker_on_event, w);
        if (r < 0)
                goto fail;
        (void) sd_event_source_set_description(w->source, w->name);

        r = worker_start_thread(w);
        if (r < 0)
                goto fail;
        w->thread_started = true;

        *ret = w;
        return 0;

fail:
        worker_free(w);
        return r;
}

Worker *worker_free(Worker *w) {
        WorkerJob *j, *next;

        if (!w)
                return NULL;

        if (w->thread_started) {
                pthread_mutex_lock(&w->lock);
                w->stopping = true;
                pthread_cond_signal(&w->wake);
                pthread_mutex_unlock(&w->lock);
                pthread_join(w->thread, NULL);
        }

        /* Finished jobs first, so that their callers learn the real outcome. */
        for (j = queue_take_all(&w->done); j; j = next) {
                next = j->next;
                j->complete(j, false);
        }
        for (j = queue_take_all(&w->todo); j; j = next) {
                next = j->next;
                j->complete(j, true);
        }

        sd_event_source_disable_unref(w->source);
        closep(&w->efd);
        pthread_cond_destroy(&w->wake);
        pthread_mutex_destroy(&w->lock);
        free(w);
        return NULL;
}

void worker_submit(Worker *w, WorkerJob *job) {
        assert(w);
        assert(job);
        assert(job->run);
        assert(job->complete);

        w->pending++;
        pthread_mutex_lock(&w->lock);
        queue_push(&w->todo, job);
        pthread_cond_signal(&w->wake);
        pthread_mutex_unlock(&w->lock);
}

unsigned worker_pending(Worker *w) {
        return w->pending;
}
