/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* From what the hardware said to what the database records: the element
 * addresses of each kind in address order (which numbers them 1…n), volume
 * tags become barcodes, tape labels become on-media identifiers. Pure
 * functions, no I/O. */

#include "db/element.h"
#include "db/inventory.h"
#include "drive-io.h"
#include "hardware.h"

/* FILE_DEVICE_CHANGER (winioctl.h) for NTMS_CHANGERTYPEINFORMATION.DeviceType. */
#define FILE_DEVICE_CHANGER 0x30

typedef struct LibraryLayoutModel {
        DbLibraryLayout layout;
        DbDeviceIdentity changer;
        DbDeviceIdentity *drives;
        uint16_t *addresses[_DB_ELEMENT_KIND_MAX];
} LibraryLayoutModel;

typedef struct LibraryInventoryModel {
        DbInventory inventory;
        DbInventoryItem *items;
} LibraryInventoryModel;

void library_layout_model_done(LibraryLayoutModel *m);
void library_inventory_model_done(LibraryInventoryModel *m);

/* The layout of a probed library: elements is the element status it was
 * read from (the probe's, or that of an inventory that found the layout
 * changed); changer_url NULL makes a stand-alone drive library, which is one
 * drive and one insert/eject port (the slot an operator puts a cartridge in)
 * without element addresses. The model points into p, elements and the
 * strings. */
int library_model_layout(const LibraryProbe *p, const ChangerInventory *elements, const char *name,
                         const char *changer_url, LibraryLayoutModel *ret);

/* The device identifier (DVCID) of each data transfer element in address
 * order, "" where none was reported; *ret_known is false when no element
 * reported one (the changer does not offer them). */
int library_model_drive_ids(const ChangerInventory *elements, char ***ret, size_t *ret_n, bool *ret_known);

/* The inventory of a scan. The model points into scan. */
int library_model_inventory(const LibraryScan *scan, const char *default_media_type, LibraryInventoryModel *ret);

/* The inventory of a stand-alone drive library: its one drive (known by
 * its number, it has no element address) holds what content says. There is
 * no barcode reader; a medium whose label was read is identified by it. The
 * model points into content. */
int library_model_standalone_inventory(const DriveContent *content, const char *default_media_type,
                                       LibraryInventoryModel *ret);

/* "LTO Ultrium N" for a drive whose product identification names LTO generation
 * N (ULTRIUM-TD5, ULT3580-HH8, "LTO-6"…); NULL when it does not say. */
const char *library_model_media_type_for_drive(const char *product);

/* The on-media identifier type recorded for a label kind ("ANSI", "IBM"),
 * NULL for blank and unrecognised media. */
const char *library_model_omid_type(TapeLabelKind kind);
