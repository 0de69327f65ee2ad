/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bus/bus-errors.h"
#include "log.h"
#include "ntms-errors.h"
#include "ntmsapi.h"

/* The meanings db/ and media/ give their errors (see db/db.h). */
static const BusErrnoMap common_errors[] = {
        { ENOENT, ERROR_OBJECT_NOT_FOUND, "No such object" },
        { EINVAL, ERROR_INVALID_PARAMETER, "Invalid parameter" },
        { ENOSPC, ERROR_DATABASE_FULL, "The database is full" },
        { EIO, ERROR_DATABASE_FAILURE, "The database failed" },
        { EROFS, ERROR_DATABASE_FAILURE, "The database cannot be written" },
        { EPROTO, ERROR_DATABASE_FAILURE, "The database has an unknown schema" },
        { ELOOP, ERROR_DATABASE_FAILURE, "The pool hierarchy in the database is damaged" },
        { ENOMEM, ERROR_NOT_ENOUGH_MEMORY, "Out of memory" },
        { EACCES, ERROR_ACCESS_DENIED, "Access denied" },
        { EPERM, ERROR_ACCESS_DENIED, "Not permitted" },
        { EEXIST, ERROR_ALREADY_EXISTS, "The object already exists" },
        { ENOTEMPTY, ERROR_NOT_EMPTY, "The object is not empty" },
        { EBUSY, ERROR_BUSY, "The object is in use" },
        { EALREADY, ERROR_INVALID_STATE, "The object is already in that state" },
        { EMEDIUMTYPE, ERROR_MEDIA_INCOMPATIBLE, "The media types do not match" },
        { ENAMETOOLONG, ERROR_INVALID_NAME, "Invalid name" },
        { ENXIO, ERROR_INVALID_MEDIA_POOL, "Invalid media pool" },
        { ENOTUNIQ, ERROR_DUPLICATE_OMID, "A medium with this on-media identifier exists" },
        { EOPNOTSUPP, ERROR_CALL_NOT_IMPLEMENTED, "Not implemented" },
        {}
};

int bus_error_ntms(sd_bus_error *error, uint32_t ntms_error, const char *format, ...) {
        const NtmsErrorInfo *info = ntms_error_by_value(ntms_error);
        char message[512];
        va_list ap;

        assert(info);

        va_start(ap, format);
        vsnprintf(message, sizeof message, format, ap);
        va_end(ap);

        log_debug("Replying %s: %s", info->bus_name, message);
        return sd_bus_error_set(error, info->bus_name, message);
}

static const BusErrnoMap *lookup(const BusErrnoMap *map, int error) {
        for (; map && map->error != 0; map++)
                if (map->error == error)
                        return map;
        return NULL;
}

const BusErrnoMap *bus_errno_find(const BusErrnoMap *map, int r) {
        assert(r < 0);
        return lookup(map, -r);
}

uint32_t bus_errno_to_ntms(int r, const BusErrnoMap *map) {
        const BusErrnoMap *e;

        assert(r < 0);

        e = lookup(map, -r) ?: lookup(common_errors, -r);
        return e ? e->ntms_error : ERROR_DATABASE_FAILURE;
}

int bus_error_errno(sd_bus_error *error, int r, const BusErrnoMap *map) {
        const BusErrnoMap *e;

        assert(r < 0);

        e = lookup(map, -r) ?: lookup(common_errors, -r);
        if (!e) {
                log_error_errno(r, "Unexpected failure: %m");
                return bus_error_ntms(error, ERROR_DATABASE_FAILURE, "Internal error: %s", strerror(-r));
        }
        return bus_error_ntms(error, e->ntms_error, "%s", e->message);
}
