/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "session.h"

/* GetObjectInformation on a session the caller holds locked; info's dwSize
 * and dwType are set. Used to fill the [out] members after a create. */
DWORD object_info_fetch(Session *s, const NTMS_GUID *id, void *info, bool wide);
