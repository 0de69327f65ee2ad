/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* org.ntms.Rsm1.Manager on /org/ntms/Rsm1: sessions are opened here. */

#include <errno.h>
#include <strings.h>

#include "bus/bus-args.h"
#include "bus/bus-errors.h"
#include "bus/bus-manager.h"
#include "bus/bus-session.h"
#include "log.h"
#include "ntms-bus.h"
#include "ntmsapi.h"

/* Only this machine's RSM is served: no name, "localhost" or our host name. */
static bool server_is_local(Manager *m, const char *server) {
        return isempty(server) ||
               strcasecmp(server, "localhost") == 0 ||
               strcasecmp(server, m->hostname) == 0;
}

static int method_open_session(sd_bus_message *message, void *userdata, sd_bus_error *error) {
        Manager *m = userdata;
        const char *server, *application;
        uint32_t options;
        Session *s;
        int r;

        r = bus_read_string(message, NTMS_COMPUTERNAME_LENGTH, "The server name", &server, error);
        if (r < 0)
                return r;
        r = bus_read_string(message, NTMS_APPLICATIONNAME_LENGTH, "The application name", &application, error);
        if (r < 0)
                return r;
        r = sd_bus_message_read(message, "u", &options);
        if (r < 0)
                return r;

        if (options & ~(uint32_t) NTMS_SESSION_QUERYEXPEDITE)
                return bus_error_ntms(error, ERROR_INVALID_PARAMETER, "Unknown options 0x%x", options);
        if (!server_is_local(m, server))
                return bus_error_ntms(error, ERROR_INVALID_COMPUTERNAME, "%s is not this computer", server);
        if (!m->db)
                return bus_error_ntms(error, ERROR_DATABASE_FAILURE, "%s", m->db_problem);

        r = session_new(m, message, application, &s);
        if (r < 0)
                return bus_error_errno(error, r, NULL);

        log_debug("Session %s opened by %s for \"%s\"", s->path, s->owner, s->application);
        return sd_bus_reply_method_return(message, "o", s->path);
}

static int property_get_version(sd_bus *bus, const char *path, const char *interface, const char *property,
                                sd_bus_message *reply, void *userdata, sd_bus_error *error) {
        return sd_bus_message_append(reply, "s", RSMD_VERSION);
}

static const sd_bus_vtable manager_vtable[] = {
        SD_BUS_VTABLE_START(0),
        SD_BUS_PROPERTY("Version", "s", property_get_version, 0, SD_BUS_VTABLE_PROPERTY_CONST),
        SD_BUS_METHOD_WITH_ARGS("OpenSession",
                                SD_BUS_ARGS("s", server, "s", application, "u", options),
                                SD_BUS_RESULT("o", session),
                                method_open_session, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_VTABLE_END
};

/* The manager interface is on the manager path only, not on the sessions below it. */
static int manager_find(sd_bus *bus, const char *path, const char *interface, void *userdata,
                        void **found, sd_bus_error *error) {
        if (!streq(path, NTMS_BUS_MANAGER_PATH))
                return 0;
        *found = userdata;
        return 1;
}

int bus_setup(Manager *m) {
        int r;

        r = sd_bus_open_system(&m->bus);
        if (r < 0)
                return log_error_errno(r, "Cannot connect to the system bus: %m");

        r = sd_bus_attach_event(m->bus, m->event, SD_EVENT_PRIORITY_NORMAL);
        if (r < 0)
                return log_error_errno(r, "Cannot attach the bus to the event loop: %m");

        /* sd-bus wants all vtables of one path to be fallbacks or none; the
         * session interface must be one, so the manager is one too. */
        r = sd_bus_add_fallback_vtable(m->bus, NULL, NTMS_BUS_MANAGER_PATH, NTMS_BUS_MANAGER_IFACE,
                                       manager_vtable, manager_find, m);
        if (r < 0)
                return log_error_errno(r, "Cannot register the manager object: %m");

        r = bus_session_register(m);
        if (r < 0)
                return r;

        /* The name last: once it is ours, every object is there to answer. */
        r = sd_bus_request_name(m->bus, NTMS_BUS_NAME, 0);
        if (r < 0)
                return log_error_errno(r, "Cannot take the bus name " NTMS_BUS_NAME ": %m");

        return 0;
}
