#!/usr/bin/env bash
# The soak with faults (issue 17; not part of CI): districts stream submissions (SubmitStream), city
# offices watch their rollups (WatchRollup), and a fault is injected every minute, then every
# acknowledged submission must be stored exactly once, every rollup must equal the sum of the stored
# reports, every audit trail must verify and hold every acknowledged write. Exit 1 on any loss or mismatch.
#
# Stores: embedded Garnet (one server process; fault: server kill -9 + restart on the same data) and
# redis-server (appendfsync always; two server replicas on it; faults in turn: every server kill -9,
# redis-server kill -9, redis-server SIGSTOP for 10 s, one replica kill -9 while the other serves).
# The stores run one after the other. Writes artifacts/soak/results.md (summary table, faults, RSS over time).
#
#   bash scripts/soak.sh                        # 30 minutes on each store (default)
#   bash scripts/soak.sh --minutes 10 --store redis
#   bash scripts/soak.sh --minutes 0.5 --fault-every 10 --districts-per-city 4   # a quick check of the driver
#   more: --fault-every S (60), --cities C (2), --districts-per-city D (24), --rate R per district (1.5/s),
#         --store garnet|redis|both (both), --out FILE, --no-build
set -euo pipefail
cd "$(dirname "$0")/.."
# The server's runtime settings (scripts/run.sh, Dockerfile): the harness hosts the server in its own process.
export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x2000000}"

build=1; out=artifacts/soak/results.md; args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-build) build=0 ;;
    --out) out="$2"; shift ;;
    --help|-h) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    --minutes|--store|--fault-every|--cities|--districts-per-city|--rate) args+=("$1" "$2"); shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

command -v redis-server >/dev/null || { echo "redis-server is needed (bash scripts/bootstrap.sh installs it)" >&2; exit 1; }
if [[ $build == 1 ]]; then
  dotnet build tests/Aggregator.Benchmarks -c Release --nologo -v q
fi
mkdir -p "$(dirname "$out")"
echo "soak: $(nproc) cores, load average at start $(cut -d' ' -f1-3 /proc/loadavg), $(redis-server --version | cut -d' ' -f3)"
exec dotnet tests/Aggregator.Benchmarks/bin/Release/net10.0/Aggregator.Benchmarks.dll soak "${args[@]}" --out "$out"
