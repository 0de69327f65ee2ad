/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <string.h>
#include <time.h>

#include "systemtime.h"

void systemtime_from_usec(uint64_t usec, SYSTEMTIME *ret) {
        struct tm tm;
        time_t t;

        memset(ret, 0, sizeof *ret);
        if (usec == 0)
                return;

        t = (time_t) (usec / 1000000);
        if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 < 1601 || tm.tm_year + 1900 > 30827)
                return; /* outside what SYSTEMTIME can express */

        ret->wYear = (WORD) (tm.tm_year + 1900);
        ret->wMonth = (WORD) (tm.tm_mon + 1);
        ret->wDayOfWeek = (WORD) tm.tm_wday;
        ret->wDay = (WORD) tm.tm_mday;
        ret->wHour = (WORD) tm.tm_hour;
        ret->wMinute = (WORD) tm.tm_min;
        ret->wSecond = (WORD) tm.tm_sec;
        ret->wMilliseconds = (WORD) ((usec / 1000) % 1000);
}

uint64_t systemtime_to_usec(const SYSTEMTIME *st) {
        struct tm tm = {
                .tm_year = st->wYear - 1900,
                .tm_mon = st->wMonth - 1,
                .tm_mday = st->wDay,
                .tm_hour = st->wHour,
                .tm_min = st->wMinute,
                .tm_sec = st->wSecond,
        };
        time_t t;

        if (st->wYear == 0)
                return 0;

        t = timegm(&tm);
        if (t < 0)
                return 0;
        return (uint64_t) t * 1000000 + (uint64_t) st->wMilliseconds * 1000;
}
