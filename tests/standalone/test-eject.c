/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* EjectDiskFromSADrive through libntms, against rsmd serving the first tape
 * LUN of tgt's virtual library as a stand-alone drive library (/dev/nst7),
 * beside a changer library that holds the second one (/dev/nst8). The LUN
 * holds a cartridge: tgtadm puts a tape image in it, as a person puts a
 * cartridge in a drive. Whether the drive still holds it is asked of the
 * drive itself through the SCSI layer, never of rsmd. A medium is recorded
 * in the drive, where a test needs one, by writing the database while rsmd
 * is stopped (stand-alone drives are not inventoried). Every call that
 * fails leaves the database as it was, byte for byte. Each test gets its own
 * virtual library, bus and rsmd. */

#include <check.h>
#include <errno.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <systemd/sd-bus.h>
#include <time.h>
#include <unistd.h>

#include "db/db-private.h"
#include "macro.h"
#include "ntms-bus.h"
#include "scsi-command.h"
#include "tape.h"
#include "test-util.h"
#include "transport.h"
#include "vtl-harness.h"

#define APP "sa-eject-test"
#define DEVICE "/dev/nst7"
#define CHANGER_DRIVE_DEVICE "/dev/nst8"
#define BARCODE "RSM000L6"
/* Polls every 50 ms, a bound only a hung rsmd reaches. */
#define WAIT_POLLS 2400

static Vtl *vtl;
static HANDLE h = INVALID_HANDLE_VALUE;
static NTMS_GUID library, drive;
static char config[2048], libdir[512];
static bool tgtd_paused;

/* --- the setting ------------------------------------------------------------------ */

static void sleep_ms(unsigned ms) {
        struct timespec ts = { ms / 1000, (long) (ms % 1000) * 1000000L };
        nanosleep(&ts, NULL);
}

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

static DWORD eject(const char *device, DWORD options) {
        return EjectDiskFromSADriveA(NULL, APP, device, NULL, NULL, NULL, options);
}

/* rsmd records both libraries from their files, and serves the stand-alone
 * one: a STOP with nothing to stop is refused for what it is, not because
 * the library is offline (as it is until its drive first answered). */
static void wait_for_libraries(void) {
        NTMS_GUID other_library, other_drive;
        DWORD e = ERROR_SUCCESS;

        for (unsigned i = 0; i < WAIT_POLLS; i++) {
                if (find_drive(NTMS_LIBRARYTYPE_STANDALONE, DEVICE, &library, &drive) &&
                    find_drive(NTMS_LIBRARYTYPE_ONLINE, CHANGER_DRIVE_DEVICE, &other_library, &other_drive)) {
                        e = eject(DEVICE, NTMS_EJECT_STOP);
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
        snprintf(text, sizeof text, "[Library]\nName=Desk drive\nDrive0=%s\nDeviceName0=" DEVICE "\n",
                 vtl->drive_urls[0]);
        write_file(path, text);
        snprintf(path, sizeof path, "%s/changer.conf", libdir);
        snprintf(text, sizeof text, "[Library]\nName=Changer library\nChanger=%s\nDrive1=%s\n"
                 "DeviceName1=" CHANGER_DRIVE_DEVICE "\n", vtl->changer_url, vtl->drive_urls[1]);
        write_file(path, text);
}

static void remove_library_dir(void) {
        char path[1024];

        snprintf(path, sizeof path, "%s/desk.conf", libdir);
        ck_assert_int_eq(unlink(path), 0);
        snprintf(path, sizeof path, "%s/changer.conf", libdir);
        ck_assert_int_eq(unlink(path), 0);
}

/* The LUN's number: the last part of its URL. */
static unsigned drive_lun(void) {
        const char *slash = strrchr(vtl->drive_urls[0], '/');

        ck_assert_ptr_nonnull(slash);
        return (unsigned) strtoul(slash + 1, NULL, 10);
}

/* A cartridge goes into the drive by hand: the LUN takes the tape image and comes online. */
static void put_cartridge(void) {
        char cmd[2048];

        snprintf(cmd, sizeof cmd,
                 "tgtadm -C %u --lld iscsi --op update --mode logicalunit --tid 1 --lun %u "
                 "--params path=%s/tapes/" BARCODE ",online=1",
                 vtl->control, drive_lun(), vtl->dir);
        ck_assert_int_eq(system(cmd), 0);
}

static int drive_test_unit_ready(void) {
        _cleanup_scsi_transport_ ScsiTransport *t = NULL;

        ck_assert_int_eq(scsi_transport_open(vtl->drive_urls[0], &t), 0);
        return tape_test_unit_ready(t, &SCSI_RETRY_DEFAULT);
}

static void assert_cartridge_in(void) {
        ck_assert_int_eq(drive_test_unit_ready(), 0);
}

static void assert_cartridge_out(void) {
        ck_assert_int_eq(drive_test_unit_ready(), -ENOMEDIUM);
}

/* Stops (SIGSTOP) or continues tgtd: the drive falls silent, holding any
 * command rsmd sends it. */
static void pause_tgtd(bool pause) {
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

static void setup(void) {
        ck_assert_int_eq(vtl_start(&(VtlConfig) { .slots = 1, .full = 1, .drives = 2, .ports = VTL_NONE }, &vtl), 0);
        put_cartridge();
        harness_setup_bus_only();
        snprintf(libdir, sizeof libdir, "%s/libraries", harness_dir());
        write_library_dir();
        snprintf(config, sizeof config, "[Daemon]\nLogLevel=debug\nLibraryDirectory=%s\n", libdir);
        ck_assert_msg(harness_start_rsmd(config, NULL) == 0, "rsmd did not start (see %s)", harness_rsmd_log());
        h = open_session();
        wait_for_libraries();
        assert_cartridge_in();
}

static void teardown(void) {
        if (h != INVALID_HANDLE_VALUE)
                (void) CloseNtmsSession(h);
        h = INVALID_HANDLE_VALUE;
        if (tgtd_paused)
                pause_tgtd(false);
        harness_teardown();
        vtl_stopp(&vtl);
}

static void restart_rsmd(void) {
        (void) CloseNtmsSession(h);
        h = INVALID_HANDLE_VALUE;
        ck_assert_int_eq(harness_stop_rsmd(SIGTERM), 0);
        ck_assert_msg(harness_start_rsmd(config, NULL) == 0, "rsmd did not start again (see %s)", harness_rsmd_log());
        h = open_session();
}

/* --- the database ------------------------------------------------------------------ */

/* Every row of every table, in storage order: two equal snapshots are the
 * same database. Read beside the running rsmd. */
static char *db_snapshot(void) {
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

/* The call fails with expected and changes nothing. */
#define assert_refused(call, expected)                                          \
        do {                                                                    \
                _cleanup_free_ char *_before = db_snapshot(), *_after = NULL;   \
                assert_err(call, expected);                                     \
                _after = db_snapshot();                                         \
                ck_assert_msg(streq(_before, _after), "%s changed the database", #call); \
        } while (0)

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

        (void) CloseNtmsSession(h);
        h = INVALID_HANDLE_VALUE;
        ck_assert_int_eq(harness_stop_rsmd(SIGTERM), 0);

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

        ck_assert_msg(harness_start_rsmd(config, NULL) == 0, "rsmd did not start again (see %s)", harness_rsmd_log());
        h = open_session();
        wait_for_libraries();
        return medium;
}

/* --- library requests -------------------------------------------------------------- */

/* The eject requests, oldest first (the enumeration keeps the order of creation). */
static DWORD eject_requests(NTMS_GUID *ret, DWORD max) {
        NTMS_GUID *list = NULL;
        DWORD n = enumerate_growing(h, NULL, NTMS_LIBREQUEST, &list), found = 0;

        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA r;

                get_info_a(h, &list[i], NTMS_LIBREQUEST, &r);
                if (r.Info.LibRequest.OperationCode != NTMS_LM_EJECT)
                        continue;
                ck_assert_uint_lt(found, max);
                ret[found++] = list[i];
        }
        free(list);
        return found;
}

static NTMS_GUID the_eject_request(void) {
        NTMS_GUID r[1];

        ck_assert_uint_eq(eject_requests(r, 1), 1);
        return r[0];
}

static bool state_final(DWORD state) {
        return state == NTMS_LM_PASSED || state == NTMS_LM_FAILED || state == NTMS_LM_CANCELLED;
}

static void wait_request(const NTMS_GUID *request, DWORD state, NTMS_OBJECTINFORMATIONA *ret) {
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

/* The medium is on a shelf: the offline library, no drive, idle. */
static void assert_offline(const NTMS_GUID *medium) {
        NTMS_OBJECTINFORMATIONA m, l;

        get_info_a(h, medium, NTMS_PHYSICAL_MEDIA, &m);
        get_info_a(h, &m.Info.PhysicalMedia.CurrentLibrary, NTMS_LIBRARY, &l);
        ck_assert_uint_eq(l.Info.Library.LibraryType, NTMS_LIBRARYTYPE_OFFLINE);
        ck_assert_uint_ne(m.Info.PhysicalMedia.LocationType, NTMS_DRIVE);
        ck_assert(!guid_eq(&m.Info.PhysicalMedia.Location, &drive));
        ck_assert_uint_eq(m.Info.PhysicalMedia.MediaState, NTMS_MEDIASTATE_IDLE);
}

static void assert_in_drive(const NTMS_GUID *medium) {
        NTMS_OBJECTINFORMATIONA m;

        get_info_a(h, medium, NTMS_PHYSICAL_MEDIA, &m);
        ck_assert(guid_eq(&m.Info.PhysicalMedia.CurrentLibrary, &library));
        ck_assert(guid_eq(&m.Info.PhysicalMedia.Location, &drive));
        ck_assert_uint_eq(m.Info.PhysicalMedia.LocationType, NTMS_DRIVE);
}

static void assert_drive_empty(void) {
        NTMS_OBJECTINFORMATIONA d;

        get_info_a(h, &drive, NTMS_DRIVE, &d);
        ck_assert_uint_eq(d.Info.Drive.State, NTMS_DRIVESTATE_DISMOUNTED);
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
        pause_tgtd(true);
        assert_ok(eject(DEVICE, NTMS_EJECT_START));
        request = the_eject_request();
        get_info_a(h, &request, NTMS_LIBREQUEST, &r);
        ck_assert_msg(r.Info.LibRequest.State == NTMS_LM_QUEUED || r.Info.LibRequest.State == NTMS_LM_INPROCESS,
                      "the eject is in state %u before the drive could answer", r.Info.LibRequest.State);
        pause_tgtd(false);

        wait_request(&request, NTMS_LM_PASSED, NULL);
        assert_passed(&request, NTMS_EJECT_START, NULL);
        assert_cartridge_out();
}
END_TEST

START_TEST(test_queue) {
        NTMS_GUID request;

        assert_ok(eject(DEVICE, NTMS_EJECT_QUEUE));
        request = the_eject_request();
        wait_request(&request, NTMS_LM_PASSED, NULL);
        assert_passed(&request, NTMS_EJECT_QUEUE, NULL);
        assert_cartridge_out();
}
END_TEST

START_TEST(test_stop) {
        NTMS_OBJECTINFORMATIONA r;
        NTMS_GUID requests[2];

        /* The first eject runs and the drive holds it; the second waits for the drive. */
        pause_tgtd(true);
        assert_ok(eject(DEVICE, NTMS_EJECT_START));
        ck_assert_uint_eq(eject_requests(requests, 2), 1);
        wait_request(&requests[0], NTMS_LM_INPROCESS, NULL);
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

        pause_tgtd(false);
        wait_request(&requests[0], NTMS_LM_PASSED, NULL);
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
        wait_request(&request, NTMS_LM_PASSED, NULL);
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
        remove_library_dir();
        restart_rsmd();
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
                _cleanup_free_ char *before = db_snapshot(), *after = NULL;

                ck_assert_str_eq(call_directly(DEVICE, 99), NTMS_BUS_ERROR_PREFIX "InvalidParameter");
                ck_assert_str_eq(call_directly("", NTMS_EJECT_IMMEDIATE), NTMS_BUS_ERROR_PREFIX "InvalidParameter");
                after = db_snapshot();
                ck_assert_str_eq(before, after);
        }
        assert_cartridge_in();
}
END_TEST

static int nobody_ejects(void *userdata) {
        return eject(DEVICE, NTMS_EJECT_IMMEDIATE) == ERROR_ACCESS_DENIED ? 0 : 1;
}

START_TEST(test_access_denied) {
        _cleanup_free_ char *before = db_snapshot(), *after = NULL;

        /* NTMS_CONTROL_ACCESS to the library: administrators only. */
        ck_assert_int_eq(harness_run_as_nobody(nobody_ejects, NULL), 0);
        after = db_snapshot();
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
        SRunner *sr;
        int failed;

        setlocale(LC_ALL, "C.UTF-8");
        if (vtl_available() < 0) {
                fprintf(stderr, "The virtual tape library needs root and tgt: skipped\n");
                return 77;
        }

        tc = tcase_create("eject");
        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_set_timeout(tc, 240);
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

        tc = tcase_create("errors");
        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_set_timeout(tc, 240);
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

        sr = srunner_create(s);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
