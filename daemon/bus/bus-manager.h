/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "manager.h"

/* Connects to the system bus (DBUS_SYSTEM_BUS_ADDRESS when set), publishes
 * the manager and session objects and takes org.ntms.Rsm1. */
int bus_setup(Manager *m);
