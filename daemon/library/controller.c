/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "controller.h"
#include "db/element.h"
#include "hardware.h"
#include "log.h"
#include "macro.h"
#include "model.h"
#include "ntmsapi.h"
#include "worker.h"

/* How long a changer that did not answer at start is left alone before the
 * next attempt. */
#define PROBE_RETRY_USEC (30ULL * 1000000ULL)

struct LibraryController {
        sd_event *event;
        Db *db;
        char *name;
        char guid[DB_GUID_MAX];
        char *default_media_type;       /* from the drives; NULL: the barcode decides */
        sd_event_source *retry;

        /* Owned by the worker thread from library_controller_new() on; the main
         * loop reads only the URLs, which never change. */
        LibraryHardware hardware;
        Worker *worker;
};

typedef enum JobType {
        JOB_PROBE,
        JOB_INVENTORY,
} JobType;

typedef struct Job {
        WorkerJob base;
        LibraryController *controller;
        JobType type;
        bool on_media;

        /* written by the worker */
        int r;
        LibraryProbe probe;
        LibraryScan scan;

        LibraryInventoryDone done;
        void *userdata;
} Job;

static void job_free(Job *j) {
        library_probe_done(&j->probe);
        library_scan_done(&j->scan);
        free(j);
}

static void job_run(WorkerJob *w, void *userdata) {
        Job *j = (Job *) w;
        LibraryHardware *h = userdata;

        switch (j->type) {
        case JOB_PROBE:
                j->r = library_hardware_probe(h, &j->probe);
                break;
        case JOB_INVENTORY:
                j->r = library_hardware_inventory(h, j->on_media, &j->scan);
                break;
        }
}

static int controller_mark_absent(LibraryController *c) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        char guid[DB_GUID_MAX];
        int r;

        r = db_library_find_by_changer(c->db, NULL, c->hardware.changer_url, guid);
        if (r == -ENOENT)
                return 0;       /* never seen: nothing to record */
        if (r < 0)
                return r;

        r = db_begin(c->db);
        if (r < 0)
                return r;
        tx = c->db;
        r = db_library_set_present(c->db, guid, false);
        if (r < 0)
                return r;
        return db_commit(TAKE_PTR(tx));
}

static const char *media_type_of_drives(const LibraryProbe *p) {
        for (size_t i = 0; i < p->n_drives; i++) {
                const char *t;

                if (!p->drive_known[i])
                        continue;
                t = library_model_media_type_for_drive(p->drives[i].inquiry.product);
                if (t)
                        return t;
        }
        return NULL;
}

static int controller_record(LibraryController *c, const LibraryProbe *p) {
        _cleanup_(library_layout_model_done) LibraryLayoutModel m = {};
        _cleanup_(db_rollbackp) Db *tx = NULL;
        char known[DB_GUID_MAX] = "", guid[DB_GUID_MAX];
        const char *type;
        int r;

        r = library_model_layout(p, c->name, c->hardware.changer_url, c->hardware.drive_urls,
                                  c->hardware.n_drive_urls, &m);
        if (r < 0)
                return r;

        r = db_begin(c->db);
        if (r < 0)
                return r;
        tx = c->db;

        r = db_library_find_by_changer(c->db, p->changer.serial, c->hardware.changer_url, known);
        if (r < 0 && r != -ENOENT)
                return r;

        r = db_library_apply_layout(c->db, known, &m.layout, guid);
        if (r < 0)
                return r;
        r = db_commit(TAKE_PTR(tx));
        if (r < 0)
                return r;

        memcpy(c->guid, guid, sizeof guid);
        type = media_type_of_drives(p);
        free(c->default_media_type);
        c->default_media_type = type ? strdup(type) : NULL;

        log_object_info(c->guid, "Library \"%s\" on %s: %u drives, %u slots, %u ports (%s %s %s)",
                        c->name, c->hardware.changer_url, m.layout.n_drives, m.layout.n_slots,
                        m.layout.n_ports, p->changer.inquiry.vendor, p->changer.inquiry.product,
                        p->changer.serial);
        return 0;
}

static int on_retry(sd_event_source *s, uint64_t usec, void *userdata) {
        LibraryController *c = userdata;

        c->retry = sd_event_source_disable_unref(c->retry);
        (void) library_controller_probe(c);
        return 0;
}

static void probe_complete(Job *j, bool cancelled) {
        LibraryController *c = j->controller;
        int r = cancelled ? -ECANCELED : j->r;

        if (r >= 0)
                r = controller_record(c, &j->probe);
        else if (r == -EHOSTDOWN) {
                (void) controller_mark_absent(c);
                if (!c->retry)
                        (void) sd_event_add_time_relative(c->event, &c->retry, CLOCK_MONOTONIC,
                                                          PROBE_RETRY_USEC, 0, on_retry, c);
        }
        if (r < 0 && r != -ECANCELED)
                log_warning_errno(r, "Library \"%s\" (%s) is not available: %m", c->name,
                                  c->hardware.changer_url);
}

static void inventory_complete(Job *j, bool cancelled) {
        _cleanup_(library_inventory_model_done) LibraryInventoryModel m = {};
        LibraryController *c = j->controller;
        DbInventoryStats stats = {};
        int r = cancelled ? -ECANCELED : j->r;

        if (r >= 0)
                r = library_model_inventory(&j->scan, c->default_media_type, &m);
        if (r >= 0)
                r = db_inventory_apply(c->db, c->guid, &m.inventory, &stats);

        if (r >= 0)
                log_object_info(c->guid, "Inventory of \"%s\": %u media known, %u new, %u gone offline",
                                c->name, stats.media_known, stats.media_new, stats.media_offline);
        else if (r != -ECANCELED)
                log_object_error_errno(c->guid, r, "Inventory of \"%s\" failed: %m", c->name);

        if (j->done)
                j->done(r, &stats, j->userdata);
}

static void job_complete(WorkerJob *w, bool cancelled) {
        Job *j = (Job *) w;

        switch (j->type) {
        case JOB_PROBE:
                probe_complete(j, cancelled);
                break;
        case JOB_INVENTORY:
                inventory_complete(j, cancelled);
                break;
        }
        job_free(j);
}

static int job_submit(LibraryController *c, JobType type, bool on_media, LibraryInventoryDone done, void *userdata) {
        Job *j;

        j = calloc(1, sizeof *j);
        if (!j)
                return -ENOMEM;
        *j = (Job) {
                .base.run = job_run,
                .base.complete = job_complete,
                .controller = c,
                .type = type,
                .on_media = on_media,
                .done = done,
                .userdata = userdata,
        };
        worker_submit(c->worker, &j->base);
        return 0;
}

static int hardware_from_config(LibraryHardware *h, const LibraryConfig *config) {
        h->changer_url = strdup(config->changer);
        if (!h->changer_url)
                return -ENOMEM;

        h->drive_urls = calloc(config->n_drives ?: 1, sizeof(char *));
        if (!h->drive_urls)
                return -ENOMEM;
        h->n_drive_urls = config->n_drives;
        for (size_t i = 0; i < config->n_drives; i++)
                if (config->drives[i] && !(h->drive_urls[i] = strdup(config->drives[i])))
                        return -ENOMEM;
        return 0;
}

int library_controller_new(sd_event *e, Db *db, const LibraryConfig *config, LibraryController **ret) {
        _cleanup_(library_controller_freep) LibraryController *c = NULL;
        int r;

        assert(e);
        assert(db);
        assert(config);
        assert(ret);

        c = calloc(1, sizeof *c);
        if (!c)
                return -ENOMEM;
        c->event = sd_event_ref(e);
        c->db = db;
        c->name = strdup(config->name);
        if (!c->name)
                return -ENOMEM;

        r = hardware_from_config(&c->hardware, config);
        if (r < 0)
                return r;

        r = worker_new(e, "rsmd-library", &c->hardware, &c->worker);
        if (r < 0)
                return r;

        *ret = TAKE_PTR(c);
        return 0;
}

LibraryController *library_controller_free(LibraryController *c) {
        if (!c)
                return NULL;

        /* First the thread, which still uses the hardware; pending callers hear
         * -ECANCELED. */
        worker_free(c->worker);
        library_hardware_done(&c->hardware);
        sd_event_source_disable_unref(c->retry);
        sd_event_unref(c->event);
        free(c->default_media_type);
        free(c->name);
        free(c);
        return NULL;
}

int library_controller_probe(LibraryController *c) {
        assert(c);
        return job_submit(c, JOB_PROBE, false, NULL, NULL);
}

int library_controller_inventory(LibraryController *c, uint32_t method, LibraryInventoryDone done, void *userdata) {
        assert(c);
        assert(method == NTMS_INVENTORY_FAST || method == NTMS_INVENTORY_OMID);

        if (c->guid[0] == 0)
                return -EHOSTDOWN;
        return job_submit(c, JOB_INVENTORY, method == NTMS_INVENTORY_OMID, done, userdata);
}

const char *library_controller_guid(const LibraryController *c) {
        return c->guid;
}

const char *library_controller_changer(const LibraryController *c) {
        return c->hardware.changer_url;
}

bool library_controller_busy(const LibraryController *c) {
        return worker_pending(c->worker) > 0;
}
