/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Library configuration files: changers with their drives and the device
 * names recorded for them, stand-alone drive libraries, and the mistakes a
 * file can hold, each refused with the file named. */

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "library/library-config.h"
#include "macro.h"

static char dir[] = "/tmp/test-config.XXXXXX";

static void setup(void) {
        ck_assert_ptr_nonnull(mkdtemp(strcpy(dir, "/tmp/test-config.XXXXXX")));
}

static void teardown(void) {
        _cleanup_free_ char *cmd = NULL;

        if (asprintf(&cmd, "rm -rf '%s'", dir) >= 0)
                (void) system(cmd);
}

static char *write_file(const char *name, const char *text) {
        char *path;
        FILE *f;

        ck_assert_int_ge(asprintf(&path, "%s/%s", dir, name), 0);
        f = fopen(path, "we");
        ck_assert_ptr_nonnull(f);
        fputs(text, f);
        ck_assert_int_eq(fclose(f), 0);
        return path;
}

static int load(const char *text, LibraryConfig **ret) {
        _cleanup_free_ char *path = write_file("one.conf", text);

        return library_config_load_file(path, ret);
}

START_TEST(test_device_names) {
        LibraryConfig *c = NULL, *copy = NULL;

        ck_assert_int_eq(load("[Library]\nChanger=/dev/sg5\nDrive0=/dev/sg6\nDeviceName0=/dev/nst0\n"
                              "Drive2=/dev/sg8\n", &c), 0);
        ck_assert_str_eq(c->name, "one");
        ck_assert(!library_config_is_standalone(c));
        ck_assert_str_eq(library_config_device(c), "/dev/sg5");
        ck_assert_uint_eq(c->n_drives, 3);
        ck_assert_str_eq(c->drives[0], "/dev/sg6");
        ck_assert_str_eq(c->device_names[0], "/dev/nst0");
        ck_assert_ptr_null(c->drives[1]);
        ck_assert_ptr_null(c->device_names[1]);
        ck_assert_str_eq(c->drives[2], "/dev/sg8");
        ck_assert_ptr_null(c->device_names[2]);

        ck_assert_int_eq(library_config_copy(c, &copy), 0);
        ck_assert(library_config_drives_equal(c, copy));
        ck_assert_str_eq(copy->path, c->path);
        free(copy->device_names[2]);
        copy->device_names[2] = strdup("/dev/nst2");
        ck_assert(!library_config_drives_equal(c, copy));
        library_config_free(copy);
        library_config_free(c);
}
END_TEST

START_TEST(test_standalone) {
        LibraryConfig *c = NULL;

        ck_assert_int_eq(load("[Library]\nName=Desk drive\nDrive0=/dev/sg3\nDeviceName0=/dev/nst1\n", &c), 0);
        ck_assert(library_config_is_standalone(c));
        ck_assert_ptr_null(c->changer);
        ck_assert_str_eq(library_config_device(c), "/dev/sg3");
        ck_assert_str_eq(c->name, "Desk drive");
        ck_assert_uint_eq(c->n_drives, 1);
        ck_assert_str_eq(c->device_names[0], "/dev/nst1");
        library_config_free(c);
}
END_TEST

START_TEST(test_mistakes) {
        LibraryConfig *c = NULL;

        /* Without a changer there is one drive, Drive0, or nothing to serve. */
        ck_assert_int_eq(load("[Library]\nName=x\n", &c), -EINVAL);
        ck_assert_int_eq(load("[Library]\nDrive1=/dev/sg3\n", &c), -EINVAL);
        ck_assert_int_eq(load("[Library]\nDrive0=/dev/sg3\nDrive1=/dev/sg4\n", &c), -EINVAL);
        /* A device name belongs to a drive. */
        ck_assert_int_eq(load("[Library]\nChanger=/dev/sg5\nDeviceName0=/dev/nst0\n", &c), -EINVAL);
        ck_assert_int_eq(load("[Library]\nChanger=/dev/sg5\nDrive0=/dev/sg6\nDeviceName0=/dev/nst0\n"
                              "DeviceName0=/dev/nst1\n", &c), -EINVAL);
        ck_assert_int_eq(load("[Library]\nChanger=/dev/sg5\nDeviceName01=/dev/nst0\n", &c), -EINVAL);
        ck_assert_int_eq(load("[Library]\nChanger=/dev/sg5\nDeviceName=/dev/nst0\n", &c), -EINVAL);
        ck_assert_int_eq(load("[Library]\nChanger=/dev/sg5\nDrive0=/dev/sg6\nDeviceName0=\n", &c), -EINVAL);
        ck_assert_ptr_null(c);
}
END_TEST

START_TEST(test_same_device_twice) {
        _cleanup_free_ char *a = NULL, *b = NULL;
        LibraryConfig **l = NULL;

        /* The same drive as a stand-alone library in two files. */
        a = write_file("a.conf", "[Library]\nDrive0=/dev/sg3\n");
        b = write_file("b.conf", "[Library]\nDrive0=/dev/sg3\nDeviceName0=/dev/nst0\n");
        ck_assert_int_eq(library_config_load_dir(dir, &l), -EEXIST);
        ck_assert_ptr_null(l);

        /* A changer library and a stand-alone drive side by side. */
        free(b);
        b = write_file("b.conf", "[Library]\nChanger=/dev/sg2\nDrive0=/dev/sg4\n");
        ck_assert_int_eq(library_config_load_dir(dir, &l), 0);
        ck_assert(library_config_is_standalone(l[0]));
        ck_assert(!library_config_is_standalone(l[1]));
        ck_assert_ptr_null(l[2]);
        library_config_free_many(l);
}
END_TEST

START_TEST(test_discovered) {
        LibraryConfig *c = NULL;

        /* What discovery hands over: no file behind it. */
        ck_assert_int_eq(library_config_new("Found", NULL, 1, &c), 0);
        ck_assert_ptr_null(c->path);
        ck_assert(library_config_is_standalone(c));
        ck_assert_ptr_null(c->drives[0]);
        ck_assert_ptr_null(c->device_names[0]);
        library_config_free(c);
}
END_TEST

int main(void) {
        Suite *s = suite_create("library-config");
        TCase *tc = tcase_create("config");
        SRunner *sr;
        int failed;

        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, test_device_names);
        tcase_add_test(tc, test_standalone);
        tcase_add_test(tc, test_mistakes);
        tcase_add_test(tc, test_same_device_twice);
        tcase_add_test(tc, test_discovered);
        suite_add_tcase(s, tc);

        sr = srunner_create(s);
        srunner_run_all(sr, CK_NORMAL);
        failed = srunner_ntests_failed(sr);
        srunner_free(sr);
        return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
