/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"

/* Read tests/scsi/fixtures/<name> into a new buffer. */
static inline uint8_t *fixture_load(const char *name, size_t *ret_len) {
        char path[4096];
        uint8_t *buf;
        FILE *f;
        long n;

        snprintf(path, sizeof(path), "%s/%s", FIXTURE_DIR, name);
        f = fopen(path, "re");
        ck_assert_msg(f, "cannot open fixture %s", path);
        ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
        n = ftell(f);
        ck_assert_int_ge(n, 0);
        rewind(f);
        buf = malloc((size_t) n + 1);
        ck_assert_ptr_nonnull(buf);
        ck_assert_uint_eq(fread(buf, 1, (size_t) n, f), (size_t) n);
        fclose(f);
        *ret_len = (size_t) n;
        return buf;
}

#define ck_assert_bytes(actual, actual_len, ...)                                        \
        do {                                                                            \
                static const uint8_t _expect_[] = { __VA_ARGS__ };                      \
                ck_assert_uint_eq((actual_len), sizeof(_expect_));                      \
                ck_assert_mem_eq((actual), _expect_, sizeof(_expect_));                 \
        } while (0)

#define RUN_SUITE(s)                                                                    \
        int main(void) {                                                                \
                SRunner *sr = srunner_create(s);                                        \
                int failed;                                                             \
                srunner_run_all(sr, CK_NORMAL);                                         \
                failed = srunner_ntests_failed(sr);                                     \
                srunner_free(sr);                                                       \
                return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;                       \
        }
