/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Multimedia commands (MMC) for optical drives: load/eject and media events. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scsi-cdb.h"

/* NOTIFICATION CLASS REQUEST bit for the media class. */
#define MMC_EVENT_CLASS_MEDIA 4

typedef enum MmcMediaEventCode {
        MMC_MEDIA_NO_CHANGE          = 0,
        MMC_MEDIA_EJECT_REQUEST      = 1,
        MMC_MEDIA_NEW                = 2,
        MMC_MEDIA_REMOVAL            = 3,
        MMC_MEDIA_CHANGED            = 4,
        MMC_MEDIA_FORMAT_COMPLETED   = 5,
        MMC_MEDIA_FORMAT_RESTARTED   = 6,
} MmcMediaEventCode;

typedef struct MmcMediaEvent {
        uint8_t event;          /* MmcMediaEventCode, or a code this code does not know */
        bool media_present;
        bool tray_open;
        uint8_t start_slot;
        uint8_t end_slot;
} MmcMediaEvent;

/* START STOP UNIT with LOEJ: start true loads, false ejects. */
void mmc_build_start_stop_unit(ScsiCdb *c, bool start, bool load_eject, bool immed);
/* GET EVENT STATUS NOTIFICATION, polled, for the classes in class_mask (1 << class). */
void mmc_build_get_event_status(ScsiCdb *c, uint8_t class_mask, uint16_t alloc_len);

/* Parse a media class event. -ENODATA if the drive reported no event of the media
 * class (NEA set, or another class), -EBADMSG if the reply is too short. */
int mmc_parse_media_event(const uint8_t *buf, size_t len, MmcMediaEvent *ret);
