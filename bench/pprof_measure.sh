#!/usr/bin/env bash
# Speed and memory of `tracenote top` against Go 1.19's
# `go tool pprof -top -symbolize=none` on a large synthetic profile
# (bench/pprof_synth, at least 10 MB compressed). For each command: one
# warm-up run (which also checks that it works), then RUNS measured runs;
# medians of wall time, CPU time (user + sys) and peak RSS from GNU time
# (/usr/bin/time). Prints a table with the compressed and uncompressed
# sizes, MB/s of uncompressed profile per wall second, the speed ratio
# (go tool pprof wall / tracenote wall) and peak RSS / uncompressed size,
# and checks the targets: >= 10x faster, RSS <= 5x the uncompressed size.
#
# Usage: bench/pprof_measure.sh TMPDIR [MB] [RUNS] [KIND]
#   TMPDIR  where the profile goes (outside the repository; made if missing;
#           deleted at the end unless KEEP=1)
#   MB      compressed size to generate (default 10); RUNS default 3;
#   KIND    cpu (default) or heap
# Environment: BUILD (default build-bench, a Release build with
# -DTRACENOTE_BENCH=ON), TN and SYNTH (the binaries), GO (Go 1.19, default
# /usr/lib/go-1.19/bin/go), SEED (default 1).
set -euo pipefail
dir="${1:?usage: bench/pprof_measure.sh TMPDIR [MB] [RUNS] [KIND]}"
mb="${2:-10}"
runs="${3:-3}"
kind="${4:-cpu}"
BUILD="${BUILD:-build-bench}"
TN="${TN:-$BUILD/src/cli/tracenote}"
SYNTH="${SYNTH:-$BUILD/bench/tracenote_pprof_synth}"
GO="${GO:-/usr/lib/go-1.19/bin/go}"
SEED="${SEED:-1}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
case "$dir/" in
  "$repo"/*) echo "pprof_measure.sh: $dir is inside the repository; use a temporary directory" >&2
             exit 2 ;;
esac
for bin in "$TN" "$SYNTH" "$GO"; do
  [ -x "$bin" ] || { echo "pprof_measure.sh: $bin is missing (build with -DTRACENOTE_BENCH=ON; GO=go1.19)" >&2; exit 2; }
done
f="$dir/pprofsynth-${kind}-${mb}mb.pb.gz"
cleanup() { [ "${KEEP:-0}" = 1 ] || rm -f "$f"; }
trap cleanup EXIT

median() { sort -g | sed -n "$(( (runs + 1) / 2 ))p"; }

# measure LABEL COMMAND... -> sets wall, cpu, peak_kb
measure() {
  local label="$1"; shift
  local tmp walls=() rss=() cpus=()
  tmp="$(mktemp)"
  if ! "$@" >/dev/null 2>"$tmp"; then
    echo "pprof_measure.sh: FAILED: $*" >&2
    cat "$tmp" >&2
    rm -f "$tmp"
    exit 1
  fi
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M %U %S' -o "$tmp" "$@" >/dev/null 2>&1
    read -r e m u s < <(tail -n 1 "$tmp")
    walls+=("$e"); rss+=("$m"); cpus+=("$(echo "$u + $s" | bc -l)")
  done
  rm -f "$tmp"
  wall=$(printf '%s\n' "${walls[@]}" | median)
  cpu=$(printf '%s\n' "${cpus[@]}" | median)
  peak_kb=$(printf '%s\n' "${rss[@]}" | median)
}

"$SYNTH" --out "$f" --mb "$mb" --seed "$SEED" --kind "$kind"
gz=$(stat -c %s "$f")
raw=$(gzip -dc "$f" | wc -c)
echo
printf 'profile: %s, %.2f MB compressed, %.2f MB uncompressed; %s runs, medians\n' \
  "$(basename "$f")" "$(echo "$gz / 1048576" | bc -l)" "$(echo "$raw / 1048576" | bc -l)" "$runs"
echo
echo "| command | wall s | CPU s | MB/s (uncompressed, wall) | peak RSS MB | RSS / uncompressed |"
echo "| --- | --- | --- | --- | --- | --- |"
row() {
  printf '| %s | %.2f | %.2f | %.1f | %.1f | %.2f |\n' "$1" "$wall" "$cpu" \
    "$(echo "$raw / 1048576 / $wall" | bc -l)" "$(echo "$peak_kb / 1024" | bc -l)" \
    "$(echo "$peak_kb * 1024 / $raw" | bc -l)"
}
measure "tracenote top" "$TN" top "$f"
tn_wall=$wall tn_cpu=$cpu tn_peak=$peak_kb
row "tracenote top"
measure "go tool pprof -top" "$GO" tool pprof -top -symbolize=none "$f"
go_wall=$wall go_cpu=$cpu
row "go tool pprof -top -symbolize=none (Go 1.19)"
echo
speed=$(echo "$go_wall / $tn_wall" | bc -l)
speed_cpu=$(echo "$go_cpu / $tn_cpu" | bc -l)
ratio=$(echo "$tn_peak * 1024 / $raw" | bc -l)
status=0
v1="met"; [ "$(echo "$speed >= 10" | bc -l)" = 1 ] || { v1="MISSED"; status=1; }
v2="met"; [ "$(echo "$ratio <= 5" | bc -l)" = 1 ] || { v2="MISSED"; status=1; }
printf 'speed: tracenote is %.1fx faster (wall; %.1fx in CPU time); target >= 10x: %s\n' \
  "$speed" "$speed_cpu" "$v1"
printf 'memory: tracenote peak RSS = %.2f x uncompressed size; target <= 5x: %s\n' "$ratio" "$v2"
exit "$status"
