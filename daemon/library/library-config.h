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
 *   DeviceName0=/dev/nst0
 *
 * DriveN is the device behind the Nth data transfer element of the changer,
 * counted from 0 in element address order: what rsmd sends SCSI commands to.
 * DeviceNameN is what programs open for that drive, recorded as the drive's
 * szDeviceName (a tape node next to the generic node rsmd drives); without it
 * DriveN is recorded. A file without Changer= and with Drive0= only is a
 * stand-alone drive library. */

#include <stdbool.h>
#include <stddef.h>

#define LIBRARY_CONFIG_DIR_DEFAULT RSMD_CONF_DIR "/libraries.d"
#define LIBRARY_CONFIG_DRIVES_MAX 256

typedef struct LibraryConfig {
        char *path;             /* the file it came from, for messages; NULL when discovered */
        char *name;             /* Name=, or the file name without .conf */
        char *changer;          /* device name or iscsi:// URL; NULL: a stand-alone drive library */
        char **drives;          /* n_drives entries; NULL where no DriveN= was given */
        char **device_names;    /* n_drives entries; NULL where no DeviceNameN= was given */
        size_t n_drives;
} LibraryConfig;

/* Arrays of n strings, any of which may be NULL (a drive not configured). */
void strv_free_n(char **l, size_t n);
int strv_copy_n(char *const *l, size_t n, char ***ret);
bool strv_equal_n(char *const *a, char *const *b, size_t n);

/* An empty configuration, to be filled by its caller (discovery). */
int library_config_new(const char *name, const char *changer, size_t n_drives, LibraryConfig **ret);
int library_config_copy(const LibraryConfig *c, LibraryConfig **ret);

bool library_config_is_standalone(const LibraryConfig *c);
/* What identifies the library's hardware: the changer, or the stand-alone drive. */
const char *library_config_device(const LibraryConfig *c);
/* Same drives behind the same elements, under the same device names. */
bool library_config_drives_equal(const LibraryConfig *a, const LibraryConfig *b);

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
 * any syntax error, unknown section or key, repeated key, a DeviceNameN=
 * without DriveN=, or a missing Changer= in a file that names other drives
 * than Drive0=. */
int library_config_load_file(const char *path, LibraryConfig **ret);

/* Every *.conf in dir, sorted by file name. A missing directory yields an
 * empty list. One bad file fails the whole load, so that a typo never
 * silently loses a library. Two files naming the same changer (or stand-alone
 * drive) are -EEXIST. */
int library_config_load_dir(const char *dir, LibraryConfig ***ret);
