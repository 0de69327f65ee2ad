/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* rsm: the administrator's command for rsmd. Each subcommand lives in a
 * file of its own; this file parses the global options and dispatches. */

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "rsm.h"

/* In the order "rsm --help" lists them: rsm.exe's commands first. */
static const Command *const commands[] = {
        &rsm_command_allocate,
        &rsm_command_createpool,
        &rsm_command_deallocate,
        &rsm_command_deletepool,
        &rsm_command_dismount,
        &rsm_command_eject,
        &rsm_command_mount,
        &rsm_command_refresh,
        &rsm_command_rename,
        &rsm_command_view,
        &rsm_command_status,
        &rsm_command_inject,
        &rsm_command_door,
        &rsm_command_clean,
        &rsm_command_cleaner,
        &rsm_command_identify,
        &rsm_command_requests,
        &rsm_command_pools,
        &rsm_command_media,
        &rsm_command_library,
        &rsm_command_watch,
};

/* Other names for a command. */
static const struct {
        const char *alias;
        const Command *command;
} aliases[] = {
        { "inventory", &rsm_command_refresh },
};

static void help(FILE *f) {
        fprintf(f,
                "Usage: rsm [--json] COMMAND [ARGUMENTS]\n"
                "\n"
                "Administer the Removable Storage Manager, rsmd: libraries, drives, media,\n"
                "media pools and requests. Objects are named by GUID, by name, and media\n"
                "also by barcode.\n"
                "\n"
                "Commands:\n");
        for (size_t i = 0; i < ELEMENTSOF(commands); i++)
                fprintf(f, "  %-11s %s\n", commands[i]->name, commands[i]->summary);
        fprintf(f,
                "\n"
                "Options:\n"
                "  --json      print JSON instead of tables (also after the command)\n"
                "  -h, --help  show this help; 'rsm COMMAND --help' shows a command's\n"
                "  --version   show the version\n"
                "\n"
                "Exit status: 0 success, 1 rsmd refused or failed, 2 wrong usage or an\n"
                "ambiguous name, 3 a named object does not exist.\n");
}

static void command_help(const Command *c) {
        printf("Usage: rsm %s %s\n\n%s.\n", c->name, c->synopsis, c->summary);
        if (c->help && c->help[0])
                printf("\n%s", c->help);
}

static const Command *find_command(const char *name) {
        for (size_t i = 0; i < ELEMENTSOF(commands); i++)
                if (streq(commands[i]->name, name))
                        return commands[i];
        for (size_t i = 0; i < ELEMENTSOF(aliases); i++)
                if (streq(aliases[i].alias, name))
                        return aliases[i].command;
        return NULL;
}

/* Takes --json out of the command's arguments (it is global) and says
 * whether --help or -h is among them; "--" ends both. */
static int strip_global(int argc, char **argv, RsmOptions *o, bool *ret_help) {
        int n = 1;
        bool rest = false;

        *ret_help = false;
        for (int i = 1; i < argc; i++) {
                if (!rest && streq(argv[i], "--"))
                        rest = true;
                else if (!rest && streq(argv[i], "--json")) {
                        o->json = true;
                        continue;
                } else if (!rest && (streq(argv[i], "--help") || streq(argv[i], "-h")))
                        *ret_help = true;
                argv[n++] = argv[i];
        }
        argv[n] = NULL;
        return n;
}

int main(int argc, char **argv) {
        static const struct option options[] = {
                { "json", no_argument, NULL, 'j' },
                { "help", no_argument, NULL, 'h' },
                { "version", no_argument, NULL, 'V' },
                {}
        };
        char prefix[64];
        RsmOptions o = {};
        const Command *c;
        bool want_help;
        int opt, n;

        /* Global options come before the command; the command parses the rest. */
        while ((opt = getopt_long(argc, argv, "+h", options, NULL)) >= 0)
                switch (opt) {
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

        argv += optind;
        argc -= optind;

        if (streq(argv[0], "help")) {
                if (argc < 2) {
                        help(stdout);
                        return RSM_EXIT_OK;
                }
                c = find_command(argv[1]);
                if (!c) {
                        fprintf(stderr, "rsm: unknown command '%s'. Try 'rsm --help'.\n", argv[1]);
                        return RSM_EXIT_USAGE;
                }
                command_help(c);
                return RSM_EXIT_OK;
        }

        c = find_command(argv[0]);
        if (!c) {
                fprintf(stderr, "rsm: unknown command '%s'. Try 'rsm --help'.\n", argv[0]);
                return RSM_EXIT_USAGE;
        }

        n = strip_global(argc, argv, &o, &want_help);
        if (want_help) {
                command_help(c);
                return RSM_EXIT_OK;
        }

        /* Messages, getopt's included, start with "rsm NAME:". */
        snprintf(prefix, sizeof prefix, "rsm %s", c->name);
        rsm_prefix = prefix;
        argv[0] = prefix;
        optind = 0;     /* glibc: start afresh for the command's own options */
        return c->run(n, argv, &o);
}
