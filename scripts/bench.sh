#!/usr/bin/env bash
# The benchmark (issue 7): builds Release, runs the load harness on embedded Garnet and on a real
# redis-server (loopback only, bounded in count and time), then the BenchmarkDotNet micro-benchmarks.
# Writes artifacts/bench/results.md (harness table + micro-benchmark tables).
#
#   bash scripts/bench.sh            # full run (~10-15 min on 2 cores)
#   bash scripts/bench.sh --quick    # tiny sizes, proves every phase runs (~1 min)
#   bash scripts/bench.sh --filter '*Rollup*'   # BenchmarkDotNet filter for the micro part (default '*')
#   bash scripts/bench.sh --harness-only | --micro-only
#   bash scripts/bench.sh --harness-only --ingest-only --audit-compare   # ingest with and without the audit trail
#   bash scripts/bench.sh --harness-only --harness-args '--ingest 2000 --stores garnet'   # more harness options
#   bash scripts/bench.sh --help
set -euo pipefail
cd "$(dirname "$0")/.."
# The server's runtime settings (scripts/run.sh, Dockerfile): the harness hosts the server in its own process.
export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x2000000}"

quick=""; filter="*"; harness=1; micro=1; extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick="--quick" ;;
    --filter) filter="$2"; shift ;;
    --harness-only) micro=0 ;;
    --micro-only) harness=0 ;;
    --audit-compare|--ingest-only) extra+=("$1") ;;
    --harness-args) read -r -a more <<< "$2"; extra+=("${more[@]}"); shift ;;
    --help|-h) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

command -v redis-server >/dev/null || { echo "redis-server is needed (bash scripts/bootstrap.sh installs it)" >&2; exit 1; }
out=artifacts/bench
mkdir -p "$out"
dotnet build tests/Aggregator.Benchmarks -c Release --nologo -v q
bin=tests/Aggregator.Benchmarks/bin/Release/net10.0/Aggregator.Benchmarks.dll

{
  echo "# Benchmark results"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GB RAM;"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(dotnet --version) SDK; $(redis-server --version | cut -d' ' -f3)."
  echo
} > "$out/results.md"

status=0
if [[ $harness == 1 ]]; then
  dotnet "$bin" harness $quick "${extra[@]}" --out "$out/harness.md" || status=$?
  { echo "## Load harness"; echo; cat "$out/harness.md"; echo; } >> "$out/results.md"
fi
if [[ $micro == 1 ]]; then
  rm -rf "$out/micro"
  dotnet "$bin" micro $quick --artifacts "$out/micro" --filter "$filter" || status=$?
  echo "## Micro-benchmarks (BenchmarkDotNet)" >> "$out/results.md"
  for f in "$out"/micro/results/*-report-github.md; do
    [[ -f "$f" ]] && { echo; cat "$f"; } >> "$out/results.md"
  done
fi
echo
echo "results: $out/results.md"
exit $status
