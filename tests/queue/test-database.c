/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The database errors of the library request functions: a full database
 * refuses a new request and the call changes nothing; a damaged database
 * answers every call ERROR_DATABASE_FAILURE. */

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>
#include <systemd/sd-bus.h>

#include "ntms-bus.h"
#include "queue-harness.h"

static const char *const held[] = { "RSM026L6", "RSM027L6", "RSM028L6", "RSM029L6" };

static void setup_small(void) {
        qt_set_daemon_config("MaxDatabaseSize=1048576\n");
        qt_setup();
}

/* Fills the database with mounts that wait for a drive, until new requests
 * are refused many times in a row: then no request fits any more. Returns
 * how many were recorded. */
static unsigned fill_with_requests(void) {
        unsigned made = 0, refused = 0;

        while (refused < 32) {
                DWORD e = qt_mount(qt.h, "RSM000L6", NTMS_MOUNT_READ | NTMS_MOUNT_NOWAIT, NTMS_PRIORITY_LOWEST,
                                   INFINITE, NULL, NULL);

                if (e == ERROR_SUCCESS) {
                        made++;
                        refused = 0;
                        continue;
                }
                assert_err(e, ERROR_DATABASE_FULL);
                refused++;
                ck_assert_uint_lt(made, 100000);
        }
        return made;
}

static DWORD count_requests(void) {
        NTMS_GUID *list = NULL;
        DWORD n = qt_enumerate(&qt.library, NTMS_LIBREQUEST, &list);

        free(list);
        return n;
}

START_TEST(test_database_full) {
        NTMS_GUID drive, medium;
        NTMS_OBJECTINFORMATIONA m, d;
        DWORD before;

        for (size_t i = 0; i < ELEMENTSOF(held); i++)
                assert_ok(qt_mount(qt.h, held[i], NTMS_MOUNT_READ, 0, INFINITE, i == 0 ? &drive : NULL, NULL));
        ck_assert_uint_gt(fill_with_requests(), 0);
        before = count_requests();

        /* MountNtmsMedia: refused, nothing recorded, nothing moved. */
        assert_err(qt_mount(qt.h, "RSM001L6", NTMS_MOUNT_READ, 0, INFINITE, NULL, NULL), ERROR_DATABASE_FULL);
        medium = qt_medium("RSM001L6");
        qt_info(&medium, NTMS_PHYSICAL_MEDIA, &m);
        ck_assert_uint_eq(m.Info.PhysicalMedia.LocationType, NTMS_STORAGESLOT);
        ck_assert_uint_eq(m.Info.PhysicalMedia.MediaState, NTMS_MEDIASTATE_IDLE);

        /* DismountNtmsMedia: the medium stays mounted. */
        assert_err(qt_dismount(qt.h, held[0], NTMS_DISMOUNT_IMMEDIATE), ERROR_DATABASE_FULL);
        medium = qt_medium(held[0]);
        qt_info(&medium, NTMS_PHYSICAL_MEDIA, &m);
        ck_assert_uint_eq(m.Info.PhysicalMedia.MediaState, NTMS_MEDIASTATE_LOADED);

        /* DismountNtmsDrive: the drive keeps its dismounted medium. */
        assert_ok(qt_dismount(qt.h, held[0], NTMS_DISMOUNT_DEFERRED));
        assert_err(DismountNtmsDrive(qt.h, &drive), ERROR_DATABASE_FULL);
        qt_info(&drive, NTMS_DRIVE, &d);
        ck_assert_uint_eq(d.Info.Drive.State, NTMS_DRIVESTATE_DISMOUNTABLE);

        ck_assert_uint_eq(count_requests(), before);
        ck_assert_uint_eq(qt_assert_matches_changer(), QT_FULL);
}
END_TEST

/* Plants garbage with an SQLite header where the database was. */
static void damage_database(void) {
        char path[4096], garbage[8192];
        FILE *f;

        snprintf(path, sizeof path, "%s/rsmd.db", harness_state_dir());
        unlink(path);
        for (size_t i = 0; i < sizeof garbage; i++)
                garbage[i] = (char) (i * 131 + 17);
        memcpy(garbage, "SQLite format 3", 16);
        f = fopen(path, "we");
        ck_assert_ptr_nonnull(f);
        ck_assert_uint_eq(fwrite(garbage, 1, sizeof garbage, f), sizeof garbage);
        ck_assert_int_eq(fclose(f), 0);
}

/* A call on the per-call session of the manager object: no session can be
 * opened on a damaged database, so the error comes from the method itself. */
static void assert_database_failure(sd_bus *bus, const char *method, const char *signature, ...) {
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = NULL, *reply = NULL;
        sd_bus_error error = SD_BUS_ERROR_NULL;
        va_list ap;

        ck_assert_int_ge(sd_bus_message_new_method_call(bus, &m, NTMS_BUS_NAME, NTMS_BUS_MANAGER_PATH,
                                                        NTMS_BUS_SESSION_IFACE, method), 0);
        va_start(ap, signature);
        ck_assert_int_ge(sd_bus_message_appendv(m, signature, ap), 0);
        va_end(ap);
        ck_assert_int_lt(sd_bus_call(bus, m, 0, &error, &reply), 0);
        ck_assert_msg(sd_bus_error_has_name(&error, NTMS_BUS_ERROR_PREFIX "DatabaseFailure"), "%s: %s", method,
                      error.name);
        ck_assert_ptr_nonnull(ntms_error_by_bus_name(error.name));
        ck_assert_uint_eq(ntms_error_by_bus_name(error.name)->value, ERROR_DATABASE_FAILURE);
        sd_bus_error_free(&error);
}

START_TEST(test_database_failure) {
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        const char *guid = "01234567-89ab-cdef-0123-456789abcdef";
        HANDLE h;

        harness_setup_bus_only();
        damage_database();
        ck_assert_int_eq(harness_start_rsmd(NULL, NULL), 0);

        /* Through libntms no session opens. */
        h = OpenNtmsSessionA(NULL, "test", 0);
        ck_assert_ptr_eq(h, INVALID_HANDLE_VALUE);
        assert_err(GetLastError(), ERROR_DATABASE_FAILURE);

        ck_assert_int_eq(sd_bus_open_system(&bus), 0);
        assert_database_failure(bus, "MountMedia", "asasuiu", 1, guid, 0, NTMS_MOUNT_READ, 0, INFINITE);
        assert_database_failure(bus, "DismountMedia", "asu", 1, guid, NTMS_DISMOUNT_IMMEDIATE);
        assert_database_failure(bus, "DismountDrive", "s", guid);
        assert_database_failure(bus, "CancelLibraryRequest", "s", guid);
        assert_database_failure(bus, "GetRequestOrder", "s", guid);
        assert_database_failure(bus, "SetRequestOrder", "su", guid, 1);
        assert_database_failure(bus, "DeleteRequests", "asu", 1, guid, NTMS_LIBREQUEST);
        harness_teardown();
}
END_TEST

int main(void) {
        Suite *s = suite_create("queue-database");
        TCase *tc;

        tc = tcase_create("damaged");
        tcase_set_timeout(tc, 120);
        tcase_add_test(tc, test_database_failure);
        suite_add_tcase(s, tc);

        if (vtl_available() >= 0) {
                tc = tcase_create("full");
                tcase_add_checked_fixture(tc, setup_small, qt_teardown);
                tcase_set_timeout(tc, 600);
                tcase_add_test(tc, test_database_full);
                suite_add_tcase(s, tc);
        }
        return run_suite(s);
}
