#!/usr/bin/env python3
"""Writes the seed corpus of tests/fuzz/pprof_reader_fuzzer into
tests/fuzz/corpus/pprof/ (files named seed-*; crash-* files are kept).

Seeds are small (< 4 KiB), built from scratch here with a minimal protobuf
wire writer following shared/docs/pprof-format.md (nothing is copied from the
shared corpus):
  * valid profiles: CPU with inlined lines, heap with numeric labels and a
    default sample type, Go's field order (string table last, samples before
    locations), pprof's order, packed and unpacked repeated scalars, negative
    values as 10-byte varints, no mappings, drop/keep_frames, comments;
  * the same profiles gzip-compressed;
  * broken variants: truncations, lengths past the end, wrong wire types,
    bad varints, string indexes out of range, CheckValid failures,
    concatenated profiles, deterministic bit flips;
  * container cases: empty input, gzip of nothing, nested gzip, legacy
    headers (text and gperftools binary).

Usage: tests/fuzz/make_pprof_seed_corpus.py [--out DIR]
"""
import argparse
import gzip
import pathlib
import random

ROOT = pathlib.Path(__file__).resolve().parents[2]
MAX_SEED = 4096


def varint(v):
    v &= (1 << 64) - 1
    out = bytearray()
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


def tag(field, wire):
    return varint((field << 3) | wire)


def vi(field, v):
    return tag(field, 0) + varint(v)


def ld(field, payload):
    return tag(field, 2) + varint(len(payload)) + payload


def packed(field, values):
    return ld(field, b"".join(varint(v) for v in values))


def unpacked(field, values):
    return b"".join(vi(field, v) for v in values)


class Builder:
    """A profile as a list of top-level fields, with interned strings."""

    def __init__(self):
        self.strings = [""]
        self.index = {"": 0}
        self.types, self.samples, self.mappings = [], [], []
        self.locations, self.functions, self.header = [], [], []

    def s(self, text):
        if text not in self.index:
            self.index[text] = len(self.strings)
            self.strings.append(text)
        return self.index[text]

    def sample_type(self, t, u):
        self.types.append(ld(1, vi(1, self.s(t)) + vi(2, self.s(u))))

    def mapping(self, mid, name, start=0x1000, limit=0x9000):
        self.mappings.append(ld(3, vi(1, mid) + vi(2, start) + vi(3, limit) + vi(5, self.s(name)) + vi(7, 1)))

    def function(self, fid, name, filename="main.go", start=0):
        n = self.s(name)
        self.functions.append(ld(5, vi(1, fid) + vi(2, n) + vi(3, n) + vi(4, self.s(filename)) + vi(5, start)))

    def location(self, lid, addr, lines, mapping=1):
        body = vi(1, lid) + (vi(2, mapping) if mapping else b"") + vi(3, addr)
        for fid, line in lines:
            body += ld(4, vi(1, fid) + vi(2, line))
        self.locations.append(ld(4, body))

    def sample(self, locs, values, labels=(), pack=True, go_order=False):
        enc = packed if pack else unpacked
        body = enc(2, values) + enc(1, locs) if go_order else enc(1, locs) + enc(2, values)
        for key, sval, num, unit in labels:
            lab = vi(1, self.s(key))
            if sval:
                lab += vi(2, self.s(sval))
            if num:
                lab += vi(3, num)
            if unit:
                lab += vi(4, self.s(unit))
            body += ld(3, lab)
        self.samples.append(ld(2, body))

    def table(self):
        return b"".join(ld(6, x.encode("utf-8", "surrogateescape")) for x in self.strings)

    def pprof_order(self):
        return b"".join(self.types + self.samples + self.mappings + self.locations + self.functions) + self.table() + b"".join(self.header)

    def go_order(self):
        # time first, then types, interleaved tables, samples, strings last.
        inter = []
        for i in range(max(len(self.locations), len(self.functions))):
            inter += self.locations[i:i + 1] + self.functions[i:i + 1]
        return b"".join(self.header + self.types + self.samples + self.mappings + inter) + self.table()


def cpu(pack=True, go=False):
    b = Builder()
    b.sample_type("samples", "count")
    b.sample_type("cpu", "nanoseconds")
    b.mapping(1, "/bin/app")
    b.function(1, "main.main", "main.go", 3)
    b.function(2, "main.work", "main.go", 10)
    b.function(3, "main.helper", "util.go", 20)
    b.location(1, 0x1100, [(1, 5)])
    b.location(2, 0x1200, [(3, 22), (2, 12)])
    b.location(3, 0x1300, [(2, 14)])
    b.sample([2, 1], [3, 30000000], [("thread", "main", 0, "")], pack, go)
    b.sample([3, 1], [1, 10000000], (), pack, go)
    b.sample([1], [-2, -20000000], (), pack, go)
    b.header = [vi(9, 1550630080126127000), vi(10, 3131234000),
                ld(11, vi(1, b.s("cpu")) + vi(2, b.s("nanoseconds"))), vi(12, 10000000)]
    return b


def heap():
    b = Builder()
    for t, u in [("alloc_objects", "count"), ("alloc_space", "bytes"), ("inuse_objects", "count"), ("inuse_space", "bytes")]:
        b.sample_type(t, u)
    b.mapping(1, "/bin/heap")
    b.mapping(2, "/lib/libc.so", 0x7000, 0x8000)
    b.function(1, "malloc", "malloc.c")
    b.function(2, "operator new(unsigned long)", "new.cc")
    b.function(3, "app::Build(std::string const&)", "build.cc")
    b.function(4, "main", "main.cc")
    b.location(1, 0x7010, [(1, 1)], 2)
    b.location(2, 0x1010, [(2, 2), (3, 30)])
    b.location(3, 0x1020, [(4, 4)])
    b.location(4, 0x1030, [], 0)
    b.sample([1, 2, 3], [1, 512, 1, 512], [("bytes", "", 512, ""), ("request", "", 4096, "bytes")])
    b.sample([4, 3], [2, 64, 0, 0], [("key", "", 0, "")])
    b.header = [vi(7, b.s("malloc|operator new.*")), vi(8, b.s("operator new.*")),
                vi(13, b.s("a comment")), vi(14, b.s("alloc_space")), vi(12, 524288)]
    return b


def nomap():
    b = Builder()
    b.sample_type("sample", "count")
    b.function(1, "f", "")
    b.function(2, "g", "")
    b.location(1, 0, [(1, 1)], 0)
    b.location(2, 0, [(2, 2)], 7)  # dangling mapping id
    b.sample([1, 2], [5])
    b.header = [ld(11, vi(2, b.s("milliseconds"))), vi(12, 10)]
    return b


def flips(data, count, seed):
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        d = bytearray(data)
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(d))
            d[i] ^= 1 << rng.randrange(8)
        out.append(bytes(d))
    return out


def seeds():
    s = {}
    c = cpu()
    s["cpu-pprof-order"] = c.pprof_order()
    s["cpu-go-order"] = cpu(go=True).go_order()
    s["cpu-unpacked"] = cpu(pack=False).pprof_order()
    h = heap()
    s["heap-drop-frames"] = h.pprof_order()
    s["nomap-dangling"] = nomap().pprof_order()
    for name in list(s):
        s[name + "-gz"] = gzip.compress(s[name], mtime=0)
    good = s["cpu-pprof-order"]
    s["empty"] = b""
    s["gzip-empty"] = gzip.compress(b"", mtime=0)
    s["gzip-nested"] = gzip.compress(s["cpu-pprof-order-gz"], mtime=0)
    s["gzip-truncated"] = s["cpu-pprof-order-gz"][:40]
    s["concat-time"] = s["cpu-go-order"] + s["cpu-go-order"]
    s["concat-gzip-members"] = s["cpu-go-order-gz"] + s["cpu-go-order-gz"]
    s["trunc-half"] = good[: len(good) // 2]
    s["trunc-last"] = good[:-1]
    s["len-past-end"] = ld(6, b"") + tag(2, 2) + varint(4000) + b"abc"
    s["bad-varint"] = ld(6, b"") + tag(9, 0) + b"\xff" * 11
    s["wrong-wire-type"] = ld(6, b"") + ld(9, b"abc") + good
    s["group-wire-type"] = ld(6, b"") + tag(20, 3) + tag(20, 4)
    s["unknown-fields"] = good + vi(99, 5) + ld(100, b"zz") + tag(101, 5) + b"\0\0\0\0"
    s["str0-not-empty"] = ld(6, b"x") + good
    s["no-strings"] = vi(9, 5) + vi(12, 1)
    s["str-index-range"] = good + ld(5, vi(1, 9) + vi(2, 999))
    s["str-index-negative"] = good + vi(13, (1 << 64) - 1)
    s["mismatch"] = good + ld(2, packed(1, [1]) + packed(2, [1, 2, 3]))
    s["nil-location"] = good + ld(2, packed(1, [77]) + packed(2, [1, 2]))
    s["function-id-0"] = good + ld(5, vi(2, 1))
    s["dup-location"] = good + ld(4, vi(1, 1) + vi(3, 5))
    s["nil-function"] = good + ld(4, vi(1, 50) + ld(4, vi(1, 42)))
    s["no-types"] = ld(6, b"") + ld(2, packed(1, []) + packed(2, []))
    s["huge-ids"] = good + ld(4, vi(1, (1 << 64) - 1) + vi(2, (1 << 63))) + ld(2, packed(1, [(1 << 64) - 1]) + packed(2, [1, 1]))
    bad = heap()
    bad.header.append(vi(7, bad.s("(unclosed")))
    s["bad-regexp"] = bad.pprof_order()
    s["legacy-heap"] = b"heap profile: 1: 2 [3: 4] @ heap/1048576\n1: 2 [3: 4] @ 0x1 0x2\n"
    s["legacy-contention"] = b"--- contention:\ncycles/second=3000000000\n1 2 @ 0x1\n"
    s["legacy-goroutine"] = b"goroutine profile: total 2\n2 @ 0x1 0x2\n"
    s["legacy-heapz"] = b"--- heapz 1 ---\n0 0 @ 0\n"
    s["legacy-cpu-binary"] = b"".join(x.to_bytes(8, "little") for x in [0, 3, 0, 10000, 0, 1, 1, 0x1000, 0, 1, 0])
    s["text"] = b"hello, world\n"
    s["go-trace-header"] = b"go 1.22 trace\0\0\0"
    for i, d in enumerate(flips(good, 6, 1)):
        s[f"flip-cpu-{i}"] = d
    for i, d in enumerate(flips(h.pprof_order(), 4, 2)):
        s[f"flip-heap-{i}"] = d
    return s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "tests/fuzz/corpus/pprof"))
    args = ap.parse_args()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("seed-*"):
        old.unlink()
    for name, data in sorted(seeds().items()):
        assert len(data) <= MAX_SEED, (name, len(data))
        (out / ("seed-" + name)).write_bytes(data)
    print(f"wrote {len(seeds())} seeds to {out}")


if __name__ == "__main__":
    main()
