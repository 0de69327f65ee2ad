/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Text on the bus is UTF-8. The W functions take wchar_t strings, which on
 * Linux are UTF-32; the A functions take UTF-8. Everything here validates:
 * a surrogate, a code point above U+10FFFF or a malformed UTF-8 sequence is
 * an invalid parameter, never something passed on. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

/* Length of a valid UTF-8 sequence starting at s (at most n bytes
 * available), or 0 when the bytes there are not one. Overlong forms and
 * surrogates are refused. */
size_t utf8_sequence_length(const char *s, size_t n, uint32_t *ret_cp);

/* True when the first n bytes of s are valid UTF-8 without NUL. */
bool utf8_valid(const char *s, size_t n);

/* Number of code points in valid UTF-8. */
size_t utf8_char_count(const char *s);

bool unichar_valid(uint32_t cp);

/* Converts a wide string to freshly allocated UTF-8. At most max_units
 * wchar_t are read; when no NUL comes before that, returns -E2BIG (the
 * caller decides whether that means "too long"). -EINVAL for an invalid
 * code point, -ENOMEM. */
int wide_to_utf8(const wchar_t *w, size_t max_units, char **ret);

/* Decodes UTF-8 into buf (n wchar_t, n > 0), truncating at a character
 * boundary and always NUL-terminating. Returns the number of wchar_t the
 * whole string needs, without the NUL. Malformed input (which sd-bus never
 * delivers) becomes U+FFFD. */
size_t utf8_to_wide_buf(const char *s, wchar_t *buf, size_t n);

/* Copies UTF-8 into a char array of n bytes (n > 0), truncating at a
 * character boundary and always NUL-terminating. Returns strlen(s). */
size_t utf8_copy_buf(const char *s, char *buf, size_t n);
