/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* EjectDiskFromSADrive, the function of stand-alone drives that takes no
 * session: libntms calls it in a session it opens for the call (so that the
 * request records the caller's application), busctl on /org/ntms/Rsm1.
 *
 * NTMS_EJECT_START, _QUEUE and _FORCE answer once the eject is queued ("the
 * function returns to the application as soon as the eject request is
 * queued, unless NTMS_EJECT_IMMEDIATE option is specified"); IMMEDIATE and
 * ASK_USER keep the call and answer the outcome of the eject. Nobody can be
 * asked here, so ASK_USER is IMMEDIATE: a failure is answered, and FORCE is
 * how a caller insists. NTMS_EJECT_STOP ends the ejects of the drive that
 * have not started.
 *
 * The function documents no error for a medium in use nor for a device
 * that is not a stand-alone drive, so the nearest documented ones stand in:
 * ERROR_INVALID_PARAMETER for a device that is no drive rsmd knows, and for
 * a drive of a library with a changer (EjectNtmsMedia is for those: the
 * device name is the bad parameter either way); ERROR_BUSY, which
 * EjectNtmsMedia answers for media in use, for a medium that is mounted or
 * locked in its drive, without NTMS_EJECT_FORCE. */

#include <errno.h>

#include "bus/bus-args.h"
#include "bus/bus-errors.h"
#include "bus/bus-methods.h"
#include "bus/bus-requests.h"
#include "bus/bus-session.h"
#include "log.h"
#include "ntmsapi.h"

static const BusErrnoMap eject_errors[] = {
        { ENOENT, ERROR_INVALID_PARAMETER, "The device is no drive rsmd knows" },
        { EXDEV, ERROR_INVALID_PARAMETER, "The drive is in a library with a changer: its media leave "
                                          "through EjectNtmsMedia" },
        { ENODEV, ERROR_DEVICE_NOT_AVAILABLE, "The drive or its library is disabled" },
        { EHOSTDOWN, ERROR_LIBRARY_OFFLINE, "The drive does not answer, or rsmd does not serve its library now" },
        { ENOMEDIUM, ERROR_MEDIA_NOT_AVAILABLE, "The medium in the drive is disabled" },
        { EBUSY, ERROR_BUSY, "The medium in the drive is in use or locked in; NTMS_EJECT_FORCE ejects it anyway" },
        { ESRCH, ERROR_INVALID_OPERATION, "No eject of the drive waits to be stopped" },
        {}
};

/* The eject is over: answer the call that waited for it. */
static void eject_done(QueueJob *job, int r, void *userdata) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = userdata;
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        int q;

        if (r < 0) {
                (void) bus_error_request(&error, r, eject_errors);
                q = sd_bus_reply_method_error(m, &error);
        } else
                q = sd_bus_reply_method_return(m, NULL);
        if (q < 0)
                log_debug_errno(q, "Cannot reply to EjectDiskFromSADrive, the caller may be gone: %m");
}

int bus_method_eject_disk_from_sa_drive(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        char user[BUS_USER_MAX];
        const char *device;
        QueueCaller caller;
        uint32_t options;
        QueueJob *job;
        BusCall call;
        bool wait;
        int r;

        /* NTMS_CONTROL_ACCESS to the library: administrators. */
        r = bus_call_begin(m, userdata, BUS_ACCESS_MODIFY, &call, error);
        if (r < 0)
                return r;
        /* No length of its own: a configured iscsi:// URL may be longer than szDeviceName. */
        r = bus_read_string(m, 0, "The device name", &device, error);
        if (r < 0)
                return r;
        r = sd_bus_message_read(m, "u", &options);
        if (r < 0)
                return r;
        if (isempty(device))
                return bus_error_ntms(error, ERROR_INVALID_PARAMETER, "No device named");
        if (options > NTMS_EJECT_ASK_USER)
                return bus_error_ntms(error, ERROR_INVALID_PARAMETER, "Unknown option %u", options);
        bus_call_requester(&call, user, &caller);

        wait = options == NTMS_EJECT_IMMEDIATE || options == NTMS_EJECT_ASK_USER;
        r = queue_eject_standalone(call.manager->queues, &caller, device, options, wait ? eject_done : NULL, m,
                                   &job);
        if (r < 0)
                return bus_error_request(error, r, eject_errors);
        if (!job || !wait)
                return sd_bus_reply_method_return(m, NULL);
        /* The reply waits for the eject; the reference keeps the call until then. */
        sd_bus_message_ref(m);
        return 1;
}
