#!/usr/bin/env bash
# THE run command: the gRPC server on an embedded store with the sample 荆门市 registry.
# Data (signing key, embedded store) goes to ./data unless Aggregator__DataDirectory says otherwise.
set -euo pipefail
export Aggregator__DataDirectory="${Aggregator__DataDirectory:-$PWD/data}"
# A gen0 budget of 32 MB per GC heap, as in the Dockerfile (why: docs/OPERATIONS.md, "Memory and GC").
export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x2000000}"
exec dotnet run --project "$(dirname "${BASH_SOURCE[0]}")/../src/Aggregator.Server" -c Release "$@"
