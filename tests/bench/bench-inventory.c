/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* A fast inventory of a 10,000-slot virtual library through rsmd's library
 * controller (worker thread, element status, the database updated in one
 * transaction) against the same READ ELEMENT STATUS commands issued directly
 * through daemon/scsi. Prints both times and their ratio; never fails on time. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "changer.h"
#include "db/db.h"
#include "db/element.h"
#include "library/library-manager.h"
#include "macro.h"
#include "media/pools.h"
#include "ntmsapi.h"
#include "vtl-harness.h"

static double now(void) {
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static bool done;
static int done_r;

static void on_done(int r, const DbInventoryStats *stats, void *userdata) {
        done = true;
        done_r = r;
}

static int run_inventory(sd_event *e, LibraryManager *m, const char *library) {
        int r;

        done = false;
        r = library_manager_inventory(m, library, NTMS_INVENTORY_FAST, on_done, NULL);
        if (r < 0)
                return r;
        while (!done)
                if (sd_event_run(e, UINT64_MAX) < 0)
                        return -EIO;
        return done_r;
}

int main(int argc, char *argv[]) {
        _cleanup_free_ char *dbpath = NULL, *conf = NULL, *problem = NULL, *cmd = NULL;
        char dir[] = "/tmp/bench-inventory.XXXXXX", library[DB_GUID_MAX];
        unsigned slots = argc > 1 ? (unsigned) atoi(argv[1]) : 10000;
        LibraryManager *m = NULL;
        sd_event *e = NULL;
        Db *db = NULL;
        Vtl *v = NULL;
        double t0, t_direct, t_rsmd, t_first;
        FILE *f;
        int r;

        if (vtl_available() < 0)
                return 77;
        r = vtl_start(&(VtlConfig) { .slots = slots, .full = 30, .drives = 16, .ports = 4 }, &v);
        if (r < 0)
                return r == -EOPNOTSUPP ? 77 : EXIT_FAILURE;

        if (!mkdtemp(dir) || asprintf(&dbpath, "%s/rsmd.db", dir) < 0 || asprintf(&conf, "%s/vtl.conf", dir) < 0)
                return EXIT_FAILURE;
        f = fopen(conf, "we");
        if (!f)
                return EXIT_FAILURE;
        fprintf(f, "[Library]\nName=Bench\nChanger=%s\n", v->changer_url);
        for (size_t i = 0; i < v->n_drives; i++)
                fprintf(f, "Drive%zu=%s\n", i, v->drive_urls[i]);
        fclose(f);

        if (db_open(dbpath, &(DbOpenOptions) { .hostname = "bench" }, &db, &problem) < 0 ||
            media_pools_seed(db) < 0 || sd_event_new(&e) < 0 || library_manager_new(e, db, &m) < 0 ||
            library_manager_load_config(m, dir) < 0)
                return EXIT_FAILURE;
        while (db_library_find_by_changer(db, NULL, v->changer_url, library) < 0 || !library_manager_get(m, library))
                sd_event_run(e, 100000);

        /* Direct: the same element status requests, on their own connection. */
        {
                _cleanup_changer_ Changer *c = NULL;
                ChangerInventory inv = {};

                if (changer_open(v->changer_url, &c) < 0)
                        return EXIT_FAILURE;
                t0 = now();
                if (changer_read_inventory(c, &inv) < 0)
                        return EXIT_FAILURE;
                t_direct = now() - t0;
                changer_inventory_done(&inv);
        }

        /* Through rsmd: the first inventory records every slot's state; the
         * second is the steady state. */
        t0 = now();
        if (run_inventory(e, m, library) < 0)
                return EXIT_FAILURE;
        t_first = now() - t0;
        t0 = now();
        if (run_inventory(e, m, library) < 0)
                return EXIT_FAILURE;
        t_rsmd = now() - t0;

        printf("slots %u\n", slots);
        printf("direct READ ELEMENT STATUS        %.3f s\n", t_direct);
        printf("rsmd inventory (first)            %.3f s  ratio %.2f\n", t_first, t_first / t_direct);
        printf("rsmd inventory (again)            %.3f s  ratio %.2f\n", t_rsmd, t_rsmd / t_direct);

        library_manager_free(m);
        db_close(db);
        sd_event_unref(e);
        vtl_stop(v);
        if (asprintf(&cmd, "rm -rf '%s'", dir) >= 0)
                (void) system(cmd);
        return EXIT_SUCCESS;
}
