/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Runs a fuzz target over its corpus without libFuzzer, so the corpus is a regression
 * test in every build: each file given, or each file in each directory given. */

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "macro.h"

static void fclosep(FILE **f) {
        if (*f)
                fclose(*f);
}

static int run_file(const char *path) {
        _cleanup_(fclosep) FILE *f = NULL;
        _cleanup_free_ uint8_t *buf = NULL;
        size_t allocated = 0, n = 0;

        f = fopen(path, "re");
        if (!f)
                return -errno;

        for (;;) {
                size_t k;

                if (n == allocated) {
                        uint8_t *b = realloc(buf, allocated + 4096);
                        if (!b)
                                return -ENOMEM;
                        buf = b;
                        allocated += 4096;
                }
                k = fread(buf + n, 1, allocated - n, f);
                if (k == 0)
                        break;
                n += k;
        }
        if (ferror(f))
                return -EIO;

        /* Exactly the bytes of the file, so that an over-read is an over-read. */
        {
                _cleanup_free_ uint8_t *exact = malloc(n > 0 ? n : 1);
                if (!exact)
                        return -ENOMEM;
                memcpy(exact, buf, n);
                (void) LLVMFuzzerTestOneInput(exact, n);
        }
        return 0;
}

static void closedirp(DIR **d) {
        if (*d)
                closedir(*d);
}

static int run_path(const char *path, unsigned *count) {
        _cleanup_(closedirp) DIR *d = NULL;
        struct dirent *de;
        struct stat st;
        int r;

        if (stat(path, &st) < 0)
                return -errno;

        if (!S_ISDIR(st.st_mode)) {
                r = run_file(path);
                if (r >= 0)
                        (*count)++;
                return r;
        }

        d = opendir(path);
        if (!d)
                return -errno;

        while ((de = readdir(d))) {
                char p[4096];

                if (de->d_name[0] == '.')
                        continue;
                snprintf(p, sizeof(p), "%s/%s", path, de->d_name);
                r = run_path(p, count);
                if (r < 0)
                        return r;
        }
        return 0;
}

int main(int argc, char *argv[]) {
        unsigned count = 0;

        for (int i = 1; i < argc; i++) {
                int r = run_path(argv[i], &count);
                if (r < 0) {
                        fprintf(stderr, "%s: %s\n", argv[i], strerror(-r));
                        return EXIT_FAILURE;
                }
        }

        printf("%u inputs\n", count);
        return count > 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
