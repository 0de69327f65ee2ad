/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <check.h>
#include <errno.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db/db-private.h"
#include "macro.h"
#include "sa-harness.h"
#include "scsi-command.h"
#include "tape.h"
#include "transport.h"

/* Polls every 50 ms, a bound only a hung rsmd reaches. */
#define WAIT_POLLS 2400

Vtl *vtl;
HANDLE h = INVALID_HANDLE_VALUE;
NTMS_GUID library, drive;

static char config[2048], libdir[512];
static bool tgtd_paused;

void sleep_ms(unsigned ms) {
        struct timespec ts = { ms / 1000, (long) (ms % 1000) * 1000000L };
        nanosleep(&ts, NULL);
}

/* --- the libraries ------------------------------------------------------------------ */

/* The drive of a library of this type whose szDeviceName is device. */
static bool find_drive(DWORD library_type, const char *device, NTMS_GUID *ret_library, NTMS_GUID *ret_drive) {
        NTMS_GUID *libraries = NULL;
        DWORD n = enumerate_growing(h, NULL, NTMS_LIBRARY, &libraries);
        bool found = false;

        for (DWORD i = 0; i < n && !found; i++) {
                NTMS_OBJECTINFORMATIONA l;
                NTMS_GUID *drives = NULL;
                DWORD n_drives;

                get_info_a(h, &libraries[i], NTMS_LIBRARY, &l);
                if (l.Info.Library.LibraryType != library_type)
                        continue;
                n_drives = enumerate_growing(h, &libraries[i], NTMS_DRIVE, &drives);
                for (DWORD j = 0; j < n_drives && !found; j++) {
                        NTMS_OBJECTINFORMATIONA d;

                        get_info_a(h, &drives[j], NTMS_DRIVE, &d);
                        if (streq(d.Info.Drive.szDeviceName, device)) {
                                *ret_library = libraries[i];
                                *ret_drive = drives[j];
                                found = true;
                        }
                }
                free(drives);
        }
        free(libraries);
        return found;
}

/* A STOP with nothing to stop is refused for what it is, not because the
 * library is offline (as it is until its drive first answered). */
void sa_wait_for_libraries(void) {
        NTMS_GUID other_library, other_drive;
        DWORD e = ERROR_SUCCESS;

        for (unsigned i = 0; i < WAIT_POLLS; i++) {
                if (find_drive(NTMS_LIBRARYTYPE_STANDALONE, SA_DEVICE, &library, &drive) &&
                    find_drive(NTMS_LIBRARYTYPE_ONLINE, SA_CHANGER_DRIVE_DEVICE, &other_library, &other_drive)) {
                        e = EjectDiskFromSADriveA(NULL, "sa-harness", SA_DEVICE, NULL, NULL, NULL, NTMS_EJECT_STOP);
                        if (e == ERROR_INVALID_OPERATION)
                                return;
                }
                sleep_ms(50);
        }
        ck_abort_msg("the libraries were not served (last STOP: %s; see %s)", ntms_error_name(e), harness_rsmd_log());
}

static void write_file(const char *path, const char *text) {
        FILE *f = fopen(path, "we");

        ck_assert_ptr_nonnull(f);
        fputs(text, f);
        ck_assert_int_eq(fclose(f), 0);
}

static void write_library_dir(void) {
        char path[1024], text[2048];

        ck_assert_int_eq(mkdir(libdir, 0755), 0);
        snprintf(path, sizeof path, "%s/desk.conf", libdir);
        snprintf(text, sizeof text, "[Library]\nName=Desk drive\nDrive0=%s\nDeviceName0=" SA_DEVICE "\n",
                 vtl->drive_urls[0]);
        write_file(path, text);
        snprintf(path, sizeof path, "%s/changer.conf", libdir);
        snprintf(text, sizeof text, "[Library]\nName=Changer library\nChanger=%s\nDrive1=%s\n"
                 "DeviceName1=" SA_CHANGER_DRIVE_DEVICE "\n", vtl->changer_url, vtl->drive_urls[1]);
        write_file(path, text);
}

static void remove_library_dir(void) {
        char path[1024];

        snprintf(path, sizeof path, "%s/desk.conf", libdir);
        ck_assert_int_eq(unlink(path), 0);
        snprintf(path, sizeof path, "%s/changer.conf", libdir);
        ck_assert_int_eq(unlink(path), 0);
}

void sa_stop_rsmd(void) {
        (void) CloseNtmsSession(h);
        h = INVALID_HANDLE_VALUE;
        ck_assert_int_eq(harness_stop_rsmd(SIGTERM), 0);
}

static void start_rsmd(void) {
        ck_assert_msg(harness_start_rsmd(config, NULL) == 0, "rsmd did not start (see %s)", harness_rsmd_log());
        h = open_session();
}

void sa_start_rsmd(void) {
        start_rsmd();
        sa_wait_for_libraries();
}

void sa_forget_libraries(void) {
        remove_library_dir();
        sa_stop_rsmd();
        start_rsmd();
}

/* --- the drive ------------------------------------------------------------------------- */

/* The LUN's number: the last part of its URL. */
static unsigned drive_lun(void) {
        const char *slash = strrchr(vtl->drive_urls[0], '/');

        ck_assert_ptr_nonnull(slash);
        return (unsigned) strtoul(slash + 1, NULL, 10);
}

static void update_lun(const char *params) {
        char cmd[2048];

        snprintf(cmd, sizeof cmd, "tgtadm -C %u --lld iscsi --op update --mode logicalunit --tid 1 --lun %u "
                 "--params %s", vtl->control, drive_lun(), params);
        ck_assert_int_eq(system(cmd), 0);
}

/* The LUN takes the tape image and comes online. */
void sa_put_cartridge(void) {
        char params[1024];

        snprintf(params, sizeof params, "path=%s/tapes/" SA_BARCODE ",online=1", vtl->dir);
        update_lun(params);
}

void sa_take_cartridge(void) {
        update_lun("online=0");
}

int sa_drive_test_unit_ready(void) {
        _cleanup_scsi_transport_ ScsiTransport *t = NULL;

        ck_assert_int_eq(scsi_transport_open(vtl->drive_urls[0], &t), 0);
        return tape_test_unit_ready(t, &SCSI_RETRY_DEFAULT);
}

void sa_pause_tgtd(bool pause) {
        char path[1024];
        FILE *f;
        int pid = 0;

        snprintf(path, sizeof path, "%s/tgtd.pid", vtl->dir);
        f = fopen(path, "re");
        ck_assert_ptr_nonnull(f);
        ck_assert_int_eq(fscanf(f, "%d", &pid), 1);
        fclose(f);
        ck_assert_int_eq(kill(pid, pause ? SIGSTOP : SIGCONT), 0);
        tgtd_paused = pause;
}

/* --- the fixture ------------------------------------------------------------------------ */

void sa_setup(void) {
        ck_assert_int_eq(vtl_start(&(VtlConfig) { .slots = 1, .full = 1, .drives = 2, .ports = VTL_NONE }, &vtl), 0);
        sa_put_cartridge();
        harness_setup_bus_only();
        snprintf(libdir, sizeof libdir, "%s/libraries", harness_dir());
        write_library_dir();
        snprintf(config, sizeof config, "[Daemon]\nLogLevel=debug\nLibraryDirectory=%s\n", libdir);
        sa_start_rsmd();
        assert_cartridge_in();
}

void sa_teardown(void) {
        if (h != INVALID_HANDLE_VALUE)
                (void) CloseNtmsSession(h);
        h = INVALID_HANDLE_VALUE;
        if (tgtd_paused)
                sa_pause_tgtd(false);
        harness_teardown();
        vtl_stopp(&vtl);
}

TCase *sa_tcase(const char *name) {
        TCase *tc = tcase_create(name);

        tcase_add_checked_fixture(tc, sa_setup, sa_teardown);
        tcase_set_timeout(tc, 240);
        return tc;
}

int sa_run(Suite *s) {
        SRunner *sr;
        int failed;

        setlocale(LC_ALL, "C.UTF-8");
        if (vtl_available() < 0) {
                fprintf(stderr, "The virtual tape library needs root and tgt: skipped\n");
                return 77;
        }

        sr = srunner_create(s);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* --- the database ------------------------------------------------------------------------ */

char *sa_db_snapshot(void) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *tables = NULL;
        char path[1024], *text = NULL;
        size_t size = 0;
        sqlite3 *db = NULL;
        FILE *out;

        snprintf(path, sizeof path, "%s/rsmd.db", harness_state_dir());
        ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
        out = open_memstream(&text, &size);
        ck_assert_ptr_nonnull(out);
        ck_assert_int_eq(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
                                            -1, &tables, NULL), SQLITE_OK);
        while (sqlite3_step(tables) == SQLITE_ROW) {
                _cleanup_(sqlite3_finalizep) sqlite3_stmt *rows = NULL;
                char sql[256];

                snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", (const char *) sqlite3_column_text(tables, 0));
                ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &rows, NULL), SQLITE_OK);
                fprintf(out, "[%s]\n", (const char *) sqlite3_column_text(tables, 0));
                while (sqlite3_step(rows) == SQLITE_ROW) {
                        for (int c = 0; c < sqlite3_column_count(rows); c++)
                                fprintf(out, "%s|", sqlite3_column_type(rows, c) == SQLITE_NULL ? "NULL" :
                                        (const char *) sqlite3_column_text(rows, c));
                        fputc('\n', out);
                }
        }
        ck_assert_int_eq(fclose(out), 0);
        /* Closes once the statement of the tables is finalized, on return. */
        ck_assert_int_eq(sqlite3_close_v2(db), SQLITE_OK);
        return text;
}

/* --- library requests ------------------------------------------------------------------- */

DWORD sa_requests(DWORD operation, NTMS_GUID *ret, DWORD max) {
        NTMS_GUID *list = NULL;
        DWORD n = enumerate_growing(h, NULL, NTMS_LIBREQUEST, &list), found = 0;

        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA r;

                get_info_a(h, &list[i], NTMS_LIBREQUEST, &r);
                if (r.Info.LibRequest.OperationCode != operation)
                        continue;
                ck_assert_uint_lt(found, max);
                ret[found++] = list[i];
        }
        free(list);
        return found;
}

static bool state_final(DWORD state) {
        return state == NTMS_LM_PASSED || state == NTMS_LM_FAILED || state == NTMS_LM_CANCELLED;
}

void sa_wait_request(const NTMS_GUID *request, DWORD state, NTMS_OBJECTINFORMATIONA *ret) {
        NTMS_OBJECTINFORMATIONA info;

        for (unsigned i = 0; i < WAIT_POLLS; i++) {
                get_info_a(h, request, NTMS_LIBREQUEST, &info);
                if (info.Info.LibRequest.State == state) {
                        if (ret)
                                *ret = info;
                        return;
                }
                ck_assert_msg(!state_final(info.Info.LibRequest.State), "the request ended in state %u, error %s",
                              info.Info.LibRequest.State, ntms_error_name(info.Info.LibRequest.dwErrorCode));
                sleep_ms(50);
        }
        ck_abort_msg("the request stays in state %u (see %s)", info.Info.LibRequest.State, harness_rsmd_log());
}

/* --- where media are ---------------------------------------------------------------------- */

void assert_offline(const NTMS_GUID *medium) {
        NTMS_OBJECTINFORMATIONA m, l;

        get_info_a(h, medium, NTMS_PHYSICAL_MEDIA, &m);
        get_info_a(h, &m.Info.PhysicalMedia.CurrentLibrary, NTMS_LIBRARY, &l);
        ck_assert_uint_eq(l.Info.Library.LibraryType, NTMS_LIBRARYTYPE_OFFLINE);
        ck_assert_uint_ne(m.Info.PhysicalMedia.LocationType, NTMS_DRIVE);
        ck_assert(!guid_eq(&m.Info.PhysicalMedia.Location, &drive));
        ck_assert_uint_eq(m.Info.PhysicalMedia.MediaState, NTMS_MEDIASTATE_IDLE);
}

void assert_in_drive(const NTMS_GUID *medium) {
        NTMS_OBJECTINFORMATIONA m;

        get_info_a(h, medium, NTMS_PHYSICAL_MEDIA, &m);
        ck_assert(guid_eq(&m.Info.PhysicalMedia.CurrentLibrary, &library));
        ck_assert(guid_eq(&m.Info.PhysicalMedia.Location, &drive));
        ck_assert_uint_eq(m.Info.PhysicalMedia.LocationType, NTMS_DRIVE);
}

void assert_drive_empty(void) {
        NTMS_OBJECTINFORMATIONA d;

        get_info_a(h, &drive, NTMS_DRIVE, &d);
        ck_assert_uint_eq(d.Info.Drive.State, NTMS_DRIVESTATE_DISMOUNTED);
}
