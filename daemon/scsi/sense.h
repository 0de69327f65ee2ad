/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Sense data (fixed or descriptor format) decoded into the few conditions the library
 * layer acts upon. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Sense keys (SPC) that the decoder names. */
enum {
        SCSI_SENSE_KEY_NO_SENSE        = 0x0,
        SCSI_SENSE_KEY_RECOVERED_ERROR = 0x1,
        SCSI_SENSE_KEY_NOT_READY       = 0x2,
        SCSI_SENSE_KEY_MEDIUM_ERROR    = 0x3,
        SCSI_SENSE_KEY_HARDWARE_ERROR  = 0x4,
        SCSI_SENSE_KEY_ILLEGAL_REQUEST = 0x5,
        SCSI_SENSE_KEY_UNIT_ATTENTION  = 0x6,
        SCSI_SENSE_KEY_DATA_PROTECT    = 0x7,
        SCSI_SENSE_KEY_BLANK_CHECK     = 0x8,
        SCSI_SENSE_KEY_ABORTED_COMMAND = 0xb,
};

/* SCSI status bytes (SAM) that the command runner distinguishes. */
enum {
        SCSI_STATUS_GOOD                 = 0x00,
        SCSI_STATUS_CHECK_CONDITION      = 0x02,
        SCSI_STATUS_CONDITION_MET        = 0x04,
        SCSI_STATUS_BUSY                 = 0x08,
        SCSI_STATUS_RESERVATION_CONFLICT = 0x18,
        SCSI_STATUS_TASK_SET_FULL        = 0x28,
        SCSI_STATUS_TASK_ABORTED         = 0x40,
};

typedef enum ScsiCondition {
        SCSI_CONDITION_OK,                    /* no sense, or an error the device recovered */
        SCSI_CONDITION_NOT_READY,             /* not ready, no better explanation */
        SCSI_CONDITION_BECOMING_READY,        /* 04/01: try again shortly */
        SCSI_CONDITION_NO_MEDIUM,             /* 3A/xx */
        SCSI_CONDITION_UNIT_ATTENTION,        /* any other unit attention */
        SCSI_CONDITION_POWER_ON_RESET,        /* 29/xx */
        SCSI_CONDITION_MEDIUM_CHANGED,        /* 28/xx: not ready to ready change, medium may have changed */
        SCSI_CONDITION_SOURCE_EMPTY,          /* 3B/0E: medium source element empty */
        SCSI_CONDITION_DESTINATION_FULL,      /* 3B/0D: medium destination element full */
        SCSI_CONDITION_REMOVAL_PREVENTED,     /* 53/02: medium removal prevented */
        SCSI_CONDITION_INVALID_OPCODE,        /* 20/00 */
        SCSI_CONDITION_INVALID_FIELD_IN_CDB,  /* 24/00 */
        SCSI_CONDITION_ILLEGAL_REQUEST,       /* any other illegal request */
        SCSI_CONDITION_HARDWARE_ERROR,
        SCSI_CONDITION_MEDIUM_ERROR,
        SCSI_CONDITION_DATA_PROTECT,          /* write protected and the like */
        SCSI_CONDITION_BLANK_CHECK,           /* tape: blank medium or end of data */
        SCSI_CONDITION_ABORTED_COMMAND,
        SCSI_CONDITION_CLEANING_CARTRIDGE,    /* 30/03: a cleaning cartridge is in the drive */
        SCSI_CONDITION_CLEANING_FAILED,       /* 30/07 cleaning failure, 30/0A cleaning request rejected */
        SCSI_CONDITION_CLEANER_EXPIRED,       /* 30/0B cleaning tape expired, 30/13 cleaning volume expired */
        SCSI_CONDITION_OTHER,                 /* valid sense that fits none of the above */
        SCSI_CONDITION_INVALID,               /* no usable sense data */
        _SCSI_CONDITION_MAX,
} ScsiCondition;

typedef struct ScsiSense {
        ScsiCondition condition;
        uint8_t response_code;  /* 0x70/0x71 fixed, 0x72/0x73 descriptor */
        uint8_t key;
        uint8_t asc;
        uint8_t ascq;
        bool filemark;          /* stream commands: a filemark was read */
        bool eom;               /* stream commands: end of medium / beginning of partition */
        bool ili;               /* stream commands: block length did not match the request */
        bool information_valid;
        uint64_t information;   /* e.g. the residue of a variable-length READ with ILI */
} ScsiSense;

/* Decode raw sense bytes. A buffer without a recognisable response code yields
 * SCSI_CONDITION_INVALID and -EBADMSG; otherwise 0. *ret is always initialised.
 * The cleaning conditions come with any sense key that says the command failed (NOT
 * READY while the drive cleans, MEDIUM ERROR or ILLEGAL REQUEST when a command meant
 * for data meets a cleaning cartridge ...), never with NO SENSE, RECOVERED ERROR or
 * UNIT ATTENTION, whose meaning for the command comes first. */
int scsi_sense_decode(const uint8_t *sense, size_t len, ScsiSense *ret);

/* The negative errno the daemon reports for a condition (0 for SCSI_CONDITION_OK). */
int scsi_condition_to_errno(ScsiCondition c);

const char *scsi_condition_to_string(ScsiCondition c);

/* True if the command should simply be issued again: a unit attention (reset, medium
 * changed, mode parameters changed ...) or a unit in the process of becoming ready. */
bool scsi_sense_should_retry(const ScsiSense *s);

/* True if the device rejected the command itself or one of its fields as unsupported;
 * for an optional command this means "not supported", not "request failed". */
bool scsi_sense_is_unsupported(const ScsiSense *s);

/* True if the sense carries 00/17, cleaning requested. Not a condition: drives attach it
 * to commands that completed (NO SENSE, RECOVERED ERROR) as well as to failed ones, and
 * the command's own outcome must stay what the sense key says. */
bool scsi_sense_cleaning_requested(const ScsiSense *s);
