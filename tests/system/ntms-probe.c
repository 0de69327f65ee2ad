/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* ntms-probe: what a program written against ntmsapi.h sees, through
 * libntms.so.1 and one session.
 *
 *   ntms-probe libraries
 *       enumerates the libraries and prints, one line per object:
 *         library GUID type=N state=N drives=N slots=N media=N name=NAME
 *         changer GUID library=GUID device=DEVICE
 *         drive GUID library=GUID number=N device=DEVICE
 *   ntms-probe media LIBRARY-GUID
 *       the physical media in the library, one line each:
 *         medium GUID barcode=BARCODE location_type=N side=GUID
 *   ntms-probe mount SIDE-GUID
 *       MountNtmsMedia for read, failing at once when the medium or a drive
 *       is not available; prints "mounted SIDE-GUID drive=GUID".
 *   ntms-probe dismount SIDE-GUID
 *       DismountNtmsMedia; prints "dismounted SIDE-GUID".
 *
 * Exit status 0 when every call succeeded; 1 when one failed, after a line
 * "error N CALL" on stdout (N: the documented ERROR_* value); 2 for wrong
 * usage. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ntmsapi.h>

static void guid_text(const NTMS_GUID *g, char buf[static 37]) {
        snprintf(buf, 37, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                 (unsigned) g->Data1, (unsigned) g->Data2, (unsigned) g->Data3,
                 g->Data4[0], g->Data4[1], g->Data4[2], g->Data4[3],
                 g->Data4[4], g->Data4[5], g->Data4[6], g->Data4[7]);
}

static int failed(const char *what, DWORD error) {
        printf("error %u %s\n", (unsigned) error, what);
        return 1;
}

static int guid_parse(const char *s, NTMS_GUID *g) {
        unsigned d1, d2, d3, b[8];
        int n = 0;

        if (strlen(s) != 36 ||
            sscanf(s, "%8x-%4x-%4x-%2x%2x-%2x%2x%2x%2x%2x%2x%n", &d1, &d2, &d3,
                   &b[0], &b[1], &b[2], &b[3], &b[4], &b[5], &b[6], &b[7], &n) != 11 ||
            n != 36)
                return -1;
        g->Data1 = d1;
        g->Data2 = (uint16_t) d2;
        g->Data3 = (uint16_t) d3;
        for (int i = 0; i < 8; i++)
                g->Data4[i] = (uint8_t) b[i];
        return 0;
}

/* Every object of TYPE in CONTAINER (NULL: the computer); *ret is malloc'd. */
static DWORD enumerate(HANDLE h, NTMS_GUID *container, DWORD type, NTMS_GUID **ret, DWORD *ret_n) {
        NTMS_GUID *list = NULL;
        DWORD n = 4, e;

        for (;;) {
                NTMS_GUID *l = realloc(list, (n ? n : 1) * sizeof *l);
                if (!l) {
                        free(list);
                        return ERROR_NOT_ENOUGH_MEMORY;
                }
                list = l;
                e = EnumerateNtmsObject(h, container, list, &n, type, 0);
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

static DWORD get_info(HANDLE h, NTMS_GUID *id, DWORD type, NTMS_OBJECTINFORMATIONA *info) {
        memset(info, 0, sizeof *info);
        info->dwSize = sizeof *info;
        info->dwType = type;
        return GetNtmsObjectInformationA(h, id, info);
}

static int show_parts(HANDLE h, NTMS_GUID *library, const char *library_text) {
        NTMS_OBJECTINFORMATIONA info;
        NTMS_GUID *list = NULL;
        char guid[37];
        DWORD n, e;
        int ret = 0;

        e = enumerate(h, library, NTMS_CHANGER, &list, &n);
        if (e != ERROR_SUCCESS)
                return failed("EnumerateNtmsObject(NTMS_CHANGER)", e);
        for (DWORD i = 0; i < n; i++) {
                e = get_info(h, &list[i], NTMS_CHANGER, &info);
                if (e != ERROR_SUCCESS) {
                        ret = failed("GetNtmsObjectInformation(changer)", e);
                        continue;
                }
                guid_text(&list[i], guid);
                printf("changer %s library=%s device=%s\n", guid, library_text,
                       info.Info.Changer.szDeviceName);
        }
        free(list);

        e = enumerate(h, library, NTMS_DRIVE, &list, &n);
        if (e != ERROR_SUCCESS)
                return failed("EnumerateNtmsObject(NTMS_DRIVE)", e);
        for (DWORD i = 0; i < n; i++) {
                e = get_info(h, &list[i], NTMS_DRIVE, &info);
                if (e != ERROR_SUCCESS) {
                        ret = failed("GetNtmsObjectInformation(drive)", e);
                        continue;
                }
                guid_text(&list[i], guid);
                printf("drive %s library=%s number=%u device=%s\n", guid, library_text,
                       (unsigned) info.Info.Drive.Number, info.Info.Drive.szDeviceName);
        }
        free(list);
        return ret;
}

static int libraries(HANDLE h) {
        NTMS_OBJECTINFORMATIONA info;
        NTMS_GUID *list = NULL;
        char guid[37];
        DWORD n, e;
        int ret = 0;

        e = enumerate(h, NULL, NTMS_LIBRARY, &list, &n);
        if (e != ERROR_SUCCESS)
                return failed("EnumerateNtmsObject(NTMS_LIBRARY)", e);
        for (DWORD i = 0; i < n; i++) {
                e = get_info(h, &list[i], NTMS_LIBRARY, &info);
                if (e != ERROR_SUCCESS) {
                        ret = failed("GetNtmsObjectInformation(library)", e);
                        continue;
                }
                guid_text(&list[i], guid);
                printf("library %s type=%u state=%u drives=%u slots=%u media=%u name=%s\n", guid,
                       (unsigned) info.Info.Library.LibraryType, (unsigned) info.dwOperationalState,
                       (unsigned) info.Info.Library.dwNumberOfDrives,
                       (unsigned) info.Info.Library.dwNumberOfSlots,
                       (unsigned) info.Info.Library.dwNumberOfMedia, info.szName);
                if (show_parts(h, &list[i], guid) != 0)
                        ret = 1;
        }
        free(list);
        return ret;
}

static int media(HANDLE h, const char *library_text) {
        NTMS_OBJECTINFORMATIONA info;
        NTMS_GUID library, *list = NULL, *sides = NULL;
        char guid[37], side[37];
        DWORD n, n_sides, e;
        int ret = 0;

        if (guid_parse(library_text, &library) < 0)
                return 2;
        e = enumerate(h, &library, NTMS_PHYSICAL_MEDIA, &list, &n);
        if (e != ERROR_SUCCESS)
                return failed("EnumerateNtmsObject(NTMS_PHYSICAL_MEDIA)", e);
        for (DWORD i = 0; i < n; i++) {
                e = get_info(h, &list[i], NTMS_PHYSICAL_MEDIA, &info);
                if (e != ERROR_SUCCESS) {
                        ret = failed("GetNtmsObjectInformation(physical medium)", e);
                        continue;
                }
                e = enumerate(h, &list[i], NTMS_PARTITION, &sides, &n_sides);
                if (e != ERROR_SUCCESS) {
                        ret = failed("EnumerateNtmsObject(NTMS_PARTITION)", e);
                        continue;
                }
                if (n_sides > 0)
                        guid_text(&sides[0], side);
                else
                        snprintf(side, sizeof side, "-");
                free(sides);
                guid_text(&list[i], guid);
                printf("medium %s barcode=%s location_type=%u side=%s\n", guid,
                       info.Info.PhysicalMedia.szBarCode[0] ? info.Info.PhysicalMedia.szBarCode : "-",
                       (unsigned) info.Info.PhysicalMedia.LocationType, side);
        }
        free(list);
        return ret;
}

static int mount(HANDLE h, const char *side_text) {
        NTMS_MOUNT_INFORMATION mi = { .dwSize = sizeof mi };
        NTMS_GUID side, drive = {};
        char guid[37];
        DWORD e;

        if (guid_parse(side_text, &side) < 0)
                return 2;
        e = MountNtmsMedia(h, &side, &drive, 1,
                           NTMS_MOUNT_READ | NTMS_MOUNT_ERROR_NOT_AVAILABLE | NTMS_MOUNT_ERROR_OFFLINE,
                           NTMS_PRIORITY_NORMAL, 120000, &mi);
        if (e != ERROR_SUCCESS)
                return failed("MountNtmsMedia", e);
        guid_text(&drive, guid);
        printf("mounted %s drive=%s\n", side_text, guid);
        return 0;
}

static int dismount(HANDLE h, const char *side_text) {
        NTMS_GUID side;
        DWORD e;

        if (guid_parse(side_text, &side) < 0)
                return 2;
        e = DismountNtmsMedia(h, &side, 1, 0);
        if (e != ERROR_SUCCESS)
                return failed("DismountNtmsMedia", e);
        printf("dismounted %s\n", side_text);
        return 0;
}

int main(int argc, char **argv) {
        HANDLE h;
        DWORD e;
        int ret;

        if (!(argc == 2 && strcmp(argv[1], "libraries") == 0) &&
            !(argc == 3 && (strcmp(argv[1], "media") == 0 || strcmp(argv[1], "mount") == 0 ||
                            strcmp(argv[1], "dismount") == 0))) {
                fprintf(stderr, "usage: ntms-probe libraries | media LIBRARY-GUID | mount SIDE-GUID | "
                        "dismount SIDE-GUID\n");
                return 2;
        }

        h = OpenNtmsSessionA(NULL, "ntms-probe", 0);
        if (h == INVALID_HANDLE_VALUE)
                return failed("OpenNtmsSession", GetLastError());

        if (strcmp(argv[1], "libraries") == 0)
                ret = libraries(h);
        else if (strcmp(argv[1], "media") == 0)
                ret = media(h, argv[2]);
        else if (strcmp(argv[1], "mount") == 0)
                ret = mount(h, argv[2]);
        else
                ret = dismount(h, argv[2]);
        if (ret == 2)
                fprintf(stderr, "ntms-probe: '%s' is not a GUID\n", argv[2]);

        e = CloseNtmsSession(h);
        if (e != ERROR_SUCCESS && ret == 0)
                ret = failed("CloseNtmsSession", e);
        return ret;
}
