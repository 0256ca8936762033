#!/usr/bin/env bash
# THE test command: bootstrap, buf lint, buf breaking, dotnet test over the whole solution.
# Its last line is always the summary `N passed, N failed[, N skipped]`,
# summed over every test assembly's TRX file; buf lint and buf breaking count as one test each.
# Exits non-zero when buf lint, the build or any test failed.
#
# Extra arguments go to `dotnet test`, e.g. scripts/test.sh --filter FullyQualifiedName~Deploy
set -uo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! bash scripts/bootstrap.sh; then
  echo "test.sh: bootstrap failed" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

# Tool locations for the tests (they fail, never skip, when one is missing).
# A value already set in the environment wins.
export AGGREGATOR_BUF="${AGGREGATOR_BUF:-$repo_root/.tools/node/node_modules/.bin/buf}"
export AGGREGATOR_HELM="${AGGREGATOR_HELM:-$repo_root/.tools/bin/helm}"
AGGREGATOR_REDIS_SERVER="${AGGREGATOR_REDIS_SERVER:-$(command -v redis-server || true)}"
AGGREGATOR_REDIS_CLI="${AGGREGATOR_REDIS_CLI:-$(command -v redis-cli || true)}"
AGGREGATOR_PROMETHEUS="${AGGREGATOR_PROMETHEUS:-$(command -v prometheus || true)}"
export AGGREGATOR_REDIS_SERVER AGGREGATOR_REDIS_CLI AGGREGATOR_PROMETHEUS

results_dir="$repo_root/artifacts/test-results"
rm -rf "$results_dir"
mkdir -p "$results_dir"

# --- buf lint (counted as one test) ------------------------------------------
buf_passed=0
buf_failed=0
echo "test.sh: buf lint"
if "$AGGREGATOR_BUF" lint; then
  buf_passed=1
  echo "test.sh: buf lint passed"
else
  buf_failed=1
  echo "test.sh: buf lint FAILED" >&2
fi

# --- buf breaking against the committed baseline image (counted as one test) ----
# buf.baseline.json is in the repository, so this works on a clean or shallow clone.
echo "test.sh: buf breaking --against buf.baseline.json"
if "$AGGREGATOR_BUF" breaking --against buf.baseline.json; then
  buf_passed=$((buf_passed + 1))
  echo "test.sh: buf breaking passed"
else
  buf_failed=$((buf_failed + 1))
  echo "test.sh: buf breaking FAILED" >&2
fi

# --- dotnet test ---------------------------------------------------------------
echo "test.sh: dotnet test Aggregator.sln -c Release"
console_log="$results_dir/dotnet-test.log"
dotnet test Aggregator.sln -c Release \
  --logger trx \
  --results-directory "$results_dir" \
  --blame-hang-timeout 5m \
  --blame-hang-dump-type none \
  "$@" 2>&1 | tee "$console_log"
dotnet_rc=${PIPESTATUS[0]}

# --- summary -------------------------------------------------------------------
summary="$(python3 - "$results_dir" "$buf_passed" "$buf_failed" "$dotnet_rc" "$console_log" <<'PY'
import glob, os, re, sys
import xml.etree.ElementTree as ET

results_dir, buf_passed, buf_failed, dotnet_rc, console_log = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
passed, failed, skipped = 0, 0, 0
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
files = sorted(glob.glob(os.path.join(results_dir, "**", "*.trx"), recursive=True))
for path in files:
    try:
        counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    except ET.ParseError as e:
        print(f"test.sh: unreadable TRX {path}: {e}", file=sys.stderr)
        failed += 1
        continue
    if counters is None:
        failed += 1
        continue
    c = lambda name: int(counters.get(name, "0"))
    passed += c("passed")
    failed += c("failed") + c("error") + c("timeout") + c("aborted")
    skipped += c("notExecuted")
    print(f"test.sh: {os.path.basename(path)}: passed {c('passed')}, failed {c('failed') + c('error') + c('timeout') + c('aborted')}, skipped {c('notExecuted')}", file=sys.stderr)
# Cross-check with the console's per-assembly lines
# ("Passed!  - Failed:     0, Passed:    45, Skipped:     0, Total: ..."): should a
# TRX file be missing, the console totals are the more complete ones.
console = [tuple(int(x) for x in m.groups()) for m in re.finditer(
    r"^\s*(?:Passed|Failed)!\s+-\s+Failed:\s+(\d+),\s+Passed:\s+(\d+),\s+Skipped:\s+(\d+)",
    open(console_log, encoding="utf-8", errors="replace").read() if os.path.exists(console_log) else "", re.M)]
if len(console) > len(files):
    print(f"test.sh: {len(files)} TRX files but {len(console)} test assemblies reported on the console; using the console totals", file=sys.stderr)
    failed, passed, skipped = (sum(x[i] for x in console) for i in range(3))
passed += buf_passed
failed += buf_failed
# A failed build, a crashed or hung test host (blame) or a test run with no
# result file still has to show up as a failure in the summary.
if dotnet_rc != 0 and failed == buf_failed:
    print(f"test.sh: dotnet test exited {dotnet_rc} without a failed test in the TRX files (build failure or aborted test host)", file=sys.stderr)
    failed += 1
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
PY
)"
python_rc=$?
if [[ "$python_rc" -ne 0 || -z "$summary" ]]; then
  summary="0 passed, 1 failed"
fi

if [[ "$buf_failed" -ne 0 || "$dotnet_rc" -ne 0 || "$python_rc" -ne 0 ]]; then
  rc=1
else
  rc=0
fi
echo "$summary"
exit "$rc"
