/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* A fast inventory of a 10,000-slot virtual library through libntms (a
 * private bus and rsmd, as the integration tests start them: the call, the
 * worker thread's element status, the database updated in one transaction)
 * against the same READ ELEMENT STATUS commands issued directly through
 * daemon/scsi. Prints both times and their ratios; never fails on time.
 *
 *   bench-inventory [SLOTS [FULL]]      defaults: 10000 slots, 2000 full */

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "changer.h"
#include "harness.h"
#include "macro.h"
#include "ntms-errors.h"
#include "ntmsapi.h"
#include "vtl-harness.h"

#define DIRECT_RUNS 3

static double now(void) {
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static int bench_error(const char *what, DWORD e) {
        fprintf(stderr, "bench-inventory: %s: %s (rsmd's log: %s)\n", what, ntms_error_name(e), harness_rsmd_log());
        return EXIT_FAILURE;
}

/* The element status the inventory reads, on a connection of its own; the
 * fastest of a few runs, so that the ratio is not flattered. */
static int direct(const Vtl *v, double *ret) {
        double best = 0;

        for (unsigned i = 0; i < DIRECT_RUNS; i++) {
                _cleanup_(changer_inventory_done) ChangerInventory inv = {};
                _cleanup_changer_ Changer *c = NULL;
                double t0;
                int r;

                r = changer_open(v->changer_url, &c);
                if (r < 0)
                        return r;
                t0 = now();
                r = changer_read_inventory(c, &inv);
                if (r < 0)
                        return r;
                if (i == 0 || now() - t0 < best)
                        best = now() - t0;
        }
        *ret = best;
        return 0;
}

static int write_library_dir(const Vtl *v, char *ret_config, size_t size) {
        char dir[512], file[600];
        FILE *f;

        snprintf(dir, sizeof dir, "%s/libraries", harness_dir());
        snprintf(file, sizeof file, "%s/bench.conf", dir);
        if (mkdir(dir, 0755) < 0)
                return -errno;
        f = fopen(file, "we");
        if (!f)
                return -errno;
        fprintf(f, "[Library]\nName=Bench\nChanger=%s\n", v->changer_url);
        for (size_t i = 0; i < v->n_drives; i++)
                fprintf(f, "Drive%zu=%s\n", i, v->drive_urls[i]);
        if (fclose(f) != 0)
                return -errno;
        snprintf(ret_config, size, "[Daemon]\nLogLevel=info\nLibraryDirectory=%s\n", dir);
        return 0;
}

/* The changer library once rsmd recorded it with all its slots. */
static bool find_library(HANDLE h, unsigned slots, NTMS_GUID *ret) {
        NTMS_GUID list[8];
        DWORD n = ELEMENTSOF(list);

        if (EnumerateNtmsObject(h, NULL, list, &n, NTMS_LIBRARY, 0) != ERROR_SUCCESS)
                return false;
        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA info = { .dwSize = sizeof info, .dwType = NTMS_LIBRARY };

                if (GetNtmsObjectInformationA(h, &list[i], &info) == ERROR_SUCCESS &&
                    info.Info.Library.LibraryType == NTMS_LIBRARYTYPE_ONLINE &&
                    info.Info.Library.dwNumberOfSlots == slots) {
                        *ret = list[i];
                        return true;
                }
        }
        return false;
}

static int through_libntms(HANDLE h, const NTMS_GUID *library, double *ret) {
        NTMS_GUID g = *library;
        double t0 = now();
        DWORD e;

        e = InventoryNtmsLibrary(h, &g, NTMS_INVENTORY_FAST);
        if (e != ERROR_SUCCESS)
                return bench_error("InventoryNtmsLibrary", e);
        *ret = now() - t0;
        return 0;
}

static unsigned slots = 10000, full = 2000;
static int result = EXIT_FAILURE;

static int bench(void) {
        double t_direct, t_first, t_again, t0;
        HANDLE h = INVALID_HANDLE_VALUE;
        char config[1024];
        NTMS_GUID library;
        Vtl *v = NULL;
        int r;

        r = vtl_start(&(VtlConfig) { .slots = slots, .full = full, .drives = 16, .ports = 4 }, &v);
        if (r < 0)
                return r == -EOPNOTSUPP ? 77 : EXIT_FAILURE;

        r = direct(v, &t_direct);
        if (r < 0) {
                fprintf(stderr, "bench-inventory: direct element status: %s\n", strerror(-r));
                return EXIT_FAILURE;
        }

        harness_setup_bus_only();
        if (write_library_dir(v, config, sizeof config) < 0 || harness_start_rsmd(config, NULL) < 0) {
                fprintf(stderr, "bench-inventory: rsmd did not start (%s)\n", harness_rsmd_log());
                return EXIT_FAILURE;
        }
        h = OpenNtmsSessionA(NULL, "bench-inventory", 0);
        if (h == INVALID_HANDLE_VALUE)
                return bench_error("OpenNtmsSessionA", GetLastError());

        /* Starting rsmd probes the changer and records every element. */
        t0 = now();
        while (!find_library(h, slots, &library)) {
                if (now() - t0 > 300)
                        return bench_error("waiting for the library", ERROR_LIBRARY_OFFLINE);
                usleep(20000);
        }
        printf("slots %u, full %u\n", slots, full);
        printf("library recorded at start             %.3f s (after the session opened)\n", now() - t0);

        /* The first inventory records every slot's state and creates the
         * media; the second is the steady state. */
        if (through_libntms(h, &library, &t_first) != 0 || through_libntms(h, &library, &t_again) != 0)
                return EXIT_FAILURE;

        printf("direct READ ELEMENT STATUS            %.3f s\n", t_direct);
        printf("InventoryNtmsLibrary (first)          %.3f s  ratio %.1f\n", t_first, t_first / t_direct);
        printf("InventoryNtmsLibrary (again)          %.3f s  ratio %.1f\n", t_again, t_again / t_direct);
        fflush(stdout);

        (void) CloseNtmsSession(h);
        harness_teardown();
        vtl_stop(v);
        return EXIT_SUCCESS;
}

/* The harness reports through Check, so the benchmark runs as the one test of
 * a suite, in this process; it fails only when something does not work. */
START_TEST(run_bench) {
        result = bench();
        ck_assert_int_ne(result, EXIT_FAILURE);
}
END_TEST

int main(int argc, char *argv[]) {
        SRunner *sr;
        Suite *s;
        TCase *tc;

        if (argc > 1)
                slots = (unsigned) atoi(argv[1]);
        if (argc > 2)
                full = (unsigned) atoi(argv[2]);
        if (vtl_available() < 0)
                return 77;

        s = suite_create("bench-inventory");
        tc = tcase_create("inventory");
        tcase_set_timeout(tc, 600);
        tcase_add_test(tc, run_bench);
        suite_add_tcase(s, tc);
        sr = srunner_create(s);
        srunner_set_fork_status(sr, CK_NOFORK);
        srunner_run_all(sr, CK_SILENT);
        srunner_free(sr);
        return result;
}
