/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The daemon's state: the event loop, the bus connection, the database and
 * the open sessions. Everything runs on the main thread. */

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "config.h"
#include "db/db.h"
#include "detect/detect-udev.h"
#include "library/library-manager.h"
#include "queue/queue.h"

typedef struct Manager Manager;
typedef struct Session Session;

struct Session {
        Manager *manager;
        uint64_t id;
        char *path;
        char *owner;            /* unique bus name of the connection that opened it */
        char *application;
        sd_bus_track *track;
        bool per_call;          /* the session of calls on the manager object */
        Session *prev, *next;
};

struct Manager {
        sd_event *event;
        sd_bus *bus;
        Config config;

        char *state_dir;
        char *hostname;

        Db *db;                 /* NULL when the database could not be used */
        char *db_problem;       /* why, when db is NULL */

        LibraryManager *libraries; /* NULL while the database is unusable */
        QueueManager *queues;   /* the library request queues; NULL with libraries */
        DetectUdev *detect;     /* NULL unless discovery runs */

        bool have_admin_gid;
        gid_t admin_gid;

        Session per_call;       /* stands for the per-call session on the manager object */
        Session *sessions;
        uint64_t last_session_id;
};

int manager_new(const Config *config, const char *state_dir, Manager **ret);
Manager *manager_free(Manager *m);
static inline void manager_freep(Manager **m) {
        if (*m)
                manager_free(*m);
}

/* Opens the database; a damaged one leaves m->db NULL and m->db_problem set,
 * and the daemon keeps answering with DatabaseFailure. */
int manager_open_database(Manager *m);

/* Starts discovery of changers and drives, unless the configuration says
 * no or the database is unusable (discovered libraries need it). */
int manager_start_discovery(Manager *m);

int manager_run(Manager *m);
