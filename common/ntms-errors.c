/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <stdio.h>
#include <string.h>

#include "macro.h"
#include "ntmsapi.h"
#include "ntms-bus.h"
#include "ntms-errors.h"

#define E(code, bus) { code, #code, NTMS_BUS_ERROR_PREFIX #bus }

static const NtmsErrorInfo table[] = {
        E(ERROR_SUCCESS, Success),
        E(ERROR_ACCESS_DENIED, AccessDenied),
        E(ERROR_INVALID_HANDLE, InvalidHandle),
        E(ERROR_NOT_ENOUGH_MEMORY, NotEnoughMemory),
        E(ERROR_BAD_FORMAT, BadFormat),
        E(ERROR_INVALID_DRIVE, InvalidDrive),
        E(ERROR_WRITE_PROTECT, WriteProtect),
        E(ERROR_NOT_READY, NotReady),
        E(ERROR_SHARING_VIOLATION, SharingViolation),
        E(ERROR_INVALID_PARAMETER, InvalidParameter),
        E(ERROR_CALL_NOT_IMPLEMENTED, CallNotImplemented),
        E(ERROR_INSUFFICIENT_BUFFER, InsufficientBuffer),
        E(ERROR_INVALID_NAME, InvalidName),
        E(ERROR_BUSY, Busy),
        E(ERROR_ALREADY_EXISTS, AlreadyExists),
        E(ERROR_NO_DATA, NoData),
        E(ERROR_MORE_DATA, MoreData),
        E(ERROR_CONNECTION_UNAVAIL, ConnectionUnavail),
        E(ERROR_INVALID_COMPUTERNAME, InvalidComputername),
        E(ERROR_NO_NETWORK, NoNetwork),
        E(ERROR_CANCELLED, Cancelled),
        E(ERROR_NO_SECURITY_ON_OBJECT, NoSecurityOnObject),
        E(ERROR_TIMEOUT, Timeout),
        E(RPC_S_NO_INTERFACES, RpcNoInterfaces),
        E(ERROR_NOT_CONNECTED, NotConnected),
        E(ERROR_INVALID_MEDIA, InvalidMedia),
        E(ERROR_INVALID_LIBRARY, InvalidLibrary),
        E(ERROR_INVALID_MEDIA_POOL, InvalidMediaPool),
        E(ERROR_DRIVE_MEDIA_MISMATCH, DriveMediaMismatch),
        E(ERROR_MEDIA_OFFLINE, MediaOffline),
        E(ERROR_LIBRARY_OFFLINE, LibraryOffline),
        E(ERROR_EMPTY, Empty),
        E(ERROR_NOT_EMPTY, NotEmpty),
        E(ERROR_MEDIA_UNAVAILABLE, MediaUnavailable),
        E(ERROR_RESOURCE_DISABLED, ResourceDisabled),
        E(ERROR_INVALID_CLEANER, InvalidCleaner),
        E(ERROR_UNABLE_TO_CLEAN, UnableToClean),
        E(ERROR_OBJECT_NOT_FOUND, ObjectNotFound),
        E(ERROR_DATABASE_FAILURE, DatabaseFailure),
        E(ERROR_DATABASE_FULL, DatabaseFull),
        E(ERROR_MEDIA_INCOMPATIBLE, MediaIncompatible),
        E(ERROR_RESOURCE_NOT_PRESENT, ResourceNotPresent),
        E(ERROR_INVALID_OPERATION, InvalidOperation),
        E(ERROR_MEDIA_NOT_AVAILABLE, MediaNotAvailable),
        E(ERROR_DEVICE_NOT_AVAILABLE, DeviceNotAvailable),
        E(ERROR_REQUEST_REFUSED, RequestRefused),
        E(ERROR_INVALID_DRIVE_OBJECT, InvalidDriveObject),
        E(ERROR_LIBRARY_FULL, LibraryFull),
        E(ERROR_MEDIUM_NOT_ACCESSIBLE, MediumNotAccessible),
        E(ERROR_UNABLE_TO_LOAD_MEDIUM, UnableToLoadMedium),
        E(ERROR_UNABLE_TO_INVENTORY_DRIVE, UnableToInventoryDrive),
        E(ERROR_UNABLE_TO_INVENTORY_SLOT, UnableToInventorySlot),
        E(ERROR_UNABLE_TO_INVENTORY_TRANSPORT, UnableToInventoryTransport),
        E(ERROR_TRANSPORT_FULL, TransportFull),
        E(ERROR_CONTROLLING_IEPORT, ControllingIeport),
        E(ERROR_UNABLE_TO_EJECT_MOUNTED_MEDIA, UnableToEjectMountedMedia),
        E(ERROR_CLEANER_SLOT_SET, CleanerSlotSet),
        E(ERROR_CLEANER_SLOT_NOT_SET, CleanerSlotNotSet),
        E(ERROR_CLEANER_CARTRIDGE_SPENT, CleanerCartridgeSpent),
        E(ERROR_UNEXPECTED_OMID, UnexpectedOmid),
        E(ERROR_CANT_DELETE_LAST_ITEM, CantDeleteLastItem),
        E(ERROR_MESSAGE_EXCEEDS_MAX_SIZE, MessageExceedsMaxSize),
        E(ERROR_VOLUME_CONTAINS_SYS_FILES, VolumeContainsSysFiles),
        E(ERROR_INDIGENOUS_TYPE, IndigenousType),
        E(ERROR_NO_SUPPORTING_DRIVES, NoSupportingDrives),
        E(ERROR_CLEANER_CARTRIDGE_INSTALLED, CleanerCartridgeInstalled),
        E(ERROR_IEPORT_FULL, IeportFull),
        E(ERROR_INVALID_STATE, InvalidState),
        E(ERROR_ALREADY_RESERVED, AlreadyReserved),
        E(ERROR_DUPLICATE_OMID, DuplicateOmid),
        E(ERROR_INVALID_PARTITION, InvalidPartition),
        E(ERROR_INVALID_SLOT, InvalidSlot),
        E(ERROR_NO_SLOT_RESERVED, NoSlotReserved),
        E(ERROR_NO_SLOT_SET, NoSlotSet),
        E(ERROR_SLOT_EMPTY, SlotEmpty),
        E(ERROR_SLOT_FULL, SlotFull),
        E(ERROR_SLOT_NOT_PRESENT, SlotNotPresent),
};

/* Errors that the message bus or sd-bus produce on rsmd's behalf. */
static const struct {
        const char *bus_name;
        uint32_t value;
} foreign[] = {
        { "org.freedesktop.DBus.Error.InvalidArgs",       ERROR_INVALID_PARAMETER },
        { "org.freedesktop.DBus.Error.InvalidSignature",  ERROR_INVALID_PARAMETER },
        { "org.freedesktop.DBus.Error.AccessDenied",      ERROR_ACCESS_DENIED },
        { "org.freedesktop.DBus.Error.NoMemory",          ERROR_NOT_ENOUGH_MEMORY },
        { "org.freedesktop.DBus.Error.Timeout",           ERROR_TIMEOUT },
        { "org.freedesktop.DBus.Error.NoReply",           ERROR_TIMEOUT },
        { "org.freedesktop.DBus.Error.UnknownMethod",     ERROR_CALL_NOT_IMPLEMENTED },
        { "org.freedesktop.DBus.Error.UnknownObject",     ERROR_INVALID_HANDLE },
        { "org.freedesktop.DBus.Error.ServiceUnknown",    ERROR_NOT_CONNECTED },
        { "org.freedesktop.DBus.Error.NameHasNoOwner",    ERROR_NOT_CONNECTED },
        { "org.freedesktop.DBus.Error.Disconnected",      ERROR_NOT_CONNECTED },
        { "org.freedesktop.DBus.Error.NoServer",          ERROR_NOT_CONNECTED },
        { "org.freedesktop.DBus.Error.FileNotFound",      ERROR_NOT_CONNECTED },
        { "org.freedesktop.DBus.Error.LimitsExceeded",    ERROR_NOT_ENOUGH_MEMORY },
};

const NtmsErrorInfo *ntms_error_table(unsigned *ret_count) {
        if (ret_count)
                *ret_count = ELEMENTSOF(table);
        return table;
}

const NtmsErrorInfo *ntms_error_by_value(uint32_t value) {
        for (size_t i = 0; i < ELEMENTSOF(table); i++)
                if (table[i].value == value)
                        return &table[i];
        return NULL;
}

const NtmsErrorInfo *ntms_error_by_bus_name(const char *bus_name) {
        if (!bus_name)
                return NULL;

        for (size_t i = 0; i < ELEMENTSOF(table); i++)
                if (streq(table[i].bus_name, bus_name))
                        return &table[i];

        for (size_t i = 0; i < ELEMENTSOF(foreign); i++)
                if (streq(foreign[i].bus_name, bus_name))
                        return ntms_error_by_value(foreign[i].value);

        return NULL;
}

const NtmsErrorInfo *ntms_error_by_name(const char *name) {
        if (!name)
                return NULL;
        for (size_t i = 0; i < ELEMENTSOF(table); i++)
                if (streq(table[i].name, name))
                        return &table[i];
        return NULL;
}

const char *ntms_error_name(uint32_t value) {
        static __thread char buf[32];
        const NtmsErrorInfo *e = ntms_error_by_value(value);

        if (e)
                return e->name;
        snprintf(buf, sizeof buf, "ERROR_%u", value);
        return buf;
}
