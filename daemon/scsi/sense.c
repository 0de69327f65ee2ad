/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <string.h>

#include <scsi/sg_lib.h>

#include "scsi-util.h"
#include "sense.h"

/* Additional sense codes (SPC, SMC, SSC) that select a condition. */
#define ASC_NO_ADDITIONAL              0x00
#define ASCQ_CLEANING_REQUESTED        0x17
#define ASC_NOT_READY                  0x04
#define ASCQ_BECOMING_READY            0x01
#define ASC_INVALID_OPCODE             0x20
#define ASC_INVALID_FIELD_IN_CDB       0x24
#define ASC_MEDIUM_MAY_HAVE_CHANGED    0x28
#define ASC_POWER_ON_RESET             0x29
#define ASC_INCOMPATIBLE_MEDIUM        0x30
#define ASCQ_CLEANING_CARTRIDGE        0x03
#define ASCQ_CLEANING_FAILURE          0x07
#define ASCQ_CLEANING_REJECTED         0x0a
#define ASCQ_CLEANING_TAPE_EXPIRED     0x0b
#define ASCQ_CLEANING_VOLUME_EXPIRED   0x13
#define ASC_NO_MEDIUM                  0x3a
#define ASC_MEDIUM_POSITION            0x3b
#define ASCQ_DESTINATION_FULL          0x0d
#define ASCQ_SOURCE_EMPTY              0x0e
#define ASC_REMOVAL                    0x53
#define ASCQ_REMOVAL_PREVENTED         0x02

static ScsiCondition classify_not_ready(uint8_t asc, uint8_t ascq) {
        if (asc == ASC_NOT_READY && ascq == ASCQ_BECOMING_READY)
                return SCSI_CONDITION_BECOMING_READY;
        if (asc == ASC_NO_MEDIUM)
                return SCSI_CONDITION_NO_MEDIUM;
        return SCSI_CONDITION_NOT_READY;
}

static ScsiCondition classify_unit_attention(uint8_t asc) {
        if (asc == ASC_POWER_ON_RESET)
                return SCSI_CONDITION_POWER_ON_RESET;
        if (asc == ASC_MEDIUM_MAY_HAVE_CHANGED)
                return SCSI_CONDITION_MEDIUM_CHANGED;
        return SCSI_CONDITION_UNIT_ATTENTION;
}

static ScsiCondition classify_illegal_request(uint8_t asc, uint8_t ascq) {
        /* SMC reports element-state failures of MOVE MEDIUM and EXCHANGE MEDIUM as an
         * illegal request with ASC 3B; the element is addressed correctly but not in
         * the state the move needs. */
        if (asc == ASC_MEDIUM_POSITION && ascq == ASCQ_SOURCE_EMPTY)
                return SCSI_CONDITION_SOURCE_EMPTY;
        if (asc == ASC_MEDIUM_POSITION && ascq == ASCQ_DESTINATION_FULL)
                return SCSI_CONDITION_DESTINATION_FULL;
        if (asc == ASC_REMOVAL && ascq == ASCQ_REMOVAL_PREVENTED)
                return SCSI_CONDITION_REMOVAL_PREVENTED;
        if (asc == ASC_INVALID_OPCODE && ascq == 0)
                return SCSI_CONDITION_INVALID_OPCODE;
        if (asc == ASC_INVALID_FIELD_IN_CDB && ascq == 0)
                return SCSI_CONDITION_INVALID_FIELD_IN_CDB;
        if (asc == ASC_NO_MEDIUM)
                return SCSI_CONDITION_NO_MEDIUM;
        return SCSI_CONDITION_ILLEGAL_REQUEST;
}

static bool classify_cleaning(uint8_t asc, uint8_t ascq, ScsiCondition *ret) {
        if (asc != ASC_INCOMPATIBLE_MEDIUM)
                return false;

        switch (ascq) {
        case ASCQ_CLEANING_CARTRIDGE:
                *ret = SCSI_CONDITION_CLEANING_CARTRIDGE;
                return true;
        case ASCQ_CLEANING_FAILURE:
        case ASCQ_CLEANING_REJECTED:
                *ret = SCSI_CONDITION_CLEANING_FAILED;
                return true;
        case ASCQ_CLEANING_TAPE_EXPIRED:
        case ASCQ_CLEANING_VOLUME_EXPIRED:
                *ret = SCSI_CONDITION_CLEANER_EXPIRED;
                return true;
        default:
                return false;
        }
}

static bool key_is_failure(uint8_t key) {
        return key != SCSI_SENSE_KEY_NO_SENSE &&
               key != SCSI_SENSE_KEY_RECOVERED_ERROR &&
               key != SCSI_SENSE_KEY_UNIT_ATTENTION;
}

static ScsiCondition classify(uint8_t key, uint8_t asc, uint8_t ascq) {
        ScsiCondition c;

        if (key_is_failure(key) && classify_cleaning(asc, ascq, &c))
                return c;

        switch (key) {
        case SCSI_SENSE_KEY_NO_SENSE:
        case SCSI_SENSE_KEY_RECOVERED_ERROR:
                return SCSI_CONDITION_OK;
        case SCSI_SENSE_KEY_NOT_READY:
                return classify_not_ready(asc, ascq);
        case SCSI_SENSE_KEY_MEDIUM_ERROR:
                return SCSI_CONDITION_MEDIUM_ERROR;
        case SCSI_SENSE_KEY_HARDWARE_ERROR:
                return SCSI_CONDITION_HARDWARE_ERROR;
        case SCSI_SENSE_KEY_ILLEGAL_REQUEST:
                return classify_illegal_request(asc, ascq);
        case SCSI_SENSE_KEY_UNIT_ATTENTION:
                return classify_unit_attention(asc);
        case SCSI_SENSE_KEY_DATA_PROTECT:
                return SCSI_CONDITION_DATA_PROTECT;
        case SCSI_SENSE_KEY_BLANK_CHECK:
                return SCSI_CONDITION_BLANK_CHECK;
        case SCSI_SENSE_KEY_ABORTED_COMMAND:
                return SCSI_CONDITION_ABORTED_COMMAND;
        default:
                return SCSI_CONDITION_OTHER;
        }
}

int scsi_sense_decode(const uint8_t *sense, size_t len, ScsiSense *ret) {
        struct sg_scsi_sense_hdr hdr;
        int n;

        assert(ret);
        assert(sense || len == 0);

        *ret = (ScsiSense) {
                .condition = SCSI_CONDITION_INVALID,
        };

        /* sg3_utils takes an int; sense buffers are at most 252 bytes anyway. */
        n = (int) SCSI_MIN(len, (size_t) 255);
        if (n < 1 || !sg_scsi_normalize_sense(sense, n, &hdr))
                return -EBADMSG;

        /* Only current (0x70, 0x72) and deferred (0x71, 0x73) errors carry meaning;
         * normalisation also accepts vendor formats it cannot decode. */
        if ((hdr.response_code & 0x7e) != 0x70 && (hdr.response_code & 0x7e) != 0x72)
                return -EBADMSG;

        ret->response_code = hdr.response_code;
        ret->key = hdr.sense_key & 0xf;
        ret->asc = hdr.asc;
        ret->ascq = hdr.ascq;
        ret->condition = classify(ret->key, ret->asc, ret->ascq);

        (void) sg_get_sense_filemark_eom_ili(sense, n, &ret->filemark, &ret->eom, &ret->ili);
        ret->information_valid = sg_get_sense_info_fld(sense, n, &ret->information);

        return 0;
}

int scsi_condition_to_errno(ScsiCondition c) {
        static const int table[_SCSI_CONDITION_MAX] = {
                [SCSI_CONDITION_OK]                   = 0,
                [SCSI_CONDITION_NOT_READY]            = -ENODEV,
                [SCSI_CONDITION_BECOMING_READY]       = -EAGAIN,
                [SCSI_CONDITION_NO_MEDIUM]            = -ENOMEDIUM,
                [SCSI_CONDITION_UNIT_ATTENTION]       = -EAGAIN,
                [SCSI_CONDITION_POWER_ON_RESET]       = -EAGAIN,
                [SCSI_CONDITION_MEDIUM_CHANGED]       = -EAGAIN,
                [SCSI_CONDITION_SOURCE_EMPTY]         = -ENOENT,
                [SCSI_CONDITION_DESTINATION_FULL]     = -EEXIST,
                [SCSI_CONDITION_REMOVAL_PREVENTED]    = -EBUSY,
                [SCSI_CONDITION_INVALID_OPCODE]       = -EOPNOTSUPP,
                [SCSI_CONDITION_INVALID_FIELD_IN_CDB] = -EINVAL,
                [SCSI_CONDITION_ILLEGAL_REQUEST]      = -EINVAL,
                [SCSI_CONDITION_HARDWARE_ERROR]       = -EIO,
                [SCSI_CONDITION_MEDIUM_ERROR]         = -EIO,
                [SCSI_CONDITION_DATA_PROTECT]         = -EROFS,
                [SCSI_CONDITION_BLANK_CHECK]          = -ENODATA,
                [SCSI_CONDITION_ABORTED_COMMAND]      = -ECONNABORTED,
                /* A cleaning cartridge is no medium for data, an expired one no
                 * medium to clean with. */
                [SCSI_CONDITION_CLEANING_CARTRIDGE]   = -EMEDIUMTYPE,
                [SCSI_CONDITION_CLEANING_FAILED]      = -EIO,
                [SCSI_CONDITION_CLEANER_EXPIRED]      = -EMEDIUMTYPE,
                [SCSI_CONDITION_OTHER]                = -EIO,
                [SCSI_CONDITION_INVALID]              = -EIO,
        };

        assert(c >= 0 && c < _SCSI_CONDITION_MAX);
        return table[c];
}

const char *scsi_condition_to_string(ScsiCondition c) {
        static const char *const table[_SCSI_CONDITION_MAX] = {
                [SCSI_CONDITION_OK]                   = "ok",
                [SCSI_CONDITION_NOT_READY]            = "not-ready",
                [SCSI_CONDITION_BECOMING_READY]       = "becoming-ready",
                [SCSI_CONDITION_NO_MEDIUM]            = "no-medium",
                [SCSI_CONDITION_UNIT_ATTENTION]       = "unit-attention",
                [SCSI_CONDITION_POWER_ON_RESET]       = "power-on-reset",
                [SCSI_CONDITION_MEDIUM_CHANGED]       = "medium-may-have-changed",
                [SCSI_CONDITION_SOURCE_EMPTY]         = "source-element-empty",
                [SCSI_CONDITION_DESTINATION_FULL]     = "destination-element-full",
                [SCSI_CONDITION_REMOVAL_PREVENTED]    = "medium-removal-prevented",
                [SCSI_CONDITION_INVALID_OPCODE]       = "invalid-opcode",
                [SCSI_CONDITION_INVALID_FIELD_IN_CDB] = "invalid-field-in-cdb",
                [SCSI_CONDITION_ILLEGAL_REQUEST]      = "illegal-request",
                [SCSI_CONDITION_HARDWARE_ERROR]       = "hardware-error",
                [SCSI_CONDITION_MEDIUM_ERROR]         = "medium-error",
                [SCSI_CONDITION_DATA_PROTECT]         = "data-protect",
                [SCSI_CONDITION_BLANK_CHECK]          = "blank-check",
                [SCSI_CONDITION_ABORTED_COMMAND]      = "aborted-command",
                [SCSI_CONDITION_CLEANING_CARTRIDGE]   = "cleaning-cartridge-installed",
                [SCSI_CONDITION_CLEANING_FAILED]      = "cleaning-failure",
                [SCSI_CONDITION_CLEANER_EXPIRED]      = "cleaning-cartridge-expired",
                [SCSI_CONDITION_OTHER]                = "other",
                [SCSI_CONDITION_INVALID]              = "invalid-sense",
        };

        if (c < 0 || c >= _SCSI_CONDITION_MAX)
                return NULL;
        return table[c];
}

bool scsi_sense_should_retry(const ScsiSense *s) {
        assert(s);

        switch (s->condition) {
        case SCSI_CONDITION_BECOMING_READY:
        case SCSI_CONDITION_UNIT_ATTENTION:
        case SCSI_CONDITION_POWER_ON_RESET:
        case SCSI_CONDITION_MEDIUM_CHANGED:
                return true;
        default:
                return false;
        }
}

bool scsi_sense_is_unsupported(const ScsiSense *s) {
        assert(s);

        /* An invalid operation code says the command is not implemented; an invalid
         * field in the CDB of an otherwise valid optional command says the same of the
         * feature the field selects (the RANGE bit, a second destination ...). */
        return s->condition == SCSI_CONDITION_INVALID_OPCODE ||
               s->condition == SCSI_CONDITION_INVALID_FIELD_IN_CDB;
}

bool scsi_sense_cleaning_requested(const ScsiSense *s) {
        assert(s);

        return s->asc == ASC_NO_ADDITIONAL && s->ascq == ASCQ_CLEANING_REQUESTED;
}
