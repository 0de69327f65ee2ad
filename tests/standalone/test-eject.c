/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* EjectDiskFromSADrive through libntms, against rsmd serving a tape LUN of
 * tgt's virtual library as a stand-alone drive library (sa-harness.h). A
 * medium is recorded in the drive, where a test needs one, by writing the
 * database while rsmd is stopped: each placement an eject must handle is
 * made exactly (the inventory that records media in the drive has tests of
 * its own, test-standalone-media.c). Every call that fails leaves the
 * database as it was, byte for byte. */

#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-bus.h>
#include <unistd.h>

#include "db/db-private.h"
#include "macro.h"
#include "ntms-bus.h"
#include "sa-harness.h"
#include "scsi-command.h"
#include "tape.h"
#include "transport.h"

#define APP "sa-eject-test"
#define DEVICE SA_DEVICE
#define CHANGER_DRIVE_DEVICE SA_CHANGER_DRIVE_DEVICE

static DWORD eject(const char *device, DWORD options) {
        return EjectDiskFromSADriveA(NULL, APP, device, NULL, NULL, NULL, options);
}

typedef enum Placement {
        PLACED_DISMOUNTED,      /* in the drive, nobody has it mounted */
        PLACED_MOUNTED,         /* mounted by an application */
        PLACED_INCOMPATIBLE,    /* dismounted, every side Incompatible */
} Placement;

static NTMS_GUID media_type_lto6(NTMS_GUID *ret_import) {
        NTMS_OBJECTINFORMATIONA pool;
        NTMS_GUID import;

        assert_ok(CreateNtmsMediaPoolA(h, "Import\\LTO Ultrium 6", NULL, NTMS_OPEN_EXISTING, NULL, &import));
        get_info_a(h, &import, NTMS_MEDIA_POOL, &pool);
        if (ret_import)
                *ret_import = import;
        return pool.Info.MediaPool.MediaType;
}

/* Runs sql with ?1 … ?3 bound to GUIDs ("" or NULL: NULL) and ?4, ?5 to
 * numbers, as far as the statement names them. */
static void run_sql(Db *db, const char *sql, const char *a, const char *b, const char *c, int64_t n, int64_t m) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        const char *guids[] = { a, b, c };
        int64_t numbers[] = { n, m };
        int count;

        ck_assert_int_eq(db_prepare(db, sql, &s), 0);
        count = sqlite3_bind_parameter_count(s);
        for (int i = 0; i < count && i < 3; i++)
                ck_assert_int_eq(db_bind_guid(db, s, i + 1, guids[i]), 0);
        for (int i = 3; i < count; i++)
                ck_assert_int_eq(db_bind_int64(db, s, i + 1, numbers[i - 3]), 0);
        ck_assert_int_eq(db_step_done(db, s), 0);
}

/* A medium created through the API (in the offline library) and then
 * recorded in the stand-alone drive, with rsmd stopped: as an inventory of
 * the drive would find it. rsmd starts again over that database. */
static NTMS_GUID place_medium(bool import, Placement how) {
        _cleanup_free_ char *problem = NULL;
        char m[NTMS_GUID_STRING_MAX], s[NTMS_GUID_STRING_MAX], l[NTMS_GUID_STRING_MAX], d[NTMS_GUID_STRING_MAX];
        char path[1024];
        NTMS_GUID import_pool, type = media_type_lto6(&import_pool), pool, medium, *sides = NULL;
        Db *db = NULL;

        pool = import ? import_pool : make_pool(h, "Desk backups", &type);
        medium = make_media(h, &pool, &type, "DESK01");
        ck_assert_uint_eq(enumerate_growing(h, &medium, NTMS_PARTITION, &sides), 1);
        guid_str(&medium, m);
        guid_str(&sides[0], s);
        guid_str(&library, l);
        guid_str(&drive, d);
        free(sides);

        sa_stop_rsmd();

        snprintf(path, sizeof path, "%s/rsmd.db", harness_state_dir());
        ck_assert_int_eq(db_open(path, &(DbOpenOptions) {}, &db, &problem), 0);
        run_sql(db, "UPDATE physical_media SET CurrentLibrary = ?3, Location = ?2, LocationType = ?4, MediaState = ?5 "
                    "WHERE guid = ?1",
                m, d, l, NTMS_DRIVE, how == PLACED_MOUNTED ? NTMS_MEDIASTATE_LOADED : NTMS_MEDIASTATE_IDLE);
        if (how == PLACED_MOUNTED)
                run_sql(db, "UPDATE physical_media SET MountedPartition = ?2 WHERE guid = ?1", m, s, NULL, 0, 0);
        if (how == PLACED_INCOMPATIBLE)
                run_sql(db, "UPDATE partition SET State = ?4 WHERE guid = ?1", s, NULL, NULL,
                        NTMS_PARTSTATE_INCOMPATIBLE, 0);
        db = db_close(db);

        sa_start_rsmd();
        return medium;
}

/* --- library requests -------------------------------------------------------------- */

static DWORD eject_requests(NTMS_GUID *ret, DWORD max) {
        return sa_requests(NTMS_LM_EJECT, ret, max);
}

static NTMS_GUID the_eject_request(void) {
        NTMS_GUID r[1];

        ck_assert_uint_eq(eject_requests(r, 1), 1);
        return r[0];
}

/* The request of a passed eject, as it was recorded. */
static void assert_passed(const NTMS_GUID *request, DWORD option, const NTMS_GUID *medium) {
        NTMS_OBJECTINFORMATIONA r;
        NTMS_GUID none = {};

        get_info_a(h, request, NTMS_LIBREQUEST, &r);
        ck_assert_uint_eq(r.Info.LibRequest.State, NTMS_LM_PASSED);
        ck_assert_uint_eq(r.Info.LibRequest.dwErrorCode, ERROR_SUCCESS);
        ck_assert_uint_eq(r.Info.LibRequest.OperationCode, NTMS_LM_EJECT);
        ck_assert_uint_eq(r.Info.LibRequest.OperationOption, option);
        ck_assert(guid_eq(&r.Info.LibRequest.DriveId, &drive));
        ck_assert(guid_eq(&r.Info.LibRequest.Library, &library));
        ck_assert(guid_eq(&r.Info.LibRequest.PhysMediaId, medium ?: &none));
        ck_assert_str_eq(r.Info.LibRequest.szApplication, APP);
}

/* --- ejects ------------------------------------------------------------------------- */

START_TEST(test_immediate_unrecorded_cartridge) {
        NTMS_GUID request;

        /* The cartridge is in the drive, and rsmd knows nothing of it. */
        assert_ok(eject(DEVICE, NTMS_EJECT_IMMEDIATE));
        assert_cartridge_out();
        request = the_eject_request();
        assert_passed(&request, NTMS_EJECT_IMMEDIATE, NULL);

        /* An empty drive is opened all the same, and nothing is recorded. */
        assert_ok(eject(DEVICE, NTMS_EJECT_IMMEDIATE));
        assert_cartridge_out();
}
END_TEST

START_TEST(test_ask_user_wide) {
        NTMS_GUID request;

        /* No dialog on Linux: the title and message are ignored, and ASK_USER
         * waits like IMMEDIATE. */
        assert_ok(EjectDiskFromSADriveW(L"localhost", L"" APP, L"" DEVICE, NULL, L"Eject", L"Take the tape out",
                                        NTMS_EJECT_ASK_USER));
        assert_cartridge_out();
        request = the_eject_request();
        assert_passed(&request, NTMS_EJECT_ASK_USER, NULL);
}
END_TEST

START_TEST(test_by_url_medium_goes_offline) {
        NTMS_GUID medium = place_medium(false, PLACED_DISMOUNTED), request;
        NTMS_OBJECTINFORMATIONA m;

        get_info_a(h, &medium, NTMS_PHYSICAL_MEDIA, &m);
        ck_assert_uint_eq(m.Info.PhysicalMedia.MediaState, NTMS_MEDIASTATE_UNLOADED);
        assert_in_drive(&medium);

        /* The device rsmd was configured with names the drive too. */
        assert_ok(eject(vtl->drive_urls[0], NTMS_EJECT_IMMEDIATE));
        assert_cartridge_out();
        request = the_eject_request();
        assert_passed(&request, NTMS_EJECT_IMMEDIATE, &medium);
        assert_offline(&medium);
        assert_drive_empty();
}
END_TEST

START_TEST(test_import_medium_deleted) {
        NTMS_GUID medium = place_medium(true, PLACED_DISMOUNTED), request;
        NTMS_OBJECTINFORMATIONA m;

        assert_ok(eject(DEVICE, NTMS_EJECT_IMMEDIATE));
        assert_cartridge_out();
        request = the_eject_request();
        assert_passed(&request, NTMS_EJECT_IMMEDIATE, &medium);
        info_init_a(&m, NTMS_PHYSICAL_MEDIA);
        assert_err(GetNtmsObjectInformationA(h, &medium, &m), ERROR_OBJECT_NOT_FOUND);
        assert_drive_empty();
}
END_TEST

START_TEST(test_incompatible_medium_deleted) {
        NTMS_GUID medium = place_medium(false, PLACED_INCOMPATIBLE), *sides = NULL;
        NTMS_OBJECTINFORMATIONA m;

        ck_assert_uint_eq(enumerate_growing(h, &medium, NTMS_PARTITION, &sides), 1);
        get_info_a(h, &sides[0], NTMS_PARTITION, &m);
        ck_assert_uint_eq(m.Info.Partition.State, NTMS_PARTSTATE_INCOMPATIBLE);

        assert_ok(eject(DEVICE, NTMS_EJECT_IMMEDIATE));
        assert_cartridge_out();
        info_init_a(&m, NTMS_PHYSICAL_MEDIA);
        assert_err(GetNtmsObjectInformationA(h, &medium, &m), ERROR_OBJECT_NOT_FOUND);
        info_init_a(&m, NTMS_PARTITION);
        assert_err(GetNtmsObjectInformationA(h, &sides[0], &m), ERROR_OBJECT_NOT_FOUND);
        free(sides);
}
END_TEST

START_TEST(test_start_answers_when_queued) {
        NTMS_OBJECTINFORMATIONA r;
        NTMS_GUID request;

        /* The drive holds every command: START answers all the same. */
        sa_pause_tgtd(true);
        assert_ok(eject(DEVICE, NTMS_EJECT_START));
        request = the_eject_request();
        get_info_a(h, &request, NTMS_LIBREQUEST, &r);
        ck_assert_msg(r.Info.LibRequest.State == NTMS_LM_QUEUED || r.Info.LibRequest.State == NTMS_LM_INPROCESS,
                      "the eject is in state %u before the drive could answer", r.Info.LibRequest.State);
        sa_pause_tgtd(false);

        sa_wait_request(&request, NTMS_LM_PASSED, NULL);
        assert_passed(&request, NTMS_EJECT_START, NULL);
        assert_cartridge_out();
}
END_TEST

START_TEST(test_queue) {
        NTMS_GUID request;

        assert_ok(eject(DEVICE, NTMS_EJECT_QUEUE));
        request = the_eject_request();
        sa_wait_request(&request, NTMS_LM_PASSED, NULL);
        assert_passed(&request, NTMS_EJECT_QUEUE, NULL);
        assert_cartridge_out();
}
END_TEST

START_TEST(test_stop) {
        NTMS_OBJECTINFORMATIONA r;
        NTMS_GUID requests[2];

        /* The first eject runs and the drive holds it; the second waits for the drive. */
        sa_pause_tgtd(true);
        assert_ok(eject(DEVICE, NTMS_EJECT_START));
        ck_assert_uint_eq(eject_requests(requests, 2), 1);
        sa_wait_request(&requests[0], NTMS_LM_INPROCESS, NULL);
        assert_ok(eject(DEVICE, NTMS_EJECT_START));
        ck_assert_uint_eq(eject_requests(requests, 2), 2);
        get_info_a(h, &requests[1], NTMS_LIBREQUEST, &r);
        ck_assert_uint_eq(r.Info.LibRequest.State, NTMS_LM_QUEUED);

        /* STOP ends the one that waits; the running one cannot be stopped. */
        assert_ok(eject(DEVICE, NTMS_EJECT_STOP));
        get_info_a(h, &requests[1], NTMS_LIBREQUEST, &r);
        ck_assert_uint_eq(r.Info.LibRequest.State, NTMS_LM_CANCELLED);
        ck_assert_uint_eq(r.Info.LibRequest.dwErrorCode, ERROR_CANCELLED);
        assert_refused(eject(DEVICE, NTMS_EJECT_STOP), ERROR_INVALID_OPERATION);
        get_info_a(h, &requests[0], NTMS_LIBREQUEST, &r);
        ck_assert_uint_eq(r.Info.LibRequest.State, NTMS_LM_INPROCESS);

        sa_pause_tgtd(false);
        sa_wait_request(&requests[0], NTMS_LM_PASSED, NULL);
        assert_cartridge_out();
}
END_TEST

START_TEST(test_mounted_medium_busy_then_forced) {
        NTMS_GUID medium = place_medium(false, PLACED_MOUNTED), request;
        NTMS_OBJECTINFORMATIONA m;

        get_info_a(h, &medium, NTMS_PHYSICAL_MEDIA, &m);
        ck_assert_uint_eq(m.Info.PhysicalMedia.MediaState, NTMS_MEDIASTATE_LOADED);

        /* An application has it mounted: not without FORCE, and the drive is not touched. */
        assert_refused(eject(DEVICE, NTMS_EJECT_IMMEDIATE), ERROR_BUSY);
        assert_refused(eject(DEVICE, NTMS_EJECT_START), ERROR_BUSY);
        assert_cartridge_in();

        /* FORCE answers once queued, and takes it out. */
        assert_ok(eject(DEVICE, NTMS_EJECT_FORCE));
        request = the_eject_request();
        sa_wait_request(&request, NTMS_LM_PASSED, NULL);
        assert_passed(&request, NTMS_EJECT_FORCE, &medium);
        assert_cartridge_out();
        assert_offline(&medium);
        assert_drive_empty();
}
END_TEST

START_TEST(test_locked_cartridge_fails) {
        _cleanup_scsi_transport_ ScsiTransport *lock = NULL;
        NTMS_GUID medium = place_medium(false, PLACED_DISMOUNTED), request;
        NTMS_OBJECTINFORMATIONA r;

        /* Another initiator keeps the cartridge locked in the drive. */
        ck_assert_int_eq(scsi_transport_open(vtl->drive_urls[0], &lock), 0);
        ck_assert_int_eq(tape_prevent_removal(lock, &SCSI_RETRY_DEFAULT, true), 0);

        assert_err(eject(DEVICE, NTMS_EJECT_IMMEDIATE), ERROR_BUSY);
        request = the_eject_request();
        get_info_a(h, &request, NTMS_LIBREQUEST, &r);
        ck_assert_uint_eq(r.Info.LibRequest.State, NTMS_LM_FAILED);
        ck_assert_uint_eq(r.Info.LibRequest.dwErrorCode, ERROR_BUSY);
        assert_cartridge_in();
        assert_in_drive(&medium);

        /* The lock gone, the eject goes through. */
        scsi_transport_free(TAKE_PTR(lock));
        assert_ok(eject(DEVICE, NTMS_EJECT_IMMEDIATE));
        assert_cartridge_out();
        assert_offline(&medium);
}
END_TEST

/* --- errors -------------------------------------------------------------------------- */

START_TEST(test_unknown_device) {
        assert_refused(eject("/dev/nst99", NTMS_EJECT_IMMEDIATE), ERROR_INVALID_PARAMETER);
        assert_refused(eject("/dev/nst99", NTMS_EJECT_STOP), ERROR_INVALID_PARAMETER);
        /* The changer itself is no drive. */
        assert_refused(eject(vtl->changer_url, NTMS_EJECT_START), ERROR_INVALID_PARAMETER);
        assert_cartridge_in();
}
END_TEST

START_TEST(test_changer_drive) {
        /* A drive of a library with a changer: EjectNtmsMedia is for its media. */
        assert_refused(eject(CHANGER_DRIVE_DEVICE, NTMS_EJECT_IMMEDIATE), ERROR_INVALID_PARAMETER);
        assert_refused(eject(vtl->drive_urls[1], NTMS_EJECT_START), ERROR_INVALID_PARAMETER);
        assert_cartridge_in();
}
END_TEST

START_TEST(test_library_offline) {
        /* rsmd starts again without the library's file: its library is known,
         * and nobody serves it. */
        sa_forget_libraries();
        assert_refused(eject(DEVICE, NTMS_EJECT_IMMEDIATE), ERROR_LIBRARY_OFFLINE);
        assert_refused(eject(DEVICE, NTMS_EJECT_STOP), ERROR_LIBRARY_OFFLINE);
        assert_cartridge_in();
}
END_TEST

START_TEST(test_library_disabled) {
        assert_ok(DisableNtmsObject(h, NTMS_LIBRARY, &library));
        assert_refused(eject(DEVICE, NTMS_EJECT_IMMEDIATE), ERROR_DEVICE_NOT_AVAILABLE);
        assert_cartridge_in();
        assert_ok(EnableNtmsObject(h, NTMS_LIBRARY, &library));
        assert_ok(eject(DEVICE, NTMS_EJECT_IMMEDIATE));
        assert_cartridge_out();
}
END_TEST

START_TEST(test_drive_disabled) {
        assert_ok(DisableNtmsObject(h, NTMS_DRIVE, &drive));
        assert_refused(eject(DEVICE, NTMS_EJECT_START), ERROR_DEVICE_NOT_AVAILABLE);
        assert_cartridge_in();
}
END_TEST

START_TEST(test_medium_disabled) {
        NTMS_GUID medium = place_medium(false, PLACED_DISMOUNTED);

        assert_ok(DisableNtmsObject(h, NTMS_PHYSICAL_MEDIA, &medium));
        assert_refused(eject(DEVICE, NTMS_EJECT_IMMEDIATE), ERROR_MEDIA_NOT_AVAILABLE);
        assert_refused(eject(DEVICE, NTMS_EJECT_FORCE), ERROR_MEDIA_NOT_AVAILABLE);
        assert_cartridge_in();
        assert_in_drive(&medium);
}
END_TEST

START_TEST(test_stop_nothing_pending) {
        assert_refused(eject(DEVICE, NTMS_EJECT_STOP), ERROR_INVALID_OPERATION);
        assert_cartridge_in();
}
END_TEST

/* rsmd's own checks, past libntms's. */
static const char *call_directly(const char *device, uint32_t options) {
        static char name[256];
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        int r;

        ck_assert_int_ge(sd_bus_open_system(&bus), 0);
        r = sd_bus_call_method(bus, NTMS_BUS_NAME, NTMS_BUS_MANAGER_PATH, NTMS_BUS_SESSION_IFACE,
                               "EjectDiskFromSADrive", &error, NULL, "su", device, options);
        snprintf(name, sizeof name, "%s", r >= 0 ? "" : error.name);
        return name;
}

START_TEST(test_bad_arguments) {
        /* libntms refuses them before any call. */
        assert_refused(eject(DEVICE, NTMS_EJECT_ASK_USER + 1), ERROR_INVALID_PARAMETER);
        assert_refused(eject(DEVICE, 99), ERROR_INVALID_PARAMETER);
        assert_refused(eject(NULL, NTMS_EJECT_IMMEDIATE), ERROR_INVALID_PARAMETER);
        assert_refused(eject("", NTMS_EJECT_IMMEDIATE), ERROR_INVALID_PARAMETER);
        assert_refused(EjectDiskFromSADriveA("no-such-host.invalid", APP, DEVICE, NULL, NULL, NULL,
                                             NTMS_EJECT_IMMEDIATE), ERROR_INVALID_PARAMETER);

        /* And so does rsmd. */
        {
                _cleanup_free_ char *before = sa_db_snapshot(), *after = NULL;

                ck_assert_str_eq(call_directly(DEVICE, 99), NTMS_BUS_ERROR_PREFIX "InvalidParameter");
                ck_assert_str_eq(call_directly("", NTMS_EJECT_IMMEDIATE), NTMS_BUS_ERROR_PREFIX "InvalidParameter");
                after = sa_db_snapshot();
                ck_assert_str_eq(before, after);
        }
        assert_cartridge_in();
}
END_TEST

static int nobody_ejects(void *userdata) {
        return eject(DEVICE, NTMS_EJECT_IMMEDIATE) == ERROR_ACCESS_DENIED ? 0 : 1;
}

START_TEST(test_access_denied) {
        _cleanup_free_ char *before = sa_db_snapshot(), *after = NULL;

        /* NTMS_CONTROL_ACCESS to the library: administrators only. */
        ck_assert_int_eq(harness_run_as_nobody(nobody_ejects, NULL), 0);
        after = sa_db_snapshot();
        ck_assert_str_eq(before, after);
        assert_cartridge_in();
}
END_TEST

START_TEST(test_not_connected) {
        harness_stop_rsmd(SIGTERM);
        assert_err(eject(DEVICE, NTMS_EJECT_IMMEDIATE), ERROR_NOT_CONNECTED);
        assert_cartridge_in();
}
END_TEST

int main(void) {
        Suite *s = suite_create("standalone-eject");
        TCase *tc;

        tc = sa_tcase("eject");
        tcase_add_test(tc, test_immediate_unrecorded_cartridge);
        tcase_add_test(tc, test_ask_user_wide);
        tcase_add_test(tc, test_by_url_medium_goes_offline);
        tcase_add_test(tc, test_import_medium_deleted);
        tcase_add_test(tc, test_incompatible_medium_deleted);
        tcase_add_test(tc, test_start_answers_when_queued);
        tcase_add_test(tc, test_queue);
        tcase_add_test(tc, test_stop);
        tcase_add_test(tc, test_mounted_medium_busy_then_forced);
        tcase_add_test(tc, test_locked_cartridge_fails);
        suite_add_tcase(s, tc);

        tc = sa_tcase("errors");
        tcase_add_test(tc, test_unknown_device);
        tcase_add_test(tc, test_changer_drive);
        tcase_add_test(tc, test_library_offline);
        tcase_add_test(tc, test_library_disabled);
        tcase_add_test(tc, test_drive_disabled);
        tcase_add_test(tc, test_medium_disabled);
        tcase_add_test(tc, test_stop_nothing_pending);
        tcase_add_test(tc, test_bad_arguments);
        tcase_add_test(tc, test_access_denied);
        tcase_add_test(tc, test_not_connected);
        suite_add_tcase(s, tc);

        return sa_run(s);
}
