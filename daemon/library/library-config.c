/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "library-config.h"
#include "log.h"
#include "macro.h"

DEFINE_TRIVIAL_CLEANUP_FUNC(FILE *, fclose);

void strv_free_n(char **l, size_t n) {
        if (!l)
                return;
        for (size_t i = 0; i < n; i++)
                free(l[i]);
        free(l);
}

int strv_copy_n(char *const *l, size_t n, char ***ret) {
        char **c;

        c = calloc(n ?: 1, sizeof(char *));
        if (!c)
                return -ENOMEM;
        for (size_t i = 0; i < n; i++)
                if (l && l[i] && !(c[i] = strdup(l[i]))) {
                        strv_free_n(c, n);
                        return -ENOMEM;
                }
        *ret = c;
        return 0;
}

static bool streq_null(const char *a, const char *b) {
        return (!a && !b) || (a && b && streq(a, b));
}

bool strv_equal_n(char *const *a, char *const *b, size_t n) {
        for (size_t i = 0; i < n; i++)
                if (!streq_null(a ? a[i] : NULL, b ? b[i] : NULL))
                        return false;
        return true;
}

int library_config_new(const char *name, const char *changer, size_t n_drives, LibraryConfig **ret) {
        _cleanup_(library_config_freep) LibraryConfig *c = NULL;

        c = calloc(1, sizeof *c);
        if (!c)
                return -ENOMEM;
        c->name = strdup(name);
        if (!c->name || (changer && !(c->changer = strdup(changer))))
                return -ENOMEM;
        if (strv_copy_n(NULL, n_drives, &c->drives) < 0 || strv_copy_n(NULL, n_drives, &c->device_names) < 0)
                return -ENOMEM;
        c->n_drives = n_drives;

        *ret = TAKE_PTR(c);
        return 0;
}

int library_config_copy(const LibraryConfig *c, LibraryConfig **ret) {
        _cleanup_(library_config_freep) LibraryConfig *x = NULL;
        int r;

        assert(c);

        r = library_config_new(c->name, c->changer, 0, &x);
        if (r < 0)
                return r;
        if (c->path && !(x->path = strdup(c->path)))
                return -ENOMEM;
        free(x->drives);
        free(x->device_names);
        x->drives = x->device_names = NULL;
        if (strv_copy_n(c->drives, c->n_drives, &x->drives) < 0 ||
            strv_copy_n(c->device_names, c->n_drives, &x->device_names) < 0)
                return -ENOMEM;
        x->n_drives = c->n_drives;

        *ret = TAKE_PTR(x);
        return 0;
}

bool library_config_is_standalone(const LibraryConfig *c) {
        return !c->changer;
}

const char *library_config_device(const LibraryConfig *c) {
        if (c->changer)
                return c->changer;
        return c->n_drives > 0 ? c->drives[0] : NULL;
}

bool library_config_drives_equal(const LibraryConfig *a, const LibraryConfig *b) {
        return a->n_drives == b->n_drives &&
               strv_equal_n(a->drives, b->drives, a->n_drives) &&
               strv_equal_n(a->device_names, b->device_names, a->n_drives);
}

LibraryConfig *library_config_free(LibraryConfig *c) {
        if (!c)
                return NULL;

        strv_free_n(c->drives, c->n_drives);
        strv_free_n(c->device_names, c->n_drives);
        free(c->changer);
        free(c->name);
        free(c->path);
        free(c);
        return NULL;
}

LibraryConfig **library_config_free_many(LibraryConfig **l) {
        if (!l)
                return NULL;

        for (LibraryConfig **i = l; *i; i++)
                library_config_free(*i);
        free(l);
        return NULL;
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

static int set_once(char **field, const char *value, const char *path, unsigned line, const char *key) {
        if (*field)
                return log_error_errno(EINVAL, "%s:%u: %s= given twice", path, line, key);
        if (isempty(value))
                return log_error_errno(EINVAL, "%s:%u: %s= is empty", path, line, key);

        *field = strdup(value);
        return *field ? 0 : -ENOMEM;
}

/* "Drive12" → 12 for prefix "Drive"; anything but a plain decimal index after
 * the prefix is not such a key. */
static int parse_indexed_key(const char *key, const char *prefix, size_t *ret) {
        size_t p = strlen(prefix);
        unsigned long n;
        char *end;

        if (strncmp(key, prefix, p) != 0 || key[p] < '0' || key[p] > '9')
                return -EINVAL;
        /* No leading zeros: Drive01 and Drive1 would otherwise be one key in two spellings. */
        if (key[p] == '0' && key[p + 1] != 0)
                return -EINVAL;

        errno = 0;
        n = strtoul(key + p, &end, 10);
        if (errno != 0 || *end != 0 || n >= LIBRARY_CONFIG_DRIVES_MAX)
                return -EINVAL;

        *ret = n;
        return 0;
}

/* Makes room for drive index in both per-drive arrays. */
static int drives_grow(LibraryConfig *c, size_t index) {
        char **d;

        if (index < c->n_drives)
                return 0;

        d = realloc(c->drives, (index + 1) * sizeof(char *));
        if (!d)
                return -ENOMEM;
        memset(d + c->n_drives, 0, (index + 1 - c->n_drives) * sizeof(char *));
        c->drives = d;

        d = realloc(c->device_names, (index + 1) * sizeof(char *));
        if (!d)
                return -ENOMEM;
        memset(d + c->n_drives, 0, (index + 1 - c->n_drives) * sizeof(char *));
        c->device_names = d;

        c->n_drives = index + 1;
        return 0;
}

/* DriveN= or, device_name, DeviceNameN=. */
static int set_drive(LibraryConfig *c, bool device_name, size_t index, const char *value, const char *path,
                     unsigned line, const char *key) {
        int r;

        r = drives_grow(c, index);
        if (r < 0)
                return r;
        return set_once(device_name ? &c->device_names[index] : &c->drives[index], value, path, line, key);
}

static int parse_line(LibraryConfig *c, char *l, const char *path, unsigned line, bool *in_section) {
        char *eq, *key, *value;
        size_t index;

        l = strip(l);
        if (l[0] == 0 || l[0] == '#' || l[0] == ';')
                return 0;

        if (l[0] == '[') {
                if (!streq(l, "[Library]"))
                        return log_error_errno(EINVAL, "%s:%u: unknown section %s (only [Library] is known)",
                                               path, line, l);
                if (*in_section)
                        return log_error_errno(EINVAL, "%s:%u: [Library] given twice", path, line);
                *in_section = true;
                return 0;
        }

        if (!*in_section)
                return log_error_errno(EINVAL, "%s:%u: assignment outside of the [Library] section", path, line);

        eq = strchr(l, '=');
        if (!eq)
                return log_error_errno(EINVAL, "%s:%u: expected Key=Value, got \"%s\"", path, line, l);
        *eq = 0;
        key = strip(l);
        value = strip(eq + 1);

        if (streq(key, "Name"))
                return set_once(&c->name, value, path, line, key);
        if (streq(key, "Changer"))
                return set_once(&c->changer, value, path, line, key);
        if (parse_indexed_key(key, "Drive", &index) >= 0)
                return set_drive(c, false, index, value, path, line, key);
        if (parse_indexed_key(key, "DeviceName", &index) >= 0)
                return set_drive(c, true, index, value, path, line, key);

        return log_error_errno(EINVAL, "%s:%u: unknown key %s= (known: Name=, Changer=, Drive0= … Drive%u=, "
                               "DeviceName0= … DeviceName%u=)",
                               path, line, key, LIBRARY_CONFIG_DRIVES_MAX - 1, LIBRARY_CONFIG_DRIVES_MAX - 1);
}

static int check_drives(const LibraryConfig *c, const char *path) {
        for (size_t i = 0; i < c->n_drives; i++)
                if (c->device_names[i] && !c->drives[i])
                        return log_error_errno(EINVAL, "%s: DeviceName%zu= without Drive%zu=", path, i, i);

        /* Without a changer there is nothing to put more drives behind. */
        if (!c->changer && (c->n_drives != 1 || !c->drives[0]))
                return log_error_errno(EINVAL, "%s: no Changer= in [Library]; a stand-alone drive library "
                                       "takes Drive0= and no other drive", path);
        return 0;
}

static int name_from_path(const char *path, char **ret) {
        const char *base = strrchr(path, '/');
        size_t n;

        base = base ? base + 1 : path;
        n = strlen(base);
        if (n > 5 && streq(base + n - 5, ".conf"))
                n -= 5;

        *ret = strndup(base, n);
        return *ret ? 0 : -ENOMEM;
}

int library_config_load_file(const char *path, LibraryConfig **ret) {
        _cleanup_(library_config_freep) LibraryConfig *c = NULL;
        _cleanup_(fclosep) FILE *f = NULL;
        _cleanup_free_ char *buf = NULL;
        bool in_section = false;
        size_t size = 0;
        unsigned line = 0;
        int r;

        assert(path);
        assert(ret);

        f = fopen(path, "re");
        if (!f)
                return log_error_errno(errno, "Cannot open %s: %m", path);

        c = calloc(1, sizeof *c);
        if (!c)
                return -ENOMEM;
        c->path = strdup(path);
        if (!c->path)
                return -ENOMEM;

        while (getline(&buf, &size, f) >= 0) {
                line++;
                r = parse_line(c, buf, path, line, &in_section);
                if (r < 0)
                        return r;
        }
        if (ferror(f))
                return log_error_errno(EIO, "Cannot read %s", path);

        r = check_drives(c, path);
        if (r < 0)
                return r;
        if (!c->name) {
                r = name_from_path(path, &c->name);
                if (r < 0)
                        return r;
        }

        *ret = TAKE_PTR(c);
        return 0;
}

static int is_conf(const struct dirent *d) {
        size_t n = strlen(d->d_name);

        return d->d_name[0] != '.' && n > 5 && streq(d->d_name + n - 5, ".conf");
}

static void free_dirents(struct dirent **l, int n) {
        for (int i = 0; i < n; i++)
                free(l[i]);
        free(l);
}

static int check_unique(LibraryConfig **l, size_t n) {
        for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < i; j++)
                        if (streq(library_config_device(l[i]), library_config_device(l[j])))
                                return log_error_errno(EEXIST, "%s: %s %s is already configured in %s",
                                                       l[i]->path, l[i]->changer ? "changer" : "drive",
                                                       library_config_device(l[i]), l[j]->path);
        return 0;
}

int library_config_load_dir(const char *dir, LibraryConfig ***ret) {
        _cleanup_(library_config_free_manyp) LibraryConfig **l = NULL;
        struct dirent **entries = NULL;
        int n, r = 0;

        assert(dir);
        assert(ret);

        n = scandir(dir, &entries, is_conf, alphasort);
        if (n < 0) {
                if (errno != ENOENT)
                        return log_error_errno(errno, "Cannot read library directory %s: %m", dir);
                n = 0;
        }

        l = calloc((size_t) n + 1, sizeof(LibraryConfig *));
        if (!l) {
                free_dirents(entries, n);
                return -ENOMEM;
        }

        for (int i = 0; i < n && r >= 0; i++) {
                _cleanup_free_ char *path = NULL;

                if (asprintf(&path, "%s/%s", dir, entries[i]->d_name) < 0)
                        r = -ENOMEM;
                else
                        r = library_config_load_file(path, &l[i]);
        }
        free_dirents(entries, n);
        if (r < 0)
                return r;

        r = check_unique(l, (size_t) n);
        if (r < 0)
                return r;

        *ret = TAKE_PTR(l);
        return 0;
}
