/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <stdbool.h>
#include <string.h>

#include "match.h"
#include "macro.h"

/* Short prefixes would let one vendor's serial scheme match another drive. */
#define DETECT_ID_PREFIX_MIN 8

/* A T10 vendor ID based designator (SPC identifier type 1): 8 bytes of
 * vendor, 16 of product, then the serial. */
#define T10_VENDOR_PRODUCT_LEN 24

static int serial_matches(const char *serial, const char *id) {
        size_t n;

        if (isempty(id))
                return 0;
        if (streq(serial, id))
                return 2;
        n = strlen(id);
        return n >= DETECT_ID_PREFIX_MIN && strncmp(serial, id, n) == 0;
}

/* The part of an identifier that holds the serial. */
static const char *id_serial_part(const char *id) {
        if (strlen(id) <= T10_VENDOR_PRODUCT_LEN)
                return id;
        id += T10_VENDOR_PRODUCT_LEN;
        return id + strspn(id, " ");
}

bool detect_id_weak(const char *id) {
        return isempty(id) || strlen(id_serial_part(id)) < DETECT_ID_PREFIX_MIN;
}

/* Changers report a drive's identifier as its serial alone, or as a T10
 * vendor ID designator ending in it (IBM, HP and tgt do): try both. */
static int id_matches(const char *serial, const char *id) {
        int q = serial_matches(serial, id);

        if (q < 2 && id && strlen(id) > T10_VENDOR_PRODUCT_LEN) {
                int t = serial_matches(serial, id_serial_part(id));

                if (t > q)
                        q = t;
        }
        return q;
}

ssize_t detect_match_drive(const char *serial, char *const *element_ids, size_t n_elements) {
        ssize_t found = -1;
        int best = 0;
        bool ambiguous = false;

        if (isempty(serial))
                return -1;

        for (size_t i = 0; i < n_elements; i++) {
                int q = id_matches(serial, element_ids[i]);

                if (q == 0 || q < best)
                        continue;
                ambiguous = q == best;
                best = q;
                found = (ssize_t) i;
        }
        return ambiguous ? -1 : found;
}

const char *detect_drive_device_name(const char *nst_node, const char *generic) {
        return isempty(nst_node) ? generic : nst_node;
}
