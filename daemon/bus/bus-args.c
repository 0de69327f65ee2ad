/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "bus/bus-args.h"
#include "bus/bus-errors.h"
#include "ntms-bus.h"
#include "ntms-fields.h"
#include "ntmsapi.h"

int bus_parse_guid(const char *s, bool optional, char ret[static NTMS_GUID_STRING_MAX], sd_bus_error *error) {
        NtmsGuidBytes g;

        if (isempty(s)) {
                if (!optional)
                        return bus_error_ntms(error, ERROR_INVALID_PARAMETER, "A GUID is required");
                ret[0] = 0;
                return 0;
        }

        if (ntms_guid_from_string(s, &g) < 0)
                return bus_error_ntms(error, ERROR_INVALID_PARAMETER, "Malformed GUID \"%.40s\"", s);

        if (ntms_guid_is_null(&g)) {
                if (!optional)
                        return bus_error_ntms(error, ERROR_INVALID_PARAMETER, "A GUID is required");
                ret[0] = 0;
                return 0;
        }

        ntms_guid_to_string(&g, ret);
        return 0;
}

int bus_read_guid_list(sd_bus_message *m, char (**ret)[NTMS_GUID_STRING_MAX], size_t *ret_n, sd_bus_error *error) {
        char (*list)[NTMS_GUID_STRING_MAX] = NULL;
        size_t n = 0, allocated = 0;
        int r;

        r = sd_bus_message_enter_container(m, 'a', "s");
        if (r < 0)
                return r;
        while ((r = sd_bus_message_at_end(m, false)) == 0) {
                if (!GREEDY_REALLOC(list, allocated, n + 1)) {
                        free(list);
                        return -ENOMEM;
                }
                r = bus_read_guid(m, false, list[n], error);
                if (r < 0) {
                        free(list);
                        return r;
                }
                n++;
        }
        if (r >= 0)
                r = sd_bus_message_exit_container(m);
        if (r < 0) {
                free(list);
                return r;
        }

        *ret = list;
        *ret_n = n;
        return 0;
}

int bus_read_guid(sd_bus_message *m, bool optional, char ret[static NTMS_GUID_STRING_MAX], sd_bus_error *error) {
        const char *s;
        int r;

        r = sd_bus_message_read(m, "s", &s);
        if (r < 0)
                return r;
        return bus_parse_guid(s, optional, ret, error);
}

/* Characters, not bytes: the documented lengths count characters. sd-bus has
 * already refused invalid UTF-8. */
static size_t utf8_length(const char *s) {
        size_t n = 0;

        for (; *s; s++)
                if (((unsigned char) *s & 0xc0) != 0x80)
                        n++;
        return n;
}

int bus_check_string(const char *s, size_t max_chars, const char *what, sd_bus_error *error) {
        if (strlen(s) > NTMS_BUS_STRING_MAX || (max_chars > 0 && utf8_length(s) >= max_chars))
                return bus_error_ntms(error, ERROR_INVALID_PARAMETER, "%s is longer than %zu characters",
                                      what, max_chars > 0 ? max_chars - 1 : (size_t) NTMS_BUS_STRING_MAX);
        return 0;
}

int bus_read_string(sd_bus_message *m, size_t max_chars, const char *what, const char **ret, sd_bus_error *error) {
        const char *s;
        int r;

        r = sd_bus_message_read(m, "s", &s);
        if (r < 0)
                return r;
        r = bus_check_string(s, max_chars, what, error);
        if (r < 0)
                return r;
        *ret = s;
        return 0;
}

int bus_check_object_type(uint32_t type, bool any_ok, sd_bus_error *error) {
        if (type == NTMS_UNKNOWN && any_ok)
                return 0;
        if (!ntms_object_type_valid(type) || type == NTMS_OBJECT)
                return bus_error_ntms(error, ERROR_INVALID_PARAMETER, "Invalid object type %u", type);
        return 0;
}
