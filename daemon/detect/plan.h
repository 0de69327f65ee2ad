/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* What discovery does with the SCSI devices it has seen: which libraries to
 * start (a changer with the drives behind its data transfer elements, or a
 * drive of its own as a stand-alone library) and which changers went away.
 * Pure data in, pure data out, so that every decision is tested without
 * devices; detect-udev.c only gathers the input and carries the plan out. */

#include <stdbool.h>
#include <stddef.h>

#include "library/library-config.h"

/* SCSI peripheral device types (sysfs device/type). */
enum {
        DETECT_TYPE_TAPE = 1,
        DETECT_TYPE_OPTICAL = 5,
        DETECT_TYPE_CHANGER = 8,
};

typedef struct DetectDevice {
        int type;                       /* DETECT_TYPE_* */
        char *sg;                       /* /dev/sgN: what rsmd sends commands to */
        char *nst;                      /* /dev/nstN for a tape drive, else NULL */
        char *vendor, *model, *serial;  /* serial: unit serial number, may be NULL */
        unsigned host, channel, target, lun;

        /* Changers only: the device identifier (DVCID) of each data transfer
         * element in element address order, when known. Its library's probe
         * reads them; until it has, probe_pending holds back the drives that
         * nothing else places, which would otherwise become stand-alone
         * libraries only to join the changer a moment later. */
        char **element_ids;
        size_t n_element_ids;
        bool element_ids_known;
        bool probe_pending;
} DetectDevice;

void detect_device_done(DetectDevice *d);
int detect_device_copy(const DetectDevice *d, DetectDevice *ret);

/* What the probe of a changer's library said: its element identifiers
 * (known false: the changer reports none, or the probe failed). Ends
 * probe_pending. Returns 1 when the plan may change, 0 when it cannot. */
int detect_device_set_element_ids(DetectDevice *d, char *const *ids, size_t n, bool known);

/* Does this peripheral device type concern rsmd at all? */
bool detect_type_wanted(int type);

typedef struct DetectDrive {
        char *generic;                  /* /dev/sgN the daemon drives */
        char *device_name;              /* what a program opens: /dev/nstN, else /dev/sgN */
} DetectDrive;

typedef struct DetectLibrary {
        char *name;
        char *changer;                  /* NULL: a stand-alone drive library */
        DetectDrive *drives;            /* one per data transfer element; empty where none matched */
        size_t n_drives;
} DetectLibrary;

typedef struct DetectPlan {
        DetectLibrary *libraries;       /* changers first, in input order, then stand-alone drives */
        size_t n_libraries;
        char **remove;                  /* changers and drives that went away */
        size_t n_remove;
} DetectPlan;

void detect_plan_done(DetectPlan *p);

/* Builds the plan from the devices present now and the generic nodes of
 * devices that were removed since the last plan. A drive goes to the changer
 * one of whose element identifiers names its serial (match.h). The drives
 * that share a changer's host:channel:target and that no identifier placed
 * follow it in LUN order into its elements that no identifier names (all of
 * them when its identifiers are not known), which is how a library that
 * presents itself as one target lays them out (tgt does, and cuts the last
 * identifier short); every other drive is a stand-alone library, unless a
 * changer's probe is pending: then it waits for the next plan. Every removed node is in remove[]: a changer takes
 * its library with it, a drive its stand-alone library (a drive of a changer
 * library simply drops out of it). */
int detect_plan_build(const DetectDevice *devices, size_t n_devices,
                      char *const *removed, size_t n_removed, DetectPlan *ret);

/* The LibraryConfig for a library of the plan: library_manager_add() takes a
 * changer library's, library_manager_add_standalone() a stand-alone drive's.
 * rsmd drives the generic nodes; the device names are what programs open. */
int detect_library_to_config(const DetectLibrary *l, LibraryConfig **ret);

/* The text of a Unit Serial Number VPD page (sysfs vpd_pg80) without the
 * padding; -EINVAL when the page is not one. */
int detect_parse_vpd_serial(const void *buf, size_t len, char **ret);

/* "H:C:T:L", the name of a scsi_device in sysfs. */
int detect_parse_hctl(const char *s, unsigned *host, unsigned *channel, unsigned *target, unsigned *lun);

/* "nstN" in a scsi_tape directory: the non-rewinding node, without mode
 * suffix (nst0a etc. are other densities). */
bool detect_is_nst_name(const char *name);
