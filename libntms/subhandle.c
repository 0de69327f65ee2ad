/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <stdlib.h>
#include <string.h>

#include "subhandle.h"

static void subhandle_destroy(NtmsHandle *h) {
        SubHandle *sh = (SubHandle *) h;

        handle_release(&sh->session->handle);
        free(sh->id);
        free(sh);
}

DWORD subhandle_new(Session *s, HandleKind kind, const char *id, HANDLE *ret) {
        SubHandle *sh;
        NtmsHandle *ref;

        sh = calloc(1, sizeof *sh);
        if (!sh)
                return ERROR_NOT_ENOUGH_MEMORY;
        sh->id = strdup(id);
        if (!sh->id) {
                free(sh);
                return ERROR_NOT_ENOUGH_MEMORY;
        }

        /* Our own reference, independent of the caller's. */
        ref = handle_acquire(s, HANDLE_KIND_SESSION);
        if (!ref) {
                /* Closed by another thread while we were calling. */
                free(sh->id);
                free(sh);
                return ERROR_INVALID_HANDLE;
        }
        sh->session = s;

        if (handle_register(&sh->handle, kind, subhandle_destroy) < 0) {
                subhandle_destroy(&sh->handle);
                return ERROR_NOT_ENOUGH_MEMORY;
        }
        *ret = sh;
        return ERROR_SUCCESS;
}

void subhandle_lock(SubHandle *h) {
        pthread_mutex_lock(&h->session->lock);
}

void subhandle_unlock(SubHandle *h) {
        pthread_mutex_unlock(&h->session->lock);
}
