/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>

#include "db-private.h"
#include "media-type.h"
#include "ntmsapi.h"

/* STORAGE_MEDIA_TYPE values (winioctl.h) for the types that have one; newer
 * media such as BD never got a value and report 0. */
enum {
        STORAGE_MEDIA_UNKNOWN = 0x00,
        STORAGE_MEDIA_DDS_4MM = 0x20,
        STORAGE_MEDIA_DLT = 0x27,
        STORAGE_MEDIA_CD_ROM = 0x33,
        STORAGE_MEDIA_CD_R = 0x34,
        STORAGE_MEDIA_CD_RW = 0x35,
        STORAGE_MEDIA_DVD_ROM = 0x36,
        STORAGE_MEDIA_DVD_R = 0x37,
        STORAGE_MEDIA_DVD_RW = 0x38,
        STORAGE_MEDIA_MO_3_RW = 0x39,
        STORAGE_MEDIA_MO_5_RW = 0x3b,
        STORAGE_MEDIA_LTO_ULTRIUM = 0x56,
        STORAGE_MEDIA_DVD_RAM = 0x58,
        STORAGE_MEDIA_AIT_8MM = 0x59,
};

#define TAPE(name, code)     { name, code, 1, NTMS_MEDIARW_REWRITABLE, FILE_DEVICE_TAPE }
#define OPTICAL(name, code, rw, device) { name, code, 1, rw, device }

/* The media that real libraries and drives hold. A name is the identity of a
 * seeded type: it is added once and keeps its GUID from then on. */
static const struct {
        const char *name;
        uint32_t media_type;
        uint32_t sides;
        uint32_t read_write;
        uint32_t device_type;
} seeded_media_types[] = {
        TAPE("LTO Ultrium 1", STORAGE_MEDIA_LTO_ULTRIUM),
        TAPE("LTO Ultrium 2", STORAGE_MEDIA_LTO_ULTRIUM),
        TAPE("LTO Ultrium 3", STORAGE_MEDIA_LTO_ULTRIUM),
        TAPE("LTO Ultrium 4", STORAGE_MEDIA_LTO_ULTRIUM),
        TAPE("LTO Ultrium 5", STORAGE_MEDIA_LTO_ULTRIUM),
        TAPE("LTO Ultrium 6", STORAGE_MEDIA_LTO_ULTRIUM),
        TAPE("LTO Ultrium 7", STORAGE_MEDIA_LTO_ULTRIUM),
        TAPE("LTO Ultrium 8", STORAGE_MEDIA_LTO_ULTRIUM),
        TAPE("LTO Ultrium 9", STORAGE_MEDIA_LTO_ULTRIUM),
        TAPE("DDS", STORAGE_MEDIA_DDS_4MM),
        TAPE("DDS-2", STORAGE_MEDIA_DDS_4MM),
        TAPE("DDS-3", STORAGE_MEDIA_DDS_4MM),
        TAPE("DDS-4", STORAGE_MEDIA_DDS_4MM),
        TAPE("DAT72", STORAGE_MEDIA_DDS_4MM),
        TAPE("DAT160", STORAGE_MEDIA_DDS_4MM),
        TAPE("DAT320", STORAGE_MEDIA_DDS_4MM),
        TAPE("DLT", STORAGE_MEDIA_DLT),
        TAPE("SDLT", STORAGE_MEDIA_DLT),
        TAPE("AIT", STORAGE_MEDIA_AIT_8MM),
        TAPE("IBM 3592", STORAGE_MEDIA_UNKNOWN),
        OPTICAL("CD-ROM", STORAGE_MEDIA_CD_ROM, NTMS_MEDIARW_READONLY, FILE_DEVICE_CD_ROM),
        OPTICAL("CD-R", STORAGE_MEDIA_CD_R, NTMS_MEDIARW_WRITEONCE, FILE_DEVICE_CD_ROM),
        OPTICAL("CD-RW", STORAGE_MEDIA_CD_RW, NTMS_MEDIARW_REWRITABLE, FILE_DEVICE_CD_ROM),
        OPTICAL("DVD-ROM", STORAGE_MEDIA_DVD_ROM, NTMS_MEDIARW_READONLY, FILE_DEVICE_DVD),
        OPTICAL("DVD-R", STORAGE_MEDIA_DVD_R, NTMS_MEDIARW_WRITEONCE, FILE_DEVICE_DVD),
        OPTICAL("DVD-RW", STORAGE_MEDIA_DVD_RW, NTMS_MEDIARW_REWRITABLE, FILE_DEVICE_DVD),
        OPTICAL("DVD-RAM", STORAGE_MEDIA_DVD_RAM, NTMS_MEDIARW_REWRITABLE, FILE_DEVICE_DVD),
        OPTICAL("BD-ROM", STORAGE_MEDIA_UNKNOWN, NTMS_MEDIARW_READONLY, FILE_DEVICE_DVD),
        OPTICAL("BD-R", STORAGE_MEDIA_UNKNOWN, NTMS_MEDIARW_WRITEONCE, FILE_DEVICE_DVD),
        OPTICAL("BD-RE", STORAGE_MEDIA_UNKNOWN, NTMS_MEDIARW_REWRITABLE, FILE_DEVICE_DVD),
        OPTICAL("MO 3.5\"", STORAGE_MEDIA_MO_3_RW, NTMS_MEDIARW_REWRITABLE, FILE_DEVICE_DISK),
        /* 5.25" magneto-optical cartridges are recorded on both sides. */
        { "MO 5.25\"", STORAGE_MEDIA_MO_5_RW, 2, NTMS_MEDIARW_REWRITABLE, FILE_DEVICE_DISK },
        { "Unknown", STORAGE_MEDIA_UNKNOWN, 1, NTMS_MEDIARW_UNKNOWN, 0 },
};

int db_media_type_find(Db *db, const char *name, char ret_guid[static DB_GUID_MAX]) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare(db, "SELECT guid FROM objects WHERE type = ?1 AND name = ?2", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_int64(db, s, 1, NTMS_MEDIA_TYPE)) < 0 ||
            (r = db_bind_text(db, s, 2, name)) < 0)
                return r;
        r = db_step_row(db, s);
        if (r < 0)
                return r;
        db_column_guid(s, 0, ret_guid);
        return 0;
}

static int db_media_type_insert(Db *db, size_t i) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        char guid[DB_GUID_MAX];
        int r;

        r = db_object_insert(db, NTMS_MEDIA_TYPE, NULL, seeded_media_types[i].name, "", true, guid);
        if (r < 0)
                return r;

        r = db_prepare(db,
                       "INSERT INTO media_type (guid, MediaType, NumberOfSides, ReadWriteCharacteristics, DeviceType) "
                       "VALUES (?1, ?2, ?3, ?4, ?5)", &s);
        if (r < 0)
                return r;
        if ((r = db_bind_text(db, s, 1, guid)) < 0 ||
            (r = db_bind_int64(db, s, 2, seeded_media_types[i].media_type)) < 0 ||
            (r = db_bind_int64(db, s, 3, seeded_media_types[i].sides)) < 0 ||
            (r = db_bind_int64(db, s, 4, seeded_media_types[i].read_write)) < 0 ||
            (r = db_bind_int64(db, s, 5, seeded_media_types[i].device_type)) < 0)
                return r;
        return db_step_done(db, s);
}

int db_media_types_seed(Db *db) {
        char guid[DB_GUID_MAX];
        int r;

        for (size_t i = 0; i < ELEMENTSOF(seeded_media_types); i++) {
                r = db_media_type_find(db, seeded_media_types[i].name, guid);
                if (r >= 0)
                        continue;
                if (r != -ENOENT)
                        return r;

                r = db_media_type_insert(db, i);
                if (r < 0)
                        return r;
        }
        return 0;
}

int db_media_type_get(Db *db, const char *guid, DbMediaType *ret) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare(db,
                       "SELECT guid, NumberOfSides, ReadWriteCharacteristics, DeviceType "
                       "FROM media_type WHERE guid = ?1", &s);
        if (r < 0)
                return r;
        r = db_bind_guid(db, s, 1, guid);
        if (r < 0)
                return r;
        r = db_step_row(db, s);
        if (r < 0)
                return r;

        db_column_guid(s, 0, ret->guid);
        ret->sides = (uint32_t) sqlite3_column_int64(s, 1);
        ret->read_write = (uint32_t) sqlite3_column_int64(s, 2);
        ret->device_type = (uint32_t) sqlite3_column_int64(s, 3);
        return 0;
}

int db_media_type_count_media(Db *db, const char *guid, uint64_t *ret) {
        return db_count(db, "SELECT count(*) FROM physical_media WHERE MediaType = ?1", guid, ret);
}
