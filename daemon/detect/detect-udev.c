/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The thin part of discovery that talks to udev and sysfs. Everything it
 * decides is in plan.c; this file only reads attributes, keeps the list of
 * devices present and carries the plan out through library-manager.h. */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libudev.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "detect-udev.h"
#include "log.h"
#include "macro.h"
#include "plan.h"

/* udev announces a library's drives before its changer, about half a second
 * apart: act once the events have been quiet this long. */
#define DETECT_QUIET_USEC (1000 * 1000ULL)

DEFINE_TRIVIAL_CLEANUP_FUNC(struct udev *, udev_unref);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct udev_device *, udev_device_unref);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct udev_enumerate *, udev_enumerate_unref);
DEFINE_TRIVIAL_CLEANUP_FUNC(struct udev_monitor *, udev_monitor_unref);

struct DetectUdev {
        sd_event *event;
        LibraryManager *libraries;

        struct udev *udev;
        struct udev_monitor *monitor;
        sd_event_source *io, *quiet;

        DetectDevice *devices;
        size_t n_devices;
        char **removed;                 /* devices gone since the last plan */
        size_t n_removed;
};

static void removed_clear(DetectUdev *d) {
        for (size_t i = 0; i < d->n_removed; i++)
                free(d->removed[i]);
        free(d->removed);
        d->removed = NULL;
        d->n_removed = 0;
}

DetectUdev *detect_udev_free(DetectUdev *d) {
        if (!d)
                return NULL;
        if (d->libraries)
                library_manager_set_probed(d->libraries, NULL, NULL);
        sd_event_source_disable_unref(d->io);
        sd_event_source_disable_unref(d->quiet);
        udev_monitor_unref(d->monitor);
        udev_unref(d->udev);
        for (size_t i = 0; i < d->n_devices; i++)
                detect_device_done(&d->devices[i]);
        free(d->devices);
        removed_clear(d);
        sd_event_unref(d->event);
        free(d);
        return NULL;
}

static char *dup_attr(struct udev_device *dev, const char *name) {
        const char *v = udev_device_get_sysattr_value(dev, name);
        size_t n;
        char *s;

        if (!v)
                return NULL;
        /* INQUIRY strings are padded with blanks. */
        while (*v == ' ')
                v++;
        n = strlen(v);
        while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\n'))
                n--;
        s = strndup(v, n);
        return s;
}

/* vpd_pg80 is binary, which udev's attribute cache does not keep intact. */
static char *read_serial(const char *syspath) {
        _cleanup_free_ char *path = NULL;
        _cleanup_close_ int fd = -1;
        uint8_t buf[260];
        char *serial = NULL;
        ssize_t n;

        if (asprintf(&path, "%s/vpd_pg80", syspath) < 0)
                return NULL;
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return NULL;
        n = read(fd, buf, sizeof buf);
        if (n <= 0)
                return NULL;
        (void) detect_parse_vpd_serial(buf, (size_t) n, &serial);
        return serial;
}

static char *find_nst(const char *syspath) {
        _cleanup_free_ char *path = NULL;
        struct dirent *de;
        char *node = NULL;
        DIR *dir;

        if (asprintf(&path, "%s/scsi_tape", syspath) < 0)
                return NULL;
        dir = opendir(path);
        if (!dir)
                return NULL;
        while ((de = readdir(dir)))
                if (detect_is_nst_name(de->d_name)) {
                        if (asprintf(&node, "/dev/%s", de->d_name) < 0)
                                node = NULL;
                        break;
                }
        closedir(dir);
        return node;
}

/* 0 and an empty device (type 0) when the device is of no interest. */
static int read_device(struct udev_device *sg, DetectDevice *ret) {
        struct udev_device *parent;
        const char *type, *node;
        DetectDevice d = {};
        int r;

        *ret = (DetectDevice) {};

        node = udev_device_get_devnode(sg);
        parent = udev_device_get_parent_with_subsystem_devtype(sg, "scsi", "scsi_device");
        if (!node || !parent)
                return 0;

        type = udev_device_get_sysattr_value(parent, "type");
        if (!type)
                return 0;
        d.type = atoi(type);
        if (!detect_type_wanted(d.type))
                return 0;

        r = detect_parse_hctl(udev_device_get_sysname(parent), &d.host, &d.channel, &d.target, &d.lun);
        if (r < 0)
                return 0;

        d.sg = strdup(node);
        if (!d.sg)
                return -ENOMEM;
        d.vendor = dup_attr(parent, "vendor");
        d.model = dup_attr(parent, "model");
        d.serial = read_serial(udev_device_get_syspath(parent));
        if (d.type == DETECT_TYPE_TAPE)
                d.nst = find_nst(udev_device_get_syspath(parent));
        /* Its element identifiers come with its library's probe. */
        d.probe_pending = d.type == DETECT_TYPE_CHANGER;

        *ret = d;
        return 0;
}

static ssize_t find_device(DetectUdev *d, const char *sg) {
        for (size_t i = 0; i < d->n_devices; i++)
                if (streq(d->devices[i].sg, sg))
                        return (ssize_t) i;
        return -1;
}

static int device_put(DetectUdev *d, DetectDevice *dev) {
        ssize_t i = find_device(d, dev->sg);
        DetectDevice *l;

        if (i >= 0) {
                DetectDevice *old = &d->devices[i];

                /* A change event says nothing new about the elements, and no
                 * probe would come to say it again. */
                if (old->type == DETECT_TYPE_CHANGER && dev->type == DETECT_TYPE_CHANGER) {
                        dev->element_ids = TAKE_PTR(old->element_ids);
                        dev->n_element_ids = old->n_element_ids;
                        dev->element_ids_known = old->element_ids_known;
                        dev->probe_pending = old->probe_pending;
                        old->n_element_ids = 0;
                }
                detect_device_done(old);
                *old = *dev;
                *dev = (DetectDevice) {};
                return 0;
        }
        l = realloc(d->devices, (d->n_devices + 1) * sizeof(DetectDevice));
        if (!l)
                return -ENOMEM;
        d->devices = l;
        d->devices[d->n_devices++] = *dev;
        *dev = (DetectDevice) {};
        return 0;
}

static int device_drop(DetectUdev *d, const char *sg) {
        ssize_t i = find_device(d, sg);
        char **l;

        if (i < 0)
                return 0;
        detect_device_done(&d->devices[i]);
        memmove(d->devices + i, d->devices + i + 1, (d->n_devices - i - 1) * sizeof(DetectDevice));
        d->n_devices--;

        l = realloc(d->removed, (d->n_removed + 1) * sizeof(char *));
        if (!l)
                return -ENOMEM;
        d->removed = l;
        d->removed[d->n_removed] = strdup(sg);
        if (!d->removed[d->n_removed])
                return -ENOMEM;
        d->n_removed++;
        return 0;
}

static void plan_start(DetectUdev *d, const DetectLibrary *l) {
        _cleanup_(library_config_freep) LibraryConfig *config = NULL;
        int r;

        r = detect_library_to_config(l, &config);
        if (r < 0) {
                log_oom();
                return;
        }

        if (!l->changer) {
                r = library_manager_add_standalone(d->libraries, config);
                if (r < 0)
                        log_warning_errno(r, "Cannot serve stand-alone drive %s on %s: %m", l->name,
                                          l->drives[0].generic);
                else if (r > 0)
                        log_info("Discovered stand-alone drive %s on %s (%s)", l->name, l->drives[0].generic,
                                 l->drives[0].device_name);
                return;
        }

        /* A drive served on its own until its changer's probe said it is behind
         * one of its elements joins the changer's library. */
        for (size_t i = 0; i < l->n_drives; i++)
                if (l->drives[i].generic && library_manager_remove_device(d->libraries, l->drives[i].generic) > 0)
                        log_info("Drive %s belongs to library %s", l->drives[i].generic, l->name);

        /* A configured library for the same changer is already running, and
         * library_manager_add() leaves it alone; a discovered one takes the
         * drives found since. */
        r = library_manager_add(d->libraries, config);
        if (r < 0)
                log_warning_errno(r, "Cannot start discovered library %s on %s: %m", l->name, l->changer);
        else if (r > 0)
                log_info("Discovered library %s on %s with %zu drive(s)", l->name, l->changer, l->n_drives);
}

static void plan_apply(DetectUdev *d) {
        _cleanup_(detect_plan_done) DetectPlan plan = {};
        int r;

        r = detect_plan_build(d->devices, d->n_devices, d->removed, d->n_removed, &plan);
        if (r < 0) {
                log_error_errno(r, "Cannot plan discovered libraries: %m");
                return;
        }
        removed_clear(d);

        for (size_t i = 0; i < plan.n_remove; i++) {
                r = library_manager_remove_device(d->libraries, plan.remove[i]);
                if (r < 0)
                        log_warning_errno(r, "Cannot take library of %s offline: %m", plan.remove[i]);
        }

        for (size_t i = 0; i < plan.n_libraries; i++)
                plan_start(d, &plan.libraries[i]);
}

static int on_quiet(sd_event_source *s, uint64_t usec, void *userdata) {
        DetectUdev *d = userdata;

        plan_apply(d);
        return 0;
}

static int arm_quiet(DetectUdev *d) {
        uint64_t now;
        int r;

        r = sd_event_now(d->event, CLOCK_MONOTONIC, &now);
        if (r < 0)
                return r;
        if (d->quiet) {
                r = sd_event_source_set_time(d->quiet, now + DETECT_QUIET_USEC);
                if (r < 0)
                        return r;
                return sd_event_source_set_enabled(d->quiet, SD_EVENT_ONESHOT);
        }
        return sd_event_add_time(d->event, &d->quiet, CLOCK_MONOTONIC, now + DETECT_QUIET_USEC, 0, on_quiet, d);
}

/* A changer's probe read its element identifiers: plan again when they place
 * drives differently, or when drives waited for them. Runs inside the
 * controller's completion, so the plan waits for the main loop's next turn. */
static void on_probed(LibraryController *c, int r, void *userdata) {
        DetectUdev *d = userdata;
        const char *changer = library_controller_changer(c);
        char *const *ids = NULL;
        size_t n = 0;
        DetectDevice *dev;
        ssize_t i;

        if (!changer)
                return;
        i = find_device(d, changer);
        if (i < 0)
                return;         /* configured, and not a device discovery sees */
        dev = &d->devices[i];
        if (dev->type != DETECT_TYPE_CHANGER)
                return;

        if (r < 0) {
                /* Unreachable: what it said before still holds; drives that
                 * waited for it are placed without it. */
                if (!dev->probe_pending)
                        return;
                dev->probe_pending = false;
                r = 1;
        } else {
                bool known = library_controller_drive_ids(c, &ids, &n);

                r = detect_device_set_element_ids(dev, ids, n, known);
        }
        if (r < 0)
                log_oom();
        else if (r > 0 && arm_quiet(d) < 0)
                log_warning("Cannot schedule discovery after the probe of %s", changer);
}

static int handle_event(DetectUdev *d, struct udev_device *dev) {
        const char *action = udev_device_get_action(dev), *node = udev_device_get_devnode(dev);
        DetectDevice x = {};
        int r;

        if (!node)
                return 0;

        if (action && streq(action, "remove"))
                r = device_drop(d, node);
        else {
                r = read_device(dev, &x);
                if (r >= 0 && x.sg)
                        r = device_put(d, &x);
                detect_device_done(&x);
        }
        if (r < 0)
                return r;
        return arm_quiet(d);
}

static int on_monitor(sd_event_source *s, int fd, uint32_t revents, void *userdata) {
        DetectUdev *d = userdata;
        _cleanup_(udev_device_unrefp) struct udev_device *dev = NULL;
        int r;

        dev = udev_monitor_receive_device(d->monitor);
        if (!dev)
                return 0;
        r = handle_event(d, dev);
        if (r < 0)
                log_warning_errno(r, "Cannot handle udev event for %s: %m", udev_device_get_sysname(dev) ?: "?");
        return 0;
}

static int enumerate(DetectUdev *d) {
        _cleanup_(udev_enumerate_unrefp) struct udev_enumerate *en = NULL;
        struct udev_list_entry *e;
        int r;

        en = udev_enumerate_new(d->udev);
        if (!en)
                return -ENOMEM;
        r = udev_enumerate_add_match_subsystem(en, "scsi_generic");
        if (r < 0)
                return r;
        r = udev_enumerate_scan_devices(en);
        if (r < 0)
                return r;

        udev_list_entry_foreach(e, udev_enumerate_get_list_entry(en)) {
                _cleanup_(udev_device_unrefp) struct udev_device *dev = NULL;
                DetectDevice x = {};

                dev = udev_device_new_from_syspath(d->udev, udev_list_entry_get_name(e));
                if (!dev)
                        continue;
                r = read_device(dev, &x);
                if (r >= 0 && x.sg)
                        r = device_put(d, &x);
                detect_device_done(&x);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* Without a running udev (no /run/udev, as in a container) nobody would send
 * events; enumeration through sysfs still works. */
static int monitor_start(DetectUdev *d) {
        _cleanup_(udev_monitor_unrefp) struct udev_monitor *mon = NULL;
        int r;

        if (access("/run/udev/control", F_OK) < 0 && access("/run/udev", F_OK) < 0) {
                log_debug("No /run/udev, not watching for devices");
                return 0;
        }

        mon = udev_monitor_new_from_netlink(d->udev, "udev");
        if (!mon)
                return -errno ?: -EIO;
        r = udev_monitor_filter_add_match_subsystem_devtype(mon, "scsi_generic", NULL);
        if (r < 0)
                return r;
        r = udev_monitor_enable_receiving(mon);
        if (r < 0)
                return r;
        r = sd_event_add_io(d->event, &d->io, udev_monitor_get_fd(mon), EPOLLIN, on_monitor, d);
        if (r < 0)
                return r;
        d->monitor = TAKE_PTR(mon);
        return 0;
}

int detect_udev_new(sd_event *e, LibraryManager *libraries, DetectUdev **ret) {
        _cleanup_(detect_udev_freep) DetectUdev *d = NULL;
        int r;

        d = calloc(1, sizeof(DetectUdev));
        if (!d)
                return -ENOMEM;
        d->event = sd_event_ref(e);
        d->libraries = libraries;
        library_manager_set_probed(libraries, on_probed, d);

        d->udev = udev_new();
        if (!d->udev)
                return log_debug_errno(errno ?: ENOMEM, "No udev context, discovery off: %m");

        /* Watch first, so that nothing plugged in during the scan is lost. */
        r = monitor_start(d);
        if (r < 0)
                log_debug_errno(r, "Cannot watch udev, discovery only at start: %m");

        r = enumerate(d);
        if (r < 0)
                log_debug_errno(r, "Cannot enumerate SCSI generic devices: %m");
        if (d->n_devices > 0)
                plan_apply(d);
        else
                log_debug("Discovery found no changers, tape or optical drives");

        *ret = TAKE_PTR(d);
        return 0;
}
