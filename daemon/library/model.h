/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* From what the hardware said to what the database records: element
 * addresses become element numbers (1…n per kind in address order), volume
 * tags become barcodes, tape labels become on-media identifiers. Pure
 * functions, no I/O. */

#include "db/element.h"
#include "hardware.h"
#include "db/inventory.h"

/* FILE_DEVICE_CHANGER (winioctl.h) for NTMS_CHANGERTYPEINFORMATION.DeviceType. */
#define FILE_DEVICE_CHANGER 0x30

typedef struct LibraryLayoutModel {
        DbLibraryLayout layout;
        DbDeviceIdentity changer;
        DbDeviceIdentity *drives;
} LibraryLayoutModel;

typedef struct LibraryInventoryModel {
        DbInventory inventory;
        DbInventoryItem *items;
} LibraryInventoryModel;

void library_layout_model_done(LibraryLayoutModel *m);
void library_inventory_model_done(LibraryInventoryModel *m);

/* The layout of a probed changer. The model points into p and drive_urls. */
int library_model_layout(const LibraryProbe *p, const char *name, const char *changer_url,
                         char *const *drive_urls, size_t n_drive_urls, LibraryLayoutModel *ret);

/* The inventory of a scan. The model points into scan. */
int library_model_inventory(const LibraryScan *scan, const char *default_media_type, LibraryInventoryModel *ret);

/* "LTO Ultrium N" for a drive whose product identification names LTO generation
 * N (ULTRIUM-TD5, ULT3580-HH8, "LTO-6"…); NULL when it does not say. */
const char *library_model_media_type_for_drive(const char *product);

/* The on-media identifier type recorded for a label kind ("ANSI", "IBM"),
 * NULL for blank and unrecognised media. */
const char *library_model_omid_type(TapeLabelKind kind);
