/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "match.h"
#include "plan.h"

static const char *strempty(const char *s) {
        return s ?: "";
}

static int strdup_null(const char *s, char **ret) {
        if (!s) {
                *ret = NULL;
                return 0;
        }
        *ret = strdup(s);
        return *ret ? 0 : -ENOMEM;
}

void detect_device_done(DetectDevice *d) {
        if (!d)
                return;
        free(d->sg);
        free(d->nst);
        free(d->vendor);
        free(d->model);
        free(d->serial);
        strv_free_n(d->element_ids, d->n_element_ids);
        *d = (DetectDevice) {};
}

int detect_device_copy(const DetectDevice *d, DetectDevice *ret) {
        DetectDevice c = {
                .type = d->type,
                .host = d->host, .channel = d->channel, .target = d->target, .lun = d->lun,
                .element_ids_known = d->element_ids_known,
                .probe_pending = d->probe_pending,
        };

        if (strdup_null(d->sg, &c.sg) < 0 ||
            strdup_null(d->nst, &c.nst) < 0 ||
            strdup_null(d->vendor, &c.vendor) < 0 ||
            strdup_null(d->model, &c.model) < 0 ||
            strdup_null(d->serial, &c.serial) < 0)
                goto fail;

        if (d->n_element_ids > 0) {
                c.element_ids = calloc(d->n_element_ids, sizeof(char *));
                if (!c.element_ids)
                        goto fail;
                c.n_element_ids = d->n_element_ids;
                for (size_t i = 0; i < d->n_element_ids; i++)
                        if (strdup_null(d->element_ids[i], &c.element_ids[i]) < 0)
                                goto fail;
        }

        *ret = c;
        return 0;
fail:
        detect_device_done(&c);
        return -ENOMEM;
}

int detect_device_set_element_ids(DetectDevice *d, char *const *ids, size_t n, bool known) {
        char **copy = NULL;
        bool was_pending = d->probe_pending;

        assert(d->type == DETECT_TYPE_CHANGER);

        d->probe_pending = false;
        if (!known)
                n = 0;
        if (known == d->element_ids_known && n == d->n_element_ids && strv_equal_n(ids, d->element_ids, n))
                return was_pending;

        if (n > 0 && strv_copy_n(ids, n, &copy) < 0)
                return -ENOMEM;
        strv_free_n(d->element_ids, d->n_element_ids);
        d->element_ids = copy;
        d->n_element_ids = n;
        d->element_ids_known = known;
        return 1;
}

bool detect_type_wanted(int type) {
        return type == DETECT_TYPE_TAPE || type == DETECT_TYPE_OPTICAL || type == DETECT_TYPE_CHANGER;
}

static bool is_drive(const DetectDevice *d) {
        return d->type == DETECT_TYPE_TAPE || d->type == DETECT_TYPE_OPTICAL;
}

static void drive_done(DetectDrive *d) {
        free(d->generic);
        free(d->device_name);
}

static void library_done(DetectLibrary *l) {
        free(l->name);
        free(l->changer);
        for (size_t i = 0; i < l->n_drives; i++)
                drive_done(&l->drives[i]);
        free(l->drives);
}

void detect_plan_done(DetectPlan *p) {
        if (!p)
                return;
        for (size_t i = 0; i < p->n_libraries; i++)
                library_done(&p->libraries[i]);
        free(p->libraries);
        strv_free_n(p->remove, p->n_remove);
        *p = (DetectPlan) {};
}

static bool in_list(char *const *l, size_t n, const char *s) {
        for (size_t i = 0; i < n; i++)
                if (l[i] && s && streq(l[i], s))
                        return true;
        return false;
}

/* "Vendor Model Serial", the parts that exist; a name must tell two libraries
 * of the same make apart, hence the serial, else the node. */
static int make_name(const DetectDevice *d, char **ret) {
        const char *tail = !isempty(d->serial) ? d->serial : d->sg;
        char *s;

        if (asprintf(&s, "%s%s%s%s%s",
                     strempty(d->vendor), isempty(d->vendor) ? "" : " ",
                     strempty(d->model), isempty(d->model) ? "" : " ",
                     strempty(tail)) < 0)
                return -ENOMEM;
        *ret = s;
        return 0;
}

static int drive_fill(const DetectDevice *d, DetectDrive *ret) {
        DetectDrive x = {};

        if (strdup_null(d->sg, &x.generic) < 0 ||
            strdup_null(detect_drive_device_name(d->nst, d->sg), &x.device_name) < 0) {
                drive_done(&x);
                return -ENOMEM;
        }
        *ret = x;
        return 0;
}

static DetectLibrary *plan_push(DetectPlan *p) {
        DetectLibrary *l;

        l = realloc(p->libraries, (p->n_libraries + 1) * sizeof(DetectLibrary));
        if (!l)
                return NULL;
        p->libraries = l;
        l = &p->libraries[p->n_libraries++];
        *l = (DetectLibrary) {};
        return l;
}

/* The changer (index into devices) whose element identifiers name this drive,
 * and the element; -1 for none, or when two changers claim it. */
static ssize_t find_by_id(const DetectDevice *devices, size_t n, const DetectDevice *drive, ssize_t *ret_element) {
        ssize_t found = -1, element = -1;

        for (size_t i = 0; i < n; i++) {
                const DetectDevice *c = &devices[i];
                ssize_t e;

                if (c->type != DETECT_TYPE_CHANGER || !c->element_ids_known)
                        continue;
                e = detect_match_drive(drive->serial, c->element_ids, c->n_element_ids);
                if (e < 0)
                        continue;
                if (found >= 0)
                        return -1;
                found = (ssize_t) i;
                element = e;
        }
        *ret_element = element;
        return found;
}

static bool same_target(const DetectDevice *a, const DetectDevice *b) {
        return a->host == b->host && a->channel == b->channel && a->target == b->target;
}

/* Can element e of changer c take a drive by target? Without identifiers
 * any element can; with them, one that no drive claimed and whose identifier
 * cannot name one (none, or cut too short: tgt cuts the last one). */
static bool element_open(const DetectDevice *c, size_t changer, size_t e, const ssize_t *owner,
                         const size_t *slot, size_t n) {
        if (c->element_ids_known && (e >= c->n_element_ids || !detect_id_weak(c->element_ids[e])))
                return false;
        for (size_t j = 0; j < n; j++)
                if (owner[j] == (ssize_t) changer && slot[j] == e)
                        return false;
        return true;
}

/* The drives on the changer's target that nothing placed yet fill its open
 * elements in LUN order, which is how a library that presents itself as one
 * target lays them out (tgt does). Returns the number of elements. */
static size_t assign_by_target(const DetectDevice *devices, size_t n, size_t changer,
                               bool *placed, ssize_t *owner, size_t *slot) {
        const DetectDevice *c = &devices[changer];
        size_t e = 0, used = 0;

        for (;;) {
                ssize_t best = -1;

                for (size_t i = 0; i < n; i++) {
                        const DetectDevice *d = &devices[i];

                        if (!is_drive(d) || placed[i] || !same_target(d, c))
                                continue;
                        if (best < 0 || d->lun < devices[best].lun)
                                best = (ssize_t) i;
                }
                if (best < 0)
                        break;

                while (!element_open(c, changer, e, owner, slot, n) && (!c->element_ids_known || e < c->n_element_ids))
                        e++;
                if (c->element_ids_known && e >= c->n_element_ids)
                        break;

                placed[best] = true;
                owner[best] = (ssize_t) changer;
                slot[best] = e++;
                used = e;
        }
        return c->element_ids_known ? c->n_element_ids : used;
}

int detect_plan_build(const DetectDevice *devices, size_t n_devices,
                      char *const *removed, size_t n_removed, DetectPlan *ret) {
        _cleanup_free_ bool *placed = NULL;
        _cleanup_free_ ssize_t *owner = NULL;
        _cleanup_free_ size_t *slot = NULL, *n_slots = NULL;
        bool waiting = false;
        DetectPlan p = {};

        placed = calloc(n_devices + 1, sizeof(bool));
        owner = calloc(n_devices + 1, sizeof(ssize_t));
        slot = calloc(n_devices + 1, sizeof(size_t));
        n_slots = calloc(n_devices + 1, sizeof(size_t));
        if (!placed || !owner || !slot || !n_slots)
                return -ENOMEM;

        /* A device that was removed is not present, whatever the list says. */
        for (size_t i = 0; i < n_devices; i++) {
                owner[i] = -1;
                if (in_list(removed, n_removed, devices[i].sg) || !detect_type_wanted(devices[i].type))
                        placed[i] = true;
                else if (devices[i].type == DETECT_TYPE_CHANGER && devices[i].probe_pending)
                        waiting = true;
        }

        /* Matches by identifier first: they are certain. A second drive that
         * claims an element already taken stays on its own. */
        for (size_t i = 0; i < n_devices; i++) {
                ssize_t c, e;
                bool taken = false;

                if (placed[i] || !is_drive(&devices[i]))
                        continue;
                c = find_by_id(devices, n_devices, &devices[i], &e);
                if (c < 0 || placed[c])
                        continue;
                for (size_t j = 0; j < n_devices; j++)
                        if (owner[j] == c && slot[j] == (size_t) e)
                                taken = true;
                if (taken)
                        continue;
                placed[i] = true;
                owner[i] = c;
                slot[i] = (size_t) e;
        }

        for (size_t i = 0; i < n_devices; i++) {
                const DetectDevice *c = &devices[i];

                if (placed[i] || c->type != DETECT_TYPE_CHANGER)
                        continue;
                n_slots[i] = assign_by_target(devices, n_devices, i, placed, owner, slot);
        }

        for (size_t i = 0; i < n_devices; i++) {
                const DetectDevice *c = &devices[i];
                DetectLibrary *l;

                if (placed[i] || c->type != DETECT_TYPE_CHANGER)
                        continue;
                l = plan_push(&p);
                if (!l)
                        goto fail;
                if (make_name(c, &l->name) < 0 || strdup_null(c->sg, &l->changer) < 0)
                        goto fail;
                if (n_slots[i] > 0) {
                        l->drives = calloc(n_slots[i], sizeof(DetectDrive));
                        if (!l->drives)
                                goto fail;
                        l->n_drives = n_slots[i];
                }
                for (size_t j = 0; j < n_devices; j++)
                        if (owner[j] == (ssize_t) i && slot[j] < l->n_drives)
                                if (drive_fill(&devices[j], &l->drives[slot[j]]) < 0)
                                        goto fail;
        }

        for (size_t i = 0; i < n_devices; i++) {
                DetectLibrary *l;

                if (placed[i] || !is_drive(&devices[i]) || waiting)
                        continue;
                l = plan_push(&p);
                if (!l)
                        goto fail;
                l->drives = calloc(1, sizeof(DetectDrive));
                if (!l->drives)
                        goto fail;
                l->n_drives = 1;
                if (make_name(&devices[i], &l->name) < 0 || drive_fill(&devices[i], &l->drives[0]) < 0)
                        goto fail;
        }

        /* A removed changer takes its library with it, a removed drive its
         * stand-alone library, if it had one; in a changer's library it
         * simply no longer appears. */
        if (n_removed > 0) {
                p.remove = calloc(n_removed, sizeof(char *));
                if (!p.remove)
                        goto fail;
                for (size_t i = 0; i < n_removed; i++) {
                        if (strdup_null(removed[i], &p.remove[p.n_remove]) < 0)
                                goto fail;
                        if (p.remove[p.n_remove])
                                p.n_remove++;
                }
        }

        *ret = p;
        return 0;
fail:
        detect_plan_done(&p);
        return -ENOMEM;
}

int detect_library_to_config(const DetectLibrary *l, LibraryConfig **ret) {
        _cleanup_(library_config_freep) LibraryConfig *c = NULL;
        int r;

        assert(l->changer || l->n_drives == 1);

        r = library_config_new(l->name, l->changer, l->n_drives, &c);
        if (r < 0)
                return r;
        for (size_t i = 0; i < l->n_drives; i++)
                if (strdup_null(l->drives[i].generic, &c->drives[i]) < 0 ||
                    strdup_null(l->drives[i].device_name, &c->device_names[i]) < 0)
                        return -ENOMEM;

        *ret = TAKE_PTR(c);
        return 0;
}

int detect_parse_vpd_serial(const void *buf, size_t len, char **ret) {
        const uint8_t *b = buf;
        size_t n, start = 4, end;
        char *s;

        /* Header: peripheral byte, page code 0x80, 16-bit page length. */
        if (len < 4 || b[1] != 0x80)
                return -EINVAL;
        n = ((size_t) b[2] << 8) | b[3];
        end = 4 + n < len ? 4 + n : len;

        while (start < end && (b[start] == ' ' || b[start] == 0))
                start++;
        while (end > start && (b[end - 1] == ' ' || b[end - 1] == 0))
                end--;
        for (size_t i = start; i < end; i++)
                if (!isprint(b[i]))
                        return -EINVAL;

        s = strndup((const char *) b + start, end - start);
        if (!s)
                return -ENOMEM;
        *ret = s;
        return 0;
}

int detect_parse_hctl(const char *s, unsigned *host, unsigned *channel, unsigned *target, unsigned *lun) {
        unsigned h, c, t, l;
        int n = 0;

        if (isempty(s) || !isdigit((unsigned char) s[0]))
                return -EINVAL;
        if (sscanf(s, "%u:%u:%u:%u%n", &h, &c, &t, &l, &n) != 4 || s[n] != 0)
                return -EINVAL;
        *host = h;
        *channel = c;
        *target = t;
        *lun = l;
        return 0;
}

bool detect_is_nst_name(const char *name) {
        if (!name || strncmp(name, "nst", 3) != 0 || !name[3])
                return false;
        for (const char *p = name + 3; *p; p++)
                if (!isdigit((unsigned char) *p))
                        return false;
        return true;
}
