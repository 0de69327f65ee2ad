/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* rsm eject MEDIUM [--queue | --stop=OPERATION]: EjectNtmsMedia, through
 * the library's port.
 * rsm eject --device=DEVICE [--immediate | --force]: EjectDiskFromSADrive
 * opens a stand-alone drive, named by its device as programs know it. */

#include <getopt.h>
#include <stdio.h>

#include "rsm.h"

static int eject_device(const char *device, DWORD options, const RsmOptions *o) {
        Progress *p = NULL;
        DWORD e;

        /* IMMEDIATE waits for the drive: a tape rewinds first. */
        if (options == NTMS_EJECT_IMMEDIATE)
                p = progress_begin("Ejecting the medium of %s...", device);
        e = EjectDiskFromSADriveA(NULL, "rsm", device, NULL, NULL, NULL, options);
        progress_end(p);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("EjectDiskFromSADrive", e, "cannot eject the medium of %s", device);

        if (o->json)
                return RSM_EXIT_OK;
        if (options == NTMS_EJECT_IMMEDIATE)
                printf("The medium of %s is ejected.\n", device);
        else
                printf("The eject of the medium of %s is queued; follow it with: rsm requests\n", device);
        return RSM_EXIT_OK;
}

static int run(int argc, char **argv, const RsmOptions *o) {
        static const struct option options[] = {
                { "queue", no_argument, NULL, 'q' },
                { "stop", required_argument, NULL, 's' },
                { "device", required_argument, NULL, 'd' },
                { "immediate", no_argument, NULL, 'i' },
                { "force", no_argument, NULL, 'f' },
                {}
        };
        _cleanup_session_ HANDLE h = NULL;
        DWORD action = NTMS_EJECT_START, device_action = NTMS_EJECT_START, e;
        NTMS_GUID operation = {};
        const char *stop = NULL, *device = NULL;
        char guid[NTMS_GUID_STRING_MAX];
        RsmMedium m;
        int c, r;

        while ((c = getopt_long(argc, argv, "qs:d:if", options, NULL)) >= 0)
                switch (c) {
                case 'q':
                        action = NTMS_EJECT_QUEUE;
                        break;
                case 's':
                        action = NTMS_EJECT_STOP;
                        stop = optarg;
                        break;
                case 'd':
                        device = optarg;
                        break;
                case 'i':
                        if (device_action == NTMS_EJECT_FORCE)
                                return rsm_usage("--immediate and --force exclude each other");
                        device_action = NTMS_EJECT_IMMEDIATE;
                        break;
                case 'f':
                        if (device_action == NTMS_EJECT_IMMEDIATE)
                                return rsm_usage("--immediate and --force exclude each other");
                        device_action = NTMS_EJECT_FORCE;
                        break;
                default:
                        return rsm_bad_option();
                }
        if (device) {
                if (action != NTMS_EJECT_START)
                        return rsm_usage("--queue and --stop are for media; --device takes --immediate or --force");
                r = rsm_check_args(argc - optind, 0, 0);
                return r == RSM_EXIT_OK ? eject_device(device, device_action, o) : r;
        }
        if (device_action != NTMS_EJECT_START)
                return rsm_usage("--immediate and --force are for a stand-alone drive named with --device");
        r = rsm_check_args(argc - optind, 1, 1);
        if (r != RSM_EXIT_OK)
                return r;
        if (stop && ntms_guid_from_string(stop, (NtmsGuidBytes *) &operation) < 0)
                return rsm_usage("--stop takes the GUID that 'rsm eject' printed, not '%s'", stop);

        r = rsm_open(&h);
        if (r == RSM_EXIT_OK)
                r = rsm_lookup_medium(h, argv[optind], &m);
        if (r != RSM_EXIT_OK)
                return r;

        e = EjectNtmsMedia(h, &m.physical, &operation, action);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("EjectNtmsMedia", e, "cannot eject %s", argv[optind]);

        rsm_guid_text(&operation, guid);
        if (o->json)
                printf("{\"operation\":\"%s\"}\n", guid);
        else if (action == NTMS_EJECT_START)
                printf("%s\nEjecting %s; stop with: rsm eject %s --stop=%s\n", guid, argv[optind], argv[optind],
                       guid);
        else if (action == NTMS_EJECT_QUEUE)
                printf("Queued %s for ejection.\n", argv[optind]);
        return RSM_EXIT_OK;
}

const Command rsm_command_eject = {
        .name = "eject",
        .run = run,
        .synopsis = "MEDIUM [--queue|--stop=OPERATION] | --device=DEVICE [--immediate|--force]",
        .summary = "Eject a medium through a port, or from a stand-alone drive",
        .help = "A medium goes out through its library's port (EjectNtmsMedia); rsm prints the\n"
                "GUID of the eject operation. With --device the drive of a stand-alone drive\n"
                "library opens (EjectDiskFromSADrive) and its medium goes to the offline\n"
                "library, or out of the database when it is import, unrecognized or\n"
                "incompatible media.\n"
                "\n"
                "Options:\n"
                "  -q, --queue           queue the medium, to eject several through one port\n"
                "  -s, --stop=OPERATION  end the eject operation with this GUID before its time\n"
                "  -d, --device=DEVICE   the stand-alone drive's device (/dev/nst0, or the\n"
                "                        iscsi:// URL it is configured with)\n"
                "  -i, --immediate       wait until the drive has ejected the medium (default:\n"
                "                        return once the eject is queued)\n"
                "  -f, --force           eject the medium even if it is in use or locked in\n",
};
