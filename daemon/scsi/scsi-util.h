/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Byte-order and fixed-width text helpers shared by the SCSI builders and parsers.
 * SCSI fields are big-endian and unaligned; ASCII fields are space padded. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

static inline uint16_t scsi_get_be16(const uint8_t *p) {
        return (uint16_t) ((uint16_t) p[0] << 8 | p[1]);
}

static inline uint32_t scsi_get_be24(const uint8_t *p) {
        return (uint32_t) p[0] << 16 | (uint32_t) p[1] << 8 | p[2];
}

static inline uint32_t scsi_get_be32(const uint8_t *p) {
        return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
}

static inline void scsi_put_be16(uint8_t *p, uint16_t v) {
        p[0] = (uint8_t) (v >> 8);
        p[1] = (uint8_t) v;
}

static inline void scsi_put_be24(uint8_t *p, uint32_t v) {
        p[0] = (uint8_t) (v >> 16);
        p[1] = (uint8_t) (v >> 8);
        p[2] = (uint8_t) v;
}


/* min()/max() that evaluate each argument once; unique local names keep nested uses
 * free of shadowing. */
#define SCSI_CONCAT_(a, b) a##b
#define SCSI_CONCAT(a, b) SCSI_CONCAT_(a, b)
#define SCSI_MINMAX_(op, a, b, u)                                               \
        ({                                                                      \
                __typeof__(a) SCSI_CONCAT(a_, u) = (a);                         \
                __typeof__(b) SCSI_CONCAT(b_, u) = (b);                         \
                SCSI_CONCAT(a_, u) op SCSI_CONCAT(b_, u) ? SCSI_CONCAT(a_, u) : SCSI_CONCAT(b_, u); \
        })
#define SCSI_MIN(a, b) SCSI_MINMAX_(<, a, b, __COUNTER__)
#define SCSI_MAX(a, b) SCSI_MINMAX_(>, a, b, __COUNTER__)

/* Copy a fixed-width ASCII field of a reply into a NUL-terminated string: leading and
 * trailing blanks (and NULs, which some devices pad with) are dropped, anything that is
 * not printable ASCII becomes '?', so the result is safe to log and to store.
 * Returns the length of the result. */
size_t scsi_ascii_field(char *dst, size_t dst_size, const uint8_t *src, size_t src_len);

/* Format bytes as lower-case hex; returns the length written (truncated to fit). */
size_t scsi_hex_field(char *dst, size_t dst_size, const uint8_t *src, size_t src_len);
