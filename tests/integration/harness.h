/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The integration test harness: a private dbus-daemon of type "system" in a
 * temporary directory, DBUS_SYSTEM_BUS_ADDRESS pointing at it, and rsmd
 * from the build tree on a temporary state directory. Each test gets a fresh
 * set (harness_setup/harness_teardown as a checked fixture): no test sees
 * another's objects. Processes started here die with the test process
 * (PR_SET_PDEATHSIG) and an atexit handler removes the rest, so a failed
 * assertion never leaves a daemon behind. */

#include <stdbool.h>
#include <sys/types.h>

/* Default rsmd.conf contents. */
#define HARNESS_DEFAULT_CONFIG "[Daemon]\nLogLevel=debug\n"

/* Bus and rsmd with the default configuration; aborts the test on failure. */
void harness_setup(void);
void harness_teardown(void);

/* Only the bus (tests that start rsmd themselves or not at all). */
void harness_setup_bus_only(void);

/* Writes config to <tmp>/rsmd.conf and starts rsmd over <tmp>/state.
 * Returns 0 once org.ntms.Rsm1 has an owner, -1 when rsmd exited first or
 * did not take the name in time (its exit status in *ret_status if given). */
int harness_start_rsmd(const char *config, int *ret_status);

/* Stops rsmd with sig (SIGTERM or SIGKILL); SIGTERM is followed by SIGKILL
 * when it does not exit within a bound. Returns its wait status. */
int harness_stop_rsmd(int sig);

/* Stop with sig and start again over the same state directory and config. */
void harness_restart_rsmd(int sig);

bool harness_rsmd_running(void);

const char *harness_dir(void);          /* the temporary directory */
const char *harness_state_dir(void);    /* <tmp>/state */
const char *harness_rsmd_log(void);     /* <tmp>/rsmd.log, rsmd's stderr */
/* The last lines of rsmd's log on stderr, for a failure to explain itself. */
void harness_print_log_tail(unsigned lines);

/* Runs fn in a child that has dropped to uid/gid 65534 (nobody) and returns
 * its exit status (fn's return value), or -1 when it did not exit. */
int harness_run_as_nobody(int (*fn)(void *userdata), void *userdata);
