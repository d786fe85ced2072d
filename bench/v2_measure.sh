#!/usr/bin/env bash
# Throughput and memory of the Go 1.22+ reader on synthetic traces of two
# lengths (bench/v2_synth). For each file: `tracenote dump --stats` and
# `tracenote report -o /dev/null`, RUNS measured runs after one warm-up,
# medians of wall time, CPU time (user + sys) and peak RSS from GNU time.
# Prints MB/s (file size / time) and checks the peak RSS against the budget
# 3 x largest generation + 50 MB, which must hold whatever the file length.
#
# Usage: bench/v2_measure.sh TMPDIR [SHORT_SECONDS] [LONG_SECONDS] [RUNS]
#   TMPDIR   where the traces go (outside the repository; made if missing;
#            the traces are deleted at the end unless KEEP=1)
#   defaults: 60 and 240 seconds of trace (about 60 and 250 MB), 3 runs
# Environment: BUILD (default build-bench, a Release build with
# -DTRACENOTE_BENCH=ON), TN and SYNTH (the binaries), VERSION (trace
# version, default 1.25), SEED (default 1).
set -euo pipefail
dir="${1:?usage: bench/v2_measure.sh TMPDIR [SHORT_SECONDS] [LONG_SECONDS] [RUNS]}"
short="${2:-60}"
long="${3:-240}"
runs="${4:-3}"
BUILD="${BUILD:-build-bench}"
TN="${TN:-$BUILD/src/cli/tracenote}"
SYNTH="${SYNTH:-$BUILD/bench/tracenote_v2_synth}"
VERSION="${VERSION:-1.25}"
SEED="${SEED:-1}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
case "$dir/" in
  "$repo"/*) echo "v2_measure.sh: $dir is inside the repository; use a temporary directory" >&2
             exit 2 ;;
esac
for bin in "$TN" "$SYNTH"; do
  [ -x "$bin" ] || { echo "v2_measure.sh: $bin is missing (build with -DTRACENOTE_BENCH=ON)" >&2; exit 2; }
done
cleanup() { [ "${KEEP:-0}" = 1 ] || rm -f "$dir"/v2synth-*.trace; }
trap cleanup EXIT

median() { sort -g | sed -n "$(( (runs + 1) / 2 ))p"; }

# measure LABEL FILE COMMAND... -> one table row
measure() {
  local label="$1" file="$2"; shift 2
  local tmp walls=() rss=() cpus=()
  tmp="$(mktemp)"
  if ! "$@" >/dev/null 2>"$tmp"; then  # warm-up, and the check that it works
    echo "v2_measure.sh: FAILED: $*" >&2
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
  local size wall cpu peak
  size=$(stat -c %s "$file")
  wall=$(printf '%s\n' "${walls[@]}" | median)
  cpu=$(printf '%s\n' "${cpus[@]}" | median)
  peak=$(printf '%s\n' "${rss[@]}" | median)
  printf '| %s | %s | %.2f | %.0f | %.2f | %.0f | %.1f |\n' \
    "$(basename "$file")" "$label" "$wall" "$(echo "$size / 1000000 / $wall" | bc -l)" \
    "$cpu" "$(echo "$size / 1000000 / $cpu" | bc -l)" "$(echo "$peak / 1024" | bc -l)"
  last_peak=$peak
}

declare -A largest peaks
for secs in "$short" "$long"; do
  f="$dir/v2synth-${secs}s.trace"
  log="$("$SYNTH" --out "$f" --seconds "$secs" --version "$VERSION" --seed "$SEED" 2>&1)"
  largest[$secs]="$(echo "$log" | sed -n 's/^largest generation: \([0-9]*\) bytes$/\1/p')"
  echo "$log" | head -n 1
done
echo
echo "| file | command | wall s | MB/s (wall) | CPU s | MB/s (CPU) | peak RSS MB |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for secs in "$short" "$long"; do
  f="$dir/v2synth-${secs}s.trace"
  measure "dump --stats" "$f" "$TN" dump --stats "$f"
  peaks[$secs]=$last_peak
  measure "report" "$f" "$TN" report -o /dev/null "$f"
  [ "$last_peak" -gt "${peaks[$secs]}" ] && peaks[$secs]=$last_peak
done
echo
status=0
for secs in "$short" "$long"; do
  f="$dir/v2synth-${secs}s.trace"
  gen="${largest[$secs]}"
  budget_kb=$(( (3 * gen + 50 * 1024 * 1024) / 1024 ))
  verdict="within"
  [ "${peaks[$secs]}" -le "$budget_kb" ] || { verdict="OVER"; status=1; }
  printf '%s: %d bytes, largest generation %d bytes; peak RSS %.1f MB, budget %.1f MB: %s\n' \
    "$(basename "$f")" "$(stat -c %s "$f")" "$gen" "$(echo "${peaks[$secs]} / 1024" | bc -l)" \
    "$(echo "$budget_kb / 1024" | bc -l)" "$verdict"
done
exit "$status"
