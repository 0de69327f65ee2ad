/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <assert.h>
#include <errno.h>
#include <stdbool.h>
#include <time.h>

#include "drive-io.h"
#include "identify.h"
#include "log.h"
#include "mmc.h"
#include "scsi-command.h"
#include "scsi-util.h"
#include "spc.h"
#include "ssc.h"
#include "tape-cleaning.h"
#include "tape.h"

/* Between two TEST UNIT READY of a drive that is becoming ready. */
#define READY_POLL_USEC (500ULL * 1000ULL)
#define TEST_UNIT_READY_TIMEOUT_MS (30u * 1000u)
/* Between two looks at a drive that cleans: a cleaning takes minutes. */
#define CLEAN_POLL_USEC (2ULL * 1000000ULL)
/* An optical drive spins down and opens its tray. */
#define EJECT_TIMEOUT_MS (5u * 60u * 1000u)

static unsigned long long now_usec(void) {
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (unsigned long long) ts.tv_sec * 1000000ULL + (unsigned long long) ts.tv_nsec / 1000ULL;
}

static void sleep_usec(unsigned long long usec) {
        struct timespec ts = {
                .tv_sec = (time_t) (usec / 1000000ULL),
                .tv_nsec = (long) (usec % 1000000ULL) * 1000L,
        };

        while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
                ;
}

static int drive_open(const char *url, ScsiTransport **ret) {
        int r;

        r = scsi_transport_open(url, ret);
        if (r < 0) {
                log_warning_errno(r, "Drive %s cannot be reached: %m", url);
                return -EHOSTDOWN;
        }
        return 0;
}

int drive_io_wait_ready(const char *url, unsigned long long timeout_usec) {
        _cleanup_scsi_transport_ ScsiTransport *t = NULL;
        unsigned long long deadline;
        bool load_sent = false;
        int r;

        assert(url);

        r = drive_open(url, &t);
        if (r < 0)
                return r;

        deadline = now_usec() + timeout_usec;
        for (;;) {
                ScsiResult result;
                bool pause = true;
                ScsiCdb cdb;

                /* One try at a time: this loop decides about the next one. */
                ssc_build_test_unit_ready(&cdb);
                r = scsi_command_run(t, &cdb, NULL, 0, TEST_UNIT_READY_TIMEOUT_MS, &result);
                if (r == 0)
                        return 0;

                switch (r) {
                case -EAGAIN:
                        /* A unit attention (the medium changed) is reported once:
                         * ask again at once. Becoming ready, busy: a moment. */
                        pause = result.status != SCSI_STATUS_CHECK_CONDITION ||
                                result.sense.condition == SCSI_CONDITION_BECOMING_READY;
                        break;
                case -ENOMEDIUM:
                case -ENODEV:
                        if (!load_sent) {
                                log_debug("Drive %s is not ready, sending LOAD", url);
                                load_sent = true;
                                r = tape_load(t, &SCSI_RETRY_DEFAULT, true);
                                if (r < 0 && r != -EAGAIN)
                                        log_debug_errno(r, "LOAD on drive %s failed: %m", url);
                        }
                        break;
                default:
                        return log_warning_errno(r, "Drive %s does not become ready: %m", url);
                }

                if (now_usec() >= deadline)
                        return log_warning_errno(ETIMEDOUT, "Drive %s did not become ready in time", url);
                if (pause)
                        sleep_usec(READY_POLL_USEC);
        }
}

int drive_io_unload(const char *url) {
        _cleanup_scsi_transport_ ScsiTransport *t = NULL;
        int r;

        assert(url);

        r = drive_open(url, &t);
        if (r < 0)
                return r;

        r = tape_load(t, &SCSI_RETRY_DEFAULT, false);
        if (r == -ENOMEDIUM)
                return 0;
        if (r < 0)
                return log_warning_errno(r, "Unloading drive %s failed: %m", url);
        return 0;
}

int drive_io_cleaning_wanted(const char *url, bool *ret) {
        _cleanup_scsi_transport_ ScsiTransport *t = NULL;
        int r;

        assert(url);
        assert(ret);

        *ret = false;

        r = drive_open(url, &t);
        if (r < 0)
                return r;

        r = tape_cleaning_wanted(t, ret);
        if (r < 0)
                return log_warning_errno(r, "Asking drive %s whether it needs cleaning failed: %m", url);
        if (*ret)
                log_info("Drive %s asks to be cleaned", url);
        return 0;
}

/* Polls until the drive is done with the cleaning cartridge: 0, or a negative
 * errno (-ETIME when the deadline passes first). */
static int clean_wait(ScsiTransport *t, uint64_t timeout_usec) {
        TapeCleaning cleaning = {};
        unsigned long long start = now_usec(), deadline;
        int r;

        /* UINT64_MAX and the like: no deadline. */
        deadline = timeout_usec > UINT64_MAX - start ? UINT64_MAX : start + timeout_usec;

        while ((r = tape_cleaning_poll(t, &cleaning)) == 0) {
                unsigned long long now = now_usec();

                if (now >= deadline)
                        return -ETIME;
                sleep_usec(SCSI_MIN(CLEAN_POLL_USEC, deadline - now));
        }

        return r > 0 ? 0 : r;
}

int drive_io_clean(const char *url, uint64_t timeout_usec) {
        _cleanup_scsi_transport_ ScsiTransport *t = NULL;
        uint64_t flags = 0;
        char names[512];
        int r;

        assert(url);

        r = drive_open(url, &t);
        if (r < 0)
                return r;

        r = clean_wait(t, timeout_usec);
        r = tape_cleaning_finish(t, r, &flags);
        if (flags != 0)
                log_info("Drive %s after cleaning, TapeAlert: %s", url,
                         tapealert_flags_to_string(flags, names, sizeof(names)));

        switch (r) {
        case 0:
                log_info("Drive %s cleaned", url);
                return 0;
        case -EMEDIUMTYPE:
                return log_warning_errno(r, "Drive %s: the cleaning cartridge is expired or invalid", url);
        case -ETIME:
                return log_warning_errno(r, "Drive %s did not finish cleaning in time", url);
        default:
                return log_warning_errno(r, "Cleaning drive %s failed: %m", url);
        }
}

/* START STOP UNIT with LOEJ set and START clear: open the drive. */
static int open_tray(ScsiTransport *t) {
        ScsiResult result;
        ScsiCdb c;

        mmc_build_start_stop_unit(&c, false, true, false);
        return scsi_command_run_retry(t, &SCSI_RETRY_DEFAULT, &c, NULL, 0, EJECT_TIMEOUT_MS, &result);
}

static bool medium_ready(ScsiTransport *t) {
        return tape_test_unit_ready(t, &SCSI_RETRY_DEFAULT) == 0;
}

static int eject_once(ScsiTransport *t, bool tape) {
        int r;

        r = tape ? tape_load(t, &SCSI_RETRY_DEFAULT, false) : open_tray(t);
        /* Nothing in it: nothing to take out. */
        return r == -ENOMEDIUM ? 0 : r;
}

int drive_io_eject(const char *url, bool force) {
        _cleanup_scsi_transport_ ScsiTransport *t = NULL;
        ScsiIdentity id;
        bool tape;
        int r;

        assert(url);

        r = drive_open(url, &t);
        if (r < 0)
                return r;
        r = scsi_identify(t, &SCSI_RETRY_DEFAULT, &id);
        if (r < 0)
                return log_warning_errno(r, "Drive %s does not identify itself: %m", url);
        tape = id.inquiry.device_type == SCSI_TYPE_TAPE;

        if (force) {
                r = tape_prevent_removal(t, &SCSI_RETRY_DEFAULT, false);
                if (r < 0 && r != -EOPNOTSUPP)
                        log_debug_errno(r, "ALLOW MEDIUM REMOVAL on drive %s failed, ejecting anyway: %m", url);
        }

        r = eject_once(t, tape);
        /* tgt's virtual tape drive answers opcode 1Bh as START STOP UNIT: it
         * ignores LOAD UNLOAD with LOAD clear and unloads on bit 1, which SSC
         * calls RETEN. A drive that unloaded never comes here; one that
         * ignored the unload retensions the tape and unloads it. */
        if (r >= 0 && tape && medium_ready(t)) {
                log_debug("Drive %s kept its medium after LOAD UNLOAD, ejecting with LOEJ", url);
                r = eject_once(t, false);
        }
        if (r == -EBUSY)
                return log_warning_errno(r, "Drive %s refuses to eject: medium removal is prevented", url);
        if (r < 0)
                return log_warning_errno(r, "Ejecting from drive %s failed: %m", url);
        if (medium_ready(t))
                return log_warning_errno(EIO, "Drive %s still has its medium ready after the eject", url);
        return 0;
}

int drive_io_inventory(const char *url, DriveContent *ret) {
        _cleanup_scsi_transport_ ScsiTransport *t = NULL;
        ScsiIdentity id;
        int r;

        assert(url);
        assert(ret);

        *ret = (DriveContent) {};

        r = drive_open(url, &t);
        if (r < 0)
                return r;

        r = tape_test_unit_ready(t, &SCSI_RETRY_DEFAULT);
        if (r == -ENOMEDIUM)
                return 0;
        if (r < 0) {
                log_warning_errno(r, "Drive %s does not tell whether it holds a medium: %m", url);
                return -EREMOTEIO;
        }
        ret->full = true;

        /* Only a tape's first block says what it is. */
        r = scsi_identify(t, &SCSI_RETRY_DEFAULT, &id);
        if (r < 0 || id.inquiry.device_type != SCSI_TYPE_TAPE)
                return 0;

        r = tape_read_label(t, &SCSI_RETRY_DEFAULT, &ret->label);
        if (r < 0)
                log_warning_errno(r, "Reading the label of the medium in drive %s failed: %m", url);
        ret->read = r >= 0;
        return 0;
}
