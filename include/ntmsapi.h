/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ntmsapi.h - Removable Storage Manager (RSM / NTMS) client API for Linux.
 *
 * The names, values, structure layouts and function signatures follow the
 * Windows RSM API documentation, so that programs written against it build
 * here with few changes. The calls are served by libntms, which talks to
 * the rsmd daemon.
 *
 * Linux specifics:
 *   - The Windows scalar types are provided with their Windows sizes
 *     (DWORD is 32 bits even on LP64). Define NTMS_NO_WINTYPES before
 *     including this header if your program already declares them.
 *   - WCHAR is wchar_t, so L"..." literals can be passed to the W forms.
 *     On Linux wchar_t holds UTF-32, so the W structures are larger than
 *     on Windows; the field order is the same.
 *   - WINAPI is empty: there is only one calling convention.
 *   - GetLastError()/SetLastError() are provided by libntms, per thread.
 */
#ifndef NTMSAPI_H
#define NTMSAPI_H

#include <stdint.h>
#include <stddef.h>
#include <wchar.h>

#ifdef __cplusplus
extern "C" {
#endif

/* libntms is built with -fvisibility=hidden; this marks its exports. */
#ifndef NTMS_API
#define NTMS_API __attribute__((visibility("default")))
#endif

#ifndef WINAPI
#define WINAPI
#endif

/* ======================================================================
 * Windows base types
 * ====================================================================== */

#ifndef NTMS_NO_WINTYPES

typedef uint8_t BYTE;
typedef uint16_t WORD;
typedef uint32_t DWORD;
typedef int32_t LONG;
typedef int BOOL;
typedef int WINBOOL;
typedef char CHAR;
typedef wchar_t WCHAR;

typedef BYTE *PBYTE, *LPBYTE;
typedef WORD *PWORD, *LPWORD;
typedef DWORD *PDWORD, *LPDWORD;
typedef CHAR *LPSTR;
typedef const CHAR *LPCSTR;
typedef WCHAR *LPWSTR;
typedef const WCHAR *LPCWSTR;
typedef void *PVOID, *LPVOID;

typedef intptr_t LONG_PTR;
typedef uintptr_t ULONG_PTR;

typedef void *HANDLE;
typedef HANDLE *PHANDLE, *LPHANDLE;
typedef void *HWND;

typedef union _LARGE_INTEGER {
        /* Anonymous member so that li.LowPart works as on Windows. */
        __extension__ struct {
                DWORD LowPart;
                LONG HighPart;
        };
        struct {
                DWORD LowPart;
                LONG HighPart;
        } u;
        int64_t QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef struct _SYSTEMTIME {
        WORD wYear;
        WORD wMonth;
        WORD wDayOfWeek;
        WORD wDay;
        WORD wHour;
        WORD wMinute;
        WORD wSecond;
        WORD wMilliseconds;
} SYSTEMTIME, *PSYSTEMTIME, *LPSYSTEMTIME;

typedef struct _GUID {
        uint32_t Data1;
        uint16_t Data2;
        uint16_t Data3;
        uint8_t Data4[8];
} GUID, *LPGUID;

typedef DWORD SECURITY_INFORMATION, *PSECURITY_INFORMATION;
typedef void *PSECURITY_DESCRIPTOR;

typedef struct _SECURITY_ATTRIBUTES {
        DWORD nLength;
        LPVOID lpSecurityDescriptor;
        BOOL bInheritHandle;
} SECURITY_ATTRIBUTES, *PSECURITY_ATTRIBUTES, *LPSECURITY_ATTRIBUTES;

#endif /* NTMS_NO_WINTYPES */

/* Individually guarded, so they are supplied even with NTMS_NO_WINTYPES
 * when the program's own headers lack them. */
#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif
#ifndef INFINITE
#define INFINITE 0xFFFFFFFF
#endif
#ifndef INVALID_HANDLE_VALUE
#define INVALID_HANDLE_VALUE ((HANDLE)(LONG_PTR)-1)
#endif

#pragma pack(push, 8)

/* ======================================================================
 * NTMS types
 * ====================================================================== */

typedef GUID NTMS_GUID;
typedef GUID *LPNTMS_GUID;
typedef BYTE *PSECURITY_DESCRIPTOR_NTMS;
typedef ULONG_PTR NTMS_HANDLE;

#define NTMS_NULLGUID {0, 0, 0, {0, 0, 0, 0, 0, 0, 0, 0}}

/* id is a GUID value (not a pointer), as on Windows. */
#define NTMS_IS_NULLGUID(id)                                            \
        ((id).Data1 == 0 && (id).Data2 == 0 && (id).Data3 == 0 &&       \
         (id).Data4[0] == 0 && (id).Data4[1] == 0 &&                    \
         (id).Data4[2] == 0 && (id).Data4[3] == 0 &&                    \
         (id).Data4[4] == 0 && (id).Data4[5] == 0 &&                    \
         (id).Data4[6] == 0 && (id).Data4[7] == 0)

/* ======================================================================
 * String and buffer lengths, in characters
 * ====================================================================== */

#define NTMS_OBJECTNAME_LENGTH          64
#define NTMS_DESCRIPTION_LENGTH         127
#define NTMS_DEVICENAME_LENGTH          64
#define NTMS_SERIALNUMBER_LENGTH        32
#define NTMS_REVISION_LENGTH            32
#define NTMS_BARCODE_LENGTH             64
#define NTMS_SEQUENCE_LENGTH            32
#define NTMS_VENDORNAME_LENGTH          128
#define NTMS_PRODUCTNAME_LENGTH         128
#define NTMS_USERNAME_LENGTH            64
#define NTMS_APPLICATIONNAME_LENGTH     64
#define NTMS_COMPUTERNAME_LENGTH        64
#define NTMS_I1_MESSAGE_LENGTH          127
#define NTMS_MESSAGE_LENGTH             256
#define NTMS_POOLHIERARCHY_LENGTH       512
#define NTMS_OMIDLABELID_LENGTH         255
#define NTMS_OMIDLABELTYPE_LENGTH       64
#define NTMS_OMIDLABELINFO_LENGTH       256

/* ======================================================================
 * Enumerations
 * ====================================================================== */

typedef enum NtmsObjectsTypes {
        NTMS_UNKNOWN = 0,
        NTMS_OBJECT = 1,
        NTMS_CHANGER = 2,
        NTMS_CHANGER_TYPE = 3,
        NTMS_COMPUTER = 4,
        NTMS_DRIVE = 5,
        NTMS_DRIVE_TYPE = 6,
        NTMS_IEDOOR = 7,
        NTMS_IEPORT = 8,
        NTMS_LIBRARY = 9,
        NTMS_LIBREQUEST = 10,
        NTMS_LOGICAL_MEDIA = 11,
        NTMS_MEDIA_POOL = 12,
        NTMS_MEDIA_TYPE = 13,
        NTMS_PARTITION = 14,
        NTMS_PHYSICAL_MEDIA = 15,
        NTMS_STORAGESLOT = 16,
        NTMS_OPREQUEST = 17,
        NTMS_UI_DESTINATION = 18,
        NTMS_NUMBER_OF_OBJECT_TYPES = 19
} NtmsObjectsTypes;

typedef enum NtmsAsyncStatus {
        NTMS_ASYNCSTATE_QUEUED = 0,
        NTMS_ASYNCSTATE_WAIT_RESOURCE = 1,
        NTMS_ASYNCSTATE_WAIT_OPERATOR = 2,
        NTMS_ASYNCSTATE_INPROCESS = 3,
        NTMS_ASYNCSTATE_COMPLETE = 4
} NtmsAsyncStatus;

typedef enum NtmsAsyncOperations {
        NTMS_ASYNCOP_MOUNT = 1
} NtmsAsyncOperations;

typedef enum NtmsSessionOptions {
        NTMS_SESSION_QUERYEXPEDITE = 0x1
} NtmsSessionOptions;

typedef enum NtmsMountOptions {
        NTMS_MOUNT_READ = 0x0001,
        NTMS_MOUNT_WRITE = 0x0002,
        NTMS_MOUNT_ERROR_NOT_AVAILABLE = 0x0004,
        NTMS_MOUNT_ERROR_IF_UNAVAILABLE = 0x0004,
        NTMS_MOUNT_ERROR_OFFLINE = 0x0008,
        NTMS_MOUNT_ERROR_IF_OFFLINE = 0x0008,
        NTMS_MOUNT_SPECIFIC_DRIVE = 0x0010,
        NTMS_MOUNT_NOWAIT = 0x0020
} NtmsMountOptions;

typedef enum NtmsDismountOptions {
        NTMS_DISMOUNT_DEFERRED = 0x0001,
        NTMS_DISMOUNT_IMMEDIATE = 0x0002
} NtmsDismountOptions;

typedef enum NtmsMountPriority {
        NTMS_PRIORITY_DEFAULT = 0,
        NTMS_PRIORITY_HIGHEST = 15,
        NTMS_PRIORITY_HIGH = 7,
        NTMS_PRIORITY_NORMAL = 0,
        NTMS_PRIORITY_LOW = -7,
        NTMS_PRIORITY_LOWEST = -15
} NtmsMountPriority;

typedef enum NtmsAllocateOptions {
        NTMS_ALLOCATE_NEW = 0x0001,
        NTMS_ALLOCATE_NEXT = 0x0002,
        NTMS_ALLOCATE_ERROR_IF_UNAVAILABLE = 0x0004
} NtmsAllocateOptions;

typedef enum NtmsCreateOptions {
        NTMS_OPEN_EXISTING = 0x0001,
        NTMS_CREATE_NEW = 0x0002,
        NTMS_OPEN_ALWAYS = 0x0003
} NtmsCreateOptions;

typedef enum NtmsDriveState {
        NTMS_DRIVESTATE_DISMOUNTED = 0,
        NTMS_DRIVESTATE_MOUNTED = 1,
        NTMS_DRIVESTATE_LOADED = 2,
        NTMS_DRIVESTATE_UNLOADED = 5,
        NTMS_DRIVESTATE_BEING_CLEANED = 6,
        NTMS_DRIVESTATE_DISMOUNTABLE = 7
} NtmsDriveState;

typedef enum NtmsLibraryType {
        NTMS_LIBRARYTYPE_UNKNOWN = 0,
        NTMS_LIBRARYTYPE_OFFLINE = 1,
        NTMS_LIBRARYTYPE_ONLINE = 2,
        NTMS_LIBRARYTYPE_STANDALONE = 3
} NtmsLibraryType;

typedef enum NtmsLibraryFlags {
        NTMS_LIBRARYFLAG_FIXEDOFFLINE = 0x01,
        NTMS_LIBRARYFLAG_CLEANERPRESENT = 0x02,
        NTMS_LIBRARYFLAG_AUTODETECTCHANGE = 0x04,
        NTMS_LIBRARYFLAG_IGNORECLEANERUSESREMAINING = 0x08,
        NTMS_LIBRARYFLAG_RECOGNIZECLEANERBARCODE = 0x10
} NtmsLibraryFlags;

typedef enum NtmsInventoryMethod {
        NTMS_INVENTORY_NONE = 0,
        NTMS_INVENTORY_FAST = 1,
        NTMS_INVENTORY_OMID = 2,
        NTMS_INVENTORY_DEFAULT = 3,
        NTMS_INVENTORY_SLOT = 4,
        NTMS_INVENTORY_STOP = 5,
        NTMS_INVENTORY_MAX = 6
} NtmsInventoryMethod;

typedef enum NtmsSlotState {
        NTMS_SLOTSTATE_UNKNOWN = 0,
        NTMS_SLOTSTATE_FULL = 1,
        NTMS_SLOTSTATE_EMPTY = 2,
        NTMS_SLOTSTATE_NOTPRESENT = 3,
        NTMS_SLOTSTATE_NEEDSINVENTORY = 4
} NtmsSlotState;

typedef enum NtmsDoorState {
        NTMS_DOORSTATE_UNKNOWN = 0,
        NTMS_DOORSTATE_CLOSED = 1,
        NTMS_DOORSTATE_OPEN = 2
} NtmsDoorState;

typedef enum NtmsPortPosition {
        NTMS_PORTPOSITION_UNKNOWN = 0,
        NTMS_PORTPOSITION_EXTENDED = 1,
        NTMS_PORTPOSITION_RETRACTED = 2
} NtmsPortPosition;

typedef enum NtmsPortContent {
        NTMS_PORTCONTENT_UNKNOWN = 0,
        NTMS_PORTCONTENT_FULL = 1,
        NTMS_PORTCONTENT_EMPTY = 2
} NtmsPortContent;

typedef enum NtmsBarCodeState {
        NTMS_BARCODESTATE_OK = 1,
        NTMS_BARCODESTATE_UNREADABLE = 2
} NtmsBarCodeState;

typedef enum NtmsMediaState {
        NTMS_MEDIASTATE_IDLE = 0,
        NTMS_MEDIASTATE_INUSE = 1,
        NTMS_MEDIASTATE_MOUNTED = 2,
        NTMS_MEDIASTATE_LOADED = 3,
        NTMS_MEDIASTATE_UNLOADED = 4,
        NTMS_MEDIASTATE_OPERROR = 5,
        NTMS_MEDIASTATE_OPREQ = 6
} NtmsMediaState;

typedef enum NtmsPartitionState {
        NTMS_PARTSTATE_UNKNOWN = 0,
        NTMS_PARTSTATE_UNPREPARED = 1,
        NTMS_PARTSTATE_INCOMPATIBLE = 2,
        NTMS_PARTSTATE_DECOMMISSIONED = 3,
        NTMS_PARTSTATE_AVAILABLE = 4,
        NTMS_PARTSTATE_ALLOCATED = 5,
        NTMS_PARTSTATE_COMPLETE = 6,
        NTMS_PARTSTATE_FOREIGN = 7,
        NTMS_PARTSTATE_IMPORT = 8,
        NTMS_PARTSTATE_RESERVED = 9
} NtmsPartitionState;

#define NTMS_PARTSTATE_NEW NTMS_PARTSTATE_UNKNOWN

typedef enum NtmsPoolType {
        NTMS_POOLTYPE_UNKNOWN = 0,
        NTMS_POOLTYPE_SCRATCH = 1,
        NTMS_POOLTYPE_FOREIGN = 2,
        NTMS_POOLTYPE_IMPORT = 3,
        NTMS_POOLTYPE_APPLICATION = 1000
} NtmsPoolType;

typedef enum NtmsAllocationPolicy {
        NTMS_ALLOCATE_FROMSCRATCH = 1
} NtmsAllocationPolicy;

typedef enum NtmsDeallocationPolicy {
        NTMS_DEALLOCATE_TOSCRATCH = 1
} NtmsDeallocationPolicy;

typedef enum NtmsReadWriteCharacteristics {
        NTMS_MEDIARW_UNKNOWN = 0,
        NTMS_MEDIARW_REWRITABLE = 1,
        NTMS_MEDIARW_WRITEONCE = 2,
        NTMS_MEDIARW_READONLY = 3
} NtmsReadWriteCharacteristics;

typedef enum NtmsLmOperation {
        NTMS_LM_REMOVE = 0,
        NTMS_LM_DISABLECHANGER = 1,
        NTMS_LM_DISABLELIBRARY = 1,
        NTMS_LM_ENABLECHANGER = 2,
        NTMS_LM_ENABLELIBRARY = 2,
        NTMS_LM_DISABLEDRIVE = 3,
        NTMS_LM_ENABLEDRIVE = 4,
        NTMS_LM_DISABLEMEDIA = 5,
        NTMS_LM_ENABLEMEDIA = 6,
        NTMS_LM_UPDATEOMID = 7,
        NTMS_LM_INVENTORY = 8,
        NTMS_LM_DOORACCESS = 9,
        NTMS_LM_EJECT = 10,
        NTMS_LM_EJECTCLEANER = 11,
        NTMS_LM_INJECT = 12,
        NTMS_LM_INJECTCLEANER = 13,
        NTMS_LM_PROCESSOMID = 14,
        NTMS_LM_CLEANDRIVE = 15,
        NTMS_LM_DISMOUNT = 16,
        NTMS_LM_MOUNT = 17,
        NTMS_LM_WRITESCRATCH = 18,
        NTMS_LM_CLASSIFY = 19,
        NTMS_LM_RESERVECLEANER = 20,
        NTMS_LM_RELEASECLEANER = 21,
        NTMS_LM_MAXWORKITEM = 22
} NtmsLmOperation;

typedef enum NtmsLmState {
        NTMS_LM_QUEUED = 0,
        NTMS_LM_INPROCESS = 1,
        NTMS_LM_PASSED = 2,
        NTMS_LM_FAILED = 3,
        NTMS_LM_INVALID = 4,
        NTMS_LM_WAITING = 5,
        NTMS_LM_DEFERRED = 6,
        NTMS_LM_DEFFERED = 6,   /* historical misspelling, kept for source compatibility */
        NTMS_LM_CANCELLED = 7,
        NTMS_LM_STOPPED = 8
} NtmsLmState;

typedef enum NtmsOpreqCommand {
        NTMS_OPREQ_UNKNOWN = 0,
        NTMS_OPREQ_NEWMEDIA = 1,
        NTMS_OPREQ_CLEANER = 2,
        NTMS_OPREQ_DEVICESERVICE = 3,
        NTMS_OPREQ_MOVEMEDIA = 4,
        NTMS_OPREQ_MESSAGE = 5
} NtmsOpreqCommand;

typedef enum NtmsOpreqState {
        NTMS_OPSTATE_UNKNOWN = 0,
        NTMS_OPSTATE_SUBMITTED = 1,
        NTMS_OPSTATE_ACTIVE = 2,
        NTMS_OPSTATE_INPROGRESS = 3,
        NTMS_OPSTATE_REFUSED = 4,
        NTMS_OPSTATE_COMPLETE = 5
} NtmsOpreqState;

typedef enum NtmsLibRequestFlags {
        NTMS_LIBREQFLAGS_NOAUTOPURGE = 0x01,
        NTMS_LIBREQFLAGS_NOFAILEDPURGE = 0x02
} NtmsLibRequestFlags;

typedef enum NtmsOpRequestFlags {
        NTMS_OPREQFLAGS_NOAUTOPURGE = 0x01,
        NTMS_OPREQFLAGS_NOFAILEDPURGE = 0x02,
        NTMS_OPREQFLAGS_NOALERTS = 0x10,
        NTMS_OPREQFLAGS_NOTRAYICON = 0x20
} NtmsOpRequestFlags;

typedef enum NtmsMediaPoolPolicy {
        NTMS_POOLPOLICY_PURGEOFFLINESCRATCH = 0x01,
        NTMS_POOLPOLICY_KEEPOFFLINEIMPORT = 0x02
} NtmsMediaPoolPolicy;

typedef enum NtmsOperationalState {
        NTMS_READY = 0,
        NTMS_INITIALIZING = 10,
        NTMS_NEEDS_SERVICE = 20,
        NTMS_NOT_PRESENT = 21
} NtmsOperationalState;

typedef enum NtmsCreateNtmsMediaOptions {
        NTMS_ERROR_ON_DUPLICATE = 0x0001
} NtmsCreateNtmsMediaOptions;

typedef enum NtmsEnumerateOption {
        NTMS_ENUM_DEFAULT = 0,
        NTMS_ENUM_ROOTPOOL = 1
} NtmsEnumerateOption;

typedef enum NtmsEjectOperation {
        NTMS_EJECT_START = 0,
        NTMS_EJECT_STOP = 1,
        NTMS_EJECT_QUEUE = 2,
        NTMS_EJECT_FORCE = 3,
        NTMS_EJECT_IMMEDIATE = 4,
        NTMS_EJECT_ASK_USER = 5
} NtmsEjectOperation;

typedef enum NtmsInjectOperation {
        NTMS_INJECT_START = 0,
        NTMS_INJECT_STOP = 1,
        NTMS_INJECT_RETRACT = 2,
        NTMS_INJECT_STARTMANY = 3
} NtmsInjectOperation;

/* OMID label types (UpdateNtmsOmidInfo labelType). */
#define NTMS_OMID_TYPE_RAW_LABEL        0x01
#define NTMS_OMID_TYPE_FILESYSTEM_INFO  0x02

typedef enum NtmsDriveType {
        NTMS_UNKNOWN_DRIVE = 0
} NtmsDriveType;

typedef enum NtmsAccessMask {
        NTMS_USE_ACCESS = 0x1,
        NTMS_MODIFY_ACCESS = 0x2,
        NTMS_CONTROL_ACCESS = 0x4
} NtmsAccessMask;

/* Generic access rights mapped onto NtmsAccessMask. */
#define NTMS_GENERIC_READ       NTMS_USE_ACCESS
#define NTMS_GENERIC_WRITE      (NTMS_USE_ACCESS | NTMS_MODIFY_ACCESS)
#define NTMS_GENERIC_EXECUTE    (NTMS_USE_ACCESS | NTMS_MODIFY_ACCESS | NTMS_CONTROL_ACCESS)
#define NTMS_GENERIC_ALL        (NTMS_USE_ACCESS | NTMS_MODIFY_ACCESS | NTMS_CONTROL_ACCESS)

/* Object attribute limits (Get/SetNtmsObjectAttribute). */
#define NTMS_MAXATTR_LENGTH     0x10000
#define NTMS_MAXATTR_NAMELEN    32

typedef enum NtmsUITypes {
        NTMS_UITYPE_INVALID = 0,
        NTMS_UITYPE_INFO = 1,
        NTMS_UITYPE_REQ = 2,
        NTMS_UITYPE_ERR = 3,
        NTMS_UITYPE_MAX = 4
} NtmsUITypes;

typedef enum NtmsUIOperations {
        NTMS_UIDEST_ADD = 1,
        NTMS_UIDEST_DELETE = 2,
        NTMS_UIDEST_DELETEALL = 3,
        NTMS_UIOPERATION_MAX = 4
} NtmsUIOperations;

typedef enum NtmsNotificationOperations {
        NTMS_OBJ_UPDATE = 1,
        NTMS_OBJ_INSERT = 2,
        NTMS_OBJ_DELETE = 3,
        NTMS_EVENT_SIGNAL = 4,
        NTMS_EVENT_COMPLETE = 5
} NtmsNotificationOperations;

/* ======================================================================
 * Error codes
 *
 * The Windows values. Each is guarded so that a program which also has
 * winerror.h-style definitions keeps its own (identical) ones.
 * ====================================================================== */

#ifndef ERROR_SUCCESS
#define ERROR_SUCCESS                           0
#endif
#ifndef NO_ERROR
#define NO_ERROR                                0
#endif
#ifndef ERROR_ACCESS_DENIED
#define ERROR_ACCESS_DENIED                     5
#endif
#ifndef ERROR_INVALID_HANDLE
#define ERROR_INVALID_HANDLE                    6
#endif
#ifndef ERROR_NOT_ENOUGH_MEMORY
#define ERROR_NOT_ENOUGH_MEMORY                 8
#endif
#ifndef ERROR_BAD_FORMAT
#define ERROR_BAD_FORMAT                        11
#endif
#ifndef ERROR_INVALID_DRIVE
#define ERROR_INVALID_DRIVE                     15
#endif
#ifndef ERROR_WRITE_PROTECT
#define ERROR_WRITE_PROTECT                     19
#endif
#ifndef ERROR_NOT_READY
#define ERROR_NOT_READY                         21
#endif
#ifndef ERROR_SHARING_VIOLATION
#define ERROR_SHARING_VIOLATION                 32
#endif
#ifndef ERROR_INVALID_PARAMETER
#define ERROR_INVALID_PARAMETER                 87
#endif
#ifndef ERROR_CALL_NOT_IMPLEMENTED
#define ERROR_CALL_NOT_IMPLEMENTED              120
#endif
#ifndef ERROR_INSUFFICIENT_BUFFER
#define ERROR_INSUFFICIENT_BUFFER               122
#endif
#ifndef ERROR_INVALID_NAME
#define ERROR_INVALID_NAME                      123
#endif
#ifndef ERROR_BUSY
#define ERROR_BUSY                              170
#endif
#ifndef ERROR_ALREADY_EXISTS
#define ERROR_ALREADY_EXISTS                    183
#endif
#ifndef ERROR_NO_DATA
#define ERROR_NO_DATA                           232
#endif
#ifndef ERROR_MORE_DATA
#define ERROR_MORE_DATA                         234
#endif
#ifndef ERROR_CONNECTION_UNAVAIL
#define ERROR_CONNECTION_UNAVAIL                1201
#endif
#ifndef ERROR_INVALID_COMPUTERNAME
#define ERROR_INVALID_COMPUTERNAME              1210
#endif
#ifndef ERROR_NO_NETWORK
#define ERROR_NO_NETWORK                        1222
#endif
#ifndef ERROR_CANCELLED
#define ERROR_CANCELLED                         1223
#endif
#ifndef ERROR_NO_SECURITY_ON_OBJECT
#define ERROR_NO_SECURITY_ON_OBJECT             1350
#endif
#ifndef ERROR_TIMEOUT
#define ERROR_TIMEOUT                           1460
#endif
#ifndef RPC_S_NO_INTERFACES
#define RPC_S_NO_INTERFACES                     1817
#endif
#ifndef ERROR_NOT_CONNECTED
#define ERROR_NOT_CONNECTED                     2250
#endif

/* The RSM block, 4300-4341. */
#ifndef ERROR_INVALID_MEDIA
#define ERROR_INVALID_MEDIA                     4300
#endif
#ifndef ERROR_INVALID_LIBRARY
#define ERROR_INVALID_LIBRARY                   4301
#endif
#ifndef ERROR_INVALID_MEDIA_POOL
#define ERROR_INVALID_MEDIA_POOL                4302
#endif
#ifndef ERROR_DRIVE_MEDIA_MISMATCH
#define ERROR_DRIVE_MEDIA_MISMATCH              4303
#endif
#ifndef ERROR_MEDIA_OFFLINE
#define ERROR_MEDIA_OFFLINE                     4304
#endif
#ifndef ERROR_LIBRARY_OFFLINE
#define ERROR_LIBRARY_OFFLINE                   4305
#endif
#ifndef ERROR_EMPTY
#define ERROR_EMPTY                             4306
#endif
#ifndef ERROR_NOT_EMPTY
#define ERROR_NOT_EMPTY                         4307
#endif
#ifndef ERROR_MEDIA_UNAVAILABLE
#define ERROR_MEDIA_UNAVAILABLE                 4308
#endif
#ifndef ERROR_RESOURCE_DISABLED
#define ERROR_RESOURCE_DISABLED                 4309
#endif
#ifndef ERROR_INVALID_CLEANER
#define ERROR_INVALID_CLEANER                   4310
#endif
#ifndef ERROR_UNABLE_TO_CLEAN
#define ERROR_UNABLE_TO_CLEAN                   4311
#endif
#ifndef ERROR_OBJECT_NOT_FOUND
#define ERROR_OBJECT_NOT_FOUND                  4312
#endif
#ifndef ERROR_DATABASE_FAILURE
#define ERROR_DATABASE_FAILURE                  4313
#endif
#ifndef ERROR_DATABASE_FULL
#define ERROR_DATABASE_FULL                     4314
#endif
#ifndef ERROR_MEDIA_INCOMPATIBLE
#define ERROR_MEDIA_INCOMPATIBLE                4315
#endif
#ifndef ERROR_RESOURCE_NOT_PRESENT
#define ERROR_RESOURCE_NOT_PRESENT              4316
#endif
#ifndef ERROR_INVALID_OPERATION
#define ERROR_INVALID_OPERATION                 4317
#endif
#ifndef ERROR_MEDIA_NOT_AVAILABLE
#define ERROR_MEDIA_NOT_AVAILABLE               4318
#endif
#ifndef ERROR_DEVICE_NOT_AVAILABLE
#define ERROR_DEVICE_NOT_AVAILABLE              4319
#endif
#ifndef ERROR_REQUEST_REFUSED
#define ERROR_REQUEST_REFUSED                   4320
#endif
#ifndef ERROR_INVALID_DRIVE_OBJECT
#define ERROR_INVALID_DRIVE_OBJECT              4321
#endif
#ifndef ERROR_LIBRARY_FULL
#define ERROR_LIBRARY_FULL                      4322
#endif
#ifndef ERROR_MEDIUM_NOT_ACCESSIBLE
#define ERROR_MEDIUM_NOT_ACCESSIBLE             4323
#endif
#ifndef ERROR_UNABLE_TO_LOAD_MEDIUM
#define ERROR_UNABLE_TO_LOAD_MEDIUM             4324
#endif
#ifndef ERROR_UNABLE_TO_INVENTORY_DRIVE
#define ERROR_UNABLE_TO_INVENTORY_DRIVE         4325
#endif
#ifndef ERROR_UNABLE_TO_INVENTORY_SLOT
#define ERROR_UNABLE_TO_INVENTORY_SLOT          4326
#endif
#ifndef ERROR_UNABLE_TO_INVENTORY_TRANSPORT
#define ERROR_UNABLE_TO_INVENTORY_TRANSPORT     4327
#endif
#ifndef ERROR_TRANSPORT_FULL
#define ERROR_TRANSPORT_FULL                    4328
#endif
#ifndef ERROR_CONTROLLING_IEPORT
#define ERROR_CONTROLLING_IEPORT                4329
#endif
#ifndef ERROR_UNABLE_TO_EJECT_MOUNTED_MEDIA
#define ERROR_UNABLE_TO_EJECT_MOUNTED_MEDIA     4330
#endif
#ifndef ERROR_CLEANER_SLOT_SET
#define ERROR_CLEANER_SLOT_SET                  4331
#endif
#ifndef ERROR_CLEANER_SLOT_NOT_SET
#define ERROR_CLEANER_SLOT_NOT_SET              4332
#endif
#ifndef ERROR_CLEANER_CARTRIDGE_SPENT
#define ERROR_CLEANER_CARTRIDGE_SPENT           4333
#endif
#ifndef ERROR_UNEXPECTED_OMID
#define ERROR_UNEXPECTED_OMID                   4334
#endif
#ifndef ERROR_CANT_DELETE_LAST_ITEM
#define ERROR_CANT_DELETE_LAST_ITEM             4335
#endif
#ifndef ERROR_MESSAGE_EXCEEDS_MAX_SIZE
#define ERROR_MESSAGE_EXCEEDS_MAX_SIZE          4336
#endif
#ifndef ERROR_VOLUME_CONTAINS_SYS_FILES
#define ERROR_VOLUME_CONTAINS_SYS_FILES         4337
#endif
#ifndef ERROR_INDIGENOUS_TYPE
#define ERROR_INDIGENOUS_TYPE                   4338
#endif
#ifndef ERROR_NO_SUPPORTING_DRIVES
#define ERROR_NO_SUPPORTING_DRIVES              4339
#endif
#ifndef ERROR_CLEANER_CARTRIDGE_INSTALLED
#define ERROR_CLEANER_CARTRIDGE_INSTALLED       4340
#endif
#ifndef ERROR_IEPORT_FULL
#define ERROR_IEPORT_FULL                       4341
#endif

#ifndef ERROR_INVALID_STATE
#define ERROR_INVALID_STATE                     5023
#endif

/*
 * Names the RSM documentation uses that Windows never assigned a value.
 * Ours lie in the customer-code range (bit 29 set, which Windows reserves
 * for application-defined codes), so they can never collide with a
 * Windows error code.
 */
#ifndef ERROR_ALREADY_RESERVED
#define ERROR_ALREADY_RESERVED                  0x20001001
#endif
#ifndef ERROR_DUPLICATE_OMID
#define ERROR_DUPLICATE_OMID                    0x20001002
#endif
#ifndef ERROR_INVALID_PARTITION
#define ERROR_INVALID_PARTITION                 0x20001003
#endif
#ifndef ERROR_INVALID_SLOT
#define ERROR_INVALID_SLOT                      0x20001004
#endif
#ifndef ERROR_NO_SLOT_RESERVED
#define ERROR_NO_SLOT_RESERVED                  0x20001005
#endif
#ifndef ERROR_NO_SLOT_SET
#define ERROR_NO_SLOT_SET                       0x20001006
#endif
#ifndef ERROR_SLOT_EMPTY
#define ERROR_SLOT_EMPTY                        0x20001007
#endif
#ifndef ERROR_SLOT_FULL
#define ERROR_SLOT_FULL                         0x20001008
#endif
#ifndef ERROR_SLOT_NOT_PRESENT
#define ERROR_SLOT_NOT_PRESENT                  0x20001009
#endif

/* ======================================================================
 * Structures
 * ====================================================================== */

/* --- Asynchronous operations, mount and allocation ------------------- */

typedef struct _NTMS_ASYNC_IO {
        NTMS_GUID OperationId;
        NTMS_GUID EventId;
        DWORD dwOperationType;
        DWORD dwResult;
        DWORD dwAsyncState;
        HANDLE hEvent;
        WINBOOL bOnStateChange;
} NTMS_ASYNC_IO, *LPNTMS_ASYNC_IO;

typedef struct _NTMS_MOUNT_INFORMATION {
        DWORD dwSize;
        LPVOID lpReserved;
} NTMS_MOUNT_INFORMATION, *LPNTMS_MOUNT_INFORMATION;

typedef struct _NTMS_ALLOCATION_INFORMATION {
        DWORD dwSize;
        LPVOID lpReserved;
        NTMS_GUID AllocatedFrom;
} NTMS_ALLOCATION_INFORMATION, *LPNTMS_ALLOCATION_INFORMATION;

/* --- Drive ------------------------------------------------------------ */

typedef struct _NTMS_DRIVEINFORMATIONA {
        DWORD Number;
        DWORD State;
        NTMS_GUID DriveType;
        CHAR szDeviceName[NTMS_DEVICENAME_LENGTH];
        CHAR szSerialNumber[NTMS_SERIALNUMBER_LENGTH];
        CHAR szRevision[NTMS_REVISION_LENGTH];
        WORD ScsiPort;
        WORD ScsiBus;
        WORD ScsiTarget;
        WORD ScsiLun;
        DWORD dwMountCount;
        SYSTEMTIME LastCleanedTs;
        NTMS_GUID SavedPartitionId;
        NTMS_GUID Library;
        GUID Reserved;
        DWORD dwDeferDismountDelay;
} NTMS_DRIVEINFORMATIONA;

typedef struct _NTMS_DRIVEINFORMATIONW {
        DWORD Number;
        DWORD State;
        NTMS_GUID DriveType;
        WCHAR szDeviceName[NTMS_DEVICENAME_LENGTH];
        WCHAR szSerialNumber[NTMS_SERIALNUMBER_LENGTH];
        WCHAR szRevision[NTMS_REVISION_LENGTH];
        WORD ScsiPort;
        WORD ScsiBus;
        WORD ScsiTarget;
        WORD ScsiLun;
        DWORD dwMountCount;
        SYSTEMTIME LastCleanedTs;
        NTMS_GUID SavedPartitionId;
        NTMS_GUID Library;
        GUID Reserved;
        DWORD dwDeferDismountDelay;
} NTMS_DRIVEINFORMATIONW;

/* --- Library ---------------------------------------------------------- */

typedef struct _NTMS_LIBRARYINFORMATION {
        DWORD LibraryType;
        NTMS_GUID CleanerSlot;
        NTMS_GUID CleanerSlotDefault;
        WINBOOL LibrarySupportsDriveCleaning;
        WINBOOL BarCodeReaderInstalled;
        DWORD InventoryMethod;
        DWORD dwCleanerUsesRemaining;
        DWORD FirstDriveNumber;
        DWORD dwNumberOfDrives;
        DWORD FirstSlotNumber;
        DWORD dwNumberOfSlots;
        DWORD FirstDoorNumber;
        DWORD dwNumberOfDoors;
        DWORD FirstPortNumber;
        DWORD dwNumberOfPorts;
        DWORD FirstChangerNumber;
        DWORD dwNumberOfChangers;
        DWORD dwNumberOfMedia;
        DWORD dwNumberOfMediaTypes;
        DWORD dwNumberOfLibRequests;
        GUID Reserved;
        WINBOOL AutoRecovery;
        DWORD dwFlags;
} NTMS_LIBRARYINFORMATION;

/* --- Changer ---------------------------------------------------------- */

typedef struct _NTMS_CHANGERINFORMATIONA {
        DWORD Number;
        NTMS_GUID ChangerType;
        CHAR szSerialNumber[NTMS_SERIALNUMBER_LENGTH];
        CHAR szRevision[NTMS_REVISION_LENGTH];
        CHAR szDeviceName[NTMS_DEVICENAME_LENGTH];
        WORD ScsiPort;
        WORD ScsiBus;
        WORD ScsiTarget;
        WORD ScsiLun;
        NTMS_GUID Library;
} NTMS_CHANGERINFORMATIONA;

typedef struct _NTMS_CHANGERINFORMATIONW {
        DWORD Number;
        NTMS_GUID ChangerType;
        WCHAR szSerialNumber[NTMS_SERIALNUMBER_LENGTH];
        WCHAR szRevision[NTMS_REVISION_LENGTH];
        WCHAR szDeviceName[NTMS_DEVICENAME_LENGTH];
        WORD ScsiPort;
        WORD ScsiBus;
        WORD ScsiTarget;
        WORD ScsiLun;
        NTMS_GUID Library;
} NTMS_CHANGERINFORMATIONW;

/* --- Storage slot, IE door, IE port ------------------------------------ */

typedef struct _NTMS_STORAGESLOTINFORMATION {
        DWORD Number;
        DWORD State;
        NTMS_GUID Library;
} NTMS_STORAGESLOTINFORMATION;

typedef struct _NTMS_IEDOORINFORMATION {
        DWORD Number;
        DWORD State;
        WORD MaxOpenSecs;
        NTMS_GUID Library;
} NTMS_IEDOORINFORMATION;

typedef struct _NTMS_IEPORTINFORMATION {
        DWORD Number;
        DWORD Content;
        DWORD Position;
        WORD MaxExtendSecs;
        NTMS_GUID Library;
} NTMS_IEPORTINFORMATION;

/* --- Physical media, logical media, partition --------------------------- */

typedef struct _NTMS_PMIDINFORMATIONA {
        NTMS_GUID CurrentLibrary;
        NTMS_GUID MediaPool;
        NTMS_GUID Location;
        DWORD LocationType;
        NTMS_GUID MediaType;
        NTMS_GUID HomeSlot;
        CHAR szBarCode[NTMS_BARCODE_LENGTH];
        DWORD BarCodeState;
        CHAR szSequenceNumber[NTMS_SEQUENCE_LENGTH];
        DWORD MediaState;
        DWORD dwNumberOfPartitions;
        DWORD dwMediaTypeCode;
        DWORD dwDensityCode;
        NTMS_GUID MountedPartition;
} NTMS_PMIDINFORMATIONA;

typedef struct _NTMS_PMIDINFORMATIONW {
        NTMS_GUID CurrentLibrary;
        NTMS_GUID MediaPool;
        NTMS_GUID Location;
        DWORD LocationType;
        NTMS_GUID MediaType;
        NTMS_GUID HomeSlot;
        WCHAR szBarCode[NTMS_BARCODE_LENGTH];
        DWORD BarCodeState;
        WCHAR szSequenceNumber[NTMS_SEQUENCE_LENGTH];
        DWORD MediaState;
        DWORD dwNumberOfPartitions;
        DWORD dwMediaTypeCode;
        DWORD dwDensityCode;
        NTMS_GUID MountedPartition;
} NTMS_PMIDINFORMATIONW;

typedef struct _NTMS_LMIDINFORMATION {
        NTMS_GUID MediaPool;
        DWORD dwNumberOfPartitions;
} NTMS_LMIDINFORMATION;

typedef struct _NTMS_PARTITIONINFORMATIONA {
        NTMS_GUID PhysicalMedia;
        NTMS_GUID LogicalMedia;
        DWORD State;
        WORD Side;
        DWORD dwOmidLabelIdLength;
        BYTE OmidLabelId[NTMS_OMIDLABELID_LENGTH];
        CHAR szOmidLabelType[NTMS_OMIDLABELTYPE_LENGTH];
        CHAR szOmidLabelInfo[NTMS_OMIDLABELINFO_LENGTH];
        DWORD dwMountCount;
        DWORD dwAllocateCount;
        LARGE_INTEGER Capacity;
} NTMS_PARTITIONINFORMATIONA;

typedef struct _NTMS_PARTITIONINFORMATIONW {
        NTMS_GUID PhysicalMedia;
        NTMS_GUID LogicalMedia;
        DWORD State;
        WORD Side;
        DWORD dwOmidLabelIdLength;
        BYTE OmidLabelId[NTMS_OMIDLABELID_LENGTH];
        WCHAR szOmidLabelType[NTMS_OMIDLABELTYPE_LENGTH];
        WCHAR szOmidLabelInfo[NTMS_OMIDLABELINFO_LENGTH];
        DWORD dwMountCount;
        DWORD dwAllocateCount;
        LARGE_INTEGER Capacity;
} NTMS_PARTITIONINFORMATIONW;

/* --- Media pool, media type, drive type, changer type ------------------- */

typedef struct _NTMS_MEDIAPOOLINFORMATION {
        DWORD PoolType;
        NTMS_GUID MediaType;
        NTMS_GUID Parent;
        DWORD AllocationPolicy;
        DWORD DeallocationPolicy;
        DWORD dwMaxAllocates;
        DWORD dwNumberOfPhysicalMedia;
        DWORD dwNumberOfLogicalMedia;
        DWORD dwNumberOfMediaPools;
} NTMS_MEDIAPOOLINFORMATION;

typedef struct _NTMS_MEDIATYPEINFORMATION {
        DWORD MediaType;
        DWORD NumberOfSides;
        DWORD ReadWriteCharacteristics;
        DWORD DeviceType;
} NTMS_MEDIATYPEINFORMATION;

typedef struct _NTMS_DRIVETYPEINFORMATIONA {
        CHAR szVendor[NTMS_VENDORNAME_LENGTH];
        CHAR szProduct[NTMS_PRODUCTNAME_LENGTH];
        DWORD NumberOfHeads;
        DWORD DeviceType;
} NTMS_DRIVETYPEINFORMATIONA;

typedef struct _NTMS_DRIVETYPEINFORMATIONW {
        WCHAR szVendor[NTMS_VENDORNAME_LENGTH];
        WCHAR szProduct[NTMS_PRODUCTNAME_LENGTH];
        DWORD NumberOfHeads;
        DWORD DeviceType;
} NTMS_DRIVETYPEINFORMATIONW;

typedef struct _NTMS_CHANGERTYPEINFORMATIONA {
        CHAR szVendor[NTMS_VENDORNAME_LENGTH];
        CHAR szProduct[NTMS_PRODUCTNAME_LENGTH];
        DWORD DeviceType;
} NTMS_CHANGERTYPEINFORMATIONA;

typedef struct _NTMS_CHANGERTYPEINFORMATIONW {
        WCHAR szVendor[NTMS_VENDORNAME_LENGTH];
        WCHAR szProduct[NTMS_PRODUCTNAME_LENGTH];
        DWORD DeviceType;
} NTMS_CHANGERTYPEINFORMATIONW;

/* --- Library requests and operator requests ---------------------------- */

typedef struct _NTMS_LIBREQUESTINFORMATIONA {
        DWORD OperationCode;
        DWORD OperationOption;
        DWORD State;
        NTMS_GUID PartitionId;
        NTMS_GUID DriveId;
        NTMS_GUID PhysMediaId;
        NTMS_GUID Library;
        NTMS_GUID SlotId;
        SYSTEMTIME TimeQueued;
        SYSTEMTIME TimeCompleted;
        CHAR szApplication[NTMS_APPLICATIONNAME_LENGTH];
        CHAR szUser[NTMS_USERNAME_LENGTH];
        CHAR szComputer[NTMS_COMPUTERNAME_LENGTH];
        DWORD dwErrorCode;
        NTMS_GUID WorkItemId;
        DWORD dwPriority;
} NTMS_LIBREQUESTINFORMATIONA;

typedef struct _NTMS_LIBREQUESTINFORMATIONW {
        DWORD OperationCode;
        DWORD OperationOption;
        DWORD State;
        NTMS_GUID PartitionId;
        NTMS_GUID DriveId;
        NTMS_GUID PhysMediaId;
        NTMS_GUID Library;
        NTMS_GUID SlotId;
        SYSTEMTIME TimeQueued;
        SYSTEMTIME TimeCompleted;
        WCHAR szApplication[NTMS_APPLICATIONNAME_LENGTH];
        WCHAR szUser[NTMS_USERNAME_LENGTH];
        WCHAR szComputer[NTMS_COMPUTERNAME_LENGTH];
        DWORD dwErrorCode;
        NTMS_GUID WorkItemId;
        DWORD dwPriority;
} NTMS_LIBREQUESTINFORMATIONW;

typedef struct _NTMS_OPREQUESTINFORMATIONA {
        DWORD Request;
        SYSTEMTIME Submitted;
        DWORD State;
        CHAR szMessage[NTMS_MESSAGE_LENGTH];
        DWORD Arg1Type;
        NTMS_GUID Arg1;
        DWORD Arg2Type;
        NTMS_GUID Arg2;
        CHAR szApplication[NTMS_APPLICATIONNAME_LENGTH];
        CHAR szUser[NTMS_USERNAME_LENGTH];
        CHAR szComputer[NTMS_COMPUTERNAME_LENGTH];
} NTMS_OPREQUESTINFORMATIONA;

typedef struct _NTMS_OPREQUESTINFORMATIONW {
        DWORD Request;
        SYSTEMTIME Submitted;
        DWORD State;
        WCHAR szMessage[NTMS_MESSAGE_LENGTH];
        DWORD Arg1Type;
        NTMS_GUID Arg1;
        DWORD Arg2Type;
        NTMS_GUID Arg2;
        WCHAR szApplication[NTMS_APPLICATIONNAME_LENGTH];
        WCHAR szUser[NTMS_USERNAME_LENGTH];
        WCHAR szComputer[NTMS_COMPUTERNAME_LENGTH];
} NTMS_OPREQUESTINFORMATIONW;

/* --- Computer ----------------------------------------------------------- */

typedef struct _NTMS_COMPUTERINFORMATION {
        DWORD dwLibRequestPurgeTime;
        DWORD dwOpRequestPurgeTime;
        DWORD dwLibRequestFlags;
        DWORD dwOpRequestFlags;
        DWORD dwMediaPoolPolicy;
} NTMS_COMPUTERINFORMATION;

/* --- Operator message --------------------------------------------------- */

typedef struct _RSM_MESSAGE {
        LPGUID lpguidOperation;
        DWORD dwNtmsType;
        DWORD dwState;
        DWORD dwFlags;
        DWORD dwPriority;
        DWORD dwErrorCode;
        LPWSTR lpszComputerName;
        LPWSTR lpszApplication;
        LPWSTR lpszUser;
        LPWSTR lpszTimeSubmitted;
        LPWSTR lpszMessage;
} RSM_MESSAGE, *LPRSM_MESSAGE;

/* --- Object information ------------------------------------------------- */

typedef struct _NTMS_OBJECTINFORMATIONA {
        DWORD dwSize;
        DWORD dwType;
        SYSTEMTIME Created;
        SYSTEMTIME Modified;
        NTMS_GUID ObjectGuid;
        WINBOOL Enabled;
        DWORD dwOperationalState;
        CHAR szName[NTMS_OBJECTNAME_LENGTH];
        CHAR szDescription[NTMS_DESCRIPTION_LENGTH];
        union {
                NTMS_DRIVEINFORMATIONA Drive;
                NTMS_DRIVETYPEINFORMATIONA DriveType;
                NTMS_LIBRARYINFORMATION Library;
                NTMS_CHANGERINFORMATIONA Changer;
                NTMS_CHANGERTYPEINFORMATIONA ChangerType;
                NTMS_STORAGESLOTINFORMATION StorageSlot;
                NTMS_IEDOORINFORMATION IEDoor;
                NTMS_IEPORTINFORMATION IEPort;
                NTMS_PMIDINFORMATIONA PhysicalMedia;
                NTMS_LMIDINFORMATION LogicalMedia;
                NTMS_PARTITIONINFORMATIONA Partition;
                NTMS_MEDIAPOOLINFORMATION MediaPool;
                NTMS_MEDIATYPEINFORMATION MediaType;
                NTMS_LIBREQUESTINFORMATIONA LibRequest;
                NTMS_OPREQUESTINFORMATIONA OpRequest;
                NTMS_COMPUTERINFORMATION Computer;
        } Info;
} NTMS_OBJECTINFORMATIONA, *LPNTMS_OBJECTINFORMATIONA;

typedef struct _NTMS_OBJECTINFORMATIONW {
        DWORD dwSize;
        DWORD dwType;
        SYSTEMTIME Created;
        SYSTEMTIME Modified;
        NTMS_GUID ObjectGuid;
        WINBOOL Enabled;
        DWORD dwOperationalState;
        WCHAR szName[NTMS_OBJECTNAME_LENGTH];
        WCHAR szDescription[NTMS_DESCRIPTION_LENGTH];
        union {
                NTMS_DRIVEINFORMATIONW Drive;
                NTMS_DRIVETYPEINFORMATIONW DriveType;
                NTMS_LIBRARYINFORMATION Library;
                NTMS_CHANGERINFORMATIONW Changer;
                NTMS_CHANGERTYPEINFORMATIONW ChangerType;
                NTMS_STORAGESLOTINFORMATION StorageSlot;
                NTMS_IEDOORINFORMATION IEDoor;
                NTMS_IEPORTINFORMATION IEPort;
                NTMS_PMIDINFORMATIONW PhysicalMedia;
                NTMS_LMIDINFORMATION LogicalMedia;
                NTMS_PARTITIONINFORMATIONW Partition;
                NTMS_MEDIAPOOLINFORMATION MediaPool;
                NTMS_MEDIATYPEINFORMATION MediaType;
                NTMS_LIBREQUESTINFORMATIONW LibRequest;
                NTMS_OPREQUESTINFORMATIONW OpRequest;
                NTMS_COMPUTERINFORMATION Computer;
        } Info;
} NTMS_OBJECTINFORMATIONW, *LPNTMS_OBJECTINFORMATIONW;

/* --- Version 1 ("I1") structures, kept for source compatibility --------- */

typedef struct _NTMS_I1_LIBRARYINFORMATION {
        DWORD LibraryType;
        NTMS_GUID CleanerSlot;
        NTMS_GUID CleanerSlotDefault;
        WINBOOL LibrarySupportsDriveCleaning;
        WINBOOL BarCodeReaderInstalled;
        DWORD InventoryMethod;
        DWORD dwCleanerUsesRemaining;
        DWORD FirstDriveNumber;
        DWORD dwNumberOfDrives;
        DWORD FirstSlotNumber;
        DWORD dwNumberOfSlots;
        DWORD FirstDoorNumber;
        DWORD dwNumberOfDoors;
        DWORD FirstPortNumber;
        DWORD dwNumberOfPorts;
        DWORD FirstChangerNumber;
        DWORD dwNumberOfChangers;
        DWORD dwNumberOfMedia;
        DWORD dwNumberOfMediaTypes;
        DWORD dwNumberOfLibRequests;
        GUID Reserved;
} NTMS_I1_LIBRARYINFORMATION;

typedef struct _NTMS_I1_LIBREQUESTINFORMATIONA {
        DWORD OperationCode;
        DWORD OperationOption;
        DWORD State;
        NTMS_GUID PartitionId;
        NTMS_GUID DriveId;
        NTMS_GUID PhysMediaId;
        NTMS_GUID Library;
        NTMS_GUID SlotId;
        SYSTEMTIME TimeQueued;
        SYSTEMTIME TimeCompleted;
        CHAR szApplication[NTMS_APPLICATIONNAME_LENGTH];
        CHAR szUser[NTMS_USERNAME_LENGTH];
        CHAR szComputer[NTMS_COMPUTERNAME_LENGTH];
} NTMS_I1_LIBREQUESTINFORMATIONA;

typedef struct _NTMS_I1_LIBREQUESTINFORMATIONW {
        DWORD OperationCode;
        DWORD OperationOption;
        DWORD State;
        NTMS_GUID PartitionId;
        NTMS_GUID DriveId;
        NTMS_GUID PhysMediaId;
        NTMS_GUID Library;
        NTMS_GUID SlotId;
        SYSTEMTIME TimeQueued;
        SYSTEMTIME TimeCompleted;
        WCHAR szApplication[NTMS_APPLICATIONNAME_LENGTH];
        WCHAR szUser[NTMS_USERNAME_LENGTH];
        WCHAR szComputer[NTMS_COMPUTERNAME_LENGTH];
} NTMS_I1_LIBREQUESTINFORMATIONW;

typedef struct _NTMS_I1_PMIDINFORMATIONA {
        NTMS_GUID CurrentLibrary;
        NTMS_GUID MediaPool;
        NTMS_GUID Location;
        DWORD LocationType;
        NTMS_GUID MediaType;
        NTMS_GUID HomeSlot;
        CHAR szBarCode[NTMS_BARCODE_LENGTH];
        DWORD BarCodeState;
        CHAR szSequenceNumber[NTMS_SEQUENCE_LENGTH];
        DWORD MediaState;
        DWORD dwNumberOfPartitions;
} NTMS_I1_PMIDINFORMATIONA;

typedef struct _NTMS_I1_PMIDINFORMATIONW {
        NTMS_GUID CurrentLibrary;
        NTMS_GUID MediaPool;
        NTMS_GUID Location;
        DWORD LocationType;
        NTMS_GUID MediaType;
        NTMS_GUID HomeSlot;
        WCHAR szBarCode[NTMS_BARCODE_LENGTH];
        DWORD BarCodeState;
        WCHAR szSequenceNumber[NTMS_SEQUENCE_LENGTH];
        DWORD MediaState;
        DWORD dwNumberOfPartitions;
} NTMS_I1_PMIDINFORMATIONW;

typedef struct _NTMS_I1_PARTITIONINFORMATIONA {
        NTMS_GUID PhysicalMedia;
        NTMS_GUID LogicalMedia;
        DWORD State;
        WORD Side;
        DWORD dwOmidLabelIdLength;
        BYTE OmidLabelId[255];
        CHAR szOmidLabelType[64];
        CHAR szOmidLabelInfo[256];
        DWORD dwMountCount;
        DWORD dwAllocateCount;
} NTMS_I1_PARTITIONINFORMATIONA;

typedef struct _NTMS_I1_PARTITIONINFORMATIONW {
        NTMS_GUID PhysicalMedia;
        NTMS_GUID LogicalMedia;
        DWORD State;
        WORD Side;
        DWORD dwOmidLabelIdLength;
        BYTE OmidLabelId[255];
        WCHAR szOmidLabelType[64];
        WCHAR szOmidLabelInfo[256];
        DWORD dwMountCount;
        DWORD dwAllocateCount;
} NTMS_I1_PARTITIONINFORMATIONW;

typedef struct _NTMS_I1_OPREQUESTINFORMATIONA {
        DWORD Request;
        SYSTEMTIME Submitted;
        DWORD State;
        CHAR szMessage[NTMS_I1_MESSAGE_LENGTH];
        DWORD Arg1Type;
        NTMS_GUID Arg1;
        DWORD Arg2Type;
        NTMS_GUID Arg2;
        CHAR szApplication[NTMS_APPLICATIONNAME_LENGTH];
        CHAR szUser[NTMS_USERNAME_LENGTH];
        CHAR szComputer[NTMS_COMPUTERNAME_LENGTH];
} NTMS_I1_OPREQUESTINFORMATIONA;

typedef struct _NTMS_I1_OPREQUESTINFORMATIONW {
        DWORD Request;
        SYSTEMTIME Submitted;
        DWORD State;
        WCHAR szMessage[NTMS_I1_MESSAGE_LENGTH];
        DWORD Arg1Type;
        NTMS_GUID Arg1;
        DWORD Arg2Type;
        NTMS_GUID Arg2;
        WCHAR szApplication[NTMS_APPLICATIONNAME_LENGTH];
        WCHAR szUser[NTMS_USERNAME_LENGTH];
        WCHAR szComputer[NTMS_COMPUTERNAME_LENGTH];
} NTMS_I1_OPREQUESTINFORMATIONW;

typedef struct _NTMS_I1_OBJECTINFORMATIONA {
        DWORD dwSize;
        DWORD dwType;
        SYSTEMTIME Created;
        SYSTEMTIME Modified;
        NTMS_GUID ObjectGuid;
        WINBOOL Enabled;
        DWORD dwOperationalState;
        CHAR szName[NTMS_OBJECTNAME_LENGTH];
        CHAR szDescription[NTMS_DESCRIPTION_LENGTH];
        union {
                NTMS_DRIVEINFORMATIONA Drive;
                NTMS_DRIVETYPEINFORMATIONA DriveType;
                NTMS_I1_LIBRARYINFORMATION Library;
                NTMS_CHANGERINFORMATIONA Changer;
                NTMS_CHANGERTYPEINFORMATIONA ChangerType;
                NTMS_STORAGESLOTINFORMATION StorageSlot;
                NTMS_IEDOORINFORMATION IEDoor;
                NTMS_IEPORTINFORMATION IEPort;
                NTMS_I1_PMIDINFORMATIONA PhysicalMedia;
                NTMS_LMIDINFORMATION LogicalMedia;
                NTMS_I1_PARTITIONINFORMATIONA Partition;
                NTMS_MEDIAPOOLINFORMATION MediaPool;
                NTMS_MEDIATYPEINFORMATION MediaType;
                NTMS_I1_LIBREQUESTINFORMATIONA LibRequest;
                NTMS_I1_OPREQUESTINFORMATIONA OpRequest;
        } Info;
} NTMS_I1_OBJECTINFORMATIONA, *LPNTMS_I1_OBJECTINFORMATIONA;

typedef struct _NTMS_I1_OBJECTINFORMATIONW {
        DWORD dwSize;
        DWORD dwType;
        SYSTEMTIME Created;
        SYSTEMTIME Modified;
        NTMS_GUID ObjectGuid;
        WINBOOL Enabled;
        DWORD dwOperationalState;
        WCHAR szName[NTMS_OBJECTNAME_LENGTH];
        WCHAR szDescription[NTMS_DESCRIPTION_LENGTH];
        union {
                NTMS_DRIVEINFORMATIONW Drive;
                NTMS_DRIVETYPEINFORMATIONW DriveType;
                NTMS_I1_LIBRARYINFORMATION Library;
                NTMS_CHANGERINFORMATIONW Changer;
                NTMS_CHANGERTYPEINFORMATIONW ChangerType;
                NTMS_STORAGESLOTINFORMATION StorageSlot;
                NTMS_IEDOORINFORMATION IEDoor;
                NTMS_IEPORTINFORMATION IEPort;
                NTMS_I1_PMIDINFORMATIONW PhysicalMedia;
                NTMS_LMIDINFORMATION LogicalMedia;
                NTMS_I1_PARTITIONINFORMATIONW Partition;
                NTMS_MEDIAPOOLINFORMATION MediaPool;
                NTMS_MEDIATYPEINFORMATION MediaType;
                NTMS_I1_LIBREQUESTINFORMATIONW LibRequest;
                NTMS_I1_OPREQUESTINFORMATIONW OpRequest;
        } Info;
} NTMS_I1_OBJECTINFORMATIONW, *LPNTMS_I1_OBJECTINFORMATIONW;

/* --- OMID file system label, notifications ------------------------------ */

/* Buffer for UpdateNtmsOmidInfo with NTMS_OMID_TYPE_FILESYSTEM_INFO. */
typedef struct {
        WCHAR FileSystemType[64];
        WCHAR VolumeName[256];
        DWORD SerialNumber;
} NTMS_FILESYSTEM_INFO;

typedef struct _NTMS_NOTIFICATIONINFORMATION {
        DWORD dwOperation;
        NTMS_GUID ObjectId;
} NTMS_NOTIFICATIONINFORMATION, *LPNTMS_NOTIFICATIONINFORMATION;

/* --- Unsuffixed names: W when UNICODE is defined, A otherwise ----------- */

#ifdef UNICODE
#define _NTMS_DRIVEINFORMATION          _NTMS_DRIVEINFORMATIONW
#define _NTMS_CHANGERINFORMATION        _NTMS_CHANGERINFORMATIONW
#define _NTMS_PMIDINFORMATION           _NTMS_PMIDINFORMATIONW
#define _NTMS_PARTITIONINFORMATION      _NTMS_PARTITIONINFORMATIONW
#define _NTMS_DRIVETYPEINFORMATION      _NTMS_DRIVETYPEINFORMATIONW
#define _NTMS_CHANGERTYPEINFORMATION    _NTMS_CHANGERTYPEINFORMATIONW
#define _NTMS_LIBREQUESTINFORMATION     _NTMS_LIBREQUESTINFORMATIONW
#define _NTMS_OPREQUESTINFORMATION      _NTMS_OPREQUESTINFORMATIONW
#define _NTMS_OBJECTINFORMATION         _NTMS_OBJECTINFORMATIONW
#define _NTMS_I1_LIBREQUESTINFORMATION  _NTMS_I1_LIBREQUESTINFORMATIONW
#define _NTMS_I1_PMIDINFORMATION        _NTMS_I1_PMIDINFORMATIONW
#define _NTMS_I1_PARTITIONINFORMATION   _NTMS_I1_PARTITIONINFORMATIONW
#define _NTMS_I1_OPREQUESTINFORMATION   _NTMS_I1_OPREQUESTINFORMATIONW
#define _NTMS_I1_OBJECTINFORMATION      _NTMS_I1_OBJECTINFORMATIONW
typedef NTMS_DRIVEINFORMATIONW NTMS_DRIVEINFORMATION;
typedef NTMS_CHANGERINFORMATIONW NTMS_CHANGERINFORMATION;
typedef NTMS_PMIDINFORMATIONW NTMS_PMIDINFORMATION;
typedef NTMS_PARTITIONINFORMATIONW NTMS_PARTITIONINFORMATION;
typedef NTMS_DRIVETYPEINFORMATIONW NTMS_DRIVETYPEINFORMATION;
typedef NTMS_CHANGERTYPEINFORMATIONW NTMS_CHANGERTYPEINFORMATION;
typedef NTMS_LIBREQUESTINFORMATIONW NTMS_LIBREQUESTINFORMATION;
typedef NTMS_OPREQUESTINFORMATIONW NTMS_OPREQUESTINFORMATION;
typedef NTMS_OBJECTINFORMATIONW NTMS_OBJECTINFORMATION;
typedef LPNTMS_OBJECTINFORMATIONW LPNTMS_OBJECTINFORMATION;
typedef NTMS_I1_LIBREQUESTINFORMATIONW NTMS_I1_LIBREQUESTINFORMATION;
typedef NTMS_I1_PMIDINFORMATIONW NTMS_I1_PMIDINFORMATION;
typedef NTMS_I1_PARTITIONINFORMATIONW NTMS_I1_PARTITIONINFORMATION;
typedef NTMS_I1_OPREQUESTINFORMATIONW NTMS_I1_OPREQUESTINFORMATION;
typedef NTMS_I1_OBJECTINFORMATIONW NTMS_I1_OBJECTINFORMATION;
typedef LPNTMS_I1_OBJECTINFORMATIONW LPNTMS_I1_OBJECTINFORMATION;
#else
#define _NTMS_DRIVEINFORMATION          _NTMS_DRIVEINFORMATIONA
#define _NTMS_CHANGERINFORMATION        _NTMS_CHANGERINFORMATIONA
#define _NTMS_PMIDINFORMATION           _NTMS_PMIDINFORMATIONA
#define _NTMS_PARTITIONINFORMATION      _NTMS_PARTITIONINFORMATIONA
#define _NTMS_DRIVETYPEINFORMATION      _NTMS_DRIVETYPEINFORMATIONA
#define _NTMS_CHANGERTYPEINFORMATION    _NTMS_CHANGERTYPEINFORMATIONA
#define _NTMS_LIBREQUESTINFORMATION     _NTMS_LIBREQUESTINFORMATIONA
#define _NTMS_OPREQUESTINFORMATION      _NTMS_OPREQUESTINFORMATIONA
#define _NTMS_OBJECTINFORMATION         _NTMS_OBJECTINFORMATIONA
#define _NTMS_I1_LIBREQUESTINFORMATION  _NTMS_I1_LIBREQUESTINFORMATIONA
#define _NTMS_I1_PMIDINFORMATION        _NTMS_I1_PMIDINFORMATIONA
#define _NTMS_I1_PARTITIONINFORMATION   _NTMS_I1_PARTITIONINFORMATIONA
#define _NTMS_I1_OPREQUESTINFORMATION   _NTMS_I1_OPREQUESTINFORMATIONA
#define _NTMS_I1_OBJECTINFORMATION      _NTMS_I1_OBJECTINFORMATIONA
typedef NTMS_DRIVEINFORMATIONA NTMS_DRIVEINFORMATION;
typedef NTMS_CHANGERINFORMATIONA NTMS_CHANGERINFORMATION;
typedef NTMS_PMIDINFORMATIONA NTMS_PMIDINFORMATION;
typedef NTMS_PARTITIONINFORMATIONA NTMS_PARTITIONINFORMATION;
typedef NTMS_DRIVETYPEINFORMATIONA NTMS_DRIVETYPEINFORMATION;
typedef NTMS_CHANGERTYPEINFORMATIONA NTMS_CHANGERTYPEINFORMATION;
typedef NTMS_LIBREQUESTINFORMATIONA NTMS_LIBREQUESTINFORMATION;
typedef NTMS_OPREQUESTINFORMATIONA NTMS_OPREQUESTINFORMATION;
typedef NTMS_OBJECTINFORMATIONA NTMS_OBJECTINFORMATION;
typedef LPNTMS_OBJECTINFORMATIONA LPNTMS_OBJECTINFORMATION;
typedef NTMS_I1_LIBREQUESTINFORMATIONA NTMS_I1_LIBREQUESTINFORMATION;
typedef NTMS_I1_PMIDINFORMATIONA NTMS_I1_PMIDINFORMATION;
typedef NTMS_I1_PARTITIONINFORMATIONA NTMS_I1_PARTITIONINFORMATION;
typedef NTMS_I1_OPREQUESTINFORMATIONA NTMS_I1_OPREQUESTINFORMATION;
typedef NTMS_I1_OBJECTINFORMATIONA NTMS_I1_OBJECTINFORMATION;
typedef LPNTMS_I1_OBJECTINFORMATIONA LPNTMS_I1_OBJECTINFORMATION;
#endif

#pragma pack(pop)

/* ======================================================================
 * Functions
 *
 * All return a Windows error code (ERROR_SUCCESS on success) unless noted.
 * ====================================================================== */

/* --- Error reporting -------------------------------------------------- */

/* Per-thread last error, as on Windows. OpenNtmsSession and
 * OpenNtmsNotification report their failures here. */
NTMS_API DWORD WINAPI GetLastError(void);
NTMS_API void WINAPI SetLastError(DWORD dwErrCode);

/* --- Session management ------------------------------------------------ */

/* Return a session handle, or INVALID_HANDLE_VALUE (see GetLastError). */
NTMS_API HANDLE WINAPI OpenNtmsSessionW(LPCWSTR lpServer, LPCWSTR lpApplication, DWORD dwOptions);
NTMS_API HANDLE WINAPI OpenNtmsSessionA(LPCSTR lpServer, LPCSTR lpApplication, DWORD dwOptions);
NTMS_API DWORD WINAPI CloseNtmsSession(HANDLE hSession);

/* --- Media services ------------------------------------------------------ */

NTMS_API DWORD WINAPI MountNtmsMedia(HANDLE hSession, LPNTMS_GUID lpMediaId, LPNTMS_GUID lpDriveId,
                                     DWORD dwCount, DWORD dwOptions, int dwPriority, DWORD dwTimeout,
                                     LPNTMS_MOUNT_INFORMATION lpMountInformation);
NTMS_API DWORD WINAPI DismountNtmsMedia(HANDLE hSession, LPNTMS_GUID lpMediaId, DWORD dwCount,
                                        DWORD dwOptions);
NTMS_API DWORD WINAPI AllocateNtmsMedia(HANDLE hSession, LPNTMS_GUID lpMediaPool, LPNTMS_GUID lpPartition,
                                        LPNTMS_GUID lpMediaId, DWORD dwOptions, DWORD dwTimeout,
                                        LPNTMS_ALLOCATION_INFORMATION lpAllocateInformation);
NTMS_API DWORD WINAPI DeallocateNtmsMedia(HANDLE hSession, LPNTMS_GUID lpMediaId, DWORD dwOptions);
NTMS_API DWORD WINAPI SwapNtmsMedia(HANDLE hSession, LPNTMS_GUID lpMediaId1, LPNTMS_GUID lpMediaId2);
NTMS_API DWORD WINAPI AddNtmsMediaType(HANDLE hSession, LPNTMS_GUID lpMediaTypeId, LPNTMS_GUID lpLibId);
NTMS_API DWORD WINAPI DeleteNtmsMediaType(HANDLE hSession, LPNTMS_GUID lpMediaTypeId, LPNTMS_GUID lpLibId);
NTMS_API DWORD WINAPI ChangeNtmsMediaType(HANDLE hSession, LPNTMS_GUID lpMediaId, LPNTMS_GUID lpPoolId);
NTMS_API DWORD WINAPI DecommissionNtmsMedia(HANDLE hSession, LPNTMS_GUID lpMediaId);
NTMS_API DWORD WINAPI SetNtmsMediaComplete(HANDLE hSession, LPNTMS_GUID lpMediaId);
NTMS_API DWORD WINAPI DeleteNtmsMedia(HANDLE hSession, LPNTMS_GUID lpMediaId);
NTMS_API DWORD WINAPI CreateNtmsMediaPoolA(HANDLE hSession, LPCSTR lpPoolName, LPNTMS_GUID lpMediaType,
                                           DWORD dwAction, LPSECURITY_ATTRIBUTES lpSecurityAttributes,
                                           LPNTMS_GUID lpPoolId);
NTMS_API DWORD WINAPI CreateNtmsMediaPoolW(HANDLE hSession, LPCWSTR lpPoolName, LPNTMS_GUID lpMediaType,
                                           DWORD dwAction, LPSECURITY_ATTRIBUTES lpSecurityAttributes,
                                           LPNTMS_GUID lpPoolId);
NTMS_API DWORD WINAPI GetNtmsMediaPoolNameA(HANDLE hSession, LPNTMS_GUID lpPoolId, LPSTR lpNameBuf,
                                            LPDWORD lpdwBufSize);
NTMS_API DWORD WINAPI GetNtmsMediaPoolNameW(HANDLE hSession, LPNTMS_GUID lpPoolId, LPWSTR lpNameBuf,
                                            LPDWORD lpdwBufSize);
NTMS_API DWORD WINAPI MoveToNtmsMediaPool(HANDLE hSession, LPNTMS_GUID lpMediaId, LPNTMS_GUID lpPoolId);
NTMS_API DWORD WINAPI DeleteNtmsMediaPool(HANDLE hSession, LPNTMS_GUID lpPoolId);
NTMS_API DWORD WINAPI CreateNtmsMediaA(HANDLE hSession, LPNTMS_OBJECTINFORMATIONA lpMedia,
                                       LPNTMS_OBJECTINFORMATIONA lpList, DWORD dwOptions);
NTMS_API DWORD WINAPI CreateNtmsMediaW(HANDLE hSession, LPNTMS_OBJECTINFORMATIONW lpMedia,
                                       LPNTMS_OBJECTINFORMATIONW lpList, DWORD dwOptions);

/* --- Object management ---------------------------------------------------- */

NTMS_API DWORD WINAPI GetNtmsObjectInformationA(HANDLE hSession, LPNTMS_GUID lpObjectId,
                                                LPNTMS_OBJECTINFORMATIONA lpInfo);
NTMS_API DWORD WINAPI GetNtmsObjectInformationW(HANDLE hSession, LPNTMS_GUID lpObjectId,
                                                LPNTMS_OBJECTINFORMATIONW lpInfo);
NTMS_API DWORD WINAPI SetNtmsObjectInformationA(HANDLE hSession, LPNTMS_GUID lpObjectId,
                                                LPNTMS_OBJECTINFORMATIONA lpInfo);
NTMS_API DWORD WINAPI SetNtmsObjectInformationW(HANDLE hSession, LPNTMS_GUID lpObjectId,
                                                LPNTMS_OBJECTINFORMATIONW lpInfo);
NTMS_API DWORD WINAPI EnumerateNtmsObject(HANDLE hSession, const LPNTMS_GUID lpContainerId,
                                          LPNTMS_GUID lpList, LPDWORD lpdwListSize, DWORD dwType,
                                          DWORD dwOptions);
NTMS_API DWORD WINAPI DisableNtmsObject(HANDLE hSession, DWORD dwType, LPNTMS_GUID lpObjectId);
NTMS_API DWORD WINAPI EnableNtmsObject(HANDLE hSession, DWORD dwType, LPNTMS_GUID lpObjectId);
NTMS_API DWORD WINAPI GetNtmsObjectSecurity(HANDLE hSession, LPNTMS_GUID lpObjectId, DWORD dwType,
                                            SECURITY_INFORMATION RequestedInformation,
                                            PSECURITY_DESCRIPTOR lpSecurityDescriptor, DWORD nLength,
                                            LPDWORD lpnLengthNeeded);
NTMS_API DWORD WINAPI SetNtmsObjectSecurity(HANDLE hSession, LPNTMS_GUID lpObjectId, DWORD dwType,
                                            SECURITY_INFORMATION SecurityInformation,
                                            PSECURITY_DESCRIPTOR lpSecurityDescriptor);
NTMS_API DWORD WINAPI GetNtmsObjectAttributeA(HANDLE hSession, LPNTMS_GUID lpObjectId, DWORD dwType,
                                              LPCSTR lpAttributeName, LPVOID lpAttributeData,
                                              LPDWORD lpAttributeSize);
NTMS_API DWORD WINAPI GetNtmsObjectAttributeW(HANDLE hSession, LPNTMS_GUID lpObjectId, DWORD dwType,
                                              LPCWSTR lpAttributeName, LPVOID lpAttributeData,
                                              LPDWORD lpAttributeSize);
NTMS_API DWORD WINAPI SetNtmsObjectAttributeA(HANDLE hSession, LPNTMS_GUID lpObjectId, DWORD dwType,
                                              LPCSTR lpAttributeName, LPVOID lpAttributeData,
                                              DWORD dwAttributeSize);
NTMS_API DWORD WINAPI SetNtmsObjectAttributeW(HANDLE hSession, LPNTMS_GUID lpObjectId, DWORD dwType,
                                              LPCWSTR lpAttributeName, LPVOID lpAttributeData,
                                              DWORD AttributeSize);

/* --- Library control ------------------------------------------------------ */

NTMS_API DWORD WINAPI DeleteNtmsLibrary(HANDLE hSession, LPNTMS_GUID lpLibraryId);
NTMS_API DWORD WINAPI DeleteNtmsDrive(HANDLE hSession, LPNTMS_GUID lpDriveId);
NTMS_API DWORD WINAPI EjectNtmsMedia(HANDLE hSession, LPNTMS_GUID lpMediaId, LPNTMS_GUID lpEjectOperation,
                                     DWORD dwAction);
NTMS_API DWORD WINAPI InjectNtmsMedia(HANDLE hSession, LPNTMS_GUID lpLibraryId,
                                      LPNTMS_GUID lpInjectOperation, DWORD dwAction);
NTMS_API DWORD WINAPI AccessNtmsLibraryDoor(HANDLE hSession, LPNTMS_GUID lpLibraryId, DWORD dwAction);
NTMS_API DWORD WINAPI DismountNtmsDrive(HANDLE hSession, LPNTMS_GUID lpDriveId);
NTMS_API DWORD WINAPI InventoryNtmsLibrary(HANDLE hSession, LPNTMS_GUID lpLibraryId, DWORD dwAction);
NTMS_API DWORD WINAPI IdentifyNtmsSlot(HANDLE hSession, LPNTMS_GUID lpSlotId, DWORD dwOption);
NTMS_API DWORD WINAPI CancelNtmsLibraryRequest(HANDLE hSession, LPNTMS_GUID lpRequestId);
NTMS_API DWORD WINAPI GetNtmsRequestOrder(HANDLE hSession, LPNTMS_GUID lpRequestId, LPDWORD lpdwOrderNumber);
NTMS_API DWORD WINAPI SetNtmsRequestOrder(HANDLE hSession, LPNTMS_GUID lpRequestId, DWORD dwOrderNumber);
NTMS_API DWORD WINAPI DeleteNtmsRequests(HANDLE hSession, LPNTMS_GUID lpRequestId, DWORD dwType,
                                         DWORD dwCount);
NTMS_API DWORD WINAPI GetNtmsUIOptionsA(HANDLE hSession, const LPNTMS_GUID lpObjectId, DWORD dwType,
                                        LPSTR lpszDestination, LPDWORD lpdwBufSize);
NTMS_API DWORD WINAPI GetNtmsUIOptionsW(HANDLE hSession, const LPNTMS_GUID lpObjectId, DWORD dwType,
                                        LPWSTR lpszDestination, LPDWORD lpdwBufSize);
NTMS_API DWORD WINAPI SetNtmsUIOptionsA(HANDLE hSession, const LPNTMS_GUID lpObjectId, DWORD dwType,
                                        DWORD dwOperation, LPCSTR lpszDestination);
NTMS_API DWORD WINAPI SetNtmsUIOptionsW(HANDLE hSession, const LPNTMS_GUID lpObjectId, DWORD dwType,
                                        DWORD dwOperation, LPCWSTR lpszDestination);
/* Stand-alone drives, without a session. EjectDiskFromSADrive takes the
 * drive's szDeviceName (e.g. /dev/nst0); hWnd, lpTitle and lpMessage serve a
 * confirmation dialog that does not exist on Linux and are ignored, so
 * NTMS_EJECT_ASK_USER waits for the eject like NTMS_EJECT_IMMEDIATE. */
NTMS_API DWORD WINAPI EjectDiskFromSADriveW(LPCWSTR lpComputerName, LPCWSTR lpAppName, LPCWSTR lpDeviceName,
                                            HWND hWnd, LPCWSTR lpTitle, LPCWSTR lpMessage, DWORD dwOptions);
NTMS_API DWORD WINAPI EjectDiskFromSADriveA(LPCSTR lpComputerName, LPCSTR lpAppName, LPCSTR lpDeviceName,
                                            HWND hWnd, LPCSTR lpTitle, LPCSTR lpMessage, DWORD dwOptions);
NTMS_API DWORD WINAPI GetVolumesFromDriveW(LPWSTR pszDriveName, LPWSTR *VolumeNameBufferPtr,
                                           LPWSTR *DriveLetterBufferPtr);
NTMS_API DWORD WINAPI GetVolumesFromDriveA(LPSTR pszDriveName, LPSTR *VolumeNameBufferPtr,
                                           LPSTR *DriveLetterBufferPtr);

/* --- Operator requests ----------------------------------------------------- */

NTMS_API DWORD WINAPI SubmitNtmsOperatorRequestW(HANDLE hSession, DWORD dwRequest, LPCWSTR lpMessage,
                                                 LPNTMS_GUID lpArg1Id, LPNTMS_GUID lpArg2Id,
                                                 LPNTMS_GUID lpRequestId);
NTMS_API DWORD WINAPI SubmitNtmsOperatorRequestA(HANDLE hSession, DWORD dwRequest, LPCSTR lpMessage,
                                                 LPNTMS_GUID lpArg1Id, LPNTMS_GUID lpArg2Id,
                                                 LPNTMS_GUID lpRequestId);
NTMS_API DWORD WINAPI WaitForNtmsOperatorRequest(HANDLE hSession, LPNTMS_GUID lpRequestId, DWORD dwTimeout);
NTMS_API DWORD WINAPI CancelNtmsOperatorRequest(HANDLE hSession, LPNTMS_GUID lpRequestId);
NTMS_API DWORD WINAPI SatisfyNtmsOperatorRequest(HANDLE hSession, LPNTMS_GUID lpRequestId);

/* --- Cleaner management ---------------------------------------------------- */

NTMS_API DWORD WINAPI ReserveNtmsCleanerSlot(HANDLE hSession, LPNTMS_GUID lpLibrary, LPNTMS_GUID lpSlot);
NTMS_API DWORD WINAPI ReleaseNtmsCleanerSlot(HANDLE hSession, LPNTMS_GUID lpLibrary);
NTMS_API DWORD WINAPI InjectNtmsCleaner(HANDLE hSession, LPNTMS_GUID lpLibrary, LPNTMS_GUID lpInjectOperation,
                                        DWORD dwNumberOfCleansLeft, DWORD dwAction);
NTMS_API DWORD WINAPI EjectNtmsCleaner(HANDLE hSession, LPNTMS_GUID lpLibrary, LPNTMS_GUID lpEjectOperation,
                                       DWORD dwAction);
NTMS_API DWORD WINAPI CleanNtmsDrive(HANDLE hSession, LPNTMS_GUID lpDriveId);

/* --- Device change detection ---------------------------------------------- */

NTMS_API DWORD WINAPI BeginNtmsDeviceChangeDetection(HANDLE hSession, LPHANDLE lpDetectHandle);
NTMS_API DWORD WINAPI SetNtmsDeviceChangeDetection(HANDLE hSession, HANDLE DetectHandle,
                                                   LPNTMS_GUID lpRequestId, DWORD dwType, DWORD dwCount);
NTMS_API DWORD WINAPI EndNtmsDeviceChangeDetection(HANDLE hSession, HANDLE DetectHandle);

/* --- On-media identifier (OMID) management -------------------------------- */

NTMS_API DWORD WINAPI UpdateNtmsOmidInfo(HANDLE hSession, LPNTMS_GUID lpMediaId, DWORD labelType,
                                         DWORD numberOfBytes, LPVOID lpBuffer);

/* --- Database backup and recovery ------------------------------------------ */

NTMS_API DWORD WINAPI ImportNtmsDatabase(HANDLE hSession);
NTMS_API DWORD WINAPI ExportNtmsDatabase(HANDLE hSession);

/* --- Database notification ------------------------------------------------- */

/* Returns a notification handle, or INVALID_HANDLE_VALUE (see GetLastError). */
NTMS_API HANDLE WINAPI OpenNtmsNotification(HANDLE hSession, DWORD dwType);
NTMS_API DWORD WINAPI WaitForNtmsNotification(HANDLE hNotification,
                                              LPNTMS_NOTIFICATIONINFORMATION lpNotificationInformation,
                                              DWORD dwTimeout);
NTMS_API DWORD WINAPI CloseNtmsNotification(HANDLE hNotification);

/* --- Unsuffixed function names: W when UNICODE is defined, A otherwise --- */

#ifdef UNICODE
#define OpenNtmsSession                 OpenNtmsSessionW
#define CreateNtmsMediaPool             CreateNtmsMediaPoolW
#define GetNtmsMediaPoolName            GetNtmsMediaPoolNameW
#define CreateNtmsMedia                 CreateNtmsMediaW
#define GetNtmsObjectInformation        GetNtmsObjectInformationW
#define SetNtmsObjectInformation        SetNtmsObjectInformationW
#define GetNtmsObjectAttribute          GetNtmsObjectAttributeW
#define SetNtmsObjectAttribute          SetNtmsObjectAttributeW
#define GetNtmsUIOptions                GetNtmsUIOptionsW
#define SetNtmsUIOptions                SetNtmsUIOptionsW
#define SubmitNtmsOperatorRequest       SubmitNtmsOperatorRequestW
#define EjectDiskFromSADrive            EjectDiskFromSADriveW
#define GetVolumesFromDrive             GetVolumesFromDriveW
#else
#define OpenNtmsSession                 OpenNtmsSessionA
#define CreateNtmsMediaPool             CreateNtmsMediaPoolA
#define GetNtmsMediaPoolName            GetNtmsMediaPoolNameA
#define CreateNtmsMedia                 CreateNtmsMediaA
#define GetNtmsObjectInformation        GetNtmsObjectInformationA
#define SetNtmsObjectInformation        SetNtmsObjectInformationA
#define GetNtmsObjectAttribute          GetNtmsObjectAttributeA
#define SetNtmsObjectAttribute          SetNtmsObjectAttributeA
#define GetNtmsUIOptions                GetNtmsUIOptionsA
#define SetNtmsUIOptions                SetNtmsUIOptionsA
#define SubmitNtmsOperatorRequest       SubmitNtmsOperatorRequestA
#define EjectDiskFromSADrive            EjectDiskFromSADriveA
#define GetVolumesFromDrive             GetVolumesFromDriveA
#endif

#ifdef __cplusplus
}
#endif

#endif /* NTMSAPI_H */
