/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* rsm library list|add|remove: the library configuration files that rsmd
 * reads at start from its library directory (LibraryDirectory=, by default
 * /etc/rsmd/libraries.d), one file per library:
 *
 *   [Library]
 *   Name=Tape library
 *   Changer=/dev/sg4
 *   Drive0=/dev/sg5
 *   DeviceName0=/dev/nst0
 *
 * These commands work on the files only; rsmd reads them when it starts. */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rsm.h"
#include "table.h"

#define DRIVES_MAX 256
#define RESTART_HINT "restart rsmd to apply it: systemctl restart rsmd"

DEFINE_TRIVIAL_CLEANUP_FUNC(FILE *, fclose);

typedef struct LibraryFile {
        char *path;
        char *name;             /* Name=, or the file name without .conf */
        char *changer;          /* NULL: a stand-alone drive */
        char *drive0;
        unsigned n_drives;
} LibraryFile;

static void library_files_free(LibraryFile *l, size_t n) {
        for (size_t i = 0; i < n; i++) {
                free(l[i].path);
                free(l[i].name);
                free(l[i].changer);
                free(l[i].drive0);
        }
        free(l);
}

static char *strip(char *s) {
        char *e;

        s += strspn(s, " \t");
        e = s + strlen(s);
        while (e > s && strchr(" \t\r\n", e[-1]))
                e--;
        *e = 0;
        return s;
}

static bool has_suffix(const char *s, const char *suffix) {
        size_t n = strlen(s), m = strlen(suffix);
        return n > m && streq(s + n - m, suffix);
}

/* The keys rsm needs; rsmd itself checks the rest when it reads the file. */
static int library_file_read(const char *path, LibraryFile *ret) {
        _cleanup_(fclosep) FILE *f = fopen(path, "re");
        _cleanup_free_ char *line = NULL;
        const char *base;
        size_t size = 0;

        if (!f)
                return -errno;
        *ret = (LibraryFile) { .path = strdup(path) };
        while (getline(&line, &size, f) >= 0) {
                char *l = strip(line), *eq = strchr(l, '='), *key, *value;

                if (!eq || l[0] == '#' || l[0] == ';')
                        continue;
                *eq = 0;
                key = strip(l);
                value = strip(eq + 1);
                if (streq(key, "Name") && !ret->name)
                        ret->name = strdup(value);
                else if (streq(key, "Changer") && !ret->changer)
                        ret->changer = strdup(value);
                else if (streq(key, "Drive0") && !ret->drive0)
                        ret->drive0 = strdup(value);
                if (strncmp(key, "Drive", 5) == 0 && key[5] >= '0' && key[5] <= '9')
                        ret->n_drives++;
        }
        if (!ret->name) {
                base = strrchr(path, '/');
                ret->name = strndup(base + 1, strlen(base + 1) - strlen(".conf"));
        }
        return ret->path && ret->name ? 0 : -ENOMEM;
}

static int conf_filter(const struct dirent *d) {
        return d->d_name[0] != '.' && has_suffix(d->d_name, ".conf");
}

static int library_files_load(const char *dir, LibraryFile **ret, size_t *ret_n) {
        struct dirent **entries = NULL;
        LibraryFile *l;
        size_t n_files = 0;
        int n, r = 0;

        n = scandir(dir, &entries, conf_filter, alphasort);
        if (n < 0) {
                if (errno != ENOENT)
                        return rsm_fail(RSM_EXIT_API, "cannot read %s: %m", dir);
                n = 0;
        }
        l = calloc((size_t) n + 1, sizeof *l);
        for (int i = 0; i < n; i++) {
                _cleanup_free_ char *path = NULL;

                if (l && r == 0 && asprintf(&path, "%s/%s", dir, entries[i]->d_name) >= 0) {
                        r = library_file_read(path, &l[n_files]);
                        if (r < 0)
                                r = rsm_fail(RSM_EXIT_API, "cannot read %s: %s", path, strerror(-r));
                        else
                                n_files++;
                }
                free(entries[i]);
        }
        free(entries);
        if (!l)
                return rsm_fail(RSM_EXIT_API, "out of memory");
        if (r != 0) {
                library_files_free(l, n_files);
                return r;
        }
        *ret = l;
        *ret_n = n_files;
        return RSM_EXIT_OK;
}

/* LibraryDirectory= from rsmd's configuration file, as rsmd reads it. */
static char *configured_directory(void) {
        _cleanup_(fclosep) FILE *f = fopen(RSMD_CONF_FILE, "re");
        _cleanup_free_ char *line = NULL;
        char *dir = NULL;
        size_t size = 0;
        bool daemon = false;

        while (f && getline(&line, &size, f) >= 0) {
                char *l = strip(line), *eq;

                if (l[0] == '[')
                        daemon = streq(l, "[Daemon]");
                else if (daemon && (eq = strchr(l, '='))) {
                        *eq = 0;
                        if (streq(strip(l), "LibraryDirectory")) {
                                free(dir);
                                dir = strdup(strip(eq + 1));
                        }
                }
        }
        return dir;
}

static const char *library_dir(const char *given, char **buf) {
        if (given)
                return given;
        *buf = configured_directory();
        return *buf && (*buf)[0] ? *buf : RSMD_CONF_DIR "/libraries.d";
}

static const struct option dir_option = { "library-dir", required_argument, NULL, 'D' };

static int list(int argc, char **argv, const RsmOptions *o) {
        const struct option options[] = { dir_option, {} };
        _cleanup_free_ char *dir_buf = NULL;
        _cleanup_(table_freep) Table *t = NULL;
        const char *given = NULL, *dir;
        LibraryFile *files;
        size_t n;
        int c, r;

        while ((c = getopt_long(argc, argv, "", options, NULL)) >= 0)
                if (c == 'D')
                        given = optarg;
                else
                        return rsm_bad_option();
        r = rsm_check_args(argc - optind, 0, 0);
        if (r != RSM_EXIT_OK)
                return r;

        dir = library_dir(given, &dir_buf);
        r = library_files_load(dir, &files, &n);
        if (r != RSM_EXIT_OK)
                return r;
        t = table_new("FILE", "NAME", "CHANGER", "DRIVES", NULL);
        if (t) {
                table_set_numeric(t, 3);
                for (size_t i = 0; i < n; i++) {
                        char drives[16];
                        table_add_row(t, files[i].path, files[i].name, files[i].changer ?: "-",
                                      rsm_number(files[i].n_drives, drives));
                }
        }
        library_files_free(files, n);
        if (!t)
                return rsm_fail(RSM_EXIT_API, "out of memory");
        if (!o->json && table_rows(t) == 0)
                printf("No library files in %s.\n", dir);
        else
                rsm_print_table(o, t, NULL);
        return RSM_EXIT_OK;
}

/* What rsmd accepts as a device: a generic SCSI node or an iSCSI URL. */
static bool valid_device(const char *s) {
        return (strncmp(s, "/dev/", 5) == 0 && s[5]) || (strncmp(s, "iscsi://", 8) == 0 && s[8]);
}

static bool valid_value(const char *s) {
        if (!s[0] || s[0] == ' ' || s[0] == '\t' || s[strlen(s) - 1] == ' ' || s[strlen(s) - 1] == '\t')
                return false;
        for (; *s; s++)
                if ((unsigned char) *s < 0x20 || *s == 0x7F)
                        return false;
        return true;
}

/* "Tape library 2" → "tape-library-2". */
static void file_stem(const char *name, char *buf, size_t size) {
        size_t n = 0;
        bool dash = false;

        for (const char *s = name; *s && n + 2 < size; s++) {
                char ch = *s;
                if (ch >= 'A' && ch <= 'Z')
                        ch = (char) (ch - 'A' + 'a');
                if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
                        if (dash && n > 0)
                                buf[n++] = '-';
                        buf[n++] = ch;
                        dash = false;
                } else
                        dash = true;
        }
        buf[n] = 0;
        if (n == 0)
                snprintf(buf, size, "library");
}

typedef struct Drive {
        char *device;
        const char *device_name;        /* DeviceNameN=, or NULL */
} Drive;

static int parse_drive(char *arg, Drive *ret) {
        char *comma = strchr(arg, ',');

        if (comma) {
                *comma = 0;
                ret->device_name = comma + 1;
                if (!valid_value(ret->device_name))
                        return rsm_usage("--drive=%s,%s: the device name is empty or has blanks at its ends", arg,
                                         comma + 1);
        }
        ret->device = arg;
        if (!valid_device(arg))
                return rsm_usage("'%s' is neither a /dev path nor an iscsi:// URL", arg);
        return RSM_EXIT_OK;
}

static int check_conflicts(const LibraryFile *files, size_t n, const char *name, const char *device,
                           const char *path, bool force) {
        for (size_t i = 0; i < n; i++) {
                bool same_file = streq(files[i].path, path);
                const char *other = files[i].changer ?: files[i].drive0;

                if (same_file && !force)
                        return rsm_fail(RSM_EXIT_API, "%s exists already; --force replaces it", path);
                if (same_file)
                        continue;
                if (streq(files[i].name, name))
                        return rsm_fail(RSM_EXIT_API, "%s already configures a library named '%s'",
                                        files[i].path, name);
                if (other && streq(other, device))
                        return rsm_fail(RSM_EXIT_API, "%s already configures %s (rsmd would refuse both files)",
                                        files[i].path, device);
        }
        return RSM_EXIT_OK;
}

static int write_file(const char *dir, const char *path, const char *name, const char *changer,
                      const Drive *drives, size_t n_drives) {
        _cleanup_free_ char *tmp = NULL;
        FILE *f;
        int fd;

        if (mkdir(dir, 0755) < 0 && errno != EEXIST)
                return rsm_fail(RSM_EXIT_API, "cannot create %s: %m", dir);
        /* A dot file rsmd does not read until the rename. */
        if (asprintf(&tmp, "%s/.rsm-library-XXXXXX", dir) < 0)
                return rsm_fail(RSM_EXIT_API, "out of memory");
        fd = mkostemp(tmp, O_CLOEXEC);
        if (fd < 0)
                return rsm_fail(RSM_EXIT_API, "cannot write in %s: %m", dir);
        f = fdopen(fd, "w");
        if (!f) {
                close(fd);
                unlink(tmp);
                return rsm_fail(RSM_EXIT_API, "cannot write %s: %m", tmp);
        }

        fprintf(f, "# Written by rsm library add.\n[Library]\nName=%s\n", name);
        if (changer)
                fprintf(f, "Changer=%s\n", changer);
        for (size_t i = 0; i < n_drives; i++) {
                fprintf(f, "Drive%zu=%s\n", i, drives[i].device);
                if (drives[i].device_name)
                        fprintf(f, "DeviceName%zu=%s\n", i, drives[i].device_name);
        }
        if (fchmod(fd, 0644) < 0 || fflush(f) != 0 || fsync(fd) < 0 || ferror(f)) {
                fclose(f);
                unlink(tmp);
                return rsm_fail(RSM_EXIT_API, "cannot write %s: %m", tmp);
        }
        fclose(f);
        if (rename(tmp, path) < 0) {
                int saved = errno;
                unlink(tmp);
                errno = saved;
                return rsm_fail(RSM_EXIT_API, "cannot create %s: %m", path);
        }
        return RSM_EXIT_OK;
}

static int add(int argc, char **argv, const RsmOptions *o) {
        const struct option options[] = {
                dir_option,
                { "changer", required_argument, NULL, 'c' },
                { "drive", required_argument, NULL, 'd' },
                { "force", no_argument, NULL, 'f' },
                {}
        };
        _cleanup_free_ char *dir_buf = NULL, *path = NULL;
        _cleanup_free_ Drive *drives = calloc(DRIVES_MAX, sizeof *drives);
        const char *given = NULL, *dir, *changer = NULL, *name;
        LibraryFile *files;
        size_t n_drives = 0, n;
        bool force = false;
        char stem[NTMS_OBJECTNAME_LENGTH];
        int c, r;

        if (!drives)
                return rsm_fail(RSM_EXIT_API, "out of memory");
        while ((c = getopt_long(argc, argv, "c:d:f", options, NULL)) >= 0)
                switch (c) {
                case 'D':
                        given = optarg;
                        break;
                case 'c':
                        changer = optarg;
                        if (!valid_device(changer))
                                return rsm_usage("'%s' is neither a /dev path nor an iscsi:// URL", changer);
                        break;
                case 'd':
                        if (n_drives >= DRIVES_MAX)
                                return rsm_usage("at most %d drives", DRIVES_MAX);
                        r = parse_drive(optarg, &drives[n_drives++]);
                        if (r != RSM_EXIT_OK)
                                return r;
                        break;
                case 'f':
                        force = true;
                        break;
                default:
                        return rsm_bad_option();
                }
        r = rsm_check_args(argc - optind, 1, 1);
        if (r != RSM_EXIT_OK)
                return r;
        name = argv[optind];
        if (!valid_value(name) || strlen(name) >= NTMS_OBJECTNAME_LENGTH)
                return rsm_usage("the name must have 1 to %d characters, no control characters and no blanks "
                                 "at its ends", NTMS_OBJECTNAME_LENGTH - 1);
        if (!changer && n_drives != 1)
                return rsm_usage("give the --changer, or for a stand-alone drive exactly one --drive");

        dir = library_dir(given, &dir_buf);
        file_stem(name, stem, sizeof stem);
        if (asprintf(&path, "%s/%s.conf", dir, stem) < 0)
                return rsm_fail(RSM_EXIT_API, "out of memory");

        r = library_files_load(dir, &files, &n);
        if (r != RSM_EXIT_OK)
                return r;
        r = check_conflicts(files, n, name, changer ?: drives[0].device, path, force);
        library_files_free(files, n);
        if (r != RSM_EXIT_OK)
                return r;

        r = write_file(dir, path, name, changer, drives, n_drives);
        if (r != RSM_EXIT_OK)
                return r;

        if (o->json) {
                fputs("{\"path\":", stdout);
                json_print_string(path, stdout);
                fputs(",\"name\":", stdout);
                json_print_string(name, stdout);
                puts("}");
        } else
                printf("%s\n", path);
        fprintf(stderr, "Wrote %s; " RESTART_HINT ".\n", path);
        return RSM_EXIT_OK;
}

/* DeleteNtmsLibrary for the library of that name, if rsmd knows it. */
static int delete_library(const char *name) {
        _cleanup_session_ HANDLE h = NULL;
        NTMS_GUID library;
        DWORD e;
        int r;

        r = rsm_open(&h);
        if (r == RSM_EXIT_OK)
                r = rsm_lookup(h, NTMS_LIBRARY, NULL, name, &library, NULL);
        if (r != RSM_EXIT_OK)
                return r;
        e = DeleteNtmsLibrary(h, &library);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("DeleteNtmsLibrary", e, "cannot delete library '%s' from the media database",
                                     name);
        return RSM_EXIT_OK;
}

static int remove_file(int argc, char **argv, const RsmOptions *o) {
        const struct option options[] = {
                dir_option,
                { "delete", no_argument, NULL, 'x' },
                {}
        };
        _cleanup_free_ char *dir_buf = NULL, *path = NULL, *name = NULL;
        const char *given = NULL, *dir, *which;
        LibraryFile *files;
        size_t n, n_found = 0;
        bool delete = false;
        int c, r;

        while ((c = getopt_long(argc, argv, "", options, NULL)) >= 0)
                if (c == 'D')
                        given = optarg;
                else if (c == 'x')
                        delete = true;
                else
                        return rsm_bad_option();
        r = rsm_check_args(argc - optind, 1, 1);
        if (r != RSM_EXIT_OK)
                return r;
        which = argv[optind];

        dir = library_dir(given, &dir_buf);
        r = library_files_load(dir, &files, &n);
        if (r != RSM_EXIT_OK)
                return r;
        /* By Name=, by file name with or without .conf, or by path. */
        for (size_t i = 0; i < n; i++) {
                const char *base = strrchr(files[i].path, '/') + 1;
                size_t stem = strlen(base) - strlen(".conf");

                if (streq(files[i].name, which) || streq(files[i].path, which) || streq(base, which) ||
                    (strlen(which) == stem && strncmp(base, which, stem) == 0)) {
                        n_found++;
                        free(path);
                        free(name);
                        path = strdup(files[i].path);
                        name = strdup(files[i].name);
                }
        }
        library_files_free(files, n);

        if (n_found == 0)
                return rsm_fail(RSM_EXIT_NOT_FOUND, "no library file in %s names '%s' (see 'rsm library list')",
                                dir, which);
        if (n_found > 1)
                return rsm_usage("'%s' names %zu library files; give the file name", which, n_found);
        if (!path || !name)
                return rsm_fail(RSM_EXIT_API, "out of memory");
        if (unlink(path) < 0)
                return rsm_fail(RSM_EXIT_API, "cannot remove %s: %m", path);

        if (!o->json)
                printf("%s\n", path);
        if (!delete) {
                fprintf(stderr, "Removed %s; " RESTART_HINT ". The library stays in the media database until it "
                        "is deleted there (--delete).\n", path);
                return RSM_EXIT_OK;
        }
        fprintf(stderr, "Removed %s.\n", path);
        return delete_library(name);
}

static int run(int argc, char **argv, const RsmOptions *o) {
        static const SubCommand subs[] = {
                { "list", list },
                { "add", add },
                { "remove", remove_file },
        };
        return rsm_run_subcommand(argc, argv, o, subs, ELEMENTSOF(subs), "list");
}

const Command rsm_command_library = {
        .name = "library",
        .run = run,
        .synopsis = "[list] | add NAME [--changer=DEVICE] --drive=DEVICE[,NAME]... [--force] |\n"
                    "                   remove NAME [--delete]  [--library-dir=DIR]",
        .summary = "Add or remove the configuration file of a library",
        .help = "rsmd finds most changers and drives by itself; a library it does not find\n"
                "(on iSCSI, for example) is one file in its library directory. These commands\n"
                "write and remove such files; rsmd reads them when it starts.\n"
                "\n"
                "  list\n"
                "        the library files and what each configures\n"
                "  add NAME --changer=DEVICE --drive=DEVICE[,NAME]... [--force]\n"
                "        write a file for library NAME: its changer and its drives in the order\n"
                "        of the changer's drive elements. DEVICE is a /dev/sg* path or an\n"
                "        iscsi://host[:port]/iqn/lun URL; ',NAME' gives the node programs open\n"
                "        for that drive (e.g. /dev/nst0). Without --changer one --drive makes a\n"
                "        stand-alone drive library. --force replaces an existing file.\n"
                "  remove NAME [--delete]\n"
                "        remove the file of library NAME (its Name= or its file name); with\n"
                "        --delete also delete the library from rsmd's media database\n"
                "        (DeleteNtmsLibrary), its media going offline\n"
                "\n"
                "Options:\n"
                "      --library-dir=DIR  the directory (default: rsmd.conf's LibraryDirectory=,\n"
                "                         else " RSMD_CONF_DIR "/libraries.d)\n",
};
