/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>
#include <stdlib.h>

#include "macro.h"
#include "db-private.h"
#include "librequest.h"
#include "ntmsapi.h"

#define SQL_COLUMNS                                                             \
        "r.guid, r.OperationCode, r.OperationOption, r.State, r.dwPriority, "   \
        "r.PartitionId, r.DriveId, r.PhysMediaId, r.Library, r.SlotId, "        \
        "r.WorkItemId, r.dwErrorCode, r.TimeQueued, r.TimeStarted, r.TimeCompleted"

/* The states a request is still alive in; the rest are final. */
#define SQL_UNFINISHED "(0 /* QUEUED */, 1 /* INPROCESS */, 5 /* WAITING */, 6 /* DEFERRED */)"

bool db_librequest_state_is_final(uint32_t state) {
        return state != NTMS_LM_QUEUED && state != NTMS_LM_INPROCESS &&
               state != NTMS_LM_WAITING && state != NTMS_LM_DEFERRED;
}

static const char *operation_name(uint32_t operation) {
        switch (operation) {
        case NTMS_LM_MOUNT:
                return "Mount";
        case NTMS_LM_DISMOUNT:
                return "Dismount";
        case NTMS_LM_INVENTORY:
                return "Inventory";
        default:
                return "Library request";
        }
}

int db_librequest_insert(Db *db, const DbLibRequest *req, const DbRequester *who,
                         char ret_guid[static DB_GUID_MAX]) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        char guid[DB_GUID_MAX];
        int r;

        assert(req);
        assert(who);

        r = db_object_insert(db, NTMS_LIBREQUEST, NULL, operation_name(req->operation), "", true, guid);
        if (r < 0)
                return r;

        r = db_prepare(db,
                       "INSERT INTO librequest (guid, OperationCode, OperationOption, State, dwPriority, "
                       "  PartitionId, DriveId, PhysMediaId, Library, SlotId, WorkItemId, "
                       "  szApplication, szUser, szComputer, TimeQueued) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_text(db, s, 1, guid)) < 0 ||
            (r = db_bind_int64(db, s, 2, req->operation)) < 0 ||
            (r = db_bind_int64(db, s, 3, req->option)) < 0 ||
            (r = db_bind_int64(db, s, 4, req->state)) < 0 ||
            (r = db_bind_int64(db, s, 5, req->priority)) < 0 ||
            (r = db_bind_guid(db, s, 6, req->partition)) < 0 ||
            (r = db_bind_guid(db, s, 7, req->drive)) < 0 ||
            (r = db_bind_guid(db, s, 8, req->medium)) < 0 ||
            (r = db_bind_guid(db, s, 9, req->library)) < 0 ||
            (r = db_bind_guid(db, s, 10, req->slot)) < 0 ||
            (r = db_bind_guid(db, s, 11, req->work_item)) < 0 ||
            (r = db_bind_text(db, s, 12, who->application)) < 0 ||
            (r = db_bind_text(db, s, 13, who->user)) < 0 ||
            (r = db_bind_text(db, s, 14, who->computer)) < 0 ||
            (r = db_bind_int64(db, s, 15, (int64_t) db_now_usec())) < 0)
                return r;
        r = db_step_done(db, s);
        if (r < 0)
                return r;

        memcpy(ret_guid, guid, DB_GUID_MAX);
        return 0;
}

static void librequest_from_row(sqlite3_stmt *s, DbLibRequest *ret) {
        *ret = (DbLibRequest) {
                .operation = (uint32_t) sqlite3_column_int64(s, 1),
                .option = (uint32_t) sqlite3_column_int64(s, 2),
                .state = (uint32_t) sqlite3_column_int64(s, 3),
                .priority = (int32_t) sqlite3_column_int64(s, 4),
                .error = (uint32_t) sqlite3_column_int64(s, 11),
                .queued = (uint64_t) sqlite3_column_int64(s, 12),
                .started = (uint64_t) sqlite3_column_int64(s, 13),
                .completed = (uint64_t) sqlite3_column_int64(s, 14),
        };
        db_column_guid(s, 0, ret->guid);
        db_column_guid(s, 5, ret->partition);
        db_column_guid(s, 6, ret->drive);
        db_column_guid(s, 7, ret->medium);
        db_column_guid(s, 8, ret->library);
        db_column_guid(s, 9, ret->slot);
        db_column_guid(s, 10, ret->work_item);
}

int db_librequest_get(Db *db, const char *guid, DbLibRequest *ret) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare(db, "SELECT " SQL_COLUMNS " FROM librequest AS r WHERE r.guid = ?1", &s);
        if (r < 0)
                return r;
        r = db_bind_guid(db, s, 1, guid);
        if (r < 0)
                return r;
        r = db_step_row(db, s);
        if (r < 0)
                return r;
        librequest_from_row(s, ret);
        return 0;
}

/* The request changed: -ENOENT when the statement found none. */
static int librequest_changed(Db *db, sqlite3_stmt *s, const char *guid) {
        int r;

        r = db_step_done(db, s);
        if (r < 0)
                return r;
        if (sqlite3_changes(db->sqlite) == 0)
                return -ENOENT;
        return db_object_touch(db, guid);
}

int db_librequest_set_waiting(Db *db, const char *guid, uint32_t state, const char *library) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        assert(state == NTMS_LM_QUEUED || state == NTMS_LM_WAITING);

        r = db_prepare(db, "UPDATE librequest SET State = ?2, Library = coalesce(?3, Library) WHERE guid = ?1", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, guid)) < 0 ||
            (r = db_bind_int64(db, s, 2, state)) < 0 ||
            (r = db_bind_guid(db, s, 3, library)) < 0)
                return r;
        return librequest_changed(db, s, guid);
}

int db_librequest_start(Db *db, const char *guid, const char *drive, const char *slot) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare(db, "UPDATE librequest SET State = ?2, TimeStarted = ?3, "
                           "  DriveId = coalesce(?4, DriveId), SlotId = coalesce(?5, SlotId) WHERE guid = ?1", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, guid)) < 0 ||
            (r = db_bind_int64(db, s, 2, NTMS_LM_INPROCESS)) < 0 ||
            (r = db_bind_int64(db, s, 3, (int64_t) db_now_usec())) < 0 ||
            (r = db_bind_guid(db, s, 4, drive)) < 0 ||
            (r = db_bind_guid(db, s, 5, slot)) < 0)
                return r;
        return librequest_changed(db, s, guid);
}

int db_librequest_finish(Db *db, const char *guid, uint32_t state, uint32_t error) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        assert(db_librequest_state_is_final(state));

        /* Never before it was queued, whatever the clock did meanwhile. */
        r = db_prepare(db, "UPDATE librequest SET State = ?2, dwErrorCode = ?3, "
                           "  TimeCompleted = max(?4, TimeQueued) WHERE guid = ?1", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_guid(db, s, 1, guid)) < 0 ||
            (r = db_bind_int64(db, s, 2, state)) < 0 ||
            (r = db_bind_int64(db, s, 3, error)) < 0 ||
            (r = db_bind_int64(db, s, 4, (int64_t) db_now_usec())) < 0)
                return r;
        return librequest_changed(db, s, guid);
}

static int librequest_collect(Db *db, sqlite3_stmt *s, DbLibRequest **ret, size_t *ret_n) {
        _cleanup_free_ DbLibRequest *l = NULL;
        size_t n = 0, allocated = 0;
        int r;

        while ((r = db_step_row(db, s)) >= 0) {
                if (!GREEDY_REALLOC(l, allocated, n + 1))
                        return -ENOMEM;
                librequest_from_row(s, l + n++);
        }
        if (r != -ENOENT)
                return r;

        *ret = TAKE_PTR(l);
        *ret_n = n;
        return 0;
}

int db_librequest_unfinished(Db *db, const char *library, DbLibRequest **ret, size_t *ret_n) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare(db, "SELECT " SQL_COLUMNS " FROM librequest AS r JOIN objects AS o USING (guid) "
                           "WHERE r.Library = ?1 AND r.State IN " SQL_UNFINISHED " "
                           "ORDER BY r.TimeQueued, o.rowid", &s);
        if (r < 0)
                return r;
        r = db_bind_guid(db, s, 1, library);
        if (r < 0)
                return r;
        return librequest_collect(db, s, ret, ret_n);
}

int db_request_delete_finished(Db *db, uint32_t type, const char *guid) {
        static const char *const sql[] = {
                [0] = "DELETE FROM objects WHERE guid = ?1 AND guid IN "
                      "(SELECT guid FROM librequest WHERE guid = ?1 AND State NOT IN " SQL_UNFINISHED ")",
                [1] = "DELETE FROM objects WHERE guid = ?1 AND guid IN "
                      "(SELECT guid FROM oprequest WHERE guid = ?1 "
                      " AND State IN (4 /* NTMS_OPSTATE_REFUSED */, 5 /* NTMS_OPSTATE_COMPLETE */))",
        };
        int r;

        assert(type == NTMS_LIBREQUEST || type == NTMS_OPREQUEST);

        r = db_run_guid(db, sql[type == NTMS_OPREQUEST], guid);
        if (r < 0)
                return r;
        return r > 0;
}

int db_librequest_purge(Db *db, uint64_t finished_before, bool with_failed) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare(db, "DELETE FROM objects WHERE guid IN (SELECT guid FROM librequest "
                           "WHERE State NOT IN " SQL_UNFINISHED " AND TimeCompleted < ?1 "
                           "AND (?2 OR State != 3 /* NTMS_LM_FAILED */))", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_int64(db, s, 1, (int64_t) finished_before)) < 0 ||
            (r = db_bind_int64(db, s, 2, with_failed)) < 0)
                return r;
        r = db_step_done(db, s);
        if (r < 0)
                return r;
        return sqlite3_changes(db->sqlite);
}

int db_librequest_purge_policy(Db *db, uint32_t *ret_purge_time, uint32_t *ret_flags) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare(db, "SELECT dwLibRequestPurgeTime, dwLibRequestFlags FROM computer LIMIT 1", &s);
        if (r < 0)
                return r;
        r = db_step_row(db, s);
        if (r < 0)
                return r;
        *ret_purge_time = (uint32_t) sqlite3_column_int64(s, 0);
        *ret_flags = (uint32_t) sqlite3_column_int64(s, 1);
        return 0;
}
