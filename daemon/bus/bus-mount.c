/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* MountMedia, DismountMedia, DismountDrive.
 *
 * A MountMedia call waits for its mount: its message is kept and answered
 * when the queue says the mount is over (or failed, timed out, was
 * cancelled), so the main loop never blocks; libntms waits on the bus as
 * long as its caller asked. With NTMS_MOUNT_NOWAIT the call is answered at
 * once with the request's GUID (and no drives): the caller follows the
 * NTMS_LIBREQUEST. A waiting call whose caller's connection goes away is
 * abandoned: a mount that has not started is cancelled, one that runs goes
 * on and releases what it mounted. */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bus/bus-args.h"
#include "bus/bus-errors.h"
#include "bus/bus-methods.h"
#include "bus/bus-requests.h"
#include "bus/bus-session.h"
#include "log.h"
#include "ntmsapi.h"

static const BusErrnoMap mount_errors[] = {
        { ENOENT, ERROR_INVALID_MEDIA, "A medium is neither a side nor a logical medium with a side" },
        { ENOTUNIQ, ERROR_INVALID_MEDIA, "A medium is named twice" },
        { ENODEV, ERROR_INVALID_DRIVE, "A drive is not valid, or named twice" },
        { EXDEV, ERROR_DRIVE_MEDIA_MISMATCH, "The media and drive specified are not in the same library" },
        { ENOLINK, ERROR_INVALID_LIBRARY, "The media are in different libraries" },
        { ENOMEDIUM, ERROR_RESOURCE_DISABLED, "A medium, a drive or the library is disabled, "
                                              "or no drive of the library can take a medium" },
        { EPERM, ERROR_WRITE_PROTECT, "A side is Complete and NTMS_MOUNT_WRITE was given" },
        { EREMOTE, ERROR_MEDIA_OFFLINE, "A medium is offline" },
        { EBUSY, ERROR_BUSY, "A medium or a drive is not available now" },
        {}
};

typedef struct MountWait {
        sd_bus_message *message;
        sd_bus_track *caller;
        QueueJob *job;
} MountWait;

static void mount_wait_free(MountWait *w) {
        if (!w)
                return;
        sd_bus_track_unref(w->caller);
        sd_bus_message_unref(w->message);
        free(w);
}

static int reply_mounted(sd_bus_message *m, QueueJob *job) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        int r;

        r = sd_bus_message_new_method_return(m, &reply);
        if (r < 0)
                return r;
        r = sd_bus_message_open_container(reply, 'a', "s");
        if (r < 0)
                return r;
        for (size_t i = 0; i < queue_job_n_media(job); i++) {
                r = sd_bus_message_append(reply, "s", queue_job_drive(job, i));
                if (r < 0)
                        return r;
        }
        r = sd_bus_message_close_container(reply);
        if (r < 0)
                return r;
        r = sd_bus_message_append(reply, "s", queue_job_request(job));
        if (r < 0)
                return r;
        return sd_bus_send(NULL, reply, NULL);
}

static void on_mount_done(QueueJob *job, int r, void *userdata) {
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        MountWait *w = userdata;
        int q;

        if (r < 0) {
                (void) bus_error_request(&error, r, mount_errors);
                q = sd_bus_reply_method_error(w->message, &error);
        } else
                q = reply_mounted(w->message, job);
        if (q < 0)
                log_debug_errno(q, "Cannot answer MountMedia, the caller may be gone: %m");
        mount_wait_free(w);
}

static int on_caller_gone(sd_bus_track *track, void *userdata) {
        MountWait *w = userdata;

        log_debug("A waiting MountMedia ended: its caller went away");
        queue_job_abandon(w->job);
        mount_wait_free(w);
        return 0;
}

static int mount_read(sd_bus_message *m, QueueMount *ret, char (**ret_media)[NTMS_GUID_STRING_MAX],
                      char (**ret_drives)[NTMS_GUID_STRING_MAX], sd_bus_error *error) {
        const uint32_t known = NTMS_MOUNT_READ | NTMS_MOUNT_WRITE | NTMS_MOUNT_ERROR_IF_UNAVAILABLE |
                NTMS_MOUNT_ERROR_IF_OFFLINE | NTMS_MOUNT_SPECIFIC_DRIVE | NTMS_MOUNT_NOWAIT;
        size_t n_media, n_drives;
        uint32_t options, timeout;
        int32_t priority;
        int r;

        r = bus_read_guid_list(m, ret_media, &n_media, error);
        if (r < 0)
                return r;
        r = bus_read_guid_list(m, ret_drives, &n_drives, error);
        if (r < 0)
                return r;
        r = sd_bus_message_read(m, "uiu", &options, &priority, &timeout);
        if (r < 0)
                return r;

        if (n_media == 0)
                return bus_error_ntms(error, ERROR_INVALID_PARAMETER, "No media to mount");
        if (options & ~known)
                return bus_error_ntms(error, ERROR_INVALID_PARAMETER, "Unknown options 0x%x", options & ~known);
        if (priority < NTMS_PRIORITY_LOWEST || priority > NTMS_PRIORITY_HIGHEST)
                return bus_error_ntms(error, ERROR_INVALID_PARAMETER, "Priorities range from %d to %d",
                                      NTMS_PRIORITY_LOWEST, NTMS_PRIORITY_HIGHEST);
        /* The drives are named with NTMS_MOUNT_SPECIFIC_DRIVE only, one per medium. */
        if ((options & NTMS_MOUNT_SPECIFIC_DRIVE) ? n_drives != n_media : n_drives != 0)
                return bus_error_ntms(error, ERROR_INVALID_PARAMETER,
                                      "Name one drive for each medium with NTMS_MOUNT_SPECIFIC_DRIVE, none without");

        *ret = (QueueMount) {
                .media = *ret_media,
                .drives = n_drives > 0 ? *ret_drives : NULL,
                .n = n_media,
                .options = options,
                .priority = priority,
                .timeout_ms = timeout,
        };
        return 0;
}

static int mount_wait(sd_bus_message *m, MountWait **ret) {
        MountWait *w;
        int r;

        w = calloc(1, sizeof *w);
        if (!w)
                return -ENOMEM;
        w->message = sd_bus_message_ref(m);
        r = sd_bus_track_new(sd_bus_message_get_bus(m), &w->caller, on_caller_gone, w);
        if (r >= 0)
                r = sd_bus_track_add_sender(w->caller, m);
        if (r < 0) {
                mount_wait_free(w);
                return r;
        }
        *ret = w;
        return 0;
}

int bus_method_mount_media(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        _cleanup_free_ char (*media)[NTMS_GUID_STRING_MAX] = NULL;
        _cleanup_free_ char (*drives)[NTMS_GUID_STRING_MAX] = NULL;
        char user[BUS_USER_MAX];
        QueueCaller caller;
        QueueMount mount;
        MountWait *w = NULL;
        QueueJob *job;
        BusCall call;
        int r;

        /* NTMS_USE_ACCESS: everyone who may use media. */
        r = bus_call_begin(m, userdata, BUS_ACCESS_READ, &call, error);
        if (r < 0)
                return r;
        r = mount_read(m, &mount, &media, &drives, error);
        if (r < 0)
                return r;
        bus_call_requester(&call, user, &caller);

        if (!(mount.options & NTMS_MOUNT_NOWAIT)) {
                r = mount_wait(m, &w);
                if (r < 0)
                        return bus_error_errno(error, r, NULL);
        }

        r = queue_mount(call.manager->queues, &caller, &mount, w ? on_mount_done : NULL, w, &job);
        if (r < 0) {
                mount_wait_free(w);
                return bus_error_request(error, r, mount_errors);
        }
        if (!w)
                return sd_bus_reply_method_return(m, "ass", 0, queue_job_request(job));

        w->job = job;
        return 1;
}

int bus_method_dismount_media(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        static const BusErrnoMap errors[] = {
                { ENOENT, ERROR_INVALID_MEDIA, "A medium is neither a side nor a logical medium with a side" },
                { EREMOTE, ERROR_MEDIA_OFFLINE, "A medium is offline" },
                { ENOMEDIUM, ERROR_MEDIA_NOT_AVAILABLE, "A medium is disabled" },
                { ENODEV, ERROR_DEVICE_NOT_AVAILABLE, "The drive or library of a medium is disabled" },
                { EBADFD, ERROR_INVALID_STATE, "A medium is not mounted" },
                {}
        };
        _cleanup_free_ char (*media)[NTMS_GUID_STRING_MAX] = NULL;
        char user[BUS_USER_MAX];
        QueueCaller caller;
        uint32_t options;
        BusCall call;
        size_t n;
        int r;

        r = bus_call_begin(m, userdata, BUS_ACCESS_READ, &call, error);
        if (r < 0)
                return r;
        r = bus_read_guid_list(m, &media, &n, error);
        if (r < 0)
                return r;
        r = sd_bus_message_read(m, "u", &options);
        if (r < 0)
                return r;
        if (n == 0)
                return bus_error_ntms(error, ERROR_INVALID_PARAMETER, "No media to dismount");
        if (options & ~(uint32_t) (NTMS_DISMOUNT_DEFERRED | NTMS_DISMOUNT_IMMEDIATE))
                return bus_error_ntms(error, ERROR_INVALID_PARAMETER, "Unknown options 0x%x", options);
        if (options == (NTMS_DISMOUNT_DEFERRED | NTMS_DISMOUNT_IMMEDIATE))
                return bus_error_ntms(error, ERROR_INVALID_PARAMETER,
                                      "NTMS_DISMOUNT_DEFERRED and NTMS_DISMOUNT_IMMEDIATE exclude each other");
        bus_call_requester(&call, user, &caller);

        /* "Returns as soon as the operation is queued." */
        r = queue_dismount(call.manager->queues, &caller, media, n, options);
        if (r < 0)
                return bus_error_errno(error, r, errors);
        return sd_bus_reply_method_return(m, NULL);
}

int bus_method_dismount_drive(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        static const BusErrnoMap errors[] = {
                { ENOENT, ERROR_INVALID_DRIVE, "No such drive" },
                { ENODEV, ERROR_DEVICE_NOT_AVAILABLE, "The drive or its library is not enabled" },
                { EBADFD, ERROR_INVALID_STATE, "The drive holds no medium, or its medium is mounted" },
                {}
        };
        char drive[NTMS_GUID_STRING_MAX], user[BUS_USER_MAX];
        QueueCaller caller;
        BusCall call;
        int r;

        /* NTMS_MODIFY_ACCESS to the library: administrators. */
        r = bus_call_begin(m, userdata, BUS_ACCESS_MODIFY, &call, error);
        if (r < 0)
                return r;
        r = bus_read_guid(m, false, drive, error);
        if (r < 0)
                return r;
        bus_call_requester(&call, user, &caller);

        r = queue_dismount_drive(call.manager->queues, &caller, drive);
        if (r < 0)
                return bus_error_errno(error, r, errors);
        return sd_bus_reply_method_return(m, NULL);
}
