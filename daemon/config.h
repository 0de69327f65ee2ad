/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* rsmd's settings: the [Daemon] section of the configuration file, in
 * Key=Value form, with command line options applied on top of it. */

#include <stdbool.h>
#include <stdint.h>

typedef struct Config {
        int log_level;                  /* a LOG_* value */
        char *library_directory;        /* NULL: RSMD_CONF_DIR/libraries.d */
        char *admin_group;              /* NULL: only root administers */
        uint64_t max_database_size;     /* bytes; 0 means no limit */
        bool discovery;                 /* find changers and drives through udev */
} Config;

void config_init(Config *c);
void config_done(Config *c);

/* Sets one [Daemon] key from its text value; the command line uses the same
 * keys, so values are parsed in one place. -EINVAL for a bad value,
 * -ENOKEY for an unknown key. */
int config_set(Config *c, const char *key, const char *value);

/* Reads path. A missing file is fine unless must_exist is set. */
int config_load_file(Config *c, const char *path, bool must_exist);
