/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "changer.h"
#include "scsi-util.h"

/* Largest READ ELEMENT STATUS reply we ask for at first; a device that refuses it gets
 * ever smaller ones down to MIN (tgt, for one, refuses anything above a memory page). */
#define RES_ALLOC_MAX   (64u * 1024u)
#define RES_ALLOC_MIN   1024u
#define MODE_ALLOC      255u

#define TIMEOUT_SHORT_MS        (30u * 1000u)
#define TIMEOUT_STATUS_MS       (5u * 60u * 1000u)      /* a scan may read every barcode */
#define TIMEOUT_MOVE_MS         (10u * 60u * 1000u)
#define TIMEOUT_INIT_MS         (60u * 60u * 1000u)     /* a full inventory of a large library */

struct Changer {
        ScsiTransport *transport;
        ScsiRetryPolicy retry;
        uint32_t res_alloc;             /* current READ ELEMENT STATUS allocation length */
        bool dvcid_unsupported;         /* the device rejected DVCID once */
        bool attention;
};

int changer_new(ScsiTransport *t, Changer **ret) {
        Changer *c;

        assert(t);
        assert(ret);

        c = calloc(1, sizeof(Changer));
        if (!c) {
                scsi_transport_free(t);
                return -ENOMEM;
        }

        c->transport = t;
        c->retry = SCSI_RETRY_DEFAULT;
        c->res_alloc = RES_ALLOC_MAX;
        *ret = c;
        return 0;
}

int changer_open(const char *device, Changer **ret) {
        ScsiTransport *t;
        int r;

        assert(ret);

        r = scsi_transport_open(device, &t);
        if (r < 0)
                return r;

        return changer_new(t, ret);
}

Changer *changer_free(Changer *c) {
        if (!c)
                return NULL;

        scsi_transport_free(c->transport);
        free(c);
        return NULL;
}

void changer_set_retry(Changer *c, const ScsiRetryPolicy *policy) {
        assert(c);
        assert(policy);

        c->retry = *policy;
}

bool changer_take_attention(Changer *c) {
        bool a;

        assert(c);

        a = c->attention;
        c->attention = false;
        return a;
}

static int run(Changer *c, const ScsiCdb *cdb, void *buf, size_t len, unsigned timeout_ms, ScsiResult *ret) {
        int r;

        r = scsi_command_run_retry(c->transport, &c->retry, cdb, buf, len, timeout_ms, ret);
        if (ret->attention)
                c->attention = true;
        return r;
}

int changer_identify(Changer *c, ScsiIdentity *ret) {
        assert(c);

        return scsi_identify(c->transport, &c->retry, ret);
}

int changer_test_unit_ready(Changer *c) {
        ScsiResult result;
        ScsiCdb cdb;

        assert(c);

        spc_build_test_unit_ready(&cdb);
        return run(c, &cdb, NULL, 0, TIMEOUT_SHORT_MS, &result);
}

/* MODE SENSE(6) with DBD, falling back to MODE SENSE(10) for devices that implement only
 * the latter. Returns the page within buf. */
static int mode_page(Changer *c, uint8_t code, uint8_t buf[static MODE_ALLOC], const uint8_t **ret_page, size_t *ret_len) {
        ScsiResult result;
        ScsiCdb cdb;
        int r;

        r = spc_build_mode_sense6(&cdb, true, SPC_MODE_CURRENT, code, 0, MODE_ALLOC);
        assert(r >= 0);

        r = run(c, &cdb, buf, MODE_ALLOC, TIMEOUT_SHORT_MS, &result);
        if (r >= 0)
                return spc_find_mode_page(buf, result.received, false, code, 0, ret_page, ret_len);
        if (scsi_command_optional(r, &result) != -EOPNOTSUPP)
                return r;

        r = spc_build_mode_sense10(&cdb, true, SPC_MODE_CURRENT, code, 0, MODE_ALLOC);
        assert(r >= 0);

        r = run(c, &cdb, buf, MODE_ALLOC, TIMEOUT_SHORT_MS, &result);
        if (r < 0)
                return scsi_command_optional(r, &result);

        return spc_find_mode_page(buf, result.received, true, code, 0, ret_page, ret_len);
}

int changer_read_layout(Changer *c, SmcAddressAssignment *ret) {
        uint8_t buf[MODE_ALLOC];
        const uint8_t *page;
        size_t len;
        int r;

        assert(c);

        r = mode_page(c, SMC_PAGE_ELEMENT_ADDRESS, buf, &page, &len);
        if (r < 0)
                return r;

        return smc_parse_address_assignment(page, len, ret);
}

int changer_read_capabilities(Changer *c, SmcCapabilities *ret) {
        uint8_t buf[MODE_ALLOC];
        const uint8_t *page;
        size_t len;
        int r;

        assert(c);

        r = mode_page(c, SMC_PAGE_DEVICE_CAPABILITIES, buf, &page, &len);
        if (r < 0)
                return r;

        return smc_parse_capabilities(page, len, ret);
}

int changer_read_geometry(Changer *c, SmcTransportGeometry *ret) {
        uint8_t buf[MODE_ALLOC];
        const uint8_t *page;
        size_t len;
        int r;

        assert(c);

        r = mode_page(c, SMC_PAGE_TRANSPORT_GEOMETRY, buf, &page, &len);
        if (r < 0)
                return r;

        return smc_parse_transport_geometry(page, len, ret);
}

/* Whether a failed READ ELEMENT STATUS may succeed with a smaller allocation length:
 * devices refuse lengths they cannot buffer with a hardware error or an invalid field. */
static bool shrink_alloc(Changer *c, int r, const ScsiResult *result) {
        if (c->res_alloc <= RES_ALLOC_MIN || result->status != SCSI_STATUS_CHECK_CONDITION)
                return false;
        if (r != -EIO && r != -EINVAL)
                return false;

        c->res_alloc = SCSI_MAX(c->res_alloc / 4, RES_ALLOC_MIN);
        return true;
}

typedef struct StatusRequest {
        SmcElementType type;
        uint32_t first;         /* the lowest address wanted */
        uint32_t next;          /* one past the highest address delivered so far */
        size_t wanted;          /* how many elements: the lowest addresses from first on */
        size_t start;           /* where this request's elements begin in the list */
        size_t settled;         /* how many of them are in order and unique */
        bool dvcid;
} StatusRequest;

/* Element addresses need not be contiguous (a changer with magazines or frames leaves
 * gaps), and a reply may list its descriptors in any order, or one twice. So the
 * descriptors of the asked type at or above first are all kept, and put in order
 * afterwards; whatever the reply's order, the highest address delivered decides where
 * the next request starts. Returns 1 when next moved on, 0 when the reply brought
 * nothing beyond what was already known. */
static int keep_elements(StatusRequest *q, const SmcElementList *reply, bool drop_truncated, SmcElementList *list) {
        uint32_t next = q->next;
        bool whole_beyond = false;      /* a whole descriptor past what we had */
        uint32_t highest_whole = 0;

        for (size_t i = 0; i < reply->n; i++) {
                const SmcElement *e = reply->elements + i;

                if (e->type != q->type || e->address < q->first || e->truncated)
                        continue;
                highest_whole = SCSI_MAX(highest_whole, (uint32_t) e->address);
                if (e->address >= q->next)
                        whole_beyond = true;
        }

        for (size_t i = 0; i < reply->n; i++) {
                const SmcElement *e = reply->elements + i;
                SmcElement *n;

                if (e->type != q->type || e->address < q->first)
                        continue;
                /* A descriptor cut short because our buffer was full, past every whole
                 * one: the next request starts at it and brings it whole, as long as
                 * this reply moves next on without it. (tgt cuts the last descriptor
                 * of every reply, full buffer or not: that one is all there will be,
                 * and is kept flagged.) */
                if (e->truncated && drop_truncated && whole_beyond && e->address > highest_whole)
                        continue;

                n = smc_element_list_append(list);
                if (!n)
                        return -ENOMEM;
                *n = *e;

                next = SCSI_MAX(next, (uint32_t) e->address + 1);
        }

        if (next == q->next)
                return 0;
        q->next = next;
        return 1;
}

static int element_compare(const void *a, const void *b) {
        const SmcElement *x = a, *y = b;

        if (x->address != y->address)
                return x->address < y->address ? -1 : 1;
        /* Of two descriptors of one element, the whole one first: it is the one kept. */
        return (int) x->truncated - (int) y->truncated;
}

/* Sorts the request's elements by address, keeps one descriptor per address and no
 * more than were asked for (tgt ignores the count, and a reply may reach past it). */
static void settle_elements(StatusRequest *q, SmcElementList *list) {
        SmcElement *e = list->elements + q->start;
        size_t n = list->n - q->start, from = q->settled, kept;

        assert(from <= n);

        /* Replies mostly come in order, each after the one before: then only the new
         * descriptors need sorting, which keeps a large inventory in many small
         * requests from sorting everything again each time. */
        qsort(e + from, n - from, sizeof(SmcElement), element_compare);
        if (from > 0 && from < n && element_compare(e + from - 1, e + from) > 0) {
                qsort(e, n, sizeof(SmcElement), element_compare);
                from = 0;
        }

        kept = from;
        for (size_t i = from; i < n && kept < q->wanted; i++) {
                if (kept > 0 && e[kept - 1].address == e[i].address)
                        continue;
                if (kept != i)
                        e[kept] = e[i];
                kept++;
        }

        list->n = q->start + kept;
        q->settled = kept;
}

static int read_status_once(Changer *c, StatusRequest *q, SmcElementList *list) {
        _cleanup_free_ uint8_t *buf = NULL;
        _cleanup_(smc_element_list_done) SmcElementList reply = {};
        SmcStatusReport report;
        ScsiResult result;
        size_t per, missing;
        ScsiCdb cdb;
        int r;

        per = smc_elements_per_request(true, q->dvcid, c->res_alloc);
        if (per == 0)
                return -EINVAL;

        /* As many as are still missing, from past the highest address seen: with gaps
         * in the addresses there is no telling how far up the remaining ones are. */
        assert(list->n - q->start < q->wanted);
        assert(q->next <= UINT16_MAX);
        missing = q->wanted - (list->n - q->start);
        r = smc_build_read_element_status(&cdb, q->type, (uint16_t) q->next,
                                          (uint16_t) SCSI_MIN(missing, per),
                                          true, q->dvcid, c->res_alloc);
        if (r < 0)
                return r;

        buf = malloc(c->res_alloc);
        if (!buf)
                return -ENOMEM;

        r = run(c, &cdb, buf, c->res_alloc, TIMEOUT_STATUS_MS, &result);
        if (r < 0) {
                if (q->dvcid && scsi_command_optional(r, &result) == -EOPNOTSUPP) {
                        c->dvcid_unsupported = true;
                        q->dvcid = false;
                        return -EAGAIN;
                }
                if (shrink_alloc(c, r, &result))
                        return -EAGAIN;
                return r;
        }

        r = smc_parse_element_status(buf, result.received, q->dvcid, &reply, &report);
        if (r < 0)
                return r;

        r = keep_elements(q, &reply, result.received >= c->res_alloc, list);
        if (r < 0)
                return r;
        settle_elements(q, list);
        return r;
}

int changer_read_elements(Changer *c, SmcElementType type, uint16_t first, uint16_t count, SmcElementList *list) {
        StatusRequest q;

        assert(c);
        assert(list);

        if (type <= SMC_ELEMENT_ALL || type >= _SMC_ELEMENT_TYPE_MAX)
                return -EINVAL;
        if (count == 0)
                return 0;

        q = (StatusRequest) {
                .type = type,
                .first = first,
                .next = first,
                .wanted = count,
                .start = list->n,
                /* Only drives have an identity worth asking for. */
                .dvcid = type == SMC_ELEMENT_DATA_TRANSFER && !c->dvcid_unsupported,
        };

        /* Each round either moves next up (bounded by the address space), changes the
         * request to one the device accepts (bounded: DVCID drops once, the allocation
         * shrinks to its floor), or ends the loop. */
        while (list->n - q.start < q.wanted && q.next <= UINT16_MAX) {
                int r;

                r = read_status_once(c, &q, list);
                if (r == -EAGAIN)
                        continue;
                if (r < 0)
                        return r;
                /* Nothing past what we have: the device has fewer elements than its
                 * layout said. */
                if (r == 0)
                        break;
        }

        return 0;
}

void changer_inventory_done(ChangerInventory *inv) {
        assert(inv);

        free(inv->elements);
        *inv = (ChangerInventory) {};
}

const SmcElement *changer_inventory_find(const ChangerInventory *inv, uint16_t address) {
        assert(inv);

        for (size_t i = 0; i < inv->n_elements; i++)
                if (inv->elements[i].address == address)
                        return inv->elements + i;
        return NULL;
}

int changer_read_inventory(Changer *c, ChangerInventory *ret) {
        _cleanup_(smc_element_list_done) SmcElementList list = {};
        SmcAddressAssignment layout;
        int r;

        assert(c);
        assert(ret);

        r = changer_read_layout(c, &layout);
        if (r < 0)
                return r;

        for (SmcElementType t = SMC_ELEMENT_TRANSPORT; t < _SMC_ELEMENT_TYPE_MAX; t++) {
                r = changer_read_elements(c, t, layout.range[t].first, layout.range[t].count, &list);
                if (r < 0)
                        return r;
        }

        *ret = (ChangerInventory) {
                .layout = layout,
                .elements = TAKE_PTR(list.elements),
                .n_elements = list.n,
        };
        return 0;
}

int changer_move_medium(Changer *c, uint16_t transport, uint16_t source, uint16_t destination, bool invert) {
        ScsiResult result;
        ScsiCdb cdb;

        assert(c);

        smc_build_move_medium(&cdb, transport, source, destination, invert);
        return run(c, &cdb, NULL, 0, TIMEOUT_MOVE_MS, &result);
}

static int run_optional(Changer *c, const ScsiCdb *cdb, unsigned timeout_ms) {
        ScsiResult result;
        int r;

        r = run(c, cdb, NULL, 0, timeout_ms, &result);
        return scsi_command_optional(r, &result);
}

int changer_exchange_medium(Changer *c, uint16_t transport, uint16_t source, uint16_t destination1,
                            uint16_t destination2, bool invert1, bool invert2) {
        ScsiCdb cdb;

        assert(c);

        smc_build_exchange_medium(&cdb, transport, source, destination1, destination2, invert1, invert2);
        return run_optional(c, &cdb, TIMEOUT_MOVE_MS);
}

int changer_prevent_removal(Changer *c, bool prevent) {
        ScsiCdb cdb;

        assert(c);

        spc_build_prevent_allow(&cdb, prevent);
        return run_optional(c, &cdb, TIMEOUT_SHORT_MS);
}

int changer_position_to_element(Changer *c, uint16_t transport, uint16_t destination, bool invert) {
        ScsiCdb cdb;

        assert(c);

        smc_build_position_to_element(&cdb, transport, destination, invert);
        return run_optional(c, &cdb, TIMEOUT_MOVE_MS);
}

int changer_initialize_element_status(Changer *c) {
        ScsiCdb cdb;

        assert(c);

        smc_build_initialize_element_status(&cdb);
        return run_optional(c, &cdb, TIMEOUT_INIT_MS);
}

int changer_initialize_element_status_range(Changer *c, uint16_t first, uint16_t count) {
        ScsiCdb cdb;

        assert(c);

        smc_build_initialize_element_status_range(&cdb, false, true, first, count);
        return run_optional(c, &cdb, TIMEOUT_INIT_MS);
}
