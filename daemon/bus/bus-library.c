/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>

#include "bus/bus-args.h"
#include "bus/bus-errors.h"
#include "bus/bus-methods.h"
#include "bus/bus-session.h"
#include "library/library-manager.h"
#include "log.h"
#include "ntmsapi.h"

static const BusErrnoMap inventory_errors[] = {
        { ENOENT, ERROR_INVALID_PARAMETER, "No such library" },
        { EINVAL, ERROR_INVALID_PARAMETER, "Not an inventory method" },
        { EMEDIUMTYPE, ERROR_INVALID_LIBRARY, "The offline library cannot be inventoried" },
        { EHOSTDOWN, ERROR_LIBRARY_OFFLINE, "The library's changer does not answer" },
        { ECANCELED, ERROR_LIBRARY_OFFLINE, "The library was stopped during the inventory" },
        { EBUSY, ERROR_BUSY, "The running inventory cannot be stopped" },
        {}
};

/* The inventory is over: answer the call that has been waiting for it. */
static void inventory_done(int r, const DbInventoryStats *stats, void *userdata) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = userdata;
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        int q;

        if (r < 0) {
                (void) bus_error_errno(&error, r, inventory_errors);
                q = sd_bus_reply_method_error(m, &error);
        } else
                q = sd_bus_reply_method_return(m, NULL);
        if (q < 0)
                log_debug_errno(q, "Cannot reply to InventoryLibrary, the caller may be gone: %m");
}

int bus_method_inventory_library(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        char library[NTMS_GUID_STRING_MAX];
        BusCall call;
        uint32_t action;
        int r;

        r = bus_call_begin(m, userdata, BUS_ACCESS_MODIFY, &call, error);
        if (r < 0)
                return r;
        r = bus_read_guid(m, false, library, error);
        if (r < 0)
                return r;
        r = sd_bus_message_read(m, "u", &action);
        if (r < 0)
                return r;

        /* The reply waits for the robot; the reference keeps the call until then. */
        r = library_manager_inventory(call.manager->libraries, library, action, inventory_done,
                                      sd_bus_message_ref(m));
        if (r < 0) {
                sd_bus_message_unref(m);
                return bus_error_errno(error, r, inventory_errors);
        }
        return 1;
}

int bus_method_delete_library(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        static const BusErrnoMap errors[] = {
                { ENOENT, ERROR_INVALID_LIBRARY, "No such library" },
                { EMEDIUMTYPE, ERROR_INVALID_LIBRARY, "The offline library cannot be deleted" },
                { EBUSY, ERROR_BUSY, "A request is running in the library" },
                {}
        };
        char library[NTMS_GUID_STRING_MAX];
        BusCall call;
        int r;

        r = bus_call_begin(m, userdata, BUS_ACCESS_MODIFY, &call, error);
        if (r < 0)
                return r;
        r = bus_read_guid(m, false, library, error);
        if (r < 0)
                return r;

        r = library_manager_delete_library(call.manager->libraries, library);
        if (r < 0)
                return bus_error_errno(error, r, errors);
        return sd_bus_reply_method_return(m, NULL);
}

int bus_method_delete_drive(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        static const BusErrnoMap errors[] = {
                { ENOENT, ERROR_INVALID_DRIVE, "No such drive" },
                { EBUSY, ERROR_INVALID_STATE, "The drive is present; only a drive that is NTMS_NOT_PRESENT can be deleted" },
                {}
        };
        char drive[NTMS_GUID_STRING_MAX];
        BusCall call;
        int r;

        r = bus_call_begin(m, userdata, BUS_ACCESS_MODIFY, &call, error);
        if (r < 0)
                return r;
        r = bus_read_guid(m, false, drive, error);
        if (r < 0)
                return r;

        r = library_manager_delete_drive(call.manager->libraries, drive);
        if (r < 0)
                return bus_error_errno(error, r, errors);
        return sd_bus_reply_method_return(m, NULL);
}
