/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bus/bus-args.h"
#include "bus/bus-errors.h"
#include "bus/bus-methods.h"
#include "bus/bus-requests.h"
#include "bus/bus-session.h"
#include "db/library.h"
#include "library/library-manager.h"
#include "log.h"
#include "ntmsapi.h"

static const BusErrnoMap inventory_errors[] = {
        { ENOENT, ERROR_INVALID_PARAMETER, "No such library" },
        { EINVAL, ERROR_INVALID_PARAMETER, "Not an inventory method" },
        { EMEDIUMTYPE, ERROR_INVALID_LIBRARY, "The offline library cannot be inventoried" },
        { EHOSTDOWN, ERROR_LIBRARY_OFFLINE, "The library's changer does not answer" },
        { EBUSY, ERROR_BUSY, "The running inventory cannot be stopped" },
        {}
};

/* The inventory is over: answer the call that has been waiting for it. */
static void inventory_done(QueueJob *job, int r, void *userdata) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = userdata;
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        int q;

        if (r < 0) {
                (void) bus_error_request(&error, r, inventory_errors);
                q = sd_bus_reply_method_error(m, &error);
        } else
                q = sd_bus_reply_method_return(m, NULL);
        if (q < 0)
                log_debug_errno(q, "Cannot reply to InventoryLibrary, the caller may be gone: %m");
}

int bus_method_inventory_library(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        char library[NTMS_GUID_STRING_MAX], user[BUS_USER_MAX];
        QueueCaller caller;
        QueueJob *job;
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
        bus_call_requester(&call, user, &caller);

        /* A library request like any other that touches the robot; the reply
         * waits for it, the reference keeps the call until then. */
        r = queue_inventory(call.manager->queues, &caller, library, action, inventory_done, m, &job);
        if (r < 0)
                return bus_error_request(error, r, inventory_errors);
        if (!job)
                return sd_bus_reply_method_return(m, NULL);
        sd_bus_message_ref(m);
        return 1;
}

static const BusErrnoMap identify_errors[] = {
        { ENOENT, ERROR_INVALID_PARAMETER, "No such slot" },
        { EMEDIUMTYPE, ERROR_INVALID_PARAMETER, "Not a slot of a library with a robot" },
        { ENODEV, ERROR_RESOURCE_DISABLED, "The library is disabled" },
        { EHOSTDOWN, ERROR_LIBRARY_OFFLINE, "The library's changer does not answer" },
        {}
};

static void identify_done(QueueJob *job, int r, void *userdata) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = userdata;
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        int q;

        if (r < 0) {
                (void) bus_error_request(&error, r, identify_errors);
                q = sd_bus_reply_method_error(m, &error);
        } else
                q = sd_bus_reply_method_return(m, NULL);
        if (q < 0)
                log_debug_errno(q, "Cannot reply to IdentifySlot, the caller may be gone: %m");
}

/* "The command returns when the identification is complete." */
int bus_method_identify_slot(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        char slot[NTMS_GUID_STRING_MAX], user[BUS_USER_MAX];
        QueueCaller caller;
        QueueJob *job;
        BusCall call;
        uint32_t option;
        int r;

        r = bus_call_begin(m, userdata, BUS_ACCESS_MODIFY, &call, error);
        if (r < 0)
                return r;
        r = bus_read_guid(m, false, slot, error);
        if (r < 0)
                return r;
        r = sd_bus_message_read(m, "u", &option);
        if (r < 0)
                return r;
        if (option != NTMS_DISMOUNT_DEFERRED && option != NTMS_DISMOUNT_IMMEDIATE)
                return bus_error_ntms(error, ERROR_INVALID_PARAMETER, "Not an option of IdentifyNtmsSlot");
        bus_call_requester(&call, user, &caller);

        r = queue_identify_slot(call.manager->queues, &caller, slot, identify_done, m, &job);
        if (r < 0)
                return bus_error_request(error, r, identify_errors);
        sd_bus_message_ref(m);
        return 1;
}

static const BusErrnoMap delete_library_errors[] = {
        { ENOENT, ERROR_INVALID_LIBRARY, "No such library" },
        { EMEDIUMTYPE, ERROR_INVALID_LIBRARY, "The offline library cannot be deleted" },
        { EBUSY, ERROR_BUSY, "A request is running in the library" },
        {}
};

typedef struct DeleteLibrary {
        Manager *manager;
        sd_bus_message *message;
        char library[NTMS_GUID_STRING_MAX];
} DeleteLibrary;

static int delete_library(Manager *manager, const char *library) {
        int r;

        r = library_manager_delete_library(manager->libraries, library);
        if (r >= 0)
                queue_forget_library(manager->queues, library);
        return r;
}

/* The library's last running request is over: the deletion goes on. */
static void delete_library_quiesced(void *userdata) {
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        DeleteLibrary *d = userdata;
        int r;

        r = delete_library(d->manager, d->library);
        if (r < 0) {
                (void) bus_error_errno(&error, r, delete_library_errors);
                r = sd_bus_reply_method_error(d->message, &error);
        } else
                r = sd_bus_reply_method_return(d->message, NULL);
        if (r < 0)
                log_debug_errno(r, "Cannot reply to DeleteLibrary, the caller may be gone: %m");
        sd_bus_message_unref(d->message);
        free(d);
}

int bus_method_delete_library(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        char library[NTMS_GUID_STRING_MAX];
        DeleteLibrary *d;
        uint32_t type;
        BusCall call;
        int r;

        r = bus_call_begin(m, userdata, BUS_ACCESS_MODIFY, &call, error);
        if (r < 0)
                return r;
        r = bus_read_guid(m, false, library, error);
        if (r < 0)
                return r;

        r = db_library_get_type(call.db, library, &type);
        if (r >= 0 && type == NTMS_LIBRARYTYPE_OFFLINE)
                r = -EMEDIUMTYPE;
        if (r < 0)
                return bus_error_errno(error, r, delete_library_errors);

        /* Requests that have not started go with the library; one that runs
         * (a cartridge on its way) is waited for. */
        d = calloc(1, sizeof *d);
        if (!d)
                return bus_error_errno(error, -ENOMEM, NULL);
        d->manager = call.manager;
        memcpy(d->library, library, sizeof d->library);
        r = queue_quiesce_library(call.manager->queues, library, delete_library_quiesced, d);
        if (r == 0) {
                d->message = sd_bus_message_ref(m);
                return 1;
        }
        free(d);

        r = delete_library(call.manager, library);
        if (r < 0)
                return bus_error_errno(error, r, delete_library_errors);
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
