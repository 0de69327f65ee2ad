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

LibraryConfig *library_config_free(LibraryConfig *c) {
        if (!c)
                return NULL;

        for (size_t i = 0; i < c->n_drives; i++)
                free(c->drives[i]);
        free(c->drives);
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

/* "Drive12" → 12; anything but a plain decimal index is not a drive key. */
static int parse_drive_key(const char *key, size_t *ret) {
        unsigned long n;
        char *end;

        if (strncmp(key, "Drive", 5) != 0 || key[5] < '0' || key[5] > '9')
                return -EINVAL;
        /* No leading zeros: Drive01 and Drive1 would otherwise be one key in two spellings. */
        if (key[5] == '0' && key[6] != 0)
                return -EINVAL;

        errno = 0;
        n = strtoul(key + 5, &end, 10);
        if (errno != 0 || *end != 0 || n >= LIBRARY_CONFIG_DRIVES_MAX)
                return -EINVAL;

        *ret = n;
        return 0;
}

static int set_drive(LibraryConfig *c, size_t index, const char *value, const char *path, unsigned line,
                     const char *key) {
        if (index >= c->n_drives) {
                char **d;

                d = realloc(c->drives, (index + 1) * sizeof(char *));
                if (!d)
                        return -ENOMEM;
                memset(d + c->n_drives, 0, (index + 1 - c->n_drives) * sizeof(char *));
                c->drives = d;
                c->n_drives = index + 1;
        }

        return set_once(&c->drives[index], value, path, line, key);
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
        if (parse_drive_key(key, &index) >= 0)
                return set_drive(c, index, value, path, line, key);

        return log_error_errno(EINVAL, "%s:%u: unknown key %s= (known: Name=, Changer=, Drive0= … Drive%u=)",
                               path, line, key, LIBRARY_CONFIG_DRIVES_MAX - 1);
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

        if (!c->changer)
                return log_error_errno(EINVAL, "%s: no Changer= in [Library]", path);
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
                        if (streq(l[i]->changer, l[j]->changer))
                                return log_error_errno(EEXIST, "%s: changer %s is already configured in %s",
                                                       l[i]->path, l[i]->changer, l[j]->path);
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
