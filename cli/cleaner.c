/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* rsm cleaner [show] [LIBRARY...]
 * rsm cleaner reserve LIBRARY SLOT
 * rsm cleaner release LIBRARY
 * rsm cleaner insert LIBRARY --cleanings=N | --stop=OPERATION
 * rsm cleaner eject LIBRARY [--stop=OPERATION]
 * A library's cleaner: the slot reserved for it (Reserve/ReleaseNtmsCleanerSlot),
 * the cartridge itself in and out through a port (Inject/EjectNtmsCleaner),
 * and what the library records of both. */

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "rsm.h"
#include "table.h"

/* What InjectNtmsCleaner takes for a cleaner whose cleanings nobody counts. */
#define CLEANINGS_UNLIMITED UINT32_MAX

/* --- show ------------------------------------------------------------------------ */

typedef struct Show {
        bool json;
        Table *table;
} Show;

/* One row: an RsmLibraryFn. */
static int add_library(HANDLE h, const NTMS_GUID *id, const NTMS_OBJECTINFORMATIONA *info, void *userdata) {
        const NTMS_LIBRARYINFORMATION *l = &info->Info.Library;
        Show *x = userdata;
        bool present = l->dwFlags & NTMS_LIBRARYFLAG_CLEANERPRESENT;
        bool unlimited = (l->dwFlags & NTMS_LIBRARYFLAG_IGNORECLEANERUSESREMAINING) ||
                         l->dwCleanerUsesRemaining == CLEANINGS_UNLIMITED;
        char guid[NTMS_GUID_STRING_MAX], slot_guid[NTMS_GUID_STRING_MAX], number[16] = "", left[16];
        NTMS_OBJECTINFORMATIONA slot;

        rsm_guid_text(id, guid);
        rsm_guid_text(&l->CleanerSlot, slot_guid);
        if (!NTMS_IS_NULLGUID(l->CleanerSlot)) {
                DWORD e = rsm_get_info(h, &l->CleanerSlot, NTMS_STORAGESLOT, &slot);
                if (e != ERROR_SUCCESS)
                        return rsm_api_error("GetNtmsObjectInformation", e, "cannot read the cleaner slot of %s",
                                             info->szName);
                rsm_number(slot.Info.StorageSlot.Number, number);
        }
        if (unlimited && !x->json)
                snprintf(left, sizeof left, "unlimited");
        else
                rsm_number(l->dwCleanerUsesRemaining, left);
        if (table_add_row(x->table, info->szName, number, present ? "present" : "none", left, guid,
                          slot_guid) < 0)
                return rsm_fail(RSM_EXIT_API, "out of memory");
        return RSM_EXIT_OK;
}

static int show(int argc, char **argv, const RsmOptions *o) {
        _cleanup_session_ HANDLE h = NULL;
        _cleanup_(table_freep) Table *t = NULL;
        Show x;
        int r;

        r = rsm_parse_no_options(argc, argv);
        if (r == RSM_EXIT_OK)
                r = rsm_open(&h);
        if (r != RSM_EXIT_OK)
                return r;

        t = table_new("LIBRARY", "CLEANER SLOT", "CLEANER", "CLEANINGS LEFT", "GUID", "SLOT GUID", NULL);
        if (!t)
                return rsm_fail(RSM_EXIT_API, "out of memory");
        table_set_numeric(t, 1);
        table_set_numeric(t, 3);
        table_set_json_only(t, 4);
        table_set_json_only(t, 5);
        x = (Show) { .json = o->json, .table = t };

        /* The others have no cleaner. */
        if (optind >= argc)
                r = rsm_for_each_robot_library(h, add_library, &x);
        /* Look every name up before printing anything. */
        for (int i = optind; i < argc && r == RSM_EXIT_OK; i++) {
                NTMS_OBJECTINFORMATIONA info;
                NTMS_GUID library;

                r = rsm_lookup(h, NTMS_LIBRARY, NULL, argv[i], &library, &info);
                if (r == RSM_EXIT_OK)
                        r = add_library(h, &library, &info, &x);
        }
        if (r != RSM_EXIT_OK)
                return r;

        rsm_print_table(o, t, "No library has a robot, and so none has a cleaner.");
        return RSM_EXIT_OK;
}

/* --- the cleaner slot ----------------------------------------------------------- */

static int reserve(int argc, char **argv, const RsmOptions *o) {
        _cleanup_session_ HANDLE h = NULL;
        NTMS_OBJECTINFORMATIONA library_info, slot_info;
        NTMS_GUID library, slot;
        DWORD e;
        int r;

        r = rsm_open_lookup(argc, argv, 2, NTMS_LIBRARY, &h, &library, &library_info);
        if (r == RSM_EXIT_OK)
                r = rsm_lookup_slot(h, &library, argv[optind + 1], &slot, &slot_info);
        if (r != RSM_EXIT_OK)
                return r;

        e = ReserveNtmsCleanerSlot(h, &library, &slot);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("ReserveNtmsCleanerSlot", e, "cannot reserve slot %u of %s",
                                     slot_info.Info.StorageSlot.Number, library_info.szName);
        if (!o->json)
                printf("Slot %u of %s is reserved for the cleaner; insert one with: rsm cleaner insert '%s' "
                       "--cleanings=N\n", slot_info.Info.StorageSlot.Number, library_info.szName,
                       library_info.szName);
        return RSM_EXIT_OK;
}

static int release(int argc, char **argv, const RsmOptions *o) {
        _cleanup_session_ HANDLE h = NULL;
        NTMS_OBJECTINFORMATIONA info;
        NTMS_GUID library;
        DWORD e;
        int r;

        r = rsm_open_lookup(argc, argv, 1, NTMS_LIBRARY, &h, &library, &info);
        if (r != RSM_EXIT_OK)
                return r;

        e = ReleaseNtmsCleanerSlot(h, &library);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("ReleaseNtmsCleanerSlot", e, "cannot release the cleaner slot of %s",
                                     info.szName);
        if (!o->json)
                printf("The cleaner slot of %s is released; data cartridges may use it again.\n", info.szName);
        return RSM_EXIT_OK;
}

/* --- the cleaner in and out through a port ------------------------------------------ */

static int parse_cleanings(const char *s, DWORD *ret) {
        long v;

        if (streq(s, "unlimited")) {
                *ret = CLEANINGS_UNLIMITED;
                return 0;
        }
        if (rsm_parse_int(s, 0, CLEANINGS_UNLIMITED, &v) < 0)
                return -1;
        *ret = (DWORD) v;
        return 0;
}

/* insert and eject: the library, and the operation to stop, if any. */
static int port_operation(int argc, char **argv, const RsmOptions *o, bool insert) {
        static const struct option options[] = {
                { "cleanings", required_argument, NULL, 'c' },
                { "stop", required_argument, NULL, 's' },
                {}
        };
        const char *function = insert ? "InjectNtmsCleaner" : "EjectNtmsCleaner";
        _cleanup_session_ HANDLE h = NULL;
        NTMS_OBJECTINFORMATIONA info;
        NTMS_GUID library, operation = {};
        DWORD cleanings = 0, e;
        const char *stop = NULL, *given = NULL;
        char guid[NTMS_GUID_STRING_MAX];
        int c, r;

        while ((c = getopt_long(argc, argv, insert ? "c:s:" : "s:", options, NULL)) >= 0)
                switch (c) {
                case 'c':
                        if (!insert)
                                return rsm_usage("--cleanings is for 'rsm cleaner insert'");
                        if (parse_cleanings(optarg, &cleanings) < 0)
                                return rsm_usage("invalid number of cleanings '%s' (0 to 4294967295, or "
                                                 "unlimited)", optarg);
                        given = optarg;
                        break;
                case 's':
                        stop = optarg;
                        break;
                default:
                        return rsm_bad_option();
                }
        r = rsm_check_args(argc - optind, 1, 1);
        if (r != RSM_EXIT_OK)
                return r;
        if (insert && !stop && !given)
                return rsm_usage("say how many cleanings the cleaner has left: --cleanings=N (or unlimited)");
        if (insert && stop && given)
                return rsm_usage("--stop ends an insert; it takes no --cleanings");
        if (stop && ntms_guid_from_string(stop, (NtmsGuidBytes *) &operation) < 0)
                return rsm_usage("--stop takes the GUID that 'rsm cleaner %s' printed, not '%s'",
                                 insert ? "insert" : "eject", stop);

        r = rsm_open(&h);
        if (r == RSM_EXIT_OK)
                r = rsm_lookup(h, NTMS_LIBRARY, NULL, argv[optind], &library, &info);
        if (r != RSM_EXIT_OK)
                return r;

        if (insert)
                e = InjectNtmsCleaner(h, &library, &operation, cleanings, stop ? NTMS_INJECT_STOP : NTMS_INJECT_START);
        else
                e = EjectNtmsCleaner(h, &library, &operation, stop ? NTMS_EJECT_STOP : NTMS_EJECT_START);
        if (e != ERROR_SUCCESS)
                return rsm_api_error(function, e, "cannot %s the cleaner of %s", insert ? "insert" : "eject",
                                     info.szName);

        rsm_guid_text(&operation, guid);
        if (o->json)
                printf("{\"operation\":\"%s\"}\n", guid);
        else if (!stop && insert)
                printf("%s\nPut the cleaner into a port of %s, it goes to the cleaner slot; stop with: "
                       "rsm cleaner insert '%s' --stop=%s\n", guid, info.szName, info.szName, guid);
        else if (!stop)
                printf("%s\nThe cleaner of %s goes out through a port; stop with: rsm cleaner eject '%s' --stop=%s\n",
                       guid, info.szName, info.szName, guid);
        return RSM_EXIT_OK;
}

static int insert(int argc, char **argv, const RsmOptions *o) {
        return port_operation(argc, argv, o, true);
}

static int eject(int argc, char **argv, const RsmOptions *o) {
        return port_operation(argc, argv, o, false);
}

static int run(int argc, char **argv, const RsmOptions *o) {
        static const SubCommand subs[] = {
                { "show", show },
                { "reserve", reserve },
                { "release", release },
                { "insert", insert },
                { "eject", eject },
        };
        return rsm_run_subcommand(argc, argv, o, subs, ELEMENTSOF(subs), "show");
}

const Command rsm_command_cleaner = {
        .name = "cleaner",
        .run = run,
        .synopsis = "[show [LIBRARY...]] | reserve LIBRARY SLOT | release LIBRARY |\n"
                    "                   insert LIBRARY --cleanings=N|--stop=OPERATION |\n"
                    "                   eject LIBRARY [--stop=OPERATION]",
        .summary = "Manage a library's cleaner cartridge and the slot reserved for it",
        .help = "A library has at most one cleaner, kept in a storage slot reserved for it;\n"
                "'rsm clean DRIVE' cleans a drive with it.\n"
                "\n"
                "  show [LIBRARY...]\n"
                "        each library's cleaner slot, whether a cleaner is in it and how many\n"
                "        cleanings it has left (every library with a robot, or those named;\n"
                "        --json gives 4294967295 for unlimited, as the API does)\n"
                "  reserve LIBRARY SLOT\n"
                "        reserve an empty slot for the cleaner (ReserveNtmsCleanerSlot). SLOT\n"
                "        is its number in the library, as 'rsm status' shows it, or its GUID\n"
                "  release LIBRARY\n"
                "        give the empty cleaner slot back to data cartridges\n"
                "        (ReleaseNtmsCleanerSlot)\n"
                "  insert LIBRARY --cleanings=N\n"
                "        take a cleaner in through a port into the cleaner slot\n"
                "        (InjectNtmsCleaner); prints the operation's GUID\n"
                "  eject LIBRARY\n"
                "        send the cleaner out through a port (EjectNtmsCleaner); prints the\n"
                "        operation's GUID\n"
                "\n"
                "Options:\n"
                "  -c, --cleanings=N     the cleanings the inserted cleaner has left:\n"
                "                        0 to 4294967295, or unlimited\n"
                "  -s, --stop=OPERATION  end the insert or eject with this GUID before its time\n",
};
