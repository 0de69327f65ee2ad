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
         * element in element address order, when known. */
        char **element_ids;
        size_t n_element_ids;
        bool element_ids_known;
} DetectDevice;

void detect_device_done(DetectDevice *d);
int detect_device_copy(const DetectDevice *d, DetectDevice *ret);

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
        char **remove;                  /* changers that went away */
        size_t n_remove;
} DetectPlan;

void detect_plan_done(DetectPlan *p);

/* Builds the plan from the devices present now and the generic nodes of
 * devices that were removed since the last plan. A drive goes to the changer
 * one of whose element identifiers names its serial (match.h). When a
 * changer's identifiers are not known, the drives that share its
 * host:channel:target follow it in LUN order, which is how a library that
 * presents itself as one target lays them out (tgt does); every other drive
 * is a stand-alone library. A removed changer is in remove[]; a removed drive
 * only drops out of its library. */
int detect_plan_build(const DetectDevice *devices, size_t n_devices,
                      char *const *removed, size_t n_removed, DetectPlan *ret);

/* The LibraryConfig that library_manager_add() takes for a changer library
 * of the plan. -EINVAL for a stand-alone drive library, which has none. */
int detect_library_to_config(const DetectLibrary *l, LibraryConfig **ret);

/* The text of a Unit Serial Number VPD page (sysfs vpd_pg80) without the
 * padding; -EINVAL when the page is not one. */
int detect_parse_vpd_serial(const void *buf, size_t len, char **ret);

/* "H:C:T:L", the name of a scsi_device in sysfs. */
int detect_parse_hctl(const char *s, unsigned *host, unsigned *channel, unsigned *target, unsigned *lun);

/* "nstN" in a scsi_tape directory: the non-rewinding node, without mode
 * suffix (nst0a etc. are other densities). */
bool detect_is_nst_name(const char *name);
