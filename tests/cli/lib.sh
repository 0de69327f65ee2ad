# SPDX-License-Identifier: LGPL-2.1-or-later
# Shared by the tests of rsm: sourced, not run. TAP output (meson's protocol
# 'tap'), a private message bus and rsmd from the build on a temporary
# state directory, and checks of rsm's exit status, output and JSON.
#
# The test's environment names the programs: RSM, RSMD_PATH, TOP (the
# source tree) and PYTHON.

set -uo pipefail

: "${RSM:?RSM names the rsm to test}"
: "${RSMD_PATH:?RSMD_PATH names the rsmd to test}"
: "${TOP:?TOP names the source tree}"
PYTHON=${PYTHON:-python3}

# start_private_bus, wait_for_rsmd
# shellcheck source=../../tools/common.sh
source "$TOP/tools/common.sh"

tap_n=0
tap_failed=0
work=
bus_pid=
rsmd_pid=

tap_ok() {
        tap_n=$((tap_n + 1))
        echo "ok $tap_n - $*"
}

tap_not_ok() {
        tap_n=$((tap_n + 1))
        tap_failed=$((tap_failed + 1))
        echo "not ok $tap_n - $*"
}

# Everything the test wants to say goes to TAP as comments.
diag() {
        sed 's/^/# /'
}

skip_all() {
        echo "1..0 # SKIP $*"
        exit 77
}

finish() {
        echo "1..$tap_n"
        [ "$tap_failed" -eq 0 ]
}

cleanup() {
        if [ -n "$rsmd_pid" ]; then
                kill "$rsmd_pid" 2>/dev/null && wait "$rsmd_pid" 2>/dev/null
        fi
        if [ -n "$bus_pid" ]; then
                kill "$bus_pid" 2>/dev/null && wait "$bus_pid" 2>/dev/null
        fi
        [ -n "$work" ] && rm -rf "$work"
        return 0
}

# A temporary directory with a bus, and the rsmd.conf of the tests.
setup() {
        work=$(mktemp -d /tmp/rsm-test.XXXXXX)
        chmod 755 "$work"
        trap cleanup EXIT
        mkdir -p "$work/state" "$work/libraries"
        printf '[Daemon]\nLogLevel=debug\nLibraryDirectory=%s/libraries\nDiscovery=no\n' "$work" >"$work/rsmd.conf"
        start_private_bus "$work"
}

start_rsmd() {
        "$RSMD_PATH" --state-dir="$work/state" --config="$work/rsmd.conf" 2>>"$work/rsmd.log" &
        rsmd_pid=$!
        wait_for_rsmd
}

stop_rsmd() {
        kill "$rsmd_pid" 2>/dev/null && wait "$rsmd_pid" 2>/dev/null
        rsmd_pid=
        # The name goes with the process; wait until the bus has let go.
        local i
        for i in $(seq 100); do
                busctl --address="$DBUS_SYSTEM_BUS_ADDRESS" status org.ntms.Rsm1 >/dev/null 2>&1 || return 0
                sleep 0.05
        done
}

# run ARGS...: runs rsm; its output in $out, its messages in $err, its
# status in $rc.
run() {
        out=$("$RSM" "$@" 2>"$work/stderr")
        rc=$?
        err=$(cat "$work/stderr")
        # A sanitizer's report is a failure whatever the exit status says.
        if grep -Eq 'Sanitizer|runtime error:' <<<"$err"; then
                tap_not_ok "rsm $* ran clean under the sanitizers"
                echo "$err" | diag
        fi
}

# expect STATUS DESCRIPTION ARGS...: runs rsm ARGS and checks the status.
expect() {
        local want=$1 what=$2
        shift 2
        run "$@"
        if [ "$rc" -eq "$want" ]; then
                tap_ok "$what"
        else
                tap_not_ok "$what: rsm $* exited with $rc, not $want"
                { echo "stdout:"; echo "$out"; echo "stderr:"; echo "$err"; } | diag
        fi
}

# has TEXT-VARIABLE PATTERN DESCRIPTION: a line of the last output matches
# (grep -E).
has() {
        local text=$1 pattern=$2 what=$3
        if grep -Eq -- "$pattern" <<<"${!text}"; then
                tap_ok "$what"
        else
                tap_not_ok "$what: no line of $text matches '$pattern'"
                echo "${!text}" | diag
        fi
}

lacks() {
        local text=$1 pattern=$2 what=$3
        if grep -Eq -- "$pattern" <<<"${!text}"; then
                tap_not_ok "$what: $text matches '$pattern'"
                echo "${!text}" | diag
        else
                tap_ok "$what"
        fi
}

# json EXPRESSION: evaluates a Python expression over the last output
# parsed as JSON (bound to d); prints the result.
json() {
        "$PYTHON" -c 'import json, sys
d = json.loads(sys.stdin.read())
print(eval(sys.argv[1]))' "$1" <<<"$out"
}

# json_is EXPRESSION EXPECTED DESCRIPTION
json_is() {
        local got
        got=$(json "$1" 2>&1)
        if [ "$got" = "$2" ]; then
                tap_ok "$3"
        else
                tap_not_ok "$3: $1 is '$got', not '$2'"
                echo "$out" | head -c 2000 | diag
        fi
}

# Whether rsmd still lists METHOD among those it does not carry out yet:
# commands over such methods must report ERROR_CALL_NOT_IMPLEMENTED.
unimplemented() {
        grep -q "{ \"$1\"," "$TOP/daemon/bus/bus-unimplemented.c"
}

bus() {
        busctl --address="$DBUS_SYSTEM_BUS_ADDRESS" "$@"
}
