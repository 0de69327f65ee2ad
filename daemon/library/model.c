/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "db/media-type.h"
#include "model.h"
#include "ntmsapi.h"

void library_layout_model_done(LibraryLayoutModel *m) {
        assert(m);
        free(m->drives);
        for (DbElementKind k = 0; k < _DB_ELEMENT_KIND_MAX; k++)
                free(m->addresses[k]);
        *m = (LibraryLayoutModel) {};
}

void library_inventory_model_done(LibraryInventoryModel *m) {
        assert(m);
        free(m->items);
        *m = (LibraryInventoryModel) {};
}

static DbDeviceIdentity identity_from_scsi(const ScsiIdentity *id, const char *device_name, uint32_t device_type) {
        return (DbDeviceIdentity) {
                .vendor = id->inquiry.vendor,
                .product = id->inquiry.product,
                .revision = id->inquiry.revision,
                .serial = id->serial,
                .device_name = device_name ?: "",
                .device_type = device_type,
        };
}

/* The addresses of the elements of one kind, in the (address) order of elements. */
static int addresses_of(const ChangerInventory *elements, DbElementKind kind, uint16_t **ret, uint32_t *ret_n);

int library_model_layout(const LibraryProbe *p, const ChangerInventory *elements, const char *name,
                         const char *changer_url, LibraryLayoutModel *ret) {
        _cleanup_(library_layout_model_done) LibraryLayoutModel m = {};
        uint32_t n[_DB_ELEMENT_KIND_MAX] = {};
        int r;

        assert(p);
        assert(elements);
        assert(ret);

        m.drives = calloc(p->n_drives ?: 1, sizeof(DbDeviceIdentity));
        if (!m.drives)
                return -ENOMEM;

        for (size_t i = 0; i < p->n_drives; i++) {
                const char *device_name = p->drive_names ? p->drive_names[i] : NULL;

                if (p->drive_known[i])
                        m.drives[i] = identity_from_scsi(p->drives + i, device_name, FILE_DEVICE_TAPE);
                else
                        m.drives[i] = (DbDeviceIdentity) { .device_name = device_name ?: "" };
        }

        if (!changer_url) {
                assert(p->n_drives == 1);
                m.layout = (DbLibraryLayout) {
                        .name = name,
                        .library_type = NTMS_LIBRARYTYPE_STANDALONE,
                        .n_ports = 1,
                        .drives = m.drives,
                        .n_drives = 1,
                };
                *ret = m;
                m = (LibraryLayoutModel) {};
                return 0;
        }

        for (DbElementKind k = 0; k < _DB_ELEMENT_KIND_MAX; k++) {
                if (k == DB_ELEMENT_DOOR)
                        continue;
                r = addresses_of(elements, k, &m.addresses[k], &n[k]);
                if (r < 0)
                        return r;
        }
        /* The drives are the data transfer elements, whatever the configuration says. */
        assert(n[DB_ELEMENT_DRIVE] == p->n_drives);

        m.changer = identity_from_scsi(&p->changer, changer_url, FILE_DEVICE_CHANGER);
        m.layout = (DbLibraryLayout) {
                .name = name,
                .library_type = NTMS_LIBRARYTYPE_ONLINE,
                .n_slots = n[DB_ELEMENT_SLOT],
                .n_ports = n[DB_ELEMENT_PORT],
                /* SMC reports no doors; a library with a mail slot has one that an
                 * operator opens to reach it. */
                .n_doors = n[DB_ELEMENT_PORT] > 0,
                .drives = m.drives,
                .n_drives = n[DB_ELEMENT_DRIVE],
        };
        for (DbElementKind k = 0; k < _DB_ELEMENT_KIND_MAX; k++)
                m.layout.addresses[k] = m.addresses[k];

        *ret = m;
        ret->layout.changer = &ret->changer;
        m = (LibraryLayoutModel) {};
        return 0;
}

static DbElementKind kind_of(SmcElementType t) {
        switch (t) {
        case SMC_ELEMENT_STORAGE:
                return DB_ELEMENT_SLOT;
        case SMC_ELEMENT_DATA_TRANSFER:
                return DB_ELEMENT_DRIVE;
        case SMC_ELEMENT_IMPORT_EXPORT:
                return DB_ELEMENT_PORT;
        default:
                return _DB_ELEMENT_KIND_MAX;
        }
}

static int addresses_of(const ChangerInventory *elements, DbElementKind kind, uint16_t **ret, uint32_t *ret_n) {
        uint16_t *a;
        uint32_t n = 0;

        a = calloc(elements->n_elements ?: 1, sizeof(uint16_t));
        if (!a)
                return -ENOMEM;
        for (size_t i = 0; i < elements->n_elements; i++)
                if (kind_of(elements->elements[i].type) == kind)
                        a[n++] = elements->elements[i].address;

        *ret = a;
        *ret_n = n;
        return 0;
}

int library_model_drive_ids(const ChangerInventory *elements, char ***ret, size_t *ret_n, bool *ret_known) {
        _cleanup_(strv_freep) char **ids = NULL;
        size_t n = 0;
        bool known = false;

        ids = calloc(elements->n_elements + 1, sizeof(char *));
        if (!ids)
                return -ENOMEM;
        for (size_t i = 0; i < elements->n_elements; i++) {
                const SmcElement *e = elements->elements + i;

                if (e->type != SMC_ELEMENT_DATA_TRANSFER)
                        continue;
                ids[n] = strdup(e->has_device_id ? e->device_id : "");
                if (!ids[n++])
                        return -ENOMEM;
                known = known || e->has_device_id;
        }

        *ret = TAKE_PTR(ids);
        *ret_n = n;
        *ret_known = known;
        return 0;
}

static const LibraryLabel *label_at(const LibraryScan *scan, uint16_t address) {
        for (size_t i = 0; i < scan->n_labels; i++)
                if (scan->labels[i].address == address)
                        return scan->labels + i;
        return NULL;
}

const char *library_model_omid_type(TapeLabelKind kind) {
        switch (kind) {
        case TAPE_LABEL_ANSI:
                return "ANSI";
        case TAPE_LABEL_IBM:
                return "IBM";
        default:
                return NULL;
        }
}

static void item_set_label(DbInventoryItem *it, const TapeLabel *l) {
        it->identified = true;
        it->blank = l->kind == TAPE_LABEL_BLANK;
        it->omid_type = library_model_omid_type(l->kind);
        if (it->omid_type) {
                it->omid = l->volume_serial;
                it->omid_size = strlen(l->volume_serial);
                it->omid_info = l->owner;
        }
}

int library_model_inventory(const LibraryScan *scan, const char *default_media_type, LibraryInventoryModel *ret) {
        const ChangerInventory *inv = &scan->inventory;
        LibraryInventoryModel m = {};
        bool barcodes = false;

        assert(scan);
        assert(ret);

        m.items = calloc(inv->n_elements ?: 1, sizeof(DbInventoryItem));
        if (!m.items)
                return -ENOMEM;

        for (size_t i = 0; i < inv->n_elements; i++) {
                const SmcElement *e = inv->elements + i;
                DbElementKind kind = kind_of(e->type);
                DbInventoryItem *it;
                const LibraryLabel *l;

                if (kind == _DB_ELEMENT_KIND_MAX)
                        continue;       /* the robot: a cartridge there is on its way */

                it = m.items + m.inventory.n_items++;
                *it = (DbInventoryItem) {
                        .kind = kind,
                        .address = e->address,
                        .full = e->full,
                };
                if (!e->full)
                        continue;

                if (e->has_volume_tag && e->volume_tag[0]) {
                        it->barcode = e->volume_tag;
                        barcodes = true;
                }
                if (e->source_valid) {
                        it->home_known = true;
                        it->home = e->source;
                }
                l = kind == DB_ELEMENT_SLOT ? label_at(scan, e->address) : NULL;
                if (l)
                        item_set_label(it, &l->label);
        }

        m.inventory.items = m.items;
        m.inventory.barcode_reader = barcodes;
        m.inventory.default_media_type = default_media_type;
        *ret = m;
        return 0;
}

int library_model_standalone_inventory(const DriveContent *content, const char *default_media_type,
                                       LibraryInventoryModel *ret) {
        LibraryInventoryModel m = {};

        assert(content);
        assert(ret);

        m.items = calloc(1, sizeof(DbInventoryItem));
        if (!m.items)
                return -ENOMEM;

        /* Drive 1, the only element: it has no address. */
        m.items[0] = (DbInventoryItem) {
                .kind = DB_ELEMENT_DRIVE,
                .address = 1,
                .numbered = true,
                .full = content->full,
        };
        if (content->full && content->read)
                item_set_label(m.items, &content->label);

        m.inventory = (DbInventory) {
                .items = m.items,
                .n_items = 1,
                .default_media_type = default_media_type,
        };
        *ret = m;
        return 0;
}

/* Drive product strings name the generation after one of these, e.g.
 * "ULTRIUM-TD5", "ULT3580-HH8", "Ultrium 6-SCSI", "LTO-7". */
const char *library_model_media_type_for_drive(const char *product) {
        static const char *const lto[] = {
                "LTO Ultrium 1", "LTO Ultrium 2", "LTO Ultrium 3", "LTO Ultrium 4", "LTO Ultrium 5",
                "LTO Ultrium 6", "LTO Ultrium 7", "LTO Ultrium 8", "LTO Ultrium 9",
        };
        static const char *const markers[] = { "-TD", "-HH", "ULTRIUM ", "ULTRIUM-", "LTO-", "LTO" };
        char up[32];
        size_t n;

        if (!product)
                return NULL;

        n = strnlen(product, sizeof up - 1);
        for (size_t i = 0; i < n; i++)
                up[i] = (char) toupper((unsigned char) product[i]);
        up[n] = 0;

        for (size_t i = 0; i < ELEMENTSOF(markers); i++) {
                const char *p = strstr(up, markers[i]);

                if (p) {
                        char g = p[strlen(markers[i])];

                        if (g >= '1' && g <= '9')
                                return lto[g - '1'];
                }
        }
        return NULL;
}
