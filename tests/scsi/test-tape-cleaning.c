/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Cleaning over a scripted tape drive: whether it asks for cleaning (TapeAlert, sense),
 * and what each look at a drive with a cleaning cartridge makes of its answers: tgt's
 * drive that takes the cartridge for a tape, drives that clean and eject, fail, or find
 * the cartridge spent. No clock: each look is one call. */

#include <errno.h>

#include "fake-transport.h"
#include "scsi-util.h"
#include "tape-cleaning.h"
#include "test-util.h"

#define OP_TEST_UNIT_READY 0x00
#define OP_LOAD_UNLOAD     0x1b
#define OP_LOG_SENSE       0x4d

typedef enum ReplyKind {
        REPLY_GOOD,
        REPLY_SENSE,
        REPLY_BUSY,
        REPLY_UNREACHABLE,
} ReplyKind;

typedef struct Reply {
        ReplyKind kind;
        uint8_t key, asc, ascq;
} Reply;

#define GOOD           ((Reply) { REPLY_GOOD, 0, 0, 0 })
#define SENSE(k, a, q) ((Reply) { REPLY_SENSE, (k), (a), (q) })
#define BUSY           ((Reply) { REPLY_BUSY, 0, 0, 0 })
#define UNREACHABLE    ((Reply) { REPLY_UNREACHABLE, 0, 0, 0 })

#define INVALID_OPCODE  SENSE(0x5, 0x20, 0x00)
#define INVALID_FIELD   SENSE(0x5, 0x24, 0x00)
#define NO_MEDIUM       SENSE(0x2, 0x3a, 0x00)
#define CLEANER_INSIDE  SENSE(0x2, 0x30, 0x03)

/* The replies to one command, in turn; the last one stays. */
typedef struct Script {
        Reply r[8];
        size_t n;
        unsigned calls;
        unsigned last_seq;      /* when it was last called, in commands */
} Script;

typedef struct Drive {
        Script tur, log_sense, load, unload;
        uint8_t page[4 + 64 * 5];       /* what a GOOD LOG SENSE returns */
        size_t page_len;
        uint8_t load_cdb[6];
        unsigned seq;
} Drive;

static void script_set(Script *s, const Reply *r, size_t n) {
        ck_assert_uint_le(n, ELEMENTSOF(s->r));
        *s = (Script) { .n = n };
        memcpy(s->r, r, n * sizeof(Reply));
}

#define SCRIPT(s, ...) \
        script_set((s), (const Reply[]) { __VA_ARGS__ }, sizeof((const Reply[]) { __VA_ARGS__ }) / sizeof(Reply))

/* A drive that has TapeAlert with the given flags set. */
static void drive_set_tapealert(Drive *d, uint64_t flags) {
        d->page[0] = TAPEALERT_LOG_PAGE;
        scsi_put_be16(d->page + 2, 64 * 5);
        for (unsigned code = 1; code <= 64; code++) {
                uint8_t *p = d->page + 4 + (code - 1) * 5;

                scsi_put_be16(p, (uint16_t) code);
                p[2] = 0x03;
                p[3] = 1;
                p[4] = (flags & TAPEALERT_BIT(code)) ? 0x01 : 0x00;
        }
        d->page_len = sizeof(d->page);
        SCRIPT(&d->log_sense, GOOD);
}

/* tgt's drive: ready with the cartridge, no LOG SENSE at all. */
static void drive_init(Drive *d) {
        *d = (Drive) {};
        SCRIPT(&d->tur, GOOD);
        SCRIPT(&d->log_sense, INVALID_OPCODE);
        SCRIPT(&d->load, GOOD);
        SCRIPT(&d->unload, GOOD);
}

static int play(Drive *d, Script *s, ScsiIo *io, const void *data, size_t len) {
        Reply r = s->r[SCSI_MIN((size_t) s->calls, s->n - 1)];

        s->calls++;
        s->last_seq = ++d->seq;

        switch (r.kind) {
        case REPLY_GOOD:
                if (io->direction == SCSI_DIRECTION_IN)
                        fake_reply_data(io, data, len);
                else
                        io->status = SCSI_STATUS_GOOD;
                return 0;
        case REPLY_SENSE:
                fake_reply_sense(io, r.key, r.asc, r.ascq);
                return 0;
        case REPLY_BUSY:
                io->status = SCSI_STATUS_BUSY;
                return 0;
        case REPLY_UNREACHABLE:
        default:
                return -ENOTCONN;
        }
}

static int drive_execute(void *userdata, ScsiIo *io) {
        Drive *d = userdata;

        switch (io->cdb[0]) {
        case OP_TEST_UNIT_READY:
                return play(d, &d->tur, io, NULL, 0);
        case OP_LOG_SENSE:
                /* Current values of page 0x2E, subpage 0, from the first parameter. */
                ck_assert_uint_eq(io->cdb[2], 0x40 | TAPEALERT_LOG_PAGE);
                ck_assert_uint_eq(io->cdb[3], 0);
                ck_assert_uint_eq(scsi_get_be16(io->cdb + 5), 0);
                ck_assert_uint_ge(io->data_len, sizeof(d->page));
                return play(d, &d->log_sense, io, d->page, d->page_len);
        case OP_LOAD_UNLOAD:
                if (io->cdb[4] & 0x01) {
                        memcpy(d->load_cdb, io->cdb, sizeof(d->load_cdb));
                        return play(d, &d->load, io, NULL, 0);
                }
                return play(d, &d->unload, io, NULL, 0);
        default:
                ck_abort_msg("unexpected command 0x%02x", io->cdb[0]);
                return -EIO;
        }
}

static ScsiTransport *drive_open(Drive *d) {
        ScsiTransport *t;

        ck_assert_int_eq(fake_transport_new(drive_execute, d, &t), 0);
        return t;
}

static int wanted(Drive *d, bool *ret) {
        _cleanup_scsi_transport_ ScsiTransport *t = drive_open(d);

        *ret = true;    /* must be cleared when the answer is no */
        return tape_cleaning_wanted(t, ret);
}

START_TEST(test_wanted_tgt) {
        bool w = false;
        Drive d;

        drive_init(&d);
        ck_assert_int_eq(wanted(&d, &w), 0);
        ck_assert(!w);
        ck_assert_uint_eq(d.log_sense.calls, 1);        /* rejected is final */
        ck_assert_uint_eq(d.tur.calls, 1);

        /* An empty drive, as tgt's says it. */
        SCRIPT(&d.tur, NO_MEDIUM);
        ck_assert_int_eq(wanted(&d, &w), 0);
        ck_assert(!w);
}
END_TEST

START_TEST(test_wanted_tapealert) {
        static const struct {
                uint64_t flags;
                bool wanted;
        } t[] = {
                { 0,                                     false },
                { TAPEALERT_BIT(TAPEALERT_CLEAN_NOW),      true },
                { TAPEALERT_BIT(TAPEALERT_CLEAN_PERIODIC), true },
                { TAPEALERT_BIT(TAPEALERT_EXPIRED_CLEANING_MEDIA) | TAPEALERT_BIT(TAPEALERT_INVALID_CLEANING_TAPE), false },
                { ~(TAPEALERT_BIT(TAPEALERT_CLEAN_NOW) | TAPEALERT_BIT(TAPEALERT_CLEAN_PERIODIC)), false },
                { UINT64_MAX,                            true },
        };

        for (size_t i = 0; i < ELEMENTSOF(t); i++) {
                bool w = false;
                Drive d;

                drive_init(&d);
                drive_set_tapealert(&d, t[i].flags);
                ck_assert_int_eq(wanted(&d, &w), 0);
                ck_assert_msg(w == t[i].wanted, "flags %016llx", (unsigned long long) t[i].flags);
                ck_assert_uint_eq(d.log_sense.calls, 1);
        }
}
END_TEST

START_TEST(test_wanted_sense) {
        static const struct {
                Reply log_sense, tur;
                bool wanted;
        } t[] = {
                /* The page unsupported, the sense of TEST UNIT READY says it. */
                { INVALID_FIELD,          SENSE(0x0, 0x00, 0x17), true },
                { INVALID_OPCODE,         SENSE(0x1, 0x00, 0x17), true },
                { INVALID_OPCODE,         SENSE(0x2, 0x00, 0x17), true },
                { INVALID_OPCODE,         SENSE(0x0, 0x00, 0x00), false },
                { INVALID_OPCODE,         CLEANER_INSIDE,         false },
                /* LOG SENSE failing otherwise tells nothing either. */
                { SENSE(0x2, 0x04, 0x00), GOOD,                   false },
                { SENSE(0x4, 0x44, 0x00), SENSE(0x0, 0x00, 0x17), true },
                { BUSY,                   GOOD,                   false },
        };

        for (size_t i = 0; i < ELEMENTSOF(t); i++) {
                bool w = false;
                Drive d;

                drive_init(&d);
                SCRIPT(&d.log_sense, t[i].log_sense);
                SCRIPT(&d.tur, t[i].tur);
                ck_assert_int_eq(wanted(&d, &w), 0);
                ck_assert_msg(w == t[i].wanted, "case %zu", i);
        }
}
END_TEST

START_TEST(test_wanted_attention) {
        /* A unit attention hides nothing: each command is asked again. */
        for (unsigned which = 0; which < 2; which++) {
                bool w = false;
                Drive d;

                drive_init(&d);
                if (which == 0) {
                        drive_set_tapealert(&d, TAPEALERT_BIT(TAPEALERT_CLEAN_NOW));
                        SCRIPT(&d.log_sense, SENSE(0x6, 0x29, 0x00), GOOD);
                } else
                        SCRIPT(&d.tur, SENSE(0x6, 0x28, 0x00), SENSE(0x0, 0x00, 0x17));

                ck_assert_int_eq(wanted(&d, &w), 0);
                ck_assert(w);
                ck_assert_uint_eq(which == 0 ? d.log_sense.calls : d.tur.calls, 2);
        }
}
END_TEST

START_TEST(test_wanted_malformed_page) {
        bool w = false;
        Drive d;

        /* Some other page, or a truncated one: only what arrived whole counts. */
        drive_init(&d);
        drive_set_tapealert(&d, TAPEALERT_BIT(TAPEALERT_CLEAN_NOW));
        d.page[0] = 0x00;
        ck_assert_int_eq(wanted(&d, &w), 0);
        ck_assert(!w);

        drive_init(&d);
        drive_set_tapealert(&d, TAPEALERT_BIT(TAPEALERT_CLEAN_NOW));
        d.page_len = 4 + 5 * (TAPEALERT_CLEAN_NOW - 1) + 4;
        ck_assert_int_eq(wanted(&d, &w), 0);
        ck_assert(!w);

        d.page_len += 1;
        ck_assert_int_eq(wanted(&d, &w), 0);
        ck_assert(w);
}
END_TEST

START_TEST(test_wanted_unreachable) {
        bool w = true;
        Drive d;

        drive_init(&d);
        SCRIPT(&d.log_sense, UNREACHABLE);
        ck_assert_int_eq(wanted(&d, &w), -ENOTCONN);
        ck_assert(!w);

        drive_init(&d);
        drive_set_tapealert(&d, TAPEALERT_BIT(TAPEALERT_CLEAN_NOW));
        SCRIPT(&d.tur, UNREACHABLE);
        ck_assert_int_eq(wanted(&d, &w), -ENOTCONN);
}
END_TEST

/* Looks at the drive until it says something other than "at work", at most max
 * times; the number of looks in *ret_looks. */
static int poll_until_done(ScsiTransport *t, unsigned max, unsigned *ret_looks) {
        TapeCleaning c = {};
        int r = 0;

        for (*ret_looks = 0; *ret_looks < max; ) {
                r = tape_cleaning_poll(t, &c);
                (*ret_looks)++;
                if (r != 0)
                        break;
        }
        return r;
}

START_TEST(test_clean_and_eject) {
        _cleanup_scsi_transport_ ScsiTransport *t = NULL;
        uint64_t flags = 0;
        unsigned looks;
        Drive d;

        /* A drive that cleans, then ejects the cartridge by itself. */
        drive_init(&d);
        drive_set_tapealert(&d, TAPEALERT_BIT(TAPEALERT_CLEANING_VOLUME));
        SCRIPT(&d.tur, SENSE(0x6, 0x28, 0x00), CLEANER_INSIDE, CLEANER_INSIDE,
               SENSE(0x2, 0x04, 0x01), BUSY, NO_MEDIUM);
        SCRIPT(&d.unload, NO_MEDIUM);
        t = drive_open(&d);
        ck_assert_int_eq(poll_until_done(t, 10, &looks), 1);
        ck_assert_uint_eq(looks, 6);
        ck_assert_uint_eq(d.load.calls, 0);

        ck_assert_int_eq(tape_cleaning_finish(t, 0, &flags), 0);
        ck_assert_uint_eq(flags, TAPEALERT_BIT(TAPEALERT_CLEANING_VOLUME));
        ck_assert_uint_eq(d.unload.calls, 1);
        /* TapeAlert before the cartridge leaves. */
        ck_assert_uint_lt(d.log_sense.last_seq, d.unload.last_seq);
}
END_TEST

START_TEST(test_clean_still_at_work) {
        _cleanup_scsi_transport_ ScsiTransport *t = NULL;
        unsigned looks;
        Drive d;

        /* The caller gives up: the cartridge is unloaded all the same. */
        drive_init(&d);
        drive_set_tapealert(&d, TAPEALERT_BIT(TAPEALERT_EXPIRED_CLEANING_MEDIA));
        SCRIPT(&d.tur, CLEANER_INSIDE);
        t = drive_open(&d);
        ck_assert_int_eq(poll_until_done(t, 20, &looks), 0);
        ck_assert_uint_eq(looks, 20);
        ck_assert_int_eq(tape_cleaning_finish(t, -ETIME, NULL), -ETIME);
        ck_assert_uint_eq(d.unload.calls, 1);
}
END_TEST

START_TEST(test_clean_outcomes) {
        static const struct {
                Reply tur;
                uint64_t flags;
                int poll, finish;
        } t[] = {
                /* Done: tgt's drive takes the cartridge for a tape and is ready, a
                 * real one ejects it. */
                { GOOD,                   0,                                             1,            0 },
                { NO_MEDIUM,              0,                                             1,            0 },
                /* The drive's word on the cleaning. */
                { SENSE(0x4, 0x30, 0x07), 0,                                             -EIO,         -EIO },
                { SENSE(0x2, 0x30, 0x07), 0,                                             -EIO,         -EIO },
                { SENSE(0x5, 0x30, 0x0a), 0,                                             -EIO,         -EIO },
                { SENSE(0x3, 0x30, 0x0b), 0,                                             -EMEDIUMTYPE, -EMEDIUMTYPE },
                { SENSE(0x2, 0x30, 0x13), 0,                                             -EMEDIUMTYPE, -EMEDIUMTYPE },
                /* The cartridge at fault as TapeAlert has it: after a failure ... */
                { SENSE(0x4, 0x30, 0x07), TAPEALERT_BIT(TAPEALERT_INVALID_CLEANING_TAPE),  -EIO,         -EMEDIUMTYPE },
                /* ... or when the drive simply ejected it. */
                { NO_MEDIUM,              TAPEALERT_BIT(TAPEALERT_EXPIRED_CLEANING_MEDIA), 1,            -EMEDIUMTYPE },
                { GOOD,                   TAPEALERT_BIT(TAPEALERT_INVALID_CLEANING_TAPE),  1,            -EMEDIUMTYPE },
                /* Clean now still raised is told, not judged. */
                { NO_MEDIUM,              TAPEALERT_BIT(TAPEALERT_CLEAN_NOW),              1,            0 },
                /* Other failures are the drive's own. */
                { SENSE(0x4, 0x44, 0x00), 0,                                             -EIO,         -EIO },
                { SENSE(0x3, 0x11, 0x00), 0,                                             -EIO,         -EIO },
                { SENSE(0x5, 0x24, 0x00), 0,                                             -EINVAL,      -EINVAL },
                { SENSE(0x7, 0x27, 0x00), 0,                                             -EROFS,       -EROFS },
                { UNREACHABLE,            0,                                             -ENOTCONN,    -ENOTCONN },
        };

        for (size_t i = 0; i < ELEMENTSOF(t); i++) {
                _cleanup_scsi_transport_ ScsiTransport *tr = NULL;
                uint64_t flags = 0;
                unsigned looks;
                Drive d;
                int r;

                drive_init(&d);
                if (t[i].flags != 0)
                        drive_set_tapealert(&d, t[i].flags);
                SCRIPT(&d.tur, CLEANER_INSIDE, t[i].tur);
                tr = drive_open(&d);

                r = poll_until_done(tr, 10, &looks);
                ck_assert_msg(r == t[i].poll, "case %zu: poll %d", i, r);
                ck_assert_uint_eq(looks, 2);

                r = tape_cleaning_finish(tr, r > 0 ? 0 : r, &flags);
                ck_assert_msg(r == t[i].finish, "case %zu: finish %d", i, r);
                ck_assert_uint_eq(flags, t[i].flags);
                ck_assert_uint_eq(d.unload.calls, 1);
                ck_assert_uint_eq(d.load.calls, 0);
        }
}
END_TEST

START_TEST(test_clean_load) {
        _cleanup_scsi_transport_ ScsiTransport *t = NULL;
        unsigned looks;
        Drive d;

        /* Not ready for no reason it names: one LOAD, immediate, then looks only. */
        drive_init(&d);
        SCRIPT(&d.tur, SENSE(0x2, 0x04, 0x02), SENSE(0x2, 0x04, 0x00), CLEANER_INSIDE, SENSE(0x2, 0x04, 0x00), NO_MEDIUM);
        t = drive_open(&d);
        ck_assert_int_eq(poll_until_done(t, 10, &looks), 1);
        ck_assert_uint_eq(looks, 5);
        ck_assert_uint_eq(d.load.calls, 1);
        ck_assert_uint_eq(d.load_cdb[1], 0x01);         /* IMMED */
        ck_assert_uint_eq(d.load_cdb[4], 0x01);         /* LOAD */
}
END_TEST

START_TEST(test_clean_load_answers) {
        static const struct {
                Reply load;
                int poll;
        } t[] = {
                { GOOD,                   0 },
                { CLEANER_INSIDE,         0 },
                { SENSE(0x2, 0x04, 0x00), 0 },
                { NO_MEDIUM,              1 },
                { SENSE(0x4, 0x30, 0x07), -EIO },
                { SENSE(0x3, 0x30, 0x13), -EMEDIUMTYPE },
                { SENSE(0x4, 0x44, 0x00), -EIO },
                { UNREACHABLE,            -ENOTCONN },
        };

        for (size_t i = 0; i < ELEMENTSOF(t); i++) {
                _cleanup_scsi_transport_ ScsiTransport *tr = NULL;
                TapeCleaning c = {};
                Drive d;

                drive_init(&d);
                SCRIPT(&d.tur, SENSE(0x2, 0x04, 0x00));
                SCRIPT(&d.load, t[i].load);
                tr = drive_open(&d);
                ck_assert_msg(tape_cleaning_poll(tr, &c) == t[i].poll, "case %zu", i);
                ck_assert(c.load_sent);
                ck_assert_uint_eq(d.load.calls, 1);
        }
}
END_TEST

START_TEST(test_clean_unload_fails) {
        _cleanup_scsi_transport_ ScsiTransport *t = NULL;
        Drive d;

        /* After a cleaning that went well, a failed unload is the outcome ... */
        drive_init(&d);
        SCRIPT(&d.unload, SENSE(0x4, 0x53, 0x00));
        t = drive_open(&d);
        ck_assert_int_eq(tape_cleaning_finish(t, 0, NULL), -EIO);

        /* ... after one that did not, the cleaning's own failure stays. */
        ck_assert_int_eq(tape_cleaning_finish(t, -EIO, NULL), -EIO);
        ck_assert_int_eq(tape_cleaning_finish(t, -ETIME, NULL), -ETIME);

        /* TapeAlert not reached: the unload still is. */
        drive_init(&d);
        SCRIPT(&d.log_sense, UNREACHABLE);
        ck_assert_int_eq(tape_cleaning_finish(t, 0, NULL), 0);
        ck_assert_uint_eq(d.unload.calls, 1);
}
END_TEST

static Suite *suite(void) {
        Suite *s = suite_create("tape-cleaning");
        TCase *tc;

        tc = tcase_create("wanted");
        tcase_add_test(tc, test_wanted_tgt);
        tcase_add_test(tc, test_wanted_tapealert);
        tcase_add_test(tc, test_wanted_sense);
        tcase_add_test(tc, test_wanted_attention);
        tcase_add_test(tc, test_wanted_malformed_page);
        tcase_add_test(tc, test_wanted_unreachable);
        suite_add_tcase(s, tc);

        tc = tcase_create("clean");
        tcase_add_test(tc, test_clean_and_eject);
        tcase_add_test(tc, test_clean_still_at_work);
        tcase_add_test(tc, test_clean_outcomes);
        tcase_add_test(tc, test_clean_load);
        tcase_add_test(tc, test_clean_load_answers);
        tcase_add_test(tc, test_clean_unload_fails);
        suite_add_tcase(s, tc);
        return s;
}

RUN_SUITE(suite())
