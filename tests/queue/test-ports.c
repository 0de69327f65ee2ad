/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* EjectNtmsMedia, InjectNtmsMedia and AccessNtmsLibraryDoor through libntms
 * against rsmd and tgt's virtual library (2 ports, 1 door). The test plays
 * the operator: it takes cartridges out of the ports and puts new ones in
 * through the library's own management interface (vtl_take, vtl_put), never
 * through rsmd. After every test the database says of each element what the
 * changer's own element status says. */

#include <signal.h>
#include <unistd.h>

#include "queue-harness.h"

#define WAIT_STEPS 1200 /* × 50 ms */

static unsigned port(unsigned i) {
        return qt.vtl->port_addr + i;
}

static NTMS_OBJECTINFORMATIONA medium_info(const NTMS_GUID *medium) {
        NTMS_OBJECTINFORMATIONA m;

        qt_info(medium, NTMS_PHYSICAL_MEDIA, &m);
        return m;
}

static bool medium_in(const NTMS_GUID *medium, const NTMS_GUID *library) {
        NTMS_OBJECTINFORMATIONA m = medium_info(medium);

        return guid_eq(&m.Info.PhysicalMedia.CurrentLibrary, library);
}

/* Waits until the medium is recorded in an element of this type. */
static void wait_location(const NTMS_GUID *medium, DWORD location_type) {
        for (unsigned i = 0; i < WAIT_STEPS; i++) {
                if (medium_info(medium).Info.PhysicalMedia.LocationType == location_type &&
                    medium_info(medium).Info.PhysicalMedia.MediaState == NTMS_MEDIASTATE_IDLE)
                        return;
                usleep(50000);
        }
        ck_abort_msg("the medium never reached location type %u (see %s)", location_type, harness_rsmd_log());
}

/* The medium leaves the Import pool, so that an eject keeps it on the shelf. */
static NTMS_GUID medium_in_free_pool(const char *barcode) {
        NTMS_GUID medium = qt_medium(barcode), free_pool;

        assert_ok(CreateNtmsMediaPoolA(qt.h, "Free\\LTO Ultrium 6", NULL, NTMS_OPEN_EXISTING, NULL, &free_pool));
        assert_ok(MoveToNtmsMediaPool(qt.h, &medium, &free_pool));
        return medium;
}

static void assert_request_end(const NTMS_GUID *request, DWORD operation, DWORD state, DWORD error) {
        NTMS_OBJECTINFORMATIONA r;

        qt_wait_request(request, state, &r);
        ck_assert_uint_eq(r.Info.LibRequest.OperationCode, operation);
        ck_assert_msg(r.Info.LibRequest.dwErrorCode == error, "dwErrorCode %s, expected %s",
                      ntms_error_name(r.Info.LibRequest.dwErrorCode), ntms_error_name(error));
        ck_assert(guid_eq(&r.Info.LibRequest.Library, &qt.library));
}

static void finish(unsigned full) {
        qt_settle();
        ck_assert_uint_eq(qt_assert_matches_changer(), full);
}

/* --- eject -------------------------------------------------------------------------- */

START_TEST(test_eject_one_to_the_shelf) {
        NTMS_GUID medium = medium_in_free_pool("RSM000L6"), op = {}, offline = qt_offline_library();
        NTMS_OBJECTINFORMATIONA m;

        assert_ok(EjectNtmsMedia(qt.h, &medium, &op, NTMS_EJECT_START));
        ck_assert(!guid_eq(&op, &(NTMS_GUID) {}));

        /* In the port, still in the library, until the operator takes it. */
        wait_location(&medium, NTMS_IEPORT);
        m = medium_info(&medium);
        ck_assert(guid_eq(&m.Info.PhysicalMedia.CurrentLibrary, &qt.library));
        qt_assert_matches_changer();

        ck_assert_int_eq(vtl_take(qt.vtl, port(0)), 0);
        assert_request_end(&op, NTMS_LM_EJECT, NTMS_LM_PASSED, ERROR_SUCCESS);
        m = medium_info(&medium);
        ck_assert(guid_eq(&m.Info.PhysicalMedia.CurrentLibrary, &offline));
        finish(QT_FULL - 1);
}
END_TEST

START_TEST(test_eject_batch_and_busy) {
        NTMS_GUID a = medium_in_free_pool("RSM001L6"), b = medium_in_free_pool("RSM002L6"),
                  c = medium_in_free_pool("RSM003L6"), op = {}, offline = qt_offline_library();

        /* Two ports: two media fit in a batch, a third does not. */
        assert_ok(EjectNtmsMedia(qt.h, &a, &op, NTMS_EJECT_QUEUE));
        assert_ok(EjectNtmsMedia(qt.h, &b, &op, NTMS_EJECT_QUEUE));
        assert_err(EjectNtmsMedia(qt.h, &c, &op, NTMS_EJECT_QUEUE), ERROR_BUSY);
        assert_err(EjectNtmsMedia(qt.h, &c, &op, NTMS_EJECT_START), ERROR_BUSY);
        /* Nothing moved yet. */
        ck_assert_uint_eq(medium_info(&a).Info.PhysicalMedia.LocationType, NTMS_STORAGESLOT);
        ck_assert_uint_eq(medium_info(&b).Info.PhysicalMedia.LocationType, NTMS_STORAGESLOT);

        /* START without a medium sends the batch this session queued. */
        assert_ok(EjectNtmsMedia(qt.h, NULL, &op, NTMS_EJECT_START));
        wait_location(&a, NTMS_IEPORT);
        wait_location(&b, NTMS_IEPORT);
        ck_assert_uint_eq(medium_info(&c).Info.PhysicalMedia.LocationType, NTMS_STORAGESLOT);
        qt_assert_matches_changer();

        ck_assert_int_eq(vtl_take(qt.vtl, port(0)), 0);
        ck_assert_int_eq(vtl_take(qt.vtl, port(1)), 0);
        assert_request_end(&op, NTMS_LM_EJECT, NTMS_LM_PASSED, ERROR_SUCCESS);
        ck_assert(medium_in(&a, &offline));
        ck_assert(medium_in(&b, &offline));

        /* The batch went out: a new one starts empty. */
        assert_ok(EjectNtmsMedia(qt.h, &c, &op, NTMS_EJECT_QUEUE));
        finish(QT_FULL - 2);
}
END_TEST

START_TEST(test_eject_import_medium_is_forgotten) {
        NTMS_GUID medium = qt_medium("RSM004L6"), op = {};
        NTMS_OBJECTINFORMATIONA m;

        /* Found by the inventory: an Import medium, which leaves no record. */
        assert_ok(EjectNtmsMedia(qt.h, &medium, &op, NTMS_EJECT_START));
        wait_location(&medium, NTMS_IEPORT);
        ck_assert_int_eq(vtl_take(qt.vtl, port(0)), 0);
        assert_request_end(&op, NTMS_LM_EJECT, NTMS_LM_PASSED, ERROR_SUCCESS);
        m.dwSize = sizeof m;
        m.dwType = NTMS_PHYSICAL_MEDIA;
        assert_err(GetNtmsObjectInformationA(qt.h, &medium, &m), ERROR_OBJECT_NOT_FOUND);
        finish(QT_FULL - 1);
}
END_TEST

START_TEST(test_eject_stop_leaves_it_in_the_port) {
        NTMS_GUID medium = medium_in_free_pool("RSM005L6"), op = {};

        assert_ok(EjectNtmsMedia(qt.h, &medium, &op, NTMS_EJECT_START));
        wait_location(&medium, NTMS_IEPORT);
        assert_ok(EjectNtmsMedia(qt.h, &medium, &op, NTMS_EJECT_STOP));
        assert_request_end(&op, NTMS_LM_EJECT, NTMS_LM_PASSED, ERROR_SUCCESS);
        /* Nobody took it: recorded where the changer has it. */
        ck_assert_uint_eq(medium_info(&medium).Info.PhysicalMedia.LocationType, NTMS_IEPORT);
        ck_assert(medium_in(&medium, &qt.library));
        /* A finished eject cannot be stopped. */
        assert_err(EjectNtmsMedia(qt.h, &medium, &op, NTMS_EJECT_STOP), ERROR_INVALID_OPERATION);
        finish(QT_FULL);
}
END_TEST

START_TEST(test_eject_dismounted_medium_from_its_drive) {
        NTMS_GUID medium = medium_in_free_pool("RSM006L6"), op = {}, drive;

        qt_set_defer_delay(3600);
        assert_ok(qt_mount(qt.h, "RSM006L6", NTMS_MOUNT_READ, NTMS_PRIORITY_NORMAL, INFINITE, &drive, NULL));
        /* Mounted: in use. */
        assert_err(EjectNtmsMedia(qt.h, &medium, &op, NTMS_EJECT_START), ERROR_BUSY);
        assert_ok(qt_dismount(qt.h, "RSM006L6", NTMS_DISMOUNT_DEFERRED));
        ck_assert_uint_eq(medium_info(&medium).Info.PhysicalMedia.LocationType, NTMS_DRIVE);

        /* Dismounted and still in the drive: it goes out from there. */
        assert_ok(EjectNtmsMedia(qt.h, &medium, &op, NTMS_EJECT_START));
        wait_location(&medium, NTMS_IEPORT);
        ck_assert_int_eq(vtl_take(qt.vtl, port(0)), 0);
        assert_request_end(&op, NTMS_LM_EJECT, NTMS_LM_PASSED, ERROR_SUCCESS);
        finish(QT_FULL - 1);
}
END_TEST

/* --- inject ------------------------------------------------------------------------- */

START_TEST(test_inject_new_cartridge_from_the_port) {
        NTMS_GUID op = {}, medium;

        ck_assert_int_eq(vtl_put(qt.vtl, port(1), "NEW001L6"), 0);
        assert_ok(InjectNtmsMedia(qt.h, &qt.library, &op, NTMS_INJECT_START));
        ck_assert(!guid_eq(&op, &(NTMS_GUID) {}));
        assert_request_end(&op, NTMS_LM_INJECT, NTMS_LM_PASSED, ERROR_SUCCESS);

        medium = qt_medium("NEW001L6");
        ck_assert_uint_eq(medium_info(&medium).Info.PhysicalMedia.LocationType, NTMS_STORAGESLOT);
        ck_assert(medium_in(&medium, &qt.library));
        finish(QT_FULL + 1);
}
END_TEST

START_TEST(test_inject_brings_a_shelf_medium_back) {
        NTMS_GUID medium = medium_in_free_pool("RSM008L6"), op = {};

        assert_ok(EjectNtmsMedia(qt.h, &medium, &op, NTMS_EJECT_START));
        wait_location(&medium, NTMS_IEPORT);
        ck_assert_int_eq(vtl_take(qt.vtl, port(0)), 0);
        assert_request_end(&op, NTMS_LM_EJECT, NTMS_LM_PASSED, ERROR_SUCCESS);

        /* The operator puts it back; one look at the ports takes it in. */
        ck_assert_int_eq(vtl_put(qt.vtl, port(1), "RSM008L6"), 0);
        assert_ok(InjectNtmsMedia(qt.h, &qt.library, &op, NTMS_INJECT_RETRACT));
        assert_request_end(&op, NTMS_LM_INJECT, NTMS_LM_PASSED, ERROR_SUCCESS);
        {
                NTMS_GUID again = qt_medium("RSM008L6");

                ck_assert(guid_eq(&again, &medium));
        }
        ck_assert(medium_in(&medium, &qt.library));
        ck_assert_uint_eq(medium_info(&medium).Info.PhysicalMedia.LocationType, NTMS_STORAGESLOT);
        finish(QT_FULL);
}
END_TEST

START_TEST(test_inject_many_until_stopped) {
        NTMS_GUID op = {}, first, second;
        NTMS_OBJECTINFORMATIONA r;

        assert_ok(InjectNtmsMedia(qt.h, &qt.library, &op, NTMS_INJECT_STARTMANY));
        qt_wait_request(&op, NTMS_LM_INPROCESS, &r);

        ck_assert_int_eq(vtl_put(qt.vtl, port(0), "NEW002L6"), 0);
        for (unsigned i = 0; i < WAIT_STEPS && !qt_find_medium("NEW002L6", &first); i++)
                usleep(50000);
        wait_location(&first, NTMS_STORAGESLOT);
        /* Still open for more. */
        qt_request(&op, &r);
        ck_assert_uint_eq(r.Info.LibRequest.State, NTMS_LM_INPROCESS);

        ck_assert_int_eq(vtl_put(qt.vtl, port(1), "NEW003L6"), 0);
        for (unsigned i = 0; i < WAIT_STEPS && !qt_find_medium("NEW003L6", &second); i++)
                usleep(50000);
        wait_location(&second, NTMS_STORAGESLOT);

        assert_ok(InjectNtmsMedia(qt.h, &qt.library, &op, NTMS_INJECT_STOP));
        assert_request_end(&op, NTMS_LM_INJECT, NTMS_LM_PASSED, ERROR_SUCCESS);
        finish(QT_FULL + 2);
}
END_TEST

START_TEST(test_inject_stop_with_empty_ports) {
        NTMS_GUID op = {};
        NTMS_OBJECTINFORMATIONA r;

        assert_ok(InjectNtmsMedia(qt.h, &qt.library, &op, NTMS_INJECT_START));
        qt_wait_request(&op, NTMS_LM_INPROCESS, &r);
        assert_ok(InjectNtmsMedia(qt.h, &qt.library, &op, NTMS_INJECT_STOP));
        assert_request_end(&op, NTMS_LM_INJECT, NTMS_LM_PASSED, ERROR_SUCCESS);
        assert_err(InjectNtmsMedia(qt.h, &qt.library, &op, NTMS_INJECT_STOP), ERROR_INVALID_OPERATION);
        finish(QT_FULL);
}
END_TEST

/* --- the door ----------------------------------------------------------------------- */

static NTMS_GUID the_door(void) {
        NTMS_GUID *doors = NULL, door;

        ck_assert_uint_eq(enumerate_all(qt.h, &qt.library, NTMS_IEDOOR, &doors), 1);
        door = doors[0];
        free(doors);
        return door;
}

START_TEST(test_door_then_inventory) {
        NTMS_GUID door = the_door(), *requests = NULL;
        NTMS_OBJECTINFORMATIONA d, r = {};
        DWORD n;

        /* tgt's changer says nothing of its door: it counts as closed after MaxOpenSecs. */
        qt_info(&door, NTMS_IEDOOR, &d);
        d.Info.IEDoor.MaxOpenSecs = 1;
        assert_ok(SetNtmsObjectInformationA(qt.h, &door, &d));

        /* What the operator does at the open door: a cartridge to another slot. */
        qt_move_directly(qt.vtl->slot_addr + 0, qt.vtl->slot_addr + QT_SLOTS - 1);

        assert_ok(AccessNtmsLibraryDoor(qt.h, &qt.library, NTMS_INVENTORY_FAST));
        n = qt_enumerate(&qt.library, NTMS_LIBREQUEST, &requests);
        for (DWORD i = 0; i < n; i++) {
                NTMS_OBJECTINFORMATIONA x;

                qt_request(&requests[i], &x);
                if (x.Info.LibRequest.OperationCode == NTMS_LM_DOORACCESS)
                        r = x;
        }
        free(requests);
        ck_assert_uint_eq(r.Info.LibRequest.OperationCode, NTMS_LM_DOORACCESS);
        assert_request_end(&r.ObjectGuid, NTMS_LM_DOORACCESS, NTMS_LM_PASSED, ERROR_SUCCESS);

        qt_info(&door, NTMS_IEDOOR, &d);
        ck_assert_uint_eq(d.Info.IEDoor.State, NTMS_DOORSTATE_CLOSED);
        /* The inventory after the door closed found the cartridge where it went. */
        finish(QT_FULL);
}
END_TEST

/* --- identify ------------------------------------------------------------------------ */

static DWORD pool_type_of(const NTMS_GUID *medium) {
        NTMS_OBJECTINFORMATIONA m = medium_info(medium), pool;

        qt_info(&m.Info.PhysicalMedia.MediaPool, NTMS_MEDIA_POOL, &pool);
        return pool.Info.MediaPool.PoolType;
}

START_TEST(test_identify_slot) {
        NTMS_GUID medium = qt_medium("RSM010L6"), other = qt_medium("RSM011L6");
        NTMS_OBJECTINFORMATIONA m = medium_info(&medium), r;
        NTMS_GUID slot = m.Info.PhysicalMedia.Location;

        /* Known by its barcode only: in Import until its label is read. */
        ck_assert_uint_eq(pool_type_of(&medium), NTMS_POOLTYPE_IMPORT);
        assert_ok(IdentifyNtmsSlot(qt.h, &slot, NTMS_DISMOUNT_IMMEDIATE));

        /* The tape is blank: identified, it is Unrecognized media now; the
         * cartridge is home again and no other cartridge was read. */
        ck_assert_uint_eq(pool_type_of(&medium), NTMS_POOLTYPE_FOREIGN);
        ck_assert_uint_eq(pool_type_of(&other), NTMS_POOLTYPE_IMPORT);
        m = medium_info(&medium);
        ck_assert(guid_eq(&m.Info.PhysicalMedia.Location, &slot));
        qt_find_request(NULL, &(NTMS_GUID) {}, NTMS_LM_INVENTORY, &r);
        ck_assert_uint_eq(r.Info.LibRequest.State, NTMS_LM_PASSED);
        ck_assert(guid_eq(&r.Info.LibRequest.SlotId, &slot));

        /* DEFERRED identifies as well (the cartridge goes home either way). */
        slot = medium_info(&other).Info.PhysicalMedia.Location;
        assert_ok(IdentifyNtmsSlot(qt.h, &slot, NTMS_DISMOUNT_DEFERRED));
        ck_assert_uint_eq(pool_type_of(&other), NTMS_POOLTYPE_FOREIGN);
        finish(QT_FULL);
}
END_TEST

START_TEST(test_identify_empty_slot) {
        NTMS_GUID empty = qt_slot_number(QT_SLOTS), *media = NULL;
        DWORD before = qt_enumerate(NULL, NTMS_PHYSICAL_MEDIA, &media);

        free(media);
        /* "If the slot is empty the function returns ERROR_SUCCESS, but no new media records appear." */
        assert_ok(IdentifyNtmsSlot(qt.h, &empty, NTMS_DISMOUNT_IMMEDIATE));
        ck_assert_uint_eq(qt_enumerate(NULL, NTMS_PHYSICAL_MEDIA, &media), before);
        free(media);
        finish(QT_FULL);
}
END_TEST

/* --- each documented error in its own test ------------------------------------------ */

/* The call fails with error and leaves the library as it was. */
#define ERROR_TEST(name, prepare, call, error)          \
        START_TEST(name) {                              \
                NTMS_GUID op = {};                      \
                prepare;                                \
                assert_err(call, error);                \
                (void) op;                              \
                finish(QT_FULL);                        \
        }                                               \
        END_TEST

/* A pointer to a copy of g that lives as long as the test. */
static NTMS_GUID *keep(NTMS_GUID g) {
        static NTMS_GUID kept[8];
        static unsigned next;
        NTMS_GUID *p = kept + next++ % ELEMENTSOF(kept);

        *p = g;
        return p;
}

static NTMS_GUID bogus(void) {
        static NTMS_GUID g;

        if (guid_eq(&g, &(NTMS_GUID) {}))
                g = random_guid();
        return g;
}

static void disable_library(void) {
        assert_ok(DisableNtmsObject(qt.h, NTMS_LIBRARY, &qt.library));
}

static NTMS_GUID medium(const char *barcode) {
        return qt_medium(barcode);
}

/* A medium on a shelf, in the offline library. */
static NTMS_GUID shelf(void) {
        static NTMS_GUID g;

        if (guid_eq(&g, &(NTMS_GUID) {}))
                g = qt_make_offline_medium("SHELF01");
        return g;
}

static NTMS_GUID disabled_medium(const char *barcode) {
        NTMS_GUID m = qt_medium(barcode);

        assert_ok(DisableNtmsObject(qt.h, NTMS_PHYSICAL_MEDIA, &m));
        return m;
}

#define M(barcode) (keep(medium(barcode)))

ERROR_TEST(test_eject_invalid_handle, , EjectNtmsMedia(NULL, M("RSM007L6"), &op, NTMS_EJECT_START), ERROR_INVALID_HANDLE)
ERROR_TEST(test_eject_no_operation_pointer, , EjectNtmsMedia(qt.h, M("RSM007L6"), NULL, NTMS_EJECT_START),
           ERROR_INVALID_PARAMETER)
ERROR_TEST(test_eject_not_an_action, , EjectNtmsMedia(qt.h, M("RSM007L6"), &op, 99), ERROR_INVALID_PARAMETER)
ERROR_TEST(test_eject_invalid_media, , EjectNtmsMedia(qt.h, keep(bogus()), &op, NTMS_EJECT_START),
           ERROR_INVALID_MEDIA)
ERROR_TEST(test_eject_library_offline, , EjectNtmsMedia(qt.h, keep(shelf()), &op, NTMS_EJECT_START),
           ERROR_LIBRARY_OFFLINE)
ERROR_TEST(test_eject_queue_without_medium, , EjectNtmsMedia(qt.h, NULL, &op, NTMS_EJECT_QUEUE),
           ERROR_INVALID_PARAMETER)
ERROR_TEST(test_eject_start_without_batch, , EjectNtmsMedia(qt.h, NULL, &op, NTMS_EJECT_START),
           ERROR_INVALID_PARAMETER)
ERROR_TEST(test_eject_stop_invalid_operation, op = bogus(), EjectNtmsMedia(qt.h, M("RSM007L6"), &op, NTMS_EJECT_STOP),
           ERROR_INVALID_OPERATION)
ERROR_TEST(test_eject_media_not_available, , EjectNtmsMedia(qt.h, keep(disabled_medium("RSM007L6")), &op,
                                                            NTMS_EJECT_START),
           ERROR_MEDIA_NOT_AVAILABLE)
ERROR_TEST(test_eject_device_not_available, disable_library(),
           EjectNtmsMedia(qt.h, M("RSM007L6"), &op, NTMS_EJECT_START), ERROR_DEVICE_NOT_AVAILABLE)

ERROR_TEST(test_inject_invalid_handle, , InjectNtmsMedia(NULL, &qt.library, &op, NTMS_INJECT_START), ERROR_INVALID_HANDLE)
ERROR_TEST(test_inject_no_library_pointer, , InjectNtmsMedia(qt.h, NULL, &op, NTMS_INJECT_START), ERROR_INVALID_PARAMETER)
ERROR_TEST(test_inject_no_operation_pointer, , InjectNtmsMedia(qt.h, &qt.library, NULL, NTMS_INJECT_START),
           ERROR_INVALID_PARAMETER)
ERROR_TEST(test_inject_not_an_action, , InjectNtmsMedia(qt.h, &qt.library, &op, 99), ERROR_INVALID_PARAMETER)
ERROR_TEST(test_inject_no_such_library, , InjectNtmsMedia(qt.h, keep(bogus()), &op, NTMS_INJECT_START),
           ERROR_INVALID_PARAMETER)
ERROR_TEST(test_inject_library_offline, , InjectNtmsMedia(qt.h, keep(qt_offline_library()), &op, NTMS_INJECT_START),
           ERROR_LIBRARY_OFFLINE)
ERROR_TEST(test_inject_stop_invalid_operation, op = bogus(), InjectNtmsMedia(qt.h, &qt.library, &op, NTMS_INJECT_STOP),
           ERROR_INVALID_OPERATION)
ERROR_TEST(test_inject_device_not_available, disable_library(),
           InjectNtmsMedia(qt.h, &qt.library, &op, NTMS_INJECT_START), ERROR_DEVICE_NOT_AVAILABLE)

ERROR_TEST(test_door_invalid_handle, , AccessNtmsLibraryDoor(NULL, &qt.library, NTMS_INVENTORY_NONE), ERROR_INVALID_HANDLE)
ERROR_TEST(test_door_no_library_pointer, , AccessNtmsLibraryDoor(qt.h, NULL, NTMS_INVENTORY_NONE), ERROR_INVALID_PARAMETER)
ERROR_TEST(test_door_not_an_action, , AccessNtmsLibraryDoor(qt.h, &qt.library, 99), ERROR_INVALID_PARAMETER)
ERROR_TEST(test_door_no_such_library, , AccessNtmsLibraryDoor(qt.h, keep(bogus()), NTMS_INVENTORY_NONE),
           ERROR_INVALID_PARAMETER)
ERROR_TEST(test_door_library_offline, , AccessNtmsLibraryDoor(qt.h, keep(qt_offline_library()), NTMS_INVENTORY_NONE),
           ERROR_LIBRARY_OFFLINE)
ERROR_TEST(test_door_resource_disabled, disable_library(),
           AccessNtmsLibraryDoor(qt.h, &qt.library, NTMS_INVENTORY_NONE), ERROR_RESOURCE_DISABLED)

ERROR_TEST(test_identify_invalid_handle, , IdentifyNtmsSlot(NULL, keep(qt_slot_number(1)), NTMS_DISMOUNT_IMMEDIATE),
           ERROR_INVALID_HANDLE)
ERROR_TEST(test_identify_no_slot_pointer, , IdentifyNtmsSlot(qt.h, NULL, NTMS_DISMOUNT_IMMEDIATE), ERROR_INVALID_PARAMETER)
ERROR_TEST(test_identify_not_an_option, , IdentifyNtmsSlot(qt.h, keep(qt_slot_number(1)), 0),
           ERROR_INVALID_PARAMETER)
ERROR_TEST(test_identify_no_such_slot, , IdentifyNtmsSlot(qt.h, keep(bogus()), NTMS_DISMOUNT_IMMEDIATE),
           ERROR_INVALID_PARAMETER)
ERROR_TEST(test_identify_not_a_slot, , IdentifyNtmsSlot(qt.h, &qt.library, NTMS_DISMOUNT_IMMEDIATE), ERROR_INVALID_PARAMETER)
ERROR_TEST(test_identify_resource_disabled, disable_library(),
           IdentifyNtmsSlot(qt.h, keep(qt_slot_number(1)), NTMS_DISMOUNT_IMMEDIATE), ERROR_RESOURCE_DISABLED)

/* Callers who are not administrators may not work the robot. */
/* What the calls below name, looked up before the fork with the test's session. */
static NTMS_GUID target;

static DWORD eject_one(HANDLE h) {
        NTMS_GUID op = {};

        return EjectNtmsMedia(h, &target, &op, NTMS_EJECT_START);
}

static DWORD inject(HANDLE h) {
        NTMS_GUID op = {};

        return InjectNtmsMedia(h, &qt.library, &op, NTMS_INJECT_START);
}

static DWORD open_door(HANDLE h) {
        return AccessNtmsLibraryDoor(h, &qt.library, NTMS_INVENTORY_NONE);
}

static DWORD identify(HANDLE h) {
        return IdentifyNtmsSlot(h, &target, NTMS_DISMOUNT_IMMEDIATE);
}

ERROR_TEST(test_eject_access_denied, target = medium("RSM007L6"),
           qt_denied_to_nobody(eject_one), 0)
ERROR_TEST(test_inject_access_denied, , qt_denied_to_nobody(inject), 0)
ERROR_TEST(test_door_access_denied, , qt_denied_to_nobody(open_door), 0)
ERROR_TEST(test_identify_access_denied, target = qt_slot_number(1),
           qt_denied_to_nobody(identify), 0)

/* The last ten slots filled by the operator behind rsmd's back, and inventoried. */
static void fill_library(void) {
        char barcode[16];

        for (unsigned i = QT_FULL; i < QT_SLOTS; i++) {
                snprintf(barcode, sizeof barcode, "FULL%02u", i);
                ck_assert_int_eq(vtl_put(qt.vtl, qt.vtl->slot_addr + i, barcode), 0);
        }
        assert_ok(InventoryNtmsLibrary(qt.h, &qt.library, NTMS_INVENTORY_FAST));
}

START_TEST(test_inject_library_full) {
        NTMS_GUID op = {};

        fill_library();
        assert_err(InjectNtmsMedia(qt.h, &qt.library, &op, NTMS_INJECT_START), ERROR_LIBRARY_FULL);
        finish(QT_SLOTS);
}
END_TEST

/* The second library has no port and no door. */
static NTMS_GUID portless_medium(void) {
        return qt_medium("TWO000L6");
}

ERROR_TEST(test_eject_no_port, , EjectNtmsMedia(qt.h, keep(portless_medium()), &op, NTMS_EJECT_START),
           ERROR_RESOURCE_NOT_PRESENT)
ERROR_TEST(test_inject_no_port, , InjectNtmsMedia(qt.h, &qt.library2, &op, NTMS_INJECT_START), ERROR_RESOURCE_NOT_PRESENT)
ERROR_TEST(test_door_no_door, , AccessNtmsLibraryDoor(qt.h, &qt.library2, NTMS_INVENTORY_NONE), ERROR_RESOURCE_NOT_PRESENT)

static void setup_portless_second(void) {
        qt_use_second_library_without_ports();
        qt_setup();
}

/* --- a crash --------------------------------------------------------------------------- */

START_TEST(test_sigkill_with_media_in_the_port) {
        NTMS_GUID medium = medium_in_free_pool("RSM009L6"), op = {};
        NTMS_OBJECTINFORMATIONA r;

        assert_ok(EjectNtmsMedia(qt.h, &medium, &op, NTMS_EJECT_START));
        wait_location(&medium, NTMS_IEPORT);
        qt_restart_rsmd(SIGKILL);

        /* The request that ran ends failed; the cartridge is where the changer has it. */
        qt_wait_request(&op, QT_FINAL, &r);
        ck_assert_uint_eq(r.Info.LibRequest.State, NTMS_LM_FAILED);
        finish(QT_FULL);
        ck_assert_uint_eq(medium_info(&medium).Info.PhysicalMedia.LocationType, NTMS_IEPORT);

        /* An insert takes it back in. */
        assert_ok(InjectNtmsMedia(qt.h, &qt.library, &op, NTMS_INJECT_RETRACT));
        assert_request_end(&op, NTMS_LM_INJECT, NTMS_LM_PASSED, ERROR_SUCCESS);
        ck_assert_uint_eq(medium_info(&medium).Info.PhysicalMedia.LocationType, NTMS_STORAGESLOT);
        finish(QT_FULL);
}
END_TEST

static Suite *ports_suite(void) {
        Suite *s = suite_create("ports");
        TCase *tc = tcase_create("ports");

        tcase_add_checked_fixture(tc, qt_setup, qt_teardown);
        tcase_set_timeout(tc, 300);
        tcase_add_test(tc, test_eject_one_to_the_shelf);
        tcase_add_test(tc, test_eject_batch_and_busy);
        tcase_add_test(tc, test_eject_import_medium_is_forgotten);
        tcase_add_test(tc, test_eject_stop_leaves_it_in_the_port);
        tcase_add_test(tc, test_eject_dismounted_medium_from_its_drive);
        tcase_add_test(tc, test_inject_new_cartridge_from_the_port);
        tcase_add_test(tc, test_inject_brings_a_shelf_medium_back);
        tcase_add_test(tc, test_inject_many_until_stopped);
        tcase_add_test(tc, test_inject_stop_with_empty_ports);
        tcase_add_test(tc, test_door_then_inventory);
        tcase_add_test(tc, test_identify_slot);
        tcase_add_test(tc, test_identify_empty_slot);
        tcase_add_test(tc, test_sigkill_with_media_in_the_port);
        suite_add_tcase(s, tc);

        tc = tcase_create("errors");
        tcase_add_checked_fixture(tc, qt_setup, qt_teardown);
        tcase_set_timeout(tc, 120);
        tcase_add_test(tc, test_eject_invalid_handle);
        tcase_add_test(tc, test_eject_no_operation_pointer);
        tcase_add_test(tc, test_eject_not_an_action);
        tcase_add_test(tc, test_eject_invalid_media);
        tcase_add_test(tc, test_eject_library_offline);
        tcase_add_test(tc, test_eject_queue_without_medium);
        tcase_add_test(tc, test_eject_start_without_batch);
        tcase_add_test(tc, test_eject_stop_invalid_operation);
        tcase_add_test(tc, test_eject_media_not_available);
        tcase_add_test(tc, test_eject_device_not_available);
        tcase_add_test(tc, test_eject_access_denied);
        tcase_add_test(tc, test_inject_invalid_handle);
        tcase_add_test(tc, test_inject_no_library_pointer);
        tcase_add_test(tc, test_inject_no_operation_pointer);
        tcase_add_test(tc, test_inject_not_an_action);
        tcase_add_test(tc, test_inject_no_such_library);
        tcase_add_test(tc, test_inject_library_offline);
        tcase_add_test(tc, test_inject_stop_invalid_operation);
        tcase_add_test(tc, test_inject_device_not_available);
        tcase_add_test(tc, test_inject_access_denied);
        tcase_add_test(tc, test_inject_library_full);
        tcase_add_test(tc, test_door_invalid_handle);
        tcase_add_test(tc, test_door_no_library_pointer);
        tcase_add_test(tc, test_door_not_an_action);
        tcase_add_test(tc, test_door_no_such_library);
        tcase_add_test(tc, test_door_library_offline);
        tcase_add_test(tc, test_door_resource_disabled);
        tcase_add_test(tc, test_door_access_denied);
        tcase_add_test(tc, test_identify_invalid_handle);
        tcase_add_test(tc, test_identify_no_slot_pointer);
        tcase_add_test(tc, test_identify_not_an_option);
        tcase_add_test(tc, test_identify_no_such_slot);
        tcase_add_test(tc, test_identify_not_a_slot);
        tcase_add_test(tc, test_identify_resource_disabled);
        tcase_add_test(tc, test_identify_access_denied);
        suite_add_tcase(s, tc);

        tc = tcase_create("no-port");
        tcase_add_checked_fixture(tc, setup_portless_second, qt_teardown);
        tcase_set_timeout(tc, 120);
        tcase_add_test(tc, test_eject_no_port);
        tcase_add_test(tc, test_inject_no_port);
        tcase_add_test(tc, test_door_no_door);
        suite_add_tcase(s, tc);
        return s;
}

int main(void) {
        if (vtl_available() < 0)
                return 77;
        return run_suite(ports_suite());
}
