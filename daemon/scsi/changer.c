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
        uint32_t next;          /* first address not yet delivered */
        uint32_t end;           /* one past the last address wanted */
        bool dvcid;
} StatusRequest;

/* Keep the descriptors of one reply that belong to the request, in increasing address
 * order; returns how many were kept. */
static int keep_elements(StatusRequest *q, const SmcElementList *reply, bool drop_truncated, SmcElementList *list) {
        int kept = 0;

        for (size_t i = 0; i < reply->n; i++) {
                const SmcElement *e = reply->elements + i;
                SmcElement *n;

                if (e->type != q->type || e->address < q->next || e->address >= q->end)
                        continue;
                /* A descriptor cut short because our buffer was full comes again whole
                 * with the next request. */
                if (e->truncated && drop_truncated && kept > 0)
                        break;

                n = smc_element_list_append(list);
                if (!n)
                        return -ENOMEM;

                *n = *e;
                q->next = (uint32_t) e->address + 1;
                kept++;
        }

        return kept;
}

static int read_status_once(Changer *c, StatusRequest *q, SmcElementList *list) {
        _cleanup_free_ uint8_t *buf = NULL;
        _cleanup_(smc_element_list_done) SmcElementList reply = {};
        SmcStatusReport report;
        ScsiResult result;
        size_t per;
        ScsiCdb cdb;
        int r;

        per = smc_elements_per_request(true, q->dvcid, c->res_alloc);
        if (per == 0)
                return -EINVAL;

        r = smc_build_read_element_status(&cdb, q->type, (uint16_t) q->next,
                                          (uint16_t) SCSI_MIN((size_t) (q->end - q->next), per),
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

        return keep_elements(q, &reply, result.received >= c->res_alloc, list);
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
                .next = first,
                .end = (uint32_t) first + count,
                /* Only drives have an identity worth asking for. */
                .dvcid = type == SMC_ELEMENT_DATA_TRANSFER && !c->dvcid_unsupported,
        };

        /* Each round either delivers at least one element (and so advances next),
         * changes the request to one the device accepts (bounded: DVCID drops once, the
         * allocation shrinks to its floor), or ends the loop. */
        while (q.next < q.end) {
                int r;

                r = read_status_once(c, &q, list);
                if (r == -EAGAIN)
                        continue;
                if (r < 0)
                        return r;
                /* Nothing more in the range: the device has fewer elements than its
                 * layout said, or none at the remaining addresses. */
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
