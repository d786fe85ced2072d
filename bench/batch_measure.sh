#!/usr/bin/env bash
# Batch throughput: the same archive reported with -j 1 and with -j 2 (and
# -j N for each N given), each into a fresh results folder, RUNS times;
# prints a Markdown table of the median wall time, inputs per second, CPU
# time of the batch and its workers, and the peak RSS of one process (GNU
# time reports the largest of the batch and its waited-for workers).
# The archive is tests/batch/make_archive.sh's: GOOD copies of the samples
# plus 20 bad inputs. Run from the source tree after building.
#
# Usage: bench/batch_measure.sh [GOOD] [RUNS] [JOBS...]
#   TN=path/to/tracenote  MAKE_HOSTILE=path/to/make_hostile_inputs
set -euo pipefail
cd "$(dirname "$0")/.."
good="${1:-380}" runs="${2:-3}"
shift $(($# > 2 ? 2 : $#)) || true
jobs=("$@")
[ ${#jobs[@]} -gt 0 ] || jobs=(1 2)
TN="${TN:-build/src/cli/tracenote}"
MAKE_HOSTILE="${MAKE_HOSTILE:-build/tests/hostile/make_hostile_inputs}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT

bash tests/batch/make_archive.sh "$dir/archive" "$MAKE_HOSTILE" "$good"
inputs=$(find "$dir/archive" -type f ! -name main.go ! -name README -printf . | wc -c)
bytes=$(du -sb "$dir/archive" | cut -f1)
echo "archive: $inputs inputs, $((bytes / 1024)) KiB; $(nproc) cores"
echo
echo "| -j | wall (median) | inputs/s | CPU user+sys | peak RSS of one process |"
echo "| --- | --- | --- | --- | --- |"
median() { sort -g | sed -n "$(( (runs + 1) / 2 ))p"; }
for j in "${jobs[@]}"; do
  walls=() cpus=() rss=()
  for _ in $(seq "$runs"); do
    rm -rf "$dir/out"
    /usr/bin/time -f '%e %U %S %M' -o "$dir/time" "$TN" batch "$dir/archive" -o "$dir/out" \
      -j "$j" -q 2>/dev/null || true
    read -r e u s m < <(tail -n 1 "$dir/time")
    walls+=("$e"); cpus+=("$(echo "$u + $s" | bc -l)"); rss+=("$m")
  done
  wall="$(printf '%s\n' "${walls[@]}" | median)"
  printf '| %s | %.2f s | %.1f | %.1f s | %.1f MB |\n' "$j" "$wall" \
    "$(echo "$inputs / $wall" | bc -l)" "$(printf '%s\n' "${cpus[@]}" | median)" \
    "$(echo "$(printf '%s\n' "${rss[@]}" | median) / 1024" | bc -l)"
done
