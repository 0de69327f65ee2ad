/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "log.h"
#include "macro.h"

void config_init(Config *c) {
        *c = (Config) {
                .log_level = LOG_INFO,
                .discovery = true,
        };
}

void config_done(Config *c) {
        free(c->admin_group);
        c->admin_group = NULL;
        free(c->library_directory);
        c->library_directory = NULL;
}

static int parse_size(const char *s, uint64_t *ret) {
        unsigned long long v;
        char *end;

        if (isempty(s) || !isdigit((unsigned char) s[0]))
                return -EINVAL;
        errno = 0;
        v = strtoull(s, &end, 10);
        if (errno != 0 || *end)
                return -EINVAL;
        *ret = v;
        return 0;
}

/* The spellings systemd accepts in unit files. */
static int parse_boolean(const char *v) {
        static const char *const yes[] = { "1", "yes", "y", "true", "t", "on" };
        static const char *const no[] = { "0", "no", "n", "false", "f", "off" };

        if (!v)
                return -EINVAL;
        for (size_t i = 0; i < ELEMENTSOF(yes); i++)
                if (strcasecmp(v, yes[i]) == 0)
                        return 1;
        for (size_t i = 0; i < ELEMENTSOF(no); i++)
                if (strcasecmp(v, no[i]) == 0)
                        return 0;
        return -EINVAL;
}

int config_set(Config *c, const char *key, const char *value) {
        int r;

        if (streq(key, "LogLevel")) {
                r = log_level_from_string(value);
                if (r < 0)
                        return r;
                c->log_level = r;
                return 0;
        }

        if (streq(key, "AdminGroup")) {
                char *g = NULL;

                if (!isempty(value)) {
                        g = strdup(value);
                        if (!g)
                                return -ENOMEM;
                }
                free(c->admin_group);
                c->admin_group = g;
                return 0;
        }

        if (streq(key, "LibraryDirectory")) {
                char *d;

                if (isempty(value) || value[0] != '/')
                        return -EINVAL;
                d = strdup(value);
                if (!d)
                        return -ENOMEM;
                free(c->library_directory);
                c->library_directory = d;
                return 0;
        }

        if (streq(key, "Discovery")) {
                r = parse_boolean(value);
                if (r < 0)
                        return r;
                c->discovery = r;
                return 0;
        }

        if (streq(key, "MaxDatabaseSize"))
                return parse_size(value, &c->max_database_size);

        return -ENOKEY;
}

static char *strip(char *s) {
        char *e;

        while (isspace((unsigned char) *s))
                s++;
        e = s + strlen(s);
        while (e > s && isspace((unsigned char) e[-1]))
                *--e = 0;
        return s;
}

/* One line of the file; section tracks the [Section] we are in. */
static int config_parse_line(Config *c, const char *path, unsigned n, char *line, char **section) {
        char *l = strip(line), *eq;
        int r;

        if (!*l || *l == '#' || *l == ';')
                return 0;

        if (*l == '[') {
                char *end = strchr(l, ']');
                char *s;

                if (!end || end[1])
                        return log_error_errno(EINVAL, "%s:%u: malformed section header", path, n);
                *end = 0;
                s = strdup(l + 1);
                if (!s)
                        return -ENOMEM;
                free(*section);
                *section = s;
                return 0;
        }

        eq = strchr(l, '=');
        if (!eq)
                return log_error_errno(EINVAL, "%s:%u: expected Key=Value", path, n);
        *eq = 0;

        /* Other sections belong to later parts of rsmd; say so, but do not fail. */
        if (!*section || !streq(*section, "Daemon")) {
                log_warning("%s:%u: ignoring %s= outside [Daemon]", path, n, strip(l));
                return 0;
        }

        r = config_set(c, strip(l), strip(eq + 1));
        if (r == -ENOKEY) {
                log_warning("%s:%u: unknown key %s=, ignoring", path, n, strip(l));
                return 0;
        }
        if (r < 0)
                return log_error_errno(r, "%s:%u: invalid value for %s=", path, n, strip(l));
        return 0;
}

int config_load_file(Config *c, const char *path, bool must_exist) {
        _cleanup_free_ char *line = NULL, *section = NULL;
        size_t size = 0;
        unsigned n = 0;
        FILE *f;
        int r = 0;

        f = fopen(path, "re");
        if (!f) {
                if (errno == ENOENT && !must_exist) {
                        log_debug("No configuration file %s, using defaults", path);
                        return 0;
                }
                return log_error_errno(errno, "Cannot open configuration file %s: %m", path);
        }

        while (getline(&line, &size, f) >= 0) {
                r = config_parse_line(c, path, ++n, line, &section);
                if (r < 0)
                        break;
        }

        fclose(f);
        return r;
}
