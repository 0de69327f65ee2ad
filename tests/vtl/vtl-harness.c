/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "macro.h"
#include "vtl-harness.h"

#ifndef VTL_SCRIPT
#error "VTL_SCRIPT must name tests/vtl/vtl"
#endif
#ifndef VTL_SCSI_CAPTURE
#error "VTL_SCSI_CAPTURE must name the built scsi-capture"
#endif

/* Exit statuses of `vtl put` and `vtl take`, see the script. */
#define VTL_EXIT_INVALID 2
#define VTL_EXIT_ELEMENT 4

#define MAX_LIBRARIES 64

/* Libraries started and not yet stopped, with the process that started
 * them: a child forked by a test framework inherits this table and its
 * atexit handler, and must not stop its parent's libraries. */
static struct {
        Vtl *vtl;
        pid_t owner;
} registry[MAX_LIBRARIES];
static bool atexit_registered;

static void fclosep(FILE **f) {
        if (*f)
                fclose(*f);
}

const char *vtl_script(void) {
        const char *e = getenv("VTL_SCRIPT");
        return isempty(e) ? VTL_SCRIPT : e;
}

static const char *vtl_scsi_capture(void) {
        const char *e = getenv("VTL_SCSI_CAPTURE");
        return isempty(e) ? VTL_SCSI_CAPTURE : e;
}

static bool in_path(const char *name) {
        const char *path = getenv("PATH");
        _cleanup_free_ char *copy = NULL;
        char *save = NULL;

        copy = strdup(isempty(path) ? "/usr/sbin:/usr/bin:/sbin:/bin" : path);
        if (!copy)
                return false;
        for (char *d = strtok_r(copy, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
                _cleanup_free_ char *p = NULL;

                if (asprintf(&p, "%s/%s", d, name) < 0)
                        return false;
                if (access(p, X_OK) == 0)
                        return true;
        }
        /* tgtd lives in sbin, which a user's PATH may lack. */
        return access("/usr/sbin/tgtd", X_OK) == 0 && streq(name, "tgtd");
}

int vtl_available(void) {
        if (geteuid() != 0)
                return -EOPNOTSUPP;
        if (!in_path("tgtd") || !in_path("tgtadm") || !in_path("tgtimg"))
                return -EOPNOTSUPP;
        if (access(vtl_script(), X_OK) < 0)
                return -ENOENT;
        return 0;
}

/* Run the script with ARGV; its stdout goes to *ret_out when given.
 * Returns its exit status, -EIO when a signal ended it. */
static int run_script_status(char *const argv[], char **ret_out) {
        _cleanup_close_ int rfd = -1;
        _cleanup_free_ char *out = NULL;
        size_t len = 0, size = 0;
        int pipefd[2] = { -1, -1 }, status;
        pid_t pid;

        if (ret_out && pipe2(pipefd, O_CLOEXEC) < 0)
                return -errno;

        pid = fork();
        if (pid < 0) {
                int r = -errno;
                if (ret_out) {
                        close(pipefd[0]);
                        close(pipefd[1]);
                }
                return r;
        }
        if (pid == 0) {
                if (ret_out && dup2(pipefd[1], STDOUT_FILENO) < 0)
                        _exit(127);
                if (!ret_out) {
                        int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
                        if (null >= 0)
                                (void) dup2(null, STDOUT_FILENO);
                }
                execv(argv[0], argv);
                fprintf(stderr, "vtl-harness: cannot run %s: %m\n", argv[0]);
                _exit(127);
        }

        if (ret_out) {
                close(pipefd[1]);
                rfd = pipefd[0];
                for (;;) {
                        ssize_t n;

                        if (size - len < 4096) {
                                char *p = realloc(out, size + 65536);
                                if (!p)
                                        break;
                                out = p;
                                size += 65536;
                        }
                        n = read(rfd, out + len, size - len - 1);
                        if (n < 0 && errno == EINTR)
                                continue;
                        if (n <= 0)
                                break;
                        len += (size_t) n;
                }
                if (out)
                        out[len] = 0;
        }

        while (waitpid(pid, &status, 0) < 0)
                if (errno != EINTR)
                        return -errno;
        if (!WIFEXITED(status))
                return -EIO;
        if (ret_out && WEXITSTATUS(status) == 0) {
                if (!out)
                        return -ENOMEM;
                *ret_out = TAKE_PTR(out);
        }
        return WEXITSTATUS(status);
}

/* As run_script_status(), any failure being -EIO. */
static int run_script(char *const argv[], char **ret_out) {
        int r = run_script_status(argv, ret_out);
        return r > 0 ? -EIO : r;
}

static char *find_line_value(const char *text, const char *key) {
        size_t k = strlen(key);

        for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
                if (strncmp(l, key, k) == 0 && l[k] == ' ') {
                        const char *v = l + k + 1;
                        return strndup(v, strcspn(v, "\n"));
                }
        return NULL;
}

static int parse_uint(const char *s, unsigned *ret) {
        char *end;
        unsigned long v;

        errno = 0;
        v = strtoul(s, &end, 10);
        if (errno != 0 || end == s || (*end && *end != '\n') || v > 0xffffffffUL)
                return -EINVAL;
        *ret = (unsigned) v;
        return 0;
}

/* vtl.env: the numeric variables (the URLs come from DIR/urls). */
static int parse_env(Vtl *v) {
        _cleanup_(fclosep) FILE *f = NULL;
        _cleanup_free_ char *path = NULL;
        char line[4096];

        if (asprintf(&path, "%s/vtl.env", v->dir) < 0)
                return -ENOMEM;
        f = fopen(path, "re");
        if (!f)
                return -errno;

        while (fgets(line, sizeof(line), f)) {
                static const struct {
                        const char *key;
                        size_t offset;
                } fields[] = {
                        { "VTL_PORT",       offsetof(Vtl, port) },
                        { "VTL_CONTROL",    offsetof(Vtl, control) },
                        { "VTL_SLOTS",      offsetof(Vtl, slots) },
                        { "VTL_FULL",       offsetof(Vtl, full) },
                        { "VTL_PORTS",      offsetof(Vtl, ports) },
                        { "VTL_MTE_ADDR",   offsetof(Vtl, mte_addr) },
                        { "VTL_DRIVE_ADDR", offsetof(Vtl, drive_addr) },
                        { "VTL_PORT_ADDR",  offsetof(Vtl, port_addr) },
                        { "VTL_SLOT_ADDR",  offsetof(Vtl, slot_addr) },
                };
                char *eq = strchr(line, '=');

                if (!eq)
                        continue;
                *eq = 0;
                if (streq(line, "VTL_START_SECONDS")) {
                        v->start_seconds = strtod(eq + 1, NULL);
                        continue;
                }
                for (size_t i = 0; i < ELEMENTSOF(fields); i++)
                        if (streq(line, fields[i].key) &&
                            parse_uint(eq + 1, (unsigned *) ((char *) v + fields[i].offset)) < 0)
                                return -EBADMSG;
        }
        return v->port > 0 ? 0 : -EBADMSG;
}

/* urls: "changer URL" and "drive N URL" lines. */
static int parse_urls(Vtl *v) {
        _cleanup_(fclosep) FILE *f = NULL;
        _cleanup_free_ char *path = NULL;
        char line[4096];

        if (asprintf(&path, "%s/urls", v->dir) < 0)
                return -ENOMEM;
        f = fopen(path, "re");
        if (!f)
                return -errno;

        while (fgets(line, sizeof(line), f)) {
                char url[4096];
                unsigned idx;

                line[strcspn(line, "\n")] = 0;
                if (sscanf(line, "changer %4095s", url) == 1) {
                        free(v->changer_url);
                        v->changer_url = strdup(url);
                        if (!v->changer_url)
                                return -ENOMEM;
                } else if (sscanf(line, "drive %u %4095s", &idx, url) == 2) {
                        char **a;

                        if (idx != v->n_drives)
                                return -EBADMSG;
                        a = realloc(v->drive_urls, (v->n_drives + 2) * sizeof(char *));
                        if (!a)
                                return -ENOMEM;
                        v->drive_urls = a;
                        a[v->n_drives] = strdup(url);
                        if (!a[v->n_drives])
                                return -ENOMEM;
                        a[++v->n_drives] = NULL;
                }
        }
        return v->changer_url ? 0 : -EBADMSG;
}

static Vtl *vtl_free(Vtl *v) {
        if (!v)
                return NULL;
        for (size_t i = 0; i < v->n_drives; i++)
                free(v->drive_urls[i]);
        free(v->drive_urls);
        free(v->changer_url);
        free(v->dir);
        free(v);
        return NULL;
}

static int registry_add(Vtl *v) {
        for (size_t i = 0; i < ELEMENTSOF(registry); i++)
                if (!registry[i].vtl) {
                        registry[i].vtl = v;
                        registry[i].owner = getpid();
                        return 0;
                }
        return -ENOSPC;
}

static void registry_remove(Vtl *v) {
        for (size_t i = 0; i < ELEMENTSOF(registry); i++)
                if (registry[i].vtl == v)
                        registry[i].vtl = NULL;
}

static int script_stop(const char *dir) {
        char *argv[] = { (char *) vtl_script(), (char *) "stop", (char *) "--dir", (char *) dir, NULL };
        return run_script(argv, NULL);
}

static unsigned pick(unsigned value, unsigned dflt) {
        if (value == VTL_NONE)
                return 0;
        return value == 0 ? dflt : value;
}

int vtl_start(const VtlConfig *config, Vtl **ret) {
        VtlConfig c = config ? *config : (VtlConfig) {};
        char slots[16], full[16], drives[16], ports[16], owner[16];
        _cleanup_free_ char *out = NULL;
        Vtl *v;
        int r;

        r = vtl_available();
        if (r < 0)
                return r;

        c.slots = pick(c.slots, 40);
        c.full = pick(c.full, c.slots < 30 ? c.slots : 30);
        c.drives = pick(c.drives, 4);
        c.ports = pick(c.ports, 2);
        if (c.full > c.slots)
                return -EINVAL;

        snprintf(slots, sizeof(slots), "%u", c.slots);
        snprintf(full, sizeof(full), "%u", c.full);
        snprintf(drives, sizeof(drives), "%u", c.drives);
        snprintf(ports, sizeof(ports), "%u", c.ports);
        snprintf(owner, sizeof(owner), "%d", (int) getpid());

        char *argv[] = {
                (char *) vtl_script(), (char *) "start",
                (char *) "--slots", slots, (char *) "--full", full,
                (char *) "--drives", drives, (char *) "--ports", ports,
                (char *) "--owner-pid", owner,
                (char *) "--barcode-prefix", (char *) (c.barcode_prefix ?: "RSM"),
                NULL,
        };

        /* Registered before the first start so that even a start that
         * half-succeeds is cleaned up at exit. */
        if (!atexit_registered) {
                if (atexit(vtl_stop_all) != 0)
                        return -ENOMEM;
                atexit_registered = true;
        }

        r = run_script(argv, &out);
        if (r < 0)
                return r;

        v = calloc(1, sizeof(Vtl));
        if (!v)
                return -ENOMEM;
        v->dir = find_line_value(out, "dir");
        if (!v->dir) {
                vtl_free(v);
                return -EBADMSG;
        }

        r = parse_env(v);
        if (r >= 0)
                r = parse_urls(v);
        if (r >= 0)
                r = registry_add(v);
        if (r < 0) {
                (void) script_stop(v->dir);
                vtl_free(v);
                return r;
        }

        *ret = v;
        return 0;
}

int vtl_stop(Vtl *v) {
        int r;

        if (!v)
                return 0;
        r = script_stop(v->dir);
        registry_remove(v);
        vtl_free(v);
        return r;
}

void vtl_stop_all(void) {
        pid_t self = getpid();

        for (size_t i = 0; i < ELEMENTSOF(registry); i++)
                if (registry[i].vtl && registry[i].owner == self) {
                        Vtl *v = registry[i].vtl;

                        registry[i].vtl = NULL;
                        (void) script_stop(v->dir);
                        vtl_free(v);
                }
}

/* Run `vtl put` or `vtl take`; ELEMENT_ERROR is what the element being
 * full (put) or empty (take) means. */
static int run_operator(const Vtl *v, const char *verb, unsigned address, const char *barcode,
                        int element_error) {
        char addr[16];
        int r;

        assert(v);
        snprintf(addr, sizeof(addr), "%u", address);

        char *argv[] = {
                (char *) vtl_script(), (char *) verb, (char *) "--dir", v->dir,
                (char *) "--scsi-capture", (char *) vtl_scsi_capture(),
                addr, (char *) barcode, NULL,
        };

        r = run_script_status(argv, NULL);
        switch (r) {
        case 0:
                return 0;
        case VTL_EXIT_INVALID:
                return -EINVAL;
        case VTL_EXIT_ELEMENT:
                return element_error;
        default:
                return r < 0 ? r : -EIO;
        }
}

int vtl_put(Vtl *v, unsigned address, const char *barcode) {
        if (isempty(barcode))
                return -EINVAL;
        return run_operator(v, "put", address, barcode, -EEXIST);
}

int vtl_take(Vtl *v, unsigned address) {
        return run_operator(v, "take", address, NULL, -ENOENT);
}
