#!/usr/bin/env bash
# Packages the `aggregator` CLI so district IT needs no .NET SDK:
#   artifacts/cli/Aggregator.Cli.<version>.nupkg   a .NET tool (command `aggregator`); needs the .NET 10 runtime:
#       dotnet tool install Aggregator.Cli --tool-path ~/.aggregator --add-source artifacts/cli
#   artifacts/cli/linux-x64/aggregator             self-contained single files: nothing to install,
#   artifacts/cli/win-x64/aggregator.exe            copy and run.
# Usage: scripts/package-cli.sh [runtime ...]   (default: linux-x64 win-x64)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

out="$repo_root/artifacts/cli"
project="src/Aggregator.Cli/Aggregator.Cli.csproj"
runtimes=("$@")
if [ ${#runtimes[@]} -eq 0 ]; then
  runtimes=(linux-x64 win-x64)
fi

mkdir -p "$out"
dotnet pack "$project" -c Release -o "$out"

for rid in "${runtimes[@]}"; do
  dotnet publish "$project" -c Release -r "$rid" --self-contained true \
    -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:EnableCompressionInSingleFile=true -p:DebugType=none \
    -o "$out/$rid"
done

echo "package-cli.sh: wrote"
ls -l "$out"/*.nupkg
for rid in "${runtimes[@]}"; do
  ls -l "$out/$rid"/aggregator*
done
