/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The database through the API: state survives a stop and a crash of
 * rsmd; a full database refuses the change and keeps what it had; a
 * damaged database is never touched and callers get ERROR_DATABASE_FAILURE. */

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test-util.h"

typedef struct State {
        NTMS_GUID mt, parent, pool, media;
} State;

static State make_state(HANDLE h) {
        State st;
        BYTE attr[] = { 1, 2, 3, 4, 5 };
        NTMS_OBJECTINFORMATIONA a;

        st.mt = first_media_type(h);
        st.parent = make_pool(h, "Keep", NULL);
        st.pool = make_pool(h, "Keep\\Inner", &st.mt);
        st.media = make_media(h, &st.pool, &st.mt, "KEEP01");
        assert_ok(SetNtmsObjectAttributeA(h, &st.pool, NTMS_MEDIA_POOL, "kept", attr, sizeof attr));
        info_init_a(&a, NTMS_MEDIA_POOL);
        assert_ok(GetNtmsObjectInformationA(h, &st.pool, &a));
        snprintf(a.szDescription, sizeof a.szDescription, "survives");
        a.Info.MediaPool.dwMaxAllocates = 3;
        assert_ok(SetNtmsObjectInformationA(h, &st.pool, &a));
        return st;
}

static void check_state(HANDLE h, const State *st) {
        NTMS_OBJECTINFORMATIONA a;
        char name[128];
        BYTE attr[16];
        DWORD size = sizeof name;
        NTMS_GUID found;

        assert_ok(GetNtmsMediaPoolNameA(h, (LPNTMS_GUID) &st->pool, name, &size));
        ck_assert_str_eq(name, "Keep\\Inner");
        assert_ok(CreateNtmsMediaPoolA(h, "Keep\\Inner", NULL, NTMS_OPEN_EXISTING, NULL, &found));
        ck_assert(guid_eq(&found, &st->pool));
        info_init_a(&a, NTMS_MEDIA_POOL);
        assert_ok(GetNtmsObjectInformationA(h, (LPNTMS_GUID) &st->pool, &a));
        ck_assert_str_eq(a.szDescription, "survives");
        ck_assert_uint_eq(a.Info.MediaPool.dwMaxAllocates, 3);
        ck_assert(guid_eq(&a.Info.MediaPool.Parent, &st->parent));
        info_init_a(&a, NTMS_PHYSICAL_MEDIA);
        assert_ok(GetNtmsObjectInformationA(h, (LPNTMS_GUID) &st->media, &a));
        ck_assert_str_eq(a.Info.PhysicalMedia.szBarCode, "KEEP01");
        size = sizeof attr;
        assert_ok(GetNtmsObjectAttributeA(h, (LPNTMS_GUID) &st->pool, NTMS_MEDIA_POOL, "kept", attr, &size));
        ck_assert_uint_eq(size, 5);
}

static void restart_keeps_state(int sig) {
        HANDLE h = open_session();
        State st = make_state(h);

        harness_restart_rsmd(sig);
        /* The old session died with rsmd. */
        NTMS_GUID list[4];
        DWORD n = 4;
        DWORD e = EnumerateNtmsObject(h, NULL, list, &n, NTMS_LIBRARY, 0);
        ck_assert_msg(e == ERROR_INVALID_HANDLE || e == ERROR_NOT_CONNECTED,
                      "old session after restart: %s", ntms_error_name(e));
        CloseNtmsSession(h);

        h = open_session();
        check_state(h, &st);
        assert_ok(CloseNtmsSession(h));
}

START_TEST(restart_after_sigterm) {
        restart_keeps_state(SIGTERM);
}
END_TEST

START_TEST(restart_after_sigkill) {
        restart_keeps_state(SIGKILL);
}
END_TEST

START_TEST(database_full) {
        HANDLE h;
        State st;
        DWORD e = ERROR_SUCCESS, made = 0;
        char name[64];
        NTMS_GUID pool, *pools = NULL;

        /* Room for the seed and a little more. */
        harness_stop_rsmd(SIGTERM);
        ck_assert_int_eq(harness_start_rsmd("[Daemon]\nMaxDatabaseSize=262144\n", NULL), 0);

        h = open_session();
        st = make_state(h);
        for (made = 0; made < 100000; made++) {
                snprintf(name, sizeof name, "Filler%06u", made);
                e = CreateNtmsMediaPoolA(h, name, &st.mt, NTMS_CREATE_NEW, NULL, &pool);
                if (e != ERROR_SUCCESS)
                        break;
        }
        assert_err(e, ERROR_DATABASE_FULL);
        ck_assert_uint_gt(made, 0);

        /* The pool that did not fit is not there, everything before is. */
        assert_err(CreateNtmsMediaPoolA(h, name, NULL, NTMS_OPEN_EXISTING, NULL, &pool), ERROR_OBJECT_NOT_FOUND);
        snprintf(name, sizeof name, "Filler%06u", made - 1);
        assert_ok(CreateNtmsMediaPoolA(h, name, NULL, NTMS_OPEN_EXISTING, NULL, &pool));
        check_state(h, &st);
        DWORD n = enumerate_all(h, NULL, NTMS_MEDIA_POOL, &pools);
        ck_assert_uint_ge(n, made);
        free(pools);

        /* Other changes are refused the same way, and leave no trace. */
        NTMS_OBJECTINFORMATIONA a;
        BYTE big[4096] = { 0 };
        e = SetNtmsObjectAttributeA(h, &st.pool, NTMS_MEDIA_POOL, "huge", big, sizeof big);
        if (e == ERROR_SUCCESS) {
                /* It fitted after all: it must then be readable. */
                DWORD size = sizeof big;
                assert_ok(GetNtmsObjectAttributeA(h, &st.pool, NTMS_MEDIA_POOL, "huge", big, &size));
        } else {
                assert_err(e, ERROR_DATABASE_FULL);
                DWORD size = sizeof big;
                assert_err(GetNtmsObjectAttributeA(h, &st.pool, NTMS_MEDIA_POOL, "huge", big, &size),
                           ERROR_OBJECT_NOT_FOUND);
        }
        info_init_a(&a, NTMS_MEDIA_POOL);
        assert_ok(GetNtmsObjectInformationA(h, &st.pool, &a));
        ck_assert_str_eq(a.szDescription, "survives");
        assert_ok(CloseNtmsSession(h));

        /* And after a restart the data is still all there. */
        harness_restart_rsmd(SIGTERM);
        h = open_session();
        check_state(h, &st);
        assert_ok(CloseNtmsSession(h));
}
END_TEST

static char *read_all(const char *path, size_t *ret_size) {
        FILE *f = fopen(path, "re");
        char *buf;
        long n;

        ck_assert_ptr_nonnull(f);
        fseek(f, 0, SEEK_END);
        n = ftell(f);
        fseek(f, 0, SEEK_SET);
        buf = malloc((size_t) n + 1);
        ck_assert_ptr_nonnull(buf);
        ck_assert_uint_eq(fread(buf, 1, (size_t) n, f), (size_t) n);
        fclose(f);
        *ret_size = (size_t) n;
        return buf;
}

START_TEST(damaged_database) {
        char path[4096], garbage[8192];
        char *before, *after;
        size_t n_before, n_after;
        int status = 0;
        HANDLE h;

        harness_stop_rsmd(SIGTERM);
        snprintf(path, sizeof path, "%s/rsmd.db", harness_state_dir());
        /* Remove what the first run left (WAL files too), then plant garbage
         * that has an SQLite header but nothing valid after it. */
        unlink(path);
        snprintf(garbage, sizeof garbage, "%s-wal", path);
        unlink(garbage);
        snprintf(garbage, sizeof garbage, "%s-shm", path);
        unlink(garbage);
        for (size_t i = 0; i < sizeof garbage; i++)
                garbage[i] = (char) (i * 131 + 17);
        memcpy(garbage, "SQLite format 3", 16);
        FILE *f = fopen(path, "we");
        ck_assert_ptr_nonnull(f);
        ck_assert_uint_eq(fwrite(garbage, 1, sizeof garbage, f), sizeof garbage);
        fclose(f);
        before = read_all(path, &n_before);

        if (harness_start_rsmd(NULL, &status) == 0) {
                /* rsmd is up but must refuse: at the latest the first call. */
                h = OpenNtmsSessionA(NULL, "test", 0);
                if (h == INVALID_HANDLE_VALUE)
                        assert_err(GetLastError(), ERROR_DATABASE_FAILURE);
                else {
                        NTMS_GUID list[8];
                        DWORD n = 8;
                        assert_err(EnumerateNtmsObject(h, NULL, list, &n, NTMS_LIBRARY, 0),
                                   ERROR_DATABASE_FAILURE);
                        CloseNtmsSession(h);
                }
                harness_stop_rsmd(SIGTERM);
        } else {
                /* rsmd refused to start: nobody can reach it. */
                h = OpenNtmsSessionA(NULL, "test", 0);
                ck_assert_ptr_eq(h, INVALID_HANDLE_VALUE);
                assert_err(GetLastError(), ERROR_NOT_CONNECTED);
                ck_abort_msg("rsmd exited (status %d) instead of answering ERROR_DATABASE_FAILURE", status);
        }

        after = read_all(path, &n_after);
        ck_assert_uint_eq(n_after, n_before);
        ck_assert_msg(memcmp(before, after, n_before) == 0, "rsmd changed the damaged database");
        free(before);
        free(after);
}
END_TEST

int main(void) {
        Suite *s = suite_create("database");
        TCase *tc = tcase_with_daemon("database");

        tcase_set_timeout(tc, 300);
        tcase_add_test(tc, restart_after_sigterm);
        tcase_add_test(tc, restart_after_sigkill);
        tcase_add_test(tc, database_full);
        tcase_add_test(tc, damaged_database);
        suite_add_tcase(s, tc);
        return run_suite(s);
}
