#!/usr/bin/env python3
"""Writes the seed corpus of tests/fuzz/v1_reader_fuzzer into
tests/fuzz/corpus/trace_v1/ (files named seed-*; crash-* files are kept).

Seeds are small (< 4 KiB) and fully reproducible:
  * tiny valid Go 1.5-1.21 ("v1") traces built from scratch following
    shared/docs/go-trace-format.md section 1 (header, Batch, Frequency,
    String and Stack records, a preamble and a little scheduling);
  * malformed variants of those (wrong argument counts, bad lengths,
    overflowing varints, unknown types, broken ordering, ...);
  * derived from the project's own sample traces in samples/*/*.trace:
    truncations, deterministic bit flips, and record-aligned prefixes with a
    Frequency record appended (skipped, with a note, if samples/ is absent);
  * container cases: gzip, empty input, other headers.

Usage: tests/fuzz/make_seed_corpus.py [--out DIR]
"""
import argparse
import gzip
import pathlib
import random

ROOT = pathlib.Path(__file__).resolve().parents[2]
MAX_SEED = 4096

# v1 event type ids (format doc 1.6).
BATCH, FREQUENCY, STACK, GOMAXPROCS, PROC_START, PROC_STOP = 1, 2, 3, 4, 5, 6
GC_START, GC_DONE, STW_START, STW_DONE = 7, 8, 9, 10
GO_CREATE, GO_START, GO_END, GO_SCHED, GO_PREEMPT = 13, 14, 15, 17, 18
GO_UNBLOCK, GO_BLOCK_SEND, GO_SYSCALL, GO_SYSEXIT, GO_SYSBLOCK = 21, 22, 28, 29, 30
GO_WAITING, HEAP_ALLOC, STRING, GO_START_LOCAL, GO_START_LABEL = 31, 33, 37, 38, 41
GC_MARK_ASSIST_START, GC_MARK_ASSIST_DONE = 43, 44
USER_TASK_CREATE, USER_TASK_END, USER_REGION, USER_LOG, CPU_SAMPLE = 45, 46, 47, 48, 49
FUTILE_WAKEUP = 36


def uvarint(v, width=0):
    """Unsigned LEB128; `width` pads to that many bytes (legal in v1)."""
    v &= (1 << 64) - 1
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v or len(out) + 1 < width:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def header(minor):
    return (b"go 1.%d trace" % minor).ljust(16, b"\0")


def record(typ, values, old=False):
    """One non-String record: the values after the type byte, which include
    the timestamp delta (and the 1.5 sequence delta) for timed events."""
    inline = 4 if old else 3  # number of values that fit without a length
    if len(values) <= inline:
        code = len(values) - (2 if old else 1)
        assert 0 <= code < 3, (typ, values)
        return bytes([code << 6 | typ]) + b"".join(uvarint(v) for v in values)
    body = b"".join(uvarint(v) for v in values)
    return bytes([3 << 6 | typ]) + uvarint(len(body)) + body


def string_rec(sid, text):
    return bytes([STRING]) + uvarint(sid) + uvarint(len(text)) + text


def stack_rec(sid, frames, old=False, pad_len=False):
    """frames: [(pc, func_id, file_id, line)]; 1.5 stacks are PCs only."""
    vals = [sid, len(frames)]
    for f in frames:
        vals += [f[0]] if old else list(f)
    body = b"".join(uvarint(v) for v in vals)
    return bytes([3 << 6 | STACK]) + uvarint(len(body), 10 if pad_len else 0) + body


def user_log(dt, task, key, stack, msg):
    return record(USER_LOG, [dt, task, key, stack]) + uvarint(len(msg)) + msg


P_GLOBAL = (1 << 64) - 1  # P -1


def tiny_trace(minor):
    """A small consistent trace for header go 1.<minor> (7 <= minor <= 21)."""
    out = bytearray(header(minor))
    seq = minor >= 7  # GoStart/GoUnblock/GCStart carry a sequence number
    out += string_rec(1, b"main.main") + string_rec(2, b"./main.go")
    out += string_rec(3, b"main.worker") + string_rec(4, b"GC (dedicated)")
    out += record(BATCH, [0, 1000])
    out += record(GO_CREATE, [1, 1, 1, 2])           # g1, preamble
    out += record(GO_CREATE, [1, 2, 3, 2])           # g2
    out += record(GO_WAITING, [1, 2])                # g2 blocked at start
    out += record(PROC_START, [2, 7])                # P0 on thread 7
    out += record(GO_START, [1, 1, 1])               # g1 runs (seq 1)
    out += record(GOMAXPROCS, [1, 2, 2])             # end of preamble
    out += record(HEAP_ALLOC, [1, 4096])
    out += record(GO_UNBLOCK, [2, 2, 2, 2])          # wakes g2 (seq 2)
    out += record(GO_SCHED, [1, 2])                  # g1 -> runnable
    out += record(GO_START, [1, 2, 3])               # g2 runs (seq 3)
    out += record(GO_SYSCALL, [2, 2])
    if minor >= 11:
        out += record(USER_TASK_CREATE, [1, 1, 0, 1, 2])
        out += record(USER_REGION, [1, 1, 0, 3, 2])
        out += user_log(1, 1, 1, 2, b"hello")
        out += record(USER_REGION, [1, 1, 1, 3, 2])
        out += record(USER_TASK_END, [1, 1, 2])
    if minor >= 9:
        out += record(GC_MARK_ASSIST_START, [1, 2])
        out += record(GC_MARK_ASSIST_DONE, [1])
    out += record(GO_END, [1])                       # g2 exits
    out += record(GO_START_LOCAL, [1, 1])            # g1 again, same P
    out += record(GC_START, [1, 0, 2])               # GC seq 0
    out += record(STW_START, [1] + ([0] if minor >= 10 else []))
    out += record(STW_DONE, [1])
    out += record(GC_DONE, [3])
    if minor >= 19:
        out += record(CPU_SAMPLE, [1, 1010, 0, 1, 2])
    out += record(GO_END, [1])
    out += record(PROC_STOP, [1])
    out += record(BATCH, [0, 1100])                  # footer batch
    out += record(FREQUENCY, [15625000])
    out += stack_rec(1, [(0x401000, 1, 2, 10)], pad_len=minor >= 21)
    out += stack_rec(2, [(0x401010, 1, 2, 12), (0x402000, 3, 2, 30)], pad_len=minor >= 21)
    out += stack_rec(3, [(0x402000, 3, 2, 29)], pad_len=minor >= 21)
    return bytes(out)


def tiny_trace_1_5():
    """Go 1.5: a sequence delta before every timestamp, PC-only stacks."""
    out = bytearray(header(5))
    r = lambda t, v: record(t, v, old=True)  # noqa: E731
    out += r(BATCH, [0, 1, 1000])                    # p, seq, ticks
    out += r(GO_CREATE, [1, 1, 1, 0x401000, 1])      # seq, dt, g, start pc, stack
    out += r(PROC_START, [1, 1, 7])
    out += r(GO_START, [1, 1, 1])
    out += r(GOMAXPROCS, [1, 1, 1, 1])
    out += r(GO_SYSCALL, [1, 1, 1])
    out += r(GO_END, [1, 1])
    out += r(PROC_STOP, [1, 1])
    out += r(FREQUENCY, [15625000, 0])
    out += stack_rec(1, [(0x401000,)], old=True)
    return bytes(out)


def two_p_trace():
    """Go 1.11, two Ps whose batches interleave: g2 is unblocked on P1 and
    started on P0, so only sequence numbers give the order."""
    out = bytearray(header(11))
    out += record(BATCH, [0, 1000])
    out += record(GO_CREATE, [1, 1, 0, 0])
    out += record(GO_CREATE, [1, 2, 0, 0])
    out += record(GO_WAITING, [1, 2])
    out += record(PROC_START, [1, 7])
    out += record(GO_START, [1, 1, 1])
    out += record(GO_BLOCK_SEND, [1, 0])
    out += record(GO_START, [50, 2, 3])              # needs P1's GoUnblock first
    out += record(GO_END, [1])
    out += record(PROC_STOP, [1])
    out += record(BATCH, [1, 1010])
    out += record(PROC_START, [1, 8])
    out += record(GO_UNBLOCK, [1, 2, 2, 0])
    out += record(GO_UNBLOCK, [1, 1, 2, 0])
    out += record(GO_START, [60, 1, 3])
    out += record(GO_SYSCALL, [1, 0])
    out += record(GO_SYSBLOCK, [1])
    out += record(PROC_STOP, [1])
    out += record(BATCH, [P_GLOBAL, 1100])
    out += record(GO_SYSEXIT, [1, 1, 4, 1095])       # real ticks
    out += record(BATCH, [0, 1200])
    out += record(FREQUENCY, [1000000000])
    return bytes(out)


def read_uvarint(data, pos):
    v, shift = 0, 0
    while True:
        b = data[pos]
        pos += 1
        v |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return v, pos


def record_bounds(data):
    """(offset, end, type) of each record of a Go 1.7+ v1 trace."""
    pos, out = 16, []
    while pos < len(data):
        start, head = pos, data[pos]
        typ, code = head & 0x3F, head >> 6
        pos += 1
        if typ == STRING:
            _, pos = read_uvarint(data, pos)
            n, pos = read_uvarint(data, pos)
            pos += n
        elif code < 3:
            for _ in range(code + 1):
                _, pos = read_uvarint(data, pos)
        else:
            n, pos = read_uvarint(data, pos)
            pos += n
        if typ == USER_LOG:
            n, pos = read_uvarint(data, pos)
            pos += n
        out.append((start, pos, typ))
    return out


def malformed(base):
    """Broken variants of a tiny Go 1.11 trace."""
    h = header(11)
    seeds = {}
    seeds["bad-argcount"] = h + record(BATCH, [0, 10]) + record(GO_END, [1, 2, 3])
    seeds["bad-string-id0"] = h + string_rec(0, b"x") + record(BATCH, [0, 10])
    seeds["bad-string-huge-len"] = h + bytes([STRING]) + uvarint(1) + uvarint(1 << 40) + b"abc"
    seeds["bad-varint-overflow"] = h + bytes([0x41]) + b"\xff" * 9 + b"\x7f" + uvarint(5)
    seeds["bad-unknown-type"] = h + record(BATCH, [0, 10]) + bytes([50, 1])
    seeds["bad-futile-wakeup"] = h + record(BATCH, [0, 10]) + record(FUTILE_WAKEUP, [1])
    seeds["bad-length-mismatch"] = h + record(BATCH, [0, 10]) + bytes([0xCD, 3, 1, 2, 0x83, 4])
    seeds["bad-stack-frames"] = (h + record(BATCH, [0, 10]) + record(GO_END, [1]) +
                                 bytes([0xC3]) + uvarint(4) + uvarint(1) + uvarint(5000) +
                                 b"\x01\x01")
    seeds["bad-arg-len-limit"] = h + record(BATCH, [0, 10]) + bytes([0xCD]) + uvarint(3000)
    seeds["bad-dup-string"] = base[:16] + string_rec(1, b"a") + base[16:]
    seeds["bad-zero-frequency"] = h + record(BATCH, [0, 10]) + record(GO_END, [1]) + \
        record(FREQUENCY, [0])
    seeds["bad-procstop-idle"] = h + record(BATCH, [0, 10]) + record(PROC_STOP, [1]) + \
        record(FREQUENCY, [100])
    seeds["bad-no-ordering"] = h + record(BATCH, [0, 10]) + record(GO_START, [1, 5, 9]) + \
        record(FREQUENCY, [100])
    # g1 starts twice: the second GoStart is not runnable.
    seeds["bad-double-start"] = (h + record(BATCH, [0, 10]) + record(GO_CREATE, [1, 1, 0, 0]) +
                                 record(PROC_START, [1, 1]) + record(GO_START, [1, 1, 1]) +
                                 record(GO_START_LOCAL, [1, 1]) + record(FREQUENCY, [100]))
    seeds["missing-frequency"] = bytes(x for x in base)[: base.rfind(bytes([FREQUENCY]))]
    return seeds


def mutate(data, rng, flips):
    out = bytearray(data)
    for _ in range(flips):
        i = rng.randrange(16, len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


def from_samples(rng):
    seeds = {}
    samples = sorted((ROOT / "samples").glob("*/*.trace"))
    if not samples:
        print("note: no samples/*/*.trace; only synthetic seeds written")
    for path in samples:
        data = path.read_bytes()
        name = path.stem
        minor = data[5:8].split(b" ")[0]
        if not data.startswith(b"go 1.") or not minor.isdigit() or int(minor) < 7:
            continue  # record_bounds() reads the Go 1.7+ layout only
        if len(data) <= MAX_SEED:
            seeds[name + "-full"] = data
            for n in (17, 100, 1000, len(data) - 1):
                seeds["%s-trunc-%d" % (name, n)] = data[:n]
            for k in range(1, 4):
                seeds["%s-flip-%d" % (name, k)] = mutate(data, rng, k)
            continue
        # Too big: a record-aligned prefix that fits, then a Frequency
        # record, i.e. a complete-looking trace cut in the middle of its Ps'
        # streams; and a bit-flipped copy. One sample also keeps the bare
        # prefix (a truncated trace, read as partial).
        cut = max(end for _, end, _ in record_bounds(data) if end <= 3000)
        seeds[name + "-prefix-freq"] = data[:cut] + record(FREQUENCY, [15625000])
        seeds[name + "-prefix-flip"] = mutate(seeds[name + "-prefix-freq"], rng, 2)
        if name == "syscall":
            seeds[name + "-prefix"] = data[:cut]
    return seeds


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "tests/fuzz/corpus/trace_v1"))
    out = pathlib.Path(ap.parse_args().out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20240611)
    seeds = {}
    for minor in (7, 9, 11, 19, 21):
        seeds["valid-1-%d" % minor] = tiny_trace(minor)
    seeds["valid-1-5"] = tiny_trace_1_5()
    seeds["valid-two-p"] = two_p_trace()
    seeds.update(malformed(tiny_trace(11)))
    seeds["gzip-1-19"] = gzip.compress(tiny_trace(19), mtime=0)
    seeds["gzip-in-gzip"] = gzip.compress(seeds["gzip-1-19"], mtime=0)
    seeds["empty"] = b""
    seeds["header-only"] = header(19)
    seeds["header-v2"] = header(22) + b"\x01\x01"
    seeds["header-1-6"] = header(6) + tiny_trace(7)[16:]  # no Go wrote 1.6
    seeds["batch-only"] = header(8) + record(BATCH, [0, 1])
    seeds.update(from_samples(rng))
    for old in out.glob("seed-*"):
        old.unlink()
    for name, data in sorted(seeds.items()):
        assert len(data) < MAX_SEED, (name, len(data))
        (out / ("seed-" + name)).write_bytes(data)
    print("wrote %d seeds to %s" % (len(seeds), out))


if __name__ == "__main__":
    main()
