/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <string.h>

#include "macro.h"
#include "ntmsapi.h"
#include "ntms-fields.h"

#define U(n)      { n, "u", false, 0 }
#define U_SET(n)  { n, "u", true, 0 }
#define Q(n)      { n, "q", false, 0 }
#define Q_SET(n)  { n, "q", true, 0 }
#define B(n)      { n, "b", false, 0 }
#define B_SET(n)  { n, "b", true, 0 }
#define G(n)      { n, "s", false, 0 }
#define G_SET(n)  { n, "s", true, 0 }
#define S(n, len) { n, "s", false, len }
#define T(n)      { n, "t", false, 0 }
#define X(n)      { n, "x", false, 0 }
#define AY(n, len) { n, "ay", false, len }

/* szName and szDescription are settable only for some types; the per-type
 * lists below say which by repeating them with the settable flag. */
static const NtmsField common_fields[] = {
        U("dwType"),
        T("Created"),
        T("Modified"),
        G("ObjectGuid"),
        B("Enabled"),
        U("dwOperationalState"),
        S("szName", NTMS_OBJECTNAME_LENGTH),
        S("szDescription", NTMS_DESCRIPTION_LENGTH),
};

#define NAME_SET { "szName", "s", true, NTMS_OBJECTNAME_LENGTH }
#define DESCRIPTION_SET { "szDescription", "s", true, NTMS_DESCRIPTION_LENGTH }

static const NtmsField drive_fields[] = {
        DESCRIPTION_SET,
        U("Number"), U("State"), G("DriveType"),
        S("szDeviceName", NTMS_DEVICENAME_LENGTH),
        S("szSerialNumber", NTMS_SERIALNUMBER_LENGTH),
        S("szRevision", NTMS_REVISION_LENGTH),
        Q("ScsiPort"), Q("ScsiBus"), Q("ScsiTarget"), Q("ScsiLun"),
        U("dwMountCount"), T("LastCleanedTs"), G("SavedPartitionId"), G("Library"),
        U_SET("dwDeferDismountDelay"),
};

static const NtmsField drive_type_fields[] = {
        DESCRIPTION_SET,
        S("szVendor", NTMS_VENDORNAME_LENGTH),
        S("szProduct", NTMS_PRODUCTNAME_LENGTH),
        U("NumberOfHeads"), U("DeviceType"),
};

static const NtmsField library_fields[] = {
        NAME_SET, DESCRIPTION_SET,
        U("LibraryType"), G("CleanerSlot"), G("CleanerSlotDefault"),
        B("LibrarySupportsDriveCleaning"), B("BarCodeReaderInstalled"),
        U_SET("InventoryMethod"), U_SET("dwCleanerUsesRemaining"),
        U("FirstDriveNumber"), U("dwNumberOfDrives"),
        U("FirstSlotNumber"), U("dwNumberOfSlots"),
        U("FirstDoorNumber"), U("dwNumberOfDoors"),
        U("FirstPortNumber"), U("dwNumberOfPorts"),
        U("FirstChangerNumber"), U("dwNumberOfChangers"),
        U("dwNumberOfMedia"), U("dwNumberOfMediaTypes"), U("dwNumberOfLibRequests"),
        B_SET("AutoRecovery"), U_SET("dwFlags"),
};

static const NtmsField changer_fields[] = {
        DESCRIPTION_SET,
        U("Number"), G("ChangerType"),
        S("szSerialNumber", NTMS_SERIALNUMBER_LENGTH),
        S("szRevision", NTMS_REVISION_LENGTH),
        S("szDeviceName", NTMS_DEVICENAME_LENGTH),
        Q("ScsiPort"), Q("ScsiBus"), Q("ScsiTarget"), Q("ScsiLun"),
        G("Library"),
};

static const NtmsField changer_type_fields[] = {
        DESCRIPTION_SET,
        S("szVendor", NTMS_VENDORNAME_LENGTH),
        S("szProduct", NTMS_PRODUCTNAME_LENGTH),
        U("DeviceType"),
};

static const NtmsField storage_slot_fields[] = {
        DESCRIPTION_SET,
        U("Number"), U("State"), G("Library"),
};

static const NtmsField iedoor_fields[] = {
        DESCRIPTION_SET,
        U("Number"), U("State"), Q_SET("MaxOpenSecs"), G("Library"),
};

static const NtmsField ieport_fields[] = {
        DESCRIPTION_SET,
        U("Number"), U("Content"), U("Position"), Q_SET("MaxExtendSecs"), G("Library"),
};

static const NtmsField physical_media_fields[] = {
        NAME_SET, DESCRIPTION_SET,
        G("CurrentLibrary"), G("MediaPool"), G("Location"), U("LocationType"),
        G("MediaType"), G("HomeSlot"),
        S("szBarCode", NTMS_BARCODE_LENGTH), U("BarCodeState"),
        S("szSequenceNumber", NTMS_SEQUENCE_LENGTH),
        U("MediaState"), U("dwNumberOfPartitions"), U("dwMediaTypeCode"),
        U("dwDensityCode"), G("MountedPartition"),
};

static const NtmsField logical_media_fields[] = {
        NAME_SET, DESCRIPTION_SET,
        G("MediaPool"), U("dwNumberOfPartitions"),
};

static const NtmsField partition_fields[] = {
        NAME_SET, DESCRIPTION_SET,
        G("PhysicalMedia"), G("LogicalMedia"), U("State"), Q("Side"),
        U("dwOmidLabelIdLength"), AY("OmidLabelId", NTMS_OMIDLABELID_LENGTH),
        S("szOmidLabelType", NTMS_OMIDLABELTYPE_LENGTH),
        S("szOmidLabelInfo", NTMS_OMIDLABELINFO_LENGTH),
        U("dwMountCount"), U("dwAllocateCount"), X("Capacity"),
};

static const NtmsField media_pool_fields[] = {
        NAME_SET, DESCRIPTION_SET,
        U("PoolType"), G_SET("MediaType"), G("Parent"),
        U_SET("AllocationPolicy"), U_SET("DeallocationPolicy"), U_SET("dwMaxAllocates"),
        U("dwNumberOfPhysicalMedia"), U("dwNumberOfLogicalMedia"), U("dwNumberOfMediaPools"),
};

static const NtmsField media_type_fields[] = {
        DESCRIPTION_SET,
        U("MediaType"), U("NumberOfSides"), U("ReadWriteCharacteristics"), U("DeviceType"),
};

static const NtmsField librequest_fields[] = {
        DESCRIPTION_SET,
        U("OperationCode"), U("OperationOption"), U("State"),
        G("PartitionId"), G("DriveId"), G("PhysMediaId"), G("Library"), G("SlotId"),
        T("TimeQueued"), T("TimeCompleted"),
        S("szApplication", NTMS_APPLICATIONNAME_LENGTH),
        S("szUser", NTMS_USERNAME_LENGTH),
        S("szComputer", NTMS_COMPUTERNAME_LENGTH),
        U("dwErrorCode"), G("WorkItemId"), U("dwPriority"),
};

static const NtmsField oprequest_fields[] = {
        DESCRIPTION_SET,
        U("Request"), T("Submitted"), U("State"),
        S("szMessage", NTMS_MESSAGE_LENGTH),
        U("Arg1Type"), G("Arg1"), U("Arg2Type"), G("Arg2"),
        S("szApplication", NTMS_APPLICATIONNAME_LENGTH),
        S("szUser", NTMS_USERNAME_LENGTH),
        S("szComputer", NTMS_COMPUTERNAME_LENGTH),
};

static const NtmsField computer_fields[] = {
        DESCRIPTION_SET,
        U_SET("dwLibRequestPurgeTime"), U_SET("dwOpRequestPurgeTime"),
        U_SET("dwLibRequestFlags"), U_SET("dwOpRequestFlags"), U_SET("dwMediaPoolPolicy"),
};

#define ROW(t, f) [t] = { f, ELEMENTSOF(f), #t }

static const struct {
        const NtmsField *fields;
        unsigned count;
        const char *type_name;
} by_type[NTMS_NUMBER_OF_OBJECT_TYPES] = {
        [NTMS_UNKNOWN] = { NULL, 0, "NTMS_UNKNOWN" },
        [NTMS_OBJECT] = { NULL, 0, "NTMS_OBJECT" },
        ROW(NTMS_CHANGER, changer_fields),
        ROW(NTMS_CHANGER_TYPE, changer_type_fields),
        ROW(NTMS_COMPUTER, computer_fields),
        ROW(NTMS_DRIVE, drive_fields),
        ROW(NTMS_DRIVE_TYPE, drive_type_fields),
        ROW(NTMS_IEDOOR, iedoor_fields),
        ROW(NTMS_IEPORT, ieport_fields),
        ROW(NTMS_LIBRARY, library_fields),
        ROW(NTMS_LIBREQUEST, librequest_fields),
        ROW(NTMS_LOGICAL_MEDIA, logical_media_fields),
        ROW(NTMS_MEDIA_POOL, media_pool_fields),
        ROW(NTMS_MEDIA_TYPE, media_type_fields),
        ROW(NTMS_PARTITION, partition_fields),
        ROW(NTMS_PHYSICAL_MEDIA, physical_media_fields),
        ROW(NTMS_STORAGESLOT, storage_slot_fields),
        ROW(NTMS_OPREQUEST, oprequest_fields),
        [NTMS_UI_DESTINATION] = { NULL, 0, "NTMS_UI_DESTINATION" },
};

const NtmsField *ntms_common_fields(unsigned *ret_count) {
        *ret_count = ELEMENTSOF(common_fields);
        return common_fields;
}

const NtmsField *ntms_info_fields(uint32_t type, unsigned *ret_count) {
        if (type >= ELEMENTSOF(by_type)) {
                *ret_count = 0;
                return NULL;
        }
        *ret_count = by_type[type].count;
        return by_type[type].fields;
}

static const NtmsField *find_in(const NtmsField *f, unsigned n, const char *name) {
        for (unsigned i = 0; i < n; i++)
                if (streq(f[i].name, name))
                        return &f[i];
        return NULL;
}

const NtmsField *ntms_field_find(uint32_t type, const char *name) {
        const NtmsField *f;
        unsigned n;

        /* The type's own entry wins: it carries the settable flag for szName/szDescription. */
        f = ntms_info_fields(type, &n);
        if (f) {
                const NtmsField *hit = find_in(f, n, name);
                if (hit)
                        return hit;
        }
        return find_in(common_fields, ELEMENTSOF(common_fields), name);
}

const char *ntms_object_type_name(uint32_t type) {
        if (type >= ELEMENTSOF(by_type))
                return NULL;
        return by_type[type].type_name;
}

bool ntms_object_type_valid(uint32_t type) {
        return type >= NTMS_OBJECT && type <= NTMS_OPREQUEST;
}
