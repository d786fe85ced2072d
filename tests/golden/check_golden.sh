#!/usr/bin/env bash
# Golden-file check: runs a command and compares its standard output (and
# exit code) with a file under tests/golden/. A mismatch prints a unified
# diff. UPDATE_GOLDEN=1 rewrites the golden file instead.
#
# Usage: check_golden.sh GOLDEN_FILE EXPECTED_EXIT [--with-stderr] -- COMMAND [ARGS...]
# With --with-stderr, standard error is captured into the same file.
set -uo pipefail
golden="$1"
want_rc="$2"
shift 2
with_stderr=0
if [ "$1" = --with-stderr ]; then with_stderr=1; shift; fi
shift  # --
actual="$(mktemp)"
trap 'rm -f "$actual"' EXIT
if [ "$with_stderr" = 1 ]; then
  "$@" >"$actual" 2>&1
else
  "$@" >"$actual"
fi
rc=$?
if [ "$rc" != "$want_rc" ]; then
  echo "exit code $rc, want $want_rc: $*" >&2
  exit 1
fi
if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
  cp "$actual" "$golden"
  echo "updated $golden"
  exit 0
fi
if [ ! -f "$golden" ]; then
  echo "missing golden file $golden (run with UPDATE_GOLDEN=1 to create it)" >&2
  exit 1
fi
if ! diff -u "$golden" "$actual"; then
  echo "output differs from $golden (UPDATE_GOLDEN=1 rewrites it)" >&2
  exit 1
fi
