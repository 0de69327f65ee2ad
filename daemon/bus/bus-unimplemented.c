/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The methods of BUS.md whose functions are not built yet. Each still checks
 * its arguments as the finished method will, so callers learn about bad
 * arguments now, and then replies CallNotImplemented. */

#include <string.h>

#include "bus/bus-args.h"
#include "bus/bus-errors.h"
#include "bus/bus-methods.h"
#include "bus/bus-session.h"
#include "ntmsapi.h"

/* Argument kinds, one letter per argument in order:
 *   g  a GUID ("" allowed)        l  a list of GUIDs ("as")
 *   m  an operator message        d  a device or destination name
 *   -  anything else: skipped */
static const struct {
        const char *method;
        const char *arguments;
        BusAccess access;
} unimplemented[] = {
        { "GetObjectSecurity", "g--", BUS_ACCESS_READ },
        { "SetObjectSecurity", "g---", BUS_ACCESS_MODIFY },
        { "UpdateOmidInfo", "g--", BUS_ACCESS_MODIFY },
        { "BeginDeviceChangeDetection", "", BUS_ACCESS_MODIFY },
        { "SetDeviceChangeDetection", "gl-", BUS_ACCESS_MODIFY },
        { "EndDeviceChangeDetection", "g", BUS_ACCESS_MODIFY },
        { "GetUIOptions", "g-", BUS_ACCESS_READ },
        { "SetUIOptions", "g--d", BUS_ACCESS_MODIFY },
        { "SubmitOperatorRequest", "-mgg", BUS_ACCESS_READ },
        { "WaitForOperatorRequest", "g-", BUS_ACCESS_READ },
        { "CancelOperatorRequest", "g", BUS_ACCESS_READ },
        { "SatisfyOperatorRequest", "g", BUS_ACCESS_MODIFY },
        { "ImportDatabase", "", BUS_ACCESS_MODIFY },
        { "ExportDatabase", "", BUS_ACCESS_MODIFY },
        { "OpenNotification", "-", BUS_ACCESS_READ },
        { "WaitForNotification", "g-", BUS_ACCESS_READ },
        { "CloseNotification", "g", BUS_ACCESS_READ },
        { "GetVolumesFromDrive", "d", BUS_ACCESS_READ },
};

static int check_guid_list(sd_bus_message *m, sd_bus_error *error) {
        _cleanup_free_ char (*list)[NTMS_GUID_STRING_MAX] = NULL;
        size_t n;

        return bus_read_guid_list(m, &list, &n, error);
}

static int check_arguments(sd_bus_message *m, const char *kinds, sd_bus_error *error) {
        char guid[NTMS_GUID_STRING_MAX];
        const char *s;
        int r;

        for (const char *k = kinds; *k; k++) {
                switch (*k) {
                case 'g':
                        r = bus_read_guid(m, true, guid, error);
                        break;
                case 'l':
                        r = check_guid_list(m, error);
                        break;
                case 'm':
                        r = bus_read_string(m, NTMS_MESSAGE_LENGTH, "The message", &s, error);
                        break;
                case 'd':
                        r = bus_read_string(m, NTMS_OBJECTNAME_LENGTH, "The name", &s, error);
                        break;
                default:
                        r = sd_bus_message_skip(m, NULL);
                        break;
                }
                if (r < 0)
                        return r;
        }
        return 0;
}

int bus_method_not_implemented(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        const char *member = sd_bus_message_get_member(m);
        BusCall call;
        int r;

        for (size_t i = 0; i < ELEMENTSOF(unimplemented); i++) {
                if (!streq(unimplemented[i].method, member))
                        continue;

                r = bus_call_begin(m, userdata, unimplemented[i].access, &call, error);
                if (r < 0)
                        return r;
                r = check_arguments(m, unimplemented[i].arguments, error);
                if (r < 0)
                        return r;
                break;
        }

        return bus_error_ntms(error, ERROR_CALL_NOT_IMPLEMENTED, "%s is not implemented yet", member);
}
