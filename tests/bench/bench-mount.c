/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Mounts through libntms against a private rsmd and tgt's virtual library
 * (40 slots, 30 cartridges, 4 drives), next to what the same robot work
 * costs when issued directly to the changer through daemon/scsi:
 *
 *  - 100 mount + dismount cycles (MountNtmsMedia waits for the drive to be
 *    ready; DismountNtmsMedia returns once queued, so cycles overlap across
 *    drives; the clock stops when the last cartridge is home) against the
 *    same 100 pairs of MOVE MEDIUM (slot to drive, drive to slot) in a row;
 *  - the time from MountNtmsMedia's call to its reply with an empty queue,
 *    and with 200 other requests queued in the same library.
 * Prints the times and their ratios; never fails on time. */

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "changer.h"
#include "queue-harness.h"

#define CYCLES 100
#define MEDIA_IN_TURN 20
#define QUEUED 200
#define LATENCY_RUNS 10

static int result = EXIT_FAILURE;

static double now(void) {
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static void barcode(unsigned i, char ret[static 16]) {
        snprintf(ret, 16, "RSM%03uL6", i);
}

/* The same moves a mount and a dismount make, on one changer connection. */
static double direct_pairs(void) {
        _cleanup_changer_ Changer *c = NULL;
        double t0;

        ck_assert_int_eq(changer_open(qt.vtl->changer_url, &c), 0);
        t0 = now();
        for (unsigned i = 0; i < CYCLES; i++) {
                uint16_t slot = (uint16_t) (qt.vtl->slot_addr + i % MEDIA_IN_TURN);
                uint16_t drive = (uint16_t) (qt.vtl->drive_addr + i % QT_DRIVES);

                ck_assert_int_eq(changer_move_medium(c, (uint16_t) qt.vtl->mte_addr, slot, drive, false), 0);
                ck_assert_int_eq(changer_move_medium(c, (uint16_t) qt.vtl->mte_addr, drive, slot, false), 0);
        }
        return now() - t0;
}

static double through_libntms(void) {
        NTMS_GUID sides[MEDIA_IN_TURN];
        double t0;

        for (unsigned i = 0; i < MEDIA_IN_TURN; i++) {
                char b[16];

                barcode(i, b);
                sides[i] = qt_side(b);
        }

        t0 = now();
        for (unsigned i = 0; i < CYCLES; i++) {
                NTMS_GUID drive;

                assert_ok(MountNtmsMedia(qt.h, &sides[i % MEDIA_IN_TURN], &drive, 1, NTMS_MOUNT_READ,
                                         NTMS_PRIORITY_NORMAL, INFINITE, NULL));
                assert_ok(DismountNtmsMedia(qt.h, &sides[i % MEDIA_IN_TURN], 1, NTMS_DISMOUNT_IMMEDIATE));
        }
        qt_settle();
        return now() - t0;
}

static int compare(const void *a, const void *b) {
        double x = *(const double *) a, y = *(const double *) b;

        return (x > y) - (x < y);
}

/* The median time of a mount call, each medium taken home again after. */
static double mount_latency(unsigned first) {
        double t[LATENCY_RUNS];

        for (unsigned i = 0; i < LATENCY_RUNS; i++) {
                NTMS_GUID side, drive;
                char b[16];
                double t0;

                barcode(first + i, b);
                side = qt_side(b);
                t0 = now();
                assert_ok(MountNtmsMedia(qt.h, &side, &drive, 1, NTMS_MOUNT_READ, NTMS_PRIORITY_NORMAL, INFINITE, NULL));
                t[i] = now() - t0;
                assert_ok(qt_dismount(qt.h, b, NTMS_DISMOUNT_IMMEDIATE));
                qt_wait_home(b);
        }
        qsort(t, LATENCY_RUNS, sizeof t[0], compare);
        return t[LATENCY_RUNS / 2];
}

/* 200 mounts of a medium that is mounted already: they wait for it, and
 * every look at the queue reads them all, while the drives stay free. */
static void queue_waiting_mounts(void) {
        NTMS_GUID side = qt_side("RSM029L6"), drive;

        assert_ok(MountNtmsMedia(qt.h, &side, &drive, 1, NTMS_MOUNT_READ, 0, INFINITE, NULL));
        for (unsigned i = 0; i < QUEUED; i++)
                assert_ok(MountNtmsMedia(qt.h, &side, &drive, 1, NTMS_MOUNT_READ | NTMS_MOUNT_NOWAIT,
                                         NTMS_PRIORITY_NORMAL, INFINITE, NULL));
}

START_TEST(run_bench) {
        double direct, cycles, idle, busy;

        qt_setup();

        direct = direct_pairs();
        cycles = through_libntms();
        ck_assert_uint_eq(qt_assert_matches_changer(), QT_FULL);

        idle = mount_latency(0);
        queue_waiting_mounts();
        busy = mount_latency(LATENCY_RUNS);

        printf("%u MOVE MEDIUM pairs directly             %.3f s\n", CYCLES, direct);
        printf("%u mount+dismount cycles through libntms  %.3f s  ratio %.2f\n", CYCLES, cycles, cycles / direct);
        printf("MountNtmsMedia call to reply, queue empty    %.1f ms (median of %u)\n", idle * 1e3, LATENCY_RUNS);
        printf("MountNtmsMedia call to reply, %u queued     %.1f ms (median of %u)  ratio %.2f\n", QUEUED,
               busy * 1e3, LATENCY_RUNS, busy / idle);
        fflush(stdout);

        qt_teardown();
        result = EXIT_SUCCESS;
}
END_TEST

int main(void) {
        SRunner *sr;
        Suite *s;
        TCase *tc;

        if (vtl_available() < 0)
                return 77;

        s = suite_create("bench-mount");
        tc = tcase_create("mount");
        tcase_set_timeout(tc, 600);
        tcase_add_test(tc, run_bench);
        suite_add_tcase(s, tc);
        sr = srunner_create(s);
        srunner_set_fork_status(sr, CK_NOFORK);
        srunner_run_all(sr, CK_SILENT);
        srunner_free(sr);
        return result;
}
