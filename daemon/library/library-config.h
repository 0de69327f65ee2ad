/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Libraries named by the administrator: one *.conf file per library in a
 * directory (RSMD_CONF_DIR "/libraries.d" unless LibraryDirectory= says
 * otherwise):
 *
 *   [Library]
 *   Name=Virtual tape library
 *   Changer=iscsi://127.0.0.1:3261/iqn.2026-11.org.ntms.vtl:lib0/1
 *   Drive0=iscsi://127.0.0.1:3261/iqn.2026-11.org.ntms.vtl:lib0/2
 *
 * DriveN is the device behind the Nth data transfer element of the changer,
 * counted from 0 in element address order. */

#include <stddef.h>

#define LIBRARY_CONFIG_DIR_DEFAULT RSMD_CONF_DIR "/libraries.d"
#define LIBRARY_CONFIG_DRIVES_MAX 256

typedef struct LibraryConfig {
        char *path;             /* the file it came from, for messages */
        char *name;             /* Name=, or the file name without .conf */
        char *changer;          /* device name or iscsi:// URL */
        char **drives;          /* n_drives entries; NULL where no DriveN= was given */
        size_t n_drives;
} LibraryConfig;

LibraryConfig *library_config_free(LibraryConfig *c);
static inline void library_config_freep(LibraryConfig **c) {
        if (*c)
                library_config_free(*c);
}

/* NULL-terminated array, as library_config_load_dir() returns it. */
LibraryConfig **library_config_free_many(LibraryConfig **l);
static inline void library_config_free_manyp(LibraryConfig ***l) {
        library_config_free_many(*l);
}

/* Parses one file. -EINVAL (after logging file, line and what is wrong) for
 * any syntax error, unknown section or key, repeated key, or missing Changer=. */
int library_config_load_file(const char *path, LibraryConfig **ret);

/* Every *.conf in dir, sorted by file name. A missing directory yields an
 * empty list. One bad file fails the whole load, so that a typo never
 * silently loses a library. Two files naming the same changer are -EEXIST. */
int library_config_load_dir(const char *dir, LibraryConfig ***ret);
