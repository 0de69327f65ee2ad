/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* One controller per library: it owns the library's worker thread and its
 * hardware, sends it jobs (probe, inventory), and when a job is done records
 * the result in the database on the main loop, in one transaction, before it
 * tells whoever asked. A library is a changer with the drives behind its data
 * transfer elements, or a stand-alone drive. */

#include <stdbool.h>
#include <stdint.h>
#include <systemd/sd-event.h>

#include "changer.h"
#include "db/db.h"
#include "db/inventory.h"
#include "library-config.h"

typedef struct LibraryController LibraryController;

/* Called on the main loop when an inventory is over: r is 0, or -EHOSTDOWN
 * when the changer could not be reached (the database was not touched), or
 * another negative errno. */
typedef void (*LibraryInventoryDone)(int r, const DbInventoryStats *stats, void *userdata);

/* Called on the main loop after each probe, r its outcome (0: recorded). */
typedef void (*LibraryProbed)(LibraryController *c, int r, void *userdata);

/* Called on the main loop once, after the first probe that was recorded:
 * elements is the element status that probe read (empty for a stand-alone
 * drive library), valid during the call. */
typedef void (*LibraryStarted)(LibraryController *c, const ChangerInventory *elements, void *userdata);

/* Called on the main loop when one step of a mount or dismount is over. */
typedef void (*LibraryStepDone)(int r, void *userdata);

/* Called on the main loop with the element status a step read (valid
 * during the call; empty when r < 0). */
typedef void (*LibraryStatusDone)(int r, const ChangerInventory *status, void *userdata);

/* Called on the main loop with a step's outcome and the yes or no it found
 * out (see the step). */
typedef void (*LibraryFlagDone)(int r, bool flag, void *userdata);

int library_controller_new(sd_event *e, Db *db, const LibraryConfig *config, LibraryController **ret);
LibraryController *library_controller_free(LibraryController *c);
static inline void library_controller_freep(LibraryController **c) {
        if (*c)
                library_controller_free(*c);
}

void library_controller_set_probed(LibraryController *c, LibraryProbed probed, void *userdata);
void library_controller_set_started(LibraryController *c, LibraryStarted started, void *userdata);

/* Identify the changer and its drives and record the library; until then the
 * controller has no library GUID. */
int library_controller_probe(LibraryController *c);

/* Takes the drives of config (its changer must be this controller's) and,
 * when they differ from the ones it has, probes again so that the library is
 * recorded with them. Returns 0 when nothing changed, 1 when a probe is on
 * its way. */
int library_controller_update_drives(LibraryController *c, const LibraryConfig *config);

/* method is NTMS_INVENTORY_FAST or NTMS_INVENTORY_OMID. A stand-alone drive
 * library has no barcode reader: both read what its drive holds, on the
 * drive's lane (drive_io_inventory()), and record it in the drive (an
 * empty drive sends the medium recorded there offline). A medium that is
 * mounted there is left alone: its application has it. -EHOSTDOWN before
 * the first recorded probe. */
int library_controller_inventory(LibraryController *c, uint32_t method, LibraryInventoryDone done, void *userdata);

/* IdentifyNtmsSlot: an inventory whose on-media part reads the cartridge
 * in the slot at address only (moved into a free drive and home again). */
int library_controller_identify_slot(LibraryController *c, uint16_t address, LibraryInventoryDone done,
                                     void *userdata);

/* The steps of mounts and dismounts. The robot is one resource: its moves
 * run one at a time, in the order they were asked for, on the library's
 * worker thread (with probes and inventories). Each drive has a worker of
 * its own, so that one drive rewinds and unloads while the robot serves
 * another. done() runs on the main loop with the outcome; -ECANCELED when
 * the controller stopped first, -ESHUTDOWN when it is stopping already
 * (done() is not called then). */

/* MOVE MEDIUM with the robot. When it fails, the element status of the
 * library is read again and recorded, as an inventory records it, before
 * done() hears the error: the database then says where each cartridge is.
 * -EHOSTDOWN: the changer does not answer. */
int library_controller_move(LibraryController *c, uint16_t source, uint16_t destination, bool invert,
                            LibraryStepDone done, void *userdata);

/* On the lane of drive index (its data transfer element, drive Number − 1):
 * wait until the cartridge in it is ready, or unload it (see drive-io.h).
 * A drive without a device rsmd can reach is taken as it is: done(0). */
int library_controller_drive_ready(LibraryController *c, size_t index, LibraryStepDone done, void *userdata);
int library_controller_drive_unload(LibraryController *c, size_t index, LibraryStepDone done, void *userdata);
/* With a cleaner cartridge just moved into it: the drive cleans and ejects
 * it (drive_io_clean()). A drive rsmd cannot reach is taken as cleaned. */
int library_controller_drive_clean(LibraryController *c, size_t index, LibraryStepDone done, void *userdata);
/* flag: the drive asks to be cleaned (TapeAlert, sense data); false for a
 * drive rsmd cannot reach or that tells nothing. */
int library_controller_drive_wants_cleaning(LibraryController *c, size_t index, LibraryFlagDone done,
                                            void *userdata);

/* Robot steps of the operations at the ports and doors, in the robot's
 * order like moves: read the element status of the whole library without
 * recording it; lock (prevent) or unlock the ports and doors (a changer
 * that cannot lock them succeeds); ask whether the changer is ready.
 * -EOPNOTSUPP for a stand-alone drive library. */
int library_controller_read_status(LibraryController *c, LibraryStatusDone done, void *userdata);
int library_controller_lock(LibraryController *c, bool prevent, LibraryStepDone done, void *userdata);
/* flag: the changer reported a unit attention (its media may have changed). */
int library_controller_test_ready(LibraryController *c, LibraryFlagDone done, void *userdata);
/* The eject of a stand-alone drive, on the drive's lane: drive_io_eject()
 * with force. A drive without a device rsmd can reach is -EHOSTDOWN: the
 * operator asked to open it, and nothing did. */
int library_controller_drive_eject(LibraryController *c, size_t index, bool force, LibraryStepDone done,
                                   void *userdata);

/* Whether rsmd can send commands to drive index. */
bool library_controller_drive_reachable(const LibraryController *c, size_t index);

/* Records element status read at another time (the probe's, for the
 * recovery at start) as an inventory records it, and the drives' states
 * after it. */
int library_controller_record_status(LibraryController *c, const ChangerInventory *status);

/* "" until the first successful probe. */
const char *library_controller_guid(const LibraryController *c);
/* The changer's URL, NULL for a stand-alone drive library. */
const char *library_controller_changer(const LibraryController *c);
/* What the library is found by: its changer, or its stand-alone drive. */
const char *library_controller_device(const LibraryController *c);
const LibraryConfig *library_controller_config(const LibraryController *c);
/* A job runs or waits for the robot or for one of the drives. */
bool library_controller_busy(const LibraryController *c);

/* The device identifiers (DVCID) that the changer reported for its data
 * transfer elements at the last probe, in element address order ("" where an
 * element reported none). Returns false when there are none: not probed yet,
 * the changer does not report them, or a stand-alone drive library. */
bool library_controller_drive_ids(const LibraryController *c, char *const **ret, size_t *ret_n);
