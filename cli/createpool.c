/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* rsm createpool NAME [--media-type=TYPE] [--existing|--always]: an
 * application media pool, as CreateNtmsMediaPool makes it. */

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "rsm.h"
#include "table.h"

/* What SetNtmsObjectInformation changes after the pool is there. */
typedef struct Policies {
        int from_free, to_free;         /* -1/0: leave, else 1 no, 2 yes */
        long max_allocations;           /* -1: leave */
        const char *description;
        bool any;
} Policies;

static int parse_yes_no(const char *option, const char *s, int *ret) {
        if (streq(s, "yes") || streq(s, "true") || streq(s, "1"))
                *ret = 2;
        else if (streq(s, "no") || streq(s, "false") || streq(s, "0"))
                *ret = 1;
        else
                return rsm_usage("--%s takes yes or no, not '%s'", option, s);
        return RSM_EXIT_OK;
}

static int parse_policy(int c, const char *arg, Policies *p) {
        int r = RSM_EXIT_OK;

        p->any = true;
        switch (c) {
        case 'F':
                r = parse_yes_no("from-free", arg, &p->from_free);
                break;
        case 'T':
                r = parse_yes_no("to-free", arg, &p->to_free);
                break;
        case 'M':
                if (rsm_parse_int(arg, 0, (long) INFINITE - 1, &p->max_allocations) < 0)
                        return rsm_usage("invalid number '%s'", arg);
                p->max_allocations++;   /* 0 stays "leave it" */
                break;
        case 'd':
                if (strlen(arg) >= NTMS_DESCRIPTION_LENGTH)
                        return rsm_usage("descriptions have at most %d bytes", NTMS_DESCRIPTION_LENGTH - 1);
                p->description = arg;
                break;
        }
        return r;
}

static void set_flag(DWORD *policy, DWORD flag, int value) {
        if (value == 2)
                *policy |= flag;
        else if (value == 1)
                *policy &= ~flag;
}

static int apply_policies(HANDLE h, const NTMS_GUID *pool, const Policies *p, const char *name) {
        NTMS_OBJECTINFORMATIONA info;
        NTMS_MEDIAPOOLINFORMATION *m = &info.Info.MediaPool;
        DWORD e;

        if (!p->any)
                return RSM_EXIT_OK;
        e = rsm_get_info(h, pool, NTMS_MEDIA_POOL, &info);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("GetNtmsObjectInformation", e, "cannot read media pool '%s'", name);
        set_flag(&m->AllocationPolicy, NTMS_ALLOCATE_FROMSCRATCH, p->from_free);
        set_flag(&m->DeallocationPolicy, NTMS_DEALLOCATE_TOSCRATCH, p->to_free);
        if (p->max_allocations > 0)
                m->dwMaxAllocates = (DWORD) (p->max_allocations - 1);
        if (p->description)
                snprintf(info.szDescription, sizeof info.szDescription, "%s", p->description);
        e = SetNtmsObjectInformationA(h, (LPNTMS_GUID) pool, &info);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("SetNtmsObjectInformation", e, "cannot set the policies of media pool '%s'",
                                     name);
        return RSM_EXIT_OK;
}

static int run(int argc, char **argv, const RsmOptions *o) {
        static const struct option options[] = {
                { "media-type", required_argument, NULL, 't' },
                { "existing", no_argument, NULL, 'e' },
                { "always", no_argument, NULL, 'a' },
                { "from-free", required_argument, NULL, 'F' },
                { "to-free", required_argument, NULL, 'T' },
                { "max-allocations", required_argument, NULL, 'M' },
                { "description", required_argument, NULL, 'd' },
                {}
        };
        _cleanup_session_ HANDLE h = NULL;
        _cleanup_(table_freep) Table *t = NULL;
        const char *media_type = NULL;
        Policies policies = {};
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
                case 'F':
                case 'T':
                case 'M':
                case 'd':
                        r = parse_policy(c, optarg, &policies);
                        if (r != RSM_EXIT_OK)
                                return r;
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

        r = apply_policies(h, &pool, &policies, argv[optind]);
        if (r != RSM_EXIT_OK)
                return r;

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
        .synopsis = "NAME [--media-type=TYPE] [--existing|--always] [--from-free=yes|no]\n"
                    "                      [--to-free=yes|no] [--max-allocations=N] [--description=TEXT]",
        .summary = "Create an application media pool, or set a pool's policies",
        .help = "NAME may name a pool inside another one: \"Backup\\Weekly\" creates Weekly in\n"
                "the application pool Backup. Prints the new pool's GUID and full name.\n"
                "\n"
                "Options:\n"
                "  -t, --media-type=TYPE  the media type its media have (see 'rsm view\n"
                "                         mediatypes'); without it the pool holds other pools\n"
                "  -e, --existing         open the pool of that name; fail if there is none\n"
                "  -a, --always           open the pool, or create it if there is none\n"
                "      --from-free=yes|no  take media from the free pool when this one has none\n"
                "                          to allocate\n"
                "      --to-free=yes|no    return deallocated media to the free pool\n"
                "      --max-allocations=N  how often a medium may be allocated (0: no limit)\n"
                "      --description=TEXT  the pool's description\n"
                "Without -e or -a an existing pool of that name is ERROR_ALREADY_EXISTS; with\n"
                "them the policies given change the pool that exists.\n",
};
