/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Progress for calls that wait: an inventory, a mount. The line before the
 * call always goes to stderr, so that logs show what rsm waited for; the
 * spinner only when stderr is a terminal. The API call blocks the main
 * thread, so the spinner has a thread of its own that touches nothing but
 * stderr. */

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "rsm.h"

struct Progress {
        pthread_t thread;
        pthread_mutex_t lock;
        pthread_cond_t done_changed;
        bool done;
};

static void *spin(void *userdata) {
        static const char frames[] = "|/-\\";
        Progress *p = userdata;
        struct timespec start, until;
        unsigned i = 0;

        clock_gettime(CLOCK_MONOTONIC, &start);
        pthread_mutex_lock(&p->lock);
        while (!p->done) {
                struct timespec now;

                clock_gettime(CLOCK_MONOTONIC, &now);
                fprintf(stderr, "\r%c %lds ", frames[i++ % 4], (long) (now.tv_sec - start.tv_sec));
                fflush(stderr);

                clock_gettime(CLOCK_REALTIME, &until);
                until.tv_nsec += 250 * 1000 * 1000;
                if (until.tv_nsec >= 1000 * 1000 * 1000) {
                        until.tv_sec++;
                        until.tv_nsec -= 1000 * 1000 * 1000;
                }
                (void) pthread_cond_timedwait(&p->done_changed, &p->lock, &until);
        }
        pthread_mutex_unlock(&p->lock);

        /* Leave the line empty again. */
        fputs("\r\033[K", stderr);
        fflush(stderr);
        return NULL;
}

Progress *progress_begin(const char *format, ...) {
        Progress *p;
        va_list ap;

        va_start(ap, format);
        vfprintf(stderr, format, ap);
        va_end(ap);
        fputc('\n', stderr);

        if (!isatty(STDERR_FILENO))
                return NULL;
        p = calloc(1, sizeof *p);
        if (!p)
                return NULL;
        pthread_mutex_init(&p->lock, NULL);
        pthread_cond_init(&p->done_changed, NULL);
        if (pthread_create(&p->thread, NULL, spin, p) != 0) {
                pthread_cond_destroy(&p->done_changed);
                pthread_mutex_destroy(&p->lock);
                free(p);
                return NULL;
        }
        return p;
}

void progress_end(Progress *p) {
        if (!p)
                return;
        pthread_mutex_lock(&p->lock);
        p->done = true;
        pthread_cond_signal(&p->done_changed);
        pthread_mutex_unlock(&p->lock);
        pthread_join(p->thread, NULL);
        pthread_cond_destroy(&p->done_changed);
        pthread_mutex_destroy(&p->lock);
        free(p);
}
