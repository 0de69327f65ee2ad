/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "ntms-guid.h"

void ntms_guid_to_string(const NtmsGuidBytes *g, char buf[static NTMS_GUID_STRING_MAX]) {
        snprintf(buf, NTMS_GUID_STRING_MAX,
                 "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                 g->data1, g->data2, g->data3,
                 g->data4[0], g->data4[1], g->data4[2], g->data4[3],
                 g->data4[4], g->data4[5], g->data4[6], g->data4[7]);
}

static int unhex(char c) {
        if (c >= '0' && c <= '9')
                return c - '0';
        if (c >= 'a' && c <= 'f')
                return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
                return c - 'A' + 10;
        return -EINVAL;
}

/* Reads n hex digits (n <= 8) from s into *ret. */
static int read_hex(const char *s, unsigned n, uint32_t *ret) {
        uint32_t v = 0;

        for (unsigned i = 0; i < n; i++) {
                int d = unhex(s[i]);
                if (d < 0)
                        return d;
                v = (v << 4) | (uint32_t) d;
        }
        *ret = v;
        return 0;
}

int ntms_guid_from_string(const char *s, NtmsGuidBytes *ret) {
        NtmsGuidBytes g;
        uint32_t v;

        if (!s || strlen(s) != 36)
                return -EINVAL;
        if (s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-')
                return -EINVAL;

        if (read_hex(s, 8, &g.data1) < 0)
                return -EINVAL;
        if (read_hex(s + 9, 4, &v) < 0)
                return -EINVAL;
        g.data2 = (uint16_t) v;
        if (read_hex(s + 14, 4, &v) < 0)
                return -EINVAL;
        g.data3 = (uint16_t) v;

        static const unsigned offsets[8] = { 19, 21, 24, 26, 28, 30, 32, 34 };
        for (unsigned i = 0; i < 8; i++) {
                if (read_hex(s + offsets[i], 2, &v) < 0)
                        return -EINVAL;
                g.data4[i] = (uint8_t) v;
        }

        if (ret)
                *ret = g;
        return 0;
}

bool ntms_guid_string_valid(const char *s) {
        return ntms_guid_from_string(s, NULL) >= 0;
}

int ntms_guid_new(NtmsGuidBytes *ret) {
        uint8_t b[16];
        size_t got = 0;

        while (got < sizeof b) {
                ssize_t n = getrandom(b + got, sizeof b - got, 0);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                got += (size_t) n;
        }

        /* RFC 4122 version 4, variant 10xx. */
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;

        ret->data1 = (uint32_t) b[0] << 24 | (uint32_t) b[1] << 16 | (uint32_t) b[2] << 8 | b[3];
        ret->data2 = (uint16_t) (b[4] << 8 | b[5]);
        ret->data3 = (uint16_t) (b[6] << 8 | b[7]);
        memcpy(ret->data4, b + 8, 8);
        return 0;
}

int ntms_guid_new_string(char buf[static NTMS_GUID_STRING_MAX]) {
        NtmsGuidBytes g;
        int r;

        r = ntms_guid_new(&g);
        if (r < 0)
                return r;
        ntms_guid_to_string(&g, buf);
        return 0;
}

bool ntms_guid_is_null(const NtmsGuidBytes *g) {
        static const NtmsGuidBytes null;
        return memcmp(g, &null, sizeof null) == 0;
}
