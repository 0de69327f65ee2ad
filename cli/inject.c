/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* rsm inject LIBRARY [--many | --retract | --stop=OPERATION]:
 * InjectNtmsMedia, media come in through the library's port. */

#include <getopt.h>
#include <stdio.h>

#include "rsm.h"

static int run(int argc, char **argv, const RsmOptions *o) {
        static const struct option options[] = {
                { "many", no_argument, NULL, 'm' },
                { "retract", no_argument, NULL, 'r' },
                { "stop", required_argument, NULL, 's' },
                {}
        };
        _cleanup_session_ HANDLE h = NULL;
        DWORD action = NTMS_INJECT_START, e;
        NTMS_OBJECTINFORMATIONA library_info;
        NTMS_GUID library, operation = {};
        const char *stop = NULL;
        char guid[NTMS_GUID_STRING_MAX];
        int c, r;

        while ((c = getopt_long(argc, argv, "mrs:", options, NULL)) >= 0)
                switch (c) {
                case 'm':
                        action = NTMS_INJECT_STARTMANY;
                        break;
                case 'r':
                        action = NTMS_INJECT_RETRACT;
                        break;
                case 's':
                        action = NTMS_INJECT_STOP;
                        stop = optarg;
                        break;
                default:
                        return rsm_bad_option();
                }
        r = rsm_check_args(argc - optind, 1, 1);
        if (r != RSM_EXIT_OK)
                return r;
        if (stop && ntms_guid_from_string(stop, (NtmsGuidBytes *) &operation) < 0)
                return rsm_usage("--stop takes the GUID that 'rsm inject' printed, not '%s'", stop);

        r = rsm_open(&h);
        if (r == RSM_EXIT_OK)
                r = rsm_lookup(h, NTMS_LIBRARY, NULL, argv[optind], &library, &library_info);
        if (r != RSM_EXIT_OK)
                return r;

        e = InjectNtmsMedia(h, &library, &operation, action);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("InjectNtmsMedia", e, "cannot inject into %s", library_info.szName);

        rsm_guid_text(&operation, guid);
        if (o->json)
                printf("{\"operation\":\"%s\"}\n", guid);
        else if (action == NTMS_INJECT_START || action == NTMS_INJECT_STARTMANY)
                printf("%s\nThe port of %s is open for media; stop with: rsm inject '%s' --stop=%s\n", guid,
                       library_info.szName, library_info.szName, guid);
        return RSM_EXIT_OK;
}

const Command rsm_command_inject = {
        .name = "inject",
        .run = run,
        .synopsis = "LIBRARY [--many|--retract|--stop=OPERATION]",
        .summary = "Take media into a library through its port",
        .help = "Prints the GUID of the inject operation.\n"
                "\n"
                "Options:\n"
                "  -m, --many            keep opening the port for more media until stopped\n"
                "  -r, --retract         retract the port and look for media placed there\n"
                "  -s, --stop=OPERATION  end the inject operation with this GUID\n",
};
