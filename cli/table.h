/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Column-aligned text tables, and the same rows as JSON. */

#include <stdio.h>

typedef struct Table Table;

Table *table_new(const char *first_header, ...);   /* NULL-terminated headers */
int table_add_row(Table *t, const char *first_cell, ...);  /* as many cells as headers */
void table_print(const Table *t, FILE *f);
/* An array of objects keyed by the headers; numbers stay strings unless
 * the column is marked numeric. */
void table_set_numeric(Table *t, unsigned column);
void table_print_json(const Table *t, FILE *f);
void table_free(Table *t);
