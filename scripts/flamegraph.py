#!/usr/bin/env python3
"""Flame graph (SVG) and a stage-by-stage CPU budget from `perf script` output (issue 16).

No dependencies beyond Python 3. Reads the text of `perf script` (stacks leaf first, as perf prints
them), folds identical stacks, writes an SVG flame graph (root at the bottom, width = samples, a
tooltip per frame) and prints a markdown table: the share of samples per stage of a submission.

  perf script -i perf.data | python3 scripts/flamegraph.py --svg docs/flame.svg --title "..." [--pid PID]

A sample's stage is decided by the first rule below that matches, looking at its frames from the
leaf towards the root (so GC and allocation count as their own stage, wherever they were called
from), except that a sample whose stack passes through the harness's client code counts as client.
"""
import argparse
import html
import re
import sys
from collections import Counter, defaultdict

CLIENT = re.compile(r"Aggregator\.Benchmarks|Grpc\.Net\.Client")
STAGES = [
    ("GC and allocation", re.compile(r"gc_heap|GCHeap|WKS::|SVR::|Alloc(ate)?[A-Z_]|JIT_New|memset|clear_page|RhpNew")),
    ("JIT / runtime stubs", re.compile(r"clrjit|\[JIT\]|PreStub|ThePreStub|TieredCompilation")),
    ("store: embedded Garnet (Lua, commands, AOF)", re.compile(r"Garnet|Tsavorite|KeraLua|liblua|lua_|luaV_|luaH_|luaS_|luaC_|luaD_")),
    ("store: redis-server", re.compile(r"redis-server")),
    ("store client (StackExchange.Redis)", re.compile(r"StackExchange\.Redis|Pipelines\.Sockets")),
    ("validation (RuleEngine)", re.compile(r"Aggregator\.Domain\.Rules|RuleEngine")),
    ("mapping proto ↔ domain", re.compile(r"ReportMapper|FindingMapper|Figures\+Builder|Aggregator\.Domain\.Mapping")),
    ("stored version: encode + compress", re.compile(r"BlobCodec|Brotli|Deflat|Inflat|ZLib|CompressionNative|libSystem\.IO\.Compression")),
    ("audit entry", re.compile(r"Aggregator\.Domain\.Audit|Utf8JsonWriter")),
    ("protobuf encode/decode", re.compile(r"Google\.Protobuf|CodedInputStream|CodedOutputStream|ParseContext|WriteContext")),
    ("telemetry (metrics, activities, logging)", re.compile(r"System\.Diagnostics\.Metrics|System\.Diagnostics\.Activity|OpenTelemetry|Aggregator\.Server\.Telemetry|Microsoft\.Extensions\.Logging")),
    ("auth and interceptors", re.compile(r"Interceptor|Aggregator\.Server\.Auth|Microsoft\.IdentityModel|JwtSecurity|Authentication|Authorization")),
    ("store write path (group commit, prepare)", re.compile(r"Aggregator\.Storage\.Redis")),
    ("submission service", re.compile(r"Aggregator\.Server\.Services")),
    ("gRPC / HTTP/2 / Kestrel transport", re.compile(r"Grpc\.AspNetCore|Grpc\.Core|Kestrel|Http2|System\.Net\.|System\.IO\.Pipelines|Microsoft\.AspNetCore")),
    ("kernel: network and I/O", re.compile(r"tcp_|ip_|sock_|__sys_|do_syscall|entry_SYSCALL|ext4|jbd2|fsync|vfs_|futex|epoll|schedule|\[kernel")),
    ("thread pool and tasks", re.compile(r"ThreadPool|PortableThreadPool|LowLevelLifoSemaphore|System\.Threading\.Tasks|AsyncTaskMethodBuilder|ExecutionContext|System\.Threading\.Channels")),
]


def read_samples(stream, pid):
    stacks = Counter()
    frames, keep = [], True
    for line in stream:
        line = line.rstrip("\n")
        if not line.strip():
            if len(frames) > 1 and keep:
                stacks[(frames[0],) + tuple(reversed(frames[1:]))] += 1
            frames, keep = [], True
            continue
        if not line.startswith(("\t", " ")):
            m = re.match(r"^(.*?)\s+(\d+)(?:/\d+)?\s", line)
            keep = pid is None or (m is not None and m.group(2) == str(pid))
            # The thread's name as the root frame: JIT, GC and the redis-server process are told by it.
            frames = ["thread: " + (m.group(1).strip() if m else "?")]
            continue
        m = re.match(r"\s*[0-9a-f]+\s+(.*?)\s+\(([^)]*)\)\s*$", line)
        if m and frames:
            sym, dso = m.group(1), m.group(2)
            if sym == "[unknown]":
                sym = "[" + dso.rsplit("/", 1)[-1] + "]"
            sym = re.sub(r"\+0x[0-9a-f]+$", "", sym)
            sym = re.sub(r"\[(Optimized|OptimizedTier1|Tier0|Tier1|QuickJitted|PreJIT|Instrumented)[^\]]*\]", "", sym).strip()
            frames.append(sym or "[unknown]")
    if len(frames) > 1 and keep:
        stacks[(frames[0],) + tuple(reversed(frames[1:]))] += 1
    return stacks


THREADS = [
    ("JIT / runtime stubs", re.compile(r"Tiered Com|\.NET JIT")),
    ("GC and allocation", re.compile(r"GC|BGC")),
    ("store: redis-server", re.compile(r"redis-server|bio_|io_thd")),
]


def stage_of(stack):
    for name, rule in THREADS:
        if rule.search(stack[0]):
            return name
    if any(CLIENT.search(f) for f in stack):
        return "harness client (load generator, same process)"
    for frame in reversed(stack):
        for name, rule in STAGES:
            if rule.search(frame):
                return name
    return "other"


def svg(stacks, title, path):
    total = sum(stacks.values())
    root = {"n": 0, "c": {}}
    for stack, count in stacks.items():
        node = root
        node["n"] += count
        for f in stack:
            node = node["c"].setdefault(f, {"n": 0, "c": {}})
            node["n"] += count
    width, row = 1600, 16
    rects = []
    depth_max = [0]

    def walk(node, name, x, depth):
        w = node["n"] / total * (width - 20)
        if w < 0.3:
            return
        depth_max[0] = max(depth_max[0], depth)
        rects.append((x, depth, w, name, node["n"]))
        cx = x
        for child_name, child in sorted(node["c"].items()):
            walk(child, child_name, cx, depth + 1)
            cx += child["n"] / total * (width - 20)

    walk(root, "all", 10, 0)
    height = (depth_max[0] + 3) * row + 40
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="monospace" font-size="11">',
           f'<rect width="100%" height="100%" fill="#fdfdf8"/><text x="10" y="20" font-size="14">{html.escape(title)} ({total} samples)</text>']
    for x, depth, w, name, n in rects:
        y = height - (depth + 1) * row - 10
        hue = (hash(name.split("::")[0].split(".")[0]) % 60) + 10
        label = html.escape(name)
        pct = 100.0 * n / total
        out.append(f'<g><title>{label} — {n} samples ({pct:.2f} %)</title><rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row - 1}" fill="hsl({hue},85%,60%)"/>')
        chars = int(w / 6.6)
        if chars >= 4:
            text = name if len(name) <= chars else name[: chars - 2] + ".."
            out.append(f'<text x="{x + 2:.1f}" y="{y + row - 4}">{html.escape(text)}</text>')
        out.append("</g>")
    out.append("</svg>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--svg", required=True)
    p.add_argument("--title", default="CPU flame graph")
    p.add_argument("--pid", type=int)
    p.add_argument("--per", type=float, help="CPU µs per submission over the profiled window: the table then shows µs per stage too")
    a = p.parse_args()
    stacks = read_samples(sys.stdin, a.pid)
    if not stacks:
        sys.exit("no samples")
    svg(stacks, a.title, a.svg)
    total = sum(stacks.values())
    by_stage = defaultdict(int)
    for stack, count in stacks.items():
        by_stage[stage_of(stack)] += count
    print(f"| stage (from the profile) | share of samples |{' µs per submission |' if a.per else ''}")
    print(f"|---|---|{'---|' if a.per else ''}")
    for name, count in sorted(by_stage.items(), key=lambda kv: -kv[1]):
        share = count / total
        extra = f" {share * a.per:.1f} |" if a.per else ""
        print(f"| {name} | {100 * share:.1f} % |{extra}")
    print(f"\n{total} samples")


if __name__ == "__main__":
    main()
