#!/usr/bin/env bash
# Builds bench/big_trace/main.go with Go 1.19 (-trimpath) and runs it with
# tracing on until the trace holds at least MIN_MB megabytes (default 60).
# The program stops itself once the trace written so far reaches the size
# (it counts the bytes the runtime hands to its writer), so the file ends
# up slightly above MIN_MB on any machine. Big traces are never committed.
#
# Usage: bench/big_trace/make.sh OUT_FILE [MIN_MB]
# Env:   GO=/path/to/go1.19 (default /usr/lib/go-1.19/bin/go)
#        GOMAXPROCS (default: the machine's; the baseline used 2 on a 2-core box)
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: $0 OUT_FILE [MIN_MB]" >&2
    exit 2
fi
OUT=$1
MIN_MB=${2:-60}
if ! [[ "$MIN_MB" =~ ^[0-9]+$ ]] || (( MIN_MB < 1 )); then
    echo "error: MIN_MB must be a positive integer, got '$MIN_MB'" >&2
    exit 2
fi

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
GO=${GO:-/usr/lib/go-1.19/bin/go}
if [[ ! -x "$GO" ]]; then
    echo "error: Go 1.19 not found at $GO" >&2
    echo "       install it with: apt-get install golang-1.19-go" >&2
    echo "       (or set GO=/path/to/go1.19/bin/go)" >&2
    exit 1
fi
case "$("$GO" version)" in
    *" go1.19"*) ;;
    *) echo "error: $GO is not Go 1.19 ($("$GO" version))" >&2; exit 1 ;;
esac

export GO111MODULE=off GOFLAGS= CGO_ENABLED=0
export GOCACHE=${GOCACHE:-${TMPDIR:-/tmp}/tracenote-samples-gocache}

mkdir -p "$(dirname "$OUT")"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

(cd "$HERE" && "$GO" build -trimpath -o "$TMP/big_trace" ./main.go)

MIN_BYTES=$(( MIN_MB * 1024 * 1024 ))
"$TMP/big_trace" -min-bytes "$MIN_BYTES" -max-duration 10m "$OUT"

size=$(stat -c %s "$OUT")
if (( size < MIN_BYTES )); then
    echo "error: $OUT is only $size bytes (< $MIN_MB MB)" >&2
    exit 1
fi
hdr=$(head -c 13 "$OUT")
if [[ "$hdr" != "go 1.19 trace" ]]; then
    echo "error: $OUT: bad header: $hdr" >&2
    exit 1
fi
echo "$OUT: $size bytes ($(( size / 1024 / 1024 )) MiB)"
