#!/usr/bin/env bash
# Golden check of a report written with its pictures: runs COMMAND with
# "-o TMP/REPORT" appended, then compares every file written into TMP (the
# Markdown and its SVG pictures) with the same file in GOLDEN_DIR, and the
# lists of files themselves. A mismatch prints a unified diff per file.
# UPDATE_GOLDEN=1 replaces GOLDEN_DIR's files with the new ones.
#
# Usage: check_golden_dir.sh GOLDEN_DIR REPORT -- COMMAND [ARGS...]
set -uo pipefail
golden="$1"
report="$2"
shift 3  # GOLDEN_DIR REPORT --
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
if ! "$@" -o "$out/$report"; then
  echo "command failed: $* -o $out/$report" >&2
  exit 1
fi
if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
  rm -rf "$golden"
  mkdir -p "$golden"
  cp "$out"/* "$golden"/
  echo "updated $golden ($(ls "$golden" | wc -l) files)"
  exit 0
fi
if [ ! -d "$golden" ]; then
  echo "missing golden folder $golden (run with UPDATE_GOLDEN=1 to create it)" >&2
  exit 1
fi
status=0
if ! diff -u <(cd "$golden" && ls) <(cd "$out" && ls); then
  echo "the files written differ from $golden" >&2
  status=1
fi
for f in "$out"/*; do
  name="$(basename "$f")"
  [ -f "$golden/$name" ] || continue
  if ! diff -u "$golden/$name" "$f"; then
    echo "$name differs from $golden/$name (UPDATE_GOLDEN=1 rewrites it)" >&2
    status=1
  fi
done
exit $status
