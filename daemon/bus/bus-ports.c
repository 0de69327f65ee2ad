/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* InjectMedia, EjectMedia, AccessLibraryDoor: the operations an operator
 * takes part in. Each is answered as soon as its library request is queued
 * (with the request's GUID for inject and eject), as the functions'
 * remarks say; the request tells how it went. */

#include <errno.h>

#include "bus/bus-args.h"
#include "bus/bus-errors.h"
#include "bus/bus-methods.h"
#include "bus/bus-requests.h"
#include "bus/bus-session.h"
#include "ntmsapi.h"

/* What the three have in common; each adds its own below. */
#define PORT_ERRORS                                                                                     \
        { EINVAL, ERROR_INVALID_PARAMETER, "Not an action of this function" },                         \
        { EMEDIUMTYPE, ERROR_LIBRARY_OFFLINE, "The offline library and stand-alone drives have no ports or doors" }, \
        { EHOSTDOWN, ERROR_LIBRARY_OFFLINE, "The library's changer does not answer" },                 \
        { ESRCH, ERROR_INVALID_OPERATION, "No unfinished operation of this kind has that GUID" }

static const BusErrnoMap inject_errors[] = {
        PORT_ERRORS,
        { ENOENT, ERROR_INVALID_PARAMETER, "No such library" },
        { ENODEV, ERROR_DEVICE_NOT_AVAILABLE, "The library is disabled" },
        { ENXIO, ERROR_RESOURCE_NOT_PRESENT, "The library has no port: use AccessNtmsLibraryDoor" },
        { EXFULL, ERROR_LIBRARY_FULL, "The library has no free slot" },
        {}
};

static const BusErrnoMap eject_errors[] = {
        PORT_ERRORS,
        { ENOENT, ERROR_INVALID_MEDIA, "No such medium" },
        { ENOMEDIUM, ERROR_MEDIA_NOT_AVAILABLE, "The medium is disabled" },
        { ENODEV, ERROR_DEVICE_NOT_AVAILABLE, "The library is disabled" },
        { ENXIO, ERROR_RESOURCE_NOT_PRESENT, "The library has no port: use AccessNtmsLibraryDoor" },
        { ETXTBSY, ERROR_BUSY, "The medium is in use" },
        { EBUSY, ERROR_BUSY, "As many media are queued for ejection as the library has ports" },
        { EREMOTEIO, ERROR_MEDIA_NOT_AVAILABLE, "The medium's place in the library is not known: inventory it" },
        {}
};

static const BusErrnoMap door_errors[] = {
        PORT_ERRORS,
        { ENOENT, ERROR_INVALID_PARAMETER, "No such library" },
        { ENODEV, ERROR_RESOURCE_DISABLED, "The library is disabled" },
        { ENXIO, ERROR_RESOURCE_NOT_PRESENT, "The library has no door" },
        {}
};

typedef int (*PortCall)(QueueManager *m, const QueueCaller *caller, const char *object, uint32_t action,
                        char request[static DB_GUID_MAX]);

/* (s object, s operation, u action) → s operation. */
static int port_method(sd_bus_message *m, void *userdata, bool object_optional, PortCall call_fn,
                       const BusErrnoMap *errors, sd_bus_error *error) {
        char object[NTMS_GUID_STRING_MAX], operation[NTMS_GUID_STRING_MAX], user[BUS_USER_MAX];
        QueueCaller caller;
        uint32_t action;
        BusCall call;
        int r;

        r = bus_call_begin(m, userdata, BUS_ACCESS_MODIFY, &call, error);
        if (r < 0)
                return r;
        r = bus_read_guid(m, object_optional, object, error);
        if (r < 0)
                return r;
        r = bus_read_guid(m, true, operation, error);
        if (r < 0)
                return r;
        r = sd_bus_message_read(m, "u", &action);
        if (r < 0)
                return r;
        bus_call_requester(&call, user, &caller);

        r = call_fn(call.manager->queues, &caller, object, action, operation);
        if (r < 0)
                return bus_error_errno(error, r, errors);
        return sd_bus_reply_method_return(m, "s", operation);
}

int bus_method_inject_media(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        return port_method(m, userdata, false, queue_inject, inject_errors, error);
}

/* "NTMS_EJECT_START with the last media ID or NULL": the medium may be "". */
int bus_method_eject_media(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        return port_method(m, userdata, true, queue_eject, eject_errors, error);
}

int bus_method_access_library_door(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        char library[NTMS_GUID_STRING_MAX], user[BUS_USER_MAX];
        QueueCaller caller;
        uint32_t action;
        BusCall call;
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

        r = queue_door(call.manager->queues, &caller, library, action);
        if (r < 0)
                return bus_error_errno(error, r, door_errors);
        return sd_bus_reply_method_return(m, NULL);
}
