/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* rsm view [libraries|pools|mediatypes]: what rsmd knows, as rsm.exe's
 * view shows it. */

#include <getopt.h>
#include <stdio.h>

#include "rsm.h"
#include "table.h"

static int library_table(HANDLE h, Table **ret) {
        _cleanup_(table_freep) Table *t = table_new("NAME", "TYPE", "GUID", "DRIVES", "SLOTS", "PORTS", "MEDIA",
                                                    "STATE", NULL);
        _cleanup_free_ NTMS_GUID *list = NULL;
        DWORD n, e;

        if (!t)
                return rsm_fail(RSM_EXIT_API, "out of memory");
        for (unsigned c = 3; c <= 6; c++)
                table_set_numeric(t, c);
        e = rsm_enumerate(h, NULL, NTMS_LIBRARY, &list, &n);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("EnumerateNtmsObject", e, "listing libraries");
        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA info;
                const NTMS_LIBRARYINFORMATION *l = &info.Info.Library;
                char guid[NTMS_GUID_STRING_MAX], drives[16], slots[16], ports[16], media[16];

                if (rsm_get_info(h, &list[i], NTMS_LIBRARY, &info) != ERROR_SUCCESS)
                        continue; /* deleted while we looked */
                rsm_guid_text(&list[i], guid);
                table_add_row(t, info.szName, rsm_library_type_name(l->LibraryType), guid,
                              rsm_number(l->dwNumberOfDrives, drives), rsm_number(l->dwNumberOfSlots, slots),
                              rsm_number(l->dwNumberOfPorts, ports), rsm_number(l->dwNumberOfMedia, media),
                              info.Enabled ? rsm_operational_state_name(info.dwOperationalState) : "disabled");
        }
        *ret = TAKE_PTR(t);
        return RSM_EXIT_OK;
}

static int media_type_table(HANDLE h, Table **ret) {
        _cleanup_(table_freep) Table *t = table_new("NAME", "SIDES", "DEVICE", "GUID", NULL);
        _cleanup_free_ NTMS_GUID *list = NULL;
        DWORD n, e;

        if (!t)
                return rsm_fail(RSM_EXIT_API, "out of memory");
        table_set_numeric(t, 1);
        table_set_json_only(t, 3);
        e = rsm_enumerate(h, NULL, NTMS_MEDIA_TYPE, &list, &n);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("EnumerateNtmsObject", e, "listing media types");
        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA info;
                char sides[16], guid[NTMS_GUID_STRING_MAX];

                if (rsm_get_info(h, &list[i], NTMS_MEDIA_TYPE, &info) != ERROR_SUCCESS)
                        continue;
                rsm_guid_text(&list[i], guid);
                table_add_row(t, info.szName, rsm_number(info.Info.MediaType.NumberOfSides, sides),
                              rsm_device_type_name(info.Info.MediaType.DeviceType), guid);
        }
        *ret = TAKE_PTR(t);
        return RSM_EXIT_OK;
}

static int pool_table(HANDLE h, Table **ret) {
        return rsm_pool_table(h, NULL, ret);
}

static const struct {
        const char *kind;
        const char *title;
        int (*build)(HANDLE h, Table **ret);
} kinds[] = {
        { "libraries", "Libraries", library_table },
        { "pools", "Media pools", pool_table },
        { "mediatypes", "Media types", media_type_table },
};

static int run(int argc, char **argv, const RsmOptions *o) {
        _cleanup_session_ HANDLE h = NULL;
        const char *kind;
        bool first = true;
        int r;

        r = rsm_parse_no_options(argc, argv);
        if (r == RSM_EXIT_OK)
                r = rsm_check_args(argc - optind, 0, 1);
        if (r != RSM_EXIT_OK)
                return r;
        kind = optind < argc ? argv[optind] : NULL;
        if (kind) {
                bool known = false;
                for (size_t i = 0; i < ELEMENTSOF(kinds); i++)
                        known = known || streq(kind, kinds[i].kind);
                if (!known)
                        return rsm_usage("unknown object kind '%s' (libraries, pools or mediatypes)", kind);
        }

        r = rsm_open(&h);
        if (r != RSM_EXIT_OK)
                return r;

        for (size_t i = 0; i < ELEMENTSOF(kinds); i++) {
                _cleanup_(table_freep) Table *t = NULL;

                if (kind && !streq(kind, kinds[i].kind))
                        continue;
                r = kinds[i].build(h, &t);
                if (r != RSM_EXIT_OK)
                        return r;

                /* One object with a list per kind, so that one parser reads
                 * "rsm view" and "rsm view pools" alike. */
                if (o->json) {
                        printf("%s\"%s\":", first ? "{" : ",", kinds[i].kind);
                        table_print_json(t, stdout);
                } else {
                        printf("%s%s\n", first ? "" : "\n", kinds[i].title);
                        table_print(t, stdout);
                }
                first = false;
        }
        if (o->json)
                puts("}");
        return RSM_EXIT_OK;
}

const Command rsm_command_view = {
        .name = "view",
        .run = run,
        .synopsis = "[libraries|pools|mediatypes]",
        .summary = "Show libraries, media pools and media types",
        .help = "Without an argument, all three. With --json one object whose keys are the\n"
                "kinds shown, each a list.\n",
};
