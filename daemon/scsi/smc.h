/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Media changer commands (SMC-3): builders and parsers over byte buffers, no I/O. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scsi-cdb.h"

typedef enum SmcElementType {
        SMC_ELEMENT_ALL           = 0,  /* never sent: see smc_build_read_element_status() */
        SMC_ELEMENT_TRANSPORT     = 1,  /* robot / picker */
        SMC_ELEMENT_STORAGE       = 2,  /* slot */
        SMC_ELEMENT_IMPORT_EXPORT = 3,  /* mail slot, I/E port */
        SMC_ELEMENT_DATA_TRANSFER = 4,  /* drive */
        _SMC_ELEMENT_TYPE_MAX,
} SmcElementType;

enum {
        SMC_PAGE_ELEMENT_ADDRESS   = 0x1d,
        SMC_PAGE_TRANSPORT_GEOMETRY = 0x1e,
        SMC_PAGE_DEVICE_CAPABILITIES = 0x1f,
};

#define SMC_VOLUME_TAG_LEN 36           /* 32 bytes identifier, 2 reserved, 2 sequence */
#define SMC_VOLUME_ID_LEN 32
#define SMC_DEVICE_ID_MAX 64            /* text form kept of a DVCID identifier */

/* Element Address Assignment mode page. */
typedef struct SmcAddressAssignment {
        struct {
                uint16_t first;
                uint16_t count;
        } range[_SMC_ELEMENT_TYPE_MAX];   /* indexed by SmcElementType; [0] unused */
} SmcAddressAssignment;

/* Transport Geometry Parameters mode page: one entry per medium transport element. */
#define SMC_TRANSPORT_MAX 32
typedef struct SmcTransportGeometry {
        size_t n;
        struct {
                bool rotate;    /* the transport can flip two-sided media */
                uint8_t member; /* MEMBER NUMBER IN TRANSPORT ELEMENT SET */
        } transport[SMC_TRANSPORT_MAX];
} SmcTransportGeometry;

/* Device Capabilities mode page: bit masks indexed by element type, bit (1 << type)
 * set for every destination type. */
typedef struct SmcCapabilities {
        uint8_t storage;                                /* types that can hold media: 1 << type */
        uint8_t move_from[_SMC_ELEMENT_TYPE_MAX];       /* [src] -> 1 << dst */
        uint8_t exchange_from[_SMC_ELEMENT_TYPE_MAX];
} SmcCapabilities;

typedef struct SmcElement {
        SmcElementType type;
        uint16_t address;
        bool full;
        bool except;            /* element in an abnormal state, see asc/ascq */
        bool access;            /* ACCESS: the transport can reach it */
        bool impexp;            /* I/E: medium placed by an operator (1) or the robot (0) */
        bool export_enabled;    /* I/E: EXENAB */
        bool import_enabled;    /* I/E: INENAB */
        uint8_t asc, ascq;
        bool source_valid;      /* SVALID */
        bool invert;
        uint16_t source;        /* SOURCE STORAGE ELEMENT ADDRESS */
        uint8_t medium_type;
        bool lun_valid;         /* data transfer: LU VALID, LUN */
        uint8_t lun;
        bool id_valid;          /* data transfer: ID VALID, SCSI BUS ADDRESS */
        uint8_t bus_address;
        bool has_volume_tag;
        char volume_tag[SMC_VOLUME_ID_LEN + 1];         /* trimmed primary volume tag (barcode) */
        uint16_t volume_sequence;
        bool has_alternate_tag;
        char alternate_tag[SMC_VOLUME_ID_LEN + 1];
        bool has_device_id;     /* DVCID identification descriptor */
        uint8_t device_id_code_set;
        uint8_t device_id_type;
        char device_id[SMC_DEVICE_ID_MAX + 1];          /* ASCII trimmed, else hex */
        bool truncated;         /* the descriptor arrived cut short; the fields past the cut are empty */
} SmcElement;

typedef struct SmcElementList {
        SmcElement *elements;
        size_t n;
        size_t allocated;
} SmcElementList;

void smc_element_list_done(SmcElementList *l);
/* Appends a zeroed element, returning it; NULL on allocation failure. */
SmcElement *smc_element_list_append(SmcElementList *l);

/* What a READ ELEMENT STATUS reply said about itself, next to what it delivered. */
typedef struct SmcStatusReport {
        uint16_t first_address;         /* header field, informative only */
        uint16_t n_available;           /* NUMBER OF ELEMENTS AVAILABLE */
        uint32_t byte_count;            /* BYTE COUNT OF REPORT AVAILABLE */
        size_t n_parsed;                /* descriptors appended to the list */
        bool short_reply;               /* fewer bytes arrived than the header announced */
        bool truncated;                 /* the last descriptor arrived cut short */
        uint16_t last_address;          /* address of the last complete descriptor (valid if n_complete > 0) */
        size_t n_complete;              /* descriptors that arrived whole */
} SmcStatusReport;

int smc_build_read_element_status(ScsiCdb *c, SmcElementType type, uint16_t start, uint16_t count,
                                  bool voltag, bool dvcid, uint32_t alloc_len);
void smc_build_move_medium(ScsiCdb *c, uint16_t transport, uint16_t source, uint16_t destination, bool invert);
void smc_build_exchange_medium(ScsiCdb *c, uint16_t transport, uint16_t source, uint16_t destination1,
                               uint16_t destination2, bool invert1, bool invert2);
void smc_build_initialize_element_status(ScsiCdb *c);
void smc_build_initialize_element_status_range(ScsiCdb *c, bool fast, bool range, uint16_t start, uint16_t count);
void smc_build_position_to_element(ScsiCdb *c, uint16_t transport, uint16_t destination, bool invert);

/* Mode page parsers; each takes the page as spc_find_mode_page() returns it. */
int smc_parse_address_assignment(const uint8_t *page, size_t len, SmcAddressAssignment *ret);
int smc_parse_transport_geometry(const uint8_t *page, size_t len, SmcTransportGeometry *ret);
int smc_parse_capabilities(const uint8_t *page, size_t len, SmcCapabilities *ret);

static inline bool smc_can_move(const SmcCapabilities *c, SmcElementType from, SmcElementType to) {
        return from > 0 && from < _SMC_ELEMENT_TYPE_MAX && (c->move_from[from] & (1u << to));
}

static inline bool smc_can_exchange(const SmcCapabilities *c, SmcElementType from, SmcElementType to) {
        return from > 0 && from < _SMC_ELEMENT_TYPE_MAX && (c->exchange_from[from] & (1u << to));
}

/* Parse READ ELEMENT STATUS data of len received bytes, appending each descriptor to
 * list. dvcid says whether the request set DVCID (only then do the bytes after the volume
 * tags hold an identification descriptor). Only received bytes are read: a last
 * descriptor cut short inside or after its volume tag is kept with what arrived and
 * flagged truncated; one cut before its volume tag is dropped. -EBADMSG for a malformed
 * reply (unknown element type, descriptor length zero or too short for the fields the
 * page announces), -ENOMEM. */
int smc_parse_element_status(const uint8_t *buf, size_t len, bool dvcid, SmcElementList *list, SmcStatusReport *ret);

/* One READ ELEMENT STATUS request of a plan. */
typedef struct SmcStatusChunk {
        uint16_t start;
        uint16_t count;
} SmcStatusChunk;

/* The largest descriptor a reply can carry for these flags, used to size requests. */
size_t smc_descriptor_size_max(bool voltag, bool dvcid);

/* How many elements one request with this allocation length can safely ask for; 0 if
 * not even one fits. */
size_t smc_elements_per_request(bool voltag, bool dvcid, uint32_t alloc_len);

/* Split count elements starting at first into requests whose replies fit alloc_len.
 * Returns the number of chunks written to ret (at most max), -ERANGE if the range
 * passes address 0xffff, -EINVAL if alloc_len cannot hold even one element, -ENOBUFS
 * if max is too small. */
int smc_plan_element_status(uint16_t first, uint16_t count, bool voltag, bool dvcid, uint32_t alloc_len,
                            SmcStatusChunk *ret, size_t max);
