# Shared by the tools/ scripts: sourced, not run.

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Installs whatever in tools/packages.txt (plus any extra names given) is missing.
ensure_packages() {
        local want=() missing=() p
        mapfile -t want < <(grep -v '^\s*#' "$top/tools/packages.txt" | grep -v '^\s*$')
        want+=("$@")
        for p in "${want[@]}"; do
                dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
        done
        [ ${#missing[@]} -eq 0 ] && return 0
        [ "$(id -u)" -eq 0 ] || die "missing packages (${missing[*]}); run as root or install them"
        say "installing ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# meson setup once, then ninja: DIR [meson options...]. Quiet unless it fails.
build_into() {
        local dir=$1 log
        shift
        log=$(mktemp)
        if { [ -f "$dir/build.ninja" ] || meson setup "$dir" "$top" "$@"; } >"$log" 2>&1 &&
           ninja -C "$dir" >>"$log" 2>&1; then
                rm -f "$log"
                return 0
        fi
        tail -n 60 "$log" >&2
        rm -f "$log"
        die "the build in $dir failed"
}

# A private message bus with the system bus's rules relaxed for one user's tests.
# Sets bus_pid and exports DBUS_SYSTEM_BUS_ADDRESS. DIR must exist.
start_private_bus() {
        local dir=$1
        cat >"$dir/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$dir/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_type="method_return"/>
    <allow send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="signal"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
  </policy>
</busconfig>
CONF
        dbus-daemon --config-file="$dir/bus.conf" --nofork --nosyslog 2>"$dir/bus.log" &
        bus_pid=$!
        export DBUS_SYSTEM_BUS_ADDRESS="unix:path=$dir/bus"
        local i
        for i in $(seq 100); do
                [ -S "$dir/bus" ] && return 0
                sleep 0.05
        done
        die "the private message bus did not start"
}

# Waits until org.ntms.Rsm1 has an owner on the private bus.
wait_for_rsmd() {
        local i
        for i in $(seq 200); do
                busctl --address="$DBUS_SYSTEM_BUS_ADDRESS" status org.ntms.Rsm1 >/dev/null 2>&1 && return 0
                sleep 0.05
        done
        die "rsmd did not take org.ntms.Rsm1"
}
