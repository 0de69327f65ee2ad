/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Extended attributes of objects (Get/SetNtmsObjectAttribute). */

#include <stddef.h>

#include "db.h"

/* -ENOENT when the object has no attribute of that name. */
int db_attribute_get(Db *db, const char *object, const char *name, void **ret, size_t *ret_size);

/* Runs as one transaction. size 0 removes the attribute, as documented. */
int db_attribute_set(Db *db, const char *object, const char *name, const void *data, size_t size);
