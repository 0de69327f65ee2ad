/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Session management: OpenNtmsSessionA/W, CloseNtmsSession, and how every
 * function treats handles that are not live sessions. */

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "test-util.h"

START_TEST(open_close_a) {
        HANDLE h;

        SetLastError(12345);
        h = OpenNtmsSessionA(NULL, "test", 0);
        ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
        ck_assert_ptr_nonnull(h);
        assert_ok(CloseNtmsSession(h));

        /* The documented server names for this machine. */
        h = OpenNtmsSessionA("localhost", NULL, 0);
        ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
        assert_ok(CloseNtmsSession(h));

        char host[256];
        ck_assert_int_eq(gethostname(host, sizeof host), 0);
        h = OpenNtmsSessionA(host, "test", NTMS_SESSION_QUERYEXPEDITE);
        ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
        assert_ok(CloseNtmsSession(h));
}
END_TEST

START_TEST(open_close_w) {
        HANDLE h = OpenNtmsSessionW(NULL, L"test \u00e9\u4e2d", 0);
        ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
        assert_ok(CloseNtmsSession(h));

        h = OpenNtmsSessionW(L"localhost", NULL, 0);
        ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
        assert_ok(CloseNtmsSession(h));
}
END_TEST

START_TEST(open_invalid_computername) {
        HANDLE h;

        h = OpenNtmsSessionA("no-such-host.invalid", "test", 0);
        ck_assert_ptr_eq(h, INVALID_HANDLE_VALUE);
        assert_err(GetLastError(), ERROR_INVALID_COMPUTERNAME);

        h = OpenNtmsSessionA("bad\\name", "test", 0);
        ck_assert_ptr_eq(h, INVALID_HANDLE_VALUE);
        assert_err(GetLastError(), ERROR_INVALID_COMPUTERNAME);

        h = OpenNtmsSessionW(L"no-such-host.invalid", L"test", 0);
        ck_assert_ptr_eq(h, INVALID_HANDLE_VALUE);
        assert_err(GetLastError(), ERROR_INVALID_COMPUTERNAME);

        /* Not a character at all. */
        wchar_t bad[] = { L'a', (wchar_t) 0xD800, 0 };
        h = OpenNtmsSessionW(bad, L"test", 0);
        ck_assert_ptr_eq(h, INVALID_HANDLE_VALUE);
        assert_err(GetLastError(), ERROR_INVALID_COMPUTERNAME);
}
END_TEST

START_TEST(open_invalid_parameter) {
        char long_app[NTMS_APPLICATIONNAME_LENGTH + 8];
        HANDLE h;

        /* Options: only NTMS_SESSION_QUERYEXPEDITE exists. */
        h = OpenNtmsSessionA(NULL, "test", 0x80);
        ck_assert_ptr_eq(h, INVALID_HANDLE_VALUE);
        assert_err(GetLastError(), ERROR_INVALID_PARAMETER);

        memset(long_app, 'x', sizeof long_app - 1);
        long_app[sizeof long_app - 1] = 0;
        h = OpenNtmsSessionA(NULL, long_app, 0);
        ck_assert_ptr_eq(h, INVALID_HANDLE_VALUE);
        assert_err(GetLastError(), ERROR_INVALID_PARAMETER);

        h = OpenNtmsSessionA(NULL, "bad \xff utf-8", 0);
        ck_assert_ptr_eq(h, INVALID_HANDLE_VALUE);
        assert_err(GetLastError(), ERROR_INVALID_PARAMETER);

        wchar_t bad[] = { L'a', (wchar_t) 0x110000, 0 };
        h = OpenNtmsSessionW(NULL, bad, 0);
        ck_assert_ptr_eq(h, INVALID_HANDLE_VALUE);
        assert_err(GetLastError(), ERROR_INVALID_PARAMETER);
}
END_TEST

START_TEST(open_not_connected) {
        HANDLE h;

        harness_stop_rsmd(SIGTERM);
        h = OpenNtmsSessionA(NULL, "test", 0);
        ck_assert_ptr_eq(h, INVALID_HANDLE_VALUE);
        assert_err(GetLastError(), ERROR_NOT_CONNECTED);

        h = OpenNtmsSessionW(NULL, L"test", 0);
        ck_assert_ptr_eq(h, INVALID_HANDLE_VALUE);
        assert_err(GetLastError(), ERROR_NOT_CONNECTED);

        /* No bus at all. */
        setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/bus", 1);
        h = OpenNtmsSessionA(NULL, "test", 0);
        ck_assert_ptr_eq(h, INVALID_HANDLE_VALUE);
        assert_err(GetLastError(), ERROR_NOT_CONNECTED);
}
END_TEST

START_TEST(close_invalid_handle) {
        HANDLE h = open_session();
        int on_stack;

        assert_ok(CloseNtmsSession(h));
        assert_err(CloseNtmsSession(h), ERROR_INVALID_HANDLE);
        assert_err(CloseNtmsSession(NULL), ERROR_INVALID_HANDLE);
        assert_err(CloseNtmsSession(INVALID_HANDLE_VALUE), ERROR_INVALID_HANDLE);
        assert_err(CloseNtmsSession(&on_stack), ERROR_INVALID_HANDLE);
        assert_err(CloseNtmsSession((HANDLE) (uintptr_t) 0x1234), ERROR_INVALID_HANDLE);
}
END_TEST

START_TEST(close_after_daemon_gone) {
        HANDLE h = open_session();

        harness_stop_rsmd(SIGKILL);
        assert_err(CloseNtmsSession(h), ERROR_CONNECTION_UNAVAIL);
        /* Gone from our side too. */
        assert_err(CloseNtmsSession(h), ERROR_INVALID_HANDLE);
}
END_TEST

START_TEST(closed_handle_everywhere) {
        HANDLE h = open_session();
        NTMS_GUID g = random_guid(), list[4];
        DWORD n = 4;
        NTMS_OBJECTINFORMATIONA info;

        assert_ok(CloseNtmsSession(h));
        info_init_a(&info, NTMS_LIBRARY);
        assert_err(EnumerateNtmsObject(h, NULL, list, &n, NTMS_LIBRARY, 0), ERROR_INVALID_HANDLE);
        assert_err(GetNtmsObjectInformationA(h, &g, &info), ERROR_INVALID_HANDLE);
        assert_err(DeleteNtmsMediaPool(h, &g), ERROR_INVALID_HANDLE);
        assert_err(EnableNtmsObject(NULL, NTMS_LIBRARY, &g), ERROR_INVALID_HANDLE);
        assert_err(GetNtmsObjectInformationA(INVALID_HANDLE_VALUE, &g, &info), ERROR_INVALID_HANDLE);
        /* A bad handle wins over bad arguments. */
        assert_err(EnumerateNtmsObject(h, NULL, NULL, NULL, 0xFFFF, 99), ERROR_INVALID_HANDLE);
}
END_TEST

static void *thread_body(void *arg) {
        long failures = 0;

        for (int i = 0; i < 20; i++) {
                HANDLE h = OpenNtmsSessionA(NULL, "thread", 0);
                NTMS_GUID list[64];
                DWORD n = 64;

                if (h == INVALID_HANDLE_VALUE) {
                        failures++;
                        continue;
                }
                if (EnumerateNtmsObject(h, NULL, list, &n, NTMS_MEDIA_TYPE, 0) != ERROR_SUCCESS)
                        failures++;
                if (CloseNtmsSession(h) != ERROR_SUCCESS)
                        failures++;
        }
        return (void *) failures;
}

static HANDLE shared;

static void *shared_body(void *arg) {
        long failures = 0;

        for (int i = 0; i < 50; i++) {
                NTMS_GUID list[64];
                DWORD n = 64;
                if (EnumerateNtmsObject(shared, NULL, list, &n, NTMS_LIBRARY, 0) != ERROR_SUCCESS)
                        failures++;
        }
        return (void *) failures;
}

START_TEST(threads) {
        pthread_t t[6];
        void *ret;

        /* Each thread its own sessions ... */
        for (int i = 0; i < 6; i++)
                ck_assert_int_eq(pthread_create(&t[i], NULL, thread_body, NULL), 0);
        for (int i = 0; i < 6; i++) {
                ck_assert_int_eq(pthread_join(t[i], &ret), 0);
                ck_assert_int_eq((long) ret, 0);
        }

        /* ... and one session used from several threads at once. */
        shared = open_session();
        for (int i = 0; i < 6; i++)
                ck_assert_int_eq(pthread_create(&t[i], NULL, shared_body, NULL), 0);
        for (int i = 0; i < 6; i++) {
                ck_assert_int_eq(pthread_join(t[i], &ret), 0);
                ck_assert_int_eq((long) ret, 0);
        }
        assert_ok(CloseNtmsSession(shared));
}
END_TEST

START_TEST(last_error_per_thread) {
        SetLastError(42);
        ck_assert_uint_eq(GetLastError(), 42);
        SetLastError(ERROR_SUCCESS);
        ck_assert_uint_eq(GetLastError(), 0);
}
END_TEST

int main(void) {
        Suite *s = suite_create("session");
        TCase *tc = tcase_with_daemon("session");

        tcase_add_test(tc, open_close_a);
        tcase_add_test(tc, open_close_w);
        tcase_add_test(tc, open_invalid_computername);
        tcase_add_test(tc, open_invalid_parameter);
        tcase_add_test(tc, open_not_connected);
        tcase_add_test(tc, close_invalid_handle);
        tcase_add_test(tc, close_after_daemon_gone);
        tcase_add_test(tc, closed_handle_everywhere);
        tcase_add_test(tc, threads);
        tcase_add_test(tc, last_error_per_thread);
        suite_add_tcase(s, tc);
        return run_suite(s);
}
