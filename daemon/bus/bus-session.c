/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bus/bus-errors.h"
#include "bus/bus-methods.h"
#include "bus/bus-session.h"
#include "log.h"
#include "ntms-bus.h"
#include "ntmsapi.h"

static void session_unlink(Session *s) {
        Manager *m = s->manager;

        if (s->prev)
                s->prev->next = s->next;
        else if (m->sessions == s)
                m->sessions = s->next;
        if (s->next)
                s->next->prev = s->prev;
        s->prev = s->next = NULL;
}

Session *session_free(Session *s) {
        if (!s)
                return NULL;

        assert(!s->per_call);
        session_unlink(s);
        /* Its requests that have not started end with it ("pending requests
         * cancelled"); what it mounted stays mounted. */
        if (s->manager->queues)
                queue_manager_session_closed(s->manager->queues, s->id);
        sd_bus_track_unref(s->track);
        free(s->path);
        free(s->owner);
        free(s->application);
        free(s);
        return NULL;
}

/* The connection that owned the session is gone: it cannot close the session
 * itself any more, so we do. */
static int on_owner_gone(sd_bus_track *track, void *userdata) {
        Session *s = userdata;

        log_debug("Session %" PRIu64 " of %s closed: its connection went away", s->id, s->owner);
        session_free(s);
        return 0;
}

int session_new(Manager *manager, sd_bus_message *m, const char *application, Session **ret) {
        Session *s;
        int r;

        s = calloc(1, sizeof *s);
        if (!s)
                return -ENOMEM;
        s->manager = manager;
        s->id = ++manager->last_session_id;

        /* Link first, so that session_free() can undo everything below. */
        s->next = manager->sessions;
        if (s->next)
                s->next->prev = s;
        manager->sessions = s;

        if (asprintf(&s->path, NTMS_BUS_SESSION_PREFIX "/%" PRIu64, s->id) < 0) {
                session_free(s);
                return -ENOMEM;
        }
        s->owner = strdup(sd_bus_message_get_sender(m) ?: "");
        s->application = strdup(application);
        if (!s->owner || !s->application) {
                session_free(s);
                return -ENOMEM;
        }

        r = sd_bus_track_new(manager->bus, &s->track, on_owner_gone, s);
        if (r >= 0)
                r = sd_bus_track_add_sender(s->track, m);
        if (r < 0) {
                session_free(s);
                return r;
        }

        *ret = s;
        return 0;
}

static Session *manager_find_session(Manager *m, const char *path) {
        for (Session *s = m->sessions; s; s = s->next)
                if (streq(s->path, path))
                        return s;
        return NULL;
}

/* One vtable, two kinds of objects: the manager path gives the per-call
 * session, a session path its session. Anything else does not exist. */
static int session_find(sd_bus *bus, const char *path, const char *interface, void *userdata,
                        void **found, sd_bus_error *error) {
        Manager *m = userdata;
        Session *s;

        if (streq(path, NTMS_BUS_MANAGER_PATH)) {
                *found = &m->per_call;
                return 1;
        }

        s = manager_find_session(m, path);
        if (!s)
                return 0;
        *found = s;
        return 1;
}

static int session_enumerate(sd_bus *bus, const char *prefix, void *userdata, char ***ret_nodes,
                             sd_bus_error *error) {
        Manager *m = userdata;
        char **nodes;
        size_t n = 0, k = 0;

        for (Session *s = m->sessions; s; s = s->next)
                n++;
        nodes = calloc(n + 1, sizeof(char *));
        if (!nodes)
                return -ENOMEM;
        for (Session *s = m->sessions; s; s = s->next) {
                nodes[k] = strdup(s->path);
                if (!nodes[k]) {
                        strv_free(nodes);
                        return -ENOMEM;
                }
                k++;
        }
        *ret_nodes = nodes;
        return 0;
}

static bool caller_is_admin(Manager *m, sd_bus_creds *creds, uid_t uid) {
        const gid_t *gids;
        gid_t gid;
        int n;

        if (uid == 0)
                return true;
        if (!m->have_admin_gid)
                return false;

        if (sd_bus_creds_get_egid(creds, &gid) >= 0 && gid == m->admin_gid)
                return true;
        if (sd_bus_creds_get_gid(creds, &gid) >= 0 && gid == m->admin_gid)
                return true;

        n = sd_bus_creds_get_supplementary_gids(creds, &gids);
        for (int i = 0; i < n; i++)
                if (gids[i] == m->admin_gid)
                        return true;
        return false;
}

static int bus_call_identify(sd_bus_message *message, BusCall *call) {
        _cleanup_(sd_bus_creds_unrefp) sd_bus_creds *creds = NULL;
        int r;

        r = sd_bus_query_sender_creds(message,
                                      SD_BUS_CREDS_UID | SD_BUS_CREDS_EUID | SD_BUS_CREDS_GID |
                                      SD_BUS_CREDS_EGID | SD_BUS_CREDS_SUPPLEMENTARY_GIDS |
                                      SD_BUS_CREDS_AUGMENT, &creds);
        if (r < 0)
                return r;

        r = sd_bus_creds_get_euid(creds, &call->uid);
        if (r < 0)
                r = sd_bus_creds_get_uid(creds, &call->uid);
        if (r < 0)
                return r;

        call->admin = caller_is_admin(call->manager, creds, call->uid);
        return 0;
}

int bus_call_begin(sd_bus_message *m, void *userdata, BusAccess access, BusCall *ret, sd_bus_error *error) {
        Session *s = userdata;
        BusCall call = {
                .manager = s->manager,
                .session = s,
                .db = s->manager->db,
        };
        int r;

        if (!s->per_call && !streq(s->owner, sd_bus_message_get_sender(m) ?: ""))
                return bus_error_ntms(error, ERROR_INVALID_HANDLE, "The session belongs to another connection");

        if (!call.db)
                return bus_error_ntms(error, ERROR_DATABASE_FAILURE, "%s", call.manager->db_problem);

        r = bus_call_identify(m, &call);
        if (r < 0) {
                log_warning_errno(r, "Cannot identify the caller %s: %m", sd_bus_message_get_sender(m));
                return bus_error_ntms(error, ERROR_ACCESS_DENIED, "The caller cannot be identified");
        }

        if (access == BUS_ACCESS_MODIFY && !call.admin)
                return bus_error_ntms(error, ERROR_ACCESS_DENIED,
                                      "Changing objects needs root or membership of the administrator group");

        *ret = call;
        return 0;
}

static int method_close_session(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        Session *s = userdata;
        int r;

        if (s->per_call)
                return bus_error_ntms(error, ERROR_INVALID_HANDLE, "The per-call session cannot be closed");

        /* Closing needs no database: only the owner check of bus_call_begin applies. */
        if (!streq(s->owner, sd_bus_message_get_sender(m) ?: ""))
                return bus_error_ntms(error, ERROR_INVALID_HANDLE, "The session belongs to another connection");

        r = sd_bus_reply_method_return(m, NULL);
        session_free(s);
        return r;
}

/* Methods whose function is not built yet share one handler; their list is
 * in bus-unimplemented.c. */
static const sd_bus_vtable session_vtable[] = {
        SD_BUS_VTABLE_START(0),
        SD_BUS_METHOD_WITH_ARGS("CloseSession", SD_BUS_NO_ARGS, SD_BUS_NO_RESULT, method_close_session, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("EnumerateObjects", SD_BUS_ARGS("s", container, "u", type, "u", options),
                                SD_BUS_RESULT("as", objects), bus_method_enumerate_objects, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("GetObjectInformation", SD_BUS_ARGS("s", object, "u", type),
                                SD_BUS_RESULT("a{sv}", info), bus_method_get_object_information, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("SetObjectInformation", SD_BUS_ARGS("s", object, "u", type, "a{sv}", info),
                                SD_BUS_NO_RESULT, bus_method_set_object_information, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("GetObjectAttribute", SD_BUS_ARGS("s", object, "u", type, "s", name),
                                SD_BUS_RESULT("ay", data), bus_method_get_object_attribute, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("SetObjectAttribute", SD_BUS_ARGS("s", object, "u", type, "s", name, "ay", data),
                                SD_BUS_NO_RESULT, bus_method_set_object_attribute, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("GetObjectSecurity", SD_BUS_ARGS("s", object, "u", type, "u", information),
                                SD_BUS_RESULT("ay", descriptor), bus_method_not_implemented, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("SetObjectSecurity", SD_BUS_ARGS("s", object, "u", type, "u", information, "ay", descriptor),
                                SD_BUS_NO_RESULT, bus_method_not_implemented, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("EnableObject", SD_BUS_ARGS("u", type, "s", object), SD_BUS_NO_RESULT, bus_method_enable_object, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("DisableObject", SD_BUS_ARGS("u", type, "s", object), SD_BUS_NO_RESULT, bus_method_disable_object, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("GetMediaPoolName", SD_BUS_ARGS("s", pool), SD_BUS_RESULT("s", name),
                                bus_method_get_media_pool_name, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("CreateMediaPool", SD_BUS_ARGS("s", name, "s", media_type, "u", action),
                                SD_BUS_RESULT("s", pool), bus_method_create_media_pool, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("DeleteMediaPool", SD_BUS_ARGS("s", pool), SD_BUS_NO_RESULT, bus_method_delete_media_pool, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("MoveToMediaPool", SD_BUS_ARGS("s", media, "s", pool), SD_BUS_NO_RESULT,
                                bus_method_move_to_media_pool, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("AddMediaType", SD_BUS_ARGS("s", media_type, "s", library), SD_BUS_NO_RESULT,
                                bus_method_add_media_type, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("DeleteMediaType", SD_BUS_ARGS("s", media_type, "s", library), SD_BUS_NO_RESULT,
                                bus_method_delete_media_type, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("ChangeMediaType", SD_BUS_ARGS("s", media, "s", pool), SD_BUS_NO_RESULT,
                                bus_method_change_media_type, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("CreateMedia", SD_BUS_ARGS("a{sv}", media, "aa{sv}", sides, "u", options),
                                SD_BUS_RESULT("s", media, "as", sides), bus_method_create_media, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("DeleteMedia", SD_BUS_ARGS("s", media), SD_BUS_NO_RESULT, bus_method_delete_media, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("AllocateMedia", SD_BUS_ARGS("s", pool, "s", partition, "s", media, "u", options, "u", timeout),
                                SD_BUS_RESULT("s", media, "s", allocated_from), bus_method_allocate_media, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("DeallocateMedia", SD_BUS_ARGS("s", media, "u", options), SD_BUS_NO_RESULT, bus_method_deallocate_media, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("SwapMedia", SD_BUS_ARGS("s", media1, "s", media2), SD_BUS_NO_RESULT, bus_method_swap_media, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("DecommissionMedia", SD_BUS_ARGS("s", media), SD_BUS_NO_RESULT, bus_method_decommission_media, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("SetMediaComplete", SD_BUS_ARGS("s", media), SD_BUS_NO_RESULT, bus_method_set_media_complete, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("MountMedia", SD_BUS_ARGS("as", media, "as", drives, "u", options, "i", priority, "u", timeout),
                                SD_BUS_RESULT("as", drives, "s", request), bus_method_mount_media, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("DismountMedia", SD_BUS_ARGS("as", media, "u", options), SD_BUS_NO_RESULT, bus_method_dismount_media, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("DismountDrive", SD_BUS_ARGS("s", drive), SD_BUS_NO_RESULT, bus_method_dismount_drive, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("EjectMedia", SD_BUS_ARGS("s", media, "s", operation, "u", action), SD_BUS_RESULT("s", operation), bus_method_eject_media, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("InjectMedia", SD_BUS_ARGS("s", library, "s", operation, "u", action), SD_BUS_RESULT("s", operation), bus_method_inject_media, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("AccessLibraryDoor", SD_BUS_ARGS("s", library, "u", action), SD_BUS_NO_RESULT, bus_method_access_library_door, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("CleanDrive", SD_BUS_ARGS("s", drive), SD_BUS_NO_RESULT, bus_method_clean_drive, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("InventoryLibrary", SD_BUS_ARGS("s", library, "u", action), SD_BUS_NO_RESULT, bus_method_inventory_library, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("IdentifySlot", SD_BUS_ARGS("s", slot, "u", option), SD_BUS_NO_RESULT, bus_method_identify_slot, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("UpdateOmidInfo", SD_BUS_ARGS("s", media, "u", label_type, "ay", buffer), SD_BUS_NO_RESULT, bus_method_not_implemented, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("CancelLibraryRequest", SD_BUS_ARGS("s", request), SD_BUS_NO_RESULT, bus_method_cancel_library_request, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("GetRequestOrder", SD_BUS_ARGS("s", request), SD_BUS_RESULT("u", order), bus_method_get_request_order, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("SetRequestOrder", SD_BUS_ARGS("s", request, "u", order), SD_BUS_NO_RESULT, bus_method_set_request_order, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("DeleteRequests", SD_BUS_ARGS("as", requests, "u", type), SD_BUS_NO_RESULT, bus_method_delete_requests, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("ReserveCleanerSlot", SD_BUS_ARGS("s", library, "s", slot), SD_BUS_NO_RESULT, bus_method_reserve_cleaner_slot, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("ReleaseCleanerSlot", SD_BUS_ARGS("s", library), SD_BUS_NO_RESULT, bus_method_release_cleaner_slot, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("InjectCleaner", SD_BUS_ARGS("s", library, "s", operation, "u", cleans_left, "u", action),
                                SD_BUS_RESULT("s", operation), bus_method_inject_cleaner, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("EjectCleaner", SD_BUS_ARGS("s", library, "s", operation, "u", action), SD_BUS_RESULT("s", operation), bus_method_eject_cleaner, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("DeleteLibrary", SD_BUS_ARGS("s", library), SD_BUS_NO_RESULT, bus_method_delete_library, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("DeleteDrive", SD_BUS_ARGS("s", drive), SD_BUS_NO_RESULT, bus_method_delete_drive, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("BeginDeviceChangeDetection", SD_BUS_NO_ARGS, SD_BUS_RESULT("s", detector), bus_method_not_implemented, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("SetDeviceChangeDetection", SD_BUS_ARGS("s", detector, "as", objects, "u", type), SD_BUS_NO_RESULT, bus_method_not_implemented, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("EndDeviceChangeDetection", SD_BUS_ARGS("s", detector), SD_BUS_NO_RESULT, bus_method_not_implemented, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("GetUIOptions", SD_BUS_ARGS("s", object, "u", type), SD_BUS_RESULT("as", destinations), bus_method_not_implemented, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("SetUIOptions", SD_BUS_ARGS("s", object, "u", type, "u", operation, "s", destination),
                                SD_BUS_NO_RESULT, bus_method_not_implemented, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("SubmitOperatorRequest", SD_BUS_ARGS("u", request, "s", message, "s", arg1, "s", arg2),
                                SD_BUS_RESULT("s", request), bus_method_not_implemented, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("WaitForOperatorRequest", SD_BUS_ARGS("s", request, "u", timeout), SD_BUS_NO_RESULT, bus_method_not_implemented, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("CancelOperatorRequest", SD_BUS_ARGS("s", request), SD_BUS_NO_RESULT, bus_method_not_implemented, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("SatisfyOperatorRequest", SD_BUS_ARGS("s", request), SD_BUS_NO_RESULT, bus_method_not_implemented, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("ImportDatabase", SD_BUS_NO_ARGS, SD_BUS_NO_RESULT, bus_method_not_implemented, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("ExportDatabase", SD_BUS_NO_ARGS, SD_BUS_NO_RESULT, bus_method_not_implemented, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("OpenNotification", SD_BUS_ARGS("u", type), SD_BUS_RESULT("s", notification), bus_method_not_implemented, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("WaitForNotification", SD_BUS_ARGS("s", notification, "u", timeout),
                                SD_BUS_RESULT("u", operation, "s", object), bus_method_not_implemented, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("CloseNotification", SD_BUS_ARGS("s", notification), SD_BUS_NO_RESULT, bus_method_not_implemented, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("EjectDiskFromSADrive", SD_BUS_ARGS("s", device, "u", options), SD_BUS_NO_RESULT,
                                bus_method_eject_disk_from_sa_drive, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("GetVolumesFromDrive", SD_BUS_ARGS("s", drive), SD_BUS_RESULT("as", volumes, "as", drive_letters), bus_method_not_implemented, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_VTABLE_END
};

int bus_session_register(Manager *m) {
        int r;

        /* A fallback at the manager path covers the path itself (per-call
         * sessions) and every session below it. */
        r = sd_bus_add_fallback_vtable(m->bus, NULL, NTMS_BUS_MANAGER_PATH, NTMS_BUS_SESSION_IFACE,
                                       session_vtable, session_find, m);
        if (r < 0)
                return log_error_errno(r, "Cannot register the session interface: %m");

        r = sd_bus_add_node_enumerator(m->bus, NULL, NTMS_BUS_SESSION_PREFIX, session_enumerate, m);
        if (r < 0)
                return log_error_errno(r, "Cannot register the session enumerator: %m");
        return 0;
}
