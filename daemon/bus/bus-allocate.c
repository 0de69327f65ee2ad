/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Allocation and the media life cycle: AllocateMedia, DeallocateMedia,
 * SwapMedia, DecommissionMedia, SetMediaComplete.
 *
 * An AllocateMedia call that finds nothing available, without
 * NTMS_ALLOCATE_ERROR_IF_UNAVAILABLE and with a timeout other than zero,
 * waits: its message is kept and answered later, the main loop never blocks.
 * Waiting calls are tried again, oldest first, after anything else the main
 * loop has done (a deallocation, a move to a pool, a finished inventory,
 * a change of pool policy ...): a post event source runs after every
 * dispatch while calls wait, at a higher priority than the bus, so that a
 * side freed by one call goes to the calls already waiting before the next
 * call is read. A waiting call ends with the allocation, with ERROR_TIMEOUT
 * when its timeout passes (INFINITE never does), with ERROR_CANCELLED when
 * its session is closed or rsmd stops, and silently when its caller's
 * connection goes away.
 *
 * A timeout of zero does not wait: with nothing available the call ends at
 * once with ERROR_TIMEOUT, which is also what libntms's bus timeout (the
 * caller's timeout plus a margin) expects. */

#include <assert.h>
#include <errno.h>
#include <stdlib.h>

#include "bus/bus-args.h"
#include "bus/bus-errors.h"
#include "bus/bus-methods.h"
#include "bus/bus-session.h"
#include "log.h"
#include "media/allocate.h"
#include "media/life-cycle.h"
#include "ntmsapi.h"

#define USEC_PER_MSEC 1000ULL

#ifndef INFINITE
#define INFINITE 0xFFFFFFFFu
#endif

static const BusErrnoMap allocate_errors[] = {
        { ENXIO, ERROR_INVALID_MEDIA_POOL, "The media pool does not exist or is not an application pool of one media type" },
        { ENOENT, ERROR_INVALID_MEDIA, "No such side, or no such allocated logical medium to continue" },
        { EMEDIUMTYPE, ERROR_INVALID_MEDIA, "The side cannot be allocated from this pool" },
        { ENOMEDIUM, ERROR_MEDIA_OFFLINE, "The medium is disabled" },
        { ENODEV, ERROR_DEVICE_NOT_AVAILABLE, "The Free pool of the pool's media type does not exist" },
        { EXFULL, ERROR_MEDIA_UNAVAILABLE, "The medium has no further side to allocate" },
        { EAGAIN, ERROR_MEDIA_UNAVAILABLE, "No side can be allocated now" },
        {}
};

typedef struct AllocateWait AllocateWait;

/* The waiting calls of the daemon; exists only while calls wait. */
typedef struct AllocateQueue {
        Manager *manager;
        sd_event_source *retry;
        sd_event_source *exit;
        AllocateWait *first, *last;
} AllocateQueue;

struct AllocateWait {
        AllocateQueue *queue;
        sd_bus_message *message;
        uint64_t session_id;            /* 0: the per-call session, which lives as long as the call */
        sd_bus_track *caller;
        sd_event_source *timer;         /* NULL: INFINITE */
        MediaAllocateRequest request;
        AllocateWait *prev, *next;
};

/* The manager has no slot for it, and there is one manager per process. */
static AllocateQueue *allocate_queue;

static void allocate_queue_free(AllocateQueue *q) {
        if (!q)
                return;
        assert(!q->first);
        sd_event_source_disable_unref(q->retry);
        sd_event_source_disable_unref(q->exit);
        if (allocate_queue == q)
                allocate_queue = NULL;
        free(q);
}

static void allocate_wait_free(AllocateWait *w) {
        AllocateQueue *q;

        if (!w)
                return;
        q = w->queue;

        if (w->prev)
                w->prev->next = w->next;
        else
                q->first = w->next;
        if (w->next)
                w->next->prev = w->prev;
        else
                q->last = w->prev;

        sd_event_source_disable_unref(w->timer);
        sd_bus_track_unref(w->caller);
        sd_bus_message_unref(w->message);
        free(w);

        if (!q->first)
                allocate_queue_free(q);
}

static void allocate_wait_reply_error(AllocateWait *w, uint32_t ntms_error, const char *message) {
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        int r;

        (void) bus_error_ntms(&error, ntms_error, "%s", message);
        r = sd_bus_reply_method_error(w->message, &error);
        if (r < 0)
                log_debug_errno(r, "Cannot answer a waiting AllocateMedia, the caller may be gone: %m");
        allocate_wait_free(w);
}

/* Ends the wait with the result of an attempt, unless it found nothing yet. */
static void allocate_wait_finish(AllocateWait *w, int result, const MediaAllocation *a) {
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        int r;

        if (result == -EAGAIN)
                return;

        if (result < 0) {
                (void) bus_error_errno(&error, result, allocate_errors);
                r = sd_bus_reply_method_error(w->message, &error);
        } else
                r = sd_bus_reply_method_return(w->message, "ss", a->logical_media, a->allocated_from);
        if (r < 0)
                log_debug_errno(r, "Cannot answer a waiting AllocateMedia, the caller may be gone: %m");
        allocate_wait_free(w);
}

static bool session_open(Manager *m, uint64_t id) {
        if (id == 0)
                return true;
        for (Session *s = m->sessions; s; s = s->next)
                if (s->id == id)
                        return true;
        return false;
}

static int on_retry_waits(sd_event_source *s, void *userdata) {
        AllocateQueue *q = userdata;
        Manager *m = q->manager;
        AllocateWait *w, *next;

        /* Oldest first: one that has waited longer gets a freed side first.
         * The last wait to end frees the queue, so nothing of it is touched
         * after the loop. */
        for (w = q->first; w; w = next) {
                MediaAllocation a;
                int r;

                next = w->next;

                if (!session_open(m, w->session_id)) {
                        allocate_wait_reply_error(w, ERROR_CANCELLED, "The session was closed");
                        continue;
                }
                if (!m->db) {
                        allocate_wait_reply_error(w, ERROR_DATABASE_FAILURE, "The database is not available");
                        continue;
                }

                r = media_allocate(m->db, &w->request, &a);
                allocate_wait_finish(w, r, &a);
        }
        return 0;
}

static int on_daemon_exit(sd_event_source *s, void *userdata) {
        AllocateQueue *q = userdata;
        AllocateWait *w, *next;

        /* The last one frees the queue and with it this source. */
        for (w = q->first; w; w = next) {
                next = w->next;
                allocate_wait_reply_error(w, ERROR_CANCELLED, "rsmd is stopping");
        }
        return 0;
}

static int on_timeout(sd_event_source *s, uint64_t usec, void *userdata) {
        allocate_wait_reply_error(userdata, ERROR_TIMEOUT, "No side became available in time");
        return 0;
}

static int on_caller_gone(sd_bus_track *track, void *userdata) {
        AllocateWait *w = userdata;

        log_debug("A waiting AllocateMedia ended: its caller went away");
        allocate_wait_free(w);
        return 0;
}

static int allocate_queue_get(Manager *m, AllocateQueue **ret) {
        AllocateQueue *q;
        int r;

        if (allocate_queue) {
                assert(allocate_queue->manager == m);
                *ret = allocate_queue;
                return 0;
        }

        q = calloc(1, sizeof *q);
        if (!q)
                return -ENOMEM;
        q->manager = m;

        r = sd_event_add_post(m->event, &q->retry, on_retry_waits, q);
        if (r >= 0)
                r = sd_event_source_set_priority(q->retry, SD_EVENT_PRIORITY_IMPORTANT);
        /* Before sd-bus's own exit source flushes and closes the connection,
         * so that the answers still go out. */
        if (r >= 0)
                r = sd_event_add_exit(m->event, &q->exit, on_daemon_exit, q);
        if (r >= 0)
                r = sd_event_source_set_priority(q->exit, SD_EVENT_PRIORITY_IMPORTANT);
        if (r < 0) {
                allocate_queue_free(q);
                return r;
        }

        allocate_queue = q;
        *ret = q;
        return 0;
}

static int allocate_wait_start(const BusCall *call, sd_bus_message *m, const MediaAllocateRequest *request,
                               uint32_t timeout) {
        AllocateQueue *q;
        AllocateWait *w;
        int r;

        r = allocate_queue_get(call->manager, &q);
        if (r < 0)
                return r;

        w = calloc(1, sizeof *w);
        if (!w) {
                if (!q->first)
                        allocate_queue_free(q);
                return -ENOMEM;
        }
        w->queue = q;
        w->request = *request;
        w->session_id = call->session->per_call ? 0 : call->session->id;
        w->message = sd_bus_message_ref(m);

        /* Linked first, so that allocate_wait_free() undoes everything below. */
        w->prev = q->last;
        if (q->last)
                q->last->next = w;
        else
                q->first = w;
        q->last = w;

        r = sd_bus_track_new(sd_bus_message_get_bus(m), &w->caller, on_caller_gone, w);
        if (r >= 0)
                r = sd_bus_track_add_sender(w->caller, m);
        if (r >= 0 && timeout != INFINITE) {
                uint64_t now;

                r = sd_event_now(call->manager->event, CLOCK_MONOTONIC, &now);
                if (r >= 0)
                        r = sd_event_add_time(call->manager->event, &w->timer, CLOCK_MONOTONIC,
                                              now + (uint64_t) timeout * USEC_PER_MSEC, USEC_PER_MSEC,
                                              on_timeout, w);
        }
        if (r < 0) {
                allocate_wait_free(w);
                return r;
        }

        log_debug("AllocateMedia from pool %s waits (timeout %u ms)", request->pool, timeout);
        return 1;
}

static int bus_read_allocate_request(sd_bus_message *m, MediaAllocateRequest *ret, uint32_t *ret_options,
                                     uint32_t *ret_timeout, sd_bus_error *error) {
        const uint32_t known = NTMS_ALLOCATE_NEW | NTMS_ALLOCATE_NEXT | NTMS_ALLOCATE_ERROR_IF_UNAVAILABLE;
        MediaAllocateRequest q = {};
        const char *media;
        uint32_t options, timeout;
        int r;

        r = bus_read_guid(m, false, q.pool, error);
        if (r < 0)
                return r;
        r = bus_read_guid(m, true, q.partition, error);
        if (r < 0)
                return r;
        /* lpMediaId is only an input with NTMS_ALLOCATE_NEXT; otherwise it
         * carries whatever the caller's buffer held, so it is not looked at. */
        r = sd_bus_message_read(m, "s", &media);
        if (r < 0)
                return r;
        r = sd_bus_message_read(m, "uu", &options, &timeout);
        if (r < 0)
                return r;

        if (options & ~known)
                return bus_error_ntms(error, ERROR_INVALID_PARAMETER, "Unknown options 0x%x", options & ~known);
        if ((options & NTMS_ALLOCATE_NEW) && (options & NTMS_ALLOCATE_NEXT))
                return bus_error_ntms(error, ERROR_INVALID_PARAMETER,
                                      "NTMS_ALLOCATE_NEW and NTMS_ALLOCATE_NEXT exclude each other");
        if (options & NTMS_ALLOCATE_NEXT) {
                if (!isempty(q.partition))
                        return bus_error_ntms(error, ERROR_INVALID_PARAMETER,
                                              "NTMS_ALLOCATE_NEXT takes its side from the LMID, not from a partition");
                r = bus_parse_guid(media, false, q.media, error);
                if (r < 0)
                        return r;
        }

        q.options = options & (NTMS_ALLOCATE_NEW | NTMS_ALLOCATE_NEXT);
        *ret = q;
        *ret_options = options;
        *ret_timeout = timeout;
        return 0;
}

int bus_method_allocate_media(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        MediaAllocateRequest request;
        uint32_t options = 0, timeout = 0;
        MediaAllocation a;
        BusCall call;
        int r;

        /* NTMS_CONTROL_ACCESS to the pool (rsm-security.md): administrators. */
        r = bus_call_begin(m, userdata, BUS_ACCESS_MODIFY, &call, error);
        if (r < 0)
                return r;
        r = bus_read_allocate_request(m, &request, &options, &timeout, error);
        if (r < 0)
                return r;

        r = media_allocate(call.db, &request, &a);
        if (r == -EAGAIN && !(options & NTMS_ALLOCATE_ERROR_IF_UNAVAILABLE)) {
                if (timeout == 0)
                        return bus_error_ntms(error, ERROR_TIMEOUT, "No side is available and the timeout is zero");
                r = allocate_wait_start(&call, m, &request, timeout);
                if (r < 0)
                        return bus_error_errno(error, r, NULL);
                return r;
        }
        if (r < 0)
                return bus_error_errno(error, r, allocate_errors);

        return sd_bus_reply_method_return(m, "ss", a.logical_media, a.allocated_from);
}

int bus_method_deallocate_media(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        static const BusErrnoMap errors[] = {
                { ENOENT, ERROR_INVALID_MEDIA, "No such logical medium" },
                { ENODATA, ERROR_INVALID_PARTITION, "The logical medium's side is not valid" },
                {}
        };
        char lmid[NTMS_GUID_STRING_MAX];
        uint32_t options;
        BusCall call;
        int r;

        r = bus_call_begin(m, userdata, BUS_ACCESS_MODIFY, &call, error);
        if (r < 0)
                return r;
        r = bus_read_guid(m, false, lmid, error);
        if (r < 0)
                return r;
        r = sd_bus_message_read(m, "u", &options);
        if (r < 0)
                return r;
        if (options != 0)
                return bus_error_ntms(error, ERROR_INVALID_PARAMETER, "dwOptions is reserved and must be zero");

        /* Calls waiting for a side are tried again once this call is done. */
        r = media_deallocate(call.db, lmid);
        if (r < 0)
                return bus_error_errno(error, r, errors);

        return sd_bus_reply_method_return(m, NULL);
}

int bus_method_swap_media(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        static const BusErrnoMap errors[] = {
                { EINVAL, ERROR_INVALID_PARAMETER, "The two logical media must differ" },
                { ENOENT, ERROR_INVALID_MEDIA, "No such logical medium, or it has no side" },
                { ENXIO, ERROR_INVALID_MEDIA_POOL, "The logical media are not in the same application pool" },
                { EBUSY, ERROR_BUSY, "A medium is mounted or in use" },
                {}
        };
        char lmid1[NTMS_GUID_STRING_MAX], lmid2[NTMS_GUID_STRING_MAX];
        BusCall call;
        int r;

        r = bus_call_begin(m, userdata, BUS_ACCESS_MODIFY, &call, error);
        if (r < 0)
                return r;
        r = bus_read_guid(m, false, lmid1, error);
        if (r < 0)
                return r;
        r = bus_read_guid(m, false, lmid2, error);
        if (r < 0)
                return r;

        r = media_swap(call.db, lmid1, lmid2);
        if (r < 0)
                return bus_error_errno(error, r, errors);

        return sd_bus_reply_method_return(m, NULL);
}

int bus_method_decommission_media(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        static const BusErrnoMap errors[] = {
                { ENOENT, ERROR_INVALID_MEDIA, "No such side" },
                { ENXIO, ERROR_INVALID_MEDIA_POOL, "The medium is not in a Free or application pool" },
                { EBUSY, ERROR_INVALID_STATE, "The side is not Available" },
                {}
        };
        char side[NTMS_GUID_STRING_MAX];
        BusCall call;
        int r;

        r = bus_call_begin(m, userdata, BUS_ACCESS_MODIFY, &call, error);
        if (r < 0)
                return r;
        r = bus_read_guid(m, false, side, error);
        if (r < 0)
                return r;

        r = media_decommission(call.db, side);
        if (r < 0)
                return bus_error_errno(error, r, errors);

        return sd_bus_reply_method_return(m, NULL);
}

int bus_method_set_media_complete(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        static const BusErrnoMap errors[] = {
                { ENOENT, ERROR_INVALID_MEDIA, "No such logical medium, or it has no side" },
                { ENXIO, ERROR_INVALID_MEDIA_POOL, "The medium is not in an application pool" },
                { EBUSY, ERROR_INVALID_STATE, "The side is not Allocated, or the medium is mounted" },
                {}
        };
        char lmid[NTMS_GUID_STRING_MAX];
        BusCall call;
        int r;

        r = bus_call_begin(m, userdata, BUS_ACCESS_MODIFY, &call, error);
        if (r < 0)
                return r;
        r = bus_read_guid(m, false, lmid, error);
        if (r < 0)
                return r;

        r = media_set_complete(call.db, lmid);
        if (r < 0)
                return bus_error_errno(error, r, errors);

        return sd_bus_reply_method_return(m, NULL);
}
