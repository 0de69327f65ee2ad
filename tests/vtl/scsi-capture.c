/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * scsi-capture — send one CDB to an iSCSI LUN and keep the raw reply.
 *
 *   scsi-capture [--out FILE] [--alloc N] [--hex] [--repeat] URL CDB
 *
 * URL is iscsi://host[:port]/iqn/lun; CDB is hex ("12 00 00 00 60 00",
 * "120000006000", "12:00:..." all work).  With --alloc N > 0 the command
 * reads up to N bytes (data-in); with 0 (the default) it transfers nothing.
 * Prints on stdout, one "key value" per line:
 *
 *   status 0x02 CHECK_CONDITION
 *   sense 700005000000000a00000000200000000000
 *   sense-key 0x5 asc 0x20 ascq 0x00
 *   residual underflow 8
 *   data 1040
 *   hex 0001...          (with --hex)
 *
 * and writes the data-in bytes to FILE (with --out).  With --repeat it
 * sends the same CDB again, on the same session, each time a line arrives
 * on stdin (the session's unit attentions are seen, not eaten by a new
 * login); with several replies, FILE holds the last one.
 *
 * Exit status: 0 when the (last) command returned GOOD, 2 for any other
 * SCSI status, 1 for usage, connection or transport errors.
 */

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <iscsi/iscsi.h>
#include <iscsi/scsi-lowlevel.h>

#include "macro.h"

#define INITIATOR_NAME "iqn.2026-11.org.ntms.vtl:capture"
#define MAX_CDB 16
#define MAX_ALLOC (16u * 1024u * 1024u)

typedef struct Options {
        const char *url;
        const char *out;
        uint8_t cdb[MAX_CDB];
        size_t cdb_len;
        uint32_t alloc;
        bool hex;
        bool repeat;
} Options;

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

static void fclosep(FILE **f) {
        if (*f)
                fclose(*f);
}

static int hexval(int c) {
        if (c >= '0' && c <= '9')
                return c - '0';
        c = tolower(c);
        if (c >= 'a' && c <= 'f')
                return c - 'a' + 10;
        return -1;
}

/* Parse hex digits, ignoring spaces, colons and dashes between bytes. */
static int parse_hex(const char *s, uint8_t *buf, size_t size, size_t *ret_len) {
        size_t n = 0;
        int hi = -1;

        for (; *s; s++) {
                int v;

                if (strchr(" \t:-", *s)) {
                        if (hi >= 0)
                                return -EINVAL;
                        continue;
                }
                v = hexval((unsigned char) *s);
                if (v < 0)
                        return -EINVAL;
                if (hi < 0) {
                        hi = v;
                        continue;
                }
                if (n >= size)
                        return -E2BIG;
                buf[n++] = (uint8_t) (hi << 4 | v);
                hi = -1;
        }
        if (hi >= 0 || n == 0)
                return -EINVAL;
        *ret_len = n;
        return 0;
}

static int parse_u32(const char *s, uint32_t *ret) {
        char *end;
        unsigned long long v;

        errno = 0;
        v = strtoull(s, &end, 0);
        if (errno != 0 || end == s || *end || v > UINT32_MAX)
                return -EINVAL;
        *ret = (uint32_t) v;
        return 0;
}

static void print_hex_line(const char *key, const uint8_t *p, size_t n) {
        printf("%s ", key);
        for (size_t i = 0; i < n; i++)
                printf("%02x", p[i]);
        printf("\n");
}

static const char *status_name(int status) {
        switch (status) {
        case SCSI_STATUS_GOOD:
                return "GOOD";
        case SCSI_STATUS_CHECK_CONDITION:
                return "CHECK_CONDITION";
        case SCSI_STATUS_CONDITION_MET:
                return "CONDITION_MET";
        case SCSI_STATUS_BUSY:
                return "BUSY";
        case SCSI_STATUS_RESERVATION_CONFLICT:
                return "RESERVATION_CONFLICT";
        case SCSI_STATUS_TASK_SET_FULL:
                return "TASK_SET_FULL";
        case SCSI_STATUS_ACA_ACTIVE:
                return "ACA_ACTIVE";
        case SCSI_STATUS_TASK_ABORTED:
                return "TASK_ABORTED";
        default:
                return "OTHER";
        }
}

/* libiscsi keeps the raw sense, behind its 2-byte length, in datain. */
static void print_sense(const struct scsi_task *task) {
        const uint8_t *raw = task->datain.data;
        size_t len, have;

        if (!raw || task->datain.size < 2) {
                printf("sense -\n");
                return;
        }
        len = (size_t) raw[0] << 8 | raw[1];
        have = (size_t) task->datain.size - 2;
        if (len > have)
                len = have;
        print_hex_line("sense", raw + 2, len);
        printf("sense-key 0x%x asc 0x%02x ascq 0x%02x\n",
               (unsigned) task->sense.key,
               (unsigned) (task->sense.ascq >> 8) & 0xffu,
               (unsigned) task->sense.ascq & 0xffu);
}

static int write_file(const char *path, const uint8_t *p, size_t n) {
        _cleanup_(fclosep) FILE *f = NULL;

        f = fopen(path, "we");
        if (!f)
                return -errno;
        if (n > 0 && fwrite(p, 1, n, f) != n)
                return -EIO;
        if (fflush(f) != 0)
                return -errno;
        return 0;
}

static int connect_url(const char *url, struct iscsi_context **ret, int *ret_lun) {
        _cleanup_(iscsi_context_freep) struct iscsi_context *iscsi = NULL;
        _cleanup_(iscsi_url_freep) struct iscsi_url *u = NULL;

        iscsi = iscsi_create_context(INITIATOR_NAME);
        if (!iscsi)
                return -ENOMEM;

        u = iscsi_parse_full_url(iscsi, url);
        if (!u) {
                fprintf(stderr, "scsi-capture: bad URL %s: %s\n", url, iscsi_get_error(iscsi));
                return -EINVAL;
        }
        if (iscsi_set_targetname(iscsi, u->target) < 0 ||
            iscsi_set_session_type(iscsi, ISCSI_SESSION_NORMAL) < 0 ||
            iscsi_set_header_digest(iscsi, ISCSI_HEADER_DIGEST_NONE_CRC32C) < 0)
                return -EINVAL;

        if (iscsi_full_connect_sync(iscsi, u->portal, u->lun) < 0) {
                fprintf(stderr, "scsi-capture: cannot log in to %s: %s\n", url, iscsi_get_error(iscsi));
                /* No session to log out of. */
                iscsi_destroy_context(TAKE_PTR(iscsi));
                return -ECONNREFUSED;
        }

        *ret_lun = u->lun;
        *ret = TAKE_PTR(iscsi);
        return 0;
}

static int send_once(struct iscsi_context *iscsi, int lun, const Options *o) {
        _cleanup_(scsi_task_freep) struct scsi_task *task = NULL;
        uint8_t cdb[MAX_CDB];
        int xfer = o->alloc > 0 ? SCSI_XFER_READ : SCSI_XFER_NONE;

        memcpy(cdb, o->cdb, o->cdb_len);
        task = scsi_create_task((int) o->cdb_len, cdb, xfer, (int) o->alloc);
        if (!task)
                return -ENOMEM;

        if (!iscsi_scsi_command_sync(iscsi, lun, task, NULL)) {
                fprintf(stderr, "scsi-capture: transport error: %s\n", iscsi_get_error(iscsi));
                return -EIO;
        }

        printf("status 0x%02x %s\n", (unsigned) task->status, status_name(task->status));
        if (task->status == SCSI_STATUS_CHECK_CONDITION) {
                print_sense(task);
                printf("data 0\n");
                fflush(stdout);
                return task->status;
        }

        printf("sense -\n");
        switch (task->residual_status) {
        case SCSI_RESIDUAL_UNDERFLOW:
                printf("residual underflow %zu\n", task->residual);
                break;
        case SCSI_RESIDUAL_OVERFLOW:
                printf("residual overflow %zu\n", task->residual);
                break;
        default:
                printf("residual none 0\n");
                break;
        }
        printf("data %d\n", task->datain.size);
        if (o->hex)
                print_hex_line("hex", task->datain.data, (size_t) task->datain.size);
        if (o->out) {
                int r = write_file(o->out, task->datain.data, (size_t) task->datain.size);
                if (r < 0) {
                        fprintf(stderr, "scsi-capture: cannot write %s: %s\n", o->out, strerror(-r));
                        return r;
                }
        }
        fflush(stdout);
        return task->status;
}

static void usage(FILE *f) {
        fprintf(f,
                "Usage: scsi-capture [--out FILE] [--alloc N] [--hex] [--repeat] URL CDB\n"
                "  URL    iscsi://host[:port]/iqn/lun\n"
                "  CDB    command bytes in hex, e.g. \"b8 12 0000 0010 00 000400 00 00\"\n"
                "  --alloc N   data-in length to accept (0: no data transfer)\n"
                "  --out FILE  write the data-in bytes to FILE\n"
                "  --hex       print the data-in bytes as hex\n"
                "  --repeat    resend on the same session for every line on stdin\n");
}

static int parse_args(int argc, char **argv, Options *o) {
        static const struct option opts[] = {
                { "out",    required_argument, NULL, 'o' },
                { "alloc",  required_argument, NULL, 'l' },
                { "hex",    no_argument,       NULL, 'x' },
                { "repeat", no_argument,       NULL, 'r' },
                { "help",   no_argument,       NULL, 'h' },
                {}
        };
        int c;

        while ((c = getopt_long(argc, argv, "o:l:xrh", opts, NULL)) >= 0)
                switch (c) {
                case 'o':
                        o->out = optarg;
                        break;
                case 'l':
                        if (parse_u32(optarg, &o->alloc) < 0 || o->alloc > MAX_ALLOC) {
                                fprintf(stderr, "scsi-capture: bad allocation length %s\n", optarg);
                                return -EINVAL;
                        }
                        break;
                case 'x':
                        o->hex = true;
                        break;
                case 'r':
                        o->repeat = true;
                        break;
                case 'h':
                        usage(stdout);
                        exit(EXIT_SUCCESS);
                default:
                        usage(stderr);
                        return -EINVAL;
                }

        if (argc - optind != 2) {
                usage(stderr);
                return -EINVAL;
        }
        o->url = argv[optind];
        if (parse_hex(argv[optind + 1], o->cdb, sizeof(o->cdb), &o->cdb_len) < 0 || o->cdb_len < 6) {
                fprintf(stderr, "scsi-capture: bad CDB '%s' (6 to 16 bytes in hex)\n", argv[optind + 1]);
                return -EINVAL;
        }
        return 0;
}

int main(int argc, char **argv) {
        _cleanup_(iscsi_context_freep) struct iscsi_context *iscsi = NULL;
        Options o = {};
        char line[256];
        int lun, r;

        if (parse_args(argc, argv, &o) < 0)
                return 1;

        r = connect_url(o.url, &iscsi, &lun);
        if (r < 0)
                return 1;

        r = send_once(iscsi, lun, &o);
        while (r >= 0 && o.repeat && fgets(line, sizeof(line), stdin))
                r = send_once(iscsi, lun, &o);

        if (r < 0)
                return 1;
        return r == SCSI_STATUS_GOOD ? 0 : 2;
}
