/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* rsm: one file per subcommand; rsm.c dispatches. What the commands share
 * lives in util.c (session, errors, argument parsing, times), objects.c
 * (lists, look-ups by GUID, name or barcode), names.c (the words for the
 * API's numbers), progress.c and table.c (tables and JSON). */

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "macro.h"
#include "ntms-guid.h"
#include "ntmsapi.h"

/* Exit status: what scripts test. */
enum {
        RSM_EXIT_OK = 0,
        RSM_EXIT_API = 1,       /* rsmd (or the system) refused or failed */
        RSM_EXIT_USAGE = 2,     /* wrong options or arguments, or an ambiguous name */
        RSM_EXIT_NOT_FOUND = 3, /* a named object does not exist */
};

typedef struct RsmOptions {
        bool json;
} RsmOptions;

typedef struct Command {
        const char *name;
        int (*run)(int argc, char **argv, const RsmOptions *o);
        const char *synopsis;   /* the arguments, after "rsm NAME" */
        const char *summary;    /* one line for "rsm --help" */
        const char *help;       /* options and details for "rsm NAME --help" */
} Command;

extern const Command rsm_command_allocate, rsm_command_clean, rsm_command_cleaner, rsm_command_createpool,
        rsm_command_deallocate, rsm_command_deletepool, rsm_command_dismount, rsm_command_door, rsm_command_eject,
        rsm_command_identify, rsm_command_inject, rsm_command_library, rsm_command_media, rsm_command_mount,
        rsm_command_pools, rsm_command_refresh, rsm_command_rename, rsm_command_requests, rsm_command_status,
        rsm_command_view, rsm_command_watch;

/* Commands with subcommands of their own ("rsm media move"). */
typedef struct SubCommand {
        const char *name;
        int (*run)(int argc, char **argv, const RsmOptions *o);
} SubCommand;

/* Runs the subcommand named by argv[1], with itself as argv[0] and in
 * messages; without one (no arguments, or an option first) runs
 * default_name. */
int rsm_run_subcommand(int argc, char **argv, const RsmOptions *o, const SubCommand *subs, size_t n_subs,
                       const char *default_name);

/* --- util.c ---------------------------------------------------------------- */

/* "rsm mount": the prefix of every message; set once by the dispatcher. */
extern const char *rsm_prefix;

/* Opens a session with rsmd; on failure prints why and returns the exit status. */
int rsm_open(HANDLE *ret);
void rsm_closep(HANDLE *h);
#define _cleanup_session_ _cleanup_(rsm_closep)

/* "rsm mount: <what>: MountNtmsMedia failed with ERROR_X (n)." and a line of
 * advice. function may be NULL. Returns RSM_EXIT_NOT_FOUND for
 * ERROR_OBJECT_NOT_FOUND, else RSM_EXIT_API. */
int rsm_api_error(const char *function, DWORD error, const char *what_format, ...) _printf_(3, 4);

/* "rsm mount: <message>" and "Try 'rsm mount --help'."; returns RSM_EXIT_USAGE. */
int rsm_usage(const char *format, ...) _printf_(1, 2);

/* "rsm mount: <message>"; returns status. */
int rsm_fail(int status, const char *format, ...) _printf_(2, 3);

/* getopt_long's failures: it has printed the message; add the hint. */
int rsm_bad_option(void);

/* For commands without options: lets getopt reject any (and take "--"),
 * leaving optind at the first argument. */
int rsm_parse_no_options(int argc, char **argv);

/* Checks the number of positional arguments left after getopt. */
int rsm_check_args(int argc, int min, int max);

/* Decimal within [min, max]. */
int rsm_parse_int(const char *s, long min, long max, long *ret);

/* "30", "30s", "5min", "2h", "500ms", "infinite" → milliseconds (INFINITE). */
int rsm_parse_timeout(const char *s, DWORD *ret);

/* Local time for people, ISO 8601 UTC for JSON, "" when unset. */
void rsm_format_time(const SYSTEMTIME *t, bool json, char *buf, size_t size);

/* A GUID, or "" for the null GUID. */
void rsm_guid_text(const NTMS_GUID *g, char buf[static NTMS_GUID_STRING_MAX]);

/* "%u" into buf, for table cells. */
const char *rsm_number(DWORD n, char buf[static 16]);

/* A list as a text table, or with --json as an array of objects. A text
 * table without rows prints `empty` instead, when given. */
struct Table;
void rsm_print_table(const RsmOptions *o, const struct Table *t, const char *empty);

/* --- objects.c ------------------------------------------------------------- */

DWORD rsm_enumerate(HANDLE h, const NTMS_GUID *container, DWORD type, NTMS_GUID **ret, DWORD *ret_n);
DWORD rsm_get_info(HANDLE h, const NTMS_GUID *id, DWORD type, NTMS_OBJECTINFORMATIONA *info);

/* Calls fn for every library with a robot (NTMS_LIBRARYTYPE_ONLINE), going
 * on after a failure of fn; returns the last exit status other than
 * RSM_EXIT_OK, or that of a failure to list them (after a message). */
typedef int (*RsmLibraryFn)(HANDLE h, const NTMS_GUID *id, const NTMS_OBJECTINFORMATIONA *info, void *userdata);
int rsm_for_each_robot_library(HANDLE h, RsmLibraryFn fn, void *userdata);

/* Every media pool, depth first: each pool follows its parent. */
DWORD rsm_enumerate_pools(HANDLE h, const NTMS_GUID *root, NTMS_GUID **ret, DWORD *ret_n);

/* Finds one object of a type by canonical GUID, by name (exact, else
 * ignoring case), and for some types by another key: the barcode of a
 * medium, the device path or serial number of a drive, the full path of a
 * pool ("Free\LTO Ultrium 6"). container narrows the search when not NULL.
 * Prints what went wrong (not found, ambiguous, API error) and returns the
 * exit status, RSM_EXIT_OK when found; info may be NULL. */
int rsm_lookup(HANDLE h, DWORD type, const NTMS_GUID *container, const char *text,
               NTMS_GUID *ret, NTMS_OBJECTINFORMATIONA *info);
/* The same over several types: a name that objects of two of them share
 * is ambiguous, except that the first n_first types are searched alone
 * first (a medium before its side of the same name). 0: all at once. The
 * type found goes to ret_type. */
int rsm_lookup_any(HANDLE h, const DWORD *types, size_t n_types, size_t n_first, const NTMS_GUID *container,
                   const char *text, DWORD *ret_type, NTMS_GUID *ret, NTMS_OBJECTINFORMATIONA *info);

/* A piece of media as the commands name it: by the GUID or name of its
 * physical medium, one of its sides or its logical medium, or by barcode. */
typedef struct RsmMedium {
        NTMS_GUID physical;
        NTMS_GUID side;         /* the first side: NULL GUID when it has none */
        NTMS_GUID logical;      /* NULL GUID when not allocated */
        NTMS_OBJECTINFORMATIONA info;   /* of the physical medium */
        bool given_logical;     /* named by its logical medium */
} RsmMedium;

int rsm_lookup_medium(HANDLE h, const char *text, RsmMedium *ret);

/* For commands without options whose first of n_args arguments names an
 * object of type: checks the arguments, opens the session and finds the
 * object, or prints why not and returns the exit status. */
int rsm_open_lookup(int argc, char **argv, int n_args, DWORD type, HANDLE *h, NTMS_GUID *ret,
                    NTMS_OBJECTINFORMATIONA *info);

/* A storage slot of library by its number there ("40", as 'rsm status'
 * shows it), its name or its GUID; without a library by GUID only. */
int rsm_lookup_slot(HANDLE h, const NTMS_GUID *library, const char *text, NTMS_GUID *ret,
                    NTMS_OBJECTINFORMATIONA *info);

/* Display names of objects that tables refer to by GUID, fetched once. */
typedef struct RsmNames RsmNames;
RsmNames *rsm_names_new(HANDLE h);
RsmNames *rsm_names_free(RsmNames *n);
DEFINE_TRIVIAL_CLEANUP_FUNC(RsmNames *, rsm_names_free);
/* The object's name ("" for the null GUID, the GUID when it cannot be
 * read); pools by their full path. */
const char *rsm_name_of(RsmNames *n, const NTMS_GUID *id, DWORD type);
/* Where a medium is: "slot 3", "drive 1", "port 2", "offline". */
const char *rsm_location_of(RsmNames *n, const NTMS_OBJECTINFORMATIONA *medium, char *buf, size_t size);

/* --- tables that several commands show --------------------------------- */

/* pools.c: the pool tree below root (all of it for NULL), root first. */
int rsm_pool_table(HANDLE h, const NTMS_GUID *root, struct Table **ret);

/* --- names.c --------------------------------------------------------------- */

const char *rsm_kind_name(DWORD type);          /* "media pool" */
const char *rsm_library_type_name(DWORD t);
const char *rsm_pool_type_name(DWORD t);
const char *rsm_drive_state_name(DWORD s);
const char *rsm_slot_state_name(DWORD s);
const char *rsm_door_state_name(DWORD s);
const char *rsm_port_content_name(DWORD c);
const char *rsm_port_position_name(DWORD p);
const char *rsm_media_state_name(DWORD s);
const char *rsm_side_state_name(DWORD s);
const char *rsm_operational_state_name(DWORD s);
const char *rsm_device_type_name(DWORD t);
const char *rsm_librequest_operation_name(DWORD op);
const char *rsm_librequest_state_name(DWORD s);
const char *rsm_oprequest_type_name(DWORD r);
const char *rsm_oprequest_state_name(DWORD s);
const char *rsm_notification_operation_name(DWORD op);

/* Words for option values: -1 when s is none of them. */
typedef struct RsmWord {
        const char *word;
        DWORD value;
} RsmWord;
int rsm_parse_word(const RsmWord *words, size_t n, const char *s, DWORD *ret);
extern const RsmWord rsm_inventory_methods[];
extern const size_t rsm_n_inventory_methods;

/* --- progress.c ------------------------------------------------------------ */

/* A line on stderr before a long call; on a terminal also a spinner with the
 * seconds passed until progress_end(). */
typedef struct Progress Progress;
Progress *progress_begin(const char *format, ...) _printf_(1, 2);
void progress_end(Progress *p);
