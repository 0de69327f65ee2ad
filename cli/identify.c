/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* rsm identify LIBRARY SLOT... [--deferred]
 * rsm identify SLOT-GUID... [--deferred]
 * IdentifyNtmsSlot: rsmd reads the label of each slot's cartridge in a
 * drive and records what it found; the call returns when it is done. */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "rsm.h"
#include "table.h"

typedef struct Slot {
        NTMS_GUID id;
        NTMS_OBJECTINFORMATIONA info;
} Slot;

/* The slots the arguments name: LIBRARY and numbers (or names, or GUIDs of
 * its slots), or slot GUIDs alone. All of them before anything is done. */
static int lookup_slots(HANDLE h, int argc, char **argv, Slot *slots, int *ret_n) {
        static const DWORD first_types[] = { NTMS_STORAGESLOT, NTMS_LIBRARY };
        NTMS_OBJECTINFORMATIONA info;
        NTMS_GUID id, *library = NULL;
        DWORD type = NTMS_LIBRARY;
        int n = 0, r;

        if (ntms_guid_string_valid(argv[0]))
                r = rsm_lookup_any(h, first_types, ELEMENTSOF(first_types), 0, NULL, argv[0], &type, &id, &info);
        else
                r = rsm_lookup(h, NTMS_LIBRARY, NULL, argv[0], &id, &info);
        if (r != RSM_EXIT_OK)
                return r;

        if (type == NTMS_LIBRARY) {
                if (argc < 2)
                        return rsm_usage("name the slots of %s to identify: their numbers or GUIDs", info.szName);
                library = &id;
        } else
                slots[n++] = (Slot) { .id = id, .info = info };

        for (int i = 1; i < argc; i++) {
                r = rsm_lookup_slot(h, library, argv[i], &slots[n].id, &slots[n].info);
                if (r != RSM_EXIT_OK)
                        return r;
                n++;
        }
        *ret_n = n;
        return RSM_EXIT_OK;
}

/* The medium the library records in the slot, if any. */
static DWORD medium_in(HANDLE h, const Slot *s, NTMS_GUID *ret, NTMS_OBJECTINFORMATIONA *info) {
        _cleanup_free_ NTMS_GUID *media = NULL;
        DWORD n, e;

        e = rsm_enumerate(h, &s->info.Info.StorageSlot.Library, NTMS_PHYSICAL_MEDIA, &media, &n);
        if (e != ERROR_SUCCESS)
                return e;
        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA m;

                if (rsm_get_info(h, &media[i], NTMS_PHYSICAL_MEDIA, &m) == ERROR_SUCCESS &&
                    memcmp(&m.Info.PhysicalMedia.Location, &s->id, sizeof s->id) == 0) {
                        *ret = media[i];
                        *info = m;
                        return ERROR_SUCCESS;
                }
        }
        return ERROR_OBJECT_NOT_FOUND;
}

static int identify_one(HANDLE h, RsmNames *names, Slot *s, DWORD option, Table *done) {
        const char *library = rsm_name_of(names, &s->info.Info.StorageSlot.Library, NTMS_LIBRARY);
        char number[16], slot_guid[NTMS_GUID_STRING_MAX], medium_guid[NTMS_GUID_STRING_MAX] = "";
        NTMS_OBJECTINFORMATIONA medium = {};
        NTMS_GUID medium_id;
        Progress *p;
        DWORD e;

        rsm_number(s->info.Info.StorageSlot.Number, number);
        /* A drive has to load the cartridge and read its label: that takes a while. */
        p = progress_begin("Identifying slot %s of %s...", number, library);
        e = IdentifyNtmsSlot(h, &s->id, option);
        progress_end(p);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("IdentifyNtmsSlot", e, "cannot identify slot %s of %s", number, library);

        e = rsm_get_info(h, &s->id, NTMS_STORAGESLOT, &s->info);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("GetNtmsObjectInformation", e, "reading slot %s of %s after it was identified",
                                     number, library);
        e = medium_in(h, s, &medium_id, &medium);
        if (e == ERROR_SUCCESS)
                rsm_guid_text(&medium_id, medium_guid);
        else if (e != ERROR_OBJECT_NOT_FOUND)
                return rsm_api_error("EnumerateNtmsObject", e, "listing the media of %s", library);

        rsm_guid_text(&s->id, slot_guid);
        if (table_add_row(done, library, number, rsm_slot_state_name(s->info.Info.StorageSlot.State),
                          medium.Info.PhysicalMedia.szBarCode, medium.szName, slot_guid, medium_guid) < 0)
                return rsm_fail(RSM_EXIT_API, "out of memory");
        return RSM_EXIT_OK;
}

static int run(int argc, char **argv, const RsmOptions *o) {
        static const struct option options[] = {
                { "deferred", no_argument, NULL, 'd' },
                {}
        };
        _cleanup_session_ HANDLE h = NULL;
        _cleanup_(table_freep) Table *done = NULL;
        _cleanup_(rsm_names_freep) RsmNames *names = NULL;
        _cleanup_free_ Slot *slots = NULL;
        DWORD option = NTMS_DISMOUNT_IMMEDIATE;
        int c, n = 0, r, ret = RSM_EXIT_OK;

        while ((c = getopt_long(argc, argv, "d", options, NULL)) >= 0)
                switch (c) {
                case 'd':
                        option = NTMS_DISMOUNT_DEFERRED;
                        break;
                default:
                        return rsm_bad_option();
                }
        r = rsm_check_args(argc - optind, 1, -1);
        if (r != RSM_EXIT_OK)
                return r;

        slots = calloc((size_t) (argc - optind), sizeof *slots);
        done = table_new("LIBRARY", "SLOT", "STATE", "BARCODE", "MEDIUM", "GUID", "MEDIUM GUID", NULL);
        if (!slots || !done)
                return rsm_fail(RSM_EXIT_API, "out of memory");
        table_set_numeric(done, 1);
        table_set_json_only(done, 5);
        table_set_json_only(done, 6);

        r = rsm_open(&h);
        if (r == RSM_EXIT_OK)
                r = lookup_slots(h, argc - optind, argv + optind, slots, &n);
        if (r != RSM_EXIT_OK)
                return r;
        names = rsm_names_new(h);
        if (!names)
                return rsm_fail(RSM_EXIT_API, "out of memory");

        for (int i = 0; i < n; i++) {
                r = identify_one(h, names, &slots[i], option, done);
                if (r != RSM_EXIT_OK)
                        ret = r;
        }
        if (table_rows(done) > 0 || o->json)
                rsm_print_table(o, done, NULL);
        return ret;
}

const Command rsm_command_identify = {
        .name = "identify",
        .run = run,
        .synopsis = "LIBRARY SLOT... | SLOT-GUID... [--deferred]",
        .summary = "Identify the cartridges in slots by reading their labels in a drive",
        .help = "SLOT is a slot's number in LIBRARY, as 'rsm status' shows it, or its GUID;\n"
                "slots may also be named by GUID alone. For each slot rsmd loads the\n"
                "cartridge into a free drive, reads its label and records the medium\n"
                "(IdentifyNtmsSlot); an empty slot is recorded as empty. The call waits until\n"
                "that is done, a line on stderr says which slot is being read, and then the\n"
                "slot is shown with the medium found.\n"
                "\n"
                "Options:\n"
                "  -d, --deferred  ask for a deferred dismount after the reading\n"
                "                  (NTMS_DISMOUNT_DEFERRED: the cartridge may stay in the drive;\n"
                "                  this rsmd takes it home either way)\n",
};
