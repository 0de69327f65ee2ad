/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* What the library request tests share: tgt's virtual library (40 slots, 30
 * cartridges RSM000L6 … RSM029L6, 4 drives, 2 ports), a private bus and
 * rsmd serving that library, a session, and helpers that ask rsmd through
 * libntms and the changer directly through daemon/scsi, never through rsmd.
 * With Check in fork mode each test gets its own library, bus and rsmd. */

#include <stdbool.h>

#include "macro.h"
#include "test-util.h"
#include "vtl-harness.h"

#define QT_SLOTS 40
#define QT_FULL 30
#define QT_DRIVES 4
#define QT_PORTS 2

typedef struct QueueTest {
        Vtl *vtl;
        HANDLE h;
        NTMS_GUID library;
        NTMS_GUID drives[QT_DRIVES];    /* by drive Number */

        /* With qt_use_second_library(): another virtual library, barcodes
         * TWO000L6 …, recorded and inventoried with the first. */
        Vtl *vtl2;
        NTMS_GUID library2;
        NTMS_GUID drives2[QT_DRIVES];
} QueueTest;

extern QueueTest qt;

/* The library recorded and inventoried (every cartridge known by its barcode). */
void qt_setup(void);
/* The library recorded, nothing inventoried yet. */
void qt_setup_uninventoried(void);
void qt_teardown(void);

/* rsmd reaches the drives of the next qt_setup*() through a relay in this
 * process, which qt_pause_drives() can hold: a drive that stops answering
 * with a cartridge in it. */
void qt_use_drive_relay(void);
/* The next qt_setup*() serves a second library too. */
void qt_use_second_library(void);
/* … one without import/export ports, and so without a door. */
void qt_use_second_library_without_ports(void);
/* Holds (or lets go) every command rsmd sends to a drive from now on. */
void qt_pause_drives(bool pause);
/* Stops (SIGSTOP) or continues tgtd: the changer and every drive fall silent. */
void qt_pause_library(bool pause);

/* Adds [Daemon] lines to the configuration of the next qt_setup*(). */
void qt_set_daemon_config(const char *lines);

/* Stops rsmd with sig and starts it again over the same database and
 * library; qt.h is a new session, the library is recorded again. */
void qt_restart_rsmd(int sig);

/* SIGKILL now, while drives or the library may be held; they answer again
 * and rsmd starts over the same database (qt.h a new session). */
void qt_kill_and_restart(void);

/* Waits until rsmd has recorded the library with its slots. */
void qt_wait_for_library(void);

void qt_info(const NTMS_GUID *g, DWORD type, NTMS_OBJECTINFORMATIONA *ret);

/* enumerate_all() for objects that rsmd may add meanwhile (requests). */
DWORD qt_enumerate(const NTMS_GUID *container, DWORD type, NTMS_GUID **ret);

/* Whether a medium with this barcode is recorded (*ret: it). */
bool qt_find_medium(const char *barcode, NTMS_GUID *ret);
/* The medium with this barcode, and its one side. */
NTMS_GUID qt_medium(const char *barcode);
NTMS_GUID qt_side(const char *barcode);

/* MountNtmsMedia of the side of one medium; ret_drive and ret_request may be NULL. */
DWORD qt_mount(HANDLE h, const char *barcode, DWORD options, int priority, DWORD timeout, NTMS_GUID *ret_drive,
               NTMS_GUID *ret_request);
/* DismountNtmsMedia of the side of one medium. */
DWORD qt_dismount(HANDLE h, const char *barcode, DWORD options);

/* The library request's information. */
void qt_request(const NTMS_GUID *request, NTMS_OBJECTINFORMATIONA *ret);
/* The last library request of this operation for the side (PartitionId), or
 * for the drive (DriveId) when side is NULL; aborts the test when none. */
void qt_find_request(const NTMS_GUID *side, const NTMS_GUID *drive, DWORD operation, NTMS_OBJECTINFORMATIONA *ret);

/* Waits until the request is in state (any final state when state is
 * NTMS_LM_PASSED | 0x100: see QT_FINAL). */
#define QT_FINAL 0x100u
void qt_wait_request(const NTMS_GUID *request, DWORD state, NTMS_OBJECTINFORMATIONA *ret);
bool qt_request_final(DWORD state);

/* Waits until the library has no current request and no medium on its way. */
void qt_settle(void);

/* Waits until the medium is home in a slot, idle. */
void qt_wait_home(const char *barcode);

/* The storage slot with this Number (1 …) in the library. */
NTMS_GUID qt_slot_number(DWORD number);

/* The drive's Number (1 …). */
DWORD qt_drive_number(const NTMS_GUID *drive);

/* Every slot, drive and port holds in the database what the changer's own
 * READ ELEMENT STATUS says, cartridge by cartridge; every drive's State
 * and every medium's MediaState fit where it is. Call after qt_settle().
 * Returns the number of full elements. */
unsigned qt_assert_matches_changer(void);

/* The barcode in a drive (element order index 0 …) per the changer, "" when empty. */
void qt_changer_drive(unsigned index, char barcode[static 40]);
/* MOVE MEDIUM behind rsmd's back. */
void qt_move_directly(unsigned from, unsigned to);

/* Writes one block of 512 bytes and a filemark to the tape in the drive,
 * through the device its szDeviceName names, as an application would. */
void qt_write_block(const NTMS_GUID *drive);

/* dwDeferDismountDelay of every drive of the library. */
void qt_set_defer_delay(DWORD seconds);

/* A medium on a shelf: created in the Import pool of LTO Ultrium 6, in the offline library. */
NTMS_GUID qt_make_offline_medium(const char *barcode);

/* The offline library. */
NTMS_GUID qt_offline_library(void);

/* Runs call with a session of user nobody (no administrator) in a child
 * process: 0 when it answered ERROR_ACCESS_DENIED. What call names must be
 * looked up before, with qt.h, which the child cannot use. */
typedef DWORD (*QtCall)(HANDLE h);
DWORD qt_denied_to_nobody(QtCall call);
