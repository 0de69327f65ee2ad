/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The setting of the stand-alone drive tests: rsmd on a private bus serving
 * the first tape LUN of tgt's virtual library as a stand-alone drive library
 * (/dev/nst7), beside a changer library that holds the second one
 * (/dev/nst8), both from library files. The LUN holds a cartridge: tgtadm
 * puts a tape image in it, as a person puts a cartridge in a drive. Whether
 * the drive holds it is asked of the drive itself through the SCSI layer,
 * never of rsmd. Each test gets its own virtual library, bus and rsmd
 * (sa_setup() and sa_teardown() as a checked fixture). */

#include <stdbool.h>

#include "test-util.h"
#include "vtl-harness.h"

#define SA_DEVICE "/dev/nst7"
#define SA_CHANGER_DRIVE_DEVICE "/dev/nst8"
/* The cartridge of the changer's one slot, whose tape image the stand-alone
 * drive holds too. */
#define SA_BARCODE "RSM000L6"

extern Vtl *vtl;
extern HANDLE h;                        /* a session of the test's own */
extern NTMS_GUID library, drive;        /* the stand-alone library and its drive */

void sa_setup(void);
void sa_teardown(void);
/* A test case with that fixture. */
TCase *sa_tcase(const char *name);
/* Runs the suite: the exit status of the test program (77, skipped, where
 * the virtual library cannot run). */
int sa_run(Suite *s);

/* Until rsmd records both libraries from their files and serves the
 * stand-alone one. */
void sa_wait_for_libraries(void);
/* rsmd starts again without the library files: the libraries are known,
 * and nobody serves them. */
void sa_forget_libraries(void);
/* rsmd stops (the session is closed), and starts again over the same
 * database and files, serving both libraries. */
void sa_stop_rsmd(void);
void sa_start_rsmd(void);

/* A cartridge goes into the drive by hand, or is taken out of it. */
void sa_put_cartridge(void);
void sa_take_cartridge(void);
/* TEST UNIT READY of the drive, asked directly. */
int sa_drive_test_unit_ready(void);
#define assert_cartridge_in() ck_assert_int_eq(sa_drive_test_unit_ready(), 0)
#define assert_cartridge_out() ck_assert_int_eq(sa_drive_test_unit_ready(), -ENOMEDIUM)

/* Stops (SIGSTOP) or continues tgtd: the drive falls silent, holding any
 * command rsmd sends it. The teardown continues it. */
void sa_pause_tgtd(bool pause);

/* Every row of every table, in storage order: two equal snapshots are the
 * same database. Read beside the running rsmd. */
char *sa_db_snapshot(void);

/* The call fails with expected and changes nothing. */
#define assert_refused(call, expected)                                          \
        do {                                                                    \
                _cleanup_free_ char *_before = sa_db_snapshot(), *_after = NULL; \
                assert_err(call, expected);                                     \
                _after = sa_db_snapshot();                                      \
                ck_assert_msg(streq(_before, _after), "%s changed the database", #call); \
        } while (0)

void sleep_ms(unsigned ms);

/* The library requests of an operation (NTMS_LM_*), oldest first; at most max. */
DWORD sa_requests(DWORD operation, NTMS_GUID *ret, DWORD max);
/* Until the request is in state (and fails the test when it ends in
 * another); its information in *ret when not NULL. */
void sa_wait_request(const NTMS_GUID *request, DWORD state, NTMS_OBJECTINFORMATIONA *ret);

/* The medium is on a shelf: the offline library, no drive, idle. */
void assert_offline(const NTMS_GUID *medium);
/* The medium is recorded in the stand-alone drive. */
void assert_in_drive(const NTMS_GUID *medium);
/* The drive is recorded empty. */
void assert_drive_empty(void);
