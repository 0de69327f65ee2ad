/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vtl-smoke — the virtual tape library starts, answers as a changer with
 * tape drives, moves a cartridge, and leaves no tgtd behind when stopped.
 * Exit 77 (skip) when not root or tgt is not installed.
 */

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <iscsi/iscsi.h>
#include <iscsi/scsi-lowlevel.h>

#include "macro.h"
#include "vtl-harness.h"

#define EXIT_SKIP 77
#define INITIATOR "iqn.2026-11.org.ntms.vtl:smoke"

typedef struct Element {
        unsigned addr;
        bool full;
        char tag[33];
} Element;

static void iscsi_context_freep(struct iscsi_context **p) {
        if (*p) {
                (void) iscsi_logout_sync(*p);
                iscsi_destroy_context(*p);
        }
}

static void iscsi_url_freep(struct iscsi_url **p) {
        if (*p)
                iscsi_destroy_url(*p);
}

static void scsi_task_freep(struct scsi_task **p) {
        if (*p)
                scsi_free_scsi_task(*p);
}

static int connect_lun(const char *url, struct iscsi_context **ret, int *ret_lun) {
        _cleanup_(iscsi_context_freep) struct iscsi_context *iscsi = NULL;
        _cleanup_(iscsi_url_freep) struct iscsi_url *u = NULL;

        iscsi = iscsi_create_context(INITIATOR);
        if (!iscsi)
                return -ENOMEM;
        u = iscsi_parse_full_url(iscsi, url);
        if (!u)
                return -EINVAL;
        if (iscsi_set_targetname(iscsi, u->target) < 0 ||
            iscsi_set_session_type(iscsi, ISCSI_SESSION_NORMAL) < 0 ||
            iscsi_set_header_digest(iscsi, ISCSI_HEADER_DIGEST_NONE_CRC32C) < 0)
                return -EINVAL;
        if (iscsi_full_connect_sync(iscsi, u->portal, u->lun) < 0) {
                fprintf(stderr, "cannot log in to %s: %s\n", url, iscsi_get_error(iscsi));
                iscsi_destroy_context(TAKE_PTR(iscsi));
                return -ECONNREFUSED;
        }
        *ret_lun = u->lun;
        *ret = TAKE_PTR(iscsi);
        return 0;
}

/* Send CDB; on GOOD copy up to *len data-in bytes to buf and set *len. */
static int command(const char *url, uint8_t *cdb, int cdb_len, uint8_t *buf, size_t *len) {
        _cleanup_(iscsi_context_freep) struct iscsi_context *iscsi = NULL;
        _cleanup_(scsi_task_freep) struct scsi_task *task = NULL;
        size_t want = len ? *len : 0;
        int lun, r;

        r = connect_lun(url, &iscsi, &lun);
        if (r < 0)
                return r;
        task = scsi_create_task(cdb_len, cdb, want > 0 ? SCSI_XFER_READ : SCSI_XFER_NONE, (int) want);
        if (!task)
                return -ENOMEM;
        if (!iscsi_scsi_command_sync(iscsi, lun, task, NULL))
                return -EIO;
        if (task->status != SCSI_STATUS_GOOD) {
                fprintf(stderr, "%s: status 0x%02x, sense key 0x%x ascq 0x%04x\n",
                        url, (unsigned) task->status, (unsigned) task->sense.key,
                        (unsigned) task->sense.ascq);
                return -EIO;
        }
        if (len) {
                size_t n = task->datain.size > 0 ? (size_t) task->datain.size : 0;
                if (n > want)
                        n = want;
                memcpy(buf, task->datain.data, n);
                *len = n;
        }
        return 0;
}

static int peripheral_type(const char *url) {
        uint8_t cdb[6] = { 0x12, 0, 0, 0, 96, 0 }, buf[96];
        size_t len = sizeof(buf);
        int r;

        r = command(url, cdb, sizeof(cdb), buf, &len);
        if (r < 0)
                return r;
        if (len < 1)
                return -EBADMSG;
        return buf[0] & 0x1f;
}

static unsigned be16(const uint8_t *p) {
        return (unsigned) p[0] << 8 | p[1];
}

/* READ ELEMENT STATUS for storage elements with volume tags.  tgt sends 8
 * bytes less than it announces, so only whole descriptors in the bytes
 * received are used, and the addresses come from the descriptors. */
static int read_storage(const char *url, Element *e, size_t max, size_t *ret_n) {
        static uint8_t buf[65536];
        uint8_t cdb[12] = { 0xb8, 0x12, 0, 0, 0xff, 0xff, 0, 0x01, 0x00, 0x00, 0, 0 };
        size_t len = sizeof(buf), n = 0, pos, desc, end;
        int r;

        r = command(url, cdb, sizeof(cdb), buf, &len);
        if (r < 0)
                return r;
        if (len < 16 || buf[8] != 2 || !(buf[9] & 0x80))
                return -EBADMSG;
        desc = be16(buf + 10);
        if (desc < 48)
                return -EBADMSG;
        end = 16 + ((size_t) buf[13] << 16 | (size_t) buf[14] << 8 | buf[15]);
        if (end > len)
                end = len;
        for (pos = 16; pos + 44 <= end && n < max; pos += desc, n++) {
                size_t t = 32;

                e[n].addr = be16(buf + pos);
                e[n].full = buf[pos + 2] & 0x01;
                memcpy(e[n].tag, buf + pos + 12, 32);
                while (t > 0 && e[n].tag[t - 1] == ' ')
                        t--;
                e[n].tag[t] = 0;
        }
        *ret_n = n;
        return 0;
}

static int move_medium(const char *url, unsigned mte, unsigned src, unsigned dst) {
        uint8_t cdb[12] = { 0xa5, 0, mte >> 8, mte & 0xff, src >> 8, src & 0xff, dst >> 8, dst & 0xff, 0, 0, 0, 0 };
        return command(url, cdb, sizeof(cdb), NULL, NULL);
}

static const Element *find(const Element *e, size_t n, unsigned addr) {
        for (size_t i = 0; i < n; i++)
                if (e[i].addr == addr)
                        return &e[i];
        return NULL;
}

/* Any live tgtd whose command line has "-C <control>"? */
static bool tgtd_alive(unsigned control) {
        char want[32];
        DIR *d;
        struct dirent *de;
        bool found = false;

        snprintf(want, sizeof(want), "-C %u ", control);
        d = opendir("/proc");
        if (!d)
                return false;
        while (!found && (de = readdir(d))) {
                char path[300], cmd[4096];
                FILE *f;
                size_t n;

                if (de->d_name[0] < '0' || de->d_name[0] > '9')
                        continue;
                snprintf(path, sizeof(path), "/proc/%s/cmdline", de->d_name);
                f = fopen(path, "re");
                if (!f)
                        continue;
                n = fread(cmd, 1, sizeof(cmd) - 2, f);
                fclose(f);
                for (size_t i = 0; i < n; i++)
                        if (cmd[i] == 0)
                                cmd[i] = ' ';
                cmd[n] = ' ';
                cmd[n + 1] = 0;
                if (strstr(cmd, "tgtd") && strstr(cmd, want))
                        found = true;
        }
        closedir(d);
        return found;
}

#define CHECK(cond, ...)                                        \
        do {                                                    \
                if (!(cond)) {                                  \
                        fprintf(stderr, "FAIL: " __VA_ARGS__);  \
                        fputc('\n', stderr);                    \
                        return EXIT_FAILURE;                    \
                }                                               \
        } while (0)

static int run(Vtl *v) {
        Element before[64], after[64];
        size_t nb, na;
        const Element *src = NULL, *dst = NULL, *e;
        char tag[33];
        int r;

        r = peripheral_type(v->changer_url);
        CHECK(r == 8, "changer %s: peripheral type %d, expected 8", v->changer_url, r);
        CHECK(v->n_drives == 2, "%zu drives, expected 2", v->n_drives);
        for (size_t i = 0; i < v->n_drives; i++) {
                r = peripheral_type(v->drive_urls[i]);
                CHECK(r == 1, "drive %zu %s: peripheral type %d, expected 1", i, v->drive_urls[i], r);
        }

        r = read_storage(v->changer_url, before, ELEMENTSOF(before), &nb);
        CHECK(r >= 0, "READ ELEMENT STATUS: %s", strerror(-r));
        /* The last descriptor arrives cut short; all but it are whole. */
        CHECK(nb + 1 >= v->slots, "%zu storage descriptors for %u slots", nb, v->slots);
        for (size_t i = 0; i < nb; i++) {
                if (!src && before[i].full)
                        src = &before[i];
                if (!dst && !before[i].full)
                        dst = &before[i];
        }
        CHECK(src && dst, "need a full and an empty slot");
        CHECK(!isempty(src->tag), "full slot %u has no volume tag", src->addr);
        memcpy(tag, src->tag, sizeof(tag));

        r = move_medium(v->changer_url, v->mte_addr, src->addr, dst->addr);
        CHECK(r >= 0, "MOVE MEDIUM %u -> %u failed", src->addr, dst->addr);

        r = read_storage(v->changer_url, after, ELEMENTSOF(after), &na);
        CHECK(r >= 0, "READ ELEMENT STATUS after the move: %s", strerror(-r));
        e = find(after, na, src->addr);
        CHECK(e && !e->full, "slot %u still full after the move", src->addr);
        e = find(after, na, dst->addr);
        CHECK(e && e->full && streq(e->tag, tag), "slot %u does not hold %s after the move", dst->addr, tag);

        printf("ok: changer type 8, %zu drives type 1, moved %s from %u to %u\n",
               v->n_drives, tag, src->addr, dst->addr);
        return EXIT_SUCCESS;
}

int main(void) {
        Vtl *v = NULL;
        unsigned control;
        int r, ret;

        r = vtl_available();
        if (r == -EOPNOTSUPP) {
                fprintf(stderr, "skip: needs root and tgt (apt-get install tgt)\n");
                return EXIT_SKIP;
        }
        if (r < 0) {
                fprintf(stderr, "vtl script %s: %s\n", vtl_script(), strerror(-r));
                return EXIT_FAILURE;
        }

        r = vtl_start(&(VtlConfig) { .slots = 10, .full = 5, .drives = 2, .ports = 1 }, &v);
        if (r < 0) {
                fprintf(stderr, "cannot start the library: %s\n", strerror(-r));
                return EXIT_FAILURE;
        }
        control = v->control;
        printf("library started in %.2f s on port %u, control %u\n", v->start_seconds, v->port, control);

        ret = run(v);

        r = vtl_stop(v);
        if (r < 0) {
                fprintf(stderr, "FAIL: vtl stop: %s\n", strerror(-r));
                ret = EXIT_FAILURE;
        }
        if (tgtd_alive(control)) {
                fprintf(stderr, "FAIL: a tgtd with control %u is still running\n", control);
                ret = EXIT_FAILURE;
        }
        return ret;
}
