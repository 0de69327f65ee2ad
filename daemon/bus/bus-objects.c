/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The object management calls: enumeration, information, attributes,
 * enable/disable. */

#include <errno.h>
#include <stdlib.h>

#include "bus/bus-args.h"
#include "bus/bus-errors.h"
#include "bus/bus-info.h"
#include "bus/bus-methods.h"
#include "bus/bus-session.h"
#include "db/attribute.h"
#include "db/object.h"
#include "ntms-fields.h"
#include "ntmsapi.h"

/* The object must exist (ObjectNotFound) and, unless type is 0, be of that
 * type (InvalidParameter, as GetNtmsObjectInformation documents it). */
static int bus_check_object(BusCall *call, const char *guid, uint32_t type, uint32_t *ret_type,
                            sd_bus_error *error) {
        uint32_t actual;
        int r;

        r = db_object_get_type(call->db, guid, &actual);
        if (r < 0)
                return bus_error_errno(error, r, NULL);
        if (type != NTMS_UNKNOWN && type != actual)
                return bus_error_ntms(error, ERROR_INVALID_PARAMETER, "%s is a %s, not a %s", guid,
                                      ntms_object_type_name(actual), ntms_object_type_name(type));
        if (ret_type)
                *ret_type = actual;
        return 0;
}

int bus_method_enumerate_objects(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        static const BusErrnoMap errors[] = {
                { ENOENT, ERROR_OBJECT_NOT_FOUND, "The container does not exist" },
                { EINVAL, ERROR_INVALID_PARAMETER, "The container cannot hold objects of that type" },
                {}
        };
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        _cleanup_(strv_freep) char **list = NULL;
        char container[NTMS_GUID_STRING_MAX];
        uint32_t type, options;
        BusCall call;
        int r;

        r = bus_call_begin(m, userdata, BUS_ACCESS_READ, &call, error);
        if (r < 0)
                return r;

        r = bus_read_guid(m, true, container, error);
        if (r < 0)
                return r;
        r = sd_bus_message_read(m, "uu", &type, &options);
        if (r < 0)
                return r;
        r = bus_check_object_type(type, false, error);
        if (r < 0)
                return r;

        if (options != NTMS_ENUM_DEFAULT && options != NTMS_ENUM_ROOTPOOL)
                return bus_error_ntms(error, ERROR_INVALID_PARAMETER, "Unknown options 0x%x", options);
        if (options == NTMS_ENUM_ROOTPOOL && (type != NTMS_MEDIA_POOL || container[0] != 0))
                return bus_error_ntms(error, ERROR_INVALID_PARAMETER,
                                      "NTMS_ENUM_ROOTPOOL needs NTMS_MEDIA_POOL and no container");

        r = db_enumerate(call.db, type, container, options == NTMS_ENUM_ROOTPOOL, &list);
        if (r < 0)
                return bus_error_errno(error, r, errors);

        r = sd_bus_message_new_method_return(m, &reply);
        if (r < 0)
                return r;
        r = sd_bus_message_append_strv(reply, list);
        if (r < 0)
                return r;
        return sd_bus_send(NULL, reply, NULL);
}

int bus_method_get_object_information(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        _cleanup_(db_row_freep) DbRow *row = NULL;
        char guid[NTMS_GUID_STRING_MAX];
        uint32_t type, actual;
        BusCall call;
        int r;

        r = bus_call_begin(m, userdata, BUS_ACCESS_READ, &call, error);
        if (r < 0)
                return r;

        r = bus_read_guid(m, false, guid, error);
        if (r < 0)
                return r;
        r = sd_bus_message_read(m, "u", &type);
        if (r < 0)
                return r;
        r = bus_check_object_type(type, true, error);
        if (r < 0)
                return r;
        r = bus_check_object(&call, guid, type, &actual, error);
        if (r < 0)
                return r;

        r = db_object_read_info(call.db, actual, guid, &row);
        if (r < 0)
                return bus_error_errno(error, r, NULL);

        r = sd_bus_message_new_method_return(m, &reply);
        if (r < 0)
                return r;
        r = bus_append_info(reply, actual, row);
        if (r < 0)
                return r;
        return sd_bus_send(NULL, reply, NULL);
}

int bus_method_set_object_information(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        static const BusErrnoMap errors[] = {
                { ENOENT, ERROR_OBJECT_NOT_FOUND, "No such object" },
                { EINVAL, ERROR_INVALID_PARAMETER, "The new values break a rule of the object" },
                {}
        };
        _cleanup_(bus_fields_done) BusFields fields = {};
        char guid[NTMS_GUID_STRING_MAX];
        uint32_t type;
        BusCall call;
        int r;

        r = bus_call_begin(m, userdata, BUS_ACCESS_MODIFY, &call, error);
        if (r < 0)
                return r;

        r = bus_read_guid(m, false, guid, error);
        if (r < 0)
                return r;
        r = sd_bus_message_read(m, "u", &type);
        if (r < 0)
                return r;
        r = bus_check_object_type(type, true, error);
        if (r < 0)
                return r;
        r = bus_check_object(&call, guid, type, &type, error);
        if (r < 0)
                return r;

        r = bus_read_info(m, type, true, &fields, error);
        if (r < 0)
                return r;

        r = db_object_update(call.db, type, guid, fields.fields, fields.n);
        if (r < 0)
                return bus_error_errno(error, r, errors);

        return sd_bus_reply_method_return(m, NULL);
}

/* Attribute names: NTMS_MAXATTR_NAMELEN includes the NUL. */
static int bus_read_attribute_call(sd_bus_message *m, BusCall *call, char guid[static NTMS_GUID_STRING_MAX],
                                   const char **ret_name, sd_bus_error *error) {
        const char *name;
        uint32_t type;
        int r;

        r = bus_read_guid(m, false, guid, error);
        if (r < 0)
                return r;
        r = sd_bus_message_read(m, "us", &type, &name);
        if (r < 0)
                return r;
        r = bus_check_object_type(type, true, error);
        if (r < 0)
                return r;
        if (isempty(name) || strlen(name) >= NTMS_MAXATTR_NAMELEN)
                return bus_error_ntms(error, ERROR_INVALID_NAME, "Attribute names have 1 to %u characters",
                                      NTMS_MAXATTR_NAMELEN - 1);
        r = bus_check_object(call, guid, type, NULL, error);
        if (r < 0)
                return r;

        *ret_name = name;
        return 0;
}

int bus_method_get_object_attribute(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        static const BusErrnoMap errors[] = {
                { ENOENT, ERROR_OBJECT_NOT_FOUND, "The object has no such attribute" },
                {}
        };
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        _cleanup_free_ void *data = NULL;
        char guid[NTMS_GUID_STRING_MAX];
        const char *name;
        BusCall call;
        size_t size;
        int r;

        r = bus_call_begin(m, userdata, BUS_ACCESS_READ, &call, error);
        if (r < 0)
                return r;
        r = bus_read_attribute_call(m, &call, guid, &name, error);
        if (r < 0)
                return r;

        r = db_attribute_get(call.db, guid, name, &data, &size);
        if (r < 0)
                return bus_error_errno(error, r, errors);

        r = sd_bus_message_new_method_return(m, &reply);
        if (r < 0)
                return r;
        r = sd_bus_message_append_array(reply, 'y', data, size);
        if (r < 0)
                return r;
        return sd_bus_send(NULL, reply, NULL);
}

int bus_method_set_object_attribute(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        char guid[NTMS_GUID_STRING_MAX];
        const char *name;
        const void *data;
        BusCall call;
        size_t size;
        int r;

        r = bus_call_begin(m, userdata, BUS_ACCESS_MODIFY, &call, error);
        if (r < 0)
                return r;
        r = bus_read_attribute_call(m, &call, guid, &name, error);
        if (r < 0)
                return r;
        r = sd_bus_message_read_array(m, 'y', &data, &size);
        if (r < 0)
                return r;
        if (size >= NTMS_MAXATTR_LENGTH)
                return bus_error_ntms(error, ERROR_NO_DATA, "Attributes hold less than %u bytes",
                                      NTMS_MAXATTR_LENGTH);

        r = db_attribute_set(call.db, guid, name, data, size);
        if (r < 0)
                return bus_error_errno(error, r, NULL);

        return sd_bus_reply_method_return(m, NULL);
}

static int bus_enable_object(sd_bus_message *m, void *userdata, bool enable, sd_bus_error *error) {
        static const BusErrnoMap errors[] = {
                { ENOENT, ERROR_OBJECT_NOT_FOUND, "No such object of that type" },
                { EPERM, ERROR_LIBRARY_OFFLINE, "The offline library cannot be enabled or disabled" },
                { EALREADY, ERROR_INVALID_STATE, "The object is already in that state" },
                {}
        };
        char guid[NTMS_GUID_STRING_MAX];
        uint32_t type;
        BusCall call;
        int r;

        r = bus_call_begin(m, userdata, BUS_ACCESS_MODIFY, &call, error);
        if (r < 0)
                return r;

        r = sd_bus_message_read(m, "u", &type);
        if (r < 0)
                return r;
        r = bus_read_guid(m, false, guid, error);
        if (r < 0)
                return r;
        if (type != NTMS_DRIVE && type != NTMS_LIBRARY && type != NTMS_PHYSICAL_MEDIA)
                return bus_error_ntms(error, ERROR_INVALID_PARAMETER,
                                      "Only drives, libraries and physical media are enabled or disabled");

        r = db_object_enable(call.db, type, guid, enable);
        if (r < 0)
                return bus_error_errno(error, r, errors);

        return sd_bus_reply_method_return(m, NULL);
}

int bus_method_enable_object(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        return bus_enable_object(m, userdata, true, error);
}

int bus_method_disable_object(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        return bus_enable_object(m, userdata, false, error);
}
