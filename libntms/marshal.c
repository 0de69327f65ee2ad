/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "call.h"
#include "macro.h"
#include "marshal.h"
#include "systemtime.h"
#include "wide.h"

#define MIN(a, b) ((a) < (b) ? (a) : (b))

typedef struct FieldOffset {
        const char *name;
        size_t offset;
} FieldOffset;

typedef struct Layout {
        const FieldOffset *fields;
        unsigned count;
} Layout;

_Static_assert(offsetof(NTMS_OBJECTINFORMATIONA, dwSize) == offsetof(NTMS_OBJECTINFORMATIONW, dwSize), "dwSize");
_Static_assert(offsetof(NTMS_OBJECTINFORMATIONA, dwType) == offsetof(NTMS_OBJECTINFORMATIONW, dwType), "dwType");

/* Field lists, written once and laid over the A and the W structure: the
 * member names are the same in both, only the offsets differ. */
#define F(S, f)      { #f, offsetof(S, f) },
#define I(S, M, f)   { #f, offsetof(S, Info.M.f) },

#define COMMON(S) \
        F(S, dwType) F(S, Created) F(S, Modified) F(S, ObjectGuid) F(S, Enabled) \
        F(S, dwOperationalState) F(S, szName) F(S, szDescription)

#define DRIVE(S) \
        I(S, Drive, Number) I(S, Drive, State) I(S, Drive, DriveType) I(S, Drive, szDeviceName) \
        I(S, Drive, szSerialNumber) I(S, Drive, szRevision) I(S, Drive, ScsiPort) \
        I(S, Drive, ScsiBus) I(S, Drive, ScsiTarget) I(S, Drive, ScsiLun) \
        I(S, Drive, dwMountCount) I(S, Drive, LastCleanedTs) I(S, Drive, SavedPartitionId) \
        I(S, Drive, Library) I(S, Drive, dwDeferDismountDelay)

#define DRIVE_TYPE(S) \
        I(S, DriveType, szVendor) I(S, DriveType, szProduct) I(S, DriveType, NumberOfHeads) \
        I(S, DriveType, DeviceType)

#define LIBRARY(S) \
        I(S, Library, LibraryType) I(S, Library, CleanerSlot) I(S, Library, CleanerSlotDefault) \
        I(S, Library, LibrarySupportsDriveCleaning) I(S, Library, BarCodeReaderInstalled) \
        I(S, Library, InventoryMethod) I(S, Library, dwCleanerUsesRemaining) \
        I(S, Library, FirstDriveNumber) I(S, Library, dwNumberOfDrives) \
        I(S, Library, FirstSlotNumber) I(S, Library, dwNumberOfSlots) \
        I(S, Library, FirstDoorNumber) I(S, Library, dwNumberOfDoors) \
        I(S, Library, FirstPortNumber) I(S, Library, dwNumberOfPorts) \
        I(S, Library, FirstChangerNumber) I(S, Library, dwNumberOfChangers) \
        I(S, Library, dwNumberOfMedia) I(S, Library, dwNumberOfMediaTypes) \
        I(S, Library, dwNumberOfLibRequests) I(S, Library, AutoRecovery) I(S, Library, dwFlags)

#define CHANGER(S) \
        I(S, Changer, Number) I(S, Changer, ChangerType) I(S, Changer, szSerialNumber) \
        I(S, Changer, szRevision) I(S, Changer, szDeviceName) I(S, Changer, ScsiPort) \
        I(S, Changer, ScsiBus) I(S, Changer, ScsiTarget) I(S, Changer, ScsiLun) \
        I(S, Changer, Library)

#define CHANGER_TYPE(S) \
        I(S, ChangerType, szVendor) I(S, ChangerType, szProduct) I(S, ChangerType, DeviceType)

#define STORAGE_SLOT(S) \
        I(S, StorageSlot, Number) I(S, StorageSlot, State) I(S, StorageSlot, Library)

#define IEDOOR(S) \
        I(S, IEDoor, Number) I(S, IEDoor, State) I(S, IEDoor, MaxOpenSecs) I(S, IEDoor, Library)

#define IEPORT(S) \
        I(S, IEPort, Number) I(S, IEPort, Content) I(S, IEPort, Position) \
        I(S, IEPort, MaxExtendSecs) I(S, IEPort, Library)

#define PHYSICAL_MEDIA(S) \
        I(S, PhysicalMedia, CurrentLibrary) I(S, PhysicalMedia, MediaPool) \
        I(S, PhysicalMedia, Location) I(S, PhysicalMedia, LocationType) \
        I(S, PhysicalMedia, MediaType) I(S, PhysicalMedia, HomeSlot) \
        I(S, PhysicalMedia, szBarCode) I(S, PhysicalMedia, BarCodeState) \
        I(S, PhysicalMedia, szSequenceNumber) I(S, PhysicalMedia, MediaState) \
        I(S, PhysicalMedia, dwNumberOfPartitions) I(S, PhysicalMedia, dwMediaTypeCode) \
        I(S, PhysicalMedia, dwDensityCode) I(S, PhysicalMedia, MountedPartition)

#define LOGICAL_MEDIA(S) \
        I(S, LogicalMedia, MediaPool) I(S, LogicalMedia, dwNumberOfPartitions)

#define PARTITION(S) \
        I(S, Partition, PhysicalMedia) I(S, Partition, LogicalMedia) I(S, Partition, State) \
        I(S, Partition, Side) I(S, Partition, dwOmidLabelIdLength) I(S, Partition, OmidLabelId) \
        I(S, Partition, szOmidLabelType) I(S, Partition, szOmidLabelInfo) \
        I(S, Partition, dwMountCount) I(S, Partition, dwAllocateCount) I(S, Partition, Capacity)

#define MEDIA_POOL(S) \
        I(S, MediaPool, PoolType) I(S, MediaPool, MediaType) I(S, MediaPool, Parent) \
        I(S, MediaPool, AllocationPolicy) I(S, MediaPool, DeallocationPolicy) \
        I(S, MediaPool, dwMaxAllocates) I(S, MediaPool, dwNumberOfPhysicalMedia) \
        I(S, MediaPool, dwNumberOfLogicalMedia) I(S, MediaPool, dwNumberOfMediaPools)

#define MEDIA_TYPE(S) \
        I(S, MediaType, MediaType) I(S, MediaType, NumberOfSides) \
        I(S, MediaType, ReadWriteCharacteristics) I(S, MediaType, DeviceType)

#define LIBREQUEST(S) \
        I(S, LibRequest, OperationCode) I(S, LibRequest, OperationOption) I(S, LibRequest, State) \
        I(S, LibRequest, PartitionId) I(S, LibRequest, DriveId) I(S, LibRequest, PhysMediaId) \
        I(S, LibRequest, Library) I(S, LibRequest, SlotId) I(S, LibRequest, TimeQueued) \
        I(S, LibRequest, TimeCompleted) I(S, LibRequest, szApplication) I(S, LibRequest, szUser) \
        I(S, LibRequest, szComputer) I(S, LibRequest, dwErrorCode) I(S, LibRequest, WorkItemId) \
        I(S, LibRequest, dwPriority)

#define OPREQUEST(S) \
        I(S, OpRequest, Request) I(S, OpRequest, Submitted) I(S, OpRequest, State) \
        I(S, OpRequest, szMessage) I(S, OpRequest, Arg1Type) I(S, OpRequest, Arg1) \
        I(S, OpRequest, Arg2Type) I(S, OpRequest, Arg2) I(S, OpRequest, szApplication) \
        I(S, OpRequest, szUser) I(S, OpRequest, szComputer)

#define COMPUTER(S) \
        I(S, Computer, dwLibRequestPurgeTime) I(S, Computer, dwOpRequestPurgeTime) \
        I(S, Computer, dwLibRequestFlags) I(S, Computer, dwOpRequestFlags) \
        I(S, Computer, dwMediaPoolPolicy)

#define LAYOUT(S, LIST) \
        { (const FieldOffset[]) { LIST(S) }, \
          sizeof((const FieldOffset[]) { LIST(S) }) / sizeof(FieldOffset) }

#define LAYOUTS(S) {                                            \
        [NTMS_CHANGER] = LAYOUT(S, CHANGER),                    \
        [NTMS_CHANGER_TYPE] = LAYOUT(S, CHANGER_TYPE),          \
        [NTMS_COMPUTER] = LAYOUT(S, COMPUTER),                  \
        [NTMS_DRIVE] = LAYOUT(S, DRIVE),                        \
        [NTMS_DRIVE_TYPE] = LAYOUT(S, DRIVE_TYPE),              \
        [NTMS_IEDOOR] = LAYOUT(S, IEDOOR),                      \
        [NTMS_IEPORT] = LAYOUT(S, IEPORT),                      \
        [NTMS_LIBRARY] = LAYOUT(S, LIBRARY),                    \
        [NTMS_LIBREQUEST] = LAYOUT(S, LIBREQUEST),              \
        [NTMS_LOGICAL_MEDIA] = LAYOUT(S, LOGICAL_MEDIA),        \
        [NTMS_MEDIA_POOL] = LAYOUT(S, MEDIA_POOL),              \
        [NTMS_MEDIA_TYPE] = LAYOUT(S, MEDIA_TYPE),              \
        [NTMS_PARTITION] = LAYOUT(S, PARTITION),                \
        [NTMS_PHYSICAL_MEDIA] = LAYOUT(S, PHYSICAL_MEDIA),      \
        [NTMS_STORAGESLOT] = LAYOUT(S, STORAGE_SLOT),           \
        [NTMS_OPREQUEST] = LAYOUT(S, OPREQUEST),                \
}

static const Layout common_a = LAYOUT(NTMS_OBJECTINFORMATIONA, COMMON);
static const Layout common_w = LAYOUT(NTMS_OBJECTINFORMATIONW, COMMON);
static const Layout info_a[NTMS_NUMBER_OF_OBJECT_TYPES] = LAYOUTS(NTMS_OBJECTINFORMATIONA);
static const Layout info_w[NTMS_NUMBER_OF_OBJECT_TYPES] = LAYOUTS(NTMS_OBJECTINFORMATIONW);

typedef enum FieldKind {
        KIND_DWORD,
        KIND_WORD,
        KIND_BOOL,
        KIND_GUID,
        KIND_STRING,
        KIND_TIME,
        KIND_INT64,
        KIND_BYTES,
        KIND_UNKNOWN,
} FieldKind;

static FieldKind field_kind(const NtmsField *f) {
        if (streq(f->signature, "u"))
                return KIND_DWORD;
        if (streq(f->signature, "q"))
                return KIND_WORD;
        if (streq(f->signature, "b"))
                return KIND_BOOL;
        if (streq(f->signature, "s"))
                return f->max_chars > 0 ? KIND_STRING : KIND_GUID;
        if (streq(f->signature, "t"))
                return KIND_TIME;
        if (streq(f->signature, "x"))
                return KIND_INT64;
        if (streq(f->signature, "ay"))
                return KIND_BYTES;
        return KIND_UNKNOWN;
}

size_t marshal_info_size(bool wide) {
        return wide ? sizeof(NTMS_OBJECTINFORMATIONW) : sizeof(NTMS_OBJECTINFORMATIONA);
}

NTMS_GUID *info_object_guid(void *info, bool wide) {
        return wide ? &((NTMS_OBJECTINFORMATIONW *) info)->ObjectGuid
                    : &((NTMS_OBJECTINFORMATIONA *) info)->ObjectGuid;
}

static bool layout_find(const Layout *l, const char *name, size_t *ret) {
        for (unsigned i = 0; i < l->count; i++)
                if (streq(l->fields[i].name, name)) {
                        *ret = l->fields[i].offset;
                        return true;
                }
        return false;
}

bool marshal_field_offset(uint32_t type, const char *name, bool wide, size_t *ret) {
        const Layout *info = wide ? info_w : info_a;

        if (type < NTMS_NUMBER_OF_OBJECT_TYPES && info[type].fields &&
            layout_find(&info[type], name, ret))
                return true;
        return layout_find(wide ? &common_w : &common_a, name, ret);
}

/* ---- reading ------------------------------------------------------------ */

static void store_string(void *p, const char *s, size_t max_chars, bool wide) {
        if (wide)
                utf8_to_wide_buf(s, p, max_chars);
        else
                utf8_copy_buf(s, p, max_chars);
}

static int read_value(sd_bus_message *m, const NtmsField *f, uint8_t *p, bool wide) {
        int r;

        switch (field_kind(f)) {
        case KIND_DWORD: {
                uint32_t v;
                r = sd_bus_message_read_basic(m, 'u', &v);
                if (r >= 0)
                        memcpy(p, &v, sizeof(DWORD));
                return r;
        }
        case KIND_WORD: {
                uint16_t v;
                r = sd_bus_message_read_basic(m, 'q', &v);
                if (r >= 0)
                        memcpy(p, &v, sizeof(WORD));
                return r;
        }
        case KIND_BOOL: {
                int v;
                r = sd_bus_message_read_basic(m, 'b', &v);
                if (r >= 0) {
                        BOOL b = !!v;
                        memcpy(p, &b, sizeof b);
                }
                return r;
        }
        case KIND_GUID: {
                const char *s;
                NTMS_GUID g;
                r = sd_bus_message_read_basic(m, 's', &s);
                if (r < 0)
                        return r;
                if (ntms_guid_parse(s, &g) != ERROR_SUCCESS)
                        return -EBADMSG;
                memcpy(p, &g, sizeof g);
                return 0;
        }
        case KIND_STRING: {
                const char *s;
                r = sd_bus_message_read_basic(m, 's', &s);
                if (r >= 0)
                        store_string(p, s, f->max_chars, wide);
                return r;
        }
        case KIND_TIME: {
                uint64_t v;
                SYSTEMTIME st;
                r = sd_bus_message_read_basic(m, 't', &v);
                if (r >= 0) {
                        systemtime_from_usec(v, &st);
                        memcpy(p, &st, sizeof st);
                }
                return r;
        }
        case KIND_INT64: {
                int64_t v;
                r = sd_bus_message_read_basic(m, 'x', &v);
                if (r >= 0)
                        memcpy(p, &v, sizeof v); /* LARGE_INTEGER.QuadPart */
                return r;
        }
        case KIND_BYTES: {
                const void *data;
                size_t n;
                r = sd_bus_message_read_array(m, 'y', &data, &n);
                if (r >= 0)
                        memcpy(p, data, MIN(n, (size_t) f->max_chars));
                return r;
        }
        default:
                return -EBADMSG;
        }
}

static int read_entry(sd_bus_message *m, uint8_t *base, uint32_t type, bool wide) {
        const NtmsField *f;
        const char *key;
        size_t offset;
        int r;

        r = sd_bus_message_read_basic(m, 's', &key);
        if (r < 0)
                return r;

        f = ntms_field_find(type, key);
        if (!f || streq(key, "dwType") || !marshal_field_offset(type, key, wide, &offset))
                /* dwType stays what the caller asked for; unknown keys may
                 * come from a newer rsmd. */
                return sd_bus_message_skip(m, "v");

        r = sd_bus_message_enter_container(m, 'v', f->signature);
        if (r == -ENXIO)
                return sd_bus_message_skip(m, "v"); /* not the agreed signature: ignore */
        if (r < 0)
                return r;
        r = read_value(m, f, base + offset, wide);
        if (r < 0)
                return r;
        return sd_bus_message_exit_container(m);
}

DWORD marshal_read_info(sd_bus_message *m, void *info, bool wide) {
        uint8_t *base = info;
        uint32_t type = info_type(info);
        size_t head = offsetof(NTMS_OBJECTINFORMATIONA, dwType) + sizeof(DWORD);
        int r;

        memset(base + head, 0, marshal_info_size(wide) - head);

        r = sd_bus_message_enter_container(m, 'a', "{sv}");
        if (r < 0)
                return NTMS_ERROR_PROTOCOL;
        for (;;) {
                r = sd_bus_message_enter_container(m, 'e', "sv");
                if (r < 0)
                        return NTMS_ERROR_PROTOCOL;
                if (r == 0)
                        break;
                r = read_entry(m, base, type, wide);
                if (r < 0)
                        return NTMS_ERROR_PROTOCOL;
                r = sd_bus_message_exit_container(m);
                if (r < 0)
                        return NTMS_ERROR_PROTOCOL;
        }
        r = sd_bus_message_exit_container(m);
        return r < 0 ? NTMS_ERROR_PROTOCOL : ERROR_SUCCESS;
}

/* ---- writing ------------------------------------------------------------ */

/* Text from a fixed array: it must be terminated inside the array. */
static DWORD string_from_array(const uint8_t *p, size_t max_chars, bool wide, char **ret) {
        if (wide) {
                int r = wide_to_utf8((const wchar_t *) p, max_chars, ret);
                if (r == -ENOMEM)
                        return ERROR_NOT_ENOUGH_MEMORY;
                return r < 0 ? ERROR_INVALID_PARAMETER : ERROR_SUCCESS;
        }

        size_t n = strnlen((const char *) p, max_chars);
        if (n == max_chars || !utf8_valid((const char *) p, n))
                return ERROR_INVALID_PARAMETER;
        *ret = strndup((const char *) p, n);
        return *ret ? ERROR_SUCCESS : ERROR_NOT_ENOUGH_MEMORY;
}

/* A BYTE array's significant length is in the DWORD named dw<Name>Length
 * (OmidLabelId → dwOmidLabelIdLength). */
static DWORD byte_array_length(const uint8_t *base, uint32_t type, const NtmsField *f,
                               bool wide, size_t *ret) {
        char name[64];
        size_t offset;
        DWORD n;

        snprintf(name, sizeof name, "dw%sLength", f->name);
        if (!marshal_field_offset(type, name, wide, &offset))
                return ERROR_INVALID_PARAMETER;
        memcpy(&n, base + offset, sizeof n);
        if (n > f->max_chars)
                return ERROR_INVALID_PARAMETER;
        *ret = n;
        return ERROR_SUCCESS;
}

static DWORD append_value(sd_bus_message *m, const NtmsField *f, const uint8_t *base,
                          size_t offset, uint32_t type, bool wide) {
        const uint8_t *p = base + offset;
        int r;

        r = sd_bus_message_open_container(m, 'v', f->signature);
        if (r < 0)
                return ERROR_NOT_ENOUGH_MEMORY;

        switch (field_kind(f)) {
        case KIND_DWORD: {
                DWORD v;
                memcpy(&v, p, sizeof v);
                r = sd_bus_message_append_basic(m, 'u', &(uint32_t) { v });
                break;
        }
        case KIND_WORD: {
                WORD v;
                memcpy(&v, p, sizeof v);
                r = sd_bus_message_append_basic(m, 'q', &(uint16_t) { v });
                break;
        }
        case KIND_BOOL: {
                BOOL v;
                memcpy(&v, p, sizeof v);
                r = sd_bus_message_append_basic(m, 'b', &(int) { !!v });
                break;
        }
        case KIND_GUID: {
                NTMS_GUID g;
                memcpy(&g, p, sizeof g);
                r = ntms_append_guid_or_empty(m, &g);
                break;
        }
        case KIND_STRING: {
                _cleanup_free_ char *s = NULL;
                DWORD e = string_from_array(p, f->max_chars, wide, &s);
                if (e != ERROR_SUCCESS)
                        return e;
                r = sd_bus_message_append_basic(m, 's', s);
                break;
        }
        case KIND_TIME: {
                SYSTEMTIME st;
                memcpy(&st, p, sizeof st);
                r = sd_bus_message_append_basic(m, 't', &(uint64_t) { systemtime_to_usec(&st) });
                break;
        }
        case KIND_INT64: {
                int64_t v;
                memcpy(&v, p, sizeof v);
                r = sd_bus_message_append_basic(m, 'x', &v);
                break;
        }
        case KIND_BYTES: {
                size_t n;
                DWORD e = byte_array_length(base, type, f, wide, &n);
                if (e != ERROR_SUCCESS)
                        return e;
                r = sd_bus_message_append_array(m, 'y', p, n);
                break;
        }
        default:
                return ERROR_INVALID_PARAMETER;
        }
        if (r < 0)
                return r == -EINVAL ? ERROR_INVALID_PARAMETER : ERROR_NOT_ENOUGH_MEMORY;

        r = sd_bus_message_close_container(m);
        return r < 0 ? ERROR_NOT_ENOUGH_MEMORY : ERROR_SUCCESS;
}

static DWORD append_entry(sd_bus_message *m, const NtmsField *f, const uint8_t *base,
                          uint32_t type, bool wide) {
        size_t offset;
        DWORD e;
        int r;

        if (!marshal_field_offset(type, f->name, wide, &offset))
                return ERROR_INVALID_PARAMETER;

        r = sd_bus_message_open_container(m, 'e', "sv");
        if (r >= 0)
                r = sd_bus_message_append_basic(m, 's', f->name);
        if (r < 0)
                return ERROR_NOT_ENOUGH_MEMORY;
        e = append_value(m, f, base, offset, type, wide);
        if (e != ERROR_SUCCESS)
                return e;
        r = sd_bus_message_close_container(m);
        return r < 0 ? ERROR_NOT_ENOUGH_MEMORY : ERROR_SUCCESS;
}

static bool listed_in(const NtmsField *list, unsigned n, const char *name) {
        for (unsigned i = 0; i < n; i++)
                if (streq(list[i].name, name))
                        return true;
        return false;
}

DWORD marshal_append_info(sd_bus_message *m, const void *info, bool wide,
                          FieldFilter want, const void *userdata) {
        const uint8_t *base = info;
        uint32_t type = info_type(info);
        const NtmsField *common, *own;
        unsigned n_common, n_own;
        DWORD e;
        int r;

        common = ntms_common_fields(&n_common);
        own = ntms_info_fields(type, &n_own);

        r = sd_bus_message_open_container(m, 'a', "{sv}");
        if (r < 0)
                return ERROR_NOT_ENOUGH_MEMORY;

        /* A type may repeat a common field (szName, szDescription) to mark
         * it settable: its own entry wins and the field goes out once. */
        for (unsigned i = 0; i < n_common; i++) {
                if (listed_in(own, n_own, common[i].name) || !want(&common[i], userdata))
                        continue;
                e = append_entry(m, &common[i], base, type, wide);
                if (e != ERROR_SUCCESS)
                        return e;
        }
        for (unsigned i = 0; i < n_own; i++) {
                if (!want(&own[i], userdata))
                        continue;
                e = append_entry(m, &own[i], base, type, wide);
                if (e != ERROR_SUCCESS)
                        return e;
        }

        r = sd_bus_message_close_container(m);
        return r < 0 ? ERROR_NOT_ENOUGH_MEMORY : ERROR_SUCCESS;
}

bool marshal_want_settable(const NtmsField *f, const void *userdata) {
        return f->settable;
}

bool marshal_want_named(const NtmsField *f, const void *userdata) {
        for (const char *const *n = userdata; *n; n++)
                if (streq(*n, f->name))
                        return true;
        return false;
}
