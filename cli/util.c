/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* What every subcommand needs around the API: the session, messages for the
 * errors it returns, and parsing of the usual argument forms. */

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ntms-errors.h"
#include "rsm.h"
#include "table.h"

const char *rsm_prefix = "rsm";

int rsm_open(HANDLE *ret) {
        HANDLE h = OpenNtmsSessionA(NULL, "rsm", 0);

        if (h == INVALID_HANDLE_VALUE)
                return rsm_api_error("OpenNtmsSession", GetLastError(), "cannot reach rsmd");
        *ret = h;
        return RSM_EXIT_OK;
}

void rsm_closep(HANDLE *h) {
        if (*h && *h != INVALID_HANDLE_VALUE)
                (void) CloseNtmsSession(*h);
}

/* What an error means for one function in particular. */
static const struct {
        const char *function;
        DWORD error;
        const char *advice;
} specific[] = {
        { "MoveToNtmsMediaPool", ERROR_INVALID_MEDIA_POOL,
          "media in the Import or Unrecognized pool go to a Free pool first; an application pool takes "
          "media of its own media type" },
        { "MoveToNtmsMediaPool", ERROR_BUSY, "the medium is in use or has allocated sides; deallocate it first" },
        { "MoveToNtmsMediaPool", ERROR_MEDIA_INCOMPATIBLE, "the pool holds another media type" },
        { "DeleteNtmsMediaPool", ERROR_INVALID_MEDIA_POOL, "the free, import and unrecognized pools stay" },
        { "CreateNtmsMediaPool", ERROR_INVALID_MEDIA, "no such media type; see 'rsm view mediatypes'" },
        { "CreateNtmsMediaPool", ERROR_OBJECT_NOT_FOUND,
          "the pool above it does not exist (or, with --existing, the pool itself)" },
        { "AllocateNtmsMedia", ERROR_INVALID_MEDIA_POOL, "media are allocated from application pools only" },
        { "AllocateNtmsMedia", ERROR_TIMEOUT,
          "no medium was free in time: move media into the pool, let it take media from the free pool "
          "(rsm createpool POOL --existing --from-free=yes), or wait longer (--timeout)" },
        { "AllocateNtmsMedia", ERROR_MEDIA_UNAVAILABLE,
          "the pool has no medium to allocate: move media into it, or let it take media from the free pool "
          "(rsm createpool POOL --existing --from-free=yes)" },
        { "InventoryNtmsLibrary", ERROR_INVALID_LIBRARY, "the offline library has nothing to take inventory of" },
        { "ReserveNtmsCleanerSlot", ERROR_ALREADY_RESERVED,
          "the library has a cleaner slot already ('rsm cleaner show'); release it first (rsm cleaner release)" },
        { "ReserveNtmsCleanerSlot", ERROR_SLOT_FULL,
          "only an empty slot can be reserved; 'rsm status' shows which are empty" },
        { "ReserveNtmsCleanerSlot", ERROR_INVALID_SLOT, "name a storage slot of this library ('rsm status')" },
        { "ReleaseNtmsCleanerSlot", ERROR_SLOT_FULL, "the cleaner is in its slot; eject it first (rsm cleaner eject)" },
        { "ReleaseNtmsCleanerSlot", ERROR_NO_SLOT_RESERVED, "there is no cleaner slot to release" },
        { "InjectNtmsCleaner", ERROR_SLOT_FULL,
          "the library has a cleaner already; eject it first (rsm cleaner eject)" },
        { "EjectNtmsCleaner", ERROR_SLOT_EMPTY, "the library has no cleaner to eject ('rsm cleaner show')" },
        { "EjectDiskFromSADrive", ERROR_INVALID_PARAMETER,
          "no stand-alone drive has that device; a medium in a library with a changer leaves with "
          "'rsm eject MEDIUM'" },
        { "EjectDiskFromSADrive", ERROR_BUSY, "the medium is in use or locked in the drive; --force ejects it anyway" },
        { "IdentifyNtmsSlot", ERROR_INVALID_PARAMETER, "only slots of a library with a robot can be identified" },
};

/* What the administrator can do about an error. */
static const char *advice(const char *function, DWORD error, char *buf, size_t size) {
        for (size_t i = 0; function && i < ELEMENTSOF(specific); i++)
                if (specific[i].error == error && streq(specific[i].function, function))
                        return specific[i].advice;

        switch (error) {
        case ERROR_CALL_NOT_IMPLEMENTED:
                snprintf(buf, size, "this rsmd does not carry out %s yet; nothing was changed",
                         function ?: "this function");
                return buf;
        case ERROR_NOT_CONNECTED:
        case ERROR_CONNECTION_UNAVAIL:
                return "is rsmd running? (systemctl status rsmd)";
        case ERROR_ACCESS_DENIED:
                return "run as root or as a member of rsmd's administrator group (AdminGroup=)";
        case ERROR_DATABASE_FAILURE:
                return "the media database is damaged or unreadable; see rsmd's log (journalctl -u rsmd)";
        case ERROR_DATABASE_FULL:
                return "the media database is full; free disk space or raise MaxDatabaseSize=";
        case ERROR_INVALID_COMPUTERNAME:
                return "only the local rsmd can be reached";
        case ERROR_TIMEOUT:
                return "the operation did not finish in time; try again or give a longer --timeout";
        case ERROR_OBJECT_NOT_FOUND:
                return "it may have been deleted meanwhile; list what exists with 'rsm view' or 'rsm media'";
        case ERROR_INVALID_MEDIA_POOL:
                return "list the media pools with 'rsm pools'";
        case ERROR_INVALID_LIBRARY:
                return "list the libraries with 'rsm view libraries'";
        case ERROR_INVALID_MEDIA:
                return "list the media with 'rsm media'";
        case ERROR_INVALID_DRIVE:
        case ERROR_INVALID_DRIVE_OBJECT:
                return "list the drives with 'rsm status'";
        case ERROR_CLEANER_SLOT_NOT_SET:
        case ERROR_NO_SLOT_SET:
                return "reserve an empty slot for the cleaner first: rsm cleaner reserve LIBRARY SLOT";
        case ERROR_INVALID_CLEANER:
                return "the library has no cleaner; insert one: rsm cleaner insert LIBRARY --cleanings=N";
        case ERROR_CLEANER_CARTRIDGE_SPENT:
                return "the cleaner has no cleanings left; eject it (rsm cleaner eject) and insert a new one";
        case ERROR_SLOT_NOT_PRESENT:
                return "the slot is not installed (a magazine is missing?); put it back and take inventory";
        case ERROR_RESOURCE_NOT_PRESENT:
                return "the library has no port; unlock its door (rsm door) and handle the cartridge there";
        case ERROR_INVALID_OPERATION:
                return "no unfinished operation of this kind has that GUID; see 'rsm requests'";
        case ERROR_ALREADY_EXISTS:
                return "choose another name, or use the existing object";
        case ERROR_NOT_EMPTY:
                return "move its media out first ('rsm media move') and delete the pools inside it";
        case ERROR_INVALID_NAME:
                return "names have 1 to 63 characters";
        case ERROR_RESOURCE_DISABLED:
                return "the object is disabled; enable it first";
        case ERROR_LIBRARY_OFFLINE:
        case ERROR_DEVICE_NOT_AVAILABLE:
                return "the library or drive does not answer; check its connection and rsmd's log";
        case ERROR_MEDIA_OFFLINE:
                return "the medium is not in a library; inject it first ('rsm inject')";
        case ERROR_MEDIA_UNAVAILABLE:
        case ERROR_MEDIA_NOT_AVAILABLE:
                return "no medium fits now; add media to the pool or wait for one to be free";
        case ERROR_BUSY:
                return "the library or medium is busy; try again later";
        case ERROR_CANCELLED:
                return "the request was cancelled";
        case ERROR_REQUEST_REFUSED:
                return "an operator refused the request";
        case ERROR_INVALID_PARAMETER:
                return "rsmd rejected an argument; its log says which";
        case ERROR_NOT_ENOUGH_MEMORY:
                return "out of memory";
        default:
                return "see rsmd's log for details (journalctl -u rsmd)";
        }
}

int rsm_api_error(const char *function, DWORD error, const char *what_format, ...) {
        char buf[256];
        va_list ap;

        fprintf(stderr, "%s: ", rsm_prefix);
        va_start(ap, what_format);
        vfprintf(stderr, what_format, ap);
        va_end(ap);
        if (function)
                fprintf(stderr, ": %s failed with %s (%u).\n", function, ntms_error_name(error), error);
        else
                fprintf(stderr, ": %s (%u).\n", ntms_error_name(error), error);
        fprintf(stderr, "%s: %s\n", rsm_prefix, advice(function, error, buf, sizeof buf));

        return error == ERROR_OBJECT_NOT_FOUND ? RSM_EXIT_NOT_FOUND : RSM_EXIT_API;
}

static void vmessage(const char *format, va_list ap) {
        int saved = errno;

        /* %m in format is the caller's errno. */
        fprintf(stderr, "%s: ", rsm_prefix);
        errno = saved;
        vfprintf(stderr, format, ap);
        fputc('\n', stderr);
}

int rsm_usage(const char *format, ...) {
        va_list ap;

        va_start(ap, format);
        vmessage(format, ap);
        va_end(ap);
        return rsm_bad_option();
}

int rsm_fail(int status, const char *format, ...) {
        va_list ap;

        va_start(ap, format);
        vmessage(format, ap);
        va_end(ap);
        return status;
}

int rsm_bad_option(void) {
        fprintf(stderr, "Try '%s --help'.\n", rsm_prefix);
        return RSM_EXIT_USAGE;
}

int rsm_parse_no_options(int argc, char **argv) {
        static const struct option none[] = { {} };

        if (getopt_long(argc, argv, "", none, NULL) >= 0)
                return rsm_bad_option();
        return RSM_EXIT_OK;
}

int rsm_check_args(int argc, int min, int max) {
        if (argc < min)
                return rsm_usage(min == 1 ? "an argument is missing" : "arguments are missing");
        if (max >= 0 && argc > max)
                return rsm_usage("too many arguments");
        return RSM_EXIT_OK;
}

int rsm_parse_int(const char *s, long min, long max, long *ret) {
        char *end;
        long v;

        errno = 0;
        v = strtol(s, &end, 10);
        if (errno != 0 || end == s || *end != 0 || v < min || v > max)
                return -EINVAL;
        *ret = v;
        return 0;
}

int rsm_parse_timeout(const char *s, DWORD *ret) {
        static const struct {
                const char *suffix;
                unsigned long long ms;
        } units[] = {
                { "", 1000 }, { "s", 1000 }, { "sec", 1000 }, { "ms", 1 },
                { "m", 60000 }, { "min", 60000 }, { "h", 3600000 },
        };
        unsigned long long v;
        char *end;

        if (streq(s, "infinite") || streq(s, "infinity")) {
                *ret = INFINITE;
                return 0;
        }
        if (*s < '0' || *s > '9')
                return -EINVAL;
        errno = 0;
        v = strtoull(s, &end, 10);
        if (errno != 0)
                return -EINVAL;
        for (size_t i = 0; i < ELEMENTSOF(units); i++)
                if (streq(end, units[i].suffix)) {
                        /* INFINITE itself is spelled out, never reached by arithmetic. */
                        if (v > (INFINITE - 1) / units[i].ms)
                                return -ERANGE;
                        *ret = (DWORD) (v * units[i].ms);
                        return 0;
                }
        return -EINVAL;
}

void rsm_format_time(const SYSTEMTIME *t, bool json, char *buf, size_t size) {
        struct tm tm = {
                .tm_year = t->wYear - 1900, .tm_mon = t->wMonth - 1, .tm_mday = t->wDay,
                .tm_hour = t->wHour, .tm_min = t->wMinute, .tm_sec = t->wSecond,
        };
        time_t when;

        /* Never set: the epoch or nothing at all. */
        if (t->wYear <= 1970 && t->wMonth <= 1 && t->wDay <= 1 && t->wHour == 0 && t->wMinute == 0 &&
            t->wSecond == 0) {
                snprintf(buf, size, "%s", json ? "" : "-");
                return;
        }
        if (json) {
                snprintf(buf, size, "%04u-%02u-%02uT%02u:%02u:%02uZ", t->wYear, t->wMonth, t->wDay, t->wHour,
                         t->wMinute, t->wSecond);
                return;
        }
        when = timegm(&tm);
        if (!localtime_r(&when, &tm) || strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm) == 0)
                snprintf(buf, size, "-");
}

void rsm_guid_text(const NTMS_GUID *g, char buf[static NTMS_GUID_STRING_MAX]) {
        if (NTMS_IS_NULLGUID(*g))
                buf[0] = 0;
        else
                ntms_guid_to_string((const NtmsGuidBytes *) g, buf);
}

const char *rsm_number(DWORD n, char buf[static 16]) {
        snprintf(buf, 16, "%u", n);
        return buf;
}

void rsm_print_table(const RsmOptions *o, const Table *t, const char *empty) {
        if (o->json) {
                table_print_json(t, stdout);
                putchar('\n');
        } else if (table_rows(t) == 0 && empty)
                printf("%s\n", empty);
        else
                table_print(t, stdout);
}

int rsm_run_subcommand(int argc, char **argv, const RsmOptions *o, const SubCommand *subs, size_t n_subs,
                       const char *default_name) {
        static char prefix[96];
        const char *name = argc > 1 && argv[1][0] != '-' ? argv[1] : default_name;
        const SubCommand *sub = NULL;

        for (size_t i = 0; i < n_subs; i++)
                if (streq(subs[i].name, name))
                        sub = &subs[i];
        if (!sub)
                return rsm_usage("unknown subcommand '%s'", name);

        snprintf(prefix, sizeof prefix, "%s %s", rsm_prefix, sub->name);
        rsm_prefix = prefix;
        if (name == default_name) {
                argv[0] = prefix;
                return sub->run(argc, argv, o);
        }
        argv[1] = prefix;
        return sub->run(argc - 1, argv + 1, o);
}
