/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A program that already has the Windows base types and winerror.h-style
 * error codes of its own: with NTMS_NO_WINTYPES, ntmsapi.h must use them
 * and must not redefine any ERROR_* code the program already has.
 */
#include <stdint.h>
#include <stdio.h>
#include <wchar.h>

/* The program's own definitions, as a Windows compatibility layer has them. */
typedef uint8_t BYTE;
typedef uint16_t WORD;
typedef uint32_t DWORD;
typedef int32_t LONG;
typedef int BOOL;
typedef int WINBOOL;
typedef char CHAR;
typedef wchar_t WCHAR;
typedef BYTE *LPBYTE;
typedef DWORD *LPDWORD;
typedef CHAR *LPSTR;
typedef const CHAR *LPCSTR;
typedef WCHAR *LPWSTR;
typedef const WCHAR *LPCWSTR;
typedef void *LPVOID;
typedef intptr_t LONG_PTR;
typedef uintptr_t ULONG_PTR;
typedef void *HANDLE;
typedef HANDLE *LPHANDLE;
typedef void *HWND;
typedef union {
        struct {
                DWORD LowPart;
                LONG HighPart;
        } u;
        int64_t QuadPart;
} LARGE_INTEGER;
typedef struct {
        WORD wYear, wMonth, wDayOfWeek, wDay, wHour, wMinute, wSecond, wMilliseconds;
} SYSTEMTIME;
typedef struct {
        uint32_t Data1;
        uint16_t Data2;
        uint16_t Data3;
        uint8_t Data4[8];
} GUID, *LPGUID;
typedef DWORD SECURITY_INFORMATION;
typedef void *PSECURITY_DESCRIPTOR;
typedef struct {
        DWORD nLength;
        LPVOID lpSecurityDescriptor;
        BOOL bInheritHandle;
} SECURITY_ATTRIBUTES, *LPSECURITY_ATTRIBUTES;

#define ERROR_SUCCESS 0L
#define ERROR_ACCESS_DENIED 5L
#define ERROR_INVALID_MEDIA 4300L

#define NTMS_NO_WINTYPES
#include "ntmsapi.h"
#include "ntmsmli.h"

_Static_assert(sizeof(NTMS_OBJECTINFORMATIONA) > 0, "structures build on the program's types");
_Static_assert(ERROR_ACCESS_DENIED == 5 && ERROR_INVALID_MEDIA == 4300, "program's codes kept");
_Static_assert(ERROR_DATABASE_FULL == 4314, "missing codes still supplied");
_Static_assert(INFINITE == 0xFFFFFFFFu, "missing macros still supplied");

int main(void) {
        HANDLE h = INVALID_HANDLE_VALUE;

        if (h != (HANDLE)(LONG_PTR)-1)
                return 1;
        printf("header wintypes ok: %zu\n", sizeof(NTMS_OBJECTINFORMATIONW) + sizeof(MediaLabelInfo));
        return 0;
}
