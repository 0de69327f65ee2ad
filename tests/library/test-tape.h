/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Writing a tape behind rsmd's back, the way a labelling or backup program
 * does, through the transport of the drive that holds it (a tape LUN of the
 * virtual library). Each step is asserted. */

#include <stddef.h>

/* An ANSI X3.27 VOL1 label (volume identifier volser, owner owner, label
 * standard version 4) as the first block, then a filemark; the tape is left
 * rewound and loaded. */
void test_tape_write_label(const char *url, const char *volser, const char *owner);

/* One block of len bytes (variable-block mode) written after the first
 * filemark, with a filemark after it, and read back: what a backup program
 * writes after the label. The tape is left rewound. */
void test_tape_write_after_label(const char *url, const void *data, size_t len);
