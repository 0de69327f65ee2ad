/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Compile check for the public headers as C: both headers, every structure,
 * a sample of constants, the A/W name mapping. Built with -Wpedantic -Werror
 * (and again with -DUNICODE). Nothing here calls into libntms, so the
 * program links without it.
 */
#include <stddef.h>
#include <stdio.h>
#include <wchar.h>

#include "ntmsapi.h"
#include "ntmsmli.h"

#define SAME_TYPE(a, b) __builtin_types_compatible_p(__typeof__(a), __typeof__(b))

static const size_t struct_sizes[] = {
        /* Windows base types */
        sizeof(LARGE_INTEGER),
        sizeof(SYSTEMTIME),
        sizeof(GUID),
        sizeof(SECURITY_ATTRIBUTES),
        /* ntmsapi.h */
        sizeof(NTMS_GUID),
        sizeof(NTMS_HANDLE),
        sizeof(PSECURITY_DESCRIPTOR_NTMS),
        sizeof(NTMS_ASYNC_IO),
        sizeof(NTMS_MOUNT_INFORMATION),
        sizeof(NTMS_ALLOCATION_INFORMATION),
        sizeof(NTMS_DRIVEINFORMATIONA),
        sizeof(NTMS_DRIVEINFORMATIONW),
        sizeof(NTMS_LIBRARYINFORMATION),
        sizeof(NTMS_CHANGERINFORMATIONA),
        sizeof(NTMS_CHANGERINFORMATIONW),
        sizeof(NTMS_STORAGESLOTINFORMATION),
        sizeof(NTMS_IEDOORINFORMATION),
        sizeof(NTMS_IEPORTINFORMATION),
        sizeof(NTMS_PMIDINFORMATIONA),
        sizeof(NTMS_PMIDINFORMATIONW),
        sizeof(NTMS_LMIDINFORMATION),
        sizeof(NTMS_PARTITIONINFORMATIONA),
        sizeof(NTMS_PARTITIONINFORMATIONW),
        sizeof(NTMS_MEDIAPOOLINFORMATION),
        sizeof(NTMS_MEDIATYPEINFORMATION),
        sizeof(NTMS_DRIVETYPEINFORMATIONA),
        sizeof(NTMS_DRIVETYPEINFORMATIONW),
        sizeof(NTMS_CHANGERTYPEINFORMATIONA),
        sizeof(NTMS_CHANGERTYPEINFORMATIONW),
        sizeof(NTMS_LIBREQUESTINFORMATIONA),
        sizeof(NTMS_LIBREQUESTINFORMATIONW),
        sizeof(NTMS_OPREQUESTINFORMATIONA),
        sizeof(NTMS_OPREQUESTINFORMATIONW),
        sizeof(NTMS_COMPUTERINFORMATION),
        sizeof(RSM_MESSAGE),
        sizeof(NTMS_OBJECTINFORMATIONA),
        sizeof(NTMS_OBJECTINFORMATIONW),
        sizeof(NTMS_I1_LIBRARYINFORMATION),
        sizeof(NTMS_I1_LIBREQUESTINFORMATIONA),
        sizeof(NTMS_I1_LIBREQUESTINFORMATIONW),
        sizeof(NTMS_I1_PMIDINFORMATIONA),
        sizeof(NTMS_I1_PMIDINFORMATIONW),
        sizeof(NTMS_I1_PARTITIONINFORMATIONA),
        sizeof(NTMS_I1_PARTITIONINFORMATIONW),
        sizeof(NTMS_I1_OPREQUESTINFORMATIONA),
        sizeof(NTMS_I1_OPREQUESTINFORMATIONW),
        sizeof(NTMS_I1_OBJECTINFORMATIONA),
        sizeof(NTMS_I1_OBJECTINFORMATIONW),
        sizeof(NTMS_FILESYSTEM_INFO),
        sizeof(NTMS_NOTIFICATIONINFORMATION),
        /* unsuffixed aliases and struct tags */
        sizeof(NTMS_DRIVEINFORMATION),
        sizeof(NTMS_CHANGERINFORMATION),
        sizeof(NTMS_PMIDINFORMATION),
        sizeof(NTMS_PARTITIONINFORMATION),
        sizeof(NTMS_DRIVETYPEINFORMATION),
        sizeof(NTMS_CHANGERTYPEINFORMATION),
        sizeof(NTMS_LIBREQUESTINFORMATION),
        sizeof(NTMS_OPREQUESTINFORMATION),
        sizeof(NTMS_OBJECTINFORMATION),
        sizeof(NTMS_I1_LIBREQUESTINFORMATION),
        sizeof(NTMS_I1_PMIDINFORMATION),
        sizeof(NTMS_I1_PARTITIONINFORMATION),
        sizeof(NTMS_I1_OPREQUESTINFORMATION),
        sizeof(NTMS_I1_OBJECTINFORMATION),
        sizeof(struct _NTMS_OBJECTINFORMATION),
        sizeof(struct _NTMS_DRIVEINFORMATION),
        /* ntmsmli.h */
        sizeof(MediaLabelInfo),
};

static const DWORD constants[] = {
        NTMS_OBJECTNAME_LENGTH, NTMS_OMIDLABELINFO_LENGTH,
        NTMS_LIBRARY, NTMS_NUMBER_OF_OBJECT_TYPES,
        NTMS_MOUNT_READ | NTMS_MOUNT_WRITE | NTMS_MOUNT_NOWAIT,
        NTMS_DISMOUNT_DEFERRED, NTMS_ALLOCATE_NEW, NTMS_OPEN_ALWAYS,
        NTMS_DRIVESTATE_DISMOUNTABLE, NTMS_LIBRARYTYPE_STANDALONE,
        NTMS_LIBRARYFLAG_RECOGNIZECLEANERBARCODE, NTMS_INVENTORY_MAX,
        NTMS_SLOTSTATE_NEEDSINVENTORY, NTMS_PARTSTATE_NEW, NTMS_PARTSTATE_RESERVED,
        NTMS_POOLTYPE_APPLICATION, NTMS_LM_DEFFERED, NTMS_LM_MAXWORKITEM,
        NTMS_OPREQ_MESSAGE, NTMS_OPSTATE_COMPLETE, NTMS_OPREQFLAGS_NOTRAYICON,
        NTMS_NOT_PRESENT, NTMS_EJECT_ASK_USER, NTMS_INJECT_STARTMANY,
        NTMS_OMID_TYPE_FILESYSTEM_INFO, NTMS_GENERIC_ALL, NTMS_MAXATTR_LENGTH,
        NTMS_UITYPE_MAX, NTMS_UIOPERATION_MAX, NTMS_EVENT_COMPLETE,
        NTMSMLI_MAXTYPE, NTMSMLI_MAXIDSIZE, NTMSMLI_MAXAPPDESCR,
        ERROR_SUCCESS, NO_ERROR, ERROR_INVALID_MEDIA, ERROR_IEPORT_FULL,
        ERROR_INVALID_STATE, ERROR_MORE_DATA, ERROR_CALL_NOT_IMPLEMENTED,
        ERROR_SLOT_NOT_PRESENT, INFINITE, TRUE, FALSE,
};

/* The unsuffixed names pick the A or W form, without referencing either
 * (__typeof__ does not evaluate its operand). */
#ifdef UNICODE
_Static_assert(SAME_TYPE(OpenNtmsSession, OpenNtmsSessionW), "OpenNtmsSession is W");
_Static_assert(SAME_TYPE(NTMS_OBJECTINFORMATION, NTMS_OBJECTINFORMATIONW), "NTMS_OBJECTINFORMATION is W");
#else
_Static_assert(SAME_TYPE(OpenNtmsSession, OpenNtmsSessionA), "OpenNtmsSession is A");
_Static_assert(SAME_TYPE(NTMS_OBJECTINFORMATION, NTMS_OBJECTINFORMATIONA), "NTMS_OBJECTINFORMATION is A");
#endif
/* W forms take wide literals (sizeof does not evaluate the call). */
_Static_assert(sizeof(OpenNtmsSessionW(L"server", L"application", 0)) == sizeof(HANDLE), "W call");
_Static_assert(sizeof(OpenNtmsSessionA("server", "application", 0)) == sizeof(HANDLE), "A call");

static DWORD WINAPI max_media_label(DWORD *const pMaxSize) {
        *pMaxSize = NTMSMLI_MAXIDSIZE;
        return NO_ERROR;
}

int main(void) {
        NTMS_GUID null_guid = NTMS_NULLGUID;
        NTMS_OBJECTINFORMATION info = { 0 };
        MAXMEDIALABEL max_fn = max_media_label;
        CLAIMMEDIALABEL claim_fn = NULL;
        CLAIMMEDIALABELEX claim_ex_fn = NULL;
        LARGE_INTEGER li;
        DWORD max_size = 0;
        size_t total = 0;

        for (size_t i = 0; i < sizeof struct_sizes / sizeof struct_sizes[0]; i++)
                total += struct_sizes[i];
        for (size_t i = 0; i < sizeof constants / sizeof constants[0]; i++)
                total += constants[i] != 0;

        info.dwSize = sizeof info;
        info.dwType = NTMS_PARTITION;
        info.Info.Partition.Capacity.QuadPart = 1;
        li.LowPart = 1;
        li.HighPart = 0;

        if (!NTMS_IS_NULLGUID(null_guid) || max_fn(&max_size) != NO_ERROR ||
            max_size != NTMSMLI_MAXIDSIZE || claim_fn || claim_ex_fn)
                return 1;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        /* LowPart/HighPart follow the Windows (little-endian) layout. */
        if (li.QuadPart != 1 || info.Info.Partition.Capacity.u.LowPart != 1)
                return 1;
#endif

        printf("header compile (C%s) ok: %zu structures, total %zu\n",
#ifdef UNICODE
               ", UNICODE",
#else
               "",
#endif
               sizeof struct_sizes / sizeof struct_sizes[0], total);
        return 0;
}
