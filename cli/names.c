/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The words rsm prints for the API's numbers. One table per enumeration; a
 * value the table does not know prints as its number. */

#include <stdio.h>

#include "rsm.h"

typedef struct Name {
        DWORD value;
        const char *name;
} Name;

static const char *lookup(const Name *names, size_t n, DWORD value) {
        static __thread char buf[16];

        for (size_t i = 0; i < n; i++)
                if (names[i].value == value)
                        return names[i].name;
        snprintf(buf, sizeof buf, "%u", value);
        return buf;
}

#define NAME_FUNCTION(function, ...)                                    \
        const char *function(DWORD value) {                             \
                static const Name names[] = { __VA_ARGS__ };            \
                return lookup(names, ELEMENTSOF(names), value);         \
        }

NAME_FUNCTION(rsm_kind_name,
              { NTMS_CHANGER, "changer" }, { NTMS_CHANGER_TYPE, "changer type" },
              { NTMS_COMPUTER, "computer" }, { NTMS_DRIVE, "drive" }, { NTMS_DRIVE_TYPE, "drive type" },
              { NTMS_IEDOOR, "door" }, { NTMS_IEPORT, "port" }, { NTMS_LIBRARY, "library" },
              { NTMS_LIBREQUEST, "library request" }, { NTMS_LOGICAL_MEDIA, "logical medium" },
              { NTMS_MEDIA_POOL, "media pool" }, { NTMS_MEDIA_TYPE, "media type" },
              { NTMS_PARTITION, "side" }, { NTMS_PHYSICAL_MEDIA, "medium" },
              { NTMS_STORAGESLOT, "slot" }, { NTMS_OPREQUEST, "operator request" })

NAME_FUNCTION(rsm_library_type_name,
              { NTMS_LIBRARYTYPE_UNKNOWN, "unknown" }, { NTMS_LIBRARYTYPE_OFFLINE, "offline" },
              { NTMS_LIBRARYTYPE_ONLINE, "online" }, { NTMS_LIBRARYTYPE_STANDALONE, "standalone" })

NAME_FUNCTION(rsm_pool_type_name,
              { NTMS_POOLTYPE_UNKNOWN, "unknown" }, { NTMS_POOLTYPE_SCRATCH, "free" },
              { NTMS_POOLTYPE_FOREIGN, "unrecognized" }, { NTMS_POOLTYPE_IMPORT, "import" },
              { NTMS_POOLTYPE_APPLICATION, "application" })

NAME_FUNCTION(rsm_drive_state_name,
              { NTMS_DRIVESTATE_DISMOUNTED, "dismounted" }, { NTMS_DRIVESTATE_MOUNTED, "mounted" },
              { NTMS_DRIVESTATE_LOADED, "loaded" }, { NTMS_DRIVESTATE_UNLOADED, "unloaded" },
              { NTMS_DRIVESTATE_BEING_CLEANED, "cleaning" }, { NTMS_DRIVESTATE_DISMOUNTABLE, "dismountable" })

NAME_FUNCTION(rsm_slot_state_name,
              { NTMS_SLOTSTATE_UNKNOWN, "unknown" }, { NTMS_SLOTSTATE_FULL, "full" },
              { NTMS_SLOTSTATE_EMPTY, "empty" }, { NTMS_SLOTSTATE_NOTPRESENT, "not present" },
              { NTMS_SLOTSTATE_NEEDSINVENTORY, "needs inventory" })

NAME_FUNCTION(rsm_door_state_name,
              { NTMS_DOORSTATE_UNKNOWN, "unknown" }, { NTMS_DOORSTATE_CLOSED, "closed" },
              { NTMS_DOORSTATE_OPEN, "open" })

NAME_FUNCTION(rsm_port_content_name,
              { NTMS_PORTCONTENT_UNKNOWN, "unknown" }, { NTMS_PORTCONTENT_FULL, "full" },
              { NTMS_PORTCONTENT_EMPTY, "empty" })

NAME_FUNCTION(rsm_port_position_name,
              { NTMS_PORTPOSITION_UNKNOWN, "unknown" }, { NTMS_PORTPOSITION_EXTENDED, "extended" },
              { NTMS_PORTPOSITION_RETRACTED, "retracted" })

NAME_FUNCTION(rsm_media_state_name,
              { NTMS_MEDIASTATE_IDLE, "idle" }, { NTMS_MEDIASTATE_INUSE, "in use" },
              { NTMS_MEDIASTATE_MOUNTED, "mounted" }, { NTMS_MEDIASTATE_LOADED, "loaded" },
              { NTMS_MEDIASTATE_UNLOADED, "unloaded" }, { NTMS_MEDIASTATE_OPERROR, "operation error" },
              { NTMS_MEDIASTATE_OPREQ, "waiting for operator" })

NAME_FUNCTION(rsm_side_state_name,
              { NTMS_PARTSTATE_UNKNOWN, "new" }, { NTMS_PARTSTATE_UNPREPARED, "unprepared" },
              { NTMS_PARTSTATE_INCOMPATIBLE, "incompatible" },
              { NTMS_PARTSTATE_DECOMMISSIONED, "decommissioned" },
              { NTMS_PARTSTATE_AVAILABLE, "available" }, { NTMS_PARTSTATE_ALLOCATED, "allocated" },
              { NTMS_PARTSTATE_COMPLETE, "complete" }, { NTMS_PARTSTATE_FOREIGN, "unrecognized" },
              { NTMS_PARTSTATE_IMPORT, "import" }, { NTMS_PARTSTATE_RESERVED, "reserved" })

NAME_FUNCTION(rsm_operational_state_name,
              { NTMS_READY, "ready" }, { NTMS_INITIALIZING, "initializing" },
              { NTMS_NEEDS_SERVICE, "needs service" }, { NTMS_NOT_PRESENT, "not present" })

/* FILE_DEVICE_* values that media types use. */
NAME_FUNCTION(rsm_device_type_name,
              { 0x02, "cd-rom" }, { 0x07, "disk" }, { 0x1F, "tape" }, { 0x33, "dvd" })

NAME_FUNCTION(rsm_librequest_operation_name,
              { NTMS_LM_REMOVE, "remove" }, { NTMS_LM_DISABLELIBRARY, "disable library" },
              { NTMS_LM_ENABLELIBRARY, "enable library" }, { NTMS_LM_DISABLEDRIVE, "disable drive" },
              { NTMS_LM_ENABLEDRIVE, "enable drive" }, { NTMS_LM_DISABLEMEDIA, "disable medium" },
              { NTMS_LM_ENABLEMEDIA, "enable medium" }, { NTMS_LM_UPDATEOMID, "update label" },
              { NTMS_LM_INVENTORY, "inventory" }, { NTMS_LM_DOORACCESS, "door access" },
              { NTMS_LM_EJECT, "eject" }, { NTMS_LM_EJECTCLEANER, "eject cleaner" },
              { NTMS_LM_INJECT, "inject" }, { NTMS_LM_INJECTCLEANER, "inject cleaner" },
              { NTMS_LM_PROCESSOMID, "read label" }, { NTMS_LM_CLEANDRIVE, "clean drive" },
              { NTMS_LM_DISMOUNT, "dismount" }, { NTMS_LM_MOUNT, "mount" },
              { NTMS_LM_WRITESCRATCH, "write free label" }, { NTMS_LM_CLASSIFY, "classify" },
              { NTMS_LM_RESERVECLEANER, "reserve cleaner slot" },
              { NTMS_LM_RELEASECLEANER, "release cleaner slot" })

NAME_FUNCTION(rsm_librequest_state_name,
              { NTMS_LM_QUEUED, "queued" }, { NTMS_LM_INPROCESS, "in process" },
              { NTMS_LM_PASSED, "passed" }, { NTMS_LM_FAILED, "failed" }, { NTMS_LM_INVALID, "invalid" },
              { NTMS_LM_WAITING, "waiting" }, { NTMS_LM_DEFERRED, "deferred" },
              { NTMS_LM_CANCELLED, "cancelled" }, { NTMS_LM_STOPPED, "stopped" })

NAME_FUNCTION(rsm_oprequest_type_name,
              { NTMS_OPREQ_UNKNOWN, "unknown" }, { NTMS_OPREQ_NEWMEDIA, "new media" },
              { NTMS_OPREQ_CLEANER, "cleaner" }, { NTMS_OPREQ_DEVICESERVICE, "device service" },
              { NTMS_OPREQ_MOVEMEDIA, "move media" }, { NTMS_OPREQ_MESSAGE, "message" })

NAME_FUNCTION(rsm_oprequest_state_name,
              { NTMS_OPSTATE_UNKNOWN, "unknown" }, { NTMS_OPSTATE_SUBMITTED, "submitted" },
              { NTMS_OPSTATE_ACTIVE, "active" }, { NTMS_OPSTATE_INPROGRESS, "in progress" },
              { NTMS_OPSTATE_REFUSED, "refused" }, { NTMS_OPSTATE_COMPLETE, "complete" })

NAME_FUNCTION(rsm_notification_operation_name,
              { NTMS_OBJ_UPDATE, "update" }, { NTMS_OBJ_INSERT, "insert" }, { NTMS_OBJ_DELETE, "delete" },
              { NTMS_EVENT_SIGNAL, "signal" }, { NTMS_EVENT_COMPLETE, "complete" })

int rsm_parse_word(const RsmWord *words, size_t n, const char *s, DWORD *ret) {
        for (size_t i = 0; i < n; i++)
                if (streq(words[i].word, s)) {
                        *ret = words[i].value;
                        return 0;
                }
        return -1;
}

const RsmWord rsm_inventory_methods[] = {
        { "fast", NTMS_INVENTORY_FAST },
        { "omid", NTMS_INVENTORY_OMID },
        { "default", NTMS_INVENTORY_DEFAULT },
        { "none", NTMS_INVENTORY_NONE },
};
const size_t rsm_n_inventory_methods = ELEMENTSOF(rsm_inventory_methods);
