#!/usr/bin/env bash
# THE run command: the gRPC server on an embedded store with the sample 荆门市 registry.
# Data (signing key, embedded store) goes to ./data unless Aggregator__DataDirectory says otherwise.
set -euo pipefail
export Aggregator__DataDirectory="${Aggregator__DataDirectory:-$PWD/data}"
exec dotnet run --project "$(dirname "${BASH_SOURCE[0]}")/../src/Aggregator.Server" -c Release "$@"
