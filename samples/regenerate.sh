#!/usr/bin/env bash
# Rebuilds the sample programs with Go 1.19 and regenerates their traces
# (samples/<name>/<name>.trace) and the oracle count files
# (samples/<name>/<name>.go-tool-counts.txt).
#
# Also rebuilds the pprof samples (gcload, contention, threads: modules of
# their own) and regenerates their profiles and Go 1.19's `go tool pprof`
# outputs for them (see regen_profiles below and samples/README.md).
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
PROFILE_ALL=(gcload contention threads)
if [[ $# -gt 0 ]]; then NAMES=("$@"); else NAMES=("${ALL[@]}" "${PROFILE_ALL[@]}"); fi
# Trace samples go through the loop below, profile samples through regen_profiles.
TRACE_NAMES=()
PROFILE_NAMES=()
for name in "${NAMES[@]}"; do
    case " ${PROFILE_ALL[*]} " in
        *" $name "*) PROFILE_NAMES+=("$name") ;;
        *) TRACE_NAMES+=("$name") ;;
    esac
done

gomaxprocs_for() {
    case "$1" in
        spin) echo 1 ;;
        *) echo 2 ;;
    esac
}

echo "using: $GOVERSION"
"$GO" build -trimpath -o "$TMP/rawcount" ./tools/rawcount/main.go

for name in ${TRACE_NAMES[@]+"${TRACE_NAMES[@]}"}; do
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

# ---------------------------------------------------------------------------
# Profile samples: gcload, contention, threads.
#
# Each is a module of its own (samples/NAME/go.mod says `module samples/NAME`),
# so with -trimpath its frames name their file samples/NAME/main.go, which
# resolves from the repository root. The program writes its profiles (and
# gcload its trace) into a temporary directory; after checks they are copied
# to samples/NAME/, and Go 1.19's `go tool pprof` outputs are recorded next
# to them, run from the repository root with TZ=UTC:
#   <p>.top.txt          -top
#   <p>.top_cum.txt      -top -cum
#   <p>.tree.txt         -tree
#   <p>.peek.txt         -peek=<the top flat function of <p>.top.txt, anchored>
#   <p>.list_<f>.txt     -list=<regex> for the functions chosen below
#   <p>.top_<index>.txt  -top -sample_index=alloc_space / inuse_objects (heap,
#                        allocs), -top -contentions (block, mutex)
# The exact commands, one per output, go to samples/NAME/pprof-outputs.tsv
# (output file, TAB, pprof flags, TAB, profile); the test
# tests/golden/pprof_go119 replays them with tracenote. `-list` runs with
# -source_path=$GOROOT/src:. so that runtime functions are listed from this
# Go 1.19's sources (the .tsv writes it as $GOROOT/src).

GOROOT_SRC="$("$GO" env GOROOT)/src"
# The profiles' mapping records the executable's absolute path: run the
# programs from one fixed directory so that the committed files do not
# depend on the machine (or on mktemp's random name).
PROFILE_BIN_DIR=/tmp/tracenote-samples
REPO_ROOT=$(cd .. && pwd)

# pprof_out NAME PROFILE OUTPUT FLAGS...: one recorded `go tool pprof` output.
pprof_out() {
    local name=$1 prof=$2 out=$3
    shift 3
    local flags=("$@") shown=()
    local f
    for f in "${flags[@]}"; do
        shown+=("${f//$GOROOT_SRC/\$GOROOT/src}")
    done
    (cd "$REPO_ROOT" && TZ=UTC "$GO" tool pprof -symbolize=none "${flags[@]}" \
        "samples/$name/$prof.pb.gz" > "samples/$name/$out" 2> "$TMP/pprof.err") || {
        echo "error: $name: go tool pprof ${shown[*]} $prof.pb.gz failed:" >&2
        cat "$TMP/pprof.err" >&2; exit 1; }
    if grep -q -e "$REPO_ROOT" -e "$TMP" "$name/$out"; then
        echo "error: $name/$out contains a local path" >&2; exit 1
    fi
    printf '%s\t%s\t%s\n' "$out" "${shown[*]}" "$prof.pb.gz" >> "$TMP/$name.tsv"
}

# pprof_views NAME PROFILE [LIST_REGEX=SUFFIX...]: the views of one profile.
pprof_views() {
    local name=$1 prof=$2
    shift 2
    pprof_out "$name" "$prof" "$prof.top.txt" -top
    pprof_out "$name" "$prof" "$prof.top_cum.txt" -top -cum
    pprof_out "$name" "$prof" "$prof.tree.txt" -tree
    # The hottest function: the first row of -top (name after two spaces,
    # without " (inline)"), as an anchored regexp.
    local hot
    hot=$(awk '/^ *flat  flat%/ {getline; sub(/^ *[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+  /, ""); sub(/ \((partial-)?inline\)$/, ""); print; exit}' "$name/$prof.top.txt")
    [[ -n "$hot" ]] || { echo "error: $name/$prof.top.txt: no rows" >&2; exit 1; }
    hot=$(printf '%s' "$hot" | sed 's/[][\\.*+?(){}|^$]/\\&/g')
    pprof_out "$name" "$prof" "$prof.peek.txt" "-peek=^$hot\$"
    local spec
    for spec in "$@"; do
        pprof_out "$name" "$prof" "$prof.list_${spec#*=}.txt" "-source_path=$GOROOT_SRC:." "-list=${spec%=*}"
    done
}

regen_profiles() {
    local name=$1 size p
    [[ -f "$name/main.go" && -f "$name/go.mod" ]] || { echo "error: no profile sample $name" >&2; exit 1; }
    echo "== $name (GOMAXPROCS=2, profiles)"
    mkdir -p "$PROFILE_BIN_DIR"
    (cd "$name" && GO111MODULE=on "$GO" build -trimpath -o "$PROFILE_BIN_DIR/$name" .)
    rm -rf "$TMP/$name.out"
    mkdir "$TMP/$name.out"
    GOMAXPROCS=2 "$PROFILE_BIN_DIR/$name" "$TMP/$name.out"
    for p in "$TMP/$name.out"/*; do
        size=$(stat -c %s "$p")
        if (( size > 200000 )); then
            echo "error: $name: $(basename "$p") is $size bytes (> 200 KB)" >&2; exit 1
        fi
        case "$p" in
            *.pb.gz) gzip -dc "$p" > "$TMP/raw" ;;
            *) cp "$p" "$TMP/raw" ;;
        esac
        if grep -a -q -e "$SAMPLES_DIR" -e "$TMP" -e /home/ -e /root/ "$TMP/raw"; then
            echo "error: $name: $(basename "$p") contains a local path (built without -trimpath?)" >&2; exit 1
        fi
    done
    if [[ -f "$TMP/$name.out/$name.trace" ]]; then
        "$GO" tool trace -d "$TMP/$name.out/$name.trace" > /dev/null 2> "$TMP/$name.d.err" || {
            echo "error: $name: go tool trace -d failed:" >&2; cat "$TMP/$name.d.err" >&2; exit 1; }
    fi
    rm -f "$name"/*.pb.gz "$name"/*.txt "$name"/*.trace "$name/pprof-outputs.tsv"
    cp "$TMP/$name.out"/* "$name/"
    printf '# output\tgo tool pprof -symbolize=none flags (TZ=UTC, from the repository root)\tprofile\n' > "$TMP/$name.tsv"
    case "$name" in
        gcload)
            pprof_views gcload cpu '^main\.churn$=churn' '^runtime\.mallocgc$=mallocgc'
            pprof_views gcload heap '^main\.newRecord$=newRecord'
            pprof_views gcload allocs '^main\.churn$=churn'
            pprof_out gcload heap heap.top_alloc_space.txt -top -sample_index=alloc_space
            pprof_out gcload heap heap.top_inuse_objects.txt -top -sample_index=inuse_objects
            pprof_out gcload allocs allocs.top_inuse_space.txt -top -sample_index=inuse_space
            pprof_out gcload allocs allocs.top_alloc_objects.txt -top -sample_index=alloc_objects
            ;;
        contention)
            pprof_views contention mutex '^main\.\(\*counter\)\.bump$=bump'
            pprof_views contention block '^main\.pipeline=pipeline' '^sync\.\(\*Cond\)\.Wait$=CondWait'
            pprof_views contention goroutine '^main\.\(\*parked\)\.=parked'
            for p in mutex block; do
                pprof_out contention "$p" "$p.top_contentions.txt" -top -contentions
            done
            ;;
        threads)
            pprof_views threads heap '^runtime\.allocm$=allocm' '^main\.=main'
            pprof_out threads heap heap.top_alloc_space.txt -top -sample_index=alloc_space
            pprof_out threads heap heap.top_inuse_objects.txt -top -sample_index=inuse_objects
            pprof_views threads threadcreate
            ;;
    esac
    cp "$TMP/$name.tsv" "$name/pprof-outputs.tsv"
    for p in "$name"/*.pb.gz "$name"/*.trace; do
        [[ -f "$p" ]] && printf '  %8d %s\n' "$(stat -c %s "$p")" "$p"
    done
    return 0
}

for name in ${PROFILE_NAMES[@]+"${PROFILE_NAMES[@]}"}; do
    regen_profiles "$name"
done
