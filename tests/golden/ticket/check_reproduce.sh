#!/usr/bin/env bash
# Reproduce check for `tracenote report --format ticket`: writes a ticket,
# takes the command line from its last ```sh code block, runs that in a
# POSIX shell (with TRACENOTE's folder first on PATH, in the same working
# folder) and checks that it prints the same ticket byte for byte, with the
# same exit code.
#
# Usage: check_reproduce.sh TRACENOTE -- REPORT_ARGS...
set -uo pipefail
tn="$1"
shift 2  # TRACENOTE --
first="$(mktemp)"
second="$(mktemp)"
trap 'rm -f "$first" "$second"' EXIT
"$tn" report --format ticket "$@" >"$first" 2>/dev/null
want_rc=$?
# The last fenced block whose info string is "sh"; its fence is the run of
# backticks before the info string, and the block ends at a line that is
# exactly that fence.
command="$(awk '
  !open && /^```+ ?sh$/ { fence = $0; sub(/ ?sh$/, "", fence); open = 1; n = 0; text = ""; next }
  open && $0 == fence { open = 0; last = text; next }
  open { text = (n++ ? text "\n" : "") $0 }
  END { printf "%s", last }' "$first")"
if [ -z "$command" ]; then
  echo "no \`\`\`sh block in the ticket:" >&2
  cat "$first" >&2
  exit 1
fi
PATH="$(cd "$(dirname "$tn")" && pwd):$PATH" sh -c "$command" >"$second" 2>/dev/null
rc=$?
if [ "$rc" != "$want_rc" ]; then
  echo "exit code $rc from: $command; the first run gave $want_rc" >&2
  exit 1
fi
if ! cmp -s "$first" "$second"; then
  echo "the reproduced ticket differs (command: $command):" >&2
  diff -u "$first" "$second" >&2
  exit 1
fi
echo "reproduced: $command"
