#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# rsm with a stand-alone drive: the tape LUN of a virtual library made a
# stand-alone drive library by "rsm library add" without a changer (its
# device /dev/nst9). "rsm eject --device" opens it (EjectDiskFromSADrive),
# waiting with --immediate, queued without, forced with --force; whether the
# drive still holds its cartridge is asked of the drive itself. "rsm clean"
# of a stand-alone drive only records the cleaning. Needs root and tgt.

source "$(dirname "$0")/lib.sh"

DEVICE=/dev/nst9

start_vtl --slots 1 --full 1 --drives 1 --ports 0
url=$VTL_DRIVE_URLS
start_rsmd
expect 0 "library add of a stand-alone drive" library add "Desk drive" --drive "$url,$DEVICE" \
        --library-dir "$work/libraries"
stop_rsmd
start_rsmd
wait_until "[x['device'] for x in d['libraries'][0]['drives']] == ['$DEVICE']" \
        "rsmd serves the stand-alone drive library" status 'Desk drive'

# The drive takes a cartridge by hand: the LUN gets a tape image and comes online.
put_cartridge() {
        if tgtadm -C "$VTL_CONTROL" --lld iscsi --op update --mode logicalunit --tid 1 --lun "${url##*/}" \
                --params "path=$VTL_DIR/tapes/RSM000L6,online=1" >/dev/null; then
                tap_ok "a cartridge goes into the drive by hand"
        else
                tap_not_ok "a cartridge goes into the drive by hand"
        fi
}

# cartridge in|out DESCRIPTION: TEST UNIT READY says whether the drive
# holds a cartridge (GOOD) or not (NOT READY, medium not present).
cartridge() {
        local reply
        reply=$("$VTL_SCSI_CAPTURE" "$url" "00 00 00 00 00 00" 2>&1)
        case $1 in
        in) grep -q '^status 0x00 GOOD' <<<"$reply" ;;
        out) grep -q '^sense-key 0x2 asc 0x3a' <<<"$reply" ;;
        esac && tap_ok "$2" || { tap_not_ok "$2"; echo "$reply" | diag; }
}

# The eject of the drive that ended last, for wait_request.
last_eject="([r for r in d if r['operation'] == 'eject'] or [None])[-1]"

# --- eject --device --------------------------------------------------------------------

put_cartridge
cartridge in "the drive holds the cartridge"
expect 0 "eject --device --immediate" eject --device="$DEVICE" --immediate
has err "^Ejecting the medium of $DEVICE\.\.\.$" "eject --immediate says what it waits for"
has out "^The medium of $DEVICE is ejected\.$" "eject --immediate says that it is done"
cartridge out "eject --immediate opened the drive"
expect 0 "the eject's request" --json requests list 'Desk drive'
json_is "[(r['operation'], r['state'], r['drive'], r['application']) for r in d]" \
        "[('eject', 'passed', 'Drive 1', 'rsm')]" "the eject was a library request of rsm's"

put_cartridge
expect 0 "eject --device, queued" eject --device "$DEVICE"
has out "^The eject of the medium of $DEVICE is queued; follow it with: rsm requests$" \
        "eject --device says how to follow it"
wait_request "$last_eject" passed "the queued eject passed"
cartridge out "the queued eject opened the drive"

put_cartridge
expect 0 "eject --device --force" eject --device="$DEVICE" --force
wait_request "$last_eject" passed "the forced eject passed"
cartridge out "the forced eject opened the drive"

expect 1 "eject of a device that is no stand-alone drive" eject --device=/dev/nst8 --immediate
has err 'EjectDiskFromSADrive failed with ERROR_INVALID_PARAMETER \(87\)' "eject --device names the documented error"
has err "rsm eject MEDIUM" "eject --device points to the eject of media"

expect 2 "eject --device with a medium too" eject RSM000L6 --device="$DEVICE"
expect 2 "eject --device --queue" eject --device="$DEVICE" --queue
expect 2 "eject --immediate and --force" eject --device="$DEVICE" --immediate --force
expect 2 "eject --force of a medium" eject RSM000L6 --force

# --- clean: recorded only -------------------------------------------------------------

expect 0 "clean of a stand-alone drive" clean "$DEVICE"
has out "^Drive 1 is a stand-alone drive: it is recorded as cleaned now\.$" \
        "clean says that a stand-alone drive is only recorded as cleaned"
expect 0 "the cleaned drive" --json status 'Desk drive'
json_is "d['libraries'][0]['drives'][0]['last_cleaned'] != ''" True "status shows when the drive was cleaned"
expect 0 "cleaner show of a stand-alone drive library" --json cleaner show 'Desk drive'
json_is "(d[0]['cleaner_slot'], d[0]['cleaner'])" "(None, 'none')" "a stand-alone drive library has no cleaner"

finish
