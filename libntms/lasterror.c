/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The Windows per-thread last-error value, for the functions that return a
 * HANDLE (OpenNtmsSession, OpenNtmsNotification) and report failure only
 * through it. */

#include "ntmsapi.h"

static __thread DWORD last_error;

NTMS_API DWORD WINAPI GetLastError(void) {
        return last_error;
}

NTMS_API void WINAPI SetLastError(DWORD dwErrCode) {
        last_error = dwErrCode;
}
