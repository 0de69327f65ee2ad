/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Every HANDLE that libntms gives out (sessions, notification channels,
 * device change detectors) is a pointer to an object that starts with an
 * NtmsHandle. The library keeps a set of the live ones, so that a NULL, a
 * closed or an invented handle is recognised by address, without ever being
 * dereferenced, and the caller gets ERROR_INVALID_HANDLE instead of a crash. */

#include <stdbool.h>

#include "macro.h"

typedef enum HandleKind {
        HANDLE_KIND_SESSION,
        HANDLE_KIND_NOTIFICATION,
        HANDLE_KIND_DETECTOR,
} HandleKind;

typedef struct NtmsHandle NtmsHandle;
struct NtmsHandle {
        HandleKind kind;
        unsigned n_ref;                    /* guarded by the registry lock */
        void (*destroy)(NtmsHandle *h);    /* called once the last reference is gone */
};

/* Makes h live; the registry holds the first reference. Returns 0 or -ENOMEM. */
int handle_register(NtmsHandle *h, HandleKind kind, void (*destroy)(NtmsHandle *h));

/* A new reference to a live handle of this kind, or NULL. */
NtmsHandle *handle_acquire(const void *h, HandleKind kind);

/* Removes a live handle from the set and hands the registry's reference to
 * the caller. NULL when it is not live (never opened, or closed already):
 * of two threads closing one handle, exactly one gets it. */
NtmsHandle *handle_take(const void *h, HandleKind kind);

void handle_release(NtmsHandle *h);
