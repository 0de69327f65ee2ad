/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "wide.h"

void text_arg_a(TextArg *t, const char *s) {
        *t = (TextArg) TEXT_ARG_NULL;
        if (!s)
                return;
        if (!utf8_valid(s, strlen(s)))
                t->error = ERROR_INVALID_PARAMETER;
        else
                t->s = s;
}

void text_arg_w(TextArg *t, const wchar_t *w) {
        int r;

        *t = (TextArg) TEXT_ARG_NULL;
        if (!w)
                return;
        r = wide_to_utf8(w, SIZE_MAX, &t->allocated);
        if (r < 0)
                t->error = r == -ENOMEM ? ERROR_NOT_ENOUGH_MEMORY : ERROR_INVALID_PARAMETER;
        else
                t->s = t->allocated;
}

void text_arg_done(TextArg *t) {
        free(t->allocated);
        *t = (TextArg) TEXT_ARG_NULL;
}

size_t text_arg_chars(const TextArg *t) {
        return t->s ? utf8_char_count(t->s) : 0;
}
