/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <systemd/sd-bus.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

#define START_TIMEOUT_MS 15000
#define STOP_TIMEOUT_MS  10000
#define NOBODY 65534

/* Short paths under /tmp; the sizes leave room for what gets appended. */
static char dir[256];
static char state_dir[512];
static char log_path[512];
static char config_path[512];
static pid_t bus_pid = -1, rsmd_pid = -1;
static pid_t owner_pid = -1;     /* the process that made all this */
static bool atexit_registered;

static void sleep_ms(unsigned ms) {
        struct timespec ts = { ms / 1000, (long) (ms % 1000) * 1000000L };
        while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
                ;
}

static void die(const char *what) {
        fprintf(stderr, "harness: %s: %s\n", what, strerror(errno));
        ck_abort_msg("harness: %s", what);
}

static void write_file(const char *path, const char *text) {
        FILE *f = fopen(path, "we");

        if (!f)
                die(path);
        fputs(text, f);
        if (fclose(f) != 0)
                die(path);
}

/* Waits for pid up to timeout_ms; returns its status or -1. */
static int wait_exit(pid_t pid, unsigned timeout_ms) {
        for (unsigned waited = 0;; waited += 20) {
                int status;
                pid_t r = waitpid(pid, &status, WNOHANG);
                if (r == pid)
                        return status;
                if (r < 0 || waited >= timeout_ms)
                        return -1;
                sleep_ms(20);
        }
}

static int stop_process(pid_t *pid, int sig) {
        int status;

        if (*pid <= 0)
                return -1;
        kill(*pid, sig);
        status = wait_exit(*pid, STOP_TIMEOUT_MS);
        if (status == -1) {
                kill(*pid, SIGKILL);
                status = wait_exit(*pid, STOP_TIMEOUT_MS);
        }
        *pid = -1;
        return status;
}

static void remove_tree(const char *path) {
        char cmd[PATH_MAX + 16];

        /* RSMD_TEST_KEEP=1 keeps rsmd's log and database for a look after the test. */
        if (!*path || strncmp(path, "/tmp/", 5) != 0 || getenv("RSMD_TEST_KEEP"))
                return;
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
        (void) !system(cmd);
}

static void cleanup_all(void) {
        /* Only the process that started them cleans up, not a forked
         * child that inherited the atexit handler. */
        if (getpid() != owner_pid)
                return;
        stop_process(&rsmd_pid, SIGTERM);
        stop_process(&bus_pid, SIGTERM);
        remove_tree(dir);
        dir[0] = 0;
}

/* Children die with the test process, whatever way it ends. */
static pid_t spawn(char *const argv[], const char *stderr_path) {
        pid_t parent = getpid(), pid;

        pid = fork();
        if (pid < 0)
                die("fork");
        if (pid == 0) {
                (void) prctl(PR_SET_PDEATHSIG, SIGTERM);
                if (getppid() != parent)
                        _exit(127);
                if (stderr_path) {
                        int fd = open(stderr_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
                        if (fd >= 0) {
                                dup2(fd, STDERR_FILENO);
                                dup2(fd, STDOUT_FILENO);
                        }
                }
                execv(argv[0], argv);
                execvp(argv[0], argv);
                _exit(127);
        }
        return pid;
}

static void make_dir(void) {
        strcpy(dir, "/tmp/rsmd-test.XXXXXX");
        if (!mkdtemp(dir))
                die("mkdtemp");
        /* A test child running as nobody must reach the bus socket. */
        if (chmod(dir, 0755) < 0)
                die("chmod");
        snprintf(state_dir, sizeof state_dir, "%s/state", dir);
        snprintf(log_path, sizeof log_path, "%s/rsmd.log", dir);
        snprintf(config_path, sizeof config_path, "%s/rsmd.conf", dir);
        if (mkdir(state_dir, 0755) < 0)
                die("mkdir state");

        owner_pid = getpid();
        if (!atexit_registered) {
                atexit(cleanup_all);
                atexit_registered = true;
        }
}

static void start_bus(void) {
        char conf[512], address[512], arg[600], text[4096];
        char *argv[] = { "dbus-daemon", arg, "--nofork", "--nosyslog", NULL };

        snprintf(conf, sizeof conf, "%s/bus.conf", dir);
        snprintf(text, sizeof text,
                 "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN\"\n"
                 " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                 "<busconfig>\n"
                 "  <type>system</type>\n"
                 "  <listen>unix:path=%s/bus</listen>\n"
                 "  <auth>EXTERNAL</auth>\n"
                 "  <policy context=\"default\">\n"
                 "    <allow user=\"*\"/>\n"
                 "    <allow own=\"*\"/>\n"
                 "    <allow send_type=\"method_call\"/>\n"
                 "    <allow send_type=\"signal\"/>\n"
                 "    <allow send_type=\"method_return\"/>\n"
                 "    <allow send_type=\"error\"/>\n"
                 "    <allow receive_type=\"method_call\"/>\n"
                 "    <allow receive_type=\"signal\"/>\n"
                 "    <allow receive_type=\"method_return\"/>\n"
                 "    <allow receive_type=\"error\"/>\n"
                 "  </policy>\n"
                 "</busconfig>\n", dir);
        write_file(conf, text);
        snprintf(arg, sizeof arg, "--config-file=%s", conf);

        bus_pid = spawn(argv, NULL);

        snprintf(address, sizeof address, "unix:path=%s/bus", dir);
        setenv("DBUS_SYSTEM_BUS_ADDRESS", address, 1);

        snprintf(conf, sizeof conf, "%s/bus", dir);
        for (unsigned waited = 0; waited < START_TIMEOUT_MS; waited += 20) {
                struct stat st;
                if (stat(conf, &st) == 0 && S_ISSOCK(st.st_mode))
                        return;
                sleep_ms(20);
        }
        ck_abort_msg("the private message bus did not start");
}

static const char *rsmd_path(void) {
        const char *p = getenv("RSMD_PATH");
#ifdef RSMD_BUILD_PATH
        if (!p)
                p = RSMD_BUILD_PATH;
#endif
        return p;
}

static bool rsmd_has_name(void) {
        sd_bus *bus = NULL;
        sd_bus_message *reply = NULL;
        int has = 0, r;

        r = sd_bus_open_system(&bus);
        if (r < 0)
                return false;
        r = sd_bus_call_method(bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                               "org.freedesktop.DBus", "NameHasOwner", NULL, &reply,
                               "s", "org.ntms.Rsm1");
        if (r >= 0)
                (void) sd_bus_message_read(reply, "b", &has);
        sd_bus_message_unref(reply);
        sd_bus_flush_close_unref(bus);
        return has > 0;
}

int harness_start_rsmd(const char *config, int *ret_status) {
        char state_arg[600], config_arg[600];
        const char *path = rsmd_path();
        char *argv[] = { (char *) path, state_arg, config_arg, NULL };

        ck_assert_msg(path, "RSMD_PATH is not set and rsmd is not part of the build");
        ck_assert_int_eq(rsmd_pid, -1);

        write_file(config_path, config ?: HARNESS_DEFAULT_CONFIG);
        snprintf(state_arg, sizeof state_arg, "--state-dir=%s", state_dir);
        snprintf(config_arg, sizeof config_arg, "--config=%s", config_path);

        rsmd_pid = spawn(argv, log_path);

        for (unsigned waited = 0; waited < START_TIMEOUT_MS; waited += 20) {
                int status;

                if (waitpid(rsmd_pid, &status, WNOHANG) == rsmd_pid) {
                        rsmd_pid = -1;
                        if (ret_status)
                                *ret_status = status;
                        return -1;
                }
                if (rsmd_has_name())
                        return 0;
                sleep_ms(20);
        }
        stop_process(&rsmd_pid, SIGKILL);
        if (ret_status)
                *ret_status = -1;
        return -1;
}

int harness_stop_rsmd(int sig) {
        int status = stop_process(&rsmd_pid, sig);

        /* The bus notices the name is gone asynchronously. */
        for (unsigned waited = 0; waited < START_TIMEOUT_MS && rsmd_has_name(); waited += 20)
                sleep_ms(20);
        return status;
}

void harness_restart_rsmd(int sig) {
        char config[4096] = "";
        FILE *f = fopen(config_path, "re");

        if (f) {
                size_t n = fread(config, 1, sizeof config - 1, f);
                config[n] = 0;
                fclose(f);
        }
        harness_stop_rsmd(sig);
        ck_assert_msg(harness_start_rsmd(config, NULL) == 0, "rsmd did not come back after restart");
}

bool harness_rsmd_running(void) {
        return rsmd_pid > 0;
}

void harness_setup_bus_only(void) {
        make_dir();
        start_bus();
}

void harness_setup(void) {
        harness_setup_bus_only();
        ck_assert_msg(harness_start_rsmd(NULL, NULL) == 0, "rsmd did not start (see its log)");
}

void harness_teardown(void) {
        cleanup_all();
}

const char *harness_dir(void) {
        return dir;
}

const char *harness_state_dir(void) {
        return state_dir;
}

const char *harness_rsmd_log(void) {
        return log_path;
}

void harness_print_log_tail(unsigned lines) {
        char cmd[PATH_MAX + 64];

        if (!log_path[0])
                return;
        snprintf(cmd, sizeof cmd, "tail -n %u '%s' >&2", lines, log_path);
        (void) !system(cmd);
}

int harness_run_as_nobody(int (*fn)(void *userdata), void *userdata) {
        pid_t pid;
        int status;

        pid = fork();
        if (pid < 0)
                return -1;
        if (pid == 0) {
                if (setgroups(0, NULL) < 0 || setgid(NOBODY) < 0 || setuid(NOBODY) < 0)
                        _exit(126);
                _exit(fn(userdata) & 0xff);
        }
        status = wait_exit(pid, 60000);
        if (status == -1) {
                kill(pid, SIGKILL);
                waitpid(pid, NULL, 0);
                return -1;
        }
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
