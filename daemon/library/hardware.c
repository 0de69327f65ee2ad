/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hardware.h"
#include "library-config.h"
#include "log.h"
#include "macro.h"
#include "tape.h"

void library_hardware_done(LibraryHardware *h) {
        assert(h);

        changer_free(h->changer);
        strv_free_n(h->drive_urls, h->n_drive_urls);
        strv_free_n(h->drive_names, h->n_drive_urls);
        free(h->changer_url);
        free(h->known_elements);
        *h = (LibraryHardware) {};
}

void library_probe_done(LibraryProbe *p) {
        assert(p);

        changer_inventory_done(&p->elements);
        free(p->drives);
        free(p->drive_known);
        strv_free_n(p->drive_names, p->n_drives);
        *p = (LibraryProbe) {};
}

void library_scan_done(LibraryScan *s) {
        assert(s);

        changer_inventory_done(&s->inventory);
        free(s->labels);
        library_probe_done(&s->probe);
        *s = (LibraryScan) {};
}

void library_hardware_set_drives(LibraryHardware *h, char **urls, char **names, size_t n) {
        assert(h);

        strv_free_n(h->drive_urls, h->n_drive_urls);
        strv_free_n(h->drive_names, h->n_drive_urls);
        h->drive_urls = urls;
        h->drive_names = names;
        h->n_drive_urls = n;
}

static void hardware_close(LibraryHardware *h) {
        h->changer = changer_free(h->changer);
}

/* Each job ends by closing its connection, so the next one starts with a
 * connection attempt: a session kept across jobs may have died in between,
 * and a command on a dead iSCSI session only fails when its timeout runs out
 * (the initiator keeps trying to log in again), long after the caller gave
 * up, while a new connection to a changer that is gone fails at once. */
static void hardware_closep(LibraryHardware **h) {
        if (*h)
                hardware_close(*h);
}

/* Every open is a connection attempt: a changer that does not answer is
 * reported as the library being offline. */
static int hardware_open(LibraryHardware *h) {
        int r;

        if (h->changer)
                return 0;

        r = changer_open(h->changer_url, &h->changer);
        if (r < 0) {
                log_warning_errno(r, "Changer %s cannot be reached: %m", h->changer_url);
                return -EHOSTDOWN;
        }
        return 0;
}

/* Runs op on an open changer. A failed command may mean the connection broke
 * (a restarted target, a reset bus): reconnect once and try again, and call
 * the library offline if the reconnection fails. */
static int hardware_run(LibraryHardware *h, int (*op)(LibraryHardware *h, void *userdata), void *userdata) {
        int r;

        r = hardware_open(h);
        if (r < 0)
                return r;

        r = op(h, userdata);
        if (r >= 0 || r == -ENOMEM)
                return r;

        log_debug_errno(r, "Command on changer %s failed, reconnecting: %m", h->changer_url);
        hardware_close(h);
        r = hardware_open(h);
        if (r < 0)
                return r;

        r = op(h, userdata);
        if (r < 0)
                hardware_close(h);
        return r;
}

static void identify_drive(const char *url, ScsiIdentity *ret, bool *ret_known) {
        _cleanup_scsi_transport_ ScsiTransport *t = NULL;
        int r;

        *ret_known = false;
        if (!url)
                return;

        r = scsi_transport_open(url, &t);
        if (r >= 0)
                r = scsi_identify(t, &SCSI_RETRY_DEFAULT, ret);
        if (r < 0) {
                log_warning_errno(r, "Drive %s does not answer INQUIRY: %m", url);
                return;
        }
        *ret_known = true;
}

/* Identifies the devices configured for the first n data transfer elements
 * and notes the device name each is recorded under. */
static int identify_drives(LibraryHardware *h, size_t n, LibraryProbe *p) {
        p->drives = calloc(n ?: 1, sizeof(ScsiIdentity));
        p->drive_known = calloc(n ?: 1, sizeof(bool));
        p->drive_names = calloc(n ?: 1, sizeof(char *));
        if (!p->drives || !p->drive_known || !p->drive_names)
                return -ENOMEM;
        p->n_drives = n;

        if (h->n_drive_urls > n)
                log_warning("Changer %s has %zu data transfer elements, %zu drives are configured; "
                            "the drives beyond the elements are ignored", h->changer_url, n, h->n_drive_urls);

        for (size_t i = 0; i < n && i < h->n_drive_urls; i++) {
                const char *name = (h->drive_names ? h->drive_names[i] : NULL) ?: h->drive_urls[i];

                identify_drive(h->drive_urls[i], p->drives + i, p->drive_known + i);
                if (name && !(p->drive_names[i] = strdup(name)))
                        return -ENOMEM;
        }
        return 0;
}

static size_t count_type(const ChangerInventory *inv, SmcElementType type) {
        size_t n = 0;

        for (size_t i = 0; i < inv->n_elements; i++)
                n += inv->elements[i].type == type;
        return n;
}

static uint32_t element_key(const SmcElement *e) {
        return (uint32_t) e->type << 16 | e->address;
}

static bool elements_known(const LibraryHardware *h, const ChangerInventory *inv) {
        if (inv->n_elements != h->n_known_elements)
                return false;
        for (size_t i = 0; i < inv->n_elements; i++)
                if (h->known_elements[i] != element_key(inv->elements + i))
                        return false;
        return true;
}

static int remember_elements(LibraryHardware *h, const ChangerInventory *inv) {
        uint32_t *k;

        k = calloc(inv->n_elements ?: 1, sizeof(uint32_t));
        if (!k)
                return -ENOMEM;
        for (size_t i = 0; i < inv->n_elements; i++)
                k[i] = element_key(inv->elements + i);
        free(h->known_elements);
        h->known_elements = k;
        h->n_known_elements = inv->n_elements;
        return 0;
}

static uint16_t transport_address(const ChangerInventory *inv) {
        for (size_t i = 0; i < inv->n_elements; i++)
                if (inv->elements[i].type == SMC_ELEMENT_TRANSPORT)
                        return inv->elements[i].address;
        return 0; /* SMC: 0 names the default transport */
}

/* The status of every element, not only the layout page: the addresses come
 * from the descriptors (the page may not tell them all, and tgt's first
 * address of a one-element page is wrong), and the drives' descriptors carry
 * their device identifiers. */
static int probe_op(LibraryHardware *h, void *userdata) {
        LibraryProbe *p = userdata;
        int r;

        changer_inventory_done(&p->elements);
        r = changer_identify(h->changer, &p->changer);
        if (r < 0)
                return r;
        return changer_read_inventory(h->changer, &p->elements);
}

static int probe_standalone(LibraryHardware *h, LibraryProbe *ret) {
        _cleanup_(library_probe_done) LibraryProbe p = {};
        int r;

        assert(h->n_drive_urls == 1);

        r = identify_drives(h, 1, &p);
        if (r < 0)
                return r;
        if (!p.drive_known[0])
                return -EHOSTDOWN;

        *ret = p;
        p = (LibraryProbe) {};
        return 0;
}

int library_hardware_probe(LibraryHardware *h, LibraryProbe *ret) {
        _cleanup_(library_probe_done) LibraryProbe p = {};
        _cleanup_(hardware_closep) LibraryHardware *close_at_end = h;
        int r;

        assert(h);
        assert(ret);

        if (!h->changer_url)
                return probe_standalone(h, ret);

        r = hardware_run(h, probe_op, &p);
        if (r < 0)
                return r;

        r = identify_drives(h, count_type(&p.elements, SMC_ELEMENT_DATA_TRANSFER), &p);
        if (r < 0)
                return r;
        r = remember_elements(h, &p.elements);
        if (r < 0)
                return r;
        h->transport = transport_address(&p.elements);

        *ret = p;
        p = (LibraryProbe) {};
        return 0;
}

static int inventory_op(LibraryHardware *h, void *userdata) {
        ChangerInventory *inv = userdata;

        changer_inventory_done(inv);
        return changer_read_inventory(h->changer, inv);
}

/* The index of the nth data transfer element, which is drive n in the
 * configuration; -1 when there is none. */
static ssize_t drive_index(const ChangerInventory *inv, const SmcElement *dte) {
        ssize_t n = 0;

        for (size_t i = 0; i < inv->n_elements; i++) {
                if (inv->elements[i].type != SMC_ELEMENT_DATA_TRANSFER)
                        continue;
                if (inv->elements + i == dte)
                        return n;
                n++;
        }
        return -1;
}

/* Mounts the cartridge in slot into the drive, reads its label and moves the
 * cartridge home again. A failed move is an error (the robot or a cartridge
 * is stuck, so no later move can be trusted); a label that cannot be read
 * only leaves the cartridge unidentified: returns 0 with *ret_read false. */
static int read_label_in(LibraryHardware *h, uint16_t robot, uint16_t slot, uint16_t drive_address,
                         ScsiTransport *drive, TapeLabel *ret, bool *ret_read) {
        int r;

        r = changer_move_medium(h->changer, robot, slot, drive_address, false);
        if (r < 0)
                return log_error_errno(r, "Moving the cartridge in element %u to drive element %u failed: %m",
                                       slot, drive_address);

        r = tape_read_label(drive, &SCSI_RETRY_DEFAULT, ret);
        if (r < 0)
                log_warning_errno(r, "Reading the label of the cartridge from element %u failed: %m", slot);
        *ret_read = r >= 0;

        /* Real drives hold on to a loaded tape until told to eject it. */
        (void) tape_load(drive, &SCSI_RETRY_DEFAULT, false);

        r = changer_move_medium(h->changer, robot, drive_address, slot, false);
        if (r < 0)
                return log_error_errno(r, "Moving the cartridge from drive element %u home to element %u failed: %m",
                                       drive_address, slot);
        return 0;
}

static int read_labels(LibraryHardware *h, int32_t only_slot, LibraryScan *s) {
        const ChangerInventory *inv = &s->inventory;
        _cleanup_scsi_transport_ ScsiTransport *drive = NULL;
        const SmcElement *dte = NULL;
        uint16_t robot;
        size_t n_full = 0;
        int r;

        /* The first empty drive whose device we can reach does all the reading. */
        for (size_t i = 0; i < inv->n_elements && !drive; i++) {
                const SmcElement *e = inv->elements + i;
                ssize_t d;

                if (e->type != SMC_ELEMENT_DATA_TRANSFER || e->full)
                        continue;
                d = drive_index(inv, e);
                if (d < 0 || (size_t) d >= h->n_drive_urls || !h->drive_urls[d])
                        continue;
                if (scsi_transport_open(h->drive_urls[d], &drive) >= 0)
                        dte = e;
        }
        if (!drive) {
                log_warning("Changer %s has no empty drive that can be reached; "
                            "the on-media inventory identifies no cartridge", h->changer_url);
                return 0;
        }

        for (size_t i = 0; i < inv->n_elements; i++)
                n_full += inv->elements[i].type == SMC_ELEMENT_STORAGE && inv->elements[i].full;
        s->labels = calloc(n_full ?: 1, sizeof(LibraryLabel));
        if (!s->labels)
                return -ENOMEM;

        robot = transport_address(inv);
        for (size_t i = 0; i < inv->n_elements; i++) {
                const SmcElement *e = inv->elements + i;
                TapeLabel label;
                bool read = false;

                if (e->type != SMC_ELEMENT_STORAGE || !e->full || (only_slot >= 0 && e->address != only_slot))
                        continue;

                r = read_label_in(h, robot, e->address, dte->address, drive, &label, &read);
                if (r < 0)
                        return r;
                if (read)
                        s->labels[s->n_labels++] = (LibraryLabel) { .address = e->address, .label = label };
        }
        return 0;
}

/* The layout is not what the last probe saw (a magazine added, a drive
 * installed): identify the changer and the drives again, so that the layout
 * is recorded anew before the inventory is. */
static int reprobe(LibraryHardware *h, LibraryScan *s) {
        int r;

        log_info("Changer %s reports other elements than before, recording its layout again", h->changer_url);
        s->layout_changed = true;
        r = changer_identify(h->changer, &s->probe.changer);
        if (r < 0)
                return r;
        r = identify_drives(h, count_type(&s->inventory, SMC_ELEMENT_DATA_TRANSFER), &s->probe);
        if (r < 0)
                return r;
        r = remember_elements(h, &s->inventory);
        if (r < 0)
                return r;
        h->transport = transport_address(&s->inventory);
        return 0;
}

typedef struct Move {
        uint16_t source, destination;
        bool invert;
} Move;

static int move_op(LibraryHardware *h, void *userdata) {
        const Move *m = userdata;

        return changer_move_medium(h->changer, h->transport, m->source, m->destination, m->invert);
}

int library_hardware_move(LibraryHardware *h, uint16_t source, uint16_t destination, bool invert,
                          ChangerInventory *ret_status) {
        _cleanup_(hardware_closep) LibraryHardware *close_at_end = h;
        Move m = { .source = source, .destination = destination, .invert = invert };
        int r, q;

        assert(h);
        assert(ret_status);
        assert(h->changer_url);

        r = hardware_run(h, move_op, &m);
        if (r >= 0 || r == -EHOSTDOWN)
                return r;

        log_warning_errno(r, "Moving the cartridge in element %u to element %u failed, reading the element status: %m",
                          source, destination);
        q = hardware_run(h, inventory_op, ret_status);
        if (q < 0) {
                log_error_errno(q, "Reading the element status of changer %s after a failed move failed too: %m",
                                h->changer_url);
                changer_inventory_done(ret_status);
        }
        return r;
}

int library_hardware_inventory(LibraryHardware *h, bool on_media, int32_t only_slot, LibraryScan *ret) {
        _cleanup_(library_scan_done) LibraryScan s = {};
        _cleanup_(hardware_closep) LibraryHardware *close_at_end = h;
        int r;

        assert(h);
        assert(ret);

        if (!h->changer_url)
                return -EOPNOTSUPP;

        r = hardware_run(h, inventory_op, &s.inventory);
        if (r < 0)
                return r;

        if (!elements_known(h, &s.inventory)) {
                r = reprobe(h, &s);
                if (r < 0)
                        return r;
        }

        if (on_media) {
                r = read_labels(h, only_slot, &s);
                if (r < 0)
                        return r;
        }

        *ret = s;
        s = (LibraryScan) {};
        return 0;
}

int library_hardware_read_status(LibraryHardware *h, ChangerInventory *ret) {
        _cleanup_(hardware_closep) LibraryHardware *close_at_end = h;
        int r;

        assert(h);
        assert(ret);

        if (!h->changer_url)
                return -EOPNOTSUPP;

        r = hardware_run(h, inventory_op, ret);
        if (r < 0)
                changer_inventory_done(ret);
        return r;
}

static int lock_op(LibraryHardware *h, void *userdata) {
        const bool *prevent = userdata;
        int r;

        r = changer_prevent_removal(h->changer, *prevent);
        /* Ports and doors that cannot be locked are just never locked. */
        return r == -EOPNOTSUPP ? 0 : r;
}

int library_hardware_lock(LibraryHardware *h, bool prevent) {
        _cleanup_(hardware_closep) LibraryHardware *close_at_end = h;

        assert(h);

        if (!h->changer_url)
                return -EOPNOTSUPP;
        return hardware_run(h, lock_op, &prevent);
}

static int test_ready_op(LibraryHardware *h, void *userdata) {
        bool *attention = userdata;
        int r;

        r = changer_test_unit_ready(h->changer);
        *attention = *attention || changer_take_attention(h->changer);
        return r;
}

int library_hardware_test_ready(LibraryHardware *h, bool *ret_attention) {
        _cleanup_(hardware_closep) LibraryHardware *close_at_end = h;

        assert(h);
        assert(ret_attention);

        *ret_attention = false;
        if (!h->changer_url)
                return -EOPNOTSUPP;
        return hardware_run(h, test_ready_op, ret_attention);
}
