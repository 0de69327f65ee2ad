/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Layout and value checks for the public headers, all at compile time.
 *
 * The Windows scalar types must keep their Windows sizes on LP64 Linux, and
 * the structures must keep the documented field order. The ANSI (A)
 * structures that hold no pointers come out byte for byte as on Windows,
 * which the offsets below pin down. W structures differ only in the size of
 * WCHAR (wchar_t is 4 bytes here), so their offsets are written in terms of
 * sizeof(WCHAR).
 */
#include <stddef.h>
#include <stdio.h>
#include <wchar.h>

#include "ntmsapi.h"
#include "ntmsmli.h"

#define SAME_TYPE(a, b) __builtin_types_compatible_p(a, b)

/* --- Windows scalar types --------------------------------------------- */

_Static_assert(sizeof(BYTE) == 1, "BYTE");
_Static_assert(sizeof(WORD) == 2, "WORD");
_Static_assert(sizeof(DWORD) == 4, "DWORD");
_Static_assert(sizeof(LONG) == 4, "LONG");
_Static_assert(sizeof(BOOL) == 4 && sizeof(WINBOOL) == 4, "BOOL");
_Static_assert(SAME_TYPE(WCHAR, wchar_t), "WCHAR is wchar_t");
_Static_assert(sizeof(LONG_PTR) == sizeof(void *), "LONG_PTR");
_Static_assert(sizeof(ULONG_PTR) == sizeof(void *), "ULONG_PTR");
_Static_assert(sizeof(NTMS_HANDLE) == sizeof(void *), "NTMS_HANDLE");
_Static_assert(sizeof(HANDLE) == sizeof(void *), "HANDLE");
_Static_assert((DWORD)-1 > 0, "DWORD is unsigned");
_Static_assert((LONG)-1 < 0, "LONG is signed");

_Static_assert(sizeof(LARGE_INTEGER) == 8, "LARGE_INTEGER");
_Static_assert(offsetof(LARGE_INTEGER, LowPart) == 0, "LARGE_INTEGER.LowPart");
_Static_assert(offsetof(LARGE_INTEGER, HighPart) == 4, "LARGE_INTEGER.HighPart");

_Static_assert(sizeof(GUID) == 16, "GUID");
_Static_assert(offsetof(GUID, Data1) == 0, "GUID.Data1");
_Static_assert(offsetof(GUID, Data2) == 4, "GUID.Data2");
_Static_assert(offsetof(GUID, Data3) == 6, "GUID.Data3");
_Static_assert(offsetof(GUID, Data4) == 8, "GUID.Data4");
_Static_assert(SAME_TYPE(NTMS_GUID, GUID), "NTMS_GUID");
_Static_assert(SAME_TYPE(LPNTMS_GUID, GUID *), "LPNTMS_GUID");

_Static_assert(sizeof(SYSTEMTIME) == 16, "SYSTEMTIME");
_Static_assert(offsetof(SYSTEMTIME, wYear) == 0, "SYSTEMTIME.wYear");
_Static_assert(offsetof(SYSTEMTIME, wMonth) == 2, "SYSTEMTIME.wMonth");
_Static_assert(offsetof(SYSTEMTIME, wDayOfWeek) == 4, "SYSTEMTIME.wDayOfWeek");
_Static_assert(offsetof(SYSTEMTIME, wDay) == 6, "SYSTEMTIME.wDay");
_Static_assert(offsetof(SYSTEMTIME, wMilliseconds) == 14, "SYSTEMTIME.wMilliseconds");

_Static_assert(offsetof(SECURITY_ATTRIBUTES, nLength) == 0, "SECURITY_ATTRIBUTES.nLength");
_Static_assert(offsetof(SECURITY_ATTRIBUTES, lpSecurityDescriptor) <
               offsetof(SECURITY_ATTRIBUTES, bInheritHandle), "SECURITY_ATTRIBUTES order");

/* --- Structures: field order and, for A forms, Windows offsets ---------- */

_Static_assert(offsetof(NTMS_OBJECTINFORMATIONA, dwSize) == 0, "OBJECTINFORMATIONA.dwSize");
_Static_assert(offsetof(NTMS_OBJECTINFORMATIONA, dwType) == 4, "OBJECTINFORMATIONA.dwType");
_Static_assert(offsetof(NTMS_OBJECTINFORMATIONA, Created) == 8, "OBJECTINFORMATIONA.Created");
_Static_assert(offsetof(NTMS_OBJECTINFORMATIONA, Modified) == 24, "OBJECTINFORMATIONA.Modified");
_Static_assert(offsetof(NTMS_OBJECTINFORMATIONA, ObjectGuid) == 40, "OBJECTINFORMATIONA.ObjectGuid");
_Static_assert(offsetof(NTMS_OBJECTINFORMATIONA, Enabled) == 56, "OBJECTINFORMATIONA.Enabled");
_Static_assert(offsetof(NTMS_OBJECTINFORMATIONA, dwOperationalState) == 60, "OBJECTINFORMATIONA.dwOperationalState");
_Static_assert(offsetof(NTMS_OBJECTINFORMATIONA, szName) == 64, "OBJECTINFORMATIONA.szName");
_Static_assert(offsetof(NTMS_OBJECTINFORMATIONA, szDescription) == 128, "OBJECTINFORMATIONA.szDescription");
/* 128 + 127 = 255, rounded up to the 8-byte alignment of LARGE_INTEGER. */
_Static_assert(offsetof(NTMS_OBJECTINFORMATIONA, Info) == 256, "OBJECTINFORMATIONA.Info");
_Static_assert(offsetof(NTMS_OBJECTINFORMATIONA, Info.Drive) == offsetof(NTMS_OBJECTINFORMATIONA, Info.Computer),
               "Info is a union");

_Static_assert(offsetof(NTMS_OBJECTINFORMATIONW, szName) == 64, "OBJECTINFORMATIONW.szName");
_Static_assert(offsetof(NTMS_OBJECTINFORMATIONW, szDescription) == 64 + NTMS_OBJECTNAME_LENGTH * sizeof(WCHAR),
               "OBJECTINFORMATIONW.szDescription");
_Static_assert(offsetof(NTMS_OBJECTINFORMATIONW, Info) >=
               offsetof(NTMS_OBJECTINFORMATIONW, szDescription) + NTMS_DESCRIPTION_LENGTH * sizeof(WCHAR),
               "OBJECTINFORMATIONW.Info");

_Static_assert(offsetof(NTMS_DRIVEINFORMATIONA, Number) == 0, "DRIVEINFORMATIONA.Number");
_Static_assert(offsetof(NTMS_DRIVEINFORMATIONA, State) == 4, "DRIVEINFORMATIONA.State");
_Static_assert(offsetof(NTMS_DRIVEINFORMATIONA, DriveType) == 8, "DRIVEINFORMATIONA.DriveType");
_Static_assert(offsetof(NTMS_DRIVEINFORMATIONA, szDeviceName) == 24, "DRIVEINFORMATIONA.szDeviceName");
_Static_assert(offsetof(NTMS_DRIVEINFORMATIONA, szSerialNumber) == 88, "DRIVEINFORMATIONA.szSerialNumber");
_Static_assert(offsetof(NTMS_DRIVEINFORMATIONA, szRevision) == 120, "DRIVEINFORMATIONA.szRevision");
_Static_assert(offsetof(NTMS_DRIVEINFORMATIONA, ScsiPort) == 152, "DRIVEINFORMATIONA.ScsiPort");
_Static_assert(offsetof(NTMS_DRIVEINFORMATIONA, ScsiLun) == 158, "DRIVEINFORMATIONA.ScsiLun");
_Static_assert(offsetof(NTMS_DRIVEINFORMATIONA, dwMountCount) == 160, "DRIVEINFORMATIONA.dwMountCount");
_Static_assert(offsetof(NTMS_DRIVEINFORMATIONA, LastCleanedTs) == 164, "DRIVEINFORMATIONA.LastCleanedTs");
_Static_assert(offsetof(NTMS_DRIVEINFORMATIONA, SavedPartitionId) == 180, "DRIVEINFORMATIONA.SavedPartitionId");
_Static_assert(offsetof(NTMS_DRIVEINFORMATIONA, Library) == 196, "DRIVEINFORMATIONA.Library");
_Static_assert(offsetof(NTMS_DRIVEINFORMATIONA, Reserved) == 212, "DRIVEINFORMATIONA.Reserved");
_Static_assert(offsetof(NTMS_DRIVEINFORMATIONA, dwDeferDismountDelay) == 228, "DRIVEINFORMATIONA.dwDeferDismountDelay");
_Static_assert(sizeof(NTMS_DRIVEINFORMATIONA) == 232, "DRIVEINFORMATIONA size");

_Static_assert(offsetof(NTMS_DRIVEINFORMATIONW, szSerialNumber) ==
               24 + NTMS_DEVICENAME_LENGTH * sizeof(WCHAR), "DRIVEINFORMATIONW.szSerialNumber");
_Static_assert(offsetof(NTMS_DRIVEINFORMATIONW, ScsiPort) ==
               24 + (NTMS_DEVICENAME_LENGTH + NTMS_SERIALNUMBER_LENGTH + NTMS_REVISION_LENGTH) * sizeof(WCHAR),
               "DRIVEINFORMATIONW.ScsiPort");

_Static_assert(offsetof(NTMS_PARTITIONINFORMATIONA, PhysicalMedia) == 0, "PARTITIONINFORMATIONA.PhysicalMedia");
_Static_assert(offsetof(NTMS_PARTITIONINFORMATIONA, LogicalMedia) == 16, "PARTITIONINFORMATIONA.LogicalMedia");
_Static_assert(offsetof(NTMS_PARTITIONINFORMATIONA, State) == 32, "PARTITIONINFORMATIONA.State");
_Static_assert(offsetof(NTMS_PARTITIONINFORMATIONA, Side) == 36, "PARTITIONINFORMATIONA.Side");
_Static_assert(offsetof(NTMS_PARTITIONINFORMATIONA, dwOmidLabelIdLength) == 40, "PARTITIONINFORMATIONA.dwOmidLabelIdLength");
_Static_assert(offsetof(NTMS_PARTITIONINFORMATIONA, OmidLabelId) == 44, "PARTITIONINFORMATIONA.OmidLabelId");
_Static_assert(offsetof(NTMS_PARTITIONINFORMATIONA, szOmidLabelType) == 299, "PARTITIONINFORMATIONA.szOmidLabelType");
_Static_assert(offsetof(NTMS_PARTITIONINFORMATIONA, szOmidLabelInfo) == 363, "PARTITIONINFORMATIONA.szOmidLabelInfo");
_Static_assert(offsetof(NTMS_PARTITIONINFORMATIONA, dwMountCount) == 620, "PARTITIONINFORMATIONA.dwMountCount");
_Static_assert(offsetof(NTMS_PARTITIONINFORMATIONA, dwAllocateCount) == 624, "PARTITIONINFORMATIONA.dwAllocateCount");
_Static_assert(offsetof(NTMS_PARTITIONINFORMATIONA, Capacity) == 632, "PARTITIONINFORMATIONA.Capacity");
_Static_assert(sizeof(NTMS_PARTITIONINFORMATIONA) == 640, "PARTITIONINFORMATIONA size");

_Static_assert(offsetof(NTMS_LIBRARYINFORMATION, CleanerSlot) == 4, "LIBRARYINFORMATION.CleanerSlot");
_Static_assert(offsetof(NTMS_LIBRARYINFORMATION, LibrarySupportsDriveCleaning) == 36,
               "LIBRARYINFORMATION.LibrarySupportsDriveCleaning");
_Static_assert(offsetof(NTMS_LIBRARYINFORMATION, Reserved) == 104, "LIBRARYINFORMATION.Reserved");
_Static_assert(offsetof(NTMS_LIBRARYINFORMATION, AutoRecovery) == 120, "LIBRARYINFORMATION.AutoRecovery");
_Static_assert(offsetof(NTMS_LIBRARYINFORMATION, dwFlags) == 124, "LIBRARYINFORMATION.dwFlags");
_Static_assert(sizeof(NTMS_LIBRARYINFORMATION) == 128, "LIBRARYINFORMATION size");

_Static_assert(offsetof(NTMS_OPREQUESTINFORMATIONA, Submitted) == 4, "OPREQUESTINFORMATIONA.Submitted");
_Static_assert(offsetof(NTMS_OPREQUESTINFORMATIONA, State) == 20, "OPREQUESTINFORMATIONA.State");
_Static_assert(offsetof(NTMS_OPREQUESTINFORMATIONA, szMessage) == 24, "OPREQUESTINFORMATIONA.szMessage");
_Static_assert(offsetof(NTMS_OPREQUESTINFORMATIONA, Arg1Type) == 280, "OPREQUESTINFORMATIONA.Arg1Type");
_Static_assert(offsetof(NTMS_I1_OPREQUESTINFORMATIONA, Arg1Type) == 152, "I1_OPREQUESTINFORMATIONA.Arg1Type");

_Static_assert(offsetof(NTMS_NOTIFICATIONINFORMATION, dwOperation) == 0, "NOTIFICATIONINFORMATION.dwOperation");
_Static_assert(offsetof(NTMS_NOTIFICATIONINFORMATION, ObjectId) == 4, "NOTIFICATIONINFORMATION.ObjectId");
_Static_assert(sizeof(NTMS_NOTIFICATIONINFORMATION) == 20, "NOTIFICATIONINFORMATION size");

_Static_assert(offsetof(NTMS_ASYNC_IO, OperationId) == 0, "ASYNC_IO.OperationId");
_Static_assert(offsetof(NTMS_ASYNC_IO, EventId) == 16, "ASYNC_IO.EventId");
_Static_assert(offsetof(NTMS_ASYNC_IO, dwAsyncState) == 40, "ASYNC_IO.dwAsyncState");
_Static_assert(offsetof(NTMS_ASYNC_IO, hEvent) > offsetof(NTMS_ASYNC_IO, dwAsyncState), "ASYNC_IO.hEvent");
_Static_assert(offsetof(NTMS_ASYNC_IO, bOnStateChange) > offsetof(NTMS_ASYNC_IO, hEvent), "ASYNC_IO.bOnStateChange");

_Static_assert(offsetof(MediaLabelInfo, LabelType) == 0, "MediaLabelInfo.LabelType");
_Static_assert(offsetof(MediaLabelInfo, LabelIDSize) == NTMSMLI_MAXTYPE * sizeof(WCHAR), "MediaLabelInfo.LabelIDSize");
_Static_assert(offsetof(MediaLabelInfo, LabelID) == offsetof(MediaLabelInfo, LabelIDSize) + 4, "MediaLabelInfo.LabelID");
_Static_assert(offsetof(MediaLabelInfo, LabelAppDescr) == offsetof(MediaLabelInfo, LabelID) + NTMSMLI_MAXIDSIZE,
               "MediaLabelInfo.LabelAppDescr");

/* --- Unsuffixed aliases -------------------------------------------------- */

#ifdef UNICODE
_Static_assert(SAME_TYPE(NTMS_OBJECTINFORMATION, NTMS_OBJECTINFORMATIONW), "NTMS_OBJECTINFORMATION");
_Static_assert(SAME_TYPE(struct _NTMS_DRIVEINFORMATION, NTMS_DRIVEINFORMATIONW), "_NTMS_DRIVEINFORMATION");
_Static_assert(SAME_TYPE(__typeof__(OpenNtmsSession), __typeof__(OpenNtmsSessionW)), "OpenNtmsSession");
#else
_Static_assert(SAME_TYPE(NTMS_OBJECTINFORMATION, NTMS_OBJECTINFORMATIONA), "NTMS_OBJECTINFORMATION");
_Static_assert(SAME_TYPE(struct _NTMS_DRIVEINFORMATION, NTMS_DRIVEINFORMATIONA), "_NTMS_DRIVEINFORMATION");
_Static_assert(SAME_TYPE(__typeof__(OpenNtmsSession), __typeof__(OpenNtmsSessionA)), "OpenNtmsSession");
#endif

/* --- Documented constant values ------------------------------------------ */

_Static_assert(NTMS_OBJECTNAME_LENGTH == 64 && NTMS_DESCRIPTION_LENGTH == 127, "name lengths");
_Static_assert(NTMS_OMIDLABELID_LENGTH == 255 && NTMS_OMIDLABELINFO_LENGTH == 256, "OMID lengths");
_Static_assert(NTMS_UNKNOWN == 0 && NTMS_DRIVE == 5 && NTMS_LIBRARY == 9, "NtmsObjectsTypes");
_Static_assert(NTMS_PHYSICAL_MEDIA == 15 && NTMS_NUMBER_OF_OBJECT_TYPES == 19, "NtmsObjectsTypes");
_Static_assert(NTMS_MOUNT_NOWAIT == 0x20 && NTMS_MOUNT_ERROR_IF_OFFLINE == 0x8, "NtmsMountOptions");
_Static_assert(NTMS_PRIORITY_LOWEST == -15 && NTMS_PRIORITY_HIGHEST == 15, "NtmsMountPriority");
_Static_assert(NTMS_DRIVESTATE_UNLOADED == 5 && NTMS_DRIVESTATE_DISMOUNTABLE == 7, "NtmsDriveState");
_Static_assert(NTMS_POOLTYPE_APPLICATION == 1000, "NtmsPoolType");
_Static_assert(NTMS_PARTSTATE_NEW == 0 && NTMS_PARTSTATE_RESERVED == 9, "NtmsPartitionState");
_Static_assert(NTMS_LM_DEFFERED == NTMS_LM_DEFERRED && NTMS_LM_STOPPED == 8, "NtmsLmState");
_Static_assert(NTMS_LM_RELEASECLEANER == 21 && NTMS_LM_MAXWORKITEM == 22, "NtmsLmOperation");
_Static_assert(NTMS_NEEDS_SERVICE == 20 && NTMS_NOT_PRESENT == 21, "NtmsOperationalState");
_Static_assert(NTMS_OPREQFLAGS_NOTRAYICON == 0x20, "NtmsOpRequestFlags");
_Static_assert(NTMS_GENERIC_READ == 0x1 && NTMS_GENERIC_WRITE == 0x3 && NTMS_GENERIC_ALL == 0x7, "generic rights");
_Static_assert(NTMS_MAXATTR_LENGTH == 0x10000 && NTMS_MAXATTR_NAMELEN == 32, "attribute limits");
_Static_assert(NTMS_EVENT_COMPLETE == 5, "NtmsNotificationOperations");
_Static_assert(NTMSMLI_MAXTYPE == 64 && NTMSMLI_MAXIDSIZE == 256 && NTMSMLI_MAXAPPDESCR == 256, "ntmsmli");
_Static_assert(INFINITE == 0xFFFFFFFFu, "INFINITE");

/* --- Error codes ----------------------------------------------------------- */

_Static_assert(ERROR_SUCCESS == 0 && NO_ERROR == 0, "success");
_Static_assert(ERROR_ACCESS_DENIED == 5 && ERROR_INVALID_HANDLE == 6, "ERROR_*");
_Static_assert(ERROR_INVALID_PARAMETER == 87 && ERROR_CALL_NOT_IMPLEMENTED == 120, "ERROR_*");
_Static_assert(ERROR_INSUFFICIENT_BUFFER == 122 && ERROR_MORE_DATA == 234, "ERROR_*");
_Static_assert(ERROR_TIMEOUT == 1460 && RPC_S_NO_INTERFACES == 1817 && ERROR_NOT_CONNECTED == 2250, "ERROR_*");
_Static_assert(ERROR_INVALID_MEDIA == 4300 && ERROR_EMPTY == 4306, "RSM block");
_Static_assert(ERROR_OBJECT_NOT_FOUND == 4312 && ERROR_DATABASE_FAILURE == 4313, "RSM block");
_Static_assert(ERROR_REQUEST_REFUSED == 4320 && ERROR_IEPORT_FULL == 4341, "RSM block");
_Static_assert(ERROR_INVALID_STATE == 5023, "ERROR_INVALID_STATE");

/* The nine codes without a Windows value: customer range (bit 29), distinct. */
#define CUSTOMER_CODE(e) ((e) > 0x20000000 && ((e) & 0x20000000) && (e) < 0x20010000)
_Static_assert(CUSTOMER_CODE(ERROR_ALREADY_RESERVED) && ERROR_ALREADY_RESERVED == 0x20001001, "custom");
_Static_assert(CUSTOMER_CODE(ERROR_DUPLICATE_OMID) && ERROR_DUPLICATE_OMID == 0x20001002, "custom");
_Static_assert(CUSTOMER_CODE(ERROR_INVALID_PARTITION) && ERROR_INVALID_PARTITION == 0x20001003, "custom");
_Static_assert(CUSTOMER_CODE(ERROR_INVALID_SLOT) && ERROR_INVALID_SLOT == 0x20001004, "custom");
_Static_assert(CUSTOMER_CODE(ERROR_NO_SLOT_RESERVED) && ERROR_NO_SLOT_RESERVED == 0x20001005, "custom");
_Static_assert(CUSTOMER_CODE(ERROR_NO_SLOT_SET) && ERROR_NO_SLOT_SET == 0x20001006, "custom");
_Static_assert(CUSTOMER_CODE(ERROR_SLOT_EMPTY) && ERROR_SLOT_EMPTY == 0x20001007, "custom");
_Static_assert(CUSTOMER_CODE(ERROR_SLOT_FULL) && ERROR_SLOT_FULL == 0x20001008, "custom");
_Static_assert(CUSTOMER_CODE(ERROR_SLOT_NOT_PRESENT) && ERROR_SLOT_NOT_PRESENT == 0x20001009, "custom");

int main(void) {
        static const NTMS_GUID null_guid = NTMS_NULLGUID;
        NTMS_GUID other = NTMS_NULLGUID;

        other.Data4[7] = 1;
        if (!NTMS_IS_NULLGUID(null_guid) || NTMS_IS_NULLGUID(other))
                return 1;

#ifdef UNICODE
        puts("header layout ok (UNICODE)");
#else
        puts("header layout ok");
#endif
        return 0;
}
