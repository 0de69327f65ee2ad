/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* What every subcommand needs of the object model: whole lists, one
 * object's information, and finding the object an administrator names by
 * GUID, by name or by barcode. */

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ntms-guid.h"
#include "rsm.h"

#define POOL_DEPTH_MAX 32
#define MATCHES_SHOWN 5

DWORD rsm_enumerate(HANDLE h, const NTMS_GUID *container, DWORD type, NTMS_GUID **ret, DWORD *ret_n) {
        NTMS_GUID *list = NULL;
        DWORD n = 16, e;

        /* EnumerateNtmsObject says how many it needs; grow until it fits. */
        for (;;) {
                NTMS_GUID *l = realloc(list, (n ?: 1) * sizeof *l);
                if (!l) {
                        free(list);
                        return ERROR_NOT_ENOUGH_MEMORY;
                }
                list = l;
                e = EnumerateNtmsObject(h, (LPNTMS_GUID) container, list, &n, type, 0);
                if (e != ERROR_INSUFFICIENT_BUFFER)
                        break;
        }
        if (e != ERROR_SUCCESS) {
                free(list);
                return e;
        }
        *ret = list;
        *ret_n = n;
        return ERROR_SUCCESS;
}

DWORD rsm_get_info(HANDLE h, const NTMS_GUID *id, DWORD type, NTMS_OBJECTINFORMATIONA *info) {
        memset(info, 0, sizeof *info);
        info->dwSize = sizeof *info;
        info->dwType = type;
        return GetNtmsObjectInformationA(h, (LPNTMS_GUID) id, info);
}

int rsm_for_each_robot_library(HANDLE h, RsmLibraryFn fn, void *userdata) {
        _cleanup_free_ NTMS_GUID *list = NULL;
        int ret = RSM_EXIT_OK;
        DWORD n, e;

        e = rsm_enumerate(h, NULL, NTMS_LIBRARY, &list, &n);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("EnumerateNtmsObject", e, "listing libraries");
        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA info;
                int r;

                e = rsm_get_info(h, &list[i], NTMS_LIBRARY, &info);
                if (e == ERROR_OBJECT_NOT_FOUND)
                        continue; /* deleted while we looked */
                if (e != ERROR_SUCCESS)
                        return rsm_api_error("GetNtmsObjectInformation", e, "reading a library");
                if (info.Info.Library.LibraryType != NTMS_LIBRARYTYPE_ONLINE)
                        continue;
                r = fn(h, &list[i], &info, userdata);
                if (r != RSM_EXIT_OK)
                        ret = r;
        }
        return ret;
}

static DWORD append(NTMS_GUID **list, DWORD *n, const NTMS_GUID *id) {
        NTMS_GUID *l = realloc(*list, (*n + 1) * sizeof *l);

        if (!l)
                return ERROR_NOT_ENOUGH_MEMORY;
        l[(*n)++] = *id;
        *list = l;
        return ERROR_SUCCESS;
}

static DWORD add_pools_below(HANDLE h, const NTMS_GUID *parent, unsigned depth, NTMS_GUID **list, DWORD *n) {
        _cleanup_free_ NTMS_GUID *children = NULL;
        DWORD n_children, e;

        if (depth > POOL_DEPTH_MAX)
                return ERROR_SUCCESS;
        e = rsm_enumerate(h, parent, NTMS_MEDIA_POOL, &children, &n_children);
        if (e != ERROR_SUCCESS)
                return e;
        for (DWORD i = 0; i < n_children; i++) {
                e = append(list, n, &children[i]);
                if (e == ERROR_SUCCESS)
                        e = add_pools_below(h, &children[i], depth + 1, list, n);
                /* A pool deleted while we walk simply drops out. */
                if (e != ERROR_SUCCESS && e != ERROR_OBJECT_NOT_FOUND)
                        return e;
        }
        return ERROR_SUCCESS;
}

DWORD rsm_enumerate_pools(HANDLE h, const NTMS_GUID *root, NTMS_GUID **ret, DWORD *ret_n) {
        NTMS_GUID *list = NULL;
        DWORD n = 0, e = ERROR_SUCCESS;

        if (root)
                e = append(&list, &n, root);
        if (e == ERROR_SUCCESS)
                e = add_pools_below(h, root, 0, &list, &n);
        if (e != ERROR_SUCCESS) {
                free(list);
                return e;
        }
        *ret = list;
        *ret_n = n;
        return ERROR_SUCCESS;
}

/* --- Finding objects by name ------------------------------------------------ */

typedef struct Match {
        NTMS_GUID id;
        DWORD type;
} Match;

typedef struct Matches {
        Match *exact, *caseless;
        DWORD n_exact, n_caseless;
} Matches;

static void matches_done(Matches *m) {
        free(m->exact);
        free(m->caseless);
}

static DWORD add_match(Match **list, DWORD *n, const NTMS_GUID *id, DWORD type) {
        Match *l = realloc(*list, (*n + 1) * sizeof *l);

        if (!l)
                return ERROR_NOT_ENOUGH_MEMORY;
        l[(*n)++] = (Match) { .id = *id, .type = type };
        *list = l;
        return ERROR_SUCCESS;
}

/* The texts an object answers to besides its GUID. */
static unsigned object_keys(HANDLE h, DWORD type, const NTMS_GUID *id, const NTMS_OBJECTINFORMATIONA *info,
                            char *path, size_t path_size, const char *keys[static 3]) {
        unsigned n = 0;

        keys[n++] = info->szName;
        switch (type) {
        case NTMS_PHYSICAL_MEDIA:
                keys[n++] = info->Info.PhysicalMedia.szBarCode;
                break;
        case NTMS_DRIVE:
                keys[n++] = info->Info.Drive.szDeviceName;
                keys[n++] = info->Info.Drive.szSerialNumber;
                break;
        case NTMS_MEDIA_POOL: {
                DWORD size = (DWORD) path_size;
                if (GetNtmsMediaPoolNameA(h, (LPNTMS_GUID) id, path, &size) == ERROR_SUCCESS)
                        keys[n++] = path;
                break;
        }
        }
        return n;
}

static DWORD search(HANDLE h, DWORD type, const NTMS_GUID *container, const char *text, Matches *m) {
        _cleanup_free_ NTMS_GUID *list = NULL;
        DWORD n, e;

        e = type == NTMS_MEDIA_POOL ? rsm_enumerate_pools(h, NULL, &list, &n)
                                    : rsm_enumerate(h, container, type, &list, &n);
        if (e != ERROR_SUCCESS)
                return e;

        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA info;
                char path[NTMS_POOLHIERARCHY_LENGTH * 4];
                const char *keys[3];
                bool exact = false, caseless = false;
                unsigned n_keys;

                if (rsm_get_info(h, &list[i], type, &info) != ERROR_SUCCESS)
                        continue; /* deleted while we looked */
                n_keys = object_keys(h, type, &list[i], &info, path, sizeof path, keys);
                for (unsigned k = 0; k < n_keys; k++) {
                        if (!keys[k][0])
                                continue;
                        exact = exact || streq(keys[k], text);
                        caseless = caseless || strcasecmp(keys[k], text) == 0;
                }
                if (exact)
                        e = add_match(&m->exact, &m->n_exact, &list[i], type);
                else if (caseless)
                        e = add_match(&m->caseless, &m->n_caseless, &list[i], type);
                if (e != ERROR_SUCCESS)
                        return e;
        }
        return ERROR_SUCCESS;
}

/* Exact matches win; differences in case only count when there are none. */
static void best(const Matches *m, const Match **ret, DWORD *ret_n) {
        if (m->n_exact > 0) {
                *ret = m->exact;
                *ret_n = m->n_exact;
        } else {
                *ret = m->caseless;
                *ret_n = m->n_caseless;
        }
}

static int ambiguous(HANDLE h, const char *text, const Match *list, DWORD n) {
        _cleanup_(rsm_names_freep) RsmNames *names = rsm_names_new(h);

        fprintf(stderr, "%s: '%s' names %u objects:\n", rsm_prefix, text, n);
        for (DWORD i = 0; i < n && i < MATCHES_SHOWN; i++) {
                char guid[NTMS_GUID_STRING_MAX];

                rsm_guid_text(&list[i].id, guid);
                fprintf(stderr, "  %s  %s %s\n", guid, rsm_kind_name(list[i].type),
                        names ? rsm_name_of(names, &list[i].id, list[i].type) : "");
        }
        if (n > MATCHES_SHOWN)
                fprintf(stderr, "  ...\n");
        fprintf(stderr, "%s: give the GUID or the full name of the one you mean.\n", rsm_prefix);
        return RSM_EXIT_USAGE;
}

/* "medium", "library or media pool", "library, medium or media pool". */
static void kinds_text(const DWORD *types, size_t n, char *buf, size_t size) {
        size_t used = 0;

        buf[0] = 0;
        for (size_t i = 0; i < n && used < size; i++)
                used += (size_t) snprintf(buf + used, size - used, "%s%s",
                                          i == 0 ? "" : i + 1 == n ? " or " : ", ", rsm_kind_name(types[i]));
}

static int find_guid(HANDLE h, const DWORD *types, size_t n_types, const NTMS_GUID *id, const char *text,
                     DWORD *ret_type) {
        for (size_t i = 0; i < n_types; i++) {
                NTMS_OBJECTINFORMATIONA info;
                DWORD e = rsm_get_info(h, id, types[i], &info);

                /* rsmd answers InvalidParameter for an object of another type. */
                if (e == ERROR_OBJECT_NOT_FOUND)
                        break;
                if (e == ERROR_INVALID_PARAMETER)
                        continue;
                if (e != ERROR_SUCCESS)
                        return rsm_api_error("GetNtmsObjectInformation", e, "cannot read %s", text);
                *ret_type = types[i];
                return RSM_EXIT_OK;
        }
        return RSM_EXIT_NOT_FOUND;
}

/* RSM_EXIT_OK, RSM_EXIT_NOT_FOUND without a word (the caller knows what
 * was meant), or another status after a message. */
static int find(HANDLE h, const DWORD *types, size_t n_types, const NTMS_GUID *container, const char *text,
                DWORD *ret_type, NTMS_GUID *ret) {
        _cleanup_(matches_done) Matches m = {};
        const Match *found;
        DWORD n, e;

        if (ntms_guid_from_string(text, (NtmsGuidBytes *) ret) >= 0)
                return find_guid(h, types, n_types, ret, text, ret_type);

        for (size_t i = 0; i < n_types; i++) {
                e = search(h, types[i], container, text, &m);
                if (e != ERROR_SUCCESS)
                        return rsm_api_error("EnumerateNtmsObject", e, "cannot look for '%s'", text);
        }
        best(&m, &found, &n);
        if (n > 1)
                return ambiguous(h, text, found, n);
        if (n == 0)
                return RSM_EXIT_NOT_FOUND;
        *ret = found[0].id;
        *ret_type = found[0].type;
        return RSM_EXIT_OK;
}

static int not_found(const char *kinds, const char *text) {
        if (ntms_guid_string_valid(text))
                return rsm_fail(RSM_EXIT_NOT_FOUND, "no %s has the GUID %s", kinds, text);
        return rsm_fail(RSM_EXIT_NOT_FOUND, "no %s is named '%s'", kinds, text);
}

int rsm_lookup_any(HANDLE h, const DWORD *types, size_t n_types, size_t n_first, const NTMS_GUID *container,
                   const char *text, DWORD *ret_type, NTMS_GUID *ret, NTMS_OBJECTINFORMATIONA *info) {
        NTMS_OBJECTINFORMATIONA scratch;
        char kinds[256];
        NTMS_GUID id;
        DWORD type, e;
        int r;

        if (n_first == 0 || n_first > n_types)
                n_first = n_types;
        r = find(h, types, n_first, container, text, &type, &id);
        if (r == RSM_EXIT_NOT_FOUND && n_first < n_types)
                r = find(h, types + n_first, n_types - n_first, container, text, &type, &id);
        if (r == RSM_EXIT_NOT_FOUND) {
                kinds_text(types, n_types, kinds, sizeof kinds);
                return not_found(kinds, text);
        }
        if (r != RSM_EXIT_OK)
                return r;

        if (!info)
                info = &scratch;
        e = rsm_get_info(h, &id, type, info);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("GetNtmsObjectInformation", e, "cannot read %s '%s'", rsm_kind_name(type), text);
        *ret = id;
        if (ret_type)
                *ret_type = type;
        return RSM_EXIT_OK;
}

int rsm_lookup(HANDLE h, DWORD type, const NTMS_GUID *container, const char *text,
               NTMS_GUID *ret, NTMS_OBJECTINFORMATIONA *info) {
        return rsm_lookup_any(h, &type, 1, 1, container, text, NULL, ret, info);
}

int rsm_open_lookup(int argc, char **argv, int n_args, DWORD type, HANDLE *h, NTMS_GUID *ret,
                    NTMS_OBJECTINFORMATIONA *info) {
        int r;

        r = rsm_parse_no_options(argc, argv);
        if (r == RSM_EXIT_OK)
                r = rsm_check_args(argc - optind, n_args, n_args);
        if (r == RSM_EXIT_OK)
                r = rsm_open(h);
        if (r == RSM_EXIT_OK)
                r = rsm_lookup(*h, type, NULL, argv[optind], ret, info);
        return r;
}

/* --- Media: physical medium, side, logical medium ------------------------ */

static DWORD first_side(HANDLE h, const NTMS_GUID *container, NTMS_GUID *ret) {
        _cleanup_free_ NTMS_GUID *sides = NULL;
        DWORD n, e;

        e = rsm_enumerate(h, container, NTMS_PARTITION, &sides, &n);
        if (e != ERROR_SUCCESS)
                return e;
        memset(ret, 0, sizeof *ret);
        if (n > 0)
                *ret = sides[0];
        return ERROR_SUCCESS;
}

/* From any one of the three, the other two. */
static DWORD complete_medium(HANDLE h, DWORD given, RsmMedium *m) {
        NTMS_OBJECTINFORMATIONA side;
        DWORD e;

        if (given == NTMS_LOGICAL_MEDIA) {
                e = first_side(h, &m->logical, &m->side);
                if (e != ERROR_SUCCESS)
                        return e;
        } else if (given == NTMS_PHYSICAL_MEDIA) {
                e = first_side(h, &m->physical, &m->side);
                if (e != ERROR_SUCCESS)
                        return e;
        }

        if (!NTMS_IS_NULLGUID(m->side)) {
                e = rsm_get_info(h, &m->side, NTMS_PARTITION, &side);
                if (e != ERROR_SUCCESS)
                        return e;
                m->physical = side.Info.Partition.PhysicalMedia;
                if (given != NTMS_LOGICAL_MEDIA)
                        m->logical = side.Info.Partition.LogicalMedia;
        }
        if (NTMS_IS_NULLGUID(m->physical))
                return ERROR_OBJECT_NOT_FOUND;
        return rsm_get_info(h, &m->physical, NTMS_PHYSICAL_MEDIA, &m->info);
}

static NTMS_GUID *medium_slot(RsmMedium *m, DWORD type) {
        return type == NTMS_PHYSICAL_MEDIA ? &m->physical : type == NTMS_PARTITION ? &m->side : &m->logical;
}

int rsm_lookup_medium(HANDLE h, const char *text, RsmMedium *ret) {
        static const DWORD types[] = { NTMS_PHYSICAL_MEDIA, NTMS_PARTITION, NTMS_LOGICAL_MEDIA };
        NTMS_GUID id;
        DWORD type, e;
        int r;

        memset(ret, 0, sizeof *ret);

        /* A medium's name, its barcode and the name of its only side are
         * usually one text: the physical media first, then sides and
         * logical media. */
        r = find(h, types, 1, NULL, text, &type, &id);
        if (r == RSM_EXIT_NOT_FOUND)
                r = find(h, types + 1, ELEMENTSOF(types) - 1, NULL, text, &type, &id);
        if (r == RSM_EXIT_NOT_FOUND && !ntms_guid_string_valid(text))
                return rsm_fail(RSM_EXIT_NOT_FOUND, "no medium has the barcode or name '%s'", text);
        if (r == RSM_EXIT_NOT_FOUND)
                return not_found("medium, side or logical medium", text);
        if (r != RSM_EXIT_OK)
                return r;

        *medium_slot(ret, type) = id;
        ret->given_logical = type == NTMS_LOGICAL_MEDIA;
        e = complete_medium(h, type, ret);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("GetNtmsObjectInformation", e, "cannot read medium '%s'", text);
        return RSM_EXIT_OK;
}

/* --- Slots: by their number in the library ----------------------------------- */

static int find_slot_number(HANDLE h, const NTMS_GUID *library, DWORD number, NTMS_GUID *ret,
                            NTMS_OBJECTINFORMATIONA *info) {
        _cleanup_free_ NTMS_GUID *slots = NULL;
        NTMS_OBJECTINFORMATIONA library_info;
        DWORD n, e;

        e = rsm_enumerate(h, library, NTMS_STORAGESLOT, &slots, &n);
        if (e != ERROR_SUCCESS)
                return rsm_api_error("EnumerateNtmsObject", e, "cannot list the slots");
        for (DWORD i = 0; i < n; i++) {
                if (rsm_get_info(h, &slots[i], NTMS_STORAGESLOT, info) != ERROR_SUCCESS)
                        continue; /* gone meanwhile */
                if (info->Info.StorageSlot.Number == number) {
                        *ret = slots[i];
                        return RSM_EXIT_OK;
                }
        }
        if (rsm_get_info(h, library, NTMS_LIBRARY, &library_info) != ERROR_SUCCESS)
                library_info.szName[0] = 0;
        return rsm_fail(RSM_EXIT_NOT_FOUND, "%s has no slot %u (see 'rsm status')",
                        library_info.szName[0] ? library_info.szName : "the library", number);
}

int rsm_lookup_slot(HANDLE h, const NTMS_GUID *library, const char *text, NTMS_GUID *ret,
                    NTMS_OBJECTINFORMATIONA *info) {
        NTMS_OBJECTINFORMATIONA scratch;
        long number;
        int r;

        if (!info)
                info = &scratch;
        if (library && rsm_parse_int(text, 0, UINT32_MAX, &number) >= 0)
                return find_slot_number(h, library, (DWORD) number, ret, info);
        if (!library && !ntms_guid_string_valid(text))
                return rsm_usage("'%s' is no slot GUID; name a slot by its library and number", text);

        r = rsm_lookup(h, NTMS_STORAGESLOT, library, text, ret, info);
        if (r != RSM_EXIT_OK)
                return r;
        /* A GUID names a slot of any library. */
        if (library && memcmp(&info->Info.StorageSlot.Library, library, sizeof *library) != 0)
                return rsm_fail(RSM_EXIT_NOT_FOUND, "slot %s is in another library", text);
        return RSM_EXIT_OK;
}

/* --- Names of referenced objects ------------------------------------------- */

typedef struct NameEntry {
        NTMS_GUID id;
        char *name;
} NameEntry;

struct RsmNames {
        HANDLE session;
        NameEntry *entries;
        size_t n;
};

RsmNames *rsm_names_new(HANDLE h) {
        RsmNames *n = calloc(1, sizeof *n);

        if (n)
                n->session = h;
        return n;
}

RsmNames *rsm_names_free(RsmNames *n) {
        if (!n)
                return NULL;
        for (size_t i = 0; i < n->n; i++)
                free(n->entries[i].name);
        free(n->entries);
        free(n);
        return NULL;
}

static char *fetch_name(HANDLE h, const NTMS_GUID *id, DWORD type) {
        NTMS_OBJECTINFORMATIONA info;
        char buf[NTMS_POOLHIERARCHY_LENGTH * 4];

        if (type == NTMS_MEDIA_POOL) {
                DWORD size = sizeof buf;
                if (GetNtmsMediaPoolNameA(h, (LPNTMS_GUID) id, buf, &size) == ERROR_SUCCESS)
                        return strdup(buf);
        }
        if (rsm_get_info(h, id, type, &info) == ERROR_SUCCESS)
                return strdup(info.szName);
        rsm_guid_text(id, buf);
        return strdup(buf);
}

const char *rsm_name_of(RsmNames *n, const NTMS_GUID *id, DWORD type) {
        NameEntry *e;
        char *name;

        if (NTMS_IS_NULLGUID(*id))
                return "";
        for (size_t i = 0; i < n->n; i++)
                if (memcmp(&n->entries[i].id, id, sizeof *id) == 0)
                        return n->entries[i].name;

        name = fetch_name(n->session, id, type);
        if (!name)
                return "?";
        e = realloc(n->entries, (n->n + 1) * sizeof *e);
        if (!e) {
                free(name);
                return "?";
        }
        n->entries = e;
        n->entries[n->n++] = (NameEntry) { .id = *id, .name = name };
        return name;
}

const char *rsm_location_of(RsmNames *n, const NTMS_OBJECTINFORMATIONA *medium, char *buf, size_t size) {
        const NTMS_PMIDINFORMATIONA *p = &medium->Info.PhysicalMedia;

        /* Offline media have no location: they are on the shelf. */
        if (NTMS_IS_NULLGUID(p->Location))
                snprintf(buf, size, "offline");
        else
                snprintf(buf, size, "%s", rsm_name_of(n, &p->Location, p->LocationType));
        return buf;
}
