/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bus/bus-args.h"
#include "bus/bus-errors.h"
#include "bus/bus-info.h"
#include "log.h"
#include "ntms-fields.h"
#include "ntmsapi.h"

#define NULL_GUID "00000000-0000-0000-0000-000000000000"

/* GUIDs and strings share "s"; only strings have a documented length. */
static bool field_is_guid(const NtmsField *f) {
        return streq(f->signature, "s") && f->max_chars == 0;
}

static int append_value(sd_bus_message *reply, const NtmsField *f, const DbValue *v) {
        const char *text = v->type == DB_VALUE_TEXT ? v->data : NULL;
        int64_t i = v->type == DB_VALUE_INTEGER ? v->integer : 0;

        switch (f->signature[0]) {
        case 'u':
                return sd_bus_message_append(reply, "u", (uint32_t) i);
        case 'q':
                return sd_bus_message_append(reply, "q", (uint16_t) i);
        case 'b':
                return sd_bus_message_append(reply, "b", (int) (i != 0));
        case 't':
                return sd_bus_message_append(reply, "t", (uint64_t) i);
        case 'x':
                return sd_bus_message_append(reply, "x", i);
        case 's':
                /* An absent GUID crosses as the null GUID, which every parser reads. */
                if (field_is_guid(f))
                        return sd_bus_message_append(reply, "s", isempty(text) ? NULL_GUID : text);
                return sd_bus_message_append(reply, "s", text ?: "");
        case 'a':
                return sd_bus_message_append_array(reply, 'y', v->type == DB_VALUE_BLOB ? v->data : "",
                                                   v->type == DB_VALUE_BLOB ? v->size : 0);
        }
        return -EINVAL;
}

int bus_append_info(sd_bus_message *reply, uint32_t type, const DbRow *row) {
        int r;

        r = sd_bus_message_open_container(reply, 'a', "{sv}");
        if (r < 0)
                return r;

        for (size_t i = 0; i < row->n; i++) {
                const NtmsField *f = ntms_field_find(type, row->fields[i].name);

                /* The views hold exactly the documented fields; a unit test keeps it so. */
                if (!f) {
                        log_debug("Column %s of type %u is no documented field", row->fields[i].name, type);
                        continue;
                }

                r = sd_bus_message_open_container(reply, 'e', "sv");
                if (r >= 0)
                        r = sd_bus_message_append(reply, "s", f->name);
                if (r >= 0)
                        r = sd_bus_message_open_container(reply, 'v', f->signature);
                if (r >= 0)
                        r = append_value(reply, f, &row->fields[i].value);
                if (r >= 0)
                        r = sd_bus_message_close_container(reply);
                if (r >= 0)
                        r = sd_bus_message_close_container(reply);
                if (r < 0)
                        return r;
        }

        return sd_bus_message_close_container(reply);
}

void bus_fields_done(BusFields *f) {
        free(f->fields);
        *f = (BusFields) {};
}

const DbField *bus_fields_get(const BusFields *f, const char *name) {
        for (size_t i = 0; i < f->n; i++)
                if (streq(f->fields[i].name, name))
                        return &f->fields[i];
        return NULL;
}

/* Canonical GUIDs need storage of their own; they live after the field array. */
typedef struct GuidSlot {
        char text[NTMS_GUID_STRING_MAX];
} GuidSlot;

static int read_value(sd_bus_message *m, const NtmsField *f, DbValue *v, GuidSlot *slot, sd_bus_error *error) {
        const char *s;
        const void *p;
        size_t size;
        uint32_t u;
        uint16_t q;
        uint64_t t;
        int64_t x;
        int b, r;

        switch (f->signature[0]) {
        case 'u':
                r = sd_bus_message_read(m, "u", &u);
                *v = (DbValue) { .type = DB_VALUE_INTEGER, .integer = u };
                return r;
        case 'q':
                r = sd_bus_message_read(m, "q", &q);
                *v = (DbValue) { .type = DB_VALUE_INTEGER, .integer = q };
                return r;
        case 'b':
                r = sd_bus_message_read(m, "b", &b);
                *v = (DbValue) { .type = DB_VALUE_INTEGER, .integer = !!b };
                return r;
        case 't':
                r = sd_bus_message_read(m, "t", &t);
                *v = (DbValue) { .type = DB_VALUE_INTEGER, .integer = (int64_t) t };
                return r;
        case 'x':
                r = sd_bus_message_read(m, "x", &x);
                *v = (DbValue) { .type = DB_VALUE_INTEGER, .integer = x };
                return r;
        case 's':
                r = sd_bus_message_read(m, "s", &s);
                if (r < 0)
                        return r;
                if (field_is_guid(f)) {
                        r = bus_parse_guid(s, true, slot->text, error);
                        if (r < 0)
                                return r;
                        *v = isempty(slot->text) ? (DbValue) { .type = DB_VALUE_NULL }
                                                 : (DbValue) { .type = DB_VALUE_TEXT, .data = slot->text,
                                                               .size = strlen(slot->text) };
                        return 0;
                }
                r = bus_check_string(s, f->max_chars, f->name, error);
                if (r < 0)
                        return r;
                *v = (DbValue) { .type = DB_VALUE_TEXT, .data = (void *) s, .size = strlen(s) };
                return 0;
        case 'a':
                r = sd_bus_message_read_array(m, 'y', &p, &size);
                if (r < 0)
                        return r;
                if (f->max_chars > 0 && size > f->max_chars)
                        return bus_error_ntms(error, ERROR_INVALID_PARAMETER, "%s is longer than %u bytes",
                                              f->name, f->max_chars);
                *v = (DbValue) { .type = DB_VALUE_BLOB, .data = (void *) p, .size = size };
                return 0;
        }
        return -EINVAL;
}

static int read_entry(sd_bus_message *m, uint32_t type, bool settable_only, DbField *ret, GuidSlot *slot,
                      sd_bus_error *error) {
        const NtmsField *f;
        const char *key, *contents;
        char kind;
        int r;

        r = sd_bus_message_read(m, "s", &key);
        if (r < 0)
                return r;

        f = ntms_field_find(type, key);
        if (!f)
                return bus_error_ntms(error, ERROR_INVALID_PARAMETER, "%s is no field of %s",
                                      key, ntms_object_type_name(type));
        if (settable_only && !f->settable)
                return bus_error_ntms(error, ERROR_INVALID_PARAMETER, "%s of %s cannot be set",
                                      key, ntms_object_type_name(type));

        r = sd_bus_message_peek_type(m, &kind, &contents);
        if (r < 0)
                return r;
        if (!streq(contents, f->signature))
                return bus_error_ntms(error, ERROR_INVALID_PARAMETER, "%s must be of type %s, not %s",
                                      key, f->signature, contents);

        r = sd_bus_message_enter_container(m, 'v', contents);
        if (r < 0)
                return r;
        ret->name = f->name;
        r = read_value(m, f, &ret->value, slot, error);
        if (r < 0)
                return r;
        return sd_bus_message_exit_container(m);
}

int bus_read_info(sd_bus_message *m, uint32_t type, bool settable_only, BusFields *ret, sd_bus_error *error) {
        _cleanup_free_ void *storage = NULL;
        unsigned n_common, n_info;
        DbField *fields;
        GuidSlot *slots;
        size_t n = 0, max;
        int r;

        /* Each field may appear once, so the documented fields bound the count
         * and one allocation holds the fields and their canonical GUIDs. */
        (void) ntms_common_fields(&n_common);
        (void) ntms_info_fields(type, &n_info);
        max = n_common + n_info;

        storage = calloc(max, sizeof(DbField) + sizeof(GuidSlot));
        if (!storage)
                return -ENOMEM;
        fields = storage;
        slots = (GuidSlot *) (fields + max);

        r = sd_bus_message_enter_container(m, 'a', "{sv}");
        if (r < 0)
                return r;

        while ((r = sd_bus_message_enter_container(m, 'e', "sv")) > 0) {
                if (n == max)
                        return bus_error_ntms(error, ERROR_INVALID_PARAMETER, "Too many fields");

                r = read_entry(m, type, settable_only, &fields[n], &slots[n], error);
                if (r < 0)
                        return r;
                for (size_t i = 0; i < n; i++)
                        if (streq(fields[i].name, fields[n].name))
                                return bus_error_ntms(error, ERROR_INVALID_PARAMETER, "%s given twice",
                                                      fields[n].name);
                n++;

                r = sd_bus_message_exit_container(m);
                if (r < 0)
                        return r;
        }
        if (r < 0)
                return r;

        r = sd_bus_message_exit_container(m);
        if (r < 0)
                return r;

        ret->fields = TAKE_PTR(storage);
        ret->n = n;
        return 0;
}
