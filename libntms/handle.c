/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

#include "handle.h"

/* A handful of handles per process is the normal case; a flat array is the
 * simplest structure that is obviously right. */
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static NtmsHandle **live;
static size_t n_live, n_allocated;

static ssize_t find_locked(const void *h, HandleKind kind) {
        for (size_t i = 0; i < n_live; i++)
                if ((const void *) live[i] == h && live[i]->kind == kind)
                        return (ssize_t) i;
        return -1;
}

int handle_register(NtmsHandle *h, HandleKind kind, void (*destroy)(NtmsHandle *h)) {
        int r = 0;

        h->kind = kind;
        h->n_ref = 1;
        h->destroy = destroy;

        pthread_mutex_lock(&registry_lock);
        if (n_live == n_allocated) {
                size_t n = n_allocated ? n_allocated * 2 : 8;
                NtmsHandle **a = realloc(live, n * sizeof *a);
                if (!a) {
                        r = -ENOMEM;
                        goto finish;
                }
                live = a;
                n_allocated = n;
        }
        live[n_live++] = h;
finish:
        pthread_mutex_unlock(&registry_lock);
        return r;
}

NtmsHandle *handle_acquire(const void *h, HandleKind kind) {
        NtmsHandle *found = NULL;
        ssize_t i;

        if (!h)
                return NULL;

        pthread_mutex_lock(&registry_lock);
        i = find_locked(h, kind);
        if (i >= 0) {
                found = live[i];
                found->n_ref++;
        }
        pthread_mutex_unlock(&registry_lock);
        return found;
}

NtmsHandle *handle_take(const void *h, HandleKind kind) {
        NtmsHandle *found = NULL;
        ssize_t i;

        if (!h)
                return NULL;

        pthread_mutex_lock(&registry_lock);
        i = find_locked(h, kind);
        if (i >= 0) {
                found = live[i];
                live[i] = live[--n_live];
        }
        pthread_mutex_unlock(&registry_lock);
        return found;
}

void handle_release(NtmsHandle *h) {
        bool last;

        if (!h)
                return;

        pthread_mutex_lock(&registry_lock);
        last = --h->n_ref == 0;
        pthread_mutex_unlock(&registry_lock);

        if (last)
                h->destroy(h);
}
