/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* A cleaning that was in process when rsmd stopped may have left the
 * library's cleaner in the drive. The cleaner is no medium: recorded as it
 * is, the inventory would make a medium of the cartridge in the drive and
 * call the cleaner gone. So before the element status is recorded, the
 * drive unloads the cartridge and the robot takes it back to the empty
 * cleaner slot; the element status is then read again. */

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "db/cleaner.h"
#include "log.h"
#include "macro.h"
#include "ntmsapi.h"
#include "queue-internal.h"

typedef struct CleanerReturn {
        QueueManager *manager;
        LibraryController *controller;
        char library[DB_GUID_MAX];
        size_t drive_index;
        uint16_t drive_address, slot_address;
        RecoverContinue next;
} CleanerReturn;

static void cleaner_return_end(CleanerReturn *cr, int r, const ChangerInventory *status) {
        if (r < 0)
                log_object_warning_errno(cr->library, r, "Taking the cleaner back to its slot failed: %m");
        if (!cr->manager->stopping)
                cr->next(cr->manager, cr->controller, r >= 0 ? status : NULL);
        free(cr);
}

static void on_status(int r, const ChangerInventory *status, void *userdata) {
        cleaner_return_end(userdata, r, status);
}

static void on_moved(int r, void *userdata) {
        CleanerReturn *cr = userdata;

        if (r >= 0) {
                log_object_info(cr->library, "The cleaner left in a drive is back in its slot");
                r = library_controller_read_status(cr->controller, on_status, cr);
                if (r >= 0)
                        return;
        }
        cleaner_return_end(cr, r, NULL);
}

static void on_unloaded(int r, void *userdata) {
        CleanerReturn *cr = userdata;

        /* A drive that did not unload may still give the cartridge up. */
        r = library_controller_move(cr->controller, cr->drive_address, cr->slot_address, false, on_moved, cr);
        if (r < 0)
                cleaner_return_end(cr, r, NULL);
}

static const SmcElement *element_at(const ChangerInventory *elements, int32_t address) {
        return address < 0 ? NULL : changer_inventory_find(elements, (uint16_t) address);
}

int recover_cleaner(QueueManager *m, LibraryController *c, const ChangerInventory *elements,
                    const DbLibRequest *reqs, size_t n, RecoverContinue next) {
        const char *library = library_controller_guid(c);
        const SmcElement *slot, *drive;
        CleanerReturn *cr;
        DbCleaner cleaner;
        DbDrive d;
        int r;

        for (size_t i = 0; i < n; i++) {
                if (reqs[i].operation != NTMS_LM_CLEANDRIVE || reqs[i].state != NTMS_LM_INPROCESS)
                        continue;

                r = db_cleaner_get(m->db, library, &cleaner);
                if (r < 0 || !cleaner.present)
                        return 0;
                r = db_drive_lookup(m->db, reqs[i].drive, &d);
                if (r < 0)
                        return 0;
                slot = element_at(elements, cleaner.slot_address);
                drive = element_at(elements, d.address);
                /* The cleaner is where it belongs, or not in that drive. */
                if (!slot || slot->full || !drive || !drive->full)
                        return 0;

                cr = calloc(1, sizeof *cr);
                if (!cr)
                        return -ENOMEM;
                *cr = (CleanerReturn) {
                        .manager = m,
                        .controller = c,
                        .drive_index = d.number - 1,
                        .drive_address = (uint16_t) d.address,
                        .slot_address = (uint16_t) cleaner.slot_address,
                        .next = next,
                };
                memcpy(cr->library, library, DB_GUID_MAX);
                log_object_info(library, "A cleaning was in process when rsmd stopped: the cleaner goes back to its slot");
                r = library_controller_drive_unload(c, cr->drive_index, on_unloaded, cr);
                if (r < 0) {
                        free(cr);
                        return r;
                }
                return 1;
        }
        return 0;
}
