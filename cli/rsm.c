/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* rsm: the administrator's command for rsmd. Each subcommand lives in a
 * file of its own; this file parses the global options and dispatches. */

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "ntms-errors.h"
#include "rsm.h"

typedef struct Command {
        const char *name;
        int (*run)(int argc, char **argv, const RsmOptions *o);
        const char *summary;
} Command;

static const Command commands[] = {
        { "refresh", rsm_refresh, "take inventory of libraries [LIBRARY...] [--method=fast|omid|default|none]" },
        { "view", rsm_view, "show libraries, media pools and media types [libraries|pools|mediatypes]" },
};

static void help(FILE *f) {
        fprintf(f,
                "Usage: rsm [OPTIONS] COMMAND [ARGS]\n"
                "\n"
                "Administer the removable storage manager (rsmd).\n"
                "\n"
                "Commands:\n");
        for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
                fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
        fprintf(f,
                "\n"
                "Options:\n"
                "  --json      print JSON instead of tables\n"
                "  -h, --help  show this help\n"
                "  --version   show the version\n"
                "\n"
                "Exit status: 0 success, 1 a call to rsmd failed, 2 wrong usage.\n");
}

/* What the administrator can do about the usual failures. */
static const char *advice(DWORD error) {
        switch (error) {
        case ERROR_NOT_CONNECTED:
        case ERROR_CONNECTION_UNAVAIL:
                return "is rsmd running? (systemctl status rsmd)";
        case ERROR_ACCESS_DENIED:
                return "run as root or as a member of rsmd's administrator group";
        case ERROR_DATABASE_FAILURE:
                return "the media database is damaged or unreadable; see rsmd's log";
        case ERROR_DATABASE_FULL:
                return "the media database is full; free space or raise MaxDatabaseSize";
        case ERROR_INVALID_COMPUTERNAME:
                return "only the local rsmd can be reached";
        case ERROR_TIMEOUT:
                return "rsmd did not answer in time; try again";
        default:
                return "see rsmd's log for details";
        }
}

int rsm_api_error(const char *what, DWORD error) {
        fprintf(stderr, "rsm: %s failed: %s (%u): %s\n", what, ntms_error_name(error), error, advice(error));
        return RSM_EXIT_API;
}

int main(int argc, char **argv) {
        static const struct option options[] = {
                { "json", no_argument, NULL, 'j' },
                { "help", no_argument, NULL, 'h' },
                { "version", no_argument, NULL, 'V' },
                {}
        };
        RsmOptions o = {};
        int c;

        /* Global options come before the command; the command parses the rest
         * itself, except --json, which it may carry too. */
        while ((c = getopt_long(argc, argv, "+h", options, NULL)) >= 0)
                switch (c) {
                case 'j':
                        o.json = true;
                        break;
                case 'h':
                        help(stdout);
                        return RSM_EXIT_OK;
                case 'V':
                        printf("rsm %s\n", RSMD_VERSION);
                        return RSM_EXIT_OK;
                default:
                        fprintf(stderr, "Try 'rsm --help'.\n");
                        return RSM_EXIT_USAGE;
                }

        if (optind >= argc) {
                help(stderr);
                return RSM_EXIT_USAGE;
        }

        /* The command's own arguments, with any --json taken out. */
        char **args = argv + optind;
        int n = 0;
        for (int i = 1; i < argc - optind; i++) {
                if (strcmp(args[i], "--json") == 0)
                        o.json = true;
                else
                        args[1 + n++] = args[i];
        }

        for (size_t i = 0; i < ELEMENTSOF(commands); i++)
                if (strcmp(args[0], commands[i].name) == 0)
                        return commands[i].run(n + 1, args, &o);

        fprintf(stderr, "rsm: unknown command '%s'. Try 'rsm --help'.\n", args[0]);
        return RSM_EXIT_USAGE;
}
