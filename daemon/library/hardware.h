/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The devices of one library as its worker thread sees them: the changer and
 * the drives behind its data transfer elements, opened on first use and
 * closed again after a failure, so that the next command reconnects. Every
 * function blocks; only the library's worker calls them. */

#include <stdbool.h>
#include <stddef.h>

#include "changer.h"
#include "identify.h"
#include "ssc.h"

typedef struct LibraryHardware {
        char *changer_url;
        char **drive_urls;              /* n_drive_urls entries, NULL where unknown */
        size_t n_drive_urls;

        Changer *changer;               /* NULL until opened */
} LibraryHardware;

typedef struct LibraryProbe {
        ScsiIdentity changer;
        SmcAddressAssignment layout;
        ScsiIdentity *drives;           /* one per data transfer element */
        bool *drive_known;              /* its device answered INQUIRY */
        size_t n_drives;
} LibraryProbe;

/* What an on-media inventory learnt about the cartridge in one storage element. */
typedef struct LibraryLabel {
        uint16_t address;
        TapeLabel label;
} LibraryLabel;

typedef struct LibraryScan {
        ChangerInventory inventory;
        LibraryLabel *labels;           /* on-media inventory only: the cartridges it could read */
        size_t n_labels;
} LibraryScan;

void library_hardware_done(LibraryHardware *h);
void library_probe_done(LibraryProbe *p);
void library_scan_done(LibraryScan *s);

/* -EHOSTDOWN (with the cause logged) when the changer cannot be reached. */
int library_hardware_probe(LibraryHardware *h, LibraryProbe *ret);

/* Element status of the whole library, one element type at a time. With
 * on_media, each cartridge in a storage slot is also moved into a free drive,
 * its first block read and the cartridge moved home again. */
int library_hardware_inventory(LibraryHardware *h, bool on_media, LibraryScan *ret);
