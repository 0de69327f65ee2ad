/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>

#include "mmc.h"
#include "scsi-util.h"

#define OP_START_STOP_UNIT       0x1b
#define OP_GET_EVENT_STATUS      0x4a

#define EVENT_HEADER_LEN 4
#define MEDIA_EVENT_LEN  4

void mmc_build_start_stop_unit(ScsiCdb *c, bool start, bool load_eject, bool immed) {
        assert(c);

        *c = (ScsiCdb) {
                .len = 6,
                .direction = SCSI_DIRECTION_NONE,
        };
        c->bytes[0] = OP_START_STOP_UNIT;
        c->bytes[1] = immed ? 0x01 : 0x00;
        /* POWER CONDITION stays 0 so that START and LOEJ are honoured. */
        c->bytes[4] = (uint8_t) ((load_eject ? 0x02 : 0x00) | (start ? 0x01 : 0x00));
}

void mmc_build_get_event_status(ScsiCdb *c, uint8_t class_mask, uint16_t alloc_len) {
        assert(c);

        *c = (ScsiCdb) {
                .len = 10,
                .direction = SCSI_DIRECTION_IN,
                .transfer_len = alloc_len,
        };
        c->bytes[0] = OP_GET_EVENT_STATUS;
        /* Only the polled form exists for our purposes: the asynchronous one is not
         * defined by MMC for this command. */
        c->bytes[1] = 0x01;
        c->bytes[4] = class_mask;
        scsi_put_be16(c->bytes + 7, alloc_len);
}

int mmc_parse_media_event(const uint8_t *buf, size_t len, MmcMediaEvent *ret) {
        size_t avail;

        assert(buf || len == 0);
        assert(ret);

        if (len < EVENT_HEADER_LEN)
                return -EBADMSG;

        /* NEA: no event of the requested classes is available. */
        if (buf[2] & 0x80)
                return -ENODATA;
        if ((buf[2] & 0x07) != MMC_EVENT_CLASS_MEDIA)
                return -ENODATA;

        /* EVENT DESCRIPTOR LENGTH counts the bytes after itself. */
        avail = SCSI_MIN((size_t) scsi_get_be16(buf) + 2, len);
        if (avail < EVENT_HEADER_LEN + MEDIA_EVENT_LEN)
                return -EBADMSG;

        buf += EVENT_HEADER_LEN;
        *ret = (MmcMediaEvent) {
                .event = buf[0] & 0x0f,
                .media_present = buf[1] & 0x02,
                .tray_open = buf[1] & 0x01,
                .start_slot = buf[2],
                .end_slot = buf[3],
        };
        return 0;
}
