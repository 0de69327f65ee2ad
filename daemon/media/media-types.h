/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Which media types a library holds (AddNtmsMediaType/DeleteNtmsMediaType),
 * and the system pools that follow from it. */

#include "db/db.h"

/* -ENOENT the library does not exist; -EMEDIUMTYPE the media type does not.
 * Adding creates the type's Free, Import and Unrecognized sub-pools when
 * missing. One transaction. */
int media_type_add_to_library(Db *db, const char *media_type, const char *library);

/* Same errors. When no library holds the type any more and no medium is of
 * it, its empty system sub-pools go too. One transaction. */
int media_type_remove_from_library(Db *db, const char *media_type, const char *library);
