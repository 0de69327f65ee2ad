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
        char *changer_url;              /* NULL: a stand-alone drive library, drive 0 is all there is */
        char **drive_urls;              /* n_drive_urls entries, NULL where unknown */
        char **drive_names;             /* what programs open for each drive (/dev/nst0); NULL: its URL */
        size_t n_drive_urls;

        Changer *changer;               /* NULL until opened */
        uint16_t transport;             /* the robot's element address, from the last probe */

        /* Type and address of every element the last probe saw, so that an
         * inventory notices a changed layout. */
        uint32_t *known_elements;
        size_t n_known_elements;
} LibraryHardware;

typedef struct LibraryProbe {
        ScsiIdentity changer;
        /* The layout and the status of every element: their addresses, the
         * drives' device identifiers. Empty for a stand-alone drive. */
        ChangerInventory elements;
        ScsiIdentity *drives;           /* one per data transfer element (or the stand-alone drive) */
        bool *drive_known;              /* its device answered INQUIRY */
        char **drive_names;             /* the device name to record for each drive; NULL: none known */
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
        /* The layout differs from the one the last probe saw: probe holds the
         * drives identified again (its elements stay empty, inventory has them). */
        bool layout_changed;
        LibraryProbe probe;
} LibraryScan;

void library_hardware_done(LibraryHardware *h);
void library_probe_done(LibraryProbe *p);
void library_scan_done(LibraryScan *s);

/* Takes new drive URLs and names (n entries each; names may be NULL), which the
 * next probe identifies. Frees the old ones. */
void library_hardware_set_drives(LibraryHardware *h, char **urls, char **names, size_t n);

/* -EHOSTDOWN (with the cause logged) when the changer cannot be reached. For
 * a stand-alone drive library, identifies the drive: -EHOSTDOWN when it does
 * not answer. */
int library_hardware_probe(LibraryHardware *h, LibraryProbe *ret);

/* Moves a cartridge with the robot (invert: turn it over, for the other
 * side of two-sided media). When the move fails, the element status of the
 * whole library is read again into ret_status before this returns, while
 * the robot is still ours, so that the caller can record where every
 * cartridge really is; ret_status stays empty when that read failed too. */
int library_hardware_move(LibraryHardware *h, uint16_t source, uint16_t destination, bool invert,
                          ChangerInventory *ret_status);

/* Element status of the whole library, one element type at a time. With
 * on_media, each cartridge in a storage slot (only the one at address
 * only_slot when that is not -1) is also moved into a free drive, its first
 * block read and the cartridge moved home again. -EOPNOTSUPP for a
 * stand-alone drive library, which its drive's own lane inventories
 * (drive_io_inventory()). */
int library_hardware_inventory(LibraryHardware *h, bool on_media, int32_t only_slot, LibraryScan *ret);

/* The element status of the whole library, as the changer reports it now;
 * nothing is recorded. -EOPNOTSUPP for a stand-alone drive library. */
int library_hardware_read_status(LibraryHardware *h, ChangerInventory *ret);

/* PREVENT (prevent true) or ALLOW MEDIUM REMOVAL: locks or unlocks the
 * ports and doors an operator reaches. A changer that cannot lock them
 * succeeds: they are simply never locked. */
int library_hardware_lock(LibraryHardware *h, bool prevent);

/* TEST UNIT READY on the changer: 0 ready, else the error (a library whose
 * door is open is not ready). *ret_attention: a unit attention was seen
 * (the changer says its media may have changed: a door was closed). */
int library_hardware_test_ready(LibraryHardware *h, bool *ret_attention);
