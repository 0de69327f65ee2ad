/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Cleaner management. ReserveCleanerSlot and ReleaseCleanerSlot need no
 * robot: they change only what the database says about a library's cleaner
 * slot (db/cleaner.h). CleanDrive, InjectCleaner and EjectCleaner are
 * library requests (queue/clean.c, queue/port.c), answered once queued. */

#include <errno.h>
#include <stdbool.h>

#include "bus/bus-args.h"
#include "bus/bus-errors.h"
#include "bus/bus-methods.h"
#include "bus/bus-requests.h"
#include "bus/bus-session.h"
#include "db/cleaner.h"
#include "log.h"
#include "ntmsapi.h"

/* What both calls say about the library. */
static const BusErrnoMap library_errors[] = {
        { ENOENT, ERROR_INVALID_LIBRARY, "No such library" },
        { EMEDIUMTYPE, ERROR_INVALID_LIBRARY, "The offline library has no slots" },
        { ENOTCONN, ERROR_DEVICE_NOT_AVAILABLE, "The library is not currently connected" },
        {}
};

static int cleaner_error(sd_bus_error *error, int r, const BusErrnoMap *map) {
        const BusErrnoMap *e;

        e = bus_errno_find(map, r) ?: bus_errno_find(library_errors, r);
        if (e)
                return bus_error_ntms(error, e->ntms_error, "%s", e->message);
        return bus_error_errno(error, r, NULL);
}

static const BusErrnoMap reserve_errors[] = {
        { EBADSLT, ERROR_INVALID_SLOT, "Not a storage slot of this library" },
        { EALREADY, ERROR_ALREADY_RESERVED, "The library has a cleaner slot already; release it first" },
        { ENODEV, ERROR_SLOT_NOT_PRESENT, "The slot is not installed in the library" },
        { EXFULL, ERROR_SLOT_FULL, "The slot holds a cartridge; only an empty slot can be reserved" },
        { EAGAIN, ERROR_SLOT_FULL, "The slot may hold a cartridge: it has not been inventoried" },
        { EBUSY, ERROR_SLOT_FULL, "A cartridge is on its way into the slot" },
        {}
};

static const BusErrnoMap release_errors[] = {
        { ENODATA, ERROR_NO_SLOT_RESERVED, "The library has no slot reserved for a cleaner" },
        { ENODEV, ERROR_SLOT_NOT_PRESENT, "The cleaner slot is not installed in the library" },
        { EXFULL, ERROR_SLOT_FULL, "The cleaner is in its slot; eject it first with EjectNtmsCleaner" },
        {}
};

/* One transaction: reserves slot, or with slot NULL releases the reservation. */
static int change_reservation(Db *db, const char *library, const char *slot) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        int r;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;
        r = slot ? db_cleaner_reserve(db, library, slot) : db_cleaner_release(db, library);
        if (r < 0)
                return r;
        return db_commit(TAKE_PTR(tx));
}

/* ReserveCleanerSlot (s library, s slot) or ReleaseCleanerSlot (s library). */
static int reservation_call(sd_bus_message *m, void *userdata, bool reserve, sd_bus_error *error) {
        char library[NTMS_GUID_STRING_MAX], slot[NTMS_GUID_STRING_MAX];
        BusCall call;
        int r;

        r = bus_call_begin(m, userdata, BUS_ACCESS_MODIFY, &call, error);
        if (r < 0)
                return r;
        r = bus_read_guid(m, false, library, error);
        if (r < 0)
                return r;
        if (reserve) {
                r = bus_read_guid(m, false, slot, error);
                if (r < 0)
                        return r;
        }

        r = change_reservation(call.db, library, reserve ? slot : NULL);
        if (r < 0)
                return cleaner_error(error, r, reserve ? reserve_errors : release_errors);

        if (reserve)
                log_object_info(library, "Slot %s reserved for the cleaner", slot);
        else
                log_object_info(library, "Cleaner slot released");
        return sd_bus_reply_method_return(m, NULL);
}

int bus_method_reserve_cleaner_slot(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        return reservation_call(m, userdata, true, error);
}

int bus_method_release_cleaner_slot(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        return reservation_call(m, userdata, false, error);
}

/* --- cleaning, through the library request queue ------------------------------------------ */

static const BusErrnoMap clean_drive_errors[] = {
        { ENOENT, ERROR_INVALID_DRIVE, "No such drive" },
        { EMEDIUMTYPE, ERROR_INVALID_LIBRARY, "The drive's library is not valid" },
        { ENODEV, ERROR_RESOURCE_DISABLED, "The drive or its library is disabled" },
        { EHOSTDOWN, ERROR_LIBRARY_OFFLINE, "The library's changer does not answer" },
        { ENODATA, ERROR_CLEANER_SLOT_NOT_SET, "The library has no cleaner slot: ReserveNtmsCleanerSlot" },
        { ENOMEDIUM, ERROR_INVALID_CLEANER, "The library has no cleaner: InjectNtmsCleaner" },
        { EDQUOT, ERROR_CLEANER_CARTRIDGE_SPENT, "The library's cleaner has no cleanings left" },
        { EIO, ERROR_UNABLE_TO_CLEAN, "The drive reported that the cleaning failed" },
        {}
};

int bus_method_clean_drive(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        char drive[NTMS_GUID_STRING_MAX], user[BUS_USER_MAX];
        QueueCaller caller;
        BusCall call;
        int r;

        r = bus_call_begin(m, userdata, BUS_ACCESS_MODIFY, &call, error);
        if (r < 0)
                return r;
        r = bus_read_guid(m, false, drive, error);
        if (r < 0)
                return r;
        bus_call_requester(&call, user, &caller);

        r = queue_clean_drive(call.manager->queues, &caller, drive);
        if (r < 0)
                return bus_error_errno(error, r, clean_drive_errors);
        return sd_bus_reply_method_return(m, NULL);
}

/* What InjectCleaner and EjectCleaner have in common. */
#define CLEANER_PORT_ERRORS                                                                             \
        { ENOENT, ERROR_INVALID_LIBRARY, "No such library" },                                          \
        { EMEDIUMTYPE, ERROR_LIBRARY_OFFLINE, "The offline library and stand-alone drives have no cleaner" }, \
        { ENODEV, ERROR_DEVICE_NOT_AVAILABLE, "The library is disabled" },                              \
        { EHOSTDOWN, ERROR_DEVICE_NOT_AVAILABLE, "The library's changer does not answer" },             \
        { EINVAL, ERROR_INVALID_PARAMETER, "Not an action of this function" },                         \
        { ESRCH, ERROR_INVALID_OPERATION, "No unfinished operation of this kind has that GUID" },      \
        { ENODATA, ERROR_NO_SLOT_SET, "The library has no cleaner slot: ReserveNtmsCleanerSlot" },      \
        { EADDRNOTAVAIL, ERROR_SLOT_NOT_PRESENT, "The cleaner slot is not installed" },                 \
        { ENXIO, ERROR_RESOURCE_NOT_PRESENT, "The library has no port: open its door instead" }

static const BusErrnoMap inject_cleaner_errors[] = {
        CLEANER_PORT_ERRORS,
        { EXFULL, ERROR_SLOT_FULL, "The cleaner slot holds a cleaner already: EjectNtmsCleaner" },
        {}
};

static const BusErrnoMap eject_cleaner_errors[] = {
        CLEANER_PORT_ERRORS,
        { ENOMEDIUM, ERROR_SLOT_EMPTY, "The cleaner slot is empty" },
        {}
};

/* (s library, s operation, [u cleans_left,] u action) → s operation */
static int cleaner_port_method(sd_bus_message *m, void *userdata, bool inject, sd_bus_error *error) {
        char library[NTMS_GUID_STRING_MAX], operation[NTMS_GUID_STRING_MAX], user[BUS_USER_MAX];
        uint32_t cleans = 0, action;
        QueueCaller caller;
        BusCall call;
        int r;

        r = bus_call_begin(m, userdata, BUS_ACCESS_MODIFY, &call, error);
        if (r < 0)
                return r;
        r = bus_read_guid(m, false, library, error);
        if (r < 0)
                return r;
        r = bus_read_guid(m, true, operation, error);
        if (r < 0)
                return r;
        if (inject) {
                r = sd_bus_message_read(m, "u", &cleans);
                if (r < 0)
                        return r;
        }
        r = sd_bus_message_read(m, "u", &action);
        if (r < 0)
                return r;
        bus_call_requester(&call, user, &caller);

        r = inject ? queue_inject_cleaner(call.manager->queues, &caller, library, cleans, action, operation)
                   : queue_eject_cleaner(call.manager->queues, &caller, library, action, operation);
        if (r < 0)
                return bus_error_errno(error, r, inject ? inject_cleaner_errors : eject_cleaner_errors);
        return sd_bus_reply_method_return(m, "s", operation);
}

int bus_method_inject_cleaner(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        return cleaner_port_method(m, userdata, true, error);
}

int bus_method_eject_cleaner(sd_bus_message *m, void *userdata, sd_bus_error *error) {
        return cleaner_port_method(m, userdata, false, error);
}
