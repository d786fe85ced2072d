#!/usr/bin/env bash
# The Hugo half of `tracenote site`: the content tree, hugo.toml and the
# theme it writes must build with a real Hugo into pages that show the
# report and its pictures, in both languages.
#
# Usage: hugo_check.sh TRACENOTE WORKDIR   (run from the source tree)
# Exit 77 (skipped) when hugo is not installed.
set -euo pipefail
tracenote="$1"
work="$2"
if ! command -v hugo >/dev/null; then
  echo "SKIP: hugo is not installed (Debian package hugo)"
  exit 77
fi
rm -rf "$work"
mkdir -p "$work"
"$tracenote" batch samples/spin samples/contention/mutex.pb.gz -o "$work/results" -j 2 >/dev/null
"$tracenote" site "$work/results" -o "$work/site"
hugo --quiet --source "$work/site" --destination "$work/public"

fail() { echo "FAIL: $*" >&2; exit 1; }
for lang in en ru; do
  post=$(ls -d "$work/public/$lang"/posts/samples_spin_spin.trace-*/ 2>/dev/null | head -1)
  [ -n "$post" ] || fail "no spin post in public/$lang/posts"
  grep -q "<img src=\"report.$lang.timeline.svg\"" "$post/index.html" ||
    fail "$lang post does not show its timeline"
  [ -s "$post/report.$lang.timeline.svg" ] || fail "$lang post has no timeline.svg beside it"
  grep -q 'class="language current"' "$post/index.html" || fail "$lang post has no language switch"
  grep -q "posts/samples_spin_spin.trace-" "$work/public/$lang/index.html" ||
    fail "$lang index does not list the spin post"
  [ -s "$work/public/$lang/tags/contention/index.html" ] || fail "no $lang tag page"
done
grep -q 'Отчёты' "$work/public/ru/index.html" || fail "ru index is not in Russian"
echo "ok: hugo built $(find "$work/public" -name index.html | wc -l) pages"
