/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"

struct Table {
        unsigned n_columns, n_rows;
        char **cells;           /* headers first, then rows, row-major */
        bool *numeric;
};

/* Display width of UTF-8 text, counting code points. */
static size_t text_width(const char *s) {
        size_t w = 0;
        for (; *s; s++)
                if (((unsigned char) *s & 0xC0) != 0x80)
                        w++;
        return w;
}

Table *table_new(const char *first_header, ...) {
        Table *t = calloc(1, sizeof *t);
        va_list ap;

        if (!t)
                return NULL;
        va_start(ap, first_header);
        for (const char *h = first_header; h; h = va_arg(ap, const char *)) {
                char **cells = realloc(t->cells, (t->n_columns + 1) * sizeof *cells);
                if (!cells || !(cells[t->n_columns] = strdup(h))) {
                        va_end(ap);
                        t->cells = cells ?: t->cells;
                        table_free(t);
                        return NULL;
                }
                t->cells = cells;
                t->n_columns++;
        }
        va_end(ap);
        t->numeric = calloc(t->n_columns, sizeof *t->numeric);
        if (!t->numeric) {
                table_free(t);
                return NULL;
        }
        return t;
}

int table_add_row(Table *t, const char *first_cell, ...) {
        size_t base = (size_t) (t->n_rows + 1) * t->n_columns;
        char **cells = realloc(t->cells, (base + t->n_columns) * sizeof *cells);
        va_list ap;
        const char *c = first_cell;

        if (!cells)
                return -1;
        t->cells = cells;
        va_start(ap, first_cell);
        for (unsigned i = 0; i < t->n_columns; i++) {
                cells[base + i] = strdup(c ?: "");
                if (i + 1 < t->n_columns)
                        c = va_arg(ap, const char *);
        }
        va_end(ap);
        t->n_rows++;
        return 0;
}

void table_set_numeric(Table *t, unsigned column) {
        if (column < t->n_columns)
                t->numeric[column] = true;
}

static const char *cell(const Table *t, unsigned row, unsigned column) {
        const char *s = t->cells[(size_t) row * t->n_columns + column];
        return s ?: "";
}

void table_print(const Table *t, FILE *f) {
        size_t *width = calloc(t->n_columns, sizeof *width);

        if (!width)
                return;
        for (unsigned r = 0; r <= t->n_rows; r++)
                for (unsigned c = 0; c < t->n_columns; c++) {
                        size_t w = text_width(cell(t, r, c));
                        if (w > width[c])
                                width[c] = w;
                }
        for (unsigned r = 0; r <= t->n_rows; r++) {
                for (unsigned c = 0; c < t->n_columns; c++) {
                        const char *s = cell(t, r, c);
                        bool last = c + 1 == t->n_columns;
                        fputs(s, f);
                        if (!last)
                                fprintf(f, "%*s", (int) (width[c] - text_width(s) + 2), "");
                }
                fputc('\n', f);
        }
        free(width);
}

static void json_string(const char *s, FILE *f) {
        fputc('"', f);
        for (; *s; s++) {
                unsigned char ch = (unsigned char) *s;
                if (ch == '"' || ch == '\\')
                        fprintf(f, "\\%c", ch);
                else if (ch < 0x20)
                        fprintf(f, "\\u%04x", ch);
                else
                        fputc(ch, f);
        }
        fputc('"', f);
}

void table_print_json(const Table *t, FILE *f) {
        fputc('[', f);
        for (unsigned r = 1; r <= t->n_rows; r++) {
                fputs(r > 1 ? ",{" : "{", f);
                for (unsigned c = 0; c < t->n_columns; c++) {
                        if (c > 0)
                                fputc(',', f);
                        json_string(cell(t, 0, c), f);
                        fputc(':', f);
                        if (t->numeric[c] && *cell(t, r, c))
                                fputs(cell(t, r, c), f);
                        else
                                json_string(cell(t, r, c), f);
                }
                fputc('}', f);
        }
        fputs("]", f);
}

void table_free(Table *t) {
        if (!t)
                return;
        for (size_t i = 0; i < (size_t) (t->n_rows + 1) * t->n_columns; i++)
                free(t->cells[i]);
        free(t->cells);
        free(t->numeric);
        free(t);
}
