/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Library requests (NTMS_LIBREQUEST): the record of every operation that
 * moves or touches hardware, from the moment it is queued until it is
 * deleted. Each function runs inside the caller's transaction; the queue
 * (daemon/queue/) decides the states, this file only stores them. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"

typedef struct DbLibRequest {
        char guid[DB_GUID_MAX];
        uint32_t operation;             /* NTMS_LM_MOUNT, NTMS_LM_DISMOUNT, NTMS_LM_INVENTORY ... */
        uint32_t option;                /* OperationOption: the call's options */
        uint32_t state;                 /* NTMS_LM_QUEUED ... */
        int32_t priority;               /* NTMS_PRIORITY_LOWEST … NTMS_PRIORITY_HIGHEST */
        char partition[DB_GUID_MAX];    /* "" where the operation has none */
        char drive[DB_GUID_MAX];
        char medium[DB_GUID_MAX];
        char library[DB_GUID_MAX];
        char slot[DB_GUID_MAX];
        char work_item[DB_GUID_MAX];    /* the first request of the same call, "" for that one itself */
        uint32_t error;                 /* dwErrorCode, an ERROR_* value */
        uint64_t queued, started, completed;    /* µs since the epoch, 0: not yet */
} DbLibRequest;

/* Who asked, as the request records it. */
typedef struct DbRequester {
        const char *application;
        const char *user;
        const char *computer;
} DbRequester;

/* A request is unfinished while it is queued, waiting or in process. */
bool db_librequest_state_is_final(uint32_t state);

/* Records a new request from req (its guid, times and error are ignored):
 * TimeQueued is now. */
int db_librequest_insert(Db *db, const DbLibRequest *req, const DbRequester *who,
                         char ret_guid[static DB_GUID_MAX]);

/* -ENOENT when guid is not a library request. */
int db_librequest_get(Db *db, const char *guid, DbLibRequest *ret);

/* NTMS_LM_QUEUED ↔ NTMS_LM_WAITING while the request waits; library is
 * where it waits now (the offline library while its medium is on a shelf). */
int db_librequest_set_waiting(Db *db, const char *guid, uint32_t state, const char *library);

/* NTMS_LM_INPROCESS from now on, with the drive and slot it works on ("" to
 * leave one unset). */
int db_librequest_start(Db *db, const char *guid, const char *drive, const char *slot);

/* A final state (PASSED, FAILED, CANCELLED) with its dwErrorCode;
 * TimeCompleted is now. */
int db_librequest_finish(Db *db, const char *guid, uint32_t state, uint32_t error);

/* The unfinished requests of a library, oldest first. */
int db_librequest_unfinished(Db *db, const char *library, DbLibRequest **ret, size_t *ret_n);

/* DeleteNtmsRequests for one GUID: a library request (type NTMS_LIBREQUEST)
 * or an operator request (NTMS_OPREQUEST) is deleted when it is finished.
 * Returns 1 when it was deleted, 0 when there is no finished request of
 * that type with this GUID. */
int db_request_delete_finished(Db *db, uint32_t type, const char *guid);

/* Deletes the library requests finished before the given time (µs since the
 * epoch), failed ones only when with_failed; returns how many went. */
int db_librequest_purge(Db *db, uint64_t finished_before, bool with_failed);

/* The computer's dwLibRequestPurgeTime (seconds) and dwLibRequestFlags. */
int db_librequest_purge_policy(Db *db, uint32_t *ret_purge_time, uint32_t *ret_flags);
