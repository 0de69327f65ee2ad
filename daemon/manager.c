/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include "bus/bus-manager.h"
#include "bus/bus-requests.h"
#include "bus/bus-session.h"
#include "log.h"
#include "manager.h"
#include "media/pools.h"
#include "ntms-bus.h"

static int manager_resolve_admin_group(Manager *m) {
        struct group *g;

        if (!m->config.admin_group)
                return 0;

        errno = 0;
        g = getgrnam(m->config.admin_group);
        if (!g) {
                /* Not fatal: root still administers, everybody else reads. */
                log_warning("Administrator group %s does not exist; only root may change objects",
                            m->config.admin_group);
                return 0;
        }
        m->admin_gid = g->gr_gid;
        m->have_admin_gid = true;
        return 0;
}

int manager_new(const Config *config, const char *state_dir, Manager **ret) {
        _cleanup_(manager_freep) Manager *m = NULL;
        char host[HOST_NAME_MAX + 1] = {};
        int r;

        m = calloc(1, sizeof *m);
        if (!m)
                return -ENOMEM;

        m->config = *config;
        m->per_call = (Session) { .manager = m, .per_call = true };

        m->state_dir = strdup(state_dir);
        if (!m->state_dir)
                return -ENOMEM;

        if (gethostname(host, sizeof host - 1) < 0)
                return log_error_errno(errno, "Cannot get the host name: %m");
        m->hostname = strdup(host);
        if (!m->hostname)
                return -ENOMEM;

        r = manager_resolve_admin_group(m);
        if (r < 0)
                return r;

        r = sd_event_default(&m->event);
        if (r < 0)
                return log_error_errno(r, "Cannot allocate the event loop: %m");

        *ret = TAKE_PTR(m);
        return 0;
}

Manager *manager_free(Manager *m) {
        if (!m)
                return NULL;

        while (m->sessions)
                session_free(m->sessions);

        /* Discovery feeds the library manager, so it goes first. The queue
         * starts nothing more; the controllers' workers finish and answer
         * its steps before it goes. */
        detect_udev_free(m->detect);
        queue_manager_stop(m->queues);
        library_manager_free(m->libraries);
        queue_manager_free(m->queues);
        sd_bus_flush_close_unref(m->bus);
        sd_event_unref(m->event);
        db_close(m->db);
        free(m->db_problem);
        free(m->state_dir);
        free(m->hostname);
        /* config strings were handed over by main and are freed there */
        free(m);
        return NULL;
}

int manager_open_database(Manager *m) {
        _cleanup_free_ char *path = NULL, *problem = NULL;
        DbOpenOptions options = { .hostname = m->hostname };
        int r;

        if (asprintf(&path, "%s/%s", m->state_dir, DB_FILE_NAME) < 0)
                return -ENOMEM;

        r = db_open(path, &options, &m->db, &problem);
        if (r >= 0)
                r = media_pools_seed(m->db);
        if (r >= 0 && m->config.max_database_size > 0)
                r = db_set_max_size(m->db, m->config.max_database_size);
        if (r == -ENOMEM)
                return log_oom();
        if (r < 0) {
                m->db = db_close(m->db);
                if (!problem && asprintf(&problem, "%s cannot be used: %s", path, strerror(-r)) < 0)
                        return log_oom();

                /* Stay up and say so to every caller: an administrator has to
                 * look at the file; replacing it would lose where cartridges are. */
                log_full_errno(LOG_CRIT, r, NULL, "Database failure: %s", problem);
                (void) sd_notifyf(false, "STATUS=Database failure: %s", problem);
                m->db_problem = TAKE_PTR(problem);
                return 0;
        }

        log_info("Database %s open", path);

        r = library_manager_new(m->event, m->db, &m->libraries);
        if (r < 0)
                return log_error_errno(r, "Cannot set up the library controllers: %m");
        r = queue_manager_new(m->event, m->db, m->libraries, bus_request_error_code, &m->queues);
        if (r < 0)
                return log_error_errno(r, "Cannot set up the library request queues: %m");
        return 0;
}

int manager_start_discovery(Manager *m) {
        int r;

        if (!m->config.discovery || !m->libraries)
                return 0;

        /* Discovery is a convenience: without udev the configured libraries
         * and the database are still served. */
        r = detect_udev_new(m->event, m->libraries, &m->detect);
        if (r < 0)
                log_debug_errno(r, "Discovery unavailable: %m");
        return 0;
}

static int on_signal(sd_event_source *s, const struct signalfd_siginfo *si, void *userdata) {
        Manager *m = userdata;

        log_info("Received %s, shutting down", strsignal((int) si->ssi_signo));
        (void) sd_notify(false, "STOPPING=1\nSTATUS=Shutting down");
        return sd_event_exit(m->event, 0);
}

static int manager_setup_signals(Manager *m) {
        static const int signals[] = { SIGTERM, SIGINT };
        sigset_t mask;
        int r;

        sigemptyset(&mask);
        for (size_t i = 0; i < ELEMENTSOF(signals); i++)
                sigaddset(&mask, signals[i]);
        if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0)
                return -errno;

        for (size_t i = 0; i < ELEMENTSOF(signals); i++) {
                r = sd_event_add_signal(m->event, NULL, signals[i], on_signal, m);
                if (r < 0)
                        return r;
        }
        return 0;
}

int manager_run(Manager *m) {
        int r;

        r = manager_setup_signals(m);
        if (r < 0)
                return log_error_errno(r, "Cannot set up signal handling: %m");

        /* Pings the service manager at half of WatchdogSec=, when it asked for that. */
        r = sd_event_set_watchdog(m->event, true);
        if (r < 0)
                log_warning_errno(r, "Cannot enable the watchdog, continuing without: %m");

        r = bus_setup(m);
        if (r < 0)
                return r;

        if (m->db)
                (void) sd_notify(false, "READY=1\nSTATUS=Serving " NTMS_BUS_NAME);
        else
                (void) sd_notify(false, "READY=1");

        r = sd_event_loop(m->event);
        if (r < 0)
                return log_error_errno(r, "Event loop failed: %m");
        return 0;
}
