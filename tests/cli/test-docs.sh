#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The administrator's documents follow rsm: the man pages format without
# warnings, rsm(1) and the bash completion know every command and option
# that "rsm --help" and "rsm COMMAND --help" list, and the completion offers
# words, subcommands and names from rsmd.

source "$(dirname "$0")/lib.sh"

: "${MAN_PAGES:?MAN_PAGES lists the built man pages}"
completion="$TOP/cli/completion/rsm"
rsm_man=$(tr ' ' '\n' <<<"$MAN_PAGES" | grep '/rsm\.1$')

# --- man pages ----------------------------------------------------------------------

if command -v groff >/dev/null; then
        for page in $MAN_PAGES; do
                warnings=$(groff -t -man -ww -z "$page" 2>&1)
                if [ -z "$warnings" ]; then
                        tap_ok "$(basename "$page") formats without warnings"
                else
                        tap_not_ok "$(basename "$page") formats without warnings"
                        echo "$warnings" | diag
                fi
        done
else
        tap_ok "# SKIP groff is not installed"
fi

# --- commands and options ---------------------------------------------------------------

commands=$("$RSM" --help | sed -n 's/^  \([a-z]*\)  .*/\1/p')
[ -n "$commands" ] && tap_ok "rsm --help lists commands" || tap_not_ok "rsm --help lists commands"
for c in $commands; do
        if grep -q "^\\\\fB$c\\\\fR" "$rsm_man"; then
                tap_ok "rsm.1 describes $c"
        else
                tap_not_ok "rsm.1 describes $c"
        fi
        if grep -Eq "(^|[ \"])$c( |$)" <(sed -n '/local commands=/,/inventory"/p' "$completion"); then
                tap_ok "the completion offers $c"
        else
                tap_not_ok "the completion offers $c"
        fi
        for o in $("$RSM" "$c" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
                case $o in --help | --json) continue ;; esac
                roff=${o//-/\\-}
                if grep -qF -- "$roff" "$rsm_man"; then
                        tap_ok "rsm.1 has $c $o"
                else
                        tap_not_ok "rsm.1 has $c $o"
                fi
                if grep -qF -- "$o" "$completion"; then
                        tap_ok "the completion has $c $o"
                else
                        tap_not_ok "the completion has $c $o"
                fi
        done
done

# --- the completion at work -------------------------------------------------------------

bash_completion=/usr/share/bash-completion/bash_completion
if [ ! -r "$bash_completion" ]; then
        tap_ok "# SKIP bash-completion is not installed"
        finish
        exit
fi

setup
start_rsmd
# Media to complete: a pool of one media type takes media made through the bus.
"$RSM" createpool Tapes --media-type 'LTO Ultrium 6' >/dev/null
pool=$("$RSM" --json pools Tapes | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)[0]["guid"])')
bus call org.ntms.Rsm1 /org/ntms/Rsm1 org.ntms.Rsm1.Session CreateMedia 'a{sv}aa{sv}u' \
        2 szBarCode s SHELF001 MediaPool s "$pool" 1 1 Side q 0 0 >/dev/null

# complete LINE: what the completion offers for the last word of LINE, one
# per line. rsm from the build is first in PATH for the names from rsmd.
complete_line() {
        PATH="$(dirname "$RSM"):$PATH" bash -c '
                source "$1"; source "$2"
                COMP_LINE=$3
                COMP_POINT=${#COMP_LINE}
                read -r -a COMP_WORDS <<<"$COMP_LINE"
                [[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
                COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
                _rsm rsm "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
                printf "%s\n" "${COMPREPLY[@]}"' _ "$bash_completion" "$completion" "$1"
}

# offers LINE WORD...: each WORD is among what LINE completes to.
offers() {
        local line=$1 got w missing=
        shift
        got=$(complete_line "$line")
        for w in "$@"; do
                grep -qxF -- "$w" <<<"$got" || missing+=" $w"
        done
        if [ -z "$missing" ]; then
                tap_ok "'$line' offers $*"
        else
                tap_not_ok "'$line' offers $* (missing:$missing)"
                echo "$got" | diag
        fi
}

offers "rsm " $commands
offers "rsm --" --json --help --version
offers "rsm st" status
offers "rsm refresh --method " fast omid default none
offers "rsm media " list show move
offers "rsm requests " list cancel order reorder delete
offers "rsm library " list add remove
offers "rsm cleaner " show reserve release insert eject
offers "rsm cleaner insert --" --cleanings --stop
offers "rsm cleaner insert X --cleanings " unlimited
offers "rsm cleaner show " 'Offline\ Media'
offers "rsm eject --" --queue --stop --device --immediate --force
offers "rsm identify --" --deferred
offers "rsm mount --pr" --priority
offers "rsm mount X --priority " lowest highest
offers "rsm rename X Y --type " library medium side logical pool
offers "rsm status " 'Offline\ Media'
offers "rsm media show SH" SHELF001
offers "rsm pools Ta" Tapes
offers "rsm createpool X --media-type LTO" 'LTO\ Ultrium\ 6'

finish
