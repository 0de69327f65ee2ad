/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Primary commands (SPC) that changers, tapes and optical drives share: builders and
 * parsers over plain byte buffers, no I/O. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scsi-cdb.h"

/* Peripheral device types (SPC) that rsmd drives. */
enum {
        SCSI_TYPE_DISK           = 0x00,
        SCSI_TYPE_TAPE           = 0x01,
        SCSI_TYPE_OPTICAL_MMC    = 0x05,
        SCSI_TYPE_OPTICAL_MEMORY = 0x07,
        SCSI_TYPE_MEDIUM_CHANGER = 0x08,
};

enum {
        SPC_VPD_SUPPORTED_PAGES = 0x00,
        SPC_VPD_UNIT_SERIAL     = 0x80,
        SPC_VPD_DEVICE_ID       = 0x83,
};

/* Page control field of MODE SENSE. */
typedef enum SpcModePageControl {
        SPC_MODE_CURRENT    = 0,
        SPC_MODE_CHANGEABLE = 1,
        SPC_MODE_DEFAULT    = 2,
        SPC_MODE_SAVED      = 3,
} SpcModePageControl;

/* Page control field of LOG SENSE: which values of the parameters to return. */
typedef enum SpcLogPageControl {
        SPC_LOG_THRESHOLD          = 0,
        SPC_LOG_CUMULATIVE         = 1,   /* the current values */
        SPC_LOG_DEFAULT_THRESHOLD  = 2,
        SPC_LOG_DEFAULT_CUMULATIVE = 3,
} SpcLogPageControl;

/* One parameter of a log page, pointing into the reply. */
typedef struct SpcLogParameter {
        uint16_t code;          /* PARAMETER CODE */
        uint8_t control;        /* DU, TSD, ETC, TMC, FORMAT AND LINKING */
        const uint8_t *value;
        size_t len;             /* PARAMETER LENGTH */
} SpcLogParameter;

/* A walk over the parameters of one log page (spc_log_page_open(), then
 * spc_log_page_next() until it returns 0). */
typedef struct SpcLogPage {
        const uint8_t *params;  /* the first parameter */
        size_t len;             /* PAGE LENGTH, clamped to the bytes received */
        size_t off;
        bool truncated;         /* a parameter ran past the page or the reply and was dropped */
} SpcLogPage;

typedef struct ScsiInquiry {
        uint8_t qualifier;      /* PERIPHERAL QUALIFIER */
        uint8_t device_type;    /* PERIPHERAL DEVICE TYPE */
        bool removable;         /* RMB */
        bool medium_changer;    /* MCHNGR: an attached changer behind this unit */
        uint8_t version;
        char vendor[9];         /* T10 VENDOR IDENTIFICATION */
        char product[17];       /* PRODUCT IDENTIFICATION */
        char revision[5];       /* PRODUCT REVISION LEVEL */
} ScsiInquiry;

/* One designation descriptor of the Device Identification VPD page. */
typedef struct ScsiDesignator {
        uint8_t protocol;       /* PROTOCOL IDENTIFIER (valid if piv) */
        uint8_t code_set;       /* 1 binary, 2 ASCII, 3 UTF-8 */
        bool piv;
        uint8_t association;    /* 0 logical unit, 1 target port, 2 target device */
        uint8_t type;           /* DESIGNATOR TYPE: 1 T10 vendor, 2 EUI-64, 3 NAA, 8 SCSI name */
        uint8_t len;
        uint8_t value[255];
} ScsiDesignator;

enum {
        SPC_CODE_SET_BINARY = 1,
        SPC_CODE_SET_ASCII  = 2,
        SPC_CODE_SET_UTF8   = 3,
};

enum {
        SPC_DESIGNATOR_VENDOR_SPECIFIC = 0,
        SPC_DESIGNATOR_T10_VENDOR      = 1,
        SPC_DESIGNATOR_EUI64           = 2,
        SPC_DESIGNATOR_NAA             = 3,
        SPC_DESIGNATOR_SCSI_NAME       = 8,
};

/* The largest INQUIRY/VPD reply worth asking for. */
#define SPC_INQUIRY_ALLOC 255u
#define SPC_STANDARD_INQUIRY_MIN 36u

void spc_build_test_unit_ready(ScsiCdb *c);
/* page must be 0 for standard INQUIRY data (evpd false); -EINVAL otherwise. */
int spc_build_inquiry(ScsiCdb *c, bool evpd, uint8_t page, uint16_t alloc_len);
void spc_build_request_sense(ScsiCdb *c, bool descriptor_format, uint8_t alloc_len);
/* page is 6 bits, subpage 8; -EINVAL for a page code above 0x3f. */
int spc_build_mode_sense6(ScsiCdb *c, bool dbd, SpcModePageControl pc, uint8_t page, uint8_t subpage, uint8_t alloc_len);
int spc_build_mode_sense10(ScsiCdb *c, bool dbd, SpcModePageControl pc, uint8_t page, uint8_t subpage, uint16_t alloc_len);
/* LOG SENSE of one page, parameter pointer 0, nothing saved. -EINVAL for a page code
 * above 0x3f. */
int spc_build_log_sense(ScsiCdb *c, SpcLogPageControl pc, uint8_t page, uint8_t subpage, uint16_t alloc_len);
/* SPC: PREVENT 00b allows, 01b prevents medium removal. */
void spc_build_prevent_allow(ScsiCdb *c, bool prevent);

/* Standard INQUIRY data; -EBADMSG if shorter than the 36 bytes every device sends. */
int spc_parse_inquiry(const uint8_t *buf, size_t len, ScsiInquiry *ret);

/* Unit Serial Number VPD page into a trimmed string. -EBADMSG on a malformed page,
 * -ENODATA if the device reports an empty serial number. */
int spc_parse_unit_serial(const uint8_t *buf, size_t len, char *ret, size_t size);

/* Device Identification VPD page: up to max descriptors into ret[], their number in
 * *ret_n. A descriptor that runs past the page is a malformed page (-EBADMSG). */
int spc_parse_device_id(const uint8_t *buf, size_t len, ScsiDesignator *ret, size_t max, size_t *ret_n);

/* The designator that best names the logical unit itself (NAA, then EUI-64, then SCSI
 * name string, then T10 vendor id); NULL if none is about the logical unit. */
const ScsiDesignator *spc_pick_lu_designator(const ScsiDesignator *d, size_t n);

/* Text form of a designator: ASCII/UTF-8 values trimmed, binary ones as hex. */
int spc_designator_to_string(const ScsiDesignator *d, char *ret, size_t size);

/* Find a mode page in MODE SENSE(6) (ten = false) or MODE SENSE(10) parameter data:
 * skips the header and block descriptors and returns the page, with its own header, in
 * *ret_page / *ret_len, clamped to the bytes received and to the mode data length.
 * -ENOENT if absent, -EBADMSG on inconsistent lengths. */
int spc_find_mode_page(const uint8_t *buf, size_t len, bool ten, uint8_t page, uint8_t subpage,
                       const uint8_t **ret_page, size_t *ret_len);

/* Start a walk over a LOG SENSE reply that must hold the page asked for: -EBADMSG if
 * shorter than the 4-byte header or if it names another page or subpage (a subpage
 * other than 0 needs SPF set; without it the subpage byte is not looked at). PAGE
 * LENGTH is trusted only as far as bytes arrived. */
int spc_log_page_open(const uint8_t *buf, size_t len, uint8_t page, uint8_t subpage, SpcLogPage *ret);

/* The next parameter: 1 with *ret filled, 0 at the end of the page. A parameter whose
 * header or value does not fit in what arrived ends the walk and sets p->truncated. */
int spc_log_page_next(SpcLogPage *p, SpcLogParameter *ret);
