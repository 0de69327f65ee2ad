/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* rsm mount MEDIUM... [--drive=DRIVE]... [--read|--write] [--priority=N]
 *           [--timeout=TIME] [--no-wait] [--error-if-unavailable]
 *           [--error-if-offline]
 * MountNtmsMedia: waits until the media are in drives (or the time is up)
 * and says which drive holds which. */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rsm.h"
#include "table.h"

static const RsmWord priorities[] = {
        { "highest", (DWORD) NTMS_PRIORITY_HIGHEST },
        { "high", (DWORD) NTMS_PRIORITY_HIGH },
        { "normal", (DWORD) NTMS_PRIORITY_NORMAL },
        { "low", (DWORD) NTMS_PRIORITY_LOW },
        { "lowest", (DWORD) NTMS_PRIORITY_LOWEST },
};

static int parse_priority(const char *s, int *ret) {
        DWORD word;
        long v;

        if (rsm_parse_word(priorities, ELEMENTSOF(priorities), s, &word) >= 0) {
                *ret = (int) word;
                return 0;
        }
        if (rsm_parse_int(s, NTMS_PRIORITY_LOWEST, NTMS_PRIORITY_HIGHEST, &v) < 0)
                return -1;
        *ret = (int) v;
        return 0;
}

typedef struct Arguments {
        DWORD options;
        int priority;
        DWORD timeout;
        char **drives;
        int n_drives;
} Arguments;

static int parse_argv(int argc, char **argv, Arguments *a) {
        static const struct option options[] = {
                { "drive", required_argument, NULL, 'd' },
                { "read", no_argument, NULL, 'r' },
                { "write", no_argument, NULL, 'w' },
                { "priority", required_argument, NULL, 'p' },
                { "timeout", required_argument, NULL, 't' },
                { "no-wait", no_argument, NULL, 'W' },
                { "error-if-unavailable", no_argument, NULL, 'u' },
                { "error-if-offline", no_argument, NULL, 'o' },
                {}
        };
        DWORD access = 0;
        int c;

        a->timeout = INFINITE;
        while ((c = getopt_long(argc, argv, "d:rwp:t:", options, NULL)) >= 0)
                switch (c) {
                case 'd':
                        a->drives[a->n_drives++] = optarg;
                        break;
                case 'r':
                        access |= NTMS_MOUNT_READ;
                        break;
                case 'w':
                        access |= NTMS_MOUNT_WRITE;
                        break;
                case 'p':
                        if (parse_priority(optarg, &a->priority) < 0)
                                return rsm_usage("invalid priority '%s' (-15 to 15, or lowest, low, normal, "
                                                 "high, highest)", optarg);
                        break;
                case 't':
                        if (rsm_parse_timeout(optarg, &a->timeout) < 0)
                                return rsm_usage("invalid time '%s' (seconds, or 30s, 5min, 1h, infinite)",
                                                 optarg);
                        break;
                case 'W':
                        a->options |= NTMS_MOUNT_NOWAIT;
                        break;
                case 'u':
                        a->options |= NTMS_MOUNT_ERROR_IF_UNAVAILABLE;
                        break;
                case 'o':
                        a->options |= NTMS_MOUNT_ERROR_IF_OFFLINE;
                        break;
                default:
                        return rsm_bad_option();
                }
        /* Read and write unless told otherwise. */
        a->options |= access ?: NTMS_MOUNT_READ | NTMS_MOUNT_WRITE;
        if (a->n_drives > 0)
                a->options |= NTMS_MOUNT_SPECIFIC_DRIVE;
        if (optind >= argc)
                return rsm_usage("name the media to mount");
        if (a->n_drives > 0 && a->n_drives != argc - optind)
                return rsm_usage("give one --drive for each medium, or none");
        return RSM_EXIT_OK;
}

static int print_mounted(HANDLE h, const RsmOptions *o, char **media, const NTMS_GUID *drives, int n) {
        _cleanup_(table_freep) Table *t = table_new("MEDIUM", "DRIVE", "DEVICE", "DRIVE GUID", NULL);

        if (!t)
                return rsm_fail(RSM_EXIT_API, "out of memory");
        table_set_json_only(t, 3);
        for (int i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA info = {};
                char guid[NTMS_GUID_STRING_MAX];

                (void) rsm_get_info(h, &drives[i], NTMS_DRIVE, &info);
                rsm_guid_text(&drives[i], guid);
                table_add_row(t, media[i], info.szName, info.Info.Drive.szDeviceName, guid);
        }
        rsm_print_table(o, t, NULL);
        return RSM_EXIT_OK;
}

static int run(int argc, char **argv, const RsmOptions *o) {
        _cleanup_session_ HANDLE h = NULL;
        _cleanup_free_ char **drive_names = calloc((size_t) argc, sizeof(char *));
        _cleanup_free_ NTMS_GUID *media = NULL, *drives = NULL;
        Arguments a = { .drives = drive_names };
        char wait[48];
        Progress *p;
        int n, r;
        DWORD e;

        if (!drive_names)
                return rsm_fail(RSM_EXIT_API, "out of memory");
        r = parse_argv(argc, argv, &a);
        if (r != RSM_EXIT_OK)
                return r;
        n = argc - optind;

        media = calloc((size_t) n, sizeof *media);
        drives = calloc((size_t) n, sizeof *drives);
        if (!media || !drives)
                return rsm_fail(RSM_EXIT_API, "out of memory");

        r = rsm_open(&h);
        if (r != RSM_EXIT_OK)
                return r;
        for (int i = 0; i < n; i++) {
                RsmMedium m;

                r = rsm_lookup_medium(h, argv[optind + i], &m);
                if (r != RSM_EXIT_OK)
                        return r;
                /* Sides and logical media are what MountNtmsMedia takes. */
                media[i] = m.given_logical ? m.logical : m.side;
                if (NTMS_IS_NULLGUID(media[i]))
                        return rsm_fail(RSM_EXIT_API, "%s has no side to mount", argv[optind + i]);
        }
        for (int i = 0; i < a.n_drives; i++) {
                r = rsm_lookup(h, NTMS_DRIVE, NULL, a.drives[i], &drives[i], NULL);
                if (r != RSM_EXIT_OK)
                        return r;
        }

        if (a.timeout == INFINITE)
                snprintf(wait, sizeof wait, "until it is done");
        else if (a.timeout % 1000 == 0)
                snprintf(wait, sizeof wait, "up to %u s", a.timeout / 1000);
        else
                snprintf(wait, sizeof wait, "up to %u.%03u s", a.timeout / 1000, a.timeout % 1000);
        p = a.options & NTMS_MOUNT_NOWAIT ? NULL
                : progress_begin("Mounting %s%s, waiting %s...", argv[optind], n > 1 ? " and more" : "", wait);
        e = MountNtmsMedia(h, media, drives, (DWORD) n, a.options, a.priority, a.timeout, NULL);
        progress_end(p);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("MountNtmsMedia", e, "cannot mount %s%s", argv[optind], n > 1 ? " and the rest" : "");

        return print_mounted(h, o, argv + optind, drives, n);
}

const Command rsm_command_mount = {
        .name = "mount",
        .run = run,
        .synopsis = "MEDIUM... [--drive=DRIVE]... [--read|--write] [--priority=N] [--timeout=TIME]",
        .summary = "Mount media in drives and wait until they are loaded",
        .help = "Prints the drive each medium went into, with its device path.\n"
                "\n"
                "Options:\n"
                "  -d, --drive=DRIVE           this drive (name, device path, serial or GUID); give\n"
                "                              one per medium, in order, or none to let rsmd choose\n"
                "  -r, --read                  for reading only\n"
                "  -w, --write                 for writing: completed media are refused\n"
                "                              (default: reading and writing)\n"
                "  -p, --priority=N            -15 to 15, or lowest, low, normal, high, highest\n"
                "  -t, --timeout=TIME          how long to wait (default infinite; seconds, or\n"
                "                              30s, 5min, 1h)\n"
                "      --no-wait               queue the mount and return at once\n"
                "      --error-if-unavailable  fail when the medium or a drive is busy\n"
                "      --error-if-offline      fail when a medium is not in a library instead of\n"
                "                              asking an operator to bring it\n",
};
