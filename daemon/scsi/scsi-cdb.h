/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* A command descriptor block as the builders produce it: the bytes, plus the data
 * direction and transfer length the command implies, so that whoever runs it needs no
 * knowledge of the command set. */

#include <stddef.h>
#include <stdint.h>

#define SCSI_CDB_MAX 16

typedef enum ScsiDirection {
        SCSI_DIRECTION_NONE,
        SCSI_DIRECTION_IN,      /* from the device */
        SCSI_DIRECTION_OUT,     /* to the device */
} ScsiDirection;

typedef struct ScsiCdb {
        uint8_t bytes[SCSI_CDB_MAX];
        uint8_t len;
        ScsiDirection direction;
        uint32_t transfer_len;  /* allocation length for IN, parameter list length for OUT */
} ScsiCdb;
