#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# rsm with the virtual tape library: "rsm library add" writes its file, rsmd
# restarts and takes it, "rsm refresh" reads the barcodes and "rsm status"
# shows each of them in its slot; then allocation, mounting where rsmd
# carries them out, and "rsm library remove --delete". Needs root and tgt.

source "$(dirname "$0")/lib.sh"

[ "$(id -u)" -eq 0 ] || skip_all "the virtual tape library needs root"
for p in tgtd tgtadm tgtimg; do
        command -v "$p" >/dev/null || skip_all "the virtual tape library needs tgt ($p is missing)"
done
vtl=${VTL_SCRIPT:-$TOP/tests/vtl/vtl}

setup
vtl_cleanup() {
        "$vtl" stop --dir "$work/vtl" >/dev/null 2>&1
        cleanup
}
trap vtl_cleanup EXIT

mkdir -p "$work/vtl"
if ! "$vtl" start --dir "$work/vtl" --owner-pid $$ >/dev/null 2>"$work/vtl.log"; then
        diag <"$work/vtl.log"
        echo "Bail out! the virtual tape library did not start"
        exit 1
fi
# shellcheck disable=SC1091
source "$work/vtl/vtl.env"

start_rsmd
expect 0 "view libraries before the library is configured" --json view libraries
json_is '[l["type"] for l in d["libraries"]]' "['offline']" "only the offline library at first"

# --- rsm library add, restart, refresh ---------------------------------------------

drives=()
for url in $VTL_DRIVE_URLS; do
        drives+=(--drive "$url")
done
expect 0 "library add" library add "Virtual library" --changer "$VTL_CHANGER_URL" "${drives[@]}" \
        --library-dir "$work/libraries"
has out "^$work/libraries/virtual-library.conf$" "library add wrote the file rsmd reads"

stop_rsmd
start_rsmd
expect 0 "view libraries after the restart" --json view libraries
json_is '[(l["name"], l["type"], l["drives"], l["slots"]) for l in d["libraries"] if l["type"] == "online"]' \
        "[('Virtual library', 'online', $VTL_DRIVES, $VTL_SLOTS)]" "rsmd took the library from the file"

expect 0 "refresh" refresh
has err '^Taking inventory of Virtual library\.\.\.$' "refresh says what it waits for"
has out "^Virtual library +$VTL_FULL +$VTL_SLOTS$" "refresh reports the media found"

# --- status: every barcode in its slot ----------------------------------------------------

expect 0 "status" status
has out '^Virtual library \(online, ready\)' "status names the library"
has out '^Slots$' "status lists the slots"
has out '^1 +full +RSM000L6 +RSM000L6 +Import\\' "status shows slot 1 with its barcode and pool"
has out "^Drives$" "status lists the drives"
has out '^Ports$' "status lists the ports"

expect 0 "status --json" --json status 'Virtual library'
expected=$(awk -v base="$VTL_SLOT_ADDR" '{ printf "%d %s\n", $1 - base + 1, $2 }' "$work/vtl/barcodes" | sort -n)
shown=$(json '"\n".join("%d %s" % (s["slot"], s["barcode"]) for s in d["libraries"][0]["slots"] if s["barcode"])' |
        sort -n)
if [ -n "$expected" ] && [ "$expected" = "$shown" ]; then
        tap_ok "status shows the $VTL_FULL barcodes in their slots"
else
        tap_not_ok "status shows the $VTL_FULL barcodes in their slots"
        diff <(echo "$expected") <(echo "$shown") | diag
fi
json_is 'len(d["libraries"][0]["slots"])' "$VTL_SLOTS" "status --json lists every slot"
json_is 'sum(1 for s in d["libraries"][0]["slots"] if s["state"] == "empty")' $((VTL_SLOTS - VTL_FULL)) \
        "status --json shows the empty slots"
json_is 'len(d["libraries"][0]["drives"])' "$VTL_DRIVES" "status --json lists the drives"
json_is 'len(d["libraries"][0]["ports"])' "$VTL_PORTS" "status --json lists the ports"
expect 0 "status --no-empty" --json status --no-empty
json_is 'len([l for l in d["libraries"] if l["type"] == "online"][0]["slots"])' "$VTL_FULL" \
        "status --no-empty leaves out the empty slots"

expect 0 "media show of a barcode in the library" --json media show RSM005L6
json_is 'd["medium"]["location"]' "Slot 6" "media show says where the medium is"
mt=$(json 'd["medium"]["media_type"]')
expect 0 "media --library" --json media --library 'Virtual library'
json_is 'len(d)' "$VTL_FULL" "media --library lists the library's media"

# --- allocation ---------------------------------------------------------------------------

if unimplemented AllocateMedia; then
        expect 1 "allocate while rsmd does not allocate" allocate "Import\\$mt"
        has err 'ERROR_CALL_NOT_IMPLEMENTED' "allocate names the documented error"
else
        expect 0 "move a medium to the free pool" media move RSM000L6 "Free\\$mt"
        expect 0 "createpool that draws from the free pool" createpool Backups --media-type "$mt" \
                --from-free=yes --to-free=yes
        expect 0 "allocate" --json allocate Backups
        json_is '(d["name"], d["from_pool"])' "('RSM000L6', 'Free\\\\$mt')" "allocate took the free medium"
        expect 0 "the allocated medium" --json media show RSM000L6
        json_is '(d["medium"]["pool"], d["sides"][0]["state"])' "('Backups', 'allocated')" \
                "the medium is allocated in the application pool"
        expect 1 "allocate from a pool without more media" allocate Backups --error-if-unavailable
fi

# --- mounting ---------------------------------------------------------------------------------

if unimplemented MountMedia; then
        expect 1 "mount while rsmd does not mount" mount RSM000L6 --timeout=10s
        has err '^Mounting RSM000L6, waiting up to 10 s\.\.\.$' "mount says what it waits for"
        has err 'MountNtmsMedia failed with ERROR_CALL_NOT_IMPLEMENTED' "mount names the documented error"
elif ! unimplemented AllocateMedia; then
        expect 0 "mount" mount RSM000L6 --timeout=2min
        has out 'RSM000L6 +Drive' "mount names the drive"
        expect 0 "status after the mount" --json status 'Virtual library'
        json_is '[d["barcode"] for d in d["libraries"][0]["drives"] if d["barcode"]]' "['RSM000L6']" \
                "status shows the medium in its drive"
        if unimplemented DismountMedia; then
                expect 1 "dismount while rsmd does not dismount" dismount RSM000L6
        else
                expect 0 "dismount" dismount RSM000L6
        fi
fi

if ! unimplemented AllocateMedia && unimplemented MountMedia; then
        expect 0 "deallocate" deallocate RSM000L6
        expect 0 "the deallocated medium" --json media show RSM000L6
        json_is '(d["medium"]["pool"], d["sides"][0]["state"])' "('Free\\\\$mt', 'available')" \
                "deallocate returned the medium to the free pool"
fi

# --- library remove --delete ------------------------------------------------------------------

expect 0 "library remove --delete" library remove 'Virtual library' --delete --library-dir "$work/libraries"
if [ -e "$work/libraries/virtual-library.conf" ]; then
        tap_not_ok "library remove removes the file"
else
        tap_ok "library remove removes the file"
fi
expect 0 "view libraries after the delete" --json view libraries
json_is '[l["type"] for l in d["libraries"]]' "['offline']" "library remove --delete deleted the library"
expect 0 "media after the delete" --json media show RSM005L6
json_is 'd["medium"]["location"]' offline "the library's media went offline"

finish
