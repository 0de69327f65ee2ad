/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The changer layer over a scripted device: one that behaves like tgt's virtual changer
 * (short replies, count ignored, wrong header address, small buffers, optional commands
 * rejected, power-on unit attention) and one that follows SMC to the letter. */

#include <errno.h>

#include "changer.h"
#include "fake-transport.h"
#include "scsi-util.h"
#include "tape.h"
#include "test-util.h"

#define MAX_ELEMENTS 1100

typedef struct Element {
        uint8_t type;
        uint16_t address;
        bool full;
        uint16_t source;
        char tag[33];
} Element;

typedef struct Library {
        bool tgt;               /* tgt's quirks, else a by-the-book device */
        bool dvcid_rejected;    /* the by-the-book device does not know DVCID */
        /* Liberties of real changers that SMC allows or that they take anyway: */
        bool reverse;           /* descriptors of a reply in falling address order */
        bool repeat;            /* the element below the starting address again, and the last one twice */
        uint32_t max_alloc;     /* larger allocation lengths refused (0: any) */
        uint16_t starts[64];    /* starting addresses of the storage READ ELEMENT STATUS commands */
        unsigned n_starts;
        unsigned ua_pending;    /* unit attentions still to report */
        unsigned becoming_ready;
        int transport_error;
        unsigned n_res;         /* READ ELEMENT STATUS commands seen */
        unsigned n_res_type0;
        Element e[MAX_ELEMENTS];
        size_t n;
} Library;

static void library_add(Library *l, uint8_t type, uint16_t first, unsigned count) {
        for (unsigned i = 0; i < count; i++) {
                ck_assert_uint_lt(l->n, MAX_ELEMENTS);
                l->e[l->n++] = (Element) { .type = type, .address = (uint16_t) (first + i) };
        }
}

static Element *library_find(Library *l, uint16_t address) {
        for (size_t i = 0; i < l->n; i++)
                if (l->e[i].address == address)
                        return l->e + i;
        return NULL;
}

static void library_init(Library *l, bool tgt, unsigned slots, unsigned full) {
        *l = (Library) { .tgt = tgt, .ua_pending = 1 };
        library_add(l, 1, 1, 1);
        library_add(l, 4, 256, 4);
        library_add(l, 3, 512, 2);
        library_add(l, 2, 1024, slots);
        for (unsigned i = 0; i < full; i++) {
                Element *e = library_find(l, (uint16_t) (1024 + i));
                e->full = true;
                snprintf(e->tag, sizeof(e->tag), "RSM%03uL6", i);
        }
}

static unsigned count_type(const Library *l, uint8_t type, uint16_t *first) {
        unsigned n = 0;

        for (size_t i = 0; i < l->n; i++)
                if (l->e[i].type == type) {
                        if (n++ == 0)
                                *first = l->e[i].address;
                }
        return n;
}

static void mode_sense(Library *l, ScsiIo *io) {
        uint8_t b[4 + 20] = { sizeof(b) - 1, 0, 0, 0, 0x1d, 0x12 };
        const uint8_t order[] = { 1, 2, 3, 4 };

        if ((io->cdb[2] & 0x3f) != 0x1d) {
                fake_reply_sense(io, 5, 0x24, 0);
                return;
        }

        for (size_t i = 0; i < 4; i++) {
                uint16_t first = 0, n = (uint16_t) count_type(l, order[i], &first);
                scsi_put_be16(b + 6 + 4 * i, first);
                scsi_put_be16(b + 8 + 4 * i, n);
        }
        fake_reply_data(io, b, sizeof(b));
}

static size_t put_descriptor(const Library *l, const Element *e, bool dvcid, uint8_t *d) {
        size_t len = dvcid ? 86 : 52;

        memset(d, 0, len);
        scsi_put_be16(d, e->address);
        d[2] = (uint8_t) ((e->full ? 0x01 : 0) | (e->type != 1 ? 0x08 : 0));
        if (e->source) {
                d[9] = 0x80;
                scsi_put_be16(d + 10, e->source);
        }
        memset(d + 12, ' ', 32);
        memcpy(d + 12, e->tag, strlen(e->tag));
        if (dvcid && e->type == 4) {
                d[48] = 2;
                d[51] = 34;
                snprintf((char *) d + 52, 35, "ACME    TAPE DRIVE      SN%05u", e->address);
        }
        (void) l;
        return len;
}

/* The elements a by-the-book reply carries, in the order they are sent: the count lowest
 * addresses of the type from start on, with the library's liberties applied. */
static size_t select_elements(const Library *l, uint8_t type, uint16_t start, uint16_t count,
                              const Element *ret[static MAX_ELEMENTS + 2]) {
        const Element *below = NULL;
        size_t n = 0;

        for (size_t i = 0; i < l->n; i++) {
                const Element *e = l->e + i;

                if (e->type != type)
                        continue;
                if (e->address < start) {
                        if (!below || e->address > below->address)
                                below = e;
                        continue;
                }
                if (!l->tgt && n >= count)
                        continue;
                ret[n++] = e;
        }

        if (l->reverse)
                for (size_t i = 0; i < n / 2; i++) {
                        const Element *t = ret[i];
                        ret[i] = ret[n - 1 - i];
                        ret[n - 1 - i] = t;
                }
        if (l->repeat && n > 0) {
                ret[n] = ret[n - 1];
                n++;
                if (below) {
                        memmove(ret + 1, ret, n * sizeof(ret[0]));
                        ret[0] = below;
                        n++;
                }
        }
        return n;
}

static void read_element_status(Library *l, ScsiIo *io) {
        uint8_t type = io->cdb[1] & 0x0f;
        uint16_t start = scsi_get_be16(io->cdb + 2), count = scsi_get_be16(io->cdb + 4);
        bool dvcid = io->cdb[6] & 0x01;
        uint32_t alloc = scsi_get_be24(io->cdb + 7);
        _cleanup_free_ uint8_t *b = NULL;
        const Element *selected[MAX_ELEMENTS + 2];
        size_t len = 16, n = 0, sent;
        uint16_t first = 0;

        l->n_res++;
        ck_assert_uint_eq(io->data_len, alloc);
        ck_assert(io->cdb[1] & 0x10);           /* always with VOLTAG */

        if (type == 0) {
                l->n_res_type0++;
                fake_reply_sense(io, 5, 0x24, 0);
                return;
        }
        if (l->tgt && alloc > 4096) {
                /* tgt refuses more than a memory page. */
                fake_reply_sense(io, 4, 0x44, 0);
                return;
        }
        if (!l->tgt && dvcid && l->dvcid_rejected) {
                fake_reply_sense(io, 5, 0x24, 0);
                return;
        }
        if (l->max_alloc > 0 && alloc > l->max_alloc) {
                fake_reply_sense(io, 4, 0x44, 0);
                return;
        }
        if (type == 2 && l->n_starts < ELEMENTSOF(l->starts))
                l->starts[l->n_starts++] = start;

        b = calloc(1, 16 + (MAX_ELEMENTS + 2) * 86);
        ck_assert_ptr_nonnull(b);
        n = select_elements(l, type, start, count, selected);
        for (size_t i = 0; i < n; i++) {
                len += put_descriptor(l, selected[i], dvcid, b + len);
                if (i == 0 || l->tgt)
                        first = selected[i]->address;   /* tgt: ends up with the last one */
        }

        scsi_put_be16(b, first);
        scsi_put_be16(b + 2, (uint16_t) n);
        scsi_put_be24(b + 5, (uint32_t) (len - 8));
        b[8] = type;
        b[9] = 0x80;
        scsi_put_be16(b + 10, dvcid ? 86 : 52);
        scsi_put_be24(b + 13, (uint32_t) (len - 16));

        /* tgt sends the header's count including itself: 8 bytes short. */
        sent = l->tgt ? len - 8 : len;
        sent = SCSI_MIN(sent, (size_t) alloc);
        fake_reply_data(io, b, sent);
}

static void move_medium(Library *l, ScsiIo *io) {
        Element *s = library_find(l, scsi_get_be16(io->cdb + 4));
        Element *d = library_find(l, scsi_get_be16(io->cdb + 6));

        if (!s || !d)
                return fake_reply_sense(io, 5, 0x21, 0x01);
        if (!s->full)
                return fake_reply_sense(io, 5, 0x3b, 0x0e);
        if (d->full)
                return fake_reply_sense(io, 5, 0x3b, 0x0d);

        d->full = true;
        d->source = s->address;
        memcpy(d->tag, s->tag, sizeof(d->tag));
        s->full = false;
        s->source = 0;
        s->tag[0] = '\0';
        io->status = SCSI_STATUS_GOOD;
}

static int library_handler(void *userdata, ScsiIo *io) {
        Library *l = userdata;

        if (l->transport_error)
                return l->transport_error;
        if (l->ua_pending > 0) {
                l->ua_pending--;
                fake_reply_sense(io, 6, 0x29, 0x00);
                return 0;
        }
        if (l->becoming_ready > 0) {
                l->becoming_ready--;
                fake_reply_sense(io, 2, 0x04, 0x01);
                return 0;
        }

        switch (io->cdb[0]) {
        case 0x00:
                io->status = SCSI_STATUS_GOOD;
                break;
        case 0x1a:
                mode_sense(l, io);
                break;
        case 0xb8:
                read_element_status(l, io);
                break;
        case 0xa5:
                move_medium(l, io);
                break;
        case 0xa6:
        case 0x1e:
        case 0x2b:
                if (l->tgt)
                        fake_reply_sense(io, 5, 0x20, 0x00);
                else
                        io->status = SCSI_STATUS_GOOD;
                break;
        case 0x37:
                fake_reply_sense(io, 5, 0x24, 0x00);
                break;
        default:
                fake_reply_sense(io, 5, 0x20, 0x00);
        }
        return 0;
}

static Changer *changer_for(Library *l) {
        ScsiTransport *t;
        Changer *c;

        ck_assert_int_eq(fake_transport_new(library_handler, l, &t), 0);
        ck_assert_int_eq(changer_new(t, &c), 0);
        changer_set_retry(c, &(ScsiRetryPolicy) { .attempts = 5, .ready_delay_ms = 0 });
        return c;
}

static void check_inventory(const Library *l, const ChangerInventory *inv, unsigned slots, unsigned full) {
        ck_assert_uint_eq(inv->n_elements, 1 + 4 + 2 + slots);
        ck_assert_uint_eq(inv->layout.range[SMC_ELEMENT_STORAGE].first, 1024);
        ck_assert_uint_eq(inv->layout.range[SMC_ELEMENT_STORAGE].count, slots);

        for (unsigned i = 0; i < slots; i++) {
                const SmcElement *e = changer_inventory_find(inv, (uint16_t) (1024 + i));
                char tag[16];

                ck_assert_ptr_nonnull(e);
                ck_assert_int_eq(e->type, SMC_ELEMENT_STORAGE);
                ck_assert_int_eq(e->full, i < full);
                if (i < full) {
                        snprintf(tag, sizeof(tag), "RSM%03uL6", i);
                        ck_assert_str_eq(e->volume_tag, tag);
                }
        }

        /* Types in order, addresses increasing within a type, no duplicates. */
        for (size_t i = 1; i < inv->n_elements; i++) {
                const SmcElement *a = inv->elements + i - 1, *b = inv->elements + i;
                ck_assert(a->type < b->type || (a->type == b->type && a->address < b->address));
        }

        ck_assert_uint_eq(l->n_res_type0, 0);
}

START_TEST(test_tgt_inventory) {
        _cleanup_changer_ Changer *c = NULL;
        _cleanup_(changer_inventory_done) ChangerInventory inv = {};
        Library l;

        library_init(&l, true, 40, 30);
        c = changer_for(&l);

        ck_assert_int_eq(changer_read_inventory(c, &inv), 0);
        check_inventory(&l, &inv, 40, 30);
        /* The power-on unit attention was retried and is reported once. */
        ck_assert(changer_take_attention(c));
        ck_assert(!changer_take_attention(c));

        /* The last descriptor of each type came 8 bytes short: kept, flagged. */
        ck_assert(changer_inventory_find(&inv, 1063)->truncated);
        ck_assert(!changer_inventory_find(&inv, 1062)->truncated);
        ck_assert_uint_eq(changer_inventory_find(&inv, 1)->type, SMC_ELEMENT_TRANSPORT);

        /* Drives carry their identifiers (only the last one cut short). */
        ck_assert(changer_inventory_find(&inv, 256)->has_device_id);
        ck_assert_str_eq(changer_inventory_find(&inv, 256)->device_id, "ACME    TAPE DRIVE      SN00256");
}
END_TEST

START_TEST(test_tgt_large_library) {
        _cleanup_changer_ Changer *c = NULL;
        _cleanup_(changer_inventory_done) ChangerInventory inv = {};
        Library l;

        /* 400 slots of 52 bytes do not fit the 4 KiB tgt accepts: several requests,
         * each continuing after the last whole descriptor. */
        library_init(&l, true, 400, 350);
        c = changer_for(&l);

        ck_assert_int_eq(changer_read_inventory(c, &inv), 0);
        check_inventory(&l, &inv, 400, 350);
        ck_assert_uint_gt(l.n_res, 6);
        for (unsigned i = 0; i < 399; i++)
                ck_assert(!changer_inventory_find(&inv, (uint16_t) (1024 + i))->truncated);
}
END_TEST

START_TEST(test_by_the_book_inventory) {
        _cleanup_changer_ Changer *c = NULL;
        _cleanup_(changer_inventory_done) ChangerInventory inv = {};
        Library l;

        library_init(&l, false, 1000, 10);
        l.dvcid_rejected = true;
        l.ua_pending = 0;
        c = changer_for(&l);

        ck_assert_int_eq(changer_read_inventory(c, &inv), 0);
        check_inventory(&l, &inv, 1000, 10);
        ck_assert(!changer_take_attention(c));
        for (size_t i = 0; i < inv.n_elements; i++) {
                ck_assert(!inv.elements[i].truncated);
                ck_assert(!inv.elements[i].has_device_id);
        }
}
END_TEST

START_TEST(test_moves) {
        _cleanup_changer_ Changer *c = NULL;
        _cleanup_(smc_element_list_done) SmcElementList list = {};
        Library l;

        library_init(&l, true, 40, 30);
        c = changer_for(&l);

        ck_assert_int_eq(changer_move_medium(c, 1, 1024, 256, false), 0);
        ck_assert_int_eq(changer_move_medium(c, 1, 1024, 257, false), -ENOENT);
        ck_assert_int_eq(changer_move_medium(c, 1, 1025, 256, false), -EEXIST);
        ck_assert_int_eq(changer_move_medium(c, 1, 1025, 0x7fff, false), -EINVAL);

        ck_assert_int_eq(changer_read_elements(c, SMC_ELEMENT_DATA_TRANSFER, 256, 4, &list), 0);
        ck_assert_uint_eq(list.n, 4);
        ck_assert(list.elements[0].full);
        ck_assert(list.elements[0].source_valid);
        ck_assert_uint_eq(list.elements[0].source, 1024);
        ck_assert_str_eq(list.elements[0].volume_tag, "RSM000L6");

        ck_assert_int_eq(changer_read_elements(c, SMC_ELEMENT_ALL, 0, 10, &list), -EINVAL);
}
END_TEST

START_TEST(test_optional_commands) {
        _cleanup_changer_ Changer *tgt = NULL, *book = NULL;
        Library a, b;

        library_init(&a, true, 10, 5);
        tgt = changer_for(&a);
        ck_assert_int_eq(changer_exchange_medium(tgt, 1, 1024, 1025, 1024, false, false), -EOPNOTSUPP);
        ck_assert_int_eq(changer_prevent_removal(tgt, true), -EOPNOTSUPP);
        ck_assert_int_eq(changer_position_to_element(tgt, 1, 1024, false), -EOPNOTSUPP);
        ck_assert_int_eq(changer_initialize_element_status(tgt), -EOPNOTSUPP);
        ck_assert_int_eq(changer_initialize_element_status_range(tgt, 1024, 10), -EOPNOTSUPP);

        library_init(&b, false, 10, 5);
        book = changer_for(&b);
        ck_assert_int_eq(changer_exchange_medium(book, 1, 1024, 1025, 1024, false, false), 0);
        ck_assert_int_eq(changer_prevent_removal(book, true), 0);
        ck_assert_int_eq(changer_position_to_element(book, 1, 1024, false), 0);
}
END_TEST

START_TEST(test_retries) {
        _cleanup_changer_ Changer *c = NULL;
        Library l;

        library_init(&l, true, 10, 5);
        c = changer_for(&l);

        /* Becoming ready twice, then ready. */
        l.ua_pending = 0;
        l.becoming_ready = 2;
        ck_assert_int_eq(changer_test_unit_ready(c), 0);
        ck_assert(!changer_take_attention(c));

        /* A device that never stops reporting unit attentions: give up. */
        l.ua_pending = 100;
        ck_assert_int_eq(changer_test_unit_ready(c), -EAGAIN);
        ck_assert_uint_eq(l.ua_pending, 95);
        ck_assert(changer_take_attention(c));

        /* Transport failures are passed on as they are. */
        l.ua_pending = 0;
        l.transport_error = -ETIMEDOUT;
        ck_assert_int_eq(changer_test_unit_ready(c), -ETIMEDOUT);
}
END_TEST

/* A library whose elements leave gaps between their addresses, as changers with
 * removable magazines, or several frames, do. */
static void library_init_gaps(Library *l) {
        *l = (Library) { .tgt = false };
        library_add(l, 1, 1, 1);
        library_add(l, 4, 256, 1);
        library_add(l, 4, 258, 1);
        library_add(l, 4, 270, 2);
        library_add(l, 3, 512, 2);
        library_add(l, 2, 1024, 6);
        library_add(l, 2, 1100, 10);
        library_add(l, 2, 2000, 300);
        for (unsigned i = 0; i < 20; i++) {
                Element *e = library_find(l, (uint16_t) (2000 + 10 * i));
                e->full = true;
                snprintf(e->tag, sizeof(e->tag), "GAP%03uL6", i);
        }
}

/* Every element of the library once, by type, in address order. */
static void check_all_elements(const Library *l, const ChangerInventory *inv) {
        ck_assert_uint_eq(inv->n_elements, l->n);
        for (size_t i = 1; i < inv->n_elements; i++) {
                const SmcElement *a = inv->elements + i - 1, *b = inv->elements + i;
                ck_assert(a->type < b->type || (a->type == b->type && a->address < b->address));
        }
        for (size_t i = 0; i < l->n; i++) {
                const SmcElement *e = changer_inventory_find(inv, l->e[i].address);

                ck_assert_ptr_nonnull(e);
                ck_assert_uint_eq((unsigned) e->type, l->e[i].type);
                ck_assert_int_eq(e->full, l->e[i].full);
                ck_assert(!e->truncated);
                if (l->e[i].full)
                        ck_assert_str_eq(e->volume_tag, l->e[i].tag);
        }
}

/* Each request after the first starts right after the highest address delivered so far. */
static void check_starts(const Library *l, uint16_t first) {
        uint16_t highest = 0;

        ck_assert_uint_gt(l->n_starts, 1);
        ck_assert_uint_eq(l->starts[0], first);
        for (unsigned i = 1; i < l->n_starts; i++) {
                for (size_t j = 0; j < l->n; j++)
                        if (l->e[j].type == 2 && l->e[j].address < l->starts[i])
                                highest = SCSI_MAX(highest, l->e[j].address);
                ck_assert_uint_eq(l->starts[i], highest + 1);
        }
}

START_TEST(test_address_gaps) {
        _cleanup_changer_ Changer *c = NULL;
        _cleanup_(changer_inventory_done) ChangerInventory inv = {};
        Library l;

        /* 316 slots between 1024 and 2299: the layout's count is a number of
         * elements, never an address span. Small buffers make several requests. */
        library_init_gaps(&l);
        l.max_alloc = 4096;
        c = changer_for(&l);

        ck_assert_int_eq(changer_read_inventory(c, &inv), 0);
        ck_assert_uint_eq(inv.layout.range[SMC_ELEMENT_STORAGE].count, 316);
        check_all_elements(&l, &inv);
        ck_assert_str_eq(changer_inventory_find(&inv, 2190)->volume_tag, "GAP019L6");
        check_starts(&l, 1024);
}
END_TEST

START_TEST(test_out_of_order) {
        _cleanup_changer_ Changer *c = NULL;
        _cleanup_(changer_inventory_done) ChangerInventory inv = {};
        Library l;

        /* Each reply in falling address order, within the range asked for. */
        library_init_gaps(&l);
        l.max_alloc = 4096;
        l.reverse = true;
        c = changer_for(&l);

        ck_assert_int_eq(changer_read_inventory(c, &inv), 0);
        check_all_elements(&l, &inv);
        check_starts(&l, 1024);
}
END_TEST

START_TEST(test_repeated_descriptors) {
        _cleanup_changer_ Changer *c = NULL;
        _cleanup_(changer_inventory_done) ChangerInventory inv = {};
        Library l;

        /* Replies that carry an element twice, or one from before the starting address:
         * each element is kept once. */
        library_init_gaps(&l);
        l.max_alloc = 4096;
        l.repeat = true;
        l.reverse = true;
        c = changer_for(&l);

        ck_assert_int_eq(changer_read_inventory(c, &inv), 0);
        check_all_elements(&l, &inv);
}
END_TEST

START_TEST(test_count_of_elements) {
        _cleanup_changer_ Changer *tgt = NULL, *book = NULL;
        _cleanup_(smc_element_list_done) SmcElementList a = {}, b = {}, d = {};
        Library t, g;

        /* tgt ignores the count: only the three asked for are kept. */
        library_init(&t, true, 40, 30);
        tgt = changer_for(&t);
        ck_assert_int_eq(changer_read_elements(tgt, SMC_ELEMENT_STORAGE, 1030, 3, &a), 0);
        ck_assert_uint_eq(a.n, 3);
        for (size_t i = 0; i < 3; i++)
                ck_assert_uint_eq(a.elements[i].address, 1030 + i);

        /* Starting in a gap, the count reaches across the next gaps. */
        library_init_gaps(&g);
        g.reverse = true;
        book = changer_for(&g);
        ck_assert_int_eq(changer_read_elements(book, SMC_ELEMENT_STORAGE, 1050, 12, &b), 0);
        ck_assert_uint_eq(b.n, 12);
        for (size_t i = 0; i < 10; i++)
                ck_assert_uint_eq(b.elements[i].address, 1100 + i);
        ck_assert_uint_eq(b.elements[10].address, 2000);
        ck_assert_uint_eq(b.elements[11].address, 2001);

        /* Drives 256, 258, 270, 271. */
        ck_assert_int_eq(changer_read_elements(book, SMC_ELEMENT_DATA_TRANSFER, 256, 4, &d), 0);
        ck_assert_uint_eq(d.n, 4);
        ck_assert_uint_eq(d.elements[1].address, 258);
        ck_assert_uint_eq(d.elements[3].address, 271);
}
END_TEST

/* --- tgt's captured replies, served again through the changer layer --- */

static int replay_handler(void *userdata, ScsiIo *io) {
        unsigned *n_res = userdata;
        _cleanup_free_ uint8_t *b = NULL;
        const char *name;
        size_t n;

        switch (io->cdb[0]) {
        case 0x1a:
                if ((io->cdb[2] & 0x3f) != 0x1d) {
                        fake_reply_sense(io, 5, 0x24, 0);
                        return 0;
                }
                name = "tgt-mode-1d.bin";
                break;
        case 0xb8:
                (*n_res)++;
                switch (io->cdb[1] & 0x0f) {
                case 1:
                        name = "tgt-res-mte.bin";
                        break;
                case 2:
                        name = scsi_get_be16(io->cdb + 2) >= 1060 ? "tgt-res-storage-from1060-count2.bin"
                                                                   : "tgt-res-storage.bin";
                        break;
                case 3:
                        name = "tgt-res-ie.bin";
                        break;
                case 4:
                        name = io->cdb[6] & 0x01 ? "tgt-res-dte-dvcid.bin" : "tgt-res-dte.bin";
                        break;
                default:
                        fake_reply_sense(io, 5, 0x24, 0);
                        return 0;
                }
                break;
        default:
                fake_reply_sense(io, 5, 0x20, 0);
                return 0;
        }

        b = fixture_load(name, &n);
        fake_reply_data(io, b, SCSI_MIN(n, io->data_len));
        return 0;
}

START_TEST(test_tgt_captures) {
        _cleanup_changer_ Changer *c = NULL;
        _cleanup_(changer_inventory_done) ChangerInventory inv = {};
        _cleanup_(smc_element_list_done) SmcElementList tail = {};
        unsigned n_res = 0;
        ScsiTransport *t;

        ck_assert_int_eq(fake_transport_new(replay_handler, &n_res, &t), 0);
        ck_assert_int_eq(changer_new(t, &c), 0);

        ck_assert_int_eq(changer_read_inventory(c, &inv), 0);
        /* One request per type: each capture holds every element of its type. */
        ck_assert_uint_eq(n_res, 4);
        ck_assert_uint_eq(inv.n_elements, 1 + 40 + 2 + 4);
        ck_assert_uint_eq(changer_inventory_find(&inv, 1)->type, SMC_ELEMENT_TRANSPORT);
        for (unsigned i = 0; i < 40; i++) {
                const SmcElement *e = changer_inventory_find(&inv, (uint16_t) (1024 + i));

                ck_assert_ptr_nonnull(e);
                ck_assert_int_eq(e->full, i < 30);
                ck_assert_int_eq(e->truncated, i == 39);
        }
        ck_assert_str_eq(changer_inventory_find(&inv, 1053)->volume_tag, "RSM029L6");
        ck_assert_uint_eq(changer_inventory_find(&inv, 513)->type, SMC_ELEMENT_IMPORT_EXPORT);
        ck_assert(changer_inventory_find(&inv, 256)->has_device_id);
        ck_assert(changer_inventory_find(&inv, 259)->truncated);

        /* Two from 1060 out of the four that tgt sends. */
        ck_assert_int_eq(changer_read_elements(c, SMC_ELEMENT_STORAGE, 1060, 2, &tail), 0);
        ck_assert_uint_eq(tail.n, 2);
        ck_assert_uint_eq(tail.elements[0].address, 1060);
        ck_assert_uint_eq(tail.elements[1].address, 1061);
}
END_TEST

typedef struct TapeScript {
        bool blank;
        unsigned rewinds;
        unsigned reads;
} TapeScript;

static int tape_handler(void *userdata, ScsiIo *io) {
        TapeScript *s = userdata;
        uint8_t label[80];
        uint32_t asked;

        switch (io->cdb[0]) {
        case 0x01:
                s->rewinds++;
                io->status = SCSI_STATUS_GOOD;
                return 0;
        case 0x08:
                s->reads++;
                ck_assert_uint_eq(io->cdb[1], 0);       /* variable-block mode */
                if (s->blank) {
                        fake_reply_sense(io, 8, 0x00, 0x05);
                        return 0;
                }
                /* An 80-byte block read with a larger request: ILI, residue in
                 * INFORMATION, the 80 bytes transferred. */
                memset(label, ' ', sizeof(label));
                memcpy(label, "VOL1RSM000", 10);
                asked = scsi_get_be24(io->cdb + 2);
                fake_reply_sense(io, 0, 0x00, 0x00);
                io->sense[0] |= 0x80;
                io->sense[2] |= 0x20;
                scsi_put_be16(io->sense + 5, (uint16_t) (asked - sizeof(label)));
                io->sense[3] = (uint8_t) ((asked - sizeof(label)) >> 24);
                io->sense[4] = (uint8_t) ((asked - sizeof(label)) >> 16);
                memcpy(io->data, label, sizeof(label));
                io->residual = io->data_len - sizeof(label);
                return 0;
        default:
                fake_reply_sense(io, 5, 0x20, 0x00);
                return 0;
        }
}

START_TEST(test_tape_label) {
        const ScsiRetryPolicy policy = { .attempts = 3 };
        TapeScript s = {};
        ScsiTransport *t;
        TapeLabel label;

        ck_assert_int_eq(fake_transport_new(tape_handler, &s, &t), 0);

        ck_assert_int_eq(tape_read_label(t, &policy, &label), 0);
        ck_assert_int_eq(label.kind, TAPE_LABEL_ANSI);
        ck_assert_str_eq(label.volume_serial, "RSM000");
        ck_assert_uint_eq(s.rewinds, 2);
        ck_assert_uint_eq(s.reads, 1);

        s.blank = true;
        ck_assert_int_eq(tape_read_label(t, &policy, &label), 0);
        ck_assert_int_eq(label.kind, TAPE_LABEL_BLANK);

        ck_assert_int_eq(tape_prevent_removal(t, &policy, true), -EOPNOTSUPP);
        scsi_transport_free(t);
}
END_TEST

static Suite *suite(void) {
        Suite *s = suite_create("changer");
        TCase *tc = tcase_create("device");

        tcase_add_test(tc, test_tgt_inventory);
        tcase_add_test(tc, test_tgt_large_library);
        tcase_add_test(tc, test_by_the_book_inventory);
        tcase_add_test(tc, test_moves);
        tcase_add_test(tc, test_optional_commands);
        tcase_add_test(tc, test_retries);
        tcase_add_test(tc, test_address_gaps);
        tcase_add_test(tc, test_out_of_order);
        tcase_add_test(tc, test_repeated_descriptors);
        tcase_add_test(tc, test_count_of_elements);
        tcase_add_test(tc, test_tgt_captures);
        tcase_add_test(tc, test_tape_label);
        suite_add_tcase(s, tc);
        return s;
}

RUN_SUITE(suite())
