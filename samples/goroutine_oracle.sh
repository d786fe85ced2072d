#!/usr/bin/env bash
# Records the per-goroutine numbers of `go tool trace`'s goroutine analysis
# (Go 1.19) for the samples, as an oracle for tracenote's goroutine summary
# (tests/golden/goroutine_oracle_test.cc).
#
# Usage: samples/goroutine_oracle.sh [NAME...]   (default: all samples)
# Env:   GO=/path/to/go1.19 (default /usr/lib/go-1.19/bin/go)
#
# For each sample NAME it starts `go tool trace -http=127.0.0.1:0
# NAME/NAME.trace` in the background (loopback only; port 0 lets the kernel
# pick a free port, read back from the tool's "listening on" log line), waits
# until it answers, fetches /goroutines (the goroutine groups, one per start
# PC, links /goroutine?id=<pc>) and every /goroutine?id=<pc> page, and writes
# NAME/NAME.go-tool-goroutines.tsv: one line per goroutine, sorted by id,
#   id  func  total  exec  io  block  syscall  sched  sweep  gc
# with the 8 durations exactly as the page shows them (cmd/trace's
# niceDuration: truncated to ns/µs/ms/s); the "(x.y%)" after the GC sweeping
# and GC pause values is dropped. The server is killed when done, also on
# error or interrupt.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

die() {
    echo "goroutine_oracle.sh: error: $*" >&2
    exit 1
}

GO=${GO:-/usr/lib/go-1.19/bin/go}
[[ -x "$GO" ]] || die "Go 1.19 not found at $GO (apt-get install golang-1.19-go, or set GO=)"
GOVERSION=$("$GO" version)
case "$GOVERSION" in
    *" go1.19"*) ;;
    *) die "$GO is not Go 1.19 ($GOVERSION); the oracle must come from Go 1.19's cmd/trace" ;;
esac
for tool in curl python3 mktemp sort grep sed; do
    command -v "$tool" >/dev/null 2>&1 || die "required tool '$tool' not found in PATH"
done

ALL=(spin syscall alloc tasks)
if [[ $# -gt 0 ]]; then NAMES=("$@"); else NAMES=("${ALL[@]}"); fi

TMP=$(mktemp -d)
SERVER_PID=

stop_server() {
    if [[ -n "$SERVER_PID" ]]; then
        # `go tool trace` runs the trace binary as a child: stop the child
        # first (by its pid), then the go command itself.
        local child
        for child in $(pgrep -P "$SERVER_PID" 2>/dev/null || true); do
            kill "$child" 2>/dev/null || true
        done
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=
    fi
}
cleanup() {
    stop_server
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# parse_groups < goroutines.html: one "pc<US>name<US>n" line per group, US
# being the ASCII unit separator (\x1f): a tab would not do, as `read`
# collapses runs of whitespace separators and the name may be empty.
parse_groups() {
    python3 -c '
import html.parser, re, sys

class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.groups, self.cur, self.after = [], None, None
    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") or ""
        m = re.fullmatch(r"/goroutine\?id=(\d+)", href)
        if tag == "a" and m:
            self.cur = [m.group(1), ""]
    def handle_endtag(self, tag):
        if tag == "a" and self.cur is not None:
            self.after, self.cur = self.cur, None
    def handle_data(self, data):
        if self.cur is not None:
            self.cur[1] += data
        elif self.after is not None:
            m = re.match(r"\s*N=(\d+)", data)
            if m:
                self.groups.append(self.after + [m.group(1)])
                self.after = None

p = P()
p.feed(sys.stdin.read())
p.close()
if not p.groups:
    sys.exit("no goroutine groups found in /goroutines")
for pc, name, n in p.groups:
    if any(c in name for c in "\t\n\x1f"):
        sys.exit("unexpected character in function name %r" % name)
    print("%s\x1f%s\x1f%s" % (pc, name, n))
'
}

# parse_rows NAME N < goroutine.html: the group page's goroutine rows as
# "id<TAB>NAME<TAB>8 durations" lines; checks there are N rows and that the
# page is about the group NAME.
parse_rows() {
    python3 -c '
import html.parser, re, sys

name, want = sys.argv[1], int(sys.argv[2])

class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.table = None      # "summary" or "details" while inside one
        self.row = None        # cells of the current row
        self.cell = None       # text of the current cell
        self.depth = 0         # nesting of td inside a cell
        self.rows, self.summary = [], []
    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.table = dict(attrs).get("class")
        elif tag == "tr" and self.table:
            self.row = []
        elif tag == "td" and self.row is not None:
            self.cell = ""
    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.row.append(" ".join(self.cell.split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if self.table == "details" and self.row:
                self.rows.append(self.row)
            elif self.table == "summary":
                self.summary.append(self.row)
            self.row = None
        elif tag == "table":
            self.table = None
    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data

p = P()
p.feed(sys.stdin.read())
p.close()
summary = {r[0]: r[1] if len(r) > 1 else "" for r in p.summary}
if summary.get("Goroutine Name:", None) != name:
    sys.exit("group page names %r, expected %r" % (summary.get("Goroutine Name:"), name))
if len(p.rows) != want:
    sys.exit("group %r: %d rows, the list says N=%d" % (name, len(p.rows), want))
dur = re.compile(r"-?\d+(ns|µs|ms|s)")
for r in p.rows:
    # id, total, bar graph, exec, io, block, syscall, sched, sweep (x%), gc (x%)
    if len(r) != 10 or not r[0].isdigit():
        sys.exit("unexpected row %r" % (r,))
    vals = [r[1]] + r[3:10]
    vals = [v.split(" ")[0] if v else "" for v in vals]
    for v in vals:
        if not dur.fullmatch(v):
            sys.exit("unexpected duration %r in row %r" % (v, r))
    print("\t".join([r[0], name] + vals))
' "$1" "$2"
}

for name in "${NAMES[@]}"; do
    trace="$name/$name.trace"
    out="$name/$name.go-tool-goroutines.tsv"
    [[ -f "$trace" ]] || die "no trace $trace"
    echo "== $name"

    log="$TMP/$name.log"
    # BROWSER=true: the tool "opens" the page with /bin/true, i.e. not at all.
    BROWSER=true "$GO" tool trace -http=127.0.0.1:0 "$trace" >"$log" 2>&1 &
    SERVER_PID=$!

    # The tool logs its address once it has parsed the trace and is about to
    # serve; then poll until it answers.
    url=
    for _ in $(seq 1 600); do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            cat "$log" >&2
            die "go tool trace exited before serving $trace"
        fi
        url=$(grep -o 'listening on http://127\.0\.0\.1:[0-9]*' "$log" | sed 's/^listening on //' || true)
        [[ -n "$url" ]] && curl -sf -o /dev/null --max-time 5 "$url/goroutines" && break
        url=
        sleep 0.2
    done
    [[ -n "$url" ]] || { cat "$log" >&2; die "go tool trace did not answer for $trace within 120 s"; }

    curl -sf --max-time 60 "$url/goroutines" >"$TMP/$name.groups.html" ||
        die "fetching $url/goroutines failed"
    parse_groups <"$TMP/$name.groups.html" >"$TMP/$name.groups.txt" ||
        die "cannot parse $url/goroutines"

    : >"$TMP/$name.rows.tsv"
    ngroups=0
    while IFS=$'\x1f' read -r pc func n; do
        page="$TMP/$name.group.$pc.html"
        curl -sf --max-time 60 "$url/goroutine?id=$pc" >"$page" ||
            die "fetching $url/goroutine?id=$pc failed"
        parse_rows "$func" "$n" <"$page" >>"$TMP/$name.rows.tsv" ||
            die "cannot parse $url/goroutine?id=$pc"
        ngroups=$((ngroups + 1))
    done <"$TMP/$name.groups.txt"
    stop_server

    sort -t $'\t' -k1,1n "$TMP/$name.rows.tsv" >"$TMP/$name.sorted.tsv"
    dups=$(cut -f1 "$TMP/$name.sorted.tsv" | uniq -d)
    [[ -z "$dups" ]] || die "goroutine ids listed twice in $trace: $dups"
    rows=$(wc -l <"$TMP/$name.sorted.tsv")

    {
        echo "# Goroutine analysis of $name.trace by go tool trace (Go 1.19), per goroutine."
        echo "# go: $GOVERSION"
        echo "# made by: samples/goroutine_oracle.sh $name, i.e. go tool trace -http=127.0.0.1:0 $name/$name.trace,"
        echo "#   then /goroutines and each /goroutine?id=<pc> page ($ngroups groups, $rows goroutines)."
        echo "# Durations as displayed (cmd/trace niceDuration: truncated to ns below 10µs, µs below 10ms,"
        echo "#   ms below 10s, else s); the percentages after sweep and gc are dropped."
        echo "# func is the group (start function); empty for the group of goroutines that never started."
        printf '# id\tfunc\ttotal\texec\tio\tblock\tsyscall\tsched\tsweep\tgc\n'
        cat "$TMP/$name.sorted.tsv"
    } >"$TMP/$name.out.tsv"
    mv "$TMP/$name.out.tsv" "$out"
    echo "   $ngroups groups, $rows goroutines -> $out"
done
