/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"

enum {
        COLUMN_NUMERIC = 1 << 0,
        COLUMN_JSON_ONLY = 1 << 1,
};

struct Table {
        unsigned n_columns, n_rows;
        char **cells;           /* headers first, then rows, row-major */
        unsigned *flags;        /* per column */
};

/* Display width of UTF-8 text, counting code points. */
static size_t text_width(const char *s) {
        size_t w = 0;
        for (; *s; s++)
                if (((unsigned char) *s & 0xC0) != 0x80)
                        w++;
        return w;
}

Table *table_new_from(const char *const *headers, unsigned n) {
        Table *t = calloc(1, sizeof *t);

        if (!t)
                return NULL;
        t->cells = calloc(n ?: 1, sizeof *t->cells);
        t->flags = calloc(n ?: 1, sizeof *t->flags);
        if (!t->cells || !t->flags)
                return table_free(t);
        for (; t->n_columns < n; t->n_columns++) {
                t->cells[t->n_columns] = strdup(headers[t->n_columns]);
                if (!t->cells[t->n_columns])
                        return table_free(t);
        }
        return t;
}

Table *table_new(const char *first_header, ...) {
        const char *headers[TABLE_COLUMNS_MAX];
        unsigned n = 0;
        va_list ap;

        va_start(ap, first_header);
        for (const char *h = first_header; h && n < TABLE_COLUMNS_MAX; h = va_arg(ap, const char *))
                headers[n++] = h;
        va_end(ap);
        return table_new_from(headers, n);
}

int table_add_row(Table *t, const char *first_cell, ...) {
        size_t base = (size_t) (t->n_rows + 1) * t->n_columns;
        char **cells = realloc(t->cells, (base + t->n_columns) * sizeof *cells);
        const char *c = first_cell;
        bool failed = false;
        va_list ap;

        if (!cells)
                return -ENOMEM;
        t->cells = cells;
        va_start(ap, first_cell);
        for (unsigned i = 0; i < t->n_columns; i++) {
                cells[base + i] = strdup(c ?: "");
                failed = failed || !cells[base + i];
                if (i + 1 < t->n_columns)
                        c = va_arg(ap, const char *);
        }
        va_end(ap);
        /* The row counts even when a cell is missing, so that table_free()
         * frees what was allocated; the missing cell prints as empty. */
        t->n_rows++;
        return failed ? -ENOMEM : 0;
}

unsigned table_rows(const Table *t) {
        return t->n_rows;
}

void table_set_numeric(Table *t, unsigned column) {
        if (column < t->n_columns)
                t->flags[column] |= COLUMN_NUMERIC;
}

void table_set_json_only(Table *t, unsigned column) {
        if (column < t->n_columns)
                t->flags[column] |= COLUMN_JSON_ONLY;
}

static const char *cell(const Table *t, unsigned row, unsigned column) {
        const char *s = t->cells[(size_t) row * t->n_columns + column];
        return s ?: "";
}

static bool shown(const Table *t, unsigned column) {
        return !(t->flags[column] & COLUMN_JSON_ONLY);
}

void table_print(const Table *t, FILE *f) {
        size_t *width = calloc(t->n_columns ?: 1, sizeof *width);
        unsigned last = 0;

        if (!width)
                return;
        for (unsigned c = 0; c < t->n_columns; c++)
                if (shown(t, c)) {
                        for (unsigned r = 0; r <= t->n_rows; r++) {
                                size_t w = text_width(cell(t, r, c));
                                if (w > width[c])
                                        width[c] = w;
                        }
                }
        for (unsigned r = 0; r <= t->n_rows; r++) {
                /* No blanks after the last cell that has text. */
                last = 0;
                for (unsigned c = 0; c < t->n_columns; c++)
                        if (shown(t, c) && *cell(t, r, c))
                                last = c;
                for (unsigned c = 0; c <= last; c++) {
                        const char *s = cell(t, r, c);

                        if (!shown(t, c))
                                continue;
                        fputs(s, f);
                        if (c != last)
                                fprintf(f, "%*s", (int) (width[c] - text_width(s) + 2), "");
                }
                fputc('\n', f);
        }
        free(width);
}

void json_print_string(const char *s, FILE *f) {
        fputc('"', f);
        for (; *s; s++) {
                unsigned char ch = (unsigned char) *s;
                if (ch == '"' || ch == '\\')
                        fprintf(f, "\\%c", ch);
                else if (ch < 0x20 || ch == 0x7F)
                        fprintf(f, "\\u%04x", ch);
                else
                        fputc(ch, f);
        }
        fputc('"', f);
}

static void json_key(const char *header, FILE *f) {
        bool underscore = false;

        fputc('"', f);
        for (const char *s = header; *s; s++) {
                char ch = *s;
                if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
                        ;
                else if (ch >= 'A' && ch <= 'Z')
                        ch = (char) (ch - 'A' + 'a');
                else {
                        underscore = true;
                        continue;
                }
                if (underscore)
                        fputc('_', f);
                underscore = false;
                fputc(ch, f);
        }
        fputs("\":", f);
}

static void json_object(const Table *t, unsigned row, FILE *f) {
        fputc('{', f);
        for (unsigned c = 0; c < t->n_columns; c++) {
                const char *v = cell(t, row, c);

                if (c > 0)
                        fputc(',', f);
                json_key(cell(t, 0, c), f);
                if (!(t->flags[c] & COLUMN_NUMERIC))
                        json_print_string(v, f);
                else if (*v)
                        fputs(v, f);
                else
                        fputs("null", f);
        }
        fputc('}', f);
}

void table_print_json(const Table *t, FILE *f) {
        fputc('[', f);
        for (unsigned r = 1; r <= t->n_rows; r++) {
                if (r > 1)
                        fputc(',', f);
                json_object(t, r, f);
        }
        fputc(']', f);
}

void table_print_record(const Table *t, unsigned row, FILE *f) {
        size_t width = 0;

        if (row >= t->n_rows)
                return;
        for (unsigned c = 0; c < t->n_columns; c++)
                if (text_width(cell(t, 0, c)) > width)
                        width = text_width(cell(t, 0, c));
        for (unsigned c = 0; c < t->n_columns; c++) {
                const char *h = cell(t, 0, c);
                const char *v = cell(t, row + 1, c);
                fprintf(f, "%*s%s:%s%s\n", (int) (width - text_width(h)), "", h, *v ? " " : "", v);
        }
}

void table_print_record_json(const Table *t, unsigned row, FILE *f) {
        if (row < t->n_rows)
                json_object(t, row + 1, f);
}

Table *table_free(Table *t) {
        if (!t)
                return NULL;
        if (t->cells)
                for (size_t i = 0; i < (size_t) (t->n_rows + 1) * t->n_columns; i++)
                        free(t->cells[i]);
        free(t->cells);
        free(t->flags);
        free(t);
        return NULL;
}
