/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The functions rsmd does not carry out yet: libntms still checks their
 * arguments on the client side (a bad handle, a missing pointer, a value
 * out of range never reach rsmd), and a valid call reaches rsmd and comes
 * back as ERROR_CALL_NOT_IMPLEMENTED. */

#include <stdlib.h>

#include "test-util.h"

typedef struct Fixture {
        HANDLE h;
        NTMS_GUID lib, mt, pool, media, any;
} Fixture;

static Fixture fx;

static void fixture_setup(void) {
        harness_setup();
        fx.h = open_session();
        fx.lib = first_library(fx.h);
        fx.mt = first_media_type(fx.h);
        fx.pool = make_pool(fx.h, "Unimpl", &fx.mt);
        fx.media = make_media(fx.h, &fx.pool, &fx.mt, "UNI001");
        fx.any = random_guid();
}

static void fixture_teardown(void) {
        CloseNtmsSession(fx.h);
        harness_teardown();
}

#define NOT_IMPLEMENTED(expr) assert_err(expr, ERROR_CALL_NOT_IMPLEMENTED)
#define BAD_HANDLE(expr) assert_err(expr, ERROR_INVALID_HANDLE)
#define BAD_PARAM(expr) assert_err(expr, ERROR_INVALID_PARAMETER)

#define ONE_GUID_FUNCTION(test, call, guid)                                     \
        START_TEST(test) {                                                      \
                BAD_HANDLE(call(NULL, &guid));                                  \
                BAD_HANDLE(call(INVALID_HANDLE_VALUE, &guid));                  \
                BAD_PARAM(call(fx.h, NULL));                                    \
                NOT_IMPLEMENTED(call(fx.h, &guid));                             \
        }                                                                       \
        END_TEST

ONE_GUID_FUNCTION(cancel_operator_request, CancelNtmsOperatorRequest, fx.any)
ONE_GUID_FUNCTION(satisfy_operator_request, SatisfyNtmsOperatorRequest, fx.any)

START_TEST(ui_options) {
        char buf[256];
        wchar_t wbuf[256];
        DWORD size = sizeof buf;

        BAD_HANDLE(GetNtmsUIOptionsA(NULL, NULL, NTMS_UITYPE_INFO, buf, &size));
        BAD_PARAM(GetNtmsUIOptionsA(fx.h, NULL, NTMS_UITYPE_INFO, NULL, &size));
        BAD_PARAM(GetNtmsUIOptionsA(fx.h, NULL, NTMS_UITYPE_INFO, buf, NULL));
        BAD_PARAM(GetNtmsUIOptionsA(fx.h, NULL, NTMS_UITYPE_MAX, buf, &size));
        NOT_IMPLEMENTED(GetNtmsUIOptionsA(fx.h, &fx.lib, NTMS_UITYPE_ERR, buf, &size));
        size = 256;
        NOT_IMPLEMENTED(GetNtmsUIOptionsW(fx.h, NULL, NTMS_UITYPE_REQ, wbuf, &size));

        BAD_HANDLE(SetNtmsUIOptionsA(NULL, NULL, NTMS_UITYPE_INFO, NTMS_UIDEST_ADD, "host"));
        BAD_PARAM(SetNtmsUIOptionsA(fx.h, NULL, NTMS_UITYPE_INFO, NTMS_UIDEST_ADD, NULL));
        BAD_PARAM(SetNtmsUIOptionsA(fx.h, NULL, NTMS_UITYPE_INFO, 9, "host"));
        BAD_PARAM(SetNtmsUIOptionsA(fx.h, NULL, 0, NTMS_UIDEST_ADD, "host"));
        NOT_IMPLEMENTED(SetNtmsUIOptionsA(fx.h, NULL, NTMS_UITYPE_INFO, NTMS_UIDEST_DELETEALL, NULL));
        NOT_IMPLEMENTED(SetNtmsUIOptionsW(fx.h, &fx.lib, NTMS_UITYPE_INFO, NTMS_UIDEST_ADD, L"host"));
}
END_TEST

START_TEST(sessionless) {
        char *volume = NULL, *letter = NULL;
        wchar_t *wvolume = NULL, *wletter = NULL;

        BAD_PARAM(GetVolumesFromDriveA(NULL, &volume, &letter));
        BAD_PARAM(GetVolumesFromDriveA("/dev/sr0", NULL, &letter));
        BAD_PARAM(GetVolumesFromDriveA("/dev/sr0", &volume, NULL));
        NOT_IMPLEMENTED(GetVolumesFromDriveA("/dev/sr0", &volume, &letter));
        NOT_IMPLEMENTED(GetVolumesFromDriveW(L"/dev/sr0", &wvolume, &wletter));

        /* No bus at all: the service is not there. */
        harness_stop_rsmd(SIGTERM);
        assert_err(GetVolumesFromDriveA("/dev/sr0", &volume, &letter), ERROR_NOT_CONNECTED);
}
END_TEST

START_TEST(operator_requests) {
        NTMS_GUID req;

        BAD_HANDLE(SubmitNtmsOperatorRequestA(NULL, NTMS_OPREQ_MESSAGE, "hello", NULL, NULL, &req));
        BAD_PARAM(SubmitNtmsOperatorRequestA(fx.h, NTMS_OPREQ_MESSAGE, "hello", NULL, NULL, NULL));
        BAD_PARAM(SubmitNtmsOperatorRequestA(fx.h, 99, "hello", NULL, NULL, &req));
        BAD_PARAM(SubmitNtmsOperatorRequestA(fx.h, NTMS_OPREQ_MESSAGE, "bad \xff", NULL, NULL, &req));
        NOT_IMPLEMENTED(SubmitNtmsOperatorRequestA(fx.h, NTMS_OPREQ_MESSAGE, "hello", NULL, NULL, &req));
        NOT_IMPLEMENTED(SubmitNtmsOperatorRequestW(fx.h, NTMS_OPREQ_NEWMEDIA, L"more", &fx.pool, &fx.lib, &req));

        BAD_HANDLE(WaitForNtmsOperatorRequest(NULL, &fx.any, 0));
        BAD_PARAM(WaitForNtmsOperatorRequest(fx.h, NULL, 0));
        NOT_IMPLEMENTED(WaitForNtmsOperatorRequest(fx.h, &fx.any, 0));
        NOT_IMPLEMENTED(WaitForNtmsOperatorRequest(fx.h, &fx.any, INFINITE));
}
END_TEST

START_TEST(device_change_detection) {
        HANDLE detect = NULL, bogus = &detect;

        BAD_HANDLE(BeginNtmsDeviceChangeDetection(NULL, &detect));
        BAD_PARAM(BeginNtmsDeviceChangeDetection(fx.h, NULL));
        NOT_IMPLEMENTED(BeginNtmsDeviceChangeDetection(fx.h, &detect));

        /* Without a detector: NULL is a single poll. */
        BAD_HANDLE(SetNtmsDeviceChangeDetection(NULL, NULL, &fx.lib, NTMS_LIBRARY, 1));
        BAD_HANDLE(SetNtmsDeviceChangeDetection(fx.h, bogus, &fx.lib, NTMS_LIBRARY, 1));
        BAD_PARAM(SetNtmsDeviceChangeDetection(fx.h, NULL, NULL, NTMS_LIBRARY, 1));
        BAD_PARAM(SetNtmsDeviceChangeDetection(fx.h, NULL, &fx.lib, NTMS_LIBRARY, 0));
        BAD_PARAM(SetNtmsDeviceChangeDetection(fx.h, NULL, &fx.lib, NTMS_DRIVE, 1));
        NOT_IMPLEMENTED(SetNtmsDeviceChangeDetection(fx.h, NULL, &fx.lib, NTMS_LIBRARY, 1));

        BAD_HANDLE(EndNtmsDeviceChangeDetection(NULL, bogus));
        BAD_HANDLE(EndNtmsDeviceChangeDetection(fx.h, bogus));
        BAD_HANDLE(EndNtmsDeviceChangeDetection(fx.h, NULL));
}
END_TEST

START_TEST(omid_info) {
        BYTE label[16] = "label";

        BAD_HANDLE(UpdateNtmsOmidInfo(NULL, &fx.media, NTMS_OMID_TYPE_RAW_LABEL, sizeof label, label));
        BAD_PARAM(UpdateNtmsOmidInfo(fx.h, NULL, NTMS_OMID_TYPE_RAW_LABEL, sizeof label, label));
        BAD_PARAM(UpdateNtmsOmidInfo(fx.h, &fx.media, 7, sizeof label, label));
        BAD_PARAM(UpdateNtmsOmidInfo(fx.h, &fx.media, NTMS_OMID_TYPE_RAW_LABEL, sizeof label, NULL));
        BAD_PARAM(UpdateNtmsOmidInfo(fx.h, &fx.media, NTMS_OMID_TYPE_RAW_LABEL, 0, label));
        NOT_IMPLEMENTED(UpdateNtmsOmidInfo(fx.h, &fx.media, NTMS_OMID_TYPE_RAW_LABEL, sizeof label, label));
}
END_TEST

START_TEST(database_backup) {
        BAD_HANDLE(ImportNtmsDatabase(NULL));
        BAD_HANDLE(ExportNtmsDatabase(NULL));
        NOT_IMPLEMENTED(ImportNtmsDatabase(fx.h));
        NOT_IMPLEMENTED(ExportNtmsDatabase(fx.h));
}
END_TEST

START_TEST(notifications) {
        NTMS_NOTIFICATIONINFORMATION ni;
        HANDLE n, bogus = &ni;

        SetLastError(0);
        ck_assert_ptr_eq(OpenNtmsNotification(NULL, NTMS_MEDIA_POOL), INVALID_HANDLE_VALUE);
        assert_err(GetLastError(), ERROR_INVALID_HANDLE);
        ck_assert_ptr_eq(OpenNtmsNotification(fx.h, 0xFFFF), INVALID_HANDLE_VALUE);
        assert_err(GetLastError(), ERROR_INVALID_PARAMETER);
        n = OpenNtmsNotification(fx.h, NTMS_MEDIA_POOL);
        ck_assert_ptr_eq(n, INVALID_HANDLE_VALUE);
        assert_err(GetLastError(), ERROR_CALL_NOT_IMPLEMENTED);

        BAD_HANDLE(WaitForNtmsNotification(NULL, &ni, 0));
        BAD_HANDLE(WaitForNtmsNotification(bogus, &ni, 0));
        BAD_HANDLE(WaitForNtmsNotification(fx.h, &ni, 0));     /* a session is no notification */
        BAD_HANDLE(CloseNtmsNotification(NULL));
        BAD_HANDLE(CloseNtmsNotification(bogus));
        BAD_HANDLE(CloseNtmsNotification(fx.h));
}
END_TEST

START_TEST(security) {
        BYTE sd[64];
        DWORD needed;
        /* A minimal self-relative descriptor: revision 1, SE_SELF_RELATIVE,
         * no owner, group or ACLs. */
        BYTE empty_sd[20] = { 1, 0, 0x00, 0x80 };

        BAD_HANDLE(GetNtmsObjectSecurity(NULL, &fx.pool, NTMS_MEDIA_POOL, 4, sd, sizeof sd, &needed));
        BAD_PARAM(GetNtmsObjectSecurity(fx.h, NULL, NTMS_MEDIA_POOL, 4, sd, sizeof sd, &needed));
        BAD_PARAM(GetNtmsObjectSecurity(fx.h, &fx.pool, NTMS_MEDIA_POOL, 4, sd, sizeof sd, NULL));
        BAD_PARAM(GetNtmsObjectSecurity(fx.h, &fx.pool, NTMS_MEDIA_POOL, 4, NULL, sizeof sd, &needed));
        BAD_PARAM(GetNtmsObjectSecurity(fx.h, &fx.pool, 0xFFFF, 4, sd, sizeof sd, &needed));
        NOT_IMPLEMENTED(GetNtmsObjectSecurity(fx.h, &fx.pool, NTMS_MEDIA_POOL, 4, sd, sizeof sd, &needed));

        BAD_HANDLE(SetNtmsObjectSecurity(NULL, &fx.pool, NTMS_MEDIA_POOL, 4, empty_sd));
        BAD_PARAM(SetNtmsObjectSecurity(fx.h, NULL, NTMS_MEDIA_POOL, 4, empty_sd));
        BAD_PARAM(SetNtmsObjectSecurity(fx.h, &fx.pool, NTMS_MEDIA_POOL, 4, NULL));
        BYTE not_self_relative[20] = { 1, 0, 0, 0 };
        BAD_PARAM(SetNtmsObjectSecurity(fx.h, &fx.pool, NTMS_MEDIA_POOL, 4, not_self_relative));
        NOT_IMPLEMENTED(SetNtmsObjectSecurity(fx.h, &fx.pool, NTMS_MEDIA_POOL, 4, empty_sd));
}
END_TEST

int main(void) {
        Suite *s = suite_create("unimplemented");
        TCase *tc = tcase_create("unimplemented");

        tcase_add_checked_fixture(tc, fixture_setup, fixture_teardown);
        tcase_set_timeout(tc, 120);
        tcase_add_test(tc, cancel_operator_request);
        tcase_add_test(tc, satisfy_operator_request);
        tcase_add_test(tc, ui_options);
        tcase_add_test(tc, sessionless);
        tcase_add_test(tc, operator_requests);
        tcase_add_test(tc, device_change_detection);
        tcase_add_test(tc, omid_info);
        tcase_add_test(tc, database_backup);
        tcase_add_test(tc, notifications);
        tcase_add_test(tc, security);
        suite_add_tcase(s, tc);
        return run_suite(s);
}
