/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Handles that live inside a session: notification channels and device
 * change detectors. rsmd knows them by an id on the session that made them;
 * the HANDLE keeps that session alive for as long as it exists. */

#include "handle.h"
#include "session.h"

typedef struct SubHandle {
        NtmsHandle handle;
        Session *session;       /* holds a reference */
        char *id;
} SubHandle;

/* Creates and registers one; s must be a live, referenced session. */
DWORD subhandle_new(Session *s, HandleKind kind, const char *id, HANDLE *ret);

/* Locks the owning session for a call (the sub-handle stays referenced). */
void subhandle_lock(SubHandle *h);
void subhandle_unlock(SubHandle *h);
