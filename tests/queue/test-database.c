/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "queue-harness.h"
int main(void) {
        return 77;
}
