/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* A and W forms share one implementation that works on UTF-8. The thin
 * wrappers turn their string arguments into a TextArg first; the shared
 * code checks its handle before it looks at the TextArg's error, so that a
 * bad handle is reported as such whatever the strings hold. */

#include <wchar.h>

#include "macro.h"
#include "ntmsapi.h"

typedef struct TextArg {
        const char *s;          /* UTF-8, or NULL for a NULL argument */
        char *allocated;
        DWORD error;            /* ERROR_SUCCESS, or why the argument is unusable */
} TextArg;

#define TEXT_ARG_NULL { NULL, NULL, ERROR_SUCCESS }

/* UTF-8 from an A string, checked. */
void text_arg_a(TextArg *t, const char *s);

/* UTF-8 from a wide string (UTF-32). */
void text_arg_w(TextArg *t, const wchar_t *w);

void text_arg_done(TextArg *t);

/* Code points in the argument (0 for NULL). */
size_t text_arg_chars(const TextArg *t);
