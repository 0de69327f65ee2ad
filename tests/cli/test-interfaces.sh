#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The D-Bus interface files installed under /usr/share/dbus-1/interfaces/
# (systemd/org.ntms.Rsm1.*.xml) against what a running rsmd introspects, so
# that the two cannot drift apart. With UPDATE_INTERFACES=1 the files are
# rewritten from rsmd instead.

source "$(dirname "$0")/lib.sh"

interfaces=(org.ntms.Rsm1.Manager org.ntms.Rsm1.Session)

setup
start_rsmd

mkdir -p "$work/interfaces"
if bus introspect --xml-interface org.ntms.Rsm1 /org/ntms/Rsm1 >"$work/introspect.xml" &&
   "$PYTHON" "$TOP/tests/cli/dbus-interfaces.py" "$work/interfaces" "${interfaces[@]}" <"$work/introspect.xml"; then
        tap_ok "rsmd introspects /org/ntms/Rsm1"
else
        tap_not_ok "rsmd introspects /org/ntms/Rsm1"
fi

for i in "${interfaces[@]}"; do
        committed="$TOP/systemd/$i.xml"
        if [ "${UPDATE_INTERFACES:-0}" = 1 ]; then
                cp "$work/interfaces/$i.xml" "$committed"
                tap_ok "$i.xml rewritten from rsmd"
        elif cmp -s "$work/interfaces/$i.xml" "$committed"; then
                tap_ok "systemd/$i.xml is what rsmd serves"
        else
                tap_not_ok "systemd/$i.xml is what rsmd serves (UPDATE_INTERFACES=1 meson test cli-interfaces rewrites it)"
                diff -u "$committed" "$work/interfaces/$i.xml" | diag
        fi
done

# Every method that BUS.md documents is in the interface file.
for m in $(sed -n 's/^| \([A-Z][A-Za-z]*\) |.*$/\1/p' "$TOP/common/BUS.md"); do
        if grep -q "<method name=\"$m\"" "$TOP/systemd/org.ntms.Rsm1.Session.xml"; then
                tap_ok "Session.xml has $m"
        else
                tap_not_ok "Session.xml has $m (documented in common/BUS.md)"
        fi
done

finish
