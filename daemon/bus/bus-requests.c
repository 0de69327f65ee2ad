/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Library requests: CancelLibraryRequest, GetRequestOrder, SetRequestOrder,
 * DeleteRequests, and what the outcome of any request means to its caller
 * and in its dwErrorCode (one table for both). */

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bus/bus-args.h"
#include "bus/bus-errors.h"
#include "bus/bus-methods.h"
#include "bus/bus-requests.h"
#include "bus/bus-session.h"
#include "ntmsapi.h"

/* How a queued request can end (see queue/queue.h). */
static const BusErrnoMap request_errors[] = {
        { ETIME, ERROR_TIMEOUT, "The time-out expired before the request was done; it was cancelled" },
        { ECANCELED, ERROR_CANCELLED, "The request was cancelled" },
        { ENOMEDIUM, ERROR_RESOURCE_DISABLED, "A resource the request needs is disabled" },
        { EREMOTEIO, ERROR_INVALID_STATE, "An unexpected media or device state occurred; "
                                          "the element status was read again" },
        { ENOTRECOVERABLE, ERROR_INVALID_STATE, "rsmd stopped while the request was in process" },
        { EHOSTDOWN, ERROR_LIBRARY_OFFLINE, "The library's changer does not answer, or rsmd no longer serves it" },
        { ENOLINK, ERROR_INVALID_LIBRARY, "The media are not in one library" },
        { EXDEV, ERROR_DRIVE_MEDIA_MISMATCH, "The drive is not in the library of the medium" },
        { EXFULL, ERROR_LIBRARY_FULL, "No slot of the library is free for the cartridge" },
        { ENOENT, ERROR_INVALID_MEDIA, "The medium is no longer known" },
        {}
};

uint32_t bus_request_error_code(int r) {
        return bus_errno_to_ntms(r, request_errors);
}

int bus_error_request(sd_bus_error *error, int r, const BusErrnoMap *map) {
        const BusErrnoMap *e;

        e = bus_errno_find(map, r) ?: bus_errno_find(request_errors, r);
        if (e)
                return bus_error_ntms(error, e->ntms_error, "%s", e->message);
        return bus_error_errno(error, r, NULL);
}

void bus_call_requester(const BusCall *call, char user[static BUS_USER_MAX], QueueCaller *ret) {
        struct passwd pw, *found = NULL;
        char buf[1024];

        /* A name the system does not know is recorded as the number. */
        if (getpwuid_r(call->uid, &pw, buf, sizeof buf, &found) == 0 && found)
                snprintf(user, BUS_USER_MAX, "%s", found->pw_name);
        else
                snprintf(user, BUS_USER_MAX, "%u", (unsigned) call->uid);

        *ret = (QueueCaller) {
                .session = call->session->per_call ? 0 : call->session->id,
                .application = call->session->application ?: "",
                .user = user,
                .computer = call->manager->hostname,
        };
}

int bus_method_cancel_library_request(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        static const BusErrnoMap errors[] = {
                { ENOENT, ERROR_OBJECT_NOT_FOUND, "No such request, or it is over" },
                { EBUSY, ERROR_ACCESS_DENIED, "The request is being handled and cannot be cancelled" },
                {}
        };
        char request[NTMS_GUID_STRING_MAX];
        BusCall call;
        int r;

        /* "Only an administrator of the RSM server can cancel library requests." */
        r = bus_call_begin(m, userdata, BUS_ACCESS_MODIFY, &call, error);
        if (r < 0)
                return r;
        r = bus_read_guid(m, false, request, error);
        if (r < 0)
                return r;

        r = queue_cancel(call.manager->queues, request);
        if (r < 0)
                return bus_error_errno(error, r, errors);
        return sd_bus_reply_method_return(m, NULL);
}

int bus_method_get_request_order(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        char request[NTMS_GUID_STRING_MAX];
        uint32_t order;
        BusCall call;
        int r;

        /* NTMS_CONTROL_ACCESS to the computer: administrators. */
        r = bus_call_begin(m, userdata, BUS_ACCESS_MODIFY, &call, error);
        if (r < 0)
                return r;
        r = bus_read_guid(m, false, request, error);
        if (r < 0)
                return r;

        r = queue_get_order(call.manager->queues, request, &order);
        if (r < 0)
                return bus_error_errno(error, r, (const BusErrnoMap[]) {
                        { ENOENT, ERROR_OBJECT_NOT_FOUND, "No such library request" }, {} });
        return sd_bus_reply_method_return(m, "u", order);
}

int bus_method_set_request_order(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        static const BusErrnoMap errors[] = {
                { ENOENT, ERROR_OBJECT_NOT_FOUND, "No such library request waits in a queue" },
                { EINVAL, ERROR_INVALID_PARAMETER, "Order numbers start at 1" },
                {}
        };
        char request[NTMS_GUID_STRING_MAX];
        uint32_t order;
        BusCall call;
        int r;

        r = bus_call_begin(m, userdata, BUS_ACCESS_MODIFY, &call, error);
        if (r < 0)
                return r;
        r = bus_read_guid(m, false, request, error);
        if (r < 0)
                return r;
        r = sd_bus_message_read(m, "u", &order);
        if (r < 0)
                return r;

        r = queue_set_order(call.manager->queues, request, order);
        if (r < 0)
                return bus_error_errno(error, r, errors);
        return sd_bus_reply_method_return(m, NULL);
}

int bus_method_delete_requests(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        _cleanup_free_ char (*requests)[NTMS_GUID_STRING_MAX] = NULL;
        uint32_t type;
        BusCall call;
        size_t n;
        int r;

        /* NTMS_MODIFY_ACCESS to the computer: administrators. */
        r = bus_call_begin(m, userdata, BUS_ACCESS_MODIFY, &call, error);
        if (r < 0)
                return r;
        r = bus_read_guid_list(m, &requests, &n, error);
        if (r < 0)
                return r;
        r = sd_bus_message_read(m, "u", &type);
        if (r < 0)
                return r;
        if (type != NTMS_LIBREQUEST && type != NTMS_OPREQUEST)
                return bus_error_ntms(error, ERROR_INVALID_PARAMETER,
                                      "Only library (NTMS_LIBREQUEST) and operator (NTMS_OPREQUEST) requests are deleted");

        r = queue_delete_requests(call.manager->queues, type, requests, n);
        if (r < 0)
                return bus_error_errno(error, r, NULL);
        return sd_bus_reply_method_return(m, NULL);
}
