/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* rsm requests [list] [LIBRARY] [--operator]
 * rsm requests cancel REQUEST...
 * rsm requests order REQUEST
 * rsm requests reorder REQUEST POSITION
 * rsm requests delete REQUEST...
 * The library's work queue (and the operator's), as the API shows it. */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "ntms-errors.h"
#include "rsm.h"
#include "table.h"

static const DWORD request_types[] = { NTMS_LIBREQUEST, NTMS_OPREQUEST };

static void add_library_request(Table *t, RsmNames *names, const NTMS_GUID *id, const NTMS_OBJECTINFORMATIONA *info,
                                bool json) {
        const NTMS_LIBREQUESTINFORMATIONA *q = &info->Info.LibRequest;
        char guid[NTMS_GUID_STRING_MAX], priority[16], queued[32], completed[32];

        rsm_guid_text(id, guid);
        snprintf(priority, sizeof priority, "%d", (int) q->dwPriority);
        rsm_format_time(&q->TimeQueued, json, queued, sizeof queued);
        rsm_format_time(&q->TimeCompleted, json, completed, sizeof completed);
        table_add_row(t, guid, rsm_name_of(names, &q->Library, NTMS_LIBRARY),
                      rsm_librequest_operation_name(q->OperationCode), rsm_librequest_state_name(q->State),
                      priority, rsm_name_of(names, &q->PhysMediaId, NTMS_PHYSICAL_MEDIA),
                      rsm_name_of(names, &q->DriveId, NTMS_DRIVE), queued, q->szApplication, q->szUser,
                      completed, q->dwErrorCode ? ntms_error_name(q->dwErrorCode) : "");
}

static void add_operator_request(Table *t, const NTMS_GUID *id, const NTMS_OBJECTINFORMATIONA *info, bool json) {
        const NTMS_OPREQUESTINFORMATIONA *q = &info->Info.OpRequest;
        char guid[NTMS_GUID_STRING_MAX], submitted[32];

        rsm_guid_text(id, guid);
        rsm_format_time(&q->Submitted, json, submitted, sizeof submitted);
        table_add_row(t, guid, rsm_oprequest_type_name(q->Request), rsm_oprequest_state_name(q->State),
                      submitted, q->szApplication, q->szUser, q->szMessage);
}

static int list(int argc, char **argv, const RsmOptions *o) {
        static const struct option options[] = {
                { "operator", no_argument, NULL, 'o' },
                {}
        };
        _cleanup_session_ HANDLE h = NULL;
        _cleanup_(table_freep) Table *t = NULL;
        _cleanup_(rsm_names_freep) RsmNames *names = NULL;
        _cleanup_free_ NTMS_GUID *list = NULL;
        bool operator = false;
        NTMS_GUID library;
        DWORD type, n, e;
        int c, r;

        while ((c = getopt_long(argc, argv, "o", options, NULL)) >= 0)
                switch (c) {
                case 'o':
                        operator = true;
                        break;
                default:
                        return rsm_bad_option();
                }
        r = rsm_check_args(argc - optind, 0, operator ? 0 : 1);
        if (r != RSM_EXIT_OK)
                return r;

        r = rsm_open(&h);
        if (r != RSM_EXIT_OK)
                return r;
        if (optind < argc && (r = rsm_lookup(h, NTMS_LIBRARY, NULL, argv[optind], &library, NULL)) != RSM_EXIT_OK)
                return r;

        if (operator) {
                type = NTMS_OPREQUEST;
                t = table_new("GUID", "TYPE", "STATE", "SUBMITTED", "APPLICATION", "USER", "MESSAGE", NULL);
        } else {
                type = NTMS_LIBREQUEST;
                t = table_new("GUID", "LIBRARY", "OPERATION", "STATE", "PRIORITY", "MEDIUM", "DRIVE", "QUEUED",
                              "APPLICATION", "USER", "COMPLETED", "ERROR", NULL);
        }
        names = rsm_names_new(h);
        if (!t || !names)
                return rsm_fail(RSM_EXIT_API, "out of memory");
        if (!operator) {
                table_set_numeric(t, 4);
                table_set_json_only(t, 10);
                table_set_json_only(t, 11);
        }

        e = rsm_enumerate(h, optind < argc ? &library : NULL, type, &list, &n);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("EnumerateNtmsObject", e, "listing requests");
        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA info;

                if (rsm_get_info(h, &list[i], type, &info) != ERROR_SUCCESS)
                        continue; /* purged meanwhile */
                if (operator)
                        add_operator_request(t, &list[i], &info, o->json);
                else
                        add_library_request(t, names, &list[i], &info, o->json);
        }
        rsm_print_table(o, t, operator ? "No operator requests." : "No library requests.");
        return RSM_EXIT_OK;
}

/* Each argument a library or operator request, by GUID. */
static int for_each_request(int argc, char **argv, int (*fn)(HANDLE h, const NTMS_GUID *id, DWORD type,
                                                            const char *text)) {
        _cleanup_session_ HANDLE h = NULL;
        int r, ret = RSM_EXIT_OK;

        r = rsm_parse_no_options(argc, argv);
        if (r == RSM_EXIT_OK)
                r = rsm_check_args(argc - optind, 1, -1);
        if (r == RSM_EXIT_OK)
                r = rsm_open(&h);
        if (r != RSM_EXIT_OK)
                return r;

        for (int i = optind; i < argc; i++) {
                NTMS_GUID id;
                DWORD type;

                r = rsm_lookup_any(h, request_types, ELEMENTSOF(request_types), 0, NULL, argv[i], &type, &id,
                                   NULL);
                if (r == RSM_EXIT_OK)
                        r = fn(h, &id, type, argv[i]);
                if (r != RSM_EXIT_OK)
                        ret = r;
        }
        return ret;
}

static int cancel_one(HANDLE h, const NTMS_GUID *id, DWORD type, const char *text) {
        DWORD e;

        if (type == NTMS_LIBREQUEST) {
                e = CancelNtmsLibraryRequest(h, (LPNTMS_GUID) id);
                if (e != ERROR_SUCCESS)
                        return rsm_api_error("CancelNtmsLibraryRequest", e, "cannot cancel %s", text);
        } else {
                e = CancelNtmsOperatorRequest(h, (LPNTMS_GUID) id);
                if (e != ERROR_SUCCESS)
                        return rsm_api_error("CancelNtmsOperatorRequest", e, "cannot cancel %s", text);
        }
        return RSM_EXIT_OK;
}

static int cancel(int argc, char **argv, const RsmOptions *o) {
        return for_each_request(argc, argv, cancel_one);
}

static int delete_one(HANDLE h, const NTMS_GUID *id, DWORD type, const char *text) {
        DWORD e = DeleteNtmsRequests(h, (LPNTMS_GUID) id, type, 1);

        if (e != ERROR_SUCCESS)
                return rsm_api_error("DeleteNtmsRequests", e, "cannot delete %s", text);
        return RSM_EXIT_OK;
}

static int delete(int argc, char **argv, const RsmOptions *o) {
        return for_each_request(argc, argv, delete_one);
}

static int order(int argc, char **argv, const RsmOptions *o) {
        _cleanup_session_ HANDLE h = NULL;
        NTMS_GUID id;
        DWORD position, e;
        int r;

        r = rsm_parse_no_options(argc, argv);
        if (r == RSM_EXIT_OK)
                r = rsm_check_args(argc - optind, 1, 1);
        if (r == RSM_EXIT_OK)
                r = rsm_open(&h);
        if (r == RSM_EXIT_OK)
                r = rsm_lookup(h, NTMS_LIBREQUEST, NULL, argv[optind], &id, NULL);
        if (r != RSM_EXIT_OK)
                return r;

        e = GetNtmsRequestOrder(h, &id, &position);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("GetNtmsRequestOrder", e, "cannot read the place of %s", argv[optind]);
        if (o->json)
                printf("{\"order\":%u}\n", position);
        else
                printf("%u\n", position);
        return RSM_EXIT_OK;
}

static int reorder(int argc, char **argv, const RsmOptions *o) {
        _cleanup_session_ HANDLE h = NULL;
        NTMS_GUID id;
        long position;
        DWORD e;
        int r;

        r = rsm_parse_no_options(argc, argv);
        if (r == RSM_EXIT_OK)
                r = rsm_check_args(argc - optind, 2, 2);
        if (r != RSM_EXIT_OK)
                return r;
        if (rsm_parse_int(argv[optind + 1], 1, INFINITE - 1, &position) < 0)
                return rsm_usage("invalid position '%s' (1 is the head of the queue)", argv[optind + 1]);

        r = rsm_open(&h);
        if (r == RSM_EXIT_OK)
                r = rsm_lookup(h, NTMS_LIBREQUEST, NULL, argv[optind], &id, NULL);
        if (r != RSM_EXIT_OK)
                return r;

        e = SetNtmsRequestOrder(h, &id, (DWORD) position);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("SetNtmsRequestOrder", e, "cannot move %s", argv[optind]);
        return RSM_EXIT_OK;
}

static int run(int argc, char **argv, const RsmOptions *o) {
        static const SubCommand subs[] = {
                { "list", list },
                { "cancel", cancel },
                { "order", order },
                { "reorder", reorder },
                { "delete", delete },
        };

        /* "rsm requests LIBRARY" lists that library's requests, as
         * "requests [list] [LIBRARY]" says: a first word that is no
         * subcommand is list's argument. */
        if (argc > 1 && argv[1][0] != '-') {
                bool known = false;

                for (size_t i = 0; i < ELEMENTSOF(subs); i++)
                        known = known || streq(subs[i].name, argv[1]);
                if (!known)
                        return list(argc, argv, o);
        }
        return rsm_run_subcommand(argc, argv, o, subs, ELEMENTSOF(subs), "list");
}

const Command rsm_command_requests = {
        .name = "requests",
        .run = run,
        .synopsis = "[list] [LIBRARY] [--operator] | cancel REQUEST... | order REQUEST |\n"
                    "                    reorder REQUEST POSITION | delete REQUEST...",
        .summary = "List, cancel and reorder library requests",
        .help = "  list [LIBRARY] [--operator]\n"
                "        the library requests (all, or one library's) with their GUIDs; with\n"
                "        --operator the operator requests instead\n"
                "  cancel REQUEST...\n"
                "        cancel queued library or operator requests\n"
                "  order REQUEST\n"
                "        print a queued library request's place in its library's queue\n"
                "  reorder REQUEST POSITION\n"
                "        move a queued library request to POSITION (1: next to run)\n"
                "  delete REQUEST...\n"
                "        remove finished requests from the list\n"
                "\n"
                "REQUEST is a request's GUID as listed.\n",
};
