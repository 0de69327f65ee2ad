/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "changer.h"
#include "queue-harness.h"
#include "scsi-command.h"
#include "tape.h"

/* Waits poll every 50 ms for up to this long: a bound that only a hung
 * rsmd reaches, never a measure of speed. */
#define WAIT_POLLS 2400

QueueTest qt = { .h = INVALID_HANDLE_VALUE };
static char daemon_lines[1024];

/* --- a relay between rsmd and the drives ------------------------------------------- */

#define LIBRARY_NAME "Queue test library"
#define LIBRARY2_NAME "Second test library"

static bool second_wanted;
static bool second_portless;      /* the second library has no ports, and so no door */
static bool relay_wanted;
static int relay_fd = -1;
static unsigned relay_port;
static atomic_bool relay_paused;
static bool library_paused;

typedef struct Relay {
        int client, server;
} Relay;

/* Copies what one side sent to the other; false when either side closed. */
static bool relay_copy(int from, int to) {
        char buf[65536];
        ssize_t n = read(from, buf, sizeof buf);

        if (n <= 0)
                return false;
        for (ssize_t done = 0; done < n;) {
                ssize_t w = write(to, buf + done, (size_t) (n - done));

                if (w <= 0)
                        return false;
                done += w;
        }
        return true;
}

static void *relay_connection(void *userdata) {
        Relay *r = userdata;

        for (;;) {
                /* While paused, rsmd's commands stay unread; answers still go back. */
                struct pollfd p[2] = {
                        { .fd = r->client, .events = atomic_load(&relay_paused) ? 0 : POLLIN },
                        { .fd = r->server, .events = POLLIN },
                };

                if (poll(p, 2, 50) < 0 && errno != EINTR)
                        break;
                if ((p[0].revents & (POLLIN | POLLHUP | POLLERR)) && !relay_copy(r->client, r->server))
                        break;
                if ((p[1].revents & (POLLIN | POLLHUP | POLLERR)) && !relay_copy(r->server, r->client))
                        break;
        }
        close(r->client);
        close(r->server);
        free(r);
        return NULL;
}

static int connect_to_tgt(void) {
        struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t) qt.vtl->port) };
        int fd;

        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return -1;
        if (connect(fd, (struct sockaddr *) &a, sizeof a) < 0) {
                close(fd);
                return -1;
        }
        return fd;
}

static void *relay_listener(void *userdata) {
        for (;;) {
                pthread_t t;
                Relay *r;
                int client = accept4(relay_fd, NULL, NULL, SOCK_CLOEXEC);

                if (client < 0) {
                        if (errno == EINTR)
                                continue;
                        return NULL;
                }
                r = calloc(1, sizeof *r);
                if (!r || (r->server = connect_to_tgt()) < 0) {
                        close(client);
                        free(r);
                        continue;
                }
                r->client = client;
                if (pthread_create(&t, NULL, relay_connection, r) != 0) {
                        close(r->client);
                        close(r->server);
                        free(r);
                        continue;
                }
                pthread_detach(t);
        }
}

static void relay_start(void) {
        struct sockaddr_in a = { .sin_family = AF_INET };
        socklen_t len = sizeof a;
        pthread_t t;

        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        relay_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        ck_assert_int_ge(relay_fd, 0);
        ck_assert_int_eq(bind(relay_fd, (struct sockaddr *) &a, sizeof a), 0);
        ck_assert_int_eq(listen(relay_fd, 64), 0);
        ck_assert_int_eq(getsockname(relay_fd, (struct sockaddr *) &a, &len), 0);
        relay_port = ntohs(a.sin_port);
        ck_assert_int_eq(pthread_create(&t, NULL, relay_listener, NULL), 0);
        pthread_detach(t);
}

/* The drive's URL with the relay's port in place of tgt's. */
static void drive_url(size_t i, char *buf, size_t size) {
        const char *url = qt.vtl->drive_urls[i], *port;
        char tgt_port[16];

        if (!relay_wanted) {
                snprintf(buf, size, "%s", url);
                return;
        }
        snprintf(tgt_port, sizeof tgt_port, ":%u/", qt.vtl->port);
        port = strstr(url, tgt_port);
        ck_assert_ptr_nonnull(port);
        snprintf(buf, size, "%.*s:%u/%s", (int) (port - url), url, relay_port, port + strlen(tgt_port));
}

void qt_use_second_library_without_ports(void) {
        second_portless = true;
        qt_use_second_library();
}

void qt_use_second_library(void) {
        second_wanted = true;
}

void qt_use_drive_relay(void) {
        relay_wanted = true;
}

void qt_pause_drives(bool pause) {
        ck_assert(relay_wanted);
        atomic_store(&relay_paused, pause);
}

void qt_pause_library(bool pause) {
        char path[1024];
        FILE *f;
        int pid = 0;

        snprintf(path, sizeof path, "%s/tgtd.pid", qt.vtl->dir);
        f = fopen(path, "re");
        ck_assert_ptr_nonnull(f);
        ck_assert_int_eq(fscanf(f, "%d", &pid), 1);
        fclose(f);
        ck_assert_int_eq(kill(pid, pause ? SIGSTOP : SIGCONT), 0);
        library_paused = pause;
}

static void sleep_ms(unsigned ms) {
        struct timespec ts = { ms / 1000, (long) (ms % 1000) * 1000000L };
        nanosleep(&ts, NULL);
}

void qt_set_daemon_config(const char *lines) {
        snprintf(daemon_lines, sizeof daemon_lines, "%s", lines);
}

void qt_info(const NTMS_GUID *g, DWORD type, NTMS_OBJECTINFORMATIONA *ret) {
        char buf[NTMS_GUID_STRING_MAX];
        DWORD e;

        info_init_a(ret, type);
        e = GetNtmsObjectInformationA(qt.h, (LPNTMS_GUID) g, ret);
        ck_assert_msg(e == ERROR_SUCCESS, "GetNtmsObjectInformationA(%s, type %u): %s", guid_str(g, buf), type,
                      ntms_error_name(e));
}

DWORD qt_enumerate(const NTMS_GUID *container, DWORD type, NTMS_GUID **ret) {
        for (;;) {
                NTMS_GUID *list = NULL;
                DWORD n = 0, e;

                e = EnumerateNtmsObject(qt.h, (LPNTMS_GUID) container, NULL, &n, type, 0);
                if (e == ERROR_INSUFFICIENT_BUFFER) {
                        n += 16;
                        list = calloc(n, sizeof *list);
                        ck_assert_ptr_nonnull(list);
                        e = EnumerateNtmsObject(qt.h, (LPNTMS_GUID) container, list, &n, type, 0);
                }
                if (e == ERROR_INSUFFICIENT_BUFFER) {
                        free(list);
                        continue;
                }
                ck_assert_msg(e == ERROR_SUCCESS, "EnumerateNtmsObject(type %u): %s", type, ntms_error_name(e));
                *ret = list;
                return n;
        }
}

static bool find_online_library(const char *name, NTMS_GUID *ret) {
        NTMS_GUID list[8];
        DWORD n = ELEMENTSOF(list);

        if (EnumerateNtmsObject(qt.h, NULL, list, &n, NTMS_LIBRARY, 0) != ERROR_SUCCESS)
                return false;
        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA info;

                info_init_a(&info, NTMS_LIBRARY);
                if (GetNtmsObjectInformationA(qt.h, &list[i], &info) == ERROR_SUCCESS &&
                    info.Info.Library.LibraryType == NTMS_LIBRARYTYPE_ONLINE && streq(info.szName, name) &&
                    info.Info.Library.dwNumberOfSlots == QT_SLOTS &&
                    info.Info.Library.dwNumberOfDrives == QT_DRIVES) {
                        *ret = list[i];
                        return true;
                }
        }
        return false;
}

static void read_drives(const NTMS_GUID *library, NTMS_GUID drives[static QT_DRIVES]) {
        NTMS_GUID *list = NULL;
        DWORD n = enumerate_all(qt.h, library, NTMS_DRIVE, &list);

        ck_assert_uint_eq(n, QT_DRIVES);
        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA d;

                qt_info(&list[i], NTMS_DRIVE, &d);
                ck_assert_uint_ge(d.Info.Drive.Number, 1);
                ck_assert_uint_le(d.Info.Drive.Number, QT_DRIVES);
                drives[d.Info.Drive.Number - 1] = list[i];
        }
        free(list);
}

static void wait_for(const char *name, NTMS_GUID *ret_library, NTMS_GUID drives[static QT_DRIVES]) {
        for (unsigned i = 0; i < WAIT_POLLS; i++) {
                if (find_online_library(name, ret_library)) {
                        read_drives(ret_library, drives);
                        return;
                }
                sleep_ms(50);
        }
        /* The log goes with the test's directory: its end is what tells why. */
        harness_print_log_tail(40);
        ck_abort_msg("library \"%s\" did not appear (see %s)", name, harness_rsmd_log());
}

void qt_wait_for_library(void) {
        wait_for(LIBRARY_NAME, &qt.library, qt.drives);
        if (second_wanted)
                wait_for(LIBRARY2_NAME, &qt.library2, qt.drives2);
}

static void write_library_file(const char *dir, const char *file_name, const char *name, const Vtl *v) {
        char file[1024];
        FILE *f;

        snprintf(file, sizeof file, "%s/%s", dir, file_name);
        f = fopen(file, "we");
        ck_assert_ptr_nonnull(f);
        fprintf(f, "[Library]\nName=%s\nChanger=%s\n", name, v->changer_url);
        for (size_t i = 0; i < v->n_drives; i++) {
                char url[1024];

                if (v == qt.vtl)
                        drive_url(i, url, sizeof url);
                else
                        snprintf(url, sizeof url, "%s", v->drive_urls[i]);
                fprintf(f, "Drive%zu=%s\n", i, url);
        }
        ck_assert_int_eq(fclose(f), 0);
}

static void write_library_dir(const char *path) {
        ck_assert_int_eq(mkdir(path, 0755), 0);
        write_library_file(path, "vtl.conf", LIBRARY_NAME, qt.vtl);
        if (second_wanted)
                write_library_file(path, "vtl2.conf", LIBRARY2_NAME, qt.vtl2);
}

void qt_setup_uninventoried(void) {
        char libdir[512], config[2048];

        ck_assert_int_eq(vtl_start(&(VtlConfig) { .slots = QT_SLOTS, .full = QT_FULL, .drives = QT_DRIVES,
                                                  .ports = QT_PORTS }, &qt.vtl), 0);
        if (second_wanted)
                ck_assert_int_eq(vtl_start(&(VtlConfig) { .slots = QT_SLOTS, .full = QT_FULL, .drives = QT_DRIVES,
                                                          .ports = second_portless ? VTL_NONE : QT_PORTS,
                                                          .barcode_prefix = "TWO" }, &qt.vtl2), 0);
        if (relay_wanted)
                relay_start();
        harness_setup_bus_only();
        snprintf(libdir, sizeof libdir, "%s/libraries", harness_dir());
        write_library_dir(libdir);
        snprintf(config, sizeof config, "[Daemon]\nLogLevel=debug\nLibraryDirectory=%s\n%s", libdir, daemon_lines);
        ck_assert_msg(harness_start_rsmd(config, NULL) == 0, "rsmd did not start (see %s)", harness_rsmd_log());

        qt.h = open_session();
        qt_wait_for_library();
}

void qt_setup(void) {
        qt_setup_uninventoried();
        assert_ok(InventoryNtmsLibrary(qt.h, &qt.library, NTMS_INVENTORY_FAST));
        if (second_wanted)
                assert_ok(InventoryNtmsLibrary(qt.h, &qt.library2, NTMS_INVENTORY_FAST));
}

void qt_teardown(void) {
        if (qt.h != INVALID_HANDLE_VALUE)
                (void) CloseNtmsSession(qt.h);
        qt.h = INVALID_HANDLE_VALUE;
        if (relay_wanted)
                atomic_store(&relay_paused, false);
        if (library_paused)
                qt_pause_library(false);
        harness_teardown();
        vtl_stopp(&qt.vtl);
        vtl_stopp(&qt.vtl2);
        daemon_lines[0] = 0;
}

void qt_restart_rsmd(int sig) {
        (void) CloseNtmsSession(qt.h);
        qt.h = INVALID_HANDLE_VALUE;
        harness_restart_rsmd(sig);
        qt.h = open_session();
        qt_wait_for_library();
}

void qt_kill_and_restart(void) {
        harness_stop_rsmd(SIGKILL);
        (void) CloseNtmsSession(qt.h);
        qt.h = INVALID_HANDLE_VALUE;
        qt_pause_drives(false);
        qt_pause_library(false);
        qt_restart_rsmd(SIGKILL);
}

bool qt_find_medium(const char *barcode, NTMS_GUID *ret) {
        NTMS_GUID *list = NULL;
        DWORD n = qt_enumerate(NULL, NTMS_PHYSICAL_MEDIA, &list);
        bool found = false;

        for (DWORD i = 0; i < n && !found; i++) {
                NTMS_OBJECTINFORMATIONA m;

                qt_info(&list[i], NTMS_PHYSICAL_MEDIA, &m);
                if (streq(m.Info.PhysicalMedia.szBarCode, barcode)) {
                        *ret = list[i];
                        found = true;
                }
        }
        free(list);
        return found;
}

NTMS_GUID qt_medium(const char *barcode) {
        NTMS_GUID g;

        ck_assert_msg(qt_find_medium(barcode, &g), "no medium %s", barcode);
        return g;
}

NTMS_GUID qt_side(const char *barcode) {
        NTMS_GUID medium = qt_medium(barcode), *sides = NULL, side;

        ck_assert_uint_eq(enumerate_all(qt.h, &medium, NTMS_PARTITION, &sides), 1);
        side = sides[0];
        free(sides);
        return side;
}

DWORD qt_mount(HANDLE h, const char *barcode, DWORD options, int priority, DWORD timeout, NTMS_GUID *ret_drive,
               NTMS_GUID *ret_request) {
        NTMS_GUID side = qt_side(barcode), drive = {}, request = {};
        NTMS_MOUNT_INFORMATION info = { .dwSize = sizeof info, .lpReserved = &request };
        DWORD e;

        if (ret_drive && (options & NTMS_MOUNT_SPECIFIC_DRIVE))
                drive = *ret_drive;
        e = MountNtmsMedia(h, &side, &drive, 1, options, priority, timeout, &info);
        if (ret_drive && e == ERROR_SUCCESS)
                *ret_drive = drive;
        if (ret_request)
                *ret_request = request;
        return e;
}

DWORD qt_dismount(HANDLE h, const char *barcode, DWORD options) {
        NTMS_GUID side = qt_side(barcode);

        return DismountNtmsMedia(h, &side, 1, options);
}

void qt_request(const NTMS_GUID *request, NTMS_OBJECTINFORMATIONA *ret) {
        qt_info(request, NTMS_LIBREQUEST, ret);
}

static uint64_t systemtime_key(const SYSTEMTIME *t) {
        return ((((((uint64_t) t->wYear * 13 + t->wMonth) * 32 + t->wDay) * 24 + t->wHour) * 60 + t->wMinute) * 60 +
                t->wSecond) * 1000 + t->wMilliseconds;
}

void qt_find_request(const NTMS_GUID *side, const NTMS_GUID *drive, DWORD operation, NTMS_OBJECTINFORMATIONA *ret) {
        NTMS_GUID *list = NULL;
        DWORD n = qt_enumerate(NULL, NTMS_LIBREQUEST, &list);
        bool found = false;

        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA r;

                qt_request(&list[i], &r);
                if (r.Info.LibRequest.OperationCode != operation)
                        continue;
                if (side ? !guid_eq(&r.Info.LibRequest.PartitionId, side) : !guid_eq(&r.Info.LibRequest.DriveId, drive))
                        continue;
                /* Enumerated in the order they were created: the last match wins. */
                if (!found || systemtime_key(&r.Info.LibRequest.TimeQueued) >= systemtime_key(&ret->Info.LibRequest.TimeQueued))
                        *ret = r;
                found = true;
        }
        free(list);
        ck_assert_msg(found, "no library request of operation %u found", operation);
}

bool qt_request_final(DWORD state) {
        return state == NTMS_LM_PASSED || state == NTMS_LM_FAILED || state == NTMS_LM_CANCELLED;
}

void qt_wait_request(const NTMS_GUID *request, DWORD state, NTMS_OBJECTINFORMATIONA *ret) {
        NTMS_OBJECTINFORMATIONA info;
        char buf[NTMS_GUID_STRING_MAX];

        for (unsigned i = 0; i < WAIT_POLLS; i++) {
                qt_request(request, &info);
                if (state == QT_FINAL ? qt_request_final(info.Info.LibRequest.State)
                                      : info.Info.LibRequest.State == state) {
                        if (ret)
                                *ret = info;
                        return;
                }
                sleep_ms(50);
        }
        ck_abort_msg("request %s stays in state %u (see %s)", guid_str(request, buf), info.Info.LibRequest.State,
                     harness_rsmd_log());
}

static bool media_on_their_way(void) {
        NTMS_GUID *list = NULL;
        DWORD n = enumerate_all(qt.h, &qt.library, NTMS_PHYSICAL_MEDIA, &list);
        bool moving = false;

        for (DWORD i = 0; i < n && !moving; i++) {
                NTMS_OBJECTINFORMATIONA m;

                qt_info(&list[i], NTMS_PHYSICAL_MEDIA, &m);
                moving = m.Info.PhysicalMedia.MediaState == NTMS_MEDIASTATE_INUSE ||
                         m.Info.PhysicalMedia.MediaState == NTMS_MEDIASTATE_MOUNTED;
        }
        free(list);
        return moving;
}

void qt_settle(void) {
        for (unsigned i = 0; i < WAIT_POLLS; i++) {
                NTMS_OBJECTINFORMATIONA lib;

                qt_info(&qt.library, NTMS_LIBRARY, &lib);
                if (lib.Info.Library.dwNumberOfLibRequests == 0 && !media_on_their_way())
                        return;
                sleep_ms(50);
        }
        ck_abort_msg("the library's requests do not end (see %s)", harness_rsmd_log());
}

void qt_wait_home(const char *barcode) {
        NTMS_GUID medium = qt_medium(barcode);

        for (unsigned i = 0; i < WAIT_POLLS; i++) {
                NTMS_OBJECTINFORMATIONA m;

                qt_info(&medium, NTMS_PHYSICAL_MEDIA, &m);
                if (m.Info.PhysicalMedia.LocationType == NTMS_STORAGESLOT &&
                    m.Info.PhysicalMedia.MediaState == NTMS_MEDIASTATE_IDLE)
                        return;
                sleep_ms(50);
        }
        ck_abort_msg("%s does not come home (see %s)", barcode, harness_rsmd_log());
}

DWORD qt_drive_number(const NTMS_GUID *drive) {
        for (DWORD i = 0; i < QT_DRIVES; i++)
                if (guid_eq(&qt.drives[i], drive))
                        return i + 1;
        ck_abort_msg("not a drive of the library");
        return 0;
}

static void read_changer(ChangerInventory *ret) {
        _cleanup_changer_ Changer *c = NULL;

        ck_assert_int_eq(changer_open(qt.vtl->changer_url, &c), 0);
        ck_assert_int_eq(changer_read_inventory(c, ret), 0);
}

void qt_move_directly(unsigned from, unsigned to) {
        _cleanup_changer_ Changer *c = NULL;

        ck_assert_int_eq(changer_open(qt.vtl->changer_url, &c), 0);
        ck_assert_int_eq(changer_move_medium(c, (uint16_t) qt.vtl->mte_addr, (uint16_t) from, (uint16_t) to, false), 0);
}

void qt_changer_drive(unsigned index, char barcode[static 40]) {
        _cleanup_(changer_inventory_done) ChangerInventory inv = {};
        const SmcElement *e;

        read_changer(&inv);
        e = changer_inventory_find(&inv, (uint16_t) (qt.vtl->drive_addr + index));
        ck_assert_ptr_nonnull(e);
        snprintf(barcode, 40, "%s", e->full ? e->volume_tag : "");
}

/* The elements of one type, indexed by Number − 1. */
static void elements_by_number(DWORD type, NTMS_GUID *out, DWORD expected) {
        NTMS_GUID *list = NULL;
        DWORD n = enumerate_all(qt.h, &qt.library, type, &list);

        ck_assert_uint_eq(n, expected);
        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA info;
                DWORD number;

                qt_info(&list[i], type, &info);
                number = type == NTMS_STORAGESLOT ? info.Info.StorageSlot.Number :
                         type == NTMS_DRIVE ? info.Info.Drive.Number : info.Info.IEPort.Number;
                ck_assert(number >= 1 && number <= n);
                out[number - 1] = list[i];
        }
        free(list);
}

static void check_drive_state(const NTMS_GUID *drive, bool full) {
        NTMS_OBJECTINFORMATIONA d;
        DWORD s;

        qt_info(drive, NTMS_DRIVE, &d);
        s = d.Info.Drive.State;
        if (full)
                ck_assert_msg(s == NTMS_DRIVESTATE_LOADED || s == NTMS_DRIVESTATE_DISMOUNTABLE,
                              "drive %u holds a cartridge, its State is %u", d.Info.Drive.Number, s);
        else
                ck_assert_msg(s == NTMS_DRIVESTATE_DISMOUNTED, "drive %u is empty, its State is %u",
                              d.Info.Drive.Number, s);
}

unsigned qt_assert_matches_changer(void) {
        _cleanup_(changer_inventory_done) ChangerInventory inv = {};
        NTMS_GUID slots[QT_SLOTS], drives[QT_DRIVES], ports[QT_PORTS], *media = NULL;
        NTMS_OBJECTINFORMATIONA *infos, lib;
        unsigned numbers[_SMC_ELEMENT_TYPE_MAX] = {}, full = 0;
        DWORD n_media;

        read_changer(&inv);
        elements_by_number(NTMS_STORAGESLOT, slots, QT_SLOTS);
        elements_by_number(NTMS_DRIVE, drives, QT_DRIVES);
        elements_by_number(NTMS_IEPORT, ports, QT_PORTS);
        qt_info(&qt.library, NTMS_LIBRARY, &lib);
        n_media = enumerate_all(qt.h, &qt.library, NTMS_PHYSICAL_MEDIA, &media);
        infos = calloc(n_media + 1, sizeof *infos);
        ck_assert_ptr_nonnull(infos);
        for (DWORD j = 0; j < n_media; j++)
                qt_info(&media[j], NTMS_PHYSICAL_MEDIA, infos + j);

        for (size_t i = 0; i < inv.n_elements; i++) {
                const SmcElement *e = inv.elements + i;
                const NTMS_GUID *element;
                DWORD location_type;
                unsigned n, held = 0;

                if (e->type == SMC_ELEMENT_TRANSPORT)
                        continue;
                n = ++numbers[e->type];
                if (e->type == SMC_ELEMENT_STORAGE) {
                        element = &slots[n - 1];
                        location_type = NTMS_STORAGESLOT;
                } else if (e->type == SMC_ELEMENT_DATA_TRANSFER) {
                        element = &drives[n - 1];
                        location_type = NTMS_DRIVE;
                        check_drive_state(element, e->full);
                } else {
                        element = &ports[n - 1];
                        location_type = NTMS_IEPORT;
                }

                for (DWORD j = 0; j < n_media; j++) {
                        const NTMS_PMIDINFORMATIONA *p = &infos[j].Info.PhysicalMedia;

                        if (!guid_eq(&p->Location, element))
                                continue;
                        held++;
                        ck_assert_msg(e->full && streq(p->szBarCode, e->volume_tag),
                                      "element %u: the changer says full=%d '%s', the database '%s'",
                                      e->address, e->full, e->volume_tag, p->szBarCode);
                        ck_assert_uint_eq(p->LocationType, location_type);
                        if (location_type == NTMS_DRIVE)
                                ck_assert_msg(p->MediaState == NTMS_MEDIASTATE_LOADED ||
                                              p->MediaState == NTMS_MEDIASTATE_UNLOADED,
                                              "%s in a drive has MediaState %u", p->szBarCode, p->MediaState);
                        else
                                ck_assert_msg(p->MediaState == NTMS_MEDIASTATE_IDLE,
                                              "%s outside the drives has MediaState %u", p->szBarCode, p->MediaState);
                }
                /* The reserved cleaner slot holds the library's cleaner, no medium. */
                if (location_type == NTMS_STORAGESLOT && guid_eq(element, &lib.Info.Library.CleanerSlot)) {
                        ck_assert_msg(held == 0, "the cleaner slot holds a medium");
                        ck_assert_msg(e->full == !!(lib.Info.Library.dwFlags & NTMS_LIBRARYFLAG_CLEANERPRESENT),
                                      "the changer says the cleaner slot is full=%d, the library's flags 0x%x",
                                      e->full, lib.Info.Library.dwFlags);
                        full += e->full;
                        continue;
                }
                ck_assert_msg(held == (e->full ? 1u : 0u),
                              "element %u: the changer says full=%d '%s', the database has %u media there",
                              e->address, e->full, e->full ? e->volume_tag : "", held);
                full += e->full;
        }
        ck_assert_uint_eq(numbers[SMC_ELEMENT_STORAGE], QT_SLOTS);
        ck_assert_uint_eq(numbers[SMC_ELEMENT_DATA_TRANSFER], QT_DRIVES);
        free(infos);
        free(media);
        return full;
}

static void run_cdb(ScsiTransport *t, const uint8_t *bytes, size_t n, ScsiDirection direction, void *data,
                    size_t len) {
        ScsiCdb cdb = { .len = (uint8_t) n, .direction = direction, .transfer_len = (uint32_t) len };
        ScsiResult result;

        memcpy(cdb.bytes, bytes, n);
        ck_assert_int_eq(scsi_command_run_retry(t, &SCSI_RETRY_DEFAULT, &cdb, data, len, 60000, &result), 0);
}

void qt_write_block(const NTMS_GUID *drive) {
        static const uint8_t write6[6] = { 0x0a, 0 /* variable */, 0, 0x02, 0x00, 0 };       /* 512 bytes */
        static const uint8_t write_filemark[6] = { 0x10, 0, 0, 0, 1, 0 };
        _cleanup_scsi_transport_ ScsiTransport *t = NULL;
        NTMS_OBJECTINFORMATIONA d;
        uint8_t block[512];

        qt_info(drive, NTMS_DRIVE, &d);
        ck_assert_int_eq(scsi_transport_open(d.Info.Drive.szDeviceName, &t), 0);
        ck_assert_int_eq(tape_test_unit_ready(t, &SCSI_RETRY_DEFAULT), 0);
        for (size_t i = 0; i < sizeof block; i++)
                block[i] = (uint8_t) i;
        run_cdb(t, write6, sizeof write6, SCSI_DIRECTION_OUT, block, sizeof block);
        run_cdb(t, write_filemark, sizeof write_filemark, SCSI_DIRECTION_NONE, NULL, 0);
        ck_assert_int_eq(tape_rewind(t, &SCSI_RETRY_DEFAULT), 0);
}

void qt_set_defer_delay(DWORD seconds) {
        for (DWORD i = 0; i < QT_DRIVES; i++) {
                NTMS_OBJECTINFORMATIONA d;

                qt_info(&qt.drives[i], NTMS_DRIVE, &d);
                d.Info.Drive.dwDeferDismountDelay = seconds;
                assert_ok(SetNtmsObjectInformationA(qt.h, &qt.drives[i], &d));
        }
}

NTMS_GUID qt_make_offline_medium(const char *barcode) {
        NTMS_OBJECTINFORMATIONA pool;
        NTMS_GUID import;

        assert_ok(CreateNtmsMediaPoolA(qt.h, "Import\\LTO Ultrium 6", NULL, NTMS_OPEN_EXISTING, NULL, &import));
        qt_info(&import, NTMS_MEDIA_POOL, &pool);
        return make_media(qt.h, &import, &pool.Info.MediaPool.MediaType, barcode);
}

NTMS_GUID qt_slot_number(DWORD number) {
        NTMS_GUID *slots = NULL, found = {};
        DWORD n = enumerate_all(qt.h, &qt.library, NTMS_STORAGESLOT, &slots);

        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA info;

                qt_info(&slots[i], NTMS_STORAGESLOT, &info);
                if (info.Info.StorageSlot.Number == number)
                        found = slots[i];
        }
        free(slots);
        ck_assert_msg(!guid_eq(&found, &(NTMS_GUID) {}), "no slot %u", number);
        return found;
}

NTMS_GUID qt_offline_library(void) {
        NTMS_GUID *libs = NULL, found = {};
        DWORD n = enumerate_all(qt.h, NULL, NTMS_LIBRARY, &libs);

        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA l;

                qt_info(&libs[i], NTMS_LIBRARY, &l);
                if (l.Info.Library.LibraryType == NTMS_LIBRARYTYPE_OFFLINE)
                        found = libs[i];
        }
        free(libs);
        ck_assert_msg(!guid_eq(&found, &(NTMS_GUID) {}), "no offline library");
        return found;
}

static int call_as_nobody(void *userdata) {
        QtCall call = (QtCall) userdata;
        HANDLE h = OpenNtmsSessionA(NULL, "nobody", 0);
        DWORD e;

        if (!h)
                return 100;
        e = call(h);
        CloseNtmsSession(h);
        return e == ERROR_ACCESS_DENIED ? 0 : 101;
}

DWORD qt_denied_to_nobody(QtCall call) {
        return (DWORD) harness_run_as_nobody(call_as_nobody, (void *) call);
}
