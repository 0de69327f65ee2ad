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

# --- the virtual tape library ------------------------------------------------------

# start_vtl [OPTIONS]: skips the test unless root with tgt, then sets up as
# setup does and starts the virtual library in $work/vtl with the options
# of 'vtl start'; its variables (VTL_*) come from its vtl.env.
start_vtl() {
        [ "$(id -u)" -eq 0 ] || skip_all "the virtual tape library needs root"
        local p
        for p in tgtd tgtadm tgtimg; do
                command -v "$p" >/dev/null || skip_all "the virtual tape library needs tgt ($p is missing)"
        done
        vtl=${VTL_SCRIPT:-$TOP/tests/vtl/vtl}

        setup
        trap vtl_cleanup EXIT
        mkdir -p "$work/vtl"
        if ! "$vtl" start --dir "$work/vtl" --owner-pid $$ "$@" >/dev/null 2>"$work/vtl.log"; then
                diag <"$work/vtl.log"
                echo "Bail out! the virtual tape library did not start"
                exit 1
        fi
        # shellcheck disable=SC1091
        source "$work/vtl/vtl.env"
}

vtl_cleanup() {
        "$vtl" stop --dir "$work/vtl" >/dev/null 2>&1
        cleanup
}

# operator put|take ARGS...: the operator at the library (vtl put, vtl take).
operator() {
        local what=$1
        shift
        if "$vtl" "$what" --dir "$work/vtl" "$@" >/dev/null 2>"$work/vtl-operator.log"; then
                tap_ok "the operator: $what $*"
        else
                tap_not_ok "the operator: $what $*"
                diag <"$work/vtl-operator.log"
        fi
}

# --- waiting for states --------------------------------------------------------------

# Polls every 0.1 s; the bound is one only a hung rsmd reaches.
WAIT_POLLS=600

# wait_until EXPRESSION DESCRIPTION ARGS...: runs rsm --json ARGS until the
# Python EXPRESSION over its output (see json) is True.
wait_until() {
        local expr=$1 what=$2 i
        shift 2
        for ((i = 0; i < WAIT_POLLS; i++)); do
                run --json "$@"
                if [ "$rc" -eq 0 ] && [ "$(json "$expr" 2>/dev/null)" = True ]; then
                        tap_ok "$what"
                        return 0
                fi
                sleep 0.1
        done
        tap_not_ok "$what: rsm $* never gave $expr"
        { echo "stdout:"; echo "$out" | head -c 2000; echo "stderr:"; echo "$err"; } | diag
        return 1
}

# wait_request SELECTOR STATE DESCRIPTION: waits until the library request
# that SELECTOR picks from 'rsm --json requests' (a Python expression over
# the list d giving one request, or None while there is none) is in STATE;
# one that ends in another state fails at once.
wait_request() {
        local selector=$1 want=$2 what=$3 i state
        for ((i = 0; i < WAIT_POLLS; i++)); do
                run --json requests
                state=$(json "(lambda r: r and r['state'] + ' ' + (r['error'] or '-'))($selector)" 2>&1)
                case $state in
                "$want "*)
                        tap_ok "$what"
                        return 0 ;;
                passed* | failed* | cancelled* | stopped*)
                        break ;;
                esac
                sleep 0.1
        done
        tap_not_ok "$what: the request is '$state', not $want"
        echo "$out" | head -c 3000 | diag
        return 1
}
