/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* rsm allocate POOL [--side=MEDIUM] [--new | --next=LOGICAL]
 *              [--error-if-unavailable] [--timeout=TIME]
 * AllocateNtmsMedia: a side of a medium from an application pool becomes a
 * logical medium of the caller's. */

#include <getopt.h>
#include <stdio.h>

#include "rsm.h"
#include "table.h"

static int run(int argc, char **argv, const RsmOptions *o) {
        static const struct option options[] = {
                { "side", required_argument, NULL, 's' },
                { "new", no_argument, NULL, 'n' },
                { "next", required_argument, NULL, 'N' },
                { "error-if-unavailable", no_argument, NULL, 'e' },
                { "timeout", required_argument, NULL, 't' },
                {}
        };
        _cleanup_session_ HANDLE h = NULL;
        _cleanup_(table_freep) Table *t = NULL;
        _cleanup_(rsm_names_freep) RsmNames *names = NULL;
        const char *side_name = NULL, *next_name = NULL;
        NTMS_ALLOCATION_INFORMATION allocation = { .dwSize = sizeof allocation };
        DWORD options_mask = 0, timeout = 0, e;
        NTMS_GUID pool, logical = {};
        RsmMedium side = {}, next;
        char guid[NTMS_GUID_STRING_MAX];
        Progress *p;
        int c, r;

        while ((c = getopt_long(argc, argv, "s:nN:et:", options, NULL)) >= 0)
                switch (c) {
                case 's':
                        side_name = optarg;
                        break;
                case 'n':
                        options_mask |= NTMS_ALLOCATE_NEW;
                        break;
                case 'N':
                        options_mask |= NTMS_ALLOCATE_NEXT;
                        next_name = optarg;
                        break;
                case 'e':
                        options_mask |= NTMS_ALLOCATE_ERROR_IF_UNAVAILABLE;
                        break;
                case 't':
                        if (rsm_parse_timeout(optarg, &timeout) < 0)
                                return rsm_usage("invalid time '%s' (seconds, or 30s, 5min, 1h, infinite)",
                                                 optarg);
                        break;
                default:
                        return rsm_bad_option();
                }
        if ((options_mask & NTMS_ALLOCATE_NEW) && (options_mask & NTMS_ALLOCATE_NEXT))
                return rsm_usage("--new and --next exclude each other");
        r = rsm_check_args(argc - optind, 1, 1);
        if (r != RSM_EXIT_OK)
                return r;

        r = rsm_open(&h);
        if (r != RSM_EXIT_OK)
                return r;
        r = rsm_lookup(h, NTMS_MEDIA_POOL, NULL, argv[optind], &pool, NULL);
        if (r == RSM_EXIT_OK && side_name)
                r = rsm_lookup_medium(h, side_name, &side);
        if (r == RSM_EXIT_OK && next_name) {
                r = rsm_lookup_medium(h, next_name, &next);
                if (r == RSM_EXIT_OK && NTMS_IS_NULLGUID(next.logical))
                        r = rsm_fail(RSM_EXIT_API, "%s is not allocated: --next continues a logical medium",
                                     next_name);
                logical = next.logical;
        }
        if (r != RSM_EXIT_OK)
                return r;

        /* The wait for a medium happens in rsmd; say what we wait for. */
        p = timeout != 0 ? progress_begin("Allocating a medium from %s...", argv[optind]) : NULL;
        e = AllocateNtmsMedia(h, &pool, side_name ? &side.side : NULL, &logical, options_mask, timeout, &allocation);
        progress_end(p);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("AllocateNtmsMedia", e, "cannot allocate a medium from %s", argv[optind]);

        t = table_new("Logical medium", "Name", "From pool", NULL);
        names = rsm_names_new(h);
        if (!t || !names)
                return rsm_fail(RSM_EXIT_API, "out of memory");
        rsm_guid_text(&logical, guid);
        table_add_row(t, guid, rsm_name_of(names, &logical, NTMS_LOGICAL_MEDIA),
                      rsm_name_of(names, &allocation.AllocatedFrom, NTMS_MEDIA_POOL));
        if (o->json) {
                table_print_record_json(t, 0, stdout);
                putchar('\n');
        } else
                table_print_record(t, 0, stdout);
        return RSM_EXIT_OK;
}

const Command rsm_command_allocate = {
        .name = "allocate",
        .run = run,
        .synopsis = "POOL [--side=MEDIUM] [--new|--next=LOGICAL] [--error-if-unavailable] [--timeout=TIME]",
        .summary = "Allocate a medium from an application media pool",
        .help = "Prints the GUID of the new logical medium and the pool it came from.\n"
                "\n"
                "Options:\n"
                "  -s, --side=MEDIUM           allocate this medium's side (Available or Import)\n"
                "  -n, --new                   a side whose medium no other application shares\n"
                "  -N, --next=LOGICAL          the next side of the medium of this logical medium\n"
                "  -e, --error-if-unavailable  fail at once instead of asking an operator for media\n"
                "  -t, --timeout=TIME          how long to wait for a medium (default 0: no wait;\n"
                "                              seconds, or 30s, 5min, 1h, infinite)\n",
};
