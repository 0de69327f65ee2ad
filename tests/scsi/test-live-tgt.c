/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The changer layer against a live tgt virtual library through the iSCSI transport.
 * Skipped (77) unless tests/vtl/vtl can start one (root, tgtd installed). */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "changer.h"

#define SKIP 77

static char vtl_dir[4096];

static void vtl_stop(void) {
        char cmd[8192];

        if (!vtl_dir[0])
                return;
        snprintf(cmd, sizeof(cmd), "'%s' stop --dir '%s' >/dev/null 2>&1", getenv("VTL"), vtl_dir);
        (void) system(cmd);
}

static int vtl_start(char *changer_url, size_t size) {
        char cmd[8192], line[4096];
        FILE *f;

        snprintf(cmd, sizeof(cmd), "'%s' start --slots 20 --full 12 --drives 2 --owner-pid %d 2>/dev/null",
                 getenv("VTL"), (int) getpid());
        f = popen(cmd, "r");
        if (!f)
                return -errno;

        while (fgets(line, sizeof(line), f)) {
                line[strcspn(line, "\n")] = '\0';
                if (strncmp(line, "dir ", 4) == 0)
                        snprintf(vtl_dir, sizeof(vtl_dir), "%s", line + 4);
                else if (strncmp(line, "changer ", 8) == 0)
                        snprintf(changer_url, size, "%s", line + 8);
        }

        return pclose(f) == 0 && changer_url[0] ? 0 : -EIO;
}

#define check(expr)                                                                     \
        do {                                                                            \
                if (!(expr)) {                                                          \
                        fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #expr); \
                        vtl_stop();                                                     \
                        return EXIT_FAILURE;                                            \
                }                                                                       \
        } while (0)

int main(void) {
        _cleanup_(changer_inventory_done) ChangerInventory inv = {}, after = {};
        _cleanup_changer_ Changer *c = NULL;
        char url[4096] = "";
        ScsiIdentity id;
        const SmcElement *e;
        int r;

        if (!getenv("VTL") || access(getenv("VTL"), X_OK) < 0 || geteuid() != 0 ||
            (access("/usr/sbin/tgtd", X_OK) < 0 && access("/usr/bin/tgtd", X_OK) < 0)) {
                fprintf(stderr, "no virtual library available, skipping\n");
                return SKIP;
        }

        if (vtl_start(url, sizeof(url)) < 0) {
                fprintf(stderr, "vtl start failed, skipping\n");
                vtl_stop();
                return SKIP;
        }

        r = changer_open(url, &c);
        check(r == 0);

        check(changer_identify(c, &id) == 0);
        check(id.inquiry.device_type == SCSI_TYPE_MEDIUM_CHANGER);
        check(id.serial[0] != '\0');

        check(changer_read_inventory(c, &inv) == 0);
        check(inv.n_elements == 1 + 2 + 2 + 20);
        e = changer_inventory_find(&inv, 1024);
        check(e && e->full && strcmp(e->volume_tag, "RSM000L6") == 0);
        e = changer_inventory_find(&inv, 1035);
        check(e && e->full && strcmp(e->volume_tag, "RSM011L6") == 0);
        e = changer_inventory_find(&inv, 1043);
        check(e && !e->full && e->truncated);
        e = changer_inventory_find(&inv, 1);
        check(e && e->type == SMC_ELEMENT_TRANSPORT);
        e = changer_inventory_find(&inv, 256);
        check(e && e->type == SMC_ELEMENT_DATA_TRANSFER && e->has_device_id);

        check(changer_move_medium(c, 1, 1024, 256, false) == 0);
        check(changer_move_medium(c, 1, 1024, 257, false) == -ENOENT);
        check(changer_move_medium(c, 1, 1025, 256, false) == -EEXIST);
        check(changer_exchange_medium(c, 1, 1025, 1026, 1025, false, false) == -EOPNOTSUPP);
        check(changer_prevent_removal(c, true) == -EOPNOTSUPP);
        check(changer_position_to_element(c, 1, 1025, false) == -EOPNOTSUPP);

        check(changer_read_inventory(c, &after) == 0);
        e = changer_inventory_find(&after, 256);
        check(e && e->full && e->source_valid && e->source == 1024 && strcmp(e->volume_tag, "RSM000L6") == 0);
        e = changer_inventory_find(&after, 1024);
        check(e && !e->full);

        check(changer_move_medium(c, 1, 256, 1024, false) == 0);

        c = changer_free(c);
        vtl_stop();
        printf("live tgt: %zu elements, moves and optional commands as expected\n", inv.n_elements);
        return EXIT_SUCCESS;
}
