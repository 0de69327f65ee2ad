/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The handlers of org.ntms.Rsm1.Session, by the file that holds them. */

#include <systemd/sd-bus.h>

/* bus-objects.c */
int bus_method_enumerate_objects(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_get_object_information(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_set_object_information(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_get_object_attribute(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_set_object_attribute(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_enable_object(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_disable_object(sd_bus_message *m, void *userdata, sd_bus_error *error);

/* bus-pools.c */
int bus_method_get_media_pool_name(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_create_media_pool(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_delete_media_pool(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_add_media_type(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_delete_media_type(sd_bus_message *m, void *userdata, sd_bus_error *error);

/* bus-media.c */
int bus_method_move_to_media_pool(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_change_media_type(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_create_media(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_delete_media(sd_bus_message *m, void *userdata, sd_bus_error *error);

/* bus-library.c: real libraries, through the daemon's LibraryManager */
int bus_method_inventory_library(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_delete_library(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_delete_drive(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_identify_slot(sd_bus_message *m, void *userdata, sd_bus_error *error);

/* bus-mount.c: mounting and dismounting, through the library request queue */
int bus_method_mount_media(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_dismount_media(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_dismount_drive(sd_bus_message *m, void *userdata, sd_bus_error *error);

/* bus-standalone.c: stand-alone drives */
int bus_method_eject_disk_from_sa_drive(sd_bus_message *m, void *userdata, sd_bus_error *error);

/* bus-requests.c: library requests */
int bus_method_cancel_library_request(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_get_request_order(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_set_request_order(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_delete_requests(sd_bus_message *m, void *userdata, sd_bus_error *error);

/* bus-ports.c: the ports and doors, through the library request queue */
int bus_method_inject_media(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_eject_media(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_access_library_door(sd_bus_message *m, void *userdata, sd_bus_error *error);

/* bus-cleaner.c: the cleaner slot, the cleaner and drive cleaning */
int bus_method_reserve_cleaner_slot(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_release_cleaner_slot(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_clean_drive(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_inject_cleaner(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_eject_cleaner(sd_bus_message *m, void *userdata, sd_bus_error *error);

/* bus-unimplemented.c: every method whose function is not built yet */
int bus_method_not_implemented(sd_bus_message *m, void *userdata, sd_bus_error *error);

/* bus-allocate.c: allocation and the media life cycle */
int bus_method_allocate_media(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_deallocate_media(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_swap_media(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_decommission_media(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_set_media_complete(sd_bus_message *m, void *userdata, sd_bus_error *error);
