/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ntmsmli.h - Removable Storage Manager media label library interface.
 *
 * A media label library recognises the on-media label (OMID) that an
 * application wrote, so that rsmd can tell which application owns a
 * cartridge. On Linux such a library is a shared object that exports
 * MaxMediaLabel and ClaimMediaLabel (and optionally ClaimMediaLabelEx);
 * rsmd finds them with dlsym() and calls them through the pointer types
 * below.
 */
#ifndef NTMSMLI_H
#define NTMSMLI_H

/* For the Windows base types (DWORD, BYTE, WCHAR, GUID) and WINAPI. */
#include "ntmsapi.h"

#ifdef __cplusplus
extern "C" {
#endif

#define NTMSMLI_MAXTYPE         64
#define NTMSMLI_MAXIDSIZE       256
#define NTMSMLI_MAXAPPDESCR     256

#pragma pack(push, 8)

/* Filled in by ClaimMediaLabel when the library recognises a label. */
typedef struct {
        WCHAR LabelType[NTMSMLI_MAXTYPE];
        DWORD LabelIDSize;
        BYTE LabelID[NTMSMLI_MAXIDSIZE];
        WCHAR LabelAppDescr[NTMSMLI_MAXAPPDESCR];
} MediaLabelInfo, *pMediaLabelInfo;

#pragma pack(pop)

/* MaxMediaLabel: stores the largest label the library needs to read. */
typedef DWORD (WINAPI *MAXMEDIALABEL)(DWORD *const pMaxSize);

/* ClaimMediaLabel: NO_ERROR and pLabelInfo filled in when the label in
 * pBuffer is recognised. */
typedef DWORD (WINAPI *CLAIMMEDIALABEL)(const BYTE *const pBuffer, const DWORD nBufferSize,
                                        MediaLabelInfo *const pLabelInfo);

/* ClaimMediaLabelEx: as ClaimMediaLabel, and also returns the GUID the
 * label records in LabelGuid. */
typedef DWORD (WINAPI *CLAIMMEDIALABELEX)(const BYTE *const pBuffer, const DWORD nBufferSize,
                                          MediaLabelInfo *const pLabelInfo, GUID *LabelGuid);

#ifdef __cplusplus
}
#endif

#endif /* NTMSMLI_H */
