/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Media pools and the media types of libraries. */

#include <errno.h>
#include <stdlib.h>

#include "bus/bus-args.h"
#include "bus/bus-errors.h"
#include "bus/bus-methods.h"
#include "bus/bus-session.h"
#include "media/media-types.h"
#include "media/pools.h"
#include "ntmsapi.h"

int bus_method_get_media_pool_name(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        static const BusErrnoMap errors[] = {
                { ENOENT, ERROR_INVALID_MEDIA_POOL, "No such media pool" },
                {}
        };
        _cleanup_free_ char *path = NULL;
        char guid[NTMS_GUID_STRING_MAX];
        BusCall call;
        int r;

        r = bus_call_begin(m, userdata, BUS_ACCESS_READ, &call, error);
        if (r < 0)
                return r;
        r = bus_read_guid(m, false, guid, error);
        if (r < 0)
                return r;

        r = media_pool_get_path(call.db, guid, &path);
        if (r < 0)
                return bus_error_errno(error, r, errors);

        return sd_bus_reply_method_return(m, "s", path);
}

int bus_method_create_media_pool(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        static const BusErrnoMap errors[] = {
                { ENAMETOOLONG, ERROR_INVALID_NAME, "The pool name is empty or too long" },
                { ENOENT, ERROR_OBJECT_NOT_FOUND, "No such media pool" },
                { EEXIST, ERROR_ALREADY_EXISTS, "A media pool of that name exists" },
                { EMEDIUMTYPE, ERROR_INVALID_MEDIA, "No such media type" },
                { EPERM, ERROR_ACCESS_DENIED, "Pools cannot be created inside a system pool" },
                {}
        };
        char media_type[NTMS_GUID_STRING_MAX], pool[NTMS_GUID_STRING_MAX];
        const char *name;
        uint32_t action;
        BusCall call;
        int r;

        r = bus_call_begin(m, userdata, BUS_ACCESS_MODIFY, &call, error);
        if (r < 0)
                return r;

        /* Lengths are checked per level below: too long is InvalidName there. */
        r = bus_read_string(m, 0, "The pool name", &name, error);
        if (r < 0)
                return r;
        r = bus_read_guid(m, true, media_type, error);
        if (r < 0)
                return r;
        r = sd_bus_message_read(m, "u", &action);
        if (r < 0)
                return r;

        if (isempty(name))
                return bus_error_ntms(error, ERROR_INVALID_PARAMETER, "The pool name is missing");
        if (action != NTMS_OPEN_EXISTING && action != NTMS_CREATE_NEW && action != NTMS_OPEN_ALWAYS)
                return bus_error_ntms(error, ERROR_INVALID_PARAMETER, "Unknown action %u", action);

        r = media_pool_create(call.db, name, media_type[0] ? media_type : NULL, action, pool);
        if (r < 0)
                return bus_error_errno(error, r, errors);

        return sd_bus_reply_method_return(m, "s", pool);
}

int bus_method_delete_media_pool(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        static const BusErrnoMap errors[] = {
                { ENOENT, ERROR_INVALID_MEDIA_POOL, "No such media pool" },
                { EPERM, ERROR_INVALID_MEDIA_POOL, "System media pools cannot be deleted" },
                { ENOTEMPTY, ERROR_NOT_EMPTY, "The media pool holds media or pools" },
                {}
        };
        char guid[NTMS_GUID_STRING_MAX];
        BusCall call;
        int r;

        r = bus_call_begin(m, userdata, BUS_ACCESS_MODIFY, &call, error);
        if (r < 0)
                return r;
        r = bus_read_guid(m, false, guid, error);
        if (r < 0)
                return r;

        r = media_pool_delete(call.db, guid);
        if (r < 0)
                return bus_error_errno(error, r, errors);

        return sd_bus_reply_method_return(m, NULL);
}

static int bus_change_library_media_type(sd_bus_message *m, void *userdata, bool add, sd_bus_error *error) {
        static const BusErrnoMap errors[] = {
                { ENOENT, ERROR_INVALID_LIBRARY, "No such library" },
                { EMEDIUMTYPE, ERROR_INVALID_MEDIA, "No such media type" },
                {}
        };
        char media_type[NTMS_GUID_STRING_MAX], library[NTMS_GUID_STRING_MAX];
        BusCall call;
        int r;

        r = bus_call_begin(m, userdata, BUS_ACCESS_MODIFY, &call, error);
        if (r < 0)
                return r;
        r = bus_read_guid(m, false, media_type, error);
        if (r < 0)
                return r;
        r = bus_read_guid(m, false, library, error);
        if (r < 0)
                return r;

        r = add ? media_type_add_to_library(call.db, media_type, library)
                : media_type_remove_from_library(call.db, media_type, library);
        if (r < 0)
                return bus_error_errno(error, r, errors);

        return sd_bus_reply_method_return(m, NULL);
}

int bus_method_add_media_type(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        return bus_change_library_media_type(m, userdata, true, error);
}

int bus_method_delete_media_type(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        return bus_change_library_media_type(m, userdata, false, error);
}
