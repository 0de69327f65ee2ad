#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# rsm with the virtual tape library: "rsm library add" writes its file, rsmd
# restarts and takes it, "rsm refresh" reads the barcodes and "rsm status"
# shows each of them in its slot; then the cleaner (a slot reserved, the
# cleaner in through a port with the operator's hand, a drive cleaned, the
# cleaner out again), slots identified, allocation, mounting where rsmd
# carries them out, and "rsm library remove --delete". Needs root and tgt.

source "$(dirname "$0")/lib.sh"

start_vtl
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

# --- cleaning: the cleaner slot, the cleaner through a port, a drive cleaned ------------

lib='Virtual library'
drive=$("$RSM" --json status "$lib" | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["libraries"][0]["drives"][1]["name"])')
cleaner_is() {
        expect 0 "cleaner show: $2" --json cleaner show "$lib"
        json_is '(d[0]["cleaner_slot"], d[0]["cleaner"], d[0]["cleanings_left"])' "$1" "$2"
}

expect 0 "cleaner show without a cleaner slot" cleaner
has out "^$lib +none +0$" "cleaner show: no cleaner slot, no cleaner"
expect 1 "clean without a cleaner slot" clean "$drive"
has err 'CleanNtmsDrive failed with ERROR_CLEANER_SLOT_NOT_SET \(4332\)' "clean names the documented error"
has err 'rsm cleaner reserve LIBRARY SLOT' "clean says how to reserve a cleaner slot"
expect 1 "cleaner insert without a cleaner slot" cleaner insert "$lib" --cleanings=3
has err 'InjectNtmsCleaner failed with ERROR_NO_SLOT_SET' "cleaner insert names the documented error"
expect 1 "cleaner release without a cleaner slot" cleaner release "$lib"
has err 'ReleaseNtmsCleanerSlot failed with ERROR_NO_SLOT_RESERVED' "cleaner release names the documented error"

expect 1 "cleaner reserve of a full slot" cleaner reserve "$lib" 1
has err 'ReserveNtmsCleanerSlot failed with ERROR_SLOT_FULL' "cleaner reserve names the documented error"
has err 'only an empty slot can be reserved' "cleaner reserve says why"
expect 3 "cleaner reserve of a slot the library does not have" cleaner reserve "$lib" $((VTL_SLOTS + 1))
has err "$lib has no slot $((VTL_SLOTS + 1))" "the missing slot is named"
expect 2 "cleaner reserve without a slot" cleaner reserve "$lib"
expect 0 "cleaner reserve of the last slot by number" cleaner reserve "$lib" "$VTL_SLOTS"
has out "^Slot $VTL_SLOTS of $lib is reserved for the cleaner" "cleaner reserve says which slot"
expect 1 "a second cleaner slot" cleaner reserve "$lib" $((VTL_SLOTS - 1))
has err 'ERROR_ALREADY_RESERVED' "a second reservation names the documented error"
cleaner_is "($VTL_SLOTS, 'none', 0)" "the reserved slot, no cleaner yet"
expect 1 "clean without a cleaner" clean "$drive"
has err 'CleanNtmsDrive failed with ERROR_INVALID_CLEANER' "clean without a cleaner names the documented error"
expect 1 "cleaner eject without a cleaner" cleaner eject "$lib"
has err 'EjectNtmsCleaner failed with ERROR_SLOT_EMPTY' "cleaner eject names the documented error"

expect 2 "cleaner insert without --cleanings" cleaner insert "$lib"
has err '--cleanings=N' "cleaner insert asks for the cleanings"
expect 2 "cleaner insert with a bad number of cleanings" cleaner insert "$lib" --cleanings=lots
expect 2 "cleaner insert --stop with a bad GUID" cleaner insert "$lib" --stop=yesterday

# The operator puts a cleaner into the first port; rsmd takes it to the cleaner slot.
operator put "$VTL_PORT_ADDR" CLN001
expect 0 "cleaner insert" --json cleaner insert "$lib" --cleanings=3
op=$(json 'd["operation"]')
wait_request "[r for r in d if r['guid'] == '$op'][0]" passed "the insert of the cleaner passed"
cleaner_is "($VTL_SLOTS, 'present', 3)" "the cleaner is in its slot with 3 cleanings"
expect 0 "media after the insert of the cleaner" --json media --library "$lib"
json_is '[m["barcode"] for m in d if m["barcode"] == "CLN001"]' "[]" "the cleaner is no medium"
expect 1 "a second cleaner" cleaner insert "$lib" --cleanings=3
has err 'InjectNtmsCleaner failed with ERROR_SLOT_FULL' "a second cleaner names the documented error"
expect 1 "cleaner release with the cleaner in its slot" cleaner release "$lib"
has err 'ReleaseNtmsCleanerSlot failed with ERROR_SLOT_FULL' "cleaner release with a cleaner names the documented error"

expect 0 "clean" clean "$drive"
has out "^The cleaning of $drive is queued; follow it with: rsm requests list '$lib'$" "clean says how to follow it"
wait_request "[r for r in d if r['operation'] == 'clean drive' and r['drive'] == '$drive'][-1]" passed \
        "the cleaning passed"
cleaner_is "($VTL_SLOTS, 'present', 2)" "the cleaner has one cleaning less"
expect 0 "requests of one library, without the word list" --json requests "$lib"
json_is "len([r for r in d if r['operation'] == 'clean drive']) >= 1" "True" "requests LIBRARY lists that library's requests"
expect 0 "status after the cleaning" --json status "$lib"
json_is "[x['last_cleaned'] != '' for x in d['libraries'][0]['drives'] if x['name'] == '$drive']" "[True]" \
        "status shows when the drive was cleaned"

# Out through a port again; the operator takes it.
expect 1 "cleaner eject --stop of an operation that does not exist" \
        cleaner eject "$lib" --stop=01234567-89ab-cdef-0123-456789abcdef
has err 'EjectNtmsCleaner failed with ERROR_INVALID_OPERATION' "cleaner eject --stop names the documented error"
expect 0 "cleaner eject" cleaner eject "$lib"
has out "; stop with: rsm cleaner eject '$lib' --stop=" "cleaner eject says how to stop it"
op=$(head -1 <<<"$out")
# The cleaner leaves its slot for the first port, where the operator takes it.
wait_until 'd[0]["cleaner"] == "none"' "the cleaner left its slot" cleaner show "$lib"
operator take "$VTL_PORT_ADDR"
wait_request "[r for r in d if r['guid'] == '$op'][0]" passed "the eject of the cleaner passed"
cleaner_is "($VTL_SLOTS, 'none', 0)" "no cleaner after the eject"
expect 0 "cleaner release" cleaner release "$lib"
has out "^The cleaner slot of $lib is released" "cleaner release says what it did"
cleaner_is "(None, 'none', 0)" "no cleaner slot after the release"

# A cleaner whose cleanings nobody counts, by the slot's GUID; stopped before the operator came.
slot=$("$RSM" --json status "$lib" | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["libraries"][0]["slots"][-1]["guid"])')
expect 0 "cleaner reserve by GUID" cleaner reserve "$lib" "$slot"
expect 0 "cleaner insert --cleanings=unlimited" --json cleaner insert "$lib" --cleanings=unlimited
op=$(json 'd["operation"]')
expect 0 "cleaner insert --stop" cleaner insert "$lib" --stop="$op"
wait_request "[r for r in d if r['guid'] == '$op'][0]" passed "the stopped insert ended"
cleaner_is "($VTL_SLOTS, 'none', 0)" "nothing came in before the stop"
expect 0 "cleaner release after the stop" cleaner release "$lib"

# --- identify ------------------------------------------------------------------------------

expect 0 "identify a full and an empty slot" identify "$lib" 1 "$VTL_SLOTS"
has err "^Identifying slot 1 of $lib\.\.\.$" "identify says what it waits for"
has out "^$lib +1 +full +RSM000L6 +RSM000L6$" "identify shows the medium found"
has out "^$lib +$VTL_SLOTS +empty$" "identify shows the empty slot"
expect 0 "identify by slot GUID, deferred" --json identify "$slot" --deferred
json_is '[(s["slot"], s["state"], s["barcode"]) for s in d]' "[($VTL_SLOTS, 'empty', '')]" \
        "identify by GUID identifies that slot"
expect 2 "identify without slots" identify "$lib"
expect 3 "identify of a slot the library does not have" identify "$lib" $((VTL_SLOTS + 1))
expect 2 "identify of slot names without a library" identify "$slot" 3
expect 3 "identify of a library that does not exist" identify Nowhere 1

# A disabled library does nothing.
libguid=$("$RSM" --json cleaner show "$lib" | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)[0]["guid"])')
bus call org.ntms.Rsm1 /org/ntms/Rsm1 org.ntms.Rsm1.Session DisableObject us 9 "$libguid" >/dev/null ||
        tap_not_ok "DisableObject through the bus"
expect 1 "identify in a disabled library" identify "$lib" 1
has err 'IdentifyNtmsSlot failed with ERROR_RESOURCE_DISABLED' "identify names the documented error"
expect 1 "clean in a disabled library" clean "$drive"
has err 'CleanNtmsDrive failed with ERROR_RESOURCE_DISABLED' "clean in a disabled library names the documented error"
bus call org.ntms.Rsm1 /org/ntms/Rsm1 org.ntms.Rsm1.Session EnableObject us 9 "$libguid" >/dev/null ||
        tap_not_ok "EnableObject through the bus"

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
