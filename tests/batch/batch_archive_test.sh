#!/usr/bin/env bash
# Whole batch runs over a generated archive of 200 inputs: 180 good copies of
# the samples (plain, gzip-compressed, named without any extension) and 20
# bad ones (truncated, corrupt, broken gzip, gzip in gzip, a cut profile,
# hostile strings and hostile file names).
#
#   archive: every good input gets its reports, every bad one a row saying
#            so, the exit code says "partial", nothing lands outside OUTDIR,
#            and a second run redoes nothing and writes the same summary.
#   kill:    a batch killed with SIGKILL halfway leaves only whole report
#            folders and no worker behind; the rerun completes the archive
#            without redoing anything the first run finished.
#   shards:  three runs with --shard 1/3, 2/3, 3/3 into three folders share
#            no input and cover the archive; `tracenote index` over the
#            three merges them into one index of all 200.
#
# Usage: batch_archive_test.sh archive|kill|shards TRACENOTE MAKE_HOSTILE_INPUTS WORKDIR
set -euo pipefail
mode="$1" tn="$2" make_hostile="$3" work="$4"
export LANG=C LC_ALL=C
fail() { echo "FAIL: $*" >&2; exit 1; }

rm -rf "$work"
archive="$work/archive" out="$work/out"

# --- the archive ------------------------------------------------------------
bash "$(dirname "$0")/make_archive.sh" "$archive" "$make_hostile"
total=$(find "$archive" -type f ! -name main.go ! -name README -printf . | wc -c)
[ "$total" -eq 200 ] || fail "the archive has $total inputs, expected 200"

# --- checks -----------------------------------------------------------------
# check_results OUT: every input has one valid record, good ones have their
# files, bad ones an error (or, cut traces, a partial report).
check_results() {
  python3 - "$1" "$archive" <<'EOF'
import json, os, sys
out, archive = sys.argv[1], sys.argv[2]
lines = open(os.path.join(out, "summary.jsonl"), "rb").read().decode("utf-8").splitlines()
records = [json.loads(l) for l in lines]
assert len(records) == 200, f"{len(records)} records, expected 200"
assert [r["input"] for r in records] == sorted(r["input"] for r in records), "not sorted"
bad = {"ok": 0, "partial": 0, "error": 0}
for r in records:
    name = r["input"]
    if "/good/" in name or "/hostile/" in name:
        assert r["status"] == "ok", f"{name}: {r['status']} {r.get('error')}"
        for lang in ("en", "ru"):
            for fmt in ("md", "html"):
                rel = r["reports"][lang][fmt]
                path = os.path.realpath(os.path.join(out, rel))
                assert path.startswith(os.path.realpath(out) + "/"), f"{rel} escapes"
                assert os.path.getsize(path) > 0, f"{rel} empty"
        html = open(os.path.join(out, r["reports"]["en"]["html"]), encoding="utf-8").read()
        assert html.rstrip().endswith("</html>"), f"{name}: html cut"
    else:
        bad[r["status"]] += 1
        if "/cut-" in name and name.endswith(".trace"):
            assert r["status"] in ("partial", "error"), f"{name}: {r['status']}"
        else:
            assert r["status"] == "error", f"{name}: {r['status']}"
        if r["status"] == "error":
            e = r["error"]
            assert e["stage"] and e["message"], f"{name}: no error text"
            assert r["slug"] is None and r["reports"] == {}, f"{name}: error with reports"
assert bad["ok"] == 0
print(f"records ok; bad inputs: {bad}")
EOF
  [ ! -e PWNED ] && [ ! -e "$archive/PWNED" ] || fail "a file name was run as a command"
  [ ! -e "$1/.tracenote-tmp" ] || fail ".tracenote-tmp left behind"
  ! find "$1" -name '*.tmp-*' | grep -q . || fail "temporary files left behind"
}

run_batch() {  # run_batch LOG [args...] -> exit code in $rc
  local log="$1"; shift
  set +e
  "$tn" batch "$archive" -o "$out" "$@" 2>"$log"
  rc=$?
  set -e
}

case "$mode" in
archive)
  run_batch "$work/first.log" -j 2
  [ "$rc" -eq 3 ] || { cat "$work/first.log"; fail "exit code $rc, expected 3 (partial)"; }
  grep -q "2 files are neither a trace nor a profile" "$work/first.log" ||
    fail "the two non-inputs were not left out: $(cat "$work/first.log")"
  check_results "$out"
  cp "$out/summary.jsonl" "$work/summary.first"
  run_batch "$work/second.log" -j 2
  [ "$rc" -eq 3 ] || fail "second run: exit code $rc"
  grep -q "0 ok, 0 partial, 0 errors, 200 already done" "$work/second.log" ||
    fail "the second run redid work: $(grep inputs: "$work/second.log")"
  cmp -s "$out/summary.jsonl" "$work/summary.first" || fail "the summary changed on a rerun"
  ;;
kill)
  "$tn" batch "$archive" -o "$out" -j 2 2>"$work/killed.log" &
  pid=$!
  for _ in $(seq 1 1200); do
    done_now=$( (find "$out/reports" -name record.json -printf . 2>/dev/null || true) | wc -c)
    [ "$done_now" -ge 60 ] && break
    kill -0 "$pid" 2>/dev/null || fail "the batch ended before it could be killed"
    sleep 0.25
  done
  kill -KILL "$pid"
  wait "$pid" 2>/dev/null || true
  sleep 1
  ! pgrep -f -- "--stage $out/" >/dev/null || fail "workers outlived the killed batch"
  first=$(find "$out/reports" -name record.json -printf . | wc -c)
  [ "$first" -lt 200 ] || fail "the batch finished before the kill"
  for d in "$out"/reports/*/; do
    [ -f "$d/record.json" ] || fail "a report folder without its record: $d"
  done
  ! find "$out" -path "$out/.tracenote-tmp" -prune -o -name '*.tmp-*' -print | grep -q . ||
    fail "half-written files outside the staging folder"
  first_run=$(python3 -c 'import json,sys,glob; print({json.load(open(f))["run"] for f in glob.glob(sys.argv[1]+"/reports/*/record.json")}.pop())' "$out")
  run_batch "$work/rerun.log" -j 2
  [ "$rc" -eq 3 ] || { cat "$work/rerun.log"; fail "rerun: exit code $rc"; }
  grep -q "$first already done by an earlier run" "$work/rerun.log" ||
    fail "the rerun did not resume $first inputs: $(grep inputs: "$work/rerun.log")"
  check_results "$out"
  kept=$(grep -c "\"run\":\"$first_run\"" "$out/summary.jsonl" || true)
  [ "$kept" -eq "$first" ] || fail "$kept records of the killed run remain, expected $first"
  echo "killed after $first inputs; the rerun did the other $((200 - first))"
  ;;
shards)
  for k in 1 2 3; do
    set +e
    "$tn" batch "$archive" -o "$work/shard-$k" --shard "$k/3" -j 2 --format md --lang en \
      --no-pictures 2>"$work/shard-$k.log"
    rc=$?
    set -e
    [ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] || { cat "$work/shard-$k.log"; fail "shard $k: exit $rc"; }
    [ -f "$work/shard-$k/summary.shard-$k-of-3.jsonl" ] || fail "shard $k: no summary"
  done
  "$tn" index "$work"/shard-1 "$work"/shard-2 "$work"/shard-3 -o "$work/index" --lang en
  python3 - "$work" <<'EOF'
import json, os, sys
work = sys.argv[1]
seen = {}
for k in (1, 2, 3):
    path = os.path.join(work, f"shard-{k}", f"summary.shard-{k}-of-3.jsonl")
    inputs = [json.loads(l)["input"] for l in open(path, encoding="utf-8")]
    assert inputs, f"shard {k} is empty"
    for i in inputs:
        assert i not in seen, f"{i} in shards {seen[i]} and {k}"
        seen[i] = k
assert len(seen) == 200, f"the shards cover {len(seen)} inputs, expected 200"
merged = [json.loads(l) for l in open(os.path.join(work, "index", "index.jsonl"), encoding="utf-8")]
assert len(merged) == 200, f"the index has {len(merged)} records"
for r in merged:
    md = r["reports"].get("en", {}).get("md")
    if md:
        assert os.path.isfile(os.path.join(work, "index", md)), f"{md} does not resolve"
page = open(os.path.join(work, "index", "index.en.md"), encoding="utf-8").read()
assert "200 inputs" in page, "the index page does not count 200 inputs"
print("shards:", {k: list(seen.values()).count(k) for k in (1, 2, 3)})
EOF
  ;;
*) fail "unknown mode $mode" ;;
esac
echo PASS
