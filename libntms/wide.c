/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "wide.h"

bool unichar_valid(uint32_t cp) {
        if (cp > 0x10FFFF)
                return false;
        if (cp >= 0xD800 && cp <= 0xDFFF)
                return false;
        return true;
}

size_t utf8_sequence_length(const char *str, size_t n, uint32_t *ret_cp) {
        const unsigned char *s = (const unsigned char *) str;
        uint32_t cp, min;
        size_t len;

        if (n == 0)
                return 0;

        if (s[0] < 0x80) {
                len = 1, cp = s[0], min = 0;
        } else if ((s[0] & 0xE0) == 0xC0) {
                len = 2, cp = s[0] & 0x1F, min = 0x80;
        } else if ((s[0] & 0xF0) == 0xE0) {
                len = 3, cp = s[0] & 0x0F, min = 0x800;
        } else if ((s[0] & 0xF8) == 0xF0) {
                len = 4, cp = s[0] & 0x07, min = 0x10000;
        } else
                return 0;

        if (len > n)
                return 0;
        for (size_t i = 1; i < len; i++) {
                if ((s[i] & 0xC0) != 0x80)
                        return 0;
                cp = (cp << 6) | (s[i] & 0x3F);
        }
        /* Overlong forms would let one character hide behind another. */
        if (cp < min || !unichar_valid(cp))
                return 0;

        if (ret_cp)
                *ret_cp = cp;
        return len;
}

bool utf8_valid(const char *s, size_t n) {
        while (n > 0) {
                size_t l;

                if (*s == 0)
                        return false;
                l = utf8_sequence_length(s, n, NULL);
                if (l == 0)
                        return false;
                s += l, n -= l;
        }
        return true;
}

size_t utf8_char_count(const char *s) {
        size_t count = 0;

        for (; *s; s++)
                if (((unsigned char) *s & 0xC0) != 0x80)
                        count++;
        return count;
}

static size_t utf8_encode(uint32_t cp, char out[static 4]) {
        if (cp < 0x80) {
                out[0] = (char) cp;
                return 1;
        }
        if (cp < 0x800) {
                out[0] = (char) (0xC0 | (cp >> 6));
                out[1] = (char) (0x80 | (cp & 0x3F));
                return 2;
        }
        if (cp < 0x10000) {
                out[0] = (char) (0xE0 | (cp >> 12));
                out[1] = (char) (0x80 | ((cp >> 6) & 0x3F));
                out[2] = (char) (0x80 | (cp & 0x3F));
                return 3;
        }
        out[0] = (char) (0xF0 | (cp >> 18));
        out[1] = (char) (0x80 | ((cp >> 12) & 0x3F));
        out[2] = (char) (0x80 | ((cp >> 6) & 0x3F));
        out[3] = (char) (0x80 | (cp & 0x3F));
        return 4;
}

int wide_to_utf8(const wchar_t *w, size_t max_units, char **ret) {
        size_t n = 0, j = 0;
        char *s;

        while (n < max_units && w[n] != 0) {
                /* wchar_t is signed on some ABIs: go through uint32_t so that
                 * a negative value is simply out of range. */
                if (!unichar_valid((uint32_t) w[n]))
                        return -EINVAL;
                n++;
        }
        if (n == max_units)
                return -E2BIG;

        s = malloc(n * 4 + 1);
        if (!s)
                return -ENOMEM;
        for (size_t i = 0; i < n; i++)
                j += utf8_encode((uint32_t) w[i], s + j);
        s[j] = 0;

        *ret = s;
        return 0;
}

size_t utf8_to_wide_buf(const char *s, wchar_t *buf, size_t n) {
        size_t left = strlen(s), needed = 0;

        while (left > 0) {
                uint32_t cp;
                size_t l = utf8_sequence_length(s, left, &cp);

                if (l == 0) {
                        cp = 0xFFFD;
                        l = 1;
                }
                if (needed + 1 < n)
                        buf[needed] = (wchar_t) cp;
                needed++;
                s += l, left -= l;
        }
        buf[needed < n ? needed : n - 1] = 0;
        return needed;
}

size_t utf8_copy_buf(const char *s, char *buf, size_t n) {
        size_t len = strlen(s), k = len;

        if (k >= n) {
                k = n - 1;
                /* Do not cut a character in half: back off to a lead byte. */
                while (k > 0 && ((unsigned char) s[k] & 0xC0) == 0x80)
                        k--;
        }
        memcpy(buf, s, k);
        buf[k] = 0;
        return len;
}
