#!/usr/bin/env bash
# Rebuilds the sample programs with Go 1.19 and regenerates their traces
# (samples/<name>/<name>.trace) and the oracle count files
# (samples/<name>/<name>.go-tool-counts.txt).
#
# Usage: samples/regenerate.sh [NAME...]     (default: all samples)
# Env:   GO=/path/to/go1.19 (default /usr/lib/go-1.19/bin/go)
#
# Traces differ from run to run (timing): regenerate only when needed and
# regenerate the counts file together with its trace (this script does).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
SAMPLES_DIR=$(pwd)

GO=${GO:-/usr/lib/go-1.19/bin/go}
if [[ ! -x "$GO" ]]; then
    echo "error: Go 1.19 not found at $GO" >&2
    echo "       install it with: apt-get install golang-1.19-go" >&2
    echo "       (or set GO=/path/to/go1.19/bin/go)" >&2
    exit 1
fi
GOVERSION=$("$GO" version)
case "$GOVERSION" in
    *" go1.19"*) ;;
    *) echo "error: $GO is not Go 1.19 ($GOVERSION); the samples must be Go 1.19 traces" >&2
       exit 1 ;;
esac

# Build single files in GOPATH mode, no module or network needed.
export GO111MODULE=off GOFLAGS=
export GOCACHE=${GOCACHE:-${TMPDIR:-/tmp}/tracenote-samples-gocache}
export CGO_ENABLED=0

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

ALL=(spin syscall alloc tasks)
if [[ $# -gt 0 ]]; then NAMES=("$@"); else NAMES=("${ALL[@]}"); fi

gomaxprocs_for() {
    case "$1" in
        spin) echo 1 ;;
        *) echo 2 ;;
    esac
}

echo "using: $GOVERSION"
"$GO" build -trimpath -o "$TMP/rawcount" ./tools/rawcount/main.go

for name in "${NAMES[@]}"; do
    [[ -f "$name/main.go" ]] || { echo "error: no sample $name" >&2; exit 1; }
    procs=$(gomaxprocs_for "$name")
    trace="$name/$name.trace"
    counts="$name/$name.go-tool-counts.txt"
    echo "== $name (GOMAXPROCS=$procs)"
    "$GO" build -trimpath -o "$TMP/$name" "./$name/main.go"
    GOMAXPROCS=$procs "$TMP/$name" "$TMP/$name.trace"

    # Sanity checks before replacing the committed trace.
    hdr=$(head -c 13 "$TMP/$name.trace")
    if [[ "$hdr" != "go 1.19 trace" ]]; then
        echo "error: $name: bad header: $hdr" >&2; exit 1
    fi
    if grep -a -q -e "$SAMPLES_DIR" -e "$TMP" -e /home/ -e /root/ "$TMP/$name.trace"; then
        echo "error: $name: trace contains a local path (built without -trimpath?)" >&2; exit 1
    fi
    size=$(stat -c %s "$TMP/$name.trace")
    if (( size > 1000000 )); then
        echo "error: $name: trace is $size bytes (> 1 MB)" >&2; exit 1
    fi
    "$GO" tool trace -d "$TMP/$name.trace" > "$TMP/$name.d" 2> "$TMP/$name.d.err" || {
        echo "error: $name: go tool trace -d failed:" >&2; cat "$TMP/$name.d.err" >&2; exit 1; }

    cp "$TMP/$name.trace" "$trace"
    {
        echo "# Oracle counts for $name.trace"
        echo "# trace: $trace ($size bytes), produced by: GOMAXPROCS=$procs <$name built with -trimpath> $name.trace"
        echo "# go: $GOVERSION"
        echo "#"
        echo "# Section 1: events printed by: go tool trace -d $name.trace"
        echo "# (internal/trace's parsed events: one line per event, format"
        echo "#  '<ts_ns> <Name> p=<P> g=<G> off=<byte offset> <args...>'. Not raw records:"
        echo "#  Batch/Frequency/Stack/String/TimerGoroutine records are consumed;"
        echo "#  GoStartLocal/GoUnblockLocal/GoSysExitLocal are renamed to"
        echo "#  GoStart/GoUnblock/GoSysExit; futile wakeup sequences are removed.)"
        echo "# command: go tool trace -d $name.trace | awk '{print \$2}' | sort | uniq -c | sort -k1,1nr -k2"
        echo "total_events $(wc -l < "$TMP/$name.d")"
        awk '{print $2}' "$TMP/$name.d" | sort | uniq -c | sort -k1,1nr -k2 | awk '{printf "%9d %s\n", $1, $2}'
        echo "#"
        echo "# Section 2: raw records in the file, per record type (tools/rawcount)."
        "$TMP/rawcount" "$TMP/$name.trace" | sed 's/^# raw records/raw_records/'
        echo "#"
        echo "# Section 3: go tool trace -d events per goroutine (the g= field of each"
        echo "# printed event; g=0 means no goroutine, e.g. ProcStart, GC events)."
        echo "# command: go tool trace -d $name.trace | awk '{print \$4}' | sort | uniq -c | sort -k1,1nr -k2"
        awk '{print $4}' "$TMP/$name.d" | sort | uniq -c | sort -k1,1nr -k2 | awk '{printf "%9d %s\n", $1, $2}'
    } > "$counts"
    printf '%-8s %8d bytes  %7d events (go tool trace -d)\n' "$name" "$size" "$(wc -l < "$TMP/$name.d")"
done
