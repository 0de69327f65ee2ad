/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The media_type table and the media types rsmd knows from the start. */

#include <stdint.h>

#include "db.h"

/* DeviceType values of NTMS_MEDIATYPEINFORMATION (winioctl.h names; ntmsapi.h
 * does not carry them). */
#define FILE_DEVICE_CD_ROM 0x02
#define FILE_DEVICE_DISK   0x07
#define FILE_DEVICE_TAPE   0x1f
#define FILE_DEVICE_DVD    0x33

typedef struct DbMediaType {
        char guid[DB_GUID_MAX];
        uint32_t sides;
        uint32_t read_write;
        uint32_t device_type;
} DbMediaType;

/* -ENOENT when guid is not a media type. */
int db_media_type_get(Db *db, const char *guid, DbMediaType *ret);

/* -ENOENT when no media type has that name. */
int db_media_type_find(Db *db, const char *name, char ret_guid[static DB_GUID_MAX]);

/* Physical media of this type anywhere. */
int db_media_type_count_media(Db *db, const char *guid, uint64_t *ret);
