/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Physical media: creation of offline media, deletion, moves between pools. */

#include <errno.h>
#include <stdlib.h>

#include "bus/bus-args.h"
#include "bus/bus-errors.h"
#include "bus/bus-info.h"
#include "bus/bus-methods.h"
#include "bus/bus-session.h"
#include "media/medium.h"
#include "ntmsapi.h"

static const char *field_text(const BusFields *f, const char *name) {
        const DbField *d = bus_fields_get(f, name);

        return d && d->value.type == DB_VALUE_TEXT ? d->value.data : NULL;
}

static int64_t field_integer(const BusFields *f, const char *name, int64_t fallback) {
        const DbField *d = bus_fields_get(f, name);

        return d && d->value.type == DB_VALUE_INTEGER ? d->value.integer : fallback;
}

static void side_from_fields(const BusFields *f, DbNewSide *ret) {
        const DbField *omid = bus_fields_get(f, "OmidLabelId");
        size_t omid_size = omid ? omid->value.size : 0;
        int64_t length = field_integer(f, "dwOmidLabelIdLength", (int64_t) omid_size);

        /* dwOmidLabelIdLength says how many bytes of OmidLabelId count. */
        if (length >= 0 && (size_t) length < omid_size)
                omid_size = (size_t) length;

        *ret = (DbNewSide) {
                .guid = field_text(f, "ObjectGuid"),
                .name = field_text(f, "szName"),
                .description = field_text(f, "szDescription"),
                .enabled = field_integer(f, "Enabled", true) != 0,
                .state = (uint32_t) field_integer(f, "State", NTMS_PARTSTATE_UNKNOWN),
                .omid = omid ? omid->value.data : NULL,
                .omid_size = omid_size,
                .omid_type = field_text(f, "szOmidLabelType"),
                .omid_info = field_text(f, "szOmidLabelInfo"),
                .mount_count = (uint32_t) field_integer(f, "dwMountCount", 0),
                .allocate_count = (uint32_t) field_integer(f, "dwAllocateCount", 0),
                .capacity = field_integer(f, "Capacity", 0),
        };
}

typedef struct SideList {
        BusFields *sides;
        size_t n;
} SideList;

static void side_list_done(SideList *l) {
        for (size_t i = 0; i < l->n; i++)
                bus_fields_done(&l->sides[i]);
        free(l->sides);
        *l = (SideList) {};
}

static int bus_read_sides(sd_bus_message *m, SideList *ret, sd_bus_error *error) {
        int r;

        r = sd_bus_message_enter_container(m, 'a', "a{sv}");
        if (r < 0)
                return r;

        while ((r = sd_bus_message_at_end(m, false)) == 0) {
                BusFields *bigger = reallocarray(ret->sides, ret->n + 1, sizeof(BusFields));

                if (!bigger)
                        return -ENOMEM;
                ret->sides = bigger;
                ret->sides[ret->n] = (BusFields) {};
                ret->n++;

                r = bus_read_info(m, NTMS_PARTITION, false, &ret->sides[ret->n - 1], error);
                if (r < 0)
                        return r;
        }
        if (r < 0)
                return r;

        return sd_bus_message_exit_container(m);
}

int bus_method_create_media(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        static const BusErrnoMap errors[] = {
                { ENXIO, ERROR_INVALID_MEDIA_POOL, "The media pool is not an Import or application pool of one media type" },
                { EMEDIUMTYPE, ERROR_MEDIA_INCOMPATIBLE, "The number of sides does not match the pool's media type" },
                { EEXIST, ERROR_INVALID_MEDIA, "A medium with this bar code or GUID exists" },
                { ENOTUNIQ, ERROR_DUPLICATE_OMID, "A medium with this on-media identifier exists" },
                { EINVAL, ERROR_INVALID_PARAMETER, "CurrentLibrary must be the offline library; side states must be valid" },
                {}
        };
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        _cleanup_(bus_fields_done) BusFields medium = {};
        _cleanup_(side_list_done) SideList sides = {};
        _cleanup_(strv_freep) char **side_guids = NULL;
        _cleanup_free_ DbNewSide *new_sides = NULL;
        char guid[NTMS_GUID_STRING_MAX];
        MediaNewMedium request;
        uint32_t options;
        BusCall call;
        int r;

        r = bus_call_begin(m, userdata, BUS_ACCESS_MODIFY, &call, error);
        if (r < 0)
                return r;

        r = bus_read_info(m, NTMS_PHYSICAL_MEDIA, false, &medium, error);
        if (r < 0)
                return r;
        r = bus_read_sides(m, &sides, error);
        if (r < 0)
                return r;
        r = sd_bus_message_read(m, "u", &options);
        if (r < 0)
                return r;
        if (options & ~(uint32_t) NTMS_ERROR_ON_DUPLICATE)
                return bus_error_ntms(error, ERROR_INVALID_PARAMETER, "Unknown options 0x%x", options);
        if (!field_text(&medium, "MediaPool"))
                return bus_error_ntms(error, ERROR_INVALID_MEDIA_POOL, "MediaPool is missing");

        new_sides = calloc(sides.n ?: 1, sizeof(DbNewSide));
        if (!new_sides)
                return -ENOMEM;
        for (size_t i = 0; i < sides.n; i++)
                side_from_fields(&sides.sides[i], &new_sides[i]);

        request = (MediaNewMedium) {
                .medium = {
                        .guid = field_text(&medium, "ObjectGuid"),
                        .name = field_text(&medium, "szName"),
                        .description = field_text(&medium, "szDescription"),
                        .enabled = field_integer(&medium, "Enabled", true) != 0,
                        .pool = field_text(&medium, "MediaPool"),
                        .library = field_text(&medium, "CurrentLibrary"),
                        .barcode = field_text(&medium, "szBarCode"),
                        .media_type_code = (uint32_t) field_integer(&medium, "dwMediaTypeCode", 0),
                        .density_code = (uint32_t) field_integer(&medium, "dwDensityCode", 0),
                },
                .sides = new_sides,
                .n_sides = sides.n,
                .error_on_duplicate = options & NTMS_ERROR_ON_DUPLICATE,
        };

        r = media_medium_create(call.db, &request, guid, &side_guids);
        if (r < 0)
                return bus_error_errno(error, r, errors);

        r = sd_bus_message_new_method_return(m, &reply);
        if (r < 0)
                return r;
        r = sd_bus_message_append(reply, "s", guid);
        if (r < 0)
                return r;
        r = sd_bus_message_append_strv(reply, side_guids);
        if (r < 0)
                return r;
        return sd_bus_send(NULL, reply, NULL);
}

int bus_method_delete_media(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        static const BusErrnoMap errors[] = {
                { ENOENT, ERROR_INVALID_MEDIA, "No such physical medium" },
                { EBUSY, ERROR_INVALID_STATE, "The medium is not offline or a side is allocated" },
                {}
        };
        char guid[NTMS_GUID_STRING_MAX];
        BusCall call;
        int r;

        r = bus_call_begin(m, userdata, BUS_ACCESS_MODIFY, &call, error);
        if (r < 0)
                return r;
        r = bus_read_guid(m, false, guid, error);
        if (r < 0)
                return r;

        r = media_medium_delete(call.db, guid);
        if (r < 0)
                return bus_error_errno(error, r, errors);

        return sd_bus_reply_method_return(m, NULL);
}

static int bus_move_medium(sd_bus_message *m, void *userdata, bool change_type, sd_bus_error *error) {
        static const BusErrnoMap errors[] = {
                { ENOENT, ERROR_INVALID_MEDIA, "No such physical medium" },
                { ENXIO, ERROR_INVALID_MEDIA_POOL, "The pool does not exist or holds no media" },
                { EPERM, ERROR_INVALID_MEDIA_POOL, "Media in Import or Unrecognized pools go to Free only; "
                                                   "Import takes only media whose sides are all imported" },
                { EMEDIUMTYPE, ERROR_MEDIA_INCOMPATIBLE, "The pool holds another media type" },
                { EBUSY, ERROR_BUSY, "The medium is in use or has allocated sides" },
                {}
        };
        char guid[NTMS_GUID_STRING_MAX], pool[NTMS_GUID_STRING_MAX];
        BusCall call;
        int r;

        r = bus_call_begin(m, userdata, BUS_ACCESS_MODIFY, &call, error);
        if (r < 0)
                return r;
        r = bus_read_guid(m, false, guid, error);
        if (r < 0)
                return r;
        r = bus_read_guid(m, false, pool, error);
        if (r < 0)
                return r;

        r = change_type ? media_medium_change_type(call.db, guid, pool) : media_medium_move(call.db, guid, pool);
        if (r < 0)
                return bus_error_errno(error, r, errors);

        return sd_bus_reply_method_return(m, NULL);
}

int bus_method_move_to_media_pool(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        return bus_move_medium(m, userdata, false, error);
}

int bus_method_change_media_type(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        return bus_move_medium(m, userdata, true, error);
}
