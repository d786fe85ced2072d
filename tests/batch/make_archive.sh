#!/usr/bin/env bash
# Writes an archive for batch runs into ARCHIVE: GOOD good inputs (default
# 180: copies of the samples, plain, gzip-compressed, or named without any
# extension) and 20 bad ones (truncated, corrupt, gzip broken in the middle,
# gzip in gzip, a cut profile, hostile strings from MAKE_HOSTILE_INPUTS and
# hostile file names), plus two files that are no input at all (main.go,
# README). Run from the source tree; used by batch_archive_test.sh and by
# bench/batch_measure.sh.
#
# Usage: make_archive.sh ARCHIVE MAKE_HOSTILE_INPUTS [GOOD]
set -euo pipefail
archive="$1" make_hostile="$2" good="${3:-180}"
mkdir -p "$archive/good" "$archive/bad" "$archive/hostile"

samples=(samples/spin/spin.trace samples/tasks/tasks.trace samples/syscall/syscall.trace
         samples/alloc/alloc.trace samples/gcload/gcload.trace samples/gcload/cpu.pb.gz
         samples/gcload/heap.pb.gz samples/gcload/allocs.pb.gz samples/contention/mutex.pb.gz
         samples/contention/block.pb.gz samples/contention/goroutine.pb.gz
         samples/threads/threadcreate.pb.gz samples/threads/heap.pb.gz)
for i in $(seq 0 $((good - 1))); do
  src="${samples[$((i % ${#samples[@]}))]}"
  dir="$archive/good/part$((i % 4))"
  mkdir -p "$dir"
  name="$(printf '%03d' "$i")-$(basename "$src")"
  if ((i % 5 == 0)); then
    cp "$src" "$dir/blob-$i"                     # no extension: recognised by content
  elif ((i % 3 == 0)) && [[ "$src" == *.trace ]]; then
    gzip -c "$src" > "$dir/$name.gz"
  else
    cp "$src" "$dir/$name"
  fi
done
# Files that are no input at all are left out, not counted as errors.
cp samples/spin/main.go "$archive/good/main.go"
echo "notes" > "$archive/good/README"

bad="$archive/bad"
for f in syscall alloc tasks; do                 # 6 truncated traces: partial
  size=$(stat -c %s "samples/$f/$f.trace")
  head -c $((size / 2)) "samples/$f/$f.trace" > "$bad/cut-half-$f.trace"
  head -c $((size / 5)) "samples/$f/$f.trace" > "$bad/cut-fifth-$f.trace"
done
for f in spin tasks syscall; do                  # 3 corrupt traces: garbage after the header
  { head -c 16 "samples/$f/$f.trace"; head -c 4000 /dev/zero | tr '\0' '\377'; } > "$bad/corrupt-$f.trace"
done
for f in tasks syscall; do                      # 2 gzip streams broken in the middle
  gzip -c "samples/$f/$f.trace" | python3 -c '
import sys
d = bytearray(sys.stdin.buffer.read()); d[2000:2060] = b"\xff" * 60; sys.stdout.buffer.write(d)' \
    > "$bad/broken-$f.trace.gz"
done
gzip -c samples/spin/spin.trace | gzip -c > "$bad/double.trace.gz"    # gzip in gzip
gzip -dc samples/gcload/cpu.pb.gz | head -c 700 > "$bad/cut-cpu.pb"    # a cut profile
"$make_hostile" "$archive/hostile" >/dev/null                          # hostile strings
hostile_files=$(find "$archive/hostile" -type f -printf . | wc -c)
# Hostile file names: markup, a newline, invalid UTF-8, shell syntax.
n=0
for name in '<img src=x onerror=alert(1)>.trace' $'new\nline.trace' $'\xff\xfe.trace' \
            '$(touch PWNED).trace' '`touch PWNED`.trace'; do
  ((n < 20 - 13 - hostile_files)) || break
  cp samples/spin/spin.trace "$archive/hostile/$name"
  n=$((n + 1))
done
