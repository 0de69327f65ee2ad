/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* rsmd: the Removable Storage Manager daemon. */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "db/db.h"
#include "log.h"
#include "manager.h"

typedef struct Arguments {
        const char *state_dir;
        const char *config_file;
        const char *log_level;
        const char *admin_group;
        const char *library_dir;
        bool check_database;
        bool no_discovery;
} Arguments;

static void help(void) {
        printf("rsmd [OPTIONS...]\n\n"
               "Removable Storage Manager: owns the media database and serves the RSM API\n"
               "as " "org.ntms.Rsm1" " on the system bus.\n\n"
               "  -h --help               Show this help\n"
               "     --version            Show the version\n"
               "     --state-dir=DIR      Keep the database in DIR (default: $STATE_DIRECTORY,\n"
               "                          else " RSMD_STATE_DIR ")\n"
               "     --config=FILE        Read FILE instead of " RSMD_CONF_FILE "\n"
               "     --log-level=LEVEL    debug, info, notice, warning, err, ... (LogLevel=)\n"
               "     --admin-group=GROUP  Members of GROUP may change objects (AdminGroup=)\n"
               "     --library-dir=DIR    Read library configuration files from DIR\n"
               "                          (LibraryDirectory=, default " RSMD_CONF_DIR "/libraries.d)\n"
               "     --no-discovery       Do not look for changers and drives through udev\n"
               "                          (Discovery=no)\n"
               "     --check-database     Check the database, print the verdict and exit\n");
}

static int parse_argv(int argc, char *argv[], Arguments *args) {
        enum {
                ARG_VERSION = 0x100,
                ARG_STATE_DIR,
                ARG_CONFIG,
                ARG_LOG_LEVEL,
                ARG_ADMIN_GROUP,
                ARG_LIBRARY_DIR,
                ARG_CHECK_DATABASE,
                ARG_NO_DISCOVERY,
        };
        static const struct option options[] = {
                { "help", no_argument, NULL, 'h' },
                { "version", no_argument, NULL, ARG_VERSION },
                { "state-dir", required_argument, NULL, ARG_STATE_DIR },
                { "config", required_argument, NULL, ARG_CONFIG },
                { "log-level", required_argument, NULL, ARG_LOG_LEVEL },
                { "admin-group", required_argument, NULL, ARG_ADMIN_GROUP },
                { "library-dir", required_argument, NULL, ARG_LIBRARY_DIR },
                { "check-database", no_argument, NULL, ARG_CHECK_DATABASE },
                { "no-discovery", no_argument, NULL, ARG_NO_DISCOVERY },
                {}
        };
        int c;

        while ((c = getopt_long(argc, argv, "h", options, NULL)) >= 0) {
                switch (c) {
                case 'h':
                        help();
                        return 0;
                case ARG_VERSION:
                        printf("rsmd %s\n", RSMD_VERSION);
                        return 0;
                case ARG_STATE_DIR:
                        args->state_dir = optarg;
                        break;
                case ARG_CONFIG:
                        args->config_file = optarg;
                        break;
                case ARG_LOG_LEVEL:
                        args->log_level = optarg;
                        break;
                case ARG_ADMIN_GROUP:
                        args->admin_group = optarg;
                        break;
                case ARG_LIBRARY_DIR:
                        args->library_dir = optarg;
                        break;
                case ARG_CHECK_DATABASE:
                        args->check_database = true;
                        break;
                case ARG_NO_DISCOVERY:
                        args->no_discovery = true;
                        break;
                default:
                        return -EINVAL;
                }
        }

        if (optind < argc) {
                log_error("rsmd takes no positional arguments");
                return -EINVAL;
        }
        return 1;
}

/* systemd's StateDirectory= may list several directories separated by ':';
 * ours is the first. */
static int find_state_dir(const Arguments *args, char **ret) {
        const char *e = getenv("STATE_DIRECTORY");
        char *dir;

        if (args->state_dir)
                dir = strdup(args->state_dir);
        else if (!isempty(e))
                dir = strndup(e, strcspn(e, ":"));
        else
                dir = strdup(RSMD_STATE_DIR);
        if (!dir)
                return -ENOMEM;
        *ret = dir;
        return 0;
}

/* The file first, then the command line over it, both through config_set(). */
static int load_config(const Arguments *args, Config *config) {
        int r;

        r = config_load_file(config, args->config_file ?: RSMD_CONF_FILE, args->config_file != NULL);
        if (r < 0)
                return r;

        if (args->log_level) {
                r = config_set(config, "LogLevel", args->log_level);
                if (r < 0)
                        return log_error_errno(r, "Invalid --log-level=%s", args->log_level);
        }
        if (args->admin_group) {
                r = config_set(config, "AdminGroup", args->admin_group);
                if (r < 0)
                        return log_error_errno(r, "Invalid --admin-group=%s", args->admin_group);
        }
        if (args->library_dir) {
                r = config_set(config, "LibraryDirectory", args->library_dir);
                if (r < 0)
                        return log_error_errno(r, "Invalid --library-dir=%s: an absolute path is needed", args->library_dir);
        }
        if (args->no_discovery)
                config->discovery = false;
        return 0;
}

static int check_database(const char *state_dir) {
        _cleanup_free_ char *path = NULL, *problem = NULL;
        int r;

        if (asprintf(&path, "%s/%s", state_dir, DB_FILE_NAME) < 0)
                return log_oom();

        r = db_check_file(path, &problem);
        if (r < 0) {
                log_error("%s", problem ?: strerror(-r));
                return r;
        }
        printf("%s: ok\n", path);
        return 0;
}

static int run(int argc, char *argv[]) {
        _cleanup_(manager_freep) Manager *m = NULL;
        _cleanup_free_ char *state_dir = NULL;
        _cleanup_(config_done) Config config;
        Arguments args = {};
        int r;

        config_init(&config);
        log_setup();

        r = parse_argv(argc, argv, &args);
        if (r <= 0)
                return r;

        r = load_config(&args, &config);
        if (r < 0)
                return r;
        log_set_max_level(config.log_level);

        r = find_state_dir(&args, &state_dir);
        if (r < 0)
                return log_oom();

        if (args.check_database)
                return check_database(state_dir);

        if (mkdir(state_dir, 0750) < 0 && errno != EEXIST)
                log_warning_errno(errno, "Cannot create %s: %m", state_dir);

        r = manager_new(&config, state_dir, &m);
        if (r < 0)
                return r;

        r = manager_open_database(m);
        if (r < 0)
                return r;

        /* A configuration mistake in one library must not keep the others,
         * or the media database, from being served. */
        if (m->libraries)
                (void) library_manager_load_config(m->libraries, config.library_directory);

        /* After the configured libraries, so that they win for the same changer. */
        (void) manager_start_discovery(m);

        log_info("rsmd %s starting, state in %s", RSMD_VERSION, state_dir);
        return manager_run(m);
}

int main(int argc, char *argv[]) {
        return run(argc, argv) < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
