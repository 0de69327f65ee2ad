/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Database backup and recovery. */

#include "call.h"

NTMS_API DWORD WINAPI ImportNtmsDatabase(HANDLE hSession) {
        return ntms_session_call(hSession, "ImportDatabase", "");
}

NTMS_API DWORD WINAPI ExportNtmsDatabase(HANDLE hSession) {
        return ntms_session_call(hSession, "ExportDatabase", "");
}
