#!/usr/bin/env bash
# Compares one `tracenote top|tree|peek|list` output with the output Go 1.19's
# `go tool pprof` gave for the same profile and flags, recorded by
# samples/regenerate.sh in samples/<sample>/<output> (the flags are in that
# folder's pprof-outputs.tsv: output TAB flags TAB profile).
#
# Usage (from the repository root):
#   check_pprof_go119.sh TRACENOTE SAMPLE OUTPUT [GO119_SRC]
# GO119_SRC: Go 1.19's $GOROOT/src, for listings of runtime functions
# (`-source_path=$GOROOT/src:.`). Without it (or when it does not exist)
# such listings are skipped (exit 77); listings of the samples' own code
# need only the checkout.
#
# Flags are translated one to one: -top/-tree/-peek=RE/-list=RE choose the
# command, -cum -> --cum, -sample_index=X -> --sample-index X,
# -contentions -> --sample-index contentions, -source_path=P ->
# --source-path P.
#
# Rows must be identical. Lines that legitimately differ between Go 1.19's
# pprof (google/pprof of 2022-07-29) and the current pprof that tracenote
# follows are normalised on both sides before comparing:
#  1. `Time:`: Go 1.19 prints "Jan 2, 2006 at 3:04pm (MST)", current pprof
#     "2006-01-02 15:04:05 MST"; both become "2006-01-02 15:04 MST" (Go
#     1.19's has no seconds).
# Every other line is compared as is.
set -uo pipefail

if [[ $# -lt 3 ]]; then
    echo "usage: $0 TRACENOTE SAMPLE OUTPUT [GO119_SRC]" >&2
    exit 2
fi
tracenote=$1
sample=$2
output=$3
go_src=${4:-}
dir=samples/$sample
tsv=$dir/pprof-outputs.tsv
want=$dir/$output

line=$(awk -F'\t' -v o="$output" '$1 == o {print; exit}' "$tsv")
if [[ -z "$line" ]]; then
    echo "no line for $output in $tsv" >&2
    exit 1
fi
IFS=$'\t' read -r _ flags profile <<< "$line"

cmd=
regex=
args=()
read -r -a words <<< "$flags"
for w in "${words[@]}"; do
    case "$w" in
        -top) cmd=top ;;
        -tree) cmd=tree ;;
        -peek=*) cmd=peek; regex=${w#-peek=} ;;
        -list=*) cmd=list; regex=${w#-list=} ;;
        -cum) args+=(--cum) ;;
        -sample_index=*) args+=(--sample-index "${w#-sample_index=}") ;;
        -contentions) args+=(--sample-index contentions) ;;
        -source_path=*)
            sp=${w#-source_path=}
            if [[ "$sp" == *'$GOROOT/src'* ]]; then
                # Runtime listings need Go 1.19's own sources.
                if grep '^ROUTINE ' "$want" | grep -qv ' in samples/'; then
                    if [[ -z "$go_src" || ! -d "$go_src/runtime" ]]; then
                        echo "skipped: $output lists Go 1.19 runtime sources; GO119_SRC not found" >&2
                        exit 77
                    fi
                fi
                sp=${sp//'$GOROOT/src'/${go_src:-/nonexistent}}
            fi
            args+=(--source-path "$sp") ;;
        *) echo "$tsv: $output: flag $w has no tracenote equivalent" >&2; exit 1 ;;
    esac
done
if [[ -z "$cmd" ]]; then
    echo "$tsv: $output: no view flag in: $flags" >&2
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run=("$tracenote" "$cmd" "$dir/$profile")
[[ -n "$regex" ]] && run+=("$regex")
run+=(${args[@]+"${args[@]}"})
TZ=UTC "${run[@]}" > "$tmp/got" 2> "$tmp/err"
rc=$?
if [[ $rc != 0 ]]; then
    echo "exit code $rc: ${run[*]}" >&2
    cat "$tmp/err" >&2
    exit 1
fi

# normalise FILE: the rules in the header comment.
normalise() {
    local f=$1 t
    while IFS= read -r l; do
        if [[ "$l" == "Time: "* ]]; then
            t=${l#Time: }
            if [[ "$t" =~ ^([A-Z][a-z]{2}\ [0-9]{1,2},\ [0-9]{4})\ at\ ([0-9]{1,2}:[0-9]{2}[ap]m)\ \(([A-Za-z0-9+-]+)\)$ ]]; then
                # Go 1.19: Jan 2, 2006 at 3:04pm (MST)
                t="$(TZ=UTC date -d "${BASH_REMATCH[1]} ${BASH_REMATCH[2]}" '+%Y-%m-%d %H:%M') ${BASH_REMATCH[3]}"
            elif [[ "$t" =~ ^([0-9]{4}-[0-9]{2}-[0-9]{2}\ [0-9]{2}:[0-9]{2}):[0-9]{2}\ (.*)$ ]]; then
                # Current: 2006-01-02 15:04:05 MST
                t="${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
            fi
            l="Time: $t"
        fi
        printf '%s\n' "$l"
    done < "$f"
}

normalise "$want" > "$tmp/want.norm"
normalise "$tmp/got" > "$tmp/got.norm"
if ! diff -u --label "go1.19 $want" --label "tracenote ${run[*]:1}" "$tmp/want.norm" "$tmp/got.norm"; then
    echo "tracenote differs from Go 1.19's pprof for $dir/$output (after normalising Time:)" >&2
    exit 1
fi
