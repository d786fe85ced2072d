#!/usr/bin/env python3
"""Writes the seed corpora of tests/fuzz/v1_reader_fuzzer into
tests/fuzz/corpus/trace_v1/ and of tests/fuzz/v2_reader_fuzzer into
tests/fuzz/corpus/trace_v2/ (files named seed-*; crash-* files are kept).

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

v2 seeds (Go 1.22+, shared/docs/go-trace-format.md sections 2-3), all built
from scratch here:
  * small valid traces for each header version: 1.22 (Frequency batch),
    1.23 (GoSwitch, GoCreateBlocked, GoStatusStack, an ExperimentalBatch and
    alloc/free events), 1.25 (Sync batch with a ClockSnapshot), 1.26
    (EndOfGeneration bytes); several generations; CPU samples; syscalls with
    a stolen P; GC, stop-the-world, sweep and mark-assist ranges (begun in
    the trace and already active at its start); user tasks, regions, logs;
  * truncations, framing and table errors, ordering contradictions, extreme
    values, and deterministic bit flips of the valid ones;
  * "body-*" seeds without the 16-byte header, in the form v2_reader_fuzzer
    expands: one selector byte (low two bits: 1.22, 1.23, 1.25, 1.26) and
    the bytes after the header.

Usage: tests/fuzz/make_seed_corpus.py [--out DIR] [--out-v2 DIR] [--only v1|v2]
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

# ---------------------------------------------------------------------------
# v2 (Go 1.22+): format doc sections 2.2 (batch framing), 2.4 (timed events:
# type, uvarint dt, arguments, trailing stack id) and 2.5 (event ids).

V2_BATCH, V2_STACKS, V2_STACK, V2_STRINGS, V2_STRING = 1, 2, 3, 4, 5
V2_CPU_SAMPLES, V2_CPU_SAMPLE, V2_FREQUENCY = 6, 7, 8
PROCS_CHANGE, PROC_START2, PROC_STOP2, PROC_STEAL, PROC_STATUS = 9, 10, 11, 12, 13
GO_CREATE2, GO_CREATE_SYSCALL, GO_START2, GO_DESTROY, GO_DESTROY_SYSCALL = 14, 15, 16, 17, 18
GO_STOP, GO_BLOCK, GO_UNBLOCK2, GO_SYSCALL_BEGIN, GO_SYSCALL_END = 19, 20, 21, 22, 23
GO_SYSCALL_END_BLOCKED, GO_STATUS, STW_BEGIN, STW_END = 24, 25, 26, 27
GC_ACTIVE, GC_BEGIN, GC_END = 28, 29, 30
GC_SWEEP_ACTIVE, GC_SWEEP_BEGIN, GC_SWEEP_END = 31, 32, 33
GC_ASSIST_ACTIVE, GC_ASSIST_BEGIN, GC_ASSIST_END = 34, 35, 36
HEAP_ALLOC2, HEAP_GOAL, GO_LABEL = 37, 38, 39
TASK_BEGIN, TASK_END, REGION_BEGIN, REGION_END, USER_LOG2 = 40, 41, 42, 43, 44
GO_SWITCH, GO_SWITCH_DESTROY, GO_CREATE_BLOCKED, GO_STATUS_STACK = 45, 46, 47, 48
EXPERIMENTAL_BATCH, SYNC, CLOCK_SNAPSHOT, END_OF_GENERATION = 49, 50, 51, 52
SPAN_ALLOC, SPAN_FREE, HEAP_OBJECT_ALLOC, HEAP_OBJECT_FREE = 129, 130, 131, 133
GOROUTINE_STACK_ALLOC, GOROUTINE_STACK_FREE = 135, 136

NO_M = (1 << 64) - 1  # ^0: no thread (runtime-internal writer), no P
G_RUNNABLE, G_RUNNING, G_SYSCALL, G_WAITING = 1, 2, 3, 4
P_RUNNING, P_IDLE, P_SYSCALL, P_SYSCALL_ABANDONED = 1, 2, 3, 4
FREQ = 15625000  # 64 ns ticks, as on Linux

# String ids every generation below defines (re-sent per generation).
S_MAIN, S_FILE, S_WORKER, S_CHAN, S_PREEMPTED, S_STW_KIND = 1, 2, 3, 4, 5, 6
S_TASK, S_REGION, S_LOG_KEY, S_LOG_VALUE, S_LABEL, S_GOSCHED = 7, 8, 9, 10, 11, 12
STRINGS = {
    S_MAIN: b"main.main", S_FILE: b"/src/main.go", S_WORKER: b"main.worker",
    S_CHAN: b"chan receive", S_PREEMPTED: b"preempted", S_STW_KIND: b"GC mark termination",
    S_TASK: b"job", S_REGION: b"step", S_LOG_KEY: b"phase", S_LOG_VALUE: b"warm-up",
    S_LABEL: b"GC (dedicated)", S_GOSCHED: b"runtime.Gosched",
}
STACKS = {
    1: [(0x401000, S_MAIN, S_FILE, 10)],
    2: [(0x401010, S_MAIN, S_FILE, 12), (0x402000, S_WORKER, S_FILE, 30)],
    3: [(0x402000, S_WORKER, S_FILE, 29)],
}


def v2_header(minor):
    return (b"go 1.%d trace" % minor).ljust(16, b"\0")


def ev(typ, *values):
    """A timed event (or a structural record): type byte, then uvarints."""
    return bytes([typ]) + b"".join(uvarint(v) for v in values)


def batch(gen, m, time, payload, pad_size=False):
    """EventBatch framing; the runtime pads `size` to 10 bytes (pad_size)."""
    return (bytes([V2_BATCH]) + uvarint(gen) + uvarint(m) + uvarint(time) +
            uvarint(len(payload), 10 if pad_size else 0) + payload)


def exp_batch(exp, gen, m, time, payload):
    return (bytes([EXPERIMENTAL_BATCH, exp]) + uvarint(gen) + uvarint(m) + uvarint(time) +
            uvarint(len(payload)) + payload)


def frequency_batch(gen, freq=FREQ, time=1):
    return batch(gen, NO_M, time, ev(V2_FREQUENCY, freq))


def sync_batch(gen, time, freq=FREQ, dt=5, mono=123456789, sec=1760000000, nsec=250000000):
    return batch(gen, NO_M, time, bytes([SYNC]) + ev(V2_FREQUENCY, freq) +
                 ev(CLOCK_SNAPSHOT, dt, mono, sec, nsec))


def strings_batch(gen, strings=None):
    body = bytes([V2_STRINGS])
    for sid, text in sorted((strings or STRINGS).items()):
        body += ev(V2_STRING, sid, len(text)) + text
    return batch(gen, NO_M, 0, body)


def stacks_batch(gen, stacks=None):
    body = bytes([V2_STACKS])
    for sid, frames in sorted((stacks or STACKS).items()):
        body += ev(V2_STACK, sid, len(frames)) + b"".join(
            uvarint(v) for f in frames for v in f)
    return batch(gen, NO_M, 0, body)


def samples_batch(gen, samples):
    """samples: [(absolute ticks, m, p, g, stack)]."""
    body = bytes([V2_CPU_SAMPLES]) + b"".join(ev(V2_CPU_SAMPLE, *s) for s in samples)
    return batch(gen, NO_M, 0, body)


def generation(minor, gen, threads, time=1000, extra=b"", tables=True, freq=FREQ):
    """One generation in the runtime's usual order: the frequency (or, from
    1.25, Sync) batch, the event batches ({m: [(base time, payload)]}), any
    extra batches, the stack and string tables, and (1.26) EndOfGeneration."""
    out = bytearray()
    out += sync_batch(gen, time, freq) if minor >= 25 else frequency_batch(gen, freq, time)
    for m, batches in threads:
        for base, payload in batches:
            out += batch(gen, m, base, payload, pad_size=True)
    out += extra
    if tables:
        out += stacks_batch(gen) + strings_batch(gen)
    if minor >= 26:
        out.append(END_OF_GENERATION)
    return bytes(out)


def p0_g1(dt=1):
    """Thread context every scenario starts from: M holds P0 running G1."""
    return ev(PROC_STATUS, dt, 0, P_RUNNING) + ev(GO_STATUS, 1, 1, NO_M, G_RUNNING)


def sched_threads():
    """Go 1.22 scheduling on two threads: creation, unblocking, blocking, a
    goroutine handed from M1 to M2, and GOMAXPROCS/heap metrics."""
    m1 = (p0_g1() +
          ev(GO_STATUS, 1, 2, NO_M, G_WAITING) +
          ev(PROCS_CHANGE, 1, 2, 1) +
          ev(HEAP_ALLOC2, 1, 1 << 20) + ev(HEAP_GOAL, 1, 4 << 20) +
          ev(GO_CREATE2, 2, 3, 3, 1) +           # g3 runnable
          ev(GO_UNBLOCK2, 1, 2, 1, 2) +          # g2 runnable (seq 1)
          ev(GO_STOP, 3, S_GOSCHED, 1) +         # g1 runnable
          ev(GO_START2, 1, 3, 1) +               # g3 runs
          ev(GO_LABEL, 1, S_LABEL) +
          ev(GO_BLOCK, 4, S_CHAN, 2) +           # g3 waits
          ev(GO_START2, 1, 2, 2) +               # g2 runs
          ev(GO_STOP, 2, S_PREEMPTED, 2) +
          ev(GO_START2, 1, 1, 1) +               # g1 runs again
          ev(GO_STOP, 1, S_GOSCHED, 1))          # g1 runnable (for gen 2)
    m2 = (ev(PROC_STATUS, 1, 1, P_IDLE) +
          ev(PROC_START2, 30, 1, 1) +            # M2 takes P1
          ev(GO_UNBLOCK2, 1, 3, 2, 0) +          # waits for g3's GoBlock on M1
          ev(GO_START2, 1, 3, 3) +
          ev(GO_DESTROY, 5) +
          ev(GO_START2, 1, 2, 3) +               # g2, stopped by M1 (seq 3)
          ev(GO_DESTROY, 2) +
          ev(PROC_STOP2, 1))
    return [(1, [(1000, m1)]), (2, [(1005, m2)])]


def trace_1_22():
    return v2_header(22) + generation(22, 1, sched_threads())


def trace_multi_gen(minor, gens=3):
    """Generations 1..gens: statuses re-sent, a GC running across the
    boundaries (GCBegin, GCActive, GCEnd), strings and stacks re-sent."""
    out = bytearray(v2_header(minor))
    for gen in range(1, gens + 1):
        t = 1000 * gen
        m1 = ev(PROC_STATUS, 1, 0, P_RUNNING) + ev(GO_STATUS, 1, 1, NO_M,
                                                     G_RUNNABLE if gen > 1 else G_RUNNING)
        if gen > 1:
            m1 += ev(GO_STATUS, 1, 2, NO_M, G_WAITING) + ev(GO_START2, 1, 1, 1)
            m1 += ev(GC_ACTIVE, 1, gen)
        else:
            m1 += ev(GO_CREATE2, 1, 2, 3, 1) + ev(GC_BEGIN, 1, 1, 1)
            m1 += ev(GO_STOP, 1, S_PREEMPTED, 1) + ev(GO_START2, 1, 2, 1)
            m1 += ev(GO_BLOCK, 1, S_CHAN, 2) + ev(GO_START2, 1, 1, 1)
        if gen == gens:
            m1 += ev(GC_END, 2, gen + 1) + ev(GO_UNBLOCK2, 1, 2, 1, 1)
        m1 += ev(HEAP_ALLOC2, 1, gen << 16) + ev(GO_STOP, 1, S_PREEMPTED, 1)
        out += generation(minor, gen, [(1, [(t, m1)])], time=t)
    return bytes(out)


def trace_1_23():
    """Coroutines (iter.Pull), GoStatusStack, alloc/free experiment."""
    m1 = (p0_g1() +
          ev(GO_STATUS_STACK, 1, 2, NO_M, G_WAITING, 2) +
          ev(GO_CREATE_BLOCKED, 1, 3, 3, 1) +     # g3 waiting, seq 0
          ev(GO_SWITCH, 2, 3, 1) +                # g1 blocks, g3 runs
          ev(SPAN_ALLOC, 1, 0xc000000, 1, 12) +
          ev(HEAP_OBJECT_ALLOC, 1, 0xc000010, 7) +
          ev(GO_SWITCH, 2, 1, 1) +                # g3 blocks, g1 runs
          ev(HEAP_OBJECT_FREE, 1, 0xc000010) +
          ev(GOROUTINE_STACK_ALLOC, 1, 0xc100000, 2) +
          ev(GO_SWITCH_DESTROY, 2, 3, 2) +        # g1 exits, g3 runs
          ev(GOROUTINE_STACK_FREE, 1, 0xc100000) +
          ev(SPAN_FREE, 1, 0xc000000) +
          ev(GO_UNBLOCK2, 1, 2, 1, 0) +
          ev(GO_DESTROY, 1) +
          ev(GO_START2, 1, 2, 2) +
          ev(GO_DESTROY, 1) + ev(PROC_STOP2, 1))
    # An AllocFree experiment batch: opaque to readers.
    extra = exp_batch(1, 1, NO_M, 1000, b"\x01\x02\x90\x01\x08\x00\x00\x00")
    return v2_header(23) + generation(23, 1, [(1, [(1000, m1)])], extra=extra)


def gc_ranges(minor):
    """GC mark, stop-the-world, sweep and mark assist; in the first
    generation also ranges already active when the trace began."""
    m1 = (p0_g1() +
          ev(GO_STATUS, 1, 4, NO_M, G_WAITING) +
          ev(GC_ACTIVE, 1, 7) +                   # GC running before the trace
          ev(GC_SWEEP_ACTIVE, 1, 0) +
          ev(GC_ASSIST_ACTIVE, 1, 4) +             # g4 was assisting
          ev(GC_SWEEP_END, 3, 4096, 1024) +
          ev(STW_BEGIN, 2, S_STW_KIND, 1) +
          ev(GC_END, 3, 8) +
          ev(STW_END, 4) +
          ev(GC_SWEEP_BEGIN, 2, 1) +
          ev(GC_SWEEP_END, 9, 8192, 0) +
          ev(HEAP_GOAL, 1, 8 << 20) +
          ev(STW_BEGIN, 2, S_STW_KIND, 1) +
          ev(GC_BEGIN, 1, 9, 1) +
          ev(STW_END, 2) +
          ev(GO_UNBLOCK2, 1, 4, 1, 1) +
          ev(GO_STOP, 1, S_PREEMPTED, 1) +
          ev(GO_START2, 1, 4, 2) +
          ev(GC_ASSIST_END, 5) +
          ev(GC_ASSIST_BEGIN, 1, 2) +
          ev(GC_ASSIST_END, 7) +
          ev(STW_BEGIN, 1, S_STW_KIND, 2) +
          ev(GC_END, 1, 10) +
          ev(STW_END, 1) +
          ev(GO_DESTROY, 1))
    return v2_header(minor) + generation(minor, 1, [(1, [(1000, m1)])])


def syscalls(minor):
    """Syscalls: a fast one; one whose P another thread steals; one whose
    thread takes its own P back; a goroutine created in a syscall (cgo
    callback); and, on a thread the trace never saw run, a goroutine stuck
    in a syscall whose abandoned P is stolen (flight-recorder shape)."""
    m1 = (p0_g1() +
          ev(GO_STATUS, 1, 7, 9, G_SYSCALL) +     # g7 in a syscall on M9
          ev(PROC_STATUS, 1, 3, P_SYSCALL_ABANDONED) +
          ev(GO_SYSCALL_BEGIN, 2, 1, 1) + ev(GO_SYSCALL_END, 3) +
          ev(GO_SYSCALL_BEGIN, 2, 2, 2) +         # P0 seq 2; stolen by M2
          ev(GO_SYSCALL_END_BLOCKED, 40))         # waits for the steal
    m2 = (ev(PROC_STEAL, 10, 0, 3, 1) +           # takes P0 from M1
          ev(PROC_START2, 1, 0, 4) +
          ev(GO_START2, 30, 1, 1) +               # g1, after its syscall
          ev(GO_SYSCALL_BEGIN, 2, 5, 1) +
          ev(PROC_STEAL, 5, 0, 6, 2) +            # its own P back
          ev(GO_SYSCALL_END_BLOCKED, 2) +
          ev(PROC_STEAL, 1, 3, 1, 9))             # P3, abandoned by M9
    m9 = ev(GO_SYSCALL_END_BLOCKED, 80)           # g7 returns without a P
    m3 = ev(GO_CREATE_SYSCALL, 1, 20) + ev(GO_DESTROY_SYSCALL, 4)
    threads = [(1, [(1000, m1)]), (2, [(1010, m2)]), (9, [(1000, m9)]), (3, [(1200, m3)])]
    return v2_header(minor) + generation(minor, 1, threads)


def user_annotations(minor):
    m1 = (p0_g1() +
          ev(REGION_END, 1, 0, S_REGION, 1) +      # began before the trace
          ev(TASK_BEGIN, 1, 1, 0, S_TASK, 1) +
          ev(TASK_BEGIN, 1, 2, 1, S_TASK, 2) +
          ev(REGION_BEGIN, 1, 1, S_REGION, 1) +
          ev(USER_LOG2, 1, 1, S_LOG_KEY, S_LOG_VALUE, 2) +
          ev(REGION_BEGIN, 1, 2, S_REGION, 2) +
          ev(USER_LOG2, 1, 0, 0, S_LOG_VALUE, 0) +
          ev(REGION_END, 1, 2, S_REGION, 2) +
          ev(REGION_END, 1, 1, S_REGION, 1) +
          ev(TASK_END, 1, 2, 1) +
          ev(TASK_END, 1, 1, 1) +
          ev(TASK_END, 1, 99, 1) +                # began before the trace
          ev(GO_DESTROY, 1))
    return v2_header(minor) + generation(minor, 1, [(1, [(1000, m1)])])


def cpu_samples(minor):
    m1 = p0_g1() + ev(HEAP_ALLOC2, 10, 4096) + ev(GO_STOP, 20, S_PREEMPTED, 1)
    samples = [(1005, 1, 0, 1, 2), (1002, 1, 0, 1, 1), (1100, 2, NO_M, 0, 0),
               (900, 1, 0, 1, 3)]
    return v2_header(minor) + generation(minor, 1, [(1, [(1000, m1)])],
                                         extra=samples_batch(1, samples))


def several_batches(minor):
    """One thread's events split over several batches, interleaved with
    another thread's."""
    a = p0_g1() + ev(GO_CREATE2, 1, 2, 3, 1)
    b = ev(GO_STOP, 1, S_GOSCHED, 1) + ev(GO_START2, 1, 2, 1)
    c = ev(GO_DESTROY, 1) + ev(PROC_STOP2, 1)
    m2 = ev(PROC_STATUS, 1, 1, P_IDLE) + ev(PROC_START2, 1, 1, 1) + ev(GO_START2, 1, 1, 1)
    return v2_header(minor) + generation(
        minor, 1, [(1, [(1000, a), (1100, b), (1200, c)]), (2, [(1300, m2)])])


def v2_valid():
    seeds = {}
    seeds["1-22-sched"] = trace_1_22()
    seeds["1-22-multi-gen"] = trace_multi_gen(22)
    seeds["1-22-syscall-steal"] = syscalls(22)
    seeds["1-22-cpu-samples"] = cpu_samples(22)
    seeds["1-22-windows-frequency"] = v2_header(22) + generation(
        22, 1, sched_threads(), freq=2693536955)
    seeds["1-23-coroutines-allocfree"] = trace_1_23()
    seeds["1-23-gc-ranges"] = gc_ranges(23)
    seeds["1-23-several-batches"] = several_batches(23)
    seeds["1-23-user-annotations"] = user_annotations(23)
    seeds["1-25-sync-gc-ranges"] = gc_ranges(25)
    seeds["1-26-multi-gen"] = trace_multi_gen(26)
    seeds["1-26-syscall-steal"] = syscalls(26)
    # A flight-recorder snapshot: generations need not start at 1.
    fr = bytearray(v2_header(25))
    for gen in (41, 42):
        m1 = ev(PROC_STATUS, 1, 0, P_RUNNING) + ev(GO_STATUS, 1, 5, NO_M, G_RUNNING)
        m1 += ev(GO_STOP, 2, S_PREEMPTED, 3) + ev(GO_START2, 2, 5, 1)
        fr += generation(25, gen, [(4, [(100 * gen, m1)])], time=100 * gen)
    seeds["1-25-flight-recorder"] = bytes(fr)
    # A generation with no event batches (only sync and tables), then one
    # with a different frequency.
    empty = v2_header(25) + generation(25, 1, [], freq=1000000000)
    empty += generation(25, 2, [(1, [(5000, p0_g1() + ev(GO_DESTROY, 3))])],
                        time=5000, freq=500000000)
    seeds["1-25-empty-gen-freq-change"] = empty
    return seeds


def v2_broken(valid):
    """Truncated and corrupted variants."""
    seeds = {}
    h22, h23, h25, h26 = v2_header(22), v2_header(23), v2_header(25), v2_header(26)
    t = valid["1-22-sched"]
    seeds["trunc-in-batch-header"] = t[:19]
    seeds["trunc-in-event-batch"] = t[:len(t) // 2]
    mg = valid["1-22-multi-gen"]
    # Cut inside the third generation: two complete ones, one partial.
    seeds["trunc-multi-gen"] = mg[:len(mg) - 30]
    mg26 = valid["1-26-multi-gen"]
    seeds["1-26-no-end-marker"] = mg26[:-1]
    seeds["1-26-end-marker-first"] = h26 + bytes([END_OF_GENERATION]) + mg26[16:]
    gen1 = generation(22, 1, [(1, [(1000, p0_g1() + ev(GO_DESTROY, 1))])])
    seeds["gens-out-of-order"] = h22 + gen1 + generation(
        22, 3, [(1, [(3000, ev(PROC_STATUS, 1, 0, P_RUNNING))])], time=3000)
    seeds["batch-too-big"] = h22 + gen1 + bytes([V2_BATCH, 2, 1, 5]) + uvarint(65537) + b"\0" * 8
    seeds["no-frequency"] = h22 + batch(1, 1, 1000, p0_g1()) + stacks_batch(1) + strings_batch(1)
    seeds["1-25-sync-no-snapshot"] = (
        h25 + batch(1, NO_M, 1, bytes([SYNC]) + ev(V2_FREQUENCY, FREQ)) +
        batch(1, 1, 1000, p0_g1()) + stacks_batch(1) + strings_batch(1))
    seeds["1-22-coroutine-event"] = h22 + generation(
        22, 1, [(1, [(1000, p0_g1() + ev(GO_SWITCH, 1, 2, 1))])])
    seeds["varint-overflow"] = h22 + generation(
        22, 1, [(1, [(1000, p0_g1() + bytes([HEAP_ALLOC2, 1]) + b"\xff" * 10 + b"\x01")])])
    seeds["string-too-long"] = h22 + frequency_batch(1) + batch(1, 1, 1000, p0_g1()) + \
        strings_batch(1, {1: b"a", 2: b"x" * 1025})
    seeds["dup-string"] = h22 + frequency_batch(1) + batch(1, 1, 1000, p0_g1()) + \
        strings_batch(1) + strings_batch(1, {S_MAIN: b"again"})
    deep = {1: [(0x1000 + i, S_MAIN, S_FILE, i) for i in range(129)]}
    seeds["stack-129-frames"] = h22 + frequency_batch(1) + stacks_batch(1, deep) + strings_batch(1)
    seeds["sample-unknown-stack"] = h22 + generation(
        22, 1, [(1, [(1000, p0_g1())])], extra=samples_batch(1, [(1001, 1, 0, 1, 42)]))
    seeds["event-unknown-string"] = h22 + generation(
        22, 1, [(1, [(1000, p0_g1() + ev(GO_BLOCK, 1, 555, 1))])])
    # Nothing can advance: g2 is never unblocked.
    seeds["ordering-stuck"] = h22 + generation(22, 1, [(1, [(1000, p0_g1() + ev(
        GO_STATUS, 1, 2, NO_M, G_WAITING) + ev(GO_STOP, 1, S_GOSCHED, 1) +
        ev(GO_START2, 1, 2, 1))])])
    seeds["new-goroutine-status-gen-2"] = h22 + gen1 + generation(
        22, 2, [(1, [(3000, ev(PROC_STATUS, 1, 0, P_RUNNING) +
                      ev(GO_STATUS, 1, 8, NO_M, G_RUNNING))])], time=3000)
    seeds["region-mismatch"] = h23 + generation(23, 1, [(1, [(1000, p0_g1() + ev(
        REGION_BEGIN, 1, 1, S_REGION, 1) + ev(REGION_END, 1, 2, S_REGION, 1))])])
    # Extreme values: times near 2^63 ticks, a wall clock far in the
    # future, huge goroutine/P/thread ids. (The first two overflowed the
    # reader's time arithmetic; see the crash-* files next to them.)
    big = (1 << 63) - 5
    seeds["huge-times"] = h25 + generation(
        25, 1, [(1, [(big, p0_g1() + ev(HEAP_ALLOC2, big, 1))])], time=big,
        extra=samples_batch(1, [(NO_M, 1, 0, 1, 0)]))
    seeds["huge-ids"] = h22 + generation(22, 1, [(NO_M - 1, [(1000, ev(
        PROC_STATUS, 1, (1 << 62) + 3, P_RUNNING) + ev(GO_STATUS, 1, NO_M - 1, NO_M, G_RUNNING) +
        ev(GO_CREATE2, 1, 1 << 40, 0, 0) + ev(TASK_BEGIN, 1, NO_M, NO_M, S_TASK, 0))])])
    seeds["1-25-clock-far-future"] = h25 + batch(1, NO_M, NO_M, bytes([SYNC]) + ev(
        V2_FREQUENCY, 1) + ev(CLOCK_SNAPSHOT, NO_M, NO_M, NO_M, NO_M)) + \
        batch(1, 1, 1, p0_g1() + ev(GO_DESTROY, NO_M >> 8)) + stacks_batch(1) + strings_batch(1)
    return seeds


def v2_flips(valid, rng):
    seeds = {}
    for name in ("1-22-sched", "1-23-coroutines-allocfree", "1-25-sync-gc-ranges",
                 "1-26-syscall-steal"):
        seeds[name + "-flip-3"] = mutate(valid[name], rng, 3)
    return seeds


def v2_bodies(valid):
    """Headerless forms for v2_reader_fuzzer's header expansion."""
    selector = {22: 0, 23: 1, 25: 2, 26: 3}
    traces = {"1-22-multi-gen": valid["1-22-multi-gen"],
              "1-23-coroutines-allocfree": valid["1-23-coroutines-allocfree"],
              "1-25-cpu-samples": cpu_samples(25),
              "1-26-user-annotations": user_annotations(26)}
    seeds = {}
    for name, data in traces.items():
        seeds["body-" + name] = bytes([selector[int(name.split("-")[1])]]) + data[16:]
    return seeds


def v2_seeds(rng):
    valid = v2_valid()
    seeds = {"valid-" + k: v for k, v in valid.items()}
    seeds.update(v2_broken(valid))
    seeds.update(v2_flips(valid, rng))
    seeds.update(v2_bodies(valid))
    seeds["gzip-1-25"] = gzip.compress(valid["1-25-sync-gc-ranges"], mtime=0)
    seeds["header-only-1-26"] = v2_header(26)
    return seeds


def write_seeds(out, seeds):
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("seed-*"):
        old.unlink()
    for name, data in sorted(seeds.items()):
        assert len(data) < MAX_SEED, (name, len(data))
        (out / ("seed-" + name)).write_bytes(data)
    print("wrote %d seeds to %s" % (len(seeds), out))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "tests/fuzz/corpus/trace_v1"))
    ap.add_argument("--out-v2", default=str(ROOT / "tests/fuzz/corpus/trace_v2"))
    ap.add_argument("--only", choices=("v1", "v2"))
    args = ap.parse_args()
    if args.only != "v1":
        write_seeds(pathlib.Path(args.out_v2), v2_seeds(random.Random(20250101)))
    if args.only == "v2":
        return
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
    write_seeds(pathlib.Path(args.out), seeds)


if __name__ == "__main__":
    main()
