/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* rsm eject MEDIUM [--queue | --stop=OPERATION]: EjectNtmsMedia, through
 * the library's port. */

#include <getopt.h>
#include <stdio.h>

#include "rsm.h"

static int run(int argc, char **argv, const RsmOptions *o) {
        static const struct option options[] = {
                { "queue", no_argument, NULL, 'q' },
                { "stop", required_argument, NULL, 's' },
                {}
        };
        _cleanup_session_ HANDLE h = NULL;
        DWORD action = NTMS_EJECT_START, e;
        NTMS_GUID operation = {};
        const char *stop = NULL;
        char guid[NTMS_GUID_STRING_MAX];
        RsmMedium m;
        int c, r;

        while ((c = getopt_long(argc, argv, "qs:", options, NULL)) >= 0)
                switch (c) {
                case 'q':
                        action = NTMS_EJECT_QUEUE;
                        break;
                case 's':
                        action = NTMS_EJECT_STOP;
                        stop = optarg;
                        break;
                default:
                        return rsm_bad_option();
                }
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
        .synopsis = "MEDIUM [--queue|--stop=OPERATION]",
        .summary = "Eject a medium through its library's port",
        .help = "Prints the GUID of the eject operation.\n"
                "\n"
                "Options:\n"
                "  -q, --queue           queue the medium, to eject several through one port\n"
                "  -s, --stop=OPERATION  end the eject operation with this GUID before its time\n",
};
