/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The two functions that take no session: each opens a short connection of
 * its own for the call. */

#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "text.h"
#include "wide.h"

/* EjectDiskFromSADrive. rsmd finds the drive by the device name; the call
 * runs in a session opened for lpComputerName and lpAppName, so that the
 * library request records the application. hWnd, lpTitle and lpMessage
 * belong to a confirmation dialog, which does not exist here: they are
 * ignored. NTMS_EJECT_IMMEDIATE and NTMS_EJECT_ASK_USER wait for the eject
 * (a rewinding tape may take minutes: without a bus timeout), the other
 * options only until it is queued. */
static DWORD eject_disk(const TextArg *computer, const TextArg *app, const TextArg *device,
                        DWORD options) {
        _cleanup_(session_oneshot_freep) Session *s = NULL;
        bool wait = options == NTMS_EJECT_IMMEDIATE || options == NTMS_EJECT_ASK_USER;
        DWORD e;

        if (computer->error != ERROR_SUCCESS || text_arg_chars(computer) >= NTMS_COMPUTERNAME_LENGTH)
                return ERROR_INVALID_PARAMETER;
        if (app->error != ERROR_SUCCESS || device->error != ERROR_SUCCESS || !device->s || !*device->s)
                return ERROR_INVALID_PARAMETER;
        if (options > NTMS_EJECT_ASK_USER)
                return ERROR_INVALID_PARAMETER;
        /* Only this machine's rsmd is reachable; rsmd itself decides which
         * names mean "this machine" when a session is opened. */
        if (computer->s && *computer->s && !streq(computer->s, "localhost")) {
                char host[256];
                if (gethostname(host, sizeof host) < 0 || !streq(host, computer->s))
                        return ERROR_INVALID_PARAMETER;
        }

        e = session_oneshot_open_named(computer->s, app->s, &s);
        /* The function documents no ERROR_INVALID_COMPUTERNAME. */
        if (e == ERROR_INVALID_COMPUTERNAME)
                return ERROR_INVALID_PARAMETER;
        if (e != ERROR_SUCCESS)
                return e;
        return ntms_call(s, NULL, "EjectDiskFromSADrive",
                         wait ? ntms_timeout_usec(INFINITE) : NTMS_CALL_TIMEOUT_DEFAULT, "su", device->s, options);
}

NTMS_API DWORD WINAPI EjectDiskFromSADriveA(LPCSTR lpComputerName, LPCSTR lpAppName, LPCSTR lpDeviceName,
                                            HWND hWnd, LPCSTR lpTitle, LPCSTR lpMessage, DWORD dwOptions) {
        _cleanup_(text_arg_done) TextArg computer, app, device;
        text_arg_a(&computer, lpComputerName);
        text_arg_a(&app, lpAppName);
        text_arg_a(&device, lpDeviceName);
        return eject_disk(&computer, &app, &device, dwOptions);
}

NTMS_API DWORD WINAPI EjectDiskFromSADriveW(LPCWSTR lpComputerName, LPCWSTR lpAppName, LPCWSTR lpDeviceName,
                                            HWND hWnd, LPCWSTR lpTitle, LPCWSTR lpMessage, DWORD dwOptions) {
        _cleanup_(text_arg_done) TextArg computer, app, device;
        text_arg_w(&computer, lpComputerName);
        text_arg_w(&app, lpAppName);
        text_arg_w(&device, lpDeviceName);
        return eject_disk(&computer, &app, &device, dwOptions);
}

/* The first string of an "as" (a removable disk has at most one volume and
 * one drive letter), or NULL when it is empty. */
static DWORD read_first(sd_bus_message *reply, char **ret) {
        const char *first = NULL, *v;
        int r;

        r = sd_bus_message_enter_container(reply, 'a', "s");
        if (r < 0)
                return NTMS_ERROR_PROTOCOL;
        while ((r = sd_bus_message_read_basic(reply, 's', &v)) > 0)
                if (!first)
                        first = v;
        if (r < 0 || sd_bus_message_exit_container(reply) < 0)
                return NTMS_ERROR_PROTOCOL;

        *ret = NULL;
        if (first) {
                *ret = strdup(first);
                if (!*ret)
                        return ERROR_NOT_ENOUGH_MEMORY;
        }
        return ERROR_SUCCESS;
}

/* Results are UTF-8 from malloc(), NULL when there is none; the caller
 * frees them with free(). */
static DWORD get_volumes(const TextArg *drive, char **ret_volume, char **ret_letter) {
        _cleanup_(session_oneshot_freep) Session *s = NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        _cleanup_free_ char *volume = NULL, *letter = NULL;
        DWORD e;

        if (drive->error != ERROR_SUCCESS || !drive->s || !*drive->s || !ret_volume || !ret_letter)
                return ERROR_INVALID_PARAMETER;

        e = session_oneshot_open(&s);
        if (e != ERROR_SUCCESS)
                return e;
        e = ntms_call(s, &reply, "GetVolumesFromDrive", NTMS_CALL_TIMEOUT_DEFAULT, "s", drive->s);
        if (e == ERROR_SUCCESS)
                e = read_first(reply, &volume);
        if (e == ERROR_SUCCESS)
                e = read_first(reply, &letter);
        reply = sd_bus_message_unref(reply);
        if (e != ERROR_SUCCESS)
                return e;

        *ret_volume = TAKE_PTR(volume);
        *ret_letter = TAKE_PTR(letter);
        return ERROR_SUCCESS;
}

NTMS_API DWORD WINAPI GetVolumesFromDriveA(LPSTR pszDriveName, LPSTR *VolumeNameBufferPtr,
                                           LPSTR *DriveLetterBufferPtr) {
        _cleanup_(text_arg_done) TextArg drive;
        text_arg_a(&drive, pszDriveName);
        return get_volumes(&drive, VolumeNameBufferPtr, DriveLetterBufferPtr);
}

static DWORD widen(const char *s, wchar_t **ret) {
        size_t n;

        *ret = NULL;
        if (!s)
                return ERROR_SUCCESS;
        n = utf8_char_count(s) + 1;
        *ret = malloc(n * sizeof(wchar_t));
        if (!*ret)
                return ERROR_NOT_ENOUGH_MEMORY;
        utf8_to_wide_buf(s, *ret, n);
        return ERROR_SUCCESS;
}

NTMS_API DWORD WINAPI GetVolumesFromDriveW(LPWSTR pszDriveName, LPWSTR *VolumeNameBufferPtr,
                                           LPWSTR *DriveLetterBufferPtr) {
        _cleanup_(text_arg_done) TextArg drive;
        _cleanup_free_ char *volume = NULL, *letter = NULL;
        _cleanup_free_ wchar_t *wvolume = NULL;
        wchar_t *wletter = NULL;
        DWORD e;

        text_arg_w(&drive, pszDriveName);
        e = get_volumes(&drive, VolumeNameBufferPtr ? &volume : NULL,
                        DriveLetterBufferPtr ? &letter : NULL);
        if (e == ERROR_SUCCESS)
                e = widen(volume, &wvolume);
        if (e == ERROR_SUCCESS)
                e = widen(letter, &wletter);
        if (e != ERROR_SUCCESS)
                return e;

        *VolumeNameBufferPtr = TAKE_PTR(wvolume);
        *DriveLetterBufferPtr = wletter;
        return ERROR_SUCCESS;
}
