#!/usr/bin/env bash
# What the report's pictures cost on big traces: a ~100 MB Go 1.19 trace
# (bench/big_trace/make.sh) and a ~100 MB Go 1.25 trace (bench/v2_synth).
# For each file, three reports:
#   none  `tracenote report F -o DIR/x.md --no-pictures`
#   md    `tracenote report F -o DIR/x.md` (pictures as x.NAME.svg files)
#   html  `tracenote report F --format html -o DIR/x.html` (pictures inline)
# RUNS measured runs after one warm-up, medians of GNU time's wall time and
# peak RSS and of the stage times TRACENOTE_TIMING=1 prints ("analysis"
# holds the picture collectors riding along the pass; "pictures" is the
# second replay for the close-ups plus the drawing). Then the number of
# SVGs and the largest one: its size in bytes and its element count (start
# tags, `<` followed by a letter).
#
# Usage: bench/pictures_measure.sh TMPDIR [RUNS]
#   TMPDIR  where the traces and reports go (outside the repository; made
#           if missing; the traces are deleted at the end unless KEEP=1, and
#           traces already there are used again)
#   RUNS    default 3
# Environment: BUILD (default build-bench, a Release build with
# -DTRACENOTE_BENCH=ON), TN and SYNTH (the binaries), MB (trace size,
# default 100), V2_SECONDS (length of the v2 trace, default 96: about 1 MB
# per second), GO (Go 1.19, for make.sh).
set -euo pipefail
dir="${1:?usage: bench/pictures_measure.sh TMPDIR [RUNS]}"
runs="${2:-3}"
BUILD="${BUILD:-build-bench}"
TN="${TN:-$BUILD/src/cli/tracenote}"
SYNTH="${SYNTH:-$BUILD/bench/tracenote_v2_synth}"
MB="${MB:-100}"
V2_SECONDS="${V2_SECONDS:-96}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
case "$dir/" in
  "$repo"/*) echo "pictures_measure.sh: $dir is inside the repository; use a temporary directory" >&2
             exit 2 ;;
esac
for bin in "$TN" "$SYNTH"; do
  [ -x "$bin" ] || { echo "pictures_measure.sh: $bin is missing (build with -DTRACENOTE_BENCH=ON)" >&2; exit 2; }
done
cleanup() {
  rm -rf "$dir"/pictures-out-*
  [ "${KEEP:-0}" = 1 ] || rm -f "$dir/big.trace" "$dir/v2synth.trace"
}
trap cleanup EXIT

median() { sort -g | sed -n "$(( (runs + 1) / 2 ))p"; }

# The seconds a stage took, from TRACENOTE_TIMING's lines on stderr.
stage() { sed -n "s/^tracenote: $1 *\([0-9.]*\) s$/\1/p" "$2" | tail -n 1; }

# Size in bytes and start-tag count of every SVG in the files given, one
# "BYTES ELEMENTS" line each (inline ones in HTML too).
svg_stats() {
  perl -0777 -ne 'use bytes; while (/<svg\b.*?<\/svg>/gs) {
    my $s = $&; my $n = () = $s =~ /<[A-Za-z]/g; print length($s), " $n\n" }' "$@"
}

# measure TRACE MODE -> one table row
measure() {
  local trace="$1" mode="$2"
  local out="$dir/pictures-out-$mode" args=()
  case "$mode" in
    none) args=(-o "$out/x.md" --no-pictures) ;;
    md) args=(-o "$out/x.md") ;;
    html) args=(--format html -o "$out/x.html") ;;
  esac
  local err walls=() rss=() analysis=() pictures=()
  err="$(mktemp)"
  rm -rf "$out"; mkdir -p "$out"
  if ! "$TN" report "$trace" "${args[@]}" >/dev/null 2>"$err"; then  # warm-up and check
    echo "pictures_measure.sh: FAILED: $TN report $trace ${args[*]}" >&2
    cat "$err" >&2
    exit 1
  fi
  for _ in $(seq "$runs"); do
    rm -rf "$out"; mkdir -p "$out"
    TRACENOTE_TIMING=1 /usr/bin/time -f 'gnutime %e %M' "$TN" report "$trace" "${args[@]}" \
      >/dev/null 2>"$err"
    read -r _ e m < <(grep '^gnutime ' "$err" | tail -n 1)
    walls+=("$e"); rss+=("$m")
    analysis+=("$(stage analysis "$err")")
    pictures+=("$(stage pictures "$err")")
  done
  rm -f "$err"
  local files=("$out"/*.svg) count=0 largest="- -"
  case "$mode" in
    md) [ -e "${files[0]}" ] && count=${#files[@]}
        [ "$count" -gt 0 ] && largest="$(svg_stats "${files[@]}" | sort -n | tail -n 1)" ;;
    html) count="$(svg_stats "$out/x.html" | wc -l)"
          [ "$count" -gt 0 ] && largest="$(svg_stats "$out/x.html" | sort -n | tail -n 1)" ;;
  esac
  local pic
  pic="$(printf '%s\n' "${pictures[@]}" | median)"
  printf '| %s | %s | %.2f | %.1f | %s | %s | %s | %s | %s |\n' \
    "$(basename "$trace")" "$mode" "$(printf '%s\n' "${walls[@]}" | median)" \
    "$(echo "$(printf '%s\n' "${rss[@]}" | median) / 1024" | bc -l)" \
    "$(printf '%s\n' "${analysis[@]}" | median)" "${pic:--}" "$count" ${largest}
}

# A trace already there (from a run with KEEP=1) is used again.
[ -f "$dir/big.trace" ] || bash "$repo/bench/big_trace/make.sh" "$dir/big.trace" "$MB"
if [ ! -f "$dir/v2synth.trace" ]; then
  "$SYNTH" --out "$dir/v2synth.trace" --seconds "$V2_SECONDS" --version 1.25 --seed 1 2>&1 | head -n 1
fi
echo
echo "load before measuring: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| trace | pictures | wall s | peak RSS MB | analysis s | pictures s | SVGs | largest SVG bytes | its elements |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for trace in "$dir/big.trace" "$dir/v2synth.trace"; do
  for mode in none md html; do measure "$trace" "$mode"; done
done
echo
for trace in "$dir/big.trace" "$dir/v2synth.trace"; do
  echo "$(basename "$trace"): $(stat -c %s "$trace") bytes"
done
echo "load after measuring: $(cut -d' ' -f1-3 /proc/loadavg)"
