/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>

#include "scsi-util.h"

static bool is_blank(uint8_t c) {
        return c == ' ' || c == '\0';
}

size_t scsi_ascii_field(char *dst, size_t dst_size, const uint8_t *src, size_t src_len) {
        size_t start = 0, end = src_len, n = 0;

        assert(dst);
        assert(dst_size > 0);
        assert(src || src_len == 0);

        while (start < end && is_blank(src[start]))
                start++;
        while (end > start && is_blank(src[end - 1]))
                end--;

        for (size_t i = start; i < end && n + 1 < dst_size; i++)
                dst[n++] = (src[i] >= 0x20 && src[i] < 0x7f) ? (char) src[i] : '?';

        dst[n] = '\0';
        return n;
}

size_t scsi_hex_field(char *dst, size_t dst_size, const uint8_t *src, size_t src_len) {
        static const char digits[] = "0123456789abcdef";
        size_t n = 0;

        assert(dst);
        assert(dst_size > 0);
        assert(src || src_len == 0);

        for (size_t i = 0; i < src_len && n + 2 < dst_size; i++) {
                dst[n++] = digits[src[i] >> 4];
                dst[n++] = digits[src[i] & 0xf];
        }

        dst[n] = '\0';
        return n;
}
