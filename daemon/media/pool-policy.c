/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <string.h>

#include "db/object.h"
#include "macro.h"
#include "media/pool-policy.h"
#include "ntmsapi.h"

static uint32_t row_uint32(const DbRow *row, const char *name) {
        for (size_t i = 0; i < row->n; i++)
                if (streq(row->fields[i].name, name) && row->fields[i].value.type == DB_VALUE_INTEGER)
                        return (uint32_t) row->fields[i].value.integer;
        return 0;
}

int media_pool_policy_get(Db *db, const char *guid, MediaPoolPolicy *ret) {
        _cleanup_(db_row_freep) DbRow *row = NULL;
        MediaPoolPolicy p = {};
        int r;

        r = db_pool_get(db, guid, &p.pool);
        if (r < 0)
                return r;

        /* The policies are documented fields of the pool's information, and
         * that is where SetNtmsObjectInformation stores them. */
        r = db_object_read_info(db, NTMS_MEDIA_POOL, guid, &row);
        if (r < 0)
                return r;
        p.allocation = row_uint32(row, "AllocationPolicy");
        p.deallocation = row_uint32(row, "DeallocationPolicy");
        p.max_allocates = row_uint32(row, "dwMaxAllocates");

        *ret = p;
        return 0;
}
