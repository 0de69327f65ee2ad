/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The TapeAlert parser and the log page walk beneath it, against hand-made pages: whole,
 * cut short by the reply or by their own page length, with odd parameter lengths and
 * codes, and with headers that name another page. */

#include <errno.h>

#include "scsi-util.h"
#include "spc.h"
#include "tapealert.h"
#include "test-util.h"

#define ALL_FLAGS UINT64_MAX

typedef struct Page {
        uint8_t b[1024];
        size_t len;
} Page;

static void page_start(Page *p, uint8_t header0) {
        memset(p, 0, sizeof(*p));
        p->b[0] = header0;
        p->len = 4;
}

static void page_param(Page *p, uint16_t code, uint8_t plen, const uint8_t *value) {
        ck_assert_uint_le(p->len + 4 + plen, sizeof(p->b));
        scsi_put_be16(p->b + p->len, code);
        p->b[p->len + 2] = 0x03;        /* binary format list, as SSC has it */
        p->b[p->len + 3] = plen;
        if (plen > 0)
                memcpy(p->b + p->len + 4, value, plen);
        p->len += 4 + (size_t) plen;
}

static void page_flag(Page *p, uint16_t code, uint8_t value) {
        page_param(p, code, 1, &value);
}

/* The page length the header announces: the bytes after the header. */
static size_t page_end(Page *p) {
        scsi_put_be16(p->b + 2, (uint16_t) (p->len - 4));
        return p->len;
}

/* The page a drive sends: all 64 parameters, in order, the given flags set. */
static size_t page_full(Page *p, uint64_t set) {
        page_start(p, TAPEALERT_LOG_PAGE);
        for (unsigned code = 1; code <= 64; code++)
                page_flag(p, (uint16_t) code, (set & TAPEALERT_BIT(code)) ? 0x01 : 0x00);
        return page_end(p);
}

START_TEST(test_full_page) {
        TapeAlert a;
        Page p;

        ck_assert_int_eq(tapealert_parse(p.b, page_full(&p, 0), &a), 0);
        ck_assert_uint_eq(p.len, 4 + 64 * 5);
        ck_assert_uint_eq(a.flags, 0);
        ck_assert_uint_eq(a.reported, ALL_FLAGS);
        ck_assert(!a.truncated);
        ck_assert(!tapealert_wants_cleaning(a.flags));
        ck_assert(!tapealert_cleaner_at_fault(a.flags));

        ck_assert_int_eq(tapealert_parse(p.b, page_full(&p, ALL_FLAGS), &a), 0);
        ck_assert_uint_eq(a.flags, ALL_FLAGS);

        /* The first and the last parameter land on the first and the last bit. */
        ck_assert_int_eq(tapealert_parse(p.b, page_full(&p, TAPEALERT_BIT(1) | TAPEALERT_BIT(64)), &a), 0);
        ck_assert_uint_eq(a.flags, UINT64_C(0x8000000000000001));
}
END_TEST

START_TEST(test_cleaning_flags) {
        static const struct {
                unsigned code;
                bool wants, fault;
        } t[] = {
                { TAPEALERT_CLEAN_NOW,              true,  false },
                { TAPEALERT_CLEAN_PERIODIC,         true,  false },
                { TAPEALERT_EXPIRED_CLEANING_MEDIA, false, true },
                { TAPEALERT_INVALID_CLEANING_TAPE,  false, true },
                { TAPEALERT_CLEANING_VOLUME,        false, false },
                { 0x03,                             false, false },
                { 0x1d,                             false, false },
        };

        for (size_t i = 0; i < ELEMENTSOF(t); i++) {
                TapeAlert a;
                Page p;

                ck_assert_int_eq(tapealert_parse(p.b, page_full(&p, TAPEALERT_BIT(t[i].code)), &a), 0);
                ck_assert_uint_eq(a.flags, TAPEALERT_BIT(t[i].code));
                ck_assert_msg(tapealert_wants_cleaning(a.flags) == t[i].wants, "flag 0x%02x", t[i].code);
                ck_assert_msg(tapealert_cleaner_at_fault(a.flags) == t[i].fault, "flag 0x%02x", t[i].code);
        }

        ck_assert_uint_eq(TAPEALERT_BIT(TAPEALERT_CLEAN_NOW), UINT64_C(1) << 19);
        ck_assert(tapealert_wants_cleaning(ALL_FLAGS));
        ck_assert(tapealert_cleaner_at_fault(ALL_FLAGS));
        ck_assert(!tapealert_wants_cleaning(~(TAPEALERT_BIT(0x14) | TAPEALERT_BIT(0x15))));
        ck_assert(!tapealert_cleaner_at_fault(~(TAPEALERT_BIT(0x16) | TAPEALERT_BIT(0x17))));
}
END_TEST

/* Hand-made pages of a few parameters each, and what they must come to. */
typedef struct Param {
        uint16_t code;
        uint8_t len;
        uint8_t value[5];
} Param;

static const struct {
        const char *what;
        Param params[5];
        size_t n;
        uint64_t flags, reported;
} pages[] = {
        { "only bit 0 is the flag, the rest of the byte is reserved",
          { { 0x14, 1, { 0xfe } }, { 0x15, 1, { 0xff } }, { 0x16, 1, { 0x01 } } }, 3,
          TAPEALERT_BIT(0x15) | TAPEALERT_BIT(0x16),
          TAPEALERT_BIT(0x14) | TAPEALERT_BIT(0x15) | TAPEALERT_BIT(0x16) },
        { "no value says nothing, a longer one starts with the flag, the walk goes on",
          { { 0x01, 0, {} }, { 0x14, 2, { 0x01, 0x00 } }, { 0x15, 5, { 0x00, 0xff, 0xff, 0xff, 0xff } },
            { 0x16, 1, { 0x01 } } }, 4,
          TAPEALERT_BIT(0x14) | TAPEALERT_BIT(0x16),
          TAPEALERT_BIT(0x14) | TAPEALERT_BIT(0x15) | TAPEALERT_BIT(0x16) },
        { "codes outside 0x01..0x40 are skipped",
          { { 0x0000, 1, { 1 } }, { 0x0041, 1, { 1 } }, { 0x8014, 1, { 1 } }, { 0xffff, 1, { 1 } },
            { 0x0040, 1, { 1 } } }, 5,
          TAPEALERT_BIT(0x40), TAPEALERT_BIT(0x40) },
        { "a flag once set stays set",
          { { 0x14, 1, { 1 } }, { 0x14, 1, { 0 } } }, 2,
          TAPEALERT_BIT(0x14), TAPEALERT_BIT(0x14) },
};

START_TEST(test_pages) {
        TapeAlert a;
        Page p;

        page_start(&p, TAPEALERT_LOG_PAGE);
        for (size_t i = 0; i < pages[_i].n; i++)
                page_param(&p, pages[_i].params[i].code, pages[_i].params[i].len, pages[_i].params[i].value);

        ck_assert_int_eq(tapealert_parse(p.b, page_end(&p), &a), 0);
        ck_assert_msg(a.flags == pages[_i].flags, "%s: flags %016llx", pages[_i].what, (unsigned long long) a.flags);
        ck_assert_msg(a.reported == pages[_i].reported, "%s: reported %016llx", pages[_i].what,
                      (unsigned long long) a.reported);
        ck_assert(!a.truncated);
}
END_TEST

START_TEST(test_reply_cut_short) {
        const size_t before_0x14 = 4 + 5 * (0x14 - 1);
        TapeAlert a;
        Page p;

        page_full(&p, TAPEALERT_BIT(0x13) | TAPEALERT_BIT(0x14) | TAPEALERT_BIT(0x15));

        /* Cut inside the header of parameter 0x14, then inside its value: what came
         * before counts, the parameter cut does not. */
        for (size_t cut = before_0x14 + 1; cut < before_0x14 + 5; cut++) {
                ck_assert_int_eq(tapealert_parse(p.b, cut, &a), 0);
                ck_assert_uint_eq(a.reported, TAPEALERT_BIT(0x14) - 1);
                ck_assert_uint_eq(a.flags, TAPEALERT_BIT(0x13));
                ck_assert(a.truncated);
                ck_assert(!tapealert_wants_cleaning(a.flags));
        }

        /* Cut right after it: whole, nothing dropped. */
        ck_assert_int_eq(tapealert_parse(p.b, before_0x14 + 5, &a), 0);
        ck_assert_uint_eq(a.reported, TAPEALERT_BIT(0x15) - 1);
        ck_assert(tapealert_wants_cleaning(a.flags));
        ck_assert(!a.truncated);

        /* The header alone: an empty page. */
        ck_assert_int_eq(tapealert_parse(p.b, 4, &a), 0);
        ck_assert_uint_eq(a.reported, 0);
        ck_assert(!a.truncated);
}
END_TEST

START_TEST(test_page_length) {
        TapeAlert a;
        Page p;

        page_full(&p, TAPEALERT_BIT(0x14));

        /* Shorter than what arrived: what lies past it is not the page. */
        scsi_put_be16(p.b + 2, 5 * 0x13);
        ck_assert_int_eq(tapealert_parse(p.b, p.len, &a), 0);
        ck_assert_uint_eq(a.reported, TAPEALERT_BIT(0x14) - 1);
        ck_assert(!tapealert_wants_cleaning(a.flags));
        ck_assert(!a.truncated);

        /* Ending inside a parameter. */
        scsi_put_be16(p.b + 2, 5 * 0x14 - 2);
        ck_assert_int_eq(tapealert_parse(p.b, p.len, &a), 0);
        ck_assert_uint_eq(a.reported, TAPEALERT_BIT(0x14) - 1);
        ck_assert(a.truncated);

        /* Longer than what arrived: trusted no further than the bytes. */
        scsi_put_be16(p.b + 2, 0xffff);
        ck_assert_int_eq(tapealert_parse(p.b, p.len, &a), 0);
        ck_assert_uint_eq(a.reported, ALL_FLAGS);
        ck_assert(tapealert_wants_cleaning(a.flags));
        ck_assert(!a.truncated);

        /* Zero. */
        scsi_put_be16(p.b + 2, 0);
        ck_assert_int_eq(tapealert_parse(p.b, p.len, &a), 0);
        ck_assert_uint_eq(a.reported, 0);
}
END_TEST

START_TEST(test_header) {
        TapeAlert a;
        Page p;

        page_full(&p, TAPEALERT_BIT(0x14));

        ck_assert_int_eq(tapealert_parse(NULL, 0, &a), -EBADMSG);
        ck_assert_int_eq(tapealert_parse(p.b, 3, &a), -EBADMSG);
        ck_assert_uint_eq(a.flags, 0);

        /* Another page: the supported pages list of a drive that ignored the code. */
        p.b[0] = 0x00;
        ck_assert_int_eq(tapealert_parse(p.b, p.len, &a), -EBADMSG);
        ck_assert_uint_eq(a.flags, 0);
        p.b[0] = 0x2d;
        ck_assert_int_eq(tapealert_parse(p.b, p.len, &a), -EBADMSG);

        /* DS and SPF are not part of the page code. */
        p.b[0] = 0x80 | TAPEALERT_LOG_PAGE;
        ck_assert_int_eq(tapealert_parse(p.b, p.len, &a), 0);
        ck_assert(tapealert_wants_cleaning(a.flags));

        /* With SPF the subpage must be the one asked for (0) ... */
        p.b[0] = 0x40 | TAPEALERT_LOG_PAGE;
        ck_assert_int_eq(tapealert_parse(p.b, p.len, &a), 0);
        p.b[1] = 0x01;
        ck_assert_int_eq(tapealert_parse(p.b, p.len, &a), -EBADMSG);

        /* ... without it the byte is reserved. */
        p.b[0] = TAPEALERT_LOG_PAGE;
        p.b[1] = 0x55;
        ck_assert_int_eq(tapealert_parse(p.b, p.len, &a), 0);
        ck_assert(tapealert_wants_cleaning(a.flags));
}
END_TEST

START_TEST(test_log_page_walk) {
        static const uint8_t value[3] = { 0xaa, 0xbb, 0xcc };
        SpcLogParameter param;
        SpcLogPage walk;
        Page p;

        page_start(&p, 0x40 | 0x0d);
        p.b[1] = 0x01;
        page_param(&p, 0x0001, sizeof(value), value);
        page_param(&p, 0x8000, 0, NULL);
        page_end(&p);

        /* A subpage asked for must come with SPF. */
        ck_assert_int_eq(spc_log_page_open(p.b, p.len, 0x0d, 0x00, &walk), -EBADMSG);
        ck_assert_int_eq(spc_log_page_open(p.b, p.len, 0x0d, 0x01, &walk), 0);

        ck_assert_int_eq(spc_log_page_next(&walk, &param), 1);
        ck_assert_uint_eq(param.code, 0x0001);
        ck_assert_uint_eq(param.control, 0x03);
        ck_assert_uint_eq(param.len, sizeof(value));
        ck_assert_mem_eq(param.value, value, sizeof(value));

        ck_assert_int_eq(spc_log_page_next(&walk, &param), 1);
        ck_assert_uint_eq(param.code, 0x8000);
        ck_assert_uint_eq(param.len, 0);

        ck_assert_int_eq(spc_log_page_next(&walk, &param), 0);
        ck_assert_int_eq(spc_log_page_next(&walk, &param), 0);
        ck_assert(!walk.truncated);

        /* Without SPF, a subpage other than 0 is not what arrived. */
        p.b[0] = 0x0d;
        ck_assert_int_eq(spc_log_page_open(p.b, p.len, 0x0d, 0x01, &walk), -EBADMSG);
}
END_TEST

START_TEST(test_names) {
        char buf[2048], small[8];

        ck_assert_ptr_null(tapealert_flag_to_string(0));
        ck_assert_ptr_null(tapealert_flag_to_string(0x41));
        ck_assert_str_eq(tapealert_flag_to_string(TAPEALERT_CLEAN_NOW), "clean-now");
        ck_assert_str_eq(tapealert_flag_to_string(TAPEALERT_CLEAN_PERIODIC), "clean-periodic");
        ck_assert_str_eq(tapealert_flag_to_string(TAPEALERT_EXPIRED_CLEANING_MEDIA), "expired-cleaning-media");
        ck_assert_str_eq(tapealert_flag_to_string(TAPEALERT_INVALID_CLEANING_TAPE), "invalid-cleaning-tape");

        /* Every code has its own name. */
        for (unsigned i = 1; i <= 64; i++) {
                ck_assert_ptr_nonnull(tapealert_flag_to_string(i));
                for (unsigned j = 1; j < i; j++)
                        ck_assert_str_ne(tapealert_flag_to_string(i), tapealert_flag_to_string(j));
        }

        ck_assert_str_eq(tapealert_flags_to_string(0, buf, sizeof(buf)), "none");
        ck_assert_str_eq(tapealert_flags_to_string(TAPEALERT_BIT(0x16) | TAPEALERT_BIT(0x14), buf, sizeof(buf)),
                         "clean-now,expired-cleaning-media");
        ck_assert_str_eq(tapealert_flags_to_string(TAPEALERT_BIT(0x14), small, sizeof(small)), "clean-n");
        ck_assert_str_eq(tapealert_flags_to_string(TAPEALERT_BIT(0x01) | TAPEALERT_BIT(0x14), small, sizeof(small)),
                         "read-wa");

        /* All 64 fit in a buffer of this size; the last one is there. */
        tapealert_flags_to_string(ALL_FLAGS, buf, sizeof(buf));
        ck_assert_ptr_nonnull(strstr(buf, "reserved-0x40"));
}
END_TEST

static Suite *suite(void) {
        Suite *s = suite_create("tapealert");
        TCase *tc = tcase_create("parse");

        tcase_add_test(tc, test_full_page);
        tcase_add_test(tc, test_cleaning_flags);
        tcase_add_loop_test(tc, test_pages, 0, ELEMENTSOF(pages));
        tcase_add_test(tc, test_reply_cut_short);
        tcase_add_test(tc, test_page_length);
        tcase_add_test(tc, test_header);
        tcase_add_test(tc, test_log_page_walk);
        tcase_add_test(tc, test_names);
        suite_add_tcase(s, tc);
        return s;
}

RUN_SUITE(suite())
