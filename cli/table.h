/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Column-aligned text tables, and the same rows as JSON. JSON keys are the
 * headers in lower case with '_' for anything but letters and digits
 * ("MEDIA TYPE" → "media_type"). */

#include <stdbool.h>
#include <stdio.h>

#include "macro.h"

typedef struct Table Table;

#define TABLE_COLUMNS_MAX 32

Table *table_new(const char *first_header, ...);   /* NULL-terminated headers */
Table *table_new_from(const char *const *headers, unsigned n);
/* As many cells as headers; NULL is an empty cell. -ENOMEM on failure. */
int table_add_row(Table *t, const char *first_cell, ...);
unsigned table_rows(const Table *t);
/* Numeric columns are JSON numbers (null when empty) instead of strings. */
void table_set_numeric(Table *t, unsigned column);
/* Columns only in JSON: GUIDs that would make the text table too wide. */
void table_set_json_only(Table *t, unsigned column);
Table *table_free(Table *t);
DEFINE_TRIVIAL_CLEANUP_FUNC(Table *, table_free);

void table_print(const Table *t, FILE *f);
/* An array of objects, one per row. */
void table_print_json(const Table *t, FILE *f);
/* One row as "Header: value" lines, or as one JSON object. */
void table_print_record(const Table *t, unsigned row, FILE *f);
void table_print_record_json(const Table *t, unsigned row, FILE *f);

/* A JSON string with the escapes it needs. */
void json_print_string(const char *s, FILE *f);
