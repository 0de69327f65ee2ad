/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The Session methods of real libraries: InventoryLibrary, DeleteLibrary,
 * DeleteDrive. They run through the daemon's LibraryManager. */

#include <systemd/sd-bus.h>

int bus_method_inventory_library(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_delete_library(sd_bus_message *m, void *userdata, sd_bus_error *error);
int bus_method_delete_drive(sd_bus_message *m, void *userdata, sd_bus_error *error);
