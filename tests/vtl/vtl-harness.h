/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/*
 * Start and stop a virtual tape library (tgtd on a loopback iSCSI portal)
 * from a test or a benchmark, through tests/vtl/vtl.
 *
 *   _cleanup_(vtl_stopp) Vtl *v = NULL;
 *   r = vtl_start(&(VtlConfig) { .slots = 40, .full = 30, .drives = 4, .ports = 2 }, &v);
 *   if (r == -EOPNOTSUPP) return 77;          // not root, or tgt not installed
 *   ... v->changer_url, v->drive_urls[i] ...
 *
 * Every library a process starts is also stopped by an atexit handler, and
 * the script's --owner-pid watcher stops it if the process dies by a signal.
 * With Check in fork mode, start the library in an unchecked fixture (it runs
 * in the parent) and stop it in the matching teardown.
 */

#include <stddef.h>

typedef struct VtlConfig {
        unsigned slots;         /* storage elements; 0 → 40 */
        unsigned full;          /* slots holding cartridges; 0 → min(slots, 30), or use VTL_NONE */
        unsigned drives;        /* tape drives; 0 → 4, or use VTL_NONE */
        unsigned ports;         /* import/export elements; 0 → 2, or use VTL_NONE */
        const char *barcode_prefix;     /* NULL → "RSM" */
} VtlConfig;

/* Ask for zero of something (0 in a field means the default). */
#define VTL_NONE (~0u)

typedef struct Vtl {
        char *dir;              /* state directory, removed by vtl_stop() */
        char *changer_url;      /* iscsi://127.0.0.1:PORT/IQN/1 */
        char **drive_urls;      /* n_drives URLs, in data transfer element order */
        size_t n_drives;

        unsigned port;          /* iSCSI TCP port on 127.0.0.1 */
        unsigned control;       /* tgtd control number (tgtadm -C) */
        unsigned slots, full, ports;

        /* Element addresses: first of each type, consecutive after it. */
        unsigned mte_addr, drive_addr, port_addr, slot_addr;

        double start_seconds;   /* as measured by the script */
} Vtl;

/* 0 when a library can be started here; -EOPNOTSUPP when not root or tgt
 * is missing (the caller should skip, exit status 77). */
int vtl_available(void);

/* Start a library; on success *ret owns it.  Negative errno on failure,
 * -EOPNOTSUPP as for vtl_available(). */
int vtl_start(const VtlConfig *config, Vtl **ret);

/* Stop the library, remove its directory and free v.  Safe on NULL. */
int vtl_stop(Vtl *v);

static inline void vtl_stopp(Vtl **v) {
        if (*v) {
                (void) vtl_stop(*v);
                *v = NULL;
        }
}

/* The operator at the library: put a cartridge BARCODE (1 to 10 of A-Z,
 * 0-9) into the import/export port or storage slot at ADDRESS from outside,
 * making a tape image for a new barcode so that it can be loaded and
 * written; or take the cartridge out of one (its image stays, to be put
 * back).  The changer reports the element full (SValid clear) or empty, as
 * after an operator's hand; no unit attention is raised.  -EINVAL: ADDRESS
 * is no port or slot, or BARCODE is unfit; -EEXIST (put): the element is
 * full; -ENOENT (take): it is empty; -EIO: the script failed otherwise. */
int vtl_put(Vtl *v, unsigned address, const char *barcode);
int vtl_take(Vtl *v, unsigned address);

/* Stop every library this process started and has not stopped yet; fit for
 * atexit() and for test teardown (registered by vtl_start() already). */
void vtl_stop_all(void);

/* The script's path, as configured at build time. */
const char *vtl_script(void);
