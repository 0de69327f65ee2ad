/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* rsm watch [--type=KIND]... [--count=N]: print changes to rsmd's objects as
 * they happen, through OpenNtmsNotification/WaitForNtmsNotification. A
 * waiting call holds its session, so each kind gets a session and a thread
 * of its own; one lock keeps their lines whole. */

#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "rsm.h"
#include "table.h"

static const RsmWord kinds[] = {
        { "library", NTMS_LIBRARY },
        { "drive", NTMS_DRIVE },
        { "changer", NTMS_CHANGER },
        { "slot", NTMS_STORAGESLOT },
        { "port", NTMS_IEPORT },
        { "door", NTMS_IEDOOR },
        { "medium", NTMS_PHYSICAL_MEDIA },
        { "side", NTMS_PARTITION },
        { "logical", NTMS_LOGICAL_MEDIA },
        { "pool", NTMS_MEDIA_POOL },
        { "request", NTMS_LIBREQUEST },
        { "operator", NTMS_OPREQUEST },
};

typedef struct Watch {
        pthread_mutex_t *lock;
        const RsmOptions *options;
        unsigned long *left;    /* events still to print; NULL: no end */
        DWORD type;
        HANDLE session;
        HANDLE notification;
} Watch;

static void print_event(Watch *w, const NTMS_NOTIFICATIONINFORMATION *n) {
        NTMS_OBJECTINFORMATIONA info = {};
        char guid[NTMS_GUID_STRING_MAX], when[32];
        time_t now = time(NULL);
        struct tm tm;

        /* A deleted object has no name left to read. */
        if (n->dwOperation != NTMS_OBJ_DELETE)
                (void) rsm_get_info(w->session, &n->ObjectId, w->type, &info);
        rsm_guid_text(&n->ObjectId, guid);

        pthread_mutex_lock(w->lock);
        if (w->options->json) {
                strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
                printf("{\"time\":\"%s\",\"operation\":\"%s\",\"kind\":\"%s\",\"name\":", when,
                       rsm_notification_operation_name(n->dwOperation), rsm_kind_name(w->type));
                json_print_string(info.szName, stdout);
                printf(",\"guid\":\"%s\"}\n", guid);
        } else {
                strftime(when, sizeof when, "%H:%M:%S", localtime_r(&now, &tm));
                printf("%s  %-8s %-16s %s%s%s\n", when, rsm_notification_operation_name(n->dwOperation),
                       rsm_kind_name(w->type), info.szName, info.szName[0] ? "  " : "", guid);
        }
        fflush(stdout);
        if (w->left && --*w->left == 0)
                exit(RSM_EXIT_OK);
        pthread_mutex_unlock(w->lock);
}

static void *watch_thread(void *userdata) {
        Watch *w = userdata;

        for (;;) {
                NTMS_NOTIFICATIONINFORMATION n;
                DWORD e = WaitForNtmsNotification(w->notification, &n, INFINITE);

                if (e == ERROR_TIMEOUT)
                        continue;
                if (e != ERROR_SUCCESS) {
                        pthread_mutex_lock(w->lock);
                        exit(rsm_api_error("WaitForNtmsNotification", e, "watching %s objects",
                                           rsm_kind_name(w->type)));
                }
                print_event(w, &n);
        }
        return NULL;
}

static int watch_open(Watch *w) {
        int r = rsm_open(&w->session);

        if (r != RSM_EXIT_OK)
                return r;
        w->notification = OpenNtmsNotification(w->session, w->type);
        if (w->notification != INVALID_HANDLE_VALUE)
                return RSM_EXIT_OK;
        if (GetLastError() == ERROR_CALL_NOT_IMPLEMENTED)
                return rsm_fail(RSM_EXIT_API,
                                "rsmd does not offer notifications yet: OpenNtmsNotification failed with "
                                "ERROR_CALL_NOT_IMPLEMENTED (%u).\n%s: 'rsm status' and 'rsm requests' show "
                                "the state now; run them again to see changes.",
                                ERROR_CALL_NOT_IMPLEMENTED, rsm_prefix);
        return rsm_api_error("OpenNtmsNotification", GetLastError(), "cannot watch %s objects",
                             rsm_kind_name(w->type));
}

static int run(int argc, char **argv, const RsmOptions *o) {
        static const struct option options[] = {
                { "type", required_argument, NULL, 't' },
                { "count", required_argument, NULL, 'c' },
                {}
        };
        static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
        static Watch watches[ELEMENTSOF(kinds)];
        unsigned long left = 0;
        bool wanted[ELEMENTSOF(kinds)] = {}, any = false;
        size_t n = 0;
        long count;
        int c, r;

        while ((c = getopt_long(argc, argv, "t:c:", options, NULL)) >= 0)
                switch (c) {
                case 't': {
                        DWORD type;
                        bool known = false;

                        if (rsm_parse_word(kinds, ELEMENTSOF(kinds), optarg, &type) < 0)
                                return rsm_usage("unknown kind '%s' (library, drive, changer, slot, port, door, "
                                                 "medium, side, logical, pool, request, operator)", optarg);
                        for (size_t i = 0; i < ELEMENTSOF(kinds); i++)
                                if (kinds[i].value == type)
                                        known = wanted[i] = true;
                        any = any || known;
                        break;
                }
                case 'c':
                        if (rsm_parse_int(optarg, 1, 1000000000, &count) < 0)
                                return rsm_usage("invalid count '%s'", optarg);
                        left = (unsigned long) count;
                        break;
                default:
                        return rsm_bad_option();
                }
        r = rsm_check_args(argc - optind, 0, 0);
        if (r != RSM_EXIT_OK)
                return r;

        for (size_t i = 0; i < ELEMENTSOF(kinds); i++) {
                if (any && !wanted[i])
                        continue;
                watches[n] = (Watch) { .lock = &lock, .options = o, .left = left ? &left : NULL,
                                       .type = kinds[i].value };
                r = watch_open(&watches[n]);
                if (r != RSM_EXIT_OK)
                        return r;
                n++;
        }

        if (!o->json)
                fprintf(stderr, "Watching for changes; stop with Ctrl-C.\n");
        for (size_t i = 0; i < n; i++) {
                pthread_t thread;

                if (pthread_create(&thread, NULL, watch_thread, &watches[i]) != 0)
                        return rsm_fail(RSM_EXIT_API, "cannot start a thread: %m");
        }
        /* The threads run until an error or the count ends the process. */
        for (;;)
                pause();
}

const Command rsm_command_watch = {
        .name = "watch",
        .run = run,
        .synopsis = "[--type=KIND]... [--count=N]",
        .summary = "Print changes to libraries, media, pools and requests as they happen",
        .help = "One line per change: time, operation (insert, update, delete), kind, name\n"
                "and GUID; with --json one object per line.\n"
                "\n"
                "Options:\n"
                "  -t, --type=KIND  watch only this kind: library, drive, changer, slot, port,\n"
                "                   door, medium, side, logical, pool, request, operator\n"
                "  -c, --count=N    exit after N changes\n",
};
