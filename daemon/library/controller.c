/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller.h"
#include "db/drive.h"
#include "db/element.h"
#include "drive-io.h"
#include "hardware.h"
#include "log.h"
#include "macro.h"
#include "model.h"
#include "ntmsapi.h"
#include "worker.h"

/* How long a changer that did not answer at start is left alone before the
 * next attempt. */
#define PROBE_RETRY_USEC (30ULL * 1000000ULL)
/* … and one whose probe failed otherwise (it answered, but not well). */
#define PROBE_RETRY_SOON_USEC (2ULL * 1000000ULL)

struct LibraryController {
        sd_event *event;
        Db *db;
        LibraryConfig *config;          /* the main loop's copy: name, devices, drives */
        char guid[DB_GUID_MAX];
        char *default_media_type;       /* from the drives; NULL: the barcode decides */
        sd_event_source *retry;

        /* From the last recorded probe. */
        char **drive_ids;
        size_t n_drive_ids;
        bool drive_ids_known;

        LibraryProbed probed;
        void *probed_userdata;
        LibraryStarted started;
        void *started_userdata;
        bool recorded;                  /* a probe was recorded since the controller started */
        bool stopping;                  /* being freed: no new jobs */

        /* Owned by the worker thread from library_controller_new() on. */
        LibraryHardware hardware;
        Worker *worker;                 /* the robot's lane: probes, inventories, moves */

        /* One lane per drive, by data transfer element index, made on first use. */
        Worker **drive_workers;
        size_t n_drive_workers;
};

typedef enum JobType {
        JOB_PROBE,
        JOB_INVENTORY,
        JOB_SET_DRIVES,
        JOB_MOVE,               /* robot */
        JOB_DRIVE_READY,        /* a drive's lane */
        JOB_DRIVE_UNLOAD,       /* a drive's lane */
        JOB_STATUS,             /* robot: element status, not recorded */
        JOB_LOCK,               /* robot: ports and doors locked or unlocked */
        JOB_TEST_READY,         /* robot */
        JOB_DRIVE_CLEAN,        /* a drive's lane */
        JOB_DRIVE_WANTS_CLEANING, /* a drive's lane */
        JOB_DRIVE_EJECT,        /* a drive's lane */
        JOB_DRIVE_INVENTORY,    /* a stand-alone drive's lane: its inventory */
} JobType;

typedef struct Job {
        WorkerJob base;
        LibraryController *controller;
        JobType type;
        bool on_media;
        int32_t only_slot;              /* JOB_INVENTORY on media: this slot only; -1: all */

        /* JOB_SET_DRIVES: handed to the worker's hardware */
        char **drive_urls, **drive_names;
        size_t n_drives;

        /* JOB_MOVE */
        uint16_t source, destination;
        bool invert;
        /* JOB_LOCK */
        bool prevent;
        /* JOB_DRIVE_*: the drive's device, a copy the drive's thread reads */
        char *drive_url;
        bool force;             /* JOB_DRIVE_EJECT */
        bool leave_drive;       /* JOB_DRIVE_INVENTORY: its medium is mounted, the drive is not touched */

        /* written by the worker */
        int r;
        LibraryProbe probe;
        LibraryScan scan;
        ChangerInventory status;        /* JOB_MOVE: the element status read after a failed move; JOB_STATUS */
        bool flag;                      /* JOB_TEST_READY: a unit attention; JOB_DRIVE_WANTS_CLEANING */
        DriveContent content;           /* JOB_DRIVE_INVENTORY */

        LibraryInventoryDone done;
        LibraryStepDone step_done;
        LibraryStatusDone status_done;
        LibraryFlagDone flag_done;
        void *userdata;
} Job;

static void job_free(Job *j) {
        library_probe_done(&j->probe);
        library_scan_done(&j->scan);
        changer_inventory_done(&j->status);
        strv_free_n(j->drive_urls, j->n_drives);
        strv_free_n(j->drive_names, j->n_drives);
        free(j->drive_url);
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
                j->r = library_hardware_inventory(h, j->on_media, j->only_slot, &j->scan);
                break;
        case JOB_SET_DRIVES:
                library_hardware_set_drives(h, TAKE_PTR(j->drive_urls), TAKE_PTR(j->drive_names), j->n_drives);
                j->n_drives = 0;
                j->r = 0;
                break;
        case JOB_MOVE:
                j->r = library_hardware_move(h, j->source, j->destination, j->invert, &j->status);
                break;
        case JOB_DRIVE_READY:
                /* Drive lanes have no hardware of their own: the job names the
                 * device. A drive rsmd cannot reach is taken as it is. */
                j->r = j->drive_url ? drive_io_wait_ready(j->drive_url, DRIVE_READY_TIMEOUT_USEC) : 0;
                break;
        case JOB_DRIVE_UNLOAD:
                j->r = j->drive_url ? drive_io_unload(j->drive_url) : 0;
                break;
        case JOB_STATUS:
                j->r = library_hardware_read_status(h, &j->status);
                break;
        case JOB_LOCK:
                j->r = library_hardware_lock(h, j->prevent);
                break;
        case JOB_TEST_READY:
                j->r = library_hardware_test_ready(h, &j->flag);
                break;
        case JOB_DRIVE_CLEAN:
                j->r = j->drive_url ? drive_io_clean(j->drive_url, DRIVE_CLEAN_TIMEOUT_USEC) : 0;
                break;
        case JOB_DRIVE_WANTS_CLEANING:
                j->flag = false;
                j->r = j->drive_url ? drive_io_cleaning_wanted(j->drive_url, &j->flag) : 0;
                break;
        case JOB_DRIVE_EJECT:
                j->r = j->drive_url ? drive_io_eject(j->drive_url, j->force) : -EHOSTDOWN;
                break;
        case JOB_DRIVE_INVENTORY:
                if (j->leave_drive)
                        j->r = 0;
                else
                        j->r = j->drive_url ? drive_io_inventory(j->drive_url, &j->content) : -EHOSTDOWN;
                break;
        }
}

static int controller_find(LibraryController *c, const char *serial, char ret[static DB_GUID_MAX]) {
        const LibraryConfig *config = c->config;

        if (library_config_is_standalone(config))
                return db_library_find_standalone(c->db, serial, config->device_names[0] ?: config->drives[0], ret);
        return db_library_find_by_changer(c->db, serial, config->changer, ret);
}

static int controller_mark_absent(LibraryController *c) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        char guid[DB_GUID_MAX];
        int r;

        r = controller_find(c, NULL, guid);
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

static int controller_keep_drive_ids(LibraryController *c, const ChangerInventory *elements) {
        char **ids = NULL;
        size_t n = 0;
        bool known = false;
        int r;

        if (c->config->changer) {
                r = library_model_drive_ids(elements, &ids, &n, &known);
                if (r < 0)
                        return r;
        }
        strv_free(c->drive_ids);
        c->drive_ids = ids;
        c->n_drive_ids = n;
        c->drive_ids_known = known;
        return 0;
}

/* elements: where the layout was read (the probe's, or a later inventory's). */
static int controller_record(LibraryController *c, const LibraryProbe *p, const ChangerInventory *elements) {
        _cleanup_(library_layout_model_done) LibraryLayoutModel m = {};
        _cleanup_(db_rollbackp) Db *tx = NULL;
        const char *device = library_controller_device(c), *serial, *type;
        char known[DB_GUID_MAX] = "", guid[DB_GUID_MAX];
        int r;

        r = library_model_layout(p, elements, c->config->name, c->config->changer, &m);
        if (r < 0)
                return r;

        r = db_begin(c->db);
        if (r < 0)
                return r;
        tx = c->db;

        serial = c->config->changer ? p->changer.serial : p->drives[0].serial;
        r = controller_find(c, serial, known);
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
        r = controller_keep_drive_ids(c, elements);
        if (r < 0)
                return r;

        if (c->config->changer)
                log_object_info(c->guid, "Library \"%s\" on %s: %u drives, %u slots, %u ports (%s %s %s)",
                                c->config->name, device, m.layout.n_drives, m.layout.n_slots,
                                m.layout.n_ports, p->changer.inquiry.vendor, p->changer.inquiry.product,
                                p->changer.serial);
        else
                log_object_info(c->guid, "Stand-alone drive library \"%s\" on %s (%s %s %s)",
                                c->config->name, device, p->drives[0].inquiry.vendor,
                                p->drives[0].inquiry.product, p->drives[0].serial);
        return 0;
}

/* Drive states follow what the inventory recorded in the drives. */
static int controller_sync_drives(LibraryController *c) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        int r;

        r = db_begin(c->db);
        if (r < 0)
                return r;
        tx = c->db;
        r = db_drive_sync(c->db, c->guid);
        if (r < 0)
                return r;
        return db_commit(TAKE_PTR(tx));
}

/* What every inventory records, with a changer or without. */
static int controller_record_inventory(LibraryController *c, const DbInventory *inv, DbInventoryStats *ret_stats) {
        int r;

        r = db_inventory_apply(c->db, c->guid, inv, ret_stats);
        if (r < 0)
                return r;
        return controller_sync_drives(c);
}

static int controller_record_scan(LibraryController *c, const LibraryScan *scan, DbInventoryStats *ret_stats) {
        _cleanup_(library_inventory_model_done) LibraryInventoryModel m = {};
        int r;

        r = library_model_inventory(scan, c->default_media_type, &m);
        if (r < 0)
                return r;
        return controller_record_inventory(c, &m.inventory, ret_stats);
}

int library_controller_record_status(LibraryController *c, const ChangerInventory *status) {
        /* A scan that read no labels: the model only reads from it. */
        const LibraryScan scan = { .inventory = *status };
        DbInventoryStats stats = {};
        int r;

        assert(c);
        assert(status);
        assert(c->guid[0]);

        r = controller_record_scan(c, &scan, &stats);
        if (r < 0)
                return log_object_error_errno(c->guid, r, "Recording the element status of \"%s\" failed: %m",
                                              c->config->name);
        log_object_info(c->guid, "Element status of \"%s\" recorded: %u media known, %u new, %u gone offline",
                        c->config->name, stats.media_known, stats.media_new, stats.media_offline);
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
                r = controller_record(c, &j->probe, &j->probe.elements);
        else if (r == -EHOSTDOWN)
                (void) controller_mark_absent(c);
        /* A probe the device failed is tried again: a changer that answered
         * one command wrongly (a reset, a session taken over) usually answers
         * the next one, and until a probe is recorded nothing runs there. A
         * database that cannot record it is not asked again and again. */
        if (!cancelled && j->r < 0 && !c->retry)
                (void) sd_event_add_time_relative(c->event, &c->retry, CLOCK_MONOTONIC,
                                                  r == -EHOSTDOWN ? PROBE_RETRY_USEC : PROBE_RETRY_SOON_USEC, 0,
                                                  on_retry, c);
        if (r < 0 && r != -ECANCELED)
                log_warning_errno(r, "Library \"%s\" (%s) is not available: %m", c->config->name,
                                  library_controller_device(c));
        /* Not while the controller is being freed: whoever listens may be gone. */
        if (cancelled)
                return;
        if (r >= 0 && !c->recorded) {
                c->recorded = true;
                if (c->started)
                        c->started(c, &j->probe.elements, c->started_userdata);
        }
        if (c->probed)
                c->probed(c, r, c->probed_userdata);
}

static void inventory_finish(Job *j, int r, const DbInventoryStats *stats);

static void inventory_complete(Job *j, bool cancelled) {
        LibraryController *c = j->controller;
        DbInventoryStats stats = {};
        int r = cancelled ? -ECANCELED : j->r;

        /* Elements keep their GUIDs by address, so the layout goes first and
         * the inventory then finds every address it names. */
        if (r >= 0 && j->scan.layout_changed)
                r = controller_record(c, &j->scan.probe, &j->scan.inventory);
        if (r >= 0)
                r = controller_record_scan(c, &j->scan, &stats);
        inventory_finish(j, r, &stats);
}

static void drive_inventory_complete(Job *j, bool cancelled) {
        _cleanup_(library_inventory_model_done) LibraryInventoryModel m = {};
        LibraryController *c = j->controller;
        DbInventoryStats stats = {};
        int r = cancelled ? -ECANCELED : j->r;

        if (r >= 0 && j->leave_drive) {
                /* The mount found the medium ready there, and its application
                 * has it: it is what the drive holds. */
                log_object_info(c->guid, "The medium in the drive of \"%s\" is mounted: left as recorded",
                                c->config->name);
                stats.media_known = 1;
        } else if (r >= 0) {
                r = library_model_standalone_inventory(&j->content, c->default_media_type, &m);
                if (r >= 0)
                        r = controller_record_inventory(c, &m.inventory, &stats);
        }
        inventory_finish(j, r, &stats);
}

static void inventory_finish(Job *j, int r, const DbInventoryStats *stats) {
        LibraryController *c = j->controller;

        if (r >= 0)
                log_object_info(c->guid, "Inventory of \"%s\": %u media known, %u new, %u gone offline",
                                c->config->name, stats->media_known, stats->media_new, stats->media_offline);
        else if (r != -ECANCELED)
                log_object_error_errno(c->guid, r, "Inventory of \"%s\" failed: %m", c->config->name);

        if (j->done)
                j->done(r, stats, j->userdata);
}

static void move_complete(Job *j, bool cancelled) {
        LibraryController *c = j->controller;
        int r = cancelled ? -ECANCELED : j->r;

        /* Where the cartridges are after a failed move is recorded before
         * anyone hears of the failure. */
        if (r < 0 && j->status.n_elements > 0)
                (void) library_controller_record_status(c, &j->status);
        j->step_done(r, j->userdata);
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
        case JOB_DRIVE_INVENTORY:
                drive_inventory_complete(j, cancelled);
                break;
        case JOB_SET_DRIVES:
                break;
        case JOB_MOVE:
                move_complete(j, cancelled);
                break;
        case JOB_DRIVE_READY:
        case JOB_DRIVE_UNLOAD:
        case JOB_DRIVE_CLEAN:
        case JOB_LOCK:
        case JOB_DRIVE_EJECT:
                j->step_done(cancelled ? -ECANCELED : j->r, j->userdata);
                break;
        case JOB_STATUS:
                j->status_done(cancelled ? -ECANCELED : j->r, &j->status, j->userdata);
                break;
        case JOB_TEST_READY:
        case JOB_DRIVE_WANTS_CLEANING:
                j->flag_done(cancelled ? -ECANCELED : j->r, j->flag, j->userdata);
                break;
        }
        job_free(j);
}

static Job *job_new(LibraryController *c, JobType type) {
        Job *j;

        j = calloc(1, sizeof *j);
        if (!j)
                return NULL;
        *j = (Job) {
                .base.run = job_run,
                .base.complete = job_complete,
                .controller = c,
                .type = type,
                .only_slot = -1,
        };
        return j;
}

static int job_submit(LibraryController *c, JobType type, bool on_media, int32_t only_slot,
                      LibraryInventoryDone done, void *userdata) {
        Job *j;

        j = job_new(c, type);
        if (!j)
                return -ENOMEM;
        j->on_media = on_media;
        j->only_slot = only_slot;
        j->done = done;
        j->userdata = userdata;
        worker_submit(c->worker, &j->base);
        return 0;
}

/* The drives of config, as copies that the worker's hardware will own. */
static int drives_copy(const LibraryConfig *config, char ***ret_urls, char ***ret_names) {
        char **urls = NULL, **names = NULL;

        if (strv_copy_n(config->drives, config->n_drives, &urls) < 0 ||
            strv_copy_n(config->device_names, config->n_drives, &names) < 0) {
                strv_free_n(urls, config->n_drives);
                return -ENOMEM;
        }
        *ret_urls = urls;
        *ret_names = names;
        return 0;
}

static int hardware_from_config(LibraryHardware *h, const LibraryConfig *config) {
        char **urls, **names;
        int r;

        if (config->changer && !(h->changer_url = strdup(config->changer)))
                return -ENOMEM;
        r = drives_copy(config, &urls, &names);
        if (r < 0)
                return r;
        library_hardware_set_drives(h, urls, names, config->n_drives);
        return 0;
}

int library_controller_new(sd_event *e, Db *db, const LibraryConfig *config, LibraryController **ret) {
        _cleanup_(library_controller_freep) LibraryController *c = NULL;
        int r;

        assert(e);
        assert(db);
        assert(config);
        assert(ret);

        assert(config->changer || config->n_drives == 1);

        c = calloc(1, sizeof *c);
        if (!c)
                return -ENOMEM;
        c->event = sd_event_ref(e);
        c->db = db;
        r = library_config_copy(config, &c->config);
        if (r < 0)
                return r;

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

        /* First the threads, the robot's still uses the hardware; pending
         * callers hear -ECANCELED, and ask for nothing new meanwhile. */
        c->stopping = true;
        for (size_t i = 0; i < c->n_drive_workers; i++)
                worker_free(c->drive_workers[i]);
        free(c->drive_workers);
        worker_free(c->worker);
        library_hardware_done(&c->hardware);
        sd_event_source_disable_unref(c->retry);
        sd_event_unref(c->event);
        free(c->default_media_type);
        strv_free(c->drive_ids);
        library_config_free(c->config);
        free(c);
        return NULL;
}

void library_controller_set_probed(LibraryController *c, LibraryProbed probed, void *userdata) {
        assert(c);
        c->probed = probed;
        c->probed_userdata = userdata;
}

void library_controller_set_started(LibraryController *c, LibraryStarted started, void *userdata) {
        assert(c);
        c->started = started;
        c->started_userdata = userdata;
}

int library_controller_probe(LibraryController *c) {
        assert(c);
        return job_submit(c, JOB_PROBE, false, -1, NULL, NULL);
}

int library_controller_update_drives(LibraryController *c, const LibraryConfig *config) {
        _cleanup_(library_config_freep) LibraryConfig *copy = NULL;
        Job *j;
        int r;

        assert(c);
        assert(config);
        assert(streq(library_config_device(config), library_controller_device(c)));

        if (library_config_drives_equal(c->config, config))
                return 0;

        r = library_config_copy(config, &copy);
        if (r < 0)
                return r;
        j = job_new(c, JOB_SET_DRIVES);
        if (!j)
                return -ENOMEM;
        r = drives_copy(config, &j->drive_urls, &j->drive_names);
        if (r < 0) {
                job_free(j);
                return r;
        }
        j->n_drives = config->n_drives;

        /* The worker takes the drives between two jobs; the probe after them
         * identifies and records them. The name stays: the library may have
         * been renamed by then. */
        worker_submit(c->worker, &j->base);
        free(copy->name);
        copy->name = TAKE_PTR(c->config->name);
        library_config_free(c->config);
        c->config = TAKE_PTR(copy);

        r = library_controller_probe(c);
        return r < 0 ? r : 1;
}

static int drive_submit(LibraryController *c, size_t index, Job *j);

/* Whether the medium recorded in the stand-alone drive is mounted, or on
 * its way: reading its label would rewind the tape under its application. */
static int standalone_drive_in_use(LibraryController *c, bool *ret) {
        _cleanup_free_ DbDrive *drives = NULL;
        size_t n = 0;
        int r;

        r = db_drive_list(c->db, c->guid, &drives, &n);
        if (r < 0)
                return r;
        *ret = n > 0 && drives[0].medium[0] && drives[0].media_state != NTMS_MEDIASTATE_IDLE &&
               drives[0].media_state != NTMS_MEDIASTATE_UNLOADED;
        return 0;
}

/* A stand-alone drive has no barcode reader: every method reads the medium,
 * on the drive's own lane, where its mounts and ejects run too. */
static int standalone_inventory(LibraryController *c, LibraryInventoryDone done, void *userdata) {
        Job *j;
        int r;

        j = job_new(c, JOB_DRIVE_INVENTORY);
        if (!j)
                return -ENOMEM;
        r = standalone_drive_in_use(c, &j->leave_drive);
        if (r < 0) {
                job_free(j);
                return r;
        }
        j->done = done;
        j->userdata = userdata;
        return drive_submit(c, 0, j);
}

int library_controller_inventory(LibraryController *c, uint32_t method, LibraryInventoryDone done, void *userdata) {
        assert(c);
        assert(method == NTMS_INVENTORY_FAST || method == NTMS_INVENTORY_OMID);

        if (c->guid[0] == 0)
                return -EHOSTDOWN;
        if (library_config_is_standalone(c->config))
                return standalone_inventory(c, done, userdata);
        return job_submit(c, JOB_INVENTORY, method == NTMS_INVENTORY_OMID, -1, done, userdata);
}

int library_controller_identify_slot(LibraryController *c, uint16_t address, LibraryInventoryDone done,
                                     void *userdata) {
        assert(c);

        if (library_config_is_standalone(c->config))
                return -EOPNOTSUPP;
        if (c->guid[0] == 0)
                return -EHOSTDOWN;
        return job_submit(c, JOB_INVENTORY, true, address, done, userdata);
}

const char *library_controller_guid(const LibraryController *c) {
        return c->guid;
}

const char *library_controller_changer(const LibraryController *c) {
        return c->config->changer;
}

const char *library_controller_device(const LibraryController *c) {
        return library_config_device(c->config);
}

const LibraryConfig *library_controller_config(const LibraryController *c) {
        return c->config;
}

bool library_controller_drive_ids(const LibraryController *c, char *const **ret, size_t *ret_n) {
        if (!c->drive_ids_known)
                return false;
        *ret = c->drive_ids;
        *ret_n = c->n_drive_ids;
        return true;
}

bool library_controller_busy(const LibraryController *c) {
        if (worker_pending(c->worker) > 0)
                return true;
        for (size_t i = 0; i < c->n_drive_workers; i++)
                if (c->drive_workers[i] && worker_pending(c->drive_workers[i]) > 0)
                        return true;
        return false;
}

static Job *step_new(LibraryController *c, JobType type, LibraryStepDone done, void *userdata) {
        Job *j;

        j = job_new(c, type);
        if (!j)
                return NULL;
        j->step_done = done;
        j->userdata = userdata;
        return j;
}

/* A step for the robot's lane of a changer library. */
static int robot_step(LibraryController *c, Job *j) {
        if (c->stopping || !c->config->changer) {
                int r = c->stopping ? -ESHUTDOWN : -EOPNOTSUPP;

                job_free(j);
                return r;
        }
        worker_submit(c->worker, &j->base);
        return 0;
}

int library_controller_move(LibraryController *c, uint16_t source, uint16_t destination, bool invert,
                            LibraryStepDone done, void *userdata) {
        Job *j;

        assert(c);
        assert(done);

        j = step_new(c, JOB_MOVE, done, userdata);
        if (!j)
                return -ENOMEM;
        j->source = source;
        j->destination = destination;
        j->invert = invert;
        return robot_step(c, j);
}

bool library_controller_drive_reachable(const LibraryController *c, size_t index) {
        assert(c);
        return index < c->config->n_drives && c->config->drives[index];
}

static int drive_worker_get(LibraryController *c, size_t index, Worker **ret) {
        char name[32];
        int r;

        if (index >= c->n_drive_workers) {
                Worker **l = reallocarray(c->drive_workers, index + 1, sizeof(Worker *));

                if (!l)
                        return -ENOMEM;
                memset(l + c->n_drive_workers, 0, (index + 1 - c->n_drive_workers) * sizeof(Worker *));
                c->drive_workers = l;
                c->n_drive_workers = index + 1;
        }

        if (!c->drive_workers[index]) {
                snprintf(name, sizeof name, "rsmd-drive%zu", index);
                r = worker_new(c->event, name, NULL, &c->drive_workers[index]);
                if (r < 0)
                        return r;
        }
        *ret = c->drive_workers[index];
        return 0;
}

/* Submits j to the lane of drive index, with a copy of the drive's device. */
static int drive_submit(LibraryController *c, size_t index, Job *j) {
        Worker *w;
        int r;

        if (c->stopping) {
                job_free(j);
                return -ESHUTDOWN;
        }
        r = drive_worker_get(c, index, &w);
        if (r >= 0 && library_controller_drive_reachable(c, index) &&
            !(j->drive_url = strdup(c->config->drives[index])))
                r = -ENOMEM;
        if (r < 0) {
                job_free(j);
                return r;
        }
        worker_submit(w, &j->base);
        return 0;
}

static int drive_step(LibraryController *c, JobType type, size_t index, bool force, LibraryStepDone done,
                      void *userdata) {
        Job *j;

        assert(c);
        assert(done);

        j = step_new(c, type, done, userdata);
        if (!j)
                return -ENOMEM;
        j->force = force;
        return drive_submit(c, index, j);
}

int library_controller_drive_ready(LibraryController *c, size_t index, LibraryStepDone done, void *userdata) {
        return drive_step(c, JOB_DRIVE_READY, index, false, done, userdata);
}

int library_controller_drive_unload(LibraryController *c, size_t index, LibraryStepDone done, void *userdata) {
        return drive_step(c, JOB_DRIVE_UNLOAD, index, false, done, userdata);
}

int library_controller_drive_eject(LibraryController *c, size_t index, bool force, LibraryStepDone done,
                                   void *userdata) {
        return drive_step(c, JOB_DRIVE_EJECT, index, force, done, userdata);
}

int library_controller_read_status(LibraryController *c, LibraryStatusDone done, void *userdata) {
        Job *j;

        assert(c);
        assert(done);

        j = job_new(c, JOB_STATUS);
        if (!j)
                return -ENOMEM;
        j->status_done = done;
        j->userdata = userdata;
        return robot_step(c, j);
}

int library_controller_lock(LibraryController *c, bool prevent, LibraryStepDone done, void *userdata) {
        Job *j;

        assert(c);
        assert(done);

        j = step_new(c, JOB_LOCK, done, userdata);
        if (!j)
                return -ENOMEM;
        j->prevent = prevent;
        return robot_step(c, j);
}

int library_controller_test_ready(LibraryController *c, LibraryFlagDone done, void *userdata) {
        Job *j;

        assert(c);
        assert(done);

        j = job_new(c, JOB_TEST_READY);
        if (!j)
                return -ENOMEM;
        j->flag_done = done;
        j->userdata = userdata;
        return robot_step(c, j);
}

int library_controller_drive_clean(LibraryController *c, size_t index, LibraryStepDone done, void *userdata) {
        return drive_step(c, JOB_DRIVE_CLEAN, index, false, done, userdata);
}

int library_controller_drive_wants_cleaning(LibraryController *c, size_t index, LibraryFlagDone done,
                                            void *userdata) {
        Job *j;

        assert(c);
        assert(done);

        j = job_new(c, JOB_DRIVE_WANTS_CLEANING);
        if (!j)
                return -ENOMEM;
        j->flag_done = done;
        j->userdata = userdata;
        return drive_submit(c, index, j);
}
