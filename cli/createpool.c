/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* rsm createpool NAME [--media-type=TYPE] [--existing|--always]: an
 * application media pool, as CreateNtmsMediaPool makes it. */

#include <getopt.h>
#include <stdio.h>

#include "rsm.h"
#include "table.h"

static int run(int argc, char **argv, const RsmOptions *o) {
        static const struct option options[] = {
                { "media-type", required_argument, NULL, 't' },
                { "existing", no_argument, NULL, 'e' },
                { "always", no_argument, NULL, 'a' },
                {}
        };
        _cleanup_session_ HANDLE h = NULL;
        _cleanup_(table_freep) Table *t = NULL;
        const char *media_type = NULL;
        DWORD action = NTMS_CREATE_NEW, size, e;
        NTMS_GUID type_id, pool;
        char guid[NTMS_GUID_STRING_MAX], path[NTMS_POOLHIERARCHY_LENGTH * 4];
        int c, r;

        while ((c = getopt_long(argc, argv, "t:ea", options, NULL)) >= 0)
                switch (c) {
                case 't':
                        media_type = optarg;
                        break;
                case 'e':
                        action = NTMS_OPEN_EXISTING;
                        break;
                case 'a':
                        action = NTMS_OPEN_ALWAYS;
                        break;
                default:
                        return rsm_bad_option();
                }
        r = rsm_check_args(argc - optind, 1, 1);
        if (r != RSM_EXIT_OK)
                return r;

        r = rsm_open(&h);
        if (r != RSM_EXIT_OK)
                return r;
        if (media_type) {
                r = rsm_lookup(h, NTMS_MEDIA_TYPE, NULL, media_type, &type_id, NULL);
                if (r != RSM_EXIT_OK)
                        return r;
        }

        e = CreateNtmsMediaPoolA(h, argv[optind], media_type ? &type_id : NULL, action, NULL, &pool);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("CreateNtmsMediaPool", e, "cannot create media pool '%s'", argv[optind]);

        size = sizeof path;
        if (GetNtmsMediaPoolNameA(h, &pool, path, &size) != ERROR_SUCCESS)
                snprintf(path, sizeof path, "%s", argv[optind]);
        rsm_guid_text(&pool, guid);

        t = table_new("POOL", "GUID", NULL);
        if (!t || table_add_row(t, path, guid) < 0)
                return rsm_fail(RSM_EXIT_API, "out of memory");
        if (o->json) {
                table_print_record_json(t, 0, stdout);
                putchar('\n');
        } else
                printf("%s %s\n", guid, path);
        return RSM_EXIT_OK;
}

const Command rsm_command_createpool = {
        .name = "createpool",
        .run = run,
        .synopsis = "NAME [--media-type=TYPE] [--existing|--always]",
        .summary = "Create an application media pool",
        .help = "NAME may name a pool inside another one: \"Backup\\Weekly\" creates Weekly in\n"
                "the application pool Backup. Prints the new pool's GUID and full name.\n"
                "\n"
                "Options:\n"
                "  -t, --media-type=TYPE  the media type its media have (see 'rsm view\n"
                "                         mediatypes'); without it the pool holds other pools\n"
                "  -e, --existing         open the pool of that name; fail if there is none\n"
                "  -a, --always           open the pool, or create it if there is none\n"
                "Without -e or -a an existing pool of that name is ERROR_ALREADY_EXISTS.\n",
};
