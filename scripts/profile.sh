#!/usr/bin/env bash
# CPU profile of streamed ingest (issue 16): runs the harness's ingest phase (which also measures the
# floor) with one extra streamed round per store under `perf record -g` (this process and the
# redis-server child), then writes a flame graph per store and the stage-by-stage budget.
#
#   bash scripts/profile.sh                       # both stores, 10,000 reports per round
#   bash scripts/profile.sh --harness-args '--stores garnet --ingest 3000'
#
# Output: artifacts/profile/{garnet,redis-server}.svg, budget.md, harness.md. Needs perf (linux-perf,
# installed by scripts/bootstrap.sh) and permission to profile (perf_event_paranoid ≤ 1 or root).
set -euo pipefail
cd "$(dirname "$0")/.."
# The server's runtime settings (scripts/run.sh, Dockerfile): the harness hosts the server in its own process.
export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x2000000}"
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --harness-args) read -r -a more <<< "$2"; extra+=("${more[@]}"); shift ;;
    --help|-h) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done
command -v perf >/dev/null || { echo "perf is needed (bash scripts/bootstrap.sh installs linux-perf)" >&2; exit 1; }
out=artifacts/profile
rm -rf "$out"; mkdir -p "$out"
dotnet build tests/Aggregator.Benchmarks -c Release --nologo -v q
bin=tests/Aggregator.Benchmarks/bin/Release/net10.0/Aggregator.Benchmarks.dll
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" > "$out/budget.md"
# Perf maps so perf can name JIT-compiled .NET frames.
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 dotnet "$bin" harness --ingest-only --perf "$out" "${extra[@]}" --out "$out/harness.md"
for data in "$out"/*.perf.data; do
  store=$(basename "$data" .perf.data)
  per=$(cat "$out/$store.cpu")
  { echo; echo "## $store: profiled streamed round, $per µs CPU per submission"; echo; } >> "$out/budget.md"
  perf script -i "$data" 2>/dev/null | python3 scripts/flamegraph.py --svg "$out/$store.svg" --per "$per" \
    --title "Streamed ingest on $store: CPU of the server process (with client) and the store" >> "$out/budget.md"
done
cat "$out/budget.md"
