/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* rsm status [LIBRARY...] [--no-empty]: each library's drives, slots, ports
 * and doors with what they hold, in the spirit of "mtx status" but with
 * names, barcodes and pools. */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rsm.h"
#include "table.h"

/* The media of one library, by the element they are in. */
typedef struct Held {
        NTMS_GUID location;
        NTMS_GUID medium;
        char barcode[NTMS_BARCODE_LENGTH];
        char name[NTMS_OBJECTNAME_LENGTH];
        NTMS_GUID pool;
} Held;

typedef struct Contents {
        Held *held;
        DWORD n;
} Contents;

static void contents_done(Contents *c) {
        free(c->held);
}

static DWORD contents_load(HANDLE h, const NTMS_GUID *library, Contents *ret) {
        _cleanup_free_ NTMS_GUID *media = NULL;
        DWORD n, e;

        e = rsm_enumerate(h, library, NTMS_PHYSICAL_MEDIA, &media, &n);
        if (e != ERROR_SUCCESS)
                return e;
        ret->held = calloc(n ?: 1, sizeof *ret->held);
        if (!ret->held)
                return ERROR_NOT_ENOUGH_MEMORY;
        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA info;
                Held *held = &ret->held[ret->n];

                if (rsm_get_info(h, &media[i], NTMS_PHYSICAL_MEDIA, &info) != ERROR_SUCCESS)
                        continue; /* gone meanwhile */
                held->location = info.Info.PhysicalMedia.Location;
                held->medium = media[i];
                held->pool = info.Info.PhysicalMedia.MediaPool;
                snprintf(held->barcode, sizeof held->barcode, "%s", info.Info.PhysicalMedia.szBarCode);
                snprintf(held->name, sizeof held->name, "%s", info.szName);
                ret->n++;
        }
        return ERROR_SUCCESS;
}

static const Held *contents_at(const Contents *c, const NTMS_GUID *element) {
        for (DWORD i = 0; i < c->n; i++)
                if (memcmp(&c->held[i].location, element, sizeof *element) == 0)
                        return &c->held[i];
        return NULL;
}

typedef struct Context {
        HANDLE session;
        RsmNames *names;
        const Contents *contents;
        bool no_empty;
        bool json;
} Context;

/* Cells for what an element holds: barcode, medium name, pool, its GUID. */
static void held_cells(Context *x, const NTMS_GUID *element, const char *cells[static 3],
                       char guid[static NTMS_GUID_STRING_MAX]) {
        const Held *held = contents_at(x->contents, element);

        cells[0] = cells[1] = cells[2] = "";
        guid[0] = 0;
        if (!held)
                return;
        cells[0] = held->barcode;
        cells[1] = held->name;
        cells[2] = rsm_name_of(x->names, &held->pool, NTMS_MEDIA_POOL);
        rsm_guid_text(&held->medium, guid);
}

typedef int (*AddRow)(Context *x, Table *t, const NTMS_GUID *id, const NTMS_OBJECTINFORMATIONA *info);

static int add_drive(Context *x, Table *t, const NTMS_GUID *id, const NTMS_OBJECTINFORMATIONA *info) {
        const NTMS_DRIVEINFORMATIONA *d = &info->Info.Drive;
        char number[16], guid[NTMS_GUID_STRING_MAX], medium[NTMS_GUID_STRING_MAX], cleaned[32];
        const char *held[3];

        held_cells(x, id, held, medium);
        rsm_guid_text(id, guid);
        rsm_format_time(&d->LastCleanedTs, x->json, cleaned, sizeof cleaned);
        return table_add_row(t, rsm_number(d->Number, number), info->szName,
                             info->Enabled ? rsm_drive_state_name(d->State) : "disabled", held[0], held[1], held[2],
                             d->szDeviceName, d->szSerialNumber, guid, medium, cleaned);
}

static int add_slot(Context *x, Table *t, const NTMS_GUID *id, const NTMS_OBJECTINFORMATIONA *info) {
        const NTMS_STORAGESLOTINFORMATION *s = &info->Info.StorageSlot;
        char number[16], guid[NTMS_GUID_STRING_MAX], medium[NTMS_GUID_STRING_MAX];
        const char *held[3];

        held_cells(x, id, held, medium);
        if (x->no_empty && !medium[0])
                return 0;
        rsm_guid_text(id, guid);
        return table_add_row(t, rsm_number(s->Number, number), rsm_slot_state_name(s->State), held[0], held[1],
                             held[2], guid, medium);
}

static int add_port(Context *x, Table *t, const NTMS_GUID *id, const NTMS_OBJECTINFORMATIONA *info) {
        const NTMS_IEPORTINFORMATION *p = &info->Info.IEPort;
        char number[16], guid[NTMS_GUID_STRING_MAX], medium[NTMS_GUID_STRING_MAX];
        const char *held[3];

        held_cells(x, id, held, medium);
        rsm_guid_text(id, guid);
        return table_add_row(t, rsm_number(p->Number, number), rsm_port_content_name(p->Content),
                             rsm_port_position_name(p->Position), held[0], held[1], held[2], guid, medium);
}

static int add_door(Context *x, Table *t, const NTMS_GUID *id, const NTMS_OBJECTINFORMATIONA *info) {
        char number[16], guid[NTMS_GUID_STRING_MAX];

        rsm_guid_text(id, guid);
        return table_add_row(t, rsm_number(info->Info.IEDoor.Number, number),
                             rsm_door_state_name(info->Info.IEDoor.State), guid);
}

/* One table per element type; the GUIDs only in JSON. */
static const struct {
        DWORD type;
        const char *key;
        const char *title;
        const char *headers[11];
        unsigned n_visible;     /* the columns after these are JSON only */
        AddRow add;
} sections[] = {
        { NTMS_DRIVE, "drives", "Drives",
          { "DRIVE", "NAME", "STATE", "BARCODE", "MEDIUM", "POOL", "DEVICE", "SERIAL", "GUID", "MEDIUM GUID",
            "LAST CLEANED" }, 7, add_drive },
        { NTMS_STORAGESLOT, "slots", "Slots",
          { "SLOT", "STATE", "BARCODE", "MEDIUM", "POOL", "GUID", "MEDIUM GUID" }, 5, add_slot },
        { NTMS_IEPORT, "ports", "Ports",
          { "PORT", "CONTENT", "POSITION", "BARCODE", "MEDIUM", "POOL", "GUID", "MEDIUM GUID" }, 6, add_port },
        { NTMS_IEDOOR, "doors", "Doors", { "DOOR", "STATE", "GUID" }, 2, add_door },
};

static Table *section_table(size_t s) {
        const char *const *h = sections[s].headers;
        Table *t;
        unsigned n = 0;

        while (n < ELEMENTSOF(sections[s].headers) && h[n])
                n++;
        t = table_new_from(h, n);
        if (!t)
                return NULL;
        table_set_numeric(t, 0);
        for (unsigned c = sections[s].n_visible; c < n; c++)
                table_set_json_only(t, c);
        return t;
}

static int section_build(Context *x, const NTMS_GUID *library, size_t s, Table **ret) {
        _cleanup_(table_freep) Table *t = section_table(s);
        _cleanup_free_ NTMS_GUID *list = NULL;
        DWORD n, e;

        if (!t)
                return rsm_fail(RSM_EXIT_API, "out of memory");
        e = rsm_enumerate(x->session, library, sections[s].type, &list, &n);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("EnumerateNtmsObject", e, "listing the %s", sections[s].key);
        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA info;

                if (rsm_get_info(x->session, &list[i], sections[s].type, &info) != ERROR_SUCCESS)
                        continue;
                if (sections[s].add(x, t, &list[i], &info) < 0)
                        return rsm_fail(RSM_EXIT_API, "out of memory");
        }
        *ret = TAKE_PTR(t);
        return RSM_EXIT_OK;
}

static void print_header(const RsmOptions *o, const NTMS_GUID *id, const NTMS_OBJECTINFORMATIONA *info,
                         DWORD media, bool first) {
        const NTMS_LIBRARYINFORMATION *l = &info->Info.Library;
        const char *state = info->Enabled ? rsm_operational_state_name(info->dwOperationalState) : "disabled";
        char guid[NTMS_GUID_STRING_MAX];

        rsm_guid_text(id, guid);
        if (o->json) {
                fputs(first ? "{" : ",{", stdout);
                fputs("\"name\":", stdout);
                json_print_string(info->szName, stdout);
                printf(",\"guid\":\"%s\",\"type\":\"%s\",\"state\":\"%s\",\"media\":%u", guid,
                       rsm_library_type_name(l->LibraryType), state, media);
                return;
        }
        printf("%s%s (%s, %s): %u drives, %u slots, %u ports, %u media\nGUID %s\n", first ? "" : "\n", info->szName,
               rsm_library_type_name(l->LibraryType), state, l->dwNumberOfDrives, l->dwNumberOfSlots,
               l->dwNumberOfPorts, media, guid);
}

static int library_status(Context *x, const RsmOptions *o, const NTMS_GUID *id,
                          const NTMS_OBJECTINFORMATIONA *info, bool first) {
        _cleanup_(contents_done) Contents contents = {};
        Table *tables[ELEMENTSOF(sections)] = {};
        int r = RSM_EXIT_OK;
        DWORD e;

        e = contents_load(x->session, id, &contents);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("EnumerateNtmsObject", e, "listing the media of %s", info->szName);
        x->contents = &contents;

        for (size_t s = 0; s < ELEMENTSOF(sections) && r == RSM_EXIT_OK; s++)
                r = section_build(x, id, s, &tables[s]);

        if (r == RSM_EXIT_OK) {
                print_header(o, id, info, contents.n, first);
                for (size_t s = 0; s < ELEMENTSOF(sections); s++) {
                        if (o->json) {
                                printf(",\"%s\":", sections[s].key);
                                table_print_json(tables[s], stdout);
                        } else if (table_rows(tables[s]) > 0) {
                                printf("\n%s\n", sections[s].title);
                                table_print(tables[s], stdout);
                        }
                }
                if (o->json)
                        putchar('}');
        }

        for (size_t s = 0; s < ELEMENTSOF(sections); s++)
                table_free(tables[s]);
        x->contents = NULL;
        return r;
}

static int run(int argc, char **argv, const RsmOptions *o) {
        static const struct option options[] = {
                { "no-empty", no_argument, NULL, 'n' },
                {}
        };
        _cleanup_session_ HANDLE h = NULL;
        _cleanup_(rsm_names_freep) RsmNames *names = NULL;
        _cleanup_free_ NTMS_GUID *list = NULL;
        Context x = {};
        DWORD n = 0, e;
        int c, r;

        while ((c = getopt_long(argc, argv, "n", options, NULL)) >= 0)
                switch (c) {
                case 'n':
                        x.no_empty = true;
                        break;
                default:
                        return rsm_bad_option();
                }

        r = rsm_open(&h);
        if (r != RSM_EXIT_OK)
                return r;
        names = rsm_names_new(h);
        if (!names)
                return rsm_fail(RSM_EXIT_API, "out of memory");
        x.session = h;
        x.names = names;
        x.json = o->json;

        /* The libraries named, or every one; look them all up before
         * printing anything, so that a wrong name leaves no half output. */
        if (optind < argc) {
                list = calloc((size_t) (argc - optind), sizeof *list);
                if (!list)
                        return rsm_fail(RSM_EXIT_API, "out of memory");
                for (int i = optind; i < argc; i++) {
                        r = rsm_lookup(h, NTMS_LIBRARY, NULL, argv[i], &list[n++], NULL);
                        if (r != RSM_EXIT_OK)
                                return r;
                }
        } else {
                e = rsm_enumerate(h, NULL, NTMS_LIBRARY, &list, &n);
                if (e != ERROR_SUCCESS)
                        return rsm_api_error("EnumerateNtmsObject", e, "listing libraries");
        }

        if (o->json)
                fputs("{\"libraries\":[", stdout);
        bool first = true;
        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA info;

                e = rsm_get_info(h, &list[i], NTMS_LIBRARY, &info);
                if (e == ERROR_OBJECT_NOT_FOUND)
                        continue; /* deleted meanwhile */
                if (e != ERROR_SUCCESS)
                        return rsm_api_error("GetNtmsObjectInformation", e, "reading a library");
                r = library_status(&x, o, &list[i], &info, first);
                if (r != RSM_EXIT_OK)
                        return r;
                first = false;
        }
        if (o->json)
                puts("]}");
        return RSM_EXIT_OK;
}

const Command rsm_command_status = {
        .name = "status",
        .run = run,
        .synopsis = "[LIBRARY...] [--no-empty]",
        .summary = "Show each library's drives, slots, ports and doors with what they hold",
        .help = "For every library, or the ones named: each drive with its state and the\n"
                "medium in it, each slot with the barcode, name and pool of its medium,\n"
                "each port and door. With --json one object {\"libraries\": [...]} whose\n"
                "entries carry the lists \"drives\", \"slots\", \"ports\" and \"doors\" with the\n"
                "GUIDs of elements and media, and when each drive was last cleaned.\n"
                "\n"
                "Options:\n"
                "  -n, --no-empty  leave out empty slots\n",
};
