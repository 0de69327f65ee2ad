#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# rsmd.service as built passes "systemd-analyze verify" in a root that holds
# what it names (rsmd at its ExecStart= path, its man pages, the system's
# units), and its exposure stays at the level systemd/README.md reports.

source "$(dirname "$0")/lib.sh"

: "${UNIT:?UNIT names the built rsmd.service}"
: "${MAN_PAGES:?MAN_PAGES lists the built man pages}"
# The exposure systemd/README.md reports; hardening must not get lost.
exposure_max=2.4

command -v systemd-analyze >/dev/null || skip_all "systemd-analyze is not installed"
units=
for d in /usr/lib/systemd/system /lib/systemd/system; do
        [ -e "$d/sysinit.target" ] && units=$d && break
done
[ -n "$units" ] || skip_all "no systemd units on this machine to verify against"

work=$(mktemp -d /tmp/rsm-unit.XXXXXX)
trap 'rm -rf "$work"' EXIT
root="$work/root"

# The root: the system's units, ours as the administrator's, rsmd where
# ExecStart= looks for it, the man pages that Documentation= names.
mkdir -p "$root/usr/lib/systemd/system" "$root/etc/systemd/system" "$root/man/man1" "$root/man/man3" \
        "$root/man/man8"
cp -r "$units/." "$root/usr/lib/systemd/system/"
cp "$UNIT" "$root/etc/systemd/system/rsmd.service"
exec_start=$(sed -n 's/^ExecStart=\([^ ]*\).*/\1/p' "$UNIT")
mkdir -p "$root$(dirname "$exec_start")"
cp "$RSMD_PATH" "$root$exec_start"
for page in $MAN_PAGES; do
        cp "$page" "$root/man/man${page##*.}/"
done

if out=$(MANPATH="$root/man" systemd-analyze verify --root="$root" rsmd.service 2>&1) && [ -z "$out" ]; then
        tap_ok "systemd-analyze verify rsmd.service"
else
        tap_not_ok "systemd-analyze verify rsmd.service"
        echo "$out" | diag
fi

security=$(systemd-analyze security --offline=true --root="$root" rsmd.service 2>&1)
echo "$security" | grep -E '✗|Overall' | diag
level=$(sed -n 's/.*Overall exposure level for rsmd.service: \([0-9.]*\).*/\1/p' <<<"$security")
if [ -n "$level" ] && awk -v l="$level" -v m="$exposure_max" 'BEGIN { exit !(l <= m) }'; then
        tap_ok "exposure level $level is at most $exposure_max"
else
        tap_not_ok "exposure level '$level' is at most $exposure_max"
fi

finish
