#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# rsm against rsmd on a private bus: output, JSON and exit status of the
# commands that work without a library, look-ups by GUID, name and barcode,
# usage errors, objects that do not exist, and the commands whose function
# rsmd does not carry out yet.

source "$(dirname "$0")/lib.sh"

setup
start_rsmd

# --- usage ---------------------------------------------------------------------

expect 0 "rsm --help" --help
has out '^  status ' "rsm --help lists status"
expect 0 "rsm --version" --version
has out '^rsm [0-9]' "rsm --version prints the version"
expect 2 "rsm without a command is a usage error"
expect 2 "an unknown command is a usage error" frobnicate
has err "unknown command 'frobnicate'" "an unknown command is named"
expect 2 "an unknown option is a usage error" view --frob
has err "Try 'rsm view --help'" "a usage error says where to look"
expect 2 "view of an unknown kind" view widgets
expect 2 "too many arguments" view pools mediatypes
expect 2 "createpool without a name" createpool
expect 2 "mount with a bad priority" mount X --priority=99
expect 2 "mount with a bad timeout" mount X --timeout=soon
expect 2 "refresh with an unknown method" refresh --method=slow
expect 2 "an unknown subcommand" media frobnicate
expect 2 "clean without a drive" clean
expect 2 "an unknown cleaner subcommand" cleaner frobnicate
expect 2 "cleaner reserve without a slot" cleaner reserve Library
expect 2 "cleaner insert with --cleanings and --stop" cleaner insert Library --cleanings=5 \
        --stop=01234567-89ab-cdef-0123-456789abcdef
expect 2 "cleaner insert with too many cleanings" cleaner insert Library --cleanings=4294967296
expect 2 "cleaner eject --cleanings" cleaner eject Library --cleanings=5
expect 2 "identify without slots" identify
expect 2 "identify --deferred without slots" identify --deferred
expect 2 "eject --immediate of a medium" eject SHELF001 --immediate
expect 2 "eject --device --stop" eject --device=/dev/nst0 --stop=01234567-89ab-cdef-0123-456789abcdef
for c in allocate createpool deallocate deletepool dismount eject mount refresh rename view status \
         inject door clean cleaner identify requests pools media library watch inventory; do
        expect 0 "rsm $c --help" "$c" --help
        has out "^Usage: rsm ${c/inventory/refresh} " "rsm $c --help shows its usage"
done
expect 0 "rsm help mount" help mount
has out '^Usage: rsm mount' "rsm help COMMAND shows the command's usage"

# --- view, pools ----------------------------------------------------------------

expect 0 "view" view
has out '^Libraries$' "view shows libraries"
has out '^Offline Media +offline' "view lists the offline library"
has out '^Free\\LTO Ultrium 6 +free +LTO Ultrium 6' "view lists the free pools by full name"
has out '^LTO Ultrium 6 +1 +tape' "view lists media types"
expect 0 "view --json" view --json
json_is 'sorted(d.keys())' "['libraries', 'mediatypes', 'pools']" "view --json has the three lists"
json_is '[l["type"] for l in d["libraries"] if l["name"] == "Offline Media"][0]' offline "view --json: library type"
json_is 'len(d["mediatypes"]) > 30' True "view --json: media types"
expect 0 "--json before the command" --json view pools
json_is 'list(d.keys())' "['pools']" "view pools --json has only pools"
json_is '[p["media_type"] for p in d["pools"] if p["pool"] == "Import\\LTO Ultrium 6"][0]' "LTO Ultrium 6" \
        "pools: media_type key"
expect 0 "pools" pools
has out '^POOL +TYPE +MEDIA TYPE' "pools has a header"
has out '^Unrecognized\\DDS-4 +unrecognized' "pools lists the unrecognized pools"

# --- createpool, rename, deletepool --------------------------------------------------

expect 0 "createpool" createpool Backup
has out '^[0-9a-f-]{36} Backup$' "createpool prints GUID and name"
backup=${out%% *}
expect 1 "createpool of an existing pool" createpool Backup
has err 'ERROR_ALREADY_EXISTS' "createpool names the documented error"
expect 0 "createpool --existing" --json createpool --existing Backup
json_is 'd["guid"]' "$backup" "createpool --existing opens the same pool"
expect 0 "createpool inside a pool" createpool 'Backup\Weekly' --media-type 'LTO Ultrium 6'
expect 3 "createpool with a media type that does not exist" createpool Other --media-type 'LTO Ultrium 99'
has err "no media type is named 'LTO Ultrium 99'" "the missing media type is named"
expect 0 "pools POOL" --json pools Backup
json_is '[p["pool"] for p in d]' "['Backup', 'Backup\\\\Weekly']" "pools POOL lists the pool and the pools inside"
json_is 'd[1]["media_type"]' "LTO Ultrium 6" "the new pool has its media type"
json_is 'd[0]["guid"]' "$backup" "pools --json carries GUIDs"
expect 0 "pools by GUID" pools "$backup"
expect 0 "pools by a name in other case" pools backup
expect 2 "an ambiguous pool name" pools 'LTO Ultrium 6'
has err "'LTO Ultrium 6' names 3 objects" "an ambiguous name says how many"
has err 'Import\\LTO Ultrium 6' "an ambiguous name lists the candidates"
expect 3 "pools of a pool that does not exist" pools Nowhere
has err "no media pool is named 'Nowhere'" "not found names what was looked for"
expect 3 "a GUID nothing has" pools 01234567-89ab-cdef-0123-456789abcdef
has err 'has the GUID 01234567-89ab-cdef-0123-456789abcdef' "not found by GUID names the GUID"

expect 0 "rename a pool" rename 'Backup\Weekly' Daily
has out "Renamed media pool" "rename says what it renamed"
expect 0 "the renamed pool" --json pools 'Backup\Daily'
json_is 'd[0]["pool"]' 'Backup\Daily' "rename changed the name"
expect 0 "createpool --existing sets policies" createpool 'Backup\Daily' --existing --from-free=yes \
        --max-allocations=5 --description="daily tapes"
expect 0 "the pool's policies" --json pools 'Backup\Daily'
json_is '(d[0]["from_free"], d[0]["to_free"], d[0]["max_allocations"], d[0]["description"])' \
        "('yes', 'no', 5, 'daily tapes')" "createpool --existing changed the policies"
expect 2 "createpool with a bad policy value" createpool 'Backup\Daily' --existing --to-free=maybe
expect 2 "rename with a name too long" rename Backup "$(printf 'x%.0s' $(seq 64))"
expect 3 "rename of nothing" rename Nothing Something
expect 2 "rename with an unknown --type" rename Backup X --type=widget

# --- media: look-ups by barcode, name and GUID ------------------------------------------

daily=$("$RSM" --json pools 'Backup\Daily' | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)[0]["guid"])')
for b in 1 2; do
        bus call org.ntms.Rsm1 /org/ntms/Rsm1 org.ntms.Rsm1.Session CreateMedia 'a{sv}aa{sv}u' \
                3 szName s "Shelf tape $b" szBarCode s "SHELF00$b" MediaPool s "$daily" 1 1 Side q 0 0 >/dev/null ||
                tap_not_ok "CreateMedia through the bus"
done
expect 0 "media" media
has out '^SHELF001 +Shelf tape 1 +Offline Media +offline +Backup\\Daily +LTO Ultrium 6' \
        "media lists barcode, name, library, location and pool"
expect 0 "media list --pool" --json media list --pool 'Backup\Daily'
json_is 'sorted(m["barcode"] for m in d)' "['SHELF001', 'SHELF002']" "media --pool lists the pool's media"
guid=$(json 'd[0]["guid"]')
expect 0 "media --library" --json media --library 'Offline Media'
json_is 'len(d)' 2 "media --library lists the library's media"
expect 0 "media show by barcode" media show SHELF002
has out '^ +Barcode: SHELF002$' "media show prints the barcode"
has out '^ +Pool: Backup\\Daily$' "media show prints the pool"
expect 0 "media show by name" --json media show 'Shelf tape 1'
json_is 'd["medium"]["barcode"]' SHELF001 "media show finds by name"
json_is 'len(d["sides"])' 1 "media show lists the sides"
expect 0 "media show by GUID" --json media show "$guid"
json_is 'd["medium"]["guid"]' "$guid" "media show finds by GUID"
expect 0 "media show by barcode in other case" media show shelf001
expect 3 "media show of a barcode nobody has" media show NOSUCH01
has err "no medium has the barcode or name 'NOSUCH01'" "the missing medium is named"

expect 0 "rename a medium by barcode" rename SHELF001 Monday
expect 0 "the renamed medium" --json media show SHELF001
json_is 'd["medium"]["name"]' Monday "rename changed the medium's name"

expect 1 "deletepool of a pool with media" deletepool Backup
has err 'ERROR_NOT_EMPTY' "deletepool names the documented error"
expect 1 "deletepool of a system pool" deletepool Free
has err 'DeleteNtmsMediaPool failed with ERROR_' "deletepool of a system pool fails in rsmd"
expect 1 "media move to a pool of another kind" media move SHELF001 Import
expect 0 "createpool for a move" createpool 'Backup\Monthly' --media-type 'LTO Ultrium 6'
expect 0 "media move" media move SHELF001 Monday 'Backup\Monthly'
expect 3 "media move of a medium that does not exist" media move NOSUCH01 'Backup\Monthly'
expect 0 "media after the move" --json media --pool 'Backup\Monthly'
json_is 'len(d)' 1 "media move moved the medium once"
expect 0 "status" status
has out '^Offline Media \(offline, ready\)' "status shows the offline library"
expect 0 "status --json" --json status
json_is '[l["media"] for l in d["libraries"] if l["type"] == "offline"][0]' 2 "status --json counts the media"
expect 3 "status of a library that does not exist" status Nowhere

# --- library files ---------------------------------------------------------------------

dir="$work/libs"
expect 0 "library add" library add "Tape library 2" --changer iscsi://127.0.0.1:3260/iqn.2026-11.test:x/1 \
        --drive iscsi://127.0.0.1:3260/iqn.2026-11.test:x/2,/dev/nst7 --library-dir "$dir"
has out "^$dir/tape-library-2.conf$" "library add prints the file"
has err "restart rsmd" "library add says that rsmd reads it at start"
if grep -qx 'DeviceName0=/dev/nst7' "$dir/tape-library-2.conf" &&
   grep -qx 'Changer=iscsi://127.0.0.1:3260/iqn.2026-11.test:x/1' "$dir/tape-library-2.conf"; then
        tap_ok "library add writes Changer= and DeviceName0="
else
        tap_not_ok "library add writes Changer= and DeviceName0="
fi
expect 1 "library add of an existing file" library add "Tape library 2" --changer /dev/sg9 --library-dir "$dir"
expect 1 "library add of a changer configured elsewhere" library add Other \
        --changer iscsi://127.0.0.1:3260/iqn.2026-11.test:x/1 --library-dir "$dir"
expect 2 "library add without devices" library add Third --library-dir "$dir"
expect 2 "library add with a device that is none" library add Third --changer sg9 --library-dir "$dir"
expect 0 "library list" --json library list --library-dir "$dir"
json_is 'd[0]["name"]' "Tape library 2" "library list reads Name="
expect 3 "library remove of a file that does not exist" library remove Nothing --library-dir "$dir"
expect 0 "library remove" library remove "Tape library 2" --library-dir "$dir"
if [ -e "$dir/tape-library-2.conf" ]; then tap_not_ok "library remove removes the file"; else tap_ok "library remove removes the file"; fi

# --- functions rsmd does not carry out yet ---------------------------------------------

# Each command builds its call; while rsmd lists the method as not built,
# the command must say so and exit 1, never pretend success.
not_built() {
        local method=$1 function=$2
        shift 2
        if ! unimplemented "$method"; then
                tap_ok "# SKIP $method is implemented now"
                return
        fi
        expect 1 "rsm $* reports that $function is not implemented" "$@"
        has err "$function failed with ERROR_CALL_NOT_IMPLEMENTED \(120\)" "rsm $1 names the documented error"
        has err "does not carry out $function yet" "rsm $1 says that nothing was done"
}
not_built MountMedia MountNtmsMedia mount SHELF002 --timeout=5
not_built DismountMedia DismountNtmsMedia dismount SHELF002
expect 1 "eject of a medium on the shelf" eject SHELF002
has err 'EjectNtmsMedia failed with ERROR_LIBRARY_OFFLINE' "eject names the documented error"
if unimplemented AllocateMedia; then
        not_built AllocateMedia AllocateNtmsMedia allocate 'Backup\Monthly'
else
        # New sides are not available yet: nothing to allocate.
        expect 1 "allocate from a pool without available media" allocate 'Backup\Monthly' --error-if-unavailable
        has err 'AllocateNtmsMedia failed with ERROR_MEDIA_UNAVAILABLE' "allocate names the documented error"
fi
expect 1 "deallocate of a medium that is not allocated" deallocate SHELF002
has err 'SHELF002 is not allocated' "deallocate says why"
if unimplemented OpenNotification; then
        expect 1 "watch reports that rsmd has no notifications yet" watch
        has err 'does not offer notifications yet' "watch says why"
        has err 'ERROR_CALL_NOT_IMPLEMENTED' "watch names the documented error"
fi

# --- cleaning, identification, stand-alone drives: what needs no library -------------------

expect 0 "cleaner without a library that has a robot" cleaner
has out 'No library has a robot, and so none has a cleaner' "cleaner says why it shows nothing"
expect 0 "cleaner show of the offline library" --json cleaner show 'Offline Media'
json_is '(d[0]["library"], d[0]["cleaner_slot"], d[0]["cleaner"], d[0]["cleanings_left"])' \
        "('Offline Media', None, 'none', 0)" "the offline library has no cleaner"
expect 3 "cleaner show of a library that does not exist" cleaner show Nowhere
expect 3 "clean of a drive that does not exist" clean Nowhere
has err "no drive is named 'Nowhere'" "clean names the missing drive"
expect 3 "cleaner reserve of a slot the offline library does not have" cleaner reserve 'Offline Media' 1
has err "Offline Media has no slot 1" "cleaner reserve names the missing slot"
expect 1 "cleaner release in the offline library" cleaner release 'Offline Media'
has err 'ReleaseNtmsCleanerSlot failed with ERROR_INVALID_LIBRARY' "cleaner release names the documented error"
expect 1 "cleaner insert in the offline library" cleaner insert 'Offline Media' --cleanings=5
has err 'InjectNtmsCleaner failed with ERROR_LIBRARY_OFFLINE' "cleaner insert names the documented error"
expect 1 "cleaner eject in the offline library" cleaner eject 'Offline Media'
has err 'EjectNtmsCleaner failed with ERROR_LIBRARY_OFFLINE' "cleaner eject names the documented error"
expect 3 "identify of a slot the offline library does not have" identify 'Offline Media' 1
expect 3 "identify of a slot GUID nothing has" identify 01234567-89ab-cdef-0123-456789abcdef
has err 'no slot or library has the GUID' "identify says what the GUID could have named"
expect 1 "eject --device of a device rsmd does not know" eject --device=/dev/nst0
has err 'EjectDiskFromSADrive failed with ERROR_INVALID_PARAMETER \(87\)' "eject --device names the documented error"

expect 0 "requests" requests
has out 'No library requests' "requests says when there are none"
expect 0 "requests --json" --json requests list
json_is 'd' '[]' "requests --json is a list"
expect 3 "requests cancel of a request that does not exist" requests cancel 01234567-89ab-cdef-0123-456789abcdef

# --- rsmd not there --------------------------------------------------------------------

stop_rsmd
expect 1 "view without rsmd" view
has err 'OpenNtmsSession failed with ERROR_' "without rsmd the session fails with a documented error"
has err 'is rsmd running' "without rsmd the advice is to check it"
expect 1 "eject --device without rsmd" eject --device=/dev/nst0 --immediate
has err 'EjectDiskFromSADrive failed with ERROR_' "without rsmd eject --device fails with a documented error"

finish
