/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Discovery: SCSI changers, tape and optical drives found through udev at
 * start and while the daemon runs, turned into libraries (plan.h). */

#include <systemd/sd-event.h>

#include "library/library-manager.h"

typedef struct DetectUdev DetectUdev;

/* Enumerates the scsi_generic devices present now, acts on them at once, then
 * watches for more. Finding nothing, or having no udev at all (a container
 * without /run/udev), is not an error: discovery then just stays idle. */
int detect_udev_new(sd_event *e, LibraryManager *libraries, DetectUdev **ret);
DetectUdev *detect_udev_free(DetectUdev *d);
static inline void detect_udev_freep(DetectUdev **d) {
        if (*d)
                detect_udev_free(*d);
}
